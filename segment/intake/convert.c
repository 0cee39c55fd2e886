/* SPDX-License-Identifier: MIT */
/*
 * Legacy Office files (.doc, .xls, and Kingsoft's .wps and .et, which
 * share their container): converted by LibreOffice where it is
 * installed, then read as a Word or Excel file.
 *
 *   soffice --headless --convert-to docx|xlsx --outdir DIR DIR/in.doc
 *
 * runs with a profile of its own inside a private temporary directory
 * (mode 0700, removed afterwards), with no network-reaching arguments,
 * standard input closed, in a process group of its own that is killed
 * after a time limit.  Where LibreOffice is missing, the error names the
 * format and the conversion to run.  OBLIX_SOFFICE names another
 * converter binary.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "error.h"
#include "text.h"

#define CONVERT_SECONDS 120

/* Is the compound file a workbook (its directory names a "Workbook" or
 * "Book" stream, in UTF-16LE) rather than a document? */
static bool
workbook(const char *data, size_t len)
{
	static const char wb[] = "W\0o\0r\0k\0b\0o\0o\0k\0", book[] = "B\0o\0o\0k\0\0\0";
	return memmem(data, len, wb, sizeof wb - 1) || memmem(data, len, book, sizeof book - 1);
}

/* The converter: OBLIX_SOFFICE, else soffice or libreoffice on PATH. */
static bool
converter(char *out, size_t size)
{
	const char *env = getenv("OBLIX_SOFFICE");
	if (env && *env) {
		snprintf(out, size, "%s", env);
		return access(out, X_OK) == 0;
	}
	const char *path = getenv("PATH");
	if (!path)
		path = "/usr/bin:/bin";
	static const char *const names[] = { "soffice", "libreoffice", NULL };
	for (int k = 0; names[k]; k++)
		for (const char *p = path; *p;) {
			size_t l = strcspn(p, ":");
			if (l && (size_t)snprintf(out, size, "%.*s/%s", (int)l, p, names[k]) < size &&
			    access(out, X_OK) == 0)
				return true;
			p += l + (p[l] == ':');
		}
	return false;
}

static void
remove_tree(const char *dir, int depth)
{
	DIR *d = depth < 16 ? opendir(dir) : NULL;
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char p[4096];
		if ((size_t)snprintf(p, sizeof p, "%s/%s", dir, e->d_name) >= sizeof p)
			continue;
		struct stat st;
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			remove_tree(p, depth + 1);
		else
			unlink(p);
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

/* The file at path, whole, if it is at most max bytes; NULL otherwise. */
static char *
slurp(const char *path, size_t max, size_t *len)
{
	int fd = open(path, O_RDONLY);
	struct stat st;
	char *s = NULL;
	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    (size_t)st.st_size <= max && (s = malloc((size_t)st.st_size + 1))) {
		size_t n = 0;
		while (n < (size_t)st.st_size) {
			ssize_t got = read(fd, s + n, (size_t)st.st_size - n);
			if (got <= 0)
				break;
			n += (size_t)got;
		}
		if (n != (size_t)st.st_size) {
			free(s);
			s = NULL;
		} else {
			*len = n;
		}
	}
	if (fd >= 0)
		close(fd);
	return s;
}

/* Run argv with a time limit; 0 when it exited 0. */
static int
run(char *const argv[], int seconds)
{
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		setpgid(0, 0);
		int null = open("/dev/null", O_RDWR);
		if (null >= 0) {
			dup2(null, 0);
			dup2(null, 1);
			dup2(null, 2);
		}
		execv(argv[0], argv);
		_exit(127);
	}
	setpgid(pid, pid);
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		int status;
		pid_t w = waitpid(pid, &status, WNOHANG);
		if (w == pid)
			return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
		if (w < 0 && errno != EINTR)
			return -1;
		struct timespec t;
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (t.tv_sec - t0.tv_sec >= seconds) {
			kill(-pid, SIGKILL);
			waitpid(pid, &status, 0);
			return -2;
		}
		nanosleep(&(struct timespec){ 0, 50 * 1000 * 1000 }, NULL);
	}
}

int
ob__legacy_page(const char *data, size_t len, size_t max, char **page,
		size_t *page_len, const char **kind, ob_error *err)
{
	bool book = workbook(data, len);
	const char *ext = book ? "xls" : "doc", *to = book ? "xlsx" : "docx";
	const char *what = book ? "an old Excel workbook (.xls, .et)" :
	    "an old Word document (.doc, .wps)";
	char soffice[1024];
	*page = NULL;
	*page_len = 0;
	if (!converter(soffice, sizeof soffice))
		return ob__error_set(err, OB_ERR_BINARY, 6, 0,
		    "this is %s: oblix reads it through LibreOffice, which is not installed "
		    "(apt-get install libreoffice-%s-nogui), or convert it first: "
		    "soffice --headless --convert-to %s FILE", what, book ? "calc" : "writer", to);
	const char *tmp = getenv("TMPDIR");
	char dir[4096], in[4200], out[4200], profile[4300], outdir[4200];
	snprintf(dir, sizeof dir, "%s/oblix-convert-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return ob__error_set(err, OB_ERR_IO, 6, 0,
		    "a temporary directory for converting %s cannot be made: %s", what,
		    strerror(errno));
	snprintf(in, sizeof in, "%s/in.%s", dir, ext);
	snprintf(out, sizeof out, "%s/in.%s", dir, to);
	snprintf(profile, sizeof profile, "-env:UserInstallation=file://%s/profile", dir);
	snprintf(outdir, sizeof outdir, "%s", dir);
	int r = 0;
	int fd = open(in, O_WRONLY | O_CREAT | O_EXCL, 0600);
	bool written = fd >= 0 && write(fd, data, len) == (ssize_t)len;
	if (fd >= 0 && close(fd))
		written = false;
	if (!written) {
		r = ob__error_set(err, OB_ERR_IO, 6, 0, "%s cannot be written for converting: %s",
		    in, strerror(errno));
		goto end;
	}
	char *argv[] = { soffice, "--headless", "--norestore", "--nologo", "--nodefault",
		"--nolockcheck", profile, "--convert-to", (char *)to, "--outdir", outdir, in,
		NULL };
	int rc = run(argv, CONVERT_SECONDS);
	char *conv = NULL;
	size_t clen = 0;
	if (rc == 0)
		conv = slurp(out, max, &clen);
	if (!conv) {
		r = ob__error_set(err, OB_ERR_BINARY, 6, 0, rc == -2 ?
		    "this is %s, and LibreOffice did not convert it within %d seconds" :
		    "this is %s, and LibreOffice could not convert it", what, CONVERT_SECONDS);
		goto end;
	}
	r = ob__office_page(conv, clen, max, page, page_len, kind, err);
	if (!r)
		*kind = ext; /* the file's own format */
	free(conv);
end:
	remove_tree(dir, 0);
	return r;
}
