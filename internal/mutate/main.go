// Command mutate (`make mutate`) keeps the suite honest: it applies each
// deliberate bug of a mutation list, one at a time, to a scratch copy of
// the working tree, runs the tests named with it, and fails if any
// mutation survives (its tests still pass), no longer applies (its old text
// is not in the file exactly once) or does not compile (a bug the compiler
// catches proves nothing about the tests).
//
// The list (mutations.txt) is a sequence of blocks:
//
//	=== <name: what the bug is>
//	test: <package> <go test -run pattern>
//	edit: <file, relative to the module root>
//	<<<
//	<old text, exactly as in the file>
//	---
//	<new text>
//	>>>
//
// with one or more edits per mutation; lines starting with "#" outside an
// edit are comments.
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

type edit struct {
	file, old, new string
}

type mutation struct {
	name, pkg, run string
	edits          []edit
	line           int
}

func main() {
	only := flag.String("only", "", "run only the mutations whose name contains this")
	timeout := flag.Duration("timeout", 10*time.Minute, "each mutation's test run at most this long")
	verbose := flag.Bool("v", false, "print the end of every mutation's test output, caught ones too")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: go run ./internal/mutate [-only name] [-timeout d] [-v] mutations.txt")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	ms, err := parse(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, "mutate:", err)
		os.Exit(2)
	}
	if err := run(ms, *only, *timeout, *verbose); err != nil {
		fmt.Fprintln(os.Stderr, "mutate:", err)
		os.Exit(1)
	}
}

func parse(path string) ([]mutation, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []mutation
	var cur *mutation
	var text []string // the edit being read
	state := ""       // "", "old", "new"
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		where := fmt.Sprintf("%s:%d", path, n)
		switch state {
		case "old":
			if line == "---" {
				cur.edits[len(cur.edits)-1].old, text, state = strings.Join(text, "\n"), nil, "new"
			} else {
				text = append(text, line)
			}
			continue
		case "new":
			if line == ">>>" {
				cur.edits[len(cur.edits)-1].new, text, state = strings.Join(text, "\n"), nil, ""
			} else {
				text = append(text, line)
			}
			continue
		}
		switch {
		case strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "=== "):
			out = append(out, mutation{name: strings.TrimPrefix(line, "=== "), line: n})
			cur = &out[len(out)-1]
		case cur == nil:
			return nil, fmt.Errorf("%s: %q before the first \"=== name\"", where, line)
		case strings.HasPrefix(line, "test: "):
			pkg, pattern, ok := strings.Cut(strings.TrimPrefix(line, "test: "), " ")
			if !ok || pattern == "" {
				return nil, fmt.Errorf("%s: want \"test: <package> <-run pattern>\"", where)
			}
			cur.pkg, cur.run = pkg, strings.TrimSpace(pattern)
		case strings.HasPrefix(line, "edit: "):
			cur.edits = append(cur.edits, edit{file: strings.TrimPrefix(line, "edit: ")})
		case line == "<<<":
			if len(cur.edits) == 0 || cur.edits[len(cur.edits)-1].old != "" {
				return nil, fmt.Errorf("%s: \"<<<\" without its \"edit: file\"", where)
			}
			state = "old"
		default:
			return nil, fmt.Errorf("%s: unexpected %q", where, line)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if state != "" {
		return nil, fmt.Errorf("%s: the last edit is not closed with \">>>\"", path)
	}
	for _, m := range out {
		if m.pkg == "" || len(m.edits) == 0 {
			return nil, fmt.Errorf("%s:%d: mutation %q needs a test: line and at least one edit", path, m.line, m.name)
		}
		for _, e := range m.edits {
			if e.old == "" || e.old == e.new {
				return nil, fmt.Errorf("%s:%d: mutation %q: an edit of %s changes nothing", path, m.line, m.name, e.file)
			}
		}
	}
	return out, nil
}

func run(ms []mutation, only string, timeout time.Duration, verbose bool) error {
	scratch, err := os.MkdirTemp("", "pitstop-mutate-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(scratch)
	if err := copyTree(scratch); err != nil {
		return fmt.Errorf("scratch copy: %w", err)
	}
	fmt.Printf("mutate: scratch copy of the working tree in %s\n", scratch)
	start := time.Now()
	var bad []string
	ran := 0
	for i, m := range ms {
		if only != "" && !strings.Contains(m.name, only) {
			continue
		}
		ran++
		t0 := time.Now()
		verdict, out := try(scratch, m, timeout)
		fmt.Printf("[%d/%d] %s (%s -run %s): %s (%s)\n", i+1, len(ms), m.name, m.pkg, m.run, verdict, time.Since(t0).Round(time.Second))
		if verdict != "caught" {
			bad = append(bad, fmt.Sprintf("%s: %s", m.name, verdict))
		}
		if out != "" && (verdict != "caught" || verbose) {
			fmt.Println(indent(out))
		}
	}
	fmt.Printf("mutate: %d mutations in %s, %d caught\n", ran, time.Since(start).Round(time.Second), ran-len(bad))
	if ran == 0 {
		return errors.New("no mutation ran")
	}
	if len(bad) > 0 {
		return fmt.Errorf("%d of %d mutations not caught:\n  %s", len(bad), ran, strings.Join(bad, "\n  "))
	}
	return nil
}

// try applies m in scratch, runs its tests and puts the files back.
func try(scratch string, m mutation, timeout time.Duration) (verdict, output string) {
	saved := map[string][]byte{}
	defer func() {
		for f, b := range saved {
			_ = os.WriteFile(f, b, 0o644)
		}
	}()
	for _, e := range m.edits {
		path := filepath.Join(scratch, filepath.FromSlash(e.file))
		if _, ok := saved[path]; !ok {
			b, err := os.ReadFile(path)
			if err != nil {
				return "NO LONGER APPLIES (" + err.Error() + ")", ""
			}
			saved[path] = b
		}
		cur, _ := os.ReadFile(path) // with this mutation's earlier edits
		if n := bytes.Count(cur, []byte(e.old)); n != 1 {
			return fmt.Sprintf("NO LONGER APPLIES (its old text is in %s %d times, not once)", e.file, n), ""
		}
		if err := os.WriteFile(path, bytes.Replace(cur, []byte(e.old), []byte(e.new), 1), 0o644); err != nil {
			return "NOT APPLIED (" + err.Error() + ")", ""
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "test", "-count=1", "-p", "1", "-run", m.run, m.pkg)
	cmd.Dir = scratch
	cmd.WaitDelay = 10 * time.Second
	out, err := cmd.CombinedOutput()
	switch {
	case ctx.Err() != nil:
		return "TIMED OUT after " + timeout.String() + " (a hang is not a catch)", tail(out)
	case err == nil:
		return "SURVIVED (the tests still pass)", tail(out)
	case bytes.Contains(out, []byte("[build failed]")) || bytes.Contains(out, []byte("[setup failed]")):
		return "DOES NOT COMPILE (the compiler, not a test, would catch it)", tail(out)
	case bytes.Contains(out, []byte("--- FAIL")) || bytes.Contains(out, []byte("panic:")):
		return "caught", tail(out)
	}
	return "FAILED WITHOUT A FAILING TEST (" + err.Error() + ")", tail(out)
}

// copyTree copies the working tree's files (tracked, and untracked ones git
// does not ignore) into dst.
func copyTree(dst string) error {
	list, err := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		return fmt.Errorf("git ls-files (run from the module root): %w", err)
	}
	for _, f := range strings.Split(strings.TrimRight(string(list), "\x00"), "\x00") {
		info, err := os.Lstat(f)
		if errors.Is(err, os.ErrNotExist) {
			continue // deleted in the working tree
		}
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		to := filepath.Join(dst, f)
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(to, b, info.Mode().Perm()); err != nil {
			return err
		}
	}
	return nil
}

func tail(out []byte) string {
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(lines) > 30 {
		lines = lines[len(lines)-30:]
	}
	return strings.Join(lines, "\n")
}

func indent(s string) string { return "    " + strings.ReplaceAll(s, "\n", "\n    ") }
