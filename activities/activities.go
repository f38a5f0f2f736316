// Package activities does the I/O of Pitstop's workflows: it writes the
// database read model and talks to outside services. Every activity is
// idempotent: a retry finds what an earlier attempt wrote (unique keys in the
// database) instead of writing or sending it again.
package activities

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/worker"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/ent/predicate"
	"github.com/pitstop-dev/pitstop/workflows"
)

// Activities holds the dependencies of every activity.
type Activities struct {
	DB *ent.Client
	// KeySecret derives communication keys (see package keys).
	KeySecret []byte
	// PublicBaseURL is the customer page; links are <base>/#!/<key>.
	PublicBaseURL string
	// Notify sends SMS, email and dealer webhooks; nil disables delivery
	// (DeliverNotification then fails, and Temporal retries it).
	Notify *Notifier
	Log    *slog.Logger
	Now    func() time.Time
}

func (a *Activities) now() time.Time {
	if a.Now != nil {
		return a.Now()
	}
	return time.Now()
}

// Register adds every activity to a worker under the names workflows use.
func (a *Activities) Register(w worker.Registry) {
	for name, fn := range map[string]any{
		workflows.ActivityLoadAppointment:      a.LoadAppointment,
		workflows.ActivityEnsureCommunication:  a.EnsureCommunication,
		workflows.ActivitySaveLifecycle:        a.SaveLifecycle,
		workflows.ActivityRecordEvent:          a.RecordEvent,
		workflows.ActivitySendCommunication:    a.SendCommunication,
		workflows.ActivityDeliverNotification:  a.DeliverNotification,
		workflows.ActivityRecordCheckInAnswer:  a.RecordCheckInAnswer,
		workflows.ActivityRecordDiagnoseAnswer: a.RecordDiagnoseAnswer,
		workflows.ActivitySendKeyLockerPIN:     a.SendKeyLockerPIN,
		workflows.ActivitySendDeskConfirmation: a.SendDeskConfirmation,
	} {
		w.RegisterActivityWithOptions(fn, activity.RegisterOptions{Name: name})
	}
}

// notFound is final: retrying will not make a missing row appear.
func notFound(what string, id int) error {
	return temporal.NewNonRetryableApplicationError(fmt.Sprintf("%s %d not found", what, id), "NotFound", nil)
}

// wrapNotFound maps ent's not-found to the non-retryable error.
func wrapNotFound(err error, what string, id int) error {
	if err == nil {
		return nil
	}
	var nf *ent.NotFoundError
	if errors.As(err, &nf) {
		return notFound(what, id)
	}
	return fmt.Errorf("%s %d: %w", what, id, err)
}

func appointmentIs(id int) predicate.Appointment { return appointment.ID(id) }
