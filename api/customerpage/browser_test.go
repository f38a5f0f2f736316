package customerpage

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The customer page in a real browser: Debian's chromium, driven by chromedp,
// against Handler("/app/") and a fake of the customer endpoints (fake_test.go)
// serving the spec-shaped fixtures in testdata/. Every screen is checked with
// axe-core (serious and critical violations fail) and saved as screenshots at
// 375 px and 1280 px.
//
// Chromium: PITSTOP_CHROMIUM, else chromium on PATH (.ci/run installs Debian's).
// axe-core: PITSTOP_AXE_JS, else <repo>/.tools/axe/node_modules/axe-core/axe.min.js
// (.ci/run runs `npm install --prefix .tools/axe axe-core@4`; .tools/ is gitignored).
// Without them the test skips, unless PITSTOP_REQUIRE_BROWSER=1 (set by .ci/run).
// Screenshots go to PITSTOP_TEST_OUTPUT/customerpage, else os.TempDir()/pitstop-screens.

type page struct {
	t    *testing.T
	ctx  context.Context
	base string
	axe  string
	out  string
}

func need(t *testing.T, what string) {
	t.Helper()
	if os.Getenv("PITSTOP_REQUIRE_BROWSER") == "1" {
		t.Fatalf("%s not found (PITSTOP_REQUIRE_BROWSER=1); run .ci/run or see browser_test.go", what)
	}
	t.Skipf("%s not found; run .ci/run or see browser_test.go", what)
}

func chromiumPath(t *testing.T) string {
	if p := os.Getenv("PITSTOP_CHROMIUM"); p != "" {
		return p
	}
	for _, n := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	need(t, "chromium")
	return ""
}

func axeSource(t *testing.T) string {
	p := os.Getenv("PITSTOP_AXE_JS")
	if p == "" {
		_, file, _, _ := runtime.Caller(0)
		p = filepath.Join(filepath.Dir(file), "..", "..", ".tools", "axe", "node_modules", "axe-core", "axe.min.js")
	}
	b, err := os.ReadFile(p)
	if err != nil {
		need(t, "axe-core ("+p+")")
	}
	return string(b)
}

func outputDir(t *testing.T) string {
	dir := filepath.Join(os.TempDir(), "pitstop-screens")
	if o := os.Getenv("PITSTOP_TEST_OUTPUT"); o != "" {
		dir = filepath.Join(o, "customerpage")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestBrowser(t *testing.T) {
	chromium := chromiumPath(t)
	axe := axeSource(t)
	fake := newFakeAPI(t)
	mux := http.NewServeMux()
	mux.Handle("/app/", Handler("/app/"))
	fake.register(mux)
	ts := httptest.NewServer(mux)
	defer ts.Close()
	out := outputDir(t)
	t.Logf("screenshots in %s", out)
	fmt.Println("customer page screenshots:", out)

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("lang", "en-GB"))
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	browserCtx, cancelBrowser := chromedp.NewContext(allocCtx)
	defer cancelBrowser()
	if err := chromedp.Do(browserCtx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	tab := func(t *testing.T) *page {
		ctx, cancel := chromedp.NewContext(browserCtx)
		t.Cleanup(cancel)
		ctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
		t.Cleanup(cancelT)
		// Pages fail on uncaught exceptions: collect them.
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(375, 812)); err != nil {
			t.Fatal(err)
		}
		return &page{t: t, ctx: ctx, base: ts.URL, axe: axe, out: out}
	}
	photo := filepath.Join(t.TempDir(), "dashboard-light.png")
	if err := os.WriteFile(photo, tinyPNG, 0o644); err != nil {
		t.Fatal(err)
	}

	t.Run("dictionaries complete", func(t *testing.T) {
		p := tab(t)
		p.open("CLOSED1", "closed")
		missing := p.eval(`(() => { const D = window.PitstopI18n, en = Object.keys(D['en-GB']), out = [];
			for (const l of ['en-GB','nl-NL','fr-FR','de-DE']) { if (!D[l]) { out.push(l); continue; }
				for (const k of en) if (!D[l][k]) out.push(l + ':' + k);
				for (const k of Object.keys(D[l])) if (!(k in D['en-GB'])) out.push(l + ' extra:' + k); }
			return out.join(' '); })()`)
		if missing != "" {
			t.Fatalf("untranslated strings: %s", missing)
		}
	})

	t.Run("check-in en-GB", func(t *testing.T) {
		p := tab(t)
		p.open("CHECKIN1", "checkin")
		p.waitFor(`document.querySelector('input[name=locker]') !== null`) // is_acses_available said yes
		p.contains("h1", "Online check-in")
		p.contains("main", "Welcome! Please check in for your visit to Autohuis Demo Utrecht.")
		p.contains("main", "Winter tyre change")
		p.contains("main", "€95.59 incl. VAT") // 79.00 + 21 % VAT
		p.contains("main", "Work is carried out under the general terms")
		p.contains("#brand", "Autohuis Demo Utrecht")
		if got := p.eval(`getComputedStyle(document.getElementById('brand')).color`); got != "rgb(0, 0, 0)" {
			t.Errorf("text on the yellow dealer colour should be black, got %s", got)
		}
		p.shoot("checkin")
		p.axeCheck("checkin")

		// A required agreement not ticked: the page says so and sends nothing.
		p.click(`#submit`)
		p.waitFor(`document.getElementById('errors').textContent.includes('Please accept the required agreements.')`)
		if n := len(fake.answers("/v1/online_checkin/answer")); n != 0 {
			t.Fatalf("%d answers sent for an incomplete form", n)
		}
		p.click(`input[data-result="31"]`)
		p.click(`input[data-agreement="5"]`)
		p.do(chromedp.SendKeys(chromedp.CSS(`textarea[name=remark]`), "The dashboard shows a warning light."))
		p.do(chromedp.SetUploadFiles(chromedp.CSS(`input[data-photo]`), []string{photo}))
		p.waitFor(`document.querySelector('[data-url]') !== null`)
		p.eval(`document.querySelector('input[data-k=phone]').value = ''`)
		p.do(chromedp.SendKeys(chromedp.CSS(`input[data-k=phone]`), "+31 6 87654321"))
		p.click(`input[name=locker][value="1"]`)
		p.shoot("checkin-filled")
		// Two clicks in a row send one answer.
		p.eval(`(() => { const b = document.getElementById('submit'); b.click(); b.click(); })()`)
		p.waitScreen("checkin-done")
		p.contains("#pin", "482913")
		p.contains("#locker-name", "Entrance locker")
		p.contains("main", "Winter tyre change")
		answers := fake.answers("/v1/online_checkin/answer")
		if len(answers) != 1 {
			t.Fatalf("%d answers sent, want 1", len(answers))
		}
		var got struct {
			Key     string `json:"key"`
			Results []struct {
				ID       int  `json:"id"`
				Accepted bool `json:"accepted"`
			} `json:"results"`
			Remarks []struct {
				Description string   `json:"description"`
				Attachments []string `json:"attachments"`
			} `json:"remarks"`
			CorrectPhone string `json:"correct_phone"`
			CorrectEmail string `json:"correct_email"`
			AgreementIDs []int  `json:"agreement_ids"`
			CustomerName string `json:"customer_name"`
			Channel      int    `json:"preferred_communication_channel"`
			Locker       bool   `json:"drop_in_acses_locker"`
		}
		if err := json.Unmarshal([]byte(answers[0].Body), &got); err != nil {
			t.Fatal(err)
		}
		if got.Key != "CHECKIN1" || len(got.Results) != 3 || !got.Results[0].Accepted || got.Results[1].Accepted ||
			!reflect.DeepEqual(got.AgreementIDs, []int{5}) || got.CustomerName != "Jamie de Vries" || got.Channel != 2 || !got.Locker ||
			got.CorrectPhone != "+31 6 87654321" || got.CorrectEmail != "" || len(got.Remarks) != 1 ||
			got.Remarks[0].Description != "The dashboard shows a warning light." || len(got.Remarks[0].Attachments) != 1 ||
			!strings.HasPrefix(got.Remarks[0].Attachments[0], "/files/") {
			t.Errorf("check-in answer: %s", answers[0].Body)
		}
		p.shoot("checkin-done")
		p.axeCheck("checkin-done")
	})

	t.Run("check-in answer lost on the network", func(t *testing.T) {
		p := tab(t)
		p.open("CHECKINDROP", "checkin")
		p.click(`input[data-agreement="5"]`)
		p.click(`#submit`)
		p.waitFor(`document.getElementById('submit').textContent === 'Try again'`)
		p.contains("#errors", "connection problem")
		p.shoot("checkin-network-error")
		p.click(`#submit`)
		p.waitScreen("checkin-done")
		p.contains("main", "This was already answered.")
		answers := fake.answers("/v1/online_checkin/answer")
		var mine []recorded
		for _, a := range answers {
			if a.Key == "CHECKINDROP" {
				mine = append(mine, a)
			}
		}
		if len(mine) != 2 || mine[0].Body != mine[1].Body {
			t.Fatalf("the retry must send the same payload: %+v", mine)
		}
		p.shoot("checkin-already-answered")
		p.axeCheck("checkin-already-answered")
	})

	t.Run("diagnose overview en-GB", func(t *testing.T) {
		p := tab(t)
		p.open("DIAG1", "diagnose")
		p.contains("h1", "Inspection results")
		p.contains(`[data-iv="101"]`, "Front brake pads and discs")
		p.contains(`[data-iv="101"]`, "€350.30 incl. VAT") // 289.50 + 21 %
		p.contains(`[data-iv="101"]`, "Pads at 2 mm front left and right.")
		p.contains(`[data-iv="101"]`, "Brake discs front")
		p.contains(`[data-iv="104"]`, "Price on request") // warranty price hidden by the location
		if n := p.eval(`String(document.querySelectorAll('[data-iv="101"] .photos img').length)`); n != "2" {
			t.Errorf("photos of item 101: %s", n)
		}
		p.contains("#total", "€0.00")
		p.shoot("diagnose")
		p.axeCheck("diagnose")
		p.click(`input[name=iv101][value="2"]`)
		p.click(`input[name=iv102][value="2"]`)
		p.contains("#total", "€401.12") // 350.30 + 50.82
		p.click(`input[name=iv103][value="3"]`)
		p.click(`#submit`)
		p.waitFor(`document.getElementById('errors').textContent.includes('Please choose an answer for every item.')`)
		p.click(`input[name=iv104][value="4"]`)
		p.click(`input[data-cca="55"]`)
		p.shoot("diagnose-filled")
		p.click(`#submit`)
		p.waitScreen("diagnose-done")
		p.contains("#total", "€401.12")
		p.contains("main", "Declined")
		answers := fake.answers("/v2/diagnose_overview/answer")
		if len(answers) != 1 {
			t.Fatalf("%d diagnose answers", len(answers))
		}
		var got struct {
			Key           string `json:"key"`
			Interventions []struct {
				ID     int     `json:"id"`
				Status int     `json:"communication_result_status"`
				Title  string  `json:"title"`
				Price  float64 `json:"price"`
			} `json:"interventions"`
			AgreementIDs []int  `json:"agreement_ids"`
			CustomerName string `json:"customer_name"`
		}
		if err := json.Unmarshal([]byte(answers[0].Body), &got); err != nil {
			t.Fatal(err)
		}
		decisions := map[int]int{}
		for _, iv := range got.Interventions {
			decisions[iv.ID] = iv.Status
		}
		if got.Key != "DIAG1" || !reflect.DeepEqual(decisions, map[int]int{101: 2, 102: 2, 103: 3, 104: 4}) ||
			!reflect.DeepEqual(got.AgreementIDs, []int{55}) || got.CustomerName != "Jamie de Vries" {
			t.Errorf("diagnose answer: %s", answers[0].Body)
		}
		p.shoot("diagnose-done")
		p.axeCheck("diagnose-done")
	})

	t.Run("repair overview en-GB", func(t *testing.T) {
		p := tab(t)
		p.open("REPAIR1", "repair")
		p.contains("h1", "Your car is ready")
		p.contains("#done", "Annual service")
		p.contains("#done", "Front brake pads and discs")
		p.contains("#not-done", "Wiper blades")
		p.contains("#not-done", "Declined")
		p.contains("#done", "€634.50")  // subtotal excl. VAT
		p.contains("#done", "€133.25")  // 21 % VAT
		p.contains("#total", "€767.75") // total incl. VAT
		p.shoot("repair")
		p.axeCheck("repair")
		p.click(`#pdf`)
		p.waitFor(`document.getElementById('pdf').hasAttribute('data-ready')`)
		if d := fake.answers("/v1/repair_overview/download"); len(d) != 1 || !strings.Contains(d[0].Body, `"communication_key":"REPAIR1"`) {
			t.Errorf("download requests: %+v", d)
		}
		if got := p.eval(`document.getElementById('pdf').download`); got != "repair-overview-WO-1001.pdf" {
			t.Errorf("download name %q", got)
		}
	})

	t.Run("closed", func(t *testing.T) {
		p := tab(t)
		p.open("CLOSED1", "closed")
		p.contains("h1", "This page is closed")
		p.contains("main", "+31 30 123 45 67")
		p.shoot("closed")
		p.axeCheck("closed")
	})

	t.Run("wrong key", func(t *testing.T) {
		p := tab(t)
		p.open("NOT-A-KEY", "wrong-key")
		p.contains("h1", "This link is not valid")
		p.shoot("wrong-key")
		p.axeCheck("wrong-key")
		p.open("", "wrong-key") // no key at all: nothing is asked of the server
	})

	t.Run("unavailable", func(t *testing.T) {
		p := tab(t)
		p.open("DOWN", "unavailable")
		p.contains("h1", "We cannot reach our service")
		p.shoot("unavailable")
		p.axeCheck("unavailable")
	})

	t.Run("nl-NL", func(t *testing.T) {
		p := tab(t)
		p.open("CHECKINNL", "checkin")
		if lang := p.eval(`document.documentElement.lang`); lang != "nl-NL" {
			t.Errorf("lang %q", lang)
		}
		p.waitFor(`document.querySelector('input[name=locker]') !== null`)
		p.contains("h1", "Online inchecken")
		p.contains("main", "€ 95,59 incl. btw")
		p.contains("main", "Voorgestelde werkzaamheden")
		p.contains("main", "3 december 2026")
		p.shoot("nl-checkin")
		p.axeCheck("nl-checkin")
		p.click(`input[data-agreement="5"]`)
		p.click(`input[name=locker][value="1"]`)
		p.click(`#submit`)
		p.waitScreen("checkin-done")
		p.contains("h1", "U bent ingecheckt")
		p.contains("#pin", "482913")
		p.contains("#locker-name", "Sleutelkluis: Entrance locker")
		p.shoot("nl-checkin-done")
		p.axeCheck("nl-checkin-done")

		p.open("DIAGNL", "diagnose")
		p.contains("h1", "Resultaten van de controle")
		p.contains(`[data-iv="101"]`, "€ 350,30 incl. btw")
		p.contains(`[data-iv="101"]`, "Ja, uitvoeren")
		p.click(`input[name=iv101][value="2"]`)
		p.click(`input[name=iv102][value="2"]`)
		p.contains("#total", "€ 401,12")
		p.shoot("nl-diagnose")
		p.axeCheck("nl-diagnose")

		p.open("REPAIRNL", "repair")
		p.contains("h1", "Uw auto is klaar")
		p.contains("#total", "€ 767,75")
		p.contains("main", "Werkoverzicht downloaden (pdf)")
		p.shoot("nl-repair")
		p.axeCheck("nl-repair")

		p.open("CLOSEDNL", "closed")
		p.contains("h1", "Deze pagina is gesloten")
		p.shoot("nl-closed")
		p.axeCheck("nl-closed")
	})
}

func (p *page) do(a ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, a...); err != nil {
		p.t.Fatal(err)
	}
}

func (p *page) eval(js string) string {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[any](js))
	if err != nil {
		p.t.Fatalf("%s: %v", js, err)
	}
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

// open loads /app/#!/<key> afresh and waits for the screen.
func (p *page) open(key, screen string) {
	p.t.Helper()
	p.do(chromedp.Navigate("about:blank"), chromedp.Navigate(p.base+"/app/#!/"+key))
	p.waitScreen(screen)
}

func (p *page) waitScreen(screen string) {
	p.t.Helper()
	p.waitFor(fmt.Sprintf(`document.getElementById('main').getAttribute('data-screen') === %q`, screen))
}

func (p *page) waitFor(cond string) {
	p.t.Helper()
	// A plain loop rather than chromedp.Poll: a poll started while the page
	// navigates loses its execution context.
	deadline := time.Now().Add(15 * time.Second)
	for {
		v, err := chromedp.Run(p.ctx, chromedp.Evaluate[bool](cond))
		if err == nil && v {
			return
		}
		if time.Now().After(deadline) || p.ctx.Err() != nil {
			body, _ := chromedp.Run(p.ctx, chromedp.Evaluate[string](`document.getElementById('main').innerText`))
			p.t.Fatalf("waiting for %s: %v\npage shows:\n%s", cond, err, body)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (p *page) click(sel string) {
	p.t.Helper()
	p.do(chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

func (p *page) contains(sel, want string) {
	p.t.Helper()
	got := p.eval(fmt.Sprintf(`(document.querySelector(%q) || {}).innerText || ''`, sel))
	// Intl puts narrow no-break spaces in some formats; compare with plain spaces.
	norm := strings.NewReplacer("\u00a0", " ", "\u202f", " ")
	if !strings.Contains(norm.Replace(got), want) {
		p.t.Errorf("%s does not show %q; it shows:\n%s", sel, want, got)
	}
}

// shoot saves the whole page at phone and desktop width.
func (p *page) shoot(name string) {
	p.t.Helper()
	for _, w := range []int64{375, 1280} {
		p.do(chromedp.EmulateViewport(w, 900), chromedp.Sleep(150*time.Millisecond))
		png, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100))
		if err != nil {
			p.t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(p.out, fmt.Sprintf("%s-%d.png", name, w)), png, 0o644); err != nil {
			p.t.Fatal(err)
		}
	}
	p.do(chromedp.EmulateViewport(375, 812))
}

type violation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// axeCheck runs axe-core on the page at both widths and fails on serious or critical violations.
func (p *page) axeCheck(name string) {
	p.t.Helper()
	if p.eval(`typeof window.axe`) != "object" {
		p.do(chromedp.Evaluate[chromedp.Void](p.axe))
	}
	for _, w := range []int64{375, 1280} {
		p.do(chromedp.EmulateViewport(w, 900))
		vs, err := chromedp.Run(p.ctx, chromedp.Evaluate[[]violation](`axe.run(document, {resultTypes: ['violations']}).then(r => r.violations
			.filter(v => v.impact === 'serious' || v.impact === 'critical')
			.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ') + ' ' + (n.failureSummary || ''))})))`,
			chromedp.EvalAwaitPromise))
		if err != nil {
			p.t.Fatalf("axe: %v", err)
		}
		for _, v := range vs {
			p.t.Errorf("%s at %d px: axe %s (%s): %s\n  %s", name, w, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n  "))
		}
	}
	p.do(chromedp.EmulateViewport(375, 812))
}

// tinyPNG is a 1×1 PNG: the "photo" the test uploads.
var tinyPNG = []byte{0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00,
	0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0, 0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99,
	0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82}
