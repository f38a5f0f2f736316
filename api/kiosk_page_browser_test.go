//go:build screens

package api

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/mocks"

	"github.com/pitstop-dev/pitstop/api/kioskpage"
	"github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/ent/communicationsetting"
	"github.com/pitstop-dev/pitstop/ent/kioskcommunication"
	"github.com/pitstop-dev/pitstop/ent/kioskcommunicationevent"
	"github.com/pitstop-dev/pitstop/internal/auth"
	"github.com/pitstop-dev/pitstop/internal/browsertest"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/kioskcheckin"
	"github.com/pitstop-dev/pitstop/internal/onboard"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
)

// kioskShot saves the screen at the kiosk's sizes: a portrait kiosk
// (1080x1920) and a landscape one (1920x1080), failing on sideways scroll.
func kioskShot(p *browsertest.Page, name string) {
	p.T.Helper()
	for _, s := range [][2]int64{{1080, 1920}, {1920, 1080}} {
		p.Do(chromedp.EmulateViewport(s[0], s[1]), chromedp.Sleep(150*time.Millisecond))
		if over := p.Eval(`String(document.documentElement.scrollWidth - document.documentElement.clientWidth)`); over != "0" {
			p.T.Errorf("%s at %dx%d: %s px wider than the screen", name, s[0], s[1], over)
		}
		png, err := chromedp.Run(p.Ctx, chromedp.FullScreenshot(100))
		require.NoError(p.T, err)
		require.NoError(p.T, os.WriteFile(filepath.Join(p.Out, fmt.Sprintf("%s-%dx%d.png", name, s[0], s[1])), png, 0o644))
	}
	p.AxeCheck(name)
	p.Do(chromedp.EmulateViewport(1080, 1920))
}

// sign draws a stroke across the signature box with the mouse (pointer
// events, as a finger's touches are).
func sign(p *browsertest.Page) {
	p.T.Helper()
	box := p.Eval(`(() => { const r = document.getElementById('sig').getBoundingClientRect(); return [r.left, r.top, r.width, r.height].join(',') })()`)
	var x, y, w, h float64
	_, err := fmt.Sscanf(box, "%g,%g,%g,%g", &x, &y, &w, &h)
	require.NoError(p.T, err, box)
	acts := []chromedp.Action[chromedp.Void]{chromedp.MouseEvent(chromedp.MousePressed, x+20, y+h/2, chromedp.ButtonLeft)}
	for i := 1; i <= 30; i++ {
		acts = append(acts, chromedp.MouseEvent(chromedp.MouseMoved, x+20+float64(i)*(w-40)/30, y+h/2+float64((i%6)-3)*10, chromedp.ButtonLeft))
	}
	acts = append(acts, chromedp.MouseEvent(chromedp.MouseReleased, x+w-20, y+h/2, chromedp.ButtonLeft))
	p.Do(acts...)
}

// The kiosk's screen on the real router and database: sign-in with a
// kiosk account, a check-in from plate to label in each of the four
// languages (picked by the customer on the screen), the code from the
// customer's message instead of the plate, a plate of two
// appointments, a lost answer retried once, and a check-in left half-way
// clearing itself.
func TestKioskScreenOnTheRealAPI(t *testing.T) {
	chromium := browsertest.Chromium(t)
	axe := browsertest.Axe(t)
	require.Less(t, kioskpage.Size(), 150_000, "the kiosk's own bytes")
	ctx := context.Background()
	db := storetest.New(t)
	iss, err := auth.NewIssuer("kiosk-screen-secret-0123456789")
	require.NoError(t, err)
	str := func(s string) *string { return &s }
	d, err := onboard.SaveDealer(ctx, db.Client, 0, onboard.DealerInput{Name: str("Autohuis"), CountryCode: str("NL")})
	require.NoError(t, err)
	nl := enums.LanguageCodeNlNL
	loc, err := onboard.SaveLocation(ctx, db.Client, d.ID, 0, onboard.LocationInput{Name: str("Autohuis Utrecht"), Country: str("NL"),
		TimeZone: str("Europe/Amsterdam"), LanguageCode: &nl})
	require.NoError(t, err)
	require.NoError(t, db.Client.DealerLocation.UpdateOneID(loc.ID).SetIsKioskEnabled(true).Exec(ctx))
	_, err = db.Client.CommunicationSetting.Update().Where(communicationsetting.DealerLocationID(loc.ID)).SetIsCustomerNameInKioskCheckinEnabled(true).
		SetIsCustomerSignatureInKioskCheckinEnabled(true).Save(ctx)
	require.NoError(t, err)
	must := db.Client.CommunicationAgreement.Create().SetDealerID(d.ID).SetName("Terms").SetText("I accept the terms of the workshop.").
		SetVisibleKioskCheckIn(true).SaveX(ctx)
	db.Client.CommunicationAgreement.Create().SetDealerID(d.ID).SetName("News").SetText("Send me offers.").SetVisibleKioskCheckIn(true).
		SetOptionalKioskCheckIn(true).ExecX(ctx)
	role := enums.RoleIDKiosk
	_, err = onboard.SaveUser(ctx, db.Client, 0, onboard.UserInput{Email: str("kiosk1@a.example"), FirstName: str("Showroom kiosk"),
		RoleID: &role, Password: str("a good long password"), DealerID: &d.ID, LocationIDs: []int{loc.ID}})
	require.NoError(t, err)
	noon := kioskNoon(t)
	mk := func(plate, wo, surname string, at time.Time) int {
		cu := db.Client.Customer.Create().SetLocationID(loc.ID).SetFirstName("Eva").SetSurname(surname).SetTelMobilePrivate("+31612345678").SaveX(ctx)
		ap := db.Client.Appointment.Create().SetLocationID(loc.ID).SetCustomerDriverID(cu.ID).SetWoNr(wo).SetRegNumber(plate).
			SetCarMake("Škoda").SetCarModel("Octavia").SetTimeCarApp(at).SetCreatedBy("test").SaveX(ctx)
		db.Client.Intervention.Create().SetAppointmentID(ap.ID).SetDealerLocationID(loc.ID).SetTitle("Brake pads").SetPrice(180.5).ExecX(ctx)
		return ap.ID
	}
	langs := []string{"en-GB", "nl-NL", "fr-FR", "de-DE"}
	ids := map[string]int{}
	for i, l := range langs {
		ids[l] = mk(fmt.Sprintf("KI-%02d-OS", i), fmt.Sprintf("WO-%d", 100+i), "Jansen", noon.Add(time.Duration(i)*time.Minute))
	}
	mk("TW-00-IN", "WO-4401", "Visser", noon.Add(-2*time.Hour))
	twin := mk("TW-00-IN", "WO-4402", "Bakker", noon.Add(time.Hour))

	tc := &mocks.Client{} // the lifecycle is told of each check-in (SignalCheckedInAtKiosk)
	tc.On("SignalWorkflow", mock.Anything, mock.Anything, mock.Anything, appointment.SignalCheckedInAtKiosk, mock.Anything).Return(nil)
	ts := httptest.NewServer(New(Deps{DB: db, Temporal: tc, TaskQueue: "test", Tokens: iss, KeySecret: []byte("k"), Log: slog.New(slog.NewTextHandler(io.Discard, nil))}))
	defer ts.Close()
	defer func(w []int64) { browsertest.Widths = w }(browsertest.Widths)
	browsertest.Widths = []int64{1080, 1920}
	out := browsertest.OutputDir(t, "kioskpage")
	t.Logf("screenshots in %s", out)
	base := ts.URL + "/kiosk/"
	p := browsertest.NewPage(t, browsertest.Browser(t, chromium, "en-GB"), base, axe, out)
	p.TimeZone("Asia/Tokyo") // the kiosk's own clock zone is not the location's
	p.Do(chromedp.EmulateViewport(1080, 1920))
	p.Navigate(base+"?idle=600", "signin")
	kioskShot(p, "signin")
	p.Do(chromedp.SendKeys(chromedp.CSS(`#email`), "kiosk1@a.example"), chromedp.SendKeys(chromedp.CSS(`#password`), "a good long password"))
	p.Click("#signin")
	p.WaitScreen("plate")
	i18n := func(lang, key string) string { return p.Eval(fmt.Sprintf(`window.PitstopI18n[%q][%q]`, lang, key)) }
	// Every language has every string.
	assert.Equal(t, "", p.Eval(`(() => { const D = window.PitstopI18n, en = Object.keys(D['en-GB']);
		return Object.keys(D).flatMap(l => en.filter(k => !D[l][k]).map(k => l + ':' + k)).join(',') })()`))

	// A restarted kiosk shows the plate entry from its remembered settings
	// while the server cannot be asked; once asked, a kiosk switched off
	// leaves the entry for the switched-off screen, and comes back.
	block := func(paths ...string) {
		ps := []*network.BlockPattern{}
		for _, path := range paths {
			ps = append(ps, &network.BlockPattern{URLPattern: "*://*:*" + path, Block: true})
		}
		p.Do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, network.SetBlockedURLs, network.SetBlockedURLsParams{URLPatterns: ps})
			return err
		}))
	}
	block("/v1/kiosk/me")
	p.Navigate(base+"?idle=600", "plate")
	block()
	require.NoError(t, db.Client.DealerLocation.UpdateOneID(loc.ID).SetIsKioskEnabled(false).Exec(ctx))
	p.Navigate(base+"?idle=600", "disabled")
	require.NoError(t, db.Client.DealerLocation.UpdateOneID(loc.ID).SetIsKioskEnabled(true).Exec(ctx))
	p.Navigate(base+"?idle=600", "plate")

	for _, lang := range langs {
		t.Run(lang, func(t *testing.T) {
			p.T = t
			p.Click(fmt.Sprintf(`[data-lang=%q]`, lang))
			p.WaitFor(fmt.Sprintf(`document.documentElement.lang === %q`, lang))
			p.Contains("h1", i18n(lang, "plateTitle"))
			kioskShot(p, lang+"-plate")
			p.Do(chromedp.SendKeys(chromedp.CSS(`#plate`), fmt.Sprintf("ki %02d os", indexOf(langs, lang))))
			p.Click("#find")
			p.WaitScreen("details")
			p.Contains("main", "12:0") // noon in Amsterdam, shown in the location's zone, not the kiosk's clock's
			p.Contains("main", "78")
			kioskShot(p, lang+"-details")
			p.Do(chromedp.SendKeys(chromedp.CSS(`#name`), "Eva Jansen"))
			p.Click("#next")
			p.WaitScreen("work")
			p.Click(`label[for^="iv-"]`)
			kioskShot(p, lang+"-work")
			p.Click("#next")
			p.Contains("#errors", i18n(lang, "mustAgree"))
			p.Click(fmt.Sprintf(`label[for="ag-%d"]`, must.ID))
			p.Click("#next")
			p.WaitScreen("sign")
			p.Click("#finish")
			p.Contains("#errors", i18n(lang, "mustSign"))
			if lang == "fr-FR" {
				// With the keyboard alone: the typed name becomes the
				// signature (and an empty one is refused on the screen).
				p.Eval(`document.getElementById('typed').value = ''`)
				p.Do(chromedp.Focus(chromedp.CSS(`#sig-type`)), chromedp.KeyEvent("\r"))
				p.Contains("#errors", i18n(lang, "mustTyped"))
				p.Do(chromedp.SendKeys(chromedp.CSS(`#typed`), "Eva Jansen"), chromedp.Focus(chromedp.CSS(`#sig-type`)), chromedp.KeyEvent("\r"))
			} else {
				sign(p)
			}
			kioskShot(p, lang+"-sign")
			p.Click("#finish")
			p.WaitScreen("label")
			p.Contains("main", i18n(lang, "labelTitle"))
			no := p.Text("#label-no")
			kioskShot(p, lang+"-label")
			ap := db.Client.Appointment.GetX(ctx, ids[lang])
			require.NotNil(t, ap.KioskLabelNumber)
			assert.Equal(t, fmt.Sprint(*ap.KioskLabelNumber), no)
			assert.NotNil(t, ap.KioskCheckedInAt)
			p.Click("#done")
			p.WaitScreen("plate")
			assert.Equal(t, "nl-NL", p.Eval(`document.documentElement.lang`), "the next customer starts in the location's language")
		})
	}
	p.T = t

	// The code from the online check-in's message, in French: a short one
	// is refused on the screen, a wrong one by the API, the right one opens
	// exactly that appointment at the same details step as a plate.
	coded := db.Client.Appointment.GetX(ctx, mk("CO-DE-01", "WO-7701", "Dekker", noon.Add(30*time.Minute)))
	code, err := kioskcheckin.EnsureCode(ctx, db.Client, coded, time.Now())
	require.NoError(t, err)
	for _, lang := range langs {
		for _, k := range []string{"haveCode", "codeTitle", "codeLead", "code", "mustCode", "tooManyCodes", "usePlate"} {
			assert.NotEmpty(t, i18n(lang, k), "%s %s", lang, k)
		}
	}
	p.Click(`[data-lang="fr-FR"]`)
	p.WaitFor(`document.documentElement.lang === 'fr-FR'`)
	p.Contains("#have-code", i18n("fr-FR", "haveCode"))
	p.Click("#have-code")
	p.WaitScreen("code")
	p.Contains("h1", i18n("fr-FR", "codeTitle"))
	assert.Equal(t, "numeric", p.Eval(`document.getElementById('code').inputMode`))
	p.Do(chromedp.SendKeys(chromedp.CSS(`#code`), "12345"))
	p.Click("#find-code")
	p.WaitFor(fmt.Sprintf(`(document.getElementById('errors') || {innerText: ''}).innerText.includes(%q)`, i18n("fr-FR", "mustCode")))
	kioskShot(p, "fr-FR-code")
	wrong := "000000"
	if code == wrong {
		wrong = "000001"
	}
	p.Eval(`document.getElementById('code').value = ''`)
	p.Do(chromedp.SendKeys(chromedp.CSS(`#code`), wrong))
	p.Click("#find-code")
	p.WaitFor(`(document.getElementById('errors') || {innerText: ''}).innerText.includes('no appointment today for this code')`)
	p.Eval(`document.getElementById('code').value = ''`)
	p.Do(chromedp.SendKeys(chromedp.CSS(`#code`), code))
	p.Click("#find-code")
	p.WaitScreen("details")
	p.Contains("main", "12:3")
	assert.Equal(t, 1, db.Client.KioskCommunication.Query().Where(kioskcommunication.AppointmentID(coded.ID)).CountX(ctx),
		"the code opened its own appointment's check-in")
	p.Navigate(base+"?idle=600", "plate")

	// A plate of two appointments: times and car models only, then proof.
	p.Do(chromedp.SendKeys(chromedp.CSS(`#plate`), "TW00IN"))
	p.Click("#find")
	p.WaitScreen("choose")
	body := p.Text("main")
	for _, secret := range []string{"Visser", "Bakker", "4401", "4402"} {
		assert.NotContains(t, body, secret)
	}
	p.Click(`[data-choice="2"]`)
	p.WaitFor(`!!document.getElementById('verification')`)
	kioskShot(p, "choose")
	p.Do(chromedp.SendKeys(chromedp.CSS(`#verification`), "4401"))
	p.Click("#verify")
	p.WaitFor(`document.getElementById('errors').innerText.includes('does not match')`)
	p.Eval(`document.getElementById('verification').value = ''`)
	p.Do(chromedp.SendKeys(chromedp.CSS(`#verification`), "bakker"))
	p.Click("#verify")
	p.WaitScreen("details")
	p.Do(chromedp.SendKeys(chromedp.CSS(`#name`), "Bas Bakker"))
	p.Click("#next")
	p.WaitScreen("work")
	p.Click(fmt.Sprintf(`label[for="ag-%d"]`, must.ID))
	p.Click("#next")
	p.WaitScreen("sign")
	sign(p)
	// The answer's response is lost once: the screen says so, retries the
	// same answer and shows the label; the check-in is answered once.
	lost := p.LoseResponses("/answer", 1)
	p.Click("#finish")
	p.WaitScreen("label")
	assert.Equal(t, 1, lost())
	ap := db.Client.Appointment.GetX(ctx, twin)
	require.NotNil(t, ap.KioskLabelNumber)
	assert.Equal(t, fmt.Sprint(*ap.KioskLabelNumber), p.Text("#label-no"))
	assert.Equal(t, 1, db.Client.KioskCommunicationEvent.Query().Where(kioskcommunicationevent.TypeEQ(enums.KioskCommunicationEventTypeAnswered),
		kioskcommunicationevent.KioskLabelNumber(*ap.KioskLabelNumber)).CountX(ctx))
	assert.Equal(t, "", p.Text("#net"), "the connection notice is gone once the answer arrived")

	// Left half-way: with a 3 s idle setting the check-in clears itself.
	p.Navigate(base+"?idle=3", "plate")
	mk("ID-LE-01", "WO-9", "Smit", noon)
	p.Do(chromedp.SendKeys(chromedp.CSS(`#plate`), "IDLE01"))
	p.Click("#find")
	p.WaitScreen("details")
	p.Do(chromedp.SendKeys(chromedp.CSS(`#name`), "Half way"))
	time.Sleep(3500 * time.Millisecond)
	p.WaitScreen("plate")
	p.Contains("main", i18n("nl-NL", "cleared"))
	assert.Equal(t, "", p.Eval(`document.getElementById('plate').value`))
	assert.False(t, strings.Contains(p.Text("main"), "Half way"))
}

func indexOf(s []string, v string) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}
