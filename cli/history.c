/*
 * oblix history [--format=xml|text|csv|html] EDITION EDITION…
 *
 * Its own option table, read by getopt_long, so that the command joins
 * the program's table as it is.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "history.h"
#include "history_cmd.h"

#define EXIT_USAGE 2

static const char usage[] =
	"usage: oblix history [--format=xml|text|csv|html] EDITION EDITION...\n"
	"       (two or more notices or oblix XML files, oldest first)\n";

static const struct option options[] = {
	{ "format", required_argument, NULL, 'f' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int
ob__cli_history(int argc, char **argv, FILE *out, FILE *errout)
{
	const char *format = "xml";
	int c;

	optind = 0; /* GNU: start afresh, the CLI may run many times in a process */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+f:h", options, NULL)) != -1) {
		switch (c) {
		case 'f':
			format = optarg;
			break;
		case 'h':
			return fputs(usage, out) == EOF ? 1 : 0;
		default:
			fprintf(errout, "oblix: history: unknown option or missing value: %s\n%s",
			    argv[optind - 1], usage);
			return EXIT_USAGE;
		}
	}
	if (argc - optind < 2 || (strcmp(format, "xml") && strcmp(format, "text") &&
	    strcmp(format, "csv") && strcmp(format, "html"))) {
		fputs(usage, errout);
		return EXIT_USAGE;
	}
	ob_error e = { 0 };
	char *xml = NULL;
	size_t xl = 0;
	FILE *dest = strcmp(format, "xml") ? open_memstream(&xml, &xl) : out;
	int r = dest ? ob__history_run(argv + optind, (size_t)(argc - optind), dest, &e)
	    : OB_ERR_NOMEM;
	if (dest && dest != out && fclose(dest) && !r)
		r = OB_ERR_NOMEM;
	if (!r && dest != out) {
		FILE *in = fmemopen(xml, xl, "rb");
		r = in ? ob__history_render(in, format, out) : OB_ERR_NOMEM;
		if (in)
			fclose(in);
		if (r) {
			ob__error_set(&e, r, 22, 0, "cannot write the output");
			e.file = "<stdout>";
			ob_error_print(&e, 0, errout);
		}
		free(xml);
		return r ? 1 : 0;
	}
	free(xml);
	if (r) {
		if (!e.code)
			e.code = r;
		if (!e.file)
			e.file = argv[optind];
		ob_error_print(&e, 0, errout);
		return 1;
	}
	return 0;
}
