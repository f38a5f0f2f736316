package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/api/enums/v1"

	"github.com/pitstop-dev/pitstop/api"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/communicationevent"
	"github.com/pitstop-dev/pitstop/ent/customercommunication"
	"github.com/pitstop-dev/pitstop/ent/uploadedfile"
	pitenums "github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/keys"
	"github.com/pitstop-dev/pitstop/workflows/appointment"
)

// Helpers of the API tests (api_*_test.go).

// apiWith serves a second API over the same stack (same database, Temporal
// and secrets) with its own logger and its own wrong-key limiter.
func (s *stack) apiWith(log *slog.Logger) *httptest.Server {
	s.t.Helper()
	srv := httptest.NewServer(nil)
	srv.Config.Handler = checkContract(s.t, api.New(api.Deps{DB: s.DB, Temporal: s.Temporal, TaskQueue: s.Queue, Tokens: s.tokens, KeySecret: []byte(keySecret),
		PublicBaseURL: "http://customer.test/app", APIBaseURL: srv.URL, Log: log}))
	s.t.Cleanup(srv.Close)
	return srv
}

// callAt is stack.call against another server; header adds request headers.
func (s *stack) callAt(base, method, path, token string, body any, out any, header ...string) (int, []byte) {
	s.t.Helper()
	var rd io.Reader
	if body != nil {
		if raw, ok := body.(string); ok {
			rd = strings.NewReader(raw)
		} else {
			b, err := json.Marshal(body)
			require.NoError(s.t, err)
			rd = bytes.NewReader(b)
		}
	}
	req, err := http.NewRequest(method, base+path, rd)
	require.NoError(s.t, err)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(s.t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(s.t, err)
	if out != nil && len(b) > 0 && res.StatusCode == http.StatusOK && !bytes.HasPrefix(b, []byte(`{"errors"`)) {
		require.NoError(s.t, json.Unmarshal(b, out), "body: %s", b)
	}
	return res.StatusCode, b
}

// refused asserts the spec's HTTP 200 error body, and that one of its errors
// contains want.
func refused(t *testing.T, code int, body []byte, want string) {
	t.Helper()
	require.Equal(t, http.StatusOK, code, string(body))
	errs := errorsOf(t, body)
	for _, e := range errs {
		if strings.Contains(e, want) {
			return
		}
	}
	require.Failf(t, "error not found", "want an error containing %q, got %q", want, errs)
}

// failed asserts a non-200 status with the spec's error body.
func failed(t *testing.T, code int, body []byte, status int) {
	t.Helper()
	require.Equal(t, status, code, string(body))
	errorsOf(t, body)
}

// communication is the read model's communication of an appointment.
func (s *stack) communication(appointmentID int) *ent.CustomerCommunication {
	s.t.Helper()
	com, err := s.DB.CustomerCommunication.Query().Where(customercommunication.AppointmentID(appointmentID)).Only(context.Background())
	require.NoError(s.t, err)
	return com
}

// keyOf derives a communication key the way the server does (for
// communications whose link was not sent yet, and for the receptionist's).
func (s *stack) keyOf(appointmentID int, kind keys.Kind) string {
	com := s.communication(appointmentID)
	salt := com.CustomerKeySalt
	if kind == keys.Receptionist {
		salt = com.ReceptionistKeySalt
	}
	return keys.Derive([]byte(keySecret), kind, com.ID, salt)
}

// eventTypes are the appointment's communication events, oldest first.
func (s *stack) eventTypes(appointmentID int) []pitenums.CommunicationEventType {
	s.t.Helper()
	evs, err := s.DB.CommunicationEvent.Query().Where(communicationevent.AppointmentID(appointmentID)).
		Order(ent.Asc(communicationevent.FieldID)).All(context.Background())
	require.NoError(s.t, err)
	out := []pitenums.CommunicationEventType{}
	for _, e := range evs {
		out = append(out, e.Type)
	}
	return out
}

// waitEvents waits until the events are exactly want.
func (s *stack) waitEvents(appointmentID int, want ...pitenums.CommunicationEventType) {
	s.t.Helper()
	var got []pitenums.CommunicationEventType
	require.Eventually(s.t, func() bool {
		got = s.eventTypes(appointmentID)
		return slices.Equal(got, want)
	}, 20*time.Second, 25*time.Millisecond, "want events %v", want)
	_ = got
}

// signalled reports whether the workflow ever received the named signal.
func (s *stack) signalled(appointmentID int, name string) bool {
	s.t.Helper()
	it := s.Temporal.GetWorkflowHistory(context.Background(), appointment.AppointmentWorkflowID(appointmentID), "", false,
		enums.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for it.HasNext() {
		ev, err := it.Next()
		require.NoError(s.t, err)
		if a := ev.GetWorkflowExecutionSignaledEventAttributes(); a != nil && a.GetSignalName() == name {
			return true
		}
	}
	return false
}

// files counts the attachments stored for an appointment's communication.
func (s *stack) files(appointmentID int) int {
	s.t.Helper()
	n, err := s.DB.UploadedFile.Query().Where(uploadedfile.CustomerCommunicationID(s.communication(appointmentID).ID)).Count(context.Background())
	require.NoError(s.t, err)
	return n
}

// token mints a bearer token.
func (s *stack) token(userID int, locations []int, role pitenums.RoleID, ttl time.Duration, now time.Time) string {
	s.t.Helper()
	tok, err := s.tokens.Mint(userID, locations, role, ttl, now)
	require.NoError(s.t, err)
	return tok
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// uploadStream uploads a file of size zero bytes, streamed: the body is
// never held in memory, so sizes over the limit cost nothing.
func (s *stack) uploadStream(base, key, name string, size int64) (int, []byte) {
	s.t.Helper()
	return s.uploadFrom(base, key, name, zeros{}, size)
}

// uploadFrom uploads size bytes of content as a file, streamed.
func (s *stack) uploadFrom(base, key, name string, content io.Reader, size int64) (int, []byte) {
	s.t.Helper()
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		err := mw.WriteField("key", key)
		if err == nil {
			var fw io.Writer
			if fw, err = mw.CreateFormFile("file", name); err == nil {
				_, err = io.CopyN(fw, content, size)
			}
		}
		if err == nil {
			err = mw.Close()
		}
		pw.CloseWithError(err)
	}()
	req, err := http.NewRequest(http.MethodPost, base+"/v1/communication/upload_attachment", pr)
	require.NoError(s.t, err)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := http.DefaultClient.Do(req)
	require.NoError(s.t, err)
	defer res.Body.Close()
	_ = pr.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(s.t, err)
	return res.StatusCode, b
}

// uploadForm posts a multipart form of the given fields (no file unless
// fileName is set) with a content type for the file part.
func (s *stack) uploadForm(base string, fields map[string]string, fileName, contentType string, data []byte) (int, []byte) {
	s.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		require.NoError(s.t, mw.WriteField(k, v))
	}
	if fileName != "" {
		h := make(map[string][]string)
		h["Content-Disposition"] = []string{fmt.Sprintf(`form-data; name="file"; filename=%q`, fileName)}
		if contentType != "" {
			h["Content-Type"] = []string{contentType}
		}
		fw, err := mw.CreatePart(h)
		require.NoError(s.t, err)
		_, _ = fw.Write(data)
	}
	require.NoError(s.t, mw.Close())
	res, err := http.Post(base+"/v1/communication/upload_attachment", mw.FormDataContentType(), &buf)
	require.NoError(s.t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(s.t, err)
	return res.StatusCode, b
}

// wrongKey is well formed but opens nothing.
const wrongKey = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"

// countEvents counts an appointment's communication events of one type.
func (s *stack) countEvents(appointmentID int, typ pitenums.CommunicationEventType) int {
	n := 0
	for _, t := range s.eventTypes(appointmentID) {
		if t == typ {
			n++
		}
	}
	return n
}
