package repairpdf

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/stretchr/testify/require"
)

// TestSampleToPNG writes a sample PDF and, when poppler's pdftoppm is
// installed, rasterises page 1 so a human can eyeball the layout. Set
// REPAIRPDF_SAMPLE_DIR to keep the files instead of a temp dir.
func TestSampleToPNG(t *testing.T) {
	dir := os.Getenv("REPAIRPDF_SAMPLE_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	for _, lang := range []enums.LanguageCode{enums.LanguageCodeEnGB, enums.LanguageCodeDeDE} {
		out, err := Render(sample(lang))
		require.NoError(t, err)
		pdfPath := filepath.Join(dir, "repair-overview-"+string(lang)+".pdf")
		require.NoError(t, os.WriteFile(pdfPath, out, 0o644))

		bin, err := exec.LookPath("pdftoppm")
		if err != nil {
			t.Log("pdftoppm not installed: PNG step skipped")
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
}
