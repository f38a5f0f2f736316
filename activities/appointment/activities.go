// Package appointment holds the activities of an appointment's lifecycle:
// loading it, keeping its read model (stage, statuses, events) in step with
// the workflow, and recording the customer's answers. Every activity is
// idempotent: a retry finds what an earlier attempt wrote (unique keys in
// the database) instead of writing it again.
package appointment

import (
	"errors"
	"log/slog"
	"time"

	"github.com/pitstop-dev/pitstop/ent"
)

// Activities holds what the lifecycle's activities use.
type Activities struct {
	DB *ent.Client
	// KeySecret derives communication keys (see package keys).
	KeySecret []byte
	Log       *slog.Logger
	Now       func() time.Time
}

// Check (a function, not a method, so it is not registered as an activity) refuses a worker without the dependencies these activities need.
func Check(a *Activities) error {
	if a == nil || a.DB == nil {
		return errors.New("appointment activities: no database client")
	}
	if len(a.KeySecret) == 0 {
		return errors.New("appointment activities: no key secret to derive communication keys")
	}
	return nil
}

func (a *Activities) now() time.Time {
	if a.Now != nil {
		return a.Now()
	}
	return time.Now()
}
