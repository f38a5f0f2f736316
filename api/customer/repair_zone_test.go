package customer

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// The PDF's appointment date is the workshop's: 23:30 UTC on 4 March is
// already 5 March in Amsterdam.
func TestRepairOverviewDateInTheWorkshopsZone(t *testing.T) {
	at := time.Date(2026, 3, 4, 23, 30, 0, 0, time.UTC)
	assert.Equal(t, 5, inZone(at, "Europe/Amsterdam").Day())
	assert.Equal(t, 4, inZone(at, "America/New_York").Day())
	assert.Equal(t, at, inZone(at, "Not/AZone"), "an unknown zone keeps the time as stored")
}
