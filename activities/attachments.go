package activities

import (
	"context"
	"fmt"
	neturl "net/url"
	"path"
	"strings"

	"github.com/google/uuid"

	"github.com/pitstop-dev/pitstop/ent"
)

// AttachmentPath is where the API serves an uploaded file; answers refer to
// attachments by this URL path.
const AttachmentPath = "/v1/communication/attachments/"

// attachmentName is the name the customer's file was uploaded with (the URL's
// last segment only names it, and the caller wrote the URL).
func attachmentName(ctx context.Context, tx *ent.Tx, url string) string {
	if id, err := AttachmentID(url); err == nil {
		if f, err := tx.UploadedFile.Get(ctx, id); err == nil {
			return f.Name
		}
	}
	base := path.Base(url)
	if name, err := neturl.PathUnescape(base); err == nil {
		return name
	}
	return base
}

// AttachmentID parses the uploaded file's ID out of its URL.
func AttachmentID(url string) (uuid.UUID, error) {
	i := strings.Index(url, AttachmentPath)
	if i < 0 {
		return uuid.UUID{}, fmt.Errorf("%q is not an attachment URL of this communication", url)
	}
	rest := strings.SplitN(url[i+len(AttachmentPath):], "/", 2)
	return uuid.Parse(rest[0])
}
