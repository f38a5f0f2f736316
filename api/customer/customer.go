// Package customer is the spec's Customer Communication API: the endpoints a
// customer reaches with the communication key in the body (read, answers,
// attachments, the repair overview PDF, locker availability). Answers
// become appointment workflow updates; reads come from the read model
// (api/commread). Its only writes are through their domains: an upload is
// stored by internal/files, a rebuilt document kept by internal/readdoc.
package customer

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/api/commread"
	"github.com/pitstop-dev/pitstop/api/httpx"
)

// Limits of the customer's endpoints.
const (
	MaxAttachmentBytes = 32 << 20 // spec: each file limited to 32 MB
	// maxConcurrentUploads files are stored at once (each streamed in 1 MB
	// chunks, holding one database connection).
	maxConcurrentUploads = 4
	// Ten wrong keys a minute from one client, then 429 until the minute is over.
	keyFailuresPerMinute = 10
)

// Options are the bounds and services the caller sets.
type Options struct {
	// MaxConcurrentDownloads attachments are streamed at once.
	MaxConcurrentDownloads int
	// SlotWait is how long an upload or download waits for a free slot
	// before it is told to try again (503).
	SlotWait time.Duration
	// UploadTimeout bounds reading an upload's body and writing a download.
	UploadTimeout time.Duration
	// LockerAvailable says whether an ACSES locker of the location has a
	// free cell (never an error: a vendor down is "not available").
	LockerAvailable func(ctx context.Context, locationID int) bool
}

// Handlers serve the customer's endpoints.
type Handlers struct {
	*httpx.Core
	opts        Options
	reader      *commread.Reader
	keyFailures *httpx.FailureLimiter
	uploads     slots
	downloads   slots
}

// Routes registers the customer's endpoints, authenticated by the
// communication key in the body (v2 holds the diagnose answer on interventions, v1 the one on check results).
func Routes(core *httpx.Core, v2, v1 *gin.RouterGroup, o Options) {
	h := &Handlers{Core: core, opts: o, reader: commread.NewReader(core.Deps),
		keyFailures: httpx.NewFailureLimiter(keyFailuresPerMinute, time.Minute),
		uploads:     make(slots, maxConcurrentUploads),
		downloads:   make(slots, o.MaxConcurrentDownloads)}
	v1.POST("/communication/read", httpx.Handle(h.read))
	v1.POST("/communication/upload_attachment", httpx.Handle(h.uploadAttachment))
	v1.GET("/communication/attachments/:id/:name", httpx.Handle(h.downloadAttachment))
	v1.POST("/online_checkin/answer", httpx.Handle(h.answerCheckIn))
	v1.POST("/online_checkin/is_acses_available", httpx.Handle(h.isAcsesAvailable))
	v1.POST("/repair_overview/download", httpx.Handle(h.downloadRepairOverview))
	v1.POST("/feedback/answer", httpx.Handle(h.answerFeedback))
	v1.POST("/diagnose_overview/answer", httpx.Handle(h.answerDiagnoseV1))
	v2.POST("/diagnose_overview/answer", httpx.Handle(h.answerDiagnose))
}

// extendDeadlines gives one request its own bounds (uploads, downloads).
func extendDeadlines(c *gin.Context, read, write time.Duration) {
	rc := http.NewResponseController(c.Writer)
	now := time.Now()
	if read > 0 {
		_ = rc.SetReadDeadline(now.Add(read)) // unsupported writers (tests) keep the server's bound
	}
	if write > 0 {
		_ = rc.SetWriteDeadline(now.Add(write))
	}
}

// slots bounds how many uploads are stored, or downloads streamed, at once
// (each holds a chunk in memory; an upload also a database connection); a
// request waits up to wait for a slot, then is told to try again.
type slots chan struct{}

func (u slots) acquire(ctx context.Context, wait time.Duration) bool {
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case u <- struct{}{}:
		return true
	case <-ctx.Done():
	case <-t.C:
	}
	return false
}

func (u slots) release() { <-u }
