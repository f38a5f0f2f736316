package remotediag

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"regexp"
)

// APIError is an error reply of the provider, read as the document's error
// body {status, type, title, detail}. HTTPStatus is the reply's status line
// (Status is what the body says, 0 when the body was not JSON).
type APIError struct {
	HTTPStatus int    `json:"-"`
	Status     int    `json:"status"`
	Type       string `json:"type"`
	Title      string `json:"title"`
	Detail     string `json:"detail"`
	Method     string `json:"-"`
	Path       string `json:"-"`
}

func (e *APIError) Error() string {
	msg := e.Title
	if e.Detail != "" {
		if msg != "" {
			msg += ": "
		}
		msg += e.Detail
	}
	if msg == "" {
		msg = http.StatusText(e.HTTPStatus)
	}
	return fmt.Sprintf("remotediag: %s %s: %d %s", e.Method, e.Path, e.HTTPStatus, msg)
}

// Problem types the simulator uses in "type" (the document lists none).
// Helpers branch on HTTP status first, so they keep working with the real
// provider's own type strings.
const (
	TypeValidation          = "validation_error"
	TypeUnauthorized        = "unauthorized"
	TypeNotFound            = "not_found"
	TypeConnectorBusy       = "connector_busy"
	TypeConnectorOffline    = "connector_offline"
	TypeServiceCenterClosed = "service_center_closed"
	TypeInvalidVoucher      = "invalid_voucher"
	TypeInternal            = "internal_error"
)

// ErrInvalidInput is wrapped by every check the client makes before
// calling the provider (errors.Is(err, ErrInvalidInput)).
var ErrInvalidInput = errors.New("remotediag: invalid input")

// ErrSessionExpired means the access token expired and cannot be renewed:
// the session was opened with a one-time password, or no credentials were
// configured. Log in again.
var ErrSessionExpired = errors.New("remotediag: session expired and cannot be renewed without credentials")

// InputError is a request refused by the client before calling.
type InputError struct {
	Field  string
	Reason string
}

func (e *InputError) Error() string {
	return fmt.Sprintf("remotediag: invalid %s: %s", e.Field, e.Reason)
}

// Unwrap makes errors.Is(err, ErrInvalidInput) true.
func (e *InputError) Unwrap() error { return ErrInvalidInput }

func invalid(field, format string, args ...any) error {
	return &InputError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

// AsAPIError returns the provider's error carried by err, if any.
func AsAPIError(err error) (*APIError, bool) {
	var ae *APIError
	ok := errors.As(err, &ae)
	return ae, ok
}

func httpStatusIs(err error, status int) bool {
	ae, ok := AsAPIError(err)
	return ok && ae.HTTPStatus == status
}

// IsNotFound: the provider answered 404.
func IsNotFound(err error) bool { return httpStatusIs(err, http.StatusNotFound) }

// IsConflict: the provider answered 409, e.g. a second pending ticket on a
// connector.
func IsConflict(err error) bool { return httpStatusIs(err, http.StatusConflict) }

// IsUnauthorized: the provider answered 401 even after logging in again.
func IsUnauthorized(err error) bool { return httpStatusIs(err, http.StatusUnauthorized) }

// IsBadRequest: the provider refused the request as malformed (400 or 422).
func IsBadRequest(err error) bool {
	return httpStatusIs(err, http.StatusBadRequest) || httpStatusIs(err, http.StatusUnprocessableEntity)
}

// IsUnavailable: the provider is down or not accepting work now (503,
// including a closed service center).
func IsUnavailable(err error) bool { return httpStatusIs(err, http.StatusServiceUnavailable) }

// IsServiceCenterClosed: ticket creation refused because the service center
// is closed (a 503 whose type says so).
func IsServiceCenterClosed(err error) bool {
	ae, ok := AsAPIError(err)
	return ok && ae.HTTPStatus == http.StatusServiceUnavailable && ae.Type == TypeServiceCenterClosed
}

// IsConnectorOffline: ticket creation refused because the connector is not
// online (a 422 whose type says so).
func IsConnectorOffline(err error) bool {
	ae, ok := AsAPIError(err)
	return ok && ae.Type == TypeConnectorOffline
}

// IsInvalidInput: refused by the client's own checks before calling.
func IsInvalidInput(err error) bool { return errors.Is(err, ErrInvalidInput) }

// IsRetryable reports whether the same call may succeed later: 5xx, 408,
// 429, network errors and timeouts of a single attempt. Client-side input
// errors, other 4xx and a cancelled caller context are not retryable.
func IsRetryable(err error) bool {
	if err == nil || IsInvalidInput(err) || errors.Is(err, context.Canceled) || errors.Is(err, ErrSessionExpired) {
		return false
	}
	if ae, ok := AsAPIError(err); ok {
		s := ae.HTTPStatus
		return s >= 500 || s == http.StatusRequestTimeout || s == http.StatusTooManyRequests
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	return errors.Is(err, context.DeadlineExceeded)
}

var vinRE = regexp.MustCompile(`^[a-zA-Z0-9]{17}$`)

// ValidateVIN applies the document's VIN rule: exactly 17 letters or digits.
func ValidateVIN(vin string) error {
	if !vinRE.MatchString(vin) {
		return invalid("vin", "%q must be 17 letters or digits", vin)
	}
	return nil
}

func validatePage(p PageParams) error {
	if p.Offset < 0 {
		return invalid("offset", "%d must be >= 0", p.Offset)
	}
	if p.Limit < 0 || p.Limit > MaxLimit {
		return invalid("limit", "%d must be between 0 and %d", p.Limit, MaxLimit)
	}
	return nil
}

func positive(field string, v int64) error {
	if v <= 0 {
		return invalid(field, "%d must be a positive id", v)
	}
	return nil
}
