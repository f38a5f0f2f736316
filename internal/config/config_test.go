package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func lookup(env map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := env[k]; return v, ok }
}

// The defaults run the dev stack as they are.
func TestDefaultsAreValid(t *testing.T) {
	c, err := FromLookup(lookup(nil))
	require.NoError(t, err)
	require.Equal(t, "pitstop", c.TaskQueue)
	require.Empty(t, c.TrustedProxies)
	require.Equal(t, "http://127.0.0.1:8080/app", c.PublicBaseURL)
}

func TestTrustedProxies(t *testing.T) {
	c, err := FromLookup(lookup(map[string]string{"PITSTOP_TRUSTED_PROXIES": " 10.0.0.0/8, 192.168.1.7 ,,::1"}))
	require.NoError(t, err)
	require.Equal(t, []string{"10.0.0.0/8", "192.168.1.7", "::1"}, c.TrustedProxies)
}

// Every problem is reported at once, naming its variable.
func TestInvalidValuesAreReportedTogether(t *testing.T) {
	_, err := FromLookup(lookup(map[string]string{
		"PITSTOP_TASK_QUEUE": " ", "PITSTOP_TOKEN_SECRET": "short", "PITSTOP_LOG_LEVEL": "loud",
		"PITSTOP_TRUSTED_PROXIES": "10.0.0.0/8,lb.internal",
	}))
	require.Error(t, err)
	for _, want := range []string{
		"PITSTOP_TASK_QUEUE is empty", "PITSTOP_TOKEN_SECRET must be at least 16 characters",
		`PITSTOP_LOG_LEVEL "loud"`, `PITSTOP_TRUSTED_PROXIES: "lb.internal" is neither an IP nor a CIDR`,
	} {
		require.Contains(t, err.Error(), want)
	}
}

// The README's configuration table is Vars, row for row.
func TestREADMEListsEveryVariable(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	require.NoError(t, err)
	for _, v := range Vars {
		def := "`" + v.Default + "`"
		if v.Default == "" {
			def = "(none)"
		}
		row := "| `" + v.Name + "` | " + def + " | " + v.Help + " |"
		require.True(t, strings.Contains(string(b), row), "README lacks the row\n%s", row)
	}
}
