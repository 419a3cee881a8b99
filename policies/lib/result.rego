# METADATA
# description: Builders for the findings rules return (see docs/input.md).
package nhilint.lib.result

# METADATA
# description: A finding on one key of a node ("" for the node itself).
at(node, key, msg) := {"node": node.id, "key": key, "msg": msg}

# METADATA
# description: |
#   A finding about a secret value. nhilint masks the value in every output and
#   never prints it whole; msg must only ever contain mask(secret).
secret_at(node, key, msg, secret) := {"node": node.id, "key": key, "msg": msg, "secret": secret}

# METADATA
# description: A related location for a finding.
related(node, key, msg) := {"node": node.id, "key": key, "msg": msg}

# METADATA
# description: The finding f with related locations attached.
with_related(f, rel) := object.union(f, {"related": rel})

# METADATA
# description: A secret shown safely - its first and last four characters when long enough, else nothing.
mask(s) := sprintf("%s…%s", [substring(s, 0, 4), substring(s, count(s) - 4, 4)]) if count(s) >= 16

mask(s) := "****" if count(s) < 16

# METADATA
# description: |
#   The finding f with a code flow: the ordered steps, each {"node", "key", "msg"}, from where
#   an attack starts to what it reaches (SARIF codeFlows).
with_flow(f, flow) := object.union(f, {"flow": flow})
