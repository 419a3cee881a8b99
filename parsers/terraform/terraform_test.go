package terraform

import (
	"strings"
	"testing"
)

// keyCase asserts a value and where it is located.
type keyCase struct {
	key   string // key on the node ("" = the node)
	value string // JSON of the Attrs value under values (or "" to skip)
	at    string // file:line:col
}

func TestEvaluate(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		node  string
		keys  []keyCase
	}{
		{
			name: "variable default, local and tfvars flow to the literal",
			files: map[string]string{
				"infra/variables.tf":     "variable \"policy_arn\" {\n  default = \"arn:aws:iam::aws:policy/ReadOnlyAccess\"\n}\nvariable \"tags\" {\n  default = { team = \"ops\" }\n}\n",
				"infra/main.tf":          "locals {\n  role = \"deploy\"\n}\nresource \"aws_iam_role_policy_attachment\" \"a\" {\n  role       = local.role\n  policy_arn = var.policy_arn\n  tags       = var.tags\n}\n",
				"infra/terraform.tfvars": "policy_arn = \"arn:aws:iam::aws:policy/AdministratorAccess\"\n",
			},
			node: "infra#aws_iam_role_policy_attachment.a",
			keys: []keyCase{
				{"", "", "infra/main.tf:4:1"},
				{"role", `"deploy"`, "infra/main.tf:2:10"},
				{"policy_arn", `"arn:aws:iam::aws:policy/AdministratorAccess"`, "infra/terraform.tfvars:1:14"},
				{"tags.team", `"ops"`, "infra/variables.tf:5:22"},
			},
		},
		{
			name: "unknowns keep their expression and references",
			files: map[string]string{
				"main.tf": "variable \"region\" {}\nresource \"aws_iam_role\" \"r\" { name = \"r\" }\nresource \"aws_iam_role_policy_attachment\" \"a\" {\n  role       = aws_iam_role.r.name\n  policy_arn = aws_iam_policy.p.arn\n  region     = \"${var.region}-x\"\n}\n",
			},
			node: ".#aws_iam_role_policy_attachment.a",
			keys: []keyCase{
				{"role", `"r"`, "main.tf:2:38"},
				{"policy_arn", `{"expr":"aws_iam_policy.p.arn","unknown":true}`, "main.tf:5:16"},
				{"region", `{"expr":"\"${var.region}-x\"","unknown":true}`, "main.tf:6:16"},
			},
		},
		{
			name: "a resource argument written as null is left to the provider",
			files: map[string]string{
				"main.tf": "variable \"name\" {\n  default = null\n}\nresource \"aws_iam_role\" \"r\" {\n  name        = var.name\n  name_prefix = \"ci-\"\n}\nresource \"aws_iam_role_policy_attachment\" \"a\" {\n  role = aws_iam_role.r.name\n  user = var.name\n}\n",
			},
			node: ".#aws_iam_role_policy_attachment.a",
			keys: []keyCase{
				{"role", `{"expr":"aws_iam_role.r.name","unknown":true}`, "main.tf:9:10"},
				{"user", `null`, "main.tf:2:13"},
			},
		},
		{
			name: "try skips a member a variable lacks, not a computed attribute",
			files: map[string]string{
				"main.tf": "variable \"stmts\" {\n  default = { a = { actions = [\"s3:*\"] } }\n}\nresource \"aws_iam_role\" \"r\" { name = \"r\" }\nresource \"x\" \"y\" {\n  dynamic \"statement\" {\n    for_each = var.stmts\n    content {\n      sid = try(statement.value.sid, statement.key)\n    }\n  }\n  arn = try(aws_iam_role.r.arn, \"none\")\n  bad = var.stmts.b\n}\n",
			},
			node: ".#x.y",
			keys: []keyCase{
				{"statement[0].sid", `"a"`, "main.tf:2:15"},
				{"arn", `{"expr":"try(aws_iam_role.r.arn, \"none\")","unknown":true}`, "main.tf:12:9"},
				{"bad", `{"expr":"var.stmts.b","unknown":true}`, "main.tf:13:9"},
			},
		},
		{
			name: "optional attributes of a variable's type are null or their default",
			files: map[string]string{
				"main.tf": "variable \"stmts\" {\n  type = map(object({\n    actions     = list(string)\n    not_actions = optional(list(string))\n    effect      = optional(string, \"Allow\")\n  }))\n  default = { a = { actions = [\"s3:GetObject\"] } }\n}\nresource \"x\" \"y\" {\n  dynamic \"statement\" {\n    for_each = var.stmts\n    content {\n      actions     = statement.value.actions\n      not_actions = statement.value.not_actions\n      effect      = statement.value.effect\n    }\n  }\n}\n",
			},
			node: ".#x.y",
			keys: []keyCase{
				{"statement[0].actions[0]", `"s3:GetObject"`, "main.tf:7:32"},
				{"statement[0].not_actions", `null`, "main.tf:7:19"},
				{"statement[0].effect", `"Allow"`, "main.tf:7:19"},
			},
		},
		{
			name: "functions, conditionals and nested blocks",
			files: map[string]string{
				"main.tf": "locals {\n  names = concat([\"a\"], [\"b\"])\n  on    = true\n}\nresource \"aws_instance\" \"i\" {\n  ami  = format(\"ami-%s\", upper(\"x\"))\n  tags = merge({ A = \"1\" }, { B = lookup({ k = \"2\" }, \"k\", \"0\") })\n  user = local.on ? local.names[1] : \"no\"\n  metadata_options {\n    http_tokens = \"optional\"\n  }\n}\n",
			},
			node: ".#aws_instance.i",
			keys: []keyCase{
				{"ami", `"ami-X"`, "main.tf:6:10"},
				{"tags.A", `"1"`, "main.tf:7:22"},
				{"tags.B", `"2"`, "main.tf:7:35"},
				{"user", `"b"`, "main.tf:2:26"},
				{"metadata_options", `[{"http_tokens":"optional"}]`, "main.tf:9:3"},
				{"metadata_options[0].http_tokens", `"optional"`, "main.tf:10:19"},
			},
		},
		{
			name: "count and for_each instances",
			files: map[string]string{
				"main.tf": "resource \"aws_iam_user\" \"u\" {\n  count = 2\n  name  = \"ci-${count.index}\"\n}\nresource \"aws_iam_access_key\" \"k\" {\n  for_each = toset([\"x\"])\n  user     = each.key\n}\n",
			},
			node: ".#aws_iam_user.u[1]",
			keys: []keyCase{
				{"", "", "main.tf:1:1"},
				{"name", `"ci-1"`, "main.tf:3:11"},
			},
		},
		{
			name: "for_each key",
			files: map[string]string{
				"main.tf": "resource \"aws_iam_access_key\" \"k\" {\n  for_each = toset([\"x\"])\n  user     = each.key\n}\n",
			},
			node: `.#aws_iam_access_key.k["x"]`,
			keys: []keyCase{{"user", `"x"`, "main.tf:2:21"}},
		},
		{
			name: "dynamic blocks",
			files: map[string]string{
				"main.tf": "locals {\n  tokens = [\"required\"]\n}\nresource \"aws_launch_template\" \"t\" {\n  dynamic \"metadata_options\" {\n    for_each = local.tokens\n    content {\n      http_tokens = metadata_options.value\n    }\n  }\n}\n",
			},
			node: ".#aws_launch_template.t",
			keys: []keyCase{{"metadata_options[0].http_tokens", `"required"`, "main.tf:2:13"}},
		},
		{
			name: "local module inputs",
			files: map[string]string{
				"env/main.tf": "module \"a\" {\n  source = \"../mod\"\n  arn    = \"arn:aws:iam::aws:policy/AdministratorAccess\"\n}\nmodule \"b\" {\n  source = \"../mod\"\n  arn    = \"arn:aws:iam::aws:policy/ReadOnlyAccess\"\n}\n",
				"mod/main.tf": "variable \"arn\" {}\nresource \"aws_iam_role_policy_attachment\" \"x\" {\n  role       = \"r\"\n  policy_arn = var.arn\n}\n",
			},
			node: "env#module.b.aws_iam_role_policy_attachment.x",
			keys: []keyCase{
				{"", "", "mod/main.tf:2:1"},
				{"policy_arn", `"arn:aws:iam::aws:policy/ReadOnlyAccess"`, "env/main.tf:7:12"},
			},
		},
		{
			name: "file reads within the tree",
			files: map[string]string{
				"main.tf": "resource \"aws_iam_policy\" \"p\" {\n  policy = file(\"${path.module}/p.json\")\n}\n",
				"p.json":  "{}",
			},
			node: ".#aws_iam_policy.p",
			keys: []keyCase{{"policy", `"{}"`, "p.json:1:1"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs := parse(t, tt.files)
			if d := diags(docs); len(d) > 0 {
				t.Errorf("diagnostics: %v", d)
			}
			n := node(t, docs, tt.node)
			values := n.Attrs["values"].(map[string]any)
			for _, k := range tt.keys {
				if got := located(n, k.key); got != k.at {
					t.Errorf("%s at %s, want %s", k.key, got, k.at)
				}
				if k.value == "" {
					continue
				}
				if got := jsonOf(lookupPath(values, k.key)); got != k.value {
					t.Errorf("%s = %s, want %s", k.key, got, k.value)
				}
			}
		})
	}
}

// lookupPath reads "a.b[0].c" in an Attrs value.
func lookupPath(v any, key string) any {
	for _, part := range strings.Split(strings.ReplaceAll(key, "[", ".["), ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[part]
		case []any:
			var i int
			for _, c := range strings.Trim(part, "[]") {
				i = i*10 + int(c-'0')
			}
			if i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

func TestJSONConfigAndVarFiles(t *testing.T) {
	fsys, names := tree(map[string]string{
		"j/main.tf.json":          "{\n  \"variable\": {\"arn\": {\"default\": \"x\"}},\n  \"resource\": {\"aws_iam_role_policy_attachment\": {\"a\": {\n    \"role\": \"r\",\n    \"policy_arn\": \"${var.arn}\"\n  }}}\n}\n",
		"j/terraform.tfvars.json": "{\"arn\": \"arn:aws:iam::aws:policy/PowerUserAccess\"}\n",
		"j/prod.tfvars":           "arn = \"arn:aws:iam::aws:policy/AdministratorAccess\"\n",
	})
	docs := Parse(fsys, names, Options{VarFiles: []string{"j/prod.tfvars"}})
	if d := diags(docs); len(d) > 0 {
		t.Fatalf("diagnostics: %v", d)
	}
	n := node(t, docs, "j#aws_iam_role_policy_attachment.a")
	values := n.Attrs["values"].(map[string]any)
	if got := values["policy_arn"]; got != "arn:aws:iam::aws:policy/AdministratorAccess" {
		t.Errorf("policy_arn = %v", got)
	}
	if got := located(n, "role"); got != "j/main.tf.json:4:13" {
		t.Errorf("role at %s", got)
	}
	if got := located(n, ""); got != "j/main.tf.json:3:56" {
		t.Errorf("resource at %s", got)
	}
	docs = Parse(fsys, names, Options{})
	n = node(t, docs, "j#aws_iam_role_policy_attachment.a")
	if got := n.Attrs["values"].(map[string]any)["policy_arn"]; got != "arn:aws:iam::aws:policy/PowerUserAccess" {
		t.Errorf("without --var-file policy_arn = %v", got)
	}
}
