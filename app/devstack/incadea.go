package devstack

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/integrations/incadea"
	incadeafake "github.com/pitstop-dev/pitstop/integrations/incadea/fake"
	"github.com/pitstop-dev/pitstop/workflows/dmsimport/caller"
	"go.temporal.io/sdk/client"
)

// DemoIncadeaBranch is the demo location's id in the simulated Incadea.
const DemoIncadeaBranch = "BR-1"

// startIncadea runs the Incadea simulator on PITSTOP_INCADEA_BASE_URL's
// address with a few demo work orders (key PITSTOP_INCADEA_API_KEY).
func startIncadea(base, key string, now time.Time) (*incadeafake.Server, func(), error) {
	u, err := url.Parse(base)
	if err != nil || u.Host == "" {
		return nil, nil, fmt.Errorf("PITSTOP_INCADEA_BASE_URL %q: want http://host:port", base)
	}
	fake := incadeafake.New(incadeafake.WithAPIKey(key, incadeafake.DefaultDealerID))
	ln, err := net.Listen("tcp", u.Host)
	if err != nil {
		fake.Close()
		return nil, nil, fmt.Errorf("the Incadea simulator on %s: %w", u.Host, err)
	}
	srv := &http.Server{Handler: fake, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Println("Incadea simulator stopped:", err)
		}
	}()
	km := func(v int) *int { return &v }
	for i, d := range []struct {
		id, nr, plate, make, model, first, last string
		days                                    int
	}{
		{"700101", "WO-7101", "GH-456-J", "Volkswagen", "Golf", "Sanne", "de Vries", 5},
		{"700102", "WO-7102", "KL-789-M", "Renault", "Clio", "Pieter", "Visser", 9},
		{"700103", "WO-7103", "NP-321-Q", "Toyota", "Yaris", "Fatima", "El Amrani", 14},
	} {
		at := now.Add(time.Duration(d.days) * 24 * time.Hour).Truncate(time.Hour)
		fake.PutWorkOrder(incadea.WorkOrder{
			ID: d.id, BranchID: DemoIncadeaBranch, Number: d.nr, AppointmentDate: at.UTC().Format(time.RFC3339),
			CreatedAt: now.UTC().Format(time.DateOnly), Mileage: km(30000 + i*10000),
			Jobs: []incadea.Job{{ID: "J1", Title: "Maintenance", Description: "Yearly service", Price: 289, Lines: []incadea.Line{
				{ID: "L1", Kind: incadea.KindMenu, Description: "Service menu", Quantity: 1, Price: 239},
				{ID: "L2", ParentID: "L1", Kind: incadea.KindPart, Description: "Oil filter", Quantity: 1, Price: 50},
			}}},
			Vehicle: &incadea.Vehicle{ID: "V" + d.id, Make: d.make, Model: d.model, LicensePlate: d.plate, FirstRegistration: "2020-03-01", DriverID: "K" + d.id},
			Driver:  &incadea.Customer{ID: "K" + d.id, FirstName: d.first, LastName: d.last, City: "Utrecht", MobilePrivate: fmt.Sprintf("+3161234%04d", i), EmailPrivate: fmt.Sprintf("demo%d@example.com", i)},
		})
	}
	stop := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
		fake.Close()
	}
	return fake, stop, nil
}

// connectDemoIncadea makes the demo location import from the simulator's
// branch and creates its import schedule.
func connectDemoIncadea(ctx context.Context, db *ent.Client, c client.Client, taskQueue string, locationID int) error {
	loc, err := db.DealerLocation.UpdateOneID(locationID).SetDmsLocationID(DemoIncadeaBranch).Save(ctx)
	if err != nil {
		return err
	}
	return caller.EnsureSchedule(ctx, c, taskQueue, locationID, time.Duration(loc.DmsImportIntervalMinutes)*time.Minute)
}
