package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/internal/checklists"
)

func TestAdminCLIChecklists(t *testing.T) {
	db := adminEnv(t)
	ctx := context.Background()
	d := db.Dealer.Create().SetName("Van Dijk Auto").SaveX(ctx)
	mustAdmin(t, "", "admin", "checklist", "create", "--demo", "regular", "--dealer", fmt.Sprint(d.ID))
	cur, err := checklists.Current(ctx, db, d.ID, 0, false)
	require.NoError(t, err)
	require.Len(t, cur, 1)
	require.Len(t, cur[0].Questions, 25)

	tmpl := cur[0].Template
	tmpl.Name = "MPI winter"
	tmpl.Questions = tmpl.Questions[:3]
	b, err := json.Marshal(tmpl)
	require.NoError(t, err)
	f := filepath.Join(t.TempDir(), "mpi.json")
	require.NoError(t, os.WriteFile(f, b, 0o600))
	out := mustAdmin(t, "", "admin", "checklist", "edit", "--id", fmt.Sprint(cur[0].ID), "--file", f)
	require.Contains(t, out, `"version":2`)
	out = mustAdmin(t, "", "admin", "checklist", "list", "--dealer", fmt.Sprint(d.ID))
	require.Contains(t, out, "MPI winter")
	require.Contains(t, out, "3 questions")
	refused(t, "", []string{"replaced or retired"}, "admin", "checklist", "edit", "--id", fmt.Sprint(cur[0].ID), "--file", f)
	refused(t, `{"dealer_id":1,"name":"","questions":[]}`, []string{"name:", "questions:"}, "admin", "checklist", "create", "--file", "-")
	refused(t, `{"dealer_id":1,"nme":"x"}`, []string{"nme"}, "admin", "checklist", "create", "--file", "-")
}
