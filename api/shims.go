package api

// Until every caller's handlers live in their own package over api/httpx,
// the ones still here reach httpx through these names.

import (
	"context"
	"net/url"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/pitstop-dev/pitstop/api/commread"
	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/internal/keylocker"
)

type ErrorBody = httpx.ErrorBody

type (
	failureLimiter = httpx.FailureLimiter
	guessGuard     = httpx.GuessGuard
	permission     = httpx.Permission
)

const (
	errClosed             = httpx.ErrClosed
	permAppointmentsRead  = httpx.PermAppointmentsRead
	permAppointmentsWrite = httpx.PermAppointmentsWrite
	permDesk              = httpx.PermDesk
	permAdminDealer       = httpx.PermAdminDealer
	permAdminPlatform     = httpx.PermAdminPlatform
	permAdminDelete       = httpx.PermAdminDelete
)

var (
	errTooManyGuesses = httpx.ErrTooManyGuesses
	newFailureLimiter = httpx.NewFailureLimiter
	newGuessGuard     = httpx.NewGuessGuard
	storableText      = httpx.StorableText
	roleMay           = httpx.RoleMay
	platformRole      = httpx.PlatformRole
	allPermissions    = httpx.AllPermissions
	rolePermissions   = httpx.RolePermissions
)

func updateContext(c *gin.Context) (context.Context, context.CancelFunc) {
	return httpx.UpdateContext(c)
}

func ok(c *gin.Context, err error) bool {
	httpx.Write(c, err)
	return err == nil
}

func invalid(c *gin.Context, problems ...string)  { httpx.Write(c, httpx.Invalid(problems...)) }
func fail(c *gin.Context, status int, msg string) { httpx.Write(c, httpx.Fail(status, msg)) }
func unauthorized(c *gin.Context, msg string)     { httpx.Write(c, httpx.Unauthorized(msg)) }
func internal(c *gin.Context, err error)          { httpx.Write(c, httpx.Internal(err)) }
func unavailable(c *gin.Context, err error)       { httpx.Write(c, httpx.Unavailable(err)) }

func bindJSON(c *gin.Context, v any) bool { return ok(c, httpx.Decode(c, v)) }

func (s *Server) update(c *gin.Context, appointmentID int, name string, arg, out any) bool {
	return ok(c, httpx.Update(c, s.Temporal, appointmentID, name, arg, out))
}

func (s *Server) updateOnce(c *gin.Context, appointmentID int, updateID, name string, arg, out any) bool {
	return ok(c, httpx.UpdateOnce(c, s.Temporal, appointmentID, updateID, name, arg, out))
}

func (s *Server) signal(c *gin.Context, appointmentID int, name string, arg any) bool {
	return ok(c, httpx.Signal(c, s.Temporal, appointmentID, name, arg))
}

func (s *Server) temporalOutcome(c *gin.Context, err error) bool { return ok(c, httpx.Outcome(err)) }

func (s *Server) reader() *commread.Reader { return commread.NewReader(s.Deps) }

func (s *Server) document(ctx context.Context, com *ent.CustomerCommunication) ([]byte, error) {
	return s.reader().Document(ctx, com)
}
func (s *Server) signDocument(doc []byte) []byte { return s.reader().SignDocument(doc) }
func (s *Server) receptionistKey(com *ent.CustomerCommunication) string {
	return s.reader().ReceptionistKey(com)
}
func (s *Server) locationSettings(ctx context.Context, id int) (*ent.DealerLocation, *ent.CommunicationSetting, error) {
	return s.reader().LocationSettings(ctx, id)
}
func (s *Server) attachmentQuery(id string) string { return s.reader().AttachmentQuery(id) }
func (s *Server) attachmentSigned(id string, q url.Values) (bool, bool) {
	return s.reader().AttachmentSigned(id, q)
}
func (s *Server) attachmentURL(id uuid.UUID, name string) string {
	return s.reader().AttachmentURL(id, name)
}

var (
	readBody         = commread.ReadBody
	mandatoryProblem = commread.MandatoryProblem
	kindHidesPrice   = commread.KindHidesPrice
	openedStatus     = commread.OpenedStatus
	assembleDocument = commread.Assemble
	mapFields        = commread.MapFields
)

const AttachmentKeyHeader = commread.AttachmentKeyHeader

// acsesAvailable is the customer check-in's question to the ACSES vendor
// (internal/keylocker), which lived beside the staff's locker handlers.
func (s *Server) acsesAvailable(ctx context.Context, locationID int) bool {
	return keylocker.ACSESAvailable(ctx, s.DB.Client, s.ACSES, s.Log, locationID)
}
