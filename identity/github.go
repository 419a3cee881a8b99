package identity

import (
	"regexp"
	"sort"
	"strings"

	"github.com/nhilint/nhilint/graph"
)

// github adds one identity per GitHub Actions job: how it authenticates
// to clouds, its triggers, its token permissions, the OIDC subject its
// tokens carry, and the roles it assumes.
func (b *builder) github() {
	for _, d := range b.docs {
		if d == nil || d.Kind != "gha.workflow" || d.Root == nil {
			continue
		}
		for _, n := range d.Nodes {
			if n.Kind == "gha.job" {
				b.githubJob(d.Root, n)
			}
		}
	}
}

// jobAuth collects how one job authenticates while its steps are read.
type jobAuth struct {
	static, oidc bool
	clouds       map[string]bool
}

func (b *builder) githubJob(wf, job *graph.Node) {
	id, _ := b.identity(GitHubJob, job.ID, jobName(wf, job), job, "")
	definedBy(id, job, "")
	a := &jobAuth{clouds: map[string]bool{}}
	env := []map[string]any{obj(job.Attrs, "env"), obj(wf.Attrs, "env")}
	a.staticEnv(env...)
	for _, s := range list(job.Attrs, "steps") {
		sm, _ := s.(map[string]any)
		step, ok := b.nodes[str(sm, "id")]
		if !ok {
			continue
		}
		b.githubStep(id, step, env, a)
	}
	triggers := sortedKeys(obj(wf.Attrs, "triggers"))
	subjects, exact := oidcSubjects(wf, job)
	id.Attrs["workflow"] = wf.ID
	id.Attrs["job_id"] = str(job.Attrs, "job_id")
	id.Attrs["triggers"] = anyList(triggers)
	id.Attrs["branches"] = anyList(pushBranches(wf))
	id.Attrs["environment"] = str(obj(job.Attrs, "environment"), "name")
	id.Attrs["permissions"] = job.Attrs["effective_permissions"]
	id.Attrs["secrets"] = anyList(jobSecrets(job))
	id.Attrs["clouds"] = anyList(sortedKeys(boolMap(a.clouds)))
	id.Attrs["oidc_subjects"] = anyList(subjects)
	id.Attrs["oidc_subjects_exact"] = exact
	id.Attrs["auth"], id.Attrs["credential"] = a.kind()
}

// kind is the job's auth and credential lifetime: a stored key wins over
// OIDC, since it is what an attacker would take.
func (a *jobAuth) kind() (string, string) {
	switch {
	case a.static:
		return "static-key", "long-lived"
	case a.oidc:
		return "oidc", "short-lived"
	}
	return "none", "none"
}

// jobName names a job for people: the workflow's name (or file) and job id.
func jobName(wf, job *graph.Node) string {
	w := str(wf.Attrs, "name")
	if w == "" {
		w = wf.File
	}
	return w + " / " + str(job.Attrs, "job_id")
}

// staticEnv marks a job whose env hands steps a stored cloud key.
func (a *jobAuth) staticEnv(envs ...map[string]any) {
	for _, env := range envs {
		for name := range env {
			switch strings.ToUpper(name) {
			case "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY":
				a.static, a.clouds["aws"] = true, true
			case "GOOGLE_CREDENTIALS", "GOOGLE_APPLICATION_CREDENTIALS_JSON":
				a.static, a.clouds["gcp"] = true, true
			case "ARM_CLIENT_SECRET", "AZURE_CLIENT_SECRET":
				a.static, a.clouds["azure"] = true, true
			}
		}
	}
}

// roleArnFlag finds `--role-arn VALUE` in a script (aws sts assume-role,
// assume-role-with-web-identity).
var roleArnFlag = regexp.MustCompile(`--role-arn[= ]+["']?([^\s"']+)`)

// githubStep reads one step's cloud login and the roles it assumes.
func (b *builder) githubStep(id, step *graph.Node, jobEnv []map[string]any, a *jobAuth) {
	env := append([]map[string]any{obj(step.Attrs, "env")}, jobEnv...)
	a.staticEnv(obj(step.Attrs, "env"))
	with := obj(step.Attrs, "with")
	uses := obj(step.Attrs, "uses")
	action := strings.ToLower(str(uses, "owner") + "/" + str(uses, "repo"))
	switch action {
	case "aws-actions/configure-aws-credentials":
		a.clouds["aws"] = true
		static := str(with, "aws-access-key-id") != ""
		a.static = a.static || static
		if role := str(with, "role-to-assume"); role != "" {
			a.oidc = a.oidc || !static
			b.assume(id, step, "with.role-to-assume", expandEnv(role, env), "configure-aws-credentials", static, !static)
		}
	case "google-github-actions/auth":
		a.clouds["gcp"] = true
		static := str(with, "credentials_json") != ""
		a.static = a.static || static
		a.oidc = a.oidc || str(with, "workload_identity_provider") != ""
		if sa := str(with, "service_account"); sa != "" {
			b.impersonate(id, step, "with.service_account", expandEnv(sa, env), str(with, "workload_identity_provider"), static)
		}
	case "azure/login":
		a.clouds["azure"] = true
		a.static = a.static || str(with, "creds") != ""
		a.oidc = a.oidc || (str(with, "creds") == "" && str(with, "client-id") != "")
		if c := str(with, "client-id"); c != "" && str(with, "creds") == "" {
			b.azureLogin(id, step, "with.client-id", expandEnv(c, env))
		}
	}
	if run := str(step.Attrs, "run"); run != "" {
		a.scriptAuth(run)
		for _, m := range roleArnFlag.FindAllStringSubmatch(run, -1) {
			a.clouds["aws"] = true
			web := strings.Contains(run, "assume-role-with-web-identity")
			a.oidc = a.oidc || web
			b.assume(id, step, "run", expandEnv(m[1], env), "cli", false, web)
		}
	}
	if role := str(obj(step.Attrs, "env"), "AWS_ROLE_ARN"); role != "" {
		a.clouds["aws"], a.oidc = true, true
		b.assume(id, step, "env.AWS_ROLE_ARN", role, "env", false, true)
	}
}

// scriptAuth marks cloud logins a script performs with a stored key
// (a service account key file, a service principal secret) or a
// federated token.
func (a *jobAuth) scriptAuth(script string) {
	switch {
	case strings.Contains(script, "activate-service-account") && strings.Contains(script, "--key-file"):
		a.static, a.clouds["gcp"] = true, true
	case strings.Contains(script, "az login") && strings.Contains(script, "--federated-token"):
		a.oidc, a.clouds["azure"] = true, true
	case strings.Contains(script, "az login") && strings.Contains(script, "--service-principal"):
		a.static, a.clouds["azure"] = true, true
	}
}

// envRef matches a value that is only a reference to an env entry:
// $NAME, ${NAME} (a shell) or ${{ env.NAME }} (an expression).
var envRef = regexp.MustCompile(`^(?:\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?|\$\{\{\s*env\.([A-Za-z_][A-Za-z0-9_-]*)\s*\}\})$`)

// expandEnv replaces a value that only references an env entry by that
// entry (step, then job, then workflow env), as the shell or the
// expression would; any other value is returned as is.
func expandEnv(v string, envs []map[string]any) string {
	m := envRef.FindStringSubmatch(v)
	if m == nil {
		return v
	}
	name := m[1] + m[2]
	for _, env := range envs {
		if s := str(env, name); s != "" {
			return s
		}
	}
	return v
}

// roleARN splits arn:aws:iam::<account>:role/<path/><name>.
var roleARN = regexp.MustCompile(`^arn:aws[a-z-]*:iam::([^:]*):role/(.+)$`)

// assume adds the assumes edge from a job to the role value names, or to
// an unresolved-role identity when the scanned files do not define it.
func (b *builder) assume(id, step *graph.Node, key, value, method string, withStaticKey, webIdentity bool) {
	account, name := "", ""
	if m := roleARN.FindStringSubmatch(value); m != nil {
		account, name = m[1], m[2][strings.LastIndexByte(m[2], '/')+1:]
	} else if !strings.ContainsAny(value, ":/$") {
		name = value // configure-aws-credentials also takes a bare role name
	}
	attrs := map[string]any{
		"value": value, "method": method, "account": account, "with_static_key": withStaticKey,
		"web_identity": webIdentity,
	}
	var roles []*graph.Node
	if name != "" && !hasExpr(name) {
		roles = b.rolesByName[name]
	}
	if len(roles) == 0 {
		b.edge(Assumes, id, b.unresolvedRole(value, name, step, key), step, key, attrs)
		return
	}
	attrs["candidates"] = len(roles)
	for _, r := range roles {
		b.edge(Assumes, id, r, step, key, attrs)
	}
}

// unresolvedRole is a role a job assumes that no scanned file defines:
// an expression (a secret or variable), or a name defined elsewhere.
func (b *builder) unresolvedRole(value, name string, step *graph.Node, key string) *graph.Node {
	return b.unresolved("aws", value, name, step, key)
}

// unresolved is a cloud identity (an AWS role, a GCP service account, an
// Azure client id) a job logs in as that no scanned file defines. Its
// key is the value, prefixed with the cloud but for AWS.
func (b *builder) unresolved(cloud, value, name string, step *graph.Node, key string) *graph.Node {
	k := value
	if cloud != "aws" {
		k = cloud + ":" + value
	}
	n, created := b.identity(UnresolvedRole, k, value, step, key)
	if created {
		n.Attrs["cloud"] = cloud
		n.Attrs["reason"] = unresolvedReason(value)
		n.Attrs["role_name"] = name
		n.Attrs["credential"] = "short-lived"
	}
	return n
}

// unresolvedReason tells why a value names no defined identity:
// "expression" when it is computed where the files cannot see (${{ }}, a
// $VAR or ${VAR} anywhere in it, a GitLab $[[ inputs.x ]]), else
// "not-defined".
func unresolvedReason(value string) string {
	if hasExpr(value) || varRef.MatchString(value) || strings.Contains(value, "$[[") {
		return "expression"
	}
	return "not-defined"
}

// oidcSubjects are the `sub` claims of the job's GitHub OIDC tokens
// without their repo:<owner>/<repo>: prefix (the files do not name the
// repository): environment:<name> when the job has an environment, else
// pull_request for pull request events, ref:refs/heads/<b> for pushed
// branches and ref:refs/tags/<t> for tags. exact is false when a trigger
// runs on a ref the files do not decide (workflow_dispatch, schedule, a
// push without branch filter, a glob) or the environment is an
// expression; the list then holds what is known.
func oidcSubjects(wf, job *graph.Node) ([]string, bool) {
	env := str(obj(job.Attrs, "environment"), "name")
	if env != "" {
		return []string{"environment:" + env}, !hasExpr(env)
	}
	var subs []string
	exact := true
	for event, f := range obj(wf.Attrs, "triggers") {
		filters, _ := f.(map[string]any)
		switch event {
		case "pull_request", "pull_request_target":
			subs = append(subs, "pull_request")
		case "push":
			refs, ok := pushRefs(filters)
			subs = append(subs, refs...)
			exact = exact && ok
		default:
			exact = false
		}
	}
	return sortedSet(subs), exact && len(subs) > 0
}

// pushRefs are the refs a push trigger runs on; ok is false when some are
// not known (no filter, globs, ignore filters).
func pushRefs(filters map[string]any) ([]string, bool) {
	branches := stringsOf(list(filters, "branches"))
	tags := stringsOf(list(filters, "tags"))
	ok := (len(branches) > 0 || len(tags) > 0) && filters["branches_ignore"] == nil && filters["tags_ignore"] == nil
	var refs []string
	for _, br := range branches {
		if strings.ContainsAny(br, "*?[!") {
			ok = false
			continue
		}
		refs = append(refs, "ref:refs/heads/"+br)
	}
	for _, t := range tags {
		if strings.ContainsAny(t, "*?[!") {
			ok = false
			continue
		}
		refs = append(refs, "ref:refs/tags/"+t)
	}
	return refs, ok
}

// pushBranches are the branch filters of the push trigger, as written.
func pushBranches(wf *graph.Node) []string {
	push := obj(obj(wf.Attrs, "triggers"), "push")
	return stringsOf(list(push, "branches"))
}

// jobSecrets are the secret names the job and its steps read.
func jobSecrets(job *graph.Node) []string {
	var names []string
	add := func(node map[string]any) {
		for _, e := range list(node, "exprs") {
			em, _ := e.(map[string]any)
			names = append(names, stringsOf(list(em, "secrets"))...)
		}
	}
	add(job.Attrs)
	for _, s := range list(job.Attrs, "steps") {
		sm, _ := s.(map[string]any)
		add(sm)
	}
	return sortedSet(names)
}

func sortedKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func boolMap(m map[string]bool) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// impersonate adds the assumes edge from a job to the GCP service
// account google-github-actions/auth impersonates (service_account, an
// email), or to an unresolved identity.
func (b *builder) impersonate(id, step *graph.Node, key, value, provider string, withStaticKey bool) {
	b.gcpLogin(id, step, key, value, map[string]any{
		"value": value, "method": "google-github-actions/auth", "account": "", "with_static_key": withStaticKey,
		"workload_identity_provider": provider, "web_identity": provider != "" && !withStaticKey,
	})
}

// gcpLogin adds the assumes edge from a job to the GCP service accounts a
// login names by email (written at key of via), or to an unresolved
// identity; attrs are the edge's, "account" and "candidates" filled here.
func (b *builder) gcpLogin(id, via *graph.Node, key, value string, attrs map[string]any) {
	var sas []*graph.Node
	// Like a role ARN, the account resolves by its id even when the
	// project part is an expression (deployer@${{ vars.PROJECT }}.iam…).
	if local, _, _ := strings.Cut(value, "@"); !hasExpr(local) && !strings.HasPrefix(value, "$") {
		if m := saEmail.FindStringSubmatch(value); m != nil {
			attrs["account"] = m[2]
		}
		sas = b.serviceAccountsByEmail(value)
	}
	if len(sas) == 0 {
		name := ""
		if m := saEmail.FindStringSubmatch(value); m != nil {
			name = m[1]
		}
		b.edge(Assumes, id, b.unresolved("gcp", value, name, via, key), via, key, attrs)
		return
	}
	attrs["candidates"] = len(sas)
	for _, sa := range sas {
		b.edge(Assumes, id, sa, via, key, attrs)
	}
}

// azureLogin adds the assumes edge from a job to the application or
// managed identity azure/login signs in as with a federated token
// (client-id).
func (b *builder) azureLogin(id, step *graph.Node, key, value string) {
	b.azureSignIn(id, step, key, value, map[string]any{
		"value": value, "method": "azure/login", "account": "", "with_static_key": false, "web_identity": true,
	})
}

// azureSignIn adds the assumes edge from a job to the Entra ID identity a
// sign-in names by client id (written at key of via): resolved when a
// scanned service principal writes that client id (to its application
// when the scan defines it), else an unresolved identity.
func (b *builder) azureSignIn(id, via *graph.Node, key, value string, attrs map[string]any) {
	var targets []*graph.Node
	if !hasExpr(value) && !strings.HasPrefix(value, "$") {
		for _, sp := range b.azureByClientID[strings.ToLower(value)] {
			if app, ok := b.idents[str(sp.Attrs, "application")]; ok {
				targets = append(targets, app)
			} else {
				targets = append(targets, sp)
			}
		}
	}
	if len(targets) == 0 {
		b.edge(Assumes, id, b.unresolved("azure", value, "", via, key), via, key, attrs)
		return
	}
	attrs["candidates"] = len(targets)
	for _, t := range targets {
		b.edge(Assumes, id, t, via, key, attrs)
	}
}
