package e2e

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/pitstop-dev/pitstop/internal/browsertest"
)

// The goal for every screen's first screen, under Slow 4G.
const firstScreenGoal = 1500 * time.Millisecond

// paintMarks records, in every document, the browser's own paint timings
// (PerformanceObserver: first-contentful-paint, and the latest
// largest-contentful-paint candidate), when the page first shows the
// screen measured (main's data-screen set to it, a DOM change, with the
// selector `needs` present when given: the screen built from the data),
// and when that screen is painted: the task after the next animation frame
// runs once the frame is presented. The LCP candidate read then is final
// for the load (a page's frame, painted before the data arrives, can be
// larger than anything on the data screen: so both are kept). Times count
// from the start of the navigation.
func paintMarks(screen, needs string) string {
	return fmt.Sprintf(`(() => {
	const p = window.__pitstopPaint = {};
	new PerformanceObserver(l => { for (const e of l.getEntries()) if (e.name === 'first-contentful-paint') p.fcp = e.startTime; })
		.observe({type: 'paint', buffered: true});
	new PerformanceObserver(l => { const es = l.getEntries(); p.lcp = es[es.length - 1].startTime; })
		.observe({type: 'largest-contentful-paint', buffered: true});
	const screen = %q, needs = %q;
	new MutationObserver((_, o) => {
		const m = document.getElementById('main');
		if (m && m.getAttribute('data-screen') === screen && (!needs || m.querySelector(needs))) {
			p.data = performance.now(); o.disconnect();
			requestAnimationFrame(() => setTimeout(() => { p.dataPaint = performance.now(); p.settled = true; }, 0));
		}
	}).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-screen']});
})();`, screen, needs)
}

// paints is one load's timings.
type paints struct {
	fcp, lcp, data, dataPaint, asked, answered time.Duration
	calls                                      string // the API calls before the screen: path, start-end, bytes
}

// firstScreen is one screen whose first screen is measured.
type firstScreen struct {
	name   string // "customer page", in the figures printed
	what   string // what the first screen shows: "the customer's data"
	url    string // loaded afresh every time
	screen string // main's data-screen once it shows
	needs  string // a selector the screen must hold (its data), or ""
	// width and height are the viewport (0: the phone's, browsertest.NewPage's).
	width, height int64
	bytes, budget int // the page's own bytes (HTML, CSS, JS) uncompressed, and the budget
	// block are paths the measured loads never fetch: what a page opens
	// after its first screen and holds open (the console's live stream, 45 s
	// each) would otherwise hold the browser's six connections to the host
	// across loads and stall a later one.
	block []string
	// signIn, when set, signs the tab in before the loads (unthrottled);
	// the token stays in localStorage across them, as on a staff device.
	signIn func(p *browsertest.Page)
}

// benchFirstScreen loads sc's page in chromium with the cache disabled,
// each time as a first visit, 7 times (per b.N) as a device on a mobile
// network (DevTools' "Slow 4G" preset and a 4x CPU slowdown) and, as the
// baseline of the same run, as many times unthrottled. It prints the
// median and worst first contentful paint and largest contentful paint
// from the browser's own performance entries and when the screen was in
// the DOM and painted, the first screen's ratio to the 1.5 s goal (the
// later of LCP and the screen's paint), the verdict, and the page's own
// bytes against its budget.
func benchFirstScreen(b *testing.B, br context.Context, sc firstScreen) {
	p := browsertest.NewPage(b, br, "", "", "")
	if sc.width > 0 {
		p.Do(chromedp.EmulateViewport(sc.width, sc.height))
	}
	p.DisableCache()
	p.OnNewDocument(paintMarks(sc.screen, sc.needs))
	if sc.signIn != nil {
		sc.signIn(p)
	}
	if len(sc.block) > 0 {
		var ps []*network.BlockPattern
		for _, path := range sc.block {
			ps = append(ps, &network.BlockPattern{URLPattern: "*://*:*" + path, Block: true})
		}
		p.Do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, network.SetBlockedURLs, network.SetBlockedURLsParams{URLPatterns: ps})
			return err
		}))
	}
	ms := func(js string) time.Duration {
		v, err := strconv.ParseFloat(p.Eval(js), 64)
		if err != nil {
			b.Fatal(err)
		}
		return time.Duration(v * float64(time.Millisecond))
	}
	load := func(c network.Conditions, cpu float64) paints {
		p.Throttle(c)
		p.ThrottleCPU(cpu)
		p.Navigate(sc.url, sc.screen)
		p.WaitFor(`window.__pitstopPaint.settled === true && typeof window.__pitstopPaint.fcp === 'number' && typeof window.__pitstopPaint.lcp === 'number'`)
		// The calls to the API before the screen showed, from the
		// browser's resource timing: when the page asked first, and when the
		// last answer was in (0: none).
		api := func(pick string) time.Duration {
			return ms(`(() => { const es = performance.getEntriesByType('resource').filter(r => new URL(r.name).pathname.startsWith('/v1/') &&
				r.startTime < window.__pitstopPaint.data); return es.length ? ` + pick + ` : 0; })()`)
		}
		return paints{fcp: ms(`window.__pitstopPaint.fcp`), lcp: ms(`window.__pitstopPaint.lcp`),
			data: ms(`window.__pitstopPaint.data`), dataPaint: ms(`window.__pitstopPaint.dataPaint`),
			asked: api(`Math.min(...es.map(e => e.startTime))`), answered: api(`Math.max(...es.map(e => e.responseEnd))`),
			calls: p.Eval(`performance.getEntriesByType('resource').filter(r => new URL(r.name).pathname.startsWith('/v1/') &&
				r.startTime < window.__pitstopPaint.data).map(e => new URL(e.name).pathname + ' ' + Math.round(e.startTime) + '-' + Math.round(e.responseEnd) +
				' ms (' + e.encodedBodySize + ' bytes)').join(', ')`)}
	}
	load(browsertest.NoThrottling, 1) // the API's and the browser's first-use costs stay out of the figures

	const perOp = 7
	var slow, base []paints
	b.ResetTimer()
	for range b.N * perOp {
		base = append(base, load(browsertest.NoThrottling, 1))
		slow = append(slow, load(browsertest.Slow4G, browsertest.MobileCPU))
	}
	b.StopTimer()
	p.Throttle(browsertest.NoThrottling)
	p.ThrottleCPU(1)

	pick := func(ps []paints, f func(paints) time.Duration) (med, worst time.Duration) {
		ds := make([]time.Duration, len(ps))
		for i, x := range ps {
			ds[i] = f(x)
		}
		return median(ds), slices.Max(ds)
	}
	fcp := func(x paints) time.Duration { return x.fcp }
	lcp := func(x paints) time.Duration { return x.lcp }
	data := func(x paints) time.Duration { return x.data }
	dataPaint := func(x paints) time.Duration { return x.dataPaint }
	fcpMed, fcpWorst := pick(slow, fcp)
	lcpMed, lcpWorst := pick(slow, lcp)
	dataMed, _ := pick(slow, data)
	paintMed, paintWorst := pick(slow, dataPaint)
	askedMed, _ := pick(slow, func(x paints) time.Duration { return x.asked })
	answeredMed, _ := pick(slow, func(x paints) time.Duration { return x.answered })
	baseLCP, _ := pick(base, lcp)
	baseFCP, _ := pick(base, fcp)
	basePaint, _ := pick(base, dataPaint)
	// The goal is the first screen the user waits for: painted, and the
	// largest paint done.
	first := max(lcpMed, paintMed)
	goalRatio := float64(first) / float64(firstScreenGoal)
	verdict := "meets the goal"
	if first > firstScreenGoal {
		verdict = "short of the goal"
	}
	bytesVerdict := "within the budget"
	if sc.bytes > sc.budget {
		bytesVerdict = "over the budget"
	}
	b.ReportMetric(float64(fcpMed.Milliseconds()), "fcp-ms")
	b.ReportMetric(float64(lcpMed.Milliseconds()), "lcp-ms")
	b.ReportMetric(float64(lcpWorst.Milliseconds()), "lcp-worst-ms")
	b.ReportMetric(float64(paintMed.Milliseconds()), "data-paint-ms")
	b.ReportMetric(goalRatio, "first-screen-x-goal")
	b.ReportMetric(float64(lcpMed)/float64(max(baseLCP, time.Millisecond)), "lcp-x-baseline")
	b.ReportMetric(float64(sc.bytes), "page-bytes")
	r := func(d time.Duration) time.Duration { return d.Round(time.Millisecond) }
	view := "a phone's viewport"
	if sc.width > 0 {
		view = fmt.Sprintf("%dx%d viewport", sc.width, sc.height)
	}
	fmt.Printf("%s, %d cold loads (Slow 4G, %dx CPU slowdown, %s): first contentful paint median %v, worst %v; "+
		"largest contentful paint median %v, worst %v; %s in the DOM at %v, painted at %v (worst %v); "+
		"unthrottled (same run): FCP %v, LCP %v, painted %v\n",
		sc.name, len(slow), browsertest.MobileCPU, view, r(fcpMed), r(fcpWorst), r(lcpMed), r(lcpWorst), sc.what, r(dataMed), r(paintMed), r(paintWorst),
		r(baseFCP), r(baseLCP), r(basePaint))
	if answeredMed > 0 {
		fmt.Printf("%s, its API calls before the screen (medians): first asked at %v, last answered at %v; in the last load: %s\n",
			sc.name, r(askedMed), r(answeredMed), slow[len(slow)-1].calls)
	}
	fmt.Printf("%s, first screen with %s (the later of LCP and its paint, medians): %v = %.2fx the %v goal: %s\n",
		sc.name, sc.what, r(first), goalRatio, firstScreenGoal, verdict)
	fmt.Printf("%s, own bytes (HTML, CSS, JS) uncompressed: %d of the %d budget (%.0f%%): %s\n",
		sc.name, sc.bytes, sc.budget, 100*float64(sc.bytes)/float64(sc.budget), bytesVerdict)
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}
