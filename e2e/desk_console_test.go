//go:build screens

package e2e

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	appointmentacts "github.com/pitstop-dev/pitstop/activities/appointment"
	"github.com/pitstop-dev/pitstop/api/commread"
	"github.com/pitstop-dev/pitstop/app/seed"
	"github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/ent/dealerevent"
	"github.com/pitstop-dev/pitstop/internal/browsertest"
	"github.com/pitstop-dev/pitstop/internal/dealerevents"
)

// TestDeskConsoleSeesAnAnswerLive: the demo receptionist has the console
// (/desk/) open on the whole stack (API, Temporal, worker, database); the
// customer answers the online check-in with a remark through the API; the
// workflow records it, and the console shows the answer and the remark to
// handle within 2 s of the record, without a reload; the appointment's
// timeline and remark read back in plain words.
func TestDeskConsoleSeesAnAnswerLive(t *testing.T) {
	chromium := browsertest.Chromium(t)
	axe := browsertest.Axe(t)
	out := browsertest.OutputDir(t, "e2e-desk")
	s := newStack(t)
	s.start()
	ctx := context.Background()
	ap := s.Demo.Appointments[0].AppointmentID
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageCheckInSent })
	// The demo's appointments are a day or two away: the console opens on
	// the appointment's day (#date=, as the day picker does).
	date := s.appointmentDay(ap)
	key := s.customerKey("jan.devries@example.com")

	p := s.deskSignedIn(chromium, axe, out, date, 1440, 1024)
	row := fmt.Sprintf(`[data-appointment="%d"]`, ap)
	p.WaitFor(fmt.Sprintf(`!!document.querySelector('%s') && document.getElementById('live').textContent.startsWith('Live')`, row))
	p.Eval(`window.__sameDocument = 1`)

	// The customer opens the link and answers, with a remark.
	var view commread.CommunicationView
	code, body := s.call("POST", "/v1/communication/read", "", map[string]string{"key": key}, &view)
	require.Equal(t, http.StatusOK, code, string(body))
	results := []map[string]any{}
	for _, r := range view.CheckInResults {
		results = append(results, map[string]any{"id": r.ID, "accepted": true})
	}
	agreements := []int{}
	for _, a := range view.Agreements {
		agreements = append(agreements, a.ID)
	}
	answer := map[string]any{"key": key, "customer_name": "Jan de Vries", "results": results, "agreement_ids": agreements,
		"remarks": []map[string]any{{"title": "Rattle", "description": "Rattles at 80 km/h"}}, "drop_in_acses_locker": false}
	code, body = s.call("POST", "/v1/online_checkin/answer", "", answer, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	require.NotContains(t, string(body), `"errors"`)

	// Recorded by the workflow's activity: from then on, 2 s at most.
	var recorded time.Time
	require.Eventually(t, func() bool {
		a, err := s.DB.Appointment.Get(ctx, ap)
		recorded = time.Now()
		return err == nil && a.CheckInComAnswered
	}, 20*time.Second, 20*time.Millisecond, "the answer was not recorded")
	p.WaitFor(fmt.Sprintf(`!!document.querySelector('[data-group="needs"] %s [data-reason="remarks_not_handled"]')`, row))
	if d := time.Since(recorded); d > 2*time.Second {
		t.Errorf("the answer showed %v after it was recorded, want within 2 s", d)
	}
	// The stage is the lifecycle's own later write (a change of its own):
	// waited for, not read at once.
	p.WaitFor(fmt.Sprintf(`(document.querySelector('%s') || {}).innerText.indexOf('Check-in answered') >= 0`, row))
	if p.Eval(`String(window.__sameDocument)`) != "1" {
		t.Error("the console reloaded")
	}
	p.Check("day-live")

	p.ClickLive(row)
	p.WaitScreen("appointment")
	p.Contains("#remarks", "Rattles at 80 km/h")
	p.Contains("#timeline", "Customer answered the check-in")
	p.Contains("#timeline", "Online check-in sent")
	p.Check("appointment")
}

// deskSignedIn opens the console (/desk/) in English on day date (as the
// day picker does) and signs in as the demo receptionist; the page's
// shots and checks are taken at widths.
func (s *stack) deskSignedIn(chromium, axe, out, date string, widths ...int64) *browsertest.Page {
	s.t.Helper()
	old := browsertest.Widths
	s.t.Cleanup(func() { browsertest.Widths = old })
	browsertest.Widths = widths
	p := browsertest.NewPage(s.t, browsertest.Browser(s.t, chromium, "en-GB"), s.API.URL+"/desk/", axe, out)
	p.Navigate(s.API.URL+"/desk/#date="+date, "signin")
	p.Do(chromedp.SendKeys(chromedp.CSS(`#email`), "rita@demo.pitstop.local"), chromedp.SendKeys(chromedp.CSS(`#password`), seed.DemoPassword))
	p.Click("#signin-btn")
	p.WaitScreen("day")
	return p
}

// TestDeskConsoleMarksATaskDoneInBrowser: the lifecycle has opened a task
// for the receptionist (the escalation of an unanswered check-in, written
// by the lifecycle's own activity); the console lists it above the day,
// "Mark done" (clicked twice, as a hurried hand does) goes through the
// API's TaskDoneWorkflow once, the task leaves the list, and the database
// says the demo receptionist did it.
func TestDeskConsoleMarksATaskDoneInBrowser(t *testing.T) {
	chromium := browsertest.Chromium(t)
	axe := browsertest.Axe(t)
	out := browsertest.OutputDir(t, "e2e-desk-task")
	s := newStack(t)
	s.start()
	ctx := context.Background()
	ap := s.Demo.Appointments[0].AppointmentID
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageCheckInSent })
	acts := &appointmentacts.Activities{DB: s.DB.Client}
	id, err := acts.OpenTask(ctx, appointmentacts.OpenTaskInput{AppointmentID: ap, Kind: appointment.TaskCheckInUnanswered,
		Hours: 24, DedupeKey: fmt.Sprintf("browser-task-%d", ap)})
	require.NoError(t, err)

	p := s.deskSignedIn(chromium, axe, out, s.appointmentDay(ap), 1440)
	item := fmt.Sprintf(`[data-task="%d"]`, id)
	p.WaitFor(fmt.Sprintf(`!!document.querySelector('[data-group="tasks"] %s')`, item))
	p.Contains(item, "online check-in unanswered for 24 h")
	p.Check("day-task")

	// Two clicks in one script: the second finds the button already busy.
	p.Eval(fmt.Sprintf(`(function(){var b=document.querySelector('[data-task-done="%d"]'); b.click(); b.click(); return 'ok'})()`, id))
	p.WaitFor(fmt.Sprintf(`!document.querySelector('%s')`, item))
	row, err := s.DB.Task.Get(ctx, id)
	require.NoError(t, err)
	require.Equal(t, appointment.TaskStateDone, row.State)
	require.NotNil(t, row.DoneByUserID)
	require.Equal(t, s.Demo.ReceptionistID, *row.DoneByUserID)
	done, err := s.DB.DealerEvent.Query().Where(dealerevent.AppointmentID(ap), dealerevent.Type(string(dealerevents.TypeTaskDone))).Count(ctx)
	require.NoError(t, err)
	require.Equal(t, 1, done, "one task.done event for two clicks")
	p.Check("day-task-done")
}
