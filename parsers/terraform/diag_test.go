package terraform

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestDiagnostics(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{
			name:  "syntax error",
			files: map[string]string{"a/main.tf": "resource \"x\" \"y\" {\n  a = \n}\n"},
			want:  []string{"a/main.tf:2:7: Invalid expression: Expected the start of an expression, but found an invalid expression token. [parse-error]"},
		},
		{
			name:  "local cycle",
			files: map[string]string{"main.tf": "locals {\n  a = local.b\n  b = local.a\n}\nresource \"x\" \"y\" { v = local.a }\n"},
			want:  []string{"main.tf:2:3: local.a refers to itself through other locals; its value is unknown [local-cycle]"},
		},
		{
			name:  "file outside the tree",
			files: map[string]string{"m/main.tf": "resource \"x\" \"y\" { v = file(\"../../etc/passwd\") }\n"},
			want:  []string{"m/main.tf:1:24: file(\"../../etc/passwd\") reads a file outside the scanned tree; its content is unknown [file-outside-tree]"},
		},
		{
			name:  "missing file",
			files: map[string]string{"main.tf": "resource \"x\" \"y\" { v = templatefile(\"t.json\", {}) }\n"},
			want:  []string{"main.tf:1:24: templatefile(\"t.json\"): cannot read t.json; its content is unknown [read-error]"},
		},
		{
			name:  "an empty path is a placeholder, not a missing file",
			files: map[string]string{"main.tf": "variable \"key\" {\n  default = \"\"\n}\nprovider \"google\" {\n  credentials = file(var.key)\n}\n"},
			want:  nil,
		},
		{
			name: "module cycle",
			files: map[string]string{
				"a/main.tf": "module \"b\" { source = \"../b\" }\n",
				"b/main.tf": "module \"a\" { source = \"../a\" }\n",
			},
			want: []string{"b/main.tf:1:1: module \"a\" calls a, which is already being evaluated; not followed [module-cycle]"},
		},
		{
			name:  "invalid policy JSON",
			files: map[string]string{"main.tf": "resource \"aws_iam_policy\" \"p\" {\n  policy = \"{ not json\"\n}\n"},
			want:  []string{"main.tf:2:15: aws_iam_policy.p.policy is not valid policy JSON: invalid character 'n' [policy-parse-error]"},
		},
		{
			name:  "invalid policy JSON in an indented heredoc",
			files: map[string]string{"main.tf": "resource \"aws_iam_policy\" \"p\" {\n  policy = <<-EOT\n    {\n      \"Statement\": [,]\n    }\n  EOT\n}\n"},
			want:  []string{"main.tf:4:21: aws_iam_policy.p.policy is not valid policy JSON: invalid character ',' looking for beginning of value [policy-parse-error]"},
		},
		{
			name:  "count beyond the instance limit",
			files: map[string]string{"main.tf": "resource \"x\" \"y\" {\n  count = 1100\n}\n"},
			want:  []string{"main.tf:2:11: count/for_each expands to 1100 instances; only the first 1024 are read (raise the limit with --max-instances) [expansion-limit]"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := diags(parse(t, tt.files))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestModuleInstances(t *testing.T) {
	docs := parse(t, map[string]string{
		"env/main.tf": "module \"a\" {\n  source = \"../mod\"\n}\nmodule \"b\" {\n  source = \"../mod\"\n  count  = 2\n}\nmodule \"reg\" {\n  source  = \"terraform-aws-modules/iam/aws\"\n  version = \"5.0.0\"\n  role_policy_arns = [\"arn:aws:iam::aws:policy/AdministratorAccess\"]\n}\n",
		"mod/main.tf": "resource \"aws_iam_user\" \"u\" { name = \"x\" }\n",
	})
	var ids []string
	for _, d := range docs {
		for _, n := range d.Nodes {
			ids = append(ids, n.ID)
		}
	}
	want := []string{"env", "env#module.reg", "env#module.a", "env#module.a.aws_iam_user.u", "env#module.b[0]", "env#module.b[0].aws_iam_user.u", "env#module.b[1]", "env#module.b[1].aws_iam_user.u"}
	if !reflect.DeepEqual(ids, want) {
		t.Errorf("ids %q\nwant %q", ids, want)
	}
	calls := jsonOf(docs[0].Root.Attrs["module_calls"])
	wantCalls := `[{"followed":true,"instances":["env#module.a"],"local":true,"name":"a","source":"../mod"},{"followed":true,"instances":["env#module.b[0]","env#module.b[1]"],"local":true,"name":"b","source":"../mod"},{"followed":false,"instances":["env#module.reg"],"local":false,"name":"reg","source":"terraform-aws-modules/iam/aws"}]`
	if calls != wantCalls {
		t.Errorf("module_calls %s", calls)
	}
	reg := node(t, docs, "env#module.reg")
	if got := jsonOf(reg.Attrs["inputs"]); got != `{"role_policy_arns":["arn:aws:iam::aws:policy/AdministratorAccess"]}` || reg.Attrs["version"] != "5.0.0" || reg.Attrs["followed"] != false {
		t.Errorf("unfollowed module %v", reg.Attrs)
	}
	if got := located(reg, "inputs.role_policy_arns[0]"); got != "env/main.tf:11:23" {
		t.Errorf("input at %s", got)
	}
}

func TestHostileInputIsBounded(t *testing.T) {
	var locals strings.Builder
	locals.WriteString("locals {\n  l0 = [\"x\"]\n  s0 = \"xxxxxxxx\"\n")
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&locals, "  l%d = [local.l%d, local.l%d]\n  s%d = \"${local.s%d}${local.s%d}\"\n", i, i-1, i-1, i, i-1, i-1)
	}
	locals.WriteString("}\nresource \"x\" \"y\" {\n  l = local.l40\n  s = local.s40\n}\n")
	files := map[string]string{
		"main.tf":   locals.String(),
		"a/main.tf": "module \"b\" {\n  source = \"../b\"\n  count  = 256\n}\n",
		"b/main.tf": "module \"c\" {\n  source = \"../c\"\n  count  = 256\n}\n",
		"c/main.tf": "resource \"x\" \"y\" { count = 256 }\n",
	}
	docs := parse(t, files)
	var codes []string
	for _, d := range docs {
		for _, x := range d.Diagnostics {
			codes = append(codes, x.Code)
		}
	}
	if !slices.Contains(codes, "value-too-large") || !slices.Contains(codes, "expansion-limit") {
		t.Errorf("diagnostics %v", codes)
	}
	y := node(t, docs, ".#x.y")
	if got := jsonOf(y.Attrs["values"].(map[string]any)["l"]); !strings.Contains(got, `"unknown":true`) {
		t.Errorf("l = %.100s", got)
	}
}

func TestNestedDynamicBlocksAreBounded(t *testing.T) {
	src := "locals {\n  n = range(1000)\n}\nresource \"x\" \"y\" {\n" +
		"  dynamic \"a\" {\n    for_each = local.n\n    content {\n" +
		"      dynamic \"b\" {\n        for_each = local.n\n        content {\n" +
		"          dynamic \"c\" {\n            for_each = local.n\n            content { v = c.value }\n          }\n" +
		"        }\n      }\n    }\n  }\n}\n"
	docs := parse(t, map[string]string{"main.tf": src})
	var codes []string
	for _, d := range docs {
		for _, x := range d.Diagnostics {
			codes = append(codes, x.Code)
		}
	}
	if !slices.Contains(codes, "expansion-limit") {
		t.Errorf("diagnostics %v", codes)
	}
}

// TestMaxInstances: --max-instances raises the per-block limit, and the
// root module's with it.
func TestMaxInstances(t *testing.T) {
	fsys, files := tree(map[string]string{"main.tf": "resource \"x\" \"y\" {\n  count = 1100\n}\n"})
	docs := Parse(fsys, files, Options{MaxInstances: 2000})
	if got := diags(docs); len(got) != 0 {
		t.Errorf("diagnostics with --max-instances 2000: %q", got)
	}
	n := 0
	for _, nd := range docs[0].Nodes {
		if nd.Kind == KindResource {
			n++
		}
	}
	if n != 1100 {
		t.Errorf("%d resource instances, want 1100", n)
	}
}
