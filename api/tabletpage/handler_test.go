package tabletpage

import (
	"testing"

	"github.com/pitstop-dev/pitstop/api/pagefiles/pagetest"
)

// The tablet screen's files, headers and strict CSP (what every screen must do).
func TestScreen(t *testing.T) { pagetest.CheckScreen(t, Handler("/tablet/"), "/tablet/", CSP(), 2) }

// The tablet screen's own bytes stay within the screens' budget (issue #23:
// own bytes <= 150 KB each).
func TestBudget(t *testing.T) { pagetest.CheckBudget(t, "counter tablet screen", Size()) }
