//go:build screens

package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/app/seed"
	"github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/ent/check"
	"github.com/pitstop-dev/pitstop/ent/questionresult"
	"github.com/pitstop-dev/pitstop/internal/browsertest"
)

// TestWorkshopScreenInBrowser: the demo mechanic walks the quality-control
// checklist on the mechanic's screen (/workshop/) against the whole stack
// (API, Temporal, worker, database): sign-in, today's car, the checklist
// one question at a time, the network cut mid-walk (the answer waits in the
// outbox and is stored when the network is back), finish: the check is
// finished with its seven results.
func TestWorkshopScreenInBrowser(t *testing.T) {
	chromium := browsertest.Chromium(t)
	axe := browsertest.Axe(t)
	out := browsertest.OutputDir(t, "e2e-workshop")
	s := newStack(t)
	s.start()
	ctx := context.Background()
	ap := s.Demo.Appointments[0].AppointmentID
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageCheckInSent })
	// The demo's appointments are days away; the screen lists today's: the
	// read model's time of this one is moved to later today in the
	// location's time zone (nothing the check needs depends on it).
	require.NoError(t, s.DB.Appointment.UpdateOneID(ap).SetTimeCarApp(laterToday(t, s, ap)).Exec(ctx))

	p := browsertest.NewPage(t, browsertest.Browser(t, chromium, "en-GB"), s.API.URL+"/workshop/", axe, out)
	p.Navigate(s.API.URL+"/workshop/", "signin")
	p.Do(chromedp.SendKeys(chromedp.CSS(`#email`), "max@demo.pitstop.local"), chromedp.SendKeys(chromedp.CSS(`#password`), seed.DemoPassword))
	p.Click("#signin-btn")
	p.WaitScreen("cars")
	p.Click(fmt.Sprintf(`[data-appointment="%d"]`, ap))
	p.WaitScreen("checklists")
	p.Check("checklists")
	p.Click(`#checklists li:nth-child(2) button`) // the demo's second checklist: quality control, 7 questions
	p.WaitScreen("question")
	p.Check("question")
	for i := 0; i < 7; i++ {
		if i == 3 { // the network drops for the fourth answer
			p.WaitFor(`document.getElementById('net').dataset.pending === '0'`)
			setOffline(p, true)
		}
		p.WaitFor(fmt.Sprintf(`document.getElementById('step-of').textContent.startsWith('Question %d of 7')`, i+1))
		status := 0
		if i == 3 {
			status = 2
		}
		p.Click(fmt.Sprintf(`label.status.s%d`, status))
		p.Click("#save")
		if i == 3 {
			p.WaitFor(`document.getElementById('net').dataset.pending === '1'`)
			time.Sleep(2 * time.Second)
			setOffline(p, false)
		}
	}
	p.WaitScreen("review")
	p.WaitFor(`document.getElementById('net').dataset.pending === '0'`)
	p.Contains("#left", "Every question is answered.")
	p.Check("review")
	p.Click("#finish")
	p.WaitScreen("done")
	p.Contains("#done-text", "7 results stored")
	p.Check("done")

	chk := s.DB.Check.Query().Where(check.AppointmentID(ap), check.MechanicID(s.Demo.MechanicID)).OnlyX(ctx)
	require.NotNil(t, chk.FinishedAt)
	results := s.DB.QuestionResult.Query().Where(questionresult.CheckID(chk.ID)).AllX(ctx)
	require.Len(t, results, 7, "every answer stored")
	advised := 0
	for _, r := range results {
		if r.Status == 2 {
			advised++
		}
	}
	require.Equal(t, 1, advised)
}

func setOffline(p *browsertest.Page, off bool) {
	p.T.Helper()
	p.Do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		c := network.Conditions{Offline: off, DownloadThroughput: -1, UploadThroughput: -1}
		if _, err := cdp.Call(ctx, t, network.EmulateNetworkConditionsByRule,
			network.EmulateNetworkConditionsByRuleParams{MatchedNetworkConditions: []*network.Conditions{&c}}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, t, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: off, DownloadThroughput: -1, UploadThroughput: -1})
		return err
	}))
}

// laterToday is a moment still to come on today's date in the appointment's
// location's time zone: an hour from now, or, late in the evening, half
// way to midnight (an hour from now would be tomorrow there, and the
// workshop screen lists today's cars only).
func laterToday(t *testing.T, s *stack, ap int) time.Time {
	t.Helper()
	a := s.DB.Appointment.GetX(context.Background(), ap)
	loc := s.DB.DealerLocation.GetX(context.Background(), a.DealerLocationID)
	tz, err := time.LoadLocation(loc.TimeZone)
	require.NoError(t, err)
	now := time.Now().In(tz)
	midnight := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, tz)
	if at := now.Add(time.Hour); at.Before(midnight) {
		return at.UTC()
	}
	return now.Add(midnight.Sub(now) / 2).UTC()
}
