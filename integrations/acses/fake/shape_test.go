package acsesfake_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/integrations/acses"
	acsesfake "github.com/pitstop-dev/pitstop/integrations/acses/fake"
)

// The simulator shares its Go types with our client, so a wrong JSON tag
// would agree with itself. These tests speak raw JSON with the names of the
// documents: the event payload and booking of spec 001's
// /v1/events/handler, and the vendor endpoints of ../PROTOCOL.md.

// Field names exactly as spec 001 (the /v1/events/handler payload) and
// PROTOCOL.md spell them.
const (
	specEvent    = "booking,cellnumber,eventDate,eventName,lockersystem,tablekey"
	specBooking  = "code,create,endDate,lastaction,lockercell,lockercellTablekey,name,objectTablekey,siteTablekey,startDate,state,tablekey,tag"
	docSystem    = "active,cells,freeCells,name,tablekey"
	docCell      = "cellnumber,free,tablekey"
	docErrorBody = "error"
)

func keysOf(t *testing.T, what string, v any) string {
	t.Helper()
	m, ok := v.(map[string]any)
	require.True(t, ok, "%s is not an object: %#v", what, v)
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, ",")
}

func raw(t *testing.T, f *acsesfake.Server, method, path string, hdr map[string]string, body string) (int, http.Header, map[string]any) {
	t.Helper()
	var rdr io.Reader
	if body != "" {
		rdr = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, f.URL()+path, rdr)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+f.APIKey())
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m), "%s %s: %d %q", method, path, res.StatusCode, b)
	return res.StatusCode, res.Header, m
}

func requireVendorError(t *testing.T, what string, code int, body map[string]any, status int, errCode string) {
	t.Helper()
	require.Equal(t, status, code, "%s: %v", what, body)
	require.Equal(t, docErrorBody, keysOf(t, what, body))
	require.Equal(t, "code,message", keysOf(t, what+".error", body["error"]))
	require.Equal(t, errCode, body["error"].(map[string]any)["code"], what)
}

func requireBooking(t *testing.T, what string, b any) map[string]any {
	t.Helper()
	require.Equal(t, specBooking, keysOf(t, what, b), "%s: the booking of spec 001's payload", what)
	return b.(map[string]any)
}

func TestWireShapesMatchTheDocuments(t *testing.T) {
	type delivery struct {
		hdr  http.Header
		body []byte
	}
	got := make(chan delivery, 10)
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got <- delivery{r.Header.Clone(), b}
	}))
	defer rcv.Close()
	f := acsesfake.New(acsesfake.WithDemoLockerSystem(), acsesfake.WithWebhookURL(rcv.URL), acsesfake.WithEventToken("event-token-1"))
	defer f.Close()
	sys := acsesfake.DemoLockerSystemID

	code, _, res := raw(t, f, "GET", "/api/v1/lockersystems", nil, "")
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, "lockersystems", keysOf(t, "systems", res))
	require.Equal(t, docSystem, keysOf(t, "system", res["lockersystems"].([]any)[0]))
	require.Equal(t, sys, res["lockersystems"].([]any)[0].(map[string]any)["tablekey"])

	code, _, res = raw(t, f, "GET", "/api/v1/lockersystems/"+sys+"/cells?free=true", nil, "")
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, "cells", keysOf(t, "cells", res))
	cell := res["cells"].([]any)[0]
	require.Equal(t, docCell, keysOf(t, "cell", cell))
	require.IsType(t, "", cell.(map[string]any)["cellnumber"], "cell numbers are strings on the wire")

	// A booking, with the body's names as PROTOCOL.md writes them.
	end := time.Now().Add(48 * time.Hour).UTC().Format(time.RFC3339)
	body := `{"tag": "appointment-42", "name": "AB-123-C", "endDate": "` + end + `", "cellnumber": "5"}`
	code, _, res = raw(t, f, "POST", "/api/v1/lockersystems/"+sys+"/bookings", map[string]string{"Idempotency-Key": "k-42"}, body)
	require.Equal(t, http.StatusCreated, code, "%v", res)
	b := requireBooking(t, "booked", res)
	require.Equal(t, "appointment-42", b["tag"])
	require.Equal(t, "AB-123-C", b["name"])
	require.Equal(t, "5", b["lockercell"])
	require.Equal(t, sys, b["siteTablekey"])
	require.Equal(t, "BOOKED", b["state"])
	require.Equal(t, "registered", b["lastaction"])
	require.Equal(t, end, b["endDate"])
	require.Regexp(t, `^\d{6}$`, b["code"])
	id := b["tablekey"].(string)

	code, hdr, res := raw(t, f, "POST", "/api/v1/lockersystems/"+sys+"/bookings", map[string]string{"Idempotency-Key": "k-42"}, body)
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, "true", hdr.Get("Idempotent-Replayed"))
	require.Equal(t, id, requireBooking(t, "replayed", res)["tablekey"])
	code, _, res = raw(t, f, "POST", "/api/v1/lockersystems/"+sys+"/bookings", map[string]string{"Idempotency-Key": "k-43"},
		`{"tag": "appointment-43", "endDate": "`+end+`", "cell": "6"}`)
	requireVendorError(t, "an unknown field", code, res, http.StatusBadRequest, "invalid_request")

	code, _, res = raw(t, f, "GET", "/api/v1/bookings/"+id, nil, "")
	require.Equal(t, http.StatusOK, code)
	requireBooking(t, "read", res)
	later := time.Now().Add(72 * time.Hour).UTC().Format(time.RFC3339)
	code, _, res = raw(t, f, "PATCH", "/api/v1/bookings/"+id, nil, `{"endDate": "`+later+`"}`)
	require.Equal(t, http.StatusOK, code, "%v", res)
	require.Equal(t, later, requireBooking(t, "moved", res)["endDate"])

	// The door (the simulator's extra) and the event it emits.
	req, err := http.NewRequest("POST", f.URL()+"/sim/doors/use",
		strings.NewReader(`{"lockersystem": "`+sys+`", "code": "`+b["code"].(string)+`", "action": "dropoff"}`))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	rb, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, string(rb))
	var ev map[string]any
	require.NoError(t, json.Unmarshal(rb, &ev))
	require.Equal(t, specEvent, keysOf(t, "door event", ev))
	require.Equal(t, "dropoff", ev["eventName"])
	require.Equal(t, "dropoff", requireBooking(t, "door event booking", ev["booking"])["lastaction"])

	// The webhooks as the receiver gets them: the spec's payload, signed
	// the Standard Webhooks way with the event's tablekey as webhook-id.
	var names []string
	for range 2 {
		var d delivery
		select {
		case d = <-got:
		case <-time.After(5 * time.Second):
			t.Fatal("no webhook delivered")
		}
		var m map[string]any
		require.NoError(t, json.Unmarshal(d.body, &m), string(d.body))
		require.Equal(t, specEvent, keysOf(t, "webhook", m), string(d.body))
		bk := requireBooking(t, "webhook booking", m["booking"])
		require.Equal(t, id, bk["tablekey"])
		require.Equal(t, sys, m["lockersystem"])
		require.Equal(t, "5", m["cellnumber"])
		_, err := time.Parse(time.RFC3339Nano, m["eventDate"].(string))
		require.NoError(t, err)
		require.Equal(t, m["tablekey"], d.hdr.Get("webhook-id"))
		require.NotEmpty(t, d.hdr.Get("webhook-timestamp"))
		require.True(t, strings.HasPrefix(d.hdr.Get("webhook-signature"), "v1,"), d.hdr.Get("webhook-signature"))
		require.Equal(t, "Bearer event-token-1", d.hdr.Get("Authorization"), "the spec's events handler is called with a bearer token")
		names = append(names, m["eventName"].(string))
	}
	require.ElementsMatch(t, []string{"registered", "dropoff"}, names)

	// Cancel is refused with the key inside; no key answers 401.
	code, _, res = raw(t, f, "POST", "/api/v1/bookings/"+id+"/cancel", nil, "")
	requireVendorError(t, "cancel with the key inside", code, res, http.StatusConflict, "invalid_state")
	code, _, res = raw(t, f, "GET", "/api/v1/bookings/nope", nil, "")
	requireVendorError(t, "unknown booking", code, res, http.StatusNotFound, "not_found")
	req, _ = http.NewRequest("GET", f.URL()+"/api/v1/lockersystems", nil)
	resp, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	rb, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	var e map[string]any
	require.NoError(t, json.Unmarshal(rb, &e))
	requireVendorError(t, "no key", resp.StatusCode, e, http.StatusUnauthorized, "unauthorized")
}

// The client and the event decoder read the documents' JSON: payloads
// written by hand with the documented names (not by the shared types)
// arrive in every field.
func TestClientReadsTheDocumentedShape(t *testing.T) {
	const booking = `{"tablekey": "bkg_1", "name": "AB-123-C", "tag": "appointment-42", "state": "BOOKED",
	  "startDate": "2026-12-01T08:00:00Z", "endDate": "2026-12-03T18:00:00Z", "code": "482913",
	  "create": "2026-11-30T10:00:00Z", "lastaction": "dropoff", "lockercell": "5",
	  "lockercellTablekey": "demo-locker-cell-5", "objectTablekey": "obj_1", "siteTablekey": "demo-locker"}`
	want := acses.Booking{ID: "bkg_1", Name: "AB-123-C", Tag: "appointment-42", State: "BOOKED",
		StartDate: time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC), EndDate: time.Date(2026, 12, 3, 18, 0, 0, 0, time.UTC), Code: "482913",
		Create: time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC), LastAction: "dropoff", LockerCellNumber: "5",
		LockerCellID: "demo-locker-cell-5", ObjectID: "obj_1", LockerSystemID: "demo-locker"}
	var auth string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth = r.Header.Get("Authorization")
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/api/v1/bookings/bkg_1":
			_, _ = io.WriteString(w, booking)
		case "/api/v1/lockersystems":
			_, _ = io.WriteString(w, `{"lockersystems": [{"tablekey": "demo-locker", "name": "Demo locker", "active": true, "cells": 16, "freeCells": 15}]}`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	c, err := acses.New(acses.Config{BaseURL: srv.URL, APIKey: "k1"})
	require.NoError(t, err)
	b, err := c.Booking(t.Context(), "bkg_1")
	require.NoError(t, err)
	require.Equal(t, "Bearer k1", auth)
	requireSameTimes(t, want, b)
	systems, err := c.LockerSystems(t.Context())
	require.NoError(t, err)
	require.Equal(t, []acses.LockerSystem{{ID: "demo-locker", Name: "Demo locker", Active: true, Cells: 16, FreeCells: 15}}, systems)

	// The spec's /v1/events/handler payload.
	var ev acses.Event
	require.NoError(t, json.Unmarshal([]byte(`{"tablekey": "evt_1", "lockersystem": "demo-locker", "cellnumber": "5",
	  "eventName": "dropoff", "eventDate": "2026-12-01T08:12:03.123Z", "booking": `+booking+`}`), &ev))
	requireSameTimes(t, want, ev.Booking)
	ev.Booking = acses.Booking{}
	require.Equal(t, acses.Event{ID: "evt_1", LockerSystemID: "demo-locker", LockerCellNumber: "5", EventName: "dropoff",
		EventDate: time.Date(2026, 12, 1, 8, 12, 3, 123e6, time.UTC)}, ev)
}

func requireSameTimes(t *testing.T, want, got acses.Booking) {
	t.Helper()
	wb, _ := json.Marshal(want)
	gb, _ := json.Marshal(got)
	require.JSONEq(t, string(wb), string(gb))
}
