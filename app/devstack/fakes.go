package devstack

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/pitstop-dev/pitstop/internal/routes"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/activities/notify"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/communicationreceiver"
	acsesfake "github.com/pitstop-dev/pitstop/integrations/acses/fake"
	mailgunfake "github.com/pitstop-dev/pitstop/integrations/mailgun/fake"
	remotediagfake "github.com/pitstop-dev/pitstop/integrations/remotediag/fake"
	twiliofake "github.com/pitstop-dev/pitstop/integrations/twilio/fake"
	"github.com/pitstop-dev/pitstop/internal/config"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

// Fakes are the local stand-ins of Twilio and Mailgun that `pitstop dev`
// runs on the addresses of PITSTOP_TWILIO_BASE_URL and PITSTOP_MAILGUN_BASE_URL.
// They speak the providers' real HTTP APIs; the real SDK clients talk to them.
type Fakes struct {
	Twilio  *twiliofake.Server
	Mailgun *mailgunfake.Server
	// RemoteDiag simulates the remote-diagnose provider (with its seed:
	// connectors, the Ford WF0AXXGCDA1234567 and the Renault
	// VF1KT1RG123456789, products, a voucher PITSTOP10); its tickets take
	// a few seconds per state, so a person can follow them.
	RemoteDiag *remotediagfake.Server
	// ACSES is the key-locker vendor's simulator on PITSTOP_ACSES_BASE_URL,
	// with the demo locker system of 16 cells; its events go to the API.
	ACSES     *acsesfake.Server
	acsesBase string
	Notifier  *notify.Notifier
	servers   []*http.Server
}

// StartFakes listens on the configured provider base URLs.
func StartFakes(cfg config.Config) (*Fakes, error) {
	f := &Fakes{
		Twilio: twiliofake.NewHandler(twiliofake.WithCredentials(cfg.Twilio.AccountSID, cfg.Twilio.AuthToken),
			twiliofake.WithPhoneNumber(cfg.Twilio.From)),
		Mailgun: mailgunfake.NewHandler(mailgunfake.WithDomain(cfg.Mailgun.Domain), mailgunfake.WithAPIKey(cfg.Mailgun.APIKey),
			mailgunfake.WithWebhookSigningKey(cfg.Mailgun.WebhookSigningKey)),
		ACSES: acsesfake.NewHandler(acsesfake.WithAPIKey(cfg.ACSES.APIKey),
			acsesfake.WithLockerSystem(acsesfake.LockerSystemConfig{ID: acsesfake.DemoLockerSystemID, Name: "Demo locker",
				Cells: acsesfake.DemoCells, WebhookSecrets: cfg.ACSES.WebhookSecrets}),
			acsesfake.WithWebhookURL(cfg.APIBaseURL+routes.ACSESEventsPath), acsesfake.WithEventToken(first(cfg.ACSES.EventTokens))),
		acsesBase: cfg.ACSES.BaseURL,
	}
	fakes := []struct {
		base string
		h    http.Handler
	}{{cfg.Twilio.BaseURL, f.Twilio}, {cfg.Mailgun.BaseURL, f.Mailgun}, {cfg.ACSES.BaseURL, f.ACSES}}
	if cfg.RemoteDiag.BaseURL != "" {
		f.RemoteDiag = remotediagfake.NewHandler(remotediagfake.WithStepInterval(5 * time.Second))
		fakes = append(fakes, struct {
			base string
			h    http.Handler
		}{cfg.RemoteDiag.BaseURL, f.RemoteDiag})
	}
	for _, s := range fakes {
		u, err := url.Parse(s.base)
		if err != nil || u.Host == "" {
			f.Close()
			return nil, fmt.Errorf("fake provider base URL %q: want http://host:port", s.base)
		}
		ln, err := net.Listen("tcp", u.Host)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("fake provider on %s: %w", u.Host, err)
		}
		srv := &http.Server{Handler: s.h, ReadHeaderTimeout: 5 * time.Second}
		go func() {
			if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				fmt.Println("fake provider stopped:", err)
			}
		}()
		f.servers = append(f.servers, srv)
	}
	n, err := notify.NewNotifier(cfg)
	if err != nil {
		f.Close()
		return nil, err
	}
	f.Notifier = n
	// Delivery outcomes come back to the API as they would from Mailgun
	// (Twilio's status callback URL travels with each message).
	f.Mailgun.SetWebhookURL(cfg.APIBaseURL + routes.MailgunEventsPath)
	return f, nil
}

// Close stops the fakes.
func (f *Fakes) Close() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	for _, s := range f.servers {
		_ = s.Shutdown(ctx)
	}
	f.Twilio.Close()
	f.Mailgun.Close()
	if f.RemoteDiag != nil {
		f.RemoteDiag.Close()
	}
	f.ACSES.Close()
}

// Mount adds /dev/outbox: every message the fakes received, newest first,
// with its links clickable, so a person can follow a link like a customer.
// Each read first forgets the messages of erased customers (ForgetErased
// on db).
func (f *Fakes) Mount(r *gin.Engine, db *ent.Client) {
	r.GET("/dev/outbox", func(c *gin.Context) {
		if _, err := f.ForgetErased(c.Request.Context(), db); err != nil {
			c.String(http.StatusServiceUnavailable, "dev outbox: %v", err)
			return
		}
		var rows []outboxRow
		for _, m := range f.Twilio.Messages() {
			rows = append(rows, outboxRow{At: m.DateCreated, Channel: "SMS", To: m.To, Subject: m.Status, Body: m.Body})
		}
		for _, m := range f.Mailgun.Messages() {
			for _, to := range m.To {
				rows = append(rows, outboxRow{At: m.Received, Channel: "Email", To: to, Subject: m.Subject, Body: m.Text})
			}
		}
		sort.Slice(rows, func(i, j int) bool { return rows[i].At.After(rows[j].At) })
		bookings := f.ACSES.Bookings()
		for i := range rows {
			rows[i].Links = linkPattern.FindAllString(rows[i].Body, -1)
			// A locker PIN in the message: link the simulator's door page,
			// where a person opens the door with it like the customer would.
			for _, b := range bookings {
				if b.Code != "" && strings.Contains(rows[i].Body, b.Code) {
					rows[i].Links = append(rows[i].Links, f.DoorURL(b.LockerSystemID, b.Code))
				}
			}
		}
		c.Header("Content-Type", "text/html; charset=utf-8")
		if err := outboxPage.Execute(c.Writer, rows); err != nil {
			_ = c.Error(err)
		}
	})
}

// ForgetErased deletes from the fakes' stores (the dev outbox) every SMS
// and e-mail an erasure reduced to its delivery outcome: internal/custerase
// blanks the destination of the customer's delivery rows, whose provider
// ids name the fakes' messages; what the fakes hold of them (the customer's
// number or address, their name and plate in the text) goes with them. An
// erasure in any process (the API, `pitstop admin customer erase`) is
// honoured at the next read. It returns how many messages it deleted.
//
// Not covered: replies the customer sent (the fake Twilio's inbound
// messages), which no delivery row names.
func (f *Fakes) ForgetErased(ctx context.Context, db *ent.Client) (int, error) {
	if db == nil {
		return 0, nil
	}
	rows, err := db.CommunicationReceiver.Query().Where(communicationreceiver.Destination(""),
		communicationreceiver.CommunicationChannelIDIn(enums.CommunicationChannelIDSMS, enums.CommunicationChannelIDEmail),
		communicationreceiver.Or(communicationreceiver.TwilioMessageSidNEQ(""), communicationreceiver.MailgunMessageIDNEQ(""))).
		Select(communicationreceiver.FieldTwilioMessageSid, communicationreceiver.FieldMailgunMessageID).All(ctx)
	if err != nil {
		return 0, fmt.Errorf("erased deliveries: %w", err)
	}
	var sids, ids []string
	for _, r := range rows {
		if r.TwilioMessageSid != "" {
			sids = append(sids, r.TwilioMessageSid)
		}
		if r.MailgunMessageID != "" {
			ids = append(ids, r.MailgunMessageID)
		}
	}
	n := 0
	if len(sids) > 0 {
		n += f.Twilio.Forget(sids...)
	}
	if len(ids) > 0 {
		n += f.Mailgun.Forget(ids...)
	}
	return n, nil
}

// DoorURL is the simulator's door page for a locker PIN (dev outbox links).
func (f *Fakes) DoorURL(lockerSystemID, code string) string {
	return f.acsesBase + "/sim/door?lockersystem=" + url.QueryEscape(lockerSystemID) + "&code=" + url.QueryEscape(code)
}

type outboxRow struct {
	At                         time.Time
	Channel, To, Subject, Body string
	Links                      []string
}

var linkPattern = regexp.MustCompile(`https?://[^\s<>"]+`)

var outboxPage = template.Must(template.New("outbox").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>Pitstop dev outbox</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:.5rem;text-align:left;vertical-align:top}pre{white-space:pre-wrap;margin:0;font-family:inherit}</style>
</head><body><h1>Messages sent through the fake providers</h1>
<p>{{len .}} message(s). Reload to see new ones.</p>
<table><tr><th>When</th><th>Channel</th><th>To</th><th>Subject / status</th><th>Message</th><th>Links</th></tr>
{{range .}}<tr><td>{{.At.Format "2006-01-02 15:04:05"}}</td><td>{{.Channel}}</td><td>{{.To}}</td><td>{{.Subject}}</td>
<td><pre>{{.Body}}</pre></td><td>{{range .Links}}<a href="{{.}}">open</a><br>{{end}}</td></tr>{{end}}
</table></body></html>`))

// DevACSESEventToken is the bearer token the dev stack's ACSES simulator
// calls the events handler with (public: development only).
const DevACSESEventToken = "acses-dev-event-token-0123456789abcdef"

// first is the first of list ("" when empty).
func first(list []string) string {
	if len(list) == 0 {
		return ""
	}
	return list[0]
}
