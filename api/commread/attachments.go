package commread

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/url"
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

// SignDocument returns doc with every attachment URL signed for now: each
// "url" field whose string names an uploaded file (AttachmentPath, the
// file's UUID, "/", its path-escaped name, any old query, which is
// replaced). The name is path-escaped, so it holds no quote or backslash;
// json.Marshal writes its "&" as \u0026, the only escape such a value
// holds (a value with any other escape is no attachment URL). A scan by
// hand rather than a regular expression: a read of a communication with
// 40 photos signs 80 URLs in a 68 KB document, where Go's regexp took
// about 8 ms and this takes a few microseconds per URL (#22's read bench).
func (s *Reader) SignDocument(doc []byte) []byte {
	if !bytes.Contains(doc, attachmentPath) {
		return doc
	}
	var out []byte
	last, i := 0, 0
	sigs := map[string]string{} // a file shown twice (results, diagnose_overview_results) is signed once
	for {
		j := bytes.Index(doc[i:], urlField)
		if j < 0 {
			break
		}
		start := i + j + len(urlField)
		i = start
		end, ok := plainStringEnd(doc, start)
		if !ok {
			continue
		}
		nameEnd, id, ok := attachmentIn(doc[start:end])
		if !ok {
			continue
		}
		q, seen := sigs[id]
		if !seen {
			q = s.AttachmentQuery(id)
			sigs[id] = q
		}
		if out == nil {
			out = make([]byte, 0, len(doc)+len(doc)/8)
		}
		out = append(out, doc[last:start+nameEnd]...)
		out = append(out, '?')
		out = append(out, q...)
		out = append(out, '"')
		last, i = end+1, end+1
	}
	if out == nil {
		return doc
	}
	return append(out, doc[last:]...)
}

var (
	urlField       = []byte(`"url":"`)
	attachmentPath = []byte(routes.AttachmentPath)
	escapedAmp     = []byte(`\u0026`)
)

// plainStringEnd is the index of the quote closing the JSON string that
// starts at doc[start], if its only escape is \u0026.
func plainStringEnd(doc []byte, start int) (int, bool) {
	for k := start; k < len(doc); k++ {
		switch doc[k] {
		case '"':
			return k, true
		case '\\':
			if !bytes.HasPrefix(doc[k:], escapedAmp) {
				return 0, false
			}
			k += len(escapedAmp) - 1
		}
	}
	return 0, false
}

// attachmentIn finds an attachment URL's file in a string value v: the
// first AttachmentPath followed by a UUID and "/"; nameEnd is where the
// name ends (an old query starts, or the value ends).
func attachmentIn(v []byte) (nameEnd int, id string, ok bool) {
	for off := 0; ; {
		p := bytes.Index(v[off:], attachmentPath)
		if p < 0 {
			return 0, "", false
		}
		at := off + p + len(attachmentPath)
		if len(v) > at+36 && isLowerUUID(v[at:at+36]) && v[at+36] == '/' {
			rest := v[at+37:]
			if q := bytes.IndexByte(rest, '?'); q >= 0 {
				return at + 37 + q, string(v[at : at+36]), true
			}
			return len(v), string(v[at : at+36]), true
		}
		off = at
	}
}

// isLowerUUID: 8-4-4-4-12 lower-case hexadecimal digits.
func isLowerUUID(b []byte) bool {
	for k, c := range b {
		switch k {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
				return false
			}
		}
	}
	return true
}
