package engine

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/nhilint/nhilint/graph"
)

// BenchmarkNew is what every run pays before the first file: parse,
// validate, compile (strict) and prepare the embedded policies.
func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := New(context.Background(), Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEval evaluates every built-in rule over 2,000 synthetic
// workflows (3 jobs of 4 steps each), input building and finding
// resolution included.
func BenchmarkEval(b *testing.B) {
	e, err := New(context.Background(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	const docs = 2000
	ds := make([]*graph.Document, docs)
	for i := range ds {
		ds[i] = synthWorkflow(i)
	}
	g := newGraph(b, ds...)
	var findings, diags int
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		fs, dg, err := e.Eval(context.Background(), g)
		if err != nil {
			b.Fatal(err)
		}
		findings, diags = len(fs), len(dg)
	}
	b.ReportMetric(float64(findings), "findings")
	b.ReportMetric(float64(diags), "rule-errors")
	b.ReportMetric(float64(docs)*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
}

// synthWorkflow is a workflow in the shape docs/input.md describes, with
// enough in it (pull_request_target, unpinned actions, secrets in env,
// an expression in a run script) for most rules to do real work.
func synthWorkflow(i int) *graph.Document {
	file := fmt.Sprintf(".github/workflows/wf%04d.yml", i)
	var src strings.Builder
	line := 0
	next := func(text string) graph.Pos {
		line++
		src.WriteString(text + "\n")
		return graph.Pos{Line: line, Col: 1 + len(text) - len(strings.TrimLeft(text, " "))}
	}
	d := graph.NewDocument(file, "gha.workflow", nil)
	wf := d.AddNode("gha.workflow", "", next(fmt.Sprintf("name: wf%d", i)))
	wf.KeyPos["name"] = wf.Pos
	wf.KeyPos["on"] = next("on: [pull_request_target, push]")
	wf.KeyPos["on.pull_request_target"], wf.KeyPos["on.push"] = wf.KeyPos["on"], wf.KeyPos["on"]
	next("jobs:")
	var jobs []any
	for j := range 3 {
		jobs = append(jobs, synthJob(d, wf, j, next))
	}
	set(wf, map[string]any{
		"name": fmt.Sprintf("wf%d", i), "exprs": []any{}, "env": map[string]any{},
		"triggers":    map[string]any{"pull_request_target": map[string]any{}, "push": map[string]any{"branches": []any{"main"}}},
		"permissions": map[string]any{"declared": false},
		"jobs":        jobs,
	})
	d.Source = []byte(src.String())
	return d
}

// synthJob adds one job with four steps.
func synthJob(d *graph.Document, wf *graph.Node, j int, next func(string) graph.Pos) map[string]any {
	name := fmt.Sprintf("job%d", j)
	job := d.AddNode("gha.job", "jobs."+name, next("  "+name+":"))
	job.KeyPos["job_id"] = job.Pos
	job.KeyPos["runs-on"] = next("    runs-on: ubuntu-latest")
	job.KeyPos["env.AWS_SECRET_ACCESS_KEY"] = next("    env: {AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_KEY }}}")
	job.KeyPos["env.AWS_SECRET_ACCESS_KEY@0"] = job.KeyPos["env.AWS_SECRET_ACCESS_KEY"]
	next("    steps:")
	steps := []any{
		synthStep(d, job, 0, map[string]any{"uses": uses("actions", "checkout", "v4"), "with": map[string]any{"ref": "${{ github.event.pull_request.head.sha }}"}},
			[]any{expr("with.ref@0", "with.ref", "github.event.pull_request.head.sha", true)}, next),
		synthStep(d, job, 1, map[string]any{"run": "npm ci && npm test"}, []any{}, next),
		synthStep(d, job, 2, map[string]any{"run": `echo "${{ github.event.pull_request.title }}"`},
			[]any{expr("run@0", "run", "github.event.pull_request.title", true)}, next),
		synthStep(d, job, 3, map[string]any{"uses": uses("octo", "deploy", "main")}, []any{}, next),
	}
	perms := map[string]any{"declared": false}
	set(job, map[string]any{
		"workflow": wf.ID, "job_id": name, "steps": steps, "permissions": perms, "effective_permissions": perms,
		"runs_on": map[string]any{"labels": []any{"ubuntu-latest"}, "self_hosted": false, "github_hosted": true},
		"env":     map[string]any{"AWS_SECRET_ACCESS_KEY": "${{ secrets.AWS_KEY }}"},
		"exprs":   []any{secretExpr("env.AWS_SECRET_ACCESS_KEY@0", "env.AWS_SECRET_ACCESS_KEY", "AWS_KEY")},
	})
	return job.Attrs
}

// synthStep adds one step; every field it has gets a key position.
func synthStep(d *graph.Document, job *graph.Node, idx int, attrs map[string]any, exprs []any, next func(string) graph.Pos) map[string]any {
	step := d.AddNode("gha.step", fmt.Sprintf("%s.steps[%d]", strings.TrimPrefix(job.ID, job.File+"#"), idx),
		next(fmt.Sprintf("      - name: s%d", idx)))
	step.KeyPos["name"] = step.Pos
	for _, k := range slices.Sorted(maps.Keys(attrs)) {
		v := attrs[k]
		step.KeyPos[k] = next(fmt.Sprintf("        %s: %v", k, v))
		if m, ok := v.(map[string]any); ok && k == "with" {
			for name := range m {
				step.KeyPos["with."+name] = next("          " + name + ": x")
			}
		}
	}
	for _, e := range exprs {
		key := e.(map[string]any)["key"].(string)
		step.KeyPos[key] = step.KeyPos[strings.SplitN(key, "@", 2)[0]]
	}
	attrs["job"], attrs["index"], attrs["name"], attrs["exprs"] = job.ID, idx, fmt.Sprintf("s%d", idx), exprs
	set(step, attrs)
	return step.Attrs
}

func set(n *graph.Node, attrs map[string]any) {
	for k, v := range attrs {
		n.Attrs[k] = v
	}
}

func uses(owner, repo, ref string) map[string]any {
	return map[string]any{"raw": owner + "/" + repo + "@" + ref, "type": "action", "owner": owner, "repo": repo,
		"path": "", "ref": ref, "pinned": false}
}

func expr(key, field, path string, untrusted bool) map[string]any {
	u := []any{}
	if untrusted {
		u = []any{path}
	}
	return map[string]any{"key": key, "field": field, "raw": path, "paths": []any{path}, "untrusted": u, "secrets": []any{}}
}

func secretExpr(key, field, name string) map[string]any {
	p := "secrets." + strings.ToLower(name)
	return map[string]any{"key": key, "field": field, "raw": "secrets." + name, "paths": []any{p}, "untrusted": []any{}, "secrets": []any{name}}
}
