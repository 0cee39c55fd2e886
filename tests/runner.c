/* SPDX-License-Identifier: MIT */
/* The test runner: every suite, or those named on the command line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"

static const struct {
	const char *name;
	Suite *(*make)(void);
} suites[] = {
	{ "numeral", numeral_suite },
	{ "segment", segment_suite },
	{ "rules", rules_suite },
	{ "facts", facts_suite },
	{ "schema", schema_suite },
	{ "cli", cli_suite },
	{ "golden", golden_suite },
	{ "oom", oom_suite },
	{ "intake", intake_suite },
	{ "batch", batch_suite },
	{ "diff", diff_suite },
	{ "history", history_suite },
	{ "gazetteer", gazetteer_suite },
	{ "export", export_suite },
};

int
main(int argc, char **argv)
{
	SRunner *sr = NULL;

	if (getenv("OBLIX_SRCDIR"))
		ob_test_srcdir = getenv("OBLIX_SRCDIR");
	if (getenv("OBLIX_SHAREDDIR"))
		ob_test_shareddir = getenv("OBLIX_SHAREDDIR");
	for (size_t k = 0; k < sizeof suites / sizeof *suites; k++) {
		bool want = argc < 2;
		for (int i = 1; i < argc; i++)
			want |= !strcmp(argv[i], suites[k].name);
		if (!want)
			continue;
		if (!sr)
			sr = srunner_create(suites[k].make());
		else
			srunner_add_suite(sr, suites[k].make());
	}
	if (!sr) {
		fprintf(stderr, "no such suite\n");
		return 2;
	}
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
