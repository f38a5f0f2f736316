package dealerhook_test

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/integrations/dealerhook"
)

// The Standard Webhooks specification's published test vector.
const (
	vecSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	vecID     = "msg_p5jXN8AQM9LWM0D4loKWxJek"
	vecTS     = 1614265330
	vecBody   = `{"test": 2432232314}`
	vecSig    = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
)

func headers(id string, ts time.Time, sig string) http.Header {
	h := http.Header{}
	h.Set(dealerhook.HeaderID, id)
	h.Set(dealerhook.HeaderTimestamp, strconv.FormatInt(ts.Unix(), 10))
	h.Set(dealerhook.HeaderSignature, sig)
	return h
}

func TestSignMatchesStandardWebhooksVector(t *testing.T) {
	assert.Equal(t, vecSig, dealerhook.Sign([]byte(vecSecret), vecID, time.Unix(vecTS, 0), []byte(vecBody)))
	err := dealerhook.Verify([][]byte{[]byte(vecSecret)}, headers(vecID, time.Unix(vecTS, 0), vecSig), []byte(vecBody), time.Unix(vecTS+10, 0), 0)
	assert.NoError(t, err)
}

func TestRoundTripWithRawSecret(t *testing.T) {
	secret := []byte("raw-dealer-secret")
	now := time.Now()
	body := []byte(`{"event":"repair_order.ready"}`)
	sig := dealerhook.Sign(secret, "msg_1", now, body)
	require.NoError(t, dealerhook.Verify([][]byte{secret}, headers("msg_1", now, sig), body, now, time.Minute))
}

func TestRotationAcceptsEitherSecretAndEitherSignature(t *testing.T) {
	oldS, newS := []byte("old-secret"), []byte("new-secret")
	now := time.Now()
	body := []byte(`{}`)

	// Receiver knows both secrets; sender still signs with the old one.
	sig := dealerhook.Sign(oldS, "msg_1", now, body)
	require.NoError(t, dealerhook.Verify([][]byte{newS, oldS}, headers("msg_1", now, sig), body, now, time.Minute))

	// Sender signs with both; receiver knows only the new one.
	both := dealerhook.Sign(oldS, "msg_1", now, body) + " " + dealerhook.Sign(newS, "msg_1", now, body)
	require.NoError(t, dealerhook.Verify([][]byte{newS}, headers("msg_1", now, both), body, now, time.Minute))

	// Unknown schemes are skipped, not fatal.
	mixed := "v1a,abc " + dealerhook.Sign(newS, "msg_1", now, body)
	require.NoError(t, dealerhook.Verify([][]byte{newS}, headers("msg_1", now, mixed), body, now, time.Minute))
}

func TestVerifyRejections(t *testing.T) {
	secret := []byte("s3cret")
	now := time.Unix(1_700_000_000, 0)
	body := []byte(`{"a":1}`)
	good := func(ts time.Time) http.Header {
		return headers("msg_1", ts, dealerhook.Sign(secret, "msg_1", ts, body))
	}
	tol := 5 * time.Minute

	assert.ErrorIs(t, dealerhook.Verify([][]byte{secret}, good(now.Add(-6*time.Minute)), body, now, tol), dealerhook.ErrTimestampTooOld)
	assert.ErrorIs(t, dealerhook.Verify([][]byte{secret}, good(now.Add(6*time.Minute)), body, now, tol), dealerhook.ErrTimestampTooNew)
	assert.ErrorIs(t, dealerhook.Verify([][]byte{secret}, good(now), []byte(`{"a":2}`), now, tol), dealerhook.ErrInvalidSignature)
	assert.ErrorIs(t, dealerhook.Verify([][]byte{[]byte("other")}, good(now), body, now, tol), dealerhook.ErrInvalidSignature)

	otherID := good(now)
	otherID.Set(dealerhook.HeaderID, "msg_2")
	assert.ErrorIs(t, dealerhook.Verify([][]byte{secret}, otherID, body, now, tol), dealerhook.ErrInvalidSignature)

	missing := good(now)
	missing.Del(dealerhook.HeaderSignature)
	assert.ErrorIs(t, dealerhook.Verify([][]byte{secret}, missing, body, now, tol), dealerhook.ErrMissingHeaders)

	badTS := good(now)
	badTS.Set(dealerhook.HeaderTimestamp, "yesterday")
	assert.ErrorIs(t, dealerhook.Verify([][]byte{secret}, badTS, body, now, tol), dealerhook.ErrInvalidTimestamp)

	// An empty secret would let anyone sign: it is never used.
	forged := headers("msg_1", now, dealerhook.Sign(nil, "msg_1", now, body))
	assert.ErrorIs(t, dealerhook.Verify([][]byte{nil, {}}, forged, body, now, tol), dealerhook.ErrNoSecret)
}

func TestGenerateSecret(t *testing.T) {
	s, err := dealerhook.GenerateSecret()
	require.NoError(t, err)
	assert.Regexp(t, `^whsec_[A-Za-z0-9+/]{43}=$`, s)
	now := time.Now()
	sig := dealerhook.Sign([]byte(s), "m", now, nil)
	require.NoError(t, dealerhook.Verify([][]byte{[]byte(s)}, headers("m", now, sig), nil, now, 0))
}
