# METADATA
# description: |
#   GitHub Actions nodes as the cloud and permission rules walk them: every step
#   (workflow jobs and composite actions), every node that carries env, the
#   secrets an expression field reads, and short descriptions for messages.
#   The collections are objects keyed by node id, not sets of nodes (iterating
#   a set sorts it, comparing whole nodes), and complete rules, not partial
#   ones: OPA caches a complete rule once per query, while each lookup of a
#   partial object by key re-runs its body over every job.
package nhilint.lib.ghanodes

import data.nhilint.lib.gha

# METADATA
# description: Every job of every workflow.
jobs := {job.id: job |
	some wf in input.gha_workflows
	some job in wf.jobs
}

# METADATA
# description: Every step, of workflow jobs and of composite actions.
steps := {step.id: step |
	some parent in array.concat([job | some job in jobs], [action | some action in input.gha_actions])
	some step in parent.steps
}

# METADATA
# description: Every node with an env map (workflows, jobs, steps).
env_nodes := {node.id: node |
	some node in array.concat(array.concat(input.gha_workflows, [j | some j in jobs]), [s | some s in steps])
	node.env
}

# METADATA
# description: The names of the secrets read by the expressions in one field of a node ("with.creds", "env.X", "run").
secrets_in(node, field) := {s |
	some e in node.exprs
	e.field == field
	some s in object.get(e, "secrets", [])
}

# METADATA
# description: |
#   A short description of a node for messages, e.g. `step "Deploy" in job "release"`
#   (the same phrasing as lib/gha's uses_sites).
describe(node) := sprintf("workflow %q", [_workflow_name(node)]) if node.kind == "gha.workflow"

describe(node) := sprintf("job %q", [gha.job_label(node)]) if node.kind == "gha.job"

describe(node) := sprintf("step %q in job %q", [gha.step_label(node), gha.job_label(jobs[node.job])]) if {
	node.kind == "gha.step"
	jobs[node.job]
}

describe(node) := sprintf("step %q of action %q", [gha.step_label(node), _action_name(_actions[node.job])]) if {
	node.kind == "gha.step"
	_actions[node.job]
}

# A step whose parent is not in the input still gets a description, so no finding is lost.
describe(node) := sprintf("step %q", [gha.step_label(node)]) if {
	node.kind == "gha.step"
	not jobs[node.job]
	not _actions[node.job]
}

describe(node) := sprintf("action %q", [_action_name(node)]) if node.kind == "gha.action"

_actions := {action.id: action | some action in input.gha_actions}

_workflow_name(wf) := wf.name if {
	wf.name != ""
} else := wf.file

_action_name(action) := object.get(action, "name", action.file)
