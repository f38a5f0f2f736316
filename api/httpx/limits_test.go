package httpx

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestFailureLimiter(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := NewFailureLimiter(3, time.Minute)
	l.now = func() time.Time { return now }
	for i := 0; i < 3; i++ {
		if l.Blocked("a") {
			t.Fatalf("blocked after %d failures", i)
		}
		l.Fail("a")
	}
	if !l.Blocked("a") {
		t.Fatal("not blocked after 3 failures")
	}
	if l.Blocked("b") {
		t.Fatal("another client must not be blocked")
	}
	now = now.Add(61 * time.Second)
	if l.Blocked("a") {
		t.Fatal("still blocked after the window")
	}
}

// TestGuessGuardReserve: reservations count before the check; a success
// gives its reservation back.
func TestGuessGuardReserve(t *testing.T) {
	g := NewGuessGuard(2, 3, 2, time.Minute, time.Millisecond)
	ctx := context.Background()
	a, err := g.Begin(ctx, "acct", "ip1")
	require.NoError(t, err)
	b, err := g.Begin(ctx, "acct", "ip1")
	require.NoError(t, err)
	_, err = g.Begin(ctx, "acct", "ip1")
	require.ErrorIs(t, err, ErrTooManyGuesses, "two in flight use up the pair's two")
	a.End(false)
	c, err := g.Begin(ctx, "acct", "ip1")
	require.NoError(t, err, "a success gave its reservation back")
	b.End(true)
	c.End(true)
	_, err = g.Begin(ctx, "acct", "ip1")
	require.ErrorIs(t, err, ErrTooManyGuesses)
	// The account is hot: another client's check waits, one at a time.
	d, err := g.Begin(ctx, "acct", "ip2")
	require.NoError(t, err)
	require.True(t, d.isSlow)
	_, err = g.Begin(ctx, "acct", "ip3")
	require.ErrorIs(t, err, ErrTooManyGuesses, "one hot check at a time")
	d.End(false)
}
