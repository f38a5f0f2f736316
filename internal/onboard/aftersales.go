package onboard

import (
	"context"
	"time"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// A location's car-ready message and feedback question (issue #25): on or
// off per location, stored on its CommunicationSetting so every change
// lands in the settings' change log. Both are off until an admin turns
// them on; the lifecycle reads them when it would send.

// Aftersales are the two switches. On an update, nil keeps the current value.
type Aftersales struct {
	CarReadyMessageEnabled  *bool `json:"car_ready_message_enabled"`
	FeedbackQuestionEnabled *bool `json:"feedback_question_enabled"`
}

// AftersalesOf reads the switches of a setting row.
func AftersalesOf(cs *ent.CommunicationSetting) Aftersales {
	return Aftersales{CarReadyMessageEnabled: &cs.CarReadyMessageEnabled, FeedbackQuestionEnabled: &cs.FeedbackQuestionEnabled}
}

// UpdateAftersales stores the values given, one history line per changed
// value, by userID (0: the command line) at now.
func UpdateAftersales(ctx context.Context, db *store.DB, loc *ent.DealerLocation, userID int, now time.Time, a Aftersales) (Aftersales, error) {
	var fields []SettingField
	if a.CarReadyMessageEnabled != nil {
		fields = append(fields, SettingField{Name: "car_ready_message_enabled", Value: *a.CarReadyMessageEnabled})
	}
	if a.FeedbackQuestionEnabled != nil {
		fields = append(fields, SettingField{Name: "feedback_question_enabled", Value: *a.FeedbackQuestionEnabled})
	}
	cs, err := UpdateSettings(ctx, db, loc, userID, now, fields)
	if err != nil {
		return Aftersales{}, err
	}
	return AftersalesOf(cs), nil
}
