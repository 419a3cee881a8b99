package gitlab

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nhilint/nhilint/graph"
)

// TestPositionsSurviveResolution checks where inherited values point:
// extends chains across included files, anchors and merge keys,
// !reference tags and default:, each at its own file, line and column.
func TestPositionsSurviveResolution(t *testing.T) {
	d := only(t, map[string]string{
		".gitlab-ci.yml": "include:\n" +
			"  - local: /ci/base.yml\n" +
			".vars: &vars\n" +
			"  REGION: eu-west-1\n" +
			"default:\n" +
			"  before_script:\n" +
			"    - echo default\n" +
			"deploy:\n" +
			"  extends: .deploy\n" +
			"  variables:\n" +
			"    <<: *vars\n" +
			"    TARGET: prod\n" +
			"  script:\n" +
			"    - echo one\n" +
			"    - !reference [.helpers, script]\n" +
			"    - [nested, 'quoted']\n",
		"ci/base.yml": "include: ci/aws.yml\n" +
			".deploy:\n" +
			"  extends: .aws\n" +
			"  variables:\n" +
			"    TARGET: staging\n" +
			".helpers:\n" +
			"  script:\n" +
			"    - helper a\n" +
			"    - helper b\n",
		"ci/aws.yml": ".aws:\n" +
			"  variables:\n" +
			"    AWS_ACCESS_KEY_ID: $KEY_ID\n" +
			"  image: amazon/aws-cli\n",
	})
	noDiags(t, d)
	job := jobNode(t, d, "deploy")
	tests := map[string]string{
		"":                            ".gitlab-ci.yml:8:1",
		"extends":                     ".gitlab-ci.yml:9:3",
		"variables.REGION":            ".gitlab-ci.yml:4:3",
		"variables.TARGET":            ".gitlab-ci.yml:12:5",
		"variables.AWS_ACCESS_KEY_ID": "ci/aws.yml:3:5",
		"image":                       "ci/aws.yml:4:3",
		"script[0]":                   ".gitlab-ci.yml:14:7",
		"script[1]":                   "ci/base.yml:8:7",
		"script[2]":                   "ci/base.yml:9:7",
		"script[3]":                   ".gitlab-ci.yml:16:8",
		"script[4]":                   ".gitlab-ci.yml:16:17",
		"before_script[0]":            ".gitlab-ci.yml:7:7",
	}
	for key, want := range tests {
		if got := where(t, job, key); got != want {
			t.Errorf("%s: %s, want %s", key, got, want)
		}
	}
	var lines []string
	for _, l := range job.Attrs["script"].([]any) {
		lines = append(lines, l.(map[string]any)["text"].(string))
	}
	if want := []string{"echo one", "helper a", "helper b", "nested", "quoted"}; !reflect.DeepEqual(lines, want) {
		t.Errorf("script %q, want %q", lines, want)
	}
	if got := job.Attrs["image"]; got != "amazon/aws-cli" {
		t.Errorf("image %v", got)
	}
	if got := d.Sources["ci/aws.yml"]; len(got) == 0 {
		t.Error("included file source not kept for snippets")
	}
}

// TestExtendsMergeSemantics: hashes deep-merge, lists are replaced, the
// job wins over its parents and later parents over earlier ones.
func TestExtendsMergeSemantics(t *testing.T) {
	d := only(t, map[string]string{".gitlab-ci.yml": `
.a:
  variables: {X: a, Y: a}
  script: [a1, a2]
  environment: {name: staging, url: https://a}
.b:
  variables: {Y: b}
  environment: {name: production}
job:
  extends: [.a, .b]
  variables: {Z: job}
  script: [j]
`})
	noDiags(t, d)
	job := jobNode(t, d, "job")
	vars := job.Attrs["variables"].(map[string]any)
	got := map[string]string{}
	for k, v := range vars {
		got[k] = v.(map[string]any)["value"].(string)
	}
	if want := map[string]string{"X": "a", "Y": "b", "Z": "job"}; !reflect.DeepEqual(got, want) {
		t.Errorf("variables %v, want %v", got, want)
	}
	if n := len(job.Attrs["script"].([]any)); n != 1 {
		t.Errorf("script has %d lines, want the job's 1", n)
	}
	env := job.Attrs["environment"].(map[string]any)
	if env["name"] != "production" || env["url"] != "https://a" {
		t.Errorf("environment %v", env)
	}
	if where(t, job, "variables.Y") != ".gitlab-ci.yml:7:15" {
		t.Errorf("variables.Y at %s", where(t, job, "variables.Y"))
	}
}

func TestDefaultAndInherit(t *testing.T) {
	d := only(t, map[string]string{".gitlab-ci.yml": `
image: legacy:1
variables:
  G1: one
  G2: two
default:
  before_script: [setup]
  id_tokens:
    TOKEN: {aud: https://vault.example}
plain:
  script: [run]
isolated:
  inherit:
    default: [image]
    variables: [G2]
  script: [run]
none:
  inherit: {default: false, variables: false}
  image: own:2
  script: [run]
`})
	noDiags(t, d)
	plain, isolated, none := jobNode(t, d, "plain"), jobNode(t, d, "isolated"), jobNode(t, d, "none")
	if plain.Attrs["image"] != "legacy:1" || plain.Attrs["before_script"] == nil || plain.Attrs["id_tokens"] == nil {
		t.Errorf("plain did not inherit defaults: %v", plain.Attrs)
	}
	if where(t, plain, "id_tokens.TOKEN") != ".gitlab-ci.yml:9:5" {
		t.Errorf("id_tokens.TOKEN at %s", where(t, plain, "id_tokens.TOKEN"))
	}
	if _, ok := isolated.Attrs["before_script"]; ok || isolated.Attrs["image"] != "legacy:1" {
		t.Errorf("isolated: %v", isolated.Attrs)
	}
	if got := isolated.Attrs["global_variables"]; !reflect.DeepEqual(got, []any{"G2"}) {
		t.Errorf("isolated globals %v", got)
	}
	if got := none.Attrs["global_variables"]; !reflect.DeepEqual(got, []any{}) || none.Attrs["image"] != "own:2" {
		t.Errorf("none: globals %v image %v", got, none.Attrs["image"])
	}
	if _, ok := none.Attrs["id_tokens"]; ok {
		t.Error("none inherited id_tokens")
	}
}

func TestJobFields(t *testing.T) {
	d := only(t, map[string]string{".gitlab-ci.yml": `
variables:
  BUCKET: assets
  DEST: "s3://${BUCKET}/$$HOME/$UNKNOWN"
.hidden:
  script: [never]
deploy:
  stage: deploy
  image: {name: "alpine:3", entrypoint: [""]}
  services: [docker:dind, {name: postgres:16}]
  environment: {name: production, action: start}
  needs: [build, {job: test}]
  trigger: group/downstream
  variables:
    RAW: {value: "$BUCKET", expand: false}
  secrets:
    DB:
      vault: db/prod/password@ops
      token: $VAULT_TOKEN
      file: false
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
      when: manual
    - when: never
  only: [main]
  except: {variables: [$SKIP]}
  script: echo deploy
`})
	noDiags(t, d)
	if n := len(d.Root.Attrs["jobs"].([]any)); n != 1 {
		t.Fatalf("%d jobs, want 1 (hidden jobs are not jobs)", n)
	}
	job := jobNode(t, d, "deploy")
	checks := map[string]any{
		"stage":       "deploy",
		"image":       "alpine:3",
		"services":    []any{"docker:dind", "postgres:16"},
		"environment": map[string]any{"name": "production", "action": "start"},
		"needs":       []any{"build", "test"},
		"trigger":     map[string]any{"project": "group/downstream"},
		"only":        map[string]any{"refs": []any{"main"}},
		"except":      map[string]any{"variables": []any{"$SKIP"}},
		"script":      []any{map[string]any{"key": "script[0]", "text": "echo deploy"}},
		"secrets": map[string]any{"DB": map[string]any{
			"provider": "vault", "config": "db/prod/password@ops", "token": "$VAULT_TOKEN", "file": "false"}},
		"rules": []any{
			map[string]any{"key": "rules[0]", "if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH", "when": "manual"},
			map[string]any{"key": "rules[1]", "when": "never"},
		},
	}
	for k, want := range checks {
		if got := job.Attrs[k]; !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %#v, want %#v", k, got, want)
		}
	}
	raw := job.Attrs["variables"].(map[string]any)["RAW"]
	if want := map[string]any{"value": "$BUCKET", "expand": false, "resolved": "$BUCKET"}; !reflect.DeepEqual(raw, want) {
		t.Errorf("RAW %v", raw)
	}
	dest := d.Root.Attrs["variables"].(map[string]any)["DEST"].(map[string]any)["resolved"]
	if dest != "s3://assets/$$HOME/$UNKNOWN" {
		t.Errorf("DEST resolved to %v", dest)
	}
	for key, want := range map[string]string{"script[0]": ":27:11", "secrets.DB": ":17:5", "rules[0]": ":22:7"} {
		if got := where(t, job, key); got != ".gitlab-ci.yml"+want {
			t.Errorf("%s at %s, want %s", key, got, want)
		}
	}
}

func TestCRLFAndSpecHeader(t *testing.T) {
	d := only(t, map[string]string{"build.gitlab-ci.yml": "spec:\r\n  inputs:\r\n    env: {}\r\n---\r\n" +
		"job:\r\n  script:\r\n    - \"echo é\"\r\n    - |\r\n      make\r\n"})
	noDiags(t, d)
	job := jobNode(t, d, "job")
	if got := where(t, job, "script[0]"); got != "build.gitlab-ci.yml:7:8" {
		t.Errorf("script[0] at %s", got)
	}
	if got := where(t, job, "script[1]"); got != "build.gitlab-ci.yml:9:7" {
		t.Errorf("script[1] at %s", got)
	}
}

func TestIncludes(t *testing.T) {
	docs := parseFiles(t, map[string]string{
		".gitlab-ci.yml":          "include:\n  - ci/*.yml\n  - local: $CI_PROJECT_DIR/x.yml\njob: {script: [x]}\n",
		"ci/a.yml":                "include: ci/b.yml\na: {script: [a]}\n",
		"ci/b.yml":                "include: {local: /ci/a.yml}\nb: {script: [b]}\n",
		"other/sub.gitlab-ci.yml": "s: {script: [s]}\n",
	})
	if len(docs) != 2 {
		t.Fatalf("%d docs, want 2", len(docs))
	}
	d := docs[0]
	var got []string
	for _, diag := range d.Diagnostics {
		got = append(got, diag.Error())
	}
	want := []string{
		"ci/b.yml:1:18: include cycle: .gitlab-ci.yml -> ci/a.yml -> ci/b.yml includes ci/a.yml again [include-error]",
		`.gitlab-ci.yml:3:12: local include "$CI_PROJECT_DIR/x.yml" uses CI/CD variables, which are only known when the pipeline runs: not read [include-error]`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if n := len(d.Root.Attrs["jobs"].([]any)); n != 3 {
		t.Errorf("%d jobs, want job, a and b", n)
	}
	docs = parseFiles(t, map[string]string{
		".gitlab-ci.yml":       "include: deploy.gitlab-ci.yml\nmain: {script: [m]}\n",
		"deploy.gitlab-ci.yml": "deploy: {script: [d]}\n",
	})
	if len(docs) != 1 || docs[0].File != ".gitlab-ci.yml" || len(docs[0].Root.Attrs["jobs"].([]any)) != 2 {
		t.Errorf("an included pipeline file must be part of its includer, not a pipeline of its own: %d docs", len(docs))
	}
}

// TestProjectRoot: a repository inside the scanned tree reads its local
// includes from its own root, with or without a leading slash, and never
// from above it.
func TestProjectRoot(t *testing.T) {
	fsys := fstest.MapFS{
		"repo/.gitlab-ci.yml": {Data: []byte("include:\n  - /ci/a.yml\n  - ci/*.yml\n  - ../outside.yml\nmain: {script: [m]}\n")},
		"repo/ci/a.yml":       {Data: []byte("a: {script: [a]}\n")},
		"repo/ci/b.yml":       {Data: []byte("b: {script: [b]}\n")},
		"ci/a.yml":            {Data: []byte("wrong: {script: [w]}\n")},
		"outside.yml":         {Data: []byte("escaped: {script: [e]}\n")},
	}
	docs := Options{}.ParseProject(fsys, "repo", []string{"repo/.gitlab-ci.yml"})
	if len(docs) != 1 {
		t.Fatalf("%d docs, want 1", len(docs))
	}
	var jobs []string
	for _, n := range docs[0].Nodes {
		if n.Kind == KindJob {
			jobs = append(jobs, n.Attrs["name"].(string))
		}
	}
	slices.Sort(jobs)
	if got := strings.Join(jobs, ","); got != "a,b,main" {
		t.Errorf("jobs %s, want a,b,main", got)
	}
	var diags []string
	for _, d := range docs[0].Diagnostics {
		diags = append(diags, d.Error())
	}
	want := `repo/.gitlab-ci.yml:4:5: local include "../outside.yml": no such file in the repository [include-error]`
	if strings.Join(diags, "\n") != want {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(diags, "\n"), want)
	}
}

func TestIncludeLimits(t *testing.T) {
	files := map[string]string{".gitlab-ci.yml": "include: f0.yml\n"}
	for i := range DefaultMaxIncludeDepth + 5 {
		files["f"+strconv.Itoa(i)+".yml"] = "include: f" + strconv.Itoa(i+1) + ".yml\n"
	}
	d := only(t, files)
	if len(d.Diagnostics) != 1 || !strings.Contains(d.Diagnostics[0].Message, "nested more than 100 levels") {
		t.Errorf("depth: %v", d.Diagnostics)
	}
	var list strings.Builder
	list.WriteString("include:\n")
	for i := range DefaultMaxIncludes + 1 {
		fmt.Fprintf(&list, "  - remote: https://example.com/%d.yml\n", i)
	}
	d = only(t, map[string]string{".gitlab-ci.yml": list.String()})
	if len(d.Diagnostics) != 1 || d.Diagnostics[0].Pos.Line != DefaultMaxIncludes+2 {
		t.Errorf("count: %v", d.Diagnostics)
	}

	// Raised limits (--max-include-depth, --max-includes) read it all.
	fsys := fstest.MapFS{".gitlab-ci.yml": {Data: []byte(list.String())}}
	for name, src := range files {
		fsys["deep/"+name] = &fstest.MapFile{Data: []byte(strings.ReplaceAll(src, "include: ", "include: /deep/"))}
	}
	fsys["deep/f"+strconv.Itoa(DefaultMaxIncludeDepth+5)+".yml"] = &fstest.MapFile{Data: []byte("job: {script: [x]}\n")}
	raised := Options{MaxIncludes: DefaultMaxIncludes + 1, MaxIncludeDepth: DefaultMaxIncludeDepth + 10}
	for _, name := range []string{".gitlab-ci.yml", "deep/.gitlab-ci.yml"} {
		for _, d := range raised.ParseProject(fsys, ".", []string{name}) {
			for _, diag := range d.Diagnostics {
				if diag.Code == codeInclude {
					t.Errorf("%s with raised limits: %v", name, diag)
				}
			}
		}
	}
}

func TestExtendsDiagnostics(t *testing.T) {
	d := only(t, map[string]string{".gitlab-ci.yml": `a:
  extends: .b
  script: [x]
.b: {extends: .c}
.c: {extends: .b}
m:
  extends: .missing
  script: [!reference [.nope, script]]
`})
	var got []string
	for _, diag := range d.Diagnostics {
		got = append(got, diag.Error())
	}
	want := []string{
		`.gitlab-ci.yml:4:15: extends cycle through ".b" [extends-error]`,
		`.gitlab-ci.yml:7:12: "m" extends ".missing", which is not defined [extends-error]`,
		`.gitlab-ci.yml:8:12: !reference [.nope, script] names nothing in the pipeline [reference-error]`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestFragmentExtendsUnknown: a *.gitlab-ci.yml fragment that no scanned
// pipeline includes may extend templates of the pipeline that includes it
// elsewhere, so an unknown template is not an error there (a cycle is).
func TestFragmentExtendsUnknown(t *testing.T) {
	d := only(t, map[string]string{"ci/build.gitlab-ci.yml": `build:
  extends: [.docker, .x]
  script: [!reference [.go-cache, before_script]]
.x: {extends: .y}
.y: {extends: .x}
`})
	if len(d.Diagnostics) != 1 || !strings.Contains(d.Diagnostics[0].Message, "extends cycle") {
		t.Errorf("diagnostics = %v, want only the cycle", d.Diagnostics)
	}
	if complete := d.Root.Attrs["complete"]; complete != false {
		t.Errorf("complete = %v, want false for a fragment", complete)
	}
}

func TestIncludeDiagnostics(t *testing.T) {
	docs := parseFiles(t, map[string]string{
		".gitlab-ci.yml": `include:
  - ci/*.yml
  - local: missing.yml
  - project: group/templates
    ref: v1.2.0
    file: [/deploy.yml, /test.yml]
  - remote: https://example.com/ci.yml
    integrity: sha256-abc
  - template: Auto-DevOps.gitlab-ci.yml
  - component: $CI_SERVER_FQDN/org/scan/secret@1.0
job: {script: [x]}
`,
		"ci/a.yml": "include: ci/b.yml\na: {script: [a]}\n",
		"ci/b.yml": "include: {local: ci/a.yml}\nb: {script: [b]}\nbad: [\n",
	})
	if len(docs) != 1 {
		t.Fatalf("%d docs", len(docs))
	}
	d := docs[0]
	var got []string
	for _, diag := range d.Diagnostics {
		got = append(got, diag.Error())
	}
	want := []string{
		"ci/b.yml:3:1: invalid YAML: did not find expected node content [parse-error]",
		".gitlab-ci.yml:3:12: cannot read local include missing.yml: file does not exist [include-error]",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	types := []string{}
	for _, inc := range d.Root.Attrs["includes"].([]any) {
		m := inc.(map[string]any)
		types = append(types, m["type"].(string))
	}
	t.Log(types)
}

func TestBlockLinesAndInherited(t *testing.T) {
	d := only(t, map[string]string{
		".gitlab-ci.yml": "include: [ci/t.yml, {project: g/p, file: x.yml}]\n" +
			"job:\n" +
			"  extends: [.t, .remote]\n" +
			"  script:\n" +
			"    - |\n" +
			"      echo one\n" +
			"\n" +
			"        indented two\n",
		"ci/t.yml": ".t:\n  variables:\n    A: a\n",
	})
	noDiags(t, d)
	job := jobNode(t, d, "job")
	for key, want := range map[string]string{
		"script[0]":       ".gitlab-ci.yml:6:7",
		"script[0].line2": ".gitlab-ci.yml:8:9",
	} {
		if got := where(t, job, key); got != want {
			t.Errorf("%s at %s, want %s", key, got, want)
		}
	}
	if _, ok := job.KeyPos["script[0].line1"]; ok {
		t.Error("blank block line keyed")
	}
	inh := job.Attrs["inherited"].(map[string]any)
	if got := inh["variables.A"]; !reflect.DeepEqual(got, map[string]any{"file": "ci/t.yml", "from": ".t"}) {
		t.Errorf("inherited variables.A = %v", got)
	}
	if _, ok := inh["script[0]"]; ok {
		t.Error("the job's own script marked inherited")
	}
	if got := job.Attrs["unresolved_extends"]; !reflect.DeepEqual(got, []any{".remote"}) {
		t.Errorf("unresolved_extends %v", got)
	}
	if d.Root.Attrs["complete"] != false {
		t.Error("a pipeline with a project include is not complete")
	}
}

// TestReferenceIndex: `!reference [.list, 0]` picks one item of a list
// (gitlab-ci-local's extension, used by real pipelines), keeping its
// position; an index out of range is a reference-error.
func TestReferenceIndex(t *testing.T) {
	d := only(t, map[string]string{".gitlab-ci.yml": ".entries:\n" +
		"  - name: docker.io/library/alpine\n" +
		"  - echo second\n" +
		"job:\n" +
		"  services: [!reference [.entries, 0]]\n" +
		"  script:\n" +
		"    - !reference [.entries, 1]\n"})
	noDiags(t, d)
	job := jobNode(t, d, "job")
	if got := job.Attrs["services"]; !reflect.DeepEqual(got, []any{"docker.io/library/alpine"}) {
		t.Errorf("services %v", got)
	}
	if got := where(t, job, "script[0]"); got != ".gitlab-ci.yml:3:5" {
		t.Errorf("script[0] at %s, want .gitlab-ci.yml:3:5", got)
	}
	bad := only(t, map[string]string{".gitlab-ci.yml": ".entries: [a]\njob:\n  script: [!reference [.entries, 3]]\n"})
	if len(bad.Diagnostics) != 1 || bad.Diagnostics[0].Code != codeRef || bad.Diagnostics[0].Pos.Line != 3 {
		t.Errorf("diagnostics %v, want one reference-error on line 3", bad.Diagnostics)
	}
}

// TestIncludeInputs: an include's inputs: are recorded as text, keyed at
// their names; the template's spec: header is skipped and its
// `$[[ inputs.x ]]` blocks stay as written (never interpolated).
func TestIncludeInputs(t *testing.T) {
	d := only(t, map[string]string{
		".gitlab-ci.yml": "include:\n" +
			"  - local: ci/notify.yml\n" +
			"    inputs:\n" +
			"      title: $CI_MERGE_REQUEST_TITLE\n" +
			"      tags: [a, b]\n",
		"ci/notify.yml": "spec:\n  inputs:\n    title:\n    tags:\n      type: array\n---\n" +
			"notify:\n  script:\n    - echo $[[ inputs.title | expand_vars ]]\n",
	})
	noDiags(t, d)
	var inc *graph.Node
	for _, n := range d.Nodes {
		if n.Kind == KindInclude {
			inc = n
		}
	}
	if inc == nil {
		t.Fatal("no include node")
	}
	if got, want := inc.Attrs["inputs"], map[string]any{"title": "$CI_MERGE_REQUEST_TITLE", "tags": ""}; !reflect.DeepEqual(got, want) {
		t.Errorf("inputs %v, want %v", got, want)
	}
	if got := where(t, inc, "inputs.title"); got != ".gitlab-ci.yml:4:7" {
		t.Errorf("inputs.title at %s, want .gitlab-ci.yml:4:7", got)
	}
	job := jobNode(t, d, "notify")
	if got := job.Attrs["script"].([]any)[0].(map[string]any)["text"]; got != "echo $[[ inputs.title | expand_vars ]]" {
		t.Errorf("script text %q", got)
	}
	if got := where(t, job, "script[0]"); got != "ci/notify.yml:9:7" {
		t.Errorf("script[0] at %s", got)
	}
}

// TestWorkflowRules: workflow: rules are read with their positions, a
// !reference among them flattened.
func TestWorkflowRules(t *testing.T) {
	d := only(t, map[string]string{".gitlab-ci.yml": ".mr:\n" +
		"  rules:\n" +
		"    - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"\n" +
		"workflow:\n" +
		"  rules:\n" +
		"    - !reference [.mr, rules]\n" +
		"    - if: $CI_COMMIT_BRANCH\n" +
		"      when: always\n" +
		"job: {script: [x]}\n"})
	noDiags(t, d)
	got := d.Root.Attrs["workflow_rules"]
	want := []any{
		map[string]any{"key": "workflow.rules[0]", "if": `$CI_PIPELINE_SOURCE == "merge_request_event"`},
		map[string]any{"key": "workflow.rules[1]", "if": "$CI_COMMIT_BRANCH", "when": "always"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("workflow_rules %v, want %v", got, want)
	}
	for key, pos := range map[string]string{"workflow.rules": ".gitlab-ci.yml:5:3", "workflow.rules[0]": ".gitlab-ci.yml:3:7", "workflow.rules[1]": ".gitlab-ci.yml:7:7"} {
		if got := where(t, d.Root, key); got != pos {
			t.Errorf("%s at %s, want %s", key, got, pos)
		}
	}
}
