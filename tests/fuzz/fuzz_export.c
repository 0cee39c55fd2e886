/* SPDX-License-Identifier: MIT */
/* libFuzzer target: the feeds.  An input that validates as a notice
 * document is exported as CSV, JSON Lines and iCalendar, and each feed
 * must parse back: CSV of 22 fields a record with libcsv, every JSON line
 * with json-c, the calendar with libical; all of it valid UTF-8. */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <csv.h>
#include <json-c/json.h>
#include <libical/ical.h>

#include "export.h"
#include "validate.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static bool
valid_utf8(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned c = s[i];
		size_t k = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 && c >= 0xC2 ? 1
		    : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 && c <= 0xF4 ? 3 : 9;
		if (k == 9 || i + k >= n)
			return false;
		for (size_t j = 1; j <= k; j++)
			if ((s[i + j] & 0xC0) != 0x80)
				return false;
		i += k + 1;
	}
	return true;
}

typedef struct csv_count {
	size_t fields, records;
	bool ragged;
} csv_count;

static void
on_field(void *f, size_t len, void *ud)
{
	(void)f, (void)len;
	((csv_count *)ud)->fields++;
}

static void
on_record(int c, void *ud)
{
	csv_count *n = ud;
	(void)c;
	if (n->fields != 22)
		n->ragged = true;
	n->fields = 0;
	n->records++;
}

static char *
feed(const char *format, const char *path, size_t *len)
{
	char *out = NULL;
	FILE *m = open_memstream(&out, len);
	FILE *null = fopen("/dev/null", "w");
	char *inputs[] = { (char *)path };
	ob__export_options o = { .format = format };
	int r = m && null ? ob__export_run(&o, inputs, 1, m, null) : 1;
	if (null)
		fclose(null);
	if (m)
		fclose(m);
	if (r) {
		/* the document validated: reading it cannot fail */
		fprintf(stderr, "export %s failed\n", format);
		abort();
	}
	if (!valid_utf8((unsigned char *)out, *len)) {
		fprintf(stderr, "export %s: invalid UTF-8\n", format);
		abort();
	}
	return out;
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static int fd = -1;
	static char path[64];
	if (fd < 0) {
		fd = memfd_create("fuzz-export", 0);
		if (fd < 0)
			abort();
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	}
	/* only notices go on: a document must validate to be exported */
	FILE *in = fmemopen((void *)data, size ? size : 1, "rb");
	if (!size || !in || ob__validate_stream(in, "fuzz.xml", NULL)) {
		if (in)
			fclose(in);
		return 0;
	}
	fclose(in);
	if (ftruncate(fd, 0) || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();

	size_t len;
	char *csvs = feed("csv", path, &len);
	struct csv_parser p;
	csv_count n = { 0 };
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) == 0) {
		if (csv_parse(&p, csvs, len, on_field, on_record, &n) != len ||
		    csv_fini(&p, on_field, on_record, &n) || n.ragged || n.records < 1) {
			/* 22 fields a record, and at least the header */
			fprintf(stderr, "csv does not parse back: %s\n", csv_strerror(csv_error(&p)));
			abort();
		}
		csv_free(&p);
	}
	free(csvs);

	char *jsonl = feed("jsonl", path, &len);
	size_t lines = 0;
	for (char *l = jsonl, *nl; l < jsonl + len; l = nl + 1) {
		nl = memchr(l, '\n', (size_t)(jsonl + len - l));
		if (!nl)
			abort(); /* every record ends its line */
		*nl = '\0';
		json_object *o = json_tokener_parse(l);
		if (!o || !json_object_is_type(o, json_type_object)) {
			fprintf(stderr, "jsonl line does not parse back: %s\n", l);
			abort();
		}
		json_object_put(o);
		lines++;
	}
	free(jsonl);
	if (lines + 1 != n.records) { /* CSV has its header besides */
		fprintf(stderr, "%zu JSON lines for %zu CSV records\n", lines, n.records);
		abort();
	}

	char *ics = feed("ics", path, &len);
	icalcomponent *cal = icalparser_parse_string(ics);
	if (!cal || icalcomponent_isa(cal) != ICAL_VCALENDAR_COMPONENT) {
		fprintf(stderr, "the calendar does not parse back\n");
		abort();
	}
	icalcomponent_free(cal);
	free(ics);
	return 0;
}
