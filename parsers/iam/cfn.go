package iam

import (
	"fmt"

	"github.com/nhilint/nhilint/graph"
)

// KindCFNResource is a CloudFormation resource of an IAM type, emitted
// beside the policies of a template so that the identity graph can name
// the role a trust policy belongs to. It is not a policy input collection.
const KindCFNResource = "cfn.resource"

// cfnIdentityTypes are the CloudFormation resource types whose
// properties the identity graph reads.
var cfnIdentityTypes = map[string]bool{
	"AWS::IAM::Role": true, "AWS::IAM::Policy": true, "AWS::IAM::ManagedPolicy": true,
}

// cfnListProps and cfnScalarProps are the properties a cfn.resource
// carries (intrinsic functions as unknown elements, "Ref Name").
var (
	cfnScalarProps = []string{"RoleName", "Path", "PolicyName", "ManagedPolicyName"}
	cfnListProps   = []string{"ManagedPolicyArns", "Roles"}
)

// addCFNResources adds one cfn.resource node per IAM role, policy and
// managed policy of a CloudFormation template (Resources.<Name>), located
// at its logical id, with keys Properties.<Name> and Properties.<Name>[i]
// for the properties read and Properties.Policies[i] for inline policies.
func addCFNResources(doc *graph.Document, root *Value) {
	resources := root.Get("Resources")
	if resources == nil || resources.Kind != Object {
		return
	}
	for _, f := range resources.Fields {
		typ := f.Value.Get("Type")
		if typ == nil || typ.Kind != String || !cfnIdentityTypes[typ.Text] {
			continue
		}
		n := doc.AddNode(KindCFNResource, childPath("Resources", f.Key), f.KeyPos)
		n.Attrs["logical_id"], n.Attrs["type"] = f.Key, typ.Text
		props := map[string]any{}
		if p := f.Value.Get("Properties"); p != nil && p.Kind == Object {
			cfnProperties(n, p, props)
		}
		n.Attrs["properties"] = props
	}
}

func cfnProperties(n *graph.Node, p *Value, props map[string]any) {
	for _, f := range p.Fields {
		n.SetKey("Properties."+f.Key, p.File, f.KeyPos)
	}
	for _, name := range cfnScalarProps {
		if v := p.Get(name); v != nil {
			replaceIntrinsics(v)
			props[name] = element(v)
		}
	}
	for _, name := range cfnListProps {
		v := p.Get(name)
		if v == nil {
			continue
		}
		replaceIntrinsics(v)
		elems := []any{}
		for i, it := range listOf(v) {
			if it.Kind == Array || it.Kind == Object || it.Kind == Null {
				continue
			}
			elems = append(elems, element(it))
			n.SetKey(fmt.Sprintf("Properties.%s[%d]", name, i), it.File, it.Pos)
		}
		props[name] = elems
	}
	if pols := p.Get("Policies"); pols != nil && pols.Kind == Array {
		for i, it := range pols.Items {
			n.SetKey(fmt.Sprintf("Properties.Policies[%d]", i), it.File, it.Pos)
		}
	}
}
