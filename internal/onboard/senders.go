package onboard

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"time"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/communicationsetting"
	"github.com/pitstop-dev/pitstop/ent/smssender"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// A location's own SMS sender pool (issue #25, two-way messages): the
// Twilio numbers its appointments' SMS go out from, so a dealer group's
// locations each send from their own numbers and a reply that matches no
// conversation still tells its location by the number it was sent to.
// Stored as rows of sms_senders (a number is unique: it belongs to one
// location only) and logged in the settings' change log as one line,
// field sms_sender_pool, old and new list. An empty pool sends from the
// deployment's PITSTOP_TWILIO_SENDER_POOL.

// MaxSenderPool bounds a location's pool.
const MaxSenderPool = 50

// SenderPoolField is the change log's field name of the pool.
const SenderPoolField = "sms_sender_pool"

// SenderPool is the pool's numbers, in order; on an update it replaces
// the whole pool (an empty list: the deployment's pool again).
type SenderPool struct {
	Numbers []string `json:"numbers"`
}

// SenderPoolView is the pool, and whether the location sends from the
// deployment's pool because it has none of its own.
type SenderPoolView struct {
	Numbers      []string `json:"numbers"`
	UsesFallback bool     `json:"uses_fallback"`
}

// e164 is a number in E.164: +, a country code, at most 15 digits. Not
// checked against libphonenumber's metadata: Twilio sells ranges (M2M,
// new blocks) before that metadata knows them.
var e164 = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)

// Check validates the numbers as given (no normalising: a sender number is
// written exactly as Twilio shows it) and, with fallback the deployment's
// pool, refuses one of its numbers: the fallback is shared by every
// location without a pool, so its numbers tell no location.
func (p *SenderPool) Check(fallback []string) error {
	var pr problems
	if len(p.Numbers) > MaxSenderPool {
		pr.add(fmt.Sprintf("numbers: at most %d", MaxSenderPool))
	}
	seen := map[string]bool{}
	for i, n := range p.Numbers {
		switch {
		case !e164.MatchString(n):
			pr.add(fmt.Sprintf("numbers[%d]: %q is not an E.164 number (+ and the country code, digits only, e.g. +3197010000001)", i, clip(n)))
		case seen[n]:
			pr.add(fmt.Sprintf("numbers[%d]: %s is listed twice", i, n))
		case slices.Contains(fallback, n):
			pr.add(fmt.Sprintf("numbers[%d]: %s is in PITSTOP_TWILIO_SENDER_POOL, the pool every location without its own shares; "+
				"a location's own number must be one no other location sends from", i, n))
		}
		seen[n] = true
	}
	return invalidOf(pr)
}

func clip(s string) string {
	if r := []rune(s); len(r) > 32 {
		return string(r[:32]) + "…"
	}
	return s
}

// SenderPoolOf reads the location's own pool, in order.
func SenderPoolOf(ctx context.Context, db *ent.Client, locationID int) (SenderPoolView, error) {
	nums, err := db.SmsSender.Query().Where(smssender.DealerLocationID(locationID)).
		Order(ent.Asc(smssender.FieldPosition), ent.Asc(smssender.FieldID)).Select(smssender.FieldNumber).Strings(ctx)
	if err != nil {
		return SenderPoolView{}, err
	}
	if nums == nil {
		nums = []string{}
	}
	return SenderPoolView{Numbers: nums, UsesFallback: len(nums) == 0}, nil
}

// UpdateSenderPool validates and replaces the location's pool, one history
// line when it changed, by userID (0: the command line) at now. A number
// another location holds is refused, naming that location when it is the
// same dealer's (another dealer's is only "another dealer's location");
// the unique index refuses it too when two admins race.
func UpdateSenderPool(ctx context.Context, db *store.DB, loc *ent.DealerLocation, userID int, now time.Time, p SenderPool,
	fallback []string) (SenderPoolView, error) {
	if p.Numbers == nil { // never read as "empty it": an empty list must be meant
		return SenderPoolView{}, &Invalid{Problems: []string{"numbers: required, the whole pool " +
			"(an empty list: the location sends from PITSTOP_TWILIO_SENDER_POOL again)"}}
	}
	if err := p.Check(fallback); err != nil {
		return SenderPoolView{}, err
	}
	if _, err := Setting(ctx, db.Client, loc); err != nil {
		return SenderPoolView{}, err
	}
	err := store.WithTx(ctx, db.Client, func(tx *ent.Tx) error {
		// The setting row's lock orders two admins' changes of one location.
		q := tx.CommunicationSetting.Query().Where(communicationsetting.DealerLocationID(loc.ID))
		if db.Dialect == store.Postgres {
			q = q.ForUpdate()
		}
		if _, err := q.Only(ctx); err != nil {
			return err
		}
		var err error
		var taken []*ent.SmsSender
		if len(p.Numbers) > 0 {
			taken, err = tx.SmsSender.Query().Where(smssender.NumberIn(p.Numbers...), smssender.DealerLocationIDNEQ(loc.ID)).
				Order(ent.Asc(smssender.FieldNumber)).All(ctx)
			if err != nil {
				return err
			}
		}
		if len(taken) > 0 {
			var pr problems
			for _, t := range taken {
				where := "another dealer's location"
				if l, err := tx.DealerLocation.Get(ctx, t.DealerLocationID); err == nil && l.DealerID == loc.DealerID {
					where = fmt.Sprintf("location %d (%s)", l.ID, l.Name)
				} else if err != nil && !ent.IsNotFound(err) {
					return err
				}
				pr.add(fmt.Sprintf("numbers: %s already belongs to %s; a number may belong to one location only: remove it there first",
					t.Number, where))
			}
			return invalidOf(pr)
		}
		old, err := tx.SmsSender.Query().Where(smssender.DealerLocationID(loc.ID)).
			Order(ent.Asc(smssender.FieldPosition), ent.Asc(smssender.FieldID)).Select(smssender.FieldNumber).Strings(ctx)
		if err != nil {
			return err
		}
		if old == nil {
			old = []string{}
		}
		if slices.Equal(old, p.Numbers) {
			return nil // unchanged: no history line
		}
		if _, err := tx.SmsSender.Delete().Where(smssender.DealerLocationID(loc.ID)).Exec(ctx); err != nil {
			return err
		}
		for i, n := range p.Numbers {
			if err := tx.SmsSender.Create().SetDealerLocationID(loc.ID).SetNumber(n).SetPosition(i).Exec(ctx); err != nil {
				return err
			}
		}
		return tx.CommunicationSettingChange.Create().SetDealerLocationID(loc.ID).SetUserID(userID).SetField(SenderPoolField).
			SetOldValue(jsonText(old)).SetNewValue(jsonText(p.Numbers)).SetChangedAt(now).Exec(ctx)
	})
	if ent.IsConstraintError(err) { // another location took a number since the check
		return SenderPoolView{}, &Invalid{Problems: []string{
			"numbers: one of them was just given to another location; a number may belong to one location only: read the pool again"}}
	}
	if err != nil {
		return SenderPoolView{}, err
	}
	return SenderPoolOf(ctx, db.Client, loc.ID)
}
