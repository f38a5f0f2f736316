package notify

import (
	"context"
	"encoding/json"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/messagetemplate"
	"github.com/pitstop-dev/pitstop/internal/messages"
)

// render renders a message with the location's own templates for the
// message's language, read now (at send time): a template saved after this
// message was delivered never changes it, and one saved before applies.
// Templates were checked when saved and RenderWith checks them again (the
// allowed constructs and the output caps); one that fails now (stored
// before a check existed, a default changed under it, real data past a cap)
// falls back to the default instead of not telling the customer at all.
func (a *Activities) render(ctx context.Context, locationID int, kind messages.Kind, d messages.Data) (messages.Message, error) {
	rows, err := a.DB.MessageTemplate.Query().Where(messagetemplate.DealerLocationID(locationID),
		messagetemplate.Kind(string(kind)), messagetemplate.LanguageCode(messages.Resolve(d.Lang))).All(ctx)
	if err != nil {
		return messages.Message{}, err
	}
	if len(rows) == 0 {
		return messages.Render(kind, d)
	}
	ov := overridesOf(rows)
	msg, err := messages.RenderWith(kind, d, ov)
	if err != nil {
		a.logger().Warn("location template does not render; sending the default", "location_id", locationID, "kind", kind, "error", err)
		return messages.Render(kind, d)
	}
	return msg, nil
}

func overridesOf(rows []*ent.MessageTemplate) messages.Overrides {
	ov := messages.Overrides{}
	for _, r := range rows {
		ov[messages.Channel(r.Channel)] = r.Body
	}
	return ov
}

// snapshotSettings keeps, on the communication, the setting its messages
// were composed with, for the customer page (commread.SettingsAsSent). A retried
// delivery writes the same setting again; a later send refreshes it.
func (a *Activities) snapshotSettings(ctx context.Context, comID int, set *ent.CommunicationSetting) error {
	if set == nil {
		return nil
	}
	b, err := json.Marshal(set)
	if err != nil {
		return err
	}
	return a.DB.CustomerCommunication.UpdateOneID(comID).SetSettingsSnapshot(string(b)).SetSettingsSnapshotAt(a.now()).Exec(ctx)
}
