package kioskcheckin_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/ent/dealerevent"
	"github.com/pitstop-dev/pitstop/internal/dealerevents"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/kioskcheckin"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
)

// On PostgreSQL: a kiosk check-in answered writes the dealer stream's
// communication.answered (kind kiosk_check_in) with the answer; a second
// answer (a retry) writes nothing more.
func TestKioskAnswerRecordsTheDealerEvent(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t).Client
	d := db.Dealer.Create().SetName("A").SetCountryCode("NL").SaveX(ctx)
	l := db.DealerLocation.Create().SetDealerID(d.ID).SetName("A").SetCountry("NL").SaveX(ctx)
	u := db.User.Create().SetFirstName("K").SetLastName("1").SetEmail("kiosk@a.example").SetRoleID(enums.RoleIDKiosk).
		SetDealerID(d.ID).SetDealerLocationID(l.ID).SetLocationIds([]int{l.ID}).SaveX(ctx)
	ap := db.Appointment.Create().SetLocationID(l.ID).SetTimeCarApp(time.Now()).SetCreatedBy("test").SaveX(ctx)
	k := kioskcheckin.Kiosk{UserID: u.ID, Name: "Hall"}
	kc, err := kioskcheckin.Open(ctx, db, ap, k, nil)
	require.NoError(t, err)
	assert.Zero(t, db.DealerEvent.Query().CountX(ctx), "opening writes no dealer event")

	at := time.Date(2026, 12, 7, 8, 30, 0, 0, time.UTC)
	a := kioskcheckin.Answer{Kiosk: k, CustomerName: "Jan", MaxLabel: 99, Now: at}
	_, err = kioskcheckin.Respond(ctx, db, kc.ID, a)
	require.NoError(t, err)
	res, err := kioskcheckin.Respond(ctx, db, kc.ID, a)
	require.NoError(t, err)
	require.True(t, res.Repeat)

	evs := db.DealerEvent.Query().Where(dealerevent.AppointmentID(ap.ID)).AllX(ctx)
	require.Len(t, evs, 1)
	e := dealerevents.EnvelopeOf(evs[0])
	assert.Equal(t, "communication.answered", e.Type)
	assert.Equal(t, []int{l.ID, ap.ID, 1, 1}, []int{e.LocationID, e.AppointmentID, e.Seq, e.LocationSeq})
	assert.True(t, at.Equal(e.OccurredAt))
	assert.JSONEq(t, `{"communication_id":`+strconv.Itoa(kc.ID)+`,"kind":"kiosk_check_in","event_type":2}`, string(e.Data))
}
