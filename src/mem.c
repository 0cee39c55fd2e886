/* SPDX-License-Identifier: MIT */
/* Large blocks on huge pages. */
#define _DEFAULT_SOURCE /* MADV_HUGEPAGE */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "mem.h"

/* the size of a transparent huge page on x86-64 and on arm64 with 4 KiB
 * pages; where it is larger the hint just covers fewer pages */
#define HUGE_PAGE ((uintptr_t)2 << 20)
#define LARGE (2 * HUGE_PAGE)

/* a hint only: a kernel without it leaves the pages as they were */
static void
advise(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
	uintptr_t b = ((uintptr_t)p + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	uintptr_t e = ((uintptr_t)p + n) & ~(HUGE_PAGE - 1);
	if (e > b)
		(void)madvise((void *)b, e - b, MADV_HUGEPAGE);
#else
	(void)p;
	(void)n;
#endif
}

void *
ob__mem_alloc(size_t n)
{
	if (n < LARGE || n > SIZE_MAX - HUGE_PAGE)
		return malloc(n);
	size_t whole = (n + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	void *p = aligned_alloc(HUGE_PAGE, whole);
	if (p)
		advise(p, whole);
	return p;
}

void *
ob__mem_grow(void *p, size_t n)
{
	void *q = realloc(p, n);
	if (q && n >= LARGE)
		advise(q, n);
	return q;
}

typedef struct { char *v; size_t n, cap; } vec;

void *
ob__vec_push(void *p, size_t size)
{
	vec *g = p;

	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 16;
		char *v = ob__mem_grow(g->v, cap * size);
		if (!v)
			return NULL;
		g->v = v;
		g->cap = cap;
	}
	void *e = g->v + g->n * size;
	memset(e, 0, size);
	g->n++;
	return e;
}
