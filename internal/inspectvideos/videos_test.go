package inspectvideos_test

import (
	"bytes"
	"context"
	"io"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/ent/customercommunication"
	"github.com/pitstop-dev/pitstop/ent/uploadedfile"
	"github.com/pitstop-dev/pitstop/internal/files"
	"github.com/pitstop-dev/pitstop/internal/inspectphotos"
	"github.com/pitstop-dev/pitstop/internal/inspectvideos"
	"github.com/pitstop-dev/pitstop/internal/store"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
)

// mp4 is a phone's MP4 of 10 seconds: an ftyp box (brand, with its
// compatible brands), the movie box, then the media data, n bytes in all.
func mp4(brand string, n int) []byte { return mp4Of(brand, n, 10000) }

// mp4Of is mp4 of ms milliseconds.
func mp4Of(brand string, n int, ms uint32) []byte {
	b := append(ftyp(brand), box("moov", mvhd0(1000, ms), trak())...)
	return append(b, box("mdat", make([]byte, max(0, n-len(b)-8)))...)
}

// webm is an EBML header with DocType doc, then a 5-second segment.
func webm(doc string) []byte {
	b := ebml(0x1A45DFA3, false, ebml(0x4286, false, []byte{1}), ebml(0x4282, false, []byte(doc)))
	return append(b, ebml(0x18538067, true, ebml(0x1549A966, false, f64(5000)), cluster(0, simpleBlock(0, 200)))...)
}

func TestSniff(t *testing.T) {
	for name, tc := range map[string]struct {
		head []byte
		want string
	}{
		"mp4 (isom)":        {mp4("isom", 600), "video/mp4"},
		"mp4 (mp42)":        {mp4("mp42", 600), "video/mp4"},
		"iPhone .mov":       {mp4("qt  ", 600), "video/quicktime"},
		"webm":              {webm("webm"), "video/webm"},
		"HEIC photo":        {mp4("heic", 600), ""},
		"AVIF picture":      {mp4("avif", 600), ""},
		"M4A audio":         {mp4("M4A ", 600), ""},
		"other matroska":    {webm("matroska"), ""},
		"ftyp of no size":   {append([]byte{0, 0, 0, 0}, mp4("isom", 600)[4:]...), ""},
		"JPEG":              {[]byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0}, ""},
		"text":              {[]byte("ftyp isom, I promise"), ""},
		"EBML cut short":    {[]byte{0x1A, 0x45, 0xDF, 0xA3}, ""},
		"too short for box": {[]byte("\x00\x00\x00\x20ftypisom"), ""},
	} {
		assert.Equal(t, tc.want, inspectvideos.Sniff(tc.head), name)
	}
}

type fix struct {
	db                *store.DB
	ap, otherAp       int
	check, otherCheck int
	qid, onlyOther    int
}

// fixture: an appointment with a check of mechanic 60 (question qid
// answered), a second check of the same appointment by the same mechanic
// in which only onlyOther is answered, and another appointment.
func fixture(t *testing.T) fix { return fixtureOn(t, storetest.New) }

func fixtureOn(t *testing.T, open func(testing.TB) *store.DB) fix {
	ctx := context.Background()
	sdb := open(t)
	db := sdb.Client
	d := db.Dealer.Create().SetName("V").SaveX(ctx)
	l := db.DealerLocation.Create().SetDealer(d).SetName("Z").SaveX(ctx)
	cu := db.Customer.Create().SetLocation(l).SaveX(ctx)
	car := db.Car.Create().SetLocation(l).SaveX(ctx)
	mkAp := func() int {
		ap := db.Appointment.Create().SetLocation(l).SetCar(car).SetCustomerDriver(cu).SetCustomerOwner(cu).
			SetTimeCarApp(time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)).SaveX(ctx)
		db.CustomerCommunication.Create().SetAppointment(ap).SetDealerLocationID(l.ID).SetCustomerID(cu.ID).SetCarID(car.ID).
			SetCustomerKeyHash(uuid.NewString()).SetCustomerKeySalt("c").SetReceptionistKeyHash(uuid.NewString()).SetReceptionistKeySalt("r").ExecX(ctx)
		return ap.ID
	}
	ap, other := mkAp(), mkAp()
	cl := db.Checklist.Create().SetDealerID(d.ID).SetName("MPI").SaveX(ctx)
	q := db.ChecklistQuestion.Create().SetChecklistID(cl.ID).SetTitle("Brakes").SaveX(ctx)
	q2 := db.ChecklistQuestion.Create().SetChecklistID(cl.ID).SetTitle("Wipers").SaveX(ctx)
	mkCheck := func(key string, qid int) int {
		c := db.Check.Create().SetAppointmentID(ap).SetDealerLocationID(l.ID).SetChecklistID(cl.ID).SetMechanicID(60).
			SetStartKey(key).SetStartedAt(time.Now()).SaveX(ctx)
		db.QuestionResult.Create().SetCheckID(c.ID).SetQuestionID(qid).SetAppointmentID(ap).SetStatus(3).SetCompleted(true).ExecX(ctx)
		return c.ID
	}
	return fix{db: sdb, ap: ap, otherAp: other, check: mkCheck("k1", q.ID), otherCheck: mkCheck("k2", q2.ID), qid: q.ID, onlyOther: q2.ID}
}

func (f fix) counts(t *testing.T) [3]int {
	ctx := context.Background()
	return [3]int{f.db.UploadedFile.Query().CountX(ctx), f.db.UploadedFileChunk.Query().CountX(ctx), f.db.QuestionResultVideo.Query().CountX(ctx)}
}

func TestSaveAndRefusals(t *testing.T) {
	for name, open := range map[string]func(testing.TB) *store.DB{"postgres": storetest.New, "sqlite": storetest.NewSQLite} {
		t.Run(name, func(t *testing.T) { saveAndRefusals(t, fixtureOn(t, open)) })
	}
}

func saveAndRefusals(t *testing.T, f fix) {
	ctx := context.Background()
	lim := inspectvideos.Limits{MaxBytes: 1 << 20, CheckBytes: 2<<20 + 100}
	in := inspectphotos.Input{AppointmentID: f.ap, CheckID: f.check, QuestionID: f.qid, MechanicID: 60, UploadKey: "v1", Name: "brakes.mov"}
	clip := mp4("qt  ", 700<<10) // 700 KB: three chunks
	v, err := inspectvideos.Save(ctx, f.db, in, bytes.NewReader(clip), lim)
	require.NoError(t, err)
	assert.Equal(t, "video/quicktime", v.ContentType)
	assert.Equal(t, int64(len(clip)), v.Size)
	stored, err := io.ReadAll(files.Open(ctx, f.db.Client, uuid.MustParse(v.FileID)))
	require.NoError(t, err)
	assert.Equal(t, clip, stored)
	again, err := inspectvideos.Save(ctx, f.db, in, bytes.NewReader(clip), lim)
	require.NoError(t, err)
	assert.Equal(t, v, again, "a retried upload is stored once")

	before := f.counts(t)
	refused := func(want string, edit func(*inspectphotos.Input), body []byte) {
		t.Helper()
		i := in
		i.UploadKey = "v2"
		if edit != nil {
			edit(&i)
		}
		_, err := inspectvideos.Save(ctx, f.db, i, bytes.NewReader(body), lim)
		var r inspectphotos.Refusal
		require.ErrorAs(t, err, &r)
		assert.Equal(t, want, string(r))
		assert.Equal(t, before, f.counts(t), "nothing of a refused video is stored (%s)", want)
	}
	jpeg := append([]byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0}, make([]byte, 4000)...)
	refused(string(inspectvideos.ErrNotVideo), func(i *inspectphotos.Input) { i.Name = "not-really.mp4" }, jpeg)
	refused(string(inspectvideos.ErrNotVideo), nil, mp4("heic", 5000))
	refused(string(inspectvideos.ErrEmpty), nil, nil)
	refused("file: a video is at most 60 seconds long; this one is 75.5 seconds", nil, mp4Of("isom", 5000, 75500))
	refused("file: a video is at most 60 seconds long; this one is 61.0 seconds", nil, webmFile(f64(1000), cluster(61000, simpleBlock(0, 10))))
	refused(string(inspectvideos.ErrUnmeasured), nil, append(ftyp("isom"), box("mdat", make([]byte, 5000))...))
	refused(string(inspectvideos.ErrUnmeasured), nil, mp4("isom", 5000)[:4000])
	refused(string(inspectvideos.ErrUnmeasured), nil, webm("webm")[:100])
	refused("file: a video is at most 1 MB", nil, mp4("isom", 1<<20+1))
	refused(string(inspectphotos.ErrNoCheck), func(i *inspectphotos.Input) { i.AppointmentID = f.otherAp }, clip)
	refused(string(inspectphotos.ErrNoResult), func(i *inspectphotos.Input) { i.QuestionID = f.onlyOther }, clip)
	refused("check_id: this check belongs to mechanic 60 until it is finished", func(i *inspectphotos.Input) { i.MechanicID = 61 }, clip)

	// The check's byte cap: 700 KB stored, another 1 MB fits, a third does not.
	i3 := in
	i3.UploadKey = "v3"
	_, err = inspectvideos.Save(ctx, f.db, i3, bytes.NewReader(mp4("isom", 1<<20)), lim)
	require.NoError(t, err)
	before = f.counts(t)
	refused("file: the videos of one check are at most 2097252 bytes together", nil, mp4("isom", 400<<10))
	// Another check of the same appointment has its own bytes.
	other := inspectphotos.Input{AppointmentID: f.ap, CheckID: f.otherCheck, QuestionID: f.onlyOther, MechanicID: 60, UploadKey: "v1", Name: "w.webm"}
	w, err := inspectvideos.Save(ctx, f.db, other, bytes.NewReader(webm("webm")), lim)
	require.NoError(t, err)
	assert.Equal(t, "video/webm", w.ContentType)

	before = f.counts(t)
	f.db.Check.UpdateOneID(f.check).SetFinishedAt(time.Now()).ExecX(ctx)
	refused(string(inspectphotos.ErrFinished), nil, clip)
}

// A check finished while a video was still uploading takes nothing: the
// check is read again, locked, once the bytes are in.
func TestFinishedDuringUpload(t *testing.T) {
	f := fixture(t)
	ctx := context.Background()
	before := f.counts(t)
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		in := inspectphotos.Input{AppointmentID: f.ap, CheckID: f.check, QuestionID: f.qid, MechanicID: 60, UploadKey: "slow", Name: "s.mp4"}
		_, err := inspectvideos.Save(ctx, f.db, in, pr, inspectvideos.Limits{})
		done <- err
	}()
	clip := mp4("isom", 600<<10)
	_, err := pw.Write(clip[:300<<10])
	require.NoError(t, err)
	f.db.Check.UpdateOneID(f.check).SetFinishedAt(time.Now()).ExecX(ctx)
	_, err = pw.Write(clip[300<<10:])
	require.NoError(t, err)
	require.NoError(t, pw.Close())
	require.ErrorIs(t, <-done, inspectphotos.ErrFinished)
	assert.Equal(t, before, f.counts(t))
}

// A mechanic's videos and photos are files of the appointment's
// communication, but never use up the customer's attachments.
func TestMechanicMediaLeaveTheCustomersAttachments(t *testing.T) {
	f := fixture(t)
	ctx := context.Background()
	for _, key := range []string{"a", "b"} {
		in := inspectphotos.Input{AppointmentID: f.ap, CheckID: f.check, QuestionID: f.qid, MechanicID: 60, UploadKey: key, Name: "v.mp4"}
		_, err := inspectvideos.Save(ctx, f.db, in, bytes.NewReader(mp4("isom", 2000)), inspectvideos.Limits{})
		require.NoError(t, err)
	}
	png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 100)...)
	_, err := inspectphotos.Save(ctx, f.db.Client, inspectphotos.Input{AppointmentID: f.ap, CheckID: f.check, QuestionID: f.qid,
		MechanicID: 60, UploadKey: "p", Name: "p.png"}, bytes.NewReader(png))
	require.NoError(t, err)
	com := f.db.CustomerCommunication.Query().Where(customercommunication.AppointmentID(f.ap)).OnlyX(ctx)
	require.Equal(t, 3, f.db.UploadedFile.Query().Where(uploadedfile.CustomerCommunicationID(com.ID)).CountX(ctx))
	_, err = files.Upload(ctx, f.db, files.Meta{CommunicationID: com.ID, Name: "mine.jpg"}, bytes.NewReader([]byte("customer")), 1<<20, 1, nil)
	require.NoError(t, err, "the customer's one attachment fits beside the mechanic's three files")
	_, err = files.Upload(ctx, f.db, files.Meta{CommunicationID: com.ID, Name: "more.jpg"}, bytes.NewReader([]byte("customer")), 1<<20, 1, nil)
	require.ErrorAs(t, err, new(files.ErrFull), "the customer's own files still count")
}
