//go:build screens

package workshoppage

import (
	"context"
	"encoding/json"
	"fmt"
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

	"github.com/pitstop-dev/pitstop/internal/browsertest"
)

// The workshop screen in a real browser: Debian's chromium, driven by
// chromedp, against Handler("/workshop/") and a fake of the endpoints it
// calls (fake_test.go). Every screen is checked with axe-core (serious and
// critical violations fail) and saved at phone (375 px) and tablet (768 px)
// width; every control on it must be at least 48 × 48 px.

func TestWorkshopBrowser(t *testing.T) {
	chromium := browsertest.Chromium(t)
	axe := browsertest.Axe(t)
	// The screen's devices: a phone and a workshop tablet.
	defer func(w []int64) { browsertest.Widths = w }(browsertest.Widths)
	browsertest.Widths = []int64{375, 768}
	fake, base, photo := serve(t)
	out := browsertest.OutputDir(t, "workshoppage")
	t.Logf("screenshots in %s", out)
	fmt.Println("workshop screen screenshots:", out)
	// One English browser for the whole test; each other language starts
	// (and stops) its own, with that browser language.
	english := browsertest.Browser(t, chromium, "en-GB")
	tab := func(t *testing.T, lang string) *browsertest.Page {
		browser := english
		if lang != "en-GB" {
			browser = browsertest.Browser(t, chromium, lang)
		}
		return signedOut(t, browser, base, axe, out)
	}

	t.Run("dictionaries complete", func(t *testing.T) {
		p := tab(t, "en-GB")
		missing := p.Eval(`(() => { const D = window.PitstopI18n, en = Object.keys(D['en-GB']), out = [];
			for (const l of ['en-GB','nl-NL','fr-FR','de-DE']) { if (!D[l]) { out.push(l); continue; }
				for (const k of en) if (!D[l][k]) out.push(l + ':' + k);
				for (const k of Object.keys(D[l])) if (!(k in D['en-GB'])) out.push(l + ' extra:' + k); }
			return out.join(' '); })()`)
		if missing != "" {
			t.Fatalf("untranslated strings: %s", missing)
		}
	})

	t.Run("walk at 375 px", func(t *testing.T) {
		p := tab(t, "en-GB")
		walk(t, p, fake, photo, 101, 375, "phone")
	})
	t.Run("walk at tablet width", func(t *testing.T) {
		p := tab(t, "en-GB")
		walk(t, p, fake, photo, 102, 768, "tablet")
	})

	t.Run("offline queue", func(t *testing.T) {
		p := tab(t, "en-GB")
		checkID := startAnnual(t, p)
		answer(p, 0, "", "")
		p.WaitFor(`document.getElementById('net').dataset.pending === '0'`)

		// The network drops while the mechanic answers the next question.
		offline(p, true)
		waitStep(p, "412:0")
		answer(p, 1, "Fluid slightly dark.", "")
		waitStep(p, "413:1")
		p.WaitFor(`document.getElementById('net').dataset.pending === '1'`)
		p.Contains("#net", "No network")
		p.Contains("#net", "1 waiting to be sent")
		queued := p.Eval(`JSON.parse(localStorage.getItem('pitstop.workshop.outbox.v1'))[0].body.answer_id`)
		if queued == "" {
			t.Fatal("the answer is not in the stored outbox")
		}
		p.Shoot("offline-queued")
		// Signing out would drop it: the first press only warns.
		p.Click("#signout")
		p.WaitFor(`document.getElementById('signout').textContent.includes('1 not sent yet')`)
		if got := p.Eval(`document.getElementById('main').dataset.screen`); got != "question" {
			t.Fatalf("signed out with an answer waiting (screen %s)", got)
		}
		time.Sleep(6 * time.Second) // at least one retry while offline
		if n := len(withAnswerID(fake.calls("/answers"), queued)); n != 0 {
			t.Fatalf("%d requests reached the server while offline", n)
		}
		offline(p, false)
		p.WaitFor(`document.getElementById('net').dataset.pending === '0'`)
		p.Contains("#net", "Everything is sent")
		time.Sleep(4 * time.Second) // nothing is sent twice afterwards
		if got := withAnswerID(fake.calls("/answers"), queued); len(got) != 1 {
			t.Fatalf("the queued answer reached the server %d times, want once", len(got))
		}
		if r := fake.results(checkID)["412:0"]; r.Status != 1 || r.MechanicNotes != "Fluid slightly dark." {
			t.Errorf("stored result of 412: %+v", r)
		}

		// The response is lost on its way back: the page sends the same
		// answer (same answer_id, same body) again; it is stored once.
		lost := p.LoseResponses("/answers", 1)
		answer(p, 0, "", "7.5")
		waitStep(p, "413:2")
		p.WaitFor(`document.getElementById('net').dataset.pending === '0'`)
		if lost() != 1 {
			t.Fatalf("%d responses lost, want 1", lost())
		}
		calls := fake.calls("/answers")
		last := calls[len(calls)-1]
		id := answerID(t, last.Body)
		same := withAnswerID(calls, id)
		if len(same) != 2 || same[0].Body != same[1].Body {
			t.Fatalf("the retry after a lost response must send the same answer: %+v", same)
		}
		if r := fake.results(checkID)["413:1"]; r.TyreProfile != 7.5 {
			t.Errorf("stored result of 413 front left: %+v", r)
		}

		// The server is away and the page is reloaded: the stored outbox
		// is sent once it is back.
		fake.setDown(true)
		answer(p, 3, "Worn to the wear bar.", "1.6")
		waitStep(p, "413:3")
		p.WaitFor(`document.getElementById('net').dataset.pending === '1'`)
		stored := p.Eval(`JSON.parse(localStorage.getItem('pitstop.workshop.outbox.v1'))[0].body.answer_id`)
		p.Navigate(base, "question")
		fake.setDown(false)
		p.WaitFor(`document.getElementById('net').dataset.pending === '0'`)
		got := withAnswerID(fake.calls("/answers"), stored)
		if len(got) < 2 {
			t.Fatalf("the stored answer was sent %d times; want a refused try and a retry after the reload", len(got))
		}
		for _, c := range got[1:] {
			if c.Body != got[0].Body {
				t.Errorf("a retry changed the answer: %s vs %s", c.Body, got[0].Body)
			}
		}
		if r := fake.results(checkID)["413:2"]; r.Status != 3 || r.TyreProfile != 1.6 {
			t.Errorf("stored result of 413 front right: %+v", r)
		}
	})

	// Every language: the screen follows the phone's language, every screen
	// is checked in it, and the walk ends.
	for _, l := range []struct{ lang string }{{"en-GB"}, {"nl-NL"}, {"fr-FR"}, {"de-DE"}} {
		t.Run(l.lang, func(t *testing.T) {
			p := tab(t, l.lang)
			if got := p.Eval(`document.documentElement.lang`); got != l.lang {
				t.Fatalf("lang %q, want %q", got, l.lang)
			}
			tr := func(k string) string {
				v := p.Eval(fmt.Sprintf(`PitstopI18n[%q][%q]`, l.lang, k))
				if en := p.Eval(fmt.Sprintf(`PitstopI18n['en-GB'][%q]`, k)); l.lang != "en-GB" && v == en && k != "s0" {
					t.Errorf("%s untranslated: %q", k, v)
				}
				return v
			}
			p.Contains("h1", tr("signinTitle"))
			short := strings.ToLower(l.lang[:2])
			p.Check(short + "-signin")
			signIn(p, "mechanic@demo.example", mechanicPW)
			p.Contains("h1", tr("carsTitle"))
			p.Check(short + "-cars")
			p.Click(`[data-appointment="101"]`)
			p.WaitScreen("checklists")
			p.Contains("h1", tr("checklistsTitle"))
			p.Check(short + "-checklists")
			p.Click(`[data-checklist="42"]`)
			p.WaitScreen("question")
			for _, s := range []string{"s0", "s1", "s2", "s3"} {
				p.Contains("label.status."+s, tr(s))
			}
			p.Contains("#step-of", strings.NewReplacer("{n}", "1", "{total}", "1").Replace(tr("stepOf")))
			p.Check(short + "-question")
			answer(p, 2, "", "")
			p.WaitScreen("review")
			p.Contains("h1", tr("reviewTitle"))
			p.Check(short + "-review")
			p.Click("#finish")
			p.WaitScreen("done")
			p.Contains("h1", tr("doneTitle"))
			p.Check(short + "-done")
		})
	}

	t.Run("language picker", func(t *testing.T) {
		p := tab(t, "en-GB")
		p.Do(chromedp.SetValue(chromedp.CSS(`#lang-select`), "de-DE"))
		p.Eval(`document.getElementById('lang-select').dispatchEvent(new Event('change'))`)
		p.WaitFor(`document.documentElement.lang === 'de-DE'`)
		p.Contains("h1", "Anmelden")
		p.Navigate(base, "signin") // remembered
		p.Contains("h1", "Anmelden")
	})

	t.Run("a role without car checks", func(t *testing.T) {
		p := tab(t, "en-GB")
		p.Do(chromedp.SendKeys(chromedp.CSS(`#email`), "tablet@demo.example"), chromedp.SendKeys(chromedp.CSS(`#password`), mechanicPW))
		p.Click("#signin-btn")
		p.WaitScreen("forbidden")
		p.Contains("main", "Your account may not do car checks.")
		p.Check("forbidden")
	})
}

// serve starts Handler("/workshop/") with the fake API behind it (until
// the test ends) and writes the photo the tests take: the fake, the
// screen's URL and the photo's path.
func serve(t *testing.T) (fake *fakeAPI, base, photo string) {
	fake = newFakeAPI(t)
	mux := http.NewServeMux()
	mux.Handle("/workshop/", Handler("/workshop/"))
	fake.register(mux)
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	photo = filepath.Join(t.TempDir(), "brake-pads.png")
	if err := os.WriteFile(photo, tinyPNG, 0o644); err != nil {
		t.Fatal(err)
	}
	return fake, ts.URL + "/workshop/", photo
}

// signedOut opens a tab of browser on the screen, signed out with nothing
// stored (tabs of one browser share the origin's localStorage).
func signedOut(t *testing.T, browser context.Context, base, axe, out string) *browsertest.Page {
	p := browsertest.NewPage(t, browser, base, axe, out)
	p.Do(chromedp.Navigate(base))
	p.WaitFor(`document.getElementById('main').hasAttribute('data-screen')`)
	p.Eval(`localStorage.clear()`)
	p.Navigate(base, "signin")
	return p
}

// startAnnual signs the mechanic in and starts the annual inspection of
// car 103: the check's ID.
func startAnnual(t *testing.T, p *browsertest.Page) int {
	t.Helper()
	signIn(p, "mechanic@demo.example", mechanicPW)
	p.Click(`[data-appointment="103"]`)
	p.WaitScreen("checklists")
	p.Click(`[data-checklist="41"]`)
	p.WaitScreen("question")
	return checkIDOf(t, p)
}

// walk signs in, picks the car, walks the annual inspection with a photo,
// skips the spare tyre, finishes anyway and checks what reached the server.
func walk(t *testing.T, p *browsertest.Page, fake *fakeAPI, photo string, apID int, width int64, name string) {
	view := func() { p.Do(chromedp.EmulateViewport(width, 1000)) }
	check := func(screen string) { p.Check(name + "-" + screen); view() }
	// The phone is set to New York: the cars are listed by the workshop's day and clock (Amsterdam).
	p.TimeZone("America/New_York")
	view()
	check("signin")
	targets(t, p)

	p.Do(chromedp.SendKeys(chromedp.CSS(`#email`), "mechanic@demo.example"), chromedp.SendKeys(chromedp.CSS(`#password`), "wrong password!"))
	p.Click("#signin-btn")
	p.WaitFor(`document.getElementById('errors').textContent.includes('Wrong e-mail address or password.')`)
	p.Do(chromedp.SetValue(chromedp.CSS(`#password`), mechanicPW))
	p.Click("#signin-btn")
	p.WaitScreen("cars")
	if got := p.Eval(`Array.from(document.querySelectorAll('[data-appointment]')).map(e => e.dataset.appointment).join(',')`); got != "101,102,103" {
		t.Errorf("today's cars: %s, want 101,102,103 (not the cancelled one, not yesterday's late one, not tonight's after midnight)", got)
	}
	p.Contains(`[data-appointment="101"]`, "08:30")
	p.Contains(`[data-appointment="102"]`, "09:15")
	p.Contains(`[data-appointment="102"]`, "Customer waits")
	p.Contains(`[data-appointment="103"]`, "13:00")
	p.Contains("#cars-date", "Autohuis Demo Utrecht")
	check("cars")
	targets(t, p)

	p.Click(fmt.Sprintf(`[data-appointment="%d"]`, apID))
	p.WaitScreen("checklists")
	p.Contains("main", "Annual inspection")
	check("checklists")
	targets(t, p)
	p.Click(`[data-checklist="41"]`)
	p.WaitScreen("question")
	checkID := checkIDOf(t, p)
	waitStep(p, "411:0")
	p.Contains("h1", "Front brake pads")
	p.Contains("#step-of", "Question 1 of 7")

	// No result chosen: the page says so and sends nothing.
	p.Click("#save")
	p.WaitFor(`document.getElementById('errors').textContent.includes('Choose a result first.')`)
	p.Click(`label.status.s3`)
	p.Click(`.options input[value="Pads"]`)
	p.Do(chromedp.SendKeys(chromedp.CSS(`#notes`), "Pads at 2 mm."))
	p.Do(chromedp.SendKeys(chromedp.CSS(`#price`), "210.50"))
	p.Do(chromedp.SetUploadFiles(chromedp.CSS(`#photo-input`), []string{photo}))
	p.WaitFor(`document.querySelectorAll('#thumbs img').length === 1`)
	check("question")
	targets(t, p)
	p.Click("#save")
	waitStep(p, "412:0")
	answer(p, 0, "", "")
	waitStep(p, "413:1")
	p.Contains("#tyre-pos", "Front left tyre")
	check("question-tyre")
	targets(t, p)
	answer(p, 0, "", "6.5")
	waitStep(p, "413:2")
	answer(p, 0, "", "6,4") // a decimal comma is read too
	waitStep(p, "413:3")
	answer(p, 3, "Worn to the wear bar.", "2.1")
	waitStep(p, "413:4")
	answer(p, 2, "", "2.4")
	waitStep(p, "413:9")
	p.Contains("#tyre-pos", "Spare tyre")
	p.Click("#skip-q")
	p.WaitScreen("review")
	p.WaitFor(`document.getElementById('net').dataset.pending === '0'`)
	p.Contains("#left", "Not answered yet: 1.")
	p.Contains(`[data-step="413:9"]`, "Not answered")
	p.Contains(`[data-step="411:0"]`, "Necessary")
	check("review")
	targets(t, p)
	p.Click("#finish")
	p.WaitFor(`document.getElementById('errors').textContent.includes('Not answered: 1.')`)
	if n := len(fake.calls(fmt.Sprintf("/checks/%d/finish", checkID))); n != 0 {
		t.Fatalf("finished without the second press (%d)", n)
	}
	p.Contains("#finish", "Finish anyway")
	p.Click("#finish")
	p.WaitScreen("done")
	p.Contains("#done-text", "6 results stored")
	check("done")
	targets(t, p)

	// What reached the server.
	res := fake.results(checkID)
	if len(res) != 6 {
		t.Errorf("%d results stored, want 6: %+v", len(res), res)
	}
	pads := res["411:0"]
	if pads.Status != 3 || pads.MechanicNotes != "Pads at 2 mm." || pads.Price != 210.5 || strings.Join(pads.Options, ",") != "Pads" || len(pads.Images) != 1 {
		t.Errorf("front brake pads: %+v", pads)
	}
	if fluid := res["412:0"]; fluid.Status != 0 || fluid.Price != 24.95 {
		t.Errorf("brake fluid (the default price when not changed): %+v", fluid)
	}
	for k, want := range map[string]float64{"413:1": 6.5, "413:2": 6.4, "413:3": 2.1, "413:4": 2.4} {
		if got := res[k]; got.TyreProfile != want || int(got.TyrePosition) != int(k[4]-'0') {
			t.Errorf("%s: tyre %+v, want profile %g", k, got, want)
		}
	}
	if n := len(fake.calls(fmt.Sprintf("/checks/%d/finish", checkID))); n != 1 {
		t.Errorf("finish sent %d times", n)
	}
	// The photo went after its answer.
	var order []string
	for _, c := range fake.calls("") {
		if strings.HasPrefix(c.Path, fmt.Sprintf("/v1/workshop/appointments/%d/checks/%d/", apID, checkID)) {
			order = append(order, c.Path[strings.LastIndex(c.Path, "/")+1:])
		}
	}
	if len(order) < 2 || order[0] != "answers" || order[1] != "photos" {
		t.Errorf("requests in order: %v", order)
	}
}

func signIn(p *browsertest.Page, email, password string) {
	p.T.Helper()
	p.Do(chromedp.SendKeys(chromedp.CSS(`#email`), email), chromedp.SendKeys(chromedp.CSS(`#password`), password))
	p.Click("#signin-btn")
	p.WaitScreen("cars")
}

// answer picks a status, writes notes and a tyre profile, and saves.
func answer(p *browsertest.Page, status int, notes, profile string) {
	p.T.Helper()
	p.Click(fmt.Sprintf(`label.status.s%d`, status))
	if notes != "" {
		p.Do(chromedp.SendKeys(chromedp.CSS(`#notes`), notes))
	}
	if profile != "" {
		p.Do(chromedp.SendKeys(chromedp.CSS(`#profile`), profile))
	}
	p.Click("#save")
}

func waitStep(p *browsertest.Page, step string) {
	p.T.Helper()
	p.WaitFor(fmt.Sprintf(`(document.getElementById('answer') || {}).dataset && document.getElementById('answer').dataset.step === %q`, step))
}

func checkIDOf(t *testing.T, p *browsertest.Page) int {
	t.Helper()
	var id int
	if _, err := fmt.Sscan(p.Eval(`String(JSON.parse(localStorage.getItem('pitstop.workshop.v1')).walk.checkId)`), &id); err != nil || id == 0 {
		t.Fatalf("no check started: %v", err)
	}
	return id
}

func answerID(t *testing.T, body string) string {
	t.Helper()
	var b struct {
		AnswerID string `json:"answer_id"`
	}
	if err := json.Unmarshal([]byte(body), &b); err != nil {
		t.Fatal(err)
	}
	return b.AnswerID
}

func withAnswerID(calls []recorded, id string) []recorded {
	var out []recorded
	for _, c := range calls {
		var b struct {
			AnswerID string `json:"answer_id"`
		}
		if json.Unmarshal([]byte(c.Body), &b) == nil && b.AnswerID == id {
			out = append(out, c)
		}
	}
	return out
}

// offline cuts the tab's network (every request fails) and tells the page
// (navigator.onLine and its online/offline events), as a phone losing its
// signal would; false brings it back.
func offline(p *browsertest.Page, off bool) { offlineFor(p, "", off) }

// offlineFor is offline for the requests whose URL matches urlPattern only
// (a URLPattern string; "" is every request).
func offlineFor(p *browsertest.Page, urlPattern string, off bool) {
	p.T.Helper()
	p.Do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		c := network.Conditions{URLPattern: urlPattern, Offline: off, DownloadThroughput: -1, UploadThroughput: -1}
		if _, err := cdp.Call(ctx, t, network.EmulateNetworkConditionsByRule,
			network.EmulateNetworkConditionsByRuleParams{MatchedNetworkConditions: []*network.Conditions{&c}}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, t, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: off, DownloadThroughput: -1, UploadThroughput: -1})
		return err
	}))
}

// targets fails the test for any visible control smaller than 48 × 48 px
// (radio buttons, check boxes and the file input sit inside large labels,
// which are measured instead).
func targets(t *testing.T, p *browsertest.Page) {
	t.Helper()
	small := p.Eval(`Array.from(document.querySelectorAll('button, a[href]:not(.skip), select, textarea, input:not([type=radio]):not([type=checkbox]):not([type=file]), label.status, label.check, label.photo'))
		.filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
		.map(e => { const r = e.getBoundingClientRect(); return r.width < 48 || r.height < 48 ? (e.id || e.className || e.tagName) + ' ' + Math.round(r.width) + 'x' + Math.round(r.height) : ''; })
		.filter(Boolean).join('; ')`)
	if small != "" {
		t.Errorf("%s: controls under 48 px: %s", p.Eval(`document.getElementById('main').dataset.screen`), small)
	}
}

// tinyPNG is a 1×1 PNG: the "photo" the test takes.
var tinyPNG = []byte{0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00,
	0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0, 0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99,
	0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82}
