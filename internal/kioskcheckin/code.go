package kioskcheckin

import (
	"context"
	"crypto/rand"
	"fmt"
	"math/big"
	"time"

	"github.com/pitstop-dev/pitstop/ent"
	entappointment "github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/ent/predicate"
)

// The kiosk code (issue #23: "find the appointment by registration plate
// or the PIN from an SMS"): CodeDigits random digits given to an
// appointment when its first customer message is composed, printed in the
// online check-in's SMS and e-mail where the location has kiosks, and
// typed at the kiosk instead of the plate. It is stored sealed
// (appointments.kiosk_code, internal/keylocker/seal) and compared sealed;
// it never goes into a workflow's input or output, nor into a log line.
// A code is guessable (10^6 values), so the kiosk counts wrong codes in its
// guessing limit (api/staff).
const CodeDigits = 6

// codeOpenFor: an appointment keeps its code's uniqueness this long after
// its time (a car may stay a few days); codes of older appointments may be
// handed out again.
const codeOpenFor = 7 * 24 * time.Hour

// ValidCode says whether s has the shape of a kiosk code.
func ValidCode(s string) bool {
	if len(s) != CodeDigits {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// open are the location's appointments a code may still find: not
// cancelled, the lifecycle not completed or cancelled, not long past.
func open(locationID int, now time.Time) []predicate.Appointment {
	return []predicate.Appointment{entappointment.DealerLocationID(locationID), entappointment.DmsCanceled(false),
		entappointment.LifecycleStageNotIn("completed", "cancelled"), entappointment.TimeCarAppGTE(now.Add(-codeOpenFor))}
}

// EnsureCode gives the appointment a kiosk code unless it has one, unique
// among the location's open appointments, and returns it. Call it inside
// the transaction that records the message (an activity retried finds the
// code it gave). Two transactions picking the same code at the same
// moment is a one-in-a-million chance squared; FindByCode then finds
// neither, and the plate still works.
func EnsureCode(ctx context.Context, db *ent.Client, ap *ent.Appointment, now time.Time) (string, error) {
	if ap.KioskCode != "" {
		return ap.KioskCode, nil
	}
	for range 20 {
		code, err := newCode()
		if err != nil {
			return "", err
		}
		taken, err := db.Appointment.Query().Where(append(open(ap.DealerLocationID, now), entappointment.KioskCode(code))...).Exist(ctx)
		if err != nil {
			return "", err
		}
		if taken {
			continue
		}
		if err := db.Appointment.UpdateOneID(ap.ID).SetKioskCode(code).Exec(ctx); err != nil {
			return "", err
		}
		ap.KioskCode = code
		return code, nil
	}
	return "", fmt.Errorf("kioskcheckin: no free kiosk code at location %d", ap.DealerLocationID)
}

func newCode() (string, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%06d", n.Int64()), nil
}

// FindByCode is the location's appointment of the day [from, to) with this
// kiosk code, open (as EnsureCode counts it); nil when there is none (or,
// by a rare race, more than one).
func FindByCode(ctx context.Context, db *ent.Client, locationID int, from, to, now time.Time, code string) (*ent.Appointment, error) {
	if !ValidCode(code) {
		return nil, nil
	}
	aps, err := db.Appointment.Query().Where(append(open(locationID, now), entappointment.KioskCode(code),
		entappointment.TimeCarAppGTE(from), entappointment.TimeCarAppLT(to))...).Limit(2).All(ctx)
	if err != nil || len(aps) != 1 {
		return nil, err
	}
	return aps[0], nil
}
