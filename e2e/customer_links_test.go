package e2e

import (
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// Helpers of the customer page's tests that the untagged tests and the
// first-screen benchmark use too (customer_page_test.go is tagged screens).

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
