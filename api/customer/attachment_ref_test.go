package customer

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/internal/strictjson"
)

// remarks[].attachments take the spec's attachment objects
// (CheckInAttachment / DiagnoseOverviewAttachment) as well as the bare URLs
// upload_attachment returns; either way the answer carries the URL.
func TestRemarkAttachmentsTakeURLsAndTheSpecsObjects(t *testing.T) {
	body := `{"key":"k","remarks":[{"title":"noise","attachments":["https://api.test/v1/communication/attachments/a/x.jpg",
		{"id":3,"url":"https://api.test/v1/communication/attachments/b/y.jpg","name":"y.jpg","customer_communication_id":7,"check_in_remark_id":0}]}]}`
	var req checkInAnswerRequest
	require.NoError(t, strictjson.DecodeWith(strings.NewReader(body), &req, httpx.MaxJSONBody, strictjson.Options{}))
	got := remarksOf(req.Remarks)
	require.Len(t, got, 1)
	assert.Equal(t, []string{"https://api.test/v1/communication/attachments/a/x.jpg",
		"https://api.test/v1/communication/attachments/b/y.jpg"}, got[0].Attachments)

	var dreq diagnoseAnswerRequest
	require.NoError(t, strictjson.DecodeWith(strings.NewReader(`{"key":"k","remarks":[{"description":"d","attachments":[{"url":"https://u/z.png"}]}]}`),
		&dreq, httpx.MaxJSONBody, strictjson.Options{}))
	assert.Equal(t, []string{"https://u/z.png"}, remarksOf(dreq.Remarks)[0].Attachments)

	for body, want := range map[string]string{
		`{"remarks":[{"title":"t","attachments":[{"id":4}]}]}`: "needs its url",
		`{"remarks":[{"title":"t","attachments":[7]}]}`:        "attachments",
	} {
		err := strictjson.DecodeWith(strings.NewReader(body), &req, httpx.MaxJSONBody, strictjson.Options{})
		require.Error(t, err, body)
		assert.Contains(t, strings.Join(httpx.InWords(err), " "), want, body)
	}
}
