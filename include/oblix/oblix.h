/* SPDX-License-Identifier: MIT */
/*
 * oblix — structured obligations from Chinese government policy notices.
 *
 * The public API.  Everything here is prefixed ob_; the types are opaque.
 * Functions return 0 on success or a negative OB_ERR_* code; results come
 * back through out-parameters.  The library never prints: problems are
 * described in an ob_error record and, for warnings, passed to a callback.
 */
#ifndef OBLIX_OBLIX_H
#define OBLIX_OBLIX_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(OB_BUILDING_LIBRARY) && defined(__GNUC__)
#define OB_API __attribute__((visibility("default")))
#else
#define OB_API
#endif

#define OB_VERSION "0.1.0"

/* Error codes.  Stable: a code is never renumbered or reused. */
enum {
	OB_OK = 0,
	OB_ERR_NOMEM = -1,      /* out of memory */
	OB_ERR_IO = -2,         /* a file could not be read or written */
	OB_ERR_EMPTY = -3,      /* the input holds no text */
	OB_ERR_BINARY = -4,     /* the input holds NUL bytes: not text */
	OB_ERR_UTF8 = -5,       /* the input is not valid UTF-8 */
	OB_ERR_TOO_LARGE = -6,  /* the input exceeds the size limit */
	OB_ERR_REGEX = -7,      /* a rule failed to compile */
	OB_ERR_MATCH_LIMIT = -8,/* a rule hit its match or depth limit */
	OB_ERR_ICU = -9,        /* an ICU service failed */
	OB_ERR_XML = -10,       /* XML could not be written or parsed */
	OB_ERR_INVALID = -11,   /* a document does not match the schema */
	OB_ERR_SCHEMA = -12,    /* the schema itself could not be loaded */
	OB_ERR_USAGE = -13,     /* bad arguments */
	OB_ERR_LIMIT = -14,     /* a structural limit (nesting, count) was hit */
	OB_ERR_DATA = -15,      /* a data file (the gazetteer) is malformed */
};

/*
 * A diagnostic: what went wrong and where.  offset is a byte offset into
 * the input; line and column (1-based, columns counted in characters) are
 * filled in when the position is known, otherwise 0.  file is borrowed
 * from the caller (the name it passed in) and may be NULL.
 */
typedef struct ob_error {
	int code;
	int msgid;        /* the [OB-NNN] message number, 0 when none */
	const char *file;
	size_t offset;
	unsigned line;
	unsigned column;
	char message[256];
} ob_error;

/* A static English description of an error code.  Never NULL. */
OB_API const char *ob_strerror(int code);

/*
 * Write a diagnostic as "file:line:col: error: [OB-NNN] message" (or
 * "warning") followed by a newline.
 */
OB_API void ob_error_print(const ob_error *err, int is_warning, FILE *out);

/* Called for each warning met while reading a notice. */
typedef void (*ob_warn_fn)(void *userdata, const ob_error *warning);

/* Compiled rules: built once, shared read-only by any number of threads. */
typedef struct ob_ruleset ob_ruleset;

/* Compile the rules.  On success *out is the caller's, freed with
 * ob_ruleset_free().  On failure err says which rule and where. */
OB_API int ob_ruleset_new(ob_ruleset **out, ob_error *err);
OB_API void ob_ruleset_free(ob_ruleset *rs);

/* Add a user's gazetteer entries (the format of data/gazetteer.tsv) to the
 * built-in ones, before the rules are shared.  source names the data in
 * messages.  A name given two bodies is an error; nothing is added then. */
OB_API int ob_ruleset_load_gazetteer(ob_ruleset *rs, const char *data, size_t len,
				     const char *source, ob_error *err);
/* List the gazetteer's entries in its own format. */
OB_API int ob_ruleset_write_gazetteer(const ob_ruleset *rs, FILE *out);

/* Options for reading one notice.  Zero-initialise, then set fields. */
typedef struct ob_options {
	const char *source;    /* name recorded in the output; borrowed */
	size_t max_size;       /* input size limit in bytes; 0 = 64 MiB;
				* at most 2 GiB - 1 */
	const char *encoding;  /* ICU converter name; NULL = detect */
	ob_warn_fn warn;       /* may be NULL */
	void *warn_data;
} ob_options;

/* The model of one notice: its metadata, structure and obligations. */
typedef struct ob_notice ob_notice;

/*
 * Read a notice from len bytes at data: UTF-8 (with or without BOM),
 * UTF-16/32 with BOM, GB18030 or Big5 (detected), or the encoding named
 * in opts.
 * The bytes are copied; data may be freed afterwards.  On success *out is
 * the caller's, freed with ob_notice_free().  On failure *out is NULL and
 * err (if not NULL) describes the problem.
 */
OB_API int ob_notice_parse(const ob_ruleset *rs, const char *data, size_t len,
			   const ob_options *opts, ob_notice **out,
			   ob_error *err);
OB_API void ob_notice_free(ob_notice *n);

/*
 * Check the invariants of a notice's model (spans inside the text,
 * structure nested, records inside their owners).  0 when they hold,
 * otherwise an error whose message names the first that does not.  For
 * tests and debugging.
 */
OB_API int ob_notice_check(const ob_notice *n, ob_error *err);

/* Counts, for summaries and tests. */
typedef struct ob_notice_stats {
	size_t sections, items, obligations, agencies, times, targets,
	    documents, aliases;
} ob_notice_stats;
OB_API void ob_notice_stats_get(const ob_notice *n, ob_notice_stats *out);

/*
 * Write the notice as XML to out.  The document is validated against the
 * shipped schema before a single byte reaches out: when validation fails
 * nothing is written and OB_ERR_INVALID is returned.
 */
OB_API int ob_notice_write_xml(const ob_notice *n, FILE *out, ob_error *err);

/*
 * The same, into a file that the caller throws away unless this returns 0
 * (a temporary file to be renamed into place): a large document goes to
 * out as it is written and validated, with no copy of its own, so on
 * failure out may hold part of it.
 */
OB_API int ob_notice_write_xml_direct(const ob_notice *n, FILE *out, ob_error *err);

/*
 * Write the notice's records as tab-separated lines, one per record (the
 * "facts" format: meta, section, item, agency, time, target, document,
 * alias).  For reading and diffing by hand; not validated.
 */
OB_API int ob_notice_write_facts(const ob_notice *n, FILE *out);

/*
 * Validate an XML file written earlier against the notice schema.
 * Returns 0 when valid, OB_ERR_INVALID (with the first problem in err)
 * when not, another code when it could not be read.
 */
OB_API int ob_xml_validate_file(const char *path, ob_error *err);

/*
 * The command-line program: "oblix extract FILE", "oblix validate FILE…",
 * "oblix segment [--sentences|--words] FILE".  Returns the exit status.
 */
OB_API int ob_cli_main(int argc, char **argv, FILE *out, FILE *errout);

#ifdef __cplusplus
}
#endif

#endif
