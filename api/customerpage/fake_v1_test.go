package customerpage

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// The fake's POST /v1/diagnose_overview/answer takes what the spec
// describes and refuses the rest, so the browser test's v1 answer proves
// the page follows the spec: every result read, each with status 2, 3 or 4,
// the spec's fields only, a customer name.
func TestFakeDiagnoseV1AnswerFollowsTheSpec(t *testing.T) {
	f := newFakeAPI(t)
	mux := http.NewServeMux()
	f.register(mux)
	ts := httptest.NewServer(mux)
	defer ts.Close()
	post := func(body map[string]any) (int, string) {
		b, _ := json.Marshal(body)
		res, err := http.Post(ts.URL+"/v1/diagnose_overview/answer", "application/json", strings.NewReader(string(b)))
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		out, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(out)
	}
	read := func() []any {
		var rs []any
		b, _ := json.Marshal(f.coms["INSPBAD"]["diagnose_overview_results"])
		_ = json.Unmarshal(b, &rs)
		return rs
	}
	answered := func(statuses ...float64) []any {
		rs := read()
		for i, st := range statuses {
			rs[i].(map[string]any)["status"] = st
		}
		return rs[:len(statuses)]
	}
	base := func(results []any) map[string]any {
		return map[string]any{"key": "INSPBAD", "results": results, "remarks": []any{}, "correct_phone": "", "correct_email": "",
			"agreement_ids": []int{55}, "customer_name": "Jamie"}
	}
	for name, tc := range map[string]struct {
		body map[string]any
		want string
	}{
		"v2's interventions":  {func() map[string]any { b := base(answered(2, 3, 4)); b["interventions"] = []any{}; return b }(), "interventions: unknown field"},
		"a result unanswered": {base(answered(2, 1, 4)), "results[1].status: must be 2, 3 or 4"},
		"a result left out":   {base(answered(2, 3)), "results: every result must be answered"},
		"a result not read":   {base(append(answered(2, 3), map[string]any{"question_result_id": 999.0, "status": 2.0})), "results[2]: not a result of this communication"},
		"a result changed":    {func() map[string]any { rs := answered(2, 3, 4); rs[0].(map[string]any)["price"] = 1.0; return base(rs) }(), "results[0]: not the result as read"},
		"no name":             {func() map[string]any { b := base(answered(2, 3, 4)); b["customer_name"] = " "; return b }(), "customer_name: required"},
		"no results":          {base(nil), "results: required"},
	} {
		code, body := post(tc.body)
		if code != http.StatusOK || !strings.Contains(body, tc.want) {
			t.Errorf("%s: %d %s, want the error %q", name, code, body, tc.want)
		}
	}
	if s := status(f.coms["INSPBAD"]); s != 6 {
		t.Fatalf("a refused answer changed the status to %d", s)
	}
	code, body := post(base(answered(2, 3, 4)))
	if code != http.StatusOK || body != "" {
		t.Fatalf("the spec's answer: %d %q", code, body)
	}
	if s := status(f.coms["INSPBAD"]); s != 7 {
		t.Errorf("status %d after the answer, want 7", s)
	}
	for i, r := range read() {
		if got, want := r.(map[string]any)["status"], []float64{2, 3, 4}[i]; got != want {
			t.Errorf("result %d stored status %v, want %v", i, got, want)
		}
	}
	if code, body := post(base(answered(2, 3, 4))); code != http.StatusOK || !strings.Contains(body, "no open diagnose overview") {
		t.Errorf("a second answer: %d %s", code, body)
	}
}
