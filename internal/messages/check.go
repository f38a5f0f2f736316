package messages

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"text/template"
	"text/template/parse"
	"time"
)

// Caps on a location's own templates and on what they render (README,
// "Security bounds"). A dealer admin writes the template; the shared API
// renders it at save time in every language and the worker at send time,
// so neither its size, its output nor its running time may be unbounded.
const (
	// MaxTemplateLen bounds a saved template (an e-mail HTML layout is ~3 kB).
	MaxTemplateLen = 64 << 10
	// MaxTemplateActions bounds the {{...}} actions of one template (the
	// default HTML layout has about 40): with no nested {{range}} this
	// bounds the work of a render by actions times paragraphs.
	MaxTemplateActions = 300
	// MaxSMSChars bounds the rendered SMS, reference included (the
	// provider's limit: 1600 characters, about 10 segments).
	MaxSMSChars = 1600
	// MaxSubjectChars bounds the rendered e-mail subject.
	MaxSubjectChars = 998
	// MaxEmailBytes bounds the rendered e-mail: subject, text and HTML together.
	MaxEmailBytes = 256 << 10
	// RenderTimeout bounds the rendering of one message (all its channels).
	RenderTimeout = 2 * time.Second
)

// listPlaceholders are the placeholders holding a list of paragraphs: the
// only ones {{range}} may loop over, and never printed whole.
var listPlaceholders = []string{"Welcome", "Body"}

// conditionFuncs are the only functions a template may call, and only in
// the condition of an {{if}}.
var conditionFuncs = []string{"not", "and", "or", "eq", "ne"}

const allowedConstructs = "a template may print placeholders ({{.Name}}, see GET /v1/admin/templates/placeholders), " +
	"test them with {{if}}/{{else}} (with not, and, or, eq, ne) and print the paragraphs of .Welcome or .Body " +
	"with {{range .Body}}{{.}}{{end}}"

// CheckText checks a template's text without rendering it: its size, its
// syntax, and that it uses only the placeholders of its kind and channel
// and a small set of safe constructs (text, {{.Name}}, {{$.Name}},
// {{if}}/{{else}} on placeholders with not/and/or/eq/ne, one level of
// {{range}} over .Welcome or .Body printing {{.}}, comments). Everything
// else is refused: function calls such as printf, index, len or call,
// {{.}} or {{$}} outside a range (the whole data structure), {{with}},
// variables, pipelines, {{template}}, {{define}}/{{block}}, {{break}} and
// {{continue}}, ranges over numbers or nested ranges. Saving (CheckOverride)
// and sending (RenderWith) both apply it.
func CheckText(kind Kind, ch Channel, src string) []string {
	if !kind.Valid() || !ch.Valid() {
		return []string{fmt.Sprintf("unknown kind %q or channel %q", kind, ch)}
	}
	if len(src) > MaxTemplateLen {
		return []string{fmt.Sprintf("%s: longer than %d bytes", ch, MaxTemplateLen)}
	}
	if strings.TrimSpace(src) == "" {
		return []string{fmt.Sprintf("%s: must not be empty (reset to use the default)", ch)}
	}
	t, err := template.New("x").Option("missingkey=error").Parse(src)
	if err != nil {
		return []string{fmt.Sprintf("%s: %v", ch, strings.TrimPrefix(err.Error(), "template: "))}
	}
	c := &checker{kind: kind, ch: ch, seen: map[string]bool{}}
	c.list(t.Tree.Root, false)
	if len(t.Templates()) > 1 {
		c.problem("{{define}} and {{block}} are not allowed")
	}
	if c.actions > MaxTemplateActions {
		c.problem(fmt.Sprintf("more than %d {{...}} actions", MaxTemplateActions))
	}
	return c.problems
}

type checker struct {
	kind     Kind
	ch       Channel
	problems []string
	seen     map[string]bool
	actions  int
}

func (c *checker) problem(p string) {
	p = fmt.Sprintf("%s: %s", c.ch, p)
	if !c.seen[p] {
		c.seen[p] = true
		c.problems = append(c.problems, p)
	}
}

func (c *checker) refuse(what string) {
	c.problem(what + " is not allowed; " + allowedConstructs)
}

// list walks a list of nodes; inRange: {{.}} is a paragraph of a {{range}}.
func (c *checker) list(l *parse.ListNode, inRange bool) {
	if l == nil {
		return
	}
	for _, n := range l.Nodes {
		switch n := n.(type) {
		case *parse.TextNode, *parse.CommentNode:
		case *parse.ActionNode:
			c.actions++
			if c.declares(n.Pipe) {
				continue
			}
			c.output(n.Pipe, inRange)
		case *parse.IfNode:
			c.actions++
			if !c.declares(n.Pipe) {
				c.condition(n.Pipe, inRange)
			}
			c.list(n.List, inRange)
			c.list(n.ElseList, inRange)
		case *parse.RangeNode:
			c.actions++
			switch {
			case inRange:
				c.refuse("{{range}} inside {{range}}")
			case c.declares(n.Pipe):
			case !c.isList(n.Pipe):
				c.refuse("{{range}} over anything but .Welcome or .Body")
			}
			c.list(n.List, true)
			c.list(n.ElseList, inRange)
		case *parse.WithNode:
			c.actions++
			c.refuse("{{with}}")
			c.list(n.List, inRange)
			c.list(n.ElseList, inRange)
		case *parse.TemplateNode:
			c.actions++
			c.problem("{{template}} is not allowed")
		case *parse.BreakNode:
			c.actions++
			c.refuse("{{break}}")
		case *parse.ContinueNode:
			c.actions++
			c.refuse("{{continue}}")
		default:
			c.actions++
			c.refuse(fmt.Sprintf("{{%s}}", n))
		}
	}
}

// declares refuses variables ({{$x := ...}}, {{range $i, $p := ...}}).
func (c *checker) declares(p *parse.PipeNode) bool {
	if p != nil && len(p.Decl) > 0 {
		c.refuse("a variable ({{$x := ...}})")
		return true
	}
	return false
}

// single is the one argument of a one-command pipeline, or nil (refused).
func (c *checker) single(p *parse.PipeNode) []parse.Node {
	if p == nil || len(p.Cmds) == 0 {
		c.refuse("an empty action")
		return nil
	}
	if len(p.Cmds) > 1 {
		c.refuse("a pipeline (|)")
		return nil
	}
	return p.Cmds[0].Args
}

// output checks a printed value: one placeholder, a paragraph, a string.
func (c *checker) output(p *parse.PipeNode, inRange bool) {
	args := c.single(p)
	if args == nil {
		return
	}
	if id, ok := args[0].(*parse.IdentifierNode); ok {
		c.refuse("{{" + id.Ident + "}}")
		return
	}
	if len(args) > 1 {
		c.refuse(fmt.Sprintf("{{%s}}", p))
		return
	}
	if name, ok := c.value(args[0], inRange); ok && slices.Contains(listPlaceholders, name) {
		c.problem(fmt.Sprintf("{{.%s}} is a list of paragraphs: print it with {{range .%s}}{{.}}{{end}}", name, name))
	}
}

// condition checks the pipeline of an {{if}}: a value, or one of the
// condition functions applied to values.
func (c *checker) condition(p *parse.PipeNode, inRange bool) {
	if c.declares(p) {
		return
	}
	args := c.single(p)
	if args == nil {
		return
	}
	if id, ok := args[0].(*parse.IdentifierNode); ok {
		if !slices.Contains(conditionFuncs, id.Ident) {
			c.refuse("{{" + id.Ident + "}}")
			return
		}
		args = args[1:]
		if len(args) == 0 {
			c.refuse(fmt.Sprintf("{{%s}} without arguments", id.Ident))
		}
	} else if len(args) > 1 {
		c.refuse(fmt.Sprintf("{{%s}}", p))
		return
	}
	for _, a := range args {
		c.value(a, inRange)
	}
}

// isList: the pipeline is just .Welcome or .Body.
func (c *checker) isList(p *parse.PipeNode) bool {
	if p == nil || len(p.Cmds) != 1 || len(p.Cmds[0].Args) != 1 {
		return false
	}
	name, ok := c.value(p.Cmds[0].Args[0], false)
	return ok && slices.Contains(listPlaceholders, name)
}

// value checks one operand: a placeholder ({{.Name}} or {{$.Name}}, named
// in the result), {{.}} inside a range, a string constant, or a
// parenthesised condition.
func (c *checker) value(n parse.Node, inRange bool) (string, bool) {
	switch n := n.(type) {
	case *parse.FieldNode:
		if inRange {
			c.problem(fmt.Sprintf("inside {{range}}, {{.}} is the paragraph: write {{$.%s}} for the placeholder", n.Ident[0]))
			return "", false
		}
		return c.field(n.Ident)
	case *parse.VariableNode:
		if len(n.Ident) == 1 && n.Ident[0] == "$" {
			c.refuse("{{$}}")
			return "", false
		}
		if n.Ident[0] != "$" {
			c.refuse("a variable ({{" + n.Ident[0] + "}})")
			return "", false
		}
		return c.field(n.Ident[1:])
	case *parse.DotNode:
		if !inRange {
			c.refuse("{{.}} outside {{range}}")
		}
		return "", false
	case *parse.StringNode:
		return "", false
	case *parse.PipeNode:
		// (eq .Lang "nl-NL") inside a condition: the same rules again.
		c.condition(n, inRange)
		return "", false
	case *parse.IdentifierNode:
		c.refuse("{{" + n.Ident + "}}")
	default:
		c.refuse(fmt.Sprintf("{{%s}}", n))
	}
	return "", false
}

// field checks a placeholder reference: one known name, no sub-fields.
func (c *checker) field(idents []string) (string, bool) {
	name := idents[0]
	if !allowed(c.kind, c.ch, name) {
		c.problem(fmt.Sprintf("unknown placeholder {{.%s}} for %s (see GET /v1/admin/templates/placeholders)", name, c.kind))
		return "", false
	}
	if len(idents) > 1 {
		c.refuse("{{." + strings.Join(idents, ".") + "}}")
		return "", false
	}
	return name, true
}

// capError is a rendered message over one of the caps.
type capError struct{ what string }

func (e capError) Error() string { return e.what }

// capWriter holds what a template renders, refusing to grow past max bytes
// or past its deadline: execution stops at the first refused write.
type capWriter struct {
	bytes.Buffer
	max      int
	what     string
	deadline time.Time
}

func (w *capWriter) Write(p []byte) (int, error) {
	if w.Len()+len(p) > w.max {
		return 0, capError{w.what}
	}
	if time.Now().After(w.deadline) {
		return 0, capError{fmt.Sprintf("takes longer than %s to render", RenderTimeout)}
	}
	return w.Buffer.Write(p)
}
