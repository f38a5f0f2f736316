package messages

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestLink(t *testing.T) {
	assert.Equal(t, "https://mycarcheck.pro/#!/KEY1", Link("https://mycarcheck.pro", "KEY1"))
	assert.Equal(t, "https://mycarcheck.pro/#!/KEY1", Link("https://mycarcheck.pro/", "KEY1"))
	assert.Equal(t, "https://comm.clairedev.nl/#!/k", Link(" https://comm.clairedev.nl// ", " k "))
}
