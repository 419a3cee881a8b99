# METADATA
# description: |
#   The single entrypoint: every finding of every rule package under
#   data.nhilint.rules.<family>.<name>, tagged with its rule path.
package nhilint.main

findings contains f if {
	some family, name
	some x in data.nhilint.rules[family][name].findings
	f := object.union(x, {"rule": concat("/", [family, name])})
}
