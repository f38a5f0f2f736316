package commread

import (
	"encoding/json"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/internal/routes"
)

// Reads sign every attachment URL of a document (once, replacing an old
// signature), and nothing else: text that merely mentions an attachment's
// path is left alone, and the document stays valid JSON.
func TestSignDocument(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	s := &Reader{KeySecret: []byte("secret"), APIBaseURL: "https://api.test", Now: func() time.Time { return now }}
	id, other := uuid.New(), uuid.New()
	type att struct {
		URL string `json:"url"`
	}
	in := map[string]any{
		"check_in_remarks": []any{map[string]any{
			"description": "see " + s.AttachmentURL(other, "x.jpg"),
			"attachments": []att{{URL: s.AttachmentURL(id, `a&b "c" ü.jpg`)}, {URL: s.AttachmentURL(other, "y.png") + "?exp=1&sig=old"}},
		}},
		"attachments": []att{{URL: "https://provider.test/photo.jpg"}},
	}
	doc, err := json.Marshal(in)
	require.NoError(t, err)
	out := s.SignDocument(doc)
	var got struct {
		CheckInRemarks []struct {
			Description string `json:"description"`
			Attachments []att  `json:"attachments"`
		} `json:"check_in_remarks"`
		Attachments []att `json:"attachments"`
	}
	require.NoError(t, json.Unmarshal(out, &got), string(out))
	r := got.CheckInRemarks[0]
	assert.Equal(t, "see "+s.AttachmentURL(other, "x.jpg"), r.Description)
	assert.Equal(t, "https://provider.test/photo.jpg", got.Attachments[0].URL)
	for i, f := range []uuid.UUID{id, other} {
		u, err := url.Parse(r.Attachments[i].URL)
		require.NoError(t, err)
		assert.True(t, strings.HasPrefix(u.Path, "/v1/communication/attachments/"+f.String()+"/"), u.Path)
		ok, expired := s.AttachmentSigned(f.String(), u.Query())
		assert.True(t, ok, r.Attachments[i].URL)
		assert.False(t, expired)
		assert.Equal(t, "1800003600", u.Query().Get("exp"), "one signature, AttachmentURLTTL from now")
	}
	assert.Equal(t, `/v1/communication/attachments/`+id.String()+`/a&b "c" ü.jpg`, mustPath(t, r.Attachments[0].URL))
	doc2, _ := json.Marshal(map[string]any{"x": 1})
	assert.Equal(t, doc2, s.SignDocument(doc2))
}

// A signature covers the file and the expiry, and expires.
func TestAttachmentSignature(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	s := &Reader{KeySecret: []byte("secret"), Now: func() time.Time { return now }}
	id := uuid.NewString()
	q, err := url.ParseQuery(s.AttachmentQuery(id))
	require.NoError(t, err)
	ok, _ := s.AttachmentSigned(id, q)
	assert.True(t, ok)
	ok, _ = s.AttachmentSigned(uuid.NewString(), q)
	assert.False(t, ok, "another file")
	other := &Reader{KeySecret: []byte("other secret"), Now: s.Now}
	ok, _ = other.AttachmentSigned(id, q)
	assert.False(t, ok, "another key secret")
	now = now.Add(AttachmentURLTTL)
	ok, expired := s.AttachmentSigned(id, q)
	assert.False(t, ok)
	assert.True(t, expired)
}

func mustPath(t *testing.T, raw string) string {
	u, err := url.Parse(raw)
	require.NoError(t, err)
	return u.Path
}

// referenceURL is the regular expression SignDocument implemented before
// its scan by hand: the scan must sign exactly what it matched.
var referenceURL = regexp.MustCompile(`"url":"(?:[^"\\]|\\u0026)*?` + regexp.QuoteMeta(routes.AttachmentPath) +
	`([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/(?:[^"?\\]|\\u0026)*(\?(?:[^"\\]|\\u0026)*)?"`)

func referenceSign(s *Reader, doc []byte) []byte {
	return referenceURL.ReplaceAllFunc(doc, func(m []byte) []byte {
		sub := referenceURL.FindSubmatchIndex(m)
		end := len(m) - 1
		if sub[4] >= 0 {
			end = sub[4]
		}
		out := append([]byte{}, m[:end]...)
		out = append(out, '?')
		out = append(out, s.AttachmentQuery(string(m[sub[2]:sub[3]]))...)
		return append(out, '"')
	})
}

func TestSignDocumentSignsWhatTheRegularExpressionDid(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	s := &Reader{KeySecret: []byte("secret"), APIBaseURL: "https://api.test", Now: func() time.Time { return now }}
	id := uuid.NewString()
	p := routes.AttachmentPath
	for _, doc := range []string{
		`{"url":"https://api.test` + p + id + `/a.jpg"}`,
		`{"url":"` + p + id + `/a.jpg?exp=1\u0026sig=x","url":"` + p + id + `/b\u0026c.jpg"}`,
		`{"url":"` + p + strings.ToUpper(id) + `/a.jpg"}`,                     // not a lower-case UUID
		`{"url":"` + p + id + `"}`,                                            // no name
		`{"url":"x\"` + p + id + `/a.jpg"}`,                                   // another escape: no attachment URL
		`{"url":"` + p + "nope/" + p + id + `/a.jpg","n":"` + p + id + `/x"}`, // the second path is the file; a non-url field is left alone
		`{"url":"` + p + id + `/a.jpg`,                                        // unterminated
		`{"url":"` + p + id + `/a.jpg?x?y","url":"https://provider.test/a.jpg"}`,
		`{"images":[{"url":"` + p + id + `/1.jpg"},{"url":"` + p + uuid.NewString() + `/2.jpg"}],"x":"` + strings.Repeat("z", 300) + `"}`,
	} {
		assert.Equal(t, string(referenceSign(s, []byte(doc))), string(s.SignDocument([]byte(doc))), doc)
	}
}
