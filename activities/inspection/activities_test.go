package inspection_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/temporal"

	"github.com/pitstop-dev/pitstop/activities/inspection"
	contract "github.com/pitstop-dev/pitstop/contracts/inspection"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/communicationresult"
	"github.com/pitstop-dev/pitstop/ent/questionresult"
	"github.com/pitstop-dev/pitstop/internal/checklists"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/errtypes"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
)

type fix struct {
	a        *inspection.Activities
	db       *ent.Client
	ap, com  int
	other    int // an appointment of another dealer
	list     checklists.Version
	tyreQ    int
	plainQ   int
	otherQ   int // a question of the quality-control checklist
	qc       checklists.Version
	foreignL checklists.Version // another dealer's checklist
}

func fixture(t *testing.T) *fix {
	t.Helper()
	ctx := context.Background()
	db := storetest.New(t).Client
	mk := func(name string) (int, int, int) {
		d := db.Dealer.Create().SetName(name).SaveX(ctx)
		l := db.DealerLocation.Create().SetDealer(d).SetName(name + " L").SetVat(21).SaveX(ctx)
		cu := db.Customer.Create().SetLocation(l).SaveX(ctx)
		car := db.Car.Create().SetLocation(l).SaveX(ctx)
		ap := db.Appointment.Create().SetLocation(l).SetCar(car).SetCustomerDriver(cu).SetCustomerOwner(cu).
			SetTimeCarApp(time.Date(2026, 12, 7, 8, 30, 0, 0, time.UTC)).SaveX(ctx)
		com := db.CustomerCommunication.Create().SetAppointment(ap).SetDealerLocationID(l.ID).SetCustomerID(cu.ID).
			SetCarID(car.ID).SetCustomerKeyHash("c" + name).SetCustomerKeySalt("c").SetReceptionistKeyHash("r" + name).
			SetReceptionistKeySalt("r").SaveX(ctx)
		return d.ID, ap.ID, com.ID
	}
	d, ap, com := mk("Visser")
	d2, other, _ := mk("Jansen")
	f := &fix{a: &inspection.Activities{DB: db}, db: db, ap: ap, com: com, other: other}
	var err error
	f.list, err = checklists.Create(ctx, db, checklists.DemoRegular(d))
	require.NoError(t, err)
	f.qc, err = checklists.Create(ctx, db, checklists.DemoQualityControl(d))
	require.NoError(t, err)
	f.foreignL, err = checklists.Create(ctx, db, checklists.DemoQualityControl(d2))
	require.NoError(t, err)
	for _, q := range f.list.Questions {
		if q.ContainsTyreElement {
			f.tyreQ = q.ID
		} else if f.plainQ == 0 {
			f.plainQ = q.ID
		}
	}
	f.otherQ = f.qc.Questions[0].ID
	return f
}

func price(v float64) *float64 { return &v }

func problems(t *testing.T, err error) []string {
	t.Helper()
	require.Error(t, err)
	var app *temporal.ApplicationError
	require.ErrorAs(t, err, &app)
	require.Equal(t, errtypes.Validation, app.Type())
	var p []string
	require.NoError(t, app.Details(&p))
	return p
}

func (f *fix) start(t *testing.T, mechanic int) contract.StartCheckResult {
	t.Helper()
	out, err := f.a.StartCheck(context.Background(), inspection.StartInput{AppointmentID: f.ap, StartKey: "s-" + t.Name(),
		Start: contract.StartCheck{ChecklistID: f.list.ID, MechanicID: mechanic, ClientCheckID: "c1"}})
	require.NoError(t, err)
	return out.StartCheckResult
}

func TestStartCheckIsIdempotentAndChecksTheChecklist(t *testing.T) {
	f := fixture(t)
	ctx := context.Background()
	in := inspection.StartInput{AppointmentID: f.ap, StartKey: "start-60-abc", Start: contract.StartCheck{ChecklistID: f.list.ID, MechanicID: 60, ClientCheckID: "abc"}}
	a, err := f.a.StartCheck(ctx, in)
	require.NoError(t, err)
	b, err := f.a.StartCheck(ctx, in)
	require.NoError(t, err)
	assert.Equal(t, a, b)
	assert.Equal(t, 1, f.db.Check.Query().CountX(ctx))

	// The same phone ID on another appointment is another check.
	ap2 := f.db.Appointment.Create().SetDealerLocationID(f.db.Appointment.GetX(ctx, f.ap).DealerLocationID).
		SetTimeCarApp(time.Date(2026, 12, 8, 8, 0, 0, 0, time.UTC)).SaveX(ctx)
	same := in
	same.AppointmentID = ap2.ID
	c, err := f.a.StartCheck(ctx, same)
	require.NoError(t, err)
	assert.NotEqual(t, a.CheckID, c.CheckID)
	assert.Equal(t, ap2.ID, f.db.Check.GetX(ctx, c.CheckID).AppointmentID)

	in.StartKey, in.Start.ChecklistID = "k2", f.foreignL.ID
	assert.Equal(t, []string{contract.ErrChecklistGone}, problems(t, errOf(f.a.StartCheck(ctx, in))), "another dealer's checklist")
	in.Start.ChecklistID = 999999
	assert.Equal(t, []string{contract.ErrChecklistGone}, problems(t, errOf(f.a.StartCheck(ctx, in))))
	v2, err := checklists.Edit(ctx, f.db, f.list.ID, f.list.Template)
	require.NoError(t, err)
	in.Start.ChecklistID = f.list.ID
	assert.Equal(t, []string{contract.ErrChecklistGone}, problems(t, errOf(f.a.StartCheck(ctx, in))), "a replaced version")
	in.Start.ChecklistID = v2.ID
	_, err = f.a.StartCheck(ctx, in)
	require.NoError(t, err)
	assert.Equal(t, 3, f.db.Check.Query().CountX(ctx))
}

func errOf[T any](_ T, err error) error { return err }

func TestRecordAnswer(t *testing.T) {
	f := fixture(t)
	ctx := context.Background()
	c := f.start(t, 60)
	ans := contract.Answer{CheckID: c.CheckID, QuestionID: f.plainQ, MechanicID: 60, AnswerID: "a1",
		Status: enums.QuestionResultStatusAdvised, MechanicNotes: "oil dark", Options: []string{"Oil change"}}
	r1, err := f.a.RecordAnswer(ctx, inspection.AnswerInput{AppointmentID: f.ap, Answer: ans})
	require.NoError(t, err)
	row := f.db.QuestionResult.GetX(ctx, r1.QuestionResultID)
	assert.Equal(t, 89.0, row.Price, "the question's default price")
	assert.Equal(t, "Engine oil level and condition", row.Title)
	assert.Equal(t, []string{"Oil change"}, row.Options)

	// The same answer again (a phone's retry) changes nothing, even after an edit in between.
	ans2 := ans
	ans2.AnswerID, ans2.Status, ans2.Price = "a2", enums.QuestionResultStatusNecessary, price(120)
	_, err = f.a.RecordAnswer(ctx, inspection.AnswerInput{AppointmentID: f.ap, Answer: ans2})
	require.NoError(t, err)
	r1again, err := f.a.RecordAnswer(ctx, inspection.AnswerInput{AppointmentID: f.ap, Answer: ans2})
	require.NoError(t, err)
	assert.Equal(t, r1.QuestionResultID, r1again.QuestionResultID)
	row = f.db.QuestionResult.GetX(ctx, r1.QuestionResultID)
	assert.Equal(t, enums.QuestionResultStatusNecessary, row.Status)
	assert.Equal(t, 120.0, row.Price)
	assert.Equal(t, 1, f.db.QuestionResult.Query().CountX(ctx), "a later answer replaces the earlier one")

	// Tyres: one result per position.
	for pos, profile := range map[enums.TyrePosition]float64{1: 6.5, 2: 6.4, 3: 2.1, 4: 2.0} {
		_, err := f.a.RecordAnswer(ctx, inspection.AnswerInput{AppointmentID: f.ap, Answer: contract.Answer{CheckID: c.CheckID,
			QuestionID: f.tyreQ, MechanicID: 60, AnswerID: "t" + string(rune('0'+pos)), Status: enums.QuestionResultStatusOK,
			TyrePosition: pos, TyreProfile: profile}})
		require.NoError(t, err)
	}
	assert.Equal(t, 4, f.db.QuestionResult.Query().Where(questionresult.QuestionID(f.tyreQ)).CountX(ctx))

	before := f.db.QuestionResult.Query().CountX(ctx)
	bad := func(edit func(*contract.Answer)) []string {
		a := ans
		a.AnswerID = "bad"
		edit(&a)
		return problems(t, errOf(f.a.RecordAnswer(ctx, inspection.AnswerInput{AppointmentID: f.ap, Answer: a})))
	}
	assert.Equal(t, []string{contract.ErrNotInChecklist}, bad(func(a *contract.Answer) { a.QuestionID = f.otherQ }))
	assert.Equal(t, []string{contract.ErrNotInChecklist}, bad(func(a *contract.Answer) { a.QuestionID = 99999999 }))
	assert.Equal(t, []string{contract.ErrOtherMechanic(60)}, bad(func(a *contract.Answer) { a.MechanicID = 61 }))
	assert.Equal(t, []string{contract.ErrTyreNeeded}, bad(func(a *contract.Answer) { a.QuestionID = f.tyreQ; a.TyrePosition = 0 }))
	assert.Equal(t, []string{contract.ErrTyreNotExpected}, bad(func(a *contract.Answer) { a.TyrePosition = 1 }))
	assert.Contains(t, bad(func(a *contract.Answer) { a.Options = []string{"Paint it red"} })[0], "not an option")
	assert.Equal(t, []string{contract.ErrUnknownCheck}, problems(t, errOf(f.a.RecordAnswer(ctx, inspection.AnswerInput{AppointmentID: f.other, Answer: ans2}))),
		"another appointment's check")
	assert.Equal(t, before, f.db.QuestionResult.Query().CountX(ctx))
	assert.Equal(t, enums.QuestionResultStatusNecessary, f.db.QuestionResult.GetX(ctx, r1.QuestionResultID).Status)

	// Finished: no more answers, except the same answer's retry.
	_, err = f.a.FinishCheck(ctx, inspection.FinishInput{AppointmentID: f.ap, Finish: contract.Finish{CheckID: c.CheckID, MechanicID: 60}})
	require.NoError(t, err)
	ans3 := ans2
	ans3.AnswerID = "a3"
	assert.Equal(t, []string{contract.ErrCheckFinished}, problems(t, errOf(f.a.RecordAnswer(ctx, inspection.AnswerInput{AppointmentID: f.ap, Answer: ans3}))))
	_, err = f.a.RecordAnswer(ctx, inspection.AnswerInput{AppointmentID: f.ap, Answer: ans2})
	require.NoError(t, err)
}

// From answer-check-from-workflow on, the workflow names the check's
// checklist version and the activity stores the answer without reading the
// check's row; what only the stored checklist knows is still refused.
func TestRecordAnswerWithTheWorkflowsChecklist(t *testing.T) {
	f := fixture(t)
	ctx := context.Background()
	c := f.start(t, 60)
	in := func(a contract.Answer) inspection.AnswerInput {
		return inspection.AnswerInput{AppointmentID: f.ap, Answer: a, ChecklistID: c.ChecklistID}
	}
	ans := contract.Answer{CheckID: c.CheckID, QuestionID: f.plainQ, MechanicID: 60, AnswerID: "w1",
		Status: enums.QuestionResultStatusNecessary, MechanicNotes: "pads 2 mm", Price: price(80)}
	r, err := f.a.RecordAnswer(ctx, in(ans))
	require.NoError(t, err)
	row := f.db.QuestionResult.GetX(ctx, r.QuestionResultID)
	assert.Equal(t, c.CheckID, row.CheckID)
	assert.Equal(t, f.ap, row.AppointmentID)
	assert.Equal(t, "pads 2 mm", row.MechanicNotes)
	assert.Equal(t, 80.0, row.Price)

	again, err := f.a.RecordAnswer(ctx, in(ans))
	require.NoError(t, err)
	assert.Equal(t, r.QuestionResultID, again.QuestionResultID, "a retry stores nothing new")

	other := ans
	other.AnswerID, other.QuestionID = "w2", f.otherQ
	assert.Equal(t, []string{contract.ErrNotInChecklist}, problems(t, errOf(f.a.RecordAnswer(ctx, in(other)))))
	assert.Equal(t, 1, f.db.QuestionResult.Query().CountX(ctx))
}

func TestFinishAndPublish(t *testing.T) {
	f := fixture(t)
	ctx := context.Background()
	c := f.start(t, 60)
	statuses := []enums.QuestionResultStatus{0, 1, 2, 3, 4}
	for i, s := range statuses {
		_, err := f.a.RecordAnswer(ctx, inspection.AnswerInput{AppointmentID: f.ap, Answer: contract.Answer{CheckID: c.CheckID,
			QuestionID: f.list.Questions[i].ID, MechanicID: 60, AnswerID: "x" + string(rune('a'+i)), Status: s, MechanicNotes: "n"}})
		require.NoError(t, err)
	}
	pub := inspection.PublishInput{AppointmentID: f.ap, CommunicationID: f.com, CheckID: c.CheckID}
	_, err := f.a.PublishResults(ctx, pub)
	assert.Contains(t, problems(t, err)[0], "not finished")

	fin := inspection.FinishInput{AppointmentID: f.ap, Finish: contract.Finish{CheckID: c.CheckID, MechanicID: 61}}
	assert.Equal(t, []string{contract.ErrOtherMechanic(60)}, problems(t, errOf(f.a.FinishCheck(ctx, fin))))
	fin.Finish.MechanicID = 60
	out, err := f.a.FinishCheck(ctx, fin)
	require.NoError(t, err)
	assert.Equal(t, 5, out.Results)
	at := f.db.Check.GetX(ctx, c.CheckID).FinishedAt
	require.NotNil(t, at)
	again, err := f.a.FinishCheck(ctx, fin)
	require.NoError(t, err)
	assert.Equal(t, out, again)
	assert.Equal(t, *at, *f.db.Check.GetX(ctx, c.CheckID).FinishedAt, "finishing again changes nothing")

	n, err := f.a.PublishResults(ctx, pub)
	require.NoError(t, err)
	assert.Equal(t, 2, n, "advised and necessary")
	n, err = f.a.PublishResults(ctx, pub)
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	rows := f.db.CommunicationResult.Query().Where(communicationresult.CustomerCommunicationID(f.com)).
		Order(ent.Asc(communicationresult.FieldQuestionOrder)).AllX(ctx)
	require.Len(t, rows, 2, "published once")
	assert.Equal(t, enums.QuestionResultStatusAdvised, rows[0].QuestionStatus)
	assert.Equal(t, enums.QuestionResultStatusNecessary, rows[1].QuestionStatus)
	assert.Equal(t, "diagnose", rows[0].Kind)
	assert.Equal(t, enums.CommunicationResultStatusUnanswered, rows[0].Status)
	assert.Equal(t, "Multi-point inspection", rows[0].ChecklistName)
	assert.Equal(t, 21.0, rows[0].Vat)
	assert.Equal(t, f.list.Questions[2].DefaultPrice, rows[0].Price)
	assert.Equal(t, c.CheckID, rows[0].CheckID)
}

// TestAnswersWrittenAfterTheirUpdate (answer-written-after-update): the
// start writes the check's rows, unanswered, and names them; WriteAnswers
// fills them in order, once per answer ID; the reads, the finish's count
// and the diagnose overview see answered rows only.
func TestAnswersWrittenAfterTheirUpdate(t *testing.T) {
	f := fixture(t)
	ctx := context.Background()
	in := inspection.StartInput{AppointmentID: f.ap, StartKey: "rows", Rows: true,
		Start: contract.StartCheck{ChecklistID: f.list.ID, MechanicID: 60, ClientCheckID: "rows"}}
	out, err := f.a.StartCheck(ctx, in)
	require.NoError(t, err)
	require.Len(t, out.Questions, len(f.list.Questions))
	slot := map[[2]int]int{}
	for _, q := range out.Questions {
		for _, s := range q.Results {
			slot[[2]int{q.QuestionID, int(s.TyrePosition)}] = s.QuestionResultID
		}
	}
	rows := len(f.list.Questions) + 4 // the tyre question: five car positions
	require.Len(t, slot, rows)
	again, err := f.a.StartCheck(ctx, in)
	require.NoError(t, err)
	require.Equal(t, out, again, "a retried start names the same rows")
	require.Equal(t, rows, f.db.QuestionResult.Query().Where(questionresult.CheckID(out.CheckID)).CountX(ctx))
	require.Zero(t, f.db.QuestionResult.Query().Where(questionresult.Completed(true)).CountX(ctx), "unanswered")

	plain, tyre := slot[[2]int{f.plainQ, 0}], slot[[2]int{f.tyreQ, int(enums.TyrePositionCarRearLeft)}]
	require.NotZero(t, plain)
	require.NotZero(t, tyre)
	a1 := contract.Answer{CheckID: out.CheckID, QuestionID: f.plainQ, MechanicID: 60, AnswerID: "a1", Status: enums.QuestionResultStatusAdvised, MechanicNotes: "first"}
	a2 := a1
	a2.AnswerID, a2.Status, a2.MechanicNotes, a2.Price = "a2", enums.QuestionResultStatusNecessary, "second", price(80)
	t3 := contract.Answer{CheckID: out.CheckID, QuestionID: f.tyreQ, MechanicID: 60, AnswerID: "t3", Status: enums.QuestionResultStatusAdvised,
		TyrePosition: enums.TyrePositionCarRearLeft, TyreProfile: 2.4}
	w := inspection.WriteInput{AppointmentID: f.ap, CheckID: out.CheckID, Answers: []inspection.Written{{QuestionResultID: plain, Answer: a1}}}
	require.NoError(t, f.a.WriteAnswers(ctx, w))
	first := f.db.QuestionResult.GetX(ctx, plain)
	assert.True(t, first.Completed)
	assert.Equal(t, "a1", first.AnswerKey)
	for _, q := range f.list.Questions {
		if q.ID == f.plainQ {
			assert.Equal(t, q.DefaultPrice, first.Price, "no price: the question's")
		}
	}
	require.NoError(t, f.a.WriteAnswers(ctx, w))
	assert.Equal(t, first.UpdatedAt, f.db.QuestionResult.GetX(ctx, plain).UpdatedAt, "a retry does not apply the answer again")

	// A run of answers retried as a whole ends as its last answer says.
	w.Answers = append(w.Answers, inspection.Written{QuestionResultID: tyre, Answer: t3}, inspection.Written{QuestionResultID: plain, Answer: a2})
	require.NoError(t, f.a.WriteAnswers(ctx, w))
	require.NoError(t, f.a.WriteAnswers(ctx, w))
	got := f.db.QuestionResult.GetX(ctx, plain)
	assert.Equal(t, "a2", got.AnswerKey)
	assert.Equal(t, "second", got.MechanicNotes)
	assert.Equal(t, 80.0, got.Price)
	assert.Equal(t, enums.QuestionResultStatusNecessary, got.Status)
	assert.Equal(t, 2.4, f.db.QuestionResult.GetX(ctx, tyre).TyreProfile)
	assert.Equal(t, rows, f.db.QuestionResult.Query().Where(questionresult.CheckID(out.CheckID)).CountX(ctx), "no row added")

	bad := inspection.WriteInput{AppointmentID: f.ap, CheckID: out.CheckID, Answers: []inspection.Written{{QuestionResultID: plain + 100000, Answer: a1}}}
	require.Error(t, f.a.WriteAnswers(ctx, bad), "a row the start did not write is never invented")

	fin, err := f.a.FinishCheck(ctx, inspection.FinishInput{AppointmentID: f.ap, Finish: contract.Finish{CheckID: out.CheckID, MechanicID: 60}})
	require.NoError(t, err)
	assert.Equal(t, 2, fin.Results, "the answered rows only")
	n, err := f.a.PublishResults(ctx, inspection.PublishInput{AppointmentID: f.ap, CommunicationID: f.com, CheckID: out.CheckID})
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	ids := f.db.CommunicationResult.Query().Where(communicationresult.CustomerCommunicationID(f.com)).
		Select(communicationresult.FieldQuestionResultID).IntsX(ctx)
	assert.ElementsMatch(t, []int{plain, tyre}, ids)
}
