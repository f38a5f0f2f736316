// Command uishot takes the README's screenshots of the Temporal UI: the
// workflow list and one appointment's history, as `pitstop dev` shows them.
//
// Run the dev stack (`make run`), let the demo's first appointment send its
// online check-in, then:
//
//	go run ./cmd/uishot -out docs
//
// It drives Debian's chromium headless with chromedp and waits for the
// page's content, not for the network to settle: the UI long-polls, so a
// plain `chromium --screenshot` never finishes.
//
// The UI decodes payloads through the API's codec endpoint (as `pitstop dev`
// configures it), so the summaries and details read as text; they carry
// work order, registration and location, never a customer's name or contact.
// Before writing a picture, uishot checks that no demo customer's name,
// e-mail address or phone number is on the page, and fails if one is.
// -decode=false blocks the codec: every payload then shows encrypted.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/pitstop-dev/pitstop/app/seed"
)

func main() {
	ui := flag.String("ui", "http://127.0.0.1:8233", "Temporal UI base URL")
	ns := flag.String("namespace", "default", "namespace")
	wf := flag.String("workflow", "appointment-1", "workflow ID whose history to show")
	out := flag.String("out", "docs", "directory for the PNGs")
	chromium := flag.String("chromium", "/usr/bin/chromium", "Chromium binary")
	width := flag.Int("width", 1440, "viewport width")
	height := flag.Int("height", 1000, "viewport height")
	timeout := flag.Duration("timeout", 3*time.Minute, "give up after")
	decode := flag.Bool("decode", true, "let the UI decode payloads with the codec endpoint")
	flag.Parse()
	if err := run(*ui, *ns, *wf, *out, *chromium, *width, *height, *timeout, *decode); err != nil {
		log.Fatal(err)
	}
}

func run(ui, ns, wf, out, chromium string, width, height int, timeout time.Duration, decode bool) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("lang", "en-GB"))
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(allocCtx)
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, timeout)
	defer cancelT()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), int64(height))); err != nil {
		return fmt.Errorf("start chromium: %w", err)
	}
	if !decode {
		if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		if _, err := chromedp.Call(ctx, network.SetBlockedURLs, network.SetBlockedURLsParams{
			URLPatterns: []*network.BlockPattern{{URLPattern: "*://*:*/codec/*", Block: true}}}); err != nil {
			return err
		}
	}
	base := strings.TrimRight(ui, "/") + "/namespaces/" + ns + "/workflows"

	// The list, filtered to the appointments, once the workflow's row is in.
	list := base + "?query=" + queryEscape(`WorkflowType="AppointmentWorkflow"`)
	if err := chromedp.Do(ctx, chromedp.Navigate(list)); err != nil {
		return err
	}
	if err := waitFor(ctx, fmt.Sprintf(`!!document.querySelector('a[href*="/workflows/%s/"]')`, wf)); err != nil {
		return fmt.Errorf("workflow list: %w", err)
	}
	if err := shot(ctx, filepath.Join(out, "temporal-ui-workflows.png")); err != nil {
		return err
	}
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`document.querySelector('a[href*="/workflows/%s/"]').href`, wf)))
	if err != nil {
		return err
	}
	// One workflow's page: summary and details on top, then the event
	// history with activity and timer summaries.
	if !strings.Contains(href, "/history") {
		href = strings.TrimRight(href, "/") + "/history"
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(href)); err != nil {
		return err
	}
	if err := waitFor(ctx, `document.body.innerText.includes('Event History') && document.querySelectorAll('table tbody tr, [data-testid*="event"]').length > 3`); err != nil {
		return fmt.Errorf("workflow history: %w", err)
	}
	if err := shot(ctx, filepath.Join(out, "temporal-ui-history.png")); err != nil {
		return err
	}
	// The workflow's summary, details and current details (User Metadata).
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](
		`[...document.querySelectorAll('a, button')].find(e => e.innerText.trim() === 'User Metadata').click()`)); err != nil {
		return fmt.Errorf("open the User Metadata tab: %w", err)
	}
	if err := waitFor(ctx, `document.body.innerText.includes('Appointment ')`); err != nil {
		return fmt.Errorf("workflow metadata: %w", err)
	}
	return shot(ctx, filepath.Join(out, "temporal-ui-metadata.png"))
}

// waitFor polls a JavaScript condition until it is true, then lets the page
// finish drawing. After a while it gives up and says what the page shows.
func waitFor(ctx context.Context, cond string) error {
	deadline := time.Now().Add(45 * time.Second)
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](cond))
		if err == nil && ok {
			return chromedp.Do(ctx, chromedp.Sleep(1500*time.Millisecond))
		}
		if time.Now().After(deadline) {
			text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
			return errors.Join(fmt.Errorf("waited 45 s for %s; the page says:\n%s", cond, text), err)
		}
		time.Sleep(300 * time.Millisecond)
	}
}

// shot refuses a page that shows a demo customer's personal data, then
// writes the viewport as PNG.
func shot(ctx context.Context, path string) error {
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
	if err != nil {
		return err
	}
	for _, p := range seed.PersonalData() {
		if strings.Contains(text, p) {
			return fmt.Errorf("%s: the page shows personal data (%q): not written", path, p)
		}
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		return err
	}
	log.Printf("wrote %s (%d bytes)", path, len(png))
	return os.WriteFile(path, png, 0o644)
}

func queryEscape(s string) string {
	r := strings.NewReplacer(" ", "%20", `"`, "%22", "=", "%3D")
	return r.Replace(s)
}
