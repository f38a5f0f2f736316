// Command gen writes ../spec.go, every enumeration of the spec as typed
// constants, from three files beside it (run by `go generate` in
// internal/enums):
//
//   - 000-enumerations.txt: lines 208-899 of the vendor spec
//     000_b6fea3caf81e42dd.txt (Customer Communication API, section "Models
//     and Enumerations"), verbatim: "<Name> Enumeration", "Value",
//     "Description", then one line per value and one per description.
//   - 001-enumerations.txt: lines 303-316 of 001_ab1d25050527d454.txt
//     (ACSES), verbatim: "<Name> Enumeration", "Value Description", then
//     one value per line and no descriptions; the description is the value
//     with only its first letter upper case ("BOOKED" -> "Booked").
//   - names.txt: the Go name of each value, chosen by hand.
//
// The spec's tables have two slips the parser forgives, and only these: a
// value line written twice in a row (CommunicationResultStatus "1"), and
// a value already listed repeated after the table's last description
// (CommunicationResultStatus "4"). Anything else irregular is an error.
//
// The spec itself is not in the repository; the excerpts are, so the file
// can be regenerated anywhere and a test checks spec.go is this output.
// With PITSTOP_SPEC_DIR set to the spec's folder, a test also checks the
// excerpts are still verbatim.
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sources are the excerpts in the order their enumerations are written.
var Sources = []Source{
	{File: "000-enumerations.txt", Spec: "000_b6fea3caf81e42dd.txt", From: 208, To: 899, Described: true},
	{File: "001-enumerations.txt", Spec: "001_ab1d25050527d454.txt", From: 303, To: 316, Described: false},
}

// Source is one excerpt of the spec: File in this folder holds lines
// From..To (1-based, inclusive) of Spec. Described: each value line is
// followed by its description line.
type Source struct {
	File, Spec string
	From, To   int
	Described  bool
}

// Enum is one enumeration: its values in the spec's order.
type Enum struct {
	Name   string
	String bool // values are text, not integers
	Values []Value
}

// Value is one value of an enumeration.
type Value struct {
	Name, Raw, Description string
}

func main() {
	dir := "gen"
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	out, err := GenerateDir(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	if err := os.WriteFile("spec.go", out, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// GenerateDir reads the excerpts and names.txt from dir and returns spec.go.
func GenerateDir(dir string) ([]byte, error) {
	texts := make([]string, len(Sources))
	for i, s := range Sources {
		b, err := os.ReadFile(filepath.Join(dir, s.File))
		if err != nil {
			return nil, err
		}
		texts[i] = string(b)
	}
	names, err := os.ReadFile(filepath.Join(dir, "names.txt"))
	if err != nil {
		return nil, err
	}
	return Generate(texts, string(names))
}

// Generate returns spec.go for the excerpts (in Sources' order) and names.
func Generate(texts []string, names string) ([]byte, error) {
	var enums []Enum
	for i, s := range Sources {
		es, err := parse(texts[i], s.Described)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.File, err)
		}
		enums = append(enums, es...)
	}
	if err := name(enums, names); err != nil {
		return nil, err
	}
	return render(enums)
}

// parse reads the "<Name> Enumeration" sections of one excerpt.
func parse(text string, described bool) ([]Enum, error) {
	var enums []Enum
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	for i := 0; i < len(lines); {
		head := strings.TrimSpace(lines[i])
		if head == "" {
			i++
			continue
		}
		n, ok := strings.CutSuffix(head, " Enumeration")
		if !ok || strings.ContainsAny(n, " \t") {
			return nil, fmt.Errorf("line %d: want \"<Name> Enumeration\", got %q", i+1, head)
		}
		e := Enum{Name: n}
		i++
		for i < len(lines) && strings.TrimSpace(lines[i]) == "" {
			i++
		}
		// The column headings: "Value", "Description" on two lines (000)
		// or "Value Description" on one (001).
		switch {
		case i+1 < len(lines) && lines[i] == "Value" && lines[i+1] == "Description":
			i += 2
		case i < len(lines) && lines[i] == "Value Description":
			i++
		default:
			return nil, fmt.Errorf("line %d: %s: no Value/Description headings", i+1, n)
		}
		for i < len(lines) {
			v := strings.TrimSpace(lines[i])
			if v == "" || strings.HasSuffix(v, " Enumeration") {
				break
			}
			d := titleCase(v)
			if described {
				// The spec's two slips: a value line written twice, and
				// a value already listed repeated after the last one.
				for i+1 < len(lines) && strings.TrimSpace(lines[i+1]) == v {
					i++
				}
				next := ""
				if i+1 < len(lines) {
					next = strings.TrimSpace(lines[i+1])
				}
				if next == "" || strings.HasSuffix(next, " Enumeration") {
					if e.has(v) {
						i++
						continue
					}
					return nil, fmt.Errorf("%s: value %q has no description", n, v)
				}
				d = next
				i++
			}
			i++
			if e.has(v) {
				return nil, fmt.Errorf("%s: value %q listed twice", n, v)
			}
			e.Values = append(e.Values, Value{Raw: v, Description: d})
		}
		if len(e.Values) == 0 {
			return nil, fmt.Errorf("%s: no values", n)
		}
		for _, v := range e.Values {
			if _, err := strconv.Atoi(v.Raw); err != nil {
				e.String = true
			}
		}
		enums = append(enums, e)
	}
	return enums, nil
}

func (e Enum) has(raw string) bool {
	for _, v := range e.Values {
		if v.Raw == raw {
			return true
		}
	}
	return false
}

func titleCase(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + strings.ToLower(s[n:])
}

// name gives every value its Go name from names.txt ("<Enum> <value>
// <suffix>"; # comments and blank lines skipped). A value without a name
// and a name without a value are both errors.
func name(enums []Enum, names string) error {
	given := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(names))
	for ln := 1; sc.Scan(); ln++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 3 {
			return fmt.Errorf("names.txt:%d: want \"<Enum> <value> <suffix>\", got %q", ln, line)
		}
		key := f[0] + " " + f[1]
		if _, dup := given[key]; dup {
			return fmt.Errorf("names.txt:%d: %s named twice", ln, key)
		}
		given[key] = f[2]
	}
	for i := range enums {
		for j := range enums[i].Values {
			v := &enums[i].Values[j]
			key := enums[i].Name + " " + v.Raw
			suffix, ok := given[key]
			if !ok {
				return fmt.Errorf("names.txt: no name for %s", key)
			}
			delete(given, key)
			v.Name = enums[i].Name + suffix
		}
	}
	for key := range given {
		return fmt.Errorf("names.txt: %s is not a value of the spec", key)
	}
	return nil
}

// maxLine: a method longer than this is written on three lines (what the
// first, one-off generator did; gofmt leaves either form alone).
const maxLine = 104

func render(enums []Enum) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("// Code generated by internal/enums/gen from the spec's enumeration tables (000 Customer\n")
	b.WriteString("// Communication API, 001 ACSES); DO NOT EDIT. Every enumeration of the spec, with its exact value.\n\n")
	b.WriteString("package enums\n")
	for _, e := range enums {
		kind, lit := "int", func(s string) string { return s }
		if e.String {
			kind, lit = "string", strconv.Quote
		}
		m := strings.ToLower(e.Name[:1]) + e.Name[1:] + "Descriptions"
		fmt.Fprintf(&b, "\n// %s is the spec's %s enumeration.\ntype %s %s\n\nconst (\n", e.Name, e.Name, e.Name, kind)
		names := make([]string, len(e.Values))
		for i, v := range e.Values {
			if strings.Contains(v.Description, "`") {
				return nil, fmt.Errorf("%s: description %q holds a backquote", v.Name, v.Description)
			}
			fmt.Fprintf(&b, "\t%s %s = %s // %s\n", v.Name, e.Name, lit(v.Raw), v.Description)
			names[i] = v.Name
		}
		fmt.Fprintf(&b, ")\n\n// %sValues lists every valid %s, in the spec's order.\nvar %sValues = []%s{%s}\n\n",
			e.Name, e.Name, e.Name, e.Name, strings.Join(names, ", "))
		fmt.Fprintf(&b, "var %s = map[%s]string{\n", m, e.Name)
		for _, v := range e.Values {
			fmt.Fprintf(&b, "\t%s: `%s`,\n", v.Name, v.Description)
		}
		b.WriteString("}\n\n// Valid reports whether v is one of the spec's values.\n")
		method(&b, fmt.Sprintf("func (v %s) Valid() bool", e.Name), "_, ok := "+m+"[v]", "return ok")
		b.WriteString("\n// Description is the spec's description of v.\n")
		method(&b, fmt.Sprintf("func (v %s) Description() string", e.Name), "return "+m+"[v]")
	}
	return format.Source(b.Bytes())
}

// method writes a function on one line, or one statement a line when
// that is longer than maxLine.
func method(b *bytes.Buffer, sig string, body ...string) {
	if one := sig + " { " + strings.Join(body, "; ") + " }"; len(one) <= maxLine {
		b.WriteString(one + "\n")
		return
	}
	b.WriteString(sig + " {\n\t" + strings.Join(body, "\n\t") + "\n}\n")
}
