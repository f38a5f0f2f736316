// Package callbacks holds the endpoints outside systems call us back on:
// the message providers' delivery statuses and inbound SMS (Twilio,
// Mailgun), the Carsys work-order push, and the ACSES locker events (with
// the development door simulator). Each is authenticated by its sender's
// signature or credentials, never a staff token. What a callback records is
// written by the domain's store, called once: delivery receipts and opt-outs
// by internal/receiptstore, locker events and booking states by
// internal/lockerevents, work orders by internal/dmsstore (the DMS bulk
// path, which also rewrites a legacy Carsys password hash).
package callbacks

import (
	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/api/httpx"
)

// Handlers serve the callbacks.
type Handlers struct {
	*httpx.Core
	// carsysGuesses limits password guessing at the Carsys push.
	carsysGuesses *httpx.GuessGuard
	// carsysVerified are the Carsys credentials verified recently.
	carsysVerified *credCache
	// acsesRejects caps the refused ACSES deliveries stored.
	acsesRejects rejectCaps
}

// Routes registers the callbacks under v1.
func Routes(core *httpx.Core, v1 *gin.RouterGroup) {
	h := &Handlers{Core: core,
		carsysGuesses:  httpx.NewGuessGuard(CarsysFailuresPerUser, carsysFailuresPerClient, CarsysFailuresPerUser, carsysFailureWindow, carsysHotDelay),
		carsysVerified: newCredCache(carsysCacheTTL, carsysCacheMax)}
	h.notificationRoutes(v1)
	h.carsysRoutes(v1)
	h.acsesRoutes(v1)
}

// firstNonEmpty is the first of vals that is not "".
func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}
