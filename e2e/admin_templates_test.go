package e2e

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/api/commread"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/internal/enums"
	wfappointment "github.com/pitstop-dev/pitstop/workflows/appointment"
)

// A location's own templates reach the customer, in the customer's language
// (all four), and a template or setting changed later applies to later
// sends only: what the fake providers already received stays as it was.
func TestTemplateOverrideIsSentInEachLanguage(t *testing.T) {
	s := newStack(t)
	ctx := context.Background()
	admin := s.dealerAdminToken()
	loc := s.Demo.LocationID
	words := map[enums.LanguageCode]string{enums.LanguageCodeEnGB: "Inspected", enums.LanguageCodeNlNL: "Gekeurd",
		enums.LanguageCodeFrFR: "Inspectée", enums.LanguageCodeDeDE: "Geprüft"}
	langs := []enums.LanguageCode{enums.LanguageCodeEnGB, enums.LanguageCodeNlNL, enums.LanguageCodeFrFR, enums.LanguageCodeDeDE}
	for _, lang := range langs {
		code, body := s.call("PUT", fmt.Sprintf("/v1/admin/locations/%d/templates/diagnose_overview/%s", loc, lang), admin, map[string]string{
			"sms":           fmt.Sprintf("[%s] %s {{.Reg}}: {{.Link}}", lang, words[lang]),
			"email_subject": fmt.Sprintf("[%s] %s {{.Reg}}", lang, words[lang]),
			"email_text":    fmt.Sprintf("%s {{.Customer}}\n{{.Link}}", words[lang]),
		}, nil)
		require.Equal(t, http.StatusOK, code, string(body))
		require.NotContains(t, string(body), `"errors"`)
	}
	// A refused template never reaches sending.
	code, body := s.call("PUT", fmt.Sprintf("/v1/admin/locations/%d/templates/diagnose_overview/en-GB", loc), admin,
		map[string]string{"sms": "{{.Customr}} {{.Link}}"}, nil)
	require.Equal(t, http.StatusOK, code)
	require.Contains(t, strings.Join(errorsOf(t, body), ";"), "unknown placeholder {{.Customr}}")

	second := s.Demo.Appointments[1].AppointmentID
	ap, err := s.DB.Appointment.Query().Where(appointment.ID(second)).WithCustomerDriver().Only(ctx)
	require.NoError(t, err)
	cu := ap.Edges.CustomerDriver
	s.start()
	s.waitState(second, func(wfappointment.AppointmentState) bool { return true })
	for i, lang := range langs {
		require.NoError(t, cu.Update().SetLanguageCode(lang).Exec(ctx))
		s.sendDiagnose(second)
		evType, n := enums.CommunicationEventTypeDiagnoseOverviewResent, 2*i
		if i == 0 {
			evType, n = enums.CommunicationEventTypeDiagnoseOverviewCreated, 2
		}
		s.waitEventReceivers(second, evType, n, func(r *ent.CommunicationReceiver) bool { return r.DeliveryState == "accepted" })
		sms := s.smsTo(cu.TelMobilePrivate)
		require.Len(t, sms, i+1)
		want := fmt.Sprintf("[%s] %s %s: http://customer.test/app/#!/", lang, words[lang], ap.RegNumber)
		require.True(t, strings.HasPrefix(sms[i].Body, want), "%s: %q", lang, sms[i].Body)
		require.Regexp(t, ` Ref: PS[0-9A-Z]{7}$`, sms[i].Body, "the reference is kept")
		mails := s.emailsTo(cu.EmailPrivate)
		require.Len(t, mails, i+1)
		require.Equal(t, fmt.Sprintf("[%s] %s %s", lang, words[lang], ap.RegNumber), mails[i].Subject)
		require.True(t, strings.HasPrefix(mails[i].Text, words[lang]+" "+cu.FirstName), mails[i].Text)
	}

	// Later changes (template reset, colour) apply to the next send only.
	code, _ = s.call("DELETE", fmt.Sprintf("/v1/admin/locations/%d/templates/diagnose_overview/de-DE?channel=sms", loc), admin, nil, nil)
	require.Equal(t, http.StatusOK, code)
	code, body = s.call("PUT", fmt.Sprintf("/v1/admin/locations/%d/settings", loc), admin, map[string]string{"color": "#C0FFEE"}, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	// Until the next send, the customer page keeps the colour it was sent with.
	shown := func() string {
		com := s.communication(second)
		live, err := s.DB.CommunicationSetting.Query().Only(ctx)
		require.NoError(t, err)
		return commread.SettingsAsSent(com, live).Color
	}
	require.Equal(t, "#0b5cad", shown(), "the seeded colour the messages were sent with")
	before := s.smsTo(cu.TelMobilePrivate)
	s.sendDiagnose(second)
	s.waitEventReceivers(second, enums.CommunicationEventTypeDiagnoseOverviewResent, 8, func(r *ent.CommunicationReceiver) bool { return r.DeliveryState == "accepted" })
	after := s.smsTo(cu.TelMobilePrivate)
	require.Len(t, after, 5)
	require.Equal(t, before, after[:4], "what was sent stays as it was")
	require.NotContains(t, after[4].Body, "[de-DE]", "the default SMS again")
	mails := s.emailsTo(cu.EmailPrivate)
	require.Contains(t, strings.ToLower(mails[4].HTML), "#c0ffee")
	require.NotContains(t, strings.ToLower(mails[3].HTML), "#c0ffee")
	require.Equal(t, "#C0FFEE", shown(), "the page shows the setting of the latest send")
}
