package appointment_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/activities/appointment"
	"github.com/pitstop-dev/pitstop/ent"
	entappointment "github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/ent/communicationevent"
	"github.com/pitstop-dev/pitstop/ent/communicationresult"
	"github.com/pitstop-dev/pitstop/ent/intervention"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/errtypes"
)

// TestRecordDiagnoseResultsBecomeInterventions: a v1 answer sets each
// check result's status; an approved one becomes one local, agreed
// intervention naming its result (the row the repair overview reads),
// once however often the answer is retried; declined and "contact me"
// results make none; a resent overview answered again updates the
// intervention rather than adding one; another communication's result
// is not found and the whole answer rolls back. The answering event keeps
// each answered result in its agreed, declined or contact list, once.
func TestRecordDiagnoseResultsBecomeInterventions(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	mk := func(comID, qr int, title string, price float64) *ent.CommunicationResult {
		return f.db.CommunicationResult.Create().SetCustomerCommunicationID(comID).SetAppointmentID(f.ap).SetKind("diagnose").
			SetQuestionResultID(qr).SetTitle(title).SetPrice(price).SetVat(21).SetMechanicNotes(title + " notes").
			SetQuestionOptions([]string{"Replace"}).SetQuestionStatus(enums.QuestionResultStatusNecessary).SaveX(ctx)
	}
	oil, brakes, wipers := mk(f.com.CommunicationID, 501, "Oil", 99), mk(f.com.CommunicationID, 502, "Brakes", 210.5), mk(f.com.CommunicationID, 503, "Wipers", 30)
	sent := func(typ enums.CommunicationEventType, key string) {
		f.run(t, nil, f.acts.RecordEvent, appointment.EventInput{AppointmentID: f.ap, CommunicationID: f.com.CommunicationID, Type: typ, DedupeKey: key})
	}
	sent(enums.CommunicationEventTypeDiagnoseOverviewCreated, "diagnose-sent-1")
	before := f.db.Intervention.Query().Where(intervention.AppointmentID(f.ap)).CountX(ctx)
	in := appointment.RecordDiagnoseInput{AppointmentID: f.ap, CommunicationID: f.com.CommunicationID, Answer: appointment.DiagnoseAnswer{
		Endpoint: 1, CustomerName: "J. Jansen", Results: []appointment.ResultDecision{
			{QuestionResultID: 501, Status: enums.CommunicationResultStatusAgree},
			{QuestionResultID: 502, Status: enums.CommunicationResultStatusDecline},
			{QuestionResultID: 503, Status: enums.CommunicationResultStatusContactMe}}}}
	f.run(t, nil, f.acts.RecordDiagnoseAnswer, in)
	f.run(t, nil, f.acts.RecordDiagnoseAnswer, in) // a retry

	// The answering event keeps each result as answered, once.
	answered := f.db.CommunicationEvent.Query().Where(communicationevent.CustomerCommunicationID(f.com.CommunicationID),
		communicationevent.TypeEQ(enums.CommunicationEventTypeDiagnoseOverviewAnswered)).OnlyX(ctx)
	agreed := answered.QueryDiagnoseOverviewAgreedResults().AllX(ctx)
	declined := answered.QueryDiagnoseOverviewDeclinedResults().AllX(ctx)
	contact := answered.QueryDiagnoseOverviewContactResults().AllX(ctx)
	require.Len(t, agreed, 1, "one row per answered result, a retry writes none")
	require.Len(t, declined, 1)
	require.Len(t, contact, 1)
	snap := func(title, notes string, price, vat float64, evID, apID int) []any {
		return []any{title, notes, price, vat, evID, apID}
	}
	require.Equal(t, snap("Oil", "Oil notes", 99, 21, answered.ID, f.ap),
		snap(agreed[0].Title, agreed[0].MechanicNotes, agreed[0].Price, agreed[0].Vat, agreed[0].CommunicationEventID, agreed[0].AppointmentID))
	require.Equal(t, snap("Brakes", "Brakes notes", 210.5, 21, answered.ID, f.ap),
		snap(declined[0].Title, declined[0].MechanicNotes, declined[0].Price, declined[0].Vat, declined[0].CommunicationEventID, declined[0].AppointmentID))
	require.Equal(t, snap("Wipers", "Wipers notes", 30, 21, answered.ID, f.ap),
		snap(contact[0].Title, contact[0].MechanicNotes, contact[0].Price, contact[0].Vat, contact[0].CommunicationEventID, contact[0].AppointmentID))

	status := func(r *ent.CommunicationResult) (enums.CommunicationResultStatus, bool) {
		r = f.db.CommunicationResult.GetX(ctx, r.ID)
		return r.Status, r.CustomerApproved
	}
	s, ok := status(oil)
	require.Equal(t, enums.CommunicationResultStatusAgree, s)
	require.True(t, ok)
	s, ok = status(brakes)
	require.Equal(t, enums.CommunicationResultStatusDecline, s)
	require.False(t, ok)
	s, _ = status(wipers)
	require.Equal(t, enums.CommunicationResultStatusContactMe, s)

	made := f.db.Intervention.Query().Where(intervention.AppointmentID(f.ap), intervention.QuestionResultIDNotNil()).AllX(ctx)
	require.Len(t, made, 1, "only the approved result, once")
	iv := made[0]
	require.Equal(t, 501, *iv.QuestionResultID)
	require.Equal(t, "Oil", iv.Title)
	require.Equal(t, "Replace", iv.Description)
	require.Equal(t, "Oil notes", iv.MechanicNotes)
	require.Equal(t, 99.0, iv.Price)
	require.True(t, iv.IsLocal, "a DMS import leaves it alone")
	require.True(t, iv.CustomerOk && iv.IsSignedByCustomer && iv.VisibleToCustomer)
	require.Equal(t, enums.CommunicationResultStatusAgree, iv.CommunicationResultStatus)
	require.Equal(t, before+1, f.db.Intervention.Query().Where(intervention.AppointmentID(f.ap)).CountX(ctx))

	// Resent and answered again: the oil is declined now, the brakes approved.
	sent(enums.CommunicationEventTypeDiagnoseOverviewResent, "diagnose-resent-1")
	in.Answer.Results = []appointment.ResultDecision{{QuestionResultID: 501, Status: enums.CommunicationResultStatusDecline},
		{QuestionResultID: 502, Status: enums.CommunicationResultStatusAgree}}
	f.run(t, nil, f.acts.RecordDiagnoseAnswer, in)
	iv = f.db.Intervention.GetX(ctx, iv.ID)
	require.False(t, iv.CustomerOk)
	require.True(t, iv.IsDeclinedByCustomer)
	require.Equal(t, 2, f.db.Intervention.Query().Where(intervention.AppointmentID(f.ap), intervention.QuestionResultIDNotNil()).CountX(ctx))
	require.Equal(t, 2, f.db.DiagnoseOverviewAgreedResult.Query().CountX(ctx), "the second answer keeps its own snapshots")
	require.Equal(t, 2, f.db.DiagnoseOverviewDeclinedResult.Query().CountX(ctx))
	require.Equal(t, 1, f.db.DiagnoseOverviewContactResult.Query().CountX(ctx))

	// A result of another communication is not this answer's.
	var otherCom appointment.CommunicationRef
	f.run(t, &otherCom, f.acts.EnsureCommunication, f.db.Appointment.Query().Where(entappointment.IDNEQ(f.ap)).FirstIDX(ctx))
	mk(otherCom.CommunicationID, 777, "Elsewhere", 1)
	sent(enums.CommunicationEventTypeDiagnoseOverviewResent, "diagnose-resent-2")
	in.Answer.Results = []appointment.ResultDecision{{QuestionResultID: 503, Status: enums.CommunicationResultStatusAgree},
		{QuestionResultID: 777, Status: enums.CommunicationResultStatusAgree}}
	_, err := f.env.ExecuteActivity(f.acts.RecordDiagnoseAnswer, in)
	requireFinal(t, err, errtypes.NotFound)
	s, _ = status(wipers)
	require.Equal(t, enums.CommunicationResultStatusContactMe, s, "the failed answer rolled back whole")
	require.Equal(t, 0, f.db.CommunicationResult.Query().Where(communicationresult.QuestionResultID(777), communicationresult.CustomerApproved(true)).CountX(ctx))
	require.Equal(t, 2, f.db.DiagnoseOverviewAgreedResult.Query().CountX(ctx), "nor kept a snapshot")
}
