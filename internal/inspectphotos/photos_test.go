package inspectphotos_test

import (
	"bufio"
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/internal/files"
	"github.com/pitstop-dev/pitstop/internal/inspectphotos"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
)

// jpegWithGPS is a real JPEG with an EXIF APP1 segment naming a GPS position.
func jpegWithGPS(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 16, 16))
	for i := range img.Pix {
		img.Pix[i] = byte(i)
	}
	img.Set(1, 1, color.White)
	var b bytes.Buffer
	require.NoError(t, jpeg.Encode(&b, img, nil))
	raw := b.Bytes()
	exif := append([]byte("Exif\x00\x00GPSLatitude 52.5168 GPSLongitude 6.0830"), make([]byte, 40)...)
	seg := []byte{0xFF, 0xE1, byte((len(exif) + 2) >> 8), byte(len(exif) + 2)}
	out := append([]byte{}, raw[:2]...)
	out = append(out, seg...)
	out = append(out, exif...)
	return append(out, raw[2:]...)
}

func TestStripJPEGMetadata(t *testing.T) {
	in := jpegWithGPS(t)
	require.Contains(t, string(in), "GPSLatitude")
	r, err := inspectphotos.StripJPEGMetadata(bufio.NewReader(bytes.NewReader(in)))
	require.NoError(t, err)
	out, err := io.ReadAll(r)
	require.NoError(t, err)
	assert.NotContains(t, string(out), "GPS")
	_, err = jpeg.Decode(bytes.NewReader(out))
	require.NoError(t, err, "still a JPEG")
	assert.Equal(t, len(in)-len(out), 4+len("Exif\x00\x00GPSLatitude 52.5168 GPSLongitude 6.0830")+40)
	_, err = inspectphotos.StripJPEGMetadata(bufio.NewReader(bytes.NewReader([]byte{0xFF, 0xD8, 0x00})))
	assert.ErrorIs(t, err, inspectphotos.ErrBadJPEG)
}

type fix struct {
	db              *ent.Client
	ap, check, qid  int
	otherAp, result int
}

func fixture(t *testing.T) fix {
	ctx := context.Background()
	db := storetest.New(t).Client
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
	c := db.Check.Create().SetAppointmentID(ap).SetDealerLocationID(l.ID).SetChecklistID(cl.ID).SetMechanicID(60).
		SetStartKey("k").SetStartedAt(time.Now()).SaveX(ctx)
	r := db.QuestionResult.Create().SetCheckID(c.ID).SetQuestionID(q.ID).SetAppointmentID(ap).SetStatus(3).SetCompleted(true).SaveX(ctx)
	return fix{db: db, ap: ap, check: c.ID, qid: q.ID, otherAp: other, result: r.ID}
}

func TestSave(t *testing.T) {
	f := fixture(t)
	ctx := context.Background()
	in := inspectphotos.Input{AppointmentID: f.ap, CheckID: f.check, QuestionID: f.qid, MechanicID: 60, UploadKey: "p1", Name: "brakes.jpg"}
	photo := jpegWithGPS(t)
	p, err := inspectphotos.Save(ctx, f.db, in, bytes.NewReader(photo))
	require.NoError(t, err)
	assert.Equal(t, "image/jpeg", p.ContentType)
	stored, err := io.ReadAll(files.Open(ctx, f.db, uuid.MustParse(p.FileID)))
	require.NoError(t, err)
	assert.NotContains(t, string(stored), "GPS", "the location is stripped")
	again, err := inspectphotos.Save(ctx, f.db, in, bytes.NewReader(photo))
	require.NoError(t, err)
	assert.Equal(t, p, again, "a retried upload is stored once")

	files0 := f.db.UploadedFile.Query().CountX(ctx)
	refused := func(want error, edit func(*inspectphotos.Input), body []byte) {
		t.Helper()
		i := in
		i.UploadKey = "p2"
		if edit != nil {
			edit(&i)
		}
		_, err := inspectphotos.Save(ctx, f.db, i, bytes.NewReader(body))
		require.ErrorIs(t, err, want)
	}
	refused(inspectphotos.ErrNotImage, nil, []byte("%PDF-1.4 not a photo"))
	refused(inspectphotos.ErrEmpty, nil, nil)
	big := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, inspectphotos.MaxBytes)...)
	refused(inspectphotos.ErrTooLarge, nil, big)
	refused(inspectphotos.ErrNoCheck, func(i *inspectphotos.Input) { i.AppointmentID = f.otherAp }, photo)
	refused(inspectphotos.ErrNoResult, func(i *inspectphotos.Input) { i.QuestionID++ }, photo)
	_, err = inspectphotos.Save(ctx, f.db, func() inspectphotos.Input { i := in; i.MechanicID = 61; i.UploadKey = "p3"; return i }(), bytes.NewReader(photo))
	assert.ErrorContains(t, err, "belongs to mechanic 60")
	f.db.Check.UpdateOneID(f.check).SetFinishedAt(time.Now()).ExecX(ctx)
	refused(inspectphotos.ErrFinished, nil, photo)
	assert.Equal(t, files0, f.db.UploadedFile.Query().CountX(ctx), "nothing refused was stored")
	assert.Equal(t, 1, f.db.QuestionResultImage.Query().CountX(ctx))
}

// TestAPhotoWaitsForItsAnswer (answer-written-after-update): a check's
// rows exist from its start, unanswered; a photo sent right after its
// answer, before the answer's row is written, waits for it; a photo of a
// question never answered is refused once the wait is over.
func TestAPhotoWaitsForItsAnswer(t *testing.T) {
	f := fixture(t)
	ctx := context.Background()
	old := inspectphotos.AnswerWait
	inspectphotos.AnswerWait = 300 * time.Millisecond
	t.Cleanup(func() { inspectphotos.AnswerWait = old })
	f.db.QuestionResult.UpdateOneID(f.result).SetCompleted(false).ExecX(ctx)
	in := inspectphotos.Input{AppointmentID: f.ap, CheckID: f.check, QuestionID: f.qid, MechanicID: 60, UploadKey: "w1", Name: "brakes.jpg"}
	_, err := inspectphotos.Save(ctx, f.db, in, bytes.NewReader(jpegWithGPS(t)))
	require.ErrorIs(t, err, inspectphotos.ErrNoResult, "never answered")

	inspectphotos.AnswerWait = time.Minute
	written := make(chan struct{})
	go func() {
		defer close(written)
		time.Sleep(50 * time.Millisecond) // the answer's write, after the upload began
		f.db.QuestionResult.UpdateOneID(f.result).SetCompleted(true).ExecX(ctx)
	}()
	p, err := inspectphotos.Save(ctx, f.db, in, bytes.NewReader(jpegWithGPS(t)))
	<-written
	require.NoError(t, err)
	assert.Equal(t, f.result, p.QuestionResultID)
}
