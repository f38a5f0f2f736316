package layers

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"
)

// mutations are the calls that write the database: ent's builders
// (Create, Update, Delete and their variants) and database/sql's Exec.
var mutations = map[string]bool{
	"Create": true, "CreateBulk": true, "MapCreateBulk": true,
	"Update": true, "UpdateOne": true, "UpdateOneID": true,
	"Delete": true, "DeleteOne": true, "DeleteOneID": true,
	"Exec": true, "ExecContext": true, "ExecX": true,
}

// Writes lists every call under dir (relative to root) that writes the
// database, outside _test.go files: the HTTP layer decodes, authorizes,
// sends one workflow message or does one read, and encodes; the writes
// belong to activities and the domains' store packages. A call on an
// imported package's name (httpx.Update, a workflow update) is not a write.
func Writes(root, dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		imported := map[string]bool{}
		for _, im := range f.Imports {
			name := strings.Trim(im.Path.Value, `"`)
			name = name[strings.LastIndex(name, "/")+1:]
			if im.Name != nil {
				name = im.Name.Name
			}
			imported[name] = true
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || !mutations[sel.Sel.Name] {
				return true
			}
			if id, ok := sel.X.(*ast.Ident); ok && imported[id.Name] {
				return true
			}
			rel, _ := filepath.Rel(root, path)
			out = append(out, fmt.Sprintf("%s:%d: %s writes the database", filepath.ToSlash(rel), fset.Position(call.Pos()).Line, sel.Sel.Name))
			return true
		})
		return nil
	})
	sort.Strings(out)
	return out, err
}
