//go:build screens

package api

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/api/tabletpage"
	"github.com/pitstop-dev/pitstop/ent/deskagreedintervention"
	"github.com/pitstop-dev/pitstop/internal/browsertest"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

// offline cuts (or restores) the tab's network.
func offline(p *browsertest.Page, off bool) {
	p.T.Helper()
	p.Do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: off, DownloadThroughput: -1, UploadThroughput: -1})
		if err != nil {
			return err
		}
		c := network.Conditions{Offline: off, DownloadThroughput: -1, UploadThroughput: -1}
		_, err = cdp.Call(ctx, t, network.EmulateNetworkConditionsByRule,
			network.EmulateNetworkConditionsByRuleParams{MatchedNetworkConditions: []*network.Conditions{&c}})
		return err
	}))
}

// drawSignature strokes the tablet's canvas with pointer events, as a
// finger or a mouse would.
const drawSignature = `(function () {
  var c = document.getElementById('sig'), r = c.getBoundingClientRect();
  function ev(t, x, y) { c.dispatchEvent(new PointerEvent(t, {clientX: r.left + x, clientY: r.top + y, pointerId: 1, bubbles: true, isPrimary: true})); }
  ev('pointerdown', 20, 40);
  for (var i = 0; i < 80; i++) { ev('pointermove', 20 + i * 6, 40 + (i % 12) * 5); }
  ev('pointerup', 500, 40);
  return 'drawn';
})()`

// TestTabletScreenOnTheRealAPI: the counter tablet's screen on the real
// router and PostgreSQL (Temporal's client mocked: the confirmation's start
// is recorded). In each of the four languages a receptionist sends a desk
// check-in by API call; the tablet (signed in once) picks it up by polling,
// reports received and opened, the customer ticks an intervention, accepts
// the mandatory agreement, signs with pointer events and submits; axe on
// every screen, screenshots at tablet sizes. Then the staff read shows the
// signature's URL, which serves the PNG the canvas made.
func TestTabletScreenOnTheRealAPI(t *testing.T) {
	chromium := browsertest.Chromium(t)
	axe := browsertest.Axe(t)
	if n := tabletpage.Size(); n <= 0 || n > 150<<10 {
		t.Fatalf("the tablet page's own bytes: %d, budget 150 KB", n)
	}
	f := newAdminFixture(t)
	rec := f.withTemporal()
	ctx := context.Background()
	admin := f.token(enums.RoleIDDealerAdmin)
	code, body := f.call("POST", fmt.Sprintf("/v1/admin/dealers/%d/agreements", f.dealerA), admin, map[string]any{"name": "Desk terms",
		"text": "I leave my car.", "visible_desk_check_in": true, "optional_desk_check_in": false}, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	ap := f.deskAppointment(time.Now().Add(time.Hour), "AB-12-CD")
	f.withCommunication(ap)
	ts := httptest.NewServer(f.router)
	defer ts.Close()

	out := browsertest.OutputDir(t, "tabletpage")
	t.Logf("screenshots in %s", out)
	base := ts.URL + "/tablet/"
	p := browsertest.NewPage(t, browsertest.Browser(t, chromium, "en-GB"), base, axe, out)
	defer func(w []int64) { browsertest.Widths = w }(browsertest.Widths)
	browsertest.Widths = []int64{768, 1024}
	shoot := func(name string) {
		t.Helper()
		for _, s := range [][2]int64{{1024, 768}, {768, 1024}, {1280, 800}} {
			p.Do(chromedp.EmulateViewport(s[0], s[1]), chromedp.Sleep(150*time.Millisecond))
			if over := p.Eval(`String(document.documentElement.scrollWidth - document.documentElement.clientWidth)`); over != "0" {
				t.Errorf("%s at %dx%d: %s px too wide", name, s[0], s[1], over)
			}
			png, err := chromedp.Run(p.Ctx, chromedp.FullScreenshot(100))
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(out, fmt.Sprintf("%s-%dx%d.png", name, s[0], s[1])), png, 0o644))
		}
		p.AxeCheck(name)
	}

	p.OnNewDocument(`window.__errs=[];addEventListener('error',function(e){__errs.push(e.message)});addEventListener('unhandledrejection',function(e){__errs.push(String(e.reason&&e.reason.stack||JSON.stringify(e.reason)))})`)
	p.Navigate(base, "signin")
	p.Check("signin")
	p.Do(chromedp.SendKeys(chromedp.CSS(`#email`), fmt.Sprintf("role%d@a.example", enums.RoleIDCounterTablet)),
		chromedp.SendKeys(chromedp.CSS(`#password`), "a good long password"))
	p.Click(`#signin-form button[type=submit]`)
	p.WaitScreen("waiting")

	titles := map[string][2]string{"en-GB": {"Check-in", "Thank you!"}, "nl-NL": {"Check-in", "Dank u wel!"},
		"fr-FR": {"Enregistrement", "Merci !"}, "de-DE": {"Check-in", "Vielen Dank!"}}
	var last int
	for _, lang := range []string{"en-GB", "nl-NL", "fr-FR", "de-DE"} {
		p.Eval(fmt.Sprintf(`localStorage.setItem('tablet.lang', %q); location.reload(); 'ok'`, lang))
		p.WaitScreen("waiting")
		if lang == "en-GB" {
			shoot("waiting-" + lang)
		}
		last = f.sendDesk(ap.ID, false)
		p.WaitScreen("desk")
		p.Contains("h1", titles[lang][0])
		require.Eventually(t, func() bool {
			return f.db.DeskCommunication.GetX(ctx, last).Status == enums.DeskCommunicationStatusOpened
		}, 10*time.Second, 100*time.Millisecond, "the tablet reports received and opened")
		require.Equal(t, lang, p.Eval(`document.documentElement.lang`))
		shoot("desk-" + lang)
		// Submitting unsigned is refused on the screen.
		p.Click(`#submit`)
		require.NotEmpty(t, p.Text(`#form-error`))
		p.Click(`input[data-iv]`)
		p.Click(`input[data-ag]`)
		if lang == "nl-NL" {
			// With the keyboard alone: the typed name becomes the signature
			// (the server's check for ink passes).
			p.Do(chromedp.Focus(chromedp.CSS(`#sig-type`)), chromedp.KeyEvent("\r"))
		} else {
			require.Equal(t, "drawn", p.Eval(drawSignature))
		}
		p.Click(`#submit`)
		p.WaitScreen("thanks")
		p.Contains("h1", titles[lang][1])
		shoot("thanks-" + lang)
		d := f.db.DeskCommunication.GetX(ctx, last)
		require.Equal(t, enums.DeskCommunicationStatusAnswered, d.Status, lang)
		require.Equal(t, "Jan de Vries", d.CustomerName)
		require.Equal(t, 1, f.db.DeskAgreedIntervention.Query().Where(deskagreedintervention.DeskCommunicationID(last)).CountX(ctx), lang)
		require.Empty(t, p.Eval(`localStorage.getItem('tablet.outbox') || ''`), "the outbox is empty once the answer is taken")
	}
	// The network drops while the customer confirms: the screen says so,
	// keeps the answer and sends it once the network is back.
	last = f.sendDesk(ap.ID, false)
	p.WaitScreen("desk")
	require.Eventually(t, func() bool {
		return f.db.DeskCommunication.GetX(ctx, last).Status == enums.DeskCommunicationStatusOpened
	}, 10*time.Second, 100*time.Millisecond)
	p.Click(`input[data-ag]`)
	require.Equal(t, "drawn", p.Eval(drawSignature))
	offline(p, true)
	p.Click(`#submit`)
	p.WaitFor(`document.getElementById('net').textContent !== ''`)
	require.NotEmpty(t, p.Eval(`localStorage.getItem('tablet.outbox') || ''`), "the answer waits in the outbox")
	require.Equal(t, "true", p.Eval(`String(document.getElementById('submit').disabled)`), "no second submit meanwhile")
	require.Equal(t, enums.DeskCommunicationStatusOpened, f.db.DeskCommunication.GetX(ctx, last).Status)
	offline(p, false)
	p.WaitScreen("thanks")
	require.Equal(t, enums.DeskCommunicationStatusAnswered, f.db.DeskCommunication.GetX(ctx, last).Status)
	require.Len(t, rec.starts, 5, "one confirmation per answered desk check-in")
	require.Equal(t, "[]", p.Eval(`JSON.stringify(window.__errs)`), "no script error")

	// The staff read names the signature; its URL serves the canvas's PNG.
	recep := f.token(enums.RoleIDReceptionist)
	var read struct {
		Desks []struct {
			ID     int `json:"id"`
			Events []struct {
				CustomerSignature string `json:"customer_signature"`
			} `json:"events"`
		} `json:"desk_communications"`
	}
	code, body = f.call("GET", fmt.Sprintf("/v1/appointments/%d/desk_checkin", ap.ID), recep, nil, &read)
	require.Equal(t, http.StatusOK, code, string(body))
	path := ""
	for _, d := range read.Desks {
		for _, e := range d.Events {
			if d.ID == last && e.CustomerSignature != "" {
				path = e.CustomerSignature
			}
		}
	}
	require.True(t, strings.HasSuffix(path, fmt.Sprintf("/v1/desk_checkin/%d/signature", last)), path)
	req, err := http.NewRequest("GET", ts.URL+fmt.Sprintf("/v1/desk_checkin/%d/signature", last), nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+recep)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	png, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Equal(t, "\x89PNG", string(png[:4]))
}
