/* SPDX-License-Identifier: MIT */
/* The command's tables (see cli.c), for the tests that check the help,
 * the manual pages, the README and the completions against them. */
#ifndef OB_CLI_H
#define OB_CLI_H

#include <stdbool.h>

/* An option: its long name, its short letter (or a key >= 256 when it has
 * none), whether it takes a value (getopt_long's no_argument,
 * required_argument, optional_argument), the value's name in --help, and
 * its help when the command gives none of its own. */
typedef struct ob__cli_option {
	const char *name;
	int key;
	int has_arg;
	const char *arg;
	const char *help;
	const char *const *choices; /* the values it takes, when a few words */
} ob__cli_option;

/* An option as a command takes it, with the command's own help (NULL:
 * the option's). */
typedef struct ob__cli_use {
	int key;
	const char *help;
} ob__cli_use;

struct ob__cli;
struct ob__cli_args;

/* A command: everything oblix needs to parse, run, document and complete
 * it.  Adding a command is adding one of these. */
typedef struct ob__cli_command {
	const char *name;
	const char *synopsis;  /* usage lines after "oblix NAME ", '\n' between */
	const char *summary;   /* one line for "oblix --help" */
	const char *values[8]; /* what --format takes, the default first;
				* none when it has no --format */
	const char *operands;  /* what the shell completes: "files",
				* "commands", "shells", or "" for nothing */
	int min, max;          /* operands; max < 0: any number */
	bool meta;             /* about oblix itself: described in oblix(1),
				* no manual page of its own */
	int (*run)(struct ob__cli *c, struct ob__cli_args *a);
	ob__cli_use opts[24];  /* up to the first key 0; -h and -V are
				* every command's */
} ob__cli_command;

/* The commands, *n of them (static). */
const ob__cli_command *ob__cli_commands(size_t *n);
/* The option of that key, or of that long name (static); NULL when none. */
const ob__cli_option *ob__cli_option_of(int key);
const ob__cli_option *ob__cli_option_of_name(const char *name);

/* The options a command takes, its own then -h and -V, into v with their
 * help for that command into help (both of OB__CLI_MAX_OPTIONS); their
 * number. */
#define OB__CLI_MAX_OPTIONS 26
size_t ob__cli_options_of(const ob__cli_command *cmd, const ob__cli_option **v,
			  const char **help);

#endif
