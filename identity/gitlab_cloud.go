package identity

import (
	"regexp"
	"strings"

	"github.com/nhilint/nhilint/graph"
)

// gitlabCloud reads a GitLab job's Google Cloud and Azure logins, the way
// GitLab documents them (https://docs.gitlab.com/ci/cloud_services/):
//
//   - GCP: `gcloud iam workload-identity-pools create-cred-config PROVIDER
//     --service-account=SA --credential-source-file=…` then `gcloud auth
//     login --cred-file=…`; `--impersonate-service-account SA` on any gcloud
//     command; GOOGLE_IMPERSONATE_SERVICE_ACCOUNT and
//     CLOUDSDK_AUTH_IMPERSONATE_SERVICE_ACCOUNT; `gcloud auth
//     activate-service-account [SA] --key-file=…` (a stored key).
//   - Azure: `az login --service-principal -u CLIENT_ID -t TENANT
//     --federated-token $ID_TOKEN` (or `-p SECRET`: a stored secret);
//     ARM_CLIENT_ID with ARM_USE_OIDC / ARM_OIDC_TOKEN (the azurerm
//     Terraform provider), or with ARM_CLIENT_SECRET.
//
// Each login names the identity it signs in as; it gets an assumes edge at
// the script line or variable that names it.
type gitlabCloud struct {
	b               *builder
	id, pipeline    *graph.Node
	job             *graph.Node
	vars            map[string]any
	env             []map[string]any
	a               *jobAuth
	oidc, gcpStatic bool
}

// gitlabCloudLogins adds the GCP and Azure logins of a GitLab job (its
// identity id, its variables vars, its script lines in run order) to its
// auth a and to the edges.
func (b *builder) gitlabCloudLogins(id, pipeline, job *graph.Node, vars map[string]any, a *jobAuth, oidc bool, lines []map[string]any) {
	g := &gitlabCloud{b: b, id: id, pipeline: pipeline, job: job, vars: vars, env: []map[string]any{vars}, a: a, oidc: oidc}
	for _, name := range []string{"GOOGLE_CREDENTIALS", "GOOGLE_APPLICATION_CREDENTIALS_JSON"} {
		if _, ok := vars[name]; ok {
			g.gcpStatic = true
		}
	}
	for _, lm := range lines {
		t := str(lm, "text")
		if strings.Contains(t, "activate-service-account") && strings.Contains(t, "--key-file") {
			g.gcpStatic = true
		}
	}
	for _, lm := range lines {
		text := str(lm, "text")
		if strings.Contains(text, "gcloud") {
			for _, i := range commandStarts(text, gcloudCmd) {
				g.gcloud(lm, shellCommand(text, i))
			}
		}
		if strings.Contains(text, "az") {
			for _, i := range commandStarts(text, azCmd) {
				g.azLogin(lm, shellCommand(text, i))
			}
		}
	}
	g.gcpVariables()
	g.armVariables()
}

// web is whether a GCP login of the job uses its GitLab ID token: it has
// id_tokens and no stored service account key.
func (g *gitlabCloud) web() bool { return g.oidc && !g.gcpStatic }

// expand resolves a value written in a script against the job's
// variables, as its shell would.
func (g *gitlabCloud) expand(v string) string { return expandVariables(expandEnv(v, g.env), g.vars) }

// gcloud reads one gcloud command.
func (g *gitlabCloud) gcloud(line map[string]any, words []shellWord) {
	switch {
	case hasWord(words, "create-cred-config"):
		// The credential configuration a job's ID token is exchanged
		// through; with --service-account, it impersonates that account.
		g.a.clouds["gcp"] = true
		g.a.oidc = g.a.oidc || g.web()
		if sa, off, ok := flagValue(words, "--service-account"); ok && sa != "" {
			provider := ""
			if w, ok := positionalAfter(words, "create-cred-config"); ok {
				provider = g.expand(w.text)
			}
			g.gcpEdge(g.job, scriptLineKey(line, off), g.expand(sa), "cli", g.gcpStatic, g.web(), provider)
		}
	case hasWord(words, "activate-service-account"):
		// A stored key (jobAuth.scriptAuth marks the job); the account is
		// named when written before or after the flags.
		g.a.clouds["gcp"] = true
		if w, ok := positionalAfter(words, "activate-service-account"); ok && (strings.Contains(w.text, "@") || strings.HasPrefix(w.text, "$")) {
			g.gcpEdge(g.job, scriptLineKey(line, w.off), g.expand(w.text), "cli", true, false, "")
		}
	case hasWord(words, "auth") && hasWord(words, "login"):
		if _, _, ok := flagValue(words, "--cred-file"); ok {
			g.a.clouds["gcp"] = true
			g.a.oidc = g.a.oidc || g.web()
		}
	}
	if sa, off, ok := flagValue(words, "--impersonate-service-account"); ok && sa != "" {
		g.a.clouds["gcp"] = true
		g.a.oidc = g.a.oidc || g.web()
		g.gcpEdge(g.job, scriptLineKey(line, off), lastOfList(g.expand(sa)), "cli", g.gcpStatic, g.web(), "")
	}
}

// gcpImpersonation are the variables that make gcloud
// (CLOUDSDK_AUTH_IMPERSONATE_SERVICE_ACCOUNT) and the google Terraform
// provider (GOOGLE_IMPERSONATE_SERVICE_ACCOUNT) impersonate a service
// account with whatever credential the job has.
var gcpImpersonation = []string{"CLOUDSDK_AUTH_IMPERSONATE_SERVICE_ACCOUNT", "GOOGLE_IMPERSONATE_SERVICE_ACCOUNT"}

// gcpVariables reads the impersonation variables of a job that has a
// credential to impersonate with (an ID token or a stored key); a global
// variable every job inherits does not make a lint job a login.
func (g *gitlabCloud) gcpVariables() {
	if !g.oidc && !g.gcpStatic {
		return
	}
	for _, name := range gcpImpersonation {
		sa := str(g.vars, name)
		if sa == "" {
			continue
		}
		g.a.clouds["gcp"] = true
		g.a.oidc = g.a.oidc || g.web()
		g.gcpEdge(variableSite(g.pipeline, g.job, name), "variables."+name, lastOfList(sa), "env", g.gcpStatic, g.web(), "")
	}
}

func (g *gitlabCloud) gcpEdge(via *graph.Node, key, value, method string, static, web bool, provider string) {
	g.b.gcpLogin(g.id, via, key, value, map[string]any{
		"value": value, "method": method, "account": "", "with_static_key": static,
		"workload_identity_provider": provider, "web_identity": web,
	})
}

// azLogin reads `az login --service-principal`: with --federated-token
// it signs in with the job's ID token, else with a stored secret or
// certificate. --identity (a managed identity of the runner's VM) is not
// a login the files can resolve.
func (g *gitlabCloud) azLogin(line map[string]any, words []shellWord) {
	if len(words) < 2 || words[1].text != "login" || !hasWord(words, "--service-principal") {
		return
	}
	g.a.clouds["azure"] = true
	_, _, federated := flagValue(words, "--federated-token")
	if federated {
		g.a.oidc = true
	} else {
		g.a.static = true
	}
	client, off, ok := flagValue(words, "-u", "--username", "--client-id")
	if !ok || client == "" {
		return
	}
	g.b.azureSignIn(g.id, g.job, scriptLineKey(line, off), g.expand(client), map[string]any{
		"value": g.expand(client), "method": "cli", "account": "", "with_static_key": !federated, "web_identity": federated,
	})
}

// armVariables reads the azurerm Terraform provider's environment: a
// client id with ARM_CLIENT_SECRET is a stored secret; with ARM_USE_OIDC
// or an ARM_OIDC_TOKEN(_FILE_PATH), in a job with id_tokens, a federated
// sign-in (https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/guides/service_principal_oidc).
func (g *gitlabCloud) armVariables() {
	client := str(g.vars, "ARM_CLIENT_ID")
	if client == "" {
		return
	}
	_, secret := g.vars["ARM_CLIENT_SECRET"]
	federated := g.oidc && !secret && (strings.EqualFold(str(g.vars, "ARM_USE_OIDC"), "true") ||
		str(g.vars, "ARM_OIDC_TOKEN") != "" || str(g.vars, "ARM_OIDC_TOKEN_FILE_PATH") != "")
	if !secret && !federated {
		return
	}
	g.a.clouds["azure"] = true
	g.a.oidc = g.a.oidc || federated
	g.b.azureSignIn(g.id, variableSite(g.pipeline, g.job, "ARM_CLIENT_ID"), "variables.ARM_CLIENT_ID", client, map[string]any{
		"value": client, "method": "env", "account": "", "with_static_key": secret, "web_identity": federated,
	})
}

// lastOfList is the last of a comma-separated delegation chain
// (--impersonate-service-account=A,B impersonates B through A).
func lastOfList(v string) string {
	if i := strings.LastIndexByte(v, ','); i >= 0 {
		return strings.TrimSpace(v[i+1:])
	}
	return v
}

// Commands of a script: the word, where a command may start (the line's
// start, after a separator or a subshell), followed by a blank.
var (
	gcloudCmd = regexp.MustCompile("(?:^|[\\s;&|(`])(gcloud)(?:[ \\t]|\\\\\\n|$)")
	azCmd     = regexp.MustCompile("(?:^|[\\s;&|(`])(az)[ \\t]")
)

// commandStarts are the offsets of a command's name in a script, but in
// lines commented out.
func commandStarts(text string, re *regexp.Regexp) []int {
	var out []int
	for _, m := range re.FindAllStringSubmatchIndex(text, -1) {
		i := m[2]
		lineStart := strings.LastIndexByte(text[:i], '\n') + 1
		if strings.Contains(text[lineStart:i], "#") {
			continue
		}
		out = append(out, i)
	}
	return out
}

// shellWord is a word of a shell command, quotes removed, at the offset
// of its first character in the script.
type shellWord struct {
	text string
	off  int
}

// shellCommand splits the command starting at offset i of a script into
// words, up to its end: a newline that no backslash continues, ;, &, |,
// a backquote, or the ) of a subshell the command runs in. A CI/CD input
// ($[[ inputs.client_id ]], interpolated before the shell runs) is part
// of one word, spaces included.
func shellCommand(s string, i int) []shellWord {
	var words []shellWord
	var cur strings.Builder
	start, depth := -1, 0
	var quote byte
	flush := func() {
		if start >= 0 {
			words = append(words, shellWord{cur.String(), start})
			cur.Reset()
			start = -1
		}
	}
	for ; i < len(s); i++ {
		c := s[i]
		if quote != 0 {
			if c == quote {
				quote = 0
			} else {
				cur.WriteByte(c)
			}
			continue
		}
		if end := interpolationEnd(s, i); end > i {
			if start < 0 {
				start = i
			}
			cur.WriteString(s[i:end])
			i = end - 1
			continue
		}
		switch {
		case c == '\\' && i+1 < len(s):
			i++
			if s[i] == '\n' {
				flush()
				continue
			}
			if start < 0 {
				start = i - 1
			}
			cur.WriteByte(s[i])
			continue
		case c == '\'' || c == '"':
			if start < 0 {
				start = i
			}
			quote = c
			continue
		case c == '\n' || c == ';' || c == '&' || c == '|' || c == '`':
			flush()
			return words
		case c == ')' && depth == 0:
			flush()
			return words
		case c == ' ' || c == '\t' || c == '\r':
			flush()
			continue
		case c == '(':
			depth++
		case c == ')':
			depth--
		}
		if start < 0 {
			start = i
		}
		cur.WriteByte(c)
	}
	flush()
	return words
}

// interpolationEnd is the offset after a $[[ … ]] (GitLab inputs) or
// ${{ … }} (GitHub expressions) template starting at i, else i.
func interpolationEnd(s string, i int) int {
	for _, d := range [][2]string{{"$[[", "]]"}, {"${{", "}}"}} {
		if strings.HasPrefix(s[i:], d[0]) {
			if j := strings.Index(s[i+3:], d[1]); j >= 0 {
				return i + 3 + j + 2
			}
		}
	}
	return i
}

func hasWord(words []shellWord, w string) bool {
	for _, x := range words {
		if x.text == w {
			return true
		}
	}
	return false
}

// flagValue returns the value of the first of the flags written
// (--name=VALUE or --name VALUE) and the offset of the flag.
func flagValue(words []shellWord, names ...string) (string, int, bool) {
	for i, w := range words {
		for _, n := range names {
			if v, ok := strings.CutPrefix(w.text, n+"="); ok {
				return v, w.off, true
			}
			if w.text == n {
				if i+1 < len(words) && !strings.HasPrefix(words[i+1].text, "-") {
					return words[i+1].text, w.off, true
				}
				return "", w.off, true
			}
		}
	}
	return "", 0, false
}

// gcloudValueFlags are the flags of the commands read whose value may
// follow them as the next word (the others are booleans).
var gcloudValueFlags = map[string]bool{
	"--key-file": true, "--password-file": true, "--project": true, "--account": true,
	"--configuration": true, "--verbosity": true, "--format": true, "--billing-project": true,
	"--impersonate-service-account": true, "--service-account": true, "--output-file": true,
	"--credential-source-file": true, "--credential-source-type": true, "--credential-source-url": true,
	"--credential-source-field-name": true, "--subject-token-type": true, "--app-id-uri": true,
	"--service-account-token-lifetime-seconds": true, "--executable-command": true,
	"--executable-timeout-millis": true, "--executable-output-file": true, "--sts-location": true,
	"--credential-source-headers": true, "--universe-domain": true,
}

// positionalAfter is the first argument after the word cmd that is not
// a flag or a flag's value.
func positionalAfter(words []shellWord, cmd string) (shellWord, bool) {
	for i := 0; i < len(words); i++ {
		if words[i].text != cmd {
			continue
		}
		for j := i + 1; j < len(words); j++ {
			w := words[j].text
			switch {
			case strings.HasPrefix(w, "-"):
				if !strings.Contains(w, "=") && gcloudValueFlags[w] {
					j++
				}
			case w != "":
				return words[j], true
			}
		}
		return shellWord{}, false
	}
	return shellWord{}, false
}
