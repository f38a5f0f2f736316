package customerpage

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pitstop-dev/pitstop/contracts/appointment"
)

// The fake's POST /v1/feedback/answer answers as api/customer and
// FeedbackWorkflow do (issue #25), with the contract's words, so the
// browser test's feedback proves the page against the real rules: a
// whole score 0-10 required, a comment within the contract's length, no
// other field, one answer per appointment (the same answer again gets the
// first one's result, a different one the refusal), none before the
// pick-up, and the read shows the answer afterwards.
func TestFakeFeedbackAnswerFollowsTheContract(t *testing.T) {
	f := newFakeAPI(t)
	mux := http.NewServeMux()
	f.register(mux)
	ts := httptest.NewServer(mux)
	defer ts.Close()
	post := func(path string, body map[string]any) (int, string) {
		b, _ := json.Marshal(body)
		res, err := http.Post(ts.URL+path, "application/json", strings.NewReader(string(b)))
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		out, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(out)
	}
	// The fake's refusals are the contract's own words.
	shape := func(a appointment.FeedbackAnswer) string {
		if err := appointment.FeedbackShape(a); err != nil {
			return err.Error()
		}
		return ""
	}
	long := strings.Repeat("é", appointment.MaxFeedbackCommentLen+1)
	for name, tc := range map[string]struct {
		body     map[string]any
		want     string
		contract string
	}{
		"no score":         {map[string]any{"key": "FEEDBACK1", "comment": "x"}, "score: required", ""},
		"score above 10":   {map[string]any{"key": "FEEDBACK1", "score": 11}, "score: must be a whole number between 0 and 10", shape(appointment.FeedbackAnswer{AppointmentID: 1, Score: 11})},
		"score below 0":    {map[string]any{"key": "FEEDBACK1", "score": -1}, "score: must be a whole number between 0 and 10", shape(appointment.FeedbackAnswer{AppointmentID: 1, Score: -1})},
		"half a score":     {map[string]any{"key": "FEEDBACK1", "score": 7.5}, "score: must be a whole number", ""},
		"comment too long": {map[string]any{"key": "FEEDBACK1", "score": 7, "comment": long}, "at most 2000 allowed", shape(appointment.FeedbackAnswer{AppointmentID: 1, Score: 7, Comment: long})},
		"another field":    {map[string]any{"key": "FEEDBACK1", "score": 7, "rating": 7}, "rating: unknown field", ""},
		"before pick-up":   {map[string]any{"key": "REPAIR1", "score": 7}, appointment.FeedbackNotPickedUp, ""},
	} {
		code, body := post("/v1/feedback/answer", tc.body)
		if code != http.StatusOK || !strings.Contains(body, tc.want) {
			t.Errorf("%s: %d %s, want the error %q", name, code, body, tc.want)
		}
		if tc.contract != "" && !strings.Contains(tc.contract, tc.want) {
			t.Errorf("%s: the contract says %q, the fake %q", name, tc.contract, tc.want)
		}
	}
	if fb := f.coms["FEEDBACK1"]["feedback"].(map[string]any); fb["answered_at"] != nil {
		t.Fatalf("a refused answer was recorded: %v", fb)
	}
	if code, body := post("/v1/feedback/answer", map[string]any{"key": "NOT-A-KEY", "score": 7}); code != http.StatusUnauthorized {
		t.Errorf("a wrong key: %d %s", code, body)
	}

	answer := map[string]any{"key": "FEEDBACK1", "communication_key": "FEEDBACK1", "score": 0, "comment": "Waited an hour."}
	code, first := post("/v1/feedback/answer", answer)
	var res appointment.FeedbackResult
	if err := json.Unmarshal([]byte(first), &res); code != http.StatusOK || err != nil || res.Score != 0 || res.Comment != "Waited an hour." || res.AnsweredAt.IsZero() {
		t.Fatalf("the answer: %d %s", code, first)
	}
	if code, again := post("/v1/feedback/answer", answer); code != http.StatusOK || again != first {
		t.Errorf("the same answer again: %d %s, want the first result %s", code, again, first)
	}
	if code, body := post("/v1/feedback/answer", map[string]any{"key": "FEEDBACK1", "score": 10}); code != http.StatusOK ||
		!strings.Contains(body, appointment.FeedbackAlreadyAnswered) {
		t.Errorf("a different answer: %d %s", code, body)
	}
	_, read := post("/v1/communication/read", map[string]any{"key": "FEEDBACK1"})
	var got struct {
		Feedback appointment.FeedbackResult `json:"feedback"`
	}
	if err := json.Unmarshal([]byte(read), &got); err != nil || got.Feedback.Score != 0 || got.Feedback.Comment != "Waited an hour." || got.Feedback.AnsweredAt.IsZero() {
		t.Errorf("the read after the answer: %s", read)
	}
}
