package browsertest

import "testing"

// A missing browser fails under CI (CI=true, as CI services set it) or with
// PITSTOP_REQUIRE_BROWSER=1 (.ci/run); elsewhere the test skips.
func TestRequired(t *testing.T) {
	for _, c := range []struct {
		ci, require string
		want        bool
	}{
		{"", "", false}, {"true", "", true}, {"TRUE", "", true}, {"false", "", false}, {"", "1", true}, {"false", "0", false},
	} {
		t.Setenv("CI", c.ci)
		t.Setenv("PITSTOP_REQUIRE_BROWSER", c.require)
		if got := Required(); got != c.want {
			t.Errorf("CI=%q PITSTOP_REQUIRE_BROWSER=%q: Required() = %v, want %v", c.ci, c.require, got, c.want)
		}
	}
}
