package identity

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkBuild builds the identities of a large repository: 500
// workflows of 4 jobs each assuming one of 300 Terraform roles. Build
// must stay linear (go test -bench Build ./identity).
func BenchmarkBuild(b *testing.B) {
	files := map[string]string{}
	var tf strings.Builder
	for i := range 300 {
		fmt.Fprintf(&tf, "resource \"aws_iam_role\" \"r%d\" {\n  name = \"role%d\"\n  assume_role_policy = \"{}\"\n}\n", i, i)
		fmt.Fprintf(&tf, "resource \"aws_iam_role_policy_attachment\" \"a%d\" {\n  role = aws_iam_role.r%d.name\n  policy_arn = \"arn:aws:iam::aws:policy/ReadOnlyAccess\"\n}\n", i, i)
	}
	files["main.tf"] = tf.String()
	for w := range 500 {
		var wf strings.Builder
		wf.WriteString("on: push\njobs:\n")
		for j := range 4 {
			fmt.Fprintf(&wf, "  j%d:\n    runs-on: x\n    steps:\n      - uses: aws-actions/configure-aws-credentials@v4\n        with:\n          role-to-assume: arn:aws:iam::1:role/role%d\n", j, (w*4+j)%300)
		}
		files[fmt.Sprintf(".github/workflows/w%d.yml", w)] = wf.String()
	}
	docs := parse(b, files)
	b.ResetTimer()
	for range b.N {
		if Build(docs) == nil {
			b.Fatal("no identities")
		}
	}
}
