package appointment

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestValidateReschedule(t *testing.T) {
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	for _, ok := range []time.Time{now, now.Add(-4 * time.Minute), now.Add(24 * time.Hour), now.Add(MaxRescheduleAhead)} {
		assert.NoError(t, ValidateReschedule(ok, now), ok)
	}
	for _, bad := range []time.Time{{}, now.Add(-6 * time.Minute), now.Add(MaxRescheduleAhead + time.Second),
		time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)} {
		_, isValidation := AsValidation(ValidateReschedule(bad, now))
		assert.True(t, isValidation, bad)
	}
}
