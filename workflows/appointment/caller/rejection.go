package caller

import (
	"errors"

	"go.temporal.io/sdk/temporal"

	"github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/internal/errtypes"
)

// Rejection turns a validation problem into the application error a caller
// of an update receives: its details carry the list of problems.
func Rejection(err error) error {
	if err == nil {
		return nil
	}
	if v, ok := appointment.AsValidation(err); ok {
		return temporal.NewNonRetryableApplicationError("invalid answer", errtypes.Validation, nil, v.Problems)
	}
	return temporal.NewNonRetryableApplicationError(err.Error(), errtypes.Rejected, nil, []string{err.Error()})
}

// Problems extracts the list of problems from an error returned by an update,
// or nil when the error is not a rejection (an outage, a timeout ...).
func Problems(err error) []string {
	var app *temporal.ApplicationError
	if !errors.As(err, &app) || (app.Type() != errtypes.Validation && app.Type() != errtypes.Rejected) {
		return nil
	}
	var out []string
	if app.HasDetails() && app.Details(&out) == nil && len(out) > 0 {
		return out
	}
	return []string{app.Message()}
}
