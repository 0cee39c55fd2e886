/* SPDX-License-Identifier: MIT */
#define _GNU_SOURCE
#include "testlib.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

const char *ob_test_srcdir = ".";
const char *ob_test_shareddir = "../shared";

char *
tl_read(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	fseek(fp, 0, SEEK_END);
	long n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	char *b = malloc((size_t)n + 1);
	if (b && fread(b, 1, (size_t)n, fp) != (size_t)n) {
		free(b);
		b = NULL;
	}
	fclose(fp);
	if (b) {
		b[n] = '\0';
		if (len)
			*len = (size_t)n;
	}
	return b;
}

const char *
tl_path(char *buf, size_t size, const char *dir, const char *rel)
{
	snprintf(buf, size, "%s/%s", dir, rel);
	return buf;
}

char *
tl_temp(const char *data, size_t len, const char *suffix)
{
	char *path;
	const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	if (asprintf(&path, "%s/oblix-test-XXXXXX%s", tmp, suffix) < 0)
		return NULL;
	int fd = mkstemps(path, (int)strlen(suffix));
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, data, len), (ssize_t)len);
	close(fd);
	return path;
}

char *
tl_bundled(void)
{
	char p[4096];
	char *s = tl_read(tl_path(p, sizeof p, ob_test_srcdir, "corpus/gd-2021-fangguanfu.txt"), NULL);
	ck_assert_ptr_nonnull(s);
	return s;
}

char *
tl_replace(char *s, const char *from, const char *to)
{
	char *at = strstr(s, from);
	ck_assert_msg(at != NULL, "not in the text: %s", from);
	size_t fl = strlen(from), tl = strlen(to), sl = strlen(s);
	char *o = malloc(sl - fl + tl + 1);
	ck_assert_ptr_nonnull(o);
	memcpy(o, s, (size_t)(at - s));
	memcpy(o + (at - s), to, tl);
	strcpy(o + (at - s) + tl, at + fl);
	free(s);
	return o;
}

char *
tl_cut_line(char *s, const char *start, char **line)
{
	char *at = strstr(s, start);
	ck_assert_msg(at != NULL, "not in the text: %s", start);
	char *end = strchr(at, '\n');
	end = end ? end + 1 : at + strlen(at);
	*line = strndup(at, (size_t)(end - at));
	ck_assert_ptr_nonnull(*line);
	memmove(at, end, strlen(end) + 1);
	return s;
}

static ob_ruleset *rules;

ob_notice *
tl_parse(const char *data, size_t len, const char *source)
{
	ob_error e;
	ob_notice *n = NULL;
	ob_options o = { .source = source };

	if (!rules)
		ck_assert_int_eq(ob_ruleset_new(&rules, &e), 0);
	int r = ob_notice_parse(rules, data, len, &o, &n, &e);
	ck_assert_msg(r == 0, "%s: %s", source, e.message);
	r = ob_notice_check(n, &e);
	ck_assert_msg(r == 0, "%s: %s", source, e.message);
	return n;
}

char *
tl_facts(const ob_notice *n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	ck_assert_int_eq(ob_notice_write_facts(n, fp), 0);
	fclose(fp);
	return buf;
}

char *
tl_xml(const ob_notice *n, ob_error *err)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	int r = ob_notice_write_xml(n, fp, err);
	fclose(fp);
	if (r) {
		free(buf);
		return NULL;
	}
	return buf;
}

static int
cli_v(char **out, char **err, int argc, va_list ap)
{
	char *argv[32];
	size_t ol = 0, el = 0;
	char *o = NULL, *e = NULL;

	argv[0] = "oblix";
	for (int i = 1; i < argc && i < 31; i++)
		argv[i] = va_arg(ap, char *);
	argv[argc] = NULL;
	FILE *fo = open_memstream(&o, &ol), *fe = open_memstream(&e, &el);
	int r = ob_cli_main(argc, argv, fo, fe);
	fclose(fo);
	fclose(fe);
	if (out)
		*out = o;
	else
		free(o);
	if (err)
		*err = e;
	else
		free(e);
	return r;
}

int
tl_cli(char **out, char **err, int argc, ...)
{
	va_list ap;
	va_start(ap, argc);
	int r = cli_v(out, err, argc, ap);
	va_end(ap);
	return r;
}

int
tl_cli_fsize(size_t limit, char **out, char **err, int argc, ...)
{
	struct rlimit was, lim;
	ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &was), 0);
	lim = was;
	lim.rlim_cur = (rlim_t)limit;
	void (*xfsz)(int) = signal(SIGXFSZ, SIG_IGN);
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &lim), 0);
	va_list ap;
	va_start(ap, argc);
	int r = cli_v(out, err, argc, ap);
	va_end(ap);
	setrlimit(RLIMIT_FSIZE, &was);
	signal(SIGXFSZ, xfsz);
	return r;
}

/* Facts as groups: a group is a section or item line and the records
 * under it, sorted. */
typedef struct group {
	char *head;
	char **lines;
	size_t n;
} group;

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static size_t
groups_of(const char *text, group **out)
{
	char *copy = strdup(text), *save = NULL;
	group *g = calloc(1, sizeof *g);
	size_t ng = 1;

	g[0].head = strdup("(meta)");
	for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		if (!*l || *l == '#')
			continue;
		if (!strncmp(l, "item\t", 5) || !strncmp(l, "section\t", 8)) {
			g = realloc(g, (ng + 1) * sizeof *g);
			g[ng] = (group){ strdup(l), NULL, 0 };
			ng++;
			continue;
		}
		group *c = &g[ng - 1];
		c->lines = realloc(c->lines, (c->n + 1) * sizeof *c->lines);
		c->lines[c->n++] = strdup(l);
	}
	for (size_t k = 0; k < ng; k++)
		if (g[k].n)
			qsort(g[k].lines, g[k].n, sizeof *g[k].lines, cmp_str);
	free(copy);
	*out = g;
	return ng;
}

static void
groups_free(group *g, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		for (size_t j = 0; j < g[k].n; j++)
			free(g[k].lines[j]);
		free(g[k].lines);
		free(g[k].head);
	}
	free(g);
}

char *
tl_facts_diff(const char *expected, const char *got)
{
	group *a, *b;
	size_t na = groups_of(expected, &a), nb = groups_of(got, &b);
	char *rep = NULL;
	size_t rl = 0;
	FILE *fp = open_memstream(&rep, &rl);
	bool differ = false;

	for (size_t k = 0; k < na || k < nb; k++) {
		if (k >= na || k >= nb || strcmp(a[k].head, b[k].head)) {
			fprintf(fp, "group %zu: expected '%s', got '%s'\n", k,
			    k < na ? a[k].head : "(none)", k < nb ? b[k].head : "(none)");
			differ = true;
			break;
		}
		size_t i = 0, j = 0;
		while (i < a[k].n || j < b[k].n) {
			int c = i >= a[k].n ? 1 : j >= b[k].n ? -1
			    : strcmp(a[k].lines[i], b[k].lines[j]);
			if (c == 0) {
				i++, j++;
				continue;
			}
			differ = true;
			if (c < 0)
				fprintf(fp, "%s: missing  %s\n", a[k].head, a[k].lines[i++]);
			else
				fprintf(fp, "%s: extra    %s\n", b[k].head, b[k].lines[j++]);
		}
	}
	fclose(fp);
	groups_free(a, na);
	groups_free(b, nb);
	if (!differ) {
		free(rep);
		return NULL;
	}
	return rep;
}
