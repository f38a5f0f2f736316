package workshop_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/api"
	"github.com/pitstop-dev/pitstop/api/workshop"
	"github.com/pitstop-dev/pitstop/internal/auth"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/inspectphotos"
	"github.com/pitstop-dev/pitstop/internal/inspectvideos"
	"github.com/pitstop-dev/pitstop/internal/onboard"
)

// mediaFix is an appointment of location A with a check of the mechanic
// (question q answered) and one of a second mechanic, and an appointment
// of another location of the same dealer with a check of its own.
type mediaFix struct {
	*fixture
	srv                  *httptest.Server
	mech, mech2          string
	ap, check, check2, q int
	otherAp, otherCheck  int
	otherQ               int
}

func newMediaFix(t *testing.T, edit func(*api.Deps)) *mediaFix {
	ctx := context.Background()
	f := &mediaFix{fixture: newFixtureWith(t, edit)}
	f.srv = httptest.NewServer(f.router)
	t.Cleanup(f.srv.Close)
	db := f.db.Client
	str := func(s string) *string { return &s }
	role := enums.RoleIDMechanic
	u2, err := onboard.SaveUser(ctx, db, 0, onboard.UserInput{Email: str("mech2@a.example"), RoleID: &role,
		Password: str("a good long password"), DealerID: &f.dealerA, LocationIDs: []int{f.locA}})
	require.NoError(t, err)
	f.mech = f.token(enums.RoleIDMechanic)
	f.mech2, err = f.iss.MintFor(auth.Subject{UserID: u2.ID, DealerID: f.dealerA, LocationIDs: []int{f.locA}, RoleID: role}, time.Hour, time.Now())
	require.NoError(t, err)
	locB := db.DealerLocation.Create().SetDealerID(f.dealerA).SetName("Other").SaveX(ctx)
	cl := db.Checklist.Create().SetDealerID(f.dealerA).SetName("MPI").SaveX(ctx)
	q := db.ChecklistQuestion.Create().SetChecklistID(cl.ID).SetTitle("Brakes").SaveX(ctx)
	q2 := db.ChecklistQuestion.Create().SetChecklistID(cl.ID).SetTitle("Wipers").SaveX(ctx)
	mkAp := func(loc int) int {
		cu := db.Customer.Create().SetDealerLocationID(loc).SaveX(ctx)
		car := db.Car.Create().SetDealerLocationID(loc).SaveX(ctx)
		ap := db.Appointment.Create().SetDealerLocationID(loc).SetCar(car).SetCustomerDriver(cu).SetCustomerOwner(cu).
			SetTimeCarApp(time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)).SaveX(ctx)
		db.CustomerCommunication.Create().SetAppointment(ap).SetDealerLocationID(loc).SetCustomerID(cu.ID).SetCarID(car.ID).
			SetCustomerKeyHash(uuid.NewString()).SetCustomerKeySalt("c").SetReceptionistKeyHash(uuid.NewString()).SetReceptionistKeySalt("r").ExecX(ctx)
		return ap.ID
	}
	mkCheck := func(ap, loc, mechanic int, key string, qid int) int {
		c := db.Check.Create().SetAppointmentID(ap).SetDealerLocationID(loc).SetChecklistID(cl.ID).SetMechanicID(mechanic).
			SetStartKey(key).SetStartedAt(time.Now()).SaveX(ctx)
		db.QuestionResult.Create().SetCheckID(c.ID).SetQuestionID(qid).SetAppointmentID(ap).SetStatus(3).SetCompleted(true).ExecX(ctx)
		return c.ID
	}
	f.ap, f.otherAp = mkAp(f.locA), mkAp(locB.ID)
	f.check = mkCheck(f.ap, f.locA, f.users[enums.RoleIDMechanic], "k1", q.ID)
	f.check2 = mkCheck(f.ap, f.locA, u2.ID, "k2", q.ID)
	f.otherCheck = mkCheck(f.otherAp, locB.ID, f.users[enums.RoleIDMechanic], "k3", q2.ID)
	f.q, f.otherQ = q.ID, q2.ID
	return f
}

type reply struct {
	code int
	body []byte
	err  error
}

func (r reply) errors() []string {
	var e struct{ Errors []string }
	_ = json.Unmarshal(r.body, &e)
	return e.Errors
}

// upload posts a video (kind "videos") or photo ("photos") form whose file
// is read from file, from any goroutine.
func (f *mediaFix) upload(kind, token string, ap, check, question int, uploadID string, file io.Reader) reply {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		err := mw.WriteField("question_id", fmt.Sprint(question))
		if err == nil {
			err = mw.WriteField("upload_id", uploadID)
		}
		var fw io.Writer
		if err == nil {
			fw, err = mw.CreateFormFile("file", "clip.mp4")
		}
		if err == nil {
			_, err = io.Copy(fw, file)
		}
		if err == nil {
			err = mw.Close()
		}
		pw.CloseWithError(err)
	}()
	req, err := http.NewRequest("POST", fmt.Sprintf("%s/v1/workshop/appointments/%d/checks/%d/%s", f.srv.URL, ap, check, kind), pr)
	if err != nil {
		return reply{err: err}
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := (&http.Client{Timeout: 20 * time.Second}).Do(req)
	if err != nil {
		return reply{err: err}
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return reply{code: res.StatusCode, body: b, err: err}
}

func (f *mediaFix) videos() int { return f.db.QuestionResultVideo.Query().CountX(context.Background()) }
func (f *mediaFix) files() int  { return f.db.UploadedFile.Query().CountX(context.Background()) }

// mp4 is a small MP4 of 10 seconds, n bytes.
func mp4(n int) []byte { return mp4Of(n, 10000) }

// mp4Of is an MP4 of n bytes: an ftyp box, the movie box with its header
// (mvhd version 0: ms milliseconds), then the media data (mdat).
func mp4Of(n int, ms uint32) []byte {
	b := append([]byte{0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0}, "isomavc1"...)
	b = append(b, 0, 0, 0, 8+8+100, 'm', 'o', 'o', 'v', 0, 0, 0, 8+100, 'm', 'v', 'h', 'd')
	b = append(b, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0x03, 0xE8) // version 0, flags, created, modified, timescale 1000
	b = binary.BigEndian.AppendUint32(b, ms)
	b = append(b, make([]byte, 80)...)
	b = append(binary.BigEndian.AppendUint32(b, uint32(n-len(b))), "mdat"...)
	return append(b, make([]byte, n-len(b))...)
}

// Videos over HTTP: stored and read back with the check; every kind of
// bad input answers a clear error and stores nothing.
func TestVideoUploadsAndRefusals(t *testing.T) {
	f := newMediaFix(t, func(d *api.Deps) { d.WorkshopMedia.VideoMaxBytes = 1 << 20 })
	r := f.upload("videos", f.mech, f.ap, f.check, f.q, "v1", bytes.NewReader(mp4(300<<10)))
	require.NoError(t, r.err)
	require.Equal(t, http.StatusOK, r.code, "%s", r.body)
	var v inspectvideos.Video
	require.NoError(t, json.Unmarshal(r.body, &v), "%s", r.body)
	assert.Equal(t, "video/mp4", v.ContentType)
	assert.Equal(t, int64(300<<10), v.Size)
	var read workshop.Check
	code, body := f.call("GET", fmt.Sprintf("/v1/workshop/appointments/%d/checks/%d", f.ap, f.check), f.mech, nil, &read)
	require.Equal(t, http.StatusOK, code, "%s", body)
	require.Len(t, read.QuestionResults, 1)
	require.Equal(t, []workshop.Video{{ID: v.ID, FileID: v.FileID, Size: v.Size}}, read.QuestionResults[0].Videos)

	videos, files := f.videos(), f.files()
	jpeg := append([]byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0}, make([]byte, 2000)...)
	for name, tc := range map[string]struct {
		token                string
		ap, check, question  int
		file                 []byte
		wantCode             int
		wantError            string
		wantErrorContainsAny bool
	}{
		"not a video (a JPEG named .mp4)": {f.mech, f.ap, f.check, f.q, jpeg, 200, string(inspectvideos.ErrNotVideo), false},
		"too large":                       {f.mech, f.ap, f.check, f.q, mp4(1<<20 + 1), 200, "file: a video is at most 1 MB", false},
		"too long":                        {f.mech, f.ap, f.check, f.q, mp4Of(5000, 61000), 200, "file: a video is at most 60 seconds long; this one is 61.0 seconds", false},
		"no duration to read (cut short)": {f.mech, f.ap, f.check, f.q, mp4(5000)[:70], 200, string(inspectvideos.ErrUnmeasured), false},
		"a result of another check":       {f.mech, f.ap, f.check, f.otherQ, mp4(1000), 200, string(inspectphotos.ErrNoResult), false},
		"another mechanic's check":        {f.mech, f.ap, f.check2, f.q, mp4(1000), 200, "this check belongs to mechanic", true},
		"a check of another appointment":  {f.mech, f.ap, f.otherCheck, f.otherQ, mp4(1000), 200, string(inspectphotos.ErrNoCheck), false},
		"another location's appointment":  {f.mech, f.otherAp, f.otherCheck, f.otherQ, mp4(1000), 404, "appointment not found", true},
	} {
		r := f.upload("videos", tc.token, tc.ap, tc.check, tc.question, "bad", bytes.NewReader(tc.file))
		require.NoError(t, r.err, name)
		require.Equal(t, tc.wantCode, r.code, "%s: %s", name, r.body)
		errs := r.errors()
		require.Len(t, errs, 1, "%s: %s", name, r.body)
		if tc.wantErrorContainsAny {
			assert.Contains(t, errs[0], tc.wantError, name)
		} else {
			assert.Equal(t, tc.wantError, errs[0], name)
		}
	}
	require.Equal(t, videos, f.videos(), "nothing refused was stored")
	require.Equal(t, files, f.files(), "no file of a refused video is left")

	// A finished check takes no more.
	f.db.Check.UpdateOneID(f.check).SetFinishedAt(time.Now()).ExecX(context.Background())
	r = f.upload("videos", f.mech, f.ap, f.check, f.q, "late", bytes.NewReader(mp4(1000)))
	require.Equal(t, http.StatusOK, r.code)
	require.Equal(t, []string{string(inspectphotos.ErrFinished)}, r.errors())
	require.Equal(t, videos, f.videos())
}

// stalled is a file that sends head, then waits for resume before the rest.
type stalled struct {
	head, rest []byte
	resume     chan struct{}
}

func (s *stalled) Read(p []byte) (int, error) {
	if len(s.head) > 0 {
		n := copy(p, s.head)
		s.head = s.head[n:]
		return n, nil
	}
	<-s.resume
	if len(s.rest) == 0 {
		return 0, io.EOF
	}
	n := copy(p, s.rest)
	s.rest = s.rest[n:]
	return n, nil
}

// A phone on a bad network retrying many uploads at once holds at most
// UploadsPerMechanic of the server's uploads: with both of the mechanic's
// slots held by stalled videos, the mechanic's next photo or video is
// refused at once with a 429 in the error format, storing nothing, while
// another mechanic uploads as usual; once the stalled ones finish, the
// mechanic uploads again.
func TestUploadsPerMechanicAreBounded(t *testing.T) {
	f := newMediaFix(t, func(d *api.Deps) { d.WorkshopMedia.UploadsPerMechanic = 2 })
	resume := make(chan struct{})
	slow := make(chan reply, 2)
	for i := range 2 {
		clip := mp4(600 << 10)
		go func() {
			slow <- f.upload("videos", f.mech, f.ap, f.check, f.q, fmt.Sprintf("slow-%d", i),
				&stalled{head: clip[:64<<10], rest: clip[64<<10:], resume: resume})
		}()
	}
	// Both slots are taken once a probe (an empty body, which a free slot
	// would answer with a validation error) gets 429.
	probe := func() reply {
		req, _ := http.NewRequest("POST", fmt.Sprintf("%s/v1/workshop/appointments/%d/checks/%d/videos", f.srv.URL, f.ap, f.check), nil)
		req.Header.Set("Authorization", "Bearer "+f.mech)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			return reply{err: err}
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return reply{code: res.StatusCode, body: b}
	}
	require.Eventually(t, func() bool { return probe().code == http.StatusTooManyRequests }, 10*time.Second, 20*time.Millisecond,
		"the two stalled uploads hold the mechanic's two slots")

	videos, files := f.videos(), f.files()
	for _, kind := range []string{"videos", "photos"} {
		start := time.Now()
		r := f.upload(kind, f.mech, f.ap, f.check, f.q, "third-"+kind, bytes.NewReader(mp4(1000)))
		require.NoError(t, r.err)
		require.Equal(t, http.StatusTooManyRequests, r.code, "%s: %s", kind, r.body)
		require.Equal(t, []string{"too many uploads at once: a mechanic uploads at most 2 photos or videos at a time; wait for one to finish, then retry"}, r.errors())
		require.Less(t, time.Since(start), 5*time.Second, "refused at once, not queued")
	}
	require.Equal(t, videos, f.videos())
	require.Equal(t, files, f.files())

	r := f.upload("videos", f.mech2, f.ap, f.check2, f.q, "other-mechanic", bytes.NewReader(mp4(1000)))
	require.NoError(t, r.err)
	require.Equal(t, http.StatusOK, r.code)
	require.NotContains(t, string(r.body), `"errors"`, "another mechanic is not held up")

	close(resume)
	for range 2 {
		r := <-slow
		require.NoError(t, r.err)
		require.Equal(t, http.StatusOK, r.code, "%s", r.body)
		require.False(t, strings.Contains(string(r.body), `"errors"`), "%s", r.body)
	}
	r = f.upload("videos", f.mech, f.ap, f.check, f.q, "after", bytes.NewReader(mp4(1000)))
	require.Equal(t, http.StatusOK, r.code)
	require.NotContains(t, string(r.body), `"errors"`, "the slots are free again")
	require.Equal(t, videos+4, f.videos())
}
