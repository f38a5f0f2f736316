// Package layers keeps the project's layers apart. Check walks a source
// tree and reports every import a layer may not make: the API reaches the
// workflows only through their contracts and callers, workflows reach the
// database and the outside world only through activities, activities never
// call back up into the API or the workflows, and the contracts import
// nothing but the standard library and the enumerations.
//
// Every .go file counts: test files (their imports are checked against the
// same rules, plus the test-only allowances written down below) and files
// behind build tags (parsed without applying any constraint). The rules
// are allow-lists: an import a layer does not list is reported, and a
// denied import is reported even where an allowed prefix covers it.
package layers

import (
	"bufio"
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// Rule is what the packages of one layer may import. Paths are module
// relative ("ent", "integrations/twilio") or full for other modules
// ("github.com/lib/pq"); "std" is the standard library. A path matches
// itself and everything below it; a "*" segment matches any one segment.
type Rule struct {
	// Layer is the package path pattern the rule applies to; the most
	// specific (longest) pattern a package matches decides.
	Layer string
	Allow []string
	// TestAllow are further imports allowed in _test.go files only.
	TestAllow []string
	// Deny wins over Allow and TestAllow, in every file; NonTestDeny wins
	// over Allow outside _test.go files.
	Deny        []string
	NonTestDeny []string
	// Siblings applies to "workflows" and "activities": a package of one
	// domain (workflows/<domain>/...) may import another domain's package
	// of the same layer only where listed here, as "from -> to" patterns.
	Siblings []string
	// TestSiblings are further sibling imports allowed in _test.go files.
	TestSiblings []string
}

// Everywhere-forbidden kinds, named once.
var (
	// dbDrivers and ent's own write machinery.
	dbDrivers = []string{"database/sql", "github.com/lib/pq", "modernc.org/sqlite", "github.com/jackc/pgx", "github.com/mattn/go-sqlite3"}
	// providerSDKs are used behind integrations/ only.
	providerSDKs = []string{"github.com/twilio/twilio-go", "github.com/mailgun/mailgun-go"}
	// roots wire everything together (the worker, the commands, the
	// end-to-end tests and app/: the wiring, the dev stack, the demo data);
	// nothing else imports them. The API's and the activities' test files
	// seed fixtures with app/seed: those two layers keep the roots out by
	// their allow-lists (which name no root) plus deniedRoots, because
	// Deny would win over their TestAllow.
	roots       = []string{"worker", "cmd", "e2e", "app"}
	deniedRoots = []string{"worker", "cmd", "e2e", "app/devstack"}
	// entMachinery is ent's schema, migrations, hooks and runtime: the
	// read model (ent and ent/<entity> predicates) is not among them.
	entMachinery = []string{"ent/schema", "ent/migrate", "ent/hook", "ent/runtime", "ent/enttest", "ent/privacy", "internal/store/migrations"}
)

func join(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// testing is what any test file may import besides its layer's rule.
var testOnly = []string{"github.com/stretchr/testify", "go.temporal.io/sdk/testsuite", "go.temporal.io/sdk/mocks", "internal/store/storetest"}

// Rules are the project's layers.
var Rules = []Rule{
	{
		Layer: "contracts",
		// The appointment's state holds the inspection's check references.
		Allow:     []string{"std", "internal/enums", "internal/textcheck", "contracts/inspection"},
		TestAllow: testOnly,
		Deny:      []string{"database/sql"},
	},
	{
		// Workflows: contracts, activity packages (typed references only),
		// enums, the Temporal SDK and the standard library; never ent, a
		// database driver or an integration directly.
		Layer: "workflows",
		Allow: []string{"std", "go.temporal.io", "contracts", "activities", "internal/enums", "internal/errtypes", "workflows"},
		// The change-ID test decodes recorded histories (protojson).
		TestAllow: join(testOnly, []string{"internal/payloadcodec", "internal/config", "google.golang.org/protobuf"}),
		Deny:      join([]string{"ent", "integrations", "internal/store", "internal/dms/dmsstore", "internal/readdoc", "api", "entgo.io"}, dbDrivers, providerSDKs, roots),
		Siblings: []string{
			// The root package registers every workflow under its pinned name.
			"workflows -> workflows/*",
			// Every domain shares the activity options.
			"workflows/* -> workflows/options",
			// A ticket's and a desk confirmation's start set the
			// appointment's search attributes (AppointmentID, WONr ...).
			"workflows/ticket/caller -> workflows/appointment/caller",
			"workflows/desk/caller -> workflows/appointment/caller",
		},
	},
	{
		// Callers run in the API: like workflows, and no activities and
		// no workflow code either (only other callers).
		Layer: "workflows/*/caller",
		Allow: []string{"std", "go.temporal.io", "contracts", "internal/enums", "internal/errtypes", "workflows/*/caller",
			// What a DMS change owes a lifecycle (types only, no database code).
			"internal/dms/dmschange", "github.com/google/uuid"},
		Deny: join([]string{"activities", "ent", "integrations", "internal/store", "internal/dms/dmsstore", "api", "entgo.io"}, dbDrivers, providerSDKs, roots),
		Siblings: []string{
			"workflows/ticket/caller -> workflows/appointment/caller",
			"workflows/desk/caller -> workflows/appointment/caller",
		},
	},
	{
		// Activities: the store, ent, integrations and internal packages;
		// never the API or the workflows.
		Layer: "activities",
		Allow: []string{"std", "contracts", "activities", "ent", "entgo.io", "integrations", "internal",
			"go.temporal.io", "github.com/google/uuid", "github.com/lib/pq", "golang.org/x/sync"},
		TestAllow:   join(testOnly, []string{"app/seed"}),
		Deny:        join([]string{"api", "workflows", "internal/layers"}, deniedRoots),
		NonTestDeny: []string{"app/seed"},
		Siblings: []string{
			// Notifications plan what the lifecycle's answers recorded
			// (the key-locker PIN rows, the answer types).
			"activities/notify -> activities/appointment",
		},
		TestSiblings: []string{
			// The demo data is seeded with the lifecycle's own writes.
			"activities/* -> activities/appointment",
		},
	},
	{
		// The API: contracts and callers, the read model (ent and its
		// entity packages), internal packages and the integrations' clients;
		// never activities, workflow code, a provider SDK, an integration's
		// fake (outside tests), ent's write machinery or a database driver.
		Layer: "api",
		Allow: []string{"std", "api", "contracts", "workflows/*/caller", "ent", "internal",
			// The integrations' clients the API calls or whose callbacks it
			// checks (the webhook subpackages need no provider SDK).
			"integrations/acses", "integrations/remotediag", "integrations/mailgun/webhook", "integrations/twilio/webhook",
			"github.com/gin-gonic/gin", "github.com/google/uuid", "go.temporal.io", "golang.org/x/sync", "gopkg.in/yaml.v3",
			// Gin's request validator, to put its errors in words.
			"github.com/go-playground/validator/v10"},
		TestAllow: join(testOnly, []string{
			// Callbacks are signed in tests as the providers sign them, and
			// fixtures are seeded with the activities' own writes.
			"integrations/*/fake", "integrations/mailgun", "integrations/twilio", "activities",
			"app/seed", "github.com/getkin/kin-openapi", "github.com/chromedp", "entgo.io/ent/dialect",
		}),
		Deny:        join(entMachinery, dbDrivers, providerSDKs, deniedRoots),
		NonTestDeny: []string{"activities", "integrations/*/fake", "app/seed"},
	},
	{
		// Integrations talk to the outside world and know nothing above.
		Layer: "integrations",
		Allow: []string{"*"},
		Deny:  join([]string{"api", "workflows", "activities", "contracts", "internal/store", "internal/dms/dmsstore"}, roots),
	},
	{
		// internal/ holds leaf helpers only: they may import each other,
		// ent and outside modules, never a layer above them or a root.
		Layer: "internal",
		Allow: []string{"*"},
		Deny:  join([]string{"api", "workflows", "activities", "contracts"}, roots),
	},
}

// Exempt packages wire everything (the composition roots under app/; cmd,
// worker and e2e have no rule at all) or test the rules.
var Exempt = []string{"app", "internal/layers", "internal/browsertest"}

// Exception is an import that breaks a rule today and is being fixed
// elsewhere. An exception that matches no import is itself reported, so
// it is deleted once the fix is merged.
type Exception struct {
	Pkg, Import, Why string
}

// Exceptions are today's known breaks.
var Exceptions = []Exception{}

// Violation is one forbidden import.
type Violation struct {
	File   string // relative to the root, slash-separated
	Pkg    string // module-relative package path
	Import string // as written (full path)
	Reason string
}

func (v Violation) String() string {
	return fmt.Sprintf("%s: package %s imports %s (%s)", v.File, v.Pkg, v.Import, v.Reason)
}

// Check walks the module at root and returns every violation of rules
// (with exceptions applied) and how many packages it checked.
func Check(root string, rules []Rule, exceptions []Exception) ([]Violation, int, error) {
	module, err := modulePath(filepath.Join(root, "go.mod"))
	if err != nil {
		return nil, 0, err
	}
	used := make([]bool, len(exceptions))
	var out []Violation
	pkgs := map[string]bool{}
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			name := d.Name()
			if rel != "." && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" || name == "node_modules" || name == "vendor" || rel == "ent") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		pkg := filepath.ToSlash(filepath.Dir(rel))
		if matchAny(pkg, Exempt) {
			return nil
		}
		rule, ok := ruleFor(pkg, rules)
		if !ok {
			return nil
		}
		pkgs[pkg] = true
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return fmt.Errorf("%s: %w", rel, err)
		}
		isTest := strings.HasSuffix(path, "_test.go")
		for _, spec := range f.Imports {
			imp, _ := strconv.Unquote(spec.Path.Value)
			reason := judge(pkg, imp, module, rule, isTest)
			if reason == "" {
				continue
			}
			rp := relImport(imp, module)
			excused := false
			for i, e := range exceptions {
				if e.Pkg == pkg && match(rp, e.Import) {
					used[i], excused = true, true
				}
			}
			if !excused {
				out = append(out, Violation{File: rel, Pkg: pkg, Import: imp, Reason: reason})
			}
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	for i, e := range exceptions {
		if !used[i] {
			out = append(out, Violation{Pkg: e.Pkg, Import: e.Import, Reason: "stale exception: nothing imports this any more, delete it from Exceptions"})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out, len(pkgs), nil
}

// judge returns why pkg may not import imp, or "".
func judge(pkg, imp, module string, r Rule, isTest bool) string {
	rp := relImport(imp, module)
	if matchAny(rp, r.Deny) {
		return "denied in layer " + r.Layer
	}
	if !isTest && matchAny(rp, r.NonTestDeny) {
		return "denied outside tests in layer " + r.Layer
	}
	allowed := matchAny(rp, r.Allow) || (isStd(imp) && contains(r.Allow, "std")) || contains(r.Allow, "*")
	if !allowed && isTest {
		allowed = matchAny(rp, r.TestAllow) || (isStd(imp) && contains(r.TestAllow, "std"))
	}
	if !allowed {
		return "not in the allow-list of layer " + r.Layer
	}
	// Sibling domains of the same layer.
	for _, layer := range []string{"workflows", "activities"} {
		if !under(pkg, layer) || !under(rp, layer) || domain(pkg) == domain(rp) {
			continue
		}
		ok := false
		sibs := r.Siblings
		if isTest {
			sibs = append(append([]string(nil), sibs...), r.TestSiblings...)
		}
		for _, s := range sibs {
			from, to, _ := strings.Cut(s, " -> ")
			if match(pkg, from) && exact(pkg, from) && match(rp, to) {
				ok = true
			}
		}
		if !ok {
			return "imports a sibling domain not listed in Siblings of layer " + r.Layer
		}
	}
	return ""
}

// exact: the sibling rule's from-pattern names the package itself (not
// a parent of it), except for a pattern ending in "*".
func exact(pkg, pattern string) bool {
	return strings.Count(pkg, "/") == strings.Count(pattern, "/") || strings.HasSuffix(pattern, "*")
}

// domain is the second path segment (workflows/<domain>/...), "" for the
// layer's root package; workflows/options is shared, not a domain.
func domain(p string) string {
	parts := strings.Split(p, "/")
	if len(parts) < 2 {
		return ""
	}
	return parts[1]
}

func under(p, layer string) bool { return p == layer || strings.HasPrefix(p, layer+"/") }

func relImport(imp, module string) string {
	if imp == module {
		return "."
	}
	if r, ok := strings.CutPrefix(imp, module+"/"); ok {
		return r
	}
	return imp
}

// isStd: standard library paths have no dot in their first segment.
func isStd(imp string) bool {
	first, _, _ := strings.Cut(imp, "/")
	return !strings.Contains(first, ".")
}

func ruleFor(pkg string, rules []Rule) (Rule, bool) {
	best, found := Rule{}, false
	for _, r := range rules {
		if match(pkg, r.Layer) && (!found || len(r.Layer) > len(best.Layer)) {
			best, found = r, true
		}
	}
	return best, found
}

func matchAny(p string, patterns []string) bool {
	for _, pat := range patterns {
		if pat != "std" && pat != "*" && match(p, pat) {
			return true
		}
	}
	return false
}

// match: p is pattern or below it, "*" matching one segment.
func match(p, pattern string) bool {
	ps, qs := strings.Split(p, "/"), strings.Split(pattern, "/")
	if len(ps) < len(qs) {
		return false
	}
	for i, q := range qs {
		if q != "*" && q != ps[i] {
			return false
		}
	}
	return true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func modulePath(gomod string) (string, error) {
	f, err := os.Open(gomod)
	if err != nil {
		return "", err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if m, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "module "); ok {
			return strings.TrimSpace(m), nil
		}
	}
	return "", fmt.Errorf("%s: no module line", gomod)
}
