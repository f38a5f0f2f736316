// Package layers holds the test that keeps the project's layers apart:
// api -> workflow contracts and the read model; workflows -> activities;
// activities -> integrations, internal and ent. Nothing imports upward.
package layers

import (
	"go/build"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const module = "github.com/pitstop-dev/pitstop/"

// forbidden lists, per layer (a path prefix), the layers it may not import.
// The composition roots (cmd, e2e, internal/app, internal/devstack,
// internal/seed) wire everything and are exempt.
var forbidden = map[string][]string{
	"api/":          {"activities/", "worker", "internal/app", "internal/devstack"},
	"workflows/":    {"api/", "worker", "internal/app", "internal/devstack"},
	"activities/":   {"api/", "workflows/", "worker", "internal/app", "internal/devstack"},
	"integrations/": {"api/", "workflows/", "activities/", "worker", "internal/app", "internal/devstack", "internal/store"},
	"internal/":     {"api/", "workflows/", "activities/", "worker"},
}

var roots = []string{"internal/app", "internal/devstack", "internal/seed", "internal/layers"}

func TestNoPackageImportsAHigherLayer(t *testing.T) {
	top, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	err = filepath.WalkDir(top, func(path string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(top, path)
		rel = filepath.ToSlash(rel)
		if strings.HasPrefix(rel, ".") && rel != "." || rel == "ent" || strings.HasPrefix(rel, "ent/") || strings.Contains(rel, "testdata") {
			if rel != "." {
				return filepath.SkipDir
			}
		}
		pkg, err := build.ImportDir(path, 0)
		if err != nil {
			return nil // no Go files here
		}
		for _, r := range roots {
			if rel == r || strings.HasPrefix(rel, r+"/") {
				return nil
			}
		}
		for layer, banned := range forbidden {
			if !strings.HasPrefix(rel+"/", layer) {
				continue
			}
			checked++
			for _, imp := range pkg.Imports { // not test imports
				p, ok := strings.CutPrefix(imp, module)
				if !ok {
					continue
				}
				for _, b := range banned {
					if p == strings.TrimSuffix(b, "/") || strings.HasPrefix(p+"/", b) {
						t.Errorf("%s (layer %s) imports %s", rel, layer, p)
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 20 {
		t.Fatalf("checked only %d packages: the walk is broken", checked)
	}
}
