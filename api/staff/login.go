package staff

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/pitstop-dev/pitstop/api/httpx"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/user"
	"github.com/pitstop-dev/pitstop/internal/auth"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/onboard"
	"github.com/pitstop-dev/pitstop/internal/strictjson"
	"github.com/pitstop-dev/pitstop/internal/textcheck"
)

// Staff sign-in. Decisions where the spec is silent: a token lives
// loginTokenTTL (one working day); a wrong e-mail, a wrong password and a
// disabled user get the same 401 so the answer never tells which accounts
// exist. Guessing is limited by a GuessGuard (api/httpx/limits.go): five wrong
// passwords for one e-mail from one client, or twenty from one client within
// fifteen minutes, answer 429 until the window is over; after five for one
// e-mail from anywhere, its checks run one at a time after LoginHotDelay, so
// its owner still signs in from another client.
const (
	loginTokenTTL          = 12 * time.Hour
	LoginFailuresPerEmail  = 5
	loginFailuresPerClient = 20
	loginFailureWindow     = 15 * time.Minute
)

// LoginHotDelay is how long a check of a "hot" e-mail (see above) waits.
var LoginHotDelay = 2 * time.Second

// LoginRequest is the body of POST /v1/auth/login.
type LoginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// LoginResponse is the signed-in user's bearer token and what it carries.
type LoginResponse struct {
	Token       string    `json:"token"`
	ExpiresAt   time.Time `json:"expires_at"`
	UserID      int       `json:"user_id"`
	RoleID      int       `json:"role_id"`
	DealerID    int       `json:"dealer_id"`
	LocationIDs []int     `json:"location_ids"`
}

func (s *Handlers) loginRoutes(v1 *gin.RouterGroup) {
	v1.POST("/auth/login", httpx.Handle(s.login))
}

func (s *Handlers) login(c *gin.Context) error {
	var req LoginRequest
	if err := strictjson.DecodeWith(c.Request.Body, &req, httpx.MaxJSONBody, strictjson.Options{DisallowUnknownFields: true}); err != nil {
		return httpx.Invalid(httpx.InWords(err)...)
	}
	email := strings.ToLower(strings.TrimSpace(req.Email))
	if p := textcheck.Email("email", email); len(p) > 0 {
		return httpx.Invalid(p...)
	}
	if req.Password == "" || len(req.Password) > 4*auth.MaxPasswordLen {
		return httpx.Invalid("password: required")
	}
	ctx := c.Request.Context()
	try, err := s.logins.Begin(ctx, email, c.ClientIP())
	if errors.Is(err, httpx.ErrTooManyGuesses) {
		return httpx.Fail(http.StatusTooManyRequests, "too many failed sign-ins, try again later")
	}
	if err != nil {
		return httpx.Unavailable(err)
	}
	u, err := s.DB.User.Query().Where(user.EmailEqualFold(email)).Only(ctx)
	if err != nil && !ent.IsNotFound(err) {
		try.End(false)
		return httpx.Internal(err)
	}
	if u == nil || u.PasswordHash == "" {
		err = auth.BurnTimeContext(ctx, req.Password)
		if err == nil {
			err = auth.ErrMismatch
		}
	} else {
		err = auth.VerifyPasswordContext(ctx, req.Password, u.PasswordHash)
	}
	if errors.Is(err, auth.ErrBusy) {
		try.End(false) // nothing was checked: not a failure
		return httpx.Fail(http.StatusServiceUnavailable, "too many sign-ins at once, try again in a moment")
	}
	if err != nil || u.Status != enums.UserStatusIDActive {
		try.End(true)
		return httpx.Unauthorized("wrong e-mail or password, or the user is disabled")
	}
	try.End(false)
	now := s.Now()
	tok, err := s.Tokens.MintFor(auth.Subject{UserID: u.ID, DealerID: u.DealerID, LocationIDs: u.LocationIds, RoleID: u.RoleID,
		CredentialVersion: u.CredentialVersion}, loginTokenTTL, now)
	if err != nil {
		return httpx.Internal(err)
	}
	if err := onboard.SignedIn(ctx, s.DB.Client, u.ID, now); err != nil {
		return httpx.Internal(err)
	}
	locs := u.LocationIds
	if locs == nil {
		locs = []int{}
	}
	c.JSON(http.StatusOK, LoginResponse{Token: tok, ExpiresAt: now.Add(loginTokenTTL).UTC(), UserID: u.ID,
		RoleID: int(u.RoleID), DealerID: u.DealerID, LocationIDs: locs})
	return nil
}
