package ghactions

import (
	"regexp"
	"strings"
)

// Kinds of `uses` values (docs/input.md, "uses").
const (
	usesAction   = "action"
	usesLocal    = "local"
	usesDocker   = "docker"
	usesReusable = "reusable"
)

// fullSHA is a full-length commit SHA: the only ref that cannot move.
var fullSHA = regexp.MustCompile(`^[0-9a-fA-F]{40}$`)

// parseUses splits a `uses:` value. job is true for a job-level uses (a
// reusable workflow call). The forms are documented at
// https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idstepsuses
func parseUses(raw string, job bool) map[string]any {
	u := map[string]any{"raw": raw}
	if strings.Contains(raw, "${{") {
		u["expr"] = true
	}
	v := strings.TrimSpace(raw)
	switch {
	case strings.HasPrefix(v, "./") || strings.HasPrefix(v, "../"):
		// The repository's own code, at the commit being run.
		u["type"], u["path"], u["pinned"] = usesLocal, v, true
	case strings.HasPrefix(v, "docker://"):
		u["type"] = usesDocker
		dockerRef(u, strings.TrimPrefix(v, "docker://"))
	default:
		u["type"] = usesAction
		if job {
			u["type"] = usesReusable
		}
		repoRef(u, v)
	}
	return u
}

// repoRef fills owner, repo, path, ref and pinned from
// "owner/repo[/path]@ref".
func repoRef(u map[string]any, v string) {
	name, ref, _ := strings.Cut(v, "@")
	parts := strings.SplitN(name, "/", 3)
	u["owner"], u["repo"], u["path"] = parts[0], "", ""
	if len(parts) > 1 {
		u["repo"] = parts[1]
	}
	if len(parts) > 2 {
		u["path"] = parts[2]
	}
	u["ref"] = ref
	u["pinned"] = fullSHA.MatchString(ref) && u["expr"] == nil
}

// dockerRef fills image, ref (the tag), digest and pinned from
// "[registry[:port]/]image[:tag][@sha256:…]".
func dockerRef(u map[string]any, v string) {
	image, digest, _ := strings.Cut(v, "@")
	tag := ""
	// A tag's colon comes after the last slash; an earlier one is a port.
	if i := strings.LastIndexByte(image, ':'); i > strings.LastIndexByte(image, '/') {
		image, tag = image[:i], image[i+1:]
	}
	u["image"], u["ref"] = image, tag
	if digest != "" {
		u["digest"] = digest
	}
	u["pinned"] = strings.HasPrefix(digest, "sha256:") && len(digest) > len("sha256:") && u["expr"] == nil
}
