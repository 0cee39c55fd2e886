/* oblix history: the command (see history.c). */
#ifndef OB_HISTORY_CMD_H
#define OB_HISTORY_CMD_H

#include <stdio.h>

/* Run "history" with its arguments (argv[0] is "history"); returns the
 * exit status: 0, 1 on error, 2 on a usage error. */
int ob__cli_history(int argc, char **argv, FILE *out, FILE *errout);

#endif
