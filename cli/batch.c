/* SPDX-License-Identifier: MIT */
/*
 * Batch conversion: oblix extract -o OUTDIR [-j N] INPUT…
 *
 * Inputs are files or directories (walked recursively).  Each notice is
 * converted on one of N worker threads, which share the compiled rules and
 * nothing else; one bad file never stops the rest.  An output is written
 * to an unnamed temporary file in its directory (O_TMPFILE) and linked
 * into place only once it validated, so an interrupted run leaves no
 * partial file.  The outputs are flushed to disk together when the run
 * ends (syncfs), or each before it is linked with --fsync.  A re-run skips
 * inputs whose output records the same input digest and oblix version
 * and ends whole.  OUTDIR/index.xml lists every input with its status,
 * output, digest, counts and warnings; a skipped input keeps those the
 * manifest recorded when it was converted.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libxml/xmlreader.h>
#include <libxml/xmlwriter.h>

#include "batch.h"
#include "error.h"
#include "io.h"
#include "model.h"
#include "sha256.h"
#include "validate.h"

enum { ST_PENDING, ST_OK, ST_SKIPPED, ST_FAILED };

typedef struct job {
	char *input;  /* as found */
	char *output; /* relative to OUTDIR */
	int status;
	size_t bytes;
	char sha[65];
	bool counted; /* stats known (converted, or recorded before) */
	ob_notice_stats stats;
	ob_error *warnings;
	size_t nwarnings;
	ob_error err;
} job;

/* What the manifest of the run before says of an output. */
typedef struct recorded {
	char *output;
	char sha[65];
	ob_notice_stats stats;
	ob_error *warnings;
	size_t nwarnings;
} recorded;

typedef struct batch {
	const ob_batch_options *o;
	ob_ruleset *rs;
	job *jobs;
	size_t n, cap;
	atomic_size_t next, done, failed, bytes_done;
	size_t bytes_total;
	pthread_mutex_t print; /* error lines and the progress line, one at a time */
	FILE *err;
	bool bar;              /* a progress line is on the terminal */
	recorded *before;      /* the previous manifest's entries, by output */
	size_t nbefore;
	/* what else than an input makes its output: the digest of the
	 * options that change it (--encoding, --gazetteer's content) */
	char settings[65];
	bool settings_kept;    /* the previous run's were the same */
	bool walk_failed;      /* a directory of the inputs could not be read */
} batch;

static volatile sig_atomic_t stopping; /* the signal that stops the run */

static void
on_signal(int sig)
{
	stopping = sig;
}

static int
add_job(batch *b, const char *input, const char *rel)
{
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 64;
		job *v = realloc(b->jobs, cap * sizeof *v);
		if (!v)
			return OB_ERR_NOMEM;
		b->jobs = v;
		b->cap = cap;
	}
	job *j = &b->jobs[b->n];
	memset(j, 0, sizeof *j);
	j->input = strdup(input);
	/* the output mirrors the input's path, with .xml for its extension */
	size_t l = strlen(rel);
	const char *slash = strrchr(rel, '/');
	const char *dot = strrchr(rel, '.');
	if (dot && (!slash || dot > slash + 1))
		l = (size_t)(dot - rel);
	j->output = malloc(l + 5);
	if (!j->input || !j->output) {
		free(j->input);
		free(j->output);
		return OB_ERR_NOMEM;
	}
	memcpy(j->output, rel, l);
	memcpy(j->output + l, ".xml", 5);
	b->n++;
	return 0;
}

static void
keep_extension(job *j)
{
	const char *base = strrchr(j->input, '/');
	base = base ? base + 1 : j->input;
	const char *slash = strrchr(j->output, '/');
	size_t dir = slash ? (size_t)(slash - j->output) + 1 : 0;
	char *o = NULL;
	if (asprintf(&o, "%.*s%s.xml", (int)dir, j->output, base) >= 0) {
		free(j->output);
		j->output = o;
	}
}

/* A file found in a walked tree. */
static int
visit(void *ud, const char *path, const char *rel)
{
	/* XML in a tree is earlier output, not a notice */
	size_t l = strlen(rel);
	if (l > 4 && !strcasecmp(rel + l - 4, ".xml"))
		return 0;
	return add_job(ud, path, rel);
}

static int
collect(batch *b, char **inputs, int n)
{
	struct stat out;
	bool has_out = !stat(b->o->outdir, &out) && S_ISDIR(out.st_mode);
	ob__walk_options w = { .follow = b->o->follow, .quiet = b->o->quiet,
		.include = b->o->include, .ninclude = b->o->ninclude,
		.exclude = b->o->exclude, .nexclude = b->o->nexclude,
		.skip = has_out ? &out : NULL };
	int status = 0;

	for (int i = 0; i < n; i++) {
		struct stat st;
		bool dir = !stat(inputs[i], &st) && S_ISDIR(st.st_mode);
		/* -O inside an input is left out of its walk; -O the input
		 * itself would leave nothing to walk */
		if (dir && has_out && st.st_dev == out.st_dev && st.st_ino == out.st_ino) {
			fprintf(b->err, "oblix: the output directory %s is the input directory "
			    "%s itself: name another with -O\n", b->o->outdir, inputs[i]);
			return OB_ERR_USAGE;
		}
		if (dir) {
			/* a directory that cannot be read is said, and the rest
			 * goes on; the run fails at its end */
			int r = ob__walk(inputs[i], &w, visit, b, b->err);
			if (r == OB_ERR_NOMEM)
				return r;
			status |= r != 0;
		} else {
			/* a file, or an operand that cannot be read: its job
			 * fails and says why, and the others go on.  An operand
			 * is written by its name; a name of --files-from by its
			 * relative path (crawl/a/index.html), as a walk of the
			 * tree above it would, where it has one */
			const char *base = strrchr(inputs[i], '/');
			const char *rel = base ? base + 1 : inputs[i];
			const char *name = inputs[i];
			while (!strncmp(name, "./", 2))
				name += 2;
			if (i >= b->o->first_listed && name[0] != '/' && strcmp(name, "..") &&
			    strncmp(name, "../", 3) && !strstr(name, "/../") && !strstr(name, "/./") &&
			    !strstr(name, "//"))
				rel = name;
			if (add_job(b, inputs[i], rel))
				return OB_ERR_NOMEM;
		}
	}
	b->walk_failed = status;
	return 0;
}

/* Make dir and its parents.  An existing directory is only looked up:
 * mkdir would lock its parent even then, and every worker asks for the
 * same few directories. */
static int
mkdirs(const char *dir)
{
	char p[PATH_MAX];
	struct stat st;

	if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
		return 0;
	snprintf(p, sizeof p, "%s", dir);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) && errno != EEXIST)
			return -1;
		*s = '/';
	}
	return mkdir(p, 0777) && errno != EEXIST ? -1 : 0;
}

/* Does the output end as every document oblix writes ends?  One cut
 * short by a crash before it reached the disk does not. */
static bool
complete(const char *path)
{
	static const char tail[] = "</notice>\n";
	char buf[sizeof tail - 1];
	int fd = open(path, O_RDONLY);
	struct stat st;
	bool ok = fd >= 0 && fstat(fd, &st) == 0 && st.st_size >= (off_t)sizeof buf &&
	    pread(fd, buf, sizeof buf, st.st_size - (off_t)sizeof buf) == (ssize_t)sizeof buf &&
	    !memcmp(buf, tail, sizeof buf);

	if (fd >= 0)
		close(fd);
	return ok;
}

/* Does the output already record this input and this version, whole? */
static bool
up_to_date(const char *path, const char *sha)
{
	if (!complete(path))
		return false;
	xmlTextReaderPtr r = xmlReaderForFile(path, NULL, XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	bool same = false;

	if (!r)
		return false;
	if (xmlTextReaderRead(r) == 1 &&
	    xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT) {
		xmlChar *s = xmlTextReaderGetAttribute(r, BAD_CAST "sha256");
		xmlChar *g = xmlTextReaderGetAttribute(r, BAD_CAST "generator");
		same = s && g && !strcmp((char *)s, sha) &&
		    !strcmp((char *)g, "oblix " OB_VERSION);
		xmlFree(s);
		xmlFree(g);
	}
	xmlFreeTextReader(r);
	return same;
}

/* Flush the file system that holds dir to disk. */
static int
sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return -1;
	int r = syncfs(fd);
	close(fd);
	return r;
}

/* Open an unnamed file in dir; link it to path once complete. */
static int
open_unnamed(const char *dir, char *tmpl, size_t size, bool *named)
{
	int fd = open(dir, O_TMPFILE | O_RDWR, 0666);
	*named = false;
	if (fd >= 0)
		return fd;
	/* no O_TMPFILE here: a hidden temporary name, removed on failure */
	if ((size_t)snprintf(tmpl, size, "%.*s/.oblix-XXXXXX", PATH_MAX - 16, dir) >= size)
		return -1;
	*named = true;
	return mkstemp(tmpl);
}

static int
publish(int fd, bool named, const char *tmpl, const char *dir, const char *path)
{
	if (named)
		return rename(tmpl, path);
	char proc[64], tmp[PATH_MAX + 64];
	snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
	if (linkat(AT_FDCWD, proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0)
		return 0;
	if (errno != EEXIST)
		return -1;
	/* replace: link beside it, then rename over it */
	snprintf(tmp, sizeof tmp, "%.*s/.oblix-%ld-%d", PATH_MAX - 40, dir,
	    (long)getpid(), fd);
	unlink(tmp);
	if (linkat(AT_FDCWD, proc, AT_FDCWD, tmp, AT_SYMLINK_FOLLOW))
		return -1;
	if (rename(tmp, path)) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* A diagnostic on its own line: the progress line is cleared first and
 * drawn again at the next tick, so that no half line is left. */
static void
say(batch *b, const ob_error *e, bool warning)
{
	pthread_mutex_lock(&b->print);
	if (b->bar)
		fputs("\r\033[K", b->err);
	ob_error_print(e, warning, b->err);
	pthread_mutex_unlock(&b->print);
}

typedef struct warn_ctx {
	batch *b;
	job *j;
} warn_ctx;

/* A warning is shown (unless --quiet) and kept for the manifest. */
static void
on_warning(void *ud, const ob_error *w)
{
	warn_ctx *wc = ud;
	job *j = wc->j;
	ob_error *v = realloc(j->warnings, (j->nwarnings + 1) * sizeof *v);
	if (v) {
		j->warnings = v;
		v[j->nwarnings] = *w;
		v[j->nwarnings].file = j->input;
		j->nwarnings++;
	}
	if (!wc->b->o->quiet)
		say(wc->b, &j->warnings[j->nwarnings - 1], true);
}

static int
by_recorded(const void *a, const void *b)
{
	return strcmp(((const recorded *)a)->output, ((const recorded *)b)->output);
}

/* A skipped output keeps the counts and warnings recorded when it was
 * converted, if the manifest recorded it with this input's digest. */
static void
keep_recorded(batch *b, job *j)
{
	recorded key = { .output = j->output };
	recorded *r = b->nbefore ? bsearch(&key, b->before, b->nbefore, sizeof *b->before,
	    by_recorded) : NULL;
	if (!r || strcmp(r->sha, j->sha))
		return;
	j->stats = r->stats;
	j->counted = true;
	if (r->nwarnings && (j->warnings = malloc(r->nwarnings * sizeof *j->warnings))) {
		memcpy(j->warnings, r->warnings, r->nwarnings * sizeof *j->warnings);
		for (size_t k = 0; k < r->nwarnings; k++)
			j->warnings[k].file = j->input;
		j->nwarnings = r->nwarnings;
	}
}

static void
fail(batch *b, job *j, int code, int msgid, const char *fmt, const char *arg)
{
	if (!j->err.code) {
		ob__error_set(&j->err, code, msgid, 0, fmt, arg);
		j->err.file = j->input;
	}
	j->status = ST_FAILED;
	atomic_fetch_add(&b->failed, 1);
	say(b, &j->err, false);
}

static void
convert(batch *b, job *j)
{
	const ob_batch_options *o = b->o;
	size_t len = 0;
	char *data = NULL;
	char path[PATH_MAX], dir[PATH_MAX], tmpl[PATH_MAX];

	if (j->err.code) { /* refused before the run: said now */
		j->err.file = j->input;
		fail(b, j, j->err.code, j->err.msgid, "%s", j->err.message);
		return;
	}
	if (ob__read_all(j->input, o->max_size, &data, &len, &j->err)) {
		j->err.file = j->input;
		fail(b, j, j->err.code, j->err.msgid, "%s", j->err.message);
		return;
	}
	j->err.file = j->input;
	j->bytes = len;
	unsigned char sum[32];
	ob__sha256(data, len, sum);
	for (int k = 0; k < 32; k++)
		snprintf(j->sha + 2 * k, 3, "%02x", sum[k]);
	snprintf(path, sizeof path, "%s/%s", o->outdir, j->output);
	snprintf(dir, sizeof dir, "%s", path);
	*strrchr(dir, '/') = '\0';
	if (!o->force && b->settings_kept && up_to_date(path, j->sha)) {
		j->status = ST_SKIPPED;
		keep_recorded(b, j);
		free(data);
		return;
	}
	ob_notice *n = NULL;
	warn_ctx wc = { b, j };
	ob_options opt = { .source = j->input, .max_size = o->max_size,
		.encoding = o->encoding, .warn = on_warning, .warn_data = &wc };
	/* the notice keeps data (or frees it), and the digest is not
	 * computed twice */
	if (ob__notice_parse_take(b->rs, data, len, sum, &opt, &n, &j->err)) {
		fail(b, j, j->err.code, j->err.msgid, "%s", j->err.message);
		return;
	}
	ob_notice_stats_get(n, &j->stats);
	j->counted = true;
	if (mkdirs(dir)) {
		ob_notice_free(n);
		fail(b, j, OB_ERR_IO, 22, "cannot create the output directory: %s",
		    strerror(errno));
		return;
	}
	bool named;
	int fd = open_unnamed(dir, tmpl, sizeof tmpl, &named);
	FILE *fp = fd >= 0 ? fdopen(fd, "wb") : NULL;
	if (!fp) {
		if (fd >= 0)
			close(fd);
		ob_notice_free(n);
		fail(b, j, OB_ERR_IO, 20, "cannot create a temporary file: %s",
		    strerror(errno));
		return;
	}
	/* the temporary file is published only whole and valid */
	int r = ob_notice_write_xml_direct(n, fp, &j->err);
	ob_notice_free(n);
	j->err.file = j->input; /* not the freed notice's copy of the name */
	if (!r && (fflush(fp) || (o->fsync && fsync(fd))))
		r = ob__error_set(&j->err, OB_ERR_IO, 22, 0, "cannot write the output");
	if (!r && publish(fd, named, tmpl, dir, path))
		r = ob__error_set(&j->err, OB_ERR_IO, 22, 0, "cannot put the output in place");
	fclose(fp);
	if (r) {
		if (named)
			unlink(tmpl);
		fail(b, j, j->err.code, j->err.msgid, "%s", j->err.message);
		return;
	}
	j->status = ST_OK;
}

static void *
worker(void *arg)
{
	batch *b = arg;
	for (;;) {
		if (stopping)
			break;
		size_t k = atomic_fetch_add(&b->next, 1);
		if (k >= b->n)
			break;
		convert(b, &b->jobs[k]);
		atomic_fetch_add(&b->bytes_done, b->jobs[k].bytes);
		atomic_fetch_add(&b->done, 1);
	}
	return NULL;
}

static int
by_input(const void *a, const void *b)
{
	return strcmp(((const job *)a)->input, ((const job *)b)->input);
}

static int
by_output(const void *a, const void *b)
{
	return strcmp((*(job *const *)a)->output, (*(job *const *)b)->output);
}

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The width of the terminal err is, 80 when it cannot be told. */
static int
columns(FILE *err)
{
	struct winsize ws;
	if (ioctl(fileno(err), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

/* The progress line, drawn over the last one and cut to the terminal's
 * width: a line that wrapped could not be drawn over. */
static void
progress(batch *b, double t0, bool final)
{
	size_t done = atomic_load(&b->done), failed = atomic_load(&b->failed);
	double mb = (double)atomic_load(&b->bytes_done) / 1e6;
	double dt = now() - t0;
	double rate = dt > 0 ? mb / dt : 0;
	double eta = done ? dt * (double)(b->n - done) / (double)done : 0;
	char *text = NULL;
	int cols = columns(b->err) - 1; /* the last column would wrap on some */
	int tl = asprintf(&text, " %zu/%zu files  %.1f MB/s  ETA %d:%02d  %zu failed",
	    done, b->n, rate, (int)eta / 60, (int)eta % 60, failed);
	if (tl < 0)
		return;
	int width = cols - tl - 2 < 30 ? cols - tl - 2 : 30;
	pthread_mutex_lock(&b->print);
	fputs("\r\033[K", b->err);
	if (width >= 5) {
		int fill = b->n ? (int)((size_t)width * done / b->n) : width;
		fprintf(b->err, "[%.*s%*s]", fill, "==============================",
		    width - fill, "");
	}
	/* ASCII only: a byte is a column */
	fprintf(b->err, "%.*s", width >= 5 ? tl : (cols > 0 ? cols : 0),
	    text + (width >= 5 ? 0 : 1));
	if (final)
		fputc('\n', b->err);
	b->bar = !final;
	fflush(b->err);
	pthread_mutex_unlock(&b->print);
	free(text);
}

/* The entries of the previous manifest, by output (the caller's). */
/* The digest of the options that change an output: the forced encoding
 * and the content of the user's gazetteer; none ("") without them. */
static int
settings(batch *b, FILE *err)
{
	const ob_batch_options *o = b->o;
	char *gz = NULL;
	size_t gl = 0;
	ob_error e = { 0 };
	b->settings[0] = '\0';
	if (!o->encoding && !o->gazetteer)
		return 0;
	if (o->gazetteer && ob__read_all(o->gazetteer, (size_t)1 << 30, &gz, &gl, &e)) {
		e.file = o->gazetteer;
		ob_error_print(&e, 0, err);
		return 1;
	}
	const char *enc = o->encoding ? o->encoding : "";
	size_t el = strlen(enc);
	char *all = malloc(el + gl + 32);
	if (!all) {
		free(gz);
		ob__error_set(&e, OB_ERR_NOMEM, 0, 0, "out of memory");
		ob_error_print(&e, 0, err);
		return 1;
	}
	int n = snprintf(all, el + 32, "encoding=%s", enc);
	all[n++] = '\0';
	memcpy(all + n, "gazetteer=", 10);
	if (gl)
		memcpy(all + n + 10, gz, gl);
	unsigned char sum[32];
	ob__sha256(all, (size_t)n + 10 + gl, sum);
	for (int k = 0; k < 32; k++)
		snprintf(b->settings + 2 * k, 3, "%02x", sum[k]);
	free(all);
	free(gz);
	return 0;
}

static void
read_recorded(batch *b)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/index.xml", b->o->outdir);
	if (access(path, R_OK))
		return;
	xmlTextReaderPtr r = xmlReaderForFile(path, NULL, XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	recorded *cur = NULL;
	size_t cap = 0;
	while (r && xmlTextReaderRead(r) == 1) {
		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT)
			continue;
		const char *name = (const char *)xmlTextReaderConstLocalName(r);
		if (!strcmp(name, "index")) {
			/* a manifest without settings was made without options
			 * that change the outputs */
			xmlChar *st = xmlTextReaderGetAttribute(r, BAD_CAST "settings");
			b->settings_kept = st ? !strcmp((char *)st, b->settings) : !b->settings[0];
			xmlFree(st);
		} else if (!strcmp(name, "entry")) {
			cur = NULL;
			xmlChar *out = xmlTextReaderGetAttribute(r, BAD_CAST "output");
			xmlChar *sha = xmlTextReaderGetAttribute(r, BAD_CAST "sha256");
			xmlChar *items = xmlTextReaderGetAttribute(r, BAD_CAST "items");
			if (out && sha && items && strlen((char *)sha) == 64 &&
			    (b->nbefore < cap || (cap = cap ? cap * 2 : 64,
			     b->before = realloc(b->before, cap * sizeof *b->before)))) {
				cur = &b->before[b->nbefore++];
				memset(cur, 0, sizeof *cur);
				cur->output = strdup((char *)out);
				memcpy(cur->sha, sha, 65);
				static const char *const counts[] = { "items", "obligations",
					"agencies", "times", "targets" };
				size_t *to[] = { &cur->stats.items, &cur->stats.obligations,
					&cur->stats.agencies, &cur->stats.times, &cur->stats.targets };
				for (int k = 0; k < 5; k++) {
					xmlChar *v = xmlTextReaderGetAttribute(r, BAD_CAST counts[k]);
					*to[k] = v ? strtoul((char *)v, NULL, 10) : 0;
					xmlFree(v);
				}
				if (!cur->output)
					b->nbefore--, cur = NULL;
			}
			xmlFree(out), xmlFree(sha), xmlFree(items);
		} else if (!strcmp(name, "warning") && cur) {
			ob_error *v = realloc(cur->warnings, (cur->nwarnings + 1) * sizeof *v);
			if (!v)
				continue;
			cur->warnings = v;
			ob_error *w = &v[cur->nwarnings++];
			memset(w, 0, sizeof *w);
			xmlChar *code = xmlTextReaderGetAttribute(r, BAD_CAST "code");
			xmlChar *line = xmlTextReaderGetAttribute(r, BAD_CAST "line");
			xmlChar *col = xmlTextReaderGetAttribute(r, BAD_CAST "column");
			xmlChar *msg = xmlTextReaderReadString(r);
			w->msgid = code ? atoi((char *)code + 3) : 0;
			w->line = line ? (unsigned)atoi((char *)line) : 0;
			w->column = col ? (unsigned)atoi((char *)col) : 0;
			snprintf(w->message, sizeof w->message, "%s", msg ? (char *)msg : "");
			xmlFree(code), xmlFree(line), xmlFree(col), xmlFree(msg);
		}
	}
	xmlFreeTextReader(r);
	if (b->nbefore > 1)
		qsort(b->before, b->nbefore, sizeof *b->before, by_recorded);
}

typedef struct stale {
	const char *outdir;
	char **outs;   /* this run's outputs, sorted */
	size_t nouts;
	char **roots;  /* the input directories, resolved */
	int nroots;
	char **paths;  /* the documents under DIR no input made */
	size_t n;
} stale;

static int
stale_found(void *ud, const char *path, const char *rel)
{
	stale *st = ud;
	if (!ob__xml_name(rel) || !strcmp(rel, "index.xml") ||
	    (st->nouts && bsearch(&rel, st->outs, st->nouts, sizeof *st->outs, ob__by_string)) ||
	    !complete(path))
		return 0;
	/* another batch's tree inside DIR (its own manifest in a directory
	 * on the way) is that batch's */
	char dir[PATH_MAX];
	for (const char *q = strchr(rel, '/'); q; q = strchr(q + 1, '/')) {
		snprintf(dir, sizeof dir, "%s/%.*s/index.xml", st->outdir, (int)(q - rel), rel);
		if (!access(dir, F_OK))
			return 0;
	}
	/* and an input tree inside DIR is the user's */
	char real[PATH_MAX];
	if (st->nroots && realpath(path, real))
		for (int k = 0; k < st->nroots; k++) {
			size_t rl = strlen(st->roots[k]);
			if (!strncmp(real, st->roots[k], rl) && real[rl] == '/')
				return 0;
		}
	char **v = realloc(st->paths, (st->n + 1) * sizeof *v);
	if (!v || !(v[st->n] = strdup(path))) {
		st->paths = v ? v : st->paths;
		return 1; /* out of memory: the walk stops, what was found is pruned */
	}
	st->paths = v;
	st->n++;
	return 0;
}

/* The notice documents under DIR that no input of this run made (of
 * inputs deleted or not given): removed with --prune, with the
 * directories they leave empty, else counted.  Only a document oblix
 * wrote whole is touched. */
static size_t
stale_outputs(batch *b, char **inputs, int ninputs, bool remove_them, FILE *out,
	      int *failed)
{
	stale st = { .outdir = b->o->outdir, .nouts = b->n };
	char *roots[64];
	for (int k = 0; k < ninputs && st.nroots < 64; k++) {
		struct stat is;
		if (!stat(inputs[k], &is) && S_ISDIR(is.st_mode) &&
		    (roots[st.nroots] = realpath(inputs[k], NULL)))
			st.nroots++;
	}
	st.roots = roots;
	st.outs = b->n ? malloc(b->n * sizeof *st.outs) : NULL;
	if (b->n && !st.outs)
		return 0;
	for (size_t k = 0; k < b->n; k++)
		st.outs[k] = b->jobs[k].output;
	if (b->n > 1)
		qsort(st.outs, b->n, sizeof *st.outs, ob__by_string);
	ob__walk_options w = { .quiet = true };
	ob__walk(b->o->outdir, &w, stale_found, &st, b->err);
	size_t dl = strlen(b->o->outdir);
	while (dl > 1 && b->o->outdir[dl - 1] == '/')
		dl--;
	for (size_t k = 0; remove_them && k < st.n; k++) {
		char *path = st.paths[k];
		if (unlink(path)) {
			fprintf(b->err, "%s: error: [OB-022] cannot remove the output of an input "
			    "not given: %s\n", path, strerror(errno));
			++*failed;
			continue;
		}
		if (!b->o->quiet)
			fprintf(out, "pruned: %s\n", path);
		/* and the directories that held only it, up to DIR */
		for (char *s = strrchr(path, '/'); s && s > path + dl; s = strrchr(path, '/')) {
			*s = '\0';
			if (rmdir(path))
				break;
		}
	}
	for (size_t k = 0; k < st.n; k++)
		free(st.paths[k]);
	free(st.paths);
	free(st.outs);
	for (int k = 0; k < st.nroots; k++)
		free(roots[k]);
	return st.n - (size_t)*failed;
}

/* A warning or an error of an entry: code, position, message. */
static void
write_diagnostic(xmlTextWriterPtr w, const char *name, const ob_error *e)
{
	xmlTextWriterStartElement(w, BAD_CAST name);
	if (e->msgid)
		xmlTextWriterWriteFormatAttribute(w, BAD_CAST "code", "OB-%03d", e->msgid);
	if (e->line) {
		xmlTextWriterWriteFormatAttribute(w, BAD_CAST "line", "%u", e->line);
		xmlTextWriterWriteFormatAttribute(w, BAD_CAST "column", "%u",
		    e->column ? e->column : 1);
	}
	xmlTextWriterWriteString(w, BAD_CAST e->message);
	xmlTextWriterEndElement(w);
}

/* The manifest, validated like every output. */
static int
write_index(batch *b)
{
	char path[PATH_MAX], dir[PATH_MAX], tmpl[PATH_MAX];
	snprintf(path, sizeof path, "%s/index.xml", b->o->outdir);
	snprintf(dir, sizeof dir, "%s", b->o->outdir);
	bool named;
	int fd = open_unnamed(dir, tmpl, sizeof tmpl, &named);
	FILE *fp = fd >= 0 ? fdopen(fd, "w+b") : NULL;
	if (!fp)
		return OB_ERR_IO;
	xmlOutputBufferPtr ob = xmlOutputBufferCreateFile(fp, NULL);
	xmlTextWriterPtr w = ob ? xmlNewTextWriter(ob) : NULL;
	if (!w) {
		fclose(fp);
		return OB_ERR_NOMEM;
	}
	static const char *const status[] = { "failed", "ok", "skipped", "failed" };
	xmlTextWriterSetIndent(w, 1);
	xmlTextWriterSetIndentString(w, BAD_CAST "  ");
	xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
	xmlTextWriterStartElementNS(w, NULL, BAD_CAST "index", BAD_CAST "urn:oblix:index:1");
	xmlTextWriterWriteAttribute(w, BAD_CAST "generator", BAD_CAST "oblix " OB_VERSION);
	if (b->settings[0])
		xmlTextWriterWriteAttribute(w, BAD_CAST "settings", BAD_CAST b->settings);
	xmlTextWriterWriteFormatAttribute(w, BAD_CAST "inputs", "%zu", b->n);
	xmlTextWriterWriteFormatAttribute(w, BAD_CAST "failed", "%zu", atomic_load(&b->failed));
	for (size_t k = 0; k < b->n; k++) {
		job *j = &b->jobs[k];
		xmlTextWriterStartElement(w, BAD_CAST "entry");
		xmlTextWriterWriteAttribute(w, BAD_CAST "input", BAD_CAST j->input);
		xmlTextWriterWriteAttribute(w, BAD_CAST "status", BAD_CAST status[j->status]);
		if (j->status != ST_FAILED)
			xmlTextWriterWriteAttribute(w, BAD_CAST "output", BAD_CAST j->output);
		if (j->sha[0])
			xmlTextWriterWriteAttribute(w, BAD_CAST "sha256", BAD_CAST j->sha);
		if (j->status != ST_FAILED && j->counted) {
			const ob_notice_stats *s = &j->stats;
			xmlTextWriterWriteFormatAttribute(w, BAD_CAST "items", "%zu", s->items);
			xmlTextWriterWriteFormatAttribute(w, BAD_CAST "obligations", "%zu", s->obligations);
			xmlTextWriterWriteFormatAttribute(w, BAD_CAST "agencies", "%zu", s->agencies);
			xmlTextWriterWriteFormatAttribute(w, BAD_CAST "times", "%zu", s->times);
			xmlTextWriterWriteFormatAttribute(w, BAD_CAST "targets", "%zu", s->targets);
		}
		for (size_t i = 0; i < j->nwarnings; i++)
			write_diagnostic(w, "warning", &j->warnings[i]);
		if (j->status == ST_FAILED)
			write_diagnostic(w, "error", &j->err);
		xmlTextWriterEndElement(w);
	}
	xmlTextWriterEndElement(w);
	xmlTextWriterEndDocument(w);
	xmlFreeTextWriter(w);
	fflush(fp);
	ob_error e;
	int r = 0;
	if (fseek(fp, 0, SEEK_SET) || ob__validate_index(fp, path, &e))
		r = OB_ERR_INVALID;
	if (!r && publish(fd, named, tmpl, dir, path))
		r = OB_ERR_IO;
	fclose(fp);
	if (r && named)
		unlink(tmpl);
	return r;
}

int
ob__batch_run(const ob_batch_options *o, char **inputs, int ninputs, FILE *out,
	      FILE *err)
{
	batch b = { .o = o, .err = err };
	ob_error e;
	int status = 0;

	atomic_init(&b.next, 0);
	atomic_init(&b.done, 0);
	atomic_init(&b.failed, 0);
	atomic_init(&b.bytes_done, 0);
	struct stat ost;
	int bad = mkdirs(o->outdir) || stat(o->outdir, &ost) ? errno
	    : !S_ISDIR(ost.st_mode) ? ENOTDIR : 0;
	if (bad) {
		fprintf(err, "%s: error: [OB-022] cannot create the output directory: %s\n",
		    o->outdir, strerror(bad));
		return 1;
	}
	int cr = collect(&b, inputs, ninputs);
	if (cr) {
		status = cr == OB_ERR_USAGE ? 2 : 1;
		goto out;
	}
	/* in path order, whatever order the directories list them in */
	if (b.n > 1)
		qsort(b.jobs, b.n, sizeof *b.jobs, by_input);
	/* a.txt and a.html would both be a.xml: such ones keep their
	 * extension, a.txt.xml and a.html.xml; and so does an index.* at the
	 * top, which would be the manifest.  Whether or not a manifest is
	 * written this run: an output's name never depends on that. */
	job **by_out = b.n ? malloc(b.n * sizeof *by_out) : NULL;
	if (by_out) {
		for (size_t k = 0; k < b.n; k++)
			by_out[k] = &b.jobs[k];
		qsort(by_out, b.n, sizeof *by_out, by_output);
		bool *twin = calloc(b.n, sizeof *twin);
		for (size_t k = 0; twin && k + 1 < b.n; k++)
			if (!strcmp(by_out[k]->output, by_out[k + 1]->output))
				twin[k] = twin[k + 1] = true;
		for (size_t k = 0; twin && k < b.n; k++)
			if (twin[k] || !strcmp(by_out[k]->output, "index.xml"))
				keep_extension(by_out[k]);
		/* files of one name from two places (a/index.html and
		 * b/index.html given as files) would still write one output:
		 * the later ones are refused, never silently overwritten */
		qsort(by_out, b.n, sizeof *by_out, by_output);
		for (size_t k = 1; k < b.n; k++)
			if (!strcmp(by_out[k]->output, by_out[k - 1]->output))
				ob__error_set(&by_out[k]->err, OB_ERR_USAGE, 22, 0,
				    "%s is the output of another input too: give their "
				    "directory, or --files-from names below it",
				    by_out[k]->output);
		free(twin);
		free(by_out);
	}
	if (ob__cli_ruleset(o->gazetteer, &b.rs, &e)) {
		ob_error_print(&e, 0, err);
		status = 1;
		goto out;
	}
	xmlInitParser();
	if ((status = settings(&b, err)))
		goto out;
	/* without a manifest to say how they were made, outputs are up to
	 * date only where no option changes them */
	b.settings_kept = !b.settings[0];
	if (!o->no_index)
		read_recorded(&b);
	pthread_mutex_init(&b.print, NULL);
	/* a signal stops the run between notices; one the shell had us
	 * ignore (a batch started in the background) stays ignored */
	struct sigaction sa = { .sa_handler = on_signal }, old_int, old_term;
	sigaction(SIGINT, NULL, &old_int);
	sigaction(SIGTERM, NULL, &old_term);
	if (old_int.sa_handler != SIG_IGN)
		sigaction(SIGINT, &sa, NULL);
	if (old_term.sa_handler != SIG_IGN)
		sigaction(SIGTERM, &sa, NULL);
	int jobs = o->jobs > 0 ? o->jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (jobs < 1)
		jobs = 1;
	if ((size_t)jobs > b.n && b.n > 0)
		jobs = (int)b.n;
	bool bar = o->progress && isatty(fileno(err));
	double t0 = now();
	if (bar)
		progress(&b, t0, false); /* at once, not after the first tick */
	pthread_t *t = calloc((size_t)jobs, sizeof *t);
	int started = 0;
	for (int i = 0; t && i < jobs; i++)
		if (pthread_create(&t[i], NULL, worker, &b) == 0)
			started++;
	if (!started)
		worker(&b);
	while (bar && atomic_load(&b.done) < b.n && !stopping) {
		struct timespec ts = { 0, 200 * 1000 * 1000 };
		nanosleep(&ts, NULL);
		progress(&b, t0, false);
	}
	for (int i = 0; i < started; i++)
		pthread_join(t[i], NULL);
	free(t);
	if (bar)
		progress(&b, t0, true);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	pthread_mutex_destroy(&b.print);
	if (stopping) {
		/* then dies of the signal (below), as a shell reports 128 + N */
		fprintf(err, "oblix: interrupted; run again to convert the rest\n");
		status = 128 + stopping;
		goto out;
	}
	size_t ok = 0, skipped = 0, failed = 0;
	for (size_t k = 0; k < b.n; k++) {
		ok += b.jobs[k].status == ST_OK;
		skipped += b.jobs[k].status == ST_SKIPPED;
		failed += b.jobs[k].status == ST_FAILED;
	}
	/* the outputs reach the disk all together, before the manifest
	 * names them */
	if (ok && !o->fsync && sync_dir(o->outdir)) {
		fprintf(err, "%s: error: the outputs could not be written to disk: %s\n",
		    o->outdir, strerror(errno));
		status = 1;
	}
	if (!o->no_index && write_index(&b)) {
		fprintf(err, "%s/index.xml: error: [OB-022] the manifest could not be written: %s\n",
		    o->outdir, strerror(errno ? errno : EIO));
		status = 1;
	}
	/* outputs of inputs gone from this run: pruned only once the new
	 * manifest no longer names them */
	/* not when an input failed or a directory could not be read: what
	 * it would have made is not stale */
	int unremoved = 0;
	size_t nstale = status || failed || b.walk_failed || !b.n ? 0
	    : stale_outputs(&b, inputs, ninputs, o->prune, out, &unremoved);
	if (unremoved)
		status = 1;
	if (!o->quiet || failed) {
		fprintf(out, "%zu inputs: %zu converted, %zu up to date, %zu failed",
		    b.n, ok, skipped, failed);
		if (nstale)
			fprintf(out, o->prune ? ", %zu outputs pruned\n"
			    : "; %zu outputs of inputs not given stay (--prune removes them)\n",
			    nstale);
		else
			fputc('\n', out);
		for (size_t k = 0; k < b.n; k++)
			if (b.jobs[k].status == ST_FAILED)
				fprintf(out, "failed: %s\n", b.jobs[k].input);
	}
	if (failed || b.walk_failed)
		status = 1;
out:
	for (size_t k = 0; k < b.n; k++) {
		free(b.jobs[k].input);
		free(b.jobs[k].output);
		free(b.jobs[k].warnings);
	}
	free(b.jobs);
	for (size_t k = 0; k < b.nbefore; k++) {
		free(b.before[k].output);
		free(b.before[k].warnings);
	}
	free(b.before);
	ob_ruleset_free(b.rs);
	int sig = stopping;
	stopping = 0;
	if (sig) {
		/* die of it, as the shell that runs a loop of batches must
		 * see to stop the loop; 128 + N where it is not ours to die */
		signal(sig, SIG_DFL);
		raise(sig);
	}
	return status;
}
