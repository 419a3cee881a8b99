package engine

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/nhilint/nhilint/policies"
	"github.com/open-policy-agent/opa/v1/ast"
)

// builtinPrefix names the embedded policies in errors and in Rule.File, as
// they sit in the repository: "policies/github/static_credential.rego".
const builtinPrefix = "policies/"

// source is one parsed policy file.
type source struct {
	// name is the file as users see it: "policies/lib/result.rego" for the
	// embedded policies, the path under a --policy DIR otherwise.
	name    string
	module  *ast.Module
	builtin bool
}

// isTestFile reports whether a Rego file holds tests, which the scanner
// never loads.
func isTestFile(name string) bool { return strings.HasSuffix(name, "_test.rego") }

// isRego reports whether a file is a Rego module.
func isRego(name string) bool { return strings.HasSuffix(name, ".rego") }

// embeddedFiles lists the embedded .rego files, tests included when
// withTests is set, sorted.
func embeddedFiles(fsys fs.FS, withTests bool) ([]string, error) {
	var names []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() && isRego(p) && (withTests || !isTestFile(p)) {
			names = append(names, p)
		}
		return nil
	})
	sort.Strings(names)
	return names, err
}

// loadEmbedded parses the built-in policies (tests too when withTests).
func loadEmbedded(caps *ast.Capabilities, withTests bool) ([]source, error) {
	fsys := policies.FS()
	names, err := embeddedFiles(fsys, withTests)
	if err != nil {
		return nil, fmt.Errorf("list embedded policies: %w", err)
	}
	// Parsing is a third of what every run pays before its first file
	// (BenchmarkNew): the modules are parsed on every core.
	srcs := make([]source, len(names))
	errs := make([]error, len(names))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(names)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				srcs[i], errs[i] = parseEmbedded(fsys, names[i], caps)
			}
		}()
	}
	for i := range names {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return srcs, nil
}

// parseEmbedded reads and parses one built-in module.
func parseEmbedded(fsys fs.FS, name string, caps *ast.Capabilities) (source, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return source{}, fmt.Errorf("read %s%s: %w", builtinPrefix, name, err)
	}
	s, err := parse(builtinPrefix+name, b, caps)
	s.builtin = true
	return s, err
}

// loadDir parses every .rego file under dir, recursively, skipping tests
// and hidden folders (.git).
func loadDir(dir string, caps *ast.Capabilities) ([]source, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("policy directory: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("policy directory %s: not a directory", dir)
	}
	var srcs []source
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != dir && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if d.IsDir() || !isRego(p) || isTestFile(p) {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return fmt.Errorf("read policy %s: %w", p, err)
		}
		s, err := parse(filepath.ToSlash(p), b, caps)
		if err != nil {
			return err
		}
		srcs = append(srcs, s)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(srcs) == 0 {
		return nil, fmt.Errorf("policy directory %s: no .rego file (tests aside)", dir)
	}
	return srcs, nil
}

// parse reads one module as Rego v1 with its METADATA.
func parse(name string, src []byte, caps *ast.Capabilities) (source, error) {
	m, err := ast.ParseModuleWithOpts(name, string(src), parserOptions(caps))
	if err != nil {
		return source{}, fmt.Errorf("parse policy %s: %w", name, err)
	}
	if m == nil {
		return source{}, fmt.Errorf("parse policy %s: empty module (no package)", name)
	}
	return source{name: name, module: m}, nil
}

// loadAll parses the embedded policies and then each user directory, and
// checks that user packages do not reuse or shadow built-in ones.
func loadAll(dirs []string, caps *ast.Capabilities) ([]source, error) {
	srcs, err := loadEmbedded(caps, false)
	if err != nil {
		return nil, err
	}
	builtinPkgs := map[string]string{}
	names := map[string]bool{}
	for _, s := range srcs {
		builtinPkgs[s.module.Package.Path.String()] = s.name
		names[s.name] = true
	}
	for _, dir := range dirs {
		user, err := loadDir(dir, caps)
		if err != nil {
			return nil, err
		}
		for _, s := range user {
			if err := checkUserModule(s, names, builtinPkgs); err != nil {
				return nil, err
			}
			names[s.name] = true
		}
		srcs = append(srcs, user...)
	}
	return srcs, nil
}

// checkUserModule refuses a user file loaded twice or whose package is a
// built-in one: merged into a built-in package, it would change a rule or
// helper behind the catalog's back.
func checkUserModule(s source, names map[string]bool, builtinPkgs map[string]string) error {
	if names[s.name] {
		return fmt.Errorf("policy %s: loaded twice (overlapping --policy directories, or it shadows a built-in file)", s.name)
	}
	pkg := s.module.Package.Path.String()
	if b, ok := builtinPkgs[pkg]; ok {
		return fmt.Errorf("%s: package %s is built in (%s); choose another package name",
			location(s.name, s.module.Package.Location), packageName(s.module), b)
	}
	return nil
}

// location renders "file:line" for a position in a policy file.
func location(file string, loc *ast.Location) string {
	if loc == nil || loc.Row == 0 {
		return file
	}
	return fmt.Sprintf("%s:%d", file, loc.Row)
}

// packageName renders a module's package without the data. prefix.
func packageName(m *ast.Module) string {
	return strings.TrimPrefix(m.Package.Path.String(), "data.")
}

// modules indexes parsed sources by name for the compiler.
func modules(srcs []source) map[string]*ast.Module {
	mods := make(map[string]*ast.Module, len(srcs))
	for _, s := range srcs {
		mods[s.name] = s.module
	}
	return mods
}
