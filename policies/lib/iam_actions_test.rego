package nhilint.lib.iam_actions_test

import data.nhilint.lib.iam_actions

test_write_and_permissions_levels if {
	iam_actions.levels.iam.attachrolepolicy == "permissions"
	iam_actions.levels.s3.putobject == "write"
	iam_actions.levels.acm.addtagstocertificate == "tagging"
}

test_read_and_list_actions_absent if {
	every pair in [["iam", "getrole"], ["ec2", "describeinstances"], ["s3", "listbucket"]] {
		not object.get(iam_actions.levels, pair, false)
	}
}

test_keys_are_lower_case if {
	bad := {[svc, a] |
		some svc, actions in iam_actions.levels
		some a, _ in actions
		a != lower(a)
	}
	count(bad) == 0
}

test_levels_are_known if {
	bad := {lvl |
		some actions in iam_actions.levels
		some lvl in actions
		not lvl in {"permissions", "write", "tagging"}
	}
	count(bad) == 0
}
