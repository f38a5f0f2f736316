//go:build screens

package workshoppage

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/pitstop-dev/pitstop/internal/browsertest"
)

// A photo taken while the network is away waits in IndexedDB: the page is
// reloaded before the network returns, the photo is still waiting behind
// its answer, and once the network is back it reaches the server exactly
// once, with the upload_id it was taken with; nothing of it is left stored.
func TestWorkshopOfflinePhotoSurvivesAReloadInBrowser(t *testing.T) {
	chromium := browsertest.Chromium(t)
	axe := browsertest.Axe(t)
	fake := newFakeAPI(t)
	mux := http.NewServeMux()
	mux.Handle("/workshop/", Handler("/workshop/"))
	fake.register(mux)
	ts := httptest.NewServer(mux)
	defer ts.Close()
	photo := filepath.Join(t.TempDir(), "leak.png")
	if err := os.WriteFile(photo, tinyPNG, 0o644); err != nil {
		t.Fatal(err)
	}
	base := ts.URL + "/workshop/"
	p := browsertest.NewPage(t, browsertest.Browser(t, chromium, "en-GB"), base, axe, browsertest.OutputDir(t, "workshoppage"))
	p.Do(chromedp.Navigate(base))
	p.WaitFor(`document.getElementById('main').hasAttribute('data-screen')`)
	p.Eval(`localStorage.clear()`)
	p.Navigate(base, "signin")
	signIn(p, "mechanic@demo.example", mechanicPW)
	p.Click(`[data-appointment="103"]`)
	p.WaitScreen("checklists")
	p.Click(`[data-checklist="41"]`)
	p.WaitScreen("question")
	checkID := checkIDOf(t, p)
	waitStep(p, "411:0")

	apiOffline(p, ts.URL, true)
	p.Click(`label.status.s3`)
	p.Do(chromedp.SetUploadFiles(chromedp.CSS(`#photo-input`), []string{photo}))
	p.WaitFor(`document.querySelectorAll('#thumbs img').length === 1`)
	p.Click("#save")
	waitStep(p, "412:0")
	p.WaitFor(`document.getElementById('net').dataset.pending === '2'`) // the answer and its photo
	upload := p.Eval(`JSON.parse(localStorage.getItem('pitstop.workshop.v1')).walk.answers['411:0'].photos[0].uploadId`)
	if upload == "" {
		t.Fatal("the answer names no photo")
	}
	kept := func() string {
		p.Eval(`window.kept = undefined; indexedDB.open('pitstop-workshop').onsuccess = e =>
			e.target.result.transaction('photos').objectStore('photos').getAllKeys().onsuccess = k => { window.kept = k.target.result.join(','); }; ''`)
		p.WaitFor(`typeof window.kept === 'string'`)
		return p.Eval(`window.kept`)
	}
	if got := kept(); got != upload {
		t.Fatalf("IndexedDB keeps %q, want the photo %q", got, upload)
	}

	// Reloaded while the network is still away (the page cannot read the
	// locations, and says so): the answer and the photo wait again.
	p.Eval(`setTimeout(() => location.reload(), 0); ''`)
	p.WaitScreen("unavailable")
	p.WaitFor(`document.getElementById('net').dataset.pending === '2'`)
	if n := len(fake.calls("/photos")); n != 0 {
		t.Fatalf("%d photo requests reached the server while offline", n)
	}

	apiOffline(p, ts.URL, false)
	p.WaitFor(`document.getElementById('net').dataset.pending === '0'`)
	p.Click("#retry")
	waitStep(p, "412:0")
	if got := kept(); got != "" {
		t.Fatalf("IndexedDB still keeps %q after the photo was stored", got)
	}
	calls := fake.calls("/photos")
	if len(calls) != 1 || calls[0].Body != fmt.Sprintf("question_id=411 tyre_position= upload_id=%s", upload) {
		t.Fatalf("photo requests %+v, want one of upload_id %s", calls, upload)
	}
	if r := fake.results(checkID)["411:0"]; r.Status != 3 || len(r.Images) != 1 {
		t.Errorf("stored result of 411: %+v, want status 3 with one photo", r)
	}
}

// apiOffline cuts (or restores) the network of the tab's requests to the
// API (/v1/...) and tells the page it is offline (navigator.onLine and its
// events); the screen's own files still load, so the page can be reloaded.
func apiOffline(p *browsertest.Page, origin string, off bool) {
	p.T.Helper()
	p.Do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		c := network.Conditions{URLPattern: origin + "/v1/*", Offline: off, DownloadThroughput: -1, UploadThroughput: -1}
		if _, err := cdp.Call(ctx, t, network.EmulateNetworkConditionsByRule,
			network.EmulateNetworkConditionsByRuleParams{MatchedNetworkConditions: []*network.Conditions{&c}}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, t, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: off, DownloadThroughput: -1, UploadThroughput: -1})
		return err
	}))
}
