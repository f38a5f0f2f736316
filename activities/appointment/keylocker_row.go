package appointment

import (
	"time"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/keylockercommunication"
	"github.com/pitstop-dev/pitstop/ent/predicate"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

// NewKeyLockerCommunication starts the row of one key-locker PIN for an
// appointment (its location, customer and car); callers add what is
// particular to them (a request key) and save it in their transaction.
func NewKeyLockerCommunication(tx *ent.Tx, ap *ent.Appointment, status enums.KeyLockerCommunicationStatus, pin string, expires time.Time) *ent.KeyLockerCommunicationCreate {
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

// AcsesRequestKeyPrefix starts the request key of every
// KeyLockerCommunication that carries an ACSES booking's code (the row
// the customer's ACSES drop-off PIN message hangs on), so the dealer's own
// key locker never takes one of those for its own PIN.
const AcsesRequestKeyPrefix = "acses-"

// OwnKeyLocker matches the PINs of the dealer's own key locker: every
// KeyLockerCommunication but those carrying an ACSES booking's code.
func OwnKeyLocker() predicate.KeyLockerCommunication {
	return keylockercommunication.Or(keylockercommunication.RequestKeyIsNil(),
		keylockercommunication.Not(keylockercommunication.RequestKeyHasPrefix(AcsesRequestKeyPrefix)))
}
