package api

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// drop_back's appointment_note_id was taken and lost (Pitstop keeps no
// appointment notes): it is refused, before anything is booked.
func TestDropBackRefusesANoteID(t *testing.T) {
	f := newAdminFixture(t)
	code, body := f.call("POST", "/v1/employees/drop_back", f.token(enums.RoleIDReceptionist),
		map[string]any{"locker_system_id": "lock-a", "appointment_id": 1, "appointment_note_id": 5}, nil)
	require.Equal(t, http.StatusOK, code)
	require.Contains(t, strings.Join(errorsIn(body), " "), "appointment_note_id: Pitstop keeps no appointment notes")
}
