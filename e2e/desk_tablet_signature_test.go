//go:build screens

package e2e

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/app/seed"
	"github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/ent/deskagreedintervention"
	"github.com/pitstop-dev/pitstop/ent/deskcommunication"
	"github.com/pitstop-dev/pitstop/ent/deskcommunicationevent"
	"github.com/pitstop-dev/pitstop/ent/deskdeclinedintervention"
	"github.com/pitstop-dev/pitstop/internal/browsertest"
	"github.com/pitstop-dev/pitstop/internal/enums"
	deskwf "github.com/pitstop-dev/pitstop/workflows/desk"
)

// TestPushTabletSignConsoleShowsSignatureInBrowser: the desk check-in from the
// console to the counter tablet and back, in Chromium on the whole stack
// (API, Temporal, worker, database). The demo receptionist has the console
// (/desk/) open on an appointment and pushes a desk check-in to the demo
// tablet with the console's button; the tablet (/tablet/, signed in in
// another tab) shows it; the customer agrees to the first intervention,
// declines the rest, accepts the required agreements, signs on the canvas
// with the mouse (input events from the browser, not scripted ones) and
// confirms. The answer is stored once with those decisions, the
// confirmation workflow runs, and the console, still open and live
// (server-sent events), shows the signature of that desk check-in without
// a reload.
func TestPushTabletSignConsoleShowsSignatureInBrowser(t *testing.T) {
	chromium := browsertest.Chromium(t)
	axe := browsertest.Axe(t)
	out := browsertest.OutputDir(t, "e2e-desk-tablet")
	s := newStack(t)
	s.start()
	ctx := context.Background()
	ap := s.Demo.Appointments[0].AppointmentID
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageCheckInSent })
	br := browsertest.Browser(t, chromium, "en-GB")
	// Each screen is saved and checked at its own device's widths.
	check := func(p *browsertest.Page, name string, widths ...int64) {
		t.Helper()
		defer func(w []int64) { browsertest.Widths = w }(browsertest.Widths)
		browsertest.Widths = widths
		p.Check(name)
	}

	// The tablet waits, signed in, in its own tab.
	tablet := browsertest.NewPage(t, br, s.API.URL+"/tablet/", axe, out)
	tablet.Do(chromedp.EmulateViewport(1024, 768))
	tablet.Navigate(s.API.URL+"/tablet/", "signin")
	tablet.Do(chromedp.SendKeys(chromedp.CSS(`#email`), "tablet@demo.pitstop.local"), chromedp.SendKeys(chromedp.CSS(`#password`), seed.DemoPassword))
	tablet.Click(`#signin-form button[type=submit]`)
	tablet.WaitScreen("waiting")

	// The console, on the appointment's day (the demo's are a day or two
	// away), with the appointment open and the live stream up.
	desk := browsertest.NewPage(t, br, s.API.URL+"/desk/", axe, out)
	desk.Do(chromedp.EmulateViewport(1440, 900))
	desk.Navigate(s.API.URL+"/desk/#date="+s.appointmentDay(ap), "signin")
	desk.Do(chromedp.SendKeys(chromedp.CSS(`#email`), "rita@demo.pitstop.local"), chromedp.SendKeys(chromedp.CSS(`#password`), seed.DemoPassword))
	desk.Click("#signin-btn")
	desk.WaitScreen("day")
	row := fmt.Sprintf(`[data-appointment="%d"]`, ap)
	desk.WaitFor(fmt.Sprintf(`!!document.querySelector('%s') && document.getElementById('live').textContent.startsWith('Live')`, row))
	desk.ClickLive(row)
	desk.WaitScreen("appointment")
	desk.WaitFor(`!!document.getElementById('act-desk-in') && !!document.querySelector('#desk .sub')`)
	desk.Eval(`window.__sameDocument = 1`)

	// The receptionist picks the demo tablet and pushes the check-in.
	require.Equal(t, "pushed", desk.Eval(fmt.Sprintf(`(function () {
  var sel = document.getElementById('tablet');
  sel.value = '%d';
  if (sel.value !== '%d') return 'no such tablet: ' + Array.prototype.map.call(sel.options, function (o) { return o.value; }).join(',');
  document.getElementById('act-desk-in').click();
  return 'pushed';
})()`, s.Demo.TabletID, s.Demo.TabletID)))
	var dc int
	require.Eventually(t, func() bool {
		ids, err := s.DB.DeskCommunication.Query().Where(deskcommunication.AppointmentID(ap)).IDs(ctx)
		if err != nil || len(ids) != 1 {
			return false
		}
		dc = ids[0]
		return true
	}, 15*time.Second, 50*time.Millisecond, "the console's push made one desk check-in")
	row0, err := s.DB.DeskCommunication.Get(ctx, dc)
	require.NoError(t, err)
	require.Equal(t, s.Demo.TabletID, row0.TabletUserID)
	require.False(t, row0.IsCheckingOut)
	desk.WaitFor(`(document.getElementById('res-desk-in') || {}).textContent === 'Sent to the tablet.'`)
	desk.WaitFor(fmt.Sprintf(`!!document.querySelector('[data-desk="%d"]')`, dc))

	// The tablet picks it up (it polls every 3 s) and reports it opened.
	tablet.WaitScreen("desk")
	require.Eventually(t, func() bool {
		d, err := s.DB.DeskCommunication.Get(ctx, dc)
		return err == nil && d.Status == enums.DeskCommunicationStatusOpened
	}, 15*time.Second, 50*time.Millisecond)
	ivs := evalAs[[]int](tablet, `Array.prototype.map.call(document.querySelectorAll('input[data-iv]'), function (c) { return +c.getAttribute('data-iv'); })`)
	require.GreaterOrEqual(t, len(ivs), 2, "the demo appointment offers several interventions: one agreed, the rest declined")
	// The customer agrees to the first intervention only and accepts the
	// required agreements.
	require.Equal(t, "ticked", tablet.Eval(`(function () {
  document.querySelector('input[data-iv]').click();
  document.querySelectorAll('input[data-ag][data-req]').forEach(function (c) { c.click(); });
  return 'ticked';
})()`))
	check(tablet, "tablet-desk", 1024, 768)

	// The signature: mouse input from the browser on the canvas (pointer
	// events as a finger or pen would give, trusted ones).
	tablet.Do(chromedp.EmulateViewport(1024, 768))
	box := evalAs[struct{ X, Y, W, H float64 }](tablet, `(function () {
  var c = document.getElementById('sig');
  c.scrollIntoView({block: 'center'});
  var r = c.getBoundingClientRect();
  return {X: r.left, Y: r.top, W: r.width, H: r.height};
})()`)
	require.Greater(t, box.W, 100.0, "the canvas is on screen: %+v", box)
	held := func(p *input.DispatchMouseEventParams) { p.Button = input.MouseButtonLeft; p.Buttons = 1 }
	strokes := []chromedp.Action[chromedp.Void]{chromedp.MouseEvent(chromedp.MousePressed, box.X+box.W*0.05, box.Y+box.H*0.6, held, chromedp.ClickCount(1))}
	for i := 1; i <= 40; i++ {
		x := box.X + box.W*(0.05+0.9*float64(i)/40)
		y := box.Y + box.H*(0.6-0.35*float64(i%8)/8)
		strokes = append(strokes, chromedp.MouseEvent(chromedp.MouseMoved, x, y, held))
	}
	strokes = append(strokes, chromedp.MouseEvent(chromedp.MouseReleased, box.X+box.W*0.95, box.Y+box.H*0.6, held, chromedp.ClickCount(1)))
	tablet.Do(strokes...)
	inked := tablet.Eval(`(function () {
  var c = document.getElementById('sig'), d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, n = 0;
  for (var i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
  return String(n);
})()`)
	require.NotEqual(t, "0", inked, "the mouse drew on the canvas")
	tablet.Click(`#submit`)
	tablet.WaitScreen("thanks")

	// Stored once, with the customer's decisions.
	var answered time.Time
	require.Eventually(t, func() bool {
		n, err := s.DB.DeskCommunicationEvent.Query().Where(deskcommunicationevent.DeskCommunicationID(dc),
			deskcommunicationevent.TypeEQ(enums.DeskCommunicationEventTypeAnswered)).Count(ctx)
		answered = time.Now()
		return err == nil && n == 1
	}, 15*time.Second, 20*time.Millisecond, "the answer was not stored")
	agreed, err := s.DB.DeskAgreedIntervention.Query().Where(deskagreedintervention.DeskCommunicationID(dc)).
		Select(deskagreedintervention.FieldInterventionID).Ints(ctx)
	require.NoError(t, err)
	require.Equal(t, ivs[:1], agreed)
	declined, err := s.DB.DeskDeclinedIntervention.Query().Where(deskdeclinedintervention.DeskCommunicationID(dc)).
		Select(deskdeclinedintervention.FieldInterventionID).Ints(ctx)
	require.NoError(t, err)
	slices.Sort(declined)
	rest := slices.Clone(ivs[1:])
	slices.Sort(rest)
	require.Equal(t, rest, declined)
	var res deskwf.DeskConfirmationResult
	require.NoError(t, s.Temporal.GetWorkflow(ctx, deskwf.DeskConfirmationWorkflowID(dc), "").Get(ctx, &res))
	check(tablet, "tablet-thanks", 1024, 768)

	// The console shows the signature, drawn from the stored PNG (the
	// canvas is 900x260), without a reload.
	sig := fmt.Sprintf(`[data-desk="%d"] img.signature`, dc)
	desk.WaitFor(fmt.Sprintf(`(function () {
  var img = document.querySelector('%s');
  return !!img && img.src.indexOf('blob:') === 0 && img.complete && img.naturalWidth === 900 && img.naturalHeight === 260;
})()`, sig))
	t.Logf("the console showed the signature %v after the answer was stored", time.Since(answered).Round(time.Millisecond))
	require.Equal(t, "1", desk.Eval(`String(window.__sameDocument)`), "the console reloaded")
	desk.Contains(fmt.Sprintf(`[data-desk="%d"]`, dc), "answered")
	desk.Contains(fmt.Sprintf(`[data-desk="%d"] figcaption`, dc), "Signature of")
	check(desk, "desk-signature", 1440, 1024)
}

// evalAs evaluates js in p and decodes its value as T.
func evalAs[T any](p *browsertest.Page, js string) T {
	p.T.Helper()
	v, err := chromedp.Run(p.Ctx, chromedp.Evaluate[T](js))
	if err != nil {
		p.T.Fatalf("%s: %v", js, err)
	}
	return v
}
