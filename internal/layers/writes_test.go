package layers

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Each kind of write is found; calls that only share a name are not.
func TestWritesFindsEachKindOfWrite(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"api/a.go": `package api
import ("context"; "github.com/pitstop-dev/pitstop/api/httpx"; wf "github.com/pitstop-dev/pitstop/workflows/x")
func f(ctx context.Context) {
	db.User.Create().SetName("x").Exec(ctx)
	tx.Appointment.UpdateOneID(1).SetStage(2).Exec(ctx)
	db.Customer.Update().Where().Save(ctx)
	db.WebhookHistory.DeleteOne(row).Exec(ctx)
	sqlDB.ExecContext(ctx, "UPDATE x SET y = 1")
	httpx.Update(c, tc, 1, "name", nil, nil)
	wf.Create(nil)
	db.User.Query().Where().Only(ctx)
}`,
		"api/a_test.go": `package api
func g() { db.User.Create().Exec(ctx) }`,
	}
	for name, src := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(src), 0o644))
	}
	got, err := Writes(root, "api")
	require.NoError(t, err)
	assert.Equal(t, []string{
		"api/a.go:4: Create writes the database", "api/a.go:4: Exec writes the database",
		"api/a.go:5: Exec writes the database", "api/a.go:5: UpdateOneID writes the database",
		"api/a.go:6: Update writes the database",
		"api/a.go:7: DeleteOne writes the database", "api/a.go:7: Exec writes the database",
		"api/a.go:8: ExecContext writes the database",
	}, got)
}

// No file under api/ writes the database: a handler decodes, authorizes,
// sends one workflow message (whose activity writes) or calls one domain
// store function, and encodes.
func TestAPIWritesNothing(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	writes, err := Writes(root, "api")
	require.NoError(t, err)
	assert.Empty(t, writes)
}
