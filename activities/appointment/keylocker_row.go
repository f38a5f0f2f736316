package appointment

import (
	"time"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/keylocker"
)

// NewKeyLockerCommunication starts the row of one key-locker PIN for an
// appointment (its location, customer and car); callers add what is
// particular to them (a request key) and save it in their transaction.
// The API's PIN request without two-factor builds the same row
// (keylocker.NewCommunication).
func NewKeyLockerCommunication(tx *ent.Tx, ap *ent.Appointment, status enums.KeyLockerCommunicationStatus, pin string, expires time.Time) *ent.KeyLockerCommunicationCreate {
	return keylocker.NewCommunication(tx, ap, status, pin, expires)
}
