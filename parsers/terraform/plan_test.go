package terraform

import (
	"testing"

	"github.com/nhilint/nhilint/graph"
)

const planJSON = `{
  "format_version": "1.2",
  "planned_values": {
    "root_module": {
      "child_modules": [{
        "address": "module.ci",
        "resources": [{
          "address": "module.ci.aws_iam_role.ci[0]",
          "mode": "managed", "type": "aws_iam_role", "name": "ci", "index": 0,
          "values": {
            "name": "ci",
            "assume_role_policy": "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"sts:AssumeRole\", \"Principal\": {\"AWS\": \"*\"}}]}",
            "managed_policy_arns": ["arn:aws:iam::aws:policy/AdministratorAccess"]
          }
        }]
      }]
    }
  },
  "resource_changes": [
    {
      "address": "module.ci.aws_iam_role.ci[0]",
      "change": {"actions": ["create"], "after": {}, "after_unknown": {"arn": true, "managed_policy_arns": [true]}}
    },
    {
      "address": "aws_instance.web", "mode": "managed", "type": "aws_instance", "name": "web",
      "change": {"actions": ["create"], "after": {"metadata_options": [{"http_tokens": "optional"}]}, "after_unknown": {}}
    },
    {
      "address": "aws_instance.old", "mode": "managed", "type": "aws_instance", "name": "old",
      "change": {"actions": ["delete"], "after": null}
    }
  ],
  "configuration": {
    "root_module": {
      "resources": [{"address": "aws_instance.web", "expressions": {
        "iam_instance_profile": {"references": ["aws_iam_instance_profile.p.name", "aws_iam_instance_profile.p"]},
        "metadata_options": [{"http_tokens": {"references": ["var.tokens"]}}]}}],
      "module_calls": {"ci": {"module": {"resources": [{"address": "aws_iam_role.ci",
        "expressions": {"assume_role_policy": {"references": ["data.aws_iam_policy_document.trust[\"a.b\"].json"]}},
        "count_expression": {"references": ["module.other.n"]}}]}}}
    }
  }
}
`

func TestParsePlan(t *testing.T) {
	doc := ParsePlan("plan.json", []byte(planJSON))
	if doc == nil {
		t.Fatal("not read as a plan")
	}
	if len(doc.Diagnostics) > 0 {
		t.Fatalf("diagnostics: %v", doc.Diagnostics)
	}
	docs := []*graph.Document{doc}
	role := node(t, docs, "plan.json#module.ci.aws_iam_role.ci[0]")
	tests := []struct{ key, value, at string }{
		{"", "", "plan.json:7:23"},
		{"name", `"ci"`, "plan.json:11:21"},
		{"managed_policy_arns[0]", `{"expr":"(known after apply)","unknown":true}`, "plan.json:22:109"},
		{"arn", `{"expr":"(known after apply)","unknown":true}`, "plan.json:22:79"},
	}
	values := role.Attrs["values"].(map[string]any)
	for _, tt := range tests {
		if got := located(role, tt.key); got != tt.at {
			t.Errorf("%s at %s, want %s", tt.key, got, tt.at)
		}
		if tt.value != "" {
			if got := jsonOf(lookupPath(values, tt.key)); got != tt.value {
				t.Errorf("%s = %s, want %s", tt.key, got, tt.value)
			}
		}
	}
	if got := jsonOf(role.Attrs["refs"]); got != `["data.aws_iam_policy_document.trust","module.other"]` {
		t.Errorf("role refs = %s", got)
	}
	if got := jsonOf(node(t, docs, "plan.json#aws_instance.web").Attrs["refs"]); got != `["aws_iam_instance_profile.p"]` {
		t.Errorf("web refs = %s", got)
	}
	if got := jsonOf(role.Attrs["index"]); got != "0" {
		t.Errorf("index = %s", got)
	}
	pol := node(t, docs, "plan.json#module.ci.aws_iam_role.ci[0].assume_role_policy")
	if located(pol, "") != "plan.json:12:35" || pol.Attrs["use"] != "trust" || pol.Attrs["source"] != "plan" {
		t.Errorf("policy at %s, use %v, source %v", located(pol, ""), pol.Attrs["use"], pol.Attrs["source"])
	}
	web := node(t, docs, "plan.json#aws_instance.web")
	if got := located(web, "metadata_options[0].http_tokens"); got != "plan.json:26:88" {
		t.Errorf("http_tokens at %s", got)
	}
	for _, n := range doc.Nodes {
		if n.ID == "plan.json#aws_instance.old" {
			t.Error("deleted resource emitted")
		}
	}
	if got := doc.Root.Attrs["resources"]; got != int64(2) {
		t.Errorf("resources = %v", got)
	}
}

func TestParsePlanNotAPlan(t *testing.T) {
	if doc := ParsePlan("x.json", []byte(`{"name": "resource_changes"}`)); doc != nil {
		t.Errorf("read a non-plan: %v", doc.Nodes)
	}
	doc := ParsePlan("bad.json", []byte("{\n  \"planned_values\": {,\n}"))
	if doc == nil || len(doc.Diagnostics) != 1 || doc.Diagnostics[0].Code != "parse-error" || doc.Diagnostics[0].Pos.Line != 2 {
		t.Errorf("invalid plan: %+v", doc)
	}
}

func TestPlanReferences(t *testing.T) {
	tests := []struct{ in, want string }{
		{`aws_iam_role.r.name`, "aws_iam_role.r"},
		{`aws_iam_role.r[0]`, "aws_iam_role.r"},
		{`data.aws_iam_policy_document.d["a.b]"].json`, "data.aws_iam_policy_document.d"},
		{`module.m["x"].out`, "module.m"},
		{`var.x`, ""},
		{`local.y.z`, ""},
		{`each.value`, ""},
		{`aws_iam_role`, ""},
	}
	for _, tt := range tests {
		if got := planReference(tt.in); got != tt.want {
			t.Errorf("planReference(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := stripIndexes(`module.a["x.y\"]"].aws_iam_role.r[0]`); got != "module.a.aws_iam_role.r" {
		t.Errorf("stripIndexes = %q", got)
	}
}
