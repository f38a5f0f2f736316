package remotediag_test

import (
	"errors"
	"testing"

	"github.com/pitstop-dev/pitstop/integrations/remotediag"
	fake "github.com/pitstop-dev/pitstop/integrations/remotediag/fake"
)

// Client against the simulator, one test per operation of account.go.

func strp(s string) *string { return &s }

func TestServicedVehiclesAreTheAccountsMostRecentFirst(t *testing.T) {
	srv, c := setup(t)
	ctx := ctxT(t)
	p, err := c.ServicedVehicles(ctx, remotediag.PageParams{})
	if err != nil {
		t.Fatal(err)
	}
	// The seed: the Ford, finished 10:43:29 for this account (the other
	// account serviced it a day later: not ours).
	if p.Total != 1 || len(p.Result) != 1 {
		t.Fatalf("serviced vehicles: %+v", p)
	}
	v := p.Result[0]
	if v.VIN != fake.VINFord || v.MakeName != "Ford" || v.ModelGroupName != "Focus" || v.ModelVariantID != fake.VariantFocus14 ||
		v.ModelVariantName == "" || v.ModelName == "" || v.LastServicedAt != "2021-09-08T10:43:29+00:00" {
		t.Fatalf("serviced vehicle: %+v", v)
	}
	// A Renault serviced now comes first.
	r := ticketReq()
	r.VIN, r.VehicleModelID, r.VehicleModelVariantID, r.Voucher = fake.VINRenault, fake.ModelLagunaIII, fake.VariantLaguna, ""
	tk, err := c.CreateTicket(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool {
		st, err := c.LookupTicket(ctx, fake.ConnectorOnlineID, tk.IDInt())
		return err == nil && st.State.IsFinal()
	})
	p, err = c.ServicedVehicles(ctx, remotediag.PageParams{})
	if err != nil || p.Total != 2 || p.Result[0].VIN != fake.VINRenault || p.Result[1].VIN != fake.VINFord {
		t.Fatalf("after a Renault ticket: %+v %v", p, err)
	}
	if p, err = c.ServicedVehicles(ctx, remotediag.PageParams{Offset: 1, Limit: 1, LimitSet: true}); err != nil ||
		len(p.Result) != 1 || p.Result[0].VIN != fake.VINFord || p.Total != 2 {
		t.Fatalf("paged: %+v %v", p, err)
	}
	if _, err := c.ServicedVehicles(ctx, remotediag.PageParams{Limit: 201, LimitSet: true}); !remotediag.IsInvalidInput(err) {
		t.Fatalf("limit over 200: %v", err)
	}
	_ = srv
}

// setupWithChannel: a running ticket (held in its state) whose chat_id is
// a channel of the main account.
func setupWithChannel(t *testing.T) (*fake.Server, *remotediag.Client, remotediag.Ticket) {
	t.Helper()
	srv, c := setup(t)
	srv.PauseTickets(true)
	tk, err := c.CreateTicket(ctxT(t), ticketReq())
	if err != nil {
		t.Fatal(err)
	}
	return srv, c, tk
}

func TestChannelAttachmentsCreateAndGet(t *testing.T) {
	srv, c, tk := setupWithChannel(t)
	ctx := ctxT(t)
	att, err := c.CreateChannelAttachment(ctx, tk.ChatID, "fault codes.pdf")
	if err != nil || att.FileName != "fault codes.pdf" || att.FileReference == "" {
		t.Fatalf("create: %+v %v", att, err)
	}
	got, err := c.ChannelAttachment(ctx, tk.ChatID, att.FileReference)
	if err != nil || got != att {
		t.Fatalf("get: %+v %v", got, err)
	}
	if _, err := c.ChannelAttachment(ctx, tk.ChatID, "/channel/x/y/other.pdf"); !remotediag.IsNotFound(err) {
		t.Fatalf("unknown reference: %v", err)
	}
	if _, err := c.CreateChannelAttachment(ctx, "123_not-a-channel", "a.txt"); !remotediag.IsNotFound(err) {
		t.Fatalf("unknown channel: %v", err)
	}
	for _, bad := range []string{"", "../etc/passwd", "a/b.txt", "a\x00b"} {
		if _, err := c.CreateChannelAttachment(ctx, tk.ChatID, bad); !remotediag.IsInvalidInput(err) {
			t.Fatalf("file name %q: %v", bad, err)
		}
	}
	// Another customer cannot read this channel.
	other, err := remotediag.New(srv.URL(), remotediag.WithCredentials(fake.OtherConnectorUUID, fake.OtherPincode))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.ChannelAttachment(ctx, tk.ChatID, att.FileReference); !remotediag.IsNotFound(err) {
		t.Fatalf("other account: %v", err)
	}
}

func TestBranding(t *testing.T) {
	_, c := setup(t)
	ctx := ctxT(t)
	b, err := c.Branding(ctx)
	if err != nil || b.BrandingName != fake.SeedBrandingName || b.CustomerPortalURL != fake.SeedPortalURL {
		t.Fatalf("branding: %+v %v", b, err)
	}
}

func TestCompanyDetailsGetAndEdit(t *testing.T) {
	_, c := setup(t)
	ctx := ctxT(t)
	co, err := c.CompanyDetails(ctx)
	if err != nil || co.Name != fake.SeedCompanyName || co.Reference != "213432" || co.Phone != "31651226913" || co.Currency != "EUR" {
		t.Fatalf("get: %+v %v", co, err)
	}
	ed, err := c.EditCompanyDetails(ctx, remotediag.CompanyDetailsEdit{City: strp("Utrecht"), Phone: strp("+31 30 123 4567")})
	if err != nil || ed.City != "Utrecht" || ed.Phone != "+31 30 123 4567" || ed.Name != fake.SeedCompanyName || ed.Street != "Zevensprong" {
		t.Fatalf("edit keeps the fields not sent: %+v %v", ed, err)
	}
	if co, _ = c.CompanyDetails(ctx); co.City != "Utrecht" {
		t.Fatalf("edit not kept: %+v", co)
	}
	for _, bad := range []remotediag.CompanyDetailsEdit{{Country: strp("nl")}, {EmailAddress: strp("no-at")}, {Name: strp("")}, {City: strp("a\x00")}} {
		if _, err := c.EditCompanyDetails(ctx, bad); !remotediag.IsInvalidInput(err) {
			t.Fatalf("%+v: %v", bad, err)
		}
	}
	// The branding follows the company name.
	if _, err := c.EditCompanyDetails(ctx, remotediag.CompanyDetailsEdit{Name: strp("Garage Zuid")}); err != nil {
		t.Fatal(err)
	}
	if b, _ := c.Branding(ctx); b.BrandingName != "Garage Zuid" {
		t.Fatalf("branding after rename: %+v", b)
	}
}

func TestCurrentUser(t *testing.T) {
	_, c := setup(t)
	ctx := ctxT(t)
	u, err := c.CurrentUser(ctx)
	if err != nil || u.ID == "" || u.FirstName != "John" || u.Client.Name != fake.SeedCompanyName ||
		u.Client.Address.Country != "NL" || u.ServiceProvider.Name == "" || u.ServiceProvider.Currency != "EUR" {
		t.Fatalf("current user: %+v %v", u, err)
	}
	me, err := c.Employee(ctx, remotediag.EmployeeMe)
	if err != nil || me.ID != u.ID {
		t.Fatalf("employee me %+v vs user %s: %v", me, u.ID, err)
	}
}

func TestEmployeesListCreateGetUpdate(t *testing.T) {
	srv, c := setup(t)
	ctx := ctxT(t)
	p, err := c.Employees(ctx, remotediag.PageParams{})
	if err != nil || p.Total != 1 || p.Result[0].Username != fake.SeedUsername {
		t.Fatalf("list: %+v %v", p, err)
	}
	in := remotediag.EmployeeInput{GivenName: "Ann", FamilyName: "Jansen", Username: strp("ann@my-garage.com"), CorrespondenceLocale: "nl-NL"}
	e, err := c.CreateEmployee(ctx, in)
	if err != nil || e.ID == "" || !e.Enabled || e.Username != "ann@my-garage.com" || e.CorrespondenceLocale != "nl-NL" {
		t.Fatalf("create: %+v %v", e, err)
	}
	if _, err := c.CreateEmployee(ctx, in); !remotediag.IsConflict(err) {
		t.Fatalf("same username again: %v", err)
	}
	got, err := c.Employee(ctx, e.ID)
	if err != nil || got != e {
		t.Fatalf("get: %+v %v", got, err)
	}
	off := false
	in.FamilyName, in.Enabled = "de Vries", &off
	up, err := c.UpdateEmployee(ctx, e.ID, in)
	if err != nil || up.FamilyName != "de Vries" || up.Enabled || up.GivenName != "Ann" {
		t.Fatalf("update: %+v %v", up, err)
	}
	if p, _ = c.Employees(ctx, remotediag.PageParams{}); p.Total != 2 {
		t.Fatalf("list after create: %+v", p)
	}
	if _, err := c.Employee(ctx, "497f6eca-6276-4993-bfeb-53cbbbba6f09"); !remotediag.IsNotFound(err) {
		t.Fatalf("unknown employee: %v", err)
	}
	for _, bad := range []remotediag.EmployeeInput{
		{GivenName: "A", FamilyName: "B"}, // username null: cannot be unset
		{GivenName: "", FamilyName: "B", Username: strp("x@y.nl")},
		{GivenName: "A", FamilyName: "B", Username: strp("not an address")},
		{GivenName: string(make([]byte, 256)), FamilyName: "B", Username: strp("x@y.nl")},
		{GivenName: "A", FamilyName: "B", Username: strp("x@y.nl"), CorrespondenceLocale: "en_GB"},
	} {
		if _, err := c.UpdateEmployee(ctx, e.ID, bad); !remotediag.IsInvalidInput(err) {
			t.Fatalf("%+v: %v", bad, err)
		}
	}
	// Another account sees its own employees only.
	other, _ := remotediag.New(srv.URL(), remotediag.WithCredentials(fake.OtherConnectorUUID, fake.OtherPincode))
	if _, err := other.Employee(ctx, e.ID); !remotediag.IsNotFound(err) {
		t.Fatalf("other account: %v", err)
	}
}

func TestLoginWithConnectorID(t *testing.T) {
	srv := fake.New()
	t.Cleanup(srv.Close)
	ctx := ctxT(t)
	c, _ := remotediag.New(srv.URL())
	if _, err := c.LoginWithConnectorID(ctx, fake.ConnectorOnlineID, "0000"); !remotediag.IsUnauthorized(err) {
		t.Fatalf("wrong pincode: %v", err)
	}
	tok, err := c.LoginWithConnectorID(ctx, fake.ConnectorOnlineID, fake.DefaultPincode)
	if err != nil || tok.AccessToken == "" {
		t.Fatalf("login: %+v %v", tok, err)
	}
	if _, err := c.Connector(ctx, fake.ConnectorOnlineID); err != nil {
		t.Fatalf("a call with that session: %v", err)
	}
	// Without UUID credentials the session cannot be renewed.
	srv.ExpireTokens()
	if _, err := c.Connector(ctx, fake.ConnectorOnlineID); !errors.Is(err, remotediag.ErrSessionExpired) {
		t.Fatalf("after expiry: %v", err)
	}
	if _, err := c.LoginWithConnectorID(ctx, 0, "1"); !remotediag.IsInvalidInput(err) {
		t.Fatalf("id 0: %v", err)
	}
}

func TestForgotPassword(t *testing.T) {
	srv := fake.New()
	t.Cleanup(srv.Close)
	ctx := ctxT(t)
	c, _ := remotediag.New(srv.URL()) // no session needed
	res, err := c.ForgotPassword(ctx, "test@test.nl")
	if err != nil || res.Method != "SESSION" {
		t.Fatalf("forgot: %+v %v", res, err)
	}
	if got := srv.ForgotPasswordRequests(); len(got) != 1 || got[0] != "test@test.nl" {
		t.Fatalf("requests: %v", got)
	}
	if _, err := c.ForgotPassword(ctx, "nope"); !remotediag.IsInvalidInput(err) {
		t.Fatalf("bad address: %v", err)
	}
}

func TestTranslate(t *testing.T) {
	_, c := setup(t)
	ctx := ctxT(t)
	tr, err := c.Translate(ctx, "Hello world!", "de")
	if err != nil || tr.Message.Translated != "Hallo Welt!" || tr.Message.Original != "Hello world!" || tr.TargetLanguage != "de" || tr.SourceLanguage != "en" {
		t.Fatalf("translate: %+v %v", tr, err)
	}
	for _, lang := range []string{"", "d e", "toolonglanguage"} {
		if _, err := c.Translate(ctx, "x", lang); !remotediag.IsInvalidInput(err) {
			t.Fatalf("language %q: %v", lang, err)
		}
	}
	if _, err := c.Translate(ctx, " ", "de"); !remotediag.IsInvalidInput(err) {
		t.Fatalf("empty text: %v", err)
	}
}

func TestChannelPing(t *testing.T) {
	srv, c, tk := setupWithChannel(t)
	ctx := ctxT(t)
	res, err := c.ChannelPing(ctx, tk.ChatID)
	if err != nil || res.ChannelID != tk.ChatID || srv.ChannelPings(fake.AccountMain, tk.ChatID) != 1 {
		t.Fatalf("ping: %+v %v", res, err)
	}
	if _, err := c.ChannelPing(ctx, "1_unknown"); !remotediag.IsNotFound(err) {
		t.Fatalf("unknown channel: %v", err)
	}
	if _, err := c.ChannelPing(ctx, "a/b"); !remotediag.IsInvalidInput(err) {
		t.Fatalf("path character: %v", err)
	}
}
