//go:build screens

package api

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/api/console"
	"github.com/pitstop-dev/pitstop/ent/deskcommunication"
	rdfake "github.com/pitstop-dev/pitstop/integrations/remotediag/fake"
	"github.com/pitstop-dev/pitstop/internal/auth"
	"github.com/pitstop-dev/pitstop/internal/browsertest"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/onboard"
	"github.com/pitstop-dev/pitstop/internal/rdaccount"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
)

// A 1×1 PNG: the signature the fake desk read names.
var consoleSignaturePNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89" +
	"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")

// The receptionist's console on the real router and database (no
// Temporal): sign-in, the day with what needs a person first, the stage
// filter and search, one appointment with its remarks, a remark marked
// handled with a double click that acts once, a change arriving live, and
// a desk check-in's signature shown from a blob: URL fetched with the
// token, the car's remote-diagnose service (and the provider down); in the four languages, at 1440 and 1024 px, axe clean.
func TestDeskConsoleOnTheRealAPI(t *testing.T) {
	chromium := browsertest.Chromium(t)
	axe := browsertest.Axe(t)
	defer func(p time.Duration) { console.PollEvery = p }(console.PollEvery)
	console.PollEvery = 200 * time.Millisecond
	ctx := context.Background()
	db := storetest.New(t)
	iss, err := auth.NewIssuer("desk-console-secret-0123456789")
	require.NoError(t, err)
	str := func(s string) *string { return &s }
	d, err := onboard.SaveDealer(ctx, db.Client, 0, onboard.DealerInput{Name: str("Autohuis"), CountryCode: str("NL")})
	require.NoError(t, err)
	nl := enums.LanguageCodeNlNL
	loc, err := onboard.SaveLocation(ctx, db.Client, d.ID, 0, onboard.LocationInput{Name: str("Autohuis Utrecht"), Country: str("NL"),
		TimeZone: str("Europe/Amsterdam"), LanguageCode: &nl})
	require.NoError(t, err)
	role := enums.RoleIDReceptionist
	_, err = onboard.SaveUser(ctx, db.Client, 0, onboard.UserInput{Email: str("rita@a.example"), RoleID: &role,
		Password: str("a good long password"), DealerID: &d.ID, LocationIDs: []int{loc.ID}})
	require.NoError(t, err)
	tablet := enums.RoleIDCounterTablet
	_, err = onboard.SaveUser(ctx, db.Client, 0, onboard.UserInput{Email: str("counter@a.example"), FirstName: str("Balie 1"), RoleID: &tablet,
		Password: str("a good long password"), DealerID: &d.ID, LocationIDs: []int{loc.ID}})
	require.NoError(t, err)

	zone, err := time.LoadLocation("Europe/Amsterdam")
	require.NoError(t, err)
	now := time.Now().In(zone)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, zone)
	f := &adminFixture{t: t, db: db.Client}
	calm := f.consoleAppointment(loc.ID, "CA-LM-01", today.Add(7*time.Hour+45*time.Minute))
	remark := f.consoleAppointment(loc.ID, "RE-MA-01", today.Add(9*time.Hour+30*time.Minute))
	com := f.consoleCommunication(remark)
	rm := db.Client.CheckInRemark.Create().SetCustomerCommunicationID(com.ID).SetAppointmentID(remark.ID).
		SetDescription("Rattle at the left rear wheel").SaveX(ctx)
	pads := db.Client.Intervention.Create().SetAppointmentID(remark.ID).SetDealerLocationID(loc.ID).SetTitle("Brake pads").
		SetPrice(120).SaveX(ctx)
	db.Client.DeskCommunication.Create().SetAppointmentID(remark.ID).SetDealerLocationID(loc.ID).SetTabletUserID(1).
		SetCustomerName("Eva RE-MA-01").ExecX(ctx)
	// A reminder the follow-up sent, and one quiet hours hold until 07:30
	// tomorrow, the location's time (issue #25).
	db.Client.CommunicationReceiver.Create().SetAppointmentID(remark.ID).SetCommunicationChannelID(enums.CommunicationChannelIDSMS).
		SetDestination("+31600000001").SetStatus(enums.CommunicationReceiverStatusReceived).SetDeliveryState("accepted").
		SetReminderKind("answer_reminder").SetIdempotencyKey("console-reminder-sent").ExecX(ctx)
	heldID := db.Client.CommunicationReceiver.Create().SetAppointmentID(remark.ID).SetCommunicationChannelID(enums.CommunicationChannelIDSMS).
		SetDestination("+31600000001").SetDeliveryState("queued").SetReminderKind("key_pickup_reminder").
		SetIdempotencyKey("console-reminder-held").SaveX(ctx).ID
	heldUntil := today.Add(24*time.Hour + 7*time.Hour + 30*time.Minute)
	tomorrow := f.consoleAppointment(loc.ID, "TO-MO-01", today.Add(24*time.Hour+8*time.Hour))
	db.Client.Appointment.UpdateOne(tomorrow).SetCheckInComSent(true).SetLifecycleStage("check_in_sent").ExecX(ctx)
	db.Client.DealerLocation.UpdateOneID(loc.ID).SetDeskCheckInEnabled(true).SetIsOpenDeskCheckoutOnCarOutOfShopEnabled(true).ExecX(ctx)
	// An open task (issue #25) as the lifecycle opens one; another
	// location's task and a done one are not shown.
	const taskText = "Call Eva: diagnose overview unanswered for 8 h after a reminder, 2 items to decide"
	db.Client.Task.Create().SetDealerLocationID(loc.ID).SetAppointmentID(remark.ID).SetKind("diagnose_unanswered").
		SetText(taskText).SetDedupeKey("console-task").ExecX(ctx)
	db.Client.Task.Create().SetDealerLocationID(loc.ID).SetAppointmentID(remark.ID).SetKind("check_in_unanswered").
		SetText("Done already").SetDedupeKey("console-task-done").SetState("done").ExecX(ctx)

	// The remote-diagnose provider (simulator) has serviced the remark
	// appointment's Ford: the car's facts say when.
	sim := rdfake.New()
	defer sim.Close()
	rdRes, err := rdaccount.New(db.Client, sim.URL())
	require.NoError(t, err)
	db.Client.DealerLocation.UpdateOneID(loc.ID).SetRemoteDiagConnectorUUID(rdfake.ConnectorOnlineUUID).
		SetRemoteDiagPincode(rdfake.DefaultPincode).ExecX(ctx)
	db.Client.Appointment.UpdateOne(remark).SetVin(rdfake.VINFord).ExecX(ctx)

	api := New(Deps{DB: db, Tokens: iss, KeySecret: []byte("k"), RemoteDiag: rdRes, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	// The desk read with a signature (the counter tablet's part adds it to
	// the real read); the signature needs the staff token.
	var sigFetches, dayCalls atomic.Int32
	mux := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/desk/day" {
			dayCalls.Add(1)
		}
		switch {
		case r.URL.Path == fmt.Sprintf("/v1/appointments/%d/desk_checkin", remark.ID):
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"desk_communications":[{"id":5,"status":6,"is_checking_out":false,"customer_name":"Eva RE-MA-01",
				"events":[{"type":1,"created_at":%q},{"type":6,"created_at":%q,"customer_signature":"/v1/test/signature/5.png"}]}]}`,
				time.Now().Add(-time.Hour).Format(time.RFC3339), time.Now().Add(-50*time.Minute).Format(time.RFC3339))
		case r.URL.Path == fmt.Sprintf("/v1/appointments/%d/state", remark.ID): // the lifecycle's state (no Temporal here)
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"appointment_id":%d,"stage":"check_in_sent","history":[],"held_messages":[{"receiver_id":%d,"message":"the reminder","until":%q}]}`,
				remark.ID, heldID, heldUntil.UTC().Format(time.RFC3339))
		case r.URL.Path == "/v1/test/signature/5.png":
			if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
				http.Error(w, "no token", http.StatusUnauthorized)
				return
			}
			sigFetches.Add(1)
			w.Header().Set("Content-Type", "image/png")
			_, _ = w.Write(consoleSignaturePNG)
		default:
			api.ServeHTTP(w, r)
		}
	})
	ts := httptest.NewServer(mux)
	defer ts.Close()
	defer func(w []int64) { browsertest.Widths = w }(browsertest.Widths)
	browsertest.Widths = []int64{1440, 1024}
	out := browsertest.OutputDir(t, "deskpage-real")

	for i, lang := range []string{"en-GB", "nl-NL", "fr-FR", "de-DE"} {
		t.Run(lang, func(t *testing.T) {
			p := browsertest.NewPage(t, browsertest.Browser(t, chromium, lang), ts.URL+"/desk/", axe, out)
			p.Do(chromedp.EmulateViewport(1440, 900))
			p.TimeZone("Asia/Tokyo") // the desk's computer is not in the location's zone
			tr := func(k string) string { return p.Eval(fmt.Sprintf(`PitstopI18n[%q][%q]`, lang, k)) }
			short := strings.ToLower(lang[:2])
			p.Navigate(ts.URL+"/desk/", "signin")
			if got := p.Eval(`document.documentElement.lang`); got != lang {
				t.Fatalf("lang %q, want %q", got, lang)
			}
			p.Contains("h1", tr("signinTitle"))
			p.Check(short + "-signin")
			p.Do(chromedp.SendKeys(chromedp.CSS(`#email`), "rita@a.example"), chromedp.SendKeys(chromedp.CSS(`#password`), "a good long password"))
			p.Click("#signin-btn")
			p.WaitScreen("day")
			if i == 0 {
				// Reopened with the session and location remembered: the
				// page's head asks for the day (early.js) and the console
				// takes that answer instead of asking again.
				before := dayCalls.Load()
				p.Navigate(ts.URL+"/desk/", "day")
				p.WaitFor(`!!document.querySelector('[data-appointment]')`)
				if n := dayCalls.Load() - before; n != 1 {
					t.Errorf("the reopened console asked for the day %d times, want 1", n)
				}
				if got := p.Eval(`String(!!window.PitstopEarly && Object.keys(window.PitstopEarly.calls).length === 0)`); got != "true" {
					t.Error("the console did not take the answers early.js asked for")
				}
			}
			p.Contains("h1", tr("dayTitle"))
			p.Contains("#day-sub", "Autohuis Utrecht")
			// What needs a person comes first: the remark today, the
			// unanswered check-in tomorrow (it is the day before).
			order := p.Eval(`Array.from(document.querySelectorAll('[data-appointment]')).map(e => e.dataset.appointment).join(',')`)
			if want := fmt.Sprintf("%d,%d,%d", remark.ID, tomorrow.ID, calm.ID); order != want && i == 0 {
				t.Errorf("order %s, want %s", order, want)
			}
			if i == 0 { // handled below, in English
				p.Contains(`[data-group="needs"]`, tr("r_remarks_not_handled"))
			}
			p.Contains(`[data-group="needs"]`, tr("r_check_in_not_answered"))
			p.Contains(fmt.Sprintf(`[data-appointment="%d"]`, calm.ID), "07:45") // the location's time, not Tokyo's
			// The location's open tasks above the appointments.
			p.WaitFor(`!!document.querySelector('[data-task]')`)
			p.Contains("#g-tasks", tr("tasksTitle"))
			p.Contains("[data-task]", taskText)
			if n := p.Eval(`String(document.querySelectorAll('[data-task]').length)`); n != "1" {
				t.Errorf("%s open tasks shown, want 1", n)
			}
			p.Check(short + "-day")
			if i == 0 {
				// Search by registration, work order or name; filter by stage.
				set := func(id, v, ev string) {
					p.Eval(fmt.Sprintf(`(() => { const e = document.getElementById(%q); e.value = %q; e.dispatchEvent(new Event(%q)); return 1; })()`, id, v, ev))
				}
				count := func(n int, id int) {
					p.WaitFor(fmt.Sprintf(`document.querySelectorAll('[data-appointment]').length === %d && (%d === 0 || !!document.querySelector('[data-appointment="%d"]'))`, n, id, id))
				}
				p.Do(chromedp.SendKeys(chromedp.CSS(`#search`), "to-mo"))
				count(1, tomorrow.ID)
				set("search", "WO-CA-LM", "input")
				count(1, calm.ID)
				set("search", "eva re-ma", "input")
				count(1, remark.ID)
				set("search", "", "input")
				set("stage", "check_in_sent", "change")
				count(1, tomorrow.ID)
				set("stage", "", "change")
				count(3, 0)

				// Live: the customer answers the check-in and asks for a call;
				// the day shows it within 2 s, without a reload.
				p.Eval(`window.__noReload = 1`)
				db.Client.Intervention.Create().SetAppointmentID(calm.ID).SetDealerLocationID(loc.ID).SetTitle("Brake pads").
					SetCommunicationResultStatus(enums.CommunicationResultStatusContactMe).ExecX(ctx)
				start := time.Now()
				p.WaitFor(fmt.Sprintf(`!!document.querySelector('[data-group="needs"] [data-appointment="%d"] [data-reason="call_me"]')`, calm.ID))
				if d := time.Since(start); d > 2*time.Second {
					t.Errorf("the change took %v to show", d)
				}
				if p.Eval(`String(window.__noReload)`) != "1" {
					t.Error("the page reloaded")
				}
			}

			// One appointment: remarks, the desk check-in with its signature,
			// whether the remote-diagnose provider serviced the car (in
			// German the provider is down: said so, the page works).
			if lang == "de-DE" {
				sim.SetDown(true)
			}
			p.ClickLive(fmt.Sprintf(`[data-appointment="%d"]`, remark.ID))
			p.WaitScreen("appointment")
			p.Contains("#facts", tr("rdServiced"))
			if lang == "de-DE" {
				p.WaitFor(fmt.Sprintf(`(() => { const e = document.getElementById('rd-serviced'); return !!e && e.textContent === %q; })()`, tr("rdSvDown")))
				sim.SetDown(false)
			} else {
				// The seed ticket ended on 8 September 2021.
				p.WaitFor(`(() => { const e = document.getElementById('rd-serviced'); return !!e && e.textContent.indexOf('2021') >= 0; })()`)
				p.Contains("#rd-serviced", strings.Split(tr("rdSvYes"), "{date}")[0])
			}
			p.Contains("#remarks", "Rattle at the left rear wheel")
			p.WaitFor(`(() => { const i = document.querySelector('img.signature'); return !!i && i.src.startsWith('blob:') && i.complete && i.naturalWidth === 1; })()`)
			p.Contains("#desk", tr("signatureOf")[:4])
			p.Contains("#timeline", tr("ds6"))
			// The reminders (issue #25): the one sent, and the one held
			// with the time it goes, in the location's zone.
			p.Contains("#timeline", tr("rk_answer_reminder"))
			held := fmt.Sprintf(`#timeline [data-held][data-receiver="%d"]`, heldID)
			p.WaitFor(fmt.Sprintf(`!!document.querySelector(%q)`, held))
			p.Contains(held, tr("rk_key_pickup_reminder"))
			p.Contains(held, strings.Split(tr("heldUntil"), "{at}")[0])
			p.Contains(held, "07:30")
			p.Check(short + "-appointment")
			if i == 0 {
				// Mark the remark handled with a double click: one action.
				p.Eval(fmt.Sprintf(`(() => { const b = document.querySelector('[data-action="handled-check_in-%d"]'); b.click(); b.click(); return 1; })()`, rm.ID))
				p.WaitFor(fmt.Sprintf(`!!document.querySelector('[data-remark="check_in-%d"].handled')`, rm.ID))
				if !db.Client.CheckInRemark.GetX(ctx, rm.ID).ReceptionistHandled {
					t.Error("the remark is not handled")
				}
				// Re-price the brake pads, then hide them from the customer.
				// The panel is redrawn when a change arrives, so each step
				// types and clicks in one script (the click reads the value
				// at once) and waits for the row, not for a node.
				p.Contains("#items", "Brake pads")
				waitRow := func(what string, ok func() bool) {
					for deadline := time.Now().Add(15 * time.Second); !ok(); time.Sleep(100 * time.Millisecond) {
						if time.Now().After(deadline) {
							t.Fatalf("the console did not %s", what)
						}
					}
				}
				p.Eval(fmt.Sprintf(`(() => { document.getElementById('price-%d').value = '99.5'; document.querySelector('[data-action="price-%d"]').click(); return 1; })()`, pads.ID, pads.ID))
				waitRow("re-price the brake pads", func() bool { return db.Client.Intervention.GetX(ctx, pads.ID).Price == 99.5 })
				p.Eval(fmt.Sprintf(`(() => { document.querySelector('[data-action="visible-%d"]').click(); return 1; })()`, pads.ID))
				waitRow("hide the brake pads", func() bool { return !db.Client.Intervention.GetX(ctx, pads.ID).VisibleToCustomer })
				p.WaitFor(fmt.Sprintf(`!!document.querySelector('[data-intervention="%d"].hidden-item')`, pads.ID))
				if iv := db.Client.Intervention.GetX(ctx, pads.ID); iv.Price != 99.5 || !iv.DmsPriceEdited || iv.VisibleToCustomer {
					t.Errorf("the brake pads are %v, edited %v, visible %v; want 99.5, edited, hidden", iv.Price, iv.DmsPriceEdited, iv.VisibleToCustomer)
				}
				// Car out of shop: a check-out opens on the location's only
				// tablet, and the answer names it.
				p.Eval(`(() => { document.querySelector('[data-action="car-out"]').click(); return 1; })()`)
				waitRow("open the check-out", func() bool {
					return db.Client.DeskCommunication.Query().Where(deskcommunication.AppointmentID(remark.ID), deskcommunication.IsCheckingOut(true),
						deskcommunication.StatusEQ(enums.DeskCommunicationStatusSent)).ExistX(ctx)
				})
				p.WaitFor(`(() => { const r = document.getElementById('res-car-out'); return !!r && r.textContent.indexOf('Balie 1') >= 0; })()`)
				if !db.Client.Appointment.GetX(ctx, remark.ID).CarOutOfShopEdited {
					t.Error("the car is not out of the shop")
				}
				p.ClickLive("#back")
				p.WaitScreen("day")
				p.WaitFor(fmt.Sprintf(`!document.querySelector('[data-group="needs"] [data-appointment="%d"]')`, remark.ID))
			}
		})
	}
	if sigFetches.Load() == 0 {
		t.Error("the signature was never fetched with the token")
	}
}
