//go:build screens

package customerpage

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/pitstop-dev/pitstop/internal/browsertest"
)

// The customer page in a real browser: Debian's chromium, driven by chromedp,
// against Handler("/app/") and a fake of the customer endpoints (fake_test.go)
// serving the spec-shaped fixtures in testdata/. Every screen is checked with
// axe-core (serious and critical violations fail) and saved as screenshots at
// 375 px and 1280 px. internal/browsertest says where chromium, axe-core and
// the screenshots are, and when a missing browser skips or fails.

func TestBrowser(t *testing.T) {
	chromium := browsertest.Chromium(t)
	axe := browsertest.Axe(t)
	fake := newFakeAPI(t)
	mux := http.NewServeMux()
	mux.Handle("/app/", Handler("/app/"))
	fake.register(mux)
	ts := httptest.NewServer(mux)
	defer ts.Close()
	out := browsertest.OutputDir(t, "customerpage")
	t.Logf("screenshots in %s", out)
	fmt.Println("customer page screenshots:", out)

	browserCtx := browsertest.Browser(t, chromium, "en-GB")
	tab := func(t *testing.T) *browsertest.Page {
		return browsertest.NewPage(t, browserCtx, ts.URL+"/app/#!/", axe, out)
	}
	photo := filepath.Join(t.TempDir(), "dashboard-light.png")
	if err := os.WriteFile(photo, tinyPNG, 0o644); err != nil {
		t.Fatal(err)
	}

	t.Run("dictionaries complete", func(t *testing.T) {
		p := tab(t)
		p.Open("CLOSED1", "closed")
		missing := p.Eval(`(() => { const D = window.PitstopI18n, en = Object.keys(D['en-GB']), out = [];
			for (const l of ['en-GB','nl-NL','fr-FR','de-DE']) { if (!D[l]) { out.push(l); continue; }
				for (const k of en) if (!D[l][k]) out.push(l + ':' + k);
				for (const k of Object.keys(D[l])) if (!(k in D['en-GB'])) out.push(l + ' extra:' + k); }
			return out.join(' '); })()`)
		if missing != "" {
			t.Fatalf("untranslated strings: %s", missing)
		}
	})

	t.Run("times in the workshop's time zone", func(t *testing.T) {
		// The appointment is 08:30 UTC on 3 December: 09:30 in Amsterdam,
		// the workshop's zone. A phone set to New York (03:30) or Tokyo
		// (17:30) shows 09:30, as the SMS did.
		for _, zone := range []string{"America/New_York", "Asia/Tokyo"} {
			p := tab(t)
			p.TimeZone(zone)
			p.Open("CHECKIN1", "checkin")
			p.Contains("main", "09:30")
			if got := p.Eval(`new Date('2026-12-03T08:30:00Z').getHours()`); got == "9" {
				t.Fatalf("the browser's own zone is not %s (the override did not apply)", zone)
			}
		}
	})

	t.Run("check-in en-GB", func(t *testing.T) {
		p := tab(t)
		p.Open("CHECKIN1", "checkin")
		p.WaitFor(`document.querySelector('input[name=locker]') !== null`) // is_acses_available said yes
		p.Contains("h1", "Online check-in")
		p.Contains("main", "Welcome! Please check in for your visit to Autohuis Demo Utrecht.")
		p.Contains("main", "Winter tyre change")
		p.Contains("main", "€95.59 incl. VAT") // 79.00 + 21 % VAT
		p.Contains("main", "Work is carried out under the general terms")
		p.Contains("#brand", "Autohuis Demo Utrecht")
		if got := p.Eval(`getComputedStyle(document.getElementById('brand')).color`); got != "rgb(0, 0, 0)" {
			t.Errorf("text on the yellow dealer colour should be black, got %s", got)
		}
		p.Check("checkin")

		// A required agreement not ticked: the page says so and sends nothing.
		p.Click(`#submit`)
		p.WaitFor(`document.getElementById('errors').textContent.includes('Please accept the required agreements.')`)
		if n := len(fake.answers("/v1/online_checkin/answer")); n != 0 {
			t.Fatalf("%d answers sent for an incomplete form", n)
		}
		p.Click(`input[data-result="31"]`)
		p.Click(`input[data-agreement="5"]`)
		p.Do(chromedp.SendKeys(chromedp.CSS(`textarea[name=remark]`), "The dashboard shows a warning light."))
		p.Do(chromedp.SetUploadFiles(chromedp.CSS(`input[data-photo]`), []string{photo}))
		p.WaitFor(`document.querySelector('[data-url]') !== null`)
		p.Eval(`document.querySelector('input[data-k=phone]').value = ''`)
		p.Do(chromedp.SendKeys(chromedp.CSS(`input[data-k=phone]`), "+31 6 87654321"))
		p.Click(`input[name=locker][value="1"]`)
		p.Shoot("checkin-filled")
		// Two clicks in a row send one answer.
		p.Eval(`(() => { const b = document.getElementById('submit'); b.click(); b.click(); })()`)
		p.WaitScreen("checkin-done")
		p.Contains("#pin", "482913")
		p.Contains("#locker-name", "Entrance locker")
		p.Contains("main", "Winter tyre change")
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
		p.Check("checkin-done")
	})

	t.Run("check-in answer lost on the network", func(t *testing.T) {
		p := tab(t)
		p.Open("CHECKINDROP", "checkin")
		p.Click(`input[data-agreement="5"]`)
		p.Click(`#submit`)
		p.WaitFor(`document.getElementById('submit').textContent === 'Try again'`)
		p.Contains("#errors", "connection problem")
		p.Shoot("checkin-network-error")
		p.Click(`#submit`)
		p.WaitScreen("checkin-done")
		p.Contains("main", "This was already answered.")
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
		p.Check("checkin-already-answered")
	})

	t.Run("diagnose overview en-GB", func(t *testing.T) {
		p := tab(t)
		p.Open("DIAG1", "diagnose")
		p.Contains("h1", "Inspection results")
		p.Contains(`[data-iv="101"]`, "Front brake pads and discs")
		p.Contains(`[data-iv="101"]`, "€350.30 incl. VAT") // 289.50 + 21 %
		p.Contains(`[data-iv="101"]`, "Pads at 2 mm front left and right.")
		p.Contains(`[data-iv="101"]`, "Brake discs front")
		p.Contains(`[data-iv="104"]`, "Price on request") // warranty price hidden by the location
		if n := p.Eval(`String(document.querySelectorAll('[data-iv="101"] .photos img').length)`); n != "2" {
			t.Errorf("photos of item 101: %s", n)
		}
		p.Contains("#total", "€0.00")
		p.Check("diagnose")
		p.Click(`input[name=iv101][value="2"]`)
		p.Click(`input[name=iv102][value="2"]`)
		p.Contains("#total", "€401.12") // 350.30 + 50.82
		p.Click(`input[name=iv103][value="3"]`)
		p.Click(`#submit`)
		p.WaitFor(`document.getElementById('errors').textContent.includes('Please choose an answer for every item.')`)
		p.Click(`input[name=iv104][value="4"]`)
		p.Click(`input[data-cca="55"]`)
		p.Shoot("diagnose-filled")
		p.Click(`#submit`)
		p.WaitScreen("diagnose-done")
		p.Contains("#total", "€401.12")
		p.Contains("main", "Declined")
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
		p.Check("diagnose-done")
	})

	// The mechanic's inspection results (diagnose_overview_results): each
	// with its status in words and colour, options, notes and photos that
	// open in a dialog by tap and by keyboard; the interventions beside
	// them as planned work; the answer is v1's, one status per result.
	t.Run("inspection results en-GB", func(t *testing.T) {
		p := tab(t)
		p.Open("INSP1", "diagnose")
		p.Contains("h1", "Inspection results")
		p.Contains("main", "What our mechanic found")
		p.Contains(`[data-qr="501"]`, "Front brake pads")
		p.Contains(`[data-qr="501"]`, "Necessary")
		p.Contains(`[data-qr="501"]`, "2 mm left, discs scored.")
		p.Contains(`[data-qr="501"]`, "Found: Pads worn, Discs scored")
		p.Contains(`[data-qr="502"]`, "Advised")
		p.Contains(`[data-qr="502"]`, "€119.79 incl. VAT") // 99.00 + 21 %
		p.Contains(`[data-qr="502"]`, "Oil black, change due.")
		p.Contains(`#planned [data-iv="101"]`, "Front brake pads and discs")
		if n := p.Eval(`String(document.querySelectorAll('input[name^=iv]').length)`); n != "0" {
			t.Errorf("%s decisions on interventions: v1 answers results only", n)
		}
		// Advised and necessary differ in colour, and say so in words.
		nec := p.Eval(`getComputedStyle(document.querySelector('[data-qr="501"] [data-qs="3"]')).backgroundColor`)
		adv := p.Eval(`getComputedStyle(document.querySelector('[data-qr="502"] [data-qs="2"]')).backgroundColor`)
		if nec == adv {
			t.Errorf("necessary and advised look alike (%s)", nec)
		}
		counts := p.Eval(`['501','502','503'].map(q => document.querySelectorAll('[data-qr="' + q + '"] .thumb img').length).join(',')`)
		if counts != "2,1,0" {
			t.Errorf("photos per result: %s, want 2,1,0", counts)
		}
		if lazy := p.Eval(`String(Array.from(document.querySelectorAll('.thumb img')).every(i => i.loading === 'lazy' && i.width > 0 && i.width <= 120))`); lazy != "true" {
			t.Error("thumbnails must be lazy and phone-sized")
		}
		p.WaitFor(`Array.from(document.querySelectorAll('[data-qr] .thumb img')).every(i => i.complete && i.naturalWidth > 0)`)
		p.Check("inspection")

		// Tap: the photo opens large in a modal dialog; its button closes it
		// and focus returns to the thumbnail.
		p.Click(`[data-qr="501"] .thumb`)
		p.WaitFor(`document.getElementById('viewer').open && document.getElementById('viewer-img').complete`)
		if got := p.Eval(`document.getElementById('viewer-img').getAttribute('src')`); got != "/img/brakes.jpg" {
			t.Errorf("enlarged photo %q", got)
		}
		p.Contains("#viewer", "Photo 1 of Front brake pads")
		// Sized for the phone: nearly the screen's width, never wider.
		if w, _ := strconv.Atoi(p.Eval(`String(Math.round(document.getElementById('viewer-img').getBoundingClientRect().width))`)); w < 300 || w > 375 {
			t.Errorf("the enlarged photo is %d px wide on a 375 px phone", w)
		}
		if got := p.Eval(`document.activeElement.id`); got != "viewer-close" {
			t.Errorf("focus in the dialog on %q", got)
		}
		p.AxeCheck("inspection-photo")
		p.Click(`#viewer-close`)
		// The dialog's close event (a task after open turns false) clears the
		// image, then gives the focus back: wait for both, or that focus lands
		// after the next step's (Chromium's own restore can come first).
		p.WaitFor(`!document.getElementById('viewer').open && !document.getElementById('viewer-img').hasAttribute('src')`)
		p.WaitFor(`document.activeElement && document.activeElement.getAttribute('aria-label') === 'Enlarge photo 1 of Front brake pads'`)
		// A tap beside the photo closes it too.
		p.Click(`[data-qr="501"] .thumb:nth-child(2)`)
		p.WaitFor(`document.getElementById('viewer').open`)
		p.Do(chromedp.MouseClickXY(3, 3))
		p.WaitFor(`!document.getElementById('viewer').open && !document.getElementById('viewer-img').hasAttribute('src')`)
		p.WaitFor(`document.activeElement && document.activeElement.getAttribute('aria-label') === 'Enlarge photo 2 of Front brake pads'`)

		// Keyboard: Tab reaches the thumbnail, Enter opens, Escape closes.
		p.Eval(`document.querySelector('[data-qr="502"] input[value="2"]').focus()`)
		p.Do(chromedp.KeyEvent(kb.Tab, chromedp.KeyModifiers(kb.ModifierShift)))
		if got := p.Eval(`document.activeElement.getAttribute('aria-label')`); got != "Enlarge photo 1 of Engine oil level and condition" {
			t.Fatalf("Tab went to %q", got)
		}
		p.Do(chromedp.KeyEvent(kb.Enter))
		p.WaitFor(`document.getElementById('viewer').open`)
		if got := p.Eval(`document.getElementById('viewer-img').getAttribute('src')`); got != "/img/oil.jpg" {
			t.Errorf("enlarged photo %q", got)
		}
		p.Do(chromedp.KeyEvent(kb.Escape))
		p.WaitFor(`!document.getElementById('viewer').open && !document.getElementById('viewer-img').hasAttribute('src')`)
		p.WaitFor(`document.activeElement && document.activeElement.getAttribute('aria-label') === 'Enlarge photo 1 of Engine oil level and condition'`)

		// The answer: one status per result, posted to v1.
		p.Click(`[data-qr="501"] input[value="2"]`)
		p.Contains("#total", "€254.71") // 210.50 + 21 %
		p.Click(`[data-qr="502"] input[value="4"]`)
		p.Click(`#submit`)
		p.WaitFor(`document.getElementById('errors').textContent.includes('Please choose an answer for every item.')`)
		if n := len(fake.answers("/v1/diagnose_overview/answer")); n != 0 {
			t.Fatalf("%d answers sent for an incomplete form", n)
		}
		p.Click(`[data-qr="503"] input[value="3"]`)
		p.Click(`input[data-cca="55"]`)
		p.Shoot("inspection-filled")
		p.Click(`#submit`)
		p.WaitScreen("diagnose-done")
		p.Contains("main", "Necessary")
		p.Contains("main", "Approved")
		p.Contains("main", "Declined")
		p.Contains("#total", "€254.71")
		p.Check("inspection-done")
		for _, a := range fake.answers("/v2/diagnose_overview/answer") {
			if a.Key == "INSP1" {
				t.Fatalf("a communication with results was answered with v2: %s", a.Body)
			}
		}
		answers := fake.answers("/v1/diagnose_overview/answer")
		if len(answers) != 1 {
			t.Fatalf("%d v1 answers", len(answers))
		}
		var got map[string]json.RawMessage
		if err := json.Unmarshal([]byte(answers[0].Body), &got); err != nil {
			t.Fatal(err)
		}
		var fields []string
		for k := range got {
			fields = append(fields, k)
		}
		slices.Sort(fields)
		if want := []string{"agreement_ids", "communication_key", "correct_email", "correct_phone", "customer_name", "key", "remarks", "results"}; !reflect.DeepEqual(fields, want) {
			t.Errorf("v1 answer fields %v, want the spec's %v", fields, want)
		}
		var body struct {
			Key     string           `json:"key"`
			Results []map[string]any `json:"results"`
			Agreed  []int            `json:"agreement_ids"`
			Name    string           `json:"customer_name"`
		}
		if err := json.Unmarshal([]byte(answers[0].Body), &body); err != nil {
			t.Fatal(err)
		}
		decisions := map[float64]float64{}
		for _, r := range body.Results {
			decisions[r["question_result_id"].(float64)] = r["status"].(float64)
			// Each result as read (the spec: "the communication results
			// retrieved when reading the communication"), its status set.
			for _, f := range []string{"title", "price", "question_status", "mechanic_notes", "images", "question_options", "check_id"} {
				if _, ok := r[f]; !ok {
					t.Errorf("result %v lacks %s", r["question_result_id"], f)
				}
			}
		}
		if body.Key != "INSP1" || !reflect.DeepEqual(decisions, map[float64]float64{501: 2, 502: 4, 503: 3}) ||
			!reflect.DeepEqual(body.Agreed, []int{55}) || body.Name != "Jamie de Vries" {
			t.Errorf("v1 answer: %s", answers[0].Body)
		}
	})

	// The first screen never waits for a photo: when the diagnose screen is
	// in the DOM no photo has a src, and every photo request starts after
	// the frame that paints it.
	t.Run("photos after the first screen", func(t *testing.T) {
		p := tab(t)
		p.DisableCache() // a photo from the memory cache leaves no resource timing entry
		p.OnNewDocument(`(() => {
			const m = window.__photos = {};
			new MutationObserver((_, o) => {
				const main = document.getElementById('main');
				if (main && main.getAttribute('data-screen') === 'diagnose') {
					o.disconnect();
					m.thumbs = main.querySelectorAll('.thumb img').length;
					m.withSrc = main.querySelectorAll('.thumb img[src]').length;
					requestAnimationFrame(() => { m.frame = performance.now(); });
				}
			}).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-screen']});
		})();`)
		p.Open("INSPPAINT", "diagnose")
		p.WaitFor(`typeof window.__photos.frame === 'number'`)
		// Bring each photo not yet loaded into view in turn (the lazy ones
		// below the fold too: one jump to the bottom would leave those at
		// the top unloaded, as a lazy image far from the view is), until all
		// three photos have been fetched.
		p.WaitFor(`(() => {
			const pending = [...document.querySelectorAll('.thumb img')].find(i => !(i.complete && i.naturalWidth > 0));
			if (pending) pending.scrollIntoView({block: 'center'});
			return new Set(performance.getEntriesByType('resource').filter(e => /\/img\/(brakes|disc|oil)\.jpg/.test(e.name)).map(e => e.name)).size === 3;
		})()`)
		if got := p.Eval(`window.__photos.thumbs + ' ' + window.__photos.withSrc`); got != "5 0" {
			t.Errorf("at the first screen: %s thumbnails, with src (fetching): want 5 0", got)
		}
		early := p.Eval(`performance.getEntriesByType('resource').filter(e => /\/img\/(brakes|disc|oil)\.jpg/.test(e.name) && e.startTime < window.__photos.frame).map(e => e.name + '@' + e.startTime).join(' ')`)
		if early != "" {
			t.Errorf("photos fetched before the first screen was painted (at %s ms): %s", p.Eval(`window.__photos.frame`), early)
		}
	})

	// Every new string in four languages, on the screen, checked with axe.
	t.Run("inspection results in four languages", func(t *testing.T) {
		p := tab(t)
		for _, l := range []struct{ key, lang string }{{"INSPEN", "en-GB"}, {"INSPNL", "nl-NL"}, {"INSPFR", "fr-FR"}, {"INSPDE", "de-DE"}} {
			p.Open(l.key, "diagnose")
			if got := p.Eval(`document.documentElement.lang`); got != l.lang {
				t.Errorf("%s: lang %q", l.key, got)
			}
			for _, k := range []string{"resultsTitle", "qs3", "qs2", "plannedTitle", "found"} {
				p.Contains("main", p.Eval(fmt.Sprintf(`PitstopI18n[%q][%q]`, l.lang, k)))
			}
			want := p.Eval(fmt.Sprintf(`PitstopI18n[%q].enlarge.replace('{n}', '1').replace('{name}', 'Front brake pads')`, l.lang))
			if got := p.Eval(`document.querySelector('[data-qr="501"] .thumb').getAttribute('aria-label')`); got != want {
				t.Errorf("%s: thumbnail label %q, want %q", l.lang, got, want)
			}
			p.Click(`[data-qr="501"] .thumb`)
			p.WaitFor(`document.getElementById('viewer').open`)
			p.Contains("#viewer-close", p.Eval(fmt.Sprintf(`PitstopI18n[%q].close`, l.lang)))
			p.Do(chromedp.KeyEvent(kb.Escape))
			p.WaitFor(`!document.getElementById('viewer').open && !document.getElementById('viewer-img').hasAttribute('src')`)
			p.Check(strings.ToLower(l.lang) + "-inspection")
		}
	})

	t.Run("repair overview en-GB", func(t *testing.T) {
		p := tab(t)
		p.Open("REPAIR1", "repair")
		p.Contains("h1", "Your car is ready")
		p.Contains("#done", "Annual service")
		p.Contains("#done", "Front brake pads and discs")
		p.Contains("#not-done", "Wiper blades")
		p.Contains("#not-done", "Declined")
		p.Contains("#done", "€634.50")  // subtotal excl. VAT
		p.Contains("#done", "€133.25")  // 21 % VAT
		p.Contains("#total", "€767.75") // total incl. VAT
		p.Check("repair")
		p.Click(`#pdf`)
		p.WaitFor(`document.getElementById('pdf').hasAttribute('data-ready')`)
		if d := fake.answers("/v1/repair_overview/download"); len(d) != 1 || !strings.Contains(d[0].Body, `"communication_key":"REPAIR1"`) {
			t.Errorf("download requests: %+v", d)
		}
		if got := p.Eval(`document.getElementById('pdf').download`); got != "repair-overview-WO-1001.pdf" {
			t.Errorf("download name %q", got)
		}
	})

	// The feedback question after the pick-up (issue #25): the link of the
	// feedback invitation is the communication's link; its read carries
	// feedback (open). Eleven scores in one radio group, chosen by
	// keyboard; a comment; the thank-you; a reload shows the answer given.
	t.Run("feedback en-GB", func(t *testing.T) {
		p := tab(t)
		p.Open("FEEDBACK1", "feedback")
		p.Contains("h1", "How did we do?")
		p.Contains("legend", "How likely are you to recommend us")
		p.Contains("main", "0 = not at all likely")
		if got := p.Eval(`Array.from(document.querySelectorAll('fieldset input[type=radio][name=score]')).map(i => i.value + ':' + i.closest('label').textContent).join(',')`); got != "0:0,1:1,2:2,3:3,4:4,5:5,6:6,7:7,8:8,9:9,10:10" {
			t.Errorf("score buttons %q, want 0 to 10 in one radio group", got)
		}
		// Big enough to tap on a phone.
		if h, _ := strconv.Atoi(p.Eval(`String(Math.round(document.querySelector('.score').getBoundingClientRect().height))`)); h < 44 {
			t.Errorf("score buttons %d px high, want at least 44", h)
		}
		if got := p.Eval(`document.querySelector('textarea[name=comment]').maxLength`); got != "2000" {
			t.Errorf("comment maxlength %s, want the contract's 2000", got)
		}
		p.Check("feedback")
		// No score: said so, nothing sent.
		p.Click(`#submit`)
		p.WaitFor(`document.getElementById('errors').textContent.includes('Please choose a score from 0 to 10.')`)
		if n := len(fake.answers("/v1/feedback/answer")); n != 0 {
			t.Fatalf("%d answers sent without a score", n)
		}
		// Keyboard: Tab into the group, arrows move the choice.
		p.Eval(`document.querySelector('input[name=score][value="7"]').focus()`)
		p.Do(chromedp.KeyEvent(kb.ArrowRight))
		if got := p.Eval(`document.querySelector('input[name=score]:checked').value`); got != "8" {
			t.Fatalf("ArrowRight from 7 chose %q, want 8", got)
		}
		if got := p.Eval(`getComputedStyle(document.activeElement.closest('label')).outlineStyle`); got == "none" {
			t.Error("the focused score shows no focus ring")
		}
		p.Do(chromedp.SendKeys(chromedp.CSS(`textarea[name=comment]`), "Friendly staff, car was clean."))
		p.Shoot("feedback-filled")
		p.Eval(`(() => { const b = document.getElementById('submit'); b.click(); b.click(); })()`)
		p.WaitScreen("feedback-done")
		p.Contains("h1", "Thank you for your feedback")
		p.Contains("#fb-score", "8 out of 10")
		p.Contains("#fb-comment", "Friendly staff, car was clean.")
		answers := fake.answers("/v1/feedback/answer")
		if len(answers) != 1 {
			t.Fatalf("%d feedback answers sent, want 1", len(answers))
		}
		var got map[string]any
		if err := json.Unmarshal([]byte(answers[0].Body), &got); err != nil {
			t.Fatal(err)
		}
		if want := map[string]any{"key": "FEEDBACK1", "communication_key": "FEEDBACK1", "score": 8.0, "comment": "Friendly staff, car was clean."}; !reflect.DeepEqual(got, want) {
			t.Errorf("feedback answer %v, want %v", got, want)
		}
		p.Check("feedback-done")
		// A reload shows the answer as given, and asks nothing.
		p.Open("FEEDBACK1", "feedback-done")
		p.Contains("#fb-score", "8 out of 10")
		p.Contains("#fb-comment", "Friendly staff, car was clean.")
		if n := p.Eval(`String(document.querySelectorAll('input, textarea').length)`); n != "0" {
			t.Errorf("%s inputs after the answer", n)
		}
		// The repair overview stays one tap away.
		p.Click(`#show-repair`)
		p.WaitScreen("repair")
		p.Contains("#total", "€767.75")
	})

	t.Run("feedback given earlier", func(t *testing.T) {
		p := tab(t)
		p.Open("FEEDBACKDONE", "feedback-done")
		p.Contains("#fb-score", "9 out of 10")
		p.Contains("#fb-comment", "Friendly and quick.")
		p.Check("feedback-given")
	})

	// The API refuses: its words shown plainly, the form kept; an answer
	// given meanwhile on another phone shows as given.
	t.Run("feedback refused", func(t *testing.T) {
		p := tab(t)
		p.Open("FEEDBACKGONE", "feedback")
		p.Click(`input[name=score][value="6"]`)
		p.Click(`#submit`)
		p.WaitFor(`document.getElementById('errors').textContent.includes('the car has not been picked up yet')`)
		if got := p.Eval(`String(document.querySelector('input[name=score]:checked').value + ' ' + document.getElementById('submit').disabled)`); got != "6 false" {
			t.Errorf("after the refusal: %s, want the choice kept and the button usable", got)
		}
		p.Check("feedback-refused")

		p.Open("FEEDBACKLATE", "feedback")
		p.Click(`input[name=score][value="9"]`)
		p.Click(`#submit`)
		p.WaitScreen("feedback-done")
		p.Contains("main", "This was already answered.")
		p.Contains("#fb-score", "3 out of 10")
		p.Contains("#fb-comment", "From the other phone")
	})

	t.Run("feedback in four languages", func(t *testing.T) {
		p := tab(t)
		for _, l := range []struct{ key, lang, score string }{{"FEEDBACKEN", "en-GB", "7 out of 10"}, {"FEEDBACKNL", "nl-NL", "7 van de 10"},
			{"FEEDBACKFR", "fr-FR", "7 sur 10"}, {"FEEDBACKDE", "de-DE", "7 von 10"}} {
			p.Open(l.key, "feedback")
			if got := p.Eval(`document.documentElement.lang`); got != l.lang {
				t.Errorf("%s: lang %q", l.key, got)
			}
			tr := func(k string) string { return p.Eval(fmt.Sprintf(`PitstopI18n[%q][%q]`, l.lang, k)) }
			for _, k := range []string{"fbTitle", "fbQuestion", "fbLow", "fbHigh", "fbComment", "fbSubmit"} {
				p.Contains("main", tr(k))
			}
			p.Check(strings.ToLower(l.lang) + "-feedback")
			p.Click(`input[name=score][value="7"]`)
			p.Click(`#submit`)
			p.WaitScreen("feedback-done")
			p.Contains("h1", tr("fbDone"))
			p.Contains("#fb-score", l.score)
			p.Open(l.key, "feedback-done") // reload
			p.Contains("#fb-score", l.score)
			p.Check(strings.ToLower(l.lang) + "-feedback-done")
		}
	})

	// No currency in the spec: the location's country decides it.
	t.Run("currency of the location's country", func(t *testing.T) {
		p := tab(t)
		p.Open("REPAIRGB", "repair")
		p.Contains("#total", "£767.75")
		p.Open("DIAGCH", "diagnose")
		p.Contains(`[data-iv="101"]`, "350,30 CHF")
		p.Open("REPAIR1", "repair")
		p.Contains("#total", "€767.75")
	})

	// Every screen in French and German too: titles from the page's own
	// dictionary, money and dates in the locale, axe and 375 px.
	for _, l := range []struct{ lang, suffix, money, date string }{
		{"fr-FR", "FR", "95,59 €", "3 décembre 2026"}, {"de-DE", "DE", "95,59 €", "3. Dezember 2026"},
	} {
		t.Run(l.lang, func(t *testing.T) {
			p := tab(t)
			for _, sc := range []struct{ key, screen, title string }{
				{"CHECKIN", "checkin", "checkinTitle"}, {"DIAG", "diagnose", "diagTitle"},
				{"REPAIR", "repair", "repairTitle"}, {"CLOSED", "closed", "closedTitle"},
			} {
				p.Open(sc.key+l.suffix, sc.screen)
				if got := p.Eval(`document.documentElement.lang`); got != l.lang {
					t.Errorf("%s: lang %q", sc.screen, got)
				}
				title := p.Eval(fmt.Sprintf(`PitstopI18n[%q][%q]`, l.lang, sc.title))
				if en := p.Eval(fmt.Sprintf(`PitstopI18n['en-GB'][%q]`, sc.title)); title == "" || title == en {
					t.Errorf("%s: %s untranslated (%q)", l.lang, sc.title, title)
				}
				p.Contains("h1", title)
				if sc.screen == "checkin" {
					p.Contains("main", l.money)
					p.Contains("main", l.date)
				}
				p.Check(strings.ToLower(l.lang) + "-" + sc.screen)
			}
		})
	}

	// Keyboard only: Tab reaches every control of the check-in in order, each
	// with a visible focus, and Enter on the button submits.
	t.Run("keyboard", func(t *testing.T) {
		p := tab(t)
		p.Open("KEYBOARD", "checkin")
		p.WaitFor(`document.querySelector('input[name=locker]') !== null`)
		controls := p.Eval(`String(Array.from(document.querySelectorAll('main input:not([type=radio]), main textarea, main button, main a[href]'))
			.filter(e => !e.disabled && e.offsetParent !== null).length)`)
		seen := map[string]bool{}
		for i := 0; i < 80 && !seen["submit"]; i++ {
			p.Do(chromedp.KeyEvent(kb.Tab))
			el := p.Eval(`(() => { const a = document.activeElement, c = getComputedStyle(a),
				l = a.closest('label') || (a.id && document.querySelector('label[for="' + a.id + '"]')), lc = l && getComputedStyle(l);
				const visible = (c.outlineStyle !== 'none' && parseFloat(c.outlineWidth) >= 2) ||
					(lc && lc.outlineStyle !== 'none' && parseFloat(lc.outlineWidth) >= 2);
				return (a.id || a.name || a.getAttribute('data-agreement') || a.tagName + ':' + (a.textContent || a.type)) + (visible ? '' : ' INVISIBLE'); })()`)
			if strings.HasSuffix(el, " INVISIBLE") {
				t.Errorf("focus not visible on %s", strings.TrimSuffix(el, " INVISIBLE"))
			}
			seen[strings.TrimSuffix(el, " INVISIBLE")] = true
		}
		if !seen["submit"] {
			t.Fatalf("Tab never reached the submit button; reached %v", seen)
		}
		if n, _ := strconv.Atoi(controls); len(seen) < n {
			t.Errorf("Tab reached %d elements, the form has %d controls (not counting radio groups' other options)", len(seen), n)
		}
		t.Logf("Tab reached %d elements (%s controls)", len(seen), controls)
		p.Do(chromedp.KeyEvent(kb.Enter))
		p.WaitFor(`document.getElementById('errors').textContent.includes('Please accept the required agreements.')`)
	})

	t.Run("closed", func(t *testing.T) {
		p := tab(t)
		p.Open("CLOSED1", "closed")
		p.Contains("h1", "This page is closed")
		p.Contains("main", "+31 30 123 45 67")
		p.Check("closed")
	})

	t.Run("wrong key", func(t *testing.T) {
		p := tab(t)
		p.Open("NOT-A-KEY", "wrong-key")
		p.Contains("h1", "This link is not valid")
		p.Check("wrong-key")
		p.Open("", "wrong-key") // no key at all: nothing is asked of the server
	})

	t.Run("unavailable", func(t *testing.T) {
		p := tab(t)
		p.Open("DOWN", "unavailable")
		p.Contains("h1", "We cannot reach our service")
		p.Check("unavailable")
	})

	t.Run("nl-NL", func(t *testing.T) {
		p := tab(t)
		p.Open("CHECKINNL", "checkin")
		if lang := p.Eval(`document.documentElement.lang`); lang != "nl-NL" {
			t.Errorf("lang %q", lang)
		}
		p.WaitFor(`document.querySelector('input[name=locker]') !== null`)
		p.Contains("h1", "Online inchecken")
		p.Contains("main", "€ 95,59 incl. btw")
		p.Contains("main", "Voorgestelde werkzaamheden")
		p.Contains("main", "3 december 2026")
		p.Check("nl-checkin")
		p.Click(`input[data-agreement="5"]`)
		p.Click(`input[name=locker][value="1"]`)
		p.Click(`#submit`)
		p.WaitScreen("checkin-done")
		p.Contains("h1", "U bent ingecheckt")
		p.Contains("#pin", "482913")
		p.Contains("#locker-name", "Sleutelkluis: Entrance locker")
		p.Check("nl-checkin-done")

		p.Open("DIAGNL", "diagnose")
		p.Contains("h1", "Resultaten van de controle")
		p.Contains(`[data-iv="101"]`, "€ 350,30 incl. btw")
		p.Contains(`[data-iv="101"]`, "Ja, uitvoeren")
		p.Click(`input[name=iv101][value="2"]`)
		p.Click(`input[name=iv102][value="2"]`)
		p.Contains("#total", "€ 401,12")
		p.Check("nl-diagnose")

		p.Open("REPAIRNL", "repair")
		p.Contains("h1", "Uw auto is klaar")
		p.Contains("#total", "€ 767,75")
		p.Contains("main", "Werkoverzicht downloaden (pdf)")
		p.Check("nl-repair")

		p.Open("CLOSEDNL", "closed")
		p.Contains("h1", "Deze pagina is gesloten")
		p.Check("nl-closed")
	})
}

// tinyPNG is a 1×1 PNG: the "photo" the test uploads.
var tinyPNG = []byte{0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00,
	0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0, 0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99,
	0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82}
