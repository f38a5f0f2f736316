package appointment

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/textcheck"
)

// Limits on customer input, so one answer cannot flood the database.
// Shape rules (these limits, formats, text that PostgreSQL cannot store) run
// in the API and in the updates' validators only, never inside a handler:
// validators do not run on replay, so a rule tightened later never fails a
// recorded history (workflows/replay_test.go tightens one to prove it). Handlers
// re-check only the state, which may have moved while they waited.
var (
	MaxRemarks           = 20
	MaxRemarkTitle       = 200
	MaxRemarkDescription = 4000
	MaxCustomerName      = 200
	MaxAttachmentsPerCom = 10
	MaxAttachmentURL     = 2048
)

// phonePattern: the API normalises numbers to E.164 (with the location's
// country) before they reach the workflow.
var phonePattern = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)

// ValidationError lists every problem of one answer, for the spec's
// {"errors":[...]} reply.
type ValidationError struct{ Problems []string }

func (e *ValidationError) Error() string { return strings.Join(e.Problems, "; ") }

// AsValidation unwraps a ValidationError, including one that crossed Temporal
// as an application error message.
func AsValidation(err error) (*ValidationError, bool) {
	var v *ValidationError
	ok := errors.As(err, &v)
	return v, ok
}

type problems []string

func (p *problems) add(format string, args ...any) { *p = append(*p, fmt.Sprintf(format, args...)) }

func (p *problems) text(found []string) { *p = append(*p, found...) }

func (p problems) err() error {
	if len(p) == 0 {
		return nil
	}
	return &ValidationError{Problems: p}
}

func checkCommon(p *problems, remarks []RemarkAnswer, phone, email, name string) {
	if len(remarks) > MaxRemarks {
		p.add("remarks: at most %d remarks", MaxRemarks)
	}
	attachments := 0
	for i, r := range remarks {
		if strings.TrimSpace(r.Title) == "" && strings.TrimSpace(r.Description) == "" {
			p.add("remarks[%d]: a remark needs a title or a description", i)
		}
		p.text(textcheck.Line(fmt.Sprintf("remarks[%d].title", i), r.Title, MaxRemarkTitle))
		p.text(textcheck.Field(fmt.Sprintf("remarks[%d].description", i), r.Description, MaxRemarkDescription))
		for j, u := range r.Attachments {
			p.text(textcheck.Line(fmt.Sprintf("remarks[%d].attachments[%d]", i, j), u, MaxAttachmentURL))
		}
		attachments += len(r.Attachments)
	}
	if attachments > MaxAttachmentsPerCom {
		p.add("remarks: at most %d attachments per communication", MaxAttachmentsPerCom)
	}
	if phone != "" && !phonePattern.MatchString(phone) {
		p.add("correct_phone: not a phone number in international form (+31612345678)")
	}
	if email != "" {
		// net/mail only logs behind a debug flag that is always off: deterministic.
		p.text(textcheck.Email("correct_email", email)) //workflowcheck:ignore
	}
	if strings.TrimSpace(name) == "" {
		p.add("customer_name: required")
	} else {
		p.text(textcheck.Line("customer_name", name, MaxCustomerName))
	}
}

func checkAgreements(p *problems, ids, offered []int) {
	for _, id := range ids {
		if !slices.Contains(offered, id) {
			p.add("agreement_ids: %d was not part of this communication", id)
		}
	}
}

// CheckInShape is the one home of a check-in answer's shape rules: the API
// runs it on the decoded answer, the update's validator (through
// ValidateCheckInAnswer) on the answer it receives.
func CheckInShape(a CheckInAnswer) error { return checkInShape(a).err() }

// DiagnoseShape is CheckInShape for a diagnose answer.
func DiagnoseShape(a DiagnoseAnswer) error { return diagnoseShape(a).err() }

// ValidateCheckInAnswer is the update's validator: the answer's shape
// (CheckInShape) and, with the workflow's state, what the customer was sent
// (nil checks shape only).
func ValidateCheckInAnswer(a CheckInAnswer, st *AppointmentState) error {
	p := checkInShape(a)
	if st != nil {
		p = append(p, checkInAgainst(a, st)...)
	}
	return p.err()
}

func checkInShape(a CheckInAnswer) problems {
	var p problems
	checkCommon(&p, a.Remarks, a.CorrectPhone, a.CorrectEmail, a.CustomerName)
	if a.PreferredChannel != 0 && a.PreferredChannel != enums.CommunicationChannelIDEmail && a.PreferredChannel != enums.CommunicationChannelIDSMS {
		p.add("preferred_communication_channel: %d is not 1 (email) or 2 (SMS)", a.PreferredChannel)
	}
	seen := map[int]bool{}
	for i, r := range a.Results {
		if seen[r.ID] {
			p.add("results[%d]: check-in result %d answered twice", i, r.ID)
		}
		seen[r.ID] = true
	}
	return p
}

// CheckInAgainstState checks an answer against the state only: what the
// update's handler re-checks once it holds the lock.
func CheckInAgainstState(a CheckInAnswer, st *AppointmentState) error {
	return checkInAgainst(a, st).err()
}

// DiagnoseAgainstState is CheckInAgainstState for a diagnose answer.
func DiagnoseAgainstState(a DiagnoseAnswer, st *AppointmentState) error {
	return diagnoseAgainst(a, st).err()
}

// checkInAgainst checks an answer against the state.
func checkInAgainst(a CheckInAnswer, st *AppointmentState) problems {
	var p problems
	switch st.Stage {
	case StageCheckInSent:
	case StageScheduled:
		p.add("the online check-in has not been sent yet")
	default:
		p.add("the online check-in is closed")
	}
	for i, r := range a.Results {
		if !slices.Contains(st.CheckInResultIDs, r.ID) {
			p.add("results[%d]: check-in result %d is not part of this communication", i, r.ID)
		}
	}
	checkAgreements(&p, a.AgreementIDs, st.AgreementIDs)
	return p
}

// ValidateDiagnoseAnswer is ValidateCheckInAnswer for a diagnose answer.
func ValidateDiagnoseAnswer(a DiagnoseAnswer, st *AppointmentState) error {
	p := diagnoseShape(a)
	if st != nil {
		p = append(p, diagnoseAgainst(a, st)...)
	}
	return p.err()
}

func diagnoseShape(a DiagnoseAnswer) problems {
	var p problems
	checkCommon(&p, a.Remarks, a.CorrectPhone, a.CorrectEmail, a.CustomerName)
	switch a.Endpoint {
	case EndpointV2:
		if len(a.Interventions) == 0 {
			p.add("interventions: answer at least one intervention")
		}
		if len(a.Results) > 0 {
			p.add("results: check results are answered with POST /v1/diagnose_overview/answer")
		}
	case EndpointV1:
		if len(a.Results) == 0 {
			p.add("results: answer at least one check result")
		}
	default:
		p.add("endpoint: %d is not 1 (v1) or 0 (v2)", a.Endpoint)
	}
	seen := map[int]bool{}
	for i, d := range a.Interventions {
		if !decision(d.Status) {
			p.add("interventions[%d]: communication_result_status %d is not 2 (agree), 3 (decline) or 4 (contact me)", i, d.Status)
		}
		if seen[d.ID] {
			p.add("interventions[%d]: intervention %d answered twice", i, d.ID)
		}
		seen[d.ID] = true
	}
	seenResult := map[int]bool{}
	for i, r := range a.Results {
		if r.QuestionResultID <= 0 {
			p.add("results[%d]: question_result_id must name a check result of this diagnose overview", i)
		}
		if !decision(r.Status) {
			p.add("results[%d]: status %d is not 2 (fix), 3 (do not fix) or 4 (contact me)", i, r.Status)
		}
		if seenResult[r.QuestionResultID] {
			p.add("results[%d]: check result %d answered twice", i, r.QuestionResultID)
		}
		seenResult[r.QuestionResultID] = true
	}
	return p
}

// decision: a customer's answer to one item is agree/fix (2), decline (3)
// or contact me (4); 1 (not answered yet) is the item's state before it.
func decision(s enums.CommunicationResultStatus) bool {
	switch s {
	case enums.CommunicationResultStatusAgree, enums.CommunicationResultStatusDecline, enums.CommunicationResultStatusContactMe:
		return true
	}
	return false
}

// The two answers of a diagnose overview (DiagnoseAnswer.Endpoint).
const (
	EndpointV2 = 0 // POST /v2/diagnose_overview/answer: interventions
	EndpointV1 = 1 // POST /v1/diagnose_overview/answer: check results
)

// Refusals of an answer sent to the endpoint that cannot answer the
// overview, worded once (the API's early check and the workflow's).
const (
	ErrV1WithoutResults = "results: this diagnose overview has no check results to answer; answer its interventions with POST /v2/diagnose_overview/answer"
	ErrV2OnlyResults    = "interventions: this diagnose overview has only check results; answer them with POST /v1/diagnose_overview/answer"
	ErrNoOpenDiagnose   = "there is no open diagnose overview to answer"
)

// DiagnoseFits is the rule of which answer fits which overview, given how
// many interventions and check results it holds:
//
//   - v1 answers an overview with at least one check result (and, as our
//     extension, its interventions in the same answer, so an overview
//     holding both is answered at once); an overview without check results
//     is refused (ErrV1WithoutResults);
//   - v2 answers an overview with interventions, as before v1 existed; on
//     an overview holding both, its check results stay unanswered (status
//     1) for that send. An overview with check results only is refused
//     (ErrV2OnlyResults); one with neither keeps v2's own refusals.
func DiagnoseFits(endpoint, interventions, results int) error {
	var p problems
	switch {
	case endpoint == EndpointV1 && results == 0:
		p.add(ErrV1WithoutResults)
	case endpoint == EndpointV2 && interventions == 0 && results > 0:
		p.add(ErrV2OnlyResults)
	}
	return p.err()
}

func diagnoseAgainst(a DiagnoseAnswer, st *AppointmentState) problems {
	var p problems
	if st.Stage != StageDiagnoseSent {
		p.add(ErrNoOpenDiagnose)
	}
	if err := DiagnoseFits(a.Endpoint, len(st.InterventionIDs), len(st.ResultIDs)); err != nil {
		p.text(err.(*ValidationError).Problems)
	}
	for i, d := range a.Interventions {
		if !slices.Contains(st.InterventionIDs, d.ID) {
			p.add("interventions[%d]: intervention %d is not part of this diagnose overview", i, d.ID)
		}
	}
	for i, r := range a.Results {
		if !slices.Contains(st.ResultIDs, r.QuestionResultID) {
			p.add("results[%d]: check result %d is not part of this diagnose overview", i, r.QuestionResultID)
		}
	}
	checkAgreements(&p, a.AgreementIDs, st.AgreementIDs)
	return p
}

// Bounds on a receptionist's reschedule: not in the past (a few minutes of
// clock difference allowed) and at most MaxRescheduleAhead ahead. A shape
// rule of the API only: the DMS's own dates and recorded histories are
// never checked against it (a reschedule is a signal, and its handler
// takes what it gets), so tightening it never breaks replay.
var (
	MaxRescheduleAhead  = 366 * 24 * time.Hour
	RescheduleClockSkew = 5 * time.Minute
)

// ValidateReschedule checks a reschedule's new appointment time against now.
func ValidateReschedule(at, now time.Time) error {
	var p problems
	switch {
	case at.IsZero():
		p.add("time_car_app: required (an RFC 3339 date and time)")
	case at.Before(now.Add(-RescheduleClockSkew)):
		p.add("time_car_app: must not be in the past")
	case at.After(now.Add(MaxRescheduleAhead)):
		p.add("time_car_app: at most a year ahead (not after %s)", now.Add(MaxRescheduleAhead).UTC().Format("2006-01-02"))
	}
	return p.err()
}
