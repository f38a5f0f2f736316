package e2e

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/api"
	"github.com/pitstop-dev/pitstop/api/commread"
	"github.com/pitstop-dev/pitstop/internal/keys"
	"github.com/pitstop-dev/pitstop/workflows/appointment"
)

// An attachment URL is not a credential: a download needs a signed,
// unexpired link (what the upload and the reads hand out) or the
// communication's key, and the URL's name must be the file's.
func TestAttachmentLinksAreSignedAndExpire(t *testing.T) {
	s := newStack(t)
	s.start()
	ap := s.Demo.Appointments[0].AppointmentID
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageCheckInSent })
	key := s.keyOf(ap, keys.Customer)
	photo := bytes.Repeat([]byte{0xff, 0xd8, 0x42}, 64)
	signed := s.upload(key, "front left.jpg", photo)
	u, err := url.Parse(signed)
	require.NoError(t, err)
	require.NotEmpty(t, u.Query().Get("sig"), signed)
	require.NotEmpty(t, u.Query().Get("exp"), signed)
	bare := strings.SplitN(signed, "?", 2)[0]

	get := func(link string, header ...string) (int, []byte) { // link is a whole URL
		t.Helper()
		return s.callAt(link, http.MethodGet, "", "", nil, nil, header...)
	}
	code, body := get(signed)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, photo, body)

	// No signature, a tampered one, a changed expiry: refused.
	code, body = get(bare)
	failed(t, code, body, http.StatusUnauthorized)
	q := u.Query()
	sig := []byte(q.Get("sig"))
	sig[3] ^= 1
	q.Set("sig", string(sig))
	code, body = get(bare + "?" + q.Encode())
	failed(t, code, body, http.StatusUnauthorized)
	q = u.Query()
	q.Set("exp", "9999999999")
	code, body = get(bare + "?" + q.Encode())
	failed(t, code, body, http.StatusUnauthorized)
	// The signature is the file's: another file's URL with it is refused.
	other := s.upload(key, "rear.jpg", []byte{0xff, 0xd8, 0x01})
	code, body = get(strings.SplitN(other, "?", 2)[0] + "?" + u.RawQuery)
	failed(t, code, body, http.StatusUnauthorized)
	// The right signature with another name: not this file's URL.
	code, body = get(strings.Replace(signed, "front%20left.jpg", "front%20right.jpg", 1))
	failed(t, code, body, http.StatusNotFound)

	// A link signed two hours ago (by an API whose clock says so) has expired.
	past := httptest.NewServer(nil)
	t.Cleanup(past.Close)
	past.Config.Handler = api.New(api.Deps{DB: s.DB, Temporal: s.Temporal, TaskQueue: s.Queue, Tokens: s.tokens, KeySecret: []byte(keySecret),
		APIBaseURL: s.API.URL, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: func() time.Time { return time.Now().Add(-2 * time.Hour) }})
	var old struct {
		URL string `json:"url"`
	}
	code, body = s.uploadForm(past.URL, map[string]string{"key": key}, "old.jpg", "image/jpeg", []byte{0xff, 0xd8, 0x02})
	require.Equal(t, http.StatusOK, code, string(body))
	require.NoError(t, jsonUnmarshal(body, &old))
	code, body = get(old.URL)
	failed(t, code, body, http.StatusUnauthorized)
	require.Contains(t, string(body), "expired")

	// The communication's key opens its own attachments only.
	code, body = get(bare, commread.AttachmentKeyHeader, key)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, photo, body)
	code, body = get(bare, commread.AttachmentKeyHeader, s.keyOf(ap, keys.Receptionist))
	require.Equal(t, http.StatusOK, code, string(body))
	code, body = get(bare, commread.AttachmentKeyHeader, s.keyOf(s.Demo.Appointments[1].AppointmentID, keys.Customer))
	failed(t, code, body, http.StatusNotFound)
	code, body = get(bare, commread.AttachmentKeyHeader, wrongKey)
	failed(t, code, body, http.StatusUnauthorized)

	// The answer refers to the signed URL; the bare URL is stored, and every
	// read signs it afresh, so the customer's page and the receptionist can
	// open it.
	code, body = s.call("POST", "/v1/online_checkin/answer", "", map[string]any{"key": key, "customer_name": "Jan de Vries",
		"remarks": []map[string]any{{"title": "Scratch", "attachments": []string{signed}}}}, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	require.NotContains(t, string(body), `"errors"`)
	var view commread.CommunicationView
	require.Eventually(t, func() bool {
		view = commread.CommunicationView{}
		code, _ := s.call("POST", "/v1/communication/read", "", map[string]string{"key": key}, &view)
		return code == http.StatusOK && len(view.CheckInRemarks) == 1 && len(view.CheckInRemarks[0].Attachments) == 1
	}, 20*time.Second, 50*time.Millisecond)
	stored, err := s.DB.CheckInAttachment.Query().Only(t.Context())
	require.NoError(t, err)
	require.Equal(t, bare, stored.URL, "no signature in the database")
	link := view.CheckInRemarks[0].Attachments[0].URL
	require.True(t, strings.HasPrefix(link, bare+"?exp="), link)
	code, body = get(link)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, photo, body)

	code, body = s.call("GET", "/v1/appointments/"+strconv.Itoa(ap), s.Token, nil, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Contains(t, string(body), bare+"?exp=", "the receptionist's view signs the link too")
}
