package appointment

import (
	"time"

	"github.com/pitstop-dev/pitstop/ent"
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
