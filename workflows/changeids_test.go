package workflows

import (
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
	inCode := changeIDsInCode(t, ".")
	require.NotEmpty(t, inCode, "no workflow.GetVersion call found: the parser is broken")

	recorded := map[string]map[int]bool{} // change ID -> versions -> true
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
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

	var missing []string
	for id, use := range inCode {
		if !recorded[id][use.max] {
			missing = append(missing, id+" (version "+strconv.Itoa(use.max)+", "+strings.Join(use.where, ", ")+")")
		}
	}
	sort.Strings(missing)
	require.Empty(t, missing, "change IDs that no history in workflows/testdata recorded at their newest version: record a history that goes through each (PITSTOP_RECORD_HISTORIES=1)")
}

// changeUse is how the workflow code uses one change ID.
type changeUse struct {
	max   int      // the highest maxSupported among its GetVersion calls
	where []string // file:line of each call
}

// changeIDsInCode finds every workflow.GetVersion call in the non-test Go
// files under root and resolves its change ID (a string literal or a string
// constant of this module) and maxSupported. A call it cannot resolve fails
// the test rather than being skipped.
func changeIDsInCode(t *testing.T, root string) map[string]*changeUse {
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

	uses := map[string]*changeUse{}
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
		ast.Inspect(fl.f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "GetVersion" {
				return true
			}
			at := fset.Position(call.Pos()).String()
			x, ok := sel.X.(*ast.Ident)
			require.True(t, ok && x.Name == sdk && sdk != "", "%s: a GetVersion call not through go.temporal.io/sdk/workflow: teach this test to read it", at)
			require.Len(t, call.Args, 4, at)
			var id string
			switch a := call.Args[1].(type) {
			case *ast.BasicLit:
				s, err := strconv.Unquote(a.Value)
				require.NoError(t, err, at)
				id = s
			case *ast.Ident:
				s, ok := consts[fl.pkg][a.Name]
				require.True(t, ok, "%s: change ID %s is not a string constant of its package", at, a.Name)
				id = s
			case *ast.SelectorExpr:
				pk, _ := a.X.(*ast.Ident)
				require.NotNil(t, pk, at)
				s, ok := consts[imports[pk.Name]][a.Sel.Name]
				require.True(t, ok, "%s: change ID %s.%s is not a string constant under workflows/", at, pk.Name, a.Sel.Name)
				id = s
			default:
				t.Fatalf("%s: cannot read the change ID of this GetVersion call: use a string constant", at)
			}
			maxV := versionArg(t, call.Args[3], at)
			u := uses[id]
			if u == nil {
				u = &changeUse{max: maxV}
				uses[id] = u
			}
			u.max = max(u.max, maxV)
			u.where = append(u.where, at)
			return true
		})
	}
	return uses
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
	for _, id := range []string{"acses-locker-journey", "key-locker-pick-up-pin", "desk-signals-lifecycle", "notify-receptionist"} {
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
