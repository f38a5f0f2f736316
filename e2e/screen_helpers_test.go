package e2e

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// Helpers of the browser tests (tagged screens) that the untagged tests and
// the first-screen benchmarks use too.

var linkURL = regexp.MustCompile(`https?://[^\s"<>]+#!/[A-Za-z0-9_-]{43}`)

// customerLink is the whole customer page link in the newest e-mail to addr.
func (s *stack) customerLink(addr string) string {
	s.t.Helper()
	key := s.customerKey(addr)
	for _, m := range slices.Backward(s.Mailgun.Messages()) {
		if l := linkURL.FindString(m.Text); strings.HasSuffix(l, "#!/"+key) {
			return l
		}
	}
	s.t.Fatalf("no e-mail to %s with a whole link", addr)
	return ""
}

// answeredOnce waits for the answer's event and checks there is exactly one.
func (s *stack) answeredOnce(ap int, answered enums.CommunicationEventType) {
	s.t.Helper()
	count := func() int {
		n := 0
		for _, e := range s.eventTypes(ap) {
			if e == answered {
				n++
			}
		}
		return n
	}
	require.Eventually(s.t, func() bool { return count() > 0 }, 10*time.Second, 50*time.Millisecond, "event %d", answered)
	require.Equal(s.t, 1, count(), "one answer, event %d once", answered)
}

// appointmentDay is the appointment's day (YYYY-MM-DD) in its location's
// time zone.
func (s *stack) appointmentDay(ap int) string {
	s.t.Helper()
	ctx := context.Background()
	row, err := s.DB.Appointment.Get(ctx, ap)
	require.NoError(s.t, err)
	loc, err := s.DB.DealerLocation.Get(ctx, row.DealerLocationID)
	require.NoError(s.t, err)
	zone, err := time.LoadLocation(loc.TimeZone)
	require.NoError(s.t, err)
	return row.TimeCarApp.In(zone).Format("2006-01-02")
}
