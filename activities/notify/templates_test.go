package notify

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/internal/messages"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
)

// Every kind's message is composed from the location's own template in
// each of the four languages, the default where the location has none,
// and the default again when a stored template no longer renders.
func TestRenderUsesTheLocationsTemplateForEveryKindAndLanguage(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t)
	d := db.Dealer.Create().SetName("D").SetCountryCode("NL").SaveX(ctx)
	own := db.DealerLocation.Create().SetDealerID(d.ID).SetName("Own").SetCountry("NL").SetTimeZone("Europe/Amsterdam").SaveX(ctx)
	plain := db.DealerLocation.Create().SetDealerID(d.ID).SetName("Plain").SetCountry("NL").SetTimeZone("Europe/Amsterdam").SaveX(ctx)
	a := &Activities{DB: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}

	for _, kind := range messages.Kinds {
		needs := "{{.Link}}"
		if kind == messages.KeyLockerDropPIN || kind == messages.KeyLockerPickUpPIN {
			needs = "{{.PIN}}"
		}
		for _, lang := range messages.Supported() {
			tag := fmt.Sprintf("own-%s-%s", kind, lang)
			for ch, body := range map[messages.Channel]string{messages.SMS: tag + " " + needs, messages.EmailSubject: tag} {
				db.MessageTemplate.Create().SetDealerLocationID(own.ID).SetKind(string(kind)).SetLanguageCode(lang).
					SetChannel(string(ch)).SetBody(body).ExecX(ctx)
			}
			data := messages.SampleData(lang)
			m, err := a.render(ctx, own.ID, kind, data)
			require.NoError(t, err, tag)
			require.True(t, strings.HasPrefix(m.SMS, tag+" "), "%s: %q", tag, m.SMS)
			require.Equal(t, tag, m.Subject)
			require.NotEmpty(t, m.HTML, "channels without an override keep the default")

			def, err := messages.Render(kind, data)
			require.NoError(t, err)
			m, err = a.render(ctx, plain.ID, kind, data)
			require.NoError(t, err)
			require.Equal(t, def, m, "%s: a location without its own template sends the default", tag)
			require.NotContains(t, m.SMS, "own-")
		}
	}

	// A stored template that no longer renders (it never passes the API's
	// check) does not keep the customer from hearing: the default goes out.
	db.MessageTemplate.Create().SetDealerLocationID(plain.ID).SetKind(string(messages.OnlineCheckIn)).SetLanguageCode("en-GB").
		SetChannel(string(messages.SMS)).SetBody("{{.Nope}}").ExecX(ctx)
	data := messages.SampleData("en-GB")
	def, err := messages.Render(messages.OnlineCheckIn, data)
	require.NoError(t, err)
	m, err := a.render(ctx, plain.ID, messages.OnlineCheckIn, data)
	require.NoError(t, err)
	require.Equal(t, def, m)
}

// At send time the location's templates are checked again: one stored
// before the checks existed (a dump of the data, a range that prints
// megabytes) never runs; the default goes out instead.
func TestRenderSkipsAStoredTemplateTheChecksRefuse(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t)
	d := db.Dealer.Create().SetName("D").SetCountryCode("NL").SaveX(ctx)
	loc := db.DealerLocation.Create().SetDealerID(d.ID).SetName("L").SetCountry("NL").SetTimeZone("Europe/Amsterdam").SaveX(ctx)
	a := &Activities{DB: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	data := messages.SampleData("en-GB")
	def, err := messages.Render(messages.OnlineCheckIn, data)
	require.NoError(t, err)
	for ch, body := range map[messages.Channel]string{
		messages.EmailHTML: `{{range 3}}{{printf "%0999999d" 1}}{{end}}{{.Link}}`,
		messages.EmailText: `{{printf "%#v" $}} {{.Link}}`,
		messages.SMS:       strings.Repeat("x", 2000) + " {{.Link}}",
	} {
		db.MessageTemplate.Delete().ExecX(ctx)
		db.MessageTemplate.Create().SetDealerLocationID(loc.ID).SetKind(string(messages.OnlineCheckIn)).SetLanguageCode("en-GB").
			SetChannel(string(ch)).SetBody(body).ExecX(ctx)
		m, err := a.render(ctx, loc.ID, messages.OnlineCheckIn, data)
		require.NoError(t, err)
		require.Equal(t, def, m, "%s: the default is sent", ch)
	}
}
