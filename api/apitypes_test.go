package api

import (
	"encoding/json"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestResponsesAreAPITypes type-checks this package and fails when a
// handler answers (c.JSON) with a value whose type is, or contains, a type
// of the ent package or of a workflow package, or decodes a request body
// (bindJSON, decodeStrict, strictBind, strictjson, gin's binding) into one: every
// request and response is a type of the API layer, mapped at the edge, so a
// schema or contract change never changes the API by accident. gin.H
// literals are checked value by value.
func TestResponsesAreAPITypes(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks the package (needs the go tool)")
	}
	bad := responseViolations(t)
	for _, b := range bad {
		t.Error(b)
	}
}

// foreign says whether a package may not appear in a response type.
func foreign(path string) bool {
	return path == module+"/ent" || strings.HasPrefix(path, module+"/ent/") ||
		path == module+"/workflows" || strings.HasPrefix(path, module+"/workflows/")
}

const module = "github.com/pitstop-dev/pitstop"

func responseViolations(t *testing.T) []string {
	t.Helper()
	// Export data of every dependency, from the build cache.
	out, err := exec.Command("go", "list", "-export", "-deps", "-json=ImportPath,Export", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	exports := map[string]string{}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p struct{ ImportPath, Export string }
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		exports[p.ImportPath] = p.Export
	}
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		return os.Open(exports[path])
	})
	// Every package of the API (the root and each caller's), its files as
	// the build sees them (build tags applied).
	list, err := exec.Command("go", "list", "-f", `{{.ImportPath}}|{{.Dir}}|{{join .GoFiles ","}}`, "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var bad []string
	calls, decodes := 0, 0
	for _, line := range strings.Fields(string(list)) {
		parts := strings.SplitN(line, "|", 3)
		var files []*ast.File
		for _, name := range strings.Split(parts[2], ",") {
			if name == "" {
				continue
			}
			f, err := parser.ParseFile(fset, filepath.Join(parts[1], name), nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, f)
		}
		info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}}
		if _, err := (&types.Config{Importer: imp}).Check(parts[0], fset, files, info); err != nil {
			t.Fatalf("type-check %s: %v", parts[0], err)
		}
		b, c, d := scanResponses(fset, files, info)
		bad, calls, decodes = append(bad, b...), calls+c, decodes+d
	}
	if calls < 40 || decodes < 25 {
		t.Fatalf("found only %d c.JSON calls and %d request decodes: the scan is broken", calls, decodes)
	}
	return bad
}

// scanResponses checks what the files' handlers decode into and answer.
func scanResponses(fset *token.FileSet, files []*ast.File, info *types.Info) (bad []string, calls, decodes int) {
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			// Requests: what a body is decoded into.
			if name := calleeName(call.Fun); decoders[name] {
				decodes++
				for _, a := range call.Args {
					if path := foreignIn(info.Types[a].Type, map[types.Type]bool{}); path != "" {
						bad = append(bad, fset.Position(a.Pos()).String()+": request decoded into "+path)
					}
				}
				return true
			}
			if len(call.Args) != 2 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || (sel.Sel.Name != "JSON" && sel.Sel.Name != "IndentedJSON" && sel.Sel.Name != "PureJSON") {
				return true
			}
			if tv, ok := info.Types[sel.X]; !ok || !strings.HasSuffix(tv.Type.String(), "gin.Context") {
				return true
			}
			calls++
			for _, v := range responseValues(call.Args[1]) {
				if path := foreignIn(info.Types[v].Type, map[types.Type]bool{}); path != "" {
					bad = append(bad, fset.Position(v.Pos()).String()+": response contains "+path)
				}
			}
			return true
		})
	}
	return bad, calls, decodes
}

// decoders are the functions request bodies are decoded with.
var decoders = map[string]bool{"bindJSON": true, "decodeStrict": true, "strictBind": true, "Decode": true, "DecodeStrict": true, "DecodeWith": true,
	"ShouldBindJSON": true, "BindJSON": true, "ShouldBind": true, "ShouldBindQuery": true}

func calleeName(fun ast.Expr) string {
	switch f := fun.(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		return f.Sel.Name
	}
	return ""
}

// responseValues splits gin.H / map literals into their values (their
// static type is any); anything else is checked whole.
func responseValues(e ast.Expr) []ast.Expr {
	lit, ok := e.(*ast.CompositeLit)
	if !ok {
		return []ast.Expr{e}
	}
	if _, isMap := lit.Type.(*ast.MapType); !isMap {
		if sel, ok := lit.Type.(*ast.SelectorExpr); !ok || sel.Sel.Name != "H" {
			return []ast.Expr{e}
		}
	}
	var out []ast.Expr
	for _, el := range lit.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			out = append(out, responseValues(kv.Value)...)
		}
	}
	return out
}

// foreignIn returns the foreign type t is or contains (through pointers,
// slices, arrays, maps and struct fields), or "".
func foreignIn(t types.Type, seen map[types.Type]bool) string {
	if t == nil || seen[t] {
		return ""
	}
	seen[t] = true
	if n, ok := t.(*types.Named); ok {
		if p := n.Obj().Pkg(); p != nil && foreign(p.Path()) {
			return n.String()
		}
		if ta := n.TypeArgs(); ta != nil {
			for i := 0; i < ta.Len(); i++ {
				if f := foreignIn(ta.At(i), seen); f != "" {
					return f
				}
			}
		}
	}
	switch u := t.Underlying().(type) {
	case *types.Pointer:
		return foreignIn(u.Elem(), seen)
	case *types.Slice:
		return foreignIn(u.Elem(), seen)
	case *types.Array:
		return foreignIn(u.Elem(), seen)
	case *types.Map:
		if f := foreignIn(u.Key(), seen); f != "" {
			return f
		}
		return foreignIn(u.Elem(), seen)
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			if tag := u.Tag(i); strings.Contains(tag, `json:"-"`) || !u.Field(i).Exported() {
				continue
			}
			if f := foreignIn(u.Field(i).Type(), seen); f != "" {
				return f + " (field " + u.Field(i).Name() + ")"
			}
		}
	}
	return ""
}

// TestForeignInFindsNestedTypes keeps the scanner honest: a response type
// that hides an ent or workflow type in a field, slice or map is found.
func TestForeignInFindsNestedTypes(t *testing.T) {
	entPkg := types.NewPackage(module+"/ent", "ent")
	entAp := types.NewNamed(types.NewTypeName(token.NoPos, entPkg, "Appointment", nil), types.NewStruct(nil, nil), nil)
	apiPkg := types.NewPackage(module+"/api", "api")
	field := types.NewField(token.NoPos, apiPkg, "Items", types.NewSlice(types.NewPointer(entAp)), false)
	view := types.NewNamed(types.NewTypeName(token.NoPos, apiPkg, "ListView", nil), types.NewStruct([]*types.Var{field}, []string{`json:"items"`}), nil)
	if got := foreignIn(types.NewMap(types.Typ[types.String], view), map[types.Type]bool{}); !strings.Contains(got, "ent.Appointment") {
		t.Fatalf("nested ent type not found: %q", got)
	}
	hidden := types.NewField(token.NoPos, apiPkg, "Items", entAp, false)
	ok := types.NewNamed(types.NewTypeName(token.NoPos, apiPkg, "OK", nil), types.NewStruct([]*types.Var{hidden}, []string{`json:"-"`}), nil)
	if got := foreignIn(ok, map[types.Type]bool{}); got != "" {
		t.Fatalf("a field not serialised was reported: %q", got)
	}
}
