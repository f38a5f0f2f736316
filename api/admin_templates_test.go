package api

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/ent/messagetemplate"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

// A dealer admin's template cannot make a message of any size, dump the
// data structure or call functions: the save (and the preview) refuses it
// in words and stores nothing.
func TestTemplatesRefuseUnboundedAndUnsafeTemplates(t *testing.T) {
	f := newAdminFixture(t)
	tok := f.token(enums.RoleIDDealerAdmin)
	base := fmt.Sprintf("/v1/admin/locations/%d/templates/online_check_in/en-GB", f.locA)
	for body, want := range map[string]map[string]any{
		"{{range}} over anything but .Welcome or .Body is not allowed": {"email_html": `{{range 20}}{{printf "%0999999d" 1}}{{end}}{{.Link}}`},
		"{{printf}} is not allowed":                                    {"email_text": `{{printf "%#v" $}} {{.Link}}`},
		"the SMS renders longer than 1600 characters":                  {"sms": strings.Repeat("x", 1700) + " {{.Link}}"},
		"{{call}} is not allowed":                                      {"sms": `{{call .Link}} {{.Link}}`},
	} {
		code, raw := f.call("PUT", base, tok, want, nil)
		require.Equal(t, http.StatusOK, code)
		assert.Contains(t, strings.Join(errorsIn(raw), ";"), body, string(raw))
		code, raw = f.call("POST", base+"/preview", tok, want, nil)
		require.Equal(t, http.StatusOK, code)
		assert.Contains(t, strings.Join(errorsIn(raw), ";"), body, "the preview refuses the draft too")
	}
	n, err := f.db.MessageTemplate.Query().Where(messagetemplate.DealerLocationID(f.locA)).Count(context.Background())
	require.NoError(t, err)
	assert.Zero(t, n, "nothing was stored")

	// The safe constructs still save.
	code, raw := f.call("PUT", base, tok, map[string]any{"email_text": `{{if .Customer}}Dear {{.Customer}}{{else}}Hello{{end}},
{{range .Welcome}}{{.}}
{{end}}{{.Link}}`}, nil)
	require.Equal(t, http.StatusOK, code)
	require.Empty(t, errorsIn(raw), string(raw))
}
