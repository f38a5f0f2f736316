package custexport

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/internal/store"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
)

// On both databases: the export reads in one transaction (SQLite refuses
// the isolation option and falls back), finds the customer of the dealer's
// location by a stored national number, and not another dealer's.
func TestExportOnBothDatabases(t *testing.T) {
	for name, open := range map[string]func(testing.TB) *store.DB{"postgres": storetest.New, "sqlite": storetest.NewSQLite} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			db := open(t).Client
			dA := db.Dealer.Create().SetName("A").SetCountryCode("BE").SaveX(ctx)
			dB := db.Dealer.Create().SetName("B").SetCountryCode("BE").SaveX(ctx)
			lA := db.DealerLocation.Create().SetDealerID(dA.ID).SetName("A").SetCountry("BE").SetTimeZone("Europe/Brussels").SaveX(ctx)
			db.DealerLocation.Create().SetDealerID(dB.ID).SetName("B").SetCountry("BE").SetTimeZone("Europe/Brussels").SaveX(ctx)
			c := db.Customer.Create().SetDealerLocationID(lA.ID).SetTelMobileBusiness("0470 12 34 56").SaveX(ctx)
			at := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
			doc, err := Export(ctx, db, dA.ID, Selector{Phone: "+32470123456"}, Options{Now: func() time.Time { return at }})
			require.NoError(t, err)
			assert.Equal(t, Format, doc.Format)
			assert.Equal(t, at, doc.GeneratedAt)
			require.Len(t, doc.Customers, 1)
			assert.Equal(t, c.ID, doc.Customers[0].ID)
			assert.Empty(t, doc.Note)
			_, err = Export(ctx, db, dB.ID, Selector{CustomerID: c.ID}, Options{})
			assert.ErrorIs(t, err, ErrNotFound)
		})
	}
}
