package acsesfake_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/integrations/acses"
	acsesfake "github.com/pitstop-dev/pitstop/integrations/acses/fake"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

func book(t *testing.T, f *acsesfake.Server, key string) acses.Booking {
	t.Helper()
	c, err := acses.New(acses.Config{BaseURL: f.URL(), APIKey: f.APIKey()})
	require.NoError(t, err)
	b, err := c.Book(context.Background(), acses.BookRequest{
		Key: key, LockerSystemID: acsesfake.DemoLockerSystemID, Tag: "appointment-" + key, EndDate: time.Now().Add(time.Hour),
	})
	require.NoError(t, err)
	return b
}

func TestAPINeedsTheKeyButDoorsDoNot(t *testing.T) {
	f := acsesfake.New(acsesfake.WithDemoLockerSystem(), acsesfake.WithAPIKey("k1"))
	defer f.Close()
	resp, err := http.Get(f.URL() + "/api/v1/lockersystems")
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	assert.JSONEq(t, `{"error":{"code":"unauthorized","message":"missing or wrong API key or login"}}`, string(body))

	resp, err = http.Get(f.DoorURL(acsesfake.DemoLockerSystemID, "123456"))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}

func TestDoorPageOpensTheDoor(t *testing.T) {
	f := acsesfake.New(acsesfake.WithDemoLockerSystem())
	defer f.Close()
	b := book(t, f, "42")

	resp, err := http.Get(f.DoorURL(acsesfake.DemoLockerSystemID, b.Code))
	require.NoError(t, err)
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Contains(t, resp.Header.Get("Content-Type"), "text/html")
	assert.Contains(t, string(page), "<button")
	assert.Contains(t, string(page), "(dropoff)")

	form := url.Values{"lockersystem": {acsesfake.DemoLockerSystemID}, "code": {b.Code}}
	resp, err = http.PostForm(f.URL()+"/sim/door", form)
	require.NoError(t, err)
	page, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, string(page), "Door opened: dropoff in cell 1")
	assert.Contains(t, string(page), "(checkout)", "the button now checks out")

	resp, err = http.PostForm(f.URL()+"/sim/door", form)
	require.NoError(t, err)
	resp.Body.Close()
	resp, err = http.PostForm(f.URL()+"/sim/door", form)
	require.NoError(t, err)
	page, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusConflict, resp.StatusCode)
	assert.Contains(t, string(page), "Door did not open")

	var names []enums.ObjectStatus
	for _, ev := range f.Events() {
		names = append(names, ev.EventName)
	}
	assert.Equal(t, []enums.ObjectStatus{"registered", "dropoff", "checkout"}, names)
	assert.Empty(t, f.Delivered(), "no webhook URL: recorded, not delivered")
}

func TestDoorActionMustBeTheNextOne(t *testing.T) {
	f := acsesfake.New(acsesfake.WithDemoLockerSystem())
	defer f.Close()
	b := book(t, f, "42")
	_, err := f.UseDoor(acsesfake.DemoLockerSystemID, b.Code, enums.ObjectStatusCheckout)
	var fe *acsesfake.Error
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, http.StatusConflict, fe.Status)
	ev, err := f.UseDoor(acsesfake.DemoLockerSystemID, b.Code, enums.ObjectStatusDropoff)
	require.NoError(t, err)
	assert.Equal(t, enums.ObjectStatusDropoff, ev.EventName)
}

func TestDoorRefusesBeforeTheStart(t *testing.T) {
	f := acsesfake.New(acsesfake.WithDemoLockerSystem())
	defer f.Close()
	c, err := acses.New(acses.Config{BaseURL: f.URL(), APIKey: f.APIKey()})
	require.NoError(t, err)
	b, err := c.Book(context.Background(), acses.BookRequest{
		Key: "k", LockerSystemID: acsesfake.DemoLockerSystemID, Tag: "t",
		StartDate: time.Now().Add(time.Hour), EndDate: time.Now().Add(2 * time.Hour),
	})
	require.NoError(t, err)
	_, err = f.UseDoor(acsesfake.DemoLockerSystemID, b.Code, "")
	assert.ErrorContains(t, err, "booking starts at")
}

func TestDeliveryGivesUpAfterTheLastAttempt(t *testing.T) {
	var calls atomic.Int32
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		calls.Add(1)
		w.WriteHeader(http.StatusBadGateway)
	}))
	defer rcv.Close()
	f := acsesfake.New(acsesfake.WithDemoLockerSystem(), acsesfake.WithWebhookURL(rcv.URL),
		acsesfake.WithRetry(time.Millisecond, 2*time.Millisecond, 3))
	defer f.Close()
	book(t, f, "42")
	require.Eventually(t, func() bool { return len(f.Failed()) == 1 }, 2*time.Second, 5*time.Millisecond)
	assert.EqualValues(t, 3, calls.Load())
	assert.Equal(t, 0, f.Pending())
}

func TestCloseStopsRetries(t *testing.T) {
	var calls atomic.Int32
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		calls.Add(1)
		w.WriteHeader(http.StatusInternalServerError)
	}))
	defer rcv.Close()
	f := acsesfake.New(acsesfake.WithDemoLockerSystem(), acsesfake.WithWebhookURL(rcv.URL),
		acsesfake.WithRetry(time.Hour, time.Hour, 100))
	book(t, f, "42")
	require.Eventually(t, func() bool { return calls.Load() == 1 }, 2*time.Second, 5*time.Millisecond)
	start := time.Now()
	f.Close()
	assert.Less(t, time.Since(start), time.Second, "Close does not wait out the backoff")
}

func TestShuffledReleaseDeliversEveryEventOnce(t *testing.T) {
	var got atomic.Int32
	ids := make(chan string, 20)
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.Add(1)
		ids <- r.Header.Get(acses.HeaderID)
	}))
	defer rcv.Close()
	f := acsesfake.New(acsesfake.WithDemoLockerSystem(), acsesfake.WithWebhookURL(rcv.URL), acsesfake.WithSeed(7))
	defer f.Close()
	f.HoldEvents()
	for _, k := range []string{"1", "2", "3", "4", "5", "6"} {
		book(t, f, k)
	}
	f.ReleaseEvents(acsesfake.Shuffled)
	require.Eventually(t, func() bool { return got.Load() == 6 }, 2*time.Second, 5*time.Millisecond)
	seen := map[string]bool{}
	for range 6 {
		seen[<-ids] = true
	}
	assert.Len(t, seen, 6)
}

func TestEventDelay(t *testing.T) {
	arrived := make(chan time.Time, 1)
	rcv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { arrived <- time.Now() }))
	defer rcv.Close()
	f := acsesfake.New(acsesfake.WithDemoLockerSystem(), acsesfake.WithWebhookURL(rcv.URL))
	defer f.Close()
	f.SetEventDelay(150 * time.Millisecond)
	start := time.Now()
	book(t, f, "42")
	select {
	case at := <-arrived:
		assert.GreaterOrEqual(t, at.Sub(start), 150*time.Millisecond)
	case <-time.After(2 * time.Second):
		t.Fatal("no delivery")
	}
}

func TestMountedHandler(t *testing.T) {
	f := acsesfake.NewHandler(acsesfake.WithLockerSystem(acsesfake.LockerSystemConfig{ID: "north", Cells: 2}))
	defer f.Close()
	mux := http.NewServeMux()
	mux.Handle("/acses/", http.StripPrefix("/acses", f))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	assert.Empty(t, f.URL())
	c, err := acses.New(acses.Config{BaseURL: srv.URL + "/acses", APIKey: acsesfake.DefaultAPIKey})
	require.NoError(t, err)
	systems, err := c.LockerSystems(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []acses.LockerSystem{{ID: "north", Name: "north", Active: true, Cells: 2, FreeCells: 2}}, systems)
}

func TestUnknownBodyFieldsAreRefused(t *testing.T) {
	f := acsesfake.New(acsesfake.WithDemoLockerSystem())
	defer f.Close()
	req, _ := http.NewRequest(http.MethodPost, f.URL()+"/api/v1/lockersystems/demo-locker/bookings",
		bytes.NewReader([]byte(`{"tag":"t","endDate":"2999-01-01T00:00:00Z","cel":"3"}`)))
	req.Header.Set("Authorization", "Bearer "+f.APIKey())
	req.Header.Set("Idempotency-Key", "k")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.True(t, strings.Contains(string(body), "invalid_request"))
}

func TestSetCellsGrowsTheLocker(t *testing.T) {
	f := acsesfake.New(acsesfake.WithDemoLockerSystem())
	defer f.Close()
	c, err := acses.New(acses.Config{BaseURL: f.URL(), APIKey: f.APIKey()})
	require.NoError(t, err)
	require.False(t, f.SetCells("nope", 40))
	require.False(t, f.SetCells(acsesfake.DemoLockerSystemID, 0))
	require.True(t, f.SetCells(acsesfake.DemoLockerSystemID, 40))
	cells, err := c.FreeCells(context.Background(), acsesfake.DemoLockerSystemID)
	require.NoError(t, err)
	require.Len(t, cells, 40)
}
