package dealerevents_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/dealerevent"
	"github.com/pitstop-dev/pitstop/internal/dealerevents"
	"github.com/pitstop-dev/pitstop/internal/deskcheckin"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/kioskcheckin"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
)

// onSite: a PostgreSQL database with a location, an appointment and a
// user of the role (the counter tablet, the kiosk).
func onSite(t *testing.T, role enums.RoleID) (*ent.Client, *ent.Appointment, *ent.User) {
	ctx := context.Background()
	db := storetest.New(t).Client
	d := db.Dealer.Create().SetName("A").SetCountryCode("NL").SaveX(ctx)
	l := db.DealerLocation.Create().SetDealerID(d.ID).SetName("A").SetCountry("NL").SaveX(ctx)
	u := db.User.Create().SetFirstName("T").SetLastName("1").SetEmail("onsite@a.example").SetRoleID(role).
		SetDealerID(d.ID).SetDealerLocationID(l.ID).SetLocationIds([]int{l.ID}).SaveX(ctx)
	return db, db.Appointment.Create().SetLocationID(l.ID).SetTimeCarApp(time.Now()).SetCreatedBy("test").SaveX(ctx), u
}

// theOneEvent: the appointment's only event is communication.answered,
// its first, with exactly this data.
func theOneEvent(t *testing.T, db *ent.Client, ap *ent.Appointment, data string) dealerevents.Envelope {
	t.Helper()
	evs := db.DealerEvent.Query().Where(dealerevent.AppointmentID(ap.ID)).AllX(context.Background())
	require.Len(t, evs, 1)
	e := dealerevents.EnvelopeOf(evs[0])
	assert.Equal(t, "communication.answered", e.Type)
	assert.Equal(t, []int{ap.DealerLocationID, ap.ID, 1, 1}, []int{e.LocationID, e.AppointmentID, e.Seq, e.LocationSeq})
	assert.JSONEq(t, data, string(e.Data))
	return e
}

// On PostgreSQL: a desk check-in answered on the counter tablet writes
// communication.answered (kind desk_check_in) with the answer
// (deskcheckin.SaveAnswer); a second answer writes nothing more.
func TestDeskAnswerRecordsTheDealerEvent(t *testing.T) {
	ctx := context.Background()
	db, ap, u := onSite(t, enums.RoleIDCounterTablet)
	desk := db.DeskCommunication.Create().SetAppointmentID(ap.ID).SetDealerLocationID(ap.DealerLocationID).SetTabletUserID(u.ID).
		SetStatus(enums.DeskCommunicationStatusOpened).SaveX(ctx)

	a := deskcheckin.Answer{UserID: u.ID, CustomerName: "Jan"}
	require.NoError(t, deskcheckin.SaveAnswer(ctx, db, desk, a))
	require.ErrorIs(t, deskcheckin.SaveAnswer(ctx, db, desk, a), deskcheckin.ErrAlreadyAnswered)
	theOneEvent(t, db, ap, `{"communication_id":`+strconv.Itoa(desk.ID)+`,"kind":"desk_check_in","event_type":6}`)
}

// On PostgreSQL: a kiosk check-in answered writes communication.answered
// (kind kiosk_check_in) with the answer (kioskcheckin.Respond); opening it
// writes none, and a second answer (a retry) nothing more.
func TestKioskAnswerRecordsTheDealerEvent(t *testing.T) {
	ctx := context.Background()
	db, ap, u := onSite(t, enums.RoleIDKiosk)
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
	e := theOneEvent(t, db, ap, `{"communication_id":`+strconv.Itoa(kc.ID)+`,"kind":"kiosk_check_in","event_type":2}`)
	assert.True(t, at.Equal(e.OccurredAt))
}
