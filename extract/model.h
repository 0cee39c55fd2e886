/* SPDX-License-Identifier: MIT */
/*
 * The notice model: what extraction builds and the writers walk.
 *
 * Every record keeps a span of the cleaned text (ob__text.buf); the
 * writers turn spans into source positions.  Records of one kind live in
 * one array in text order; items and obligations own index ranges of
 * them.
 */
#ifndef OB_MODEL_H
#define OB_MODEL_H

#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "mem.h"
#include "numeral.h"
#include "text.h"

/* Records number far fewer than 2^32 (an input is at most 2 GiB, and
 * a record takes several bytes of it): 32 bits keep the records small. */
typedef struct ob__range {
	uint32_t first, count;
} ob__range;

enum ob__role { OB_ROLE_LEAD, OB_ROLE_COOPERATE, OB_ROLE_RESPONSIBLE };
enum ob__time_kind {
	OB_TIME_BY, OB_TIME_FROM, OB_TIME_UNTIL, OB_TIME_WITHIN,
	OB_TIME_EVERY, OB_TIME_ON
};
enum ob__cmp { OB_CMP_GE, OB_CMP_GT, OB_CMP_LE, OB_CMP_LT, OB_CMP_EQ,
	OB_CMP_APPROX };
enum ob__doc_action { OB_DOC_CITE, OB_DOC_ISSUE };
enum ob__year_basis { OB_YEAR_NONE, OB_YEAR_TITLE, OB_YEAR_ISSUED,
	OB_YEAR_DOCNUMBER, OB_YEAR_PUBLISHED };
enum { OB_PROPS_ISSUER = 1, OB_PROPS_DATE = 2 };

/* Where an agency was read: a closing bracket, a labelled line, or a
 * sentence that assigns work. */
/* where an agency was read; HEADING: the heading of the block of one
 * body's duties that holds its unit (2016年区教育局安全生产目标责任) */
enum ob__from { OB_FROM_CLAUSE, OB_FROM_LABEL, OB_FROM_TEXT, OB_FROM_HEADING };

typedef struct ob__agency {
	ob__span span;    /* the name as written */
	/* the strings are the notice's (ob__intern) */
	const char *name; /* normalized */
	const char *ref;  /* canonical name from the gazetteer; NULL when the
			   * body is in no list */
	const char *surface; /* the input's spelling, taken before a converted
			   * edition lets its input go (ob__agency_surfaces);
			   * NULL otherwise: the writer reads it */
	/* small fields: a large notice has hundreds of thousands of agencies */
	int8_t role;      /* enum ob__role */
	int8_t level;     /* enum ob__level */
	int8_t from;      /* enum ob__from */
	bool generic;     /* a collective or a functional type (各地区,
			   * 教育行政部门), not one named body */
	bool repeat;      /* its owner named this role and name before: listed
			   * once, kept for the obligation that names it */
} ob__agency;

typedef struct ob__time {
	ob__span span;
	int kind;
	/* resolved values; empty when unknown */
	char date[11];     /* YYYY-MM-DD */
	char duration[16]; /* ISO 8601, e.g. P5Y */
	/* as matched, resolved once the reference year is known */
	int year, month, day; /* year 0 = the reference year; day 0 = end of
			       * month for "by", start for "from" */
	int year_offset;      /* 今年 0, 明年 +1, 上年 -1 */
	int period;           /* 0 day/month, 1 year, 2 first half, 3 second
			       * half, 4..7 quarters */
	bool anchored;        /* counted from the notice's issue date */
	bool working;         /* a span of working days (工作日) */
	bool year_given;      /* 今年, 明年: the year is said, if not written */
	int festival;         /* 1 春节, 2 元宵节, 3 端午节, 4 中秋节, 5 国庆节,
			       * 6 元旦; 0 none */
} ob__time;

typedef struct ob__target {
	ob__span span;
	int cmp;
	bool exact;        /* the value is what the text says, not rounded */
	const char *value; /* decimal, as ob__decimal spells it; the notice's
			    * (ob__intern) */
	const char *unit;  /* the notice's; "" when none */
} ob__target;

typedef struct ob__document {
	ob__span span;  /* 《…》 */
	ob__span title; /* inside the brackets */
	char *title_text; /* the title with a Taiwan edition's phrases
			   * converted; owned, NULL when the span says it */
	int action;
} ob__document;

typedef struct ob__alias {
	ob__span span;  /* the bracket that defines it */
	ob__span short_name;
	ob__span full;
} ob__alias;

/* Records attached to something: index ranges into the notice arrays. */
typedef struct ob__recs {
	ob__range times, targets, documents;
} ob__recs;

/* How binding an obligation is, and the word that says so. */
enum ob__modality { OB_MODAL_NONE, OB_MODAL_MUST, OB_MODAL_SHOULD, OB_MODAL_MAY };

typedef struct ob__obligation {
	ob__span span;
	ob__recs recs;
	ob__range agencies; /* into ob_notice.oblig_agencies */
	int modality;
	ob__span modal_word;
} ob__obligation;

typedef struct ob__item {
	ob__span span;     /* marker through the end of its last paragraph,
			    * sub-items included */
	ob__span label;    /* the numeral inside the marker */
	ob__span title;
	ob__span text;     /* own body: after the title, before sub-items,
			    * without the agency clause */
	ob__span agency_clause; /* the bracket or labelled line(s) */
	int level;         /* marker kind: 1 (一), 2 1., 3 (1) */
	/* the cells that name agencies, in a task table laid out one cell a
	 * line or run together: ncells (at most 8) from
	 * ob_notice.cells[cells] */
	uint32_t cells;
	int ncells;
	bool title_is_sentence; /* the title is the first sentence, not a
				 * bold or colon-closed lead phrase */
	int n;             /* position among its siblings, from 1 */
	long parent;       /* index in items, -1 for a top-level item */
	long first_child, next_sibling; /* -1 when none */
	size_t section;    /* index in sections; (size_t)-1 when none */
	ob__range agencies, obligations, aliases;
	ob__recs recs;     /* records of the title and labelled lines */
	uint32_t id;       /* where its id (s1.i2.i3) starts in ob_notice.ids */
} ob__item;

/* A table cell that names agencies, and their role. */
typedef struct ob__cell {
	ob__span span;
	int role;
} ob__cell;

typedef struct ob__section {
	ob__span span;
	ob__span label;
	ob__span heading;
	ob__span text;     /* paragraphs before its first item */
	long first_item;   /* first top-level item, -1 when none */
	int n;
	ob__range obligations; /* of its text: a notice without items keeps
				* its obligations in its sections */
	ob__range agencies;    /* named in its text */
	ob__span agency_clause; /* labelled lines that close it */
} ob__section;

#define OB_MAX_ISSUERS 16

typedef struct ob__meta {
	ob__span notice_title, title, issuer, doc_number, issued;
	ob__span salutation; /* the addressees, without the "：" */
	char *notice_title_text, *title_text; /* joined lines; owned */
	char issued_iso[11];
	/* the page's own date (发布日期, PubDate): when it was posted, not
	 * when the notice was issued */
	ob__span published;
	char published_iso[11];
	/* the page's labelled issuer and 成文日期, used where neither the
	 * head nor the signature names them */
	ob__span page_issuer, page_written;
	/* a file's own author and date (its properties), used last; and
	 * which of the issuer and the issue date came from them */
	ob__span prop_issuer, prop_date;
	int from_props; /* OB_PROPS_ISSUER, OB_PROPS_DATE */
	/* whether the notice is in force, as the site says: 已废止 before the
	 * title (【已废止】), or a labelled 有效性：废止 */
	ob__span status;
	/* the issuers of a joint notice, in order (one for most notices):
	 * the issuer span cut at 、 and blanks, and where one body's name
	 * runs into the next (中共福建省委办公厅福建省人民政府办公厅) */
	ob__span issuers[OB_MAX_ISSUERS];
	int nissuers;
	int year;
	int year_basis;
	char encoding[32];
	int encoding_how;
	bool traditional;  /* read from a traditional-character edition */
	bool html;         /* read from an HTML page */
	const char *container; /* "docx", "xlsx": the file it was read from,
				* as a page; NULL for text and pages */
} ob__meta;

#define OB_VEC(T) struct { T *v; size_t n, cap; }

/* Where the page drawn from a file stands in the file: from byte off of
 * the page on, page page of a PDF or OFD (0 none), or the sheet named. */
typedef struct ob__where {
	size_t off;
	int page;
	const char *sheet; /* the notice's (ob__intern) */
} ob__where;

/* A table row or cell of the page drawn from a file, bytes [from, to):
 * row row of a table of a document, PDF or OFD (<tr data-row>), or the
 * cell of a sheet named as its spreadsheet names it (<td data-cell>). */
typedef struct ob__place {
	size_t from, to;
	long row;
	const char *cell; /* the notice's (ob__intern) */
} ob__place;

struct ob_notice {
	char *source;
	char *data;        /* the input bytes; NULL once the text holds
			    * them (ob__text_drop_orig) */
	size_t data_len;
	unsigned char sha256[32];
	ob__text text;
	ob__meta meta;
	ob__span preamble, closing;
	ob__span closing_text;      /* the closing without the signature */
	ob__span signature;         /* one before the attachments, when the
				     * notice has them */
	size_t page_end;            /* where a page's own lines after the
				     * notice begin (相关链接：…); 0 for none */
	ob__range closing_agencies, closing_obligations, closing_aliases;
	/* the preamble's sentences that oblige (a word of duty or a
	 * deadline: "请于5月27日前书面报送"), where the notice has sections
	 * or items; and the bodies the preamble names */
	ob__range preamble_agencies, preamble_obligations;
	OB_VEC(ob__where) wheres; /* by offset; empty for text and pages */
	OB_VEC(ob__place) places; /* by offset; empty for text and pages */
	OB_VEC(size_t) oblig_agencies; /* per obligation: indexes into agencies */
	long first_item;   /* first top-level item outside any section */
	OB_VEC(ob__section) sections;
	OB_VEC(ob__item) items;
	OB_VEC(ob__obligation) obligations;
	OB_VEC(ob__agency) agencies;
	OB_VEC(ob__time) times;
	OB_VEC(ob__target) targets;
	OB_VEC(ob__document) documents;
	OB_VEC(ob__alias) aliases;
	struct { char **v; size_t n, cap; } strings; /* see ob__intern */
	OB_VEC(char) ids;  /* the items' ids, each NUL-terminated */
	OB_VEC(ob__cell) cells; /* of the items of task tables */
};

/* Do the n bytes at s end with one of the words of list (NULL-ended)? */
static inline bool
ob__has_suffix(const char *s, size_t n, const char *const *list)
{
	for (int k = 0; list[k]; k++) {
		size_t l = strlen(list[k]);
		if (n >= l && !memcmp(s + n - l, list[k], l))
			return true;
	}
	return false;
}

/* The length of the first word of list (NULL-ended) that the n bytes at
 * s start with; 0 when none. */
static inline size_t
ob__prefix_len(const char *s, size_t n, const char *const *list)
{
	for (int k = 0; list[k]; k++) {
		size_t l = strlen(list[k]);
		if (n >= l && !memcmp(s, list[k], l))
			return l;
	}
	return 0;
}

/* Do the n bytes at s start with one of the words of list (NULL-ended)? */
static inline bool
ob__has_prefix(const char *s, size_t n, const char *const *list)
{
	return ob__prefix_len(s, n, list) != 0;
}

/* An item's id. */
static inline const char *
ob__item_id(const ob_notice *n, const ob__item *it)
{
	return n->ids.v + it->id;
}

/* The notice's one copy of the len bytes at s, NUL-terminated: agency
 * names, references and spellings repeat thousands of times in a large
 * notice, and each is kept once, for the notice's life.  NULL when out of
 * memory. */
const char *ob__intern(ob_notice *n, const char *s, size_t len);

/* Mark the agencies of range r that repeat an earlier one's role and
 * name: an owner lists each once; its clauses and obligations keep their
 * own mentions. */
int ob__agencies_mark_repeats(ob_notice *n, ob__range r);

/* A Chinese character in a pattern: the blocks of ob__is_han() in the
 * Basic Multilingual Plane.  Not \p{Han}, whose script extensions take
 * in the ideographic full stop and other CJK punctuation. */
#define OB_HAN_CLASS "[\\x{3400}-\\x{4DBF}\\x{4E00}-\\x{9FFF}\\x{F900}-\\x{FAFF}]"

/* ob_notice_parse for a buffer the caller gives up: data (malloc'd, with
 * room for len + 1 bytes) becomes the notice's text when it is UTF-8
 * already, so the input is never held twice, and is freed otherwise, on
 * failure too.  sha256: the digest of the len bytes when the caller has
 * computed it (batch runs do, to find outputs up to date), else NULL. */
int ob__notice_parse_take(const ob_ruleset *rs, char *data, size_t len,
			  const unsigned char *sha256, const ob_options *opts,
			  ob_notice **out, ob_error *err);
/* The notice in data (given up, as above) extracted and written as its
 * XML document into *xml (malloc'd, *xl bytes): what diff and export read
 * of an input that is no oblix document.  source names it. */
int ob__notice_xml_take(const ob_ruleset *rs, char *data, size_t len,
			const char *source, char **xml, size_t *xl, ob_error *err);

/* The rule families, compiled once (see rules.c). */
enum ob__rule_id {
	OB_RULE_SECTION,
	OB_RULE_ITEM_CN,
	OB_RULE_ITEM_NUM,
	OB_RULE_ITEM_PNUM,
	OB_RULE_LABELLED,
	OB_RULE_PROCEDURAL,
	OB_RULE_PROCEDURE_CORE,
	OB_RULE_DOCNUMBER,
	OB_RULE_DATE_LINE,
	OB_RULE_ROLE,
	OB_RULE_FIRST_LEAD,
	OB_RULE_TIME,
	OB_RULE_TARGET,
	OB_RULE_DOCUMENT,
	OB_RULE_ALIAS,
	OB_RULE_ACRONYM,
	OB_RULE_ACRONYM_FIRST,
	OB_RULE_ACTOR,      /* built from the gazetteer: a sentence's actors */
	OB_RULE_ACTOR_SCAN, /* the same, for searches from after the start */
	OB_RULE_ACTOR_NAME, /* one actor name */
	OB_RULE_MODAL,
	OB_RULE_DUTY,
	OB_RULE_COUNT
};

typedef struct ob__gazetteer ob__gazetteer;

/* A rule's trigger characters (see ob__find): UTF-8, up to 16 of them. */
typedef struct ob__prefilter {
	unsigned n;          /* 0: the rule has none */
	unsigned lead;       /* characters at most before the first trigger */
	uint32_t last[256]; /* the triggers (bit k for chars[k]) that end
			     * with this byte */
	uint32_t prev[256]; /* ... whose byte before the last may be this one */
	char chars[32][4];
	unsigned char len[32];
} ob__prefilter;

struct ob_ruleset {
	pcre2_code *code[OB_RULE_COUNT];
	pcre2_code *at[OB_RULE_COUNT]; /* anchored copies (rules.c) */
	ob__prefilter pre[OB_RULE_COUNT];
	pcre2_match_context *mctx;
	ob__gazetteer *gz;
	void *taiwan;      /* OpenCC's converters; NULL without their data */
};

/* Per-call matching state: a thread's own, like its match context, whose
 * offset limit ob__find sets. */
typedef struct ob__matcher {
	const ob_ruleset *rs;
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	int err;
	/* the name table entries of group names asked for (ob__group_named),
	 * by rule and name: the callers name groups with string literals */
	struct ob__group_memo {
		const char *name;
		int id, size;
		PCRE2_SPTR first, last;
	} groups[64];
} ob__matcher;

int ob__matcher_init(ob__matcher *m, const ob_ruleset *rs);
void ob__matcher_fini(ob__matcher *m);
/* Match rule id in s[0..len) from offset.  Returns 1 on a match (offsets
 * in m->md), 0 when none, a negative OB_ERR_* on a limit or error. */
int ob__match(ob__matcher *m, int id, const char *s, size_t len,
	      size_t offset, uint32_t options);
/* The next match of rule id in buf[0..len) at or after off, searched
 * window by window, or before each trigger character for a rule that has
 * them (see rules.c).  Same returns as ob__match. */
int ob__find(ob__matcher *m, int id, const char *buf, size_t len, size_t off);
/* The same without the trigger characters: the tests compare the two. */
int ob__find_plain(ob__matcher *m, int id, const char *buf, size_t len,
		   size_t off);
/* Group g of the last match: its span (start == end == -1 when unset). */
bool ob__group(const ob__matcher *m, int g, size_t *start, size_t *end);
bool ob__group_named(ob__matcher *m, int id, const char *name,
		     size_t *start, size_t *end);

/* The stages. */
int ob__structure_find(ob_notice *n, ob__matcher *m);
/* Preamble, closing and agency brackets, once the metadata block (which
 * ends at head_end) is known. */
int ob__structure_finish(ob_notice *n, ob__matcher *m, size_t head_end);
/* The rows of a task table whose cells a scraper ran together: their
 * agencies as cells, their titles their tasks (extract/runrow.c). */
int ob__runin_rows(ob_notice *n);
/* Is a section's heading a sentence of its own work (一、各责任单位要…，
 * 并于…前报送): its obligations then start with it, before its text. */
bool ob__section_heading_acts(const ob_notice *n, const ob__section *s);
/* Metadata; returns where the metadata block ends in *head_end. */
int ob__meta_find(ob_notice *n, ob__matcher *m, size_t *head_end);
/* Issuer and date from the signature, the reference year. */
void ob__meta_finish(ob_notice *n, ob__matcher *m, size_t head_end);
/* A signature line: the issuer or a date alone, "（此件公开发布）". */
bool ob__is_signature(const ob__text *t, ob__matcher *m, ob__span p);
/* Is the offset inside a task table's row (its cells one a line: a lead's
 * name over a date looks like a signature)? */
bool ob__in_table_row(const ob_notice *n, size_t at);
/* Where the text of paragraph p starts after its list marker (一、 （一）
 * 1. （1）) and the spaces after it; p.start when it has none. */
size_t ob__marker_end(const ob__text *t, ob__matcher *m, ob__span p);
/* Where the run of signature lines that ends the text before end starts,
 * none of them starting before floor; end when there is none. */
size_t ob__signature_start(const ob__text *t, ob__matcher *m, size_t floor,
			   size_t end);
int ob__agencies_find(ob_notice *n, ob__matcher *m);
/* Running-text actors of items without a clause, of section text and of
 * the closing; canonical references of every agency. */
int ob__actors_find(ob_notice *n, ob__matcher *m);
/* The actors and the modality of one obligation; obligations of one owner
 * come in text order, *cur (from owner.first) walks its agencies once.
 * several: the owner has several clauses (ob__several_clauses). */
int ob__obligation_actors(ob_notice *n, ob__matcher *m, ob__obligation *o,
			  ob__range owner, size_t *cur, bool several);
bool ob__several_clauses(const ob_notice *n, ob__range owner);
int ob__times_find(ob_notice *n, ob__matcher *m);
void ob__times_resolve(ob_notice *n);
int ob__targets_find(ob_notice *n, ob__matcher *m);
int ob__documents_find(ob_notice *n, ob__matcher *m);
int ob__aliases_find(ob_notice *n, ob__matcher *m);

/* Days in a month of the proleptic Gregorian calendar. */
int ob__days_in_month(int year, int month);

/* Taiwan phrases (資料, 網際網路) in the agency names and document titles
 * of a traditional edition, by OpenCC (taiwan.c). */
void *ob__taiwan_open(void);
void ob__taiwan_close(void *tw);
int ob__taiwan_phrases(ob_notice *n, const void *tw);

/* Every agency's spelling in the input, kept in its surface: then the
 * input may go (writer.c, which spells surfaces). */
int ob__agency_surfaces(ob_notice *n);

/* The names the writers give the enums above. */
extern const char *const ob__role_names[];  /* lead cooperate responsible */
extern const char *const ob__kind_names[];  /* by from until within every on */
extern const char *const ob__cmp_names[];   /* ge gt le lt eq approx */
extern const char *const ob__basis_names[]; /* "" title issued docNumber published */

#endif
