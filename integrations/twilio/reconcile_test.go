package twilio_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/integrations/twilio"
)

func TestFindSentMatchesMarker(t *testing.T) {
	_, c := newPair(t)
	ctx := context.Background()
	since := time.Now().Add(-time.Minute)

	first, err := c.SendSMS(ctx, twilio.SMS{To: "+15551234567", Body: "Service due. Ref PS-1001"})
	require.NoError(t, err)
	_, err = c.SendSMS(ctx, twilio.SMS{To: "+15551234567", Body: "Car ready. Ref PS-1002"})
	require.NoError(t, err)
	_, err = c.SendSMS(ctx, twilio.SMS{To: "+15559999999", Body: "Other customer. Ref PS-1003"})
	require.NoError(t, err)

	got, found, err := c.FindSent(ctx, "+15551234567", since, "PS-1001")
	require.NoError(t, err)
	require.True(t, found)
	assert.Equal(t, first.SID, got.SID)

	_, found, err = c.FindSent(ctx, "+15551234567", since, "PS-1003")
	require.NoError(t, err)
	assert.False(t, found, "marker sent to another number must not match")

	_, found, err = c.FindSent(ctx, "+15551234567", time.Now().Add(time.Hour), "PS-1001")
	require.NoError(t, err)
	assert.False(t, found, "messages before since are ignored")
}

func TestFindSentRefusesEmptyMarker(t *testing.T) {
	_, c := newPair(t)
	_, _, err := c.FindSent(context.Background(), "+15551234567", time.Time{}, " ")
	require.Error(t, err)
	assert.True(t, twilio.IsPermanent(err))
}

func TestFindSentIsTransientWhenDown(t *testing.T) {
	fake, c := newPair(t)
	fake.SetDown(true)
	_, _, err := c.FindSent(context.Background(), "+15551234567", time.Time{}, "PS-1")
	require.Error(t, err)
	assert.False(t, twilio.IsPermanent(err))
}
