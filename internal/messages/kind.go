package messages

// Kind identifies one customer communication.
type Kind string

// The communications we send. Values double as template name prefixes.
const (
	OnlineCheckIn           Kind = "online_check_in"
	DiagnoseOverview        Kind = "diagnose_overview"
	RepairOverview          Kind = "repair_overview"
	KeyLockerDropPIN        Kind = "key_locker_drop_pin"
	KeyLockerPickUpPIN      Kind = "key_locker_pick_up_pin"
	DeskCheckInConfirmation Kind = "desk_check_in_confirmation"
	// AnswerReminder reminds a customer of an online check-in or a
	// diagnose overview not answered yet (issue #25).
	AnswerReminder Kind = "answer_reminder"
	// KeyPickupReminder reminds a customer whose key waits in a locker.
	KeyPickupReminder Kind = "key_pickup_reminder"
	// CarReady tells the customer the car is ready: the amount due, the
	// opening hours and how to collect the key (issue #25).
	CarReady Kind = "car_ready"
	// FeedbackInvitation asks one short question after the pick-up.
	FeedbackInvitation Kind = "feedback_invitation"
)

// Kinds lists every Kind, e.g. for tests and admin previews.
var Kinds = []Kind{OnlineCheckIn, DiagnoseOverview, RepairOverview, KeyLockerDropPIN, KeyLockerPickUpPIN, DeskCheckInConfirmation, AnswerReminder, KeyPickupReminder, CarReady, FeedbackInvitation}

// NeedsPIN reports whether the message exists to hand over a key locker PIN.
func (k Kind) NeedsPIN() bool { return k == KeyLockerDropPIN || k == KeyLockerPickUpPIN }

// MayCarryPIN reports whether the message shows a PIN when it has one: the
// PIN kinds, and the car-ready message of a key waiting in a locker.
func (k Kind) MayCarryPIN() bool { return k.NeedsPIN() || k == CarReady }

// NeedsLink reports whether the message is pointless without its
// communication link; PIN messages carry a link only when one is given.
func (k Kind) NeedsLink() bool { return k.Valid() && !k.NeedsPIN() }

// Valid reports whether k is one of the known kinds.
func (k Kind) Valid() bool {
	for _, v := range Kinds {
		if v == k {
			return true
		}
	}
	return false
}
