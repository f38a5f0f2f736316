// Package errtypes is the one set of application error types that
// activities raise and workflows and the API recognise. They travel through
// Temporal as strings, so both sides must spell them the same.
package errtypes

import (
	"errors"
	"fmt"

	"go.temporal.io/sdk/temporal"

	"github.com/lib/pq"
	"github.com/pitstop-dev/pitstop/ent"
)

const (
	// Validation: the input breaks a rule; the details list the problems.
	Validation = "ValidationError"
	// Rejected: the input is well formed but the state refuses it (for
	// example an overview that was already answered).
	Rejected = "Rejected"
	// NotFound: a row the activity needs does not exist; retrying will not
	// make it appear.
	NotFound = "NotFound"
	// Unstorable: a value the database refuses (e.g. a NUL byte on
	// PostgreSQL); retrying the same value fails the same way.
	Unstorable = "Unstorable"
)

// NonRetryable lists the types an activity retry policy must not retry.
var NonRetryable = []string{Validation, NotFound, Unstorable}

// NewNotFound is final: retrying will not make a missing row appear.
func NewNotFound(what string, id int) error {
	return temporal.NewNonRetryableApplicationError(fmt.Sprintf("%s %d not found", what, id), NotFound, nil)
}

// WrapNotFound maps ent's not-found to the non-retryable error.
func WrapNotFound(err error, what string, id int) error {
	if err == nil {
		return nil
	}
	var nf *ent.NotFoundError
	if errors.As(err, &nf) {
		return NewNotFound(what, id)
	}
	return fmt.Errorf("%s %d: %w", what, id, err)
}

// unstorableCodes are PostgreSQL's refusals of a value itself (SQLSTATE):
// a NUL byte or invalid UTF-8 (22021), an untranslatable character (22P05),
// a value too long for its column (22001). The same value fails again on
// every retry.
var unstorableCodes = map[string]bool{"22021": true, "22P05": true, "22001": true}

// Final turns an error that retrying cannot fix into a non-retryable one
// (type Unstorable), so a bad value fails its activity at once instead of
// retrying forever and holding the workflow. Other errors pass unchanged.
func Final(err error) error {
	var pqErr *pq.Error
	if err == nil || !errors.As(err, &pqErr) || !unstorableCodes[string(pqErr.Code)] {
		return err
	}
	var app *temporal.ApplicationError
	if errors.As(err, &app) {
		return err
	}
	return temporal.NewNonRetryableApplicationError("the database refuses this value: "+pqErr.Message, Unstorable, err)
}
