package identity

import (
	"strings"

	"github.com/nhilint/nhilint/graph"
)

// GitLabJob is the identity type of a GitLab CI job.
const GitLabJob = "gitlab-job"

// gitlab adds one identity per GitLab CI job: whether it authenticates
// with an OIDC id_token or a stored key, and the roles it assumes with
// `aws sts assume-role-with-web-identity --role-arn` or AWS_ROLE_ARN.
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
	for _, field := range []string{"before_script", "script", "after_script"} {
		for _, l := range list(job.Attrs, field) {
			lm, _ := l.(map[string]any)
			a.scriptAuth(str(lm, "text"))
			for _, m := range roleArnFlag.FindAllStringSubmatch(str(lm, "text"), -1) {
				a.clouds["aws"] = true
				a.oidc = a.oidc || (oidc && strings.Contains(str(lm, "text"), "assume-role-with-web-identity"))
				b.assume(id, job, str(lm, "key"), expandEnv(m[1], env), "cli", false)
			}
		}
	}
	if role := str(vars, "AWS_ROLE_ARN"); role != "" && oidc {
		a.clouds["aws"], a.oidc = true, true
		b.assume(id, job, "variables.AWS_ROLE_ARN", role, "env", false)
	}
	id.Attrs["pipeline"] = pipeline.ID
	id.Attrs["job_id"] = str(job.Attrs, "name")
	id.Attrs["environment"] = str(obj(job.Attrs, "environment"), "name")
	id.Attrs["id_tokens"] = anyList(sortedKeys(obj(job.Attrs, "id_tokens")))
	id.Attrs["clouds"] = anyList(sortedKeys(boolMap(a.clouds)))
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
