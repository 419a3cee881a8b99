package identity

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/nhilint/nhilint/graph"
)

// GitLabJob is the identity type of a GitLab CI job.
const GitLabJob = "gitlab-job"

// gitlab adds one identity per GitLab CI job: whether it authenticates
// with an OIDC id_token or a stored key, the roles it assumes with
// `aws sts assume-role-with-web-identity --role-arn` or AWS_ROLE_ARN, and
// the GCP service accounts and Azure identities it logs in as
// (gitlab_cloud.go).
func (b *builder) gitlab() {
	for _, d := range b.docs {
		if d == nil || d.Kind != "gitlab.pipeline" || d.Root == nil {
			continue
		}
		for _, n := range d.Nodes {
			if n.Kind == "gitlab.job" {
				b.gitlabJob(d.Root, n)
			}
		}
	}
}

func (b *builder) gitlabJob(pipeline, job *graph.Node) {
	id, _ := b.identity(GitLabJob, job.ID, pipeline.File+" / "+str(job.Attrs, "name"), job, "")
	definedBy(id, job, "")
	vars := gitlabVariables(pipeline, job)
	a := &jobAuth{clouds: map[string]bool{}}
	for name := range vars {
		a.staticEnv(map[string]any{name: true})
	}
	oidc := len(obj(job.Attrs, "id_tokens")) > 0
	env := []map[string]any{vars}
	var lines []map[string]any
	for _, field := range []string{"before_script", "script", "after_script"} {
		for _, l := range list(job.Attrs, field) {
			lm, _ := l.(map[string]any)
			lines = append(lines, lm)
			text := str(lm, "text")
			a.scriptAuth(text)
			for _, m := range roleArnFlag.FindAllStringSubmatchIndex(text, -1) {
				a.clouds["aws"] = true
				web := oidc && strings.Contains(text, "assume-role-with-web-identity")
				a.oidc = a.oidc || web
				role := expandVariables(expandEnv(text[m[2]:m[3]], env), vars)
				b.assume(id, job, scriptLineKey(lm, m[0]), role, "cli", false, web)
			}
		}
	}
	if role := str(vars, "AWS_ROLE_ARN"); role != "" && oidc {
		a.clouds["aws"], a.oidc = true, true
		b.assume(id, variableSite(pipeline, job, "AWS_ROLE_ARN"), "variables.AWS_ROLE_ARN", role, "env", false, true)
	}
	b.gitlabCloudLogins(id, pipeline, job, vars, a, oidc, lines)
	subjects, exact := gitlabSubjects(pipeline, job)
	id.Attrs["pipeline"] = pipeline.ID
	id.Attrs["job_id"] = str(job.Attrs, "name")
	id.Attrs["environment"] = str(obj(job.Attrs, "environment"), "name")
	id.Attrs["id_tokens"] = anyList(sortedKeys(obj(job.Attrs, "id_tokens")))
	id.Attrs["clouds"] = anyList(sortedKeys(boolMap(a.clouds)))
	id.Attrs["oidc_subjects"] = anyList(subjects)
	id.Attrs["oidc_subjects_exact"] = exact
	id.Attrs["auth"], id.Attrs["credential"] = a.kind()
}

// gitlabVariables are the variables a job sees, by name → resolved
// value: its own, then the global ones it inherits.
func gitlabVariables(pipeline, job *graph.Node) map[string]any {
	out := map[string]any{}
	global := obj(pipeline.Attrs, "variables")
	for _, name := range stringsOf(list(job.Attrs, "global_variables")) {
		out[name] = str(obj(global, name), "resolved")
	}
	for name, v := range obj(job.Attrs, "variables") {
		vm, _ := v.(map[string]any)
		out[name] = str(vm, "resolved")
	}
	return out
}

// scriptLineKey is the key of the physical line at offset i of a script
// line's text: "<key>.line<n>" inside a literal block, whose later lines
// the parser keys (docs/input-gitlab.md), else the script line's own key
// (a folded > block is one line to the parser).
func scriptLineKey(line map[string]any, i int) string {
	key := str(line, "key")
	if line["block"] != true {
		return key
	}
	if n := strings.Count(str(line, "text")[:i], "\n"); n > 0 {
		return key + ".line" + strconv.Itoa(n)
	}
	return key
}

// variableSite is the node that writes a variable a job sees: the job
// for its own variables, else the pipeline (a global variable it
// inherits), both keyed "variables.<NAME>".
func variableSite(pipeline, job *graph.Node, name string) *graph.Node {
	if _, own := obj(job.Attrs, "variables")[name]; own {
		return job
	}
	return pipeline
}

// varRef matches $NAME and ${NAME} inside a value.
var varRef = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)`)

// expandVariables replaces the references to the job's variables inside a
// value (arn:aws:iam::${ACCOUNT}:role/$ROLE_NAME), as the job's shell
// does; references to variables the files do not set stay as written.
func expandVariables(v string, vars map[string]any) string {
	if !strings.Contains(v, "$") {
		return v
	}
	return varRef.ReplaceAllStringFunc(v, func(ref string) string {
		m := varRef.FindStringSubmatch(ref)
		if s := str(vars, m[1]+m[2]); s != "" && !strings.Contains(s, "$") {
			return s
		}
		return ref
	})
}

// gitlabSubjects are the sub claims of the job's GitLab ID tokens without
// their project_path:<group>/<project>: prefix (the files do not name the
// project): ref_type:branch:ref:<branch> or ref_type:tag:ref:<tag>, for
// the refs its rules (else only:refs, else the pipeline's workflow rules)
// let it run on. exact is false when it may also run on refs the files do
// not decide (a rule without a ref condition, a regex, the default branch,
// merge request pipelines, any tag); the list then holds what is known.
// https://docs.gitlab.com/ci/secrets/id_token_authentication/#token-payload
func gitlabSubjects(pipeline, job *graph.Node) ([]string, bool) {
	var subs []string
	exact := false
	switch {
	case len(list(job.Attrs, "rules")) > 0:
		subs, exact = rulesRefs(list(job.Attrs, "rules"))
	case obj(job.Attrs, "only") != nil:
		subs, exact = onlyRefs(obj(job.Attrs, "only"))
	}
	if !exact {
		if wf, ok := rulesRefs(list(pipeline.Attrs, "workflow_rules")); ok {
			return wf, true
		}
	}
	return sortedSet(subs), exact && len(subs) > 0
}

// refAtom matches a condition pinning the ref: $CI_COMMIT_BRANCH == "main"
// (either side, either quote).
var (
	refAtom    = regexp.MustCompile(`^\$(CI_COMMIT_BRANCH|CI_COMMIT_REF_NAME|CI_COMMIT_TAG)\s*==\s*["']([^"']+)["']$`)
	refAtomRev = regexp.MustCompile(`^["']([^"']+)["']\s*==\s*\$(CI_COMMIT_BRANCH|CI_COMMIT_REF_NAME|CI_COMMIT_TAG)$`)
)

// rulesRefs reads the refs rules let a job (or a pipeline) run on: each
// rule that is not `when: never` must pin the ref in every alternative of
// its `if` ($CI_COMMIT_REF_NAME is read as a branch name). A `never` rule
// only removes refs, so skipping it keeps a superset.
func rulesRefs(rules []any) ([]string, bool) {
	var subs []string
	exact := len(rules) > 0
	for _, r := range rules {
		rm, _ := r.(map[string]any)
		if str(rm, "when") == "never" {
			continue
		}
		cond := str(rm, "if")
		if cond == "" {
			exact = false
			continue
		}
		for _, alt := range strings.Split(cond, "||") {
			ref := ""
			for _, atom := range strings.Split(alt, "&&") {
				atom = strings.Trim(strings.TrimSpace(atom), "()")
				atom = strings.TrimSpace(atom)
				if m := refAtom.FindStringSubmatch(atom); m != nil {
					ref = gitlabRef(m[1], m[2])
				} else if m := refAtomRev.FindStringSubmatch(atom); m != nil {
					ref = gitlabRef(m[2], m[1])
				}
			}
			if ref == "" {
				exact = false
				continue
			}
			subs = append(subs, ref)
		}
	}
	return sortedSet(subs), exact && len(subs) > 0
}

func gitlabRef(variable, name string) string {
	if variable == "CI_COMMIT_TAG" {
		return "ref_type:tag:ref:" + name
	}
	return "ref_type:branch:ref:" + name
}

// onlyRefs reads only:refs: branch names are exact; keywords (branches,
// tags, merge_requests, schedules, …) and /regexes/ are not.
func onlyRefs(only map[string]any) ([]string, bool) {
	refs := list(only, "refs")
	exact := len(refs) > 0
	var subs []string
	for _, r := range refs {
		s, ok := r.(string)
		if !ok || gitlabOnlyKeywords[s] || strings.HasPrefix(s, "/") || strings.ContainsAny(s, "*@") {
			exact = false
			continue
		}
		subs = append(subs, "ref_type:branch:ref:"+s)
	}
	return subs, exact
}

// gitlabOnlyKeywords are the only:refs values that are not ref names
// (https://docs.gitlab.com/ci/yaml/#onlyrefs--exceptrefs).
var gitlabOnlyKeywords = map[string]bool{
	"api": true, "branches": true, "chat": true, "external": true, "external_pull_requests": true,
	"merge_requests": true, "pipelines": true, "pushes": true, "schedules": true, "tags": true,
	"triggers": true, "web": true,
}
