/* Large blocks on huge pages. */
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

#endif
