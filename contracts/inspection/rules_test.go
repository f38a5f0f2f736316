package inspection

import (
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

func ptr(v float64) *float64 { return &v }

func good() Answer {
	return Answer{CheckID: 1, QuestionID: 2, MechanicID: 3, AnswerID: "a-1", Status: enums.QuestionResultStatusAdvised, Price: ptr(49.5)}
}

func TestValidateAnswer(t *testing.T) {
	require.NoError(t, ValidateAnswer(good()))
	for name, tc := range map[string]struct {
		edit func(*Answer)
		want string
	}{
		"status 5":           {func(a *Answer) { a.Status = 5 }, "status:"},
		"status -1":          {func(a *Answer) { a.Status = -1 }, "status:"},
		"negative price":     {func(a *Answer) { a.Price = ptr(-0.01) }, "must not be negative"},
		"absurd price":       {func(a *Answer) { a.Price = ptr(MaxPrice + 1) }, "at most"},
		"NaN price":          {func(a *Answer) { a.Price = ptr(math.NaN()) }, "must be a number"},
		"no answer id":       {func(a *Answer) { a.AnswerID = "" }, "answer_id"},
		"answer id spaces":   {func(a *Answer) { a.AnswerID = "a b" }, "answer_id"},
		"long notes":         {func(a *Answer) { a.MechanicNotes = strings.Repeat("x", MaxNotes+1) }, "mechanic_notes"},
		"empty option":       {func(a *Answer) { a.Options = []string{""} }, "options[0]"},
		"tyre position 17":   {func(a *Answer) { a.TyrePosition = 17 }, "tyre_position"},
		"profile no tyre":    {func(a *Answer) { a.TyreProfile = 4 }, "needs a tyre_position"},
		"profile too deep":   {func(a *Answer) { a.TyrePosition, a.TyreProfile = 1, 31 }, "tyre_profile"},
		"no question":        {func(a *Answer) { a.QuestionID = 0 }, "question_id"},
		"no mechanic":        {func(a *Answer) { a.MechanicID = 0 }, "mechanic_id"},
		"no check":           {func(a *Answer) { a.CheckID = -2 }, "check_id"},
		"too many options":   {func(a *Answer) { a.Options = make([]string, MaxOptions+1) }, "options:"},
		"infinite price":     {func(a *Answer) { a.Price = ptr(math.Inf(1)) }, "must be a number"},
		"zero price is fine": {func(a *Answer) { a.Price = ptr(0) }, ""},
	} {
		t.Run(name, func(t *testing.T) {
			a := good()
			tc.edit(&a)
			err := ValidateAnswer(a)
			if tc.want == "" {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestAgainstCheck(t *testing.T) {
	checks := []CheckRef{{CheckID: 1, MechanicID: 7}, {CheckID: 2, MechanicID: 7, Finished: true}}
	require.NoError(t, AgainstCheck(checks, 1, 7))
	assert.ErrorContains(t, AgainstCheck(checks, 1, 8), "belongs to mechanic 7")
	assert.ErrorContains(t, AgainstCheck(checks, 2, 7), ErrCheckFinished)
	assert.ErrorContains(t, AgainstCheck(checks, 3, 7), ErrUnknownCheck)
}

func TestAgainstStart(t *testing.T) {
	checks := []CheckRef{{CheckID: 1, ChecklistID: 10, MechanicID: 7}, {CheckID: 2, ChecklistID: 11, MechanicID: 7, Finished: true}}
	require.NoError(t, AgainstStart(checks, StartCheck{ChecklistID: 10, MechanicID: 7}), "the owner gets the open check back")
	assert.ErrorContains(t, AgainstStart(checks, StartCheck{ChecklistID: 10, MechanicID: 8}), "belongs to mechanic 7")
	require.NoError(t, AgainstStart(checks, StartCheck{ChecklistID: 11, MechanicID: 8}), "a finished check may be run again")
}

func TestCustomerFacing(t *testing.T) {
	for s, want := range map[enums.QuestionResultStatus]bool{0: false, 1: false, 2: true, 3: true, 4: false} {
		assert.Equal(t, want, CustomerFacing(s, nil), "status %d", s)
	}
	with1 := []enums.QuestionResultStatus{1, 3}
	assert.True(t, CustomerFacing(1, with1))
	assert.False(t, CustomerFacing(2, with1))
	assert.False(t, CustomerFacing(0, []enums.QuestionResultStatus{0}), "OK is never customer-facing")
}

func TestTyreAnswer(t *testing.T) {
	require.NoError(t, TyreAnswer(true, enums.TyrePositionCarRearLeft))
	require.NoError(t, TyreAnswer(true, enums.TyrePositionCarSpare))
	require.NoError(t, TyreAnswer(false, enums.TyrePositionNone))
	assert.ErrorContains(t, TyreAnswer(true, enums.TyrePositionNone), "tyre question needs")
	assert.ErrorContains(t, TyreAnswer(true, enums.TyrePositionTruckLeft), "tyre question needs")
	assert.ErrorContains(t, TyreAnswer(false, enums.TyrePositionCarFrontLeft), "only a tyre question")
}

func TestValidateStartAndFinish(t *testing.T) {
	require.NoError(t, ValidateStart(StartCheck{ChecklistID: 1, MechanicID: 2, ClientCheckID: "c1"}))
	err := ValidateStart(StartCheck{})
	require.Error(t, err)
	e, ok := AsError(err)
	require.True(t, ok)
	assert.Len(t, e.Problems, 3)
	require.NoError(t, ValidateFinish(Finish{CheckID: 1, MechanicID: 2}))
	assert.Error(t, ValidateFinish(Finish{CheckID: 0, MechanicID: 2}))
}

// TestAgainstQuestions: the workflow refuses, from the questions it loaded
// at the start, what the database used to refuse, and names the row.
func TestAgainstQuestions(t *testing.T) {
	qs := []Question{
		{QuestionID: 2, Options: []string{"Oil change"}, Results: []Slot{{QuestionResultID: 70}}},
		{QuestionID: 3, Tyre: true, Results: []Slot{{TyrePosition: 1, QuestionResultID: 71}, {TyrePosition: 9, QuestionResultID: 72}}},
	}
	id, err := AgainstQuestions(qs, good())
	require.NoError(t, err)
	require.Equal(t, 70, id)
	tyre := good()
	tyre.QuestionID, tyre.TyrePosition = 3, enums.TyrePositionCarSpare
	id, err = AgainstQuestions(qs, tyre)
	require.NoError(t, err)
	require.Equal(t, 72, id)
	for name, tc := range map[string]struct {
		edit func(*Answer)
		want string
	}{
		"question not in the checklist": {func(a *Answer) { a.QuestionID = 9 }, ErrNotInChecklist},
		"tyre question without a tyre":  {func(a *Answer) { a.QuestionID = 3 }, ErrTyreNeeded},
		"tyre position on a plain one":  {func(a *Answer) { a.TyrePosition = 1 }, ErrTyreNotExpected},
		"an option it does not offer":   {func(a *Answer) { a.Options = []string{"Oil change", "Wipers"} }, `options[1]: "Wipers" is not an option of this question`},
		"a position without its row":    {func(a *Answer) { a.QuestionID, a.TyrePosition = 3, 2 }, ErrNotInChecklist},
	} {
		a := good()
		tc.edit(&a)
		_, err := AgainstQuestions(qs, a)
		e, ok := AsError(err)
		require.True(t, ok, name)
		assert.Equal(t, []string{tc.want}, e.Problems, name)
	}
}
