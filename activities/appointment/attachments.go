package appointment

import (
	"context"
	neturl "net/url"
	"path"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/uploadedfile"
	"github.com/pitstop-dev/pitstop/internal/routes"
)

// attachmentName is the name the customer's file was uploaded with (the URL's
// last segment only names it, and the caller wrote the URL).
func attachmentName(ctx context.Context, tx *ent.Tx, url string) string {
	if id, err := routes.AttachmentID(url); err == nil {
		if f, err := tx.UploadedFile.Query().Where(uploadedfile.ID(id)).Select(uploadedfile.FieldName).Only(ctx); err == nil {
			return f.Name
		}
	}
	base := path.Base(url)
	if name, err := neturl.PathUnescape(base); err == nil {
		return name
	}
	return base
}
