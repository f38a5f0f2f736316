package remotediagfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	rd "github.com/pitstop-dev/pitstop/integrations/remotediag"
)

// problem is the document's error body.
type problem struct {
	Status int    `json:"status"`
	Type   string `json:"type"`
	Title  string `json:"title"`
	Detail string `json:"detail"`
}

func writeProblem(w http.ResponseWriter, status int, typ, title, detail string) {
	writeJSON(w, status, problem{Status: status, Type: typ, Title: title, Detail: detail})
}

func badRequest(w http.ResponseWriter, format string, args ...any) {
	writeProblem(w, http.StatusBadRequest, rd.TypeValidation, "Bad Request", fmt.Sprintf(format, args...))
}

func notFound(w http.ResponseWriter, what string) {
	writeProblem(w, http.StatusNotFound, rd.TypeNotFound, "Not Found", what+" not found")
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// claims of the simulator's access tokens: a generation number lets
// ExpireTokens revoke every token issued so far.
type claims struct {
	Gen int `json:"gen"`
	jwt.RegisteredClaims
}

func (s *Server) issueTokens(connectorUUID string) rd.Tokens {
	s.mu.Lock()
	gen, life := s.tokenGen, s.tokenLifetime
	s.logins++
	s.mu.Unlock()
	now := time.Now()
	sign := func(kind string, d time.Duration) string {
		c := claims{Gen: gen, RegisteredClaims: jwt.RegisteredClaims{
			Subject: connectorUUID, Audience: jwt.ClaimStrings{kind}, ID: randomHex(8),
			IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(d)),
		}}
		t, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(s.secret)
		return t
	}
	return rd.Tokens{IDToken: sign("id", life), AccessToken: sign("access", life), RefreshToken: sign("refresh", 30*24*time.Hour)}
}

// tokenAccount checks an access token and answers the account of the
// connector it was issued for.
func (s *Server) tokenAccount(tok string) (string, bool) {
	var c claims
	_, err := jwt.ParseWithClaims(tok, &c, func(*jwt.Token) (any, error) { return s.secret, nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithAudience("access"), jwt.WithExpirationRequired())
	if err != nil {
		return "", false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	acct := s.accountOfUUIDLocked(c.Subject)
	return acct, c.Gen == s.tokenGen && acct != ""
}

func bearer(r *http.Request) string {
	if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
		return strings.TrimPrefix(h, "Bearer ")
	}
	return r.URL.Query().Get("access_token")
}

// auth checks the bearer token, then applies an injected fault.
func (s *Server) auth(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		acct, ok := s.tokenAccount(bearer(r))
		if !ok {
			writeProblem(w, http.StatusUnauthorized, rd.TypeUnauthorized, "Unauthorized", "missing, invalid or expired access token")
			return
		}
		if code := s.base.TakeFault(); code != 0 {
			writeProblem(w, code, rd.TypeInternal, http.StatusText(code), "injected fault")
			return
		}
		h(w, withAccount(r, acct))
	}
}

// page reads offset and limit with the document's bounds: offset >= 0,
// limit 0..200 (default 20).
func page(w http.ResponseWriter, q url.Values) (offset, limit int, ok bool) {
	limit = DefaultLimit
	if v := q.Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			badRequest(w, "offset must be an integer >= 0, got %q", v)
			return 0, 0, false
		}
		offset = n
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > rd.MaxLimit {
			badRequest(w, "limit must be an integer between 0 and %d, got %q", rd.MaxLimit, v)
			return 0, 0, false
		}
		limit = n
	}
	return offset, limit, true
}

// writePage answers items[offset:offset+limit] in the list envelope,
// checking paging parameters first.
func writePage[T any](w http.ResponseWriter, r *http.Request, items []T) {
	offset, limit, ok := page(w, r.URL.Query())
	if !ok {
		return
	}
	total := len(items)
	lo := min(offset, total)
	hi := min(lo+limit, total)
	out := append([]T{}, items[lo:hi]...)
	writeJSON(w, http.StatusOK, rd.Page[T]{Result: out, Total: total, Offset: offset, Limit: limit})
}

// intParam reads a required (or optional) integer query parameter.
func intParam(w http.ResponseWriter, q url.Values, name string, required bool) (int64, bool) {
	v := q.Get(name)
	if v == "" {
		if required {
			badRequest(w, "%s is required", name)
			return 0, false
		}
		return 0, true
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		badRequest(w, "%s must be a positive integer, got %q", name, v)
		return 0, false
	}
	return n, true
}

func pathInt(w http.ResponseWriter, r *http.Request, name string) (int64, bool) {
	n, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || n <= 0 {
		badRequest(w, "%s must be a positive integer", name)
		return 0, false
	}
	return n, true
}

func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(v); err != nil {
		badRequest(w, "body is not valid JSON: %v", err)
		return false
	}
	return true
}

const timeLayout = "2006-01-02T15:04:05-07:00" // the document's "2021-09-08T10:03:29+00:00"

func stamp(t time.Time) string { return t.UTC().Format(timeLayout) }
