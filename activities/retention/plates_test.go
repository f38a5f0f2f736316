package retention

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/pitstop-dev/pitstop/internal/keys"
)

// A RegNumber that is not a keyed hash is a plate in clear; none is neither.
func TestPlainPlate(t *testing.T) {
	assert.False(t, plainPlate(keys.RegNumberHash([]byte("secret"), "AB-12-CD")), "a hash")
	assert.False(t, plainPlate(""), "unset")
	for _, plate := range []string{"AB-12-CD", "AB12CD", "ab12cd", "0123456789ABCDEF0123456789ABCDEF"} {
		assert.True(t, plainPlate(plate), plate)
	}
}
