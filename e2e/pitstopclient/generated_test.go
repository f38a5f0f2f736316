package pitstopclient

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestGeneratedClientIsUpToDate regenerates the client from
// api/openapi.yaml with the pinned generator and the checked-in config:
// the result must be the checked-in file byte for byte, so the client the
// end-to-end walk runs on is the document's as it is now.
func TestGeneratedClientIsUpToDate(t *testing.T) {
	// The config names its output; a copy writes to a temporary file
	// instead, so the test never touches the checked-in one.
	dir := t.TempDir()
	out := filepath.Join(dir, "client.gen.go")
	cfg, err := os.ReadFile("oapi-codegen.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(cfg, []byte("\noutput: client.gen.go\n")) {
		t.Fatal("oapi-codegen.yaml no longer says `output: client.gen.go`")
	}
	cfg = bytes.Replace(cfg, []byte("\noutput: client.gen.go\n"), []byte("\noutput: "+out+"\n"), 1)
	cfgFile := filepath.Join(dir, "oapi-codegen.yaml")
	if err := os.WriteFile(cfgFile, cfg, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "tool", "oapi-codegen", "-config", cfgFile, "../../api/openapi.yaml")
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go tool oapi-codegen: %v\n%s", err, msg)
	}
	fresh, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	checkedIn, err := os.ReadFile("client.gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(fresh, checkedIn) {
		t.Fatalf("client.gen.go is not what api/openapi.yaml generates (%d bytes checked in, %d generated): run `make generate`", len(checkedIn), len(fresh))
	}
}
