package api

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	adminapi "github.com/pitstop-dev/pitstop/api/admin"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

func TestSettingsValidationAndHistory(t *testing.T) {
	f := newAdminFixture(t)
	tok := f.token(enums.RoleIDDealerAdmin)
	path := fmt.Sprintf("/v1/admin/locations/%d/settings", f.locA)
	code, body := f.call("PUT", path, tok, map[string]any{
		"color": "red", "logo": "javascript:alert(1)", "email": "no", "phone_number": "12345", "check_in_days_prior": 31,
		"vat": 101, "layout": 9, "language_code": "it-IT", "welcome_text": "a\x00b", "check_in_testing_phone": "+31 6",
		"heading_position": 7, "summer_a_threshold": -1,
	}, nil)
	require.Equal(t, http.StatusOK, code)
	got := strings.Join(errorsIn(body), "\n")
	for _, want := range []string{"color: must be a colour #RRGGBB", "logo: must be an http(s) URL", "email", "phone_number:",
		"check_in_days_prior: must be between 0 and 30", "vat: must be between 0 and 100", "layout:", "language_code:",
		"welcome_text", "check_in_testing_phone", "heading_position", "summer_a_threshold"} {
		assert.Contains(t, got, want)
	}
	var before adminapi.SettingsView
	code, _ = f.call("GET", path, tok, nil, &before)
	require.Equal(t, http.StatusOK, code)
	assert.Equal(t, "", before.Color, "nothing of the refused update was stored")

	var after adminapi.SettingsView
	code, body = f.call("PUT", path, tok, map[string]any{"color": "#A1B2C3", "phone_number": "020 123 4567", "check_in_days_prior": 0,
		"vat": 9, "diagnose_overview_remarks_enabled": true, "website": "https://dealer.example", "email": "service@dealer.example",
		"language_code": "de-DE"}, &after)
	require.Equal(t, http.StatusOK, code, string(body))
	assert.Equal(t, "#A1B2C3", after.Color)
	assert.Equal(t, "+31201234567", after.PhoneNumber, "normalised to E.164 with the location's country")
	assert.Equal(t, 0, after.CheckInDaysPrior)
	assert.True(t, after.DiagnoseOverviewRemarksEnabled)
	assert.Equal(t, enums.LanguageCodeDeDE, after.LanguageCode)

	// The same value again records nothing; a platform admin's change is attributed to it.
	code, _ = f.call("PUT", path, f.token(enums.RoleIDClaireAdmin), map[string]any{"color": "#A1B2C3", "vat": 10}, nil)
	require.Equal(t, http.StatusOK, code)
	var hist struct{ Changes []adminapi.SettingChangeView }
	code, _ = f.call("GET", path+"/history", tok, nil, &hist)
	require.Equal(t, http.StatusOK, code)
	require.Len(t, hist.Changes, 9)
	latest := hist.Changes[0]
	assert.Equal(t, "vat", latest.Field)
	assert.Equal(t, "9", latest.OldValue)
	assert.Equal(t, "10", latest.NewValue)
	assert.Equal(t, f.users[enums.RoleIDClaireAdmin], latest.UserID)
	fields := map[string]adminapi.SettingChangeView{}
	for _, c := range hist.Changes[1:] {
		fields[c.Field] = c
		assert.Equal(t, f.users[enums.RoleIDDealerAdmin], c.UserID)
	}
	assert.Equal(t, `""`, fields["color"].OldValue)
	assert.Equal(t, `"#A1B2C3"`, fields["color"].NewValue)
	assert.Equal(t, "3", fields["check_in_days_prior"].OldValue)
	assert.Equal(t, "0", fields["check_in_days_prior"].NewValue)
}

func TestTemplatesSavePreviewReset(t *testing.T) {
	f := newAdminFixture(t)
	tok := f.token(enums.RoleIDDealerAdmin)
	base := fmt.Sprintf("/v1/admin/locations/%d/templates", f.locA)

	var ph adminapi.PlaceholdersResponse
	code, _ := f.call("GET", "/v1/admin/templates/placeholders", tok, nil, &ph)
	require.Equal(t, http.StatusOK, code)
	assert.Len(t, ph.Kinds, 10, "six messages, the two reminders, car ready and the feedback invitation (issue #25)")
	assert.Equal(t, []string{"en-GB", "nl-NL", "fr-FR", "de-DE"}, ph.Languages)

	var v adminapi.TemplatesView
	code, _ = f.call("GET", base+"/diagnose_overview/fr-FR", tok, nil, &v)
	require.Equal(t, http.StatusOK, code)
	require.Len(t, v.Channels, 4)
	for _, ch := range v.Channels {
		assert.Nil(t, ch.Override)
		assert.Equal(t, ch.Default, ch.Effective)
		assert.NotEmpty(t, ch.Default)
	}

	// Unknown placeholder, unknown kind or language: refused, nothing stored.
	code, body := f.call("PUT", base+"/diagnose_overview/fr-FR", tok, map[string]any{"sms": "Bonjour {{.Client}} {{.Link}}"}, nil)
	require.Equal(t, http.StatusOK, code)
	assert.Contains(t, strings.Join(errorsIn(body), ";"), "unknown placeholder {{.Client}}")
	code, body = f.call("PUT", base+"/diagnose_overview/fr-FR", tok, map[string]any{"email_subject": "{{.Reg"}, nil)
	require.Equal(t, http.StatusOK, code)
	assert.NotEmpty(t, errorsIn(body))
	code, body = f.call("GET", base+"/brochure/fr-FR", tok, nil, nil)
	require.Equal(t, http.StatusOK, code)
	assert.Contains(t, strings.Join(errorsIn(body), ";"), "kind:")
	code, body = f.call("GET", base+"/diagnose_overview/es-ES", tok, nil, nil)
	require.Equal(t, http.StatusOK, code)
	assert.Contains(t, strings.Join(errorsIn(body), ";"), "lang:")

	// Save, then preview: the SMS counts its segments; a non-GSM character makes it UCS-2.
	code, body = f.call("PUT", base+"/diagnose_overview/fr-FR", tok, map[string]any{"sms": "Voiture {{.Reg}} inspectée: {{.Link}}",
		"email_subject": "Inspection {{.Reg}} chez {{.Sender}}"}, &v)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Empty(t, errorsIn(body))
	var pv adminapi.PreviewResponse
	code, body = f.call("POST", base+"/diagnose_overview/fr-FR/preview", tok, nil, &pv)
	require.Equal(t, http.StatusOK, code, string(body))
	assert.True(t, strings.HasPrefix(pv.SMS, "Voiture AB-123-C inspectée: https://"), pv.SMS)
	assert.Equal(t, "GSM-7", pv.SMSEncoding, "é is in GSM-7")
	assert.Equal(t, 1, pv.SMSSegments)
	assert.Equal(t, "Inspection AB-123-C chez Dealer A Loc", pv.Subject)
	// A draft in the body is previewed without being saved.
	code, body = f.call("POST", base+"/diagnose_overview/fr-FR/preview", tok, map[string]any{"sms": strings.Repeat("ł", 40) + " {{.Link}}"}, &pv)
	require.Equal(t, http.StatusOK, code, string(body))
	assert.Equal(t, "UCS-2", pv.SMSEncoding)
	assert.Equal(t, 2, pv.SMSSegments)
	code, body = f.call("POST", base+"/diagnose_overview/fr-FR/preview", tok, map[string]any{"sms": "{{.Nope}}"}, nil)
	require.Equal(t, http.StatusOK, code)
	assert.Contains(t, strings.Join(errorsIn(body), ";"), "unknown placeholder {{.Nope}}")

	// Reset one channel, then all.
	code, _ = f.call("DELETE", base+"/diagnose_overview/fr-FR?channel=sms", tok, nil, &v)
	require.Equal(t, http.StatusOK, code)
	overridden := map[string]bool{}
	for _, ch := range v.Channels {
		overridden[ch.Channel] = ch.Override != nil
	}
	assert.Equal(t, map[string]bool{"email_subject": true, "email_html": false, "email_text": false, "sms": false}, overridden)
	code, _ = f.call("DELETE", base+"/diagnose_overview/fr-FR", tok, nil, &v)
	require.Equal(t, http.StatusOK, code)
	for _, ch := range v.Channels {
		assert.Nil(t, ch.Override)
	}
}

func TestAgreementVersions(t *testing.T) {
	f := newAdminFixture(t)
	tok := f.token(enums.RoleIDDealerAdmin)
	var v1, v2 adminapi.AdminAgreementView
	code, body := f.call("POST", fmt.Sprintf("/v1/admin/dealers/%d/agreements", f.dealerA), tok,
		map[string]any{"name": "Terms", "text": "I agree.", "visible_online_check_in": true}, &v1)
	require.Equal(t, http.StatusOK, code, string(body))
	assert.Equal(t, 1, v1.Version)
	code, body = f.call("PUT", fmt.Sprintf("/v1/admin/agreements/%d", v1.ID), tok, map[string]any{"text": "I agree to the new terms."}, &v2)
	require.Equal(t, http.StatusOK, code, string(body))
	assert.Equal(t, 2, v2.Version)
	assert.Equal(t, v1.ID, v2.ParentID)
	assert.Equal(t, "Terms", v2.Name, "unnamed fields carry over")
	assert.True(t, v2.VisibleOnlineCheckIn)
	var old adminapi.AdminAgreementView
	f.call("GET", fmt.Sprintf("/v1/admin/agreements/%d", v1.ID), tok, nil, &old)
	assert.Equal(t, "I agree.", old.Text, "the accepted version never changes")
	assert.False(t, old.Current)
	code, body = f.call("PUT", fmt.Sprintf("/v1/admin/agreements/%d", v1.ID), tok, map[string]any{"text": "again"}, nil)
	require.Equal(t, http.StatusOK, code)
	assert.Contains(t, strings.Join(errorsIn(body), ";"), "only the current version")
	// Receptionists cannot touch agreements; support admins cannot retire.
	code, _ = f.call("POST", fmt.Sprintf("/v1/admin/agreements/%d/retire", v2.ID), f.token(enums.RoleIDSupportAdmin), nil, nil)
	assert.Equal(t, http.StatusForbidden, code)
	var retired adminapi.AdminAgreementView
	code, _ = f.call("POST", fmt.Sprintf("/v1/admin/agreements/%d/retire", v2.ID), tok, nil, &retired)
	require.Equal(t, http.StatusOK, code)
	assert.True(t, retired.Retired)
	var list struct{ Agreements []adminapi.AdminAgreementView }
	f.call("GET", fmt.Sprintf("/v1/admin/dealers/%d/agreements", f.dealerA), tok, nil, &list)
	assert.Empty(t, list.Agreements)
	f.call("GET", fmt.Sprintf("/v1/admin/dealers/%d/agreements?history=true", f.dealerA), tok, nil, &list)
	assert.Len(t, list.Agreements, 2)
}
