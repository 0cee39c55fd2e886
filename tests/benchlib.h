/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the benchmarks.
 *
 * The machine the figures come from has two cores shared with other
 * builds, so a benchmark measures CPU time (user + system) where one core
 * is meant, runs each measurement several times and prints the median and
 * the spread, and keeps its files on a tmpfs (/dev/shm) so that the state
 * of a disk's file system does not enter the figures.
 */
#ifndef OB_BENCHLIB_H
#define OB_BENCHLIB_H

#define _GNU_SOURCE
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "oblix/oblix.h"

static inline double
bl_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU time of this process so far (user + system), in seconds. */
static inline double
bl_cpu_self(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	    (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

static int
bl_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Sorts v; returns the median. */
static inline double
bl_median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, bl_cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* A directory of our own on a tmpfs when there is one; the caller
 * removes it (bl_rmtree). */
static inline char *
bl_tmpdir(const char *tag)
{
	char *p = malloc(256);
	struct stat st;
	const char *base = stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) &&
	    access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(p, 256, "%s/oblix-bench-%s-XXXXXX", base, tag);
	if (!mkdtemp(p)) {
		perror(p);
		exit(1);
	}
	return p;
}

static inline void
bl_rmtree(const char *dir)
{
	pid_t pid = fork();
	if (pid == 0) {
		execlp("rm", "rm", "-rf", dir, (char *)NULL);
		_exit(127);
	}
	int st;
	waitpid(pid, &st, 0);
}

/* The whole file (NUL-terminated), or NULL.  A buffer of the file's size,
 * as `oblix extract` reads it, so that peak RSS compares. */
static inline char *
bl_read(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	struct stat st;
	size_t cap = fstat(fileno(fp), &st) == 0 && st.st_size > 0 ?
	    (size_t)st.st_size + 1 : 1 << 16, n = 0, got;
	char *buf = malloc(cap + 1);
	while (buf && (got = fread(buf + n, 1, cap - n, fp)) > 0) {
		n += got;
		if (n == cap) {
			char *p = realloc(buf, (cap *= 2) + 1);
			if (!p)
				free(buf);
			buf = p;
		}
	}
	fclose(fp);
	if (buf) {
		buf[n] = '\0';
		*len = n;
	}
	return buf;
}

static inline void
bl_write(const char *path, const char *data, size_t len)
{
	FILE *fp = fopen(path, "wb");
	if (!fp || fwrite(data, 1, len, fp) != len || fclose(fp)) {
		perror(path);
		exit(1);
	}
}

/* unit repeated to at least want bytes, or at most (but once at least)
 * when at_most; *len is what was made. */
static inline char *
bl_repeat(const char *unit, size_t ul, size_t want, bool at_most, size_t *len)
{
	size_t n = at_most ? (want / ul ? want / ul : 1) : (want + ul - 1) / ul;
	char *s = malloc(n * ul + 1);
	if (!s)
		exit(1);
	for (size_t k = 0; k < n; k++)
		memcpy(s + k * ul, unit, ul);
	s[n * ul] = '\0';
	*len = n * ul;
	return s;
}

/* What one run of the command cost. */
typedef struct bl_run {
	double wall, cpu; /* seconds; cpu = user + system of the child */
	long rss_kib;     /* its peak resident set */
	int status;       /* its exit status */
} bl_run;

/* ob_cli_main(argv) in a child process, its output to /dev/null. */
static inline bl_run
bl_cli(char **argv)
{
	bl_run r = { 0 };
	int argc = 0;
	while (argv[argc])
		argc++;
	double t0 = bl_now();
	pid_t pid = fork();
	if (pid == 0) {
		FILE *null = fopen("/dev/null", "w");
		int s = ob_cli_main(argc, argv, null, null);
		fclose(null);
		_exit(s);
	}
	int status;
	struct rusage ru;
	wait4(pid, &status, 0, &ru);
	r.wall = bl_now() - t0;
	r.cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	    (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
	r.rss_kib = ru.ru_maxrss;
	r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
	return r;
}

#endif
