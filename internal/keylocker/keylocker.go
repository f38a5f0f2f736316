// Package keylocker tells the PINs of the dealer's own key locker from the
// ACSES door codes that share the KeyLockerCommunication model with them,
// and starts the row of a new PIN.
package keylocker

import (
	"time"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/keylockercommunication"
	"github.com/pitstop-dev/pitstop/ent/keylockercommunicationevent"
	"github.com/pitstop-dev/pitstop/ent/predicate"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

// AcsesRequestKeyPrefix starts the request key of every
// KeyLockerCommunication that carries an ACSES booking's code (the row the
// customer's ACSES drop-off PIN message hangs on), so the dealer's own key
// locker never takes one of those for its own PIN.
const AcsesRequestKeyPrefix = "acses-"

// Own matches the PINs of the dealer's own key locker: every
// KeyLockerCommunication but those carrying an ACSES booking's code.
func Own() predicate.KeyLockerCommunication {
	return keylockercommunication.Or(keylockercommunication.RequestKeyIsNil(),
		keylockercommunication.Not(keylockercommunication.RequestKeyHasPrefix(AcsesRequestKeyPrefix)))
}

// DropPINExpiry is when a drop-off PIN of the dealer's own key locker stops
// opening it: it works through the appointment day.
func DropPINExpiry(ap *ent.Appointment) time.Time { return ap.TimeCarApp.Add(24 * time.Hour) }

// NewCommunication starts the row of one key-locker PIN for an appointment
// (its location, customer and car); callers add what is particular to them
// (a request key, accepted agreements) and save it in their transaction.
func NewCommunication(tx *ent.Tx, ap *ent.Appointment, status enums.KeyLockerCommunicationStatus, pin string, expires time.Time) *ent.KeyLockerCommunicationCreate {
	c := tx.KeyLockerCommunication.Create().SetAppointmentID(ap.ID).SetDealerLocationID(ap.DealerLocationID).
		SetStatus(status).SetPin(pin).SetPinExpireOn(expires)
	if ap.CustomerDriverID != 0 {
		c.SetCustomerID(ap.CustomerDriverID)
	}
	if ap.CarID != 0 {
		c.SetCarID(ap.CarID)
	}
	return c
}

// GivenToLocker matches the drop-off PINs the API answered to the locker
// itself because the location has two-factor off (request type 3): they
// are never sent to the customer.
func GivenToLocker() predicate.KeyLockerCommunication {
	return keylockercommunication.HasEventsWith(keylockercommunicationevent.PinRequestTypeEQ(enums.KeylockerPinRequestTypeTwoFactorDisabled))
}
