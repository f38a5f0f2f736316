// Package docrefs finds comments and documents that point at repository
// files or tests that do not exist (any more). Check reads the comments of
// every .go file and the whole text of every .md file, and takes from them:
//
//   - file references: a word ending in .go, or a slash-separated path
//     ending in .md, .yaml, .yml, .sql, .txt or .json
//     ("workflows/appointment/caller/steer.go", "steer.go"). One resolves
//     when some file of the repository is that path or ends with "/" +
//     that path, so paths relative to the root, to the comment's folder or
//     to a folder the text names nearby all resolve, and a bare name
//     resolves anywhere. The module's own path is stripped first; a path
//     starting with another domain ("github.com/twilio/twilio-go/...")
//     names another module's file and is not checked.
//   - test references: a word starting with Test, Benchmark or Fuzz and
//     an upper-case letter, not written after a dot (pkg.TestX names
//     another package's identifier). One resolves when the repository's
//     Go code declares that name (a test function in practice; a struct
//     field such as layers.Rule.TestAllow counts too).
//
// Not references: URLs, globs ("*_test.go"), names starting with "_" or
// "." ("_test.go" is a suffix, not a file), placeholders written in angle
// brackets ("testdata/fuzz/<FuzzName>/"), comments of generated files
// (their generator wrote them), and anything in testdata, .git,
// node_modules or vendor folders.
package docrefs

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// Known is a stale reference being fixed elsewhere: Check does not report
// it, and reports the entry itself once it matches nothing, so it is
// deleted when the fix is merged.
type Known struct {
	File, Ref, Why string
}

// KnownStale are known stale references to be fixed (none today); an entry
// that no longer is stale is reported, so the list only shrinks.
var KnownStale = []Known{}

// Stale is one reference that does not resolve.
type Stale struct {
	File string // where the reference is, slash-separated, relative to root
	Line int
	Ref  string
	Kind string // "file" or "test"
}

func (s Stale) String() string {
	if s.Line == 0 {
		return fmt.Sprintf("%s: %s: %s", s.File, s.Kind, s.Ref)
	}
	return fmt.Sprintf("%s:%d: %s %s does not exist", s.File, s.Line, s.Kind, s.Ref)
}

var (
	urlRE  = regexp.MustCompile(`[A-Za-z][A-Za-z0-9+.-]*://[^\s)>\]"'` + "`" + `]+`)
	fileRE = regexp.MustCompile(`[A-Za-z0-9_.*/-]*[A-Za-z0-9_*-]\.(?:go|md|yaml|yml|sql|txt|json)\b`)
	testRE = regexp.MustCompile(`\b(?:Test|Benchmark|Fuzz)[A-Z][A-Za-z0-9_]*`)
)

// text is one piece of prose: a comment or a document, from a line on.
type text struct {
	file string
	line int
	body string
}

// Check walks the repository at root and returns every stale reference
// that known does not list, and every entry of known that matches none.
func Check(root string, known []Known) ([]Stale, error) {
	module, err := modulePath(filepath.Join(root, "go.mod"))
	if err != nil {
		return nil, err
	}
	var files []string // every file, slash-separated, relative to root
	declared := map[string]bool{}
	var texts []text
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			n := d.Name()
			if rel != "." && (strings.HasPrefix(n, ".") || n == "node_modules" || n == "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		files = append(files, rel)
		inTestdata := strings.Contains("/"+rel, "/testdata/")
		switch {
		case strings.HasSuffix(rel, ".go"):
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, path, nil, parser.ParseComments|parser.SkipObjectResolution)
			if err != nil {
				if inTestdata {
					return nil
				}
				return fmt.Errorf("%s: %w", rel, err)
			}
			declare(f, declared)
			if inTestdata || ast.IsGenerated(f) {
				return nil
			}
			for _, g := range f.Comments {
				for _, c := range g.List {
					texts = append(texts, text{rel, fset.Position(c.Pos()).Line, c.Text})
				}
			}
		case strings.HasSuffix(rel, ".md") && !inTestdata:
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			texts = append(texts, text{rel, 1, string(b)})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	used := make([]bool, len(known))
	var out []Stale
	for _, st := range find(texts, files, declared, module) {
		excused := false
		for i, k := range known {
			if k.File == st.File && k.Ref == st.Ref {
				used[i], excused = true, true
			}
		}
		if !excused {
			out = append(out, st)
		}
	}
	for i, k := range known {
		if !used[i] {
			out = append(out, Stale{File: k.File, Ref: k.Ref, Kind: "known stale reference (now fixed: delete it from KnownStale)"})
		}
	}
	return out, nil
}

// declare records every name the file declares: functions, methods,
// types, variables, constants and struct fields.
func declare(f *ast.File, declared map[string]bool) {
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			declared[n.Name.Name] = true
		case *ast.TypeSpec:
			declared[n.Name.Name] = true
		case *ast.ValueSpec:
			for _, id := range n.Names {
				declared[id.Name] = true
			}
		case *ast.Field:
			for _, id := range n.Names {
				declared[id.Name] = true
			}
		}
		return true
	})
}

func find(texts []text, files []string, declared map[string]bool, module string) []Stale {
	var out []Stale
	for _, t := range texts {
		for i, line := range strings.Split(t.body, "\n") {
			line = urlRE.ReplaceAllString(line, " ")
			at := Stale{File: t.file, Line: t.line + i}
			for _, m := range fileRE.FindAllStringIndex(line, -1) {
				ref := strings.TrimPrefix(strings.TrimRight(line[m[0]:m[1]], "."), module+"/")
				if (m[0] > 0 && line[m[0]-1] == '<') || !isFileRef(ref) || resolves(ref, files) {
					continue
				}
				at.Ref, at.Kind = ref, "file"
				out = append(out, at)
			}
			for _, m := range testRE.FindAllStringIndex(line, -1) {
				if m[0] > 0 && (line[m[0]-1] == '.' || line[m[0]-1] == '<') {
					continue
				}
				if ref := line[m[0]:m[1]]; !declared[ref] {
					at.Ref, at.Kind = ref, "test"
					out = append(out, at)
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

// isFileRef: .go words, and other extensions only as paths (a bare
// "config.json" or "openapi.yaml" is too often a name in prose).
func isFileRef(ref string) bool {
	if strings.ContainsAny(ref, "*") || strings.HasPrefix(ref, "_") || strings.HasPrefix(ref, ".") || strings.HasPrefix(ref, "/") {
		return false
	}
	if first, _, ok := strings.Cut(ref, "/"); ok && strings.Contains(first, ".") {
		return false // another module's file
	}
	return strings.HasSuffix(ref, ".go") || strings.Contains(ref, "/")
}

func resolves(ref string, files []string) bool {
	for _, f := range files {
		if f == ref || strings.HasSuffix(f, "/"+ref) {
			return true
		}
	}
	return false
}

func modulePath(gomod string) (string, error) {
	b, err := os.ReadFile(gomod)
	if err != nil {
		return "", err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if m, ok := strings.CutPrefix(strings.TrimSpace(line), "module "); ok {
			return strings.TrimSpace(m), nil
		}
	}
	return "", fmt.Errorf("%s: no module line", gomod)
}
