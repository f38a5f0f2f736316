//go:build screens

package api

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/internal/auth"
	"github.com/pitstop-dev/pitstop/internal/browsertest"
	"github.com/pitstop-dev/pitstop/internal/checklists"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/onboard"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
)

// The workshop screen on the real router and database (no Temporal): the
// real sign-in, GET /v1/workshop/locations, the staff appointment list with
// the screen's from/to of the location's day, and the checklists read. The
// rest of the walk (checks are workflow updates) runs against the fake in
// api/workshoppage.
func TestWorkshopScreenOnTheRealAPI(t *testing.T) {
	chromium := browsertest.Chromium(t)
	axe := browsertest.Axe(t)
	ctx := context.Background()
	db := storetest.New(t)
	iss, err := auth.NewIssuer("workshop-screen-secret-0123456789")
	require.NoError(t, err)
	str := func(s string) *string { return &s }
	d, err := onboard.SaveDealer(ctx, db.Client, 0, onboard.DealerInput{Name: str("Autohuis"), CountryCode: str("NL")})
	require.NoError(t, err)
	nl := enums.LanguageCodeNlNL
	loc, err := onboard.SaveLocation(ctx, db.Client, d.ID, 0, onboard.LocationInput{Name: str("Autohuis Utrecht"), Country: str("NL"),
		TimeZone: str("Europe/Amsterdam"), LanguageCode: &nl})
	require.NoError(t, err)
	role := enums.RoleIDMechanic
	_, err = onboard.SaveUser(ctx, db.Client, 0, onboard.UserInput{Email: str("max@a.example"), RoleID: &role,
		Password: str("a good long password"), DealerID: &d.ID, LocationIDs: []int{loc.ID}})
	require.NoError(t, err)
	_, err = checklists.Create(ctx, db.Client, checklists.DemoRegular(d.ID))
	require.NoError(t, err)

	zone, err := time.LoadLocation("Europe/Amsterdam")
	require.NoError(t, err)
	now := time.Now().In(zone)
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, zone)
	ids := map[string]int{}
	for plate, at := range map[string]time.Time{
		"TO-DAY-1": day.Add(7*time.Hour + 45*time.Minute), "YE-STE-1": day.Add(-15 * time.Minute), "TO-MOR-1": day.Add(24*time.Hour + 10*time.Minute),
	} {
		ap := db.Client.Appointment.Create().SetLocationID(loc.ID).SetWoNr("WO-" + plate).SetRegNumber(plate).SetCarMake("Škoda").
			SetCarModel("Octavia").SetTimeCarApp(at.UTC()).SetCreatedBy("test").SaveX(ctx)
		ids[plate] = ap.ID
	}

	ts := httptest.NewServer(New(Deps{DB: db, Tokens: iss, KeySecret: []byte("k"), Log: slog.New(slog.NewTextHandler(io.Discard, nil))}))
	defer ts.Close()
	defer func(w []int64) { browsertest.Widths = w }(browsertest.Widths)
	browsertest.Widths = []int64{375, 768}
	p := browsertest.NewPage(t, browsertest.Browser(t, chromium, "nl-NL"), ts.URL+"/workshop/", axe, browsertest.OutputDir(t, "workshoppage-real"))
	p.TimeZone("Asia/Tokyo") // the phone's zone is not the workshop's
	p.Navigate(ts.URL+"/workshop/", "signin")
	p.Contains("h1", "Inloggen")
	p.Do(chromedp.SendKeys(chromedp.CSS(`#email`), "max@a.example"), chromedp.SendKeys(chromedp.CSS(`#password`), "a good long password"))
	p.Click("#signin-btn")
	p.WaitScreen("cars")
	p.Contains("#cars-date", "Autohuis Utrecht")
	if got := p.Eval(`Array.from(document.querySelectorAll('[data-appointment]')).map(e => e.dataset.appointment).join(',')`); got != strconv.Itoa(ids["TO-DAY-1"]) {
		t.Errorf("today's cars %q, want only %d", got, ids["TO-DAY-1"])
	}
	p.Contains("#cars", "07:45")
	p.Check("real-cars")
	p.Click(`[data-appointment]`)
	p.WaitScreen("checklists")
	p.Contains("#checklists", "Multi-point inspection")
	p.Check("real-checklists")
}
