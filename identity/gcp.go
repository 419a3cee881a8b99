package identity

import (
	"regexp"
	"strings"

	"github.com/nhilint/nhilint/graph"
)

// GCP identity types.
const (
	GCPServiceAccount    = "gcp-service-account"
	GCPServiceAccountKey = "gcp-service-account-key"
	GCPRole              = "gcp-role"
)

// gcpGrantTypes are the resources that grant a role on a project, a
// folder or an organization, by the scope type they grant on.
var gcpGrantTypes = []struct{ typ, scope, scopeKey string }{
	{"google_project_iam_member", "project", "project"},
	{"google_project_iam_binding", "project", "project"},
	{"google_folder_iam_member", "folder", "folder"},
	{"google_folder_iam_binding", "folder", "folder"},
	{"google_organization_iam_member", "organization", "org_id"},
	{"google_organization_iam_binding", "organization", "org_id"},
}

// workloadIdentityUser is the role that lets federated identities
// impersonate a service account (Workload Identity Federation:
// https://cloud.google.com/iam/docs/workload-identity-federation-with-deployment-pipelines).
const workloadIdentityUser = "roles/iam.workloadIdentityUser"

// gcp derives the Google Cloud identities Terraform defines: service
// accounts, their keys, the workload identity pool providers they trust
// and the roles they are granted.
func (b *builder) gcp(resources map[string][]*graph.Node) {
	for _, r := range resources["google_service_account"] {
		b.serviceAccount(r)
	}
	for _, r := range resources["google_iam_workload_identity_pool_provider"] {
		b.poolProvider(r)
	}
	for _, r := range resources["google_service_account_key"] {
		b.serviceAccountKey(r)
	}
	for _, typ := range []string{"google_service_account_iam_member", "google_service_account_iam_binding"} {
		for _, r := range resources[typ] {
			b.serviceAccountIAM(r)
		}
	}
	for _, g := range gcpGrantTypes {
		for _, r := range resources[g.typ] {
			b.gcpGrant(r, g.scope, g.scopeKey)
		}
	}
	for _, r := range resources["google_service_account"] {
		sa := b.idents[identityID(GCPServiceAccount, r.ID)]
		switch {
		case len(b.edgesFrom(sa.ID, HasKey)) > 0:
			sa.Attrs["auth"], sa.Attrs["credential"] = "static-key", "long-lived"
		case len(b.edgesFrom(sa.ID, Trusts)) > 0:
			sa.Attrs["auth"] = "oidc"
		}
	}
}

// serviceAccount is a google_service_account; its email is
// ACCOUNT_ID@PROJECT.iam.gserviceaccount.com when both are known.
func (b *builder) serviceAccount(r *graph.Node) {
	v := values(r)
	account := str(v, "account_id")
	n, _ := b.identity(GCPServiceAccount, r.ID, displayName(account, r), r, "")
	definedBy(n, r, "")
	project := str(v, "project")
	if project == "" {
		project = b.providerProject(r)
	}
	email := ""
	if account != "" && project != "" {
		email = account + "@" + project + ".iam.gserviceaccount.com"
	}
	n.Attrs["account_id"] = account
	n.Attrs["project"] = project
	n.Attrs["email"] = email
	n.Attrs["address"] = address(r)
	n.Attrs["credential"] = "short-lived"
	if account != "" {
		b.saByAccount[account] = append(b.saByAccount[account], n)
	}
}

// providerProject is the project of the module's default google provider.
func (b *builder) providerProject(r *graph.Node) string {
	mod := b.nodes[str(r.Attrs, "module")]
	if mod == nil {
		return ""
	}
	for _, p := range list(mod.Attrs, "providers") {
		pm, _ := p.(map[string]any)
		if str(pm, "name") == "google" && str(pm, "alias") == "" {
			return str(obj(pm, "values"), "project")
		}
	}
	return ""
}

// saEmail splits a service account email into its account id and project
// (the project is "" for other domains: developer.gserviceaccount.com).
var saEmail = regexp.MustCompile(`^([a-z][a-z0-9-]*)@(?:([a-z][a-z0-9-]*)\.iam\.gserviceaccount\.com|.+)$`)

// serviceAccountsByEmail returns the service accounts an email (or a
// projects/P/serviceAccounts/EMAIL name) names: by account id, in the
// same project when both projects are known.
func (b *builder) serviceAccountsByEmail(s string) []*graph.Node {
	if i := strings.LastIndex(s, "/serviceAccounts/"); i >= 0 {
		s = s[i+len("/serviceAccounts/"):]
	}
	m := saEmail.FindStringSubmatch(s)
	if m == nil {
		return nil
	}
	var out []*graph.Node
	for _, n := range b.saByAccount[m[1]] {
		if p := str(n.Attrs, "project"); p == "" || m[2] == "" || p == m[2] {
			out = append(out, n)
		}
	}
	return out
}

// serviceAccountsOf resolves a value naming a service account: a
// reference to a google_service_account of the module (.name, .email,
// .id, .member, also inside a template), or an email or resource name.
func (b *builder) serviceAccountsOf(r *graph.Node, v any) []*graph.Node {
	if expr, unknown := unknownExpr(v); unknown {
		return b.refIdentities(r, expr, "google_service_account", GCPServiceAccount)
	}
	s, _ := v.(string)
	return b.serviceAccountsByEmail(strings.TrimPrefix(s, "serviceAccount:"))
}

// tfRef matches the references of an expression or template:
// google_service_account.deployer.email, data.x.y, module.m.out.
var tfRef = regexp.MustCompile(`\b((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*(?:\[[^\]]*\])?)`)

// refIdentities resolves every reference an expression makes to a
// resource of type resType of r's module to its identity of type typ.
func (b *builder) refIdentities(r *graph.Node, expr, resType, typ string) []*graph.Node {
	var out []*graph.Node
	seen := map[string]bool{}
	for _, res := range b.refResourcesIn(r, expr) {
		if str(res.Attrs, "type") != resType {
			continue
		}
		if n, ok := b.idents[identityID(typ, res.ID)]; ok && !seen[n.ID] {
			seen[n.ID] = true
			out = append(out, n)
		}
	}
	return out
}

// refResourcesIn lists the resources of r's module that an expression
// or template refers to, in order.
func (b *builder) refResourcesIn(r *graph.Node, expr string) []*graph.Node {
	var out []*graph.Node
	for _, m := range tfRef.FindAllString(expr, -1) {
		out = append(out, b.refResources(r, m+".x")...)
	}
	return out
}

// poolProvider is a google_iam_workload_identity_pool_provider: an OIDC
// issuer a workload identity pool accepts tokens of, with the attribute
// mapping and condition that decide which tokens.
func (b *builder) poolProvider(r *graph.Node) {
	v := values(r)
	issuer := ""
	var oidcBlock map[string]any
	if l := list(v, "oidc"); len(l) > 0 {
		oidcBlock, _ = l[0].(map[string]any)
		issuer = str(oidcBlock, "issuer_uri")
	}
	host := providerHost(issuer)
	pool := b.poolKeyOf(r, v["workload_identity_pool_id"])
	provID := str(v, "workload_identity_pool_provider_id")
	name := address(r)
	if pool != "" && !strings.HasPrefix(pool, "res:") && provID != "" {
		name = pool + "/" + provID
	}
	n, _ := b.identity(OIDCProvider, r.ID, name, r, "")
	definedBy(n, r, "")
	n.Attrs["provider"] = providerName(host)
	if host == "" {
		n.Attrs["provider"] = "other"
	}
	n.Attrs["host"] = host
	n.Attrs["issuer"] = issuer
	n.Attrs["cloud"] = "gcp"
	n.Attrs["pool"] = strings.TrimPrefix(pool, "res:")
	n.Attrs["provider_id"] = provID
	n.Attrs["attribute_condition"] = textOf(v["attribute_condition"])
	mapping := map[string]any{}
	for k, mv := range obj(v, "attribute_mapping") {
		mapping[k] = textOf(mv)
	}
	n.Attrs["attribute_mapping"] = mapping
	n.Attrs["auth"], n.Attrs["credential"] = "none", "none"
	if pool != "" {
		b.poolProviders[pool] = append(b.poolProviders[pool], n)
	}
}

// textOf is a string value as written, or an unknown's expression.
func textOf(v any) string {
	if e, unknown := unknownExpr(v); unknown {
		return e
	}
	s, _ := v.(string)
	return s
}

// poolKeyOf names the workload identity pool a value designates: its
// workload_identity_pool_id when written, else "res:<resource id>" of the
// google_iam_workload_identity_pool it references; "" when unknown.
func (b *builder) poolKeyOf(r *graph.Node, v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	expr, unknown := unknownExpr(v)
	if !unknown {
		return ""
	}
	for _, res := range b.refResourcesIn(r, expr) {
		if str(res.Attrs, "type") == "google_iam_workload_identity_pool" {
			return poolKey(res)
		}
	}
	return ""
}

func poolKey(pool *graph.Node) string {
	if id := str(values(pool), "workload_identity_pool_id"); id != "" {
		return id
	}
	return "res:" + pool.ID
}

// serviceAccountKey is a google_service_account_key: a long-lived key of
// a service account.
func (b *builder) serviceAccountKey(r *graph.Node) {
	n, _ := b.identity(GCPServiceAccountKey, r.ID, address(r), r, "")
	definedBy(n, r, "")
	n.Attrs["address"] = address(r)
	n.Attrs["auth"], n.Attrs["credential"] = "static-key", "long-lived"
	for _, sa := range b.serviceAccountsOf(r, values(r)["service_account_id"]) {
		b.edge(HasKey, sa, n, r, "", nil)
		n.Attrs["service_account"] = sa.ID
	}
}

// members lists the member values of an IAM member or binding resource
// with their keys.
func members(r *graph.Node) (keys []string, vals []any) {
	v := values(r)
	if m, ok := v["member"]; ok {
		return []string{"member"}, []any{m}
	}
	for i, m := range list(v, "members") {
		keys = append(keys, indexKey("members", i))
		vals = append(vals, m)
	}
	return keys, vals
}

// serviceAccountIAM reads google_service_account_iam_member/_binding:
// roles/iam.workloadIdentityUser to a workload identity principal is a
// trust of the service account in that pool's providers.
func (b *builder) serviceAccountIAM(r *graph.Node) {
	v := values(r)
	if str(v, "role") != workloadIdentityUser {
		return
	}
	sas := b.serviceAccountsOf(r, v["service_account_id"])
	keys, vals := members(r)
	for i, m := range vals {
		text := textOf(m)
		if !strings.Contains(text, "principal") {
			continue // a user or another service account: not federation
		}
		key := keyOr(r, keys[i])
		attrs := b.principalAttrs(text)
		for _, sa := range sas {
			for _, prov := range b.poolTargets(r, m, key) {
				a := map[string]any{"host": str(prov.Attrs, "host"), "provider": str(prov.Attrs, "provider")}
				for k, x := range attrs {
					a[k] = x
				}
				b.edge(Trusts, sa, prov, r, key, a)
			}
		}
	}
}

// keyOr returns key when r locates it, else "" (the resource itself).
func keyOr(r *graph.Node, key string) string {
	if _, ok := r.KeyPos[key]; ok {
		return key
	}
	return ""
}

// wifMember splits the principal identifiers of Workload Identity
// Federation: .../workloadIdentityPools/POOL/subject/SUB,
// .../attribute.NAME/VALUE, .../* (every identity of the pool).
var (
	wifPool      = regexp.MustCompile(`workloadIdentityPools/([^/$]+)/`)
	wifSubject   = regexp.MustCompile(`/subject/(.+)$`)
	wifAttribute = regexp.MustCompile(`/attribute\.([A-Za-z0-9_]+)/(.+)$`)
)

// principalAttrs describes a workload identity principal on a trust edge:
// which tokens of the pool it admits (principal: subject, attribute or
// pool), the attribute and value, and as subjects the google.subject
// values a principal:// member admits.
func (b *builder) principalAttrs(member string) map[string]any {
	m := strings.Trim(member, `"`)
	a := map[string]any{
		"cloud": "gcp", "member": m, "principal": "unknown", "attribute": "", "value": "",
		"conditions": []any{}, "subjects": []any{}, "audiences": []any{}, "subjects_known": false,
	}
	switch {
	case wifSubject.MatchString(m):
		sub := wifSubject.FindStringSubmatch(m)[1]
		a["principal"], a["attribute"], a["value"] = "subject", "google.subject", sub
		if !strings.Contains(sub, "${") {
			a["subjects"], a["subjects_known"] = []any{sub}, true
		}
	case wifAttribute.MatchString(m):
		at := wifAttribute.FindStringSubmatch(m)
		a["principal"], a["attribute"], a["value"] = "attribute", "attribute."+at[1], at[2]
	case strings.HasSuffix(m, "/*"):
		a["principal"] = "pool"
	}
	return a
}

// poolTargets are the pool providers a principal member designates; a
// placeholder provider when the scanned files define none for the pool.
func (b *builder) poolTargets(r *graph.Node, member any, key string) []*graph.Node {
	pool := ""
	if s, ok := member.(string); ok {
		if m := wifPool.FindStringSubmatch(s); m != nil {
			pool = m[1]
		}
	} else if expr, unknown := unknownExpr(member); unknown {
		if m := wifPool.FindStringSubmatch(expr); m != nil && !strings.Contains(m[1], "${") {
			pool = m[1]
		} else {
			pool = b.poolKeyOf(r, member)
		}
	}
	if provs := b.poolProviders[pool]; len(provs) > 0 {
		return provs
	}
	label := strings.TrimPrefix(pool, "res:")
	if label == "" {
		label = textOf(member)
	}
	n, created := b.identity(OIDCProvider, "gcp-pool:"+label, "GCP pool "+label, r, key)
	if created {
		n.Attrs["provider"], n.Attrs["host"], n.Attrs["issuer"] = "other", "", ""
		n.Attrs["cloud"], n.Attrs["pool"] = "gcp", strings.TrimPrefix(pool, "res:")
		n.Attrs["auth"], n.Attrs["credential"] = "none", "none"
	}
	return []*graph.Node{n}
}

// gcpGrant reads a project, folder or organization IAM member/binding:
// each service account member is granted the role on that scope.
func (b *builder) gcpGrant(r *graph.Node, scopeType, scopeKey string) {
	v := values(r)
	role := str(v, "role")
	if role == "" {
		return
	}
	keys, vals := members(r)
	for i, m := range vals {
		for _, sa := range b.serviceAccountsOf(r, m) {
			info := gcpRoleInfo(role)
			roleKey := keyOr(r, "role")
			rn := b.cloudRole(GCPRole, role, info, r, roleKey)
			b.edge(Grants, sa, rn, r, roleKey, map[string]any{
				"cloud": "gcp", "role": role, "scope_type": scopeType, "scope": textOf(v[scopeKey]),
				"member_key": keys[i], "level": info.level, "admin": info.level == "all",
				"policy": "", "managed": "",
			})
		}
	}
}

// roleInfo is what nhilint knows of a GCP or Azure role: its level in
// the vocabulary of data.nhilint.lib.iam, a phrase for messages, and
// whether it is in nhilint's table.
type roleInfo struct {
	level, meaning string
	known          bool
}

// cloudRole returns the identity of a GCP or Azure role, located where
// it is first granted.
func (b *builder) cloudRole(typ, role string, info roleInfo, r *graph.Node, key string) *graph.Node {
	n, created := b.identity(typ, role, role, r, key)
	if created {
		n.Attrs["role"] = role
		n.Attrs["known"] = info.known
		n.Attrs["level"] = info.level
		n.Attrs["meaning"] = info.meaning
		n.Attrs["auth"], n.Attrs["credential"] = "none", "none"
	}
	return n
}

// knownGCPRoles are the predefined roles whose effect matters most for a
// pipeline identity, in the levels of data.nhilint.lib.iam. Sources: the
// IAM basic and predefined roles reference
// (https://cloud.google.com/iam/docs/understanding-roles).
var knownGCPRoles = map[string]roleInfo{
	"roles/owner":                                {"all", "every permission on every resource, IAM included", true},
	"roles/editor":                               {"all", "modify every resource", true},
	"roles/viewer":                               {"read", "read every resource", true},
	"roles/browser":                              {"read", "browse the resource hierarchy", true},
	"roles/iam.securityAdmin":                    {"privesc", "set every IAM policy: it can grant itself anything", true},
	"roles/resourcemanager.projectIamAdmin":      {"privesc", "set the project's IAM policy: it can grant itself anything", true},
	"roles/resourcemanager.folderAdmin":          {"privesc", "administer folders and their IAM policies", true},
	"roles/resourcemanager.organizationAdmin":    {"privesc", "administer the organization's IAM policy", true},
	"roles/iam.serviceAccountAdmin":              {"privesc", "administer service accounts and who may use them", true},
	"roles/iam.serviceAccountKeyAdmin":           {"privesc", "create keys for every service account", true},
	"roles/iam.serviceAccountTokenCreator":       {"privesc", "impersonate every service account", true},
	"roles/iam.serviceAccountUser":               {"privesc", "act as every service account", true},
	"roles/iam.workloadIdentityUser":             {"privesc", "impersonate service accounts with federated tokens", true},
	"roles/iam.roleAdmin":                        {"privesc", "create and change custom roles", true},
	"roles/cloudfunctions.developer":             {"write", "deploy Cloud Functions", true},
	"roles/run.developer":                        {"write", "deploy Cloud Run services", true},
	"roles/storage.objectAdmin":                  {"write", "read and write every Cloud Storage object", true},
	"roles/storage.objectViewer":                 {"read", "read every Cloud Storage object", true},
	"roles/artifactregistry.writer":              {"write", "push to Artifact Registry", true},
	"roles/secretmanager.secretAccessor":         {"read", "read every Secret Manager secret", true},
	"roles/container.developer":                  {"write", "full access to Kubernetes API objects of GKE clusters", true},
	"roles/cloudbuild.builds.editor":             {"privesc", "run builds as the Cloud Build service account", true},
	"roles/compute.instanceAdmin.v1":             {"write", "administer Compute Engine instances", true},
	"roles/deploymentmanager.editor":             {"privesc", "create any resource through Deployment Manager", true},
	"roles/cloudsql.client":                      {"read", "connect to Cloud SQL instances", true},
	"roles/logging.logWriter":                    {"write", "write log entries", true},
	"roles/monitoring.metricWriter":              {"write", "write metrics", true},
	"roles/artifactregistry.reader":              {"read", "pull from Artifact Registry", true},
	"roles/iam.workloadIdentityPoolAdmin":        {"privesc", "administer workload identity pools: it can admit any token", true},
	"roles/resourcemanager.projectCreator":       {"write", "create projects", true},
	"roles/serviceusage.serviceUsageAdmin":       {"write", "enable and disable APIs", true},
	"roles/cloudkms.cryptoKeyEncrypterDecrypter": {"write", "encrypt and decrypt with every key", true},
}

// gcpRoleInfo is what nhilint knows of a role: the table, else a
// predefined roles/<service>.admin is every permission of that service.
func gcpRoleInfo(role string) roleInfo {
	if info, ok := knownGCPRoles[role]; ok {
		return info
	}
	if svc, ok := strings.CutPrefix(role, "roles/"); ok && strings.HasSuffix(svc, ".admin") {
		return roleInfo{"service", "every permission of " + strings.TrimSuffix(svc, ".admin") + " (an admin role)", false}
	}
	return roleInfo{"unknown", "not in nhilint's table of roles", false}
}
