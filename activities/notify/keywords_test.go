package notify_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/activities/notify"
	"github.com/pitstop-dev/pitstop/contracts/optout"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/customerconsentchange"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

// customerOf is the demo appointment's driver, with a Dutch mobile number.
func (f *fixture) customerOf(t *testing.T) *ent.Customer {
	t.Helper()
	ctx := context.Background()
	a := f.db.Appointment.GetX(ctx, f.ap)
	return f.db.Customer.UpdateOneID(a.CustomerDriverID).SetLanguageCode(enums.LanguageCodeNlNL).SetBlockCommunication(false).SaveX(ctx)
}

func (f *fixture) applyKeyword(t *testing.T, in optout.Input) optout.Applied {
	t.Helper()
	v, err := f.env.ExecuteActivity(f.acts.ApplyKeyword, in)
	require.NoError(t, err)
	var out optout.Applied
	require.NoError(t, v.Get(&out))
	return out
}

// One message changes a customer once, however often it is applied, and
// every change is recorded with its source and keyword; the confirmation's
// language is the word's own, else the customer's.
func TestApplyKeywordOncePerMessageAndRecordsIt(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	cu := f.customerOf(t)
	stop, _ := optout.Classify("Stop")
	in := optout.Input{MessageSID: "SMkw1", From: cu.TelMobilePrivate, Keyword: stop}

	first := f.applyKeyword(t, in)
	require.Positive(t, first.Customers)
	require.Equal(t, 1, first.Changed)
	require.Equal(t, enums.LanguageCodeNlNL, first.Language, "STOP is every language's: the customer's language answers")
	require.NotEmpty(t, first.Dealer)
	require.True(t, f.db.Customer.GetX(ctx, cu.ID).BlockCommunication)

	again := f.applyKeyword(t, in)
	require.Equal(t, first, again, "a retried message reports what it did, and does nothing more")
	changes := f.db.CustomerConsentChange.Query().Where(customerconsentchange.CustomerID(cu.ID)).AllX(ctx)
	require.Len(t, changes, 1)
	require.Equal(t, optout.SourceSMSKeyword, changes[0].Source)
	require.Equal(t, "STOP", changes[0].Keyword)
	require.True(t, changes[0].BlockCommunication)
	require.True(t, changes[0].Changed)

	// Another message with the same word: recorded, nothing changed.
	repeat := f.applyKeyword(t, optout.Input{MessageSID: "SMkw2", From: cu.TelMobilePrivate, Keyword: stop})
	require.Zero(t, repeat.Changed)
	require.Equal(t, 2, f.db.CustomerConsentChange.Query().Where(customerconsentchange.CustomerID(cu.ID)).CountX(ctx))

	// A German word opts back in and answers in German.
	anmelden, _ := optout.Classify("anmelden")
	back := f.applyKeyword(t, optout.Input{MessageSID: "SMkw3", From: cu.TelMobilePrivate, Keyword: anmelden})
	require.Equal(t, 1, back.Changed)
	require.Equal(t, enums.LanguageCodeDeDE, back.Language)
	require.False(t, f.db.Customer.GetX(ctx, cu.ID).BlockCommunication)

	// An unknown number changes nothing and is not confirmed.
	nobody := f.applyKeyword(t, optout.Input{MessageSID: "SMkw4", From: "+31600000000", Keyword: stop})
	require.Zero(t, nobody.Customers)
	require.False(t, optout.Confirm(optout.Input{Keyword: stop}, nobody))
}

// The confirmation goes out once: an attempt after one that sent (but did
// not report back) finds it at Twilio instead of sending again.
func TestConfirmKeywordSendsOnce(t *testing.T) {
	f := newFixture(t)
	cu := f.customerOf(t)
	in := notify.ConfirmKeywordInput{MessageSID: "SMkw1", To: cu.TelMobilePrivate, Since: time.Now(),
		Text: optout.ConfirmationText(optout.OptOut, enums.LanguageCodeNlNL, "Autohuis Demo")}
	var sids []string
	for range 2 {
		v, err := f.env.ExecuteActivity(f.acts.ConfirmKeyword, in)
		require.NoError(t, err)
		var sid string
		require.NoError(t, v.Get(&sid))
		sids = append(sids, sid)
	}
	require.NotEmpty(t, sids[0])
	require.Equal(t, sids[0], sids[1], "the second attempt found the first's message")
	msgs := f.twilio.Messages()
	require.Len(t, msgs, 1)
	require.Equal(t, in.Text, msgs[0].Body)
	require.Contains(t, msgs[0].Body, "AANMELDEN")
}
