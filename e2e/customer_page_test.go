//go:build screens

package e2e

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/ent/communicationsetting"
	"github.com/pitstop-dev/pitstop/internal/browsertest"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/workflows/appointment"
)

// The customer's page in a real browser (Debian's chromium via chromedp)
// through the real stack: the page served by the API server at the path of the
// public base URL, calling the API on its own origin; PostgreSQL; Temporal;
// the fake Mailgun's outbox. The customer opens the link from the e-mail,
// checks in choosing the key locker and sees the PIN (which then opens the
// simulated locker door), answers the diagnose overview (the workflow moves
// on), downloads the repair overview's PDF; a lost connection and a wrong
// key get their own pages.
// Once in en-GB and once in nl-NL; every screen is saved at 375 and 1280 px
// under <PITSTOP_TEST_OUTPUT or the temp dir>/e2e-customerpage and checked
// with axe-core. Without chromium the test skips, unless CI=true.
func TestCustomerPageInBrowser(t *testing.T) {
	chromium := browsertest.Chromium(t)
	axe := browsertest.Axe(t)
	out := browsertest.OutputDir(t, "e2e-customerpage")
	t.Logf("screenshots in %s", out)
	for _, lang := range []enums.LanguageCode{enums.LanguageCodeEnGB, enums.LanguageCodeNlNL} {
		t.Run(string(lang), func(t *testing.T) {
			customerPageJourney(t, chromium, axe, out, lang)
		})
	}
}

// pageText is what the journey expects the page to say, per language.
var pageText = map[enums.LanguageCode]map[string]string{
	enums.LanguageCodeEnGB: {
		"checkin": "Online check-in", "checkinDone": "You are checked in", "diag": "Inspection results",
		"diagDone": "Thank you for your answer", "repair": "Your car is ready", "wrong": "This link is not valid",
		"locker": "Key locker: ", "declined": "Declined", "down": "We cannot reach our service",
	},
	enums.LanguageCodeNlNL: {
		"checkin": "Online inchecken", "checkinDone": "U bent ingecheckt", "diag": "Resultaten van de controle",
		"diagDone": "Bedankt voor uw antwoord", "repair": "Uw auto is klaar", "wrong": "Deze link is niet geldig",
		"locker": "Sleutelkluis: ", "declined": "Afgewezen", "down": "We kunnen onze dienst niet bereiken",
	},
}

var pinPattern = regexp.MustCompile(`^\d{6}$`)

func customerPageJourney(t *testing.T, chromium, axe, out string, lang enums.LanguageCode) {
	s := newStack(t)
	ctx := context.Background()
	// The location speaks lang before anything is sent (the customer sees the
	// settings as they were sent).
	require.NoError(t, s.DB.DealerLocation.UpdateOneID(s.Demo.LocationID).SetLanguageCode(lang).Exec(ctx))
	require.NoError(t, s.DB.CommunicationSetting.Update().Where(communicationsetting.DealerLocationID(s.Demo.LocationID)).
		SetLanguageCode(lang).Exec(ctx))
	want := pageText[lang]
	name := strings.ToLower(string(lang))

	s.start()
	ap := s.Demo.Appointments[0].AppointmentID
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageCheckInSent })
	link := s.customerLink("jan.devries@example.com")
	require.True(t, strings.HasPrefix(link, "http://customer.test/app/#!/"), "link %q", link)
	// The public base URL's host is the API server here: the page is served by
	// it and calls the API on its own origin.
	pageURL := s.API.URL + strings.TrimPrefix(link, "http://customer.test")

	downloads := t.TempDir()
	b := browsertest.Browser(t, chromium, string(lang))
	p := browsertest.NewPage(t, b, s.API.URL+"/app/#!/", axe, out)
	p.Do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads})
		return err
	}))

	// Online check-in: the location offers the locker (the simulator has free cells).
	p.Navigate(pageURL, "checkin")
	if got := p.Eval(`document.documentElement.lang`); got != string(lang) {
		t.Errorf("page language %q, want %s", got, lang)
	}
	p.Contains("h1", want["checkin"])
	p.Contains("#brand", "Pitstop Demo Amsterdam") // the location's commercial name, on its colour
	if bg := p.Eval(`getComputedStyle(document.getElementById('brand')).backgroundColor`); bg != "rgb(11, 92, 173)" {
		t.Errorf("header colour %s, want the seeded #0b5cad", bg)
	}
	p.WaitFor(`document.querySelector('input[name=locker]') !== null`)
	p.Check(name + "-checkin")
	p.Eval(`document.querySelectorAll('input[data-agreement]').forEach(c => { if (!c.checked) c.click(); }); 'ok'`)
	p.Eval(`(document.querySelector('input[data-result]') || {click() {}}).click(); 'ok'`)
	p.Click(`input[name=locker][value="1"]`)
	// Two clicks in a row send one answer; the server takes it but the phone
	// loses the response. "Try again" sends it again and shows the first
	// answer's result (its PIN), and the workflow got one answer.
	lost := p.LoseResponses("/v1/online_checkin/answer", 1)
	p.Eval(`(() => { const b = document.getElementById('submit'); b.click(); b.click(); return 'ok'; })()`)
	p.WaitFor(`document.getElementById('errors').textContent.trim() !== '' && !document.getElementById('submit').disabled`)
	require.Equal(t, 1, lost())
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageAwaitingKeyDrop })
	p.Check(name + "-checkin-network-error")
	p.Click(`#submit`)
	p.WaitScreen("checkin-done")
	p.Contains("h1", want["checkinDone"])
	pin := strings.TrimSpace(p.Text("#pin"))
	require.Regexp(t, pinPattern, pin, "the page shows the locker PIN")
	p.Contains("#locker-name", want["locker"])
	p.Check(name + "-checkin-done")
	st := s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageAwaitingKeyDrop })
	require.True(t, st.DropInLocker)
	s.answeredOnce(ap, enums.CommunicationEventTypeOnlineCheckInAnswered)
	// Reloading the link shows the answered check-in, not the form.
	p.Navigate(pageURL, "checkin-done")

	// The PIN the page showed opens the locker door: the key is in.
	s.door(pin, enums.ObjectStatusDropoff)
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageInWorkshop })

	// Diagnose overview: agree, decline, "contact me"; the workflow moves on.
	var sent appointment.SendResult
	code, body := s.call("POST", fmt.Sprintf("/v1/appointments/%d/diagnose_overview/send", ap), s.Token, struct{}{}, &sent)
	require.Equal(t, 200, code, string(body))
	p.Navigate(pageURL, "diagnose")
	p.Contains("h1", want["diag"])
	ivs := p.Eval(`Array.from(document.querySelectorAll('[data-iv]')).map(e => e.getAttribute('data-iv')).join(' ')`)
	ids := strings.Fields(ivs)
	require.Len(t, ids, 3, "the seeded appointment has three interventions")
	p.Check(name + "-diagnose")
	p.Click(fmt.Sprintf(`input[name=iv%s][value="2"]`, ids[0]))
	p.Click(fmt.Sprintf(`input[name=iv%s][value="3"]`, ids[1]))
	p.Click(fmt.Sprintf(`input[name=iv%s][value="4"]`, ids[2]))
	require.NotContains(t, p.Text("#total"), "0,00")
	require.NotContains(t, p.Text("#total"), "0.00")
	p.Eval(`document.querySelectorAll('input[data-cca]').forEach(c => { if (!c.checked) c.click(); }); 'ok'`)
	p.Check(name + "-diagnose-filled")
	// This answer's response is lost too: "Try again" shows the decisions
	// taken, and the workflow got them once.
	lost = p.LoseResponses("/v2/diagnose_overview/answer", 1)
	p.Click(`#submit`)
	p.WaitFor(`document.getElementById('errors').textContent.trim() !== '' && !document.getElementById('submit').disabled`)
	require.Equal(t, 1, lost())
	p.Click(`#submit`)
	p.WaitScreen("diagnose-done")
	p.Contains("h1", want["diagDone"])
	p.Contains("main", want["declined"])
	p.Check(name + "-diagnose-done")
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageDiagnoseAnswered })
	s.answeredOnce(ap, enums.CommunicationEventTypeDiagnoseOverviewAnswered)

	// Repair overview: the PDF downloads.
	code, _ = s.call("POST", fmt.Sprintf("/v1/appointments/%d/interventions/%s/fixed", ap, ids[0]), s.Token, map[string]bool{"mechanic_fixed": true}, nil)
	require.Equal(t, 200, code)
	code, body = s.call("POST", fmt.Sprintf("/v1/appointments/%d/repair_overview/send", ap), s.Token, struct{}{}, &sent)
	require.Equal(t, 200, code, string(body))
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageRepairSent })
	p.Navigate(pageURL, "repair")
	p.Contains("h1", want["repair"])
	p.Check(name + "-repair")
	p.Click(`#pdf`)
	p.WaitFor(`document.getElementById('pdf').hasAttribute('data-ready')`)
	file := p.Eval(`document.getElementById('pdf').download`)
	require.True(t, strings.HasSuffix(file, ".pdf"), "download name %q", file)
	var pdf []byte
	require.Eventually(t, func() bool {
		b, err := os.ReadFile(filepath.Join(downloads, file))
		pdf = b
		return err == nil && len(b) > 0
	}, 15*time.Second, 100*time.Millisecond, "the browser saves %s", file)
	require.True(t, bytes.HasPrefix(pdf, []byte("%PDF-")), "a real PDF")
	p.Check(name + "-repair-downloaded")

	// No answer from the server: its own page, and "Try again" reads again.
	lost = p.LoseResponses("/v1/communication/read", 1)
	p.Navigate(pageURL, "unavailable")
	require.Equal(t, 1, lost())
	p.Contains("h1", want["down"])
	p.Check(name + "-unavailable")
	p.Click(`main button`)
	p.WaitScreen("repair")

	// A wrong key: its own page, in the phone's language (no location to take it from).
	p.Open(wrongKey, "wrong-key")
	p.Contains("h1", want["wrong"])
	p.Check(name + "-wrong-key")
}
