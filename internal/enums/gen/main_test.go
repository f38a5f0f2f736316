package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSpecGoIsTheGeneratorsOutput: the checked-in spec.go is exactly what
// `go generate` writes from the excerpts and names in this folder.
func TestSpecGoIsTheGeneratorsOutput(t *testing.T) {
	want, err := GenerateDir(".")
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join("..", "spec.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("internal/enums/spec.go is not the generator's output: run `go generate ./internal/enums` (and edit the excerpts or names.txt, not spec.go)")
	}
}

// TestGenerateFollowsItsInputs: a changed excerpt or name changes the
// output, and what the generator cannot name or read is an error.
func TestGenerateFollowsItsInputs(t *testing.T) {
	texts := make([]string, len(Sources))
	for i, s := range Sources {
		b, err := os.ReadFile(s.File)
		if err != nil {
			t.Fatal(err)
		}
		texts[i] = string(b)
	}
	nb, err := os.ReadFile("names.txt")
	if err != nil {
		t.Fatal(err)
	}
	names := string(nb)
	cases := []struct {
		name         string
		edit         func(texts []string, names string) ([]string, string)
		wantInOutput string // "" when an error is wanted
	}{
		{"a changed description", func(tx []string, n string) ([]string, string) {
			return []string{strings.Replace(tx[0], "\nBarcode Type 93\n", "\nBarcode Type 93 (legacy)\n", 1), tx[1]}, n
		}, "BarCodeType93  BarCode = 2 // Barcode Type 93 (legacy)"},
		{"a renamed value", func(tx []string, n string) ([]string, string) {
			return tx, strings.Replace(n, "BarCode 2 Type93", "BarCode 2 Code93", 1)
		}, "BarCodeCode93  BarCode = 2"},
		{"an ACSES value described by itself", func(tx []string, n string) ([]string, string) {
			return []string{tx[0], strings.Replace(tx[1], "\nUSED\n", "\nUSED\nCANCELLED\n", 1)}, n + "BookingState CANCELLED Cancelled\n"
		}, "BookingStateCancelled BookingState = \"CANCELLED\" // Cancelled"},
		{"a value without a name", func(tx []string, n string) ([]string, string) {
			return tx, strings.Replace(n, "BarCode 2 Type93\n", "", 1)
		}, ""},
		{"a name without a value", func(tx []string, n string) ([]string, string) {
			return tx, n + "BarCode 9 Type9\n"
		}, ""},
		{"a value without a description", func(tx []string, n string) ([]string, string) {
			return []string{strings.Replace(tx[0], "\n5\nBarcode Type 11\n", "\n5\nBarcode Type 11\n6\n", 1), tx[1]}, n
		}, ""},
		{"a table without headings", func(tx []string, n string) ([]string, string) {
			return []string{strings.Replace(tx[0], "BarCode Enumeration\nValue\nDescription\n", "BarCode Enumeration\n", 1), tx[1]}, n
		}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tx, n := c.edit(append([]string(nil), texts...), names)
			if tx[0] == texts[0] && tx[1] == texts[1] && n == names {
				t.Fatal("the edit changed nothing: fix the test")
			}
			out, err := Generate(tx, n)
			if c.wantInOutput == "" {
				if err == nil {
					t.Fatal("want an error, got output")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(out), c.wantInOutput) {
				t.Fatalf("output lacks %q", c.wantInOutput)
			}
		})
	}
}

// TestExcerptsAreVerbatim compares the excerpts with the vendor spec when
// PITSTOP_SPEC_DIR names its folder (the spec is not in the repository,
// nor on CI machines).
func TestExcerptsAreVerbatim(t *testing.T) {
	dir := os.Getenv("PITSTOP_SPEC_DIR")
	if dir == "" {
		t.Skip("PITSTOP_SPEC_DIR not set")
	}
	for _, s := range Sources {
		spec, err := os.ReadFile(filepath.Join(dir, s.Spec))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.SplitAfter(string(spec), "\n")
		want := strings.Join(lines[s.From-1:s.To], "")
		got, err := os.ReadFile(s.File)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want {
			t.Errorf("%s is not lines %d-%d of %s", s.File, s.From, s.To, s.Spec)
		}
	}
}
