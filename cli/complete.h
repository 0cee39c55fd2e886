/* SPDX-License-Identifier: MIT */
/* Shell completion scripts (see complete.c). */
#ifndef OB_COMPLETE_H
#define OB_COMPLETE_H

#include <stdio.h>

/* The shells there is a script for (NULL-terminated). */
extern const char *const ob__cli_shells[];

void ob__cli_complete_bash(FILE *out);
void ob__cli_complete_zsh(FILE *out);
void ob__cli_complete_fish(FILE *out);

#endif
