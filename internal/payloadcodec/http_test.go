package payloadcodec

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/converter"
	"google.golang.org/protobuf/encoding/protojson"
)

const (
	testToken  = "codec-token-0123456789"
	uiOrigin   = "http://127.0.0.1:8233"
	evilOrigin = "http://evil.example"
)

func newTestHandler(t *testing.T) (http.Handler, *Codec) {
	t.Helper()
	c := NewCodec(mustKeyring(t, "k1:"+key(1)))
	h, err := NewHTTPHandler(c, HandlerOptions{Token: testToken, AllowedOrigin: uiOrigin, MaxBodyBytes: 1 << 16})
	if err != nil {
		t.Fatal(err)
	}
	return h, c
}

// encryptedBody is a /decode request as the UI sends it.
func encryptedBody(t *testing.T) []byte {
	t.Helper()
	ps, err := NewDataConverter(mustKeyring(t, "k1:"+key(1))).ToPayloads(checkIn{PIN: secretPIN})
	if err != nil {
		t.Fatal(err)
	}
	b, err := protojson.Marshal(ps)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func do(h http.Handler, method, path string, body []byte, hdr map[string]string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, path, bytes.NewReader(body))
	for k, v := range hdr {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestNewHTTPHandlerOptions(t *testing.T) {
	c := NewCodec(mustKeyring(t, "k1:"+key(1)))
	for _, o := range []HandlerOptions{
		{Token: "short", AllowedOrigin: uiOrigin},
		{Token: testToken, AllowedOrigin: ""},
		{Token: testToken, AllowedOrigin: "*"},
		{Token: testToken, AllowedOrigin: "http://127.0.0.1:8233/path"},
		{Token: testToken, AllowedOrigin: "ftp://127.0.0.1"},
	} {
		if _, err := NewHTTPHandler(c, o); err == nil {
			t.Errorf("options %+v accepted", o)
		}
	}
	// trailing slash and case are normalised to what browsers send
	h, err := NewHTTPHandler(c, HandlerOptions{Token: testToken, AllowedOrigin: "HTTP://127.0.0.1:8233/"})
	if err != nil {
		t.Fatal(err)
	}
	if w := do(h, http.MethodOptions, "/decode", nil, map[string]string{"Origin": uiOrigin, "Access-Control-Request-Method": "POST"}); w.Code != http.StatusNoContent {
		t.Fatalf("preflight after normalising: %d", w.Code)
	}
}

func TestHTTPDecodeWithToken(t *testing.T) {
	h, _ := newTestHandler(t)
	w := do(h, http.MethodPost, "/codec/decode", encryptedBody(t), map[string]string{
		"Authorization": "Bearer " + testToken, "Content-Type": "application/json", "X-Namespace": "default", "Origin": uiOrigin,
	})
	if w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	if got := w.Header().Get("Access-Control-Allow-Origin"); got != uiOrigin {
		t.Fatalf("Allow-Origin %q", got)
	}
	var ps commonpb.Payloads
	if err := protojson.Unmarshal(w.Body.Bytes(), &ps); err != nil {
		t.Fatal(err)
	}
	var got checkIn
	if err := converter.GetDefaultDataConverter().FromPayloads(&ps, &got); err != nil || got.PIN != secretPIN {
		t.Fatalf("decoded %+v, %v", got, err)
	}

	// and /encode gives back something /decode reads
	plain, _ := converter.GetDefaultDataConverter().ToPayloads("hello")
	body, _ := protojson.Marshal(plain)
	w = do(h, http.MethodPost, "/encode", body, map[string]string{"Authorization": "bearer " + testToken})
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "YmluYXJ5L2VuY3J5cHRlZA") { // base64("binary/encrypted")
		t.Fatalf("encode: %d %s", w.Code, w.Body)
	}
}

func TestHTTPRefusesWithoutToken(t *testing.T) {
	h, _ := newTestHandler(t)
	for name, auth := range map[string]string{
		"none":         "",
		"wrong":        "Bearer codec-token-0123456788",
		"prefix":       "Bearer " + testToken[:10],
		"longer":       "Bearer " + testToken + "x",
		"basic scheme": "Basic " + testToken,
		"no scheme":    testToken,
	} {
		t.Run(name, func(t *testing.T) {
			w := do(h, http.MethodPost, "/decode", encryptedBody(t), map[string]string{"Authorization": auth})
			if w.Code != http.StatusUnauthorized {
				t.Fatalf("status %d", w.Code)
			}
			if strings.Contains(w.Body.String(), secretPIN) {
				t.Fatal("PIN in 401 body")
			}
			if w.Header().Get("WWW-Authenticate") == "" {
				t.Fatal("no WWW-Authenticate")
			}
		})
	}
}

func TestHTTPCORSPreflight(t *testing.T) {
	h, _ := newTestHandler(t)
	preflight := map[string]string{
		"Origin":                         uiOrigin,
		"Access-Control-Request-Method":  "POST",
		"Access-Control-Request-Headers": "authorization,content-type,x-namespace",
	}
	w := do(h, http.MethodOptions, "/decode", nil, preflight) // no token: preflights carry none
	if w.Code != http.StatusNoContent {
		t.Fatalf("preflight status %d", w.Code)
	}
	hd := w.Header()
	if hd.Get("Access-Control-Allow-Origin") != uiOrigin || hd.Get("Access-Control-Allow-Credentials") != "true" ||
		!strings.Contains(hd.Get("Access-Control-Allow-Methods"), "POST") {
		t.Fatalf("preflight headers %v", hd)
	}
	allowed := strings.ToLower(hd.Get("Access-Control-Allow-Headers"))
	for _, want := range []string{"content-type", "x-namespace", "authorization"} {
		if !strings.Contains(allowed, want) {
			t.Errorf("Allow-Headers %q lacks %s", allowed, want)
		}
	}
	if !strings.Contains(strings.Join(hd.Values("Vary"), ","), "Origin") {
		t.Error("no Vary: Origin")
	}

	// a foreign origin gets neither the preflight nor the call, even with the token
	preflight["Origin"] = evilOrigin
	w = do(h, http.MethodOptions, "/decode", nil, preflight)
	if w.Code != http.StatusForbidden || w.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Fatalf("foreign preflight: %d %v", w.Code, w.Header())
	}
	w = do(h, http.MethodPost, "/decode", encryptedBody(t), map[string]string{"Origin": evilOrigin, "Authorization": "Bearer " + testToken})
	if w.Code != http.StatusForbidden || w.Header().Get("Access-Control-Allow-Origin") != "" || strings.Contains(w.Body.String(), secretPIN) {
		t.Fatalf("foreign POST: %d %v %s", w.Code, w.Header(), w.Body)
	}
	// an OPTIONS that is not a preflight still needs the token
	w = do(h, http.MethodOptions, "/decode", nil, map[string]string{"Origin": uiOrigin})
	if w.Code != http.StatusUnauthorized {
		t.Fatalf("bare OPTIONS: %d", w.Code)
	}
}

func TestHTTPBodyLimitAndErrors(t *testing.T) {
	h, _ := newTestHandler(t)
	auth := map[string]string{"Authorization": "Bearer " + testToken}
	big := bytes.Repeat([]byte("a"), 1<<17)
	if w := do(h, http.MethodPost, "/decode", big, auth); w.Code != http.StatusBadRequest {
		t.Fatalf("oversized body: %d", w.Code)
	}
	if w := do(h, http.MethodGet, "/decode", nil, auth); w.Code != http.StatusNotFound {
		t.Fatalf("GET: %d", w.Code)
	}
	if w := do(h, http.MethodPost, "/other", []byte(`{}`), auth); w.Code != http.StatusNotFound {
		t.Fatalf("other path: %d", w.Code)
	}
	// a payload under a key this server lacks: 400 with a clear reason
	other, _ := NewDataConverter(mustKeyring(t, "k7:"+key(7))).ToPayloads("x")
	body, _ := protojson.Marshal(other)
	w := do(h, http.MethodPost, "/decode", body, auth)
	msg, _ := io.ReadAll(w.Body)
	if w.Code != http.StatusBadRequest || !strings.Contains(string(msg), `unknown encryption key id "k7"`) {
		t.Fatalf("unknown key: %d %s", w.Code, msg)
	}
}
