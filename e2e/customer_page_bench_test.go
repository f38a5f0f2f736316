package e2e

import (
	"strings"
	"testing"

	"github.com/pitstop-dev/pitstop/api/customerpage"
	"github.com/pitstop-dev/pitstop/internal/browsertest"
	"github.com/pitstop-dev/pitstop/workflows/appointment"
)

// The budget for the customer's page: its own bytes, uncompressed.
const pageBudget = 100 * 1024

// BenchmarkCustomerPageFirstScreen loads a real check-in link (real API,
// PostgreSQL, Temporal) as a customer's first visit on a phone
// (benchFirstScreen): the first screen is the one built from the
// customer's data (`make bench`).
func BenchmarkCustomerPageFirstScreen(b *testing.B) {
	chromium := browsertest.Chromium(b)
	s := newStack(b)
	s.start()
	ap := s.Demo.Appointments[0].AppointmentID
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageCheckInSent })
	pageURL := s.API.URL + strings.TrimPrefix(s.customerLink("jan.devries@example.com"), "http://customer.test")

	benchFirstScreen(b, browsertest.Browser(b, chromium, "en-GB"), firstScreen{name: "customer page", what: "the customer's data",
		url: pageURL, screen: "checkin", bytes: customerpage.Size(), budget: pageBudget})
}
