package terraform

import (
	"testing"
	"testing/fstest"
)

// FuzzParse evaluates a module made of one fuzzed file next to a local
// module it may call: it must never panic or hang.
func FuzzParse(f *testing.F) {
	f.Add("variable \"a\" { default = [\"*\"] }\nlocals { b = var.a }\nresource \"aws_iam_policy\" \"p\" {\n  policy = jsonencode({ Statement = [{ Action = local.b }] })\n}\n", false)
	f.Add("module \"m\" {\n  source = \"./mod\"\n  count = 3\n  x = count.index\n}\n", false)
	f.Add("resource \"aws_iam_role\" \"r\" {\n  assume_role_policy = <<-EOT\n    {\"Statement\": []}\n  EOT\n  dynamic \"inline_policy\" {\n    for_each = { a = 1 }\n    content { name = inline_policy.key }\n  }\n}\n", false)
	f.Add("locals { a = local.b\n b = local.a }\nresource \"x\" \"y\" { for_each = toset(split(\",\", \"a,b\")) v = file(\"../x\") }\n", false)
	f.Add(`{"resource": {"aws_iam_policy": {"p": {"policy": "${jsonencode({})}"}}}}`, true)
	f.Fuzz(func(t *testing.T, src string, asJSON bool) {
		name := "main.tf"
		if asJSON {
			name = "main.tf.json"
		}
		fsys := fstest.MapFS{
			name:          {Data: []byte(src)},
			"mod/main.tf": {Data: []byte("variable \"x\" {}\nmodule \"again\" { source = \"../\" }\noutput \"o\" { value = var.x }\n")},
			"policy.json": {Data: []byte(`{"Statement": [{"Action": "*"}]}`)},
		}
		Parse(fsys, []string{name, "mod/main.tf"}, Options{})
	})
}

// FuzzParsePlan reads fuzzed plan JSON: it must never panic.
func FuzzParsePlan(f *testing.F) {
	f.Add([]byte(planJSON))
	f.Add([]byte(`{"planned_values": {"root_module": {"child_modules": [{"child_modules": []}]}}}`))
	f.Add([]byte(`{"resource_changes": [{"address": "a.b", "change": {"after": {"x": [1]}, "after_unknown": {"x": [true, true]}}}]}`))
	f.Fuzz(func(t *testing.T, src []byte) {
		ParsePlan("plan.json", src)
	})
}
