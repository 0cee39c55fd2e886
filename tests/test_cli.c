/* SPDX-License-Identifier: MIT */
/* cli/: exit codes, one-line errors, every command with every option form
 * it documents, write errors, and pathological inputs that must give
 * either a one-line error or a valid document, quickly. */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "testlib.h"

static int
run_on(const char *data, size_t len, char **out, char **err, const char *opt)
{
	char *path = tl_temp(data, len, ".txt");
	int r = opt ? tl_cli(out, err, 4, "extract", opt, path)
		    : tl_cli(out, err, 3, "extract", path);
	unlink(path);
	free(path);
	return r;
}

/* An error is one line: "file:line:col: error: [OB-NNN] message". */
static void
assert_one_line_error(const char *err, const char *code)
{
	ck_assert_ptr_nonnull(strstr(err, ": error: "));
	ck_assert_msg(strstr(err, code) != NULL, "expected %s in: %s", code, err);
	ck_assert_ptr_eq(strchr(err, '\n'), err + strlen(err) - 1);
}

START_TEST(test_usage)
{
	char *out, *err;
	ck_assert_int_eq(tl_cli(&out, &err, 1), 2);
	ck_assert_ptr_nonnull(strstr(err, "usage:"));
	free(out), free(err);
	ck_assert_int_eq(tl_cli(&out, &err, 2, "frobnicate"), 2);
	free(out), free(err);
	ck_assert_int_eq(tl_cli(&out, &err, 3, "extract", "--bogus"), 2);
	free(out), free(err);
	ck_assert_int_eq(tl_cli(&out, &err, 4, "extract", "--max-size=abc", "x"), 2);
	free(out), free(err);
	ck_assert_int_eq(tl_cli(&out, &err, 2, "--version"), 0);
	ck_assert_ptr_eq(strstr(out, "oblix " OB_VERSION "\nICU "), out);
	ck_assert_ptr_nonnull(strstr(out, "\nPCRE2 "));
	ck_assert_ptr_nonnull(strstr(out, "\nlibxml2 "));
	free(out), free(err);
}
END_TEST

START_TEST(test_bad_inputs)
{
	char *out, *err;

	ck_assert_int_eq(tl_cli(&out, &err, 3, "extract", "/nonexistent/notice.txt"), 1);
	assert_one_line_error(err, "[OB-009]");
	ck_assert_str_eq(out, "");
	free(out), free(err);

	ck_assert_int_eq(run_on("", 0, &out, &err, NULL), 1);
	assert_one_line_error(err, "[OB-001]");
	ck_assert_str_eq(out, "");
	free(out), free(err);

	ck_assert_int_eq(run_on("  \n\t\n", 5, &out, &err, NULL), 1);
	assert_one_line_error(err, "[OB-002]");
	free(out), free(err);

	ck_assert_int_eq(run_on("%PDF-1.4\n\0\0binary", 18, &out, &err, NULL), 1);
	assert_one_line_error(err, "[OB-013]");
	ck_assert_ptr_nonnull(strstr(err, "PDF"));
	ck_assert_str_eq(out, "");
	free(out), free(err);

	ck_assert_int_eq(run_on("text\n\0\0binary", 14, &out, &err, NULL), 1);
	assert_one_line_error(err, "[OB-003]");
	ck_assert_ptr_nonnull(strstr(err, ":2:1: error:"));
	ck_assert_str_eq(out, "");
	free(out), free(err);

	/* bytes that are neither UTF-8 nor GB18030 nor Big5 */
	const char *junk = "一、标题\n\xFF\xFF\xFF\xFF";
	ck_assert_int_eq(run_on(junk, strlen(junk), &out, &err, NULL), 1);
	assert_one_line_error(err, "[OB-004]");
	ck_assert_ptr_nonnull(strstr(err, ":2:1: error:"));
	ck_assert_str_eq(out, "");
	free(out), free(err);

	ck_assert_int_eq(run_on("一、标题\n", 13, &out, &err, "--max-size=4"), 1);
	assert_one_line_error(err, "[OB-005]");
	free(out), free(err);
}
END_TEST

START_TEST(test_validate_command)
{
	char *out, *err;
	const char *doc = "一、标题\n\n（一）推进改革。6月底前完成。（省财政厅牵头）\n";

	ck_assert_int_eq(run_on(doc, strlen(doc), &out, &err, NULL), 0);
	char *good = tl_temp(out, strlen(out), ".xml");
	free(out), free(err);
	char *bad = tl_temp("<notice/>", 9, ".xml");
	ck_assert_int_eq(tl_cli(&out, &err, 3, "validate", good), 0);
	ck_assert_ptr_nonnull(strstr(out, ": valid"));
	free(out), free(err);
	ck_assert_int_eq(tl_cli(&out, &err, 4, "validate", good, bad), 1);
	ck_assert_ptr_nonnull(strstr(err, bad));
	ck_assert_ptr_nonnull(strstr(err, "error: [OB-0"));
	free(out), free(err);
	unlink(good), unlink(bad);
	free(good), free(bad);
}
END_TEST

START_TEST(test_segment_command)
{
	char *out, *err;
	const char *doc = "推进政务服务改革。加快建设平台；完善机制。\n";
	char *path = tl_temp(doc, strlen(doc), ".txt");

	ck_assert_int_eq(tl_cli(&out, &err, 4, "segment", "--sentences", path), 0);
	ck_assert_str_eq(out, "1:1-1:9\t推进政务服务改革。\n1:10-1:16\t加快建设平台；\n"
	    "1:17-1:21\t完善机制。\n");
	free(out), free(err);
	ck_assert_int_eq(tl_cli(&out, &err, 4, "segment", "--words", path), 0);
	ck_assert_ptr_nonnull(strstr(out, "\t改革\n"));
	ck_assert_ptr_null(strstr(out, "。"));
	free(out), free(err);
	unlink(path);
	free(path);
}
END_TEST

/* Exit 0 with a valid document, or 1 with a one-line error: nothing else. */
static void
survives(const char *data, size_t len)
{
	char *out, *err;
	int r = run_on(data, len, &out, &err, NULL);
	if (r == 0) {
		ob_notice_free(tl_parse(data, len, "pathological")); /* invariants */
		ck_assert_ptr_nonnull(strstr(out, "</notice>"));
		char *path = tl_temp(out, strlen(out), ".xml");
		ob_error e;
		ck_assert_int_eq(ob_xml_validate_file(path, &e), 0);
		unlink(path);
		free(path);
	} else {
		ck_assert_int_eq(r, 1);
		ck_assert_str_eq(out, "");
		ck_assert_ptr_nonnull(strstr(err, ": error: "));
		/* refused input, never a document of ours the schema refuses */
		ck_assert_msg(!strstr(err, "[OB-023]"), "%s", err);
	}
	free(out), free(err);
}

START_TEST(test_pathological)
{
	size_t n = 10 << 20;
	char *s = malloc(n + 64);

	/* a 10 MB single line of text with deadlines and targets in it */
	const char *unit = "推进改革，6月底前完成不少于250台部署，";
	size_t ul = strlen(unit), k = 0;
	strcpy(s, "（一）标题。");
	k = strlen(s);
	while (k + ul < n) {
		memcpy(s + k, unit, ul);
		k += ul;
	}
	survives(s, k);

	/* thousands of nested brackets, closed and unclosed */
	k = 0;
	k += (size_t)sprintf(s, "一、测试\n\n（一）标题。");
	for (int i = 0; i < 5000; i++)
		k += (size_t)sprintf(s + k, "（");
	k += (size_t)sprintf(s + k, "省财政厅牵头");
	for (int i = 0; i < 5000; i++)
		k += (size_t)sprintf(s + k, "）");
	survives(s, k);
	survives(s, k - 3 * 2500);

	/* unbalanced brackets and markers everywhere */
	const char *u = "一、（二）(三)))（（1.（1）2、\n（四）》《“”（省牵头\n\n头）\n";
	survives(u, strlen(u));

	/* no item markers at all */
	const char *plain = "关于做好工作的通知\n\n各地要加强领导，确保落实。\n";
	char *out, *err;
	ck_assert_int_eq(run_on(plain, strlen(plain), &out, &err, NULL), 0);
	ck_assert_ptr_nonnull(strstr(err, "warning: [OB-101]"));
	ck_assert_ptr_nonnull(strstr(out, "<preamble"));
	free(out), free(err);

	/* thousands of short lines of markers */
	k = 0;
	for (int i = 0; i < 20000 && k + 64 < n; i++)
		k += (size_t)sprintf(s + k, "（%d）\n1.\n", i);
	survives(s, k);
	free(s);
}
END_TEST

/* A document exports in every format, or is refused with exit 1. */
static void
survives_export(const char *path)
{
	static const char *const formats[] = { "csv", "jsonl", "ics" };
	for (int k = 0; k < 3; k++) {
		char *out, *err;
		int r = tl_cli(&out, &err, 5, "export", "-f", formats[k], path);
		ck_assert_msg(r == 0 || (r == 1 && strstr(err, "error: ")), "%s: %d %s", path, r, err);
		free(out), free(err);
	}
}

/* OLD, a form feed line, NEW (as fuzz-diff reads them) diff, or one side
 * is refused with exit 1. */
static void
survives_diff(const char *data, size_t len)
{
	const char *cut = memmem(data, len, "\n\f\n", 3);
	size_t ol = cut ? (size_t)(cut - data) : len;
	char *a = tl_temp(data, ol, ".txt");
	char *b = cut ? tl_temp(cut + 3, len - ol - 3, ".txt") : strdup(a);
	char *out, *err;
	int r = tl_cli(&out, &err, 5, "diff", "-f", "text", a, b);
	ck_assert_msg(r == 0 || (r == 1 && strstr(err, "error: ")), "diff: %d %s", r, err);
	free(out), free(err);
	unlink(a), unlink(b);
	free(a), free(b);
}

/* Every input a fuzzer ever found a problem with stays a test, through
 * the command its target drives. */
START_TEST(test_fuzz_regressions)
{
	char dir[4096];
	tl_path(dir, sizeof dir, ob_test_srcdir, "tests/fuzz/regressions");
	DIR *d = opendir(dir);
	ck_assert_ptr_nonnull(d);
	int files = 0;
	for (struct dirent *e; (e = readdir(d));) {
		if (e->d_name[0] == '.')
			continue;
		char path[8192];
		size_t len;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		char *data = tl_read(path, &len);
		ck_assert_ptr_nonnull(data);
		if (!strncmp(e->d_name, "export-", 7))
			survives_export(path);
		else if (!strncmp(e->d_name, "diff-", 5))
			survives_diff(data, len);
		else
			survives(data, len);
		free(data);
		files++;
	}
	closedir(d);
	ck_assert_int_gt(files, 0);
}
END_TEST

/* A command into a full disk: exit 1 (2 for diff --exit-code, whose 1
 * means "they differ"), one line naming standard output.  The first of
 * these named a freed file name (the notice's, after it was freed). */
START_TEST(test_write_errors)
{
	char src[4096];
	tl_path(src, sizeof src, ob_test_srcdir, "corpus/gd-2021-fangguanfu.txt");
	char *xml = NULL, *o, *e;
	ck_assert_int_eq(tl_cli(&o, &e, 3, "extract", src), 0);
	xml = tl_temp(o, strlen(o), ".xml");
	free(o), free(e);
	char *const runs[][6] = {
		{ "extract", src }, { "extract", "-f", "facts", src },
		{ "validate", xml }, { "export", xml }, { "export", "-f", "jsonl", xml },
		{ "export", "-f", "ics", xml }, { "diff", xml, src },
		{ "diff", "-f", "text", xml, src }, { "diff", "-f", "html", xml, src },
		{ "diff", "--exit-code", xml, src }, { "segment", src },
		{ "segment", "--words", src }, { "--help" }, { "extract", "--help" },
		{ "help", "diff" }, { "--version" }, { "completion", "bash" },
	};
	for (size_t k = 0; k < sizeof runs / sizeof *runs; k++) {
		char *argv[8] = { "oblix" };
		int argc = 1;
		while (argc < 7 && runs[k][argc - 1])
			argv[argc] = runs[k][argc - 1], argc++;
		FILE *full = fopen("/dev/full", "w");
		ck_assert_ptr_nonnull(full);
		char *err = NULL;
		size_t el = 0;
		FILE *fe = open_memstream(&err, &el);
		int r = ob_cli_main(argc, argv, full, fe);
		fclose(fe);
		fclose(full);
		bool exit_code = argc > 2 && !strcmp(argv[2], "--exit-code");
		ck_assert_msg(r == (exit_code ? 2 : 1), "%s %s: exit %d", argv[1],
		    argv[2] ? argv[2] : "", r);
		ck_assert_msg(!strcmp(err, "oblix: error: [OB-022] cannot write to standard output: "
		    "No space left on device\n"), "%s %s: %s", argv[1], argv[2] ? argv[2] : "", err);
		free(err);
	}
	unlink(xml);
	free(xml);
}
END_TEST

/* The bundled notice repeated past 5 MiB, in a temporary file: large
 * enough to be written through a file, not in memory (caller unlinks and
 * frees). */
static char *
large_notice(const char *src)
{
	size_t ul;
	char *unit = tl_read(src, &ul);
	ck_assert_ptr_nonnull(unit);
	size_t times = ((size_t)5 << 20) / ul + 1;
	char *many = malloc(ul * times);
	for (size_t k = 0; k < times; k++)
		memcpy(many + k * ul, unit, ul);
	char *large = tl_temp(many, ul * times, ".txt");
	free(many), free(unit);
	return large;
}

/* Entries in a directory but . and .. */
static int
entries(const char *dir)
{
	DIR *d = opendir(dir);
	int n = 0;
	for (struct dirent *de; (de = readdir(d));)
		n += de->d_name[0] != '.' || (de->d_name[1] && de->d_name[1] != '.');
	closedir(d);
	return n;
}

/* -o FILE: the output whole under its name, nothing else left beside it,
 * for a notice written in memory and for one large enough to be written
 * straight into the file; nothing at all when the directory cannot take
 * it. */
START_TEST(test_output_file)
{
	char src[4096], dir[] = "/tmp/oblix-out-XXXXXX", path[4200];
	tl_path(src, sizeof src, ob_test_srcdir, "corpus/gd-2021-fangguanfu.txt");
	char *large = large_notice(src);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/gd.xml", dir);
	const char *inputs[] = { src, large };
	for (int k = 0; k < 2; k++) {
		char *o, *e;
		ck_assert_int_eq(tl_cli(&o, &e, 3, "extract", inputs[k]), 0);
		char *want = o;
		free(e);
		ck_assert_int_eq(tl_cli(&o, &e, 5, "extract", "-o", path, inputs[k]), 0);
		ck_assert_str_eq(o, "");
		free(o), free(e);
		char *got = tl_read(path, NULL);
		ck_assert_ptr_nonnull(got);
		ck_assert_str_eq(got, want);
		free(got), free(want);
		ck_assert_int_eq(entries(dir), 1);
		unlink(path);
	}
	unlink(large);
	free(large);
	rmdir(dir);
	char *o, *e;
	ck_assert_int_eq(tl_cli(&o, &e, 5, "extract", "-o", "/nonexistent/dir/gd.xml", src), 1);
	ck_assert_ptr_nonnull(strstr(e, "/nonexistent/dir/gd.xml: error: [OB-020]"));
	free(o), free(e);
}
END_TEST

/* -o a pipe (or a device: /dev/stdout) is written as it is, never
 * replaced by a file; -o a symbolic link keeps the link and replaces the
 * file it points to. */
START_TEST(test_output_special)
{
	char src[4096], dir[] = "/tmp/oblix-special-XXXXXX", fifo[4200], got[4200],
	    link[4200], real[4200];
	tl_path(src, sizeof src, ob_test_srcdir, "corpus/gd-2021-fangguanfu.txt");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char *want, *o, *e;
	ck_assert_int_eq(tl_cli(&want, &e, 3, "extract", src), 0);
	free(e);

	snprintf(fifo, sizeof fifo, "%s/fifo", dir);
	snprintf(got, sizeof got, "%s/got", dir);
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	pid_t pid = fork();
	if (pid == 0) {
		int in = open(fifo, O_RDONLY), out = open(got, O_WRONLY | O_CREAT, 0600);
		char buf[65536];
		ssize_t n;
		while (in >= 0 && out >= 0 && (n = read(in, buf, sizeof buf)) > 0)
			if (write(out, buf, (size_t)n) != n)
				_exit(1);
		_exit(in < 0 || out < 0);
	}
	ck_assert_int_gt(pid, 0);
	ck_assert_int_eq(tl_cli(&o, &e, 5, "extract", "-o", fifo, src), 0);
	free(o), free(e);
	struct stat st;
	bool still = stat(fifo, &st) == 0 && S_ISFIFO(st.st_mode);
	if (!still)
		kill(pid, SIGKILL); /* it waits for a writer that never came */
	int ws;
	waitpid(pid, &ws, 0);
	ck_assert_msg(still, "the pipe was replaced");
	ck_assert(WIFEXITED(ws) && WEXITSTATUS(ws) == 0);
	char *g = tl_read(got, NULL);
	ck_assert_ptr_nonnull(g);
	ck_assert_str_eq(g, want);
	free(g);

	snprintf(real, sizeof real, "%s/real.xml", dir);
	snprintf(link, sizeof link, "%s/link.xml", dir);
	FILE *fp = fopen(real, "w");
	ck_assert_ptr_nonnull(fp);
	fputs("old\n", fp);
	fclose(fp);
	ck_assert_int_eq(symlink("real.xml", link), 0);
	ck_assert_int_eq(tl_cli(&o, &e, 5, "extract", "-o", link, src), 0);
	free(o), free(e);
	ck_assert_int_eq(lstat(link, &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	g = tl_read(real, NULL);
	ck_assert_ptr_nonnull(g);
	ck_assert_str_eq(g, want);
	free(g);
	ck_assert_int_eq(entries(dir), 4); /* fifo, got, real.xml, link.xml */
	unlink(fifo), unlink(got), unlink(link), unlink(real);
	rmdir(dir);
	free(want);
}
END_TEST

/* -o FILE where the file system takes no more (here a file size limit):
 * the error names FILE, the exit status is 1, and nothing is left, for a
 * notice written in memory and for a large one written straight into
 * the file. */
START_TEST(test_output_file_full)
{
	char src[4096], dir[] = "/tmp/oblix-full-XXXXXX", path[4200];
	tl_path(src, sizeof src, ob_test_srcdir, "corpus/gd-2021-fangguanfu.txt");
	char *large = large_notice(src);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/gd.xml", dir);
	const char *inputs[] = { src, large };
	int status[2];
	char *errs[2];
	for (int k = 0; k < 2; k++) {
		char *o;
		status[k] = tl_cli_fsize(4096, &o, &errs[k], 5, "extract", "-o", path, inputs[k]);
		free(o);
	}
	for (int k = 0; k < 2; k++) {
		ck_assert_int_eq(status[k], 1);
		ck_assert_msg(strstr(errs[k], path) &&
		    strstr(errs[k], ": error: [OB-022] cannot write the output: File too large"),
		    "%s", errs[k]);
		assert_one_line_error(errs[k], "[OB-022]");
		free(errs[k]);
	}
	ck_assert_int_eq(entries(dir), 0);
	rmdir(dir);
	unlink(large);
	free(large);
}
END_TEST


/*
 * Every command with every option form it documents, as people type them:
 * --opt=value, --opt value, -o value, -ovalue, options after operands,
 * "--", "-" for standard input.  Words starting with @ are files made by
 * the test: @TXT a notice, @OLD another, @XML the document of @TXT, @DIR
 * a directory holding it, @TREE a directory of notices, @DIFF a diff
 * document, @INDEX a manifest, @FOREIGN XML of no oblix namespace, @ICS a
 * calendar, @OUT a file to write, @OUTDIR a directory to write.  The test
 * also checks that the table leaves no option of any command untried.
 */
typedef struct cli_case {
	const char *args;
	int status;
	const char *out;    /* stdout holds this (NULL: not checked) */
	const char *err;    /* stderr holds this */
	const char *no_out; /* stdout does not hold this */
	const char *stdin_; /* standard input from this @file */
} cli_case;

static const cli_case cases[] = {
	{ "extract @TXT", 0, "<notice ", NULL, NULL, NULL },
	{ "extract --format=facts @TXT", 0, "item\t", NULL, NULL, NULL },
	{ "extract --format facts @TXT", 0, "item\t", NULL, NULL, NULL },
	{ "extract -f facts @TXT", 0, "item\t", NULL, NULL, NULL },
	{ "extract -ffacts @TXT", 0, "item\t", NULL, NULL, NULL },
	{ "extract @TXT --format=xml", 0, "<notice ", NULL, NULL, NULL },
	{ "extract -- @TXT", 0, "<notice ", NULL, NULL, NULL },
	{ "extract -- -f", 1, "", "-f: error: [OB-009]", NULL, NULL },
	{ "extract -", 0, "source=\"-\"", NULL, NULL, "@TXT" },
	{ "extract", 0, "source=\"-\"", NULL, NULL, "@TXT" },
	{ "extract", 2, "", "an operand is needed", NULL, NULL },
	{ "validate", 0, "-: valid", NULL, NULL, "@XML" },
	{ "extract -f facts -", 0, "item\t", NULL, NULL, "@TXT" },
	{ "extract --encoding=UTF-8 @TXT", 0, "<notice ", NULL, NULL, NULL },
	{ "extract --encoding UTF-8 @TXT", 0, "<notice ", NULL, NULL, NULL },
	{ "extract --encoding=NO-SUCH @TXT", 1, "", "[OB-010]", NULL, NULL },
	{ "extract --max-size=1M @TXT", 0, "<notice ", NULL, NULL, NULL },
	{ "extract --max-size 100 @TXT", 1, "", "[OB-005]", NULL, NULL },
	{ "extract --max-size=ten @TXT", 2, "", "--max-size takes a size", NULL, NULL },
	{ "extract -o @OUT @TXT", 0, "", NULL, NULL, NULL },
	{ "extract --output=@OUT @TXT", 0, "", NULL, NULL, NULL },
	{ "extract @TXT --output @OUT", 0, "", NULL, NULL, NULL },
	{ "extract -q @TXT", 0, "<notice ", NULL, NULL, NULL },
	{ "extract --quiet @TXT", 0, "<notice ", NULL, NULL, NULL },
	{ "extract -O @OUTDIR @TXT", 0, "1 inputs: 1 converted", NULL, NULL, NULL },
	{ "extract --outdir=@OUTDIR -j2 @TREE", 0, "converted", NULL, NULL, NULL },
	{ "extract --outdir @OUTDIR -j 1 --force --no-index --fsync @TREE", 0, "converted", NULL, NULL, NULL },
	{ "extract --jobs=1 -O @OUTDIR @TXT", 0, "1 inputs", NULL, NULL, NULL },
	{ "extract --jobs 1 -O @OUTDIR @TXT", 0, "1 inputs", NULL, NULL, NULL },
	{ "extract -o @OUTDIR @TREE", 0, "converted", NULL, NULL, NULL },
	{ "extract -O @OUTDIR -q @TREE", 0, "", NULL, "inputs", NULL },
	{ "extract -j 0 -O @OUTDIR @TXT", 2, "", "-j takes a number", NULL, NULL },
	{ "extract --force @TXT", 2, "", "are for a batch", NULL, NULL },
	{ "extract -O @OUTDIR -", 2, "", "not standard input", NULL, NULL },
	{ "extract -f json @TXT", 2, "", "unknown format 'json' (xml, facts)", NULL, NULL },
	{ "extract --format=json @TXT", 2, "", "unknown format 'json' (xml, facts)", NULL, NULL },
	{ "extract --bogus @TXT", 2, "", "unknown option '--bogus'", NULL, NULL },
	{ "extract -x @TXT", 2, "", "unknown option '-x'", NULL, NULL },
	{ "extract -f", 2, "", "option '--format' needs a value", NULL, NULL },
	{ "extract", 2, "", "operand", NULL, NULL },
	{ "extract @TXT @TXT", 2, "", "-O DIR", NULL, NULL },
	{ "extract -h", 0, "usage: oblix extract", NULL, NULL, NULL },
	{ "extract --help", 0, "--max-size=BYTES", NULL, NULL, NULL },
	{ "extract -V", 0, "oblix " OB_VERSION, NULL, NULL, NULL },
	{ "extract --gazetteer=@GAZ -f facts @GTXT", 0, "agency\tresponsible\t虚构局", NULL, NULL, NULL },
	{ "extract --gazetteer @GAZ @GTXT", 0, "ref=\"国家虚构事务管理局\"", NULL, NULL, NULL },
	{ "extract --gazetteer=@BADGAZ @TXT", 1, "", "[OB-040]", NULL, NULL },
	{ "extract -O @OUTDIR --gazetteer=@GAZ @GTXT", 0, "1 inputs", NULL, NULL, NULL },
	{ "extract --version", 0, "ICU ", NULL, NULL, NULL },
	{ "extract -O @OUTDIR --files-from=@LIST", 0, "1 inputs: ", NULL, NULL, NULL },
	{ "extract -O @OUTDIR --files-from -", 0, "1 inputs: ", NULL, NULL, "@LIST" },
	{ "extract -O @OUTDIR -0 --files-from=@LIST0", 0, "1 inputs: ", NULL, NULL, NULL },
	{ "extract -O @OUTDIR --null --files-from @LIST0", 0, "1 inputs: ", NULL, NULL, NULL },
	{ "extract -O @OUTDIR --files-from=@LIST0", 1, "", "[OB-003] a NUL byte in a list", NULL, NULL },
	{ "extract -O @OUTDIR --files-from=/nonexistent", 1, "", "/nonexistent: error: [OB-009]", NULL, NULL },
	{ "extract -O @OUTDIR --files-from=@EMPTY", 2, "", "names none", NULL, NULL },
	{ "extract -0 -O @OUTDIR @TXT", 2, "", "no --files-from was given", NULL, NULL },
	{ "extract --files-from=@LIST", 2, "", "are for a batch (-O DIR)", NULL, NULL },
	{ "extract -O @OUTDIR --include=*.txt @TREE", 0, "1 inputs: ", NULL, NULL, NULL },
	{ "extract -O @OUTDIR --include *.md @TREE", 0, "0 inputs: ", NULL, NULL, NULL },
	{ "extract -O @OUTDIR --exclude=a.* @TREE", 0, "0 inputs: ", NULL, NULL, NULL },
	{ "extract -O @OUTDIR --exclude *.md @TREE", 0, "1 inputs: ", NULL, NULL, NULL },
	{ "extract --include=*.txt @TXT", 2, "", "are for a batch", NULL, NULL },
	{ "extract -O @OUTDIR --follow @TREE", 0, "1 inputs: ", NULL, NULL, NULL },
	{ "extract -O @OUTDIR --prune @TREE", 0, "1 inputs: ", NULL, NULL, NULL },
	{ "extract --follow @TXT", 2, "", "are for a batch", NULL, NULL },

	{ "validate @XML", 0, ": valid (notice)", NULL, NULL, NULL },
	{ "validate --follow @DIR", 0, "gd.xml: valid (notice)", NULL, NULL, NULL },
	{ "validate @DIFF @INDEX", 0, ": valid (index)", NULL, NULL, NULL },
	{ "validate @DIFF", 0, ": valid (diff)", NULL, NULL, NULL },
	{ "validate -q @XML", 0, "", NULL, "valid", NULL },
	{ "validate @XML --quiet", 0, "", NULL, "valid", NULL },
	{ "validate -", 0, "-: valid (notice)", NULL, NULL, "@XML" },
	{ "validate -- @XML", 0, "valid", NULL, NULL, NULL },
	{ "validate @FOREIGN", 1, "", "[OB-027]", NULL, NULL },
	{ "validate @TXT", 1, "", "error: [OB-0", NULL, NULL },
	{ "validate", 2, "", "operand", NULL, NULL },
	{ "validate -h", 0, "usage: oblix validate", NULL, NULL, NULL },
	{ "validate --help", 0, "--quiet", NULL, NULL, NULL },
	{ "validate -V", 0, "PCRE2 ", NULL, NULL, NULL },
	{ "validate --version", 0, "libxml2 ", NULL, NULL, NULL },

	{ "export @XML", 0, "\"notice\",\"doc_number\",", NULL, NULL, NULL },
	{ "export -f csv @XML", 0, "\"notice\",\"doc_number\",", NULL, NULL, NULL },
	{ "export -fjsonl @XML", 0, "{\"notice\":", NULL, NULL, NULL },
	{ "export --format=jsonl @XML", 0, "\"due\":\"2021-", NULL, NULL, NULL },
	{ "export --format ics @XML", 0, "BEGIN:VCALENDAR", NULL, NULL, NULL },
	{ "export @DIR -f jsonl", 0, "{\"notice\":", NULL, NULL, NULL },
	{ "export --follow @DIR", 0, "\"notice\",\"doc_number\"", NULL, NULL, NULL },
	{ "export -f csv -", 0, "\"notice\",\"doc_number\",", NULL, NULL, "@XML" },
	{ "export -o @OUT @XML", 0, "", NULL, NULL, NULL },
	{ "export --output=@OUT -f ics @XML", 0, "", NULL, NULL, NULL },
	{ "export --output @OUT @XML", 0, "", NULL, NULL, NULL },
	{ "export -f ics --previous=@ICS @XML", 0, "SEQUENCE:0", NULL, NULL, NULL },
	{ "export -f ics --previous @ICS @XML", 0, "SEQUENCE:0", NULL, NULL, NULL },
	{ "export -f ics --previous @XML @XML", 1, "", "[OB-028]", NULL, NULL },
	/* --previous for another feed is said, not ignored; a table whose
	 * every input failed is no empty table */
	{ "export -f csv --previous=@ICS @XML", 2, "", "--previous is for --format=ics", NULL, NULL },
	{ "export -f csv @TXT", 0, "\"notice\",\"doc_number\",", NULL, NULL, NULL },
	{ "export -f ics @TXT", 0, "BEGIN:VTODO", NULL, NULL, NULL },
	{ "export -f csv @INDEX", 1, "", "[OB-027]", "\"notice\"", NULL },
	{ "export -f json @XML", 2, "", "unknown format 'json' (csv, jsonl, ics)", NULL, NULL },
	{ "export @TXT", 0, "\"notice\",\"doc_number\",", NULL, NULL, NULL },
	{ "export", 2, "", "operand", NULL, NULL },
	{ "export -h", 0, "usage: oblix export", NULL, NULL, NULL },
	{ "export --help", 0, "--previous=FILE", NULL, NULL, NULL },
	{ "export -V", 0, "oblix ", NULL, NULL, NULL },
	{ "export --version", 0, "oblix ", NULL, NULL, NULL },

	{ "diff @XML @TXT", 0, "<diff ", NULL, NULL, NULL },
	{ "diff -f text @XML @TXT", 0, "items: 0 added", NULL, "\033[", NULL },
	{ "diff -ftext @OLD @TXT", 0, "items: ", NULL, NULL, NULL },
	{ "diff --format=html @XML @TXT", 0, "<html", NULL, NULL, NULL },
	{ "diff @XML @TXT --format html", 0, "<html", NULL, NULL, NULL },
	{ "diff -o @OUT @XML @TXT", 0, "", NULL, NULL, NULL },
	{ "diff --output=@OUT @XML @TXT", 0, "", NULL, NULL, NULL },
	{ "diff --output @OUT @XML @TXT", 0, "", NULL, NULL, NULL },
	{ "diff --color=always -f text @OLD @TXT", 0, "\033[", NULL, NULL, NULL },
	{ "diff --color -f text @OLD @TXT", 0, "\033[", NULL, NULL, NULL },
	{ "diff --color=never -f text @OLD @TXT", 0, "items: ", NULL, "\033[", NULL },
	{ "diff --color=auto -f text @OLD @TXT", 0, "items: ", NULL, "\033[", NULL },
	{ "diff --color=sometimes @OLD @TXT", 2, "", "unknown colour mode 'sometimes' (auto, always, never)", NULL, NULL },
	{ "diff --exit-code @XML @TXT", 0, "<diff ", NULL, NULL, NULL },
	{ "diff --exit-code @OLD @TXT", 1, "<diff ", NULL, NULL, NULL },
	{ "diff --exit-code @XML /nonexistent", 2, "", "[OB-009] cannot open: No such file or directory", NULL, NULL },
	{ "diff - @TXT", 0, "<diff old=\"-\" ", NULL, NULL, "@XML" },
	{ "diff @XML -", 0, "new=\"-\" ", NULL, NULL, "@TXT" },
	{ "diff -- @XML @TXT", 0, "<diff ", NULL, NULL, NULL },
	{ "diff -f json @XML @TXT", 0, "\"summary\": {", NULL, NULL, NULL },
	{ "diff --format=csv @XML @TXT", 0, "\"status\",\"unit\",\"old_id\"", NULL, NULL, NULL },
	{ "diff -q @XML @TXT", 0, "", NULL, "<", NULL },
	{ "diff --quiet @OLD @TXT", 1, "", NULL, "<", NULL },
	{ "diff -q @XML /nonexistent", 2, "", "[OB-009]", NULL, NULL },
	{ "diff - -", 2, "", "one side", NULL, NULL },
	{ "diff @XML", 2, "", "two operands", NULL, NULL },
	{ "diff @XML @TXT @OLD", 2, "", "one operand too many", NULL, NULL },
	{ "diff -h", 0, "usage: oblix diff", NULL, NULL, NULL },
	{ "diff --help", 0, "--exit-code", NULL, NULL, NULL },
	{ "diff -V", 0, "oblix ", NULL, NULL, NULL },
	{ "diff --version", 0, "oblix ", NULL, NULL, NULL },

	{ "history @OLD @TXT @TXT", 0, "<history ", NULL, NULL, NULL },
	{ "history -f text @OLD @TXT", 0, "oblix history", NULL, NULL, NULL },
	{ "history --format=csv @XML @TXT", 0, "\"task\",\"edition\"", NULL, NULL, NULL },
	{ "history --format html @XML @TXT", 0, "<html", NULL, NULL, NULL },
	{ "history -o @OUT @XML @TXT", 0, "", NULL, NULL, NULL },
	{ "history --output=@OUT @XML @TXT", 0, "", NULL, NULL, NULL },
	{ "history -- @XML @TXT", 0, "<history ", NULL, NULL, NULL },
	{ "history - @TXT", 0, "source=\"-\"", NULL, NULL, "@XML" },
	{ "history @XML", 2, "", "operand", NULL, NULL },
	{ "history -f json @XML @TXT", 0, "\"tasks\": [", NULL, NULL, NULL },
	{ "history -f yaml @XML @TXT", 2, "", "unknown format 'yaml'", NULL, NULL },
	{ "history -h", 0, "usage: oblix history", NULL, NULL, NULL },
	{ "history --help", 0, "--format", NULL, NULL, NULL },
	{ "history -V", 0, "oblix ", NULL, NULL, NULL },
	{ "history --version", 0, "oblix ", NULL, NULL, NULL },

	{ "agencies", 0, "body\tnational\t国家发展和改革委员会\t", NULL, NULL, NULL },
	{ "agencies --gazetteer=@GAZ", 0, "国家虚构事务管理局", NULL, NULL, NULL },
	{ "agencies --gazetteer @BADGAZ", 1, "", "[OB-040]", NULL, NULL },
	{ "agencies -o @OUT", 0, "", NULL, NULL, NULL },
	{ "agencies --output=@OUT", 0, "", NULL, NULL, NULL },
	{ "agencies extra", 1, "", "extra: error: [OB-041]", NULL, NULL },
	{ "agencies -h", 0, "usage: oblix agencies", NULL, NULL, NULL },
	{ "agencies --help", 0, "--gazetteer", NULL, NULL, NULL },
	{ "agencies -V", 0, "oblix ", NULL, NULL, NULL },
	{ "agencies --version", 0, "oblix ", NULL, NULL, NULL },

	{ "segment @TXT", 0, "\t", NULL, NULL, NULL },
	{ "segment --paragraphs @TXT", 0, "\t", NULL, NULL, NULL },
	{ "segment --sentences @TXT", 0, "\t", NULL, NULL, NULL },
	{ "segment @TXT --words", 0, "\t", NULL, NULL, NULL },
	{ "segment --text @TXT", 0, "\n", NULL, NULL, NULL },
	/* a flag given a value, a prefix of several options, a flag's name
	 * with a value: said so, never a control character */
	{ "extract --fsync=1 @TXT", 2, "", "option '--fsync' takes no value", NULL, NULL },
	{ "extract --f=xml @TXT", 2, "", "option '--f' is ambiguous (--format, --force, --fsync, --files-from, --follow)", NULL, NULL },
	{ "extract --help=x", 2, "", "option '--help' takes no value", NULL, NULL },
	{ "segment --encoding=UTF-8 @TXT", 0, "\t", NULL, NULL, NULL },
	{ "segment --encoding UTF-8 @TXT", 0, "\t", NULL, NULL, NULL },
	{ "segment --max-size=1M @TXT", 0, "\t", NULL, NULL, NULL },
	{ "segment --max-size 100 @TXT", 1, "", "[OB-005]", NULL, NULL },
	{ "segment -", 0, "\t", NULL, NULL, "@TXT" },
	{ "segment -- @TXT", 0, "\t", NULL, NULL, NULL },
	{ "segment", 2, "", "operand", NULL, NULL },
	{ "segment -h", 0, "usage: oblix segment", NULL, NULL, NULL },
	{ "segment --help", 0, "--words", NULL, NULL, NULL },
	{ "segment -V", 0, "oblix ", NULL, NULL, NULL },
	{ "segment --version", 0, "oblix ", NULL, NULL, NULL },

	{ "help", 0, "commands:", NULL, NULL, NULL },
	{ "help diff", 0, "usage: oblix diff", NULL, NULL, NULL },
	{ "help nosuch", 2, "", "no command 'nosuch'", NULL, NULL },
	{ "help -h", 0, "usage: oblix help", NULL, NULL, NULL },
	{ "help --help", 0, "usage: oblix help", NULL, NULL, NULL },
	{ "help -V", 0, "oblix ", NULL, NULL, NULL },
	{ "help --version", 0, "oblix ", NULL, NULL, NULL },
	{ "version", 0, "oblix " OB_VERSION "\nICU ", NULL, NULL, NULL },
	{ "version -h", 0, "usage: oblix version", NULL, NULL, NULL },
	{ "version --help", 0, "usage: oblix version", NULL, NULL, NULL },
	{ "version -V", 0, "ICU ", NULL, NULL, NULL },
	{ "version --version", 0, "ICU ", NULL, NULL, NULL },
	{ "completion bash", 0, "complete -o filenames", NULL, NULL, NULL },
	{ "completion zsh", 0, "#compdef oblix", NULL, NULL, NULL },
	{ "completion fish", 0, "complete -c oblix", NULL, NULL, NULL },
	{ "agencies 国家计委", 0, "\t国家发展计划委员会\t", NULL, NULL, NULL },
	{ "agencies 发改委", 0, "became=国家发展和改革委员会", NULL, NULL, NULL },
	{ "agencies 省发展改革委", 0, "type\tprovincial\t省发展和改革委员会\t省发展改革委", NULL, NULL, NULL },
	{ "agencies 某某某某局", 1, "", "[OB-041]", NULL, NULL },
	{ "completion tcsh", 2, "", "unknown shell 'tcsh' (bash, zsh, fish)", NULL, NULL },
	{ "completion -h", 0, "usage: oblix completion", NULL, NULL, NULL },
	{ "completion --help", 0, "usage: oblix completion", NULL, NULL, NULL },
	{ "completion -V", 0, "ICU ", NULL, NULL, NULL },
	{ "completion --version", 0, "ICU ", NULL, NULL, NULL },
	{ "--help", 0, "commands:", NULL, NULL, NULL },
	{ "-h", 0, "commands:", NULL, NULL, NULL },
	{ "--version", 0, "libxml2 ", NULL, NULL, NULL },
	{ "-V", 0, "libxml2 ", NULL, NULL, NULL },
	{ "frobnicate", 2, "", "no command 'frobnicate'\n", NULL, NULL },
	{ "expor", 2, "", "no command 'expor'; did you mean 'export'?", NULL, NULL },
	{ "ex", 2, "", "did you mean 'extract' or 'export'?", NULL, NULL },
	{ "--help", 0, "  -V, --version", NULL, NULL, NULL },
	{ "--help", 0, "'man oblix-COMMAND'", NULL, NULL, NULL },
	{ "--bogus", 2, "", "unknown option '--bogus'", NULL, NULL },
};

typedef struct fixture {
	char dir[64];
	char *names[32]; /* "@TXT" ... */
	char *paths[32];
	int n;
} fixture;

static void
fixture_add(fixture *f, const char *name, const char *path)
{
	ck_assert_int_lt(f->n, (int)(sizeof f->names / sizeof *f->names));
	f->names[f->n] = strdup(name);
	f->paths[f->n] = strdup(path);
	f->n++;
}

static const char *
fixture_path(const fixture *f, const char *name)
{
	for (int k = 0; k < f->n; k++)
		if (!strcmp(f->names[k], name))
			return f->paths[k];
	return NULL;
}

static void
put(const char *path, const char *data, size_t len)
{
	FILE *fp = fopen(path, "wb");
	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fwrite(data, 1, len, fp), len);
	ck_assert_int_eq(fclose(fp), 0);
}

static void
fixture_make(fixture *f)
{
	char src[4096], p[4200], *o, *e;
	memset(f, 0, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/oblix-cases-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(f->dir));
	fixture_add(f, "@TXT", tl_path(src, sizeof src, ob_test_srcdir, "corpus/gd-2021-fangguanfu.txt"));
	fixture_add(f, "@OLD", tl_path(src, sizeof src, ob_test_srcdir, "tests/notices/gz-2021-subitems.txt"));
	ck_assert_int_eq(tl_cli(&o, &e, 3, "extract", fixture_path(f, "@TXT")), 0);
	snprintf(p, sizeof p, "%s/docs", f->dir);
	mkdir(p, 0777);
	fixture_add(f, "@DIR", p);
	snprintf(p, sizeof p, "%s/docs/gd.xml", f->dir);
	put(p, o, strlen(o));
	fixture_add(f, "@XML", p);
	free(o), free(e);
	snprintf(p, sizeof p, "%s/tree", f->dir);
	mkdir(p, 0777);
	fixture_add(f, "@TREE", p);
	snprintf(p, sizeof p, "%s/tree/a.txt", f->dir);
	char *t = tl_read(fixture_path(f, "@OLD"), NULL);
	put(p, t, strlen(t));
	free(t);
	ck_assert_int_eq(tl_cli(&o, &e, 4, "diff", fixture_path(f, "@OLD"), fixture_path(f, "@TXT")), 0);
	snprintf(p, sizeof p, "%s/diff.xml", f->dir);
	put(p, o, strlen(o));
	fixture_add(f, "@DIFF", p);
	free(o), free(e);
	snprintf(p, sizeof p, "%s/batch", f->dir);
	ck_assert_int_eq(tl_cli(&o, &e, 5, "extract", "-O", p, fixture_path(f, "@TREE")), 0);
	free(o), free(e);
	snprintf(p, sizeof p, "%s/batch/index.xml", f->dir);
	fixture_add(f, "@INDEX", p);
	snprintf(p, sizeof p, "%s/foreign.xml", f->dir);
	put(p, "<?xml version=\"1.0\"?>\n<x xmlns=\"urn:example\"/>\n", 46);
	fixture_add(f, "@FOREIGN", p);
	ck_assert_int_eq(tl_cli(&o, &e, 5, "export", "-f", "ics", fixture_path(f, "@XML")), 0);
	snprintf(p, sizeof p, "%s/prev.ics", f->dir);
	put(p, o, strlen(o));
	fixture_add(f, "@ICS", p);
	free(o), free(e);
	snprintf(p, sizeof p, "%s/out.file", f->dir);
	fixture_add(f, "@OUT", p);
	/* lists of inputs: one per line, and ending with NUL */
	char list[4200];
	int ll = snprintf(list, sizeof list, "%s\n", fixture_path(f, "@TXT"));
	snprintf(p, sizeof p, "%s/list", f->dir);
	put(p, list, (size_t)ll);
	fixture_add(f, "@LIST", p);
	list[ll - 1] = '\0';
	snprintf(p, sizeof p, "%s/list0", f->dir);
	put(p, list, (size_t)ll);
	fixture_add(f, "@LIST0", p);
	snprintf(p, sizeof p, "%s/empty", f->dir);
	put(p, "", 0);
	fixture_add(f, "@EMPTY", p);
	snprintf(p, sizeof p, "%s/outdir", f->dir);
	fixture_add(f, "@OUTDIR", p);
	/* a user's gazetteer, a bad one, and a notice that names its body */
	static const char gaz[] = "body\tnational\t国家虚构事务管理局\t虚构局\n";
	static const char bad[] = "body\tnowhere\t甲局\t甲\n";
	static const char txt[] = "（一）开展工作。虚构局要加强指导。\n";
	snprintf(p, sizeof p, "%s/mine.tsv", f->dir);
	put(p, gaz, strlen(gaz));
	fixture_add(f, "@GAZ", p);
	snprintf(p, sizeof p, "%s/bad.tsv", f->dir);
	put(p, bad, strlen(bad));
	fixture_add(f, "@BADGAZ", p);
	snprintf(p, sizeof p, "%s/g.txt", f->dir);
	put(p, txt, strlen(txt));
	fixture_add(f, "@GTXT", p);
}

static void
fixture_free(fixture *f)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	ck_assert_int_eq(system(cmd), 0);
	for (int k = 0; k < f->n; k++)
		free(f->names[k]), free(f->paths[k]);
}

/* Does some case of cmd use this option word (a "--name" or "-x" word,
 * or a word that starts with it and goes on with "=" or a value)? */
static bool
tried(const char *cmd, const char *word, bool attached_ok)
{
	size_t cl = strlen(cmd), wl = strlen(word);
	for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
		const char *a = cases[k].args;
		if (strncmp(a, cmd, cl) || (a[cl] != ' ' && a[cl] != '\0'))
			continue;
		for (const char *p = strstr(a, word); p; p = strstr(p + 1, word))
			if (p[-1] == ' ' && (p[wl] == ' ' || p[wl] == '\0' ||
			    (attached_ok && p[wl] == '=') || (attached_ok && word[1] != '-')))
				return true;
	}
	return false;
}

START_TEST(test_every_option)
{
	size_t n;
	const ob__cli_command *cmds = ob__cli_commands(&n);
	for (size_t k = 0; k < n; k++) {
		for (size_t j = 0; j <= sizeof cmds[k].opts / sizeof *cmds[k].opts; j++) {
			int key = j < sizeof cmds[k].opts / sizeof *cmds[k].opts ? cmds[k].opts[j].key : 'h';
			if (!key)
				key = 'V', j = sizeof cmds[k].opts / sizeof *cmds[k].opts - 1;
			const ob__cli_option *o = ob__cli_option_of(key);
			char word[64];
			snprintf(word, sizeof word, "--%s", o->name);
			ck_assert_msg(tried(cmds[k].name, word, true), "oblix %s %s untried",
			    cmds[k].name, word);
			if (o->key < 256) {
				snprintf(word, sizeof word, "-%c", o->key);
				ck_assert_msg(tried(cmds[k].name, word, true), "oblix %s %s untried",
				    cmds[k].name, word);
			}
			if (key == 'V')
				break;
		}
	}
}
END_TEST

START_TEST(test_option_forms)
{
	fixture f;
	fixture_make(&f);
	for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
		const cli_case *c = &cases[k];
		char *copy = strdup(c->args), *save = NULL, *argv[32] = { "oblix" };
		char *owned[32];
		int argc = 1, nowned = 0;
		for (char *w = strtok_r(copy, " ", &save); w && argc < 31; w = strtok_r(NULL, " ", &save)) {
			/* @NAME, alone or after "--opt=" */
			char *at = strchr(w, '@');
			const char *path = at ? fixture_path(&f, at) : NULL;
			if (path) {
				char *word;
				ck_assert_int_ge(asprintf(&word, "%.*s%s", (int)(at - w), w, path), 0);
				argv[argc++] = owned[nowned++] = word;
			} else {
				argv[argc++] = w;
			}
		}
		argv[argc] = NULL;
		if (c->stdin_)
			ck_assert_ptr_nonnull(freopen(fixture_path(&f, c->stdin_), "rb", stdin));
		char *out = NULL, *err = NULL;
		size_t ol = 0, el = 0;
		FILE *fo = open_memstream(&out, &ol), *fe = open_memstream(&err, &el);
		int r = ob_cli_main(argc, argv, fo, fe);
		fclose(fo);
		fclose(fe);
		if (c->stdin_)
			ck_assert_ptr_nonnull(freopen("/dev/null", "rb", stdin));
		ck_assert_msg(r == c->status, "oblix %s: exit %d, not %d\n%s", c->args, r,
		    c->status, err);
		if (c->out && !*c->out)
			ck_assert_msg(!*out, "oblix %s: wrote %.200s", c->args, out);
		else if (c->out)
			ck_assert_msg(strstr(out, c->out), "oblix %s: no '%s' in %.300s", c->args,
			    c->out, out);
		if (c->err)
			ck_assert_msg(strstr(err, c->err), "oblix %s: no '%s' in %s", c->args,
			    c->err, err);
		if (c->no_out)
			ck_assert_msg(!strstr(out, c->no_out), "oblix %s: '%s' in %.300s", c->args,
			    c->no_out, out);
		/* a usage error says what to do next */
		if (r == 2 && !strstr(c->args, "--exit-code") && !strstr(c->args, "diff -q"))
			ck_assert_msg(strstr(err, "--help"), "oblix %s: %s", c->args, err);
		/* -o FILE wrote FILE */
		const char *o = fixture_path(&f, "@OUT");
		if (r == 0 && strstr(c->args, "@OUT") && !strstr(c->args, "@OUTDIR")) {
			struct stat st;
			ck_assert_msg(stat(o, &st) == 0 && st.st_size > 0, "oblix %s: no %s", c->args, o);
			unlink(o);
		}
		free(out), free(err), free(copy);
		for (int j = 0; j < nowned; j++)
			free(owned[j]);
	}
	fixture_free(&f);
}
END_TEST

/* Every option of a command is in its manual page and in the README's
 * usage block, and every command has a manual page or a place in
 * oblix(1). */
START_TEST(test_documented)
{
	char p[4096];
	char *readme = tl_read(tl_path(p, sizeof p, ob_test_srcdir, "README.md"), NULL);
	ck_assert_ptr_nonnull(readme);
	char *usage = strstr(readme, "## Usage\n\n```\n");
	ck_assert_ptr_nonnull(usage);
	char *end = strstr(usage + 14, "```");
	ck_assert_ptr_nonnull(end);
	*end = '\0';
	char *main_page = tl_read(tl_path(p, sizeof p, ob_test_srcdir, "doc/oblix.1"), NULL);
	ck_assert_ptr_nonnull(main_page);
	size_t n;
	const ob__cli_command *cmds = ob__cli_commands(&n);
	for (size_t k = 0; k < n; k++) {
		char rel[128], word[96];
		snprintf(word, sizeof word, "oblix %s", cmds[k].name);
		ck_assert_msg(strstr(usage, word), "README usage: no %s", word);
		snprintf(word, sizeof word, ".B %s\n", cmds[k].name);
		ck_assert_msg(strstr(main_page, word), "oblix.1: no %s", cmds[k].name);
		if (cmds[k].meta)
			continue;
		snprintf(rel, sizeof rel, "doc/oblix-%s.1", cmds[k].name);
		char *page = tl_read(tl_path(p, sizeof p, ob_test_srcdir, rel), NULL);
		ck_assert_msg(page != NULL, "no %s", rel);
		for (size_t j = 0; j < sizeof cmds[k].opts / sizeof *cmds[k].opts && cmds[k].opts[j].key; j++) {
			const ob__cli_option *o = ob__cli_option_of(cmds[k].opts[j].key);
			char groff[96];
			int g = snprintf(groff, sizeof groff, "\\-\\-");
			for (const char *s = o->name; *s; s++)
				g += snprintf(groff + g, sizeof groff - (size_t)g, *s == '-' ? "\\-" : "%c", *s);
			ck_assert_msg(strstr(page, groff), "%s: no %s", rel, groff);
			snprintf(word, sizeof word, "--%s", o->name);
			ck_assert_msg(strstr(usage, word), "README usage: no %s", word);
		}
		free(page);
	}
	free(main_page);
	/* the diff example runs on files the repository ships, and says what
	 * the README shows */
	char *example = strstr(end + 3, "$ oblix diff --format=text ");
	ck_assert_ptr_nonnull(example);
	char old[128], new_[128], a[4096], b[4096], *out, *err;
	ck_assert_int_eq(sscanf(example, "$ oblix diff --format=text %127s %127s", old, new_), 2);
	tl_path(a, sizeof a, ob_test_srcdir, old);
	tl_path(b, sizeof b, ob_test_srcdir, new_);
	ck_assert_int_eq(tl_cli(&out, &err, 5, "diff", "--format=text", a, b), 0);
	char *summary = strchr(out, '\n') + 1;
	*strstr(summary, "\n\n") = '\0';
	ck_assert_msg(strstr(example, summary), "README diff example: not %s", summary);
	free(out), free(err);
	free(readme);
}
END_TEST

/* Editions given newest first: a warning naming both, the output as
 * ever; --quiet says nothing. */
START_TEST(test_editions_order)
{
	const char *y2023 = "某市2023年重点工作安排\n\n一、加强组织领导\n\n（一）推进项目建设。6月底前完成。\n";
	char *s2024 = tl_replace(strdup(y2023), "2023年", "2024年");
	char *a = tl_temp(y2023, strlen(y2023), ".txt"), *b = tl_temp(s2024, strlen(s2024), ".txt");
	char *out, *err;
	ck_assert_int_eq(tl_cli(&out, &err, 4, "diff", b, a), 0);
	ck_assert_ptr_nonnull(strstr(err, "warning: [OB-103] its plan year 2023 comes before 2024"));
	ck_assert_ptr_nonnull(strstr(out, "<diff "));
	free(out), free(err);
	ck_assert_int_eq(tl_cli(&out, &err, 4, "history", b, a), 0);
	ck_assert_ptr_nonnull(strstr(err, "[OB-103]"));
	free(out), free(err);
	ck_assert_int_eq(tl_cli(&out, &err, 4, "diff", a, b), 0);
	ck_assert_str_eq(err, "");
	free(out), free(err);
	ck_assert_int_eq(tl_cli(&out, &err, 5, "diff", "-q", b, a), 0);
	ck_assert_str_eq(err, "");
	ck_assert_str_eq(out, "");
	free(out), free(err);
	unlink(a), unlink(b);
	free(a), free(b), free(s2024);
}
END_TEST

/* The bash completion, generated from the table, completes what the
 * table holds. */
START_TEST(test_completion)
{
	char *out, *err;
	if (system("bash --version >/dev/null 2>&1")) {
		fprintf(stderr, "skipped: no bash\n");
		return;
	}
	ck_assert_int_eq(tl_cli(&out, &err, 3, "completion", "bash"), 0);
	char *script = tl_temp(out, strlen(out), ".bash");
	free(out), free(err);
	static const struct {
		const char *words;
		const char *want;
	} probes[] = {
		{ "oblix ex", "extract export" },
		{ "oblix extract --f", "--format= --force --fsync --files-from= --follow" },
		{ "oblix export -f ", "csv jsonl ics" },
		{ "oblix diff --color=", "--color=auto --color=always --color=never" },
		{ "oblix diff --format=h", "--format=html" },
		{ "oblix help di", "diff" },
		{ "oblix completion z", "zsh" },
		/* as an interactive bash gives the words: cut at the = */
		{ "oblix diff --format = h", "html" },
		{ "oblix diff --color = al", "always" },
		{ "oblix export --format =", "csv jsonl ics" },
	};
	for (size_t k = 0; k < sizeof probes / sizeof *probes; k++) {
		char *cmd, *res = NULL;
		ck_assert_int_ge(asprintf(&cmd, "bash -c 'source %s; COMP_WORDBREAKS=\" \"; "
		    "COMP_WORDS=(%s); [ \"%s\" != \"${COMP_WORDS[*]}\" ] && COMP_WORDS+=(\"\"); "
		    "COMP_CWORD=$((${#COMP_WORDS[@]}-1)); _oblix; echo ${COMPREPLY[@]}'",
		    script, probes[k].words, probes[k].words), 0);
		FILE *p = popen(cmd, "r");
		size_t cap = 0;
		ck_assert_ptr_nonnull(p);
		ck_assert_int_gt(getline(&res, &cap, p), 0);
		pclose(p);
		res[strcspn(res, "\n")] = '\0';
		ck_assert_msg(!strcmp(res, probes[k].want), "%s: '%s', not '%s'", probes[k].words,
		    res, probes[k].want);
		free(res);
		free(cmd);
	}
	/* and the zsh one at least parses */
	if (!system("zsh --version >/dev/null 2>&1")) {
		ck_assert_int_eq(tl_cli(&out, &err, 3, "completion", "zsh"), 0);
		char *z = tl_temp(out, strlen(out), ".zsh"), *cmd;
		ck_assert_int_ge(asprintf(&cmd, "zsh -n %s", z), 0);
		ck_assert_int_eq(system(cmd), 0);
		unlink(z);
		free(z), free(cmd), free(out), free(err);
	}
	/* and the fish one parses and completes formats, commands and files
	 * (skipped without fish) */
	if (!system("fish --version >/dev/null 2>&1")) {
		ck_assert_int_eq(tl_cli(&out, &err, 3, "completion", "fish"), 0);
		char *f = tl_temp(out, strlen(out), ".fish"), *cmd, *res = NULL;
		free(out), free(err);
		ck_assert_int_ge(asprintf(&cmd, "fish -c 'source %s; complete -C \"oblix diff --format=h\"; "
		    "complete -C \"oblix ex\"; complete -C \"oblix export -f i\"' | cut -f1 | tr '\\n' ' '", f), 0);
		FILE *p = popen(cmd, "r");
		size_t cap = 0;
		ck_assert_ptr_nonnull(p);
		ck_assert_int_gt(getline(&res, &cap, p), 0);
		pclose(p);
		ck_assert_str_eq(res, "--format=html export extract ics ");
		unlink(f);
		free(f), free(cmd), free(res);
	}
	unlink(script);
	free(script);
}
END_TEST

Suite *
cli_suite(void)
{
	Suite *s = suite_create("cli");
	TCase *tc = tcase_create("cli");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_usage);
	tcase_add_test(tc, test_bad_inputs);
	tcase_add_test(tc, test_validate_command);
	tcase_add_test(tc, test_segment_command);
	tcase_add_test(tc, test_write_errors);
	tcase_add_test(tc, test_output_file);
	tcase_add_test(tc, test_output_file_full);
	tcase_add_test(tc, test_output_special);
	tcase_add_test(tc, test_every_option);
	tcase_add_test(tc, test_option_forms);
	tcase_add_test(tc, test_documented);
	tcase_add_test(tc, test_editions_order);
	tcase_add_test(tc, test_completion);
	tcase_add_test(tc, test_pathological);
	tcase_add_test(tc, test_fuzz_regressions);
	suite_add_tcase(s, tc);
	return s;
}
