# METADATA
# description: |
#   Shared Terraform helpers (see docs/input-terraform.md): resources by type, known
#   values (an unknown value is {"unknown": true, "expr": ...} and is never a string), and
#   how to name a resource in a message.
package nhilint.lib.terraform

# METADATA
# description: The managed resources (not data sources) of the given types.
resources(types) := {r |
	some type in types
	some r in _by_type.managed[type]
}

# METADATA
# description: The data sources of the given types.
data_sources(types) := {r |
	some type in types
	some r in _by_type.data[type]
}

# Every resource by mode, type and id, built in one pass (object.union_n merges
# the nested objects), so that a lookup by type does not scan every resource.
_by_type := object.union_n([{r.mode: {r.type: {r.id: r}}} | some r in input.tf_resources])

# METADATA
# description: The known string at name in a resource's values, undefined when absent or unknown.
str(r, name) := v if {
	v := r.values[name]
	is_string(v)
}

# METADATA
# description: Whether v is a value the module does not decide.
is_unknown(v) if {
	is_object(v)
	v.unknown == true
}

# METADATA
# description: The source expression of an unknown value.
expr(v) := v.expr if is_unknown(v)

# METADATA
# description: |
#   How a message names a resource - its address (module path, type, name, index), and for
#   a resource of a called module the root module that calls it: a module called from two
#   roots is written once but yields two findings at the same place.
describe(r) := r.address if not _in_called_module(r)

describe(r) := sprintf("%s (called from %s)", [r.address, _root(r.id)]) if _in_called_module(r)

# The module of a resource of a called module is "<root dir>#module.a"; a root module's
# or a plan's id has no "#".
_in_called_module(r) if contains(object.get(r, "module", ""), "#")

# METADATA
# description: How a message names a module instance - its directory, or its address and caller.
describe_module(m) := m.dir if m.address == ""

describe_module(m) := sprintf("%s (called from %s)", [m.address, _root(m.id)]) if m.address != ""

_root(id) := split(id, "#")[0]

# METADATA
# description: The first nested block of a type, undefined when absent.
block(r, name) := r.values[name][0] if {
	is_array(r.values[name])
	count(r.values[name]) > 0
}
