package remotediag_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/pitstop-dev/pitstop/integrations/remotediag"
	fake "github.com/pitstop-dev/pitstop/integrations/remotediag/fake"
)

func setup(t *testing.T, opts ...fake.Option) (*fake.Server, *remotediag.Client) {
	t.Helper()
	srv := fake.New(append([]fake.Option{fake.WithStepInterval(30 * time.Millisecond)}, opts...)...)
	t.Cleanup(srv.Close)
	c, err := remotediag.New(srv.URL(), remotediag.WithCredentials(fake.ConnectorOnlineUUID, fake.DefaultPincode))
	if err != nil {
		t.Fatal(err)
	}
	return srv, c
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func ticketReq() remotediag.CreateTicketRequest {
	return remotediag.CreateTicketRequest{
		VIN: fake.VINFord, VehicleModelID: fake.ModelFocusII, VehicleModelVariantID: fake.VariantFocus14,
		ConnectorID: fake.ConnectorOnlineID, Voucher: fake.Voucher10, ProductIDs: []int64{fake.ProductDiagnostic},
		ProductPrerequisites: []remotediag.PrerequisiteAnswer{{DefinitionID: 1, Value: "true"}},
		Metadata:             remotediag.TicketMetadata{AppName: "Pitstop", AppVersion: "1.0.0"}, Reference: "WO-1001",
	}
}

func TestLoginRefreshAndReloginOn401(t *testing.T) {
	srv, c := setup(t)
	ctx := ctxT(t)
	tok, err := c.Login(ctx)
	if err != nil || tok.AccessToken == "" || tok.RefreshToken == "" || tok.IDToken == "" {
		t.Fatalf("login: %+v %v", tok, err)
	}
	if _, exp := c.Tokens(); time.Until(exp) < 50*time.Minute {
		t.Fatalf("expiry from the token's exp claim: %v", exp)
	}
	if _, err := c.ListConnectors(ctx, remotediag.PageParams{}); err != nil {
		t.Fatal(err)
	}
	if n := srv.Logins(); n != 1 {
		t.Fatalf("a valid token is reused: %d logins", n)
	}

	// Revoked server-side: one 401, one re-login, the call succeeds.
	srv.ExpireTokens()
	if _, err := c.Connector(ctx, fake.ConnectorOnlineID); err != nil {
		t.Fatalf("after ExpireTokens: %v", err)
	}
	if n := srv.Logins(); n != 2 {
		t.Fatalf("re-login once on 401: %d logins", n)
	}

	// Short-lived tokens are renewed before they expire, without a 401.
	srv.SetTokenLifetime(90 * time.Second) // shorter than c2's 2-minute refresh margin
	c2, _ := remotediag.New(srv.URL(), remotediag.WithCredentials(fake.ConnectorOnlineUUID, fake.DefaultPincode),
		remotediag.WithRefreshMargin(2*time.Minute))
	if _, err := c2.Login(ctx); err != nil {
		t.Fatal(err)
	}
	before := srv.Logins()
	if _, err := c2.ServiceCenterState(ctx); err != nil {
		t.Fatal(err)
	}
	if srv.Logins() != before+1 {
		t.Fatalf("a token within the refresh margin is renewed before the call")
	}

	// Wrong pincode: a typed 401, no loop.
	bad, _ := remotediag.New(srv.URL(), remotediag.WithCredentials(fake.ConnectorOnlineUUID, "0000"))
	_, err = bad.ListConnectors(ctx, remotediag.PageParams{})
	if !remotediag.IsUnauthorized(err) {
		t.Fatalf("wrong pincode: %v", err)
	}
}

func TestOTPSessionCannotBeRenewed(t *testing.T) {
	srv, _ := setup(t)
	ctx := ctxT(t)
	c, _ := remotediag.New(srv.URL())
	if _, err := c.ListConnectors(ctx, remotediag.PageParams{}); !remotediag.IsInvalidInput(err) {
		t.Fatalf("no session, no credentials: %v", err)
	}
	if _, err := c.LoginWithOTP(ctx, srv.IssueOTP(fake.ConnectorSecondUUID)); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListConnectors(ctx, remotediag.PageParams{}); err != nil {
		t.Fatal(err)
	}
	srv.ExpireTokens()
	_, err := c.ListConnectors(ctx, remotediag.PageParams{})
	if !errors.Is(err, remotediag.ErrSessionExpired) {
		t.Fatalf("OTP session after expiry: %v", err)
	}
}

func TestConnectorsPaging(t *testing.T) {
	_, c := setup(t)
	ctx := ctxT(t)
	all, err := c.ListConnectors(ctx, remotediag.PageParams{})
	if err != nil || all.Total != fake.SeedConnectors || len(all.Result) != fake.SeedConnectors || all.Limit != 20 {
		t.Fatalf("all: %+v %v", all, err)
	}
	p, err := c.ListConnectors(ctx, remotediag.Limit(1, 2))
	if err != nil || len(p.Result) != 2 || p.Offset != 1 || p.Limit != 2 || p.Result[0].ID != fake.ConnectorSecondID {
		t.Fatalf("page: %+v %v", p, err)
	}
	p, err = c.ListConnectors(ctx, remotediag.Limit(0, 0))
	if err != nil || len(p.Result) != 0 || p.Total != fake.SeedConnectors {
		t.Fatalf("limit=0 counts: %+v %v", p, err)
	}
	p, err = c.ListConnectors(ctx, remotediag.Limit(100, 200))
	if err != nil || len(p.Result) != 0 {
		t.Fatalf("past the end: %+v %v", p, err)
	}
	for _, bad := range []remotediag.PageParams{remotediag.Limit(0, 201), remotediag.Limit(-1, 10), remotediag.Limit(0, -1)} {
		if _, err := c.ListConnectors(ctx, bad); !remotediag.IsInvalidInput(err) {
			t.Fatalf("%+v refused before calling: %v", bad, err)
		}
	}
	one, err := c.ConnectorByUUID(ctx, fake.ConnectorOnlineUUID)
	if err != nil || one.ID != fake.ConnectorOnlineID || !one.IsOnline || one.VINNumber != fake.VINFord {
		t.Fatalf("by uuid: %+v %v", one, err)
	}
	if _, err := c.Connector(ctx, 1); !remotediag.IsNotFound(err) {
		t.Fatalf("unknown connector: %v", err)
	}
	if err := c.DismissCallForAttention(ctx, fake.ConnectorOnlineUUID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ActiveTicket(ctx, fake.ConnectorOnlineID); !remotediag.IsNotFound(err) {
		t.Fatalf("no active ticket: %v", err)
	}
}

func TestVINLookupAndTree(t *testing.T) {
	_, c := setup(t)
	ctx := ctxT(t)
	v, err := c.VehicleByVIN(ctx, fake.VINFord)
	if err != nil || v.Make.Name != "Ford" || v.ModelGroup.ID != fake.GroupFocus || v.Model.ID != fake.ModelFocusII || v.ModelVariant.ID != fake.VariantFocus14 {
		t.Fatalf("lookup: %+v %v", v, err)
	}
	if _, err := c.VehicleByVIN(ctx, fake.VINUnknown); !remotediag.IsNotFound(err) {
		t.Fatalf("unknown VIN: %v", err)
	}
	for _, bad := range []string{"", "WF0AXXGCDA123456", "WF0AXXGCDA12345678", "WF0AXXGCDA12345-7"} {
		if _, err := c.VehicleByVIN(ctx, bad); !remotediag.IsInvalidInput(err) {
			t.Fatalf("VIN %q refused before calling: %v", bad, err)
		}
	}
	makes, err := c.VehicleMakes(ctx, remotediag.PageParams{})
	if err != nil || makes.Total != 2 {
		t.Fatalf("makes: %+v %v", makes, err)
	}
	groups, err := c.VehicleModelGroups(ctx, fake.MakeFord, remotediag.PageParams{})
	if err != nil || len(groups.Result) != 1 || groups.Result[0].ID != fake.GroupFocus {
		t.Fatalf("groups: %+v %v", groups, err)
	}
	models, err := c.VehicleModels(ctx, fake.GroupFocus, remotediag.PageParams{})
	if err != nil || len(models.Result) != 1 || models.Result[0].ID != fake.ModelFocusII {
		t.Fatalf("models: %+v %v", models, err)
	}
	variants, err := c.VehicleModelVariants(ctx, fake.ModelFocusII, remotediag.Limit(0, 1))
	if err != nil || variants.Total != 2 || len(variants.Result) != 1 {
		t.Fatalf("variants: %+v %v", variants, err)
	}
	if g, err := c.VehicleModelGroup(ctx, fake.GroupLaguna); err != nil || g.VehicleMakeName != "Renault" {
		t.Fatalf("group: %+v %v", g, err)
	}
	if m, err := c.VehicleModel(ctx, fake.ModelLagunaIII); err != nil || m.VehicleModelGroupID != fake.GroupLaguna {
		t.Fatalf("model: %+v %v", m, err)
	}
	if vv, err := c.VehicleModelVariant(ctx, fake.VariantLaguna); err != nil || vv.VehicleModelID != fake.ModelLagunaIII {
		t.Fatalf("variant: %+v %v", vv, err)
	}
}

func TestProductsPricesAndVoucher(t *testing.T) {
	_, c := setup(t)
	ctx := ctxT(t)
	m, v := fake.ModelFocusII, fake.VariantFocus14
	groups, err := c.ProductGroups(ctx, m, v)
	if err != nil || groups.Total != 2 {
		t.Fatalf("groups: %+v %v", groups, err)
	}
	bundles, err := c.ProductBundles(ctx, m, v, fake.GroupMultimedia)
	if err != nil || len(bundles.Result) != 1 || bundles.Result[0].ID != fake.BundleNavigation {
		t.Fatalf("bundles: %+v %v", bundles, err)
	}
	inGroup, err := c.Products(ctx, remotediag.ProductsQuery{VehicleModelID: m, VehicleModelVariantID: v, ProductGroupID: fake.GroupMultimedia})
	if err != nil || inGroup.Total != 2 {
		t.Fatalf("by group: %+v %v", inGroup, err)
	}
	inBundle, err := c.Products(ctx, remotediag.ProductsQuery{VehicleModelID: m, VehicleModelVariantID: v, ProductBundleID: fake.BundleNavigation})
	if err != nil || inBundle.Total != 2 {
		t.Fatalf("by bundle: %+v %v", inBundle, err)
	}
	_, err = c.Products(ctx, remotediag.ProductsQuery{VehicleModelID: m, VehicleModelVariantID: v, ProductGroupID: 1, ProductBundleID: fake.BundleNavigation})
	if !remotediag.IsInvalidInput(err) {
		t.Fatalf("group and bundle together: %v", err)
	}
	favs, err := c.FavoriteProducts(ctx, m, v)
	if err != nil || favs.Total != 2 {
		t.Fatalf("favourites: %+v %v", favs, err)
	}
	if err := c.AddFavoriteProduct(ctx, remotediag.Product{ID: fake.ProductNavigation}); err != nil {
		t.Fatal(err)
	}
	if favs, _ = c.FavoriteProducts(ctx, m, v); favs.Total != 3 {
		t.Fatalf("after add: %d", favs.Total)
	}
	if err := c.RemoveFavoriteProduct(ctx, fake.ProductNavigation); err != nil {
		t.Fatal(err)
	}
	if favs, _ = c.FavoriteProducts(ctx, m, v); favs.Total != 2 {
		t.Fatalf("after remove: %d", favs.Total)
	}
	pre, err := c.ProductPrerequisites(ctx, m, v, []int64{fake.ProductDiagnostic, fake.ProductTowBar})
	if err != nil || pre.Total != 2 || len(pre.Result[1].Options) != 2 {
		t.Fatalf("prerequisites: %+v %v", pre, err)
	}
	if _, err := c.ProductPrerequisites(ctx, m, v, nil); !remotediag.IsInvalidInput(err) {
		t.Fatalf("no product ids: %v", err)
	}

	vin := fake.VINFord
	calc, err := c.CalculatePrice(ctx, remotediag.PriceRequest{Voucher: fake.Voucher10, VehicleModelID: m, VehicleModelVariantID: v,
		VIN: &vin, ProductIDs: []int64{fake.ProductDiagnostic, fake.ProductTowBar}})
	if err != nil {
		t.Fatal(err)
	}
	// net 100 + 75 = 175; 10% voucher = 17.50; OE fee 15 on top.
	if calc.SubTotal.NetPrice.Value != 175 || calc.VoucherDiscount == nil || calc.VoucherDiscount.Price.Value != 17.5 ||
		calc.VoucherSubTotal.NetPrice.Value != 157.5 || calc.OriginalEquipmentServiceFee.NetPrice.Value != 15 ||
		calc.Total.NetPrice.Value != 172.5 || calc.Total.GrossPrice.Value != 208.73 || len(calc.Items) != 2 ||
		!calc.NeedsConfirmationForUnattendedService {
		t.Fatalf("calculation: %+v", calc)
	}
	_, err = c.CalculatePrice(ctx, remotediag.PriceRequest{Voucher: "NOPE", VehicleModelID: m, VehicleModelVariantID: v, ProductIDs: []int64{fake.ProductDiagnostic}})
	if !remotediag.IsBadRequest(err) {
		t.Fatalf("unknown voucher: %v", err)
	}
	ae, ok := remotediag.AsAPIError(err)
	if !ok || ae.Status != 422 || ae.Type != remotediag.TypeInvalidVoucher || ae.Title == "" || ae.Detail == "" {
		t.Fatalf("error body: %+v", ae)
	}
	prep, err := c.PreparedTickets(ctx, fake.VINFord, remotediag.PageParams{})
	if err != nil || prep.Total != 1 || prep.Result[0].ID != fake.PreparedTicketID {
		t.Fatalf("prepared: %+v %v", prep, err)
	}
}
