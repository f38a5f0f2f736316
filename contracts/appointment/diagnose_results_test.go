package appointment

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

func problemsOf(err error) []string {
	if err == nil {
		return nil
	}
	v, ok := AsValidation(err)
	if !ok {
		return []string{err.Error()}
	}
	return v.Problems
}

// TestDiagnoseV1ResultsShape: a v1 answer names check results by their
// question_result_id with 2, 3 or 4; anything else is refused, each
// problem named.
func TestDiagnoseV1ResultsShape(t *testing.T) {
	ok := DiagnoseAnswer{Endpoint: EndpointV1, CustomerName: "Jan", Results: []ResultDecision{
		{QuestionResultID: 7, Status: enums.CommunicationResultStatusAgree},
		{QuestionResultID: 8, Status: enums.CommunicationResultStatusDecline},
		{QuestionResultID: 9, Status: enums.CommunicationResultStatusContactMe}}}
	require.NoError(t, DiagnoseShape(ok))
	withIv := ok
	withIv.Interventions = []InterventionDecision{{ID: 3, Status: enums.CommunicationResultStatusAgree}}
	require.NoError(t, DiagnoseShape(withIv), "v1 also takes the overview's interventions (our extension)")

	for name, tc := range map[string]struct {
		a    DiagnoseAnswer
		want []string
	}{
		"no results": {DiagnoseAnswer{Endpoint: EndpointV1, CustomerName: "Jan"}, []string{"results: answer at least one check result"}},
		"status 1 (not answered)": {DiagnoseAnswer{Endpoint: EndpointV1, CustomerName: "Jan", Results: []ResultDecision{{QuestionResultID: 7, Status: 1}}},
			[]string{"results[0]: status 1 is not 2 (fix), 3 (do not fix) or 4 (contact me)"}},
		"status 5": {DiagnoseAnswer{Endpoint: EndpointV1, CustomerName: "Jan", Results: []ResultDecision{{QuestionResultID: 7, Status: 5}}},
			[]string{"results[0]: status 5 is not 2 (fix), 3 (do not fix) or 4 (contact me)"}},
		"answered twice": {DiagnoseAnswer{Endpoint: EndpointV1, CustomerName: "Jan", Results: []ResultDecision{{QuestionResultID: 7, Status: 2}, {QuestionResultID: 7, Status: 3}}},
			[]string{"results[1]: check result 7 answered twice"}},
		"no id": {DiagnoseAnswer{Endpoint: EndpointV1, CustomerName: "Jan", Results: []ResultDecision{{Status: 2}}},
			[]string{"results[0]: question_result_id must name a check result of this diagnose overview"}},
		"results through v2": {DiagnoseAnswer{CustomerName: "Jan", Interventions: []InterventionDecision{{ID: 3, Status: 2}}, Results: []ResultDecision{{QuestionResultID: 7, Status: 2}}},
			[]string{"results: check results are answered with POST /v1/diagnose_overview/answer"}},
		"unknown endpoint": {DiagnoseAnswer{Endpoint: 3, CustomerName: "Jan", Results: []ResultDecision{{QuestionResultID: 7, Status: 2}}},
			[]string{"endpoint: 3 is not 1 (v1) or 0 (v2)"}},
	} {
		require.Equal(t, tc.want, problemsOf(DiagnoseShape(tc.a)), name)
	}
}

// TestDiagnoseFitsTheOverview: v1 answers an overview with check results,
// v2 one with interventions; the wrong one is refused with a pointer to
// the right one; an overview with both takes either.
func TestDiagnoseFitsTheOverview(t *testing.T) {
	for _, tc := range []struct {
		endpoint, interventions, results int
		want                             []string
	}{
		{EndpointV1, 0, 2, nil},
		{EndpointV1, 3, 2, nil},
		{EndpointV1, 3, 0, []string{ErrV1WithoutResults}},
		{EndpointV1, 0, 0, []string{ErrV1WithoutResults}},
		{EndpointV2, 3, 0, nil},
		{EndpointV2, 3, 2, nil},
		{EndpointV2, 0, 2, []string{ErrV2OnlyResults}},
		{EndpointV2, 0, 0, nil}, // v2's own refusals, as before
	} {
		require.Equal(t, tc.want, problemsOf(DiagnoseFits(tc.endpoint, tc.interventions, tc.results)), "%+v", tc)
	}
}

// TestDiagnoseV1AgainstState: the workflow refuses results it did not
// send (unknown, or another communication's), a v1 answer to an overview
// without results, a v2 answer to one with results only, and any answer
// when no overview is open.
func TestDiagnoseV1AgainstState(t *testing.T) {
	st := &AppointmentState{Stage: StageDiagnoseSent, ResultIDs: []int{7, 8}, AgreementIDs: []int{40}}
	a := DiagnoseAnswer{Endpoint: EndpointV1, CustomerName: "Jan", AgreementIDs: []int{40},
		Results: []ResultDecision{{QuestionResultID: 7, Status: 2}, {QuestionResultID: 8, Status: 4}}}
	require.NoError(t, ValidateDiagnoseAnswer(a, st))

	other := a
	other.Results = []ResultDecision{{QuestionResultID: 99, Status: 2}}
	require.Equal(t, []string{"results[0]: check result 99 is not part of this diagnose overview"}, problemsOf(ValidateDiagnoseAnswer(other, st)))

	v2 := DiagnoseAnswer{CustomerName: "Jan", Interventions: []InterventionDecision{{ID: 3, Status: 2}}}
	require.Equal(t, []string{ErrV2OnlyResults, "interventions[0]: intervention 3 is not part of this diagnose overview"},
		problemsOf(ValidateDiagnoseAnswer(v2, st)))

	ivOnly := &AppointmentState{Stage: StageDiagnoseSent, InterventionIDs: []int{3}}
	require.Equal(t, []string{ErrV1WithoutResults, "results[0]: check result 7 is not part of this diagnose overview",
		"results[1]: check result 8 is not part of this diagnose overview", "agreement_ids: 40 was not part of this communication"},
		problemsOf(ValidateDiagnoseAnswer(a, ivOnly)))
	require.NoError(t, ValidateDiagnoseAnswer(v2, ivOnly), "v2 keeps working as before")

	answered := *st
	answered.Stage = StageDiagnoseAnswered
	require.Equal(t, []string{ErrNoOpenDiagnose}, problemsOf(ValidateDiagnoseAnswer(a, &answered)), "answered once: a second answer is refused")

	both := &AppointmentState{Stage: StageDiagnoseSent, InterventionIDs: []int{3}, ResultIDs: []int{7}}
	mixed := DiagnoseAnswer{Endpoint: EndpointV1, CustomerName: "Jan", Interventions: []InterventionDecision{{ID: 3, Status: 3}},
		Results: []ResultDecision{{QuestionResultID: 7, Status: 2}}}
	require.NoError(t, ValidateDiagnoseAnswer(mixed, both))
	require.NoError(t, ValidateDiagnoseAnswer(v2, both))
}
