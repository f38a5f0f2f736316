package dealerevents

import (
	"context"
	"net"
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/dealereventstream"
	"github.com/pitstop-dev/pitstop/integrations/dealerhook"
	"github.com/pitstop-dev/pitstop/internal/onboard"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// RotationOverlap is how long deliveries are signed with the previous
// secret as well after a rotation (Standard Webhooks: several signatures,
// space-separated), so a dealer can switch its receiver without losing one.
const RotationOverlap = 24 * time.Hour

// MaxURL bounds an endpoint URL.
const MaxURL = 2048

// CheckURL validates an endpoint: an absolute https URL; plain http only to
// a loopback host (localhost, 127.0.0.1, ::1), which only a dev stack has.
func CheckURL(raw string) []string {
	if raw == "" {
		return []string{"url: required to turn delivery on"}
	}
	if len(raw) > MaxURL || strings.IndexFunc(raw, func(r rune) bool { return unicode.IsControl(r) || unicode.IsSpace(r) }) >= 0 {
		return []string{"url: at most 2048 characters, no spaces or control characters"}
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return []string{"url: must be an absolute https URL"}
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !loopback(u.Hostname()) {
			return []string{"url: must be https (plain http only to localhost, for development)"}
		}
	default:
		return []string{"url: must be an absolute https URL"}
	}
	if u.Fragment != "" {
		return []string{"url: no #fragment"}
	}
	return nil
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Change is a dealer admin's change of a location's stream; a nil field
// stays as it is.
type Change struct {
	URL     *string
	Enabled *bool
}

// Stream returns a location's stream row, creating it (off, no events)
// when the location has none yet.
func Stream(ctx context.Context, db *ent.Client, locationID int) (*ent.DealerEventStream, error) {
	if _, err := db.DealerLocation.Get(ctx, locationID); ent.IsNotFound(err) {
		return nil, onboard.ErrNotFound
	} else if err != nil {
		return nil, err
	}
	err := db.DealerEventStream.Create().SetDealerLocationID(locationID).
		OnConflictColumns(dealereventstream.FieldDealerLocationID).Ignore().Exec(ctx)
	if err != nil {
		return nil, err
	}
	return db.DealerEventStream.Query().Where(dealereventstream.DealerLocationID(locationID)).Only(ctx)
}

// Peek is Stream without creating the row: a location that never had an
// event or a setting reads as off, with nothing recorded.
func Peek(ctx context.Context, db *ent.Client, locationID int) (*ent.DealerEventStream, error) {
	st, err := db.DealerEventStream.Query().Where(dealereventstream.DealerLocationID(locationID)).Only(ctx)
	if ent.IsNotFound(err) {
		if _, err := db.DealerLocation.Get(ctx, locationID); ent.IsNotFound(err) {
			return nil, onboard.ErrNotFound
		} else if err != nil {
			return nil, err
		}
		return &ent.DealerEventStream{DealerLocationID: locationID}, nil
	}
	return st, err
}

// Configure applies ch. The first time a location gets an endpoint a
// secret is made and returned (shown once); later it is "". Turning
// delivery on starts it from the next event (older ones are replayable).
func Configure(ctx context.Context, db *store.DB, locationID int, ch Change) (st *ent.DealerEventStream, secret string, err error) {
	if _, err := Stream(ctx, db.Client, locationID); err != nil {
		return nil, "", err
	}
	err = store.WithTx(ctx, db.Client, func(tx *ent.Tx) error {
		// The row serialises two admins' changes. SQLite has no FOR UPDATE
		// (and refuses it); its one writer at a time serialises them there.
		q := tx.DealerEventStream.Query().Where(dealereventstream.DealerLocationID(locationID))
		if db.Dialect == store.Postgres {
			q = q.ForUpdate()
		}
		cur, err := q.Only(ctx)
		if err != nil {
			return err
		}
		url, enabled := cur.URL, cur.Enabled
		if ch.URL != nil {
			url = *ch.URL
		}
		if ch.Enabled != nil {
			enabled = *ch.Enabled
		}
		var p []string
		if ch.URL != nil && *ch.URL != "" || enabled {
			p = CheckURL(url)
		}
		if len(p) > 0 {
			return &onboard.Invalid{Problems: p}
		}
		u := cur.Update().SetURL(url).SetEnabled(enabled)
		if enabled && !cur.Enabled {
			u.SetDeliveredSeq(cur.LastSeq).SetLastFailure("").ClearLastFailureAt()
		}
		if cur.Secret == "" && url != "" {
			if secret, err = dealerhook.GenerateSecret(); err != nil {
				return err
			}
			u.SetSecret(secret)
		}
		st, err = u.Save(ctx)
		return err
	})
	return st, secret, err
}

// RotateSecret makes a new secret (returned once); the previous one still
// signs deliveries, beside the new one, for RotationOverlap.
func RotateSecret(ctx context.Context, db *ent.Client, locationID int, now time.Time) (st *ent.DealerEventStream, secret string, err error) {
	cur, err := Stream(ctx, db, locationID)
	if err != nil {
		return nil, "", err
	}
	if secret, err = dealerhook.GenerateSecret(); err != nil {
		return nil, "", err
	}
	u := cur.Update().SetSecret(secret)
	if cur.Secret != "" {
		u.SetPreviousSecret(cur.Secret).SetPreviousSecretUntil(now.Add(RotationOverlap))
	}
	st, err = u.Save(ctx)
	return st, secret, err
}

// Secrets are the secrets a delivery at now is signed with: the current
// one, and the previous one during a rotation's overlap.
func Secrets(st *ent.DealerEventStream, now time.Time) [][]byte {
	var out [][]byte
	if st.Secret != "" {
		out = append(out, []byte(st.Secret))
	}
	if st.PreviousSecret != "" && st.PreviousSecretUntil != nil && now.Before(*st.PreviousSecretUntil) {
		out = append(out, []byte(st.PreviousSecret))
	}
	return out
}

// View is a location's stream as the admin API and `pitstop admin` show it
// (never the secret, except Secret right after it was made).
type View struct {
	LocationID    int        `json:"location_id"`
	Enabled       bool       `json:"enabled"`
	URL           string     `json:"url"`
	HasSecret     bool       `json:"has_secret"`
	Secret        string     `json:"secret,omitempty"`
	Rotating      bool       `json:"rotating"`
	LastSeq       int        `json:"last_seq"`
	DeliveredSeq  int        `json:"delivered_seq"`
	Expired       int        `json:"expired"`
	LastFailureAt *time.Time `json:"last_failure_at"`
	LastFailure   string     `json:"last_failure"`
}

// ViewOf is st as shown, with secret (made just now, or "").
func ViewOf(st *ent.DealerEventStream, secret string, now time.Time) View {
	return View{LocationID: st.DealerLocationID, Enabled: st.Enabled, URL: st.URL, HasSecret: st.Secret != "", Secret: secret,
		Rotating: len(Secrets(st, now)) > 1, LastSeq: st.LastSeq, DeliveredSeq: st.DeliveredSeq, Expired: st.Expired,
		LastFailureAt: st.LastFailureAt, LastFailure: st.LastFailure}
}
