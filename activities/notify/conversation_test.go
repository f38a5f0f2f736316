package notify_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/contracts/conversation"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

// A reply that matches no conversation is kept once per provider id; sent
// to a location's own number it is that location's, sent to a number of
// no location's pool it has none.
func TestUnmatchedReplyTellsTheLocationByItsOwnNumber(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.db.SmsSender.Create().SetDealerLocationID(f.loc).SetNumber("+3197010000031").ExecX(ctx)
	record := func(in conversation.Inbound) conversation.InboundResult {
		t.Helper()
		v, err := f.env.ExecuteActivity(f.acts.RecordInbound, in)
		require.NoError(t, err)
		var out conversation.InboundResult
		require.NoError(t, v.Get(&out))
		return out
	}
	in := conversation.Inbound{Channel: enums.CommunicationChannelIDSMS, ProviderID: "twilio:SMown", From: "+31699999999",
		To: "+3197010000031", Text: "who is this?"}
	first := record(in)
	require.False(t, first.Matched)
	require.Equal(t, f.loc, first.LocationID)
	require.Equal(t, first, record(in), "a repeat finds its row")
	m := f.db.AppointmentMessage.GetX(ctx, first.MessageID)
	require.Nil(t, m.AppointmentID)
	require.Equal(t, f.loc, *m.DealerLocationID)

	other := record(conversation.Inbound{Channel: enums.CommunicationChannelIDSMS, ProviderID: "twilio:SMshared", From: "+31699999999",
		To: "+3197010000099", Text: "hello?"})
	require.False(t, other.Matched)
	require.Zero(t, other.LocationID, "a number of no location's pool tells no location")
	mail := record(conversation.Inbound{Channel: enums.CommunicationChannelIDEmail, ProviderID: "mailgun:x", From: "a@example.com",
		To: "nope", Text: "hello?"})
	require.Zero(t, mail.LocationID)
}
