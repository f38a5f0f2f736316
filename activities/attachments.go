package activities

import (
	"fmt"
	"path"
	"strings"

	"github.com/google/uuid"
)

// AttachmentPath is where the API serves an uploaded file; answers refer to
// attachments by this URL path.
const AttachmentPath = "/v1/communication/attachments/"

// attachmentName is the file's original name, found by its URL.
func attachmentName(url string) string { return path.Base(url) }

// AttachmentID parses the uploaded file's ID out of its URL.
func AttachmentID(url string) (uuid.UUID, error) {
	i := strings.Index(url, AttachmentPath)
	if i < 0 {
		return uuid.UUID{}, fmt.Errorf("%q is not an attachment URL of this communication", url)
	}
	rest := strings.SplitN(url[i+len(AttachmentPath):], "/", 2)
	return uuid.Parse(rest[0])
}
