// Package errtypes is the one set of application error types that
// activities raise and workflows and the API recognise. They travel through
// Temporal as strings, so both sides must spell them the same. It imports
// no database code: ent's not-found is classified next to the store
// (store.WrapNotFound), PostgreSQL's refusals in the worker's interceptor.
package errtypes

import (
	"fmt"

	"go.temporal.io/sdk/temporal"
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
