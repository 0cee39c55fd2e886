/*
 * The oblix command.  A library function, so that tests and fuzzers run it
 * in-process; main() only calls it.
 *
 *   oblix extract [--format=xml|facts] [--max-size=BYTES] FILE|-
 *   oblix validate FILE.xml…
 *   oblix segment [--paragraphs|--sentences|--words] FILE|-
 */
#include <errno.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "batch.h"
#include "diff.h"
#include "export.h"
#include "history_cmd.h"
#include "error.h"
#include "model.h"

#define EXIT_USAGE 2

static const char usage[] =
	"usage: oblix extract [--format=xml|facts] [--encoding=NAME] [--max-size=BYTES] FILE|-\n"
	"       oblix extract -o OUTDIR [-j N] [--force] [--quiet] [--no-index] [--fsync]\n"
	"                     [--encoding=NAME] [--max-size=BYTES] INPUT...\n"
	"       oblix validate FILE.xml...\n"
	"       oblix export --format=csv|jsonl|ics FILE.xml...|OUTDIR\n"
	"       oblix diff [--format=xml|text|html] OLD NEW\n"
	"       oblix history [--format=xml|text|csv|html] EDITION EDITION...\n"
	"       oblix segment [--paragraphs|--sentences|--words] FILE|-\n"
	"       oblix --version\n";

/* Read a whole file (or stdin for "-"), up to max bytes. */
static int
slurp(const char *path, size_t max, char **data, size_t *len, ob_error *err)
{
	FILE *fp = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	size_t cap = 1 << 16, n = 0;
	char *buf;

	if (!fp) {
		ob__error_set(err, OB_ERR_IO, 9, 0, "cannot open: %s", strerror(errno));
		return OB_ERR_IO;
	}
	/* a file's own size, and a byte for the NUL the notice adds: the
	 * buffer becomes the notice's text (ob__notice_parse_take) */
	struct stat st;
	if (fp != stdin && !fstat(fileno(fp), &st) && S_ISREG(st.st_mode) &&
	    (size_t)st.st_size < max)
		cap = (size_t)st.st_size + 1;
	buf = malloc(cap);
	while (buf) {
		size_t got = fread(buf + n, 1, cap - n, fp);
		n += got;
		if (n > max) {
			free(buf);
			if (fp != stdin)
				fclose(fp);
			return ob__error_set(err, OB_ERR_TOO_LARGE, 5, max,
			    "the input is over the limit of %zu bytes (see --max-size)",
			    max);
		}
		if (got == 0)
			break;
		if (n == cap) {
			char *p = realloc(buf, cap *= 2);
			if (!p) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = p;
		}
	}
	bool failed = fp && ferror(fp);
	if (fp != stdin)
		fclose(fp);
	if (!buf)
		return ob__error_set(err, OB_ERR_NOMEM, 0, 0, "out of memory");
	if (failed) {
		free(buf);
		return ob__error_set(err, OB_ERR_IO, 9, 0, "read error");
	}
	*data = buf;
	*len = n;
	return 0;
}

typedef struct cli {
	FILE *out, *err;
} cli;

static void
on_warning(void *ud, const ob_error *w)
{
	ob_error_print(w, 1, ((cli *)ud)->err);
}

static bool
opt_value(const char *arg, const char *name, const char **value)
{
	size_t n = strlen(name);
	if (strncmp(arg, name, n) || arg[n] != '=')
		return false;
	*value = arg + n + 1;
	return true;
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
read_notice(cli *c, const char *path, size_t max, const char *encoding,
	    ob_notice **n)
{
	ob_ruleset *rs;
	ob_error e = { 0 };
	char *data = NULL;
	size_t len = 0;
	ob_options o = { .source = path, .max_size = max, .encoding = encoding,
		.warn = on_warning, .warn_data = c };

	if (ob_ruleset_new(&rs, &e))
		return fail(c, &e, path);
	if (slurp(path, max, &data, &len, &e)) {
		ob_ruleset_free(rs);
		return fail(c, &e, path);
	}
	/* the notice keeps data (or frees it) */
	int r = ob__notice_parse_take(rs, data, len, NULL, &o, n, &e);
	ob_ruleset_free(rs);
	return r ? fail(c, &e, path) : 0;
}

static int
parse_size(const char *s, size_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s || v == 0)
		return -1;
	if (*end == 'K' || *end == 'k')
		v <<= 10, end++;
	else if (*end == 'M' || *end == 'm')
		v <<= 20, end++;
	else if (*end == 'G' || *end == 'g')
		v <<= 30, end++;
	if (*end)
		return -1;
	*out = (size_t)v;
	return 0;
}

static int
cmd_extract(cli *c, int argc, char **argv)
{
	const char *format = "xml", *encoding = NULL, *outdir = NULL, *v;
	size_t max = (size_t)64 << 20;
	char **files = calloc((size_t)argc + 1, sizeof *files);
	int nfiles = 0, jobs = 0, status = EXIT_USAGE;
	bool force = false, quiet = false, no_index = false, sync_each = false;

	if (!files)
		return 1;
	for (int i = 1; i < argc; i++) {
		if (opt_value(argv[i], "--format", &v))
			format = v;
		else if (opt_value(argv[i], "--encoding", &v))
			encoding = v;
		else if (opt_value(argv[i], "--max-size", &v)) {
			if (parse_size(v, &max)) {
				fprintf(c->err, "oblix: --max-size takes a size in bytes (K, M, G allowed)\n");
				goto out;
			}
		} else if (!strcmp(argv[i], "-o") && i + 1 < argc)
			outdir = argv[++i];
		else if (opt_value(argv[i], "--output", &v))
			outdir = v;
		else if (!strcmp(argv[i], "-j") && i + 1 < argc) {
			jobs = atoi(argv[++i]);
			if (jobs < 1) {
				fprintf(c->err, "oblix: -j takes a number of threads\n");
				goto out;
			}
		} else if (!strcmp(argv[i], "--force"))
			force = true;
		else if (!strcmp(argv[i], "--quiet") || !strcmp(argv[i], "-q"))
			quiet = true;
		else if (!strcmp(argv[i], "--no-index"))
			no_index = true;
		else if (!strcmp(argv[i], "--fsync"))
			sync_each = true;
		else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(c->err, "oblix: unknown option %s\n%s", argv[i], usage);
			goto out;
		} else
			files[nfiles++] = argv[i];
	}
	if (outdir) {
		if (!nfiles) {
			fprintf(c->err, "%s", usage);
			goto out;
		}
		ob_batch_options o = { .outdir = outdir, .encoding = encoding,
			.max_size = max, .jobs = jobs, .force = force, .quiet = quiet,
			.progress = !quiet, .no_index = no_index, .fsync = sync_each };
		status = ob__batch_run(&o, files, nfiles, c->out, c->err);
		goto out;
	}
	if (nfiles != 1 || (strcmp(format, "xml") && strcmp(format, "facts"))) {
		fprintf(c->err, "%s", usage);
		goto out;
	}
	const char *file = files[0];
	ob_notice *n;
	status = read_notice(c, file, max, encoding, &n);
	if (status)
		goto out;
	ob_error e = { 0 };
	int r;
	if (!strcmp(format, "facts"))
		r = ob_notice_write_facts(n, c->out);
	else
		r = ob_notice_write_xml(n, c->out, &e);
	ob_notice_free(n);
	if (r) {
		if (!e.code)
			ob__error_set(&e, r, 22, 0, "cannot write the output");
		status = fail(c, &e, file);
	}
out:
	free(files);
	return status;
}

static int
cmd_validate(cli *c, int argc, char **argv)
{
	int status = 0, files = 0;

	for (int i = 1; i < argc; i++) {
		ob_error e = { 0 };
		files++;
		if (ob_xml_validate_file(argv[i], &e)) {
			fail(c, &e, argv[i]);
			status = 1;
		} else {
			fprintf(c->out, "%s: valid\n", argv[i]);
		}
	}
	if (!files) {
		fprintf(c->err, "%s", usage);
		return EXIT_USAGE;
	}
	return status;
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
	fputc('\n', sc->c->out);
	return 0;
}

static int
cmd_segment(cli *c, int argc, char **argv)
{
	const char *file = NULL;
	int mode = 1; /* 0 paragraphs, 1 sentences, 2 words */

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--paragraphs"))
			mode = 0;
		else if (!strcmp(argv[i], "--sentences"))
			mode = 1;
		else if (!strcmp(argv[i], "--words"))
			mode = 2;
		else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(c->err, "oblix: unknown option %s\n%s", argv[i], usage);
			return EXIT_USAGE;
		} else
			file = argv[i];
	}
	if (!file) {
		fprintf(c->err, "%s", usage);
		return EXIT_USAGE;
	}
	ob_notice *n;
	int r = read_notice(c, file, (size_t)64 << 20, NULL, &n);
	if (r)
		return r;
	seg_ctx sc = { c, &n->text };
	ob__sentencer *s = NULL;
	r = ob__sentencer_new(&s);
	for (size_t k = 0; !r && k < n->text.nparas; k++) {
		if (mode == 0)
			r = print_piece(&sc, n->text.paras[k]);
		else
			r = ob__sentences(s, &n->text, n->text.paras[k], mode == 2,
			    print_piece, &sc);
	}
	ob__sentencer_free(s);
	ob_notice_free(n);
	if (r) {
		ob_error e = { 0 };
		ob__error_set(&e, r, 0, 0, "%s", ob_strerror(r));
		return fail(c, &e, file);
	}
	return 0;
}

static int
cmd_export(cli *c, int argc, char **argv)
{
	const char *format = NULL, *v;
	char **files = calloc((size_t)argc + 1, sizeof *files);
	int n = 0, status;

	if (!files)
		return 1;
	for (int i = 1; i < argc; i++) {
		if (opt_value(argv[i], "--format", &v))
			format = v;
		else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(c->err, "oblix: unknown option %s\n%s", argv[i], usage);
			free(files);
			return EXIT_USAGE;
		} else
			files[n++] = argv[i];
	}
	if (!format || !n || (strcmp(format, "csv") && strcmp(format, "jsonl") &&
	    strcmp(format, "ics"))) {
		fprintf(c->err, "%s", usage);
		free(files);
		return EXIT_USAGE;
	}
	status = ob__export_run(format, files, n, c->out, c->err);
	free(files);
	return status;
}

static int
cmd_diff(cli *c, int argc, char **argv)
{
	const char *format = "xml", *files[2] = { NULL, NULL }, *v;
	int n = 0;

	for (int i = 1; i < argc; i++) {
		if (opt_value(argv[i], "--format", &v))
			format = v;
		else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(c->err, "oblix: unknown option %s\n%s", argv[i], usage);
			return EXIT_USAGE;
		} else if (n < 2)
			files[n++] = argv[i];
		else
			n = 3;
	}
	if (n != 2 || (strcmp(format, "xml") && strcmp(format, "text") &&
	    strcmp(format, "html"))) {
		fprintf(c->err, "%s", usage);
		return EXIT_USAGE;
	}
	ob_error e;
	if (!strcmp(format, "xml")) {
		if (ob__diff_run(files[0], files[1], c->out, &e))
			return fail(c, &e, e.file ? e.file : files[0]);
		return 0;
	}
	char *xml = NULL;
	size_t xl = 0;
	FILE *mem = open_memstream(&xml, &xl);
	int r = mem ? ob__diff_run(files[0], files[1], mem, &e) : OB_ERR_NOMEM;
	if (mem)
		fclose(mem);
	if (r) {
		free(xml);
		return fail(c, &e, e.file ? e.file : files[0]);
	}
	FILE *in = fmemopen(xml, xl, "rb");
	bool color = !strcmp(format, "text") && isatty(fileno(c->out));
	r = in ? ob__diff_render(in, format, color, c->out) : OB_ERR_NOMEM;
	if (in)
		fclose(in);
	free(xml);
	return r ? 1 : 0;
}

int
ob_cli_main(int argc, char **argv, FILE *out, FILE *errout)
{
	cli c = { out, errout };

	if (argc < 2) {
		fprintf(errout, "%s", usage);
		return EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
		fprintf(out, "oblix %s\n", OB_VERSION);
		return 0;
	}
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
		fprintf(out, "%s", usage);
		return 0;
	}
	if (!strcmp(cmd, "extract"))
		return cmd_extract(&c, argc - 1, argv + 1);
	if (!strcmp(cmd, "validate"))
		return cmd_validate(&c, argc - 1, argv + 1);
	if (!strcmp(cmd, "segment"))
		return cmd_segment(&c, argc - 1, argv + 1);
	if (!strcmp(cmd, "export"))
		return cmd_export(&c, argc - 1, argv + 1);
	if (!strcmp(cmd, "diff"))
		return cmd_diff(&c, argc - 1, argv + 1);
	if (!strcmp(cmd, "history"))
		return ob__cli_history(argc - 1, argv + 1, out, errout);
	fprintf(errout, "oblix: unknown command '%s'\n%s", cmd, usage);
	return EXIT_USAGE;
}
