package kioskpage

import (
	"testing"

	"github.com/pitstop-dev/pitstop/api/pagefiles/pagetest"
)

// The kiosk screen's files, headers and strict CSP (what every screen must do).
func TestScreen(t *testing.T) { pagetest.CheckScreen(t, Handler("/kiosk/"), "/kiosk/", CSP(), 2) }

// The kiosk screen's own bytes stay within the screens' budget (issue #23:
// own bytes <= 150 KB each).
func TestBudget(t *testing.T) { pagetest.CheckBudget(t, "kiosk screen", Size()) }
