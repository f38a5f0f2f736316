package remotediag_test

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/pitstop-dev/pitstop/integrations/remotediag"
	fake "github.com/pitstop-dev/pitstop/integrations/remotediag/fake"
)

// nextTicketUpdate waits for a ticket update with the given state.
func waitTicket(t *testing.T, sub *remotediag.Subscription, id string) []remotediag.TicketState {
	t.Helper()
	var seen []remotediag.TicketState
	timeout := time.After(5 * time.Second)
	for {
		select {
		case u, ok := <-sub.Updates():
			if !ok {
				t.Fatalf("subscription ended: %v (seen %v)", sub.Err(), seen)
			}
			if u.Type == remotediag.UpdateTicket && string(u.Ticket.ID) == id {
				seen = append(seen, u.Ticket.State)
				if u.Ticket.State.IsFinal() {
					return seen
				}
			}
		case <-timeout:
			t.Fatalf("no final state, seen %v", seen)
		}
	}
}

func TestTicketProgressesOverWebsocket(t *testing.T) {
	srv, c := setup(t)
	ctx := ctxT(t)
	sub, err := c.Subscribe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	tk, err := c.CreateTicket(ctx, ticketReq())
	if err != nil {
		t.Fatal(err)
	}
	if tk.State != remotediag.TicketStatePending || tk.ConnectorID != fake.ConnectorOnlineID || tk.VIN != fake.VINFord || tk.UUID == "" || tk.IDInt() == 0 {
		t.Fatalf("created: %+v", tk)
	}
	act, err := c.ActiveTicket(ctx, fake.ConnectorOnlineID)
	if err != nil || act.ID != tk.ID {
		t.Fatalf("active: %+v %v", act, err)
	}
	// Updates may start with pending (pushed on creation) then in progress.
	seen := waitTicket(t, sub, string(tk.ID))
	want := []remotediag.TicketState{remotediag.TicketStatePending, remotediag.TicketStateInProgress, remotediag.TicketStateClosed}
	if len(seen) != 3 || seen[0] != want[0] || seen[1] != want[1] || seen[2] != want[2] {
		t.Fatalf("states %v, want %v", seen, want)
	}
	// Closed: no longer active, now historical; polling agrees.
	waitFor(t, func() bool { _, err := c.ActiveTicket(ctx, fake.ConnectorOnlineID); return remotediag.IsNotFound(err) })
	st, err := c.LookupTicket(ctx, fake.ConnectorOnlineID, tk.IDInt())
	if err != nil || st.State != remotediag.TicketStateClosed || st.Finished == nil || st.Finished.Voucher != fake.Voucher10 {
		t.Fatalf("lookup: %+v %v", st, err)
	}
	if got := srv.Tickets(); len(got) != 1 || got[0].Request.Reference != "WO-1001" || got[0].Request.Metadata.AppName != "Pitstop" {
		t.Fatalf("created exactly once with the body: %+v", got)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in time")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestSecondTicketOnBusyConnectorIsConflict(t *testing.T) {
	srv, c := setup(t)
	ctx := ctxT(t)
	srv.PauseTickets(true)
	first, err := c.CreateTicket(ctx, ticketReq())
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.CreateTicket(ctx, ticketReq())
	if !remotediag.IsConflict(err) || remotediag.IsRetryable(err) {
		t.Fatalf("second ticket: %v", err)
	}
	var ae *remotediag.APIError
	if !errors.As(err, &ae) || ae.Status != http.StatusConflict || ae.Type != remotediag.TypeConnectorBusy {
		t.Fatalf("typed error: %+v", ae)
	}
	if n := len(srv.Tickets()); n != 1 {
		t.Fatalf("%d tickets created", n)
	}
	// Another connector is free.
	r := ticketReq()
	r.ConnectorID = fake.ConnectorSecondID
	if _, err := c.CreateTicket(ctx, r); err != nil {
		t.Fatal(err)
	}
	srv.PauseTickets(false)
	waitFor(t, func() bool {
		st, err := c.LookupTicket(ctx, fake.ConnectorOnlineID, first.IDInt())
		return err == nil && st.State.IsFinal()
	})
	if _, err := c.CreateTicket(ctx, ticketReq()); err != nil {
		t.Fatalf("free again after the first finished: %v", err)
	}
}

func TestFailingTicket(t *testing.T) {
	srv, c := setup(t)
	ctx := ctxT(t)
	srv.FailNextTicket(1)
	tk, err := c.CreateTicket(ctx, ticketReq())
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool {
		st, err := c.LookupTicket(ctx, fake.ConnectorOnlineID, tk.IDInt())
		return err == nil && st.State == remotediag.TicketStateFailed
	})
	// An injected 500 on creation: retryable, nothing created.
	srv.FailNext(1, http.StatusInternalServerError)
	_, err = c.CreateTicket(ctx, ticketReq())
	if !remotediag.IsRetryable(err) || len(srv.Tickets()) != 1 {
		t.Fatalf("injected 500: %v, %d tickets", err, len(srv.Tickets()))
	}
}

func TestServiceCenterClosedAndConnectorOffline(t *testing.T) {
	srv, c := setup(t)
	ctx := ctxT(t)
	st, err := c.ServiceCenterState(ctx)
	if err != nil || !st.Open() {
		t.Fatalf("state: %+v %v", st, err)
	}
	srv.SetServiceCenter(false, "Closed for a national holiday")
	st, err = c.ServiceCenterState(ctx)
	if err != nil || st.Open() || st.State != remotediag.ServiceCenterClosed || st.Message != "Closed for a national holiday" {
		t.Fatalf("closed state: %+v %v", st, err)
	}
	info, err := c.ServiceCenter(ctx)
	if err != nil || info.ServiceMessage != "Closed for a national holiday" || !info.CSATEnabled {
		t.Fatalf("info: %+v %v", info, err)
	}
	_, err = c.CreateTicket(ctx, ticketReq())
	if !remotediag.IsServiceCenterClosed(err) || !remotediag.IsUnavailable(err) {
		t.Fatalf("closed: %v", err)
	}
	srv.SetServiceCenter(true, "We are open for service")

	sub, err := c.Subscribe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	srv.SetConnectorOnline(fake.ConnectorOnlineID, false)
	select {
	case u := <-sub.Updates():
		if u.Type != remotediag.UpdateConnector || u.Connector.ID != fake.ConnectorOnlineID || u.Connector.IsOnline {
			t.Fatalf("update: %+v", u)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no connector update")
	}
	_, err = c.CreateTicket(ctx, ticketReq())
	if !remotediag.IsConnectorOffline(err) || remotediag.IsRetryable(err) {
		t.Fatalf("offline: %v", err)
	}
	if len(srv.Tickets()) != 0 {
		t.Fatal("a refused ticket was created")
	}
}

func TestProviderDown(t *testing.T) {
	srv, c := setup(t)
	ctx := ctxT(t)
	if _, err := c.Login(ctx); err != nil {
		t.Fatal(err)
	}
	srv.SetDown(true)
	_, err := c.ListConnectors(ctx, remotediag.PageParams{})
	if !remotediag.IsUnavailable(err) || !remotediag.IsRetryable(err) {
		t.Fatalf("down: %v", err)
	}
	if _, err := c.Subscribe(ctx); !remotediag.IsUnavailable(err) {
		t.Fatalf("websocket while down: %v", err)
	}
	srv.SetDown(false)
	if _, err := c.ListConnectors(ctx, remotediag.PageParams{}); err != nil {
		t.Fatalf("back up: %v", err)
	}
}

func TestWebsocketDropIsReported(t *testing.T) {
	srv, c := setup(t)
	ctx := ctxT(t)
	sub, err := c.Subscribe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return srv.Subscribers() == 1 })
	srv.DropWebsockets()
	select {
	case <-sub.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("drop not noticed")
	}
	if _, ok := <-sub.Updates(); ok {
		t.Fatal("updates channel stays open")
	}
	if err := sub.Err(); err == nil || errors.Is(err, remotediag.ErrSubscriptionClosed) {
		t.Fatalf("drop reason: %v", err)
	}
	// Fall back: subscribe again (after a token revocation: one re-login).
	srv.ExpireTokens()
	sub2, err := c.Subscribe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := sub2.Close(); err != nil || !errors.Is(sub2.Err(), remotediag.ErrSubscriptionClosed) {
		t.Fatalf("close: %v", sub2.Err())
	}
}

func TestNotesHistoryAndCSAT(t *testing.T) {
	srv, c := setup(t)
	ctx := ctxT(t)
	notes, err := c.TicketNotes(ctx, fake.HistoricalTicketID)
	if err != nil || notes.Total != 1 || len(notes.Result[0].Attachments) != 1 || notes.Result[0].Attachments[0].FileName != "fault-codes.pdf" {
		t.Fatalf("seeded notes: %+v %v", notes, err)
	}
	tk, err := c.CreateTicket(ctx, ticketReq())
	if err != nil {
		t.Fatal(err)
	}
	srv.AddNote(tk.IDInt(), "Operator connected", remotediag.Attachment{FileName: "photo.jpg", FileReference: "/channel/x/photo.jpg"})
	waitFor(t, func() bool {
		st, err := c.LookupTicket(ctx, fake.ConnectorOnlineID, tk.IDInt())
		return err == nil && st.State.IsFinal()
	})
	notes, err = c.TicketNotes(ctx, tk.IDInt())
	if err != nil || notes.Total != 2 || notes.Result[0].Attachments[0].FileName != "photo.jpg" || len(notes.Result[1].Attachments) != 1 {
		t.Fatalf("notes: %+v %v", notes, err)
	}
	if _, err := c.TicketNotes(ctx, 42); !remotediag.IsNotFound(err) {
		t.Fatalf("unknown ticket: %v", err)
	}

	hist, err := c.HistoricalTickets(ctx, remotediag.HistoricalQuery{VIN: fake.VINFord})
	if err != nil || hist.Total != 2 || hist.Result[0].ID != tk.IDInt() || hist.Result[1].ID != fake.HistoricalTicketID {
		t.Fatalf("history by VIN: %+v %v", hist, err)
	}
	h := hist.Result[0]
	if h.State != remotediag.TicketStateClosed || h.FinishedAt == "" || len(h.ProductLines) != 1 || len(h.ProductLines[0].Discounts) != 1 || h.Total.NetPrice.Value != 90 {
		t.Fatalf("historical ticket: %+v", h)
	}
	if hist, _ = c.HistoricalTickets(ctx, remotediag.HistoricalQuery{VIN: fake.VINRenault}); hist.Total != 0 {
		t.Fatalf("other VIN: %+v", hist)
	}
	if _, err := c.HistoricalTickets(ctx, remotediag.HistoricalQuery{VIN: "short"}); !remotediag.IsInvalidInput(err) {
		t.Fatalf("bad VIN: %v", err)
	}
	one, err := c.HistoricalTicket(ctx, fake.HistoricalTicketID)
	if err != nil || one.VIN != fake.VINFord {
		t.Fatalf("historical: %+v %v", one, err)
	}

	comment := "Very friendly operator"
	if err := c.SetCSAT(ctx, tk.IDInt(), 1, &comment); err != nil {
		t.Fatal(err)
	}
	if err := c.SetCSAT(ctx, tk.IDInt(), -0.5, nil); err != nil {
		t.Fatal(err)
	}
	got, ok := srv.CSAT(tk.IDInt())
	if !ok || got.Score != -0.5 || got.Comment != nil {
		t.Fatalf("csat replaced: %+v", got)
	}
	for _, bad := range []float64{-1.01, 1.5} {
		if err := c.SetCSAT(ctx, tk.IDInt(), bad, nil); !remotediag.IsInvalidInput(err) {
			t.Fatalf("score %v: %v", bad, err)
		}
	}
}
