package remotediag_test

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"

	"github.com/pitstop-dev/pitstop/integrations/remotediag"
)

// A state outside our table is not final and is logged once per value.
func TestUnknownTicketStateIsNotFinalAndLoggedOnce(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, nil))
	s := remotediag.TicketState(42)
	if s.Known() || s.IsFinal() {
		t.Fatalf("state 42: known %v final %v", s.Known(), s.IsFinal())
	}
	if !remotediag.LogIfUnknown(log, s) {
		t.Fatal("first sight of state 42 not logged")
	}
	for i := 0; i < 2; i++ {
		if remotediag.LogIfUnknown(log, s) {
			t.Fatal("state 42 logged twice")
		}
	}
	if n := strings.Count(buf.String(), "provider_state=42"); n != 1 {
		t.Fatalf("%d log lines: %s", n, buf.String())
	}
	if !remotediag.LogIfUnknown(log, remotediag.TicketState(43)) {
		t.Fatal("another unknown value is logged on its own")
	}
	for _, k := range []remotediag.TicketState{remotediag.TicketStatePending, remotediag.TicketStateInProgress,
		remotediag.TicketStateClosed, remotediag.TicketStateFailed, 0} {
		if remotediag.LogIfUnknown(log, k) {
			t.Fatalf("known state %v logged", k)
		}
	}
}
