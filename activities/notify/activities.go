// Package notify holds the activities that tell customers: planning who
// receives which message over which channel (plan.go: the spec's channel
// rules), and delivering each receiver's message exactly once by SMS, email
// or the dealer's webhook.
package notify

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/pitstop-dev/pitstop/activities/appointment"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// Activities holds what the notification activities use.
type Activities struct {
	// DB is the database; its dialect tells how a transaction takes a
	// lock (store.DB.Serialise).
	DB *store.DB
	// KeySecret derives the communication key printed in each link.
	KeySecret []byte
	// PublicBaseURL is the customer page; links are <base>/#!/<key>.
	PublicBaseURL string
	// Notify sends SMS, email and dealer webhooks.
	Notify *Notifier
	Log    *slog.Logger
	Now    func() time.Time
	// chosen, when set (tests), is called between the choice of a new
	// conversation's address and its write (ensureConversation).
	chosen func(apID int)
}

// Check (a function, not a method, so it is not registered as an activity) refuses a worker that could plan messages but never deliver them:
// without it, every delivery would fail and retry forever.
func Check(a *Activities) error {
	switch {
	case a == nil || a.DB == nil:
		return errors.New("notify activities: no database client")
	case len(a.KeySecret) == 0:
		return errors.New("notify activities: no key secret to derive links")
	case a.PublicBaseURL == "":
		return errors.New("notify activities: no public base URL for links")
	case a.Notify == nil || a.Notify.SMS == nil || a.Notify.Email == nil || a.Notify.Webhook == nil:
		return errors.New("notify activities: no notifier (Twilio, Mailgun and dealer-webhook clients are required)")
	}
	return nil
}

func (a *Activities) now() time.Time {
	if a.Now != nil {
		return a.Now()
	}
	return time.Now()
}

// ensureCommunication finds (or creates) the appointment's communication the
// same way the lifecycle does, so a message planned outside the lifecycle
// (a desk confirmation) links to the same page.
func (a *Activities) ensureCommunication(ctx context.Context, appointmentID int) (appointment.CommunicationRef, error) {
	lc := appointment.Activities{DB: a.DB.Client, KeySecret: a.KeySecret, Log: a.Log, Now: a.Now}
	return lc.EnsureCommunication(ctx, appointmentID)
}
