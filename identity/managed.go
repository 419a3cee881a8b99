package identity

import (
	"slices"
	"sort"
	"strings"

	"github.com/nhilint/nhilint/graph"
)

// managedInfo is what nhilint knows of an AWS managed policy without
// fetching it: its risk level in the vocabulary of data.nhilint.lib.iam
// (all, service, privesc, write, read) and a phrase for messages.
type managedInfo struct {
	level, meaning string
}

// knownManaged are the AWS managed policies whose effect matters most
// for a pipeline identity. Sources: the AWS Managed Policy Reference
// (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/).
var knownManaged = map[string]managedInfo{
	"AdministratorAccess":         {"all", "every action on every resource"},
	"PowerUserAccess":             {"all", "every action except most of IAM and Organizations"},
	"IAMFullAccess":               {"privesc", "all of IAM: it can grant itself anything"},
	"AWSCloudFormationFullAccess": {"privesc", "all of CloudFormation, which creates any resource with its service role"},
	"AWSLambda_FullAccess":        {"privesc", "all of Lambda, including iam:PassRole to functions"},
	"AmazonEC2FullAccess":         {"service", "all of EC2"},
	"AmazonS3FullAccess":          {"service", "all of S3"},
	"AmazonDynamoDBFullAccess":    {"service", "all of DynamoDB"},
	"AmazonSSMFullAccess":         {"privesc", "all of SSM, including commands on every managed instance"},
	"SecretsManagerReadWrite":     {"write", "read and write every Secrets Manager secret"},
	"AmazonECS_FullAccess":        {"privesc", "all of ECS, including iam:PassRole to tasks"},
	"AmazonEKSClusterPolicy":      {"write", "what an EKS cluster needs"},
	"ReadOnlyAccess":              {"read", "read every resource, data included"},
	"ViewOnlyAccess":              {"read", "list and describe resources"},
	"SecurityAudit":               {"read", "read security configuration"},
}

// managedPolicyName returns the name of an AWS managed policy ARN
// (arn:aws:iam::aws:policy/<path>Name).
func managedPolicyName(arn string) (string, bool) {
	rest, ok := strings.CutPrefix(arn, "arn:")
	if !ok {
		return "", false
	}
	// the partition: aws, aws-cn, aws-us-gov
	_, rest, _ = strings.Cut(rest, ":")
	rest, ok = strings.CutPrefix(rest, "iam::aws:policy/")
	if !ok || rest == "" {
		return "", false
	}
	return rest[strings.LastIndexByte(rest, '/')+1:], true
}

// managedPolicy returns the identity of an AWS managed policy, located
// where it is first attached.
func (b *builder) managedPolicy(name, arn string, r *graph.Node, key string) *graph.Node {
	n, created := b.identity(AWSManagedPolicy, name, name, r, key)
	if !created {
		return n
	}
	info, known := knownManaged[name]
	if !known {
		info = managedInfo{"unknown", "not in nhilint's table of managed policies"}
	}
	n.Attrs["arn"] = arn
	n.Attrs["known"] = known
	n.Attrs["level"] = info.level
	n.Attrs["meaning"] = info.meaning
	n.Attrs["auth"], n.Attrs["credential"] = "none", "none"
	return n
}

// summarize sets the permissions summary of every role and user from the
// policies granted to it.
func (b *builder) summarize() {
	for _, n := range b.idents {
		switch str(n.Attrs, "type") {
		case AWSRole, AWSUser:
			n.Attrs["permissions"] = b.summary(n)
		case GCPServiceAccount, AzureManagedIdentity, AzureApplication, AzureServicePrincipal:
			n.Attrs["permissions"] = b.roleSummary(n)
		}
	}
}

// maxActions bounds the actions listed in a summary.
const maxActions = 20

// summary describes what an identity's granted policies allow: the
// policies, the managed policies, the allowed actions (the first
// maxActions, sorted) and their services, and whether any allowed action
// is a wildcard or amounts to administrator access.
func (b *builder) summary(n *graph.Node) map[string]any {
	var policies, managed, actions []string
	admin, wildcard := false, false
	for _, e := range b.edgesFrom(n.ID, Grants) {
		if m := str(e.Attrs, "managed"); m != "" {
			managed = append(managed, m)
			lvl := knownManaged[m].level
			admin = admin || lvl == "all"
			wildcard = wildcard || lvl == "all" || lvl == "service" || lvl == "privesc"
			continue
		}
		pid := str(e.Attrs, "policy")
		policies = append(policies, pid)
		pol, ok := b.nodes[pid]
		if !ok {
			continue
		}
		for _, s := range list(pol.Attrs, "statements") {
			sa, _ := s.(map[string]any)
			if str(sa, "effect") != "Allow" {
				continue
			}
			acts := stringsOf(list(sa, "actions"))
			actions = append(actions, acts...)
			star := slices.Contains(stringsOf(list(sa, "resources")), "*")
			for _, a := range acts {
				wildcard = wildcard || strings.Contains(a, "*")
				admin = admin || (star && (a == "*" || a == "*:*"))
			}
		}
	}
	actions = sortedSet(actions)
	services := map[string]bool{}
	for _, a := range actions {
		svc, _, _ := strings.Cut(a, ":")
		services[strings.ToLower(svc)] = true
	}
	svcList := make([]string, 0, len(services))
	for s := range services {
		svcList = append(svcList, s)
	}
	sort.Strings(svcList)
	truncated := len(actions) > maxActions
	if truncated {
		actions = actions[:maxActions]
	}
	return map[string]any{
		"policies": anyList(sortedSet(policies)), "managed": anyList(sortedSet(managed)), "roles": []any{},
		"actions": anyList(actions), "actions_truncated": truncated, "services": anyList(svcList),
		"wildcard": wildcard, "admin": admin,
	}
}

// roleSummary describes what a GCP or Azure identity's role grants give
// it, in the shape of summary: the roles granted (an Entra ID
// application's include those of its service principals), wildcard when
// one is at level all, service or privesc, admin when one is at level all
// on a whole project, folder or organization (GCP) or is Owner,
// Contributor or User Access Administrator on a subscription or a
// management group (Azure).
func (b *builder) roleSummary(n *graph.Node) map[string]any {
	grants := b.edgesFrom(n.ID, Grants)
	for _, p := range b.edgesFrom(n.ID, HasPrincipal) {
		grants = append(grants, b.edgesFrom(str(p.Attrs, "to"), Grants)...)
	}
	var roles []string
	admin, wildcard := false, false
	for _, e := range grants {
		roles = append(roles, str(e.Attrs, "role"))
		lvl := str(e.Attrs, "level")
		admin = admin || e.Attrs["admin"] == true
		wildcard = wildcard || lvl == "all" || lvl == "service" || lvl == "privesc"
	}
	return map[string]any{
		"policies": []any{}, "managed": []any{}, "roles": anyList(sortedSet(roles)),
		"actions": []any{}, "actions_truncated": false, "services": []any{},
		"wildcard": wildcard, "admin": admin,
	}
}
