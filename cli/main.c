/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <string.h>
#ifdef __linux__
#include <malloc.h>
#endif

#include "oblix/oblix.h"

int
main(int argc, char **argv)
{
#ifdef M_MMAP_THRESHOLD
	/* A notice's buffers and record arrays grow by doubling through
	 * sizes glibc would map one by one, each mapping faulted in page by
	 * page and unmapped when it grows again; from the heap the freed
	 * space is used again.  Only a block over 32 MB gets a mapping of its
	 * own.  (16.8 MB notice: CPU time -8%, peak RSS +3.5 MB.) */
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
#endif
#ifdef M_TRIM_THRESHOLD
	/* nor is the top of the heap given back each time a large block
	 * there is freed, only to be faulted in again by the next one: a
	 * command runs once, and its memory goes back when it exits */
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
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
