package incadea_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/integrations/incadea"
	incadeafake "github.com/pitstop-dev/pitstop/integrations/incadea/fake"
)

func km(n int) *int { return &n }

func fullWO() incadea.WorkOrder {
	return incadea.WorkOrder{
		ID: "900123", BranchID: "BR-1", Number: "WO-1001",
		AppointmentDate: "2026-06-10T08:30:00+02:00", CreatedAt: "2026-06-01T10:00:00Z",
		ScheduledIn: "2026-06-10T08:00:00+02:00", ScheduledOut: "2026-06-10T17:00:00+02:00",
		CustomerWaiting: true, VehicleIn: "2026-06-10T08:05:00+02:00", VehicleOut: "2026-06-10T16:00:00+02:00",
		Mileage: km(45210),
		Jobs: []incadea.Job{{ID: "J1", Title: "Service", Description: "Yearly service", Price: 249.5, Lines: []incadea.Line{
			{ID: "M1", Kind: "menu", Description: "Service menu", Quantity: 1, Price: 199},
			{ID: "L1", ParentID: "M1", Kind: "labour", Description: "Labour", Quantity: 0.5, Price: 50.5, InternalNote: "tight bolt"},
			{ID: "P1", ParentID: "M1", Kind: "part", Description: "Oil filter", Quantity: 1, Price: 12.5},
			{ID: "N1", Kind: "note", Description: "Customer asks about tyres"},
		}}},
		Vehicle: &incadea.Vehicle{ID: "V1", Make: "Volkswagen", Model: "Golf", LicensePlate: "AB-123-C", VIN: "WVWZZZ1KZAW000001",
			FirstRegistration: "2019-03-01", APKDate: "2027-03-01", WarrantyStart: "2019-03-01", WarrantyEnd: "2024-03-01",
			DriverID: "K1", OwnerID: "K2"},
		Driver: &incadea.Customer{ID: "K1", FirstName: "Jan", LastName: "Berg", Street: "Dorpsstraat 12a", PostalCode: "1234 AB", City: "Utrecht",
			EmailPrivate: "jan@example.nl", PhonePrivate: "+31301234567", MobilePrivate: "+31612345678",
			EmailBusiness: "jan@work.example", PhoneBusiness: "+31307654321", MobileBusiness: "+31687654321"},
		Owner:      &incadea.Customer{ID: "K2", Company: "Lease BV", IsLeaseCompany: true},
		Contractor: &incadea.Customer{ID: "K3", Company: "Werkgever BV"},
	}
}

func setup(t *testing.T, opts ...incadeafake.Option) (*incadeafake.Server, *incadea.Client) {
	t.Helper()
	f := incadeafake.New(opts...)
	t.Cleanup(f.Close)
	c, err := incadea.New(incadea.Config{BaseURL: f.URL(), APIKey: incadeafake.DefaultAPIKey, Timeout: 2 * time.Second})
	require.NoError(t, err)
	return f, c
}

func TestSearchByWONrAndRegistration(t *testing.T) {
	f, c := setup(t)
	f.PutWorkOrder(fullWO())
	other := fullWO()
	other.ID, other.Number = "900124", "WO-1002"
	other.Vehicle = &incadea.Vehicle{ID: "V2", LicensePlate: "ZZ-999-Z"}
	f.PutWorkOrder(other)
	ctx := context.Background()

	got, err := c.SearchByWONr(ctx, "WO-1001")
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, "900123", got[0].ID)
	assert.Equal(t, "Jan", got[0].Driver.FirstName, "parties come resolved")

	got, err = c.SearchByRegistration(ctx, "ab123c")
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, "WO-1001", got[0].Number)

	got, err = c.SearchByWONr(ctx, "WO-404")
	require.NoError(t, err)
	assert.Empty(t, got)
	assert.NotNil(t, got)

	_, err = c.SearchByWONr(ctx, " ")
	assert.Error(t, err)
	assert.False(t, incadea.IsRetryable(err))
}

func TestRefreshSeesChangesAndCancel(t *testing.T) {
	f, c := setup(t)
	f.PutWorkOrder(fullWO())
	ctx := context.Background()

	w, err := c.GetWorkOrder(ctx, "900123")
	require.NoError(t, err)
	assert.False(t, w.Canceled)

	f.PutCustomer(incadea.Customer{ID: "K1", FirstName: "Johan", LastName: "Berg"})
	require.True(t, f.UpdateWorkOrder("900123", func(w *incadea.WorkOrder) { w.AppointmentDate = "2026-06-11" }))
	require.True(t, f.Cancel("900123"))
	w2, err := c.GetWorkOrder(ctx, "900123")
	require.NoError(t, err)
	assert.Equal(t, "Johan", w2.Driver.FirstName)
	assert.Equal(t, "2026-06-11", w2.AppointmentDate)
	assert.True(t, w2.Canceled)
	assert.NotEqual(t, w.ModifiedAt, w2.ModifiedAt)

	_, err = c.GetWorkOrder(ctx, "nope")
	assert.ErrorIs(t, err, incadea.ErrNotFound)
	assert.False(t, incadea.IsRetryable(err))
}

func TestDealersSeeOnlyTheirOwnWorkOrders(t *testing.T) {
	f, c := setup(t, incadeafake.WithAPIKey("key-a", "A"), incadeafake.WithAPIKey("key-b", "B"))
	wo := fullWO()
	wo.DealerID = "A"
	f.PutWorkOrder(wo)
	_, err := c.GetWorkOrder(context.Background(), "900123")
	assert.ErrorIs(t, err, incadea.ErrUnauthorized, "the default key was replaced")

	b, err := incadea.New(incadea.Config{BaseURL: f.URL(), APIKey: "key-b"})
	require.NoError(t, err)
	_, err = b.GetWorkOrder(context.Background(), "900123")
	assert.ErrorIs(t, err, incadea.ErrNotFound)
	a, err := incadea.New(incadea.Config{BaseURL: f.URL(), APIKey: "key-a"})
	require.NoError(t, err)
	_, err = a.GetWorkOrder(context.Background(), "900123")
	assert.NoError(t, err)
}

// addMany stores n work orders with distinct change times.
func addMany(f *incadeafake.Server, n int) {
	for i := 0; i < n; i++ {
		f.PutWorkOrder(incadea.WorkOrder{ID: fmt.Sprintf("%06d", i), Number: fmt.Sprintf("WO-%d", i), AppointmentDate: "2026-06-10"})
	}
}

func steppingClock() func() time.Time {
	t0 := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	n := 0
	return func() time.Time { n++; return t0.Add(time.Duration(n) * time.Millisecond) }
}

func TestChangedSincePagesThroughALargeSet(t *testing.T) {
	f, c := setup(t, incadeafake.WithClock(steppingClock()))
	addMany(f, 1000)
	ctx := context.Background()

	seen := map[string]bool{}
	pages := 0
	cursor := ""
	for {
		p, err := c.ChangedSince(ctx, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), cursor, 100)
		require.NoError(t, err)
		pages++
		assert.LessOrEqual(t, len(p.Items), 100)
		for _, w := range p.Items {
			assert.False(t, seen[w.ID], "seen twice: %s", w.ID)
			seen[w.ID] = true
		}
		if p.NextCursor == "" {
			break
		}
		cursor = p.NextCursor
	}
	assert.Len(t, seen, 1000)
	assert.Equal(t, 10, pages)

	// Only what changed since a moment: the last 5 stored plus one touched.
	mid := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC).Add(996 * time.Millisecond)
	f.UpdateWorkOrder("000003", func(w *incadea.WorkOrder) { w.CustomerWaiting = true })
	var ids []string
	_, err := c.EachChangedSince(ctx, mid, 2, func(w *incadea.WorkOrder) error { ids = append(ids, w.ID); return nil })
	require.NoError(t, err)
	assert.Equal(t, []string{"000995", "000996", "000997", "000998", "000999", "000003"}, ids)

	_, err = c.ChangedSince(ctx, mid, "", incadea.MaxPageSize+1)
	assert.ErrorContains(t, err, "limit must be 1..200")
}

func TestTimeoutMidPagingIsRetryableAndResumes(t *testing.T) {
	f := incadeafake.New(incadeafake.WithClock(steppingClock()))
	t.Cleanup(f.Close)
	c, err := incadea.New(incadea.Config{BaseURL: f.URL(), APIKey: incadeafake.DefaultAPIKey, Timeout: 200 * time.Millisecond})
	require.NoError(t, err)
	addMany(f, 1000)
	f.SlowAfter(3, 1, 5*time.Second) // page 4 hangs

	since := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	seen := map[string]bool{}
	collect := func(w *incadea.WorkOrder) error { seen[w.ID] = true; return nil }
	start := time.Now()
	cursor, err := c.EachChangedSince(context.Background(), since, 100, collect)
	require.Error(t, err)
	assert.Less(t, time.Since(start), 3*time.Second, "the client's timeout, not the server's delay")
	assert.True(t, incadea.IsRetryable(err), err)
	assert.ErrorIs(t, err, incadea.ErrUnavailable)
	assert.NotEmpty(t, cursor)
	assert.Len(t, seen, 300)

	for cursor != "" {
		p, err := c.ChangedSince(context.Background(), since, cursor, 100)
		require.NoError(t, err)
		for i := range p.Items {
			_ = collect(&p.Items[i])
		}
		cursor = p.NextCursor
	}
	assert.Len(t, seen, 1000)
}

func TestMileageWriteBack(t *testing.T) {
	f, c := setup(t)
	f.PutWorkOrder(fullWO())
	ctx := context.Background()

	require.NoError(t, c.WriteMileage(ctx, "900123", 46000))
	require.NoError(t, c.WriteMileage(ctx, "900123", 46000), "a retried write is harmless")
	err := c.WriteMileage(ctx, "900123", 100)
	assert.ErrorIs(t, err, incadea.ErrMileageLower)
	assert.False(t, incadea.IsRetryable(err))
	assert.ErrorIs(t, c.WriteMileage(ctx, "nope", 1), incadea.ErrNotFound)

	writes := f.MileageWrites()
	require.Len(t, writes, 3)
	assert.Equal(t, []bool{true, true, false}, []bool{writes[0].Accepted, writes[1].Accepted, writes[2].Accepted})
	assert.Equal(t, 46000, writes[0].Mileage)
	w, _ := f.WorkOrder("900123")
	assert.Equal(t, 46000, *w.Mileage)

	assert.Error(t, c.WriteMileage(ctx, "900123", -1))
	assert.Len(t, f.MileageWrites(), 3, "refused locally, never sent")
}

func TestAuthFailureIsFinal(t *testing.T) {
	f, _ := setup(t)
	f.PutWorkOrder(fullWO())
	bad, err := incadea.New(incadea.Config{BaseURL: f.URL(), APIKey: "wrong"})
	require.NoError(t, err)
	_, err = bad.SearchByWONr(context.Background(), "WO-1001")
	assert.ErrorIs(t, err, incadea.ErrUnauthorized)
	assert.False(t, incadea.IsRetryable(err))
	var e *incadea.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, http.StatusUnauthorized, e.Status)
	assert.Equal(t, incadea.CodeUnauthorized, e.Code)
	assert.Zero(t, f.Requests(), "unauthenticated requests are not counted")

	_, err = incadea.New(incadea.Config{BaseURL: f.URL()})
	assert.Error(t, err)
	_, err = incadea.New(incadea.Config{BaseURL: "ftp://x", APIKey: "k"})
	assert.Error(t, err)
}

func TestServerErrorsAndOutagesAreRetryable(t *testing.T) {
	f, c := setup(t)
	f.PutWorkOrder(fullWO())
	ctx := context.Background()

	f.FailNext(2, http.StatusInternalServerError)
	for i := 0; i < 2; i++ {
		_, err := c.GetWorkOrder(ctx, "900123")
		assert.ErrorIs(t, err, incadea.ErrUnavailable)
		assert.True(t, incadea.IsRetryable(err))
		var e *incadea.Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, 500, e.Status)
	}
	_, err := c.GetWorkOrder(ctx, "900123")
	require.NoError(t, err, "the third request passes")

	f.SetDown(true)
	_, err = c.SearchByWONr(ctx, "WO-1001")
	assert.True(t, incadea.IsRetryable(err), err)
	f.SetDown(false)

	f.FailNext(1, http.StatusTooManyRequests)
	assert.True(t, incadea.IsRetryable(c.WriteMileage(ctx, "900123", 50000)))
	assert.Empty(t, f.MileageWrites(), "a faulted write is not recorded")

	dead := incadeafake.New()
	url := dead.URL()
	dead.Close()
	c2, err := incadea.New(incadea.Config{BaseURL: url, APIKey: "k"})
	require.NoError(t, err)
	_, err = c2.GetWorkOrder(ctx, "900123")
	assert.True(t, incadea.IsRetryable(err), "connection refused: %v", err)
}
