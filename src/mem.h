/* SPDX-License-Identifier: MIT */
/* Large blocks on huge pages, and the vectors that grow into them. */
#ifndef OB_MEM_H
#define OB_MEM_H

#include <stddef.h>

/*
 * malloc(n), except that a block of 4 MiB or more starts on a 2 MiB
 * boundary and asks the kernel, where it offers transparent huge pages on
 * request, to back it with them.  A notice of tens of megabytes otherwise
 * faults its text, runs, lines and records in 4 KiB at a time, and on a
 * virtual machine each fault is dear.  The block is freed with free().
 */
void *ob__mem_alloc(size_t n);

/* realloc(p, n), with the same request for the pages of a large block
 * that are not written yet (realloc mostly extends a block where it is;
 * one that moves has its old bytes copied in 4 KiB pages first) */
void *ob__mem_grow(void *p, size_t n);

/* Append a zeroed element to a vector, a struct that opens with its
 * elements v and their count n and capacity cap; NULL when out of
 * memory. */
void *ob__vec_push(void *vec, size_t size);
#define OB_PUSH(vec) ((__typeof__((vec).v))ob__vec_push(&(vec), sizeof *(vec).v))

#endif
