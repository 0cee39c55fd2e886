/* SPDX-License-Identifier: MIT */
/*
 * The oblix command.  A library function, so that tests and fuzzers run it
 * in-process; main() only calls it.
 *
 * Every command is one entry of `commands` below, naming its options from
 * the one table `options`.  getopt_long reads that table (so --format csv,
 * --format=csv, -fcsv, -j2, options after operands and "--" all work as
 * people expect), --help prints it, and the shell completions are
 * generated from it (oblix completion bash|zsh): none of them can drift
 * from what the parser accepts.  The tests check the manual pages and the
 * README against it too.
 *
 * Every byte written is checked: a command's output goes to standard
 * output or, with -o FILE, to a temporary file renamed over FILE only when
 * complete; at the end standard output is flushed and checked, and a
 * failure is an error (exit 1) naming what could not be written.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <json-c/json.h>
#include <libical/ical.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlversion.h>
#include <pcre2.h>
#include <unicode/uversion.h>

#include "batch.h"
#include "cli.h"
#include "complete.h"
#include "diff.h"
#include "history.h"
#include "error.h"
#include "gazetteer.h"
#include "export.h"
#include "io.h"
#include "model.h"

#define EXIT_USAGE 2
#define DEFAULT_MAX_SIZE ((size_t)64 << 20)

/* Keys of the options without a short form. */
enum {
	O_ENCODING = 256,
	O_MAX_SIZE,
	O_FORCE,
	O_NO_INDEX,
	O_FSYNC,
	O_PARAGRAPHS,
	O_SENTENCES,
	O_WORDS,
	O_TEXT,
	O_COLOR,
	O_EXIT_CODE,
	O_PREVIOUS,
	O_GAZETTEER,
	O_FILES_FROM,
	O_INCLUDE,
	O_EXCLUDE,
	O_FOLLOW,
	O_PRUNE,
};

static const char *const color_modes[] = { "auto", "always", "never", NULL };

static const ob__cli_option options[] = {
	{ "help", 'h', no_argument, NULL, "show this help and exit", NULL },
	{ "version", 'V', no_argument, NULL,
	  "show the versions of oblix, ICU, PCRE2 and libxml2 and exit", NULL },
	{ "format", 'f', required_argument, "FORMAT", "the output format", NULL },
	{ "output", 'o', required_argument, "FILE",
	  "write to FILE (whole or not at all) instead of standard output", NULL },
	{ "outdir", 'O', required_argument, "DIR",
	  "convert every input into DIR, mirroring their paths (a batch)", NULL },
	{ "jobs", 'j', required_argument, "N", "N worker threads (default: one per core)", NULL },
	{ "quiet", 'q', no_argument, NULL, "print less", NULL },
	{ "encoding", O_ENCODING, required_argument, "NAME",
	  "decode with ICU's converter NAME (GB18030, Big5, ...), not by detection", NULL },
	{ "max-size", O_MAX_SIZE, required_argument, "BYTES",
	  "refuse inputs over BYTES (K, M, G allowed; default 64M)", NULL },
	{ "force", O_FORCE, no_argument, NULL,
	  "convert even the inputs whose output is up to date", NULL },
	{ "no-index", O_NO_INDEX, no_argument, NULL, "write no manifest DIR/index.xml", NULL },
	{ "fsync", O_FSYNC, no_argument, NULL,
	  "put each output on disk before it is linked, not all at the end", NULL },
	{ "paragraphs", O_PARAGRAPHS, no_argument, NULL, "the cleaned paragraphs", NULL },
	{ "sentences", O_SENTENCES, no_argument, NULL,
	  "sentences, each cut at the Chinese semicolon (the default)", NULL },
	{ "words", O_WORDS, no_argument, NULL, "words, by ICU's dictionary word break", NULL },
	{ "text", O_TEXT, no_argument, NULL,
	  "the text oblix draws from the file, which positions count in: the "
	  "decoded text, or the page a Word or Excel file is read as", NULL },
	{ "color", O_COLOR, optional_argument, "WHEN",
	  "colour: auto (on a terminal, unless NO_COLOR is set), always, never",
	  color_modes },
	{ "exit-code", O_EXIT_CODE, no_argument, NULL,
	  "exit 1 when the notices differ, 0 when not, 2 on trouble", NULL },
	{ "gazetteer", O_GAZETTEER, required_argument, "FILE",
	  "add the government bodies of FILE (the format of oblix agencies) to the "
	  "built-in gazetteer", NULL },
	{ "previous", O_PREVIOUS, required_argument, "FILE",
	  "the calendar written last time: a changed obligation gets a higher SEQUENCE", NULL },
	{ "files-from", O_FILES_FROM, required_argument, "FILE",
	  "read the inputs from FILE ('-': standard input), one per line", NULL },
	{ "null", '0', no_argument, NULL,
	  "the names of --files-from end with a NUL byte, not a newline (find -print0)", NULL },
	{ "include", O_INCLUDE, required_argument, "GLOB",
	  "of the files under an input directory, convert only those matching GLOB "
	  "(its name, or its path below the directory when GLOB has a '/'); repeatable",
	  NULL },
	{ "exclude", O_EXCLUDE, required_argument, "GLOB",
	  "leave out the files and directories under an input directory that match GLOB; "
	  "repeatable", NULL },
	{ "follow", O_FOLLOW, no_argument, NULL,
	  "follow symbolic links inside directories (a link given as an operand always is)",
	  NULL },
	{ "prune", O_PRUNE, no_argument, NULL,
	  "remove from DIR the documents no input of this run made (of inputs deleted "
	  "or not given)", NULL },
};

typedef struct ob__cli {
	FILE *out;    /* where the command writes: stdout, or the -o file */
	FILE *err;
	FILE *stdout_fp;
	ob__output file;
	const char *cmd;
	bool exit_code, differ; /* diff --exit-code, and its answer */
	int write_errno;        /* why a write to the output failed */
} cli;

typedef struct ob__cli_args {
	const ob__cli_command *cmd;
	const char *format, *encoding, *output, *outdir, *previous, *gazetteer;
	const char *files_from;
	char **include, **exclude; /* globs, as many as given */
	int ninclude, nexclude;
	size_t max_size;
	int jobs;
	int mode;  /* segment: 0 paragraphs, 1 sentences, 2 words */
	int color; /* 0 never, 1 always, 2 auto */
	bool quiet, force, no_index, fsync, exit_code, null, follow, prune;
	bool batch_only; /* an option only a batch takes given */
	bool differ;     /* diff: the two notices differ */
	char **files;
	int nfiles;
} args;

static int cmd_extract(cli *c, args *a);
static int cmd_validate(cli *c, args *a);
static int cmd_export(cli *c, args *a);
static int cmd_diff(cli *c, args *a);
static int cmd_segment(cli *c, args *a);
static int cmd_help(cli *c, args *a);
static int cmd_version(cli *c, args *a);
static int cmd_completion(cli *c, args *a);
static int cmd_history(cli *c, args *a);
static int cmd_agencies(cli *c, args *a);

static const ob__cli_command commands[] = {
	{ "extract", "[options] FILE|-\n-O DIR [options] INPUT...",
	  "read a notice and write its obligations as XML (or convert many)",
	  { "xml", "facts" }, "files", 1, -1, false, cmd_extract, {
		{ 'f', NULL },
		{ 'o', "write to FILE (whole or not at all); with several inputs, "
		       "a directory input or a batch option, the same as -O" },
		{ 'O', NULL }, { 'j', NULL },
		{ 'q', "no warnings; in a batch no progress bar and no summary" },
		{ O_ENCODING, NULL }, { O_MAX_SIZE, NULL }, { O_FORCE, NULL },
		{ O_NO_INDEX, NULL }, { O_FSYNC, NULL }, { O_GAZETTEER, NULL },
		{ O_FILES_FROM, NULL }, { '0', NULL }, { O_INCLUDE, NULL }, { O_EXCLUDE, NULL },
		{ O_FOLLOW, NULL }, { O_PRUNE, NULL } } },
	{ "validate", "[options] FILE.xml...|DIR...|-",
	  "check documents oblix wrote against their schema",
	  { NULL }, "files", 1, -1, false, cmd_validate, {
		{ 'q', "print nothing for a valid document" }, { O_FOLLOW, NULL } } },
	{ "export", "[options] FILE...|DIR...|-",
	  "the obligations of notice documents as CSV, JSON Lines or iCalendar",
	  { "csv", "jsonl", "ics" }, "files", 1, -1, false, cmd_export, {
		{ 'f', NULL }, { 'o', NULL }, { O_PREVIOUS, NULL }, { O_FOLLOW, NULL } } },
	{ "diff", "[options] OLD NEW",
	  "what changed between two notices",
	  { "xml", "text", "html", "json", "csv" }, "files", 2, 2, false, cmd_diff, {
		{ 'f', NULL }, { 'o', NULL }, { O_COLOR, NULL }, { O_EXIT_CODE, NULL },
		{ 'q', "print nothing; exit 1 when the notices differ, 0 when not (implies "
		  "--exit-code)" } } },
	{ "history", "[options] EDITION EDITION...",
	  "follow each task of a plan through its editions, oldest first",
	  { "xml", "text", "csv", "html", "json" }, "files", 2, -1, false, cmd_history, {
		{ 'f', NULL }, { 'o', NULL } } },
	{ "agencies", "[options] [NAME...]",
	  "list the gazetteer of government bodies oblix knows, or look bodies up",
	  { NULL }, "", 0, -1, false, cmd_agencies, {
		{ 'o', NULL }, { O_GAZETTEER, NULL } } },
	{ "segment", "[options] FILE|-",
	  "show the paragraphs, sentences or words oblix reads in a notice",
	  { NULL }, "files", 1, 1, false, cmd_segment, {
		{ O_PARAGRAPHS, NULL }, { O_SENTENCES, NULL }, { O_WORDS, NULL }, { O_TEXT, NULL },
		{ O_ENCODING, NULL }, { O_MAX_SIZE, NULL } } },
	{ "help", "[COMMAND]", "show the usage of oblix or of a command",
	  { NULL }, "commands", 0, 1, true, cmd_help, { { 0, NULL } } },
	{ "version", "", "show the versions of oblix and its libraries",
	  { NULL }, "", 0, 0, true, cmd_version, { { 0, NULL } } },
	{ "completion", "bash|zsh|fish", "print the shell completion script",
	  { NULL }, "shells", 1, 1, true, cmd_completion, { { 0, NULL } } },
};

#define NCOMMANDS (sizeof commands / sizeof *commands)
#define NOPTIONS (sizeof options / sizeof *options)

const ob__cli_command *
ob__cli_commands(size_t *n)
{
	*n = NCOMMANDS;
	return commands;
}

const ob__cli_option *
ob__cli_option_of_name(const char *name)
{
	for (size_t k = 0; k < NOPTIONS; k++)
		if (!strcmp(options[k].name, name))
			return &options[k];
	return NULL;
}

const ob__cli_option *
ob__cli_option_of(int key)
{
	for (size_t k = 0; k < NOPTIONS; k++)
		if (options[k].key == key)
			return &options[k];
	return NULL;
}

static const ob__cli_command *
command_named(const char *name)
{
	for (size_t k = 0; k < NCOMMANDS; k++)
		if (!strcmp(commands[k].name, name))
			return &commands[k];
	return NULL;
}

size_t
ob__cli_options_of(const ob__cli_command *cmd, const ob__cli_option **v, const char **help)
{
	size_t n = 0;
	for (size_t k = 0; k < sizeof cmd->opts / sizeof *cmd->opts && cmd->opts[k].key; k++) {
		v[n] = ob__cli_option_of(cmd->opts[k].key);
		help[n] = cmd->opts[k].help ? cmd->opts[k].help : v[n]->help;
		n++;
	}
	v[n] = ob__cli_option_of('h'), help[n] = v[n]->help, n++;
	v[n] = ob__cli_option_of('V'), help[n] = v[n]->help, n++;
	return n;
}

/* ---- help ---- */

static void
print_synopsis(FILE *out, const ob__cli_command *cmd, const char *first)
{
	const char *s = cmd->synopsis;
	const char *lead = first;
	do {
		const char *nl = strchr(s, '\n');
		int len = nl ? (int)(nl - s) : (int)strlen(s);
		fprintf(out, "%s oblix %s%s%.*s\n", lead, cmd->name, len ? " " : "", len, s);
		lead = "      ";
		s = nl ? nl + 1 : NULL;
	} while (s);
}

static void
print_usage(FILE *out)
{
	fprintf(out, "usage: oblix COMMAND [options] [FILE...]\n\ncommands:\n");
	for (size_t k = 0; k < NCOMMANDS; k++)
		fprintf(out, "  %-11s %s\n", commands[k].name, commands[k].summary);
	fprintf(out, "\noptions:\n  -h, --help     show this help and exit\n"
	    "  -V, --version  show the versions of oblix and its libraries and exit\n"
	    "\n'oblix COMMAND --help' or 'oblix help COMMAND' shows a command's"
	    " options;\n'man oblix' and 'man oblix-COMMAND' tell more.\n"
	    "'-' reads standard input; '--' ends the options.\n");
}

/* The command nearest a mistyped name (at most two edits, or the name a
 * prefix of one), as git suggests; NULL when none is that near. */
static const char *
nearest_command(const char *name, const char **tie)
{
	const char *best = NULL;
	size_t bd = 3, n = strlen(name);
	*tie = NULL;
	for (size_t k = 0; k < NCOMMANDS; k++) {
		const char *c = commands[k].name;
		size_t m = strlen(c), d;
		if (n >= 2 && n < m && !strncmp(c, name, n)) {
			d = 1;
		} else if (n > 32 || m > 32) {
			continue;
		} else {
			/* Levenshtein distance, one row at a time */
			size_t row[33];
			for (size_t j = 0; j <= m; j++)
				row[j] = j;
			for (size_t i = 1; i <= n; i++) {
				size_t diag = row[0];
				row[0] = i;
				for (size_t j = 1; j <= m; j++) {
					size_t up = row[j];
					size_t sub = diag + (name[i - 1] != c[j - 1]);
					size_t del = row[j] + 1, ins = row[j - 1] + 1;
					row[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
					diag = up;
				}
			}
			d = row[m];
		}
		if (d < bd) {
			bd = d;
			best = c;
			*tie = NULL;
		} else if (d == bd && best && !*tie) {
			*tie = c;
		}
	}
	return best;
}

static void
print_help(FILE *out, const ob__cli_command *cmd)
{
	const ob__cli_option *v[OB__CLI_MAX_OPTIONS];
	const char *help[OB__CLI_MAX_OPTIONS];
	size_t n = ob__cli_options_of(cmd, v, help);

	print_synopsis(out, cmd, "usage:");
	fprintf(out, "\n%c%s.\n\noptions:\n", cmd->summary[0] - 'a' + 'A', cmd->summary + 1);
	for (size_t k = 0; k < n; k++) {
		char *head = NULL;
		const char *arg = v[k]->has_arg == required_argument ? "=" : "[=";
		if (asprintf(&head, "%c%c%c --%s%s%s%s",
		    v[k]->key < 256 ? '-' : ' ', v[k]->key < 256 ? v[k]->key : ' ',
		    v[k]->key < 256 ? ',' : ' ', v[k]->name,
		    v[k]->arg ? arg : "", v[k]->arg ? v[k]->arg : "",
		    v[k]->has_arg == optional_argument ? "]" : "") < 0)
			return;
		char *text = NULL;
		size_t tl = 0;
		FILE *m = open_memstream(&text, &tl);
		if (!m) {
			free(head);
			return;
		}
		fputs(help[k], m);
		for (int j = 0; v[k]->key == 'f' && cmd->values[j]; j++)
			fprintf(m, "%s%s%s", j ? ", " : ": ", cmd->values[j],
			    j ? "" : " (the default)");
		fclose(m);
		/* the help in a column beside the heads, wrapped to 79 */
		fprintf(out, "  %-24s", head);
		int col = 26;
		for (char *w = text ? strtok(text, " ") : NULL; w; w = strtok(NULL, " ")) {
			int wl = (int)strlen(w);
			if (col > 26 && col + 1 + wl > 79) {
				fprintf(out, "\n%26s", "");
				col = 26;
			}
			fprintf(out, " %s", w);
			col += 1 + wl;
		}
		fputc('\n', out);
		free(text);
		free(head);
	}
}

/* "unknown format 'json' (xml, facts)" and the like: exit 2. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int
usage_error(cli *c, const char *fmt, ...)
{
	va_list ap;
	fprintf(c->err, "oblix%s%s: ", c->cmd ? " " : "", c->cmd ? c->cmd : "");
	va_start(ap, fmt);
	vfprintf(c->err, fmt, ap);
	va_end(ap);
	if (c->cmd)
		fprintf(c->err, "\nTry 'oblix %s --help'.\n", c->cmd);
	else
		fprintf(c->err, "\nTry 'oblix --help'.\n");
	return EXIT_USAGE;
}

static bool
one_of(const char *value, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(*list, value))
			return true;
	return false;
}

/* The words of a list with sep between. */
static void
put_list(FILE *out, const char *const *list, const char *sep)
{
	for (int k = 0; list[k]; k++)
		fprintf(out, "%s%s", k ? sep : "", list[k]);
}

/* "unknown format 'json' (xml, facts)": exit 2. */
static int
bad_value(cli *c, const char *what, const char *value, const char *const *list)
{
	fprintf(c->err, "oblix %s: unknown %s '%s' (", c->cmd, what, value);
	put_list(c->err, list, ", ");
	fprintf(c->err, ")\nTry 'oblix %s --help'.\n", c->cmd);
	return EXIT_USAGE;
}


/* ---- options ---- */

static int
parse_size(const char *s, size_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s || v == 0 || *s == '-')
		return -1;
	int shift = *end == 'K' || *end == 'k' ? 10 : *end == 'M' || *end == 'm' ? 20
	    : *end == 'G' || *end == 'g' ? 30 : 0;
	if (shift)
		end++;
	if (*end || v > (SIZE_MAX >> shift))
		return -1;
	*out = (size_t)v << shift;
	return 0;
}

static int
set_option(cli *c, args *a, int key, const char *value)
{
	switch (key) {
	case 'f':
		if (!one_of(value, a->cmd->values))
			return bad_value(c, "format", value, a->cmd->values);
		a->format = value;
		break;
	case 'o':
		a->output = value;
		break;
	case 'O':
		a->outdir = value;
		break;
	case 'j': {
		char *end;
		long j = strtol(value, &end, 10);
		if (*end || end == value || j < 1 || j > 1024)
			return usage_error(c, "-j takes a number of threads (1 to 1024), not '%s'",
			    value);
		a->jobs = (int)j;
		a->batch_only = true;
		break;
	}
	case 'q':
		a->quiet = true;
		break;
	case O_ENCODING:
		a->encoding = value;
		break;
	case O_MAX_SIZE:
		if (parse_size(value, &a->max_size))
			return usage_error(c, "--max-size takes a size in bytes (K, M, G allowed), "
			    "not '%s'", value);
		/* the model keeps offsets in 31 bits: no input is read past 2 GiB */
		if (a->max_size > INT32_MAX)
			return usage_error(c, "--max-size '%s' is over the largest input oblix "
			    "reads, 2G less one byte", value);
		break;
	case O_FORCE:
		a->force = a->batch_only = true;
		break;
	case O_NO_INDEX:
		a->no_index = a->batch_only = true;
		break;
	case O_FSYNC:
		a->fsync = a->batch_only = true;
		break;
	case O_PARAGRAPHS:
	case O_SENTENCES:
	case O_WORDS:
	case O_TEXT:
		a->mode = key - O_PARAGRAPHS;
		break;
	case O_COLOR:
		/* --color alone is --color=always, as in git */
		if (!value || !strcmp(value, "always"))
			a->color = 1;
		else if (!strcmp(value, "never"))
			a->color = 0;
		else if (!strcmp(value, "auto"))
			a->color = 2;
		else
			return bad_value(c, "colour mode", value, color_modes);
		break;
	case O_EXIT_CODE:
		a->exit_code = true;
		break;
	case O_PREVIOUS:
		a->previous = value;
		break;
	case O_GAZETTEER:
		a->gazetteer = value;
		break;
	case O_FILES_FROM:
		a->files_from = value;
		a->batch_only = true;
		break;
	case '0':
		a->null = true;
		break;
	case O_INCLUDE:
		a->include[a->ninclude++] = (char *)value;
		a->batch_only = true;
		break;
	case O_EXCLUDE:
		a->exclude[a->nexclude++] = (char *)value;
		a->batch_only = true;
		break;
	case O_FOLLOW:
		/* a batch option for extract; validate and export walk too */
		a->follow = true;
		a->batch_only |= !strcmp(a->cmd->name, "extract");
		break;
	case O_PRUNE:
		a->prune = a->batch_only = true;
		break;
	}
	return 0;
}

/* Read the options and operands of a command with getopt_long: options
 * anywhere (even with POSIXLY_CORRECT set: getopt_long hands operands
 * over in order instead of stopping at the first), "--" ends them, "-"
 * is an operand (standard input).  a->files is the caller's to free,
 * whatever is returned. */
static int
parse_args(cli *c, const ob__cli_command *cmd, int argc, char **argv, args *a)
{
	const ob__cli_option *v[OB__CLI_MAX_OPTIONS];
	const char *help[OB__CLI_MAX_OPTIONS];
	size_t n = ob__cli_options_of(cmd, v, help);
	struct option longopts[OB__CLI_MAX_OPTIONS + 1];
	char shortopts[3 * OB__CLI_MAX_OPTIONS + 3], *sp = shortopts;

	memset(a, 0, sizeof *a);
	a->cmd = cmd;
	a->max_size = DEFAULT_MAX_SIZE;
	a->mode = 1;
	a->color = 2;
	a->format = cmd->values[0];
	a->files = calloc((size_t)argc + 1, sizeof *a->files);
	a->include = calloc((size_t)argc + 1, sizeof *a->include);
	a->exclude = calloc((size_t)argc + 1, sizeof *a->exclude);
	if (!a->files || !a->include || !a->exclude)
		return usage_error(c, "out of memory");
	*sp++ = '-'; /* operands come as option 1, in order */
	*sp++ = ':'; /* a missing value is ':', not '?' */
	for (size_t k = 0; k < n; k++) {
		longopts[k] = (struct option){ v[k]->name, v[k]->has_arg, NULL, v[k]->key };
		if (v[k]->key < 256) {
			*sp++ = (char)v[k]->key;
			if (v[k]->has_arg != no_argument)
				*sp++ = ':';
			if (v[k]->has_arg == optional_argument)
				*sp++ = ':';
		}
	}
	*sp = '\0';
	longopts[n] = (struct option){ NULL, 0, NULL, 0 };

	optind = 0; /* GNU: start afresh (the CLI runs many times in-process) */
	opterr = 0;
	for (int k; (k = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1;) {
		if (k == 1) {
			a->files[a->nfiles++] = optarg;
			continue;
		}
		if (k == '?') {
			const char *arg = argv[optind - 1];
			if (!strncmp(arg, "--", 2)) {
				/* a long option: a value it takes none of, a prefix of
				 * several, or none at all */
				const char *name = arg + 2;
				size_t nl = strcspn(name, "=");
				int matches = 0;
				bool exact = false;
				char list[512] = "";
				for (int j = 0; longopts[j].name; j++) {
					if (strncmp(longopts[j].name, name, nl))
						continue;
					exact |= strlen(longopts[j].name) == nl;
					matches++;
					size_t ll = strlen(list);
					snprintf(list + ll, sizeof list - ll, "%s--%s", ll ? ", " : "",
					    longopts[j].name);
				}
				if ((exact || matches == 1) && name[nl] == '=')
					return usage_error(c, "option '--%.*s' takes no value", (int)nl, name);
				if (matches > 1 && !exact)
					return usage_error(c, "option '--%.*s' is ambiguous (%s)", (int)nl,
					    name, list);
				return usage_error(c, "unknown option '--%.*s'", (int)nl, name);
			}
			if (optopt > 0 && optopt < 256)
				return usage_error(c, "unknown option '-%c'", optopt);
			return usage_error(c, "unknown option '%s'", arg);
		}
		if (k == ':') {
			const ob__cli_option *o = ob__cli_option_of(optopt);
			if (o)
				return usage_error(c, "option '--%s' needs a value (%s)", o->name,
				    o->arg);
			return usage_error(c, "option '%s' needs a value", argv[optind - 1]);
		}
		if (k == 'h') {
			print_help(c->out, cmd);
			return -1;
		}
		if (k == 'V') {
			cmd_version(c, a);
			return -1;
		}
		int r = set_option(c, a, k, optarg);
		if (r)
			return r;
	}
	while (optind < argc) /* after "--" */
		a->files[a->nfiles++] = argv[optind++];
	/* no operand, and standard input a pipe or a file (not a terminal,
	 * not /dev/null): it is the input, as "-" would say */
	struct stat in;
	if (!a->nfiles && cmd->min == 1 && strstr(cmd->synopsis, "|-") && !a->outdir && !a->batch_only &&
	    fstat(STDIN_FILENO, &in) == 0 && (S_ISFIFO(in.st_mode) || S_ISREG(in.st_mode)))
		a->files[a->nfiles++] = "-";
	if (a->nfiles < cmd->min && !a->files_from)
		return usage_error(c, "%s", cmd->min == 1 && cmd->max == 1 ? "one operand needed"
		    : cmd->min == 2 ? "two operands needed" : "an operand is needed");
	if (cmd->max >= 0 && a->nfiles > cmd->max)
		return usage_error(c, "one operand too many: '%s'", a->files[cmd->max]);
	return 0;
}

/* ---- output ---- */

static int
write_failed(cli *c, const char *what, int errnum)
{
	ob_error e = { 0 };
	ob__error_set(&e, OB_ERR_IO, 22, 0, "cannot write %s: %s",
	    what ? "the output" : "to standard output",
	    strerror(errnum ? errnum : EIO));
	e.file = what ? what : "oblix";
	ob_error_print(&e, 0, c->err);
	return 1;
}

/* -o FILE: the command writes to a temporary file beside it. */
static int
open_output(cli *c, const char *path)
{
	if (!path || !strcmp(path, "-"))
		return 0;
	if (ob__output_open(&c->file, path)) {
		ob_error e = { 0 };
		ob__error_set(&e, OB_ERR_IO, 20, 0, "cannot create a temporary file for the output: %s",
		    strerror(errno));
		e.file = path;
		ob_error_print(&e, 0, c->err);
		return 1;
	}
	c->out = c->file.fp;
	return 0;
}

/* -o FILE: the output in place when the command succeeded, thrown away
 * when not.  (Standard output is checked by ob_cli_main.) */
static int
finish_output(cli *c, int status)
{
	if (c->file.fp) {
		if (status) {
			/* a write into FILE that failed is named here, as one
			 * to standard output is at the end */
			if (c->write_errno || ferror(c->file.fp))
				write_failed(c, c->file.path, c->write_errno);
			ob__output_abort(&c->file);
		} else if (ob__output_commit(&c->file))
			status = write_failed(c, c->file.path,
			    c->write_errno ? c->write_errno : errno);
		c->out = c->stdout_fp;
	}
	return status;
}

/* ---- reading notices ---- */

static void
on_warning(void *ud, const ob_error *w)
{
	ob_error_print(w, 1, ((cli *)ud)->err);
}

static int
fail(cli *c, ob_error *e, const char *file)
{
	if (!e->file)
		e->file = file;
	ob_error_print(e, 0, c->err);
	return 1;
}

static int
read_notice(cli *c, const args *a, const char *path, ob_notice **n)
{
	ob_ruleset *rs;
	ob_error e = { 0 };
	char *data = NULL;
	size_t len = 0;
	ob_options o = { .source = path, .max_size = a->max_size, .encoding = a->encoding,
		.warn = a->quiet ? NULL : on_warning, .warn_data = c };

	if (ob__cli_ruleset(a->gazetteer, &rs, &e))
		return fail(c, &e, a->gazetteer ? a->gazetteer : path);
	if (ob__read_all(path, a->max_size, &data, &len, &e)) {
		ob_ruleset_free(rs);
		return fail(c, &e, path);
	}
	/* the notice keeps data (or frees it) */
	int r = ob__notice_parse_take(rs, data, len, NULL, &o, n, &e);
	ob_ruleset_free(rs);
	return r ? fail(c, &e, path) : 0;
}

/* ---- the commands ---- */

static bool
is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* -o DIR stays a batch where it cannot mean one file: several inputs, a
 * directory among them, an existing directory, or a batch option. */
static bool
is_batch(const args *a)
{
	if (a->outdir)
		return true;
	if (!a->output)
		return false;
	if (a->nfiles > 1 || a->batch_only || is_dir(a->output))
		return true;
	return a->nfiles == 1 && strcmp(a->files[0], "-") && is_dir(a->files[0]);
}

/* The operands and the names of --files-from, in one list (*all, the
 * caller's to free with *buf). */
static int
batch_inputs(cli *c, const args *a, char ***all, int *n, char **buf)
{
	size_t len = 0;
	ob_error e = { 0 };
	*buf = NULL;
	*all = NULL;
	*n = 0;
	if (ob__read_all(a->files_from, (size_t)1 << 30, buf, &len, &e)) {
		if (!strcmp(a->files_from, "-"))
			e.file = "-";
		return fail(c, &e, a->files_from);
	}
	char sep = a->null ? '\0' : '\n';
	size_t names = 1;
	for (size_t k = 0; k < len; k++) {
		if ((*buf)[k] == sep)
			names++;
		else if (!(*buf)[k]) {
			/* a NUL cannot be in a name: the list was made with -print0 */
			ob__error_set(&e, OB_ERR_BINARY, 3, k,
			    "a NUL byte in a list of names one per line (give -0 for a list "
			    "that find -print0 wrote)");
			return fail(c, &e, a->files_from);
		}
	}
	if (names + (size_t)a->nfiles > INT32_MAX)
		return usage_error(c, "too many inputs");
	*all = calloc(names + (size_t)a->nfiles + 1, sizeof **all);
	if (!*all)
		return usage_error(c, "out of memory");
	for (int i = 0; i < a->nfiles; i++)
		(*all)[(*n)++] = a->files[i];
	for (char *p = *buf, *end = *buf + len; p < end;) {
		char *q = memchr(p, sep, (size_t)(end - p));
		if (!q)
			q = end;
		*q = '\0';
		size_t l = (size_t)(q - p);
		if (!a->null && l && p[l - 1] == '\r')
			p[--l] = '\0';
		if (l)
			(*all)[(*n)++] = p;
		p = q + 1;
	}
	return 0;
}

static int
cmd_extract(cli *c, args *a)
{
	if (a->null && !a->files_from)
		return usage_error(c, "-0 says how --files-from ends its names; no --files-from "
		    "was given");
	if (is_batch(a)) {
		if (a->outdir && a->output)
			return usage_error(c, "-O DIR and -o FILE together: which is it?");
		for (int i = 0; i < a->nfiles; i++)
			if (!strcmp(a->files[i], "-"))
				return usage_error(c, "a batch reads files and directories, "
				    "not standard input");
		if (strcmp(a->format, "xml"))
			return usage_error(c, "a batch writes XML only, not --format=%s", a->format);
		char **inputs = a->files, *buf = NULL;
		int ninputs = a->nfiles;
		if (a->files_from) {
			int r = batch_inputs(c, a, &inputs, &ninputs, &buf);
			if (!r && !ninputs)
				r = usage_error(c, "no input: %s names none", a->files_from);
			for (int i = a->nfiles; !r && i < ninputs; i++)
				if (!strcmp(inputs[i], "-"))
					r = usage_error(c, "%s names '-': a batch reads files and "
					    "directories, not standard input (./- is a file of that name)",
					    a->files_from);
			if (r) {
				free(inputs);
				free(buf);
				return r;
			}
		}
		ob_batch_options o = { .outdir = a->outdir ? a->outdir : a->output,
			.encoding = a->encoding, .max_size = a->max_size, .jobs = a->jobs,
			.gazetteer = a->gazetteer,
			.force = a->force, .quiet = a->quiet, .progress = !a->quiet,
			.no_index = a->no_index, .fsync = a->fsync, .prune = a->prune,
			.follow = a->follow, .include = a->include, .ninclude = a->ninclude,
			.exclude = a->exclude, .nexclude = a->nexclude, .first_listed = a->nfiles };
		int r = ob__batch_run(&o, inputs, ninputs, c->out, c->err);
		if (inputs != a->files)
			free(inputs);
		free(buf);
		return r;
	}
	if (a->batch_only)
		return usage_error(c, "-j, --force, --no-index, --fsync, --files-from, --include, "
		    "--exclude, --follow and --prune are for a batch (-O DIR)");
	if (a->nfiles != 1)
		return usage_error(c, "one FILE at a time; -O DIR converts many");
	const char *file = a->files[0];
	ob_notice *n;
	/* -o the input itself would put the document in the notice's place:
	 * refused, as cp refuses to copy a file onto itself */
	struct stat si, so;
	if (a->output && strcmp(file, "-") && stat(file, &si) == 0 &&
	    stat(a->output, &so) == 0 && si.st_dev == so.st_dev && si.st_ino == so.st_ino) {
		ob_error e = { 0 };
		ob__error_set(&e, OB_ERR_USAGE, 22, 0, "the output %s is the input itself",
		    a->output);
		return fail(c, &e, file);
	}
	int status = read_notice(c, a, file, &n);
	if (status)
		return status;
	if ((status = open_output(c, a->output))) {
		ob_notice_free(n);
		return status;
	}
	ob_error e = { 0 };
	/* -o FILE: the temporary file beside FILE is thrown away on failure,
	 * so the document is written straight into it */
	int r = !strcmp(a->format, "facts") ? ob_notice_write_facts(n, c->out)
	    : c->file.tmp ? ob_notice_write_xml_direct(n, c->out, &e)
			 : ob_notice_write_xml(n, c->out, &e);
	ob_notice_free(n);
	/* e.file pointed into the notice just freed: name the input */
	e.file = file;
	if (r && ferror(c->out)) {
		c->write_errno = errno; /* the output is named at the end */
		return 1;
	}
	if (r) {
		if (!e.code)
			ob__error_set(&e, r, 22, 0, "cannot write the output");
		return fail(c, &e, file);
	}
	return 0;
}

/* One document: 0 when valid (said unless quiet), 1 when not (said). */
static int
validate_one(cli *c, const args *a, const char *path)
{
	ob_error e = { 0 };
	char *data = NULL;
	size_t len = 0;
	FILE *fp = NULL;
	int status = 0;
	/* standard input is read first: the root is looked at, then the
	 * whole document validated from the start */
	if (!strcmp(path, "-")) {
		if (!ob__read_all(path, SIZE_MAX, &data, &len, &e) &&
		    !(fp = fmemopen(data, len ? len : 1, "rb")))
			ob__error_set(&e, OB_ERR_NOMEM, 0, 0, "out of memory");
	} else if (!(fp = fopen(path, "rb"))) {
		ob__error_set(&e, OB_ERR_IO, 26, 0, "cannot open: %s", strerror(errno));
	}
	const char *type = NULL;
	if (!fp || ob__validate_any(fp, path, &type, &e)) {
		fail(c, &e, path);
		status = 1;
	} else if (!a->quiet) {
		fprintf(c->out, "%s: valid (%s)\n", path, type);
	}
	if (fp)
		fclose(fp);
	free(data);
	return status;
}

typedef struct validating {
	cli *c;
	const args *a;
	size_t found;
	int status;
} validating;

/* The .xml documents of a directory and its subdirectories (a batch's
 * output tree, its manifest included). */
static int
validate_found(void *ud, const char *path, const char *rel)
{
	validating *v = ud;
	if (ob__xml_name(rel)) {
		v->status |= validate_one(v->c, v->a, path);
		v->found++;
	}
	return 0;
}

static int
cmd_validate(cli *c, args *a)
{
	int status = 0;
	for (int i = 0; i < a->nfiles; i++) {
		struct stat st;
		const char *path = a->files[i];
		if (strcmp(path, "-") && stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			validating v = { .c = c, .a = a };
			ob__walk_options w = { .follow = a->follow, .quiet = a->quiet };
			status |= (ob__walk(path, &w, validate_found, &v, c->err) != 0) | v.status;
			if (!v.found && !status) {
				/* nothing checked is no answer */
				ob_error e = { 0 };
				ob__error_set(&e, OB_ERR_IO, 26, 0, "no .xml document under the directory");
				status = fail(c, &e, path);
			}
		} else
			status |= validate_one(c, a, path);
	}
	return status;
}

static int
cmd_export(cli *c, args *a)
{
	int status = open_output(c, a->output);
	if (status)
		return status;
	ob__export_options o = { .format = a->format, .previous = a->previous,
		.follow = a->follow };
	int r = ob__export_run(&o, a->files, a->nfiles, c->out, c->err);
	if (ferror(c->out))
		c->write_errno = errno;
	return r;
}

/* Do the notices of a diff document differ?  Any count of its summary
 * but "matched" says so. */
static bool
differs(const char *xml, size_t len)
{
	xmlTextReaderPtr r = xmlReaderForMemory(xml, (int)len, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_HUGE);
	bool differ = false;
	while (r && xmlTextReaderRead(r) == 1) {
		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT ||
		    strcmp((const char *)xmlTextReaderConstLocalName(r), "summary"))
			continue;
		/* every count but those of items found alike says a change */
		while (xmlTextReaderMoveToNextAttribute(r) == 1) {
			const char *name = (const char *)xmlTextReaderConstLocalName(r);
			if (strcmp(name, "matched") && strcmp(name, "carried") &&
			    strcmp(name, "unchanged") &&
			    strcmp((const char *)xmlTextReaderConstValue(r), "0"))
				differ = true;
		}
		break;
	}
	xmlFreeTextReader(r);
	return differ;
}

/* The plan years a diff or history document gives its editions, in order
 * (oldYear and newYear, or each edition's year; 0 for none); how many. */
static size_t
edition_years(const char *xml, size_t len, int *years, size_t max)
{
	xmlTextReaderPtr r = xmlReaderForMemory(xml, (int)len, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_HUGE);
	size_t n = 0;
	while (r && n < max && xmlTextReaderRead(r) == 1) {
		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT)
			continue;
		const char *name = (const char *)xmlTextReaderConstLocalName(r);
		if (!strcmp(name, "diff")) {
			const char *k[2] = { "oldYear", "newYear" };
			for (int j = 0; j < 2 && n < max; j++) {
				xmlChar *v = xmlTextReaderGetAttribute(r, BAD_CAST k[j]);
				years[n++] = v ? atoi((char *)v) : 0;
				xmlFree(v);
			}
			break;
		}
		if (!strcmp(name, "edition")) {
			xmlChar *v = xmlTextReaderGetAttribute(r, BAD_CAST "year");
			years[n++] = v ? atoi((char *)v) : 0;
			xmlFree(v);
		} else if (!strcmp(name, "summary") || !strcmp(name, "task"))
			break;
	}
	xmlFreeTextReader(r);
	return n;
}

/* Editions go oldest first: a warning (OB-103) where one's plan year comes
 * before the one's it follows, naming both. */
static void
check_order(cli *c, const char *xml, size_t len, char *const *files, size_t nfiles)
{
	int years[64];
	size_t n = edition_years(xml, len, years, nfiles < 64 ? nfiles : 64);
	for (size_t k = 1; k < n; k++) {
		if (!years[k] || !years[k - 1] || years[k] >= years[k - 1])
			continue;
		ob_error w = { 0 };
		ob__error_set(&w, 0, 103, 0, "its plan year %d comes before %d of %s, "
		    "which it follows: editions go oldest first", years[k], years[k - 1],
		    files[k - 1]);
		w.file = files[k];
		ob_error_print(&w, 1, c->err);
		break;
	}
}

static int
cmd_diff(cli *c, args *a)
{
	const char *side[2] = { a->files[0], a->files[1] };

	if (a->quiet)
		a->exit_code = true; /* trouble is then 2 */
	/* a side of "-" is read from standard input, and named "-" */
	if (!strcmp(side[0], "-") && !strcmp(side[1], "-"))
		return usage_error(c, "only one side can be standard input");
	/* the document is made in memory: its summary says whether the
	 * notices differ, and the text and page are rendered from it */
	char *xml = NULL;
	size_t xl = 0;
	ob_error e = { 0 };
	FILE *mem = open_memstream(&xml, &xl);
	int r = mem ? ob__diff_run(side[0], side[1], mem, &e) : OB_ERR_NOMEM;
	if (mem && fclose(mem) && !r)
		r = ob__error_set(&e, OB_ERR_NOMEM, 0, 0, "out of memory");
	if (r) {
		free(xml);
		if (!e.code)
			ob__error_set(&e, r, 0, 0, "%s", ob_strerror(r));
		return fail(c, &e, e.file ? e.file : a->files[0]);
	}
	a->differ = differs(xml, xl);
	if (!a->quiet)
		check_order(c, xml, xl, a->files, 2);
	/* --quiet: the answer alone, as git diff --quiet gives it */
	if (a->quiet) {
		free(xml);
		return 0;
	}
	if ((r = open_output(c, a->output))) {
		free(xml);
		return r;
	}
	if (!strcmp(a->format, "xml")) {
		if (fwrite(xml, 1, xl, c->out) != xl)
			c->write_errno = errno;
		free(xml);
		return 0;
	}
	const char *no_color = getenv("NO_COLOR");
	bool color = a->color == 1 || (a->color == 2 && isatty(fileno(c->out)) &&
	    !(no_color && *no_color));
	FILE *in = fmemopen(xml, xl, "rb");
	r = in ? ob__diff_render(in, a->format, color, c->out) : OB_ERR_NOMEM;
	if (r && ferror(c->out))
		c->write_errno = errno; /* the output is named at the end */
	if (in)
		fclose(in);
	free(xml);
	if (r && !ferror(c->out)) {
		ob__error_set(&e, r, 0, 0, "the diff could not be rendered: %s", ob_strerror(r));
		return fail(c, &e, a->files[0]);
	}
	return r ? 1 : 0;
}

typedef struct seg_ctx {
	cli *c;
	const ob__text *t;
} seg_ctx;

static int
print_piece(void *ud, ob__span s)
{
	seg_ctx *sc = ud;
	ob__pos a, b;

	ob__text_span_pos(sc->t, s, &a, &b);
	fprintf(sc->c->out, "%u:%u-%u:%u\t", a.line, a.col, b.line, b.col);
	for (size_t i = s.start; i < s.end; i++) {
		char ch = sc->t->buf[i];
		fputc(ch == '\n' ? ' ' : ch, sc->c->out);
	}
	if (fputc('\n', sc->c->out) == EOF || ferror(sc->c->out)) {
		sc->c->write_errno = errno;
		return OB_ERR_IO; /* a full disk stops the walk */
	}
	return 0;
}

/* segment --text: what oblix reads the file as, before it is cleaned */
static int
print_drawn(cli *c, const args *a, const char *file)
{
	ob_error e = { 0 };
	char *data = NULL, *page = NULL;
	size_t len = 0, plen = 0, max = a->max_size ? a->max_size : 64u << 20;
	const char *kind;
	ob__intake_result in = { 0 };
	int r = ob__read_all(file, a->max_size, &data, &len, &e);
	if (!r)
		r = ob__container_page(data, len, max, &page, &plen, &kind, &e);
	if (r == 1 && !(r = ob__intake(data, len, a->encoding, max, &in, &e))) {
		page = in.utf8;
		plen = in.len;
		if (!page) {
			page = data;
			memmove(page, data + in.skip, in.len);
			data = NULL;
		}
	}
	free(data);
	if (r) {
		free(page);
		return fail(c, &e, file);
	}
	bool bad = fwrite(page, 1, plen, c->out) != plen;
	free(page);
	if (bad || fflush(c->out)) {
		c->write_errno = errno;
		return 1;
	}
	return 0;
}

static int
cmd_segment(cli *c, args *a)
{
	const char *file = a->files[0];
	ob_notice *n;
	if (a->mode == 3)
		return print_drawn(c, a, file);
	int r = read_notice(c, a, file, &n);
	if (r)
		return r;
	seg_ctx sc = { c, &n->text };
	ob__sentencer *s = NULL;
	r = ob__sentencer_new(&s);
	for (size_t k = 0; !r && k < n->text.nparas; k++) {
		if (a->mode == 0)
			r = print_piece(&sc, n->text.paras[k]);
		else
			r = ob__sentences(s, &n->text, n->text.paras[k], a->mode == 2,
			    print_piece, &sc);
	}
	ob__sentencer_free(s);
	ob_notice_free(n);
	if (r && ferror(c->out))
		return 1;
	if (r) {
		ob_error e = { 0 };
		ob__error_set(&e, r, 0, 0, "%s", ob_strerror(r));
		return fail(c, &e, file);
	}
	return 0;
}

static int
cmd_help(cli *c, args *a)
{
	if (!a->nfiles) {
		print_usage(c->out);
		return 0;
	}
	const ob__cli_command *cmd = command_named(a->files[0]);
	if (!cmd)
		return usage_error(c, "no command '%s'", a->files[0]);
	print_help(c->out, cmd);
	return 0;
}

/* The versions oblix runs with, which may not be those it was built with
 * (libical tells only the one it was built with). */
static int
cmd_version(cli *c, args *a)
{
	(void)a;
	UVersionInfo uv;
	char icu[U_MAX_VERSION_STRING_LENGTH];
	u_getVersion(uv);
	u_versionToString(uv, icu);
	int pl = pcre2_config(PCRE2_CONFIG_VERSION, NULL);
	char *pcre = pl > 0 ? malloc((size_t)pl * 4) : NULL; /* code units of 8 bits */
	if (pcre && pcre2_config(PCRE2_CONFIG_VERSION, pcre) < 0)
		pcre[0] = '\0';
	int xv = atoi(xmlParserVersion);
	fprintf(c->out, "oblix %s\nICU %s\nPCRE2 %s\nlibxml2 %d.%d.%d\njson-c %s\nlibical %s\n",
	    OB_VERSION, icu, pcre ? pcre : "?", xv / 10000, xv / 100 % 100, xv % 100,
	    json_c_version(), ICAL_VERSION);
	free(pcre);
	return 0;
}

/* History: the document made in memory, then written or rendered. */
static int
cmd_history(cli *c, args *a)
{
	ob_error e = { 0 };
	char *xml = NULL;
	size_t xl = 0;
	int stdins = 0, r = 0, status = 0;
	const char *first = a->files[0];

	/* one edition may come from standard input, named "-" */
	for (int k = 0; k < a->nfiles; k++)
		if (!strcmp(a->files[k], "-") && ++stdins > 1)
			return usage_error(c, "only one edition can be standard input");
	FILE *mem = open_memstream(&xml, &xl);
	r = mem ? ob__history_run(a->files, (size_t)a->nfiles, mem, &e) : OB_ERR_NOMEM;
	if (mem && fclose(mem) && !r)
		r = ob__error_set(&e, OB_ERR_NOMEM, 0, 0, "out of memory");
	if (r) {
		if (!e.code)
			ob__error_set(&e, r, 0, 0, "%s", ob_strerror(r));
		status = fail(c, &e, e.file ? e.file : first);
		goto out;
	}
	check_order(c, xml, xl, a->files, (size_t)a->nfiles);
	if ((status = open_output(c, a->output)))
		goto out;
	if (!strcmp(a->format, "xml")) {
		if (fwrite(xml, 1, xl, c->out) != xl)
			c->write_errno = errno;
		goto out;
	}
	FILE *in = fmemopen(xml, xl, "rb");
	r = in ? ob__history_render(in, a->format, c->out) : OB_ERR_NOMEM;
	if (r && ferror(c->out))
		c->write_errno = errno; /* the output is named at the end */
	if (in)
		fclose(in);
	if (r && !ferror(c->out)) {
		ob__error_set(&e, r, 0, 0, "the history could not be rendered: %s",
		    ob_strerror(r));
		status = fail(c, &e, first);
	} else if (r) {
		status = 1;
	}
out:
	free(xml);
	return status;
}

/* The gazetteer, with a user's additions, in its own format: what
 * --gazetteer reads back. */
/* Does the line of l bytes hold word, whole (between tabs, |, or its
 * ends)? */
static bool
holds(const char *p, size_t l, const char *word)
{
	size_t wl = strlen(word);
	for (const char *q = p; (q = memmem(q, l - (size_t)(q - p), word, wl)); q++) {
		bool starts = q == p || q[-1] == '\t' || q[-1] == '|';
		bool ends = q + wl == p + l || q[wl] == '\t' || q[wl] == '|';
		if (starts && ends)
			return true;
	}
	return false;
}

/* The gazetteer's body lines (body, level, canonical, names[, became=])
 * about ref: its own (every spelling, its level), those of the bodies
 * that became it, and that of the body it became.  How many. */
static size_t
print_body(cli *c, const char *gz, const char *ref, const char *became)
{
	size_t n = 0;
	char *former = NULL;
	if (asprintf(&former, "became=%s", ref) < 0)
		return 0;
	for (const char *p = gz; *p;) {
		const char *e = strchr(p, '\n');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		if (!strncmp(p, "body\t", 5)) {
			/* the canonical name is the third field */
			const char *f = memchr(p + 5, '\t', l - 5);
			const char *t = f ? memchr(f + 1, '\t', l - (size_t)(f + 1 - p)) : NULL;
			size_t cl = f && t ? (size_t)(t - f - 1) : 0;
			bool own = cl == strlen(ref) && !memcmp(f + 1, ref, cl);
			bool next = became && cl == strlen(became) && !memcmp(f + 1, became, cl);
			if (own || next || holds(p, l, former)) {
				fwrite(p, 1, l, c->out);
				fputc('\n', c->out);
				n++;
			}
		}
		p += l + (e != NULL);
	}
	free(former);
	return n;
}

static int
cmd_agencies(cli *c, args *a)
{
	ob_ruleset *rs;
	ob_error e = { 0 };
	int r, status = 0;

	if (ob__cli_ruleset(a->gazetteer, &rs, &e))
		return fail(c, &e, a->gazetteer ? a->gazetteer : "gazetteer");
	if ((r = open_output(c, a->output))) {
		ob_ruleset_free(rs);
		return r;
	}
	if (!a->nfiles) {
		if (ob_ruleset_write_gazetteer(rs, c->out))
			c->write_errno = errno;
		ob_ruleset_free(rs);
		return 0;
	}
	/* NAME…: the body each name refers to, as the gazetteer records it */
	char *gz = NULL;
	size_t gl = 0;
	FILE *m = open_memstream(&gz, &gl);
	if (!m || ob_ruleset_write_gazetteer(rs, m) || fclose(m)) {
		ob_ruleset_free(rs);
		free(gz);
		ob__error_set(&e, OB_ERR_NOMEM, 0, 0, "out of memory");
		return fail(c, &e, "gazetteer");
	}
	for (int k = 0; k < a->nfiles; k++) {
		char *ref = NULL;
		int level = 0;
		if (!ob__gazetteer_ref(rs->gz, a->files[k], &ref, &level)) {
			ob__error_set(&e, OB_ERR_NOMEM, 0, 0, "out of memory");
			status = fail(c, &e, a->files[k]);
			break;
		}
		/* a body the gazetteer lists, or a functional type of a level
		 * (省发展改革委: a province's, the ref its official name) */
		if (ref && !print_body(c, gz, ref, ob__gazetteer_became(rs->gz, ref)))
			fprintf(c->out, "type\t%s\t%s\t%s\n", ob__level_names[level], ref, a->files[k]);
		if (!ref) {
			ob_error w = { 0 };
			ob__error_set(&w, OB_ERR_DATA, 41, 0, "no body of this name in the gazetteer");
			status = fail(c, &w, a->files[k]);
		}
		free(ref);
	}
	free(gz);
	ob_ruleset_free(rs);
	return status;
}

static int
cmd_completion(cli *c, args *a)
{
	if (!strcmp(a->files[0], "bash"))
		ob__cli_complete_bash(c->out);
	else if (!strcmp(a->files[0], "zsh"))
		ob__cli_complete_zsh(c->out);
	else if (!strcmp(a->files[0], "fish"))
		ob__cli_complete_fish(c->out);
	else
		return bad_value(c, "shell", a->files[0], ob__cli_shells);
	return 0;
}

/* ---- main ---- */

static int
run(cli *c, int argc, char **argv)
{
	if (argc < 2) {
		print_usage(c->err);
		return EXIT_USAGE;
	}
	const char *name = argv[1];
	if (!strcmp(name, "--help") || !strcmp(name, "-h")) {
		print_usage(c->out);
		return 0;
	}
	if (!strcmp(name, "--version") || !strcmp(name, "-V"))
		return cmd_version(c, NULL);
	const ob__cli_command *cmd = command_named(name);
	if (!cmd) {
		if (name[0] == '-')
			return usage_error(c, "unknown option '%s' (a command comes first)", name);
		const char *tie, *near = nearest_command(name, &tie);
		if (near && tie)
			return usage_error(c, "no command '%s'; did you mean '%s' or '%s'?", name,
			    near, tie);
		if (near)
			return usage_error(c, "no command '%s'; did you mean '%s'?", name, near);
		return usage_error(c, "no command '%s'", name);
	}
	c->cmd = cmd->name;
	args a;
	int r = parse_args(c, cmd, argc - 1, argv + 1, &a);
	if (r) {
		free(a.files);
		free(a.include);
		free(a.exclude);
		return r < 0 ? 0 : r; /* -1: --help or --version was shown */
	}
	r = finish_output(c, cmd->run(c, &a));
	c->exit_code = a.exit_code;
	c->differ = a.differ;
	free(a.files);
	free(a.include);
	free(a.exclude);
	return r;
}

int
ob_cli_main(int argc, char **argv, FILE *out, FILE *errout)
{
	cli c = { .out = out, .err = errout, .stdout_fp = out };
	int r = run(&c, argc, argv);
	/* whatever ran, --help included: what it wrote must have arrived */
	errno = 0;
	if (fflush(out) || ferror(out)) {
		write_failed(&c, NULL, errno ? errno : c.write_errno);
		r = r ? r : 1;
	}
	/* diff --exit-code: 1 says the notices differ, so trouble is 2 */
	if (c.exit_code)
		r = r ? EXIT_USAGE : c.differ;
	return r;
}
