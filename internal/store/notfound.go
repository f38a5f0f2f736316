package store

import (
	"errors"
	"fmt"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/internal/errtypes"
)

// WrapNotFound maps ent's not-found to the non-retryable error
// (errtypes.NotFound); other errors are wrapped with what and id.
func WrapNotFound(err error, what string, id int) error {
	if err == nil {
		return nil
	}
	var nf *ent.NotFoundError
	if errors.As(err, &nf) {
		return errtypes.NewNotFound(what, id)
	}
	return fmt.Errorf("%s %d: %w", what, id, err)
}
