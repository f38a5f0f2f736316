package messages

import (
	"strings"
	"testing"
	"time"

	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const evil = `Jan <script>alert("x")</script> & Zoë`

func sampleData(lang enums.LanguageCode) Data {
	return Data{
		Lang: lang, CustomerName: evil,
		DealerName: "Van Mossel", LocationName: "Ford Tilburg", LocationPhone: "+31 13 123 4567",
		AppointmentDate: time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC), TimeZone: time.UTC,
		RegNumber: "AB-123-C", Link: Link("https://mycarcheck.pro/", "Xk3y9a8b7c6d5e4f3a2b"),
		PIN: "4711", LockerName: "Locker 2", Color: "#e30613",
		WelcomeText: "Welcome!\n<b>Free coffee</b> & cake.", Reference: "AB12CD",
	}
}

func TestRenderEveryKindAndLanguage(t *testing.T) {
	for _, kind := range Kinds {
		for _, lang := range supported {
			t.Run(string(kind)+"/"+string(lang), func(t *testing.T) {
				d := sampleData(lang)
				m, err := Render(kind, d)
				require.NoError(t, err)
				for name, s := range map[string]string{"SMS": m.SMS, "Subject": m.Subject, "Text": m.Text, "HTML": m.HTML} {
					assert.NotEmpty(t, strings.TrimSpace(s), name)
				}
				want := d.Link
				if kind.NeedsPIN() {
					want = d.PIN
					assert.Contains(t, m.Text, d.PIN)
					assert.Contains(t, m.HTML, d.PIN)
				}
				assert.Contains(t, m.SMS, want)
				assert.Contains(t, m.Text, d.Link)
				assert.Contains(t, m.HTML, `href="`+d.Link+`"`)

				assert.True(t, strings.HasSuffix(m.SMS, " Ref: AB12CD"), m.SMS)
				assert.Contains(t, m.Text, "AB12CD")
				assert.Contains(t, m.HTML, "AB12CD")

				assert.NotContains(t, m.HTML, "<script>")
				assert.Contains(t, m.HTML, "&lt;script&gt;")
				assert.NotContains(t, m.HTML, "<b>Free")
				assert.Contains(t, m.HTML, "&lt;b&gt;Free coffee&lt;/b&gt; &amp; cake.")
				assert.Contains(t, m.HTML, `lang="`+string(lang)+`"`)
				assert.Contains(t, m.Text, evil, "plain text keeps the name as typed")

				assert.NotContains(t, m.SMS, "<")
				assert.NotContains(t, m.SMS, ">")
				assert.NotContains(t, m.SMS, "\n")
				assert.NotContains(t, m.Subject, "\n")
				assert.LessOrEqual(t, smsSegments(m.SMS), 2, "%d chars: %s", len([]rune(m.SMS)), m.SMS)
			})
		}
	}
}

func TestPINOnlyInPINMessages(t *testing.T) {
	m, err := Render(RepairOverview, sampleData(enums.LanguageCodeEnGB))
	require.NoError(t, err)
	assert.NotContains(t, m.Text, "4711")
	assert.NotContains(t, m.HTML, "4711")
}

func TestPINMessagesWithoutLink(t *testing.T) {
	d := sampleData(enums.LanguageCodeNlNL)
	d.Link = ""
	for _, k := range []Kind{KeyLockerDropPIN, KeyLockerPickUpPIN} {
		m, err := Render(k, d)
		require.NoError(t, err)
		assert.Contains(t, m.SMS, "4711")
		assert.NotContains(t, m.SMS, "http")
		assert.NotContains(t, m.HTML, "<a href")
	}
}

func TestValidation(t *testing.T) {
	d := sampleData(enums.LanguageCodeEnGB)
	noLink := d
	noLink.Link = " "
	for _, k := range []Kind{OnlineCheckIn, DiagnoseOverview, RepairOverview, DeskCheckInConfirmation} {
		_, err := Render(k, noLink)
		assert.ErrorContains(t, err, "Link", k)
	}
	noPIN := d
	noPIN.PIN = ""
	for _, k := range []Kind{KeyLockerDropPIN, KeyLockerPickUpPIN} {
		_, err := Render(k, noPIN)
		assert.ErrorContains(t, err, "PIN", k)
	}
	_, err := Render("fax", d)
	assert.Error(t, err)
	bad := d
	bad.Link = `javascript:alert(1)`
	_, err = Render(RepairOverview, bad)
	assert.Error(t, err)
}

func TestOptionalFieldsLeftOut(t *testing.T) {
	m, err := Render(OnlineCheckIn, Data{Lang: enums.LanguageCodeDeDE, DealerName: "Autohaus", Link: Link("https://x.example", "k")})
	require.NoError(t, err)
	assert.Equal(t, "Autohaus: Checken Sie online für Ihren Termin ein: https://x.example/#!/k", m.SMS)
	assert.Contains(t, m.Text, "Guten Tag,")
	assert.NotContains(t, m.Text, "Referenz")
	assert.NotContains(t, m.HTML, "<img")
}

func TestBranding(t *testing.T) {
	d := sampleData(enums.LanguageCodeEnGB)
	d.Logo = "https://cdn.example/logo.png"
	m, err := Render(RepairOverview, d)
	require.NoError(t, err)
	assert.Contains(t, m.HTML, `<img src="https://cdn.example/logo.png"`)
	assert.Contains(t, m.HTML, "background:#e30613")
	assert.Contains(t, m.HTML, "color:#ffffff")

	d.Logo, d.Color = "javascript:alert(1)", "red;background:url(x)"
	m, err = Render(RepairOverview, d)
	require.NoError(t, err)
	assert.NotContains(t, m.HTML, "javascript")
	assert.NotContains(t, m.HTML, "url(x)")
	assert.Contains(t, m.HTML, "background:"+defaultColor)

	d.Color = "#fe0" // pale: dark text on it
	m, err = Render(RepairOverview, d)
	require.NoError(t, err)
	assert.Contains(t, m.HTML, "background:#ffee00")
	assert.Contains(t, m.HTML, "color:#1f2328")
}

func TestLanguageFallback(t *testing.T) {
	d := sampleData("nl-BE")
	m, err := Render(RepairOverview, d)
	require.NoError(t, err)
	assert.Contains(t, m.Subject, "Uw auto is klaar")
	d.Lang = "xx-XX"
	m, err = Render(RepairOverview, d)
	require.NoError(t, err)
	assert.Contains(t, m.Subject, "Your car is ready")
}

func TestSubjectAndSMSStaySingleLine(t *testing.T) {
	d := sampleData(enums.LanguageCodeEnGB)
	d.DealerName = "Van\r\nMossel\tBcc: x@example.com"
	m, err := Render(DeskCheckInConfirmation, d)
	require.NoError(t, err)
	assert.NotContains(t, m.Subject, "\n")
	assert.NotContains(t, m.Subject, "\r")
	assert.Contains(t, m.Subject, "Van Mossel Bcc")
}

func TestSender(t *testing.T) {
	assert.Equal(t, "Van Mossel Ford Tilburg", sender("Van Mossel", "Van Mossel Ford Tilburg"))
	assert.Equal(t, "Garage Müller Düsseldorf", sender("Garage Müller", "Düsseldorf"))
	assert.Equal(t, "Garage", sender("Garage", ""))
	assert.Equal(t, "Tilburg", sender("", "Tilburg"))
}

// The kiosk code is printed in the online check-in only, in every
// language and channel, and keeps the SMS within two segments.
func TestKioskCodeOnlyInTheOnlineCheckIn(t *testing.T) {
	for _, lang := range supported {
		d := sampleData(lang)
		d.KioskCode = "042917"
		m, err := Render(OnlineCheckIn, d)
		require.NoError(t, err)
		for name, s := range map[string]string{"SMS": m.SMS, "Text": m.Text, "HTML": m.HTML} {
			assert.Contains(t, s, "042917", "%s %s", lang, name)
		}
		assert.True(t, strings.HasSuffix(m.SMS, " Ref: AB12CD"), m.SMS)
		assert.LessOrEqual(t, smsSegments(m.SMS), 2, "%s: %s", lang, m.SMS)

		// A location's own SMS template gets the line too.
		m, err = RenderWith(OnlineCheckIn, d, Overrides{SMS: "Check in: {{.Link}}"})
		require.NoError(t, err)
		assert.Contains(t, m.SMS, "042917", lang)

		for _, kind := range []Kind{DiagnoseOverview, RepairOverview, DeskCheckInConfirmation, KeyLockerDropPIN} {
			m, err := Render(kind, d)
			require.NoError(t, err)
			assert.NotContains(t, m.SMS+m.Text+m.HTML, "042917", "%s %s", lang, kind)
		}
		d.KioskCode = ""
		m, err = Render(OnlineCheckIn, d)
		require.NoError(t, err)
		assert.NotContains(t, m.SMS+m.Text+m.HTML, texts[lang].Lookup("kiosk_code").Tree.Root.Nodes[0].String(), lang)
	}
}
