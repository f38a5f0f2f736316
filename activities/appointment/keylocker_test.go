package appointment_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	acts "github.com/pitstop-dev/pitstop/activities/appointment"
	"github.com/pitstop-dev/pitstop/ent/keylockercommunication"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
)

// A PIN asked for at the key locker records the agreement versions the
// customer accepted on the locker's screen, once per request.
func TestIssueKeyLockerPINRecordsAcceptedAgreements(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t).Client
	d := db.Dealer.Create().SetName("D").SetCountryCode("NL").SaveX(ctx)
	loc := db.DealerLocation.Create().SetDealerID(d.ID).SetName("L").SetCountry("NL").SetTimeZone("Europe/Amsterdam").SaveX(ctx)
	ap := db.Appointment.Create().SetLocationID(loc.ID).SetWoNr("WO-1").SetTimeCarApp(time.Now().Add(time.Hour)).SetCreatedBy("test").SaveX(ctx)
	a := &acts.Activities{DB: db, KeySecret: []byte("k")}

	in := acts.IssuePINInput{AppointmentID: ap.ID, RequestType: enums.KeylockerPinRequestTypeRegNumber, RequestKey: "pin-request-1", AgreementIDs: []int{7, 9}}
	require.NoError(t, a.IssueKeyLockerPIN(ctx, in))
	require.NoError(t, a.IssueKeyLockerPIN(ctx, in), "a retry finds the first PIN")
	rows := db.KeyLockerCommunication.Query().Where(keylockercommunication.AppointmentID(ap.ID)).AllX(ctx)
	require.Len(t, rows, 1)
	require.Equal(t, []int{7, 9}, rows[0].AcceptedAgreementIds)

	require.NoError(t, a.IssueKeyLockerPIN(ctx, acts.IssuePINInput{AppointmentID: ap.ID, RequestType: enums.KeylockerPinRequestTypeRegNumber, RequestKey: "pin-request-2"}))
	none := db.KeyLockerCommunication.Query().Where(keylockercommunication.RequestKey("pin-request-2")).OnlyX(ctx)
	require.Empty(t, none.AcceptedAgreementIds, "no agreements shown, none recorded")
}
