package nhilint.lib.result_test

import data.nhilint.lib.result

test_success_mask_long if {
	result.mask("AKIAIOSFODNN7EXAMPLE") == "AKIA…MPLE"
}

test_success_mask_short if {
	result.mask("hunter2") == "****"
}

test_success_at if {
	result.at({"id": "f#jobs.a"}, "if", "m") == {"node": "f#jobs.a", "key": "if", "msg": "m"}
}
