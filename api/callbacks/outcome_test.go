package callbacks

import (
	"testing"

	"github.com/stretchr/testify/require"

	mailgun "github.com/pitstop-dev/pitstop/integrations/mailgun/webhook"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

func TestTwilioOutcome(t *testing.T) {
	for status, want := range map[string]struct {
		to     enums.CommunicationReceiverStatus
		reason string
		final  bool
	}{
		"delivered":   {enums.CommunicationReceiverStatusReceived, "", true},
		"read":        {enums.CommunicationReceiverStatusReceived, "", true},
		"undelivered": {enums.CommunicationReceiverStatusFailed, "twilio: message undelivered (error 30003)", true},
		"Failed":      {enums.CommunicationReceiverStatusFailed, "twilio: message failed (error 30003)", true},
		"queued":      {0, "", false},
		"sent":        {0, "", false},
		"accepted":    {0, "", false},
	} {
		to, reason, final := twilioOutcome(status, "30003")
		require.Equal(t, want.to, to, status)
		require.Equal(t, want.reason, reason, status)
		require.Equal(t, want.final, final, status)
	}
	_, reason, _ := twilioOutcome("canceled", "")
	require.Equal(t, "twilio: message canceled", reason)
}

func TestMailgunReason(t *testing.T) {
	require.Equal(t, "mailgun: bounce (550 5.1.1 no such user)",
		mailgunReason(mailgun.WebhookEvent{Reason: "bounce", DeliveryCode: 550, DeliveryText: "5.1.1 no such user"}))
	require.Equal(t, "mailgun: suppress-bounce", mailgunReason(mailgun.WebhookEvent{Reason: "suppress-bounce"}))
	require.Equal(t, "mailgun: failed (605)", mailgunReason(mailgun.WebhookEvent{DeliveryCode: 605}))
}
