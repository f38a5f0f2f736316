package main

import (
	"bytes"
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/dealer"
	"github.com/pitstop-dev/pitstop/ent/dealerlocation"
	"github.com/pitstop-dev/pitstop/ent/user"
	"github.com/pitstop-dev/pitstop/internal/auth"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
)

// The `pitstop admin` subcommands run in-process (the same cobra tree the
// binary runs) against a fresh PostgreSQL database named by
// PITSTOP_DATABASE_URL, as an operator's shell would; the results are read
// back from the database.

// adminEnv points the commands at a fresh database and returns its client.
func adminEnv(t *testing.T) *ent.Client {
	t.Helper()
	db := storetest.New(t)
	var name string
	require.NoError(t, db.SQL.QueryRowContext(context.Background(), "SELECT current_database()").Scan(&name))
	u, err := url.Parse(storetest.BaseURL())
	require.NoError(t, err)
	u.Path, u.RawPath = "/"+name, ""
	t.Setenv("PITSTOP_DATABASE_URL", u.String())
	return db.Client
}

// runAdmin runs `pitstop <args>` with stdin and returns its output and error.
func runAdmin(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	root := &cobra.Command{Use: "pitstop", SilenceUsage: true, SilenceErrors: true}
	root.AddCommand(rootCommands()...)
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetIn(strings.NewReader(stdin))
	root.SetArgs(args)
	err := root.ExecuteContext(context.Background())
	return out.String(), err
}

func mustAdmin(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	out, err := runAdmin(t, stdin, args...)
	require.NoError(t, err, "pitstop %s: %s", strings.Join(args, " "), out)
	return out
}

// refused asserts the command failed naming every fragment.
func refused(t *testing.T, stdin string, fragments []string, args ...string) {
	t.Helper()
	_, err := runAdmin(t, stdin, args...)
	require.Error(t, err, "pitstop %s must fail", strings.Join(args, " "))
	for _, f := range fragments {
		require.Contains(t, err.Error(), f, "pitstop %s", strings.Join(args, " "))
	}
}

func TestAdminCLIDealerAndLocation(t *testing.T) {
	db := adminEnv(t)
	ctx := context.Background()

	out := mustAdmin(t, "", "admin", "dealer", "create", "--name", "Van Dijk Auto", "--country", "NL", "--website", "https://vandijk.example", "--city", "Utrecht")
	d, err := db.Dealer.Query().Where(dealer.Name("Van Dijk Auto")).Only(ctx)
	require.NoError(t, err)
	require.Contains(t, out, "dealer ")
	require.Equal(t, "NL", d.CountryCode)
	require.Equal(t, "https://vandijk.example", d.WebsiteURL)
	require.Equal(t, "Utrecht", d.City)
	require.True(t, d.Active)

	// update changes only what is given.
	mustAdmin(t, "", "admin", "dealer", "update", "--id", itoa(d.ID), "--name", "Van Dijk Auto Groep")
	d2, err := db.Dealer.Get(ctx, d.ID)
	require.NoError(t, err)
	require.Equal(t, "Van Dijk Auto Groep", d2.Name)
	require.Equal(t, "Utrecht", d2.City)
	require.Equal(t, "https://vandijk.example", d2.WebsiteURL)

	refused(t, "", []string{"refused", "name: required"}, "admin", "dealer", "create", "--country", "NL")
	refused(t, "", []string{"refused", "country_code"}, "admin", "dealer", "create", "--name", "X", "--country", "Narnia")
	refused(t, "", []string{"refused", "website_url"}, "admin", "dealer", "create", "--name", "X", "--country", "NL", "--website", "ftp://x")
	refused(t, "", []string{"--id is required"}, "admin", "dealer", "update", "--name", "X")
	refused(t, "", []string{"not found"}, "admin", "dealer", "update", "--id", "999999", "--name", "X")
	n, err := db.Dealer.Query().Count(ctx)
	require.NoError(t, err)
	require.Equal(t, 1, n, "refused commands create nothing")

	mustAdmin(t, "", "admin", "location", "create", "--dealer", itoa(d.ID), "--name", "Utrecht", "--country", "NL",
		"--language", "nl-NL", "--time-zone", "Europe/Amsterdam", "--check-in-days-prior", "5", "--online-check-in", "--desk-check-in")
	l, err := db.DealerLocation.Query().Where(dealerlocation.Name("Utrecht")).Only(ctx)
	require.NoError(t, err)
	require.Equal(t, d.ID, l.DealerID)
	require.Equal(t, enums.LanguageCode("nl-NL"), l.LanguageCode)
	require.Equal(t, "Europe/Amsterdam", l.TimeZone)
	require.Equal(t, 5, l.CheckInDaysPrior)
	require.True(t, l.OnlineCheckInEnabled)
	require.True(t, l.DeskCheckInEnabled)
	require.False(t, l.DiagnoseOverviewEnabled)

	mustAdmin(t, "", "admin", "location", "update", "--id", itoa(l.ID), "--check-in-days-prior", "0", "--diagnose-overview")
	l2, err := db.DealerLocation.Get(ctx, l.ID)
	require.NoError(t, err)
	require.Equal(t, 0, l2.CheckInDaysPrior)
	require.True(t, l2.DiagnoseOverviewEnabled)
	require.True(t, l2.OnlineCheckInEnabled, "flags not given stay as they were")
	require.Equal(t, "Europe/Amsterdam", l2.TimeZone)

	// Opening hours, VAT, ACSES (password from standard input) and DMS settings.
	mustAdmin(t, "s3cret-acses\n", "admin", "location", "update", "--id", itoa(l.ID), "--opening-hours", "mon=08:00-12:00,13:00-17:30",
		"--opening-hours", "SAT=09:00-12:00", "--opening-hours", "sun=", "--vat", "21", "--include-vat", "--acses", "--acses-email", "ops@vandijk.example",
		"--acses-password-stdin", "--dms", "10", "--dms-write-back", "--check-in-answer-mandatory", "--key-locker")
	l3, err := db.DealerLocation.Get(ctx, l.ID)
	require.NoError(t, err)
	require.Equal(t, map[string][]string{"mon": {"08:00-12:00", "13:00-17:30"}, "sat": {"09:00-12:00"}, "sun": {}}, l3.OpeningHours)
	require.Equal(t, 21.0, l3.Vat)
	require.True(t, l3.IncludeVat)
	require.True(t, l3.IsAcsesEnabled)
	require.Equal(t, "ops@vandijk.example", l3.AcsesEmail)
	require.Equal(t, "s3cret-acses", l3.AcsesPassword)
	require.Equal(t, enums.DMSIDIncadea, l3.DmsID)
	require.True(t, l3.DmsWriteBack)
	require.True(t, l3.IsCustomerAnsweredCheckInMandatory)
	require.True(t, l3.IsKeyLockerEnabled)
	require.True(t, l3.KeyLockerTwoFactor, "the key locker asks for a second factor unless told otherwise")
	require.Equal(t, 0, l3.CheckInDaysPrior, "flags not given stay as they were")
	mustAdmin(t, "", "admin", "location", "update", "--id", itoa(l.ID), "--key-locker-two-factor=false")
	require.False(t, db.DealerLocation.GetX(ctx, l.ID).KeyLockerTwoFactor)
	require.True(t, db.DealerLocation.GetX(ctx, l.ID).IsKeyLockerEnabled, "flags not given stay as they were")
	upd := []string{"admin", "location", "update", "--id", itoa(l.ID)}
	refused(t, "", []string{"refused", "opening_hours.mon[0]"}, append(upd, "--opening-hours", "mon=17:00-08:00")...)
	refused(t, "", []string{"refused", `unknown day "moon"`}, append(upd, "--opening-hours", "moon=08:00-17:00")...)
	refused(t, "", []string{"want day=HH:MM-HH:MM"}, append(upd, "--opening-hours", "08:00-17:00")...)
	refused(t, "", []string{"mon given twice"}, append(upd, "--opening-hours", "mon=08:00-12:00", "--opening-hours", "mon=13:00-17:00")...)
	refused(t, "", []string{"refused", "vat"}, append(upd, "--vat", "101")...)
	refused(t, "", []string{"refused", "third_party_webhook_url"}, append(upd, "--third-party-webhook", "not a url")...)
	require.Equal(t, l3.OpeningHours, db.DealerLocation.GetX(ctx, l.ID).OpeningHours, "refused updates change nothing")

	base := []string{"admin", "location", "create", "--dealer", itoa(d.ID), "--name", "Bad", "--country", "NL", "--language", "nl-NL", "--time-zone", "Europe/Amsterdam"}
	with := func(args ...string) []string { return append(append([]string{}, base...), args...) }
	refused(t, "", []string{"refused", "time_zone"}, with("--time-zone", "Mars/Olympus")...)
	refused(t, "", []string{"refused", "language_code"}, with("--language", "xx-XX")...)
	refused(t, "", []string{"refused", "check_in_days_prior"}, with("--check-in-days-prior", "31")...)
	refused(t, "", []string{"--dealer is required"}, "admin", "location", "create", "--name", "Bad")
	refused(t, "", []string{"--id is required"}, "admin", "location", "update", "--name", "Bad")
	refused(t, "", []string{"not found"}, "admin", "location", "update", "--id", "999999", "--name", "Bad")
	n, err = db.DealerLocation.Query().Count(ctx)
	require.NoError(t, err)
	require.Equal(t, 1, n, "refused commands create nothing")
}

func TestAdminCLIUsers(t *testing.T) {
	db := adminEnv(t)
	ctx := context.Background()
	mustAdmin(t, "", "admin", "dealer", "create", "--name", "A", "--country", "NL")
	mustAdmin(t, "", "admin", "dealer", "create", "--name", "B", "--country", "BE")
	da := db.Dealer.Query().Where(dealer.Name("A")).OnlyX(ctx)
	dbb := db.Dealer.Query().Where(dealer.Name("B")).OnlyX(ctx)
	for _, d := range []*ent.Dealer{da, dbb} {
		mustAdmin(t, "", "admin", "location", "create", "--dealer", itoa(d.ID), "--name", "L"+d.Name, "--country", d.CountryCode,
			"--language", "en-GB", "--time-zone", "Europe/Brussels")
	}
	la := db.DealerLocation.Query().Where(dealerlocation.DealerID(da.ID)).OnlyX(ctx)
	lb := db.DealerLocation.Query().Where(dealerlocation.DealerID(dbb.ID)).OnlyX(ctx)

	const pw = "correct horse battery staple"
	mustAdmin(t, pw+"\n", "admin", "user", "create", "--dealer", itoa(da.ID), "--email", " Rita@VanDijk.example ", "--role", "50",
		"--locations", itoa(la.ID), "--first-name", "Rita", "--language", "nl-NL", "--password-stdin")
	u, err := db.User.Query().Where(user.Email("rita@vandijk.example")).Only(ctx)
	require.NoError(t, err, "the e-mail is stored trimmed and lower case")
	require.Equal(t, enums.RoleIDReceptionist, u.RoleID)
	require.Equal(t, da.ID, u.DealerID)
	require.Equal(t, []int{la.ID}, u.LocationIds)
	require.Equal(t, "Rita", u.FirstName)
	require.NoError(t, auth.VerifyPassword(pw, u.PasswordHash))
	require.NotContains(t, u.PasswordHash, pw)
	require.Equal(t, enums.UserStatusIDActive, u.Status)

	// update by e-mail: a new role, the rest stays.
	mustAdmin(t, "", "admin", "user", "update", "--match-email", "RITA@vandijk.example", "--role", "40")
	u2 := db.User.GetX(ctx, u.ID)
	require.Equal(t, enums.RoleIDDealerAdmin, u2.RoleID)
	require.Equal(t, []int{la.ID}, u2.LocationIds)
	require.Equal(t, u.PasswordHash, u2.PasswordHash)

	const pw2 = "another long passphrase"
	mustAdmin(t, pw2+"\n", "admin", "user", "set-password", "--id", itoa(u.ID))
	require.NoError(t, auth.VerifyPassword(pw2, db.User.GetX(ctx, u.ID).PasswordHash))

	mustAdmin(t, "", "admin", "user", "disable", "--match-email", "rita@vandijk.example")
	require.Equal(t, enums.UserStatusIDInactive, db.User.GetX(ctx, u.ID).Status)
	mustAdmin(t, "", "admin", "user", "enable", "--id", itoa(u.ID))
	require.Equal(t, enums.UserStatusIDActive, db.User.GetX(ctx, u.ID).Status)

	// A platform role needs no dealer; a dealer role does.
	mustAdmin(t, "", "admin", "user", "create", "--email", "ops@pitstop.example", "--role", "20")
	ops := db.User.Query().Where(user.Email("ops@pitstop.example")).OnlyX(ctx)
	require.Equal(t, enums.RoleIDClaireAdmin, ops.RoleID)
	require.Zero(t, ops.DealerID)

	before := db.User.Query().CountX(ctx)
	refused(t, "", []string{"refused", "dealer_id: required for a dealer role"}, "admin", "user", "create", "--email", "x@a.example", "--role", "50")
	refused(t, "", []string{"refused", "email"}, "admin", "user", "create", "--dealer", itoa(da.ID), "--email", "not-an-address", "--role", "50")
	refused(t, "", []string{"refused", "role_id: not a RoleID value"}, "admin", "user", "create", "--dealer", itoa(da.ID), "--email", "y@a.example", "--role", "55")
	refused(t, "", []string{"refused", "role_id: required"}, "admin", "user", "create", "--dealer", itoa(da.ID), "--email", "y@a.example")
	refused(t, "", []string{"refused", "another user has this e-mail address"}, "admin", "user", "create", "--dealer", itoa(da.ID), "--email", "rita@vandijk.example", "--role", "50")
	refused(t, "", []string{"refused", "location " + itoa(lb.ID) + " is not a location of the user's dealer"},
		"admin", "user", "create", "--dealer", itoa(da.ID), "--email", "z@a.example", "--role", "50", "--locations", itoa(lb.ID))
	refused(t, "", []string{"refused", "dealer_id: no such dealer"}, "admin", "user", "create", "--dealer", "999999", "--email", "w@a.example", "--role", "50")
	refused(t, "short\n", []string{"refused", "password"}, "admin", "user", "create", "--dealer", itoa(da.ID), "--email", "v@a.example", "--role", "50", "--password-stdin")
	refused(t, "", []string{"no password on standard input"}, "admin", "user", "set-password", "--id", itoa(u.ID))
	refused(t, "", []string{"give exactly one of --id or --match-email"}, "admin", "user", "disable")
	refused(t, "", []string{"give exactly one of --id or --match-email"}, "admin", "user", "disable", "--id", itoa(u.ID), "--match-email", "rita@vandijk.example")
	refused(t, "", []string{"not found"}, "admin", "user", "disable", "--match-email", "nobody@vandijk.example")
	refused(t, "", []string{"not found"}, "admin", "user", "disable", "--id", "999999")
	refused(t, "", []string{"not found"}, "admin", "user", "update", "--id", "999999", "--first-name", "X")
	require.Equal(t, before, db.User.Query().CountX(ctx), "refused commands create nothing")
	require.Equal(t, enums.UserStatusIDActive, db.User.GetX(ctx, u.ID).Status)
	require.NoError(t, auth.VerifyPassword(pw2, db.User.GetX(ctx, u.ID).PasswordHash), "a refused password leaves the old one")
}

func itoa(i int) string { return strconv.Itoa(i) }

// `pitstop admin location remote-diagnose` sets, rotates and clears a
// location's provider account; the pincode comes from standard input and
// is never printed.
func TestAdminCLIRemoteDiagnoseAccount(t *testing.T) {
	db := adminEnv(t)
	ctx := context.Background()
	l := cliLocation(t, db, "RD Motors", "Breda")
	id := strconv.Itoa(l.ID)
	const u1, u2 = "5f3d760d-ade2-4a19-aea4-36e097678ae3", "9a1e3c55-7f0b-4d2e-8c61-3b2a9f4d7e01"
	out := mustAdmin(t, "1234\n", "admin", "location", "remote-diagnose", "--id", id, "--connector-uuid", u1, "--pincode-stdin", "--skip-check")
	require.NotContains(t, out, "1234")
	l = db.DealerLocation.GetX(ctx, l.ID)
	require.Equal(t, u1, l.RemoteDiagConnectorUUID)
	require.Equal(t, "1234", l.RemoteDiagPincode)
	mustAdmin(t, "5678\n", "admin", "location", "remote-diagnose", "--id", id, "--connector-uuid", u2, "--pincode-stdin", "--skip-check")
	l = db.DealerLocation.GetX(ctx, l.ID)
	require.Equal(t, u2, l.RemoteDiagConnectorUUID, "rotated")
	require.Equal(t, "5678", l.RemoteDiagPincode)
	refused(t, "1234\n", []string{"connector_uuid"}, "admin", "location", "remote-diagnose", "--id", id, "--connector-uuid", "nope", "--pincode-stdin", "--skip-check")
	refused(t, "", []string{"--connector-uuid and --pincode-stdin are required"}, "admin", "location", "remote-diagnose", "--id", id)
	mustAdmin(t, "", "admin", "location", "remote-diagnose", "--id", id, "--clear")
	l = db.DealerLocation.GetX(ctx, l.ID)
	require.Empty(t, l.RemoteDiagConnectorUUID)
	require.Empty(t, l.RemoteDiagPincode)
}

// `pitstop admin location offer` adds, lists, edits and removes a
// location's check-in offers with the API's rules.
func TestAdminCLICheckInOffers(t *testing.T) {
	db := adminEnv(t)
	ctx := context.Background()
	l := cliLocation(t, db, "Offer Motors", "Tilburg")
	id := strconv.Itoa(l.ID)
	refused(t, "", []string{"price: must be between 0 and 100000", "info_url: must be an http(s) URL"},
		"admin", "location", "offer", "add", "--id", id, "--name", "Wash", "--price", "-3", "--info-url", "javascript:alert(1)")
	refused(t, "", []string{"name: required"}, "admin", "location", "offer", "add", "--id", id)
	mustAdmin(t, "", "admin", "location", "offer", "add", "--id", id, "--name", "Car wash", "--price", "19.50", "--position", "2",
		"--info-url", "https://dealer.example/wash")
	mustAdmin(t, "", "admin", "location", "offer", "add", "--id", id, "--name", "Replacement car", "--price", "35", "--position", "1",
		"--hide-for-lease")
	offers := db.CheckInOffer.Query().AllX(ctx)
	require.Len(t, offers, 2)
	wash := offers[0]
	require.Equal(t, "Car wash", wash.Name)
	require.Equal(t, 19.5, wash.Price)
	require.True(t, wash.Active)
	require.True(t, offers[1].HideForLeaseAppointments)
	out := mustAdmin(t, "", "admin", "location", "offer", "list", "--id", id)
	require.Less(t, strings.Index(out, "Replacement car"), strings.Index(out, "Car wash"), "by position: %s", out)
	mustAdmin(t, "", "admin", "location", "offer", "edit", "--id", id, "--offer", itoa(wash.ID), "--active=false")
	wash = db.CheckInOffer.GetX(ctx, wash.ID)
	require.False(t, wash.Active)
	require.Equal(t, 19.5, wash.Price, "flags left out stay")
	refused(t, "", []string{"not found"}, "admin", "location", "offer", "edit", "--id", id, "--offer", "999999", "--price", "1")
	mustAdmin(t, "", "admin", "location", "offer", "remove", "--id", id, "--offer", itoa(wash.ID))
	out = mustAdmin(t, "", "admin", "location", "offer", "remove", "--id", id, "--offer", itoa(wash.ID))
	require.Contains(t, out, "nothing to remove")
	require.Equal(t, 1, db.CheckInOffer.Query().CountX(ctx))
}

// `pitstop admin location carsys` sets and rotates a location's Carsys
// push account: the password comes from standard input, is stored as an
// argon2id hash only and is never printed.
func TestAdminCLICarsysAccount(t *testing.T) {
	db := adminEnv(t)
	ctx := context.Background()
	l := cliLocation(t, db, "Carsys Motors", "Venlo")
	id := strconv.Itoa(l.ID)
	out := mustAdmin(t, "first carsys secret\n", "admin", "location", "carsys", "--id", id, "--username", "venlo", "--password-stdin",
		"--dms-location-id", "CS-9")
	require.NotContains(t, out, "first carsys secret")
	l = db.DealerLocation.GetX(ctx, l.ID)
	require.Equal(t, "venlo", *l.CarsysUsername)
	require.Equal(t, "CS-9", *l.DmsLocationID)
	require.NoError(t, auth.VerifyPassword("first carsys secret", l.CarsysPasswordHash))
	mustAdmin(t, "second carsys secret\n", "admin", "location", "carsys", "--id", id, "--username", "venlo", "--password-stdin")
	l = db.DealerLocation.GetX(ctx, l.ID)
	require.NoError(t, auth.VerifyPassword("second carsys secret", l.CarsysPasswordHash), "rotated")
	require.Error(t, auth.VerifyPassword("first carsys secret", l.CarsysPasswordHash))
	refused(t, "short\n", []string{"password: must be at least 10 characters"}, "admin", "location", "carsys", "--id", id,
		"--username", "venlo", "--password-stdin")
	refused(t, "", []string{"--username and --password-stdin are required"}, "admin", "location", "carsys", "--id", id)
	mustAdmin(t, "", "admin", "location", "carsys", "--id", id, "--clear")
	l = db.DealerLocation.GetX(ctx, l.ID)
	require.Nil(t, l.CarsysUsername)
	require.Empty(t, l.CarsysPasswordHash)
}

// cliLocation makes a dealer and a location with `pitstop admin` and reads the location back.
func cliLocation(t *testing.T, db *ent.Client, dealerName, name string) *ent.DealerLocation {
	t.Helper()
	ctx := context.Background()
	mustAdmin(t, "", "admin", "dealer", "create", "--name", dealerName, "--country", "NL")
	d, err := db.Dealer.Query().Where(dealer.Name(dealerName)).Only(ctx)
	require.NoError(t, err)
	mustAdmin(t, "", "admin", "location", "create", "--dealer", strconv.Itoa(d.ID), "--name", name, "--country", "NL",
		"--language", "nl-NL", "--time-zone", "Europe/Amsterdam")
	l, err := db.DealerLocation.Query().Where(dealerlocation.Name(name)).Only(ctx)
	require.NoError(t, err)
	return l
}
