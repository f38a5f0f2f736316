package browsertest

import (
	"fmt"
	"go/ast"
	"go/build/constraint"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The browser tests run in `make screens`, not in `make test` (Makefile):
// their files carry the `screens` build tag and `make screens` selects them
// by SCREEN_TESTS in SCREEN_PKGS. A tagged test the pattern misses would run
// nowhere, and an untagged browser test would slow `make test` down again;
// this test fails on either.
func TestBrowserTestsRunInMakeScreens(t *testing.T) {
	root := filepath.Join("..", "..")
	pattern, pkgs := screenTargets(t, filepath.Join(root, "Makefile"))
	problems, tagged := checkSplit(root, pattern, pkgs)
	for _, p := range problems {
		t.Error(p)
	}
	if tagged < 10 {
		t.Errorf("only %d test files carry the screens tag: is the walk looking in the right place?", tagged)
	}
}

func TestCheckSplitReportsBothMistakes(t *testing.T) {
	root := t.TempDir()
	write := func(path, text string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(root, path)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, path), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("api/a_test.go", "//go:build screens\n\npackage api\n\nimport \"testing\"\n\nfunc TestPageInBrowser(t *testing.T) {}\nfunc TestForgotten(t *testing.T) {}\n")
	write("api/b_test.go", "package api\n\nimport (\"testing\"; \"github.com/chromedp/chromedp\")\n\nvar _ = chromedp.Run\n\nfunc TestUntagged(t *testing.T) {}\n")
	write("api/c_test.go", "package api\n\nimport (\"testing\"; \"github.com/pitstop-dev/pitstop/internal/browsertest\")\n\nfunc TestNeedsOnlyTheSwitch(t *testing.T) { _ = browsertest.Required() }\n")
	write("other/d_test.go", "//go:build screens\n\npackage other\n\nimport \"testing\"\n\nfunc TestOtherInBrowser(t *testing.T) {}\n")
	problems, _ := checkSplit(root, regexp.MustCompile(`^Test[A-Za-z]*InBrowser$`), []string{"./api/..."})
	want := []string{"TestForgotten", "b_test.go", "other/d_test.go"}
	if len(problems) != len(want) {
		t.Fatalf("problems %q, want one naming each of %q", problems, want)
	}
	for i, w := range want {
		if !strings.Contains(problems[i], w) {
			t.Errorf("problem %d is %q, want it to name %s", i, problems[i], w)
		}
	}
}

// screenTargets reads SCREEN_TESTS and SCREEN_PKGS from the Makefile.
func screenTargets(t *testing.T, makefile string) (*regexp.Regexp, []string) {
	t.Helper()
	b, err := os.ReadFile(makefile)
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{}
	for _, line := range strings.Split(string(b), "\n") {
		if name, value, ok := strings.Cut(line, " := "); ok && strings.HasPrefix(name, "SCREEN_") {
			vars[name] = strings.ReplaceAll(value, "$$", "$")
		}
	}
	re, err := regexp.Compile(vars["SCREEN_TESTS"])
	if err != nil || vars["SCREEN_TESTS"] == "" || vars["SCREEN_PKGS"] == "" {
		t.Fatalf("the Makefile's SCREEN_TESTS %q and SCREEN_PKGS %q: %v", vars["SCREEN_TESTS"], vars["SCREEN_PKGS"], err)
	}
	return re, strings.Fields(vars["SCREEN_PKGS"])
}

// checkSplit walks root's test files and reports each tagged test the
// pattern or the packages miss, and each untagged file driving Chromium.
func checkSplit(root string, pattern *regexp.Regexp, pkgs []string) (problems []string, tagged int) {
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "node_modules") && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ParseComments)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		var tests []string
		for _, decl := range f.Decls {
			if fn, ok := decl.(*ast.FuncDecl); ok && fn.Recv == nil && strings.HasPrefix(fn.Name.Name, "Test") {
				tests = append(tests, fn.Name.Name)
			}
		}
		if hasScreensTag(f) {
			tagged++
			if !covered(filepath.Dir(rel), pkgs) {
				problems = append(problems, fmt.Sprintf("%s carries the screens tag but is outside SCREEN_PKGS %v", rel, pkgs))
			}
			for _, name := range tests {
				if !pattern.MatchString(name) {
					problems = append(problems, fmt.Sprintf("%s: %s is tagged screens but SCREEN_TESTS does not match it, so it runs nowhere", rel, name))
				}
			}
			return nil
		}
		if len(tests) > 0 && drivesChromium(f) {
			problems = append(problems, fmt.Sprintf("%s drives Chromium without the screens build tag (it would run in make test)", rel))
		}
		return nil
	})
	if err != nil {
		problems = append(problems, err.Error())
	}
	return problems, tagged
}

func hasScreensTag(f *ast.File) bool {
	for _, group := range f.Comments {
		if group.Pos() > f.Package {
			break
		}
		for _, c := range group.List {
			if expr, err := constraint.Parse(c.Text); err == nil {
				if expr.Eval(func(tag string) bool { return tag == "screens" }) && !expr.Eval(func(string) bool { return false }) {
					return true
				}
			}
		}
	}
	return false
}

// drivesChromium: the file imports chromedp or starts a browser through
// this package (Required alone, the CI switch, does not count).
func drivesChromium(f *ast.File) bool {
	for _, imp := range f.Imports {
		if strings.HasPrefix(strings.Trim(imp.Path.Value, `"`), "github.com/chromedp/") {
			return true
		}
	}
	found := false
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if x, ok := sel.X.(*ast.Ident); ok && x.Name == "browsertest" && sel.Sel.Name != "Required" {
				found = true
			}
		}
		return !found
	})
	return found
}

func covered(dir string, pkgs []string) bool {
	for _, p := range pkgs {
		p = strings.TrimPrefix(p, "./")
		if rest, ok := strings.CutSuffix(p, "/..."); ok {
			if dir == rest || strings.HasPrefix(dir, rest+"/") {
				return true
			}
		} else if dir == strings.TrimSuffix(p, "/") {
			return true
		}
	}
	return false
}
