package optout

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/testsuite"

	"github.com/pitstop-dev/pitstop/activities/notify"
	"github.com/pitstop-dev/pitstop/contracts/optout"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

// run executes the workflow with ApplyKeyword answering applied and
// ConfirmKeyword failing fails times before it sends; it returns the
// result and the confirmations attempted.
func run(t *testing.T, in optout.Input, applied optout.Applied, fails int) (Result, []notify.ConfirmKeywordInput) {
	t.Helper()
	var s testsuite.WorkflowTestSuite
	s.SetLogger(log.NewStructuredLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	e := s.NewTestWorkflowEnvironment()
	e.RegisterWorkflow(SMSKeywordWorkflow)
	e.RegisterActivity(&notify.Activities{})
	e.OnActivity(nt.ApplyKeyword, mock.Anything, mock.Anything).Return(func(_ context.Context, got optout.Input) (optout.Applied, error) {
		require.Equal(t, in, got)
		return applied, nil
	})
	var sent []notify.ConfirmKeywordInput
	e.OnActivity(nt.ConfirmKeyword, mock.Anything, mock.Anything).Return(func(_ context.Context, c notify.ConfirmKeywordInput) (string, error) {
		sent = append(sent, c)
		if len(sent) <= fails {
			return "", errors.New("twilio: 503")
		}
		return "SMconf", nil
	}).Maybe()
	e.ExecuteWorkflow(SMSKeywordWorkflow, in)
	require.True(t, e.IsWorkflowCompleted())
	require.NoError(t, e.GetWorkflowError())
	var res Result
	require.NoError(t, e.GetWorkflowResult(&res))
	return res, sent
}

func TestKeywordIsConfirmedInTheCustomersLanguage(t *testing.T) {
	kw, _ := optout.Classify("afmelden")
	in := optout.Input{MessageSID: "SM1", From: "+31612345678", Keyword: kw}
	res, sent := run(t, in, optout.Applied{Customers: 1, Changed: 1, Language: enums.LanguageCodeNlNL, Dealer: "Autohuis Demo"}, 2)
	require.Equal(t, "SMconf", res.ConfirmationSID)
	require.Len(t, sent, 3, "a provider outage is retried until the confirmation goes out")
	for _, c := range sent {
		require.Equal(t, in.From, c.To)
		require.Equal(t, optout.ConfirmationText(optout.OptOut, enums.LanguageCodeNlNL, "Autohuis Demo"), c.Text)
		require.Equal(t, sent[0].Since, c.Since, "every attempt looks for the same earlier send")
	}
}

func TestKeywordNotConfirmedWhenTwilioAnsweredOrNobodyHasTheNumber(t *testing.T) {
	stop, _ := optout.Classify("STOP")
	_, sent := run(t, optout.Input{MessageSID: "SM2", From: "+31612345678", Keyword: stop, TwilioAnswered: true},
		optout.Applied{Customers: 1, Changed: 1, Language: enums.LanguageCodeEnGB}, 0)
	require.Empty(t, sent, "Twilio sent its own reply")
	_, sent = run(t, optout.Input{MessageSID: "SM3", From: "+31600000000", Keyword: stop}, optout.Applied{Language: enums.LanguageCodeEnGB}, 0)
	require.Empty(t, sent, "an unknown number learns nothing")
}
