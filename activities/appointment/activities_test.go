package appointment_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/pitstop-dev/pitstop/internal/files"
	"github.com/pitstop-dev/pitstop/internal/store"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"

	"github.com/pitstop-dev/pitstop/activities/appointment"
	"github.com/pitstop-dev/pitstop/app/seed"
	"github.com/pitstop-dev/pitstop/ent"
	entappointment "github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/ent/checkinattachment"
	"github.com/pitstop-dev/pitstop/ent/checkinremark"
	"github.com/pitstop-dev/pitstop/ent/checkinresult"
	"github.com/pitstop-dev/pitstop/ent/communicationevent"
	"github.com/pitstop-dev/pitstop/ent/customercommunicationintervention"
	"github.com/pitstop-dev/pitstop/ent/intervention"
	"github.com/pitstop-dev/pitstop/ent/keylockercommunication"
	"github.com/pitstop-dev/pitstop/ent/keylockercommunicationevent"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/errtypes"
	"github.com/pitstop-dev/pitstop/internal/keys"
	"github.com/pitstop-dev/pitstop/internal/routes"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
)

const keySecret = "test-key-secret-0123456789abcdef"

// fixture: the demo data on a fresh PostgreSQL database (its location has a
// key locker and sends PINs with the online check-in, check-in 3 days
// prior), the real Activities registered in the SDK's activity test
// environment, and the first demo appointment with its communication.
type fixture struct {
	env  *testsuite.TestActivityEnvironment
	db   *ent.Client
	acts *appointment.Activities
	ap   int
	com  appointment.CommunicationRef
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	db := storetest.New(t).Client
	acts := &appointment.Activities{DB: db, KeySecret: []byte(keySecret)}
	demo, err := seed.Run(context.Background(), db, acts, time.Now())
	require.NoError(t, err)
	env := (&testsuite.WorkflowTestSuite{}).NewTestActivityEnvironment()
	env.RegisterActivity(acts)
	f := &fixture{env: env, db: db, acts: acts, ap: demo.Appointments[0].AppointmentID}
	f.run(t, &f.com, acts.EnsureCommunication, f.ap)
	return f
}

// run executes one activity the way a worker does (payloads encoded and
// decoded) and decodes its result into out (nil: no result).
func (f *fixture) run(t *testing.T, out any, fn any, args ...any) {
	t.Helper()
	v, err := f.env.ExecuteActivity(fn, args...)
	require.NoError(t, err)
	if out != nil {
		require.NoError(t, v.Get(out))
	}
}

func TestEnsureCommunicationOnceWithDerivedKeyHashes(t *testing.T) {
	f := newFixture(t)
	var again appointment.CommunicationRef
	f.run(t, &again, f.acts.EnsureCommunication, f.ap)
	require.Equal(t, f.com, again, "a retry finds the communication it created")
	require.Equal(t, enums.CommunicationStatusCheckInSent, again.Status)
	com := f.db.CustomerCommunication.GetX(context.Background(), f.com.CommunicationID)
	require.Equal(t, keys.Hash(keys.Derive([]byte(keySecret), keys.Customer, com.ID, com.CustomerKeySalt)), com.CustomerKeyHash)
	require.Equal(t, keys.Hash(keys.Derive([]byte(keySecret), keys.Receptionist, com.ID, com.ReceptionistKeySalt)), com.ReceptionistKeyHash)
	require.NotEqual(t, com.CustomerKeyHash, com.ReceptionistKeyHash)
}

func TestLoadAndSaveLifecycle(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	var snap appointment.AppointmentSnapshot
	f.run(t, &snap, f.acts.LoadAppointment, f.ap)
	require.Equal(t, f.ap, snap.AppointmentID)
	require.Equal(t, "WO-1001", snap.WONr)
	require.Equal(t, 3, snap.CheckInDaysPrior)
	require.NotEmpty(t, snap.RegNumber)
	require.Equal(t, keys.RegNumberHash([]byte(keySecret), snap.RegNumber), snap.RegNumberHash, "the search attribute's hash, made with the secret")
	var hashed string
	f.run(t, &hashed, f.acts.HashRegNumber, snap.RegNumber)
	require.Equal(t, snap.RegNumberHash, hashed)
	require.True(t, snap.CheckInEnabled)

	moved := time.Date(2031, 5, 6, 9, 30, 0, 0, time.UTC)
	s := appointment.LifecycleSnapshot{AppointmentID: f.ap, CommunicationID: f.com.CommunicationID, Stage: "cancelled",
		StatusIdentifier: enums.StatusIdentifierCancelled, CommunicationStatus: enums.CommunicationStatusCheckInClosed,
		AppointmentAt: moved, CheckInSent: true}
	f.run(t, nil, f.acts.SaveLifecycle, s)
	f.run(t, nil, f.acts.SaveLifecycle, s) // absolute values: a retry changes nothing
	ap := f.db.Appointment.GetX(ctx, f.ap)
	require.Equal(t, "cancelled", ap.LifecycleStage)
	require.Equal(t, enums.StatusIdentifierCancelled, ap.AppointmentStatusIdentifier)
	require.Equal(t, enums.StatusOverrideCanceled, ap.StatusOverride)
	require.True(t, ap.TimeCarApp.Equal(moved))
	require.True(t, ap.CheckInComSent)
	require.False(t, ap.CheckInComAnswered)
	require.Equal(t, enums.CommunicationStatusCheckInClosed, f.db.CustomerCommunication.GetX(ctx, f.com.CommunicationID).Status)

	// An appointment that does not exist fails for good, not retried forever.
	_, err := f.env.ExecuteActivity(f.acts.SaveLifecycle, appointment.LifecycleSnapshot{AppointmentID: f.ap + 10000, Stage: "scheduled"})
	requireFinal(t, err, errtypes.NotFound)
	_, err = f.env.ExecuteActivity(f.acts.LoadAppointment, f.ap+10000)
	requireFinal(t, err, errtypes.NotFound)
}

// The move to a closing stage sets closed_at (issue #26: retention counts
// from it); a retry or a later save of the closed stage keeps it while
// last_timestamp moves on; a move back to an open stage clears it.
func TestSaveLifecycleSetsClosedAtOnTheClosingStage(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	clock := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	f.acts.Now = func() time.Time { return clock }
	s := appointment.LifecycleSnapshot{AppointmentID: f.ap, CommunicationID: f.com.CommunicationID, Stage: "in_workshop",
		StatusIdentifier: enums.StatusIdentifierCarInShop, CommunicationStatus: enums.CommunicationStatusCheckInClosed}
	f.run(t, nil, f.acts.SaveLifecycle, s)
	require.Nil(t, f.db.Appointment.GetX(ctx, f.ap).ClosedAt, "open")

	closed := clock.Add(time.Hour)
	clock = closed
	s.Stage = "completed"
	f.run(t, nil, f.acts.SaveLifecycle, s)
	clock = clock.Add(48 * time.Hour)
	f.run(t, nil, f.acts.SaveLifecycle, s) // a retry, or a later save of the same stage
	ap := f.db.Appointment.GetX(ctx, f.ap)
	require.NotNil(t, ap.ClosedAt)
	require.True(t, ap.ClosedAt.Equal(closed), "%v", ap.ClosedAt)
	require.True(t, ap.LastTimestamp.Equal(clock), "last_timestamp moves on, closed_at stays")

	s.Stage = "in_workshop"
	f.run(t, nil, f.acts.SaveLifecycle, s)
	require.Nil(t, f.db.Appointment.GetX(ctx, f.ap).ClosedAt, "open again")
	clock = clock.Add(time.Hour)
	s.Stage, s.StatusIdentifier = "cancelled", enums.StatusIdentifierCancelled
	f.run(t, nil, f.acts.SaveLifecycle, s)
	ap = f.db.Appointment.GetX(ctx, f.ap)
	require.NotNil(t, ap.ClosedAt)
	require.True(t, ap.ClosedAt.Equal(clock))
}

func requireFinal(t *testing.T, err error, typ string) {
	t.Helper()
	var ae *temporal.ApplicationError
	require.True(t, errors.As(err, &ae), "an application error: %v", err)
	require.Equal(t, typ, ae.Type())
	require.True(t, ae.NonRetryable(), "final: %v", err)
}

func TestRecordEventOnceByDedupeKey(t *testing.T) {
	f := newFixture(t)
	in := appointment.EventInput{AppointmentID: f.ap, CommunicationID: f.com.CommunicationID,
		Type: enums.CommunicationEventTypeOnlineCheckInOpened, DedupeKey: "opened-test-1", IP: "192.0.2.7", UserID: 0}
	f.run(t, nil, f.acts.RecordEvent, in)
	f.run(t, nil, f.acts.RecordEvent, in)
	evs := f.db.CommunicationEvent.Query().Where(communicationevent.DedupeKey("opened-test-1")).AllX(context.Background())
	require.Len(t, evs, 1)
	require.Equal(t, enums.CommunicationEventTypeOnlineCheckInOpened, evs[0].Type)
	require.Equal(t, "192.0.2.7", evs[0].IP)
	require.Equal(t, f.com.CommunicationID, evs[0].CustomerCommunicationID)

	in.DedupeKey = ""
	_, err := f.env.ExecuteActivity(f.acts.RecordEvent, in)
	require.ErrorContains(t, err, "empty dedupe key")
}

func TestRecordCheckInAnswerOnceWithPINAndAttachments(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	results := f.db.CheckInResult.Query().Where(checkinresult.CustomerCommunicationID(f.com.CommunicationID)).
		Order(ent.Asc(checkinresult.FieldID)).AllX(ctx)
	require.GreaterOrEqual(t, len(results), 2, "the demo offers check-in items")
	var file *ent.UploadedFile
	require.NoError(t, store.WithTx(ctx, f.db, func(tx *ent.Tx) (err error) {
		file, err = files.Save(ctx, tx, files.Meta{CommunicationID: f.com.CommunicationID, Name: "dashboard light.jpg",
			ContentType: "image/jpeg"}, bytes.NewReader([]byte{0xff, 0xd8}), 1<<20)
		return err
	}))
	uploaded := "http://api.test" + routes.AttachmentPath + file.ID.String() + "/whatever.jpg"
	loose := "http://elsewhere.test/files/rear%20tyre.png"
	in := appointment.RecordCheckInInput{AppointmentID: f.ap, CommunicationID: f.com.CommunicationID, Answer: appointment.CheckInAnswer{
		Results:      []appointment.CheckInResultAnswer{{ID: results[0].ID, Accepted: true}, {ID: results[1].ID, Accepted: false}},
		Remarks:      []appointment.RemarkAnswer{{Title: "Noise", Description: "rattles at 80 km/h", Attachments: []string{uploaded, loose}}},
		CorrectPhone: "+31612345678", CustomerName: "J. Jansen", PreferredChannel: enums.CommunicationChannelIDSMS, IP: "192.0.2.9",
	}}
	var first appointment.CheckInAnswerResult
	f.run(t, &first, f.acts.RecordCheckInAnswer, in)
	require.Regexp(t, `^\d{6}$`, first.KeyLockerPIN, "the location sends a key-locker PIN with the check-in")

	// A retry (the customer's second tap, or the activity's) answers the
	// same PIN and writes nothing twice.
	var again appointment.CheckInAnswerResult
	f.run(t, &again, f.acts.RecordCheckInAnswer, in)
	require.Equal(t, first, again)

	evs := f.db.CommunicationEvent.Query().Where(communicationevent.CustomerCommunicationID(f.com.CommunicationID),
		communicationevent.TypeEQ(enums.CommunicationEventTypeOnlineCheckInAnswered)).AllX(ctx)
	require.Len(t, evs, 1)
	require.True(t, evs[0].KeyLockerPinSent)
	require.Equal(t, "J. Jansen", evs[0].CustomerName)
	require.Equal(t, "192.0.2.9", evs[0].IP)

	require.True(t, f.db.CheckInResult.GetX(ctx, results[0].ID).Accepted)
	require.False(t, f.db.CheckInResult.GetX(ctx, results[1].ID).Accepted)
	rems := f.db.CheckInRemark.Query().Where(checkinremark.CustomerCommunicationID(f.com.CommunicationID)).AllX(ctx)
	require.Len(t, rems, 1)
	require.Equal(t, "Noise", rems[0].Title)
	require.Equal(t, "J. Jansen", rems[0].CustomerName)
	atts := f.db.CheckInAttachment.Query().Where(checkinattachment.CheckInRemarkID(rems[0].ID)).Order(ent.Asc(checkinattachment.FieldID)).AllX(ctx)
	require.Len(t, atts, 2)
	require.Equal(t, "dashboard light.jpg", atts[0].Name, "an upload keeps the name it was uploaded with")
	require.Equal(t, "rear tyre.png", atts[1].Name, "any other URL is named by its last segment")

	com := f.db.CustomerCommunication.GetX(ctx, f.com.CommunicationID)
	require.Equal(t, "+31612345678", com.CorrectPhone)
	require.Equal(t, enums.CommunicationChannelIDSMS, *com.PreferredCommunicationChannel)
	ap := f.db.Appointment.Query().Where(entappointment.ID(f.ap)).OnlyX(ctx)
	require.True(t, ap.CheckInComToHandle, "a remark and a corrected phone are for the receptionist")
	require.Equal(t, enums.CommunicationChannelIDSMS, *f.db.Customer.GetX(ctx, ap.CustomerDriverID).PreferredCommunicationChannel)

	kls := f.db.KeyLockerCommunication.Query().Where(keylockercommunication.AppointmentID(f.ap)).AllX(ctx)
	require.Len(t, kls, 1, "one PIN, however often the answer is retried")
	require.Equal(t, first.KeyLockerPIN, kls[0].Pin)
	require.Equal(t, enums.KeyLockerCommunicationStatusDropPINSent, kls[0].Status)
	require.True(t, kls[0].PinExpireOn.Equal(ap.TimeCarApp.Add(24*time.Hour)), "valid through the appointment day")
}

func TestRecordDiagnoseAnswerOncePerSend(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	ivs := f.db.Intervention.Query().Where(intervention.AppointmentID(f.ap)).Order(ent.Asc(intervention.FieldID)).AllX(ctx)
	require.GreaterOrEqual(t, len(ivs), 2)
	sent := func(typ enums.CommunicationEventType, key string) {
		f.run(t, nil, f.acts.RecordEvent, appointment.EventInput{AppointmentID: f.ap, CommunicationID: f.com.CommunicationID, Type: typ, DedupeKey: key})
	}
	sent(enums.CommunicationEventTypeDiagnoseOverviewCreated, "diagnose-sent-1")
	in := appointment.RecordDiagnoseInput{AppointmentID: f.ap, CommunicationID: f.com.CommunicationID, Answer: appointment.DiagnoseAnswer{
		Interventions: []appointment.InterventionDecision{
			{ID: ivs[0].ID, Status: enums.CommunicationResultStatusAgree},
			{ID: ivs[1].ID, Status: enums.CommunicationResultStatusDecline},
		},
		CustomerName: "J. Jansen", CorrectEmail: "j@example.test",
	}}
	f.run(t, nil, f.acts.RecordDiagnoseAnswer, in)
	f.run(t, nil, f.acts.RecordDiagnoseAnswer, in) // a retry
	answered := func() int {
		return f.db.CommunicationEvent.Query().Where(communicationevent.CustomerCommunicationID(f.com.CommunicationID),
			communicationevent.TypeEQ(enums.CommunicationEventTypeDiagnoseOverviewAnswered)).CountX(ctx)
	}
	require.Equal(t, 1, answered())
	agreed, declined := f.db.Intervention.GetX(ctx, ivs[0].ID), f.db.Intervention.GetX(ctx, ivs[1].ID)
	require.True(t, agreed.CustomerOk)
	require.False(t, agreed.IsDeclinedByCustomer)
	require.True(t, declined.IsDeclinedByCustomer)
	require.False(t, declined.CustomerOk)
	require.True(t, agreed.IsSignedByCustomer && declined.IsSignedByCustomer)
	copies := f.db.CustomerCommunicationIntervention.Query().
		Where(customercommunicationintervention.CustomerCommunicationID(f.com.CommunicationID)).AllX(ctx)
	require.Len(t, copies, 2, "the decisions as presented, once")
	for _, c := range copies {
		require.Equal(t, 21.0, c.Vat, "the location's VAT at the time of the answer")
	}
	require.Equal(t, "j@example.test", f.db.CustomerCommunication.GetX(ctx, f.com.CommunicationID).CorrectEmail)

	// A resend opens a new answer.
	sent(enums.CommunicationEventTypeDiagnoseOverviewResent, "diagnose-resent-1")
	in.Answer.Interventions = []appointment.InterventionDecision{{ID: ivs[1].ID, Status: enums.CommunicationResultStatusAgree}}
	f.run(t, nil, f.acts.RecordDiagnoseAnswer, in)
	require.Equal(t, 2, answered())
	require.True(t, f.db.Intervention.GetX(ctx, ivs[1].ID).CustomerOk)

	// Another appointment's intervention is not this answer's to decide.
	other := f.db.Intervention.Query().Where(intervention.AppointmentIDNEQ(f.ap)).FirstX(ctx)
	sent(enums.CommunicationEventTypeDiagnoseOverviewResent, "diagnose-resent-2")
	in.Answer.Interventions = []appointment.InterventionDecision{{ID: other.ID, Status: enums.CommunicationResultStatusAgree}}
	_, err := f.env.ExecuteActivity(f.acts.RecordDiagnoseAnswer, in)
	requireFinal(t, err, errtypes.NotFound)
	require.False(t, f.db.Intervention.GetX(ctx, other.ID).CustomerOk)
	require.Equal(t, 2, answered(), "the failed answer rolled back whole")
}

func TestIssueKeyLockerPINOncePerRequest(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	in := appointment.IssuePINInput{AppointmentID: f.ap, RequestType: enums.KeylockerPinRequestTypeRegNumber, RequestKey: "pin-request-1"}
	f.run(t, nil, f.acts.IssueKeyLockerPIN, in)
	f.run(t, nil, f.acts.IssueKeyLockerPIN, in)
	kls := f.db.KeyLockerCommunication.Query().Where(keylockercommunication.AppointmentID(f.ap)).WithEvents().AllX(ctx)
	require.Len(t, kls, 1)
	require.Regexp(t, `^\d{6}$`, kls[0].Pin)
	require.Len(t, kls[0].Edges.Events, 1)
	require.Equal(t, enums.KeyLockerCommunicationEventTypeDropPINSent, kls[0].Edges.Events[0].Type)
	require.Equal(t, enums.KeylockerPinRequestTypeRegNumber, kls[0].Edges.Events[0].PinRequestType)

	in.RequestKey = "pin-request-2"
	f.run(t, nil, f.acts.IssueKeyLockerPIN, in)
	require.Equal(t, 2, f.db.KeyLockerCommunication.Query().Where(keylockercommunication.AppointmentID(f.ap)).CountX(ctx))
	require.Equal(t, 2, f.db.KeyLockerCommunicationEvent.Query().
		Where(keylockercommunicationevent.TypeEQ(enums.KeyLockerCommunicationEventTypeDropPINSent)).CountX(ctx))

	_, err := f.env.ExecuteActivity(f.acts.IssueKeyLockerPIN, appointment.IssuePINInput{AppointmentID: f.ap + 10000, RequestKey: "pin-request-3"})
	requireFinal(t, err, errtypes.NotFound)
}
