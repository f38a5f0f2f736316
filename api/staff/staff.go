// Package staff is the receptionists', mechanics' and on-site devices' API
// (bearer tokens, roles in api/httpx): sign-in, appointments and their
// sends, desk check-ins, the key locker device, locker pick-ups and the
// ACSES event history, DMS imports and remote-diagnose tickets. Handlers
// decode, authorize, send one workflow message or do one read, and encode.
package staff

import (
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/contracts/kiosk"
)

// Handlers serve the staff routes.
type Handlers struct {
	*httpx.Core
	// logins limits password guessing at sign-in (login.go).
	logins *httpx.GuessGuard
	// pinGuesses counts PIN requests at a key locker that matched nothing.
	pinGuesses *httpx.FailureLimiter
	// kioskGuesses counts wrong proofs at a kiosk per kiosk account and
	// plate, and wrong kiosk codes per kiosk account (kiosk.go).
	kioskGuesses *httpx.FailureLimiter
}

// New builds the staff handlers over core.
func New(core *httpx.Core) *Handlers {
	return &Handlers{Core: core,
		logins: httpx.NewGuessGuard(LoginFailuresPerEmail, loginFailuresPerClient, LoginFailuresPerEmail, loginFailureWindow,
			LoginHotDelay),
		pinGuesses:   httpx.NewFailureLimiter(pinGuessesPerMinute, time.Minute),
		kioskGuesses: httpx.NewFailureLimiter(kiosk.MaxWrongVerifications, kiosk.VerificationWindow)}
}

// Routes registers the staff routes: sign-in and the key locker device
// under v1, the rest under staff (signed-in staff).
func (s *Handlers) Routes(v1, staff *gin.RouterGroup) {
	s.loginRoutes(v1)
	s.appointmentRoutes(staff)
	s.dmsImportRoutes(staff)
	s.ticketRoutes(staff)
	s.acsesRoutes(staff)
	s.keyLockerDeviceRoutes(staff)
	s.kioskRoutes(staff)
	s.taskRoutes(staff)
	s.messageRoutes(staff)
}

// Pages of the staff lists (the same bounds as api.MaxPageSize and api.MaxPage).
const (
	maxPageSize = 200
	maxPage     = 100_000
)
