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
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/ent"
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
	out, err := exec.Command("go", "list", "-export", "-deps", "-json=ImportPath,Export", ".").Output()
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
	// The package's files as the build sees them (build tags applied).
	names, err := exec.Command("go", "list", "-f", `{{join .GoFiles "\n"}}`, ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var files []*ast.File
	for _, name := range strings.Fields(string(names)) {
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}}
	if _, err := (&types.Config{Importer: imp}).Check(module+"/api", fset, files, info); err != nil {
		t.Fatalf("type-check: %v", err)
	}
	var bad []string
	calls, decodes := 0, 0
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
	if calls < 40 || decodes < 25 {
		t.Fatalf("found only %d c.JSON calls and %d request decodes: the scan is broken", calls, decodes)
	}
	return bad
}

// decoders are the functions request bodies are decoded with.
var decoders = map[string]bool{"bindJSON": true, "decodeStrict": true, "strictBind": true, "Decode": true, "DecodeWith": true,
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

// fill sets every exported field of the struct v points to a value that is
// not zero (one element for slices), recursing into structs, so that every
// key a JSON encoding can have is present.
func fill(v reflect.Value, depth int) {
	switch v.Kind() {
	case reflect.Pointer:
		if depth > 3 {
			return
		}
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), depth+1)
	case reflect.Struct:
		if v.Type() == reflect.TypeOf(time.Time{}) {
			v.Set(reflect.ValueOf(time.Date(2026, 11, 30, 14, 5, 0, 0, time.UTC)))
			return
		}
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), depth)
			}
		}
	case reflect.Slice:
		if depth > 3 {
			return
		}
		s := reflect.MakeSlice(v.Type(), 1, 1)
		fill(s.Index(0), depth+1)
		v.Set(s)
	case reflect.String:
		v.SetString("x")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(3)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(3)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(1.5)
	case reflect.Array:
		for i := 0; i < v.Len(); i++ {
			fill(v.Index(i), depth)
		}
	}
}

func jsonOf(t *testing.T, v any) map[string]any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// sameShape requires every key of the view to be in the source with the
// same value (recursively).
func sameShape(t *testing.T, name string, view, src map[string]any) {
	t.Helper()
	for k, v := range view {
		if !reflect.DeepEqual(v, src[k]) {
			t.Errorf("%s: %q is %v in the view but %v before", name, k, v, src[k])
		}
	}
}

// TestViewsKeepTheirShape: the staff views answer what the endpoints
// answered when they serialised the ent rows and the workflow's state
// directly: the same keys with the same values, edges included, and no key
// of the old answer left out. A column added to the schema later does not
// appear in a response until a view takes it.
func TestViewsKeepTheirShape(t *testing.T) {
	var ap ent.Appointment
	fill(reflect.ValueOf(&ap).Elem(), 0)
	ap.Edges = ent.AppointmentEdges{}
	var ev ent.CommunicationEvent
	fill(reflect.ValueOf(&ev).Elem(), 0)
	var r ent.CommunicationReceiver
	fill(reflect.ValueOf(&r).Elem(), 0)
	r.Edges = ent.CommunicationReceiverEdges{}
	ev.Edges = ent.CommunicationEventEdges{Receivers: []*ent.CommunicationReceiver{&r}}
	var kle ent.KeyLockerCommunicationEvent
	fill(reflect.ValueOf(&kle).Elem(), 0)
	kle.Edges = ent.KeyLockerCommunicationEventEdges{Receivers: []*ent.CommunicationReceiver{&r}}
	var kl ent.KeyLockerCommunication
	fill(reflect.ValueOf(&kl).Elem(), 0)
	kl.Edges = ent.KeyLockerCommunicationEdges{Events: []*ent.KeyLockerCommunicationEvent{&kle}}
	var de ent.DeskCommunicationEvent
	fill(reflect.ValueOf(&de).Elem(), 0)
	de.Edges = ent.DeskCommunicationEventEdges{Receivers: []*ent.CommunicationReceiver{&r}}
	var d ent.DeskCommunication
	fill(reflect.ValueOf(&d).Elem(), 0)
	d.Edges = ent.DeskCommunicationEdges{Events: []*ent.DeskCommunicationEvent{&de}}
	var st appointment.AppointmentState
	fill(reflect.ValueOf(&st).Elem(), 0)

	for _, c := range []struct {
		name      string
		view, src any
	}{
		{"appointment", staffAppointmentView(&ap), &ap},
		{"event", staffEventView(&ev), &ev},
		{"keylocker communication", keyLockerCommunicationView(&kl), &kl},
		{"desk communication", deskCommunicationView(&d), &d},
		{"lifecycle state", lifecycleStateViewOf(st), st},
	} {
		view, src := jsonOf(t, c.view), jsonOf(t, c.src)
		if len(view) != len(src) {
			t.Errorf("%s: %d keys, the row had %d", c.name, len(view), len(src))
		}
		sameShape(t, c.name, view, src)
	}
	if _, pin := jsonOf(t, keyLockerCommunicationView(&kl))["pin"]; pin {
		t.Error("a key-locker PIN is in the staff view")
	}
}
