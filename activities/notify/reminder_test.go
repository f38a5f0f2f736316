package notify_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/activities/notify"
	"github.com/pitstop-dev/pitstop/ent/communicationreceiver"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

func (f *fixture) remind(t *testing.T, in notify.ReminderInput) notify.SendOutput {
	t.Helper()
	v, err := f.env.ExecuteActivity(f.acts.SendReminder, in)
	require.NoError(t, err)
	var out notify.SendOutput
	require.NoError(t, v.Get(&out))
	return out
}

// A reminder is planned once per dedupe key over the reminded message's
// channels, delivered exactly once like every message, in the customer's
// language; a key-pick-up reminder has its own words.
func TestReminderPlannedOnceAndSentInTheCustomersLanguage(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	ap := f.db.Appointment.GetX(ctx, f.ap)
	f.db.Customer.UpdateOneID(ap.CustomerDriverID).SetLanguageCode("en-GB").ExecX(ctx)
	in := notify.ReminderInput{AppointmentID: f.ap, CommunicationID: f.com, Kind: notify.KindAnswerReminder,
		For: notify.KindOnlineCheckIn, DedupeKey: "appointment-1-check_in_unanswered-1"}
	out := f.remind(t, in)
	require.Len(t, out.ReceiverIDs, 2, "the demo location: e-mail and SMS, as the check-in itself")
	require.Equal(t, out, f.remind(t, in), "a retry finds its receivers")
	require.Equal(t, 2, f.db.CommunicationReceiver.Query().Where(communicationreceiver.ReminderKind(notify.KindAnswerReminder)).CountX(ctx))
	sms := f.byChannel(t, out.ReceiverIDs, enums.CommunicationChannelIDSMS)
	require.Nil(t, sms.CommunicationEventID, "a reminder is no communication event of the spec")
	for i := 0; i < 2; i++ {
		_, err := f.deliver(t, sms.ID)
		require.NoError(t, err)
	}
	msgs := f.twilio.Messages()
	require.Len(t, msgs, 1, "delivered exactly once")
	require.Contains(t, msgs[0].Body, "reminder, we are still waiting for your answer")
	require.Contains(t, msgs[0].Body, publicBase, "with the customer's link")
	require.Contains(t, msgs[0].Body, notify.Reference(sms.ID))

	f.db.Customer.UpdateOneID(ap.CustomerDriverID).SetLanguageCode("nl-NL").ExecX(ctx)
	key := f.remind(t, notify.ReminderInput{AppointmentID: f.ap, CommunicationID: f.com, Kind: notify.KindKeyPickupReminder,
		For: notify.KindKeyLockerPickUpPIN, DedupeKey: "appointment-1-key_not_collected-1"})
	email := f.byChannel(t, key.ReceiverIDs, enums.CommunicationChannelIDEmail)
	_, err := f.deliver(t, email.ID)
	require.NoError(t, err)
	mails := f.mail.Messages()
	require.NotEmpty(t, mails)
	last := mails[len(mails)-1]
	require.True(t, strings.HasPrefix(last.Subject, "Uw sleutel ligt voor u klaar"), last.Subject)

	_, err = f.env.ExecuteActivity(f.acts.SendReminder, notify.ReminderInput{AppointmentID: f.ap, CommunicationID: f.com, Kind: "nag", DedupeKey: "x"})
	require.Error(t, err, "an unknown reminder kind")
}
