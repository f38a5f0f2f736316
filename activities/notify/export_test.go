package notify

import "context"

// SMSSender is smsSender, for the package's external tests.
func SMSSender(ctx context.Context, a *Activities, apID int, customer string) (string, error) {
	return a.smsSender(ctx, apID, customer)
}

// OnChosen makes a call f between the choice of a new conversation's
// address and its write.
func OnChosen(a *Activities, f func(apID int)) { a.chosen = f }

// JointDeliveryError is jointDeliveryError, for the package's external tests.
func JointDeliveryError(errs []error) error { return jointDeliveryError(errs) }
