package main

import (
	"context"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/ent/communicationsettingchange"
)

// `pitstop admin location aftersales` shows and switches a location's
// car-ready message and feedback question, one history line (user 0) per
// changed value.
func TestAdminCLIAftersales(t *testing.T) {
	db := adminEnv(t)
	ctx := context.Background()
	l := cliLocation(t, db, "Aftersales Motors", "Deventer")
	id := strconv.Itoa(l.ID)
	out := mustAdmin(t, "", "admin", "location", "aftersales", "--id", id)
	require.Equal(t, "location "+id+": car-ready message off, feedback question off\n", out)
	out = mustAdmin(t, "", "admin", "location", "aftersales", "--id", id, "--car-ready-message")
	require.Equal(t, "location "+id+": car-ready message on, feedback question off\n", out)
	out = mustAdmin(t, "", "admin", "location", "aftersales", "--id", id, "--feedback-question=true", "--car-ready-message=false")
	require.Equal(t, "location "+id+": car-ready message off, feedback question on\n", out)
	out = mustAdmin(t, "", "admin", "location", "aftersales", "--id", id)
	require.Equal(t, "location "+id+": car-ready message off, feedback question on\n", out)
	refused(t, "", []string{"--id is required"}, "admin", "location", "aftersales")
	refused(t, "", []string{"not found"}, "admin", "location", "aftersales", "--id", "999999")
	n := db.CommunicationSettingChange.Query().Where(communicationsettingchange.DealerLocationID(l.ID)).CountX(ctx)
	require.Equal(t, 3, n, "on, then on and off: one line per changed value")
}
