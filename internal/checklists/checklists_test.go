package checklists_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/internal/checklists"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
)

func TestVersioning(t *testing.T) {
	t.Run("postgres", func(t *testing.T) { versioning(t, storetest.New(t).Client) })
	t.Run("sqlite", func(t *testing.T) { versioning(t, storetest.NewSQLite(t).Client) })
}

func versioning(t *testing.T, db *ent.Client) {
	ctx := context.Background()
	d := db.Dealer.Create().SetName("D").SaveX(ctx)
	v1, err := checklists.Create(ctx, db, checklists.DemoRegular(d.ID))
	require.NoError(t, err)
	require.Len(t, v1.Questions, 25)
	assert.Equal(t, 1, v1.Version)
	assert.Equal(t, v1.ID, v1.RootID)
	groups := map[string]bool{}
	tyres := 0
	for _, q := range v1.Questions {
		groups[q.GroupName] = true
		if q.ContainsTyreElement {
			tyres++
		}
	}
	assert.Len(t, groups, 5)
	assert.Equal(t, 1, tyres)

	edit := v1.Template
	edit.Questions = edit.Questions[:24]
	edit.Name = "MPI 2027"
	v2, err := checklists.Edit(ctx, db, v1.ID, edit)
	require.NoError(t, err)
	assert.Equal(t, 2, v2.Version)
	assert.Equal(t, v1.ID, v2.ParentID)
	assert.Equal(t, v1.ID, v2.RootID)
	assert.Len(t, v2.Questions, 24)
	assert.NotEqual(t, v1.Questions[0].ID, v2.Questions[0].ID, "an edit copies the questions")

	old, err := checklists.Get(ctx, db, v1.ID)
	require.NoError(t, err)
	assert.True(t, old.Deleted)
	assert.Len(t, old.Questions, 25, "the old version keeps its questions")
	assert.Equal(t, "Multi-point inspection", old.Name)

	_, err = checklists.Edit(ctx, db, v1.ID, edit)
	assert.ErrorIs(t, err, checklists.ErrInvalid, "an old version cannot be edited")

	cur, err := checklists.Current(ctx, db, d.ID, 0, true)
	require.NoError(t, err)
	require.Len(t, cur, 1)
	assert.Equal(t, v2.ID, cur[0].ID)

	require.NoError(t, checklists.Retire(ctx, db, v2.ID))
	cur, err = checklists.Current(ctx, db, d.ID, 0, false)
	require.NoError(t, err)
	assert.Empty(t, cur)
}

func TestValidate(t *testing.T) {
	bad := checklists.DemoQualityControl(0)
	bad.Name = ""
	bad.ChecklistType = 9
	bad.CustomerStatuses = []int{0, 4}
	bad.Questions[0].DefaultPrice = -1
	bad.Questions[1].Title = ""
	p := checklists.Validate(bad)
	assert.Len(t, p, 7, "%q", p)
	_, err := checklists.Create(context.Background(), nil, bad)
	assert.True(t, errors.Is(err, checklists.ErrInvalid))
}
