package onboard

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/communicationsetting"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// A location's CommunicationSetting and its change log: the admin API's
// writes (api/admin) live here.

// SettingField is one changed setting: its ent field name (the API's JSON
// name) and the new value.
type SettingField struct {
	Name  string
	Value any
}

// Setting loads (or, for a location made before settings existed, creates)
// the location's setting.
func Setting(ctx context.Context, db *ent.Client, loc *ent.DealerLocation) (*ent.CommunicationSetting, error) {
	cs, err := db.CommunicationSetting.Query().Where(communicationsetting.DealerLocationID(loc.ID)).Only(ctx)
	if ent.IsNotFound(err) {
		return db.CommunicationSetting.Create().SetDealerLocationID(loc.ID).SetLanguageCode(loc.LanguageCode).
			SetVat(loc.Vat).Save(ctx)
	}
	return cs, err
}

// UpdateSettings sets the given fields (in order) and writes one history
// line per field whose value changed, by userID at now.
func UpdateSettings(ctx context.Context, db *store.DB, loc *ent.DealerLocation, userID int, now time.Time, fields []SettingField) (*ent.CommunicationSetting, error) {
	if _, err := Setting(ctx, db.Client, loc); err != nil {
		return nil, err
	}
	var out *ent.CommunicationSetting
	err := store.WithTx(ctx, db.Client, func(tx *ent.Tx) error {
		// Lock the row so two admins' changes and their history interleave cleanly.
		q := tx.CommunicationSetting.Query().Where(communicationsetting.DealerLocationID(loc.ID))
		if db.Dialect == store.Postgres {
			q = q.ForUpdate()
		}
		cs, err := q.Only(ctx)
		if err != nil {
			return err
		}
		upd := tx.CommunicationSetting.UpdateOne(cs)
		for _, f := range fields {
			old := settingValue(cs, f.Name)
			if old.IsValid() && reflect.DeepEqual(old.Interface(), f.Value) {
				continue // unchanged: no history line
			}
			if err := upd.Mutation().SetField(f.Name, f.Value); err != nil {
				return fmt.Errorf("setting %s: %w", f.Name, err)
			}
			oldJSON := "null"
			if old.IsValid() {
				oldJSON = jsonText(old.Interface())
			}
			if err := tx.CommunicationSettingChange.Create().SetDealerLocationID(loc.ID).SetUserID(userID).
				SetField(f.Name).SetOldValue(oldJSON).SetNewValue(jsonText(f.Value)).SetChangedAt(now).Exec(ctx); err != nil {
				return err
			}
		}
		out, err = upd.Save(ctx)
		return err
	})
	return out, err
}

// settingValue is the row's value of the field named (by its JSON tag),
// a pointer followed; invalid when unset or unknown.
func settingValue(cs *ent.CommunicationSetting, name string) reflect.Value {
	v := reflect.ValueOf(cs).Elem()
	for i := 0; i < v.NumField(); i++ {
		if strings.Split(v.Type().Field(i).Tag.Get("json"), ",")[0] != name {
			continue
		}
		f := v.Field(i)
		if f.Kind() == reflect.Pointer {
			f = f.Elem()
		}
		return f
	}
	return reflect.Value{}
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
