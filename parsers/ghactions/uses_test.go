package ghactions

import (
	"reflect"
	"testing"
)

func TestParseUses(t *testing.T) {
	sha := "0123456789abcdef0123456789abcdef01234567"
	tests := []struct {
		raw  string
		job  bool
		want map[string]any
	}{
		{"actions/checkout@v4", false, map[string]any{"type": "action", "owner": "actions", "repo": "checkout", "path": "", "ref": "v4", "pinned": false}},
		{"actions/checkout@" + sha, false, map[string]any{"type": "action", "owner": "actions", "repo": "checkout", "path": "", "ref": sha, "pinned": true}},
		{"actions/checkout@" + sha[:39], false, map[string]any{"type": "action", "owner": "actions", "repo": "checkout", "path": "", "ref": sha[:39], "pinned": false}},
		{"github/codeql-action/init@v3", false, map[string]any{"type": "action", "owner": "github", "repo": "codeql-action", "path": "init", "ref": "v3", "pinned": false}},
		{"owner/repo", false, map[string]any{"type": "action", "owner": "owner", "repo": "repo", "path": "", "ref": "", "pinned": false}},
		{"./.github/actions/setup", false, map[string]any{"type": "local", "path": "./.github/actions/setup", "pinned": true}},
		{"docker://alpine:3.19", false, map[string]any{"type": "docker", "image": "alpine", "ref": "3.19", "pinned": false}},
		{"docker://ghcr.io:443/o/img@sha256:abc", false, map[string]any{"type": "docker", "image": "ghcr.io:443/o/img", "ref": "", "digest": "sha256:abc", "pinned": true}},
		{"docker://alpine:3@sha256:abc", false, map[string]any{"type": "docker", "image": "alpine", "ref": "3", "digest": "sha256:abc", "pinned": true}},
		{"docker://alpine", false, map[string]any{"type": "docker", "image": "alpine", "ref": "", "pinned": false}},
		{"org/repo/.github/workflows/ci.yml@main", true, map[string]any{"type": "reusable", "owner": "org", "repo": "repo", "path": ".github/workflows/ci.yml", "ref": "main", "pinned": false}},
		{"./.github/workflows/ci.yml", true, map[string]any{"type": "local", "path": "./.github/workflows/ci.yml", "pinned": true}},
		{"${{ matrix.action }}", false, map[string]any{"type": "action", "owner": "${{ matrix.action }}", "repo": "", "path": "", "ref": "", "pinned": false, "expr": true}},
		{"actions/checkout@${{ inputs.sha }}", false, map[string]any{"type": "action", "owner": "actions", "repo": "checkout", "path": "", "ref": "${{ inputs.sha }}", "pinned": false, "expr": true}},
	}
	for _, tt := range tests {
		tt.want["raw"] = tt.raw
		if got := parseUses(tt.raw, tt.job); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s:\n got %v\nwant %v", tt.raw, got, tt.want)
		}
	}
}
