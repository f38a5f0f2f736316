// Package keylocker tells the PINs of the dealer's own key locker from the
// ACSES door codes that share the KeyLockerCommunication model with them.
package keylocker

import (
	"github.com/pitstop-dev/pitstop/ent/keylockercommunication"
	"github.com/pitstop-dev/pitstop/ent/predicate"
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
