package httpx

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// The cache never holds a user longer than a minute, whatever is configured.
func TestTokenUserTTLBounded(t *testing.T) {
	assert.Equal(t, DefaultTokenUserTTL, NewTokenUserCache(nil, 0).ttl)
	assert.LessOrEqual(t, DefaultTokenUserTTL, time.Minute)
	assert.Equal(t, time.Minute, NewTokenUserCache(nil, time.Hour).ttl)
	assert.Equal(t, time.Second, NewTokenUserCache(nil, time.Second).ttl)
}
