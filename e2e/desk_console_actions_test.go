//go:build screens

package e2e

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	staffapi "github.com/pitstop-dev/pitstop/api/staff"
	rd "github.com/pitstop-dev/pitstop/integrations/remotediag"
	rdfake "github.com/pitstop-dev/pitstop/integrations/remotediag/fake"
	"github.com/pitstop-dev/pitstop/internal/browsertest"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/workflows/appointment"
)

// TestDeskConsoleKeyPINsAndTicketInBrowser: on the whole stack, the
// customer checks in with the key locker and drops the key; the
// receptionist opens the appointment in the console (/desk/) and asks the
// pick-up PIN, drops the key back after the repair and asks the assisted
// pick-up PIN, each shown on the screen and equal to what the API answers
// for the same request; then orders a remote-diagnosis ticket from the
// console's form (connector chosen, products checked by name, the
// required question answered), and the ticket exists with that answer
// and is listed on the screen.
func TestDeskConsoleKeyPINsAndTicketInBrowser(t *testing.T) {
	chromium := browsertest.Chromium(t)
	axe := browsertest.Axe(t)
	out := browsertest.OutputDir(t, "e2e-desk-actions")
	s := newStack(t)
	ctx := context.Background()
	ap, res := s.lockerCheckIn(true)
	require.Regexp(t, `^\d{6}$`, res.AcsesPIN)
	s.lockerState(ap, func(l *appointment.LockerState) bool { return l.Phase == appointment.LockerBooked })
	s.door(res.AcsesPIN, enums.ObjectStatusDropoff)
	s.lockerState(ap, func(l *appointment.LockerState) bool { return l.Phase == appointment.LockerDropped })
	// The demo car is a make the diagnosis provider's simulator does not
	// know: it becomes the simulator's Ford.
	require.NoError(t, s.DB.Appointment.UpdateOneID(ap).SetVin(rdfake.VINFord).Exec(ctx))

	p := s.deskSignedIn(chromium, axe, out, s.appointmentDay(ap), 1440)
	p.ClickLive(fmt.Sprintf(`[data-appointment="%d"]`, ap))
	p.WaitScreen("appointment")
	pickup := map[string]int{"appointment_id": ap}

	// The pick-up PIN, shown; the API answers the same one, twice.
	shown := clickForPIN(p, "pin-pickup")
	code, pin, body := s.staffPIN("/v1/employees/pickup", s.Token, pickup)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, shown, pin)
	require.Equal(t, res.AcsesPIN, pin, "the drop booking's second opening is the pick-up")
	_, again, _ := s.staffPIN("/v1/employees/pickup", s.Token, pickup)
	require.Equal(t, pin, again)
	s.door(pin, enums.ObjectStatusCheckout)
	s.lockerState(ap, func(l *appointment.LockerState) bool { return l.Phase == appointment.LockerPickedUp })

	// After the repair the key goes back in the locker (the console's
	// drop-back), then the assisted pick-up PIN is shown and matches the API.
	p.WaitFor(`!!document.querySelector('#locker option') && !!document.querySelector('[data-action="pin-dropback"]')`)
	back := clickForPIN(p, "pin-dropback")
	s.door(back, enums.ObjectStatusDropoff)
	s.lockerState(ap, func(l *appointment.LockerState) bool { return l.Phase == appointment.LockerDroppedBack })
	assist := clickForPIN(p, "pin-assist")
	require.Equal(t, back, assist)
	code, pin, body = s.staffPIN("/v1/employees/assist_pickup", s.Token, pickup)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, assist, pin)
	_, again, _ = s.staffPIN("/v1/employees/assist_pickup", s.Token, pickup)
	require.Equal(t, pin, again)
	p.Check("appointment-pins")

	// A ticket ordered from the form: the connectors to choose from, the
	// car's products by name and price, the question a checked product
	// needs; the ticket exists with the answer and the console lists it.
	p.WaitFor(fmt.Sprintf(`!!document.getElementById('rd-p-%d') && !!document.querySelector('#rd-connector option[value="%d"]')`,
		rdfake.ProductDiagnostic, rdfake.ConnectorOnlineID))
	p.Contains("#rd-products", "Remote Diagnostic Support · €100.00")
	p.Contains("#rd-products", "Navigation Map Update · €50.00")
	if p.Eval(`String(!!document.querySelector('#rd-questions [data-prerequisite]'))`) != "false" {
		t.Error("a question is asked before its product is checked")
	}
	p.Eval(fmt.Sprintf(`document.getElementById('rd-p-%d').click(); ''`, rdfake.ProductDiagnostic))
	p.WaitFor(`!!document.getElementById('rd-q-1')`)
	p.Contains("#rd-questions", "Did you secure the vehicle's power supply?")
	p.Check("appointment-ticket-form")
	p.Eval(fmt.Sprintf(`var c = document.getElementById('rd-connector'); c.value = '%d'; c.dispatchEvent(new Event('change'));
		document.getElementById('rd-p-%d').click(); var q = document.getElementById('rd-q-1'); if (!q.checked) q.click();
		document.querySelector('[data-action="rd-start"]').click(); ''`, rdfake.ConnectorOnlineID, rdfake.ProductNavigation))
	p.WaitFor(`!!document.getElementById('res-rd-start')`)
	p.Contains("#res-rd-start", "Done.")
	var tickets []staffapi.TicketView
	code, body = s.call("GET", fmt.Sprintf("/v1/appointments/%d/remote_diagnose/tickets", ap), s.Token, nil, &tickets)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Len(t, tickets, 1, string(body))
	require.Equal(t, rdfake.ConnectorOnlineID, tickets[0].ConnectorID)
	require.ElementsMatch(t, []int64{rdfake.ProductDiagnostic, rdfake.ProductNavigation}, tickets[0].ProductIDs)
	require.Equal(t, rdfake.VINFord, tickets[0].VIN)
	require.Eventually(t, func() bool { return len(s.RD.Tickets()) == 1 }, 20*time.Second, 50*time.Millisecond, "the ticket reaches the provider")
	require.Equal(t, []rd.PrerequisiteAnswer{{DefinitionID: 1, Value: "true"}}, s.RD.Tickets()[0].Request.ProductPrerequisites)
	p.WaitFor(fmt.Sprintf(`document.getElementById('ticket').textContent.indexOf(%q) >= 0`, "Ticket "+tickets[0].RequestID+":"))
	p.Check("appointment")
}

// clickForPIN clicks an action of the console's key locker panel and
// answers the PIN it shows in its result.
func clickForPIN(p *browsertest.Page, action string) string {
	p.T.Helper()
	p.ClickLive(fmt.Sprintf(`[data-action=%q]`, action))
	p.WaitFor(fmt.Sprintf(`/^PIN: \d{6}$/.test((document.getElementById('res-%s') || {}).textContent || '')`, action))
	return p.Text("#res-" + action)[len("PIN: "):]
}
