package incadea

import (
	"errors"
	"fmt"
	"net/http"
)

// Sentinels to test with errors.Is against any error the Client returns.
var (
	// ErrNotFound: no such work order (404).
	ErrNotFound = errors.New("incadea: not found")
	// ErrUnauthorized: the API key was refused (401/403); retrying will not help.
	ErrUnauthorized = errors.New("incadea: unauthorized")
	// ErrUnavailable: Incadea could not answer now (network error, timeout,
	// 5xx, 408, 429, unreadable reply); retry later.
	ErrUnavailable = errors.New("incadea: unavailable")
	// ErrMileageLower: the write-back was lower than Incadea's mileage.
	ErrMileageLower = errors.New("incadea: mileage lower than the DMS's")
)

// Error is every error the Client returns. Retryable separates "try again
// later" (ErrUnavailable) from final errors.
type Error struct {
	Op        string // "search", "get", "changes", "write mileage"
	Status    int    // HTTP status, 0 when no reply came
	Code      string // APIError code when the API gave one
	Message   string
	Retryable bool
	Err       error // the transport error, if any
}

func (e *Error) Error() string {
	s := "incadea: " + e.Op
	if e.Status != 0 {
		s += fmt.Sprintf(": HTTP %d", e.Status)
	}
	if e.Code != "" {
		s += " " + e.Code
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrNotFound) and the other sentinels work.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.Status == http.StatusNotFound
	case ErrUnauthorized:
		return e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden
	case ErrUnavailable:
		return e.Retryable
	case ErrMileageLower:
		return e.Code == CodeMileageLower
	}
	return false
}

// IsRetryable reports whether trying the same call again later may succeed.
func IsRetryable(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Retryable
}

func retryableStatus(s int) bool {
	return s >= 500 || s == http.StatusRequestTimeout || s == http.StatusTooManyRequests
}
