package identity

import (
	"regexp"
	"strings"

	"github.com/nhilint/nhilint/graph"
)

// Azure identity types.
const (
	AzureManagedIdentity   = "azure-managed-identity"
	AzureApplication       = "azure-application"
	AzureServicePrincipal  = "azure-service-principal"
	AzureClientSecret      = "azure-client-secret"
	AzureClientCertificate = "azure-client-certificate"
	AzureRole              = "azure-role"
)

// HasPrincipal is the edge from an Entra ID application to its service
// principal (the application's identity in a tenant, which roles are
// assigned to).
const HasPrincipal = "has-principal"

// azureRefTypes are the resources a principal, application or parent
// attribute may reference, with the identity type each one defines.
var azureRefTypes = [][2]string{
	{"azuread_service_principal", AzureServicePrincipal},
	{"azurerm_user_assigned_identity", AzureManagedIdentity},
	{"azuread_application", AzureApplication},
	{"azuread_application_registration", AzureApplication},
}

// azure derives the Azure and Entra ID identities Terraform defines:
// managed identities, applications and service principals, their secrets
// and certificates, their federated credentials and role assignments.
func (b *builder) azure(resources map[string][]*graph.Node) {
	for _, r := range resources["azurerm_user_assigned_identity"] {
		b.azureIdentity(r, AzureManagedIdentity, "name", "short-lived")
	}
	for _, typ := range []string{"azuread_application", "azuread_application_registration"} {
		for _, r := range resources[typ] {
			b.azureIdentity(r, AzureApplication, "display_name", "none")
		}
	}
	for _, r := range resources["azuread_service_principal"] {
		b.servicePrincipal(r)
	}
	for _, c := range []struct{ typ, idType, key string }{
		{"azuread_application_password", AzureClientSecret, "application_id"},
		{"azuread_application_certificate", AzureClientCertificate, "application_id"},
		{"azuread_service_principal_password", AzureClientSecret, "service_principal_id"},
		{"azuread_service_principal_certificate", AzureClientCertificate, "service_principal_id"},
	} {
		for _, r := range resources[c.typ] {
			b.azureCredential(r, c.idType, c.key)
		}
	}
	for _, typ := range []string{"azuread_application_federated_identity_credential", "azurerm_federated_identity_credential"} {
		for _, r := range resources[typ] {
			b.federatedCredential(r)
		}
	}
	for _, r := range resources["azurerm_role_assignment"] {
		b.roleAssignment(r)
	}
	for _, n := range b.idents {
		switch str(n.Attrs, "type") {
		case AzureManagedIdentity, AzureApplication, AzureServicePrincipal:
			switch {
			case len(b.edgesFrom(n.ID, HasKey)) > 0:
				n.Attrs["auth"], n.Attrs["credential"] = "static-key", "long-lived"
			case len(b.edgesFrom(n.ID, Trusts)) > 0:
				n.Attrs["auth"], n.Attrs["credential"] = "oidc", "short-lived"
			}
		}
	}
}

// azureIdentity is a managed identity or an application, named by the
// attribute nameKey.
func (b *builder) azureIdentity(r *graph.Node, typ, nameKey, credential string) *graph.Node {
	name := str(values(r), nameKey)
	n, _ := b.identity(typ, r.ID, displayName(name, r), r, "")
	definedBy(n, r, "")
	n.Attrs["address"] = address(r)
	n.Attrs["display_name"] = name
	n.Attrs["client_id"] = ""
	if credential == "none" {
		n.Attrs["auth"] = "none"
	}
	n.Attrs["credential"] = credential
	return n
}

// servicePrincipal is an azuread_service_principal: the identity of an
// application in the tenant. client_id (application_id before azuread
// 3.0) names the application.
func (b *builder) servicePrincipal(r *graph.Node) {
	v := values(r)
	key := "client_id"
	if _, ok := v[key]; !ok {
		key = "application_id"
	}
	apps := b.azureRefs(r, v[key], AzureApplication)
	name := address(r)
	if len(apps) == 1 {
		name = str(apps[0].Attrs, "name")
	}
	n := b.azureIdentity(r, AzureServicePrincipal, "", "none")
	n.Attrs["name"] = name
	n.Attrs["display_name"] = ""
	if s, ok := v[key].(string); ok {
		n.Attrs["client_id"] = s
		b.azureByClientID[strings.ToLower(s)] = append(b.azureByClientID[strings.ToLower(s)], n)
	}
	for _, app := range apps {
		b.edge(HasPrincipal, app, n, r, keyOr(r, key), nil)
		n.Attrs["application"] = app.ID
	}
}

// azureRefs resolves a value referencing azure identities of the types
// listed (all of azureRefTypes when none is).
func (b *builder) azureRefs(r *graph.Node, v any, types ...string) []*graph.Node {
	expr, unknown := unknownExpr(v)
	if !unknown {
		return nil
	}
	var out []*graph.Node
	for _, rt := range azureRefTypes {
		if len(types) > 0 && !contains(types, rt[1]) {
			continue
		}
		out = append(out, b.refIdentities(r, expr, rt[0], rt[1])...)
	}
	return out
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// azureCredential is a client secret or certificate of an application
// (application_id, application_object_id before azuread 3.0) or of a
// service principal: a long-lived credential.
func (b *builder) azureCredential(r *graph.Node, typ, ownerKey string) {
	v := values(r)
	n, _ := b.identity(typ, r.ID, address(r), r, "")
	definedBy(n, r, "")
	n.Attrs["address"] = address(r)
	n.Attrs["auth"], n.Attrs["credential"] = "static-key", "long-lived"
	for _, k := range []string{"end_date", "end_date_relative"} {
		if s := str(v, k); s != "" {
			n.Attrs[k] = s
		}
	}
	ref := v[ownerKey]
	if ref == nil {
		ref = v["application_object_id"]
	}
	for _, owner := range b.azureRefs(r, ref) {
		b.edge(HasKey, owner, n, r, "", nil)
		n.Attrs["owner"] = owner.ID
	}
}

// federatedCredential is an application's (or managed identity's)
// federated identity credential: it trusts the tokens of one issuer
// whose sub is exactly subject, for one of the audiences
// (https://learn.microsoft.com/entra/workload-id/workload-identity-federation).
func (b *builder) federatedCredential(r *graph.Node) {
	v := values(r)
	var owners []*graph.Node
	for _, k := range []string{"application_id", "application_object_id", "parent_id"} {
		owners = append(owners, b.azureRefs(r, v[k])...)
	}
	issuer := str(v, "issuer")
	host := providerHost(issuer)
	if host == "" || len(owners) == 0 {
		return
	}
	prov, created := b.identity(OIDCProvider, host, host, r, keyOr(r, "issuer"))
	if created {
		prov.Attrs["provider"] = providerName(host)
		prov.Attrs["auth"], prov.Attrs["credential"] = "none", "none"
	}
	subjects, known := []any{}, false
	if s, ok := v["subject"].(string); ok {
		subjects, known = []any{s}, true
	}
	audKey := "audiences"
	if _, ok := v[audKey]; !ok {
		audKey = "audience"
	}
	attrs := map[string]any{
		"cloud": "azure", "host": host, "provider": providerName(host), "issuer": issuer,
		"conditions": []any{}, "subjects": subjects, "audiences": anyList(stringsOf(list(v, audKey))),
		"subjects_known": known, "credential_name": str(v, "display_name") + str(v, "name"),
	}
	if known && strings.HasPrefix(str(v, "subject"), "project_path:") {
		attrs["provider"] = "gitlab"
	}
	for _, o := range owners {
		b.edge(Trusts, o, prov, r, keyOr(r, "subject"), attrs)
	}
}

// roleAssignment is an azurerm_role_assignment: the principal it names
// is granted a role on a scope.
func (b *builder) roleAssignment(r *graph.Node) {
	v := values(r)
	role, roleKey := str(v, "role_definition_name"), "role_definition_name"
	if role == "" {
		id := str(v, "role_definition_id")
		role, roleKey = builtinAzureRoles[strings.ToLower(id[strings.LastIndexByte(id, '/')+1:])], "role_definition_id"
		if role == "" {
			role = id
		}
	}
	if role == "" {
		return
	}
	info := azureRoleInfo(role)
	level := azureScopeLevel(v["scope"])
	roleKey = keyOr(r, roleKey)
	for _, p := range b.azureRefs(r, v["principal_id"]) {
		rn := b.cloudRole(AzureRole, role, info, r, roleKey)
		b.edge(Grants, p, rn, r, roleKey, map[string]any{
			"cloud": "azure", "role": role, "scope": textOf(v["scope"]), "scope_type": level,
			"level":  info.level,
			"admin":  azureAdminRoles[role] && (level == "subscription" || level == "management-group"),
			"policy": "", "managed": "",
		})
	}
}

// builtinAzureRoles names the built-in role definition ids a
// role_definition_id may end with
// (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles).
var builtinAzureRoles = map[string]string{
	"8e3af657-a8ff-443c-a75c-2fe8c4bcb635": "Owner",
	"b24988ac-6180-42a0-ab88-20f7382dd24c": "Contributor",
	"18d7d88d-d35e-4fb5-a5c3-7773c20a72d9": "User Access Administrator",
	"acdd72a7-3385-48ef-bd42-f606fba81ae7": "Reader",
}

// azureAdminRoles amount to administering what their scope holds.
var azureAdminRoles = map[string]bool{"Owner": true, "Contributor": true, "User Access Administrator": true}

// knownAzureRoles are the built-in roles whose effect matters most for a
// pipeline identity, in the levels of data.nhilint.lib.iam.
var knownAzureRoles = map[string]roleInfo{
	"Owner":                     {"all", "every action on the scope, access management included", true},
	"Contributor":               {"all", "every action on the scope except access management", true},
	"User Access Administrator": {"privesc", "manage access on the scope: it can grant itself Owner", true},
	"Role Based Access Control Administrator":     {"privesc", "assign roles on the scope", true},
	"Managed Identity Operator":                   {"privesc", "assign user-assigned identities to resources", true},
	"Reader":                                      {"read", "read every resource of the scope", true},
	"Key Vault Administrator":                     {"service", "all of Key Vault data", true},
	"Key Vault Secrets Officer":                   {"write", "read and write Key Vault secrets", true},
	"Key Vault Secrets User":                      {"read", "read Key Vault secrets", true},
	"Storage Blob Data Owner":                     {"service", "all of Blob storage data, ACLs included", true},
	"Storage Blob Data Contributor":               {"write", "read and write Blob storage data", true},
	"Storage Blob Data Reader":                    {"read", "read Blob storage data", true},
	"AcrPush":                                     {"write", "push images to container registries", true},
	"AcrPull":                                     {"read", "pull images from container registries", true},
	"Azure Kubernetes Service Cluster Admin Role": {"service", "cluster admin credentials of AKS clusters", true},
	"Azure Kubernetes Service RBAC Cluster Admin": {"service", "every Kubernetes action on AKS clusters", true},
	"Website Contributor":                         {"write", "manage web apps", true},
	"Virtual Machine Contributor":                 {"write", "manage virtual machines", true},
}

func azureRoleInfo(role string) roleInfo {
	if info, ok := knownAzureRoles[role]; ok {
		return info
	}
	return roleInfo{"unknown", "not in nhilint's table of roles", false}
}

var (
	templateRef = regexp.MustCompile(`\$\{[^}]*\}`)
	subScope    = regexp.MustCompile(`(?i)^/subscriptions/[^/]+/?$`)
	rgScope     = regexp.MustCompile(`(?i)^/subscriptions/[^/]+/resourcegroups/[^/]+/?$`)
)

// azureScopeLevel classifies a role assignment scope: management-group
// (the tenant root "/" included), subscription, resource-group,
// resource, or unknown. A reference is classified by what it references
// (data.azurerm_subscription.current.id is a subscription), a template
// by its literal parts.
func azureScopeLevel(v any) string {
	s, isString := v.(string)
	if !isString {
		expr, _ := unknownExpr(v)
		if !strings.HasPrefix(expr, `"`) {
			e := strings.ToLower(expr)
			switch {
			case strings.Contains(e, "azurerm_management_group.") && strings.HasSuffix(e, ".id"):
				return "management-group"
			case strings.Contains(e, "azurerm_subscription.") && strings.HasSuffix(e, ".id"):
				return "subscription"
			case strings.Contains(e, "azurerm_resource_group.") && strings.HasSuffix(e, ".id"):
				return "resource-group"
			}
			return "unknown"
		}
		s = templateRef.ReplaceAllString(strings.Trim(expr, `"`), "X")
	}
	switch {
	case s == "/" || strings.Contains(strings.ToLower(s), "/providers/microsoft.management/managementgroups/"):
		return "management-group"
	case subScope.MatchString(s):
		return "subscription"
	case rgScope.MatchString(s):
		return "resource-group"
	case strings.HasPrefix(strings.ToLower(s), "/subscriptions/"):
		return "resource"
	}
	return "unknown"
}
