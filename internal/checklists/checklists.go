// Package checklists stores the dealers' checklist templates (ent
// Checklist and ChecklistQuestion): configuration, written here on an
// admin's request (the admin endpoint and `pitstop admin`) and by the demo
// seed, never by a workflow. A template is versioned like the agreements:
// an edit creates a new version with its own copy of the questions and
// marks the old one deleted, so a check keeps pointing at the questions it
// was run with.
package checklists

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/checklist"
	"github.com/pitstop-dev/pitstop/ent/checklistquestion"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// Limits of a template.
const (
	MaxQuestions = 200
	MaxTitle     = 200
	MaxPrice     = 100_000.0
)

// Template is a checklist as an admin writes it.
type Template struct {
	DealerID int `json:"dealer_id"`
	// DealerLocationID 0: every location of the dealer.
	DealerLocationID int                 `json:"dealer_location_id"`
	Name             string              `json:"name"`
	ChecklistType    enums.ChecklistType `json:"checklist_type"`
	Active           bool                `json:"active"`
	DisplayOrder     int                 `json:"display_order"`
	// CustomerStatuses: the QuestionResultStatus values shown to the
	// customer (empty: advised and necessary).
	CustomerStatuses []int      `json:"customer_statuses,omitempty"`
	Questions        []Question `json:"questions"`
}

// Question is one question of a template.
type Question struct {
	ID                   int                        `json:"id,omitempty"` // set when read
	GroupName            string                     `json:"group_name"`
	GroupOrder           int                        `json:"group_order"`
	QuestionOrder        int                        `json:"question_order"`
	Title                string                     `json:"title"`
	DefaultPrice         float64                    `json:"default_price"`
	DefaultLabourMinutes int                        `json:"default_labour_minutes"`
	DefaultStatus        enums.QuestionResultStatus `json:"default_status"`
	ContainsTyreElement  bool                       `json:"contains_tyre_element"`
	Options              []string                   `json:"options,omitempty"`
}

// Version is a stored version of a template.
type Version struct {
	ID       int  `json:"id"`
	RootID   int  `json:"root_id"`
	Version  int  `json:"version"`
	ParentID int  `json:"parent_id,omitempty"`
	Deleted  bool `json:"deleted"`
	Template
}

// ErrInvalid wraps a template's problems.
var ErrInvalid = errors.New("invalid checklist")

// Validate lists a template's problems.
func Validate(t Template) []string {
	var p []string
	add := func(f string, a ...any) { p = append(p, fmt.Sprintf(f, a...)) }
	if t.DealerID <= 0 {
		add("dealer_id: must be a positive dealer ID")
	}
	if strings.TrimSpace(t.Name) == "" || len(t.Name) > MaxTitle {
		add("name: must be 1-%d characters", MaxTitle)
	}
	if !t.ChecklistType.Valid() {
		add("checklist_type: must be a ChecklistType 0-7")
	}
	for i, s := range t.CustomerStatuses {
		if s < 1 || s > 3 {
			add("customer_statuses[%d]: must be 1 (OK with remarks), 2 (advised) or 3 (necessary)", i)
		}
	}
	if len(t.Questions) == 0 || len(t.Questions) > MaxQuestions {
		add("questions: must be 1-%d questions", MaxQuestions)
	}
	for i, q := range t.Questions {
		if strings.TrimSpace(q.Title) == "" || len(q.Title) > MaxTitle {
			add("questions[%d].title: must be 1-%d characters", i, MaxTitle)
		}
		if math.IsNaN(q.DefaultPrice) || q.DefaultPrice < 0 || q.DefaultPrice > MaxPrice {
			add("questions[%d].default_price: must be 0-%g", i, MaxPrice)
		}
		if q.DefaultLabourMinutes < 0 || q.DefaultLabourMinutes > 24*60 {
			add("questions[%d].default_labour_minutes: must be 0-1440", i)
		}
		if !q.DefaultStatus.Valid() {
			add("questions[%d].default_status: must be 0-4", i)
		}
	}
	return p
}

// Problems is ErrInvalid with the list.
type Problems []string

func (p Problems) Error() string { return strings.Join(p, "; ") }
func (p Problems) Unwrap() error { return ErrInvalid }

// Create stores a new template as version 1.
func Create(ctx context.Context, db *ent.Client, t Template) (Version, error) {
	if p := Validate(t); len(p) > 0 {
		return Version{}, Problems(p)
	}
	var id int
	err := store.WithTx(ctx, db, func(tx *ent.Tx) error {
		cl, err := insert(ctx, tx, t, 0, 0, 1)
		if err != nil {
			return err
		}
		id = cl.ID
		return tx.Checklist.UpdateOne(cl).SetRootID(cl.ID).Exec(ctx)
	})
	if err != nil {
		return Version{}, err
	}
	return Get(ctx, db, id)
}

// Edit stores t as the next version of the current version id (which must
// not be deleted: an edit of an old version would fork the history).
// DealerID cannot change.
func Edit(ctx context.Context, db *ent.Client, id int, t Template) (Version, error) {
	if p := Validate(t); len(p) > 0 {
		return Version{}, Problems(p)
	}
	var next int
	err := store.WithTx(ctx, db, func(tx *ent.Tx) error {
		// Retiring the old version first is the lock: of two concurrent
		// edits only one finds it current.
		n, err := tx.Checklist.Update().Where(checklist.ID(id), checklist.Deleted(false), checklist.DealerID(t.DealerID)).
			SetDeleted(true).Save(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			return Problems{"id: no current version of this dealer's checklist with this ID (replaced or retired versions cannot be edited)"}
		}
		old, err := tx.Checklist.Get(ctx, id)
		if err != nil {
			return err
		}
		cl, err := insert(ctx, tx, t, old.ID, old.RootID, old.Version+1)
		if err != nil {
			return err
		}
		next = cl.ID
		return nil
	})
	if err != nil {
		return Version{}, err
	}
	return Get(ctx, db, next)
}

// Retire marks the current version deleted: no new check can use it.
func Retire(ctx context.Context, db *ent.Client, id int) error {
	n, err := db.Checklist.Update().Where(checklist.ID(id), checklist.Deleted(false)).SetDeleted(true).SetActive(false).Save(ctx)
	if err == nil && n == 0 {
		return Problems{"id: no current checklist version with this ID"}
	}
	return err
}

func insert(ctx context.Context, tx *ent.Tx, t Template, parent, root, version int) (*ent.Checklist, error) {
	c := tx.Checklist.Create().SetDealerID(t.DealerID).SetDealerLocationID(t.DealerLocationID).SetName(t.Name).
		SetChecklistType(t.ChecklistType).SetActive(t.Active).SetDisplayOrder(t.DisplayOrder).
		SetRootID(root).SetVersion(version)
	if parent != 0 {
		c.SetParentID(parent)
	}
	if len(t.CustomerStatuses) > 0 {
		c.SetCustomerStatuses(t.CustomerStatuses)
	}
	cl, err := c.Save(ctx)
	if err != nil {
		return nil, err
	}
	qs := make([]*ent.ChecklistQuestionCreate, len(t.Questions))
	for i, q := range t.Questions {
		qs[i] = tx.ChecklistQuestion.Create().SetChecklistID(cl.ID).SetGroupName(q.GroupName).SetGroupOrder(q.GroupOrder).
			SetQuestionOrder(q.QuestionOrder).SetTitle(q.Title).SetDefaultPrice(q.DefaultPrice).
			SetDefaultLabourMinutes(q.DefaultLabourMinutes).SetDefaultStatus(q.DefaultStatus).
			SetContainsTyreElement(q.ContainsTyreElement).SetOptions(q.Options)
	}
	return cl, tx.ChecklistQuestion.CreateBulk(qs...).Exec(ctx)
}

// Get reads one version with its questions in order.
func Get(ctx context.Context, db *ent.Client, id int) (Version, error) {
	cl, err := db.Checklist.Query().Where(checklist.ID(id)).WithQuestions(func(q *ent.ChecklistQuestionQuery) {
		q.Order(ent.Asc(checklistquestion.FieldGroupOrder), ent.Asc(checklistquestion.FieldQuestionOrder), ent.Asc(checklistquestion.FieldID))
	}).Only(ctx)
	if err != nil {
		return Version{}, err
	}
	return version(cl), nil
}

// Current lists the current versions usable at a location (the dealer's
// for every location and the location's own), in display order.
func Current(ctx context.Context, db *ent.Client, dealerID, locationID int, activeOnly bool) ([]Version, error) {
	q := db.Checklist.Query().Where(checklist.DealerID(dealerID), checklist.Deleted(false))
	if locationID != 0 {
		q.Where(checklist.DealerLocationIDIn(0, locationID))
	}
	if activeOnly {
		q.Where(checklist.Active(true))
	}
	cls, err := q.WithQuestions(func(q *ent.ChecklistQuestionQuery) {
		q.Order(ent.Asc(checklistquestion.FieldGroupOrder), ent.Asc(checklistquestion.FieldQuestionOrder), ent.Asc(checklistquestion.FieldID))
	}).Order(ent.Asc(checklist.FieldDisplayOrder), ent.Asc(checklist.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Version, len(cls))
	for i, cl := range cls {
		out[i] = version(cl)
	}
	return out, nil
}

func version(cl *ent.Checklist) Version {
	v := Version{ID: cl.ID, RootID: cl.RootID, Version: cl.Version, ParentID: cl.ParentID, Deleted: cl.Deleted,
		Template: Template{DealerID: cl.DealerID, DealerLocationID: cl.DealerLocationID, Name: cl.Name,
			ChecklistType: cl.ChecklistType, Active: cl.Active, DisplayOrder: cl.DisplayOrder, CustomerStatuses: cl.CustomerStatuses}}
	for _, q := range cl.Edges.Questions {
		v.Questions = append(v.Questions, Question{ID: q.ID, GroupName: q.GroupName, GroupOrder: q.GroupOrder,
			QuestionOrder: q.QuestionOrder, Title: q.Title, DefaultPrice: q.DefaultPrice,
			DefaultLabourMinutes: q.DefaultLabourMinutes, DefaultStatus: q.DefaultStatus,
			ContainsTyreElement: q.ContainsTyreElement, Options: q.Options})
	}
	return v
}
