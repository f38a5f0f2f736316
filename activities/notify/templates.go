package notify

import (
	"context"
	"encoding/json"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/customercommunication"
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
// were composed with, for the customer page (commread.SettingsAsSent). A
// later send with another setting refreshes it; one with the same setting
// (a retried delivery, the second channel of a message) writes nothing,
// so settings_snapshot_at is when the communication first went out with
// the setting it shows.
func (a *Activities) snapshotSettings(ctx context.Context, com *ent.CustomerCommunication, set *ent.CommunicationSetting) error {
	if set == nil {
		return nil
	}
	b, err := json.Marshal(set)
	if err != nil {
		return err
	}
	if com.SettingsSnapshot == string(b) {
		return nil
	}
	return a.DB.CustomerCommunication.Update().Where(customercommunication.ID(com.ID)).
		SetSettingsSnapshot(string(b)).SetSettingsSnapshotAt(a.now()).Exec(ctx)
}
