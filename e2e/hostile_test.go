package e2e

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/api"
	"github.com/pitstop-dev/pitstop/ent"
	pitenums "github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/keys"
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
	close(stop)
	<-sampled
	grown := int64(peak.Load()) - int64(before.HeapInuse)
	t.Logf("heap in use grew by %d MB during 16 x 32 MB wrong-key uploads", grown>>20)
	require.Less(t, grown, int64(64<<20), "wrong-key uploads must not be read into memory (16 x 32 MB would be 512 MB)")
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
	var view api.CommunicationView
	code, body := s.callAt(srv.URL, "POST", "/v1/communication/read", "", map[string]string{"key": key}, &view)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Less(t, time.Since(start), 2*time.Second, "the read does not wait for Temporal")
	require.NotZero(t, view.ID)
}
