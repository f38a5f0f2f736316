package layers

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestTheProjectKeepsItsLayers runs the rules over this repository.
func TestTheProjectKeepsItsLayers(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	vs, checked, err := Check(root, Rules, Exceptions)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		t.Error(v)
	}
	if checked < 30 {
		t.Fatalf("checked only %d packages: the walk is broken", checked)
	}
}

// TestCheckReportsEachForbiddenImportKind feeds the checker a small tree
// with one bad import at a time (in a plain file, a test file or a file
// behind a build tag) and expects it reported; the allowed tree next to it
// must pass, so a rule that reports everything fails too.
func TestCheckReportsEachForbiddenImportKind(t *testing.T) {
	const mod = "example.com/shop"
	allowed := map[string]string{
		"contracts/order/order.go":          imports(mod, "order", "time", mod+"/internal/enums"),
		"workflows/order/order.go":          imports(mod, "order", "go.temporal.io/sdk/workflow", mod+"/contracts/order", mod+"/activities/order", mod+"/activities/notify", mod+"/workflows/options", mod+"/workflows/order/caller"),
		"workflows/order/order_test.go":     imports(mod, "order", "testing", "github.com/stretchr/testify/require"),
		"workflows/order/caller/caller.go":  imports(mod, "caller", "go.temporal.io/sdk/client", mod+"/contracts/order"),
		"workflows/ticket/caller/caller.go": imports(mod, "caller", mod+"/contracts/order", mod+"/workflows/appointment/caller"),
		"workflows/desk/caller/doc.go":      "package caller\n",
		"workflows/workflows.go":            imports(mod, "workflows", mod+"/workflows/order"),
		"activities/order/order.go":         imports(mod, "order", mod+"/ent", mod+"/integrations/twilio", mod+"/contracts/order", "github.com/lib/pq"),
		"activities/notify/notify.go":       imports(mod, "notify", mod+"/activities/appointment"),
		"api/server.go":                     imports(mod, "api", mod+"/contracts/order", mod+"/workflows/order/caller", mod+"/ent", mod+"/ent/order", mod+"/integrations/twilio/webhook"),
		"api/server_test.go":                imports(mod, "api", mod+"/activities/order", mod+"/integrations/twilio/fake"),
		"internal/enums/enums.go":           "package enums\n",
		"integrations/twilio/client.go":     imports(mod, "twilio", "github.com/twilio/twilio-go/client"),
		"cmd/shop/main.go":                  imports(mod, "main", mod+"/activities/order", mod+"/workflows/order", mod+"/api", mod+"/app"),
		// The roots import everything; the seed is a test fixture of the
		// API and the activities.
		"app/app.go":                      imports(mod, "app", mod+"/api", mod+"/activities/order", mod+"/workflows/order", mod+"/integrations/twilio", mod+"/ent/migrate"),
		"app/devstack/dev.go":             imports(mod, "devstack", mod+"/app", mod+"/app/seed", mod+"/integrations/twilio/fake"),
		"app/seed/seed.go":                imports(mod, "seed", mod+"/activities/order", mod+"/workflows/order", mod+"/ent"),
		"api/seed_test.go":                imports(mod, "api", mod+"/app/seed"),
		"activities/order/order_test.go":  imports(mod, "order", mod+"/app/seed"),
		"internal/dms/dmsstore/store.go":  imports(mod, "dmsstore", mod+"/ent", mod+"/internal/enums", "github.com/lib/pq"),
		"workflows/order/testdata/bad.go": imports(mod, "bad", mod+"/ent"), // testdata is not code
	}
	vs := check(t, mod, allowed, nil)
	if len(vs) != 0 {
		t.Fatalf("the allowed tree has violations: %v", vs)
	}

	tagged := "//go:build integration\n\n"
	cases := []struct {
		name, file, src string
		want            string // the reported import
	}{
		{"workflow imports ent", "workflows/desk/desk.go", imports(mod, "desk", mod+"/ent"), mod + "/ent"},
		{"workflow imports an ent entity", "workflows/desk/desk.go", imports(mod, "desk", mod+"/ent/appointment"), mod + "/ent/appointment"},
		{"workflow imports a database driver", "workflows/desk/desk.go", imports(mod, "desk", "github.com/lib/pq"), "github.com/lib/pq"},
		{"workflow imports database/sql", "workflows/desk/desk.go", imports(mod, "desk", "database/sql"), "database/sql"},
		{"workflow imports an integration", "workflows/desk/desk.go", imports(mod, "desk", mod+"/integrations/twilio"), mod + "/integrations/twilio"},
		{"workflow imports the store", "workflows/desk/desk.go", imports(mod, "desk", mod+"/internal/store"), mod + "/internal/store"},
		{"workflow test file imports ent", "workflows/desk/desk_test.go", imports(mod, "desk", mod+"/ent"), mod + "/ent"},
		{"workflow file behind a build tag imports an integration", "workflows/desk/live.go", tagged + imports(mod, "desk", mod+"/integrations/mailgun"), mod + "/integrations/mailgun"},
		{"workflow imports a sibling domain", "workflows/ticket/ticket.go", imports(mod, "ticket", mod+"/workflows/desk"), mod + "/workflows/desk"},
		{"workflow test imports a sibling domain", "workflows/ticket/ticket_test.go", imports(mod, "ticket", mod+"/workflows/order"), mod + "/workflows/order"},
		{"caller imports an activity package", "workflows/desk/caller/caller.go", imports(mod, "caller", mod+"/activities/notify"), mod + "/activities/notify"},
		{"caller imports workflow code", "workflows/desk/caller/caller.go", imports(mod, "caller", mod+"/workflows/order"), mod + "/workflows/order"},
		{"activity imports the api", "activities/locker/locker.go", imports(mod, "locker", mod+"/api"), mod + "/api"},
		{"activity imports a workflow", "activities/locker/locker.go", imports(mod, "locker", mod+"/workflows/order"), mod + "/workflows/order"},
		{"activity test imports a workflow caller", "activities/locker/locker_test.go", imports(mod, "locker", mod+"/workflows/order/caller"), mod + "/workflows/order/caller"},
		{"activity imports a sibling domain", "activities/locker/locker.go", imports(mod, "locker", mod+"/activities/order"), mod + "/activities/order"},
		{"api imports an activity package", "api/x.go", imports(mod, "api", mod+"/activities/order"), mod + "/activities/order"},
		{"api imports a workflow package", "api/x.go", imports(mod, "api", mod+"/workflows/order"), mod + "/workflows/order"},
		{"api test imports a workflow package", "api/x_test.go", imports(mod, "api", mod+"/workflows/order"), mod + "/workflows/order"},
		{"api imports an integration's fake", "api/x.go", imports(mod, "api", mod+"/integrations/acses/fake"), mod + "/integrations/acses/fake"},
		{"api imports an integration that wraps a provider SDK", "api/x.go", imports(mod, "api", mod+"/integrations/twilio"), mod + "/integrations/twilio"},
		{"api imports a provider SDK", "api/x.go", imports(mod, "api", "github.com/mailgun/mailgun-go/v4"), "github.com/mailgun/mailgun-go/v4"},
		{"api test imports a provider SDK", "api/x_test.go", imports(mod, "api", "github.com/twilio/twilio-go/client"), "github.com/twilio/twilio-go/client"},
		{"api imports ent's write machinery (hooks)", "api/x.go", imports(mod, "api", mod+"/ent/hook"), mod + "/ent/hook"},
		{"api imports ent's migrations", "api/x.go", imports(mod, "api", mod+"/ent/migrate"), mod + "/ent/migrate"},
		{"api imports a database driver", "api/x.go", imports(mod, "api", "modernc.org/sqlite"), "modernc.org/sqlite"},
		{"api file behind a build tag imports activities", "api/x_debug.go", tagged + imports(mod, "api", mod+"/activities/order"), mod + "/activities/order"},
		{"api imports the worker", "api/x.go", imports(mod, "api", mod+"/worker"), mod + "/worker"},
		{"contract imports the Temporal SDK", "contracts/order/x.go", imports(mod, "order", "go.temporal.io/sdk/temporal"), "go.temporal.io/sdk/temporal"},
		{"contract imports an activity package", "contracts/order/x.go", imports(mod, "order", mod+"/activities/order"), mod + "/activities/order"},
		{"contract imports ent", "contracts/order/x.go", imports(mod, "order", mod+"/ent"), mod + "/ent"},
		{"integration imports the store", "integrations/twilio/x.go", imports(mod, "twilio", mod+"/internal/store"), mod + "/internal/store"},
		{"api imports the wiring root", "api/x.go", imports(mod, "api", mod+"/app"), mod + "/app"},
		{"api imports the demo data outside tests", "api/x.go", imports(mod, "api", mod+"/app/seed"), mod + "/app/seed"},
		{"api test imports the dev stack", "api/x_test.go", imports(mod, "api", mod+"/app/devstack"), mod + "/app/devstack"},
		{"activity imports the demo data outside tests", "activities/locker/locker.go", imports(mod, "locker", mod+"/app/seed"), mod + "/app/seed"},
		{"activity test imports the wiring root", "activities/locker/locker_test.go", imports(mod, "locker", mod+"/app"), mod + "/app"},
		{"workflow test imports the demo data", "workflows/desk/desk_test.go", imports(mod, "desk", mod+"/app/seed"), mod + "/app/seed"},
		{"internal leaf imports a workflow caller", "internal/dms/dmsstore/x.go", imports(mod, "dmsstore", mod+"/workflows/order/caller"), mod + "/workflows/order/caller"},
		{"internal leaf imports the api", "internal/phone/x.go", imports(mod, "phone", mod+"/api"), mod + "/api"},
		{"internal leaf imports an activity package", "internal/phone/x.go", imports(mod, "phone", mod+"/activities/order"), mod + "/activities/order"},
		{"internal leaf imports a contract", "internal/phone/x.go", imports(mod, "phone", mod+"/contracts/order"), mod + "/contracts/order"},
		{"internal leaf imports the wiring root", "internal/phone/x.go", imports(mod, "phone", mod+"/app"), mod + "/app"},
		{"internal leaf test imports the demo data", "internal/phone/x_test.go", imports(mod, "phone", mod+"/app/seed"), mod + "/app/seed"},
		{"internal leaf imports the worker", "internal/phone/x.go", imports(mod, "phone", mod+"/worker"), mod + "/worker"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := map[string]string{}
			for k, v := range allowed {
				files[k] = v
			}
			files[c.file] = c.src
			vs := check(t, mod, files, nil)
			if len(vs) != 1 || vs[0].Import != c.want || vs[0].File != c.file {
				t.Fatalf("want exactly %s in %s reported, got %v", c.want, c.file, vs)
			}
		})
	}

	t.Run("an exception excuses its import, a stale one is reported", func(t *testing.T) {
		files := map[string]string{"workflows/desk/desk.go": imports(mod, "desk", mod+"/internal/dms/dmsstore")}
		for k, v := range allowed {
			files[k] = v
		}
		if vs := check(t, mod, files, []Exception{{Pkg: "workflows/desk", Import: "internal/dms/dmsstore", Why: "test"}}); len(vs) != 0 {
			t.Fatalf("excused import reported: %v", vs)
		}
		vs := check(t, mod, allowed, []Exception{{Pkg: "workflows/desk", Import: "internal/dms/dmsstore", Why: "test"}})
		if len(vs) != 1 || vs[0].Pkg != "workflows/desk" {
			t.Fatalf("stale exception not reported: %v", vs)
		}
	})
}

func imports(mod, pkg string, paths ...string) string {
	_ = mod
	src := "package " + pkg + "\n\nimport (\n"
	for _, p := range paths {
		src += "\t_ \"" + p + "\"\n"
	}
	return src + ")\n"
}

func check(t *testing.T, mod string, files map[string]string, exceptions []Exception) []Violation {
	t.Helper()
	root := t.TempDir()
	files["go.mod"] = "module " + mod + "\n\ngo 1.26\n"
	for name, src := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	vs, _, err := Check(root, Rules, exceptions)
	if err != nil {
		t.Fatal(err)
	}
	return vs
}

// TestAPIDependsOnNoActivityOrProviderSDK: what the API binary links
// (go list -deps, test files aside) holds no activity package and no
// provider SDK; it reaches the workflows through contracts and callers, and
// checks provider callbacks with the SDK-free webhook packages.
func TestAPIDependsOnNoActivityOrProviderSDK(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "list", "-deps", "./api")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -deps ./api: %v", err)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 50 {
		t.Fatalf("go list -deps ./api listed only %d packages", len(deps))
	}
	for _, d := range deps {
		if strings.HasPrefix(d, "github.com/pitstop-dev/pitstop/activities/") || strings.HasPrefix(d, "github.com/twilio/twilio-go") ||
			strings.HasPrefix(d, "github.com/mailgun/mailgun-go") {
			t.Errorf("the API depends on %s", d)
		}
	}
}
