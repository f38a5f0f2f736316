//go:build screens

package e2e

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/app/seed"
	"github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/ent/deskcommunicationevent"
	"github.com/pitstop-dev/pitstop/internal/browsertest"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/keys"
	deskwf "github.com/pitstop-dev/pitstop/workflows/desk"
)

// TestTabletScreenInBrowser: the counter tablet's screen on the whole
// stack. The demo tablet signs in; a receptionist sends the appointment's
// desk check-in to it (API call); the screen picks it up, the customer
// ticks the first intervention, signs with pointer events and confirms;
// the answer's first response is lost on the way back, the screen sends
// the same answer again and the server stores it once. The confirmation
// workflow runs, the staff read names the signature and its URL serves the
// PNG.
func TestTabletScreenInBrowser(t *testing.T) {
	chromium := browsertest.Chromium(t)
	axe := browsertest.Axe(t)
	out := browsertest.OutputDir(t, "e2e-tablet")
	s := newStack(t)
	s.start()
	ctx := context.Background()
	ap := s.Demo.Appointments[0].AppointmentID
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageCheckInSent })

	base := s.API.URL + "/tablet/"
	p := browsertest.NewPage(t, browsertest.Browser(t, chromium, "nl-NL"), base, axe, out)
	p.Navigate(base, "signin")
	p.Do(chromedp.SendKeys(chromedp.CSS(`#email`), "tablet@demo.pitstop.local"), chromedp.SendKeys(chromedp.CSS(`#password`), seed.DemoPassword))
	p.Click(`#signin-form button[type=submit]`)
	p.WaitScreen("waiting")

	var sent struct {
		ID int `json:"id"`
	}
	code, body := s.call("POST", fmt.Sprintf("/v1/appointments/%d/desk_checkin/send", ap), s.Token, map[string]int{"tablet_user_id": s.Demo.TabletID}, &sent)
	require.Equal(t, http.StatusOK, code, string(body))
	p.WaitScreen("desk")
	require.Eventually(t, func() bool {
		d, err := s.DB.DeskCommunication.Get(ctx, sent.ID)
		return err == nil && d.Status == enums.DeskCommunicationStatusOpened
	}, 15*time.Second, 100*time.Millisecond)
	p.Check("desk")
	p.Click(`input[data-iv]`)
	p.Eval(`document.querySelectorAll('input[data-ag][data-req]').forEach(function (c) { c.click(); }); 'ok'`)
	require.Equal(t, "drawn", p.Eval(`(function () {
  var c = document.getElementById('sig'), r = c.getBoundingClientRect();
  function ev(t, x, y) { c.dispatchEvent(new PointerEvent(t, {clientX: r.left + x, clientY: r.top + y, pointerId: 1, bubbles: true})); }
  ev('pointerdown', 20, 40);
  for (var i = 0; i < 80; i++) { ev('pointermove', 20 + i * 6, 40 + (i % 12) * 5); }
  ev('pointerup', 500, 40);
  return 'drawn';
})()`))
	lost := p.LoseResponses(fmt.Sprintf("/v1/desk_checkin/%d/status", sent.ID), 1)
	p.Click(`#submit`)
	p.WaitScreen("thanks")
	p.Check("thanks")
	require.Equal(t, 1, lost(), "the first answer's response was lost")
	require.Empty(t, p.Eval(`document.getElementById('already') ? 'shown' : ''`), "its own retry is no other answer")
	n, err := s.DB.DeskCommunicationEvent.Query().Where(deskcommunicationevent.DeskCommunicationID(sent.ID),
		deskcommunicationevent.TypeEQ(enums.DeskCommunicationEventTypeAnswered)).Count(ctx)
	require.NoError(t, err)
	require.Equal(t, 1, n, "answered once")

	var res deskwf.DeskConfirmationResult
	require.NoError(t, s.Temporal.GetWorkflow(ctx, deskwf.DeskConfirmationWorkflowID(sent.ID), "").Get(ctx, &res))

	var read struct {
		Desks []struct {
			ID     int `json:"id"`
			Agreed []struct {
				Title string `json:"title"`
			} `json:"agreed_interventions"`
			Events []struct {
				Type              int    `json:"type"`
				CustomerSignature string `json:"customer_signature"`
			} `json:"events"`
		} `json:"desk_communications"`
	}
	code, body = s.call("GET", fmt.Sprintf("/v1/appointments/%d/desk_checkin", ap), s.Token, nil, &read)
	require.Equal(t, http.StatusOK, code, string(body))
	url := ""
	var types []int
	for _, d := range read.Desks {
		if d.ID != sent.ID {
			continue
		}
		require.Len(t, d.Agreed, 1)
		for _, e := range d.Events {
			types = append(types, e.Type)
			if e.CustomerSignature != "" {
				url = e.CustomerSignature
			}
		}
	}
	require.Equal(t, []int{1, 2, 4, 6}, types, "sent, received, opened, answered")
	require.True(t, strings.HasSuffix(url, fmt.Sprintf("/v1/desk_checkin/%d/signature", sent.ID)), url)
	req, err := http.NewRequest("GET", s.API.URL+fmt.Sprintf("/v1/desk_checkin/%d/signature", sent.ID), nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+s.Token)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	png, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Equal(t, "image/png", resp.Header.Get("Content-Type"))
	require.Equal(t, "\x89PNG", string(png[:4]))

	// The repair overview's PDF carries the signature with who signed.
	code, body = s.call("POST", fmt.Sprintf("/v1/appointments/%d/repair_overview/send", ap), s.Token, nil, nil)
	require.Equal(t, http.StatusOK, code, "%s", body)
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageRepairSent })
	code, pdf := s.call("POST", "/v1/repair_overview/download", "", map[string]string{"communication_key": s.keyOf(ap, keys.Customer)}, nil)
	require.Equal(t, http.StatusOK, code, "%s", pdf)
	cmd := exec.Command("pdftotext", "-layout", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	text, err := cmd.Output()
	require.NoError(t, err, "pdftotext (poppler-utils)")
	require.Contains(t, strings.Join(strings.Fields(string(text)), " "), "Signed at the desk by Jan de Vries")
	file := filepath.Join(t.TempDir(), "repair.pdf")
	require.NoError(t, os.WriteFile(file, pdf, 0o600))
	images, err := exec.Command("pdfimages", "-list", file).Output()
	require.NoError(t, err, "pdfimages (poppler-utils)")
	require.Contains(t, string(images), "image", "the signature is an image of the PDF: %s", images)
}
