package ticket_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/activities/ticket"
	rd "github.com/pitstop-dev/pitstop/integrations/remotediag"
	rdfake "github.com/pitstop-dev/pitstop/integrations/remotediag/fake"
)

// Storing a ticket's result fetches each note's file from the chat channel
// its reference names (ChannelAttachment, against the simulator over real
// HTTP): the operator's report uploaded to the ticket's channel is
// "available", a reference the channel does not have is "missing" (never
// a failure), and an outage while fetching retries the activity, which
// wrote nothing. The mechanic notes name the provider by its branding.
func TestStoreResultFetchesChannelAttachmentsAndNamesTheProvider(t *testing.T) {
	a, sim, req := fixture(t)
	ctx := context.Background()
	id := closedTicket(t, a, sim, req)
	sim.AddNote(id, "Voltage log.", rd.Attachment{FileName: "voltage.csv", FileReference: "/channel/x/voltage.csv"})
	env := actEnv(a)
	in := ticket.StoreInput{RequestID: req.RequestID, TicketID: id, Status: ticket.StatusClosed}

	// Notes and the historical ticket answer; the report's fetch meets a 503.
	sim.FailNextAttachments(1)
	_, err := run[ticket.StoreOutput](t, env, a.StoreResult, in)
	requireRetryable(t, err)
	require.Nil(t, row(t, a, req.RequestID).InterventionID, "nothing written before every file is fetched")

	out, err := run[ticket.StoreOutput](t, env, a.StoreResult, in)
	require.NoError(t, err)
	require.Equal(t, 2, out.Attachments)
	r := row(t, a, req.RequestID)
	byName := map[string]string{}
	for _, n := range r.Notes {
		for _, at := range n.Attachments {
			byName[at.FileName] = at.State
			if at.FileName == "report.pdf" {
				require.NotEmpty(t, at.Channel)
				require.Equal(t, at.Channel, rd.ChannelOfReference(at.FileReference))
			}
		}
	}
	require.Equal(t, map[string]string{"report.pdf": ticket.AttachmentAvailable, "voltage.csv": ticket.AttachmentMissing}, byName)

	iv, err := a.DB.Intervention.Get(ctx, out.InterventionID)
	require.NoError(t, err)
	require.Contains(t, iv.MechanicNotes, "voltage.csv (/channel/x/voltage.csv): not found on the provider's channel")
	require.NotContains(t, iv.MechanicNotes, "report.pdf (/channel/x")
	require.Contains(t, iv.MechanicNotes, "Provider: "+rdfake.SeedBrandingName+" (customer portal: "+rdfake.SeedPortalURL+").")
	require.NotContains(t, iv.Title+iv.Description, rdfake.SeedBrandingName, "the provider's branding is for staff texts")

	again, err := run[ticket.StoreOutput](t, env, a.StoreResult, in)
	require.NoError(t, err)
	require.Equal(t, out, again, "a retry finds the stored result")
}

// The branding is failure-tolerant: a provider that cannot answer it does
// not fail the result, which is stored without the provider's name.
func TestStoreResultWithoutBranding(t *testing.T) {
	a, sim, req := fixture(t)
	sim.SetBrandingDown(true)
	id := closedTicket(t, a, sim, req)
	out, err := run[ticket.StoreOutput](t, actEnv(a), a.StoreResult,
		ticket.StoreInput{RequestID: req.RequestID, TicketID: id, Status: ticket.StatusClosed})
	require.NoError(t, err)
	iv, err := a.DB.Intervention.Get(context.Background(), out.InterventionID)
	require.NoError(t, err)
	require.NotContains(t, iv.MechanicNotes, "Provider:")
	require.Contains(t, iv.MechanicNotes, "report.pdf")
}

func TestChannelOfReference(t *testing.T) {
	for ref, want := range map[string]string{
		"/channel/abcb2f39-7620-401a-8dab-ec2f6075ed8a/abcb2f39-7620-401a-8dab-ec2f6075ed8a/file.txt": "abcb2f39-7620-401a-8dab-ec2f6075ed8a",
		"/channel/7014044/fault-codes.pdf": "7014044",
		"/channel/x":                       "",
		"/files/x/y.pdf":                   "",
		"":                                 "",
	} {
		require.Equal(t, want, rd.ChannelOfReference(ref), ref)
	}
}
