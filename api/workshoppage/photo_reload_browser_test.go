//go:build screens

package workshoppage

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/pitstop-dev/pitstop/internal/browsertest"
)

// A photo taken while the network is away waits in IndexedDB: the page is
// reloaded before the network returns, the photo is still waiting behind
// its answer, and once the network is back it reaches the server exactly
// once, with the upload_id it was taken with; nothing of it is left stored.
// Only the API's requests are cut (the screen's own files still load, so
// the page can be reloaded), and the page is told it is offline.
func TestWorkshopOfflinePhotoSurvivesAReloadInBrowser(t *testing.T) {
	chromium, axe := browsertest.Chromium(t), browsertest.Axe(t)
	fake, base, photo := serve(t)
	api := strings.TrimSuffix(base, "/workshop/") + "/v1/*"
	p := signedOut(t, browsertest.Browser(t, chromium, "en-GB"), base, axe, browsertest.OutputDir(t, "workshoppage"))
	checkID := startAnnual(t, p)
	waitStep(p, "411:0")

	offlineFor(p, api, true)
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

	offlineFor(p, api, false)
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
