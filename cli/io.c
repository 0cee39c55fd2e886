/* SPDX-License-Identifier: MIT */
/*
 * Files in and out for the command.  Inputs are read whole (a notice is
 * parsed from memory, and standard input cannot be read twice); a single
 * output goes to a temporary file beside its name and is renamed into
 * place only when every byte was written, so a full disk or a kill never
 * leaves half a document under the name asked for.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fnmatch.h>
#include <fts.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "io.h"
#include "mem.h"

static int
too_large(ob_error *err, size_t max)
{
	return ob__error_set(err, OB_ERR_TOO_LARGE, 5, max,
	    "the input is over the limit of %zu bytes (see --max-size)", max);
}

int
ob__read_all(const char *path, size_t max, char **data, size_t *len,
	     ob_error *err)
{
	bool is_stdin = !strcmp(path, "-");
	FILE *fp = is_stdin ? stdin : fopen(path, "rb");
	struct stat st;
	size_t cap, n = 0;
	char *buf;
	int r = 0;

	if (!fp)
		return ob__error_set(err, OB_ERR_IO, 9, 0, "cannot open: %s",
		    strerror(errno));
	/* a regular file is read in one piece of its size; a pipe grows */
	bool regular = fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode);
	if (regular && (size_t)st.st_size > max) {
		if (!is_stdin)
			fclose(fp);
		return too_large(err, max);
	}
	/* room for one byte more than the size says, so that the end of
	 * the file is found without growing the buffer */
	cap = regular ? (size_t)st.st_size + 2 : 1 << 16;
	buf = ob__mem_alloc(cap);
	while (buf) {
		size_t got = fread(buf + n, 1, cap - n - 1, fp);
		n += got;
		if (n > max) {
			r = too_large(err, max);
			break;
		}
		if (got == 0)
			break;
		if (n + 1 == cap) {
			char *p = cap > SIZE_MAX / 2 ? NULL
						     : ob__mem_grow(buf, cap * 2);
			if (!p) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = p;
			cap *= 2;
		}
	}
	if (!buf)
		r = ob__error_set(err, OB_ERR_NOMEM, 0, 0, "out of memory");
	else if (!r && ferror(fp))
		r = ob__error_set(err, OB_ERR_IO, 9, 0, "read error: %s", strerror(errno));
	if (!is_stdin)
		fclose(fp);
	if (r) {
		free(buf);
		return r;
	}
	buf[n] = '\0';
	*data = buf;
	*len = n;
	return 0;
}

int
ob__output_open(ob__output *o, const char *path)
{
	struct stat st, lst;

	o->path = path;
	o->target = NULL;
	o->tmp = NULL;
	o->fp = NULL;
	if (stat(path, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			errno = EISDIR;
			return -1;
		}
		/* a device or a pipe is written as it is, never replaced */
		if (!S_ISREG(st.st_mode))
			return (o->fp = fopen(path, "wb")) ? 0 : -1;
		/* a symbolic link stays one: the file it points to is
		 * replaced */
		if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode) &&
		    !(o->target = realpath(path, NULL)))
			return -1;
	}
	const char *name = o->target ? o->target : path;
	const char *slash = strrchr(name, '/');
	int dl = slash ? (int)(slash - name) + 1 : 0;

	/* hidden, beside the target: the rename stays on one file system */
	if (asprintf(&o->tmp, "%.*s.%s.XXXXXX", dl, name, name + dl) < 0) {
		o->tmp = NULL;
		free(o->target);
		o->target = NULL;
		errno = ENOMEM;
		return -1;
	}
	int fd = mkstemp(o->tmp);
	if (fd >= 0) {
		/* mkstemp makes it 0600; an output gets the usual mode */
		mode_t mask = umask(0);
		umask(mask);
		fchmod(fd, 0666 & ~mask);
		o->fp = fdopen(fd, "wb");
		if (!o->fp)
			close(fd);
	}
	if (!o->fp) {
		int e = errno;
		if (fd >= 0)
			unlink(o->tmp);
		free(o->tmp);
		o->tmp = NULL;
		free(o->target);
		o->target = NULL;
		errno = e;
		return -1;
	}
	return 0;
}

int
ob__output_commit(ob__output *o)
{
	int r = 0, e = 0;

	errno = 0;
	/* a device or a pipe cannot be synced, only flushed */
	if (fflush(o->fp) || ferror(o->fp) || (o->tmp && fsync(fileno(o->fp))))
		r = -1, e = errno ? errno : EIO;
	if (fclose(o->fp) && !r)
		r = -1, e = errno;
	o->fp = NULL;
	if (o->tmp) {
		if (!r && rename(o->tmp, o->target ? o->target : o->path))
			r = -1, e = errno;
		if (r)
			unlink(o->tmp);
	}
	free(o->tmp);
	o->tmp = NULL;
	free(o->target);
	o->target = NULL;
	errno = e;
	return r;
}

void
ob__output_abort(ob__output *o)
{
	if (o->fp)
		fclose(o->fp);
	o->fp = NULL;
	if (o->tmp)
		unlink(o->tmp);
	free(o->tmp);
	o->tmp = NULL;
	free(o->target);
	o->target = NULL;
}

int
ob__cli_ruleset(const char *gazetteer, ob_ruleset **rs, ob_error *err)
{
	int r = ob_ruleset_new(rs, err);
	if (r || !gazetteer)
		return r;
	char *data = NULL;
	size_t len = 0;
	/* a list of names, never more than a few megabytes */
	if (!(r = ob__read_all(gazetteer, (size_t)16 << 20, &data, &len, err))) {
		r = ob_ruleset_load_gazetteer(*rs, data, len, gazetteer, err);
		free(data);
	}
	if (r) {
		if (err && !err->file)
			err->file = gazetteer;
		ob_ruleset_free(*rs);
		*rs = NULL;
	}
	return r;
}

bool
ob__xml_name(const char *name)
{
	size_t l = strlen(name);
	return l > 4 && !strcmp(name + l - 4, ".xml");
}

int
ob__by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
by_name(const FTSENT **x, const FTSENT **y)
{
	return strcmp((*x)->fts_name, (*y)->fts_name);
}

static bool
matches(char **globs, int n, const FTSENT *f, const char *rel)
{
	for (int k = 0; k < n; k++)
		if (strchr(globs[k], '/') ? !fnmatch(globs[k], rel, FNM_PATHNAME)
					  : !fnmatch(globs[k], f->fts_name, 0))
			return true;
	return false;
}

static void
say_walk(FILE *err, const char *path, int msgid, bool warning, const char *fmt,
	 const char *arg)
{
	ob_error e = { 0 };
	ob__error_set(&e, OB_ERR_IO, msgid, 0, fmt, arg);
	e.file = path;
	ob_error_print(&e, warning, err);
}

int
ob__walk(const char *root, const ob__walk_options *o,
	 int (*fn)(void *ud, const char *path, const char *rel), void *ud,
	 FILE *err)
{
	/* the root as given, less trailing slashes: outputs and messages
	 * name files the way the user named their tree */
	char *top = strdup(root);
	if (!top)
		return OB_ERR_NOMEM;
	size_t tl = strlen(top);
	while (tl > 1 && top[tl - 1] == '/')
		top[--tl] = '\0';
	char *paths[] = { top, NULL };
	int flags = FTS_NOCHDIR | FTS_COMFOLLOW | (o->follow ? FTS_LOGICAL : FTS_PHYSICAL);
	FTS *t = fts_open(paths, flags, by_name);
	if (!t) {
		say_walk(err, root, 15, false, "cannot walk the directory: %s", strerror(errno));
		free(top);
		return 1;
	}
	int status = 0, stop = 0;
	size_t unfollowed = 0;
	char *first = NULL; /* the first link not followed */
	errno = 0;
	FTSENT *f;
	for (; !stop && (f = fts_read(t)); errno = 0) {
		const char *rel = f->fts_path + (f->fts_level ? tl : f->fts_pathlen);
		while (*rel == '/')
			rel++;
		bool hidden = f->fts_level > 0 && f->fts_name[0] == '.';
		switch (f->fts_info) {
		case FTS_D:
			if (hidden || (f->fts_level > 0 &&
			    matches(o->exclude, o->nexclude, f, rel)) ||
			    (o->skip && f->fts_statp->st_dev == o->skip->st_dev &&
			     f->fts_statp->st_ino == o->skip->st_ino))
				fts_set(t, f, FTS_SKIP);
			break;
		case FTS_F:
			if (hidden || matches(o->exclude, o->nexclude, f, rel) ||
			    (o->ninclude && !matches(o->include, o->ninclude, f, rel)))
				break;
			stop = fn(ud, f->fts_path, f->fts_level ? rel : f->fts_name);
			break;
		case FTS_SL: {
			struct stat st;
			if (hidden || o->quiet)
				break;
			if (stat(f->fts_path, &st))
				say_walk(err, f->fts_path, 104, true,
				    "a link to nothing: skipped%s", "");
			else if (!unfollowed++)
				first = strdup(f->fts_path);
			break;
		}
		case FTS_SLNONE:
			if (!hidden && !o->quiet)
				say_walk(err, f->fts_path, 104, true,
				    "a link to nothing: skipped%s", "");
			break;
		case FTS_DC:
			if (!o->quiet)
				say_walk(err, f->fts_path, 104, true,
				    "a link back to a directory above it: not followed%s", "");
			break;
		case FTS_DNR:
		case FTS_ERR:
		case FTS_NS:
			/* a hidden file gone in the walk (an editor's, rsync's) is
			 * none of the inputs */
			if (hidden)
				break;
			say_walk(err, f->fts_path, 15, false, "cannot read: %s",
			    strerror(f->fts_errno));
			status = 1;
			break;
		default:
			break;
		}
	}
	if (!stop && !f && errno) {
		say_walk(err, top, 15, false, "cannot walk the directory: %s", strerror(errno));
		status = 1;
	}
	if (unfollowed) {
		char more[64] = "";
		if (unfollowed > 1)
			snprintf(more, sizeof more, " (and %zu more)", unfollowed - 1);
		ob_error e = { 0 };
		ob__error_set(&e, OB_ERR_IO, 104, 0, "a link inside the tree%s: not followed "
		    "(--follow reads what links point to)", more);
		e.file = first ? first : top;
		ob_error_print(&e, true, err);
	}
	free(first);
	fts_close(t);
	free(top);
	return stop ? stop : status;
}
