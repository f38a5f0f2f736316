package repairpdf

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/internal/browsertest"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

// TestSampleToPNG writes a sample PDF and rasterises page 1 with poppler's
// pdftoppm so a human can eyeball the layout (and pdftoppm proves the PDF
// parses). Without pdftoppm it skips, or fails under CI=true or
// PITSTOP_REQUIRE_BROWSER=1 (.ci/run installs poppler-utils). Set
// REPAIRPDF_SAMPLE_DIR to keep the files instead of a temp dir.
func TestSampleToPNG(t *testing.T) {
	dir := os.Getenv("REPAIRPDF_SAMPLE_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	bin, err := exec.LookPath("pdftoppm")
	if err != nil && browsertest.Required() {
		// CI (.ci/run installs poppler-utils) must rasterise.
		t.Fatal("pdftoppm not found (CI=true or PITSTOP_REQUIRE_BROWSER=1): install poppler-utils, see .ci/run")
	}
	for _, lang := range []enums.LanguageCode{enums.LanguageCodeEnGB, enums.LanguageCodeDeDE} {
		out, err := Render(sample(lang))
		require.NoError(t, err)
		pdfPath := filepath.Join(dir, "repair-overview-"+string(lang)+".pdf")
		require.NoError(t, os.WriteFile(pdfPath, out, 0o644))
		if bin == "" {
			continue
		}
		prefix := filepath.Join(dir, "repair-overview-"+string(lang))
		cmd := exec.Command(bin, "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", pdfPath, prefix)
		msg, err := cmd.CombinedOutput()
		require.NoError(t, err, string(msg))
		info, err := os.Stat(prefix + ".png")
		require.NoError(t, err)
		require.Positive(t, info.Size())
	}
	if bin == "" {
		t.Skip("pdftoppm not installed (Debian poppler-utils): the PDFs were written, the PNG step skipped")
	}
}
