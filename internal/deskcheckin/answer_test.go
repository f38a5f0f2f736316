package deskcheckin_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/ent/dealerevent"
	"github.com/pitstop-dev/pitstop/internal/dealerevents"
	"github.com/pitstop-dev/pitstop/internal/deskcheckin"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
)

// On PostgreSQL: a desk check-in answered on the counter tablet writes the
// dealer stream's communication.answered (kind desk_check_in) with the
// answer; a second answer writes nothing more.
func TestDeskAnswerRecordsTheDealerEvent(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t).Client
	d := db.Dealer.Create().SetName("A").SetCountryCode("NL").SaveX(ctx)
	l := db.DealerLocation.Create().SetDealerID(d.ID).SetName("A").SetCountry("NL").SaveX(ctx)
	u := db.User.Create().SetFirstName("T").SetLastName("1").SetEmail("tablet@a.example").SetRoleID(enums.RoleIDCounterTablet).
		SetDealerID(d.ID).SetDealerLocationID(l.ID).SetLocationIds([]int{l.ID}).SaveX(ctx)
	ap := db.Appointment.Create().SetLocationID(l.ID).SetTimeCarApp(time.Now()).SetCreatedBy("test").SaveX(ctx)
	desk := db.DeskCommunication.Create().SetAppointmentID(ap.ID).SetDealerLocationID(l.ID).SetTabletUserID(u.ID).
		SetStatus(enums.DeskCommunicationStatusOpened).SaveX(ctx)

	a := deskcheckin.Answer{UserID: u.ID, CustomerName: "Jan"}
	require.NoError(t, deskcheckin.SaveAnswer(ctx, db, desk, a))
	require.ErrorIs(t, deskcheckin.SaveAnswer(ctx, db, desk, a), deskcheckin.ErrAlreadyAnswered)

	evs := db.DealerEvent.Query().Where(dealerevent.AppointmentID(ap.ID)).AllX(ctx)
	require.Len(t, evs, 1)
	e := dealerevents.EnvelopeOf(evs[0])
	assert.Equal(t, "communication.answered", e.Type)
	assert.Equal(t, []int{l.ID, ap.ID, 1, 1}, []int{e.LocationID, e.AppointmentID, e.Seq, e.LocationSeq})
	assert.JSONEq(t, `{"communication_id":`+strconv.Itoa(desk.ID)+`,"kind":"desk_check_in","event_type":6}`, string(e.Data))
}
