package custfind

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSelectorCheck(t *testing.T) {
	for _, tc := range []struct {
		sel  Selector
		want string
	}{
		{Selector{}, "give one of"},
		{Selector{CustomerID: 1, Email: "a@b.example"}, "only one"},
		{Selector{Phone: "+31612345678", Email: "a@b.example"}, "only one"},
		{Selector{CustomerID: -3}, "positive"},
		{Selector{Phone: "0612345678"}, "E.164"},
		{Selector{Phone: "+999"}, "phone:"},
		{Selector{Email: "nope"}, "not an e-mail"},
	} {
		var inv *Invalid
		require.True(t, errors.As(tc.sel.Check(), &inv), "%+v", tc.sel)
		assert.Contains(t, inv.Error(), tc.want)
	}
	for _, ok := range []Selector{{CustomerID: 1}, {Phone: "+31612345678"}, {Email: "a@b.example"}} {
		assert.NoError(t, ok.Check())
	}
}
