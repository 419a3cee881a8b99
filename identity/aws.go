package identity

import (
	"strconv"
	"strings"

	"github.com/nhilint/nhilint/graph"
)

// terraform derives the AWS identities Terraform defines, in an order
// that lets later steps resolve earlier ones: OIDC providers, roles and
// users, then access keys, attachments and trusts.
func (b *builder) terraform() {
	resources := b.resourcesByType()
	for _, r := range resources["aws_iam_openid_connect_provider"] {
		b.oidcProviderResource(r)
	}
	for _, r := range resources["aws_iam_role"] {
		b.role(r)
	}
	for _, r := range resources["aws_iam_user"] {
		b.user(r)
	}
	for _, r := range resources["aws_iam_access_key"] {
		b.accessKey(r)
	}
	for _, typ := range []string{"aws_iam_role_policy_attachment", "aws_iam_user_policy_attachment", "aws_iam_policy_attachment"} {
		for _, r := range resources[typ] {
			b.attachment(r)
		}
	}
	for _, typ := range []string{"aws_iam_role_policy", "aws_iam_user_policy"} {
		for _, r := range resources[typ] {
			b.inlinePolicy(r)
		}
	}
	for _, r := range resources["aws_iam_role"] {
		b.trusts(r)
	}
	b.gcp(resources)
	b.azure(resources)
}

// resourcesByType lists the managed resources (and the data sources the
// resolution reads) by type, in document order.
func (b *builder) resourcesByType() map[string][]*graph.Node {
	out := map[string][]*graph.Node{}
	for _, d := range b.docs {
		if d == nil {
			continue
		}
		for _, n := range d.Nodes {
			if n.Kind == "tf.resource" && str(n.Attrs, "mode") != "data" {
				t := str(n.Attrs, "type")
				out[t] = append(out[t], n)
			}
		}
	}
	return out
}

func values(r *graph.Node) map[string]any { return obj(r.Attrs, "values") }

// address is the resource's address, for names and messages.
func address(r *graph.Node) string { return str(r.Attrs, "address") }

// oidcProviderResource is an aws_iam_openid_connect_provider.
func (b *builder) oidcProviderResource(r *graph.Node) {
	host := providerHost(str(values(r), "url"))
	if host == "" {
		return
	}
	n, _ := b.identity(OIDCProvider, host, host, r, "")
	if n.Attrs["defined_by"] == "" {
		definedBy(n, r, "")
	}
	n.Attrs["provider"] = providerName(host)
	n.Attrs["auth"], n.Attrs["credential"] = "none", "none"
}

// providerHost is the issuer host of a provider URL or ARN.
func providerHost(s string) string {
	if _, after, ok := strings.Cut(s, ":oidc-provider/"); ok {
		s = after
	}
	s = strings.TrimPrefix(strings.TrimPrefix(s, "https://"), "http://")
	return strings.TrimSuffix(s, "/")
}

// providerName classifies an issuer host as the CI platform it serves.
func providerName(host string) string {
	switch {
	case strings.HasPrefix(host, "token.actions.githubusercontent.com"):
		return "github"
	case strings.Contains(host, "gitlab"):
		return "gitlab"
	}
	return "other"
}

// role is an aws_iam_role: the identity, its inline and managed policies.
func (b *builder) role(r *graph.Node) {
	v := values(r)
	name := str(v, "name")
	n, _ := b.identity(AWSRole, r.ID, displayName(name, r), r, "")
	definedBy(n, r, "")
	n.Attrs["role_name"] = name
	n.Attrs["address"] = address(r)
	n.Attrs["credential"] = "short-lived"
	n.Attrs["trust_policy"] = str(obj(r.Attrs, "policies"), "assume_role_policy")
	if name != "" {
		b.rolesByName[name] = append(b.rolesByName[name], n)
	}
	policies := obj(r.Attrs, "policies")
	for _, key := range sortedKeys(policies) {
		if key != "assume_role_policy" {
			b.grantPolicy(n, r, key, str(policies, key))
		}
	}
	for i, arn := range list(v, "managed_policy_arns") {
		b.grantARN(n, r, indexKey("managed_policy_arns", i), arn)
	}
}

// displayName is an identity's name: the one AWS knows, else the address.
func displayName(name string, r *graph.Node) string {
	if name != "" {
		return name
	}
	return address(r)
}

func indexKey(key string, i int) string {
	return key + "[" + strconv.Itoa(i) + "]"
}

// user is an aws_iam_user.
func (b *builder) user(r *graph.Node) {
	name := str(values(r), "name")
	n, _ := b.identity(AWSUser, r.ID, displayName(name, r), r, "")
	definedBy(n, r, "")
	n.Attrs["user_name"] = name
	if name != "" {
		b.usersByName[name] = append(b.usersByName[name], n)
	}
	n.Attrs["address"] = address(r)
	n.Attrs["auth"], n.Attrs["credential"] = "none", "none"
}

// accessKey is an aws_iam_access_key: a long-lived key of a user.
func (b *builder) accessKey(r *graph.Node) {
	n, _ := b.identity(AWSAccessKey, r.ID, address(r), r, "")
	definedBy(n, r, "")
	n.Attrs["address"] = address(r)
	n.Attrs["auth"], n.Attrs["credential"] = "static-key", "long-lived"
	if s := str(values(r), "status"); s != "" {
		n.Attrs["status"] = s
	}
	for _, u := range b.principals(r, "user", "aws_iam_user", AWSUser) {
		b.edge(HasKey, u, n, r, "", nil)
		n.Attrs["user"] = u.ID
		u.Attrs["auth"], u.Attrs["credential"] = "static-key", "long-lived"
	}
}

// attachment attaches a managed or customer policy (policy_arn) to the
// roles and users it names.
func (b *builder) attachment(r *graph.Node) {
	v := values(r)
	var to []*graph.Node
	to = append(to, b.principals(r, "role", "aws_iam_role", AWSRole)...)
	to = append(to, b.principals(r, "user", "aws_iam_user", AWSUser)...)
	to = append(to, b.principals(r, "roles", "aws_iam_role", AWSRole)...)
	to = append(to, b.principals(r, "users", "aws_iam_user", AWSUser)...)
	for _, p := range to {
		b.grantARN(p, r, "policy_arn", v["policy_arn"])
	}
}

// inlinePolicy is an aws_iam_role_policy or aws_iam_user_policy.
func (b *builder) inlinePolicy(r *graph.Node) {
	pid := str(obj(r.Attrs, "policies"), "policy")
	for _, p := range append(b.principals(r, "role", "aws_iam_role", AWSRole), b.principals(r, "user", "aws_iam_user", AWSUser)...) {
		b.grantPolicy(p, r, "policy", pid)
	}
}

// principals resolves the role or user an attribute of r names: a
// reference to a resource of its module (aws_iam_role.deploy.name,
// unknown .id/.arn alike), or a literal name (roles by role name).
func (b *builder) principals(r *graph.Node, key, resType, typ string) []*graph.Node {
	raw, ok := values(r)[key]
	if !ok {
		return nil
	}
	elems := []any{raw}
	if l, isList := raw.([]any); isList {
		elems = l
	}
	var out []*graph.Node
	for _, e := range elems {
		out = append(out, b.principal(r, e, resType, typ)...)
	}
	return out
}

func (b *builder) principal(r *graph.Node, v any, resType, typ string) []*graph.Node {
	if expr, unknown := unknownExpr(v); unknown {
		return b.referenced(r, expr, resType, typ)
	}
	name, _ := v.(string)
	if name == "" {
		return nil
	}
	if typ == AWSRole {
		return b.rolesNamed(name, str(r.Attrs, "module"))
	}
	return b.usersByName[name]
}

// rolesNamed returns the roles with an IAM name, those of module first:
// when the module defines it, the reference is to that one.
func (b *builder) rolesNamed(name, module string) []*graph.Node {
	all := b.rolesByName[name]
	var local []*graph.Node
	for _, n := range all {
		if def, ok := b.nodes[str(n.Attrs, "defined_by")]; ok && str(def.Attrs, "module") == module {
			local = append(local, n)
		}
	}
	if len(local) > 0 {
		return local
	}
	return all
}

func asMap(ns []*graph.Node) map[string]*graph.Node {
	m := map[string]*graph.Node{}
	for _, n := range ns {
		m[n.ID] = n
	}
	return m
}

// referenced resolves an expression such as aws_iam_role.deploy.arn or
// aws_iam_role.deploy[0].id to the identities of that resource.
func (b *builder) referenced(r *graph.Node, expr, resType, typ string) []*graph.Node {
	var out []*graph.Node
	for _, res := range b.refResources(r, expr) {
		if str(res.Attrs, "type") != resType {
			continue
		}
		if n, ok := b.idents[identityID(typ, res.ID)]; ok {
			out = append(out, n)
		}
	}
	return out
}

// refResources returns the resources of r's module an expression
// refers to by its first <type>.<name> (or data.<type>.<name>).
func (b *builder) refResources(r *graph.Node, expr string) []*graph.Node {
	parts := strings.Split(expr, ".")
	switch {
	case len(parts) >= 3 && parts[0] == "data":
		return b.dataResources(r, parts[1], stripIndex(parts[2]))
	case len(parts) >= 2:
		return b.managedResources(r, parts[0]+"."+stripIndex(parts[1]))
	}
	return nil
}

// managedResources finds a managed resource of r's module by <type>.<name>.
func (b *builder) managedResources(r *graph.Node, local string) []*graph.Node {
	var out []*graph.Node
	for _, n := range b.tf[tfKey(str(r.Attrs, "module"), local)] {
		if str(n.Attrs, "mode") != "data" {
			out = append(out, n)
		}
	}
	return out
}

// dataResources finds a data source of r's module (their type.name key
// is indexed without the data. prefix, like managed resources).
func (b *builder) dataResources(r *graph.Node, typ, name string) []*graph.Node {
	var out []*graph.Node
	for _, n := range b.tf[tfKey(str(r.Attrs, "module"), typ+"."+name)] {
		if str(n.Attrs, "mode") == "data" {
			out = append(out, n)
		}
	}
	return out
}

// stripIndex drops a count/for_each index: deploy[0] → deploy.
func stripIndex(s string) string {
	if i := strings.IndexByte(s, '['); i >= 0 {
		return s[:i]
	}
	return s
}

// grantPolicy records that the iam.policy pid grants p its permissions,
// as written at key of the resource r.
func (b *builder) grantPolicy(p, r *graph.Node, key, pid string) {
	if pid == "" {
		return
	}
	pol, ok := b.nodes[pid]
	if !ok {
		return
	}
	b.edge(Grants, p, pol, r, key, map[string]any{"policy": pid, "managed": ""})
}

// grantARN records the policy a policy ARN names: an AWS managed policy
// (by name), or a customer policy resolved to its aws_iam_policy.
func (b *builder) grantARN(p, r *graph.Node, key string, arn any) {
	if expr, unknown := unknownExpr(arn); unknown {
		for _, res := range b.refResources(r, expr) {
			b.grantResourcePolicy(p, r, key, res)
		}
		return
	}
	s, _ := arn.(string)
	if name, ok := managedPolicyName(s); ok {
		m := b.managedPolicy(name, s, r, key)
		b.edge(Grants, p, m, r, key, map[string]any{"policy": "", "managed": name})
		return
	}
	if _, name, ok := strings.Cut(s, ":policy/"); ok {
		name = name[strings.LastIndexByte(name, '/')+1:]
		for _, res := range b.tfNamed("aws_iam_policy", name) {
			b.grantPolicy(p, r, key, str(obj(res.Attrs, "policies"), "policy"))
		}
	}
}

// grantResourcePolicy follows policy_arn = aws_iam_policy.x.arn (the
// policy's document) or data.aws_iam_policy.x.arn (a managed policy
// looked up by name or ARN).
func (b *builder) grantResourcePolicy(p, r *graph.Node, key string, res *graph.Node) {
	switch str(res.Attrs, "type") {
	case "aws_iam_policy":
		if str(res.Attrs, "mode") == "data" {
			b.grantDataPolicy(p, r, key, res)
			return
		}
		b.grantPolicy(p, r, key, str(obj(res.Attrs, "policies"), "policy"))
	}
}

func (b *builder) grantDataPolicy(p, r *graph.Node, key string, res *graph.Node) {
	v := values(res)
	arn := str(v, "arn")
	if arn == "" && str(v, "name") != "" {
		arn = "arn:aws:iam::aws:policy/" + str(v, "name")
	}
	if name, ok := managedPolicyName(arn); ok {
		m := b.managedPolicy(name, arn, r, key)
		b.edge(Grants, p, m, r, key, map[string]any{"policy": "", "managed": name})
	}
}

// tfNamed lists the managed resources of a type whose name attribute is name.
func (b *builder) tfNamed(typ, name string) []*graph.Node {
	return b.tfByName[typ+"|"+name]
}

// trusts adds the role's trust edges: one per OIDC provider an Allow
// statement of its assume_role_policy federates, with the claim
// conditions; AWS and service principals are listed on the role.
func (b *builder) trusts(r *graph.Node) {
	role := b.idents[identityID(AWSRole, r.ID)]
	pol, ok := b.nodes[str(role.Attrs, "trust_policy")]
	if !ok {
		return
	}
	trusted := map[string][]string{}
	for _, s := range list(pol.Attrs, "statements") {
		sa, _ := s.(map[string]any)
		st, ok := b.nodes[str(sa, "id")]
		if !ok || str(sa, "effect") != "Allow" {
			continue
		}
		for typ, ps := range obj(sa, "principals") {
			if typ != "Federated" {
				trusted[typ] = append(trusted[typ], stringsOf(anys(ps))...)
				continue
			}
			for i, p := range anys(ps) {
				b.federated(role, r, st, sa, i, p)
			}
		}
	}
	if len(b.edgesFrom(role.ID, Trusts)) > 0 {
		role.Attrs["auth"] = "oidc"
	} else if len(trusted) > 0 {
		role.Attrs["auth"] = "assume-role"
	}
	tp := map[string]any{}
	for typ, ps := range trusted {
		tp[typ] = anyList(sortedSet(ps))
	}
	role.Attrs["trusted_principals"] = tp
}

// federated adds the trust edge of one Federated principal.
func (b *builder) federated(role, r, st *graph.Node, sa map[string]any, i int, p any) {
	key := indexKey("Principal.Federated", i)
	host := ""
	if s, ok := p.(string); ok {
		host = providerHost(s)
		if !strings.Contains(s, ":oidc-provider/") {
			host = "" // a SAML provider or an account: not OIDC
		}
	} else if expr, unknown := unknownExpr(p); unknown {
		host = b.providerRef(st, expr)
	}
	if host == "" {
		host = conditionHost(sa)
	}
	if host == "" {
		return
	}
	prov, created := b.identity(OIDCProvider, host, host, st, key)
	if created {
		prov.Attrs["provider"] = providerName(host)
		prov.Attrs["auth"], prov.Attrs["credential"] = "none", "none"
	}
	b.edge(Trusts, role, prov, st, key, trustAttrs(sa, host))
}

// providerRef resolves aws_iam_openid_connect_provider.x.arn to its host,
// in the module of the resource that owns the trust policy.
func (b *builder) providerRef(st *graph.Node, expr string) string {
	pol := b.nodes[str(st.Attrs, "policy")]
	if pol == nil {
		return ""
	}
	owner := b.nodes[str(pol.Attrs, "owner")]
	if owner == nil {
		return ""
	}
	for _, res := range b.refResources(owner, expr) {
		if str(res.Attrs, "type") == "aws_iam_openid_connect_provider" {
			return providerHost(str(values(res), "url"))
		}
	}
	return ""
}

// conditionHost is the issuer a statement's claim conditions name
// (token.actions.githubusercontent.com:sub), when the principal is unknown.
func conditionHost(sa map[string]any) string {
	for _, c := range list(sa, "conditions") {
		cm, _ := c.(map[string]any)
		k := str(cm, "key_lower")
		if host, claim, ok := strings.Cut(k, ":"); ok && (claim == "sub" || claim == "aud") && strings.Contains(host, ".") {
			return host
		}
	}
	return ""
}

// trustAttrs describes a trust edge: the statement, the issuer and the
// claim conditions on it, with the sub values positive operators admit.
func trustAttrs(sa map[string]any, host string) map[string]any {
	var conds, subjects, audiences []any
	exact := true
	for _, c := range list(sa, "conditions") {
		cm, _ := c.(map[string]any)
		claimHost, claim, _ := strings.Cut(str(cm, "key_lower"), ":")
		if claimHost != strings.ToLower(host) {
			continue
		}
		conds = append(conds, cm)
		if strings.Contains(strings.ToLower(str(cm, "operator")), "not") {
			continue
		}
		vals := list(cm, "values")
		if len(stringsOf(vals)) != len(vals) {
			exact = false
		}
		switch claim {
		case "sub":
			subjects = append(subjects, anyList(stringsOf(vals))...)
		case "aud":
			audiences = append(audiences, anyList(stringsOf(vals))...)
		}
	}
	if conds == nil {
		conds = []any{}
	}
	provider := providerName(host)
	for _, v := range subjects {
		if s, _ := v.(string); provider == "other" && strings.HasPrefix(s, "project_path:") {
			provider = "gitlab" // a self-managed GitLab on a host that does not say so
		}
	}
	return map[string]any{
		"statement": str(sa, "id"), "policy": str(sa, "policy"),
		"host": host, "provider": provider,
		"conditions": conds, "subjects": nonNil(subjects), "audiences": nonNil(audiences),
		"subjects_known": exact,
	}
}

func nonNil(l []any) []any {
	if l == nil {
		return []any{}
	}
	return l
}

// edgesFrom lists the edges of a type leaving an identity, in creation order.
func (b *builder) edgesFrom(from, typ string) []*graph.Node {
	return b.out[from+"|"+typ]
}
