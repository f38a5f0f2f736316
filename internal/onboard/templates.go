package onboard

import (
	"context"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/messagetemplate"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// A location's own message templates (overrides of the defaults in
// internal/messages), per kind, language and channel. The caller checks
// them (messages.CheckOverride) before they are saved.

// SaveTemplates stores the bodies by channel, replacing earlier overrides.
func SaveTemplates(ctx context.Context, db *ent.Client, locationID int, kind string, lang enums.LanguageCode, userID int, bodies map[string]string) error {
	return store.WithTx(ctx, db, func(tx *ent.Tx) error {
		for ch, body := range bodies {
			err := tx.MessageTemplate.Create().SetDealerLocationID(locationID).SetKind(kind).SetLanguageCode(lang).
				SetChannel(ch).SetBody(body).SetUpdatedBy(userID).
				OnConflictColumns(messagetemplate.FieldDealerLocationID, messagetemplate.FieldKind, messagetemplate.FieldLanguageCode, messagetemplate.FieldChannel).
				Update(func(u *ent.MessageTemplateUpsert) { u.UpdateBody().UpdateUpdatedBy().UpdateUpdatedAt() }).Exec(ctx)
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// ResetTemplates deletes the overrides of one kind and language (of one
// channel only unless channel is empty).
func ResetTemplates(ctx context.Context, db *ent.Client, locationID int, kind string, lang enums.LanguageCode, channel string) error {
	q := db.MessageTemplate.Delete().Where(messagetemplate.DealerLocationID(locationID), messagetemplate.Kind(kind),
		messagetemplate.LanguageCode(lang))
	if channel != "" {
		q = q.Where(messagetemplate.Channel(channel))
	}
	_, err := q.Exec(ctx)
	return err
}
