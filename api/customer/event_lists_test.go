package customer_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	actappointment "github.com/pitstop-dev/pitstop/activities/appointment"
	"github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/ent/intervention"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

// TestReadEventsCarryTheirLists: on the customer's read, each
// CommunicationEvent carries the spec's lists, [] when it has none (the
// send); the v1 answer's event one agreed, one declined and one contact
// result with the title, notes, price and VAT the customer saw, and the
// agreement accepted with it; the v2 answer's event the per-intervention
// decisions; no event carries receivers.
func TestReadEventsCarryTheirLists(t *testing.T) {
	f := newReadFixture(t)
	ctx := context.Background()
	acts := &actappointment.Activities{DB: f.db, KeySecret: []byte(readTestSecret)}
	comID, apID := f.com.ID, f.com.AppointmentID
	for i, r := range []struct {
		title string
		price float64
	}{{"Oil", 99}, {"Brakes", 210.5}, {"Wipers", 30}} {
		f.db.CommunicationResult.Create().SetCustomerCommunicationID(comID).SetAppointmentID(apID).SetKind("diagnose").
			SetQuestionResultID(901 + i).SetTitle(r.title).SetPrice(r.price).SetVat(21).SetMechanicNotes(r.title + " notes").
			SetQuestionStatus(enums.QuestionResultStatusNecessary).ExecX(ctx)
	}
	ag := f.db.CommunicationAgreement.Query().FirstX(ctx)
	presented := f.db.CustomerCommunicationAgreement.Create().SetCustomerCommunicationID(comID).SetAppointmentID(apID).
		SetCommunicationAgreementID(ag.ID).SaveX(ctx)
	send := func(typ enums.CommunicationEventType, key string) {
		require.NoError(t, acts.RecordEvent(ctx, actappointment.EventInput{AppointmentID: apID, CommunicationID: comID, Type: typ, DedupeKey: key}))
	}
	send(enums.CommunicationEventTypeDiagnoseOverviewCreated, "lists-sent-1")
	v1 := actappointment.RecordDiagnoseInput{AppointmentID: apID, CommunicationID: comID, Answer: appointment.DiagnoseAnswer{
		Endpoint: 1, CustomerName: "J. Jansen", AgreementIDs: []int{presented.ID}, Results: []appointment.ResultDecision{
			{QuestionResultID: 901, Status: enums.CommunicationResultStatusAgree},
			{QuestionResultID: 902, Status: enums.CommunicationResultStatusDecline},
			{QuestionResultID: 903, Status: enums.CommunicationResultStatusContactMe}}}}
	require.NoError(t, acts.RecordDiagnoseAnswer(ctx, v1))
	require.NoError(t, acts.RecordDiagnoseAnswer(ctx, v1), "a retry")
	send(enums.CommunicationEventTypeDiagnoseOverviewResent, "lists-resent-1")
	iv := f.db.Intervention.Query().Where(intervention.AppointmentID(apID), intervention.QuestionResultIDIsNil()).FirstX(ctx)
	require.NoError(t, acts.RecordDiagnoseAnswer(ctx, actappointment.RecordDiagnoseInput{AppointmentID: apID, CommunicationID: comID,
		Answer: appointment.DiagnoseAnswer{CustomerName: "J. Jansen", Interventions: []appointment.InterventionDecision{
			{ID: iv.ID, Status: enums.CommunicationResultStatusDecline}}}}))

	var read struct {
		Events []map[string]json.RawMessage `json:"events"`
	}
	b, err := json.Marshal(f.read(t, f.cusKey))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &read))
	lists := []string{"intervention_results", "agreements", "diagnose_overview_agreed_results",
		"diagnose_overview_declined_results", "diagnose_overview_contact_results"}
	byType := map[float64][]map[string]json.RawMessage{}
	for _, e := range read.Events {
		require.NotContains(t, e, "receivers", "the customer's read serves no receivers")
		for _, l := range lists {
			require.Contains(t, e, l)
			require.NotEqual(t, "null", string(e[l]), l)
		}
		var typ float64
		require.NoError(t, json.Unmarshal(e["type"], &typ))
		byType[typ] = append(byType[typ], e)
	}
	sent := byType[float64(enums.CommunicationEventTypeDiagnoseOverviewCreated)]
	require.Len(t, sent, 1)
	for _, l := range lists {
		require.JSONEq(t, "[]", string(sent[0][l]), "a send has no %s", l)
	}
	answers := byType[float64(enums.CommunicationEventTypeDiagnoseOverviewAnswered)]
	require.Len(t, answers, 2, "one answer per send, a retry adds none")
	first, second := answers[0], answers[1]
	var evID int
	require.NoError(t, json.Unmarshal(first["id"], &evID))
	snap := func(title string, price float64) string {
		b, _ := json.Marshal(map[string]any{"title": title, "mechanic_notes": title + " notes", "price": price, "vat": 21,
			"communication_event_id": evID, "appointment_id": apID})
		return "[" + string(b) + "]"
	}
	withoutIDs := func(raw json.RawMessage) string {
		var rows []map[string]any
		require.NoError(t, json.Unmarshal(raw, &rows))
		for _, r := range rows {
			require.NotZero(t, r["id"])
			delete(r, "id")
		}
		b, _ := json.Marshal(rows)
		return string(b)
	}
	require.JSONEq(t, snap("Oil", 99), withoutIDs(first["diagnose_overview_agreed_results"]))
	require.JSONEq(t, snap("Brakes", 210.5), withoutIDs(first["diagnose_overview_declined_results"]))
	require.JSONEq(t, snap("Wipers", 30), withoutIDs(first["diagnose_overview_contact_results"]))
	var agreements []map[string]any
	require.NoError(t, json.Unmarshal(first["agreements"], &agreements))
	require.Len(t, agreements, 1)
	require.EqualValues(t, ag.ID, agreements[0]["id"])
	require.Equal(t, true, agreements[0]["accepted"])
	require.EqualValues(t, evID, agreements[0]["communication_event_id"])
	require.JSONEq(t, "[]", string(first["intervention_results"]), "the v1 answer decided on results, not interventions")

	var decided []map[string]any
	require.NoError(t, json.Unmarshal(second["intervention_results"], &decided))
	require.Len(t, decided, 1)
	require.EqualValues(t, iv.ID, decided[0]["intervention_id"])
	require.EqualValues(t, enums.CommunicationResultStatusDecline, decided[0]["communication_result_status"])
	require.Equal(t, iv.Title, decided[0]["title"])
	require.JSONEq(t, "[]", string(second["diagnose_overview_agreed_results"]))
}
