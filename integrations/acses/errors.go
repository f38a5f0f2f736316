package acses

import (
	"errors"
	"fmt"
	"net/http"
)

// Sentinels for errors.Is. An *APIError matches the one its code names.
var (
	// ErrUnavailable: the vendor did not answer in time, could not be
	// reached, or answered 5xx. Retrying later may help; callers on a
	// customer's page should treat the locker as not available.
	ErrUnavailable = errors.New("acses: vendor unavailable")
	// ErrNoFreeCell: every cell of the locker system is taken.
	ErrNoFreeCell = errors.New("acses: no free cell")
	// ErrNotFound: unknown locker system, cell or booking.
	ErrNotFound = errors.New("acses: not found")
	// ErrUnauthorized: the API key was refused.
	ErrUnauthorized = errors.New("acses: unauthorized")
	// ErrCellOccupied: a move asked for a cell held by another booking.
	ErrCellOccupied = errors.New("acses: cell occupied")
	// ErrInvalidState: the booking's state forbids the change (e.g.
	// cancelling a used booking, or moving a key that is in its cell).
	ErrInvalidState = errors.New("acses: booking state forbids this")
	// ErrKeyReused: a booking key came back with a different request.
	ErrKeyReused = errors.New("acses: booking key reused with a different request")
	// ErrInvalidRequest: the vendor refused the request's fields.
	ErrInvalidRequest = errors.New("acses: invalid request")
)

// Error codes of the vendor's error body (PROTOCOL.md).
const (
	CodeInvalidRequest = "invalid_request"
	CodeUnauthorized   = "unauthorized"
	CodeNotFound       = "not_found"
	CodeNoFreeCell     = "no_free_cell"
	CodeCellOccupied   = "cell_occupied"
	CodeInvalidState   = "invalid_state"
	CodeKeyReused      = "idempotency_key_reused"
	CodeUnavailable    = "unavailable"
)

var codeErrors = map[string]error{
	CodeInvalidRequest: ErrInvalidRequest,
	CodeUnauthorized:   ErrUnauthorized,
	CodeNotFound:       ErrNotFound,
	CodeNoFreeCell:     ErrNoFreeCell,
	CodeCellOccupied:   ErrCellOccupied,
	CodeInvalidState:   ErrInvalidState,
	CodeKeyReused:      ErrKeyReused,
}

// APIError is a non-2xx reply from the vendor.
type APIError struct {
	StatusCode int
	Code       string // "" when the body was not the vendor's JSON (e.g. a proxy's 503 page)
	Message    string
}

func (e *APIError) Error() string {
	if e.Code == "" {
		return fmt.Sprintf("acses: vendor replied %d", e.StatusCode)
	}
	return fmt.Sprintf("acses: vendor replied %d %s: %s", e.StatusCode, e.Code, e.Message)
}

// Is maps the reply to a sentinel: by code, and any 5xx to ErrUnavailable
// (a load balancer's 503 has no vendor code at all).
func (e *APIError) Is(target error) bool {
	if target == ErrUnavailable {
		return e.StatusCode >= 500 || e.Code == CodeUnavailable
	}
	if s, ok := codeErrors[e.Code]; ok && s == target {
		return true
	}
	// Without a code, fall back on the status.
	switch e.StatusCode {
	case http.StatusUnauthorized:
		return target == ErrUnauthorized
	case http.StatusNotFound:
		return target == ErrNotFound
	}
	return false
}

// inputError marks requests refused before calling the vendor.
type inputError string

func (e inputError) Error() string { return string(e) }

func (e inputError) Is(target error) bool { return target == ErrInvalidRequest }

// IsPermanent reports whether retrying err cannot help: the vendor refused
// the request with a 4xx other than 408/429 (no free cell is permanent for
// this request; a workflow may book again later with a new key), or it was
// refused locally. Unavailability, 408, 429 and cancelled contexts are not.
func IsPermanent(err error) bool {
	if err == nil || errors.Is(err, ErrUnavailable) {
		return false
	}
	var in inputError
	if errors.As(err, &in) {
		return true
	}
	var ae *APIError
	if errors.As(err, &ae) {
		s := ae.StatusCode
		return s >= 400 && s < 500 && s != http.StatusRequestTimeout && s != http.StatusTooManyRequests
	}
	return false
}
