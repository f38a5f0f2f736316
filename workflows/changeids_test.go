package workflows

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/converter"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/pitstop-dev/pitstop/internal/config"
	"github.com/pitstop-dev/pitstop/internal/payloadcodec"
)

// modulePath is this module's import path; workflow packages refer to each
// other's change-ID constants through it.
const modulePath = "github.com/pitstop-dev/pitstop"

// TestEveryChangeIDIsInARecordedHistory: the replay test only guards the
// GetVersion branches a recorded history went through. A change ID used in
// the workflow code that no history carries (at the newest version the code
// supports) means the replay test would pass a change that breaks running
// workflows on that path: record a history for it (see e2e/record_test.go).
func TestEveryChangeIDIsInARecordedHistory(t *testing.T) {
	code := scanCode(t, ".")
	require.NotEmpty(t, code.uses, "no workflow.GetVersion call found: the parser is broken")

	recorded := recordedChangeIDs(t, "testdata/*.json")
	creditEpochs(recorded, code.epochs)

	var missing []string
	for id, use := range code.uses {
		if !recorded[id][use.max] {
			missing = append(missing, id+" (version "+strconv.Itoa(use.max)+", "+strings.Join(use.where, ", ")+")")
		}
	}
	sort.Strings(missing)
	require.Empty(t, missing, "change IDs that no history in workflows/testdata recorded at their newest version: record a history that goes through each (PITSTOP_RECORD_HISTORIES=1)")
}

// recordedChangeIDs reads the change IDs and versions recorded by the
// histories that match pattern.
func recordedChangeIDs(t *testing.T, pattern string) map[string]map[int]bool {
	t.Helper()
	recorded := map[string]map[int]bool{} // change ID -> versions -> true
	files, err := filepath.Glob(filepath.FromSlash(pattern))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		for id, vs := range changeIDsInHistory(t, f) {
			if recorded[id] == nil {
				recorded[id] = map[int]bool{}
			}
			for v := range vs {
				recorded[id][v] = true
			}
		}
	}
	return recorded
}

// creditEpochs counts each change ID an epoch table covers as recorded at
// its table version when a history recorded the epoch at the table's
// version or later: a run under the epoch takes those versions without a
// marker, so its replay guards their branches as a marker would (see
// workflows/appointment/epoch.go). Histories re-recorded under the epoch
// thus keep the covered IDs recorded.
func creditEpochs(recorded map[string]map[int]bool, epochs []epoch) {
	for _, e := range epochs {
		if !underEpoch(recorded[e.id], e.since) {
			continue
		}
		for id, v := range e.covers {
			if recorded[id] == nil {
				recorded[id] = map[int]bool{}
			}
			recorded[id][v] = true
		}
	}
}

// TestEpochFreezesItsChangeIDs: a run under an epoch takes each covered
// change ID at its table version without recording a marker, so the code
// must ask each covered ID at exactly that maxSupported (a bump would be
// silently ignored by new runs, and taking it from the SDK instead would
// replay runs under the epoch on the DefaultVersion branch: a later change
// takes a new change ID), with a minSupported no higher, and always through
// the package's getVersion.
func TestEpochFreezesItsChangeIDs(t *testing.T) {
	code := scanCode(t, ".")
	require.NotEmpty(t, code.epochs, "no epoch table found: the parser is broken")
	var wrong []string
	for _, e := range code.epochs {
		require.NotEmpty(t, e.covers, e.where)
		require.Contains(t, code.uses, e.id, "%s: the epoch %q is never asked", e.where, e.id)
		for id, v := range e.covers {
			use := code.uses[id]
			if use == nil {
				continue // no longer asked: the entry stays, frozen
			}
			if use.max != v {
				wrong = append(wrong, fmt.Sprintf("%s: asked with maxSupported %d, frozen at %d by %s (a new behaviour takes a new change ID)", id, use.max, v, e.where))
			}
			for _, c := range use.calls {
				if c.min > v {
					wrong = append(wrong, fmt.Sprintf("%s: %s asks minSupported %d above the epoch's %d", id, c.at, c.min, v))
				}
				if c.pkg == e.pkg && !c.method {
					wrong = append(wrong, fmt.Sprintf("%s: %s calls workflow.GetVersion for a change ID the epoch covers: use w.getVersion", id, c.at))
				}
			}
		}
	}
	sort.Strings(wrong)
	require.Empty(t, wrong)
}

// TestAnEpochHistoryCreditsItsChangeIDs: the histories recorded under an
// epoch carry no marker for a covered change ID (which is the point of the
// epoch), and are credited with all of them at their table versions.
func TestAnEpochHistoryCreditsItsChangeIDs(t *testing.T) {
	code := scanCode(t, ".")
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	require.NoError(t, err)
	for _, e := range code.epochs {
		var under []string
		for _, f := range files {
			ids := changeIDsInHistory(t, f)
			if !underEpoch(ids[e.id], e.since) {
				continue
			}
			under = append(under, f)
			for id := range e.covers {
				require.NotContains(t, ids, id, "%s: recorded under the epoch %q, yet a marker for %s", f, e.id, id)
			}
		}
		require.NotEmpty(t, under, "no history recorded under the epoch %q at %d or later", e.id, e.since)
		recorded := map[string]map[int]bool{e.id: {e.since: true}}
		creditEpochs(recorded, code.epochs)
		for id, v := range e.covers {
			require.True(t, recorded[id][v], "%s not credited at %d", id, v)
		}
	}
}

// changeUse is how the workflow code uses one change ID.
type changeUse struct {
	max   int          // the highest maxSupported among its GetVersion calls
	where []string     // file:line of each call
	calls []changeCall // each call
}

// changeCall is one GetVersion call.
type changeCall struct {
	pkg      string // import path of its package
	at       string // file:line
	min, max int
	method   bool // through the package's getVersion method, not the SDK's
}

// epoch is one table of a package's epoch (see
// workflows/appointment/epoch.go): its change ID (the constant
// versionEpoch), the epoch version from which the table applies (1 for the
// map epochChanges, N for epochChangesN) and the change IDs it covers,
// with their versions.
type epoch struct {
	pkg    string
	where  string // file:line of the table
	id     string
	since  int
	covers map[string]int
}

// underEpoch: a history recorded the epoch (its versions) at since or later.
func underEpoch(versions map[int]bool, since int) bool {
	for v := range versions {
		if v >= since {
			return true
		}
	}
	return false
}

// codeScan is what scanCode read of the workflow code.
type codeScan struct {
	uses   map[string]*changeUse // change ID -> its use
	epochs []epoch
}

// changeIDsInCode is scanCode's change IDs.
func changeIDsInCode(t *testing.T, root string) map[string]*changeUse {
	return scanCode(t, root).uses
}

// scanCode finds every version call in the non-test Go files under root:
// workflow.GetVersion calls and calls of a package's getVersion method
// (w.getVersion(ctx, ID, min, max), which answers an epoch's covered IDs
// and asks the SDK for the rest), and resolves each change ID (a string
// literal or a string constant of this module) and minSupported and
// maxSupported. A call it cannot resolve fails the test rather than being
// skipped; so does a getVersion method that does not pass its own
// parameters to workflow.GetVersion. It also reads each package's epoch
// table (var epochChanges, keyed by change ID, with the epoch's ID in
// const versionEpoch).
func scanCode(t *testing.T, root string) codeScan {
	t.Helper()
	fset := token.NewFileSet()
	type file struct {
		pkg string // import path
		f   *ast.File
	}
	var files []file
	consts := map[string]map[string]string{} // import path -> constant -> value
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "testdata" {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		pkg := path.Join(modulePath, "workflows", filepath.ToSlash(filepath.Dir(p)))
		files = append(files, file{pkg, f})
		if consts[pkg] == nil {
			consts[pkg] = map[string]string{}
		}
		for _, decl := range f.Decls {
			g, ok := decl.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, spec := range g.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					if i < len(vs.Values) {
						if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
							s, err := strconv.Unquote(lit.Value)
							require.NoError(t, err)
							consts[pkg][name.Name] = s
						}
					}
				}
			}
		}
		return nil
	})
	require.NoError(t, err)

	scan := codeScan{uses: map[string]*changeUse{}}
	methodPkgs := map[string]string{} // packages with getVersion calls -> a call
	for _, fl := range files {
		imports := map[string]string{} // local name -> import path
		for _, im := range fl.f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			name := path.Base(p)
			if im.Name != nil {
				name = im.Name.Name
			}
			imports[name] = p
		}
		sdk := ""
		for name, p := range imports {
			if p == "go.temporal.io/sdk/workflow" {
				sdk = name
			}
		}
		// changeID resolves a change ID argument.
		changeID := func(e ast.Expr, at string) string {
			switch a := e.(type) {
			case *ast.BasicLit:
				s, err := strconv.Unquote(a.Value)
				require.NoError(t, err, at)
				return s
			case *ast.Ident:
				s, ok := consts[fl.pkg][a.Name]
				require.True(t, ok, "%s: change ID %s is not a string constant of its package", at, a.Name)
				return s
			case *ast.SelectorExpr:
				pk, _ := a.X.(*ast.Ident)
				require.NotNil(t, pk, at)
				s, ok := consts[imports[pk.Name]][a.Sel.Name]
				require.True(t, ok, "%s: change ID %s.%s is not a string constant under workflows/", at, pk.Name, a.Sel.Name)
				return s
			}
			t.Fatalf("%s: cannot read the change ID of this version call: use a string constant", at)
			return ""
		}
		for _, decl := range fl.f.Decls {
			switch d := decl.(type) {
			case *ast.GenDecl:
				if e, ok := epochTable(t, fset, d, changeID); ok {
					e.pkg = fl.pkg
					id, ok := consts[fl.pkg]["versionEpoch"]
					require.True(t, ok, "%s: an epoch table without a versionEpoch constant in its package", e.where)
					e.id = id
					scan.epochs = append(scan.epochs, e)
				}
				ast.Inspect(d, func(n ast.Node) bool {
					return inspectCall(t, fset, n, sdk, nil, fl.pkg, changeID, scan.uses, methodPkgs)
				})
			case *ast.FuncDecl:
				var pass *ast.FuncDecl
				if d.Recv != nil && d.Name.Name == "getVersion" {
					pass = d
				}
				ast.Inspect(d, func(n ast.Node) bool {
					return inspectCall(t, fset, n, sdk, pass, fl.pkg, changeID, scan.uses, methodPkgs)
				})
			}
		}
	}
	for pkg, at := range methodPkgs {
		found := false
		for _, e := range scan.epochs {
			found = found || e.pkg == pkg
		}
		require.True(t, found, "%s: a getVersion call in a package without an epoch table (var epochChanges): teach this test to read it", at)
	}
	return scan
}

// inspectCall records n when it is a version call: workflow.GetVersion
// (sdk is the file's name of go.temporal.io/sdk/workflow) or a getVersion
// method call. Inside pass, the getVersion method itself, its
// workflow.GetVersion call must pass the method's own parameters on.
func inspectCall(t *testing.T, fset *token.FileSet, n ast.Node, sdk string, pass *ast.FuncDecl, pkg string,
	changeID func(ast.Expr, string) string, uses map[string]*changeUse, methodPkgs map[string]string) bool {
	call, ok := n.(*ast.CallExpr)
	if !ok {
		return true
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || (sel.Sel.Name != "GetVersion" && sel.Sel.Name != "getVersion") {
		return true
	}
	at := fset.Position(call.Pos()).String()
	x, ok := sel.X.(*ast.Ident)
	method := sel.Sel.Name == "getVersion"
	if method {
		require.True(t, ok, "%s: a getVersion call not on a receiver variable: teach this test to read it", at)
		methodPkgs[pkg] = at
	} else {
		require.True(t, ok && x.Name == sdk && sdk != "", "%s: a GetVersion call not through go.temporal.io/sdk/workflow: teach this test to read it", at)
	}
	require.Len(t, call.Args, 4, at)
	if pass != nil && !method {
		var params []string
		for _, f := range pass.Type.Params.List {
			for _, name := range f.Names {
				params = append(params, name.Name)
			}
		}
		var args []string
		for _, a := range call.Args {
			id, ok := a.(*ast.Ident)
			require.True(t, ok, "%s: getVersion must pass its parameters to workflow.GetVersion", at)
			args = append(args, id.Name)
		}
		require.Equal(t, params, args, "%s: getVersion must pass its parameters to workflow.GetVersion", at)
		return true
	}
	id := changeID(call.Args[1], at)
	c := changeCall{pkg: pkg, at: at, min: versionArg(t, call.Args[2], at), max: versionArg(t, call.Args[3], at), method: method}
	u := uses[id]
	if u == nil {
		u = &changeUse{max: c.max}
		uses[id] = u
	}
	u.max = max(u.max, c.max)
	u.where = append(u.where, at)
	u.calls = append(u.calls, c)
	return true
}

// epochTable reads d when it declares an epoch table:
// var epochChanges = map[string]workflow.Version{ID: N, ...} (from the
// epoch's version 1 on), or epochChangesK (from version K on).
func epochTable(t *testing.T, fset *token.FileSet, d *ast.GenDecl, changeID func(ast.Expr, string) string) (epoch, bool) {
	if d.Tok != token.VAR {
		return epoch{}, false
	}
	for _, spec := range d.Specs {
		vs := spec.(*ast.ValueSpec)
		for i, name := range vs.Names {
			since, ok := epochTableSince(name.Name)
			if !ok {
				continue
			}
			at := fset.Position(name.Pos()).String()
			require.Less(t, i, len(vs.Values), "%s: cannot read the epoch table", at)
			lit, ok := vs.Values[i].(*ast.CompositeLit)
			require.True(t, ok, "%s: cannot read the epoch table: use a map literal", at)
			e := epoch{where: at, since: since, covers: map[string]int{}}
			for _, el := range lit.Elts {
				kv, ok := el.(*ast.KeyValueExpr)
				require.True(t, ok, "%s: cannot read the epoch table", at)
				elAt := fset.Position(kv.Pos()).String()
				id := changeID(kv.Key, elAt)
				_, dup := e.covers[id]
				require.False(t, dup, "%s: %s twice in the epoch table", elAt, id)
				e.covers[id] = versionArg(t, kv.Value, elAt)
			}
			return e, true
		}
	}
	return epoch{}, false
}

// epochTableSince reads an epoch table's name: epochChanges is the
// epoch's version 1, epochChangesK its version K.
func epochTableSince(name string) (int, bool) {
	rest, ok := strings.CutPrefix(name, "epochChanges")
	if !ok {
		return 0, false
	}
	if rest == "" {
		return 1, true
	}
	k, err := strconv.Atoi(rest)
	return k, err == nil && k > 1
}

// versionArg reads a GetVersion version argument: an integer literal or
// workflow.DefaultVersion.
func versionArg(t *testing.T, e ast.Expr, at string) int {
	switch a := e.(type) {
	case *ast.BasicLit:
		v, err := strconv.Atoi(a.Value)
		require.NoError(t, err, at)
		return v
	case *ast.SelectorExpr:
		if a.Sel.Name == "DefaultVersion" {
			return -1
		}
	}
	t.Fatalf("%s: cannot read the version argument of this GetVersion call: use an integer literal", at)
	return 0
}

// changeIDsInHistory decodes a recorded history (payloads encrypted with the
// development key) and returns the change IDs and versions it recorded:
// its Version markers and its TemporalChangeVersion search attribute
// upserts.
func changeIDsInHistory(t *testing.T, file string) map[string]map[int]bool {
	t.Helper()
	b, err := os.ReadFile(file)
	require.NoError(t, err)
	h := &historypb.History{}
	require.NoError(t, protojson.UnmarshalOptions{DiscardUnknown: true}.Unmarshal(b, h), file)
	keys, err := payloadcodec.ParseKeyring(config.DevPayloadKeys)
	require.NoError(t, err)
	dc := payloadcodec.NewDataConverter(keys)
	out := map[string]map[int]bool{}
	add := func(id string, v int) {
		if out[id] == nil {
			out[id] = map[int]bool{}
		}
		out[id][v] = true
	}
	for _, ev := range h.Events {
		switch ev.GetEventType() {
		case enumspb.EVENT_TYPE_MARKER_RECORDED:
			m := ev.GetMarkerRecordedEventAttributes()
			if m.GetMarkerName() != "Version" {
				continue
			}
			var id string
			var v int
			require.NoError(t, dc.FromPayloads(m.GetDetails()["change-id"], &id), "%s: event %d", file, ev.GetEventId())
			require.NoError(t, dc.FromPayloads(m.GetDetails()["version"], &v), "%s: event %d", file, ev.GetEventId())
			require.NotEmpty(t, id, "%s: event %d: a Version marker without a change ID", file, ev.GetEventId())
			add(id, v)
		case enumspb.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES:
			p := ev.GetUpsertWorkflowSearchAttributesEventAttributes().GetSearchAttributes().GetIndexedFields()["TemporalChangeVersion"]
			if p == nil {
				continue
			}
			var vals []string
			require.NoError(t, converter.GetDefaultDataConverter().FromPayload(p, &vals), "%s: event %d", file, ev.GetEventId())
			for _, s := range vals {
				i := strings.LastIndex(s, "-")
				require.Positive(t, i, "%s: TemporalChangeVersion %q", file, s)
				v, err := strconv.Atoi(s[i+1:])
				require.NoError(t, err, "%s: TemporalChangeVersion %q", file, s)
				add(s[:i], v)
			}
		}
	}
	return out
}

// TestChangeIDsInCodeAreFound: the parser finds the change IDs of a
// package it is pointed at, constants and literals alike, so the test
// above cannot pass by finding nothing.
func TestChangeIDsInCodeAreFound(t *testing.T) {
	uses := changeIDsInCode(t, ".")
	for _, id := range []string{"acses-locker-journey", "key-locker-pick-up-pin", "desk-signals-lifecycle", "notify-receptionist", "appointment-epoch"} {
		require.Contains(t, uses, id)
		require.GreaterOrEqual(t, uses[id].max, 1, id)
	}
}

// TestEveryChangeIDHasTheShapeTheCodecKeeps: the redacted copy of an erased
// customer's payload keeps a whole-payload string only when it has a change
// ID's shape (payloadcodec.Redact); a GetVersion marker whose change ID were
// redacted would replay on the old branch and fail.
func TestEveryChangeIDHasTheShapeTheCodecKeeps(t *testing.T) {
	for id, use := range changeIDsInCode(t, ".") {
		require.True(t, payloadcodec.IsChangeIDShape(id), "change ID %q (%s) is not lower-case words joined by hyphens", id, strings.Join(use.where, ", "))
		kept, ok := payloadcodec.Redact(id)
		require.True(t, ok)
		require.Equal(t, id, kept)
	}
}
