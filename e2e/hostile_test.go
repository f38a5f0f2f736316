package e2e

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/api"
	"github.com/pitstop-dev/pitstop/api/commread"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/uploadedfile"
	"github.com/pitstop-dev/pitstop/ent/uploadedfilechunk"
	pitenums "github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/files"
	"github.com/pitstop-dev/pitstop/internal/keys"
	"github.com/pitstop-dev/pitstop/internal/routes"
	"github.com/pitstop-dev/pitstop/workflows/appointment"
)

// Text PostgreSQL cannot store (a NUL byte) is refused at the edge of every
// endpoint with a clear error; nothing reaches the workflow, which stays
// usable: the clean answer that follows goes through at once.
func TestUnstorableTextIsRefusedAndNothingFreezes(t *testing.T) {
	s := newStack(t)
	s.start()
	ap := s.Demo.Appointments[0].AppointmentID
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageCheckInSent })
	key := s.keyOf(ap, keys.Customer)

	answer := map[string]any{"key": key, "customer_name": "Jan\x00de Vries", "results": []map[string]any{}}
	code, body := s.call("POST", "/v1/online_checkin/answer", "", answer, nil)
	refused(t, code, body, "customer_name")
	answer["customer_name"] = "Jan de Vries"
	answer["remarks"] = []map[string]any{{"title": "Rattle", "description": "at 80\x00 km/h"}}
	code, body = s.call("POST", "/v1/online_checkin/answer", "", answer, nil)
	refused(t, code, body, "remarks[0].description")

	// The desk check-in's name, a cancel reason and a query parameter too.
	tablet := s.token(s.Demo.TabletID, []int{s.Demo.LocationID}, pitenums.RoleIDCounterTablet, time.Hour, time.Now())
	var desk ent.DeskCommunication
	code, body = s.call("POST", fmt.Sprintf("/v1/appointments/%d/desk_checkin/send", ap), s.Token,
		map[string]int{"tablet_user_id": s.Demo.TabletID}, &desk)
	require.Equal(t, http.StatusOK, code, string(body))
	code, body = s.call("POST", fmt.Sprintf("/v1/desk_checkin/%d/status", desk.ID), tablet,
		map[string]any{"status": 5, "customer_name": "Jan\x00"}, nil)
	refused(t, code, body, "customer_name")
	code, body = s.call("POST", fmt.Sprintf("/v1/appointments/%d/cancel", ap), s.Token, map[string]any{"reason": "x\x00"}, nil)
	refused(t, code, body, "reason")
	code, body = s.call("GET", fmt.Sprintf("/v1/appointments?dealer_location_id=%d&stage=%%00", s.Demo.LocationID), s.Token, nil, nil)
	refused(t, code, body, "stage")

	// The workflow was never touched: the clean answer is taken at once.
	delete(answer, "remarks")
	code, body = s.call("POST", "/v1/online_checkin/answer", "", answer, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageInWorkshop })
}

// Sixteen parallel 32 MB uploads with a wrong key cost the API no memory:
// the key is checked before a byte of the file is read.
func TestWrongKeyUploadsKeepMemoryFlat(t *testing.T) {
	s := newStack(t)
	grownBy := heapPeak()
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code, body := s.uploadStream(s.API.URL, wrongKey, "big.jpg", 32<<20)
			require.Contains(t, []int{http.StatusUnauthorized, http.StatusTooManyRequests}, code, string(body))
		}()
	}
	wg.Wait()
	grown := grownBy()
	t.Logf("heap in use grew by %d MB during 16 x 32 MB wrong-key uploads", grown>>20)
	require.Less(t, grown, int64(64<<20), "wrong-key uploads must not be read into memory (16 x 32 MB would be 512 MB)")

	// The file itself is not read: the API's handler, given a body that
	// counts what is taken from it, takes the key field and at most one
	// buffer of the multipart reader beyond it (a few KB of 32 MB).
	for range 3 {
		var n atomic.Int64
		body, contentType, form := wrongKeyUploadBody(32 << 20)
		req := httptest.NewRequest(http.MethodPost, "/v1/communication/upload_attachment", &countingReader{r: body, n: &n})
		req.Header.Set("Content-Type", contentType)
		rec := httptest.NewRecorder()
		s.API.Config.Handler.ServeHTTP(rec, req)
		require.Contains(t, []int{http.StatusUnauthorized, http.StatusTooManyRequests}, rec.Code, rec.Body.String())
		t.Logf("the handler read %d bytes of a %d-byte body (%d before the file's content)", n.Load(), form+32<<20, form)
		require.Less(t, n.Load(), int64(form+64<<10), "the key is checked before the file is read")
	}
}

// wrongKeyUploadBody is a multipart upload with a wrong key and a file of
// size zero bytes, generated as it is read; form is the length of what
// comes before the file's content.
func wrongKeyUploadBody(size int64) (io.Reader, string, int64) {
	var head bytes.Buffer
	mw := multipart.NewWriter(&head)
	_ = mw.WriteField("key", wrongKey)
	_, _ = mw.CreateFormFile("file", "big.jpg")
	form := int64(head.Len())
	tail := "\r\n--" + mw.Boundary() + "--\r\n"
	return io.MultiReader(&head, io.LimitReader(zeros{}, size), strings.NewReader(tail)), mw.FormDataContentType(), form
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	k, err := c.r.Read(p)
	c.n.Add(int64(k))
	return k, err
}

// The customer read never waits for Temporal: with Temporal unreachable it
// still answers at once; the "opened" mark is simply not recorded.
func TestReadWorksWhileTemporalIsDown(t *testing.T) {
	s := newStack(t)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	down, err := dialTemporal(devServer, "e2e-1")
	require.NoError(t, err)
	down.Close()
	srv := s.apiWith(quiet)
	srv.Config.Handler = api.New(api.Deps{DB: s.DB, Temporal: down, TaskQueue: s.Queue, Tokens: s.tokens,
		KeySecret: []byte(keySecret), Log: quiet})
	key := s.keyOf(s.Demo.Appointments[0].AppointmentID, keys.Customer)
	start := time.Now()
	var view commread.CommunicationView
	code, body := s.callAt(srv.URL, "POST", "/v1/communication/read", "", map[string]string{"key": key}, &view)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Less(t, time.Since(start), 2*time.Second, "the read does not wait for Temporal")
	require.NotZero(t, view.ID)
}

// heapPeak samples the heap in use until the returned function is called,
// which answers how far it grew above its level at the start. The collector
// runs early meanwhile (GOGC 25), so the peak is mostly memory held, not
// garbage the default pacing would let pile up.
func heapPeak() func() int64 {
	gcPercent := debug.SetGCPercent(25)
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	var peak atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		for {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	return func() int64 {
		close(stop)
		<-sampled
		debug.SetGCPercent(gcPercent)
		return int64(peak.Load()) - int64(before.HeapInuse)
	}
}

// uploadRandom streams size pseudo-random bytes (from seed) as a file with
// the customer's key, never holding them: it answers the status, the body
// and the SHA-256 of what was sent.
func (s *stack) uploadRandom(key, name string, seed byte, size int64) (int, []byte, string) {
	s.t.Helper()
	sum := sha256.New()
	code, body := s.uploadFrom(s.API.URL, key, name, io.TeeReader(rand.NewChaCha8([32]byte{seed}), sum), size)
	return code, body, hex.EncodeToString(sum.Sum(nil))
}

// Eight parallel 20 MB uploads with the right key are streamed into the
// database and eight parallel downloads out of it: the API's heap grows by
// far less than one file each, and every file comes back byte for byte.
func TestValidUploadsAndDownloadsKeepMemoryFlat(t *testing.T) {
	s := newStack(t)
	ctx := context.Background()
	const size = 20 << 20
	type upload struct{ url, sha string }
	ups := make([]upload, 8)
	grown := heapPeak()
	var wg sync.WaitGroup
	for i := range ups {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ap := s.Demo.Appointments[i%len(s.Demo.Appointments)].AppointmentID
			code, body, sha := s.uploadRandom(s.keyOf(ap, keys.Customer), fmt.Sprintf("scan-%d.bin", i), byte(i), size)
			if !assert.Equal(t, http.StatusOK, code, string(body)) {
				return
			}
			var out struct {
				URL string `json:"url"`
			}
			assert.NoError(t, jsonUnmarshal(body, &out))
			ups[i] = upload{out.URL, sha}
		}()
	}
	wg.Wait()
	up := grown()
	t.Logf("heap in use grew by %d MB during 8 x 20 MB valid uploads", up>>20)
	require.False(t, t.Failed())
	require.Less(t, up, int64(64<<20), "valid uploads must be streamed, not read whole (8 x 20 MB would be 160 MB)")

	// Stored: the size and SHA-256 of what was sent, in chunks of at most 1 MB.
	for _, u := range ups {
		id, err := routes.AttachmentID(u.url)
		require.NoError(t, err)
		f, err := s.DB.UploadedFile.Query().Where(uploadedfile.ID(id)).
			Select(uploadedfile.FieldSize, uploadedfile.FieldSha256).Only(ctx)
		require.NoError(t, err)
		require.Equal(t, int64(size), f.Size)
		require.Equal(t, u.sha, f.Sha256)
		require.Equal(t, size/files.ChunkSize, s.DB.UploadedFileChunk.Query().Where(uploadedfilechunk.FileID(id)).CountX(ctx))
	}

	grown = heapPeak()
	for _, u := range ups {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := http.Get(u.url)
			if !assert.NoError(t, err) {
				return
			}
			defer res.Body.Close()
			sum := sha256.New()
			n, err := io.Copy(sum, res.Body)
			assert.NoError(t, err)
			assert.Equal(t, http.StatusOK, res.StatusCode)
			assert.Equal(t, int64(size), n)
			assert.Equal(t, strconv.Itoa(size), res.Header.Get("Content-Length"))
			assert.Equal(t, u.sha, hex.EncodeToString(sum.Sum(nil)), "the download is the upload, byte for byte")
			assert.Equal(t, "nosniff", res.Header.Get("X-Content-Type-Options"))
			assert.Contains(t, res.Header.Get("Content-Security-Policy"), "sandbox")
			assert.Contains(t, res.Header.Get("Content-Disposition"), "scan-")
		}()
	}
	wg.Wait()
	down := grown()
	t.Logf("heap in use grew by %d MB during 8 x 20 MB downloads", down>>20)
	require.False(t, t.Failed())
	require.Less(t, down, int64(64<<20), "downloads must be streamed, not loaded whole")

	// A file over 32 MB with the right key: refused, not a chunk left behind.
	ap := s.Demo.Appointments[0].AppointmentID
	filesBefore, chunksBefore := s.files(ap), s.DB.UploadedFileChunk.Query().CountX(ctx)
	code, body, _ := s.uploadRandom(s.keyOf(ap, keys.Customer), "huge.bin", 99, api.MaxAttachmentBytes+1)
	refused(t, code, body, "larger than 32 MB")
	require.Equal(t, filesBefore, s.files(ap))
	require.Equal(t, chunksBefore, s.DB.UploadedFileChunk.Query().CountX(ctx))
}

// A file stored whole in the data column, before chunks existed, is still
// served, with its key or its signed link.
func TestOldStyleAttachmentIsStillServed(t *testing.T) {
	s := newStack(t)
	ctx := context.Background()
	ap := s.Demo.Appointments[0].AppointmentID
	key := s.keyOf(ap, keys.Customer)
	old := []byte("\xff\xd8\xff\xe0 a photo stored the old way")
	f := s.DB.UploadedFile.Create().SetCustomerCommunicationID(s.communication(ap).ID).SetName("old photo.jpg").
		SetContentType("image/jpeg").SetSize(int64(len(old))).SetData(old).SaveX(ctx)
	path := "/v1/communication/attachments/" + f.ID.String() + "/old%20photo.jpg"
	code, body := s.callAt(s.API.URL, "GET", path, "", nil, nil, commread.AttachmentKeyHeader, key)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, old, body)
	// The checks are the same: a wrong key is refused, another name is not found.
	code, body = s.callAt(s.API.URL, "GET", path, "", nil, nil, commread.AttachmentKeyHeader, wrongKey)
	require.Equal(t, http.StatusUnauthorized, code, string(body))
	code, body = s.callAt(s.API.URL, "GET", "/v1/communication/attachments/"+f.ID.String()+"/other.jpg", "", nil, nil, commread.AttachmentKeyHeader, key)
	require.Equal(t, http.StatusNotFound, code, string(body))
}

// The file is stored while it arrives, but only kept when the whole form is
// good: a second file, a second key or a body that breaks off after the
// file leave nothing behind.
func TestRefusedFormAfterTheFileStoresNothing(t *testing.T) {
	s := newStack(t)
	ap := s.Demo.Appointments[0].AppointmentID
	key := s.keyOf(ap, keys.Customer)
	form := func(parts [][2]string, cut int) (int, []byte) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for _, p := range parts {
			if p[0] == "file" {
				fw, err := mw.CreateFormFile("file", "a.bin")
				require.NoError(t, err)
				_, _ = fw.Write([]byte(p[1]))
			} else {
				require.NoError(t, mw.WriteField(p[0], p[1]))
			}
		}
		require.NoError(t, mw.Close())
		res, err := http.Post(s.API.URL+"/v1/communication/upload_attachment", mw.FormDataContentType(), bytes.NewReader(buf.Bytes()[:buf.Len()-cut]))
		require.NoError(t, err)
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		return res.StatusCode, b
	}
	big := strings.Repeat("x", 3*files.ChunkSize)
	code, body := form([][2]string{{"key", key}, {"file", big}, {"file", "second"}}, 0)
	refused(t, code, body, "upload one file per request")
	code, body = form([][2]string{{"key", key}, {"file", big}, {"key", key}}, 0)
	refused(t, code, body, "key: given twice")
	code, body = form([][2]string{{"key", key}, {"file", big}}, 100)
	refused(t, code, body, "malformed multipart body")
	require.Equal(t, 0, s.files(ap))
	require.Zero(t, s.DB.UploadedFileChunk.Query().CountX(context.Background()))
	// The same form, whole, is stored.
	code, body = form([][2]string{{"key", key}, {"file", big}, {"note", "ignored"}}, 0)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, 1, s.files(ap))
}
