package payloadcodec

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"go.temporal.io/sdk/converter"
)

// DefaultMaxBodyBytes bounds one /encode or /decode request body: Temporal
// refuses payloads over 2 MiB by default, and a request holds a few.
const DefaultMaxBodyBytes = 8 << 20

// HandlerOptions configures NewHTTPHandler.
type HandlerOptions struct {
	// Token is the bearer token callers must send ("Authorization: Bearer
	// <Token>"); at least 16 characters.
	Token string
	// AllowedOrigin is the one browser origin (scheme://host[:port], e.g. the
	// Temporal UI at http://127.0.0.1:8233) allowed to call cross-origin.
	AllowedOrigin string
	// MaxBodyBytes bounds the request body; 0 means DefaultMaxBodyBytes.
	MaxBodyBytes int64
}

// CORS values sent to the allowed origin. The Temporal UI posts JSON with
// X-Namespace, and Authorization when it passes a token.
const (
	corsAllowMethods = "POST, OPTIONS"
	corsAllowHeaders = "Content-Type, X-Namespace, Authorization"
	corsMaxAge       = "600"
)

// NewHTTPHandler serves the Temporal codec protocol (POST .../encode and
// .../decode, as converter.NewPayloadCodecHTTPHandler) for the Temporal UI and
// CLI (`--codec-endpoint URL --codec-auth "Bearer TOKEN"`), behind:
//
//   - CORS for exactly one origin: a preflight (OPTIONS with
//     Access-Control-Request-Method) from it gets 204 and the allow headers;
//     any request carrying another Origin gets 403, so a foreign page cannot
//     even make the server decrypt. Requests without Origin (CLI, curl) are
//     not browser requests and only need the token.
//   - bearer-token auth compared in constant time; 401 otherwise. A preflight
//     carries no credentials by design, so it is answered without the token.
//   - a body size limit.
func NewHTTPHandler(codec converter.PayloadCodec, opts HandlerOptions) (http.Handler, error) {
	if len(opts.Token) < 16 {
		return nil, errors.New("payloadcodec: codec server token must be at least 16 characters")
	}
	origin, err := canonicalOrigin(opts.AllowedOrigin)
	if err != nil {
		return nil, err
	}
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = DefaultMaxBodyBytes
	}
	want := sha256.Sum256([]byte(opts.Token))
	return &httpHandler{
		inner:     converter.NewPayloadCodecHTTPHandler(codec),
		origin:    origin,
		tokenHash: want,
		maxBody:   opts.MaxBodyBytes,
	}, nil
}

// canonicalOrigin checks that o is scheme://host[:port] with nothing else,
// as browsers send it in the Origin header.
func canonicalOrigin(o string) (string, error) {
	u, err := url.Parse(o)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", errors.New("payloadcodec: allowed origin must be scheme://host[:port], e.g. http://127.0.0.1:8233")
	}
	return strings.ToLower(u.Scheme) + "://" + strings.ToLower(u.Host), nil
}

type httpHandler struct {
	inner     http.Handler
	origin    string
	tokenHash [sha256.Size]byte
	maxBody   int64
}

func (h *httpHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if o := r.Header.Get("Origin"); o != "" {
		if o != h.origin {
			http.Error(w, "origin not allowed", http.StatusForbidden)
			return
		}
		hd := w.Header()
		hd.Set("Access-Control-Allow-Origin", h.origin)
		hd.Set("Access-Control-Allow-Credentials", "true")
		hd.Add("Vary", "Origin")
		if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
			hd.Set("Access-Control-Allow-Methods", corsAllowMethods)
			hd.Set("Access-Control-Allow-Headers", corsAllowHeaders)
			hd.Set("Access-Control-Max-Age", corsMaxAge)
			w.WriteHeader(http.StatusNoContent)
			return
		}
	}
	if !h.authorized(r) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="pitstop-codec"`)
		http.Error(w, "missing or wrong bearer token", http.StatusUnauthorized)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, h.maxBody)
	h.inner.ServeHTTP(w, r)
}

// authorized compares SHA-256 digests in constant time, so neither the
// content nor the length of the configured token leaks through timing.
func (h *httpHandler) authorized(r *http.Request) bool {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return false
	}
	got := sha256.Sum256([]byte(strings.TrimSpace(token)))
	return subtle.ConstantTimeCompare(got[:], h.tokenHash[:]) == 1
}
