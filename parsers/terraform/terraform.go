// Package terraform evaluates Terraform modules (HCL and .tf.json) as far
// as the module itself decides its values, and reads plan JSON, into
// tf.resource nodes and the IAM model's iam.policy nodes.
package terraform

import (
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/zclconf/go-cty/cty"

	"github.com/nhilint/nhilint/graph"
)

// Node kinds of the Terraform graph.
const (
	KindModule   = "tf.module"
	KindResource = "tf.resource"
	KindPlan     = "tf.plan"
)

// Options configure module evaluation.
type Options struct {
	// VarFiles are extra .tfvars files (--var-file), slash paths relative
	// to the scan root, applied after terraform.tfvars and *.auto.tfvars.
	VarFiles []string
	// MaxInstances bounds the instances count or for_each expands one
	// block to (--max-instances); 0 means 1,024. A root module may hold
	// 20 times as many, nested module calls included.
	MaxInstances int
}

func (o Options) maxInstances() int {
	if o.MaxInstances > 0 {
		return o.MaxInstances
	}
	return DefaultMaxInstances
}

// IsTerraform reports whether rel is a Terraform configuration or
// variables file.
func IsTerraform(rel string) bool {
	for _, ext := range []string{".tf", ".tf.json", ".tfvars", ".tfvars.json"} {
		if strings.HasSuffix(rel, ext) {
			return true
		}
	}
	return false
}

// Parse evaluates the modules among files (slash paths in fsys): each
// directory is a module; a directory called as a local module by another
// is evaluated with that call's inputs. Bad input becomes diagnostics.
func Parse(fsys fs.FS, files []string, opts Options) []*graph.Document {
	byDir := map[string][]string{}
	for _, f := range files {
		byDir[path.Dir(f)] = append(byDir[path.Dir(f)], f)
	}
	dirs := make([]string, 0, len(byDir))
	for d := range byDir {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	p := &parser{configs: map[string]*config{}, funcs: functions(), opts: opts}
	base := loadConfigs(fsys, dirs, byDir, p.configs)
	roots := p.roots()
	docs := make([]*graph.Document, len(roots))
	used := make([]map[string]bool, len(roots))
	parallel(len(roots), func(i int) {
		docs[i], used[i] = p.evaluateRoot(newSources(fsys, base), roots[i])
	})
	p.attachParseDiags(docs, used, dirs)
	dedupDiags(docs)
	return docs
}

// attachParseDiags gives each directory's parse diagnostics to the first
// document that evaluated it, so that a module called from two roots is
// reported once.
func (p *parser) attachParseDiags(docs []*graph.Document, used []map[string]bool, dirs []string) {
	for _, d := range dirs {
		c, ok := p.configs[d]
		if !ok || len(c.diags) == 0 {
			continue
		}
		for i, doc := range docs {
			if used[i][d] {
				doc.Diagnostics = append(c.diags, doc.Diagnostics...)
				break
			}
		}
	}
}

// dedupDiags drops repeated diagnostics (a module called several times
// reads the same missing template each time).
func dedupDiags(docs []*graph.Document) {
	seen := map[graph.Diagnostic]bool{}
	for _, doc := range docs {
		out := doc.Diagnostics[:0]
		for _, d := range doc.Diagnostics {
			if !seen[d] {
				seen[d] = true
				out = append(out, d)
			}
		}
		doc.Diagnostics = out
	}
}

// loadConfigs parses every directory (in parallel) and returns the
// content of every file read.
func loadConfigs(fsys fs.FS, dirs []string, byDir map[string][]string, into map[string]*config) map[string][]byte {
	cfgs := make([]*config, len(dirs))
	srcs := make([]*sources, len(dirs))
	parallel(len(dirs), func(i int) {
		srcs[i] = newSources(fsys, nil)
		names := append([]string(nil), byDir[dirs[i]]...)
		sort.Strings(names)
		cfgs[i] = loadConfig(srcs[i], dirs[i], names)
	})
	base := map[string][]byte{}
	for i, c := range cfgs {
		if len(c.files) > 0 {
			into[dirs[i]] = c
		}
		for f, b := range srcs[i].files {
			base[f] = b
		}
	}
	return base
}

// workers bounds the goroutines of one Parse call: the scan already runs
// several jobs at once.
const workers = 4

// parallel runs job(0..n-1) on a few goroutines.
func parallel(n int, job func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < min(workers, n); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				job(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}

// roots lists the directories evaluated standalone: those no other
// scanned module calls as a local module, plus any left unreached (a
// directory only called from within a cycle).
func (p *parser) roots() []string {
	called := map[string][]string{}
	for dir, c := range p.configs {
		for _, b := range c.modules {
			if target, ok := localSource(dir, b); ok && target != dir {
				if _, exists := p.configs[target]; exists {
					called[dir] = append(called[dir], target)
				}
			}
		}
	}
	isCalled := map[string]bool{}
	for _, targets := range called {
		for _, t := range targets {
			isCalled[t] = true
		}
	}
	var roots []string
	reached := map[string]bool{}
	var reach func(d string)
	reach = func(d string) {
		if reached[d] {
			return
		}
		reached[d] = true
		for _, t := range called[d] {
			reach(t)
		}
	}
	dirs := make([]string, 0, len(p.configs))
	for d := range p.configs {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	for _, d := range dirs {
		if !isCalled[d] {
			roots = append(roots, d)
			reach(d)
		}
	}
	for _, d := range dirs {
		if !reached[d] {
			roots = append(roots, d)
			reach(d)
		}
	}
	sort.Strings(roots)
	return roots
}

// localSource resolves a module block's literal local source.
func localSource(dir string, b block) (string, bool) {
	a := b.body.attr("source")
	if a == nil {
		return "", false
	}
	v, diags := a.expr.Value(nil)
	if diags.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return "", false
	}
	s := v.AsString()
	if !strings.HasPrefix(s, "./") && !strings.HasPrefix(s, "../") {
		return "", false
	}
	return path.Join(dir, s), true
}
