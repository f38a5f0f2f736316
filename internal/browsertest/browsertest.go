// Package browsertest drives Debian's chromium with chromedp for the customer
// page's browser tests (api/customerpage) and the end-to-end ones (e2e): it
// finds the browser and axe-core, opens tabs, waits for screens, saves
// screenshots at phone and desktop width and runs axe on every screen.
//
// Chromium: PITSTOP_CHROMIUM, else chromium (or chromium-browser) on PATH;
// .ci/run installs Debian's. axe-core: PITSTOP_AXE_JS, else
// <repo>/.tools/axe/node_modules/axe-core/axe.min.js (.ci/run runs
// `npm install --prefix .tools/axe axe-core@4`; .tools/ is gitignored).
// Without them a test skips with the reason, unless CI=true or
// PITSTOP_REQUIRE_BROWSER=1 (set by .ci/run): then it fails.
// Screenshots go to PITSTOP_TEST_OUTPUT/<sub>, else os.TempDir()/pitstop-screens/<sub>.
package browsertest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Required reports whether a missing browser must fail the test rather than skip it.
func Required() bool {
	return os.Getenv("PITSTOP_REQUIRE_BROWSER") == "1" || strings.EqualFold(os.Getenv("CI"), "true")
}

func need(t testing.TB, what string) {
	t.Helper()
	if Required() {
		t.Fatalf("%s not found (CI=true or PITSTOP_REQUIRE_BROWSER=1); run .ci/run, see internal/browsertest", what)
	}
	t.Skipf("%s not found (the test needs a real browser); run .ci/run, see internal/browsertest", what)
}

// Chromium is the browser's path, or skips (fails under CI) without one.
func Chromium(t testing.TB) string {
	t.Helper()
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

// Axe is axe-core's source, or skips (fails under CI) without it.
func Axe(t testing.TB) string {
	t.Helper()
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

// OutputDir is the folder for screenshots of sub.
func OutputDir(t testing.TB, sub string) string {
	t.Helper()
	dir := filepath.Join(os.TempDir(), "pitstop-screens", sub)
	if o := os.Getenv("PITSTOP_TEST_OUTPUT"); o != "" {
		dir = filepath.Join(o, sub)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// Browser starts chromium headless with the browser language lang and stops
// it when the test ends.
func Browser(t testing.TB, chromium, lang string) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("lang", lang), chromedp.Flag("accept-lang", lang))
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// Page is one tab at phone width (375 px).
type Page struct {
	T   testing.TB
	Ctx context.Context
	// Base is prefixed to the key by Open (for example "http://host/app/#!/").
	Base string
	// AxeJS is axe-core's source (Axe); Out the screenshot folder (OutputDir).
	AxeJS, Out string
	lose       []*fetch.RequestPattern // LoseResponses' paths
}

// NewPage opens a tab in browser, closed when the test ends.
func NewPage(t testing.TB, browser context.Context, base, axe, out string) *Page {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	t.Cleanup(cancel)
	ctx, cancelT := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(cancelT)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(375, 812)); err != nil {
		t.Fatal(err)
	}
	return &Page{T: t, Ctx: ctx, Base: base, AxeJS: axe, Out: out}
}

// Do runs actions, failing the test on an error.
func (p *Page) Do(a ...chromedp.Action[chromedp.Void]) {
	p.T.Helper()
	if err := chromedp.Do(p.Ctx, a...); err != nil {
		p.T.Fatal(err)
	}
}

// Eval evaluates js and returns its value as text.
func (p *Page) Eval(js string) string {
	p.T.Helper()
	v, err := chromedp.Run(p.Ctx, chromedp.Evaluate[any](js))
	if err != nil {
		p.T.Fatalf("%s: %v", js, err)
	}
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

// Open loads Base+key afresh and waits for the screen.
func (p *Page) Open(key, screen string) {
	p.T.Helper()
	p.Navigate(p.Base+key, screen)
}

// Navigate loads url afresh (a fragment change alone would not reload) and
// waits for the screen.
func (p *Page) Navigate(url, screen string) {
	p.T.Helper()
	p.Do(chromedp.Navigate("about:blank"), chromedp.Navigate(url))
	p.WaitScreen(screen)
}

// WaitScreen waits until the page shows screen (main's data-screen).
func (p *Page) WaitScreen(screen string) {
	p.T.Helper()
	p.WaitFor(fmt.Sprintf(`document.getElementById('main').getAttribute('data-screen') === %q`, screen))
}

// WaitFor waits up to 15 s until the JavaScript condition holds.
func (p *Page) WaitFor(cond string) {
	p.T.Helper()
	// A plain loop rather than chromedp.Poll: a poll started while the page
	// navigates loses its execution context.
	deadline := time.Now().Add(15 * time.Second)
	for {
		v, err := chromedp.Run(p.Ctx, chromedp.Evaluate[bool](cond))
		if err == nil && v {
			return
		}
		if time.Now().After(deadline) || p.Ctx.Err() != nil {
			body, _ := chromedp.Run(p.Ctx, chromedp.Evaluate[string](`(document.getElementById('main') || document.body).innerText`))
			p.T.Fatalf("waiting for %s: %v\npage shows:\n%s", cond, err, body)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Click clicks the visible element sel.
func (p *Page) Click(sel string) {
	p.T.Helper()
	p.Do(chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

// ClickLive clicks sel as soon as it is there, finding and clicking it in
// one script. On a screen that live updates redraw (the console), a node
// found by one call can be gone by the next ("Could not find node with
// given id", or a click on nothing that then waits in vain).
func (p *Page) ClickLive(sel string) {
	p.T.Helper()
	q := strconv.Quote(sel)
	p.WaitFor(`(() => { const el = document.querySelector(` + q + `); if (!el) return false; el.click(); return true; })()`)
}

// Text is the visible text of sel, with Intl's no-break spaces made plain.
func (p *Page) Text(sel string) string {
	p.T.Helper()
	got := p.Eval(fmt.Sprintf(`(document.querySelector(%q) || {}).innerText || ''`, sel))
	return strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(got)
}

// Contains fails the test (and goes on) when sel does not show want.
func (p *Page) Contains(sel, want string) {
	p.T.Helper()
	if got := p.Text(sel); !strings.Contains(got, want) {
		p.T.Errorf("%s does not show %q; it shows:\n%s", sel, want, got)
	}
}

// Widths are the widths every screen is saved and checked at: a phone and a desktop.
var Widths = []int64{375, 1280}

// Shoot saves the whole page at phone and desktop width as <name>-<width>.png,
// failing the test when the page scrolls sideways at either.
func (p *Page) Shoot(name string) {
	p.T.Helper()
	for _, w := range Widths {
		p.Do(chromedp.EmulateViewport(w, 900), chromedp.Sleep(150*time.Millisecond))
		// Nothing wider than the screen: no sideways scrolling on a phone.
		if over := p.Eval(`String(document.documentElement.scrollWidth - document.documentElement.clientWidth)`); over != "0" {
			p.T.Errorf("%s at %d px: the page is %s px wider than the screen", name, w, over)
		}
		png, err := chromedp.Run(p.Ctx, chromedp.FullScreenshot(100))
		if err != nil {
			p.T.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(p.Out, fmt.Sprintf("%s-%d.png", name, w)), png, 0o644); err != nil {
			p.T.Fatal(err)
		}
	}
	p.Do(chromedp.EmulateViewport(375, 812))
}

type violation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// AxeCheck runs axe-core on the page at both widths and fails on serious or critical violations.
func (p *Page) AxeCheck(name string) {
	p.T.Helper()
	if p.Eval(`typeof window.axe`) != "object" {
		p.Do(chromedp.Evaluate[chromedp.Void](p.AxeJS))
	}
	for _, w := range Widths {
		p.Do(chromedp.EmulateViewport(w, 900))
		vs, err := chromedp.Run(p.Ctx, chromedp.Evaluate[[]violation](`axe.run(document, {resultTypes: ['violations']}).then(r => r.violations
			.filter(v => v.impact === 'serious' || v.impact === 'critical')
			.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ') + ' ' + (n.failureSummary || ''))})))`,
			chromedp.EvalAwaitPromise))
		if err != nil {
			p.T.Fatalf("axe: %v", err)
		}
		for _, v := range vs {
			p.T.Errorf("%s at %d px: axe %s (%s): %s\n  %s", name, w, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n  "))
		}
	}
	p.Do(chromedp.EmulateViewport(375, 812))
}

// Check is Shoot and AxeCheck: every screen is saved at both widths and checked.
func (p *Page) Check(name string) {
	p.T.Helper()
	p.Shoot(name)
	p.AxeCheck(name)
}

// Slow4G is Chrome DevTools' "Slow 4G" network throttling preset, as
// devtools-frontend defines it (front_end/core/sdk/NetworkManager.ts,
// Slow4GConditions; called "Fast 3G" until May 2024, crbug.com/342406608,
// to match Lighthouse): a 150 ms target RTT applied as 150 × 3.75 = 562.5 ms
// request latency, ~1.6 Mbps down as 1.6·10⁶/8 × 0.9 = 180000 B/s and
// ~750 kbps up as 750·10³/8 × 0.9 = 84375 B/s, connection type cellular4g.
// DevTools' own test (NetworkManager.test.ts) expects exactly these values in
// Network.emulateNetworkConditions.
var Slow4G = network.Conditions{Latency: 562.5, DownloadThroughput: 180000, UploadThroughput: 84375,
	ConnectionType: network.ConnectionTypeCellular4g}

// NoThrottling is DevTools' "No throttling": no added latency, no limits.
var NoThrottling = network.Conditions{Latency: 0, DownloadThroughput: -1, UploadThroughput: -1}

// Throttle applies c to every request of the tab (Network.emulateNetworkConditionsByRule
// with an empty URL pattern: DevTools' global conditions).
func (p *Page) Throttle(c network.Conditions) {
	p.T.Helper()
	c.URLPattern = ""
	p.Do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, network.EmulateNetworkConditionsByRule,
			network.EmulateNetworkConditionsByRuleParams{MatchedNetworkConditions: []*network.Conditions{&c}})
		return err
	}))
}

// MobileCPU is the CPU slowdown Lighthouse and DevTools apply for a
// mid-range phone ("4x slowdown").
const MobileCPU = 4

// ThrottleCPU slows the tab's CPU down rate times (Emulation.setCPUThrottlingRate;
// 1: no slowdown).
func (p *Page) ThrottleCPU(rate float64) {
	p.T.Helper()
	p.Do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetCPUThrottlingRate, emulation.SetCPUThrottlingRateParams{Rate: rate})
		return err
	}))
}

// TimeZone sets the tab's time zone (Emulation.setTimezoneOverride), as a
// phone set to that zone would have it.
func (p *Page) TimeZone(zone string) {
	p.T.Helper()
	p.Do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: zone})
		return err
	}))
}

// DisableCache makes every load of the tab a first visit.
func (p *Page) DisableCache() {
	p.T.Helper()
	p.Do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true})
		return err
	}))
}

// OnNewDocument runs js in every document the tab loads, before the page's own scripts.
func (p *Page) OnNewDocument(js string) {
	p.T.Helper()
	p.Do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: js})
		return err
	}))
}

// LoseResponses lets the server answer the first n requests whose URL path
// ends in suffix (such as "/v1/online_checkin/answer") and then fails them in
// the browser as a reset connection: the phone lost the answer on its way
// back. Later requests pass. It returns how many were lost so far. It may be
// called again for other paths.
func (p *Page) LoseResponses(suffix string, n int) func() int {
	p.T.Helper()
	var lost atomic.Int32
	p.lose = append(p.lose, &fetch.RequestPattern{URLPattern: "*" + suffix + "*", RequestStage: fetch.RequestStageResponse})
	p.Do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		events := cdp.Events(p.Ctx, t, fetch.RequestPaused) // buffered from here, before Fetch.enable
		go func() {
			for ev, err := range events {
				if err != nil {
					return
				}
				u, perr := url.Parse(ev.Request.URL)
				if perr != nil || !strings.HasSuffix(u.Path, suffix) {
					continue // another call's path
				}
				if int(lost.Load()) < n {
					lost.Add(1)
					_, _ = cdp.Call(p.Ctx, t, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonConnectionReset})
					continue
				}
				_, _ = cdp.Call(p.Ctx, t, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
			}
		}()
		_, err := cdp.Call(ctx, t, fetch.Enable, fetch.EnableParams{Patterns: p.lose})
		return err
	}))
	return func() int { return int(lost.Load()) }
}
