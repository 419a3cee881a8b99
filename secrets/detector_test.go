package secrets

import (
	"context"
	"strings"
	"testing"
)

// Fake credentials, split so that secret scanners reading this file stay
// quiet. None of them was ever valid.
var (
	ghp        = "ghp_" + "Q8w2Er4Ty6Ui8Op0As2Df4Gh6Jk8Lz0Xc2Vb"
	awsID      = "AKIA" + "Q3EGRSZW7MNT4XLP"
	awsSecret  = "Zt3qH8vLk2N9pR4s" + "W7yB1cE5fG0jM6nQ2uX8aD3o"
	tfPassword = "Kq7" + "vLm2Rx9Tz"
	pemKey     = "-----BEGIN RSA PRIVATE" + " KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n" +
		"MzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu\n-----END RSA PRIVATE" + " KEY-----"
)

// found is a match as the tests compare it: the secret is named by the
// variable that holds it, so a failure never prints a secret.
type found struct {
	rule      string
	line, col int
	secret    string // name of the fake credential
}

var fakes = map[string]string{"ghp": ghp, "awsID": awsID, "awsSecret": awsSecret, "pem": pemKey, "tfPassword": tfPassword}

// nameOf names a secret by its fake, or masks it.
func nameOf(s string) string {
	for name, v := range fakes {
		if v == s {
			return name
		}
	}
	if len(s) > 8 {
		return s[:4] + "…"
	}
	return "****"
}

func TestFindPositions(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []found
	}{
		{"line 1 column 1", ghp + "\n", []found{{"github-pat", 1, 1, "ghp"}}},
		{"no final newline", "token: " + ghp, []found{{"github-pat", 1, 8, "ghp"}}},
		{"after other lines", "a: 1\nb: 2\n  token: '" + ghp + "'\n", []found{{"github-pat", 3, 11, "ghp"}}},
		{"CRLF", "a: 1\r\nb: 2\r\ntoken: " + ghp + "\r\n", []found{{"github-pat", 3, 8, "ghp"}}},
		{"tabs count as one column", "\t\ttoken=" + ghp + "\n", []found{{"github-pat", 1, 9, "ghp"}}},
		{"multi-byte characters before", "# café ☕ 🔑 " + ghp + "\n", []found{{"github-pat", 1, 12, "ghp"}}},
		{"multi-byte line before", "é\n☕ " + ghp + "\n", []found{{"github-pat", 2, 3, "ghp"}}},
		{"same token twice on a line", "t=" + ghp + " u=" + ghp + "\n",
			[]found{{"github-pat", 1, 3, "ghp"}, {"github-pat", 1, 46, "ghp"}}},
		{"secret group, not match start", "export AWS_SECRET_ACCESS_KEY=\"" + awsSecret + "\"\n",
			[]found{{"aws-secret-access-key", 1, 31, "awsSecret"}}},
		{"private key block", "key: |\n  x\n" + pemKey + "\n", []found{{"private-key", 3, 1, "pem"}}},
	}
	d := newDetector(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertFound(t, d.Find(context.Background(), "ci.yml", []byte(tt.src)), tt.want)
		})
	}
}

func TestFindAWSSecretAccessKey(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []found
	}{
		{"ini credentials file", "[default]\naws_access_key_id = " + awsID + "\naws_secret_access_key = " + awsSecret + "\n",
			[]found{{"aws-access-token", 2, 21, "awsID"}, {"aws-secret-access-key", 3, 25, "awsSecret"}}},
		{"yaml env", "env:\n  AWS_SECRET_ACCESS_KEY: " + awsSecret + "\n", []found{{"aws-secret-access-key", 2, 26, "awsSecret"}}},
		{"json SecretAccessKey", `{"SecretAccessKey": "` + awsSecret + `"}`, []found{{"aws-secret-access-key", 1, 22, "awsSecret"}}},
		{"hcl secret_key next to an access key id", "provider \"aws\" {\n  access_key = \"" + awsID + "\"\n  secret_key = \"" + awsSecret + "\"\n}\n",
			[]found{{"aws-access-token", 2, 17, "awsID"}, {"aws-secret-access-key", 3, 17, "awsSecret"}}},
		{"aws configure set", "aws configure set aws_secret_access_key " + awsSecret + "\n",
			[]found{{"aws-secret-access-key", 1, 41, "awsSecret"}}},
		{"documented example key", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "EXAMPLEKEY\n", nil},
		{"expression", "AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}\n", nil},
		{"shell variable", "aws_secret_access_key = $AWS_SECRET_ACCESS_KEY\n", nil},
		{"one character repeated", "aws_secret_access_key = " + strings.Repeat("A", 40) + "\n", nil},
		// Not AWS keys; gitleaks' generic rule still reports the value of a "key".
		{"hex digest", "aws_secret_access_key = 0123456789abcdef0123456789abcdef01234567\n",
			[]found{{"generic-api-key", 1, 25, "0123…"}}},
		{"longer base64", "aws_secret_access_key = " + awsSecret + "Qx9+\n", []found{{"generic-api-key", 1, 25, "Zt3q…"}}},
		{"secret_key alone is generic", "secret_key: " + awsSecret + "\n", []found{{"generic-api-key", 1, 13, "awsSecret"}}},
	}
	d := newDetector(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertFound(t, d.Find(context.Background(), "creds", []byte(tt.src)), tt.want)
		})
	}
}

func TestFindPathAllowlist(t *testing.T) {
	d := newDetector(t)
	src := []byte("token: " + ghp + "\n")
	if got := d.Find(context.Background(), "web/node_modules/x/config.yml", src); len(got) != 0 {
		t.Errorf("gitleaks' path allowlist: got %v", got)
	}
	if got := d.Find(context.Background(), "web/config.yml", src); len(got) != 1 {
		t.Errorf("ordinary path: got %v, want 1 match", got)
	}
}

func TestDocument(t *testing.T) {
	d := newDetector(t)
	if doc := d.Document(context.Background(), "a.yml", []byte("name: ci\n")); doc != nil {
		t.Fatalf("no secret: got a document with %d nodes", len(doc.Nodes))
	}
	src := "x: " + ghp + "\ny: " + ghp + "\n"
	doc := d.Document(context.Background(), "a.yml", []byte(src))
	if doc == nil || doc.Root.Kind != FileKind || doc.Root.ID != "a.yml#gitleaks" || len(doc.Nodes) != 3 {
		t.Fatalf("document: %+v", doc)
	}
	for i, n := range doc.Nodes[1:] {
		pos, ok := n.Key("secret")
		if n.Kind != MatchKind || !ok || pos.Line != i+1 || pos.Col != 4 || n.Pos != pos {
			t.Errorf("node %d: kind %s, secret at %v (%v), node at %v", i, n.Kind, pos, ok, n.Pos)
		}
		if n.Attrs["rule"] != "github-pat" || n.Attrs["secret"] != ghp || n.Attrs["description"] == "" || n.Attrs["file"] != "a.yml" {
			t.Errorf("node %d: attrs rule=%v description=%q", i, n.Attrs["rule"], n.Attrs["description"])
		}
		if strings.Contains(n.Anchor, ghp) {
			t.Errorf("node %d: anchor holds the secret", i)
		}
	}
	if doc.Nodes[1].Anchor == doc.Nodes[2].Anchor {
		t.Errorf("two occurrences share the anchor %q", doc.Nodes[1].Anchor)
	}
}

func newDetector(t testing.TB) *Detector {
	t.Helper()
	d, err := New()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func assertFound(t *testing.T, got []Match, want []found) {
	t.Helper()
	var gotF []found
	for _, m := range got {
		gotF = append(gotF, found{m.Rule, m.Line, m.Col, nameOf(m.Secret)})
	}
	if len(gotF) != len(want) {
		t.Fatalf("got %v, want %v", gotF, want)
	}
	for i := range want {
		if gotF[i] != want[i] {
			t.Errorf("match %d: got %v, want %v", i, gotF[i], want[i])
		}
	}
}

func TestFindOneMatchPerPlace(t *testing.T) {
	sendgrid := "SG." + "ngeVfQFYQlKU0ufo8x5d1A" + "." + "TwL2iGABf9DHoTf-09kqeF8tAmbihYzrnopKc-1s5cr"
	src := "curl -H \"Authorization: Bearer " + sendgrid + "\" https://api.sendgrid.com/v3/mail/send\n"
	got := newDetector(t).Find(context.Background(), "mail.sh", []byte(src))
	if len(got) != 1 || got[0].Rule != "sendgrid-api-token" || got[0].Line != 1 || got[0].Col != 32 {
		t.Errorf("got %v, want sendgrid-api-token at 1:32 only", got)
	}
}

// TestFindUnquotes: hashicorp-tf-password (a rule for .tf files) captures
// the quotes around the password; the match is the value inside them.
func TestFindUnquotes(t *testing.T) {
	src := "resource \"aws_db_instance\" \"db\" {\n  password = \"" + tfPassword + "\"\n}\n"
	got := newDetector(t).Find(context.Background(), "db/main.tf", []byte(src))
	assertFound(t, got, []found{{"hashicorp-tf-password", 2, 15, "tfPassword"}})
}
