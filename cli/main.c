#include <errno.h>
#include <string.h>

#include "oblix/oblix.h"

int
main(int argc, char **argv)
{
	int r = ob_cli_main(argc, argv, stdout, stderr);
	/* ob_cli_main flushed and checked standard output; closing it can
	 * still fail (a file system that reports errors on close) */
	if (fclose(stdout) && r == 0) {
		fprintf(stderr, "oblix: error: [OB-022] cannot write to standard output: %s\n",
		    strerror(errno));
		r = 1;
	}
	return r;
}
