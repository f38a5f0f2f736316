package commread

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/url"
	"regexp"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/pitstop-dev/pitstop/internal/routes"
)

// Attachment URLs are not credentials: a download needs either a signed URL
// (exp and sig query parameters: an HMAC of the file's path and the expiry,
// with a key derived from the key secret) or the communication's key in the
// AttachmentKeyHeader. Reads (POST /v1/communication/read, the
// receptionist's appointment detail) and the upload answer hand out URLs
// signed at that moment; the database and the workflow keep the bare URL.

// AttachmentURLTTL is how long a signed attachment URL works.
var AttachmentURLTTL = time.Hour

// AttachmentKeyHeader carries a communication key (customer's or
// receptionist's) to download that communication's attachments.
const AttachmentKeyHeader = "X-Communication-Key"

// attachmentSig signs the file's path and the expiry (Unix seconds).
func (s *Reader) attachmentSig(id string, exp int64) []byte {
	k := hmac.New(sha256.New, s.KeySecret)
	k.Write([]byte("pitstop attachment URL v1"))
	m := hmac.New(sha256.New, k.Sum(nil))
	m.Write([]byte(routes.AttachmentPath + id + "\n" + strconv.FormatInt(exp, 10)))
	return m.Sum(nil)
}

// AttachmentQuery is the query string ("exp=…&sig=…") that lets a URL of
// file id be downloaded for AttachmentURLTTL.
func (s *Reader) AttachmentQuery(id string) string {
	exp := s.Now().Add(AttachmentURLTTL).Unix()
	return "exp=" + strconv.FormatInt(exp, 10) + "&sig=" + base64.RawURLEncoding.EncodeToString(s.attachmentSig(id, exp))
}

// AttachmentSigned reports whether q signs file id and has not expired.
func (s *Reader) AttachmentSigned(id string, q url.Values) (ok, expired bool) {
	exp, err := strconv.ParseInt(q.Get("exp"), 10, 64)
	if err != nil {
		return false, false
	}
	sig, err := base64.RawURLEncoding.DecodeString(q.Get("sig"))
	if err != nil || !hmac.Equal(sig, s.attachmentSig(id, exp)) {
		return false, false
	}
	if s.Now().Unix() >= exp {
		return false, true
	}
	return true, false
}

// AttachmentURL is the bare URL of an uploaded file (what answers refer to).
func (s *Reader) AttachmentURL(id uuid.UUID, name string) string {
	return s.APIBaseURL + routes.AttachmentPath + id.String() + "/" + url.PathEscape(name)
}

// attachmentURLInDocument finds the attachment URLs of a communication
// document: "url" fields (only attachment views have one) naming an uploaded
// file, with any query they carry. The name is path-escaped, so it holds no
// quote or backslash; json.Marshal writes its "&" as \u0026.
var attachmentURLInDocument = regexp.MustCompile(`"url":"(?:[^"\\]|\\u0026)*?` + regexp.QuoteMeta(routes.AttachmentPath) +
	`([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/(?:[^"?\\]|\\u0026)*(\?(?:[^"\\]|\\u0026)*)?"`)

// SignDocument returns doc with every attachment URL signed for now.
func (s *Reader) SignDocument(doc []byte) []byte {
	if !bytes.Contains(doc, []byte(routes.AttachmentPath)) {
		return doc
	}
	return attachmentURLInDocument.ReplaceAllFunc(doc, func(m []byte) []byte {
		sub := attachmentURLInDocument.FindSubmatchIndex(m)
		end := len(m) - 1 // the closing quote
		if sub[4] >= 0 {
			end = sub[4] // an old query is replaced
		}
		out := make([]byte, 0, end+120)
		out = append(out, m[:end]...)
		out = append(out, '?')
		out = append(out, s.AttachmentQuery(string(m[sub[2]:sub[3]]))...)
		return append(out, '"')
	})
}
