/* SPDX-License-Identifier: MIT */
/* Batch conversion: a tree of notices in, a mirrored tree of validated
 * outputs and a manifest out; failures counted, not fatal; re-runs skip
 * what is up to date; a killed run leaves no partial file. */
#define _GNU_SOURCE
#include <dirent.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <pty.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "testlib.h"
#include "validate.h"

static char *
temp_dir(void)
{
	char *d = strdup("/tmp/oblix-batch-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(d));
	return d;
}

static void
put_file(const char *dir, const char *name, const char *data, size_t len)
{
	char p[4096];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	char *slash = strrchr(p, '/');
	*slash = '\0';
	mkdir(p, 0777);
	*slash = '/';
	FILE *fp = fopen(p, "wb");
	ck_assert_ptr_nonnull(fp);
	fwrite(data, 1, len, fp);
	fclose(fp);
}

/* An archive: the bundled notice and the constructed ones, a page in a
 * subdirectory, an empty file and a PDF. */
static char *
archive(int copies)
{
	static const char *const src[] = { "corpus/gd-2021-fangguanfu.txt",
		"tests/notices/sc-2020-yijian.txt", "tests/notices/sd-2023-labelled.txt",
		"tests/pages/task-table.html" };
	char *in = temp_dir();
	for (int c = 0; c < copies; c++)
		for (size_t k = 0; k < sizeof src / sizeof *src; k++) {
			char p[4096], name[256];
			size_t len;
			char *data = tl_read(tl_path(p, sizeof p, ob_test_srcdir, src[k]), &len);
			ck_assert_ptr_nonnull(data);
			const char *base = strrchr(src[k], '/') + 1;
			snprintf(name, sizeof name, "%s%d/%s", k == 3 ? "pages" : "set", c, base);
			put_file(in, name, data, len);
			free(data);
		}
	put_file(in, "bad/empty.txt", "", 0);
	put_file(in, "bad/scan.txt", "\x89PNG\r\n\x1a\n", 8); /* an image, not text */
	return in;
}

static void
put_same_stem(const char *in)
{
	char p[4096];
	size_t len;
	char *t = tl_read(tl_path(p, sizeof p, ob_test_srcdir, "tests/notices/sc-2020-yijian.txt"), &len);
	char *h = tl_read(tl_path(p, sizeof p, ob_test_srcdir, "tests/pages/task-table.html"), NULL);
	put_file(in, "twins/plan.txt", t, len);
	put_file(in, "twins/plan.html", h, strlen(h));
	free(t);
	free(h);
}

static int
count_xml(const char *dir, int *invalid, int *hidden)
{
	DIR *d = opendir(dir);
	int n = 0;
	if (!d)
		return 0;
	for (struct dirent *e; (e = readdir(d));) {
		char p[4096];
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
		struct stat st;
		stat(p, &st);
		if (e->d_name[0] == '.')
			(*hidden)++;
		if (S_ISDIR(st.st_mode))
			n += count_xml(p, invalid, hidden);
		else if (strstr(e->d_name, ".xml") && strcmp(e->d_name, "index.xml")) {
			ob_error err;
			if (ob_xml_validate_file(p, &err))
				(*invalid)++;
			n++;
		}
	}
	closedir(d);
	return n;
}

static void
rm_rf(const char *dir)
{
	char cmd[4200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

START_TEST(test_batch_tree)
{
	char *in = archive(2), *out = temp_dir();
	char *o, *e;
	int invalid = 0, hidden = 0;

	/* two bad files fail; the rest converts */
	ck_assert_int_eq(tl_cli(&o, &e, 7, "extract", "-o", out, "-j", "2", in), 1);
	ck_assert_msg(strstr(o, "10 inputs: 8 converted, 0 up to date, 2 failed"), "%s", o);
	ck_assert_ptr_nonnull(strstr(e, "empty.txt: error: [OB-001]"));
	ck_assert_ptr_nonnull(strstr(e, "scan.txt: error: [OB-006]"));
	free(o), free(e);
	ck_assert_int_eq(count_xml(out, &invalid, &hidden), 8);
	ck_assert_int_eq(invalid, 0);
	ck_assert_int_eq(hidden, 0);
	/* the tree is mirrored */
	char p[4200];
	snprintf(p, sizeof p, "%s/set1/gd-2021-fangguanfu.xml", out);
	ck_assert_int_eq(access(p, R_OK), 0);
	snprintf(p, sizeof p, "%s/pages0/task-table.xml", out);
	ck_assert_int_eq(access(p, R_OK), 0);
	/* the manifest: valid, one entry per input */
	snprintf(p, sizeof p, "%s/index.xml", out);
	char *index = tl_read(p, NULL);
	ck_assert_ptr_nonnull(index);
	ck_assert_ptr_nonnull(strstr(index, "inputs=\"10\" failed=\"2\""));
	ck_assert_ptr_nonnull(strstr(index, "status=\"failed\""));
	ck_assert_ptr_nonnull(strstr(index, "<error code=\"OB-006\">"));
	ck_assert_ptr_nonnull(strstr(index, "items=\"40\" obligations="));
	free(index);

	/* again: everything up to date */
	ck_assert_int_eq(tl_cli(&o, &e, 6, "extract", "-o", out, "-q", in), 1);
	ck_assert_msg(strstr(o, "10 inputs: 0 converted, 8 up to date, 2 failed"), "%s", o);
	free(o), free(e);
	/* --force converts again, with one thread, to the same bytes, and
	 * --fsync (each output on disk before it is linked) changes nothing */
	snprintf(p, sizeof p, "%s/set0/sc-2020-yijian.xml", out);
	char *before = tl_read(p, NULL);
	ck_assert_int_eq(tl_cli(&o, &e, 10, "extract", "-o", out, "-j", "1", "--force",
	    "--fsync", "-q", in), 1);
	ck_assert_msg(strstr(o, "8 converted"), "%s", o);
	char *after = tl_read(p, NULL);
	ck_assert_str_eq(before, after);
	free(after), free(o), free(e);
	/* an output cut short (a crash before it reached the disk) is not
	 * taken for up to date, although its root names the input */
	size_t len = strlen(before);
	ck_assert_int_eq(truncate(p, (off_t)(len / 2)), 0);
	ck_assert_int_eq(tl_cli(&o, &e, 6, "extract", "-o", out, "-q", in), 1);
	ck_assert_msg(strstr(o, "10 inputs: 1 converted, 7 up to date, 2 failed"), "%s", o);
	after = tl_read(p, NULL);
	ck_assert_str_eq(before, after);
	free(before), free(after), free(o), free(e);
	rm_rf(in);
	rm_rf(out);
	free(in);
	free(out);
}
END_TEST

/* Two inputs with one stem keep their extensions in their outputs. */
START_TEST(test_batch_same_stem)
{
	char *in = temp_dir(), *out = temp_dir(), p[4200];
	char *o, *e;
	put_same_stem(in);
	ck_assert_int_eq(tl_cli(&o, &e, 5, "extract", "-o", out, in), 0);
	free(o), free(e);
	snprintf(p, sizeof p, "%s/twins/plan.txt.xml", out);
	ck_assert_int_eq(access(p, R_OK), 0);
	snprintf(p, sizeof p, "%s/twins/plan.html.xml", out);
	ck_assert_int_eq(access(p, R_OK), 0);
	rm_rf(in);
	rm_rf(out);
	free(in);
	free(out);
}
END_TEST

/* An input named index.* never maps onto the manifest, OUTDIR/index.xml:
 * it was converted there, overwritten by the manifest, and converted
 * again on every re-run. */
START_TEST(test_batch_index_name)
{
	char *in = temp_dir(), *out = temp_dir(), p[4200];
	char *o, *e;
	size_t len;
	char *t = tl_read(tl_path(p, sizeof p, ob_test_srcdir, "tests/notices/sc-2020-yijian.txt"), &len);
	put_file(in, "index.tsv", t, len);
	put_file(in, "sub/index.txt", t, len);
	free(t);
	ck_assert_int_eq(tl_cli(&o, &e, 5, "extract", "-o", out, in), 0);
	free(o), free(e);
	snprintf(p, sizeof p, "%s/index.tsv.xml", out);
	ck_assert_int_eq(access(p, R_OK), 0);
	ob_error err;
	ck_assert_int_eq(ob_xml_validate_file(p, &err), 0);
	/* below the top an index is a name like any other */
	snprintf(p, sizeof p, "%s/sub/index.xml", out);
	ck_assert_int_eq(access(p, R_OK), 0);
	snprintf(p, sizeof p, "%s/index.xml", out);
	char *index = tl_read(p, NULL);
	ck_assert_ptr_nonnull(strstr(index, "urn:oblix:index:1"));
	ck_assert_ptr_nonnull(strstr(index, "output=\"index.tsv.xml\""));
	free(index);
	/* and a re-run finds both up to date */
	ck_assert_int_eq(tl_cli(&o, &e, 5, "extract", "-o", out, in), 0);
	ck_assert_msg(strstr(o, "2 inputs: 0 converted, 2 up to date, 0 failed"), "%s", o);
	free(o), free(e);
	rm_rf(in);
	rm_rf(out);
	free(in);
	free(out);
}
END_TEST

/* export of an output directory follows its manifest: the output of an
 * input deleted since the run before is left behind, not exported. */
START_TEST(test_batch_export_manifest)
{
	char *in = temp_dir(), *out = temp_dir(), p[4200];
	char *o, *e;
	size_t len;
	char *t = tl_read(tl_path(p, sizeof p, ob_test_srcdir, "tests/notices/sc-2020-yijian.txt"), &len);
	put_file(in, "a.txt", t, len);
	put_file(in, "b.txt", t, len);
	free(t);
	ck_assert_int_eq(tl_cli(&o, &e, 5, "extract", "-o", out, in), 0);
	free(o), free(e);
	snprintf(p, sizeof p, "%s/b.txt", in);
	unlink(p);
	ck_assert_int_eq(tl_cli(&o, &e, 5, "extract", "-o", out, in), 0);
	free(o), free(e);
	snprintf(p, sizeof p, "%s/b.xml", out);
	ck_assert_int_eq(access(p, R_OK), 0); /* left behind */
	ck_assert_int_eq(tl_cli(&o, &e, 5, "export", "-f", "jsonl", out), 0);
	ck_assert_ptr_nonnull(strstr(o, "a.txt"));
	ck_assert_ptr_null(strstr(o, "b.txt"));
	free(o), free(e);
	rm_rf(in), rm_rf(out);
	free(in), free(out);
}
END_TEST

/* validate walks an output tree: every document and the manifest, in
 * name order; one broken document makes the exit status 1. */
START_TEST(test_batch_validate_tree)
{
	char *in = temp_dir(), *out = temp_dir(), p[4200];
	char *o, *e;
	size_t len;
	char *t = tl_read(tl_path(p, sizeof p, ob_test_srcdir, "tests/notices/sc-2020-yijian.txt"), &len);
	put_file(in, "a.txt", t, len);
	put_file(in, "sub/b.txt", t, len);
	free(t);
	ck_assert_int_eq(tl_cli(&o, &e, 5, "extract", "-o", out, in), 0);
	free(o), free(e);
	ck_assert_int_eq(tl_cli(&o, &e, 3, "validate", out), 0);
	char want[4200];
	snprintf(want, sizeof want, "%s/a.xml: valid (notice)\n%s/index.xml: valid (index)\n"
	    "%s/sub/b.xml: valid (notice)\n", out, out, out);
	ck_assert_str_eq(o, want);
	free(o), free(e);
	/* links back up the tree are not followed */
	snprintf(p, sizeof p, "%s/up1", out);
	ck_assert_int_eq(symlink(".", p), 0);
	snprintf(p, sizeof p, "%s/up2", out);
	ck_assert_int_eq(symlink(".", p), 0);
	ck_assert_int_eq(tl_cli(&o, &e, 3, "validate", out), 0);
	ck_assert_str_eq(o, want);
	free(o), free(e);
	put_file(out, "sub/b.xml", "<notice/>", 9);
	ck_assert_int_eq(tl_cli(&o, &e, 3, "validate", out), 1);
	ck_assert_ptr_nonnull(strstr(e, "sub/b.xml"));
	free(o), free(e);
	rm_rf(in), rm_rf(out);
	free(in), free(out);
}
END_TEST

/* Options that change the outputs belong in the up-to-date check: a
 * re-run with another gazetteer (or another forced encoding) converts
 * again, one with the same finds all up to date. */
START_TEST(test_batch_settings)
{
	char *in = temp_dir(), *out = temp_dir(), *gz = temp_dir(), p[4200], g[4200];
	char *o, *e;
	size_t len;
	char *t = tl_read(tl_path(p, sizeof p, ob_test_srcdir, "tests/notices/sc-2020-yijian.txt"), &len);
	put_file(in, "a.txt", t, len);
	free(t);
	const char *one = "body\tprovincial\t某省某某测试局\t省测试局\n";
	put_file(gz, "g.tsv", one, strlen(one));
	snprintf(g, sizeof g, "--gazetteer=%s/g.tsv", gz);
	const char *const runs[][3] = {
		{ NULL, NULL, "1 converted, 0 up to date" },
		{ NULL, NULL, "0 converted, 1 up to date" },
		{ g, NULL, "1 converted, 0 up to date" },
		{ g, NULL, "0 converted, 1 up to date" },
		{ g, "more", "1 converted, 0 up to date" },
		{ NULL, NULL, "1 converted, 0 up to date" },
		{ "--encoding=UTF-8", NULL, "1 converted, 0 up to date" },
		{ "--encoding=UTF-8", NULL, "0 converted, 1 up to date" },
	};
	for (size_t k = 0; k < sizeof runs / sizeof *runs; k++) {
		if (runs[k][1]) { /* the gazetteer's content changes, not its name */
			const char *two = "body\tprovincial\t某省某某测试二局\t省测试二局\n";
			char *both = NULL;
			ck_assert_int_ge(asprintf(&both, "%s%s", one, two), 0);
			put_file(gz, "g.tsv", both, strlen(both));
			free(both);
		}
		int r = runs[k][0] ? tl_cli(&o, &e, 6, "extract", runs[k][0], "-o", out, in)
				   : tl_cli(&o, &e, 5, "extract", "-o", out, in);
		ck_assert_int_eq(r, 0);
		ck_assert_msg(strstr(o, runs[k][2]), "run %zu: %s", k, o);
		free(o), free(e);
	}
	snprintf(p, sizeof p, "%s/index.xml", out);
	FILE *fp = fopen(p, "rb");
	ob_error err;
	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(ob__validate_index(fp, p, &err), 0);
	fclose(fp);
	rm_rf(in), rm_rf(out), rm_rf(gz);
	free(in), free(out), free(gz);
}
END_TEST

/* Warnings are shown and kept in the manifest; a re-run that skips the
 * inputs keeps their counts and warnings there. */
START_TEST(test_batch_warnings)
{
	char *in = temp_dir(), *out = temp_dir(), p[4200];
	char *o, *e, *index;
	size_t len;
	const char *plain = "关于做好工作的通知\n\n各地要加强领导，确保落实。\n";
	put_file(in, "plain.txt", plain, strlen(plain));
	char *t = tl_read(tl_path(p, sizeof p, ob_test_srcdir, "tests/notices/sc-2020-yijian.txt"), &len);
	put_file(in, "plan.txt", t, len);
	free(t);
	snprintf(p, sizeof p, "%s/index.xml", out);
	for (int run = 0; run < 2; run++) {
		ck_assert_int_eq(tl_cli(&o, &e, 5, "extract", "-O", out, in), 0);
		if (run == 0)
			ck_assert_msg(strstr(e, "plain.txt") && strstr(e, "warning: [OB-101]"), "%s", e);
		else
			ck_assert_msg(strstr(o, "2 inputs: 0 converted, 2 up to date"), "%s", o);
		free(o), free(e);
		index = tl_read(p, NULL);
		ck_assert_ptr_nonnull(index);
		ob_error err;
		FILE *fp = fopen(p, "rb");
		ck_assert_int_eq(ob__validate_index(fp, p, &err), 0);
		fclose(fp);
		char *entry = strstr(index, "plain.txt\"");
		ck_assert_ptr_nonnull(entry);
		ck_assert_msg(strstr(entry, "<warning code=\"OB-101\""), "run %d: %s", run, index);
		/* the counts of the plan, converted or skipped */
		char *plan = strstr(index, "plan.txt\"");
		ck_assert_ptr_nonnull(plan);
		ck_assert_msg(strstr(plan, " obligations=\"22\""), "run %d: %s", run, plan);
		free(index);
	}
	rm_rf(in);
	rm_rf(out);
	free(in);
	free(out);
}
END_TEST

/* On a terminal the progress line is drawn over itself, cut to the
 * terminal's width, and cleared before an error: what the screen shows
 * is whole lines, the errors and one last progress line. */
START_TEST(test_batch_progress)
{
	int master, slave;
	struct winsize ws = { .ws_row = 24, .ws_col = 40 };
	if (openpty(&master, &slave, NULL, NULL, &ws)) {
		fprintf(stderr, "skipped: no pty\n");
		return;
	}
	struct termios tio;
	tcgetattr(slave, &tio);
	cfmakeraw(&tio);
	tcsetattr(slave, TCSANOW, &tio);
	char *in = archive(1), *out = temp_dir();
	FILE *term = fdopen(slave, "w");
	char *o = NULL;
	size_t ol = 0;
	FILE *fo = open_memstream(&o, &ol);
	char *argv[] = { "oblix", "extract", "-O", out, "-j", "1", in, NULL };
	ck_assert_int_eq(ob_cli_main(7, argv, fo, term), 1);
	fclose(fo);
	fclose(term);
	char screen[65536];
	ssize_t got = 0, n;
	while (got < (ssize_t)sizeof screen - 1 &&
	    (n = read(master, screen + got, sizeof screen - 1 - (size_t)got)) > 0)
		got += n;
	close(master);
	screen[got > 0 ? got : 0] = '\0';
	int errors = 0, bars = 0;
	for (char *line = screen, *nl; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		ck_assert_msg(nl != NULL, "unfinished line: %s", line);
		*nl = '\0';
		/* what stays on screen: after the last clear */
		char *shown = line;
		for (char *c = strstr(line, "\r\033[K"); c; c = strstr(c + 1, "\r\033[K"))
			shown = c + 4;
		ck_assert_msg(!strchr(shown, '\r'), "a line drawn over without a clear: %s", line);
		if (strstr(shown, ": error: ")) {
			errors++;
			ck_assert_msg(shown[0] != '[', "an error after half a progress line: %s", shown);
		} else {
			bars++;
			ck_assert_msg(strstr(shown, "6/6 files") && strlen(shown) <= 39,
			    "progress line: '%s'", shown);
		}
	}
	ck_assert_int_eq(errors, 2);
	ck_assert_int_eq(bars, 1);
	free(o);
	rm_rf(in);
	rm_rf(out);
	free(in);
	free(out);
}
END_TEST

/* An empty tree is no error; a missing input is. */
START_TEST(test_batch_empty)
{
	char *in = temp_dir(), *out = temp_dir();
	char *o, *e;
	ck_assert_int_eq(tl_cli(&o, &e, 5, "extract", "-o", out, in), 0);
	ck_assert_ptr_nonnull(strstr(o, "0 inputs: 0 converted, 0 up to date, 0 failed"));
	free(o), free(e);
	ck_assert_int_eq(tl_cli(&o, &e, 5, "extract", "-o", out, "/nonexistent/notices"), 1);
	ck_assert_ptr_nonnull(strstr(e, "/nonexistent/notices: error: [OB-009]"));
	free(o), free(e);
	rm_rf(in);
	rm_rf(out);
	free(in);
	free(out);
}
END_TEST

/* Outputs that the file system will not take (here a file size limit):
 * each failure says why, and no output is left half written. */
START_TEST(test_batch_full)
{
	char *in = archive(1), *out = temp_dir();
	char *o, *e;
	int r = tl_cli_fsize(4096, &o, &e, 7, "extract", "-O", out, "-q", "--no-index", in);
	ck_assert_int_eq(r, 1);
	ck_assert_msg(strstr(e, "gd-2021-fangguanfu.txt: error: [OB-022] cannot write the "
	    "output: File too large\n"), "%s", e);
	free(o), free(e);
	int invalid = 0, hidden = 0;
	count_xml(out, &invalid, &hidden);
	ck_assert_int_eq(invalid, 0);
	ck_assert_int_eq(hidden, 0);
	rm_rf(in);
	rm_rf(out);
	free(in);
	free(out);
}
END_TEST

/* Killed midway: no partial file, and a re-run finishes the job. */
START_TEST(test_batch_killed)
{
	/* under valgrind everything is fifty times slower: a smaller archive */
	int copies = getenv("OBLIX_VALGRIND") ? 8 : 60;
	int total = 4 * copies;
	char *in = archive(copies), *out = temp_dir();
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		char *argv[] = { "oblix", "extract", "-o", out, "-j", "2", "-q", in, NULL };
		FILE *null = fopen("/dev/null", "w");
		_exit(ob_cli_main(8, argv, null, null));
	}
	/* let it convert some, then kill it without warning */
	for (int waited = 0; waited < 200; waited++) {
		struct timespec ts = { 0, 20 * 1000 * 1000 };
		nanosleep(&ts, NULL);
		int invalid = 0, hidden = 0;
		if (count_xml(out, &invalid, &hidden) >= total / 10)
			break;
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	int invalid = 0, hidden = 0;
	int partial = count_xml(out, &invalid, &hidden);
	ck_assert_int_gt(partial, 0);
	ck_assert_int_lt(partial, total);
	ck_assert_int_eq(invalid, 0); /* every file there is whole and valid */
	ck_assert_int_eq(hidden, 0);  /* and no temporary one is left */

	char *o, *e;
	ck_assert_int_eq(tl_cli(&o, &e, 6, "extract", "-o", out, "-q", in), 1);
	char want[128];
	snprintf(want, sizeof want, "%d inputs: %d converted, %d up to date, 2 failed",
	    total + 2, total - partial, partial);
	ck_assert_msg(strstr(o, want), "%s (wanted %s)", o, want);
	free(o), free(e);
	ck_assert_int_eq(count_xml(out, &invalid, &hidden), total);
	ck_assert_int_eq(invalid, 0);
	rm_rf(in);
	rm_rf(out);
	free(in);
	free(out);
}
END_TEST

/* Operands a new user gives: one that does not exist stops nothing (the
 * others convert, the manifest is written, it is counted as failed); a
 * linked directory is walked, a linked file in a tree converted, a link
 * to nothing said and skipped, a link back up the tree no loop; -O the
 * input directory itself is refused before anything is written, and -O a
 * regular file is one error naming it. */
START_TEST(test_batch_operands)
{
	char *in = archive(1), *out = temp_dir(), *o, *e, p[8192], good[2048], q[2048];
	snprintf(good, sizeof good, "%s/set0/gd-2021-fangguanfu.txt", in);
	snprintf(q, sizeof q, "%s/a", out);
	ck_assert_int_eq(tl_cli(&o, &e, 6, "extract", "-O", q, good, "/nonexistent/x.txt"), 1);
	ck_assert_msg(strstr(o, "2 inputs: 1 converted, 0 up to date, 1 failed"), "%s", o);
	ck_assert_msg(strstr(e, "/nonexistent/x.txt: error: [OB-009] cannot open"), "%s", e);
	snprintf(p, sizeof p, "%s/gd-2021-fangguanfu.xml", q);
	ck_assert_int_eq(access(p, F_OK), 0);
	snprintf(p, sizeof p, "%s/index.xml", q);
	ck_assert_int_eq(access(p, F_OK), 0);
	free(o), free(e);

	/* links: the tree through a link to it, a linked file, a dangling
	 * link, a loop */
	char link[2048], b[2048];
	snprintf(link, sizeof link, "%s/tree-link", out);
	ck_assert_int_eq(symlink(in, link), 0);
	snprintf(p, sizeof p, "%s/set0/linked.txt", in);
	ck_assert_int_eq(symlink(good, p), 0);
	snprintf(p, sizeof p, "%s/set0/dangling.txt", in);
	ck_assert_int_eq(symlink("/nonexistent/y.txt", p), 0);
	snprintf(p, sizeof p, "%s/set0/loop", in);
	ck_assert_int_eq(symlink(in, p), 0);
	/* links inside the tree are said and not followed unless --follow */
	snprintf(b, sizeof b, "%s/b", out);
	ck_assert_int_eq(tl_cli(&o, &e, 5, "extract", "-O", b, link), 1);
	snprintf(p, sizeof p, "%s/set0/linked.xml", b);
	ck_assert_int_eq(access(p, F_OK), -1);
	snprintf(p, sizeof p, "%s/set0/gd-2021-fangguanfu.xml", b);
	ck_assert_int_eq(access(p, F_OK), 0);
	ck_assert_msg(strstr(e, "dangling.txt: warning: [OB-104] a link to nothing: skipped"),
	    "%s", e);
	ck_assert_msg(strstr(e, "set0/linked.txt: warning: [OB-104] a link inside the tree "
	    "(and 1 more): not followed (--follow reads what links point to)"), "%s", e);
	free(o), free(e);
	snprintf(b, sizeof b, "%s/c", out);
	ck_assert_int_eq(tl_cli(&o, &e, 6, "extract", "-O", b, "--follow", link), 1);
	snprintf(p, sizeof p, "%s/set0/linked.xml", b);
	ck_assert_msg(access(p, F_OK) == 0, "the linked file was not converted: %s", e);
	snprintf(p, sizeof p, "%s/set0/gd-2021-fangguanfu.xml", b);
	ck_assert_int_eq(access(p, F_OK), 0);
	ck_assert_msg(strstr(e, "dangling.txt: warning: [OB-104] a link to nothing: skipped"),
	    "%s", e);
	ck_assert_msg(strstr(e, "set0/loop: warning: [OB-104] a link back to a directory above "
	    "it: not followed"), "%s", e);
	free(o), free(e);

	/* -O the input itself */
	ck_assert_int_eq(tl_cli(&o, &e, 5, "extract", "-O", in, in), 2);
	ck_assert_msg(strstr(e, "is the input directory"), "%s", e);
	snprintf(p, sizeof p, "%s/index.xml", in);
	ck_assert_int_eq(access(p, F_OK), -1);
	free(o), free(e);

	/* -O a regular file */
	ck_assert_int_eq(tl_cli(&o, &e, 5, "extract", "-O", good, in), 1);
	ck_assert_int_eq(strchr(e, '\n') - e + 1, (long)strlen(e)); /* one line */
	ck_assert_msg(strstr(e, "cannot create the output directory: Not a directory"), "%s", e);
	free(o), free(e);
	rm_rf(in);
	rm_rf(out);
	free(in);
	free(out);
}
END_TEST

/* Which inputs a batch takes: the names of --files-from (one per line,
 * or ending with NUL under -0), the files of a tree that --include and
 * --exclude leave; and the outputs of inputs no longer given, which stay
 * (said) unless --prune removes them with the directories they leave
 * empty. */
START_TEST(test_batch_selection)
{
	char *in = archive(1), *out = temp_dir(), *o, *e, p[8192], dir[2048], list[4096];
	put_file(in, "set0/index.tsv", "id\ttitle\n1\tx\n", 14);

	/* globs: a name, a path below the tree, a directory left out */
	snprintf(dir, sizeof dir, "%s/globs", out);
	ck_assert_int_eq(tl_cli(&o, &e, 10, "extract", "-q", "-O", dir, "--include=*.txt",
	    "--exclude=bad", "--exclude", "set0/sd-*", in), 0);
	ck_assert_msg(!*e, "%s", e);
	free(o), free(e);
	char *idx = tl_read(tl_path(p, sizeof p, dir, "index.xml"), NULL);
	ck_assert_ptr_nonnull(idx);
	ck_assert_msg(strstr(idx, "inputs=\"2\""), "%s", idx);
	ck_assert_ptr_nonnull(strstr(idx, "gd-2021-fangguanfu.txt"));
	ck_assert_ptr_nonnull(strstr(idx, "sc-2020-yijian.txt"));
	ck_assert_ptr_null(strstr(idx, "index.tsv"));
	ck_assert_ptr_null(strstr(idx, "empty.txt"));
	free(idx);

	/* --files-from: a line list with a blank line and a CR, then a
	 * NUL list; operands beside them */
	snprintf(list, sizeof list, "%s/set0/gd-2021-fangguanfu.txt\r\n\n%s/set0/sc-2020-yijian.txt\n",
	    in, in);
	put_file(out, "list.txt", list, strlen(list));
	snprintf(dir, sizeof dir, "%s/listed", out);
	snprintf(p, sizeof p, "%s/list.txt", out);
	ck_assert_int_eq(tl_cli(&o, &e, 6, "extract", "-O", dir, "--files-from", p), 0);
	ck_assert_msg(strstr(o, "2 inputs: 2 converted"), "%s%s", o, e);
	free(o), free(e);
	size_t l = (size_t)snprintf(list, sizeof list, "%s/set0/gd-2021-fangguanfu.txt", in) + 1;
	l += (size_t)snprintf(list + l, sizeof list - l, "%s/pages0/task-table.html", in) + 1;
	put_file(out, "list0", list, l);
	snprintf(p, sizeof p, "--files-from=%s/list0", out);
	ck_assert_int_eq(tl_cli(&o, &e, 7, "extract", "-O", dir, "-0", p,
	    tl_path(list, sizeof list, in, "set0/sd-2023-labelled.txt")), 0);
	ck_assert_msg(strstr(o, "3 inputs: 2 converted, 1 up to date"), "%s%s", o, e);
	/* sc-2020-yijian.txt is no longer given: its output stays, said */
	ck_assert_msg(strstr(o, "; 1 outputs of inputs not given stay (--prune removes them)"),
	    "%s", o);
	ck_assert_int_eq(access(tl_path(list, sizeof list, dir, "sc-2020-yijian.xml"), F_OK), 0);
	free(o), free(e);
	/* a NUL list read as lines is refused, naming the byte */
	snprintf(p, sizeof p, "--files-from=%s/list0", out);
	ck_assert_int_eq(tl_cli(&o, &e, 5, "extract", "-O", dir, p), 1);
	ck_assert_msg(strstr(e, "list0: error: [OB-003]") && strstr(e, "give -0"), "%s", e);
	free(o), free(e);

	/* --prune: the output goes, and the manifest no longer names it */
	ck_assert_int_eq(tl_cli(&o, &e, 8, "extract", "-O", dir, "--prune", "-0", p,
	    tl_path(list, sizeof list, in, "set0/sd-2023-labelled.txt")), 0);
	ck_assert_msg(strstr(o, "pruned: ") && strstr(o, "sc-2020-yijian.xml\n"), "%s", o);
	ck_assert_msg(strstr(o, "3 inputs: 0 converted, 3 up to date, 0 failed, 1 outputs pruned"),
	    "%s", o);
	ck_assert_int_eq(access(tl_path(list, sizeof list, dir, "sc-2020-yijian.xml"), F_OK), -1);
	ck_assert_int_eq(access(tl_path(list, sizeof list, dir, "gd-2021-fangguanfu.xml"), F_OK), 0);
	free(o), free(e);
	/* in a tree, the directory left empty goes too */
	snprintf(dir, sizeof dir, "%s/tree", out);
	ck_assert_int_eq(tl_cli(&o, &e, 8, "extract", "-q", "-O", dir, "--exclude=bad",
	    "--exclude=index.tsv", in), 0);
	free(o), free(e);
	ck_assert_int_eq(access(tl_path(list, sizeof list, dir, "pages0/task-table.xml"), F_OK), 0);
	/* not while an input fails: what it would make is not stale */
	ck_assert_int_eq(tl_cli(&o, &e, 7, "extract", "-q", "-O", dir, "--prune", in), 1);
	ck_assert_int_eq(access(tl_path(list, sizeof list, dir, "pages0/task-table.xml"), F_OK), 0);
	free(o), free(e);
	/* nor another batch's tree inside DIR (its own manifest) */
	char nested[4096];
	snprintf(nested, sizeof nested, "%s/nested", dir);
	ck_assert_int_eq(tl_cli(&o, &e, 6, "extract", "-q", "-O", nested,
	    tl_path(list, sizeof list, in, "set0/sc-2020-yijian.txt")), 0);
	free(o), free(e);
	ck_assert_int_eq(tl_cli(&o, &e, 10, "extract", "-q", "-O", dir, "--prune",
	    "--exclude=bad", "--exclude=index.tsv", "--exclude=pages0", in), 0);
	ck_assert_int_eq(access(tl_path(list, sizeof list, dir, "pages0"), F_OK), -1);
	ck_assert_int_eq(access(tl_path(list, sizeof list, dir, "set0/gd-2021-fangguanfu.xml"),
	    F_OK), 0);
	ck_assert_int_eq(access(tl_path(list, sizeof list, dir, "nested/sc-2020-yijian.xml"),
	    F_OK), 0);
	free(o), free(e);
	/* names of --files-from keep their path below the current
	 * directory: two index.html of two places are two outputs, and two
	 * operands of one name are refused, not overwritten */
	char cwd[4096];
	ck_assert_ptr_nonnull(getcwd(cwd, sizeof cwd));
	ck_assert_int_eq(chdir(in), 0);
	static const char pa[] = "<p>（一）加强领导。各地要加强领导。</p>";
	static const char pb[] = "<p>（一）强化保障。各地要强化保障。</p>";
	put_file(in, "a/index.html", pa, sizeof pa - 1);
	put_file(in, "b/index.html", pb, sizeof pb - 1);
	put_file(in, "names", "a/index.html\n./b/index.html\n", 28);
	snprintf(dir, sizeof dir, "%s/listed2", out);
	int st = tl_cli(&o, &e, 5, "extract", "-O", dir, "--files-from=names");
	ck_assert_msg(st == 0, "%s%s", o, e);
	free(o), free(e);
	ck_assert_int_eq(access(tl_path(list, sizeof list, dir, "a/index.xml"), F_OK), 0);
	ck_assert_int_eq(access(tl_path(list, sizeof list, dir, "b/index.xml"), F_OK), 0);
	snprintf(dir, sizeof dir, "%s/operands2", out);
	st = tl_cli(&o, &e, 6, "extract", "-O", dir, "a/index.html", "b/index.html");
	ck_assert_msg(st == 1, "%d %s%s", st, o, e);
	ck_assert_msg(strstr(e, "b/index.html: error: [OB-022] index.html.xml is the output of "
	    "another input too"), "%s", e);
	free(o), free(e);
	ck_assert_int_eq(chdir(cwd), 0);
	rm_rf(in);
	rm_rf(out);
	free(in);
	free(out);
}
END_TEST

/* Stopped by a signal, a batch finishes the notices in hand and dies of
 * the signal (a shell reports 128 + N, and a loop of batches stops); one
 * started with SIGINT ignored (in the background) keeps ignoring it. */
START_TEST(test_batch_signal)
{
	int copies = getenv("OBLIX_VALGRIND") ? 8 : 60;
	char *in = archive(copies), *out = temp_dir();
	for (int round = 0; round < 2; round++) {
		pid_t pid = fork();
		ck_assert_int_ge(pid, 0);
		if (pid == 0) {
			if (round == 1)
				signal(SIGINT, SIG_IGN);
			char *argv[] = { "oblix", "extract", "-O", out, "-j", "1", "-q",
				"--no-index", in, NULL };
			FILE *null = fopen("/dev/null", "w");
			_exit(ob_cli_main(9, argv, null, null));
		}
		/* once it has converted some */
		for (int waited = 0; waited < 500; waited++) {
			struct timespec ts = { 0, 10 * 1000 * 1000 };
			nanosleep(&ts, NULL);
			int invalid = 0, hidden = 0;
			if (count_xml(out, &invalid, &hidden) >= 4)
				break;
		}
		kill(pid, SIGINT);
		int st;
		waitpid(pid, &st, 0);
		if (round == 0) /* it dies of the signal, its outputs whole */
			ck_assert_msg(WIFSIGNALED(st) && WTERMSIG(st) == SIGINT, "status %d", st);
		else /* ignored: it ran to the end (two inputs are bad) */
			ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 1);
		rm_rf(out);
		ck_assert_int_eq(mkdir(out, 0700), 0);
	}
	rm_rf(in);
	rm_rf(out);
	free(in);
	free(out);
}
END_TEST

/* Each output of out1 (relative rel) has the same bytes as out2/prefix/rel. */
static int
same_outputs(const char *out1, const char *rel, const char *out2, const char *prefix)
{
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/%s", out1, rel);
	DIR *d = opendir(dir);
	int n = 0;
	ck_assert_ptr_nonnull(d);
	for (struct dirent *e; (e = readdir(d));) {
		if (e->d_name[0] == '.' || !strcmp(e->d_name, "index.xml"))
			continue;
		char a[8192], b[8192], sub[4096];
		snprintf(a, sizeof a, "%s/%s", dir, e->d_name);
		snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
		struct stat st;
		stat(a, &st);
		if (S_ISDIR(st.st_mode)) {
			n += same_outputs(out1, sub, out2, prefix);
			continue;
		}
		snprintf(b, sizeof b, "%s/%s/%s", out2, prefix, sub);
		char *x = tl_read(a, NULL), *y = tl_read(b, NULL);
		ck_assert_msg(y != NULL, "no %s", b);
		ck_assert_msg(!strcmp(x, y), "%s and %s differ", a, b);
		free(x);
		free(y);
		n++;
	}
	closedir(d);
	return n;
}

/* GNU parallel driving one oblix per file gives the same bytes as the
 * built-in threads: each notice converts on its own, so archives can
 * spread over hosts (parallel --sshlogin). */
START_TEST(test_batch_gnu_parallel)
{
	const char *bin = getenv("OBLIX_BIN");
	if (!bin || system("parallel --version >/dev/null 2>&1")) {
		fprintf(stderr, "skipped: GNU parallel or OBLIX_BIN missing\n");
		return;
	}
	char *in = archive(3), *out1 = temp_dir(), *out2 = temp_dir();
	char *o, *e;
	ck_assert_int_eq(tl_cli(&o, &e, 7, "extract", "-o", out1, "-j", "2", in), 1);
	free(o), free(e);
	char cmd[16384];
	snprintf(cmd, sizeof cmd, "find '%s' -type f | parallel --will-cite -j 2 "
	    "\"'%s' extract --no-index -q -O '%s'/{//} {}\" >/dev/null 2>&1", in, bin, out2);
	ck_assert_int_ne(system(cmd), 0); /* the two bad files fail there too */
	ck_assert_int_eq(same_outputs(out1, "", out2, in), 12);
	rm_rf(in);
	rm_rf(out1);
	rm_rf(out2);
	free(in);
	free(out1);
	free(out2);
}
END_TEST

Suite *
batch_suite(void)
{
	Suite *s = suite_create("batch");
	TCase *tc = tcase_create("batch");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_batch_tree);
	tcase_add_test(tc, test_batch_empty);
	tcase_add_test(tc, test_batch_full);
	tcase_add_test(tc, test_batch_same_stem);
	tcase_add_test(tc, test_batch_index_name);
	tcase_add_test(tc, test_batch_settings);
	tcase_add_test(tc, test_batch_validate_tree);
	tcase_add_test(tc, test_batch_export_manifest);
	tcase_add_test(tc, test_batch_warnings);
	tcase_add_test(tc, test_batch_progress);
	tcase_add_test(tc, test_batch_killed);
	tcase_add_test(tc, test_batch_operands);
	tcase_add_test(tc, test_batch_selection);
	tcase_add_test(tc, test_batch_signal);
	tcase_add_test(tc, test_batch_gnu_parallel);
	suite_add_tcase(s, tc);
	return s;
}
