package commread

import (
	"encoding/json"

	"github.com/pitstop-dev/pitstop/ent"
)

// SettingsAsSent is the CommunicationSetting the customer page should show
// for com: the snapshot taken when its last message was sent
// (activities/notify), else live (communications sent before snapshots
// existed). A setting changed after the send thus never changes what the
// customer already saw; Assemble uses it in place of the live setting.
func SettingsAsSent(com *ent.CustomerCommunication, live *ent.CommunicationSetting) *ent.CommunicationSetting {
	if com == nil || com.SettingsSnapshot == "" {
		return live
	}
	var s ent.CommunicationSetting
	if err := json.Unmarshal([]byte(com.SettingsSnapshot), &s); err != nil {
		return live
	}
	return &s
}
