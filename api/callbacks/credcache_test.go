package callbacks

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestCredCacheExpires(t *testing.T) {
	c := newCredCache(carsysCacheTTL, 2)
	now := c.now()
	c.now = func() time.Time { return now }
	a, b, x := c.key("u", "p", "h"), c.key("u", "p", "h2"), c.key("up", "", "h")
	require.NotEqual(t, a, b)
	require.NotEqual(t, c.key("u", "ph"), c.key("up", "h"), "parts are length-prefixed")
	c.put(a)
	require.True(t, c.hit(a))
	require.False(t, c.hit(b))
	c.put(b)
	c.put(x) // over the limit: dropped wholesale, never grows past it
	require.LessOrEqual(t, len(c.until), 2)
	require.True(t, c.hit(x))
	c.now = func() time.Time { return now.Add(carsysCacheTTL + time.Second) }
	require.False(t, c.hit(x), "expired")
}
