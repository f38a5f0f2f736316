package ticket

import (
	"context"

	"github.com/pitstop-dev/pitstop/ent/schema"
	rd "github.com/pitstop-dev/pitstop/integrations/remotediag"
)

// A ticket's notes name their files by file reference; the document's
// channel-attachment operations are how a file of a ticket's chat channel
// is had (CreateChannelAttachment uploads one and answers its reference;
// ChannelAttachment gets one by channel and reference). When the result is
// stored, each note's attachment is fetched with ChannelAttachment on the
// channel its reference names (remotediag.ChannelOfReference), so the
// intervention lists the provider's own name and reference of each file
// and which ones the provider no longer has. Decisions where the spec is
// silent:
//   - An outage while fetching retries the whole activity, which writes
//     nothing before every file is fetched (a retry asks again: reads
//     only, so it is idempotent); a file not found on its channel is kept
//     as "missing", never failing the ticket; a reference naming no
//     channel is kept as the note gave it.
//   - We never upload to a ticket's channel (CreateChannelAttachment):
//     Pitstop sends the provider no files.

// The states of a fetched attachment (schema.TicketAttachment.State).
const (
	AttachmentAvailable = "available"
	AttachmentMissing   = "missing"
)

// fetchAttachment fetches a note's attachment from its channel.
func (a *Activities) fetchAttachment(ctx context.Context, rdc *rd.Client, at rd.Attachment) (schema.TicketAttachment, error) {
	out := schema.TicketAttachment{FileName: clean(at.FileName), FileReference: clean(at.FileReference)}
	ch := rd.ChannelOfReference(at.FileReference)
	if ch == "" {
		return out, nil
	}
	out.Channel = clean(ch)
	got, err := rdc.ChannelAttachment(ctx, ch, at.FileReference)
	switch {
	case err == nil:
		out.State = AttachmentAvailable
		if got.FileName != "" {
			out.FileName = clean(got.FileName)
		}
		if got.FileReference != "" {
			out.FileReference = clean(got.FileReference)
		}
	case rd.IsNotFound(err):
		out.State = AttachmentMissing
	case rd.IsRetryable(err):
		return out, providerErr("channel attachment", err)
	default: // refused (bad reference, no access): kept as the note gave it
		a.log().Warn("remote-diagnose channel attachment refused", "channel", ch, "error", err)
	}
	return out, nil
}
