/* SPDX-License-Identifier: MIT */
/*
 * The rule set: every pattern, compiled once with JIT, matched with limits.
 *
 * The patterns themselves live beside the code that reads their matches
 * (structure.c, meta.c, agency.c, timex.c, target.c, inline.c); this file
 * lists them and compiles them.
 */
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "gazetteer.h"
#include "model.h"

/* Under valgrind the rules run interpreted: memcheck cannot follow
 * JIT-compiled code and reports its reads as uninitialised. */
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define UNDER_VALGRIND() RUNNING_ON_VALGRIND
#endif
#endif
#ifndef UNDER_VALGRIND
#define UNDER_VALGRIND() 0
#endif

extern const char ob__rule_section[], ob__rule_item_cn[], ob__rule_item_num[],
    ob__rule_item_pnum[], ob__rule_labelled[], ob__rule_procedural[],
    ob__rule_procedure_core[], ob__rule_docnumber[],
    ob__rule_date_line[], ob__rule_role[], ob__rule_first_lead[],
    ob__rule_time[], ob__rule_target[], ob__rule_document[], ob__rule_alias[],
    ob__rule_acronym[], ob__rule_acronym_first[], ob__rule_modal[],
    ob__rule_duty[];
extern const char ob__rule_time_triggers[], ob__rule_target_triggers[],
    ob__rule_modal_triggers[];
extern const unsigned ob__rule_time_lead, ob__rule_target_lead, ob__rule_modal_lead;


/*
 * How a rule is matched: searched for (0), only at a given offset
 * (PCRE2_ANCHORED in its options), or both (BOTH: a second, anchored
 * copy is compiled).  PCRE2's JIT runs only patterns compiled anchored:
 * PCRE2_ANCHORED given at match time would fall back to the interpreter
 * (pcre2jit(3)), several times slower; ob__match takes care of it.
 */
#define BOTH 1u

/* A rule without triggers, matched one way. */
#define RULE(n, p, o) { .name = n, .pattern = p, .options = o }

static const struct {
	const char *name;
	const char *pattern;
	uint32_t options;
	const char *triggers; /* see ob__find */
	const unsigned *lead;
	unsigned how;
} rules[OB_RULE_COUNT] = {
	[OB_RULE_SECTION] = RULE("section", ob__rule_section, PCRE2_ANCHORED),
	[OB_RULE_ITEM_CN] = RULE("item-cn", ob__rule_item_cn, PCRE2_ANCHORED),
	[OB_RULE_ITEM_NUM] = RULE("item-num", ob__rule_item_num, PCRE2_ANCHORED),
	[OB_RULE_ITEM_PNUM] = RULE("item-pnum", ob__rule_item_pnum, PCRE2_ANCHORED),
	[OB_RULE_LABELLED] = RULE("labelled", ob__rule_labelled, PCRE2_ANCHORED),
	[OB_RULE_PROCEDURAL] = RULE("procedural", ob__rule_procedural, PCRE2_ANCHORED),
	[OB_RULE_PROCEDURE_CORE] = RULE("procedure-core", ob__rule_procedure_core, PCRE2_ANCHORED),
	[OB_RULE_DOCNUMBER] = RULE("docnumber", ob__rule_docnumber, 0),
	[OB_RULE_DATE_LINE] = RULE("date-line", ob__rule_date_line, PCRE2_ANCHORED),
	[OB_RULE_ROLE] = RULE("role", ob__rule_role, 0),
	[OB_RULE_FIRST_LEAD] = RULE("first-lead", ob__rule_first_lead, 0),
	[OB_RULE_TIME] = { .name = "time", .pattern = ob__rule_time,
		.options = PCRE2_DUPNAMES, .triggers = ob__rule_time_triggers,
		.lead = &ob__rule_time_lead, .how = BOTH },
	[OB_RULE_TARGET] = { .name = "target", .pattern = ob__rule_target,
		.triggers = ob__rule_target_triggers, .lead = &ob__rule_target_lead,
		.how = BOTH },
	[OB_RULE_DOCUMENT] = RULE("document", ob__rule_document, 0),
	[OB_RULE_ALIAS] = RULE("alias", ob__rule_alias, 0),
	[OB_RULE_ACRONYM] = RULE("acronym", ob__rule_acronym, 0),
	[OB_RULE_ACRONYM_FIRST] = RULE("acronym-first", ob__rule_acronym_first, 0),
	/* built from the gazetteer (actor.c) */
	[OB_RULE_ACTOR] = RULE("actor", NULL, PCRE2_DUPNAMES | PCRE2_ANCHORED),
	[OB_RULE_ACTOR_SCAN] = RULE("actor-scan", NULL, PCRE2_DUPNAMES),
	[OB_RULE_ACTOR_NAME] = RULE("actor-name", NULL, PCRE2_ANCHORED),
	[OB_RULE_MODAL] = { .name = "modal", .pattern = ob__rule_modal,
		.triggers = ob__rule_modal_triggers, .lead = &ob__rule_modal_lead },
	[OB_RULE_DUTY] = RULE("duty", ob__rule_duty, PCRE2_ANCHORED),
};

/* Generous for the genre's short matches, small enough that no pattern
 * can spin: the rules match phrases, never whole documents. */
#define MATCH_LIMIT 100000
#define DEPTH_LIMIT 10000

/* The trigger characters of a rule, as a table of their last bytes and
 * the characters themselves. */
static int
prefilter_init(ob__prefilter *pf, const char *chars, unsigned lead)
{
	size_t len = strlen(chars);

	memset(pf, 0, sizeof *pf);
	for (size_t i = 0; i < len;) {
		size_t l = ob__utf8_len((unsigned char)chars[i]);
		if (pf->n == sizeof pf->chars / sizeof *pf->chars || i + l > len)
			return -1;
		memcpy(pf->chars[pf->n], chars + i, l);
		uint32_t bit = (uint32_t)1 << pf->n;
		pf->last[(unsigned char)chars[i + l - 1]] |= bit;
		for (int b = 0; b < 256; b++)
			if (l == 1 || b == (unsigned char)chars[i + l - 2])
				pf->prev[b] |= bit;
		pf->len[pf->n++] = (unsigned char)l;
		i += l;
	}
	pf->lead = lead;
	return 0;
}

/* Compile rule k (the gazetteer's rules from g) into *out, with extra
 * options. */
static int
compile_rule(const ob__gazetteer *g, int k, uint32_t extra, pcre2_code **out,
	     ob_error *err)
{
	int code;
	PCRE2_SIZE at;
	char *built = NULL;
	const char *pattern = rules[k].pattern;

	if (!pattern) {
		built = ob__actor_pattern(g, k);
		if (!built)
			return ob__error_set(err, OB_ERR_NOMEM, 0, 0, "out of memory");
		pattern = built;
	}
	uint32_t opts = rules[k].options | extra;
	if (rules[k].triggers)
		opts |= PCRE2_USE_OFFSET_LIMIT;
	*out = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_NO_UTF_CHECK | opts, &code, &at, NULL);
	free(built);
	if (!*out) {
		PCRE2_UCHAR msg[160];
		pcre2_get_error_message(code, msg, sizeof msg);
		return ob__error_set(err, OB_ERR_REGEX, 30, at,
		    "rule %s: %s at offset %zu", rules[k].name,
		    (const char *)msg, (size_t)at);
	}
	/* JIT is an optimisation: without it the interpreter runs */
	if (!UNDER_VALGRIND())
		(void)pcre2_jit_compile(*out, PCRE2_JIT_COMPLETE);
	return 0;
}

static int
compile(ob_ruleset *rs, int k, ob_error *err)
{
	pcre2_code *c;
	int r = compile_rule(rs->gz, k, 0, &c, err);
	if (r)
		return r;
	pcre2_code_free(rs->code[k]);
	rs->code[k] = c;
	if (rules[k].how & BOTH) {
		if ((r = compile_rule(rs->gz, k, PCRE2_ANCHORED, &c, err)))
			return r;
		pcre2_code_free(rs->at[k]);
		rs->at[k] = c;
	}
	return 0;
}

int
ob_ruleset_load_gazetteer(ob_ruleset *rs, const char *data, size_t len,
			  const char *source, ob_error *err)
{
	/* loaded into a copy, so that a bad file leaves the rules as they
	 * were */
	ob__gazetteer g;
	int r = ob__gazetteer_init(&g, err);
	if (!r)
		r = ob__gazetteer_load(&g, data, len, source, err);
	if (r) {
		ob__gazetteer_fini(&g);
		return r;
	}
	/* the rules built before anything is swapped in: a gazetteer whose
	 * rules cannot be compiled (too many names) changes nothing */
	static const int built[] = { OB_RULE_ACTOR, OB_RULE_ACTOR_SCAN,
		OB_RULE_ACTOR_NAME };
	pcre2_code *code[3] = { NULL };
	for (int k = 0; k < 3; k++)
		if ((r = compile_rule(&g, built[k], 0, &code[k], err))) {
			for (int j = 0; j < k; j++)
				pcre2_code_free(code[j]);
			ob__gazetteer_fini(&g);
			return r;
		}
	ob__gazetteer_fini(rs->gz);
	*rs->gz = g;
	for (int k = 0; k < 3; k++) {
		pcre2_code_free(rs->code[built[k]]);
		rs->code[built[k]] = code[k];
	}
	return 0;
}

int
ob_ruleset_write_gazetteer(const ob_ruleset *rs, FILE *out)
{
	return ob__gazetteer_write(rs->gz, out);
}

int
ob_ruleset_new(ob_ruleset **out, ob_error *err)
{
	ob_ruleset *rs = calloc(1, sizeof *rs);

	*out = NULL;
	if (!rs)
		return ob__error_set(err, OB_ERR_NOMEM, 0, 0, "out of memory");
	rs->mctx = pcre2_match_context_create(NULL);
	if (!rs->mctx) {
		free(rs);
		return ob__error_set(err, OB_ERR_NOMEM, 0, 0, "out of memory");
	}
	pcre2_set_match_limit(rs->mctx, MATCH_LIMIT);
	pcre2_set_depth_limit(rs->mctx, DEPTH_LIMIT);
	int r;
	if (!(rs->gz = calloc(1, sizeof *rs->gz))) {
		ob_ruleset_free(rs);
		return ob__error_set(err, OB_ERR_NOMEM, 0, 0, "out of memory");
	}
	if ((r = ob__gazetteer_init(rs->gz, err))) {
		ob_ruleset_free(rs);
		return r;
	}
	for (int k = 0; k < OB_RULE_COUNT; k++) {
		if (rules[k].triggers && prefilter_init(&rs->pre[k], rules[k].triggers,
		    *rules[k].lead)) {
			ob_ruleset_free(rs);
			return ob__error_set(err, OB_ERR_REGEX, 30, 0,
			    "rule %s: more than 32 trigger characters", rules[k].name);
		}
		if ((r = compile(rs, k, err))) {
			ob_ruleset_free(rs);
			return r;
		}
	}
	rs->taiwan = ob__taiwan_open();
	*out = rs;
	return 0;
}

void
ob_ruleset_free(ob_ruleset *rs)
{
	if (!rs)
		return;
	for (int k = 0; k < OB_RULE_COUNT; k++) {
		pcre2_code_free(rs->code[k]);
		pcre2_code_free(rs->at[k]);
	}
	if (rs->gz)
		ob__gazetteer_fini(rs->gz);
	ob__taiwan_close(rs->taiwan);
	free(rs->gz);
	pcre2_match_context_free(rs->mctx);
	free(rs);
}

int
ob__matcher_init(ob__matcher *m, const ob_ruleset *rs)
{
	memset(m, 0, sizeof *m);
	m->rs = rs;
	uint32_t groups = 0;
	for (int k = 0; k < OB_RULE_COUNT; k++) {
		uint32_t c = 0;
		pcre2_pattern_info(rs->code[k], PCRE2_INFO_CAPTURECOUNT, &c);
		if (c > groups)
			groups = c;
	}
	m->md = pcre2_match_data_create(groups + 1, NULL);
	m->mctx = pcre2_match_context_copy(rs->mctx);
	if (!m->md || !m->mctx) {
		ob__matcher_fini(m);
		return OB_ERR_NOMEM;
	}
	return 0;
}

void
ob__matcher_fini(ob__matcher *m)
{
	pcre2_match_data_free(m->md);
	pcre2_match_context_free(m->mctx);
	m->md = NULL;
	m->mctx = NULL;
}

int
ob__match(ob__matcher *m, int id, const char *s, size_t len, size_t offset,
	  uint32_t options)
{
	const pcre2_code *re = m->rs->code[id];
	if (options & PCRE2_ANCHORED) {
		/* the rule compiled anchored, so that the JIT runs it */
		if (m->rs->at[id])
			re = m->rs->at[id];
		if (re == m->rs->at[id] || (rules[id].options & PCRE2_ANCHORED))
			options &= ~(uint32_t)PCRE2_ANCHORED;
	}
	int rc = pcre2_match(re, (PCRE2_SPTR)s, len, offset,
	    options | PCRE2_NO_UTF_CHECK, m->md, m->mctx);

	if (rc > 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
	    rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT)
		return m->err = OB_ERR_MATCH_LIMIT;
	if (rc == PCRE2_ERROR_NOMEMORY)
		return m->err = OB_ERR_NOMEM;
	return 0;
}

bool
ob__group(const ob__matcher *m, int g, size_t *start, size_t *end)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
	uint32_t n = pcre2_get_ovector_count(m->md);

	if ((uint32_t)g >= n || ov[2 * g] == PCRE2_UNSET) {
		*start = *end = 0;
		return false;
	}
	*start = ov[2 * g];
	*end = ov[2 * g + 1];
	return true;
}

bool
ob__group_named(ob__matcher *m, int id, const char *name, size_t *start,
		size_t *end)
{
	/* the name table is searched once per rule and name (pointer: the
	 * names are literals; another pointer to the same name only costs a
	 * search) */
	struct ob__group_memo *memo = &m->groups[((uintptr_t)name >> 3 ^ (unsigned)id * 31u) %
	    (sizeof m->groups / sizeof *m->groups)];
	if (memo->name != name || memo->id != id) {
		memo->name = name;
		memo->id = id;
		memo->size = pcre2_substring_nametable_scan(m->rs->code[id],
		    (PCRE2_SPTR)name, &memo->first, &memo->last);
	}
	PCRE2_SPTR first = memo->first, last = memo->last;
	int size = memo->size;

	*start = *end = 0;
	if (size <= 0)
		return false;
	/* with duplicate names, the first group that is set */
	for (PCRE2_SPTR e = first; e <= last; e += size) {
		int g = (e[0] << 8) | e[1];
		if (ob__group(m, g, start, end))
			return true;
	}
	return false;
}

/* Whole-text scans search in windows, so that the match limit bounds the
 * work of one window rather than of the rest of the document.  A match
 * that ends too near a window's end (where the window's end could have
 * decided a lookahead) is searched again in a window that starts at it. */
#define WINDOW 8192
#define OVERLAP 512

static size_t
char_start(const char *s, size_t i)
{
	while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
		i--;
	return i;
}

int
ob__find_plain(ob__matcher *m, int id, const char *buf, size_t len, size_t off)
{
	while (off < len) {
		size_t wend = len - off > WINDOW ? char_start(buf, off + WINDOW) : len;
		int r = ob__match(m, id, buf, wend, off, 0);
		if (r < 0)
			return r;
		if (r == 1) {
			size_t ms, me;
			ob__group(m, 0, &ms, &me);
			if (wend == len || me + OVERLAP <= wend || ms == off)
				return 1;
			off = ms;
			continue;
		}
		if (wend == len)
			return 0;
		off = char_start(buf, wend - OVERLAP);
	}
	return 0;
}

/* The start of the first trigger character at or after off, else len. */
static size_t
next_trigger(const ob__prefilter *pf, const char *buf, size_t len, size_t off)
{
	const unsigned char *b = (const unsigned char *)buf;

	/* most bytes end no trigger, and most that do follow a byte that
	 * none of those has before its last: two lookups, no branch, rule
	 * out nearly every byte; the few others are compared by hand (a call
	 * to memcmp costs more) */
	for (size_t i = off; i < len; i++) {
		uint32_t bits = pf->last[b[i]] & pf->prev[i ? b[i - 1] : 0];
		if (__builtin_expect(!bits, 1))
			continue;
		do {
			unsigned k = (unsigned)__builtin_ctz(bits);
			size_t l = pf->len[k];
			bits &= bits - 1;
			if (i + 1 < off + l)
				continue;
			const unsigned char *c = (const unsigned char *)pf->chars[k];
			size_t j = 0;
			while (j < l && b[i + 1 - l + j] == c[j])
				j++;
			if (j == l)
				return i + 1 - l;
		} while (bits);
	}
	return len;
}

/*
 * A rule with trigger characters: every match holds one of them within its
 * first pf->lead characters.  So no match starts more than lead characters
 * before the first trigger at or after off, and the leftmost match, if it
 * starts before that trigger's next one, starts within lead characters
 * before that trigger: the pattern is tried only there (the offset limit
 * bars later starts), trigger after trigger.  Between two triggers the
 * text is never tried at all, and the offset limit bounds the work of one
 * call as the windows do for the other rules.  The subject is the whole
 * text, so lookarounds see what they would see in a plain search.  A rule
 * whose matches start with their trigger (lead 0, the duty words) is
 * searched once, from the first trigger on: most of the short spans it is
 * asked about hold none.
 */
static int
find_triggered(ob__matcher *m, int id, const char *buf, size_t len, size_t off)
{
	const ob__prefilter *pf = &m->rs->pre[id];
	size_t from = off; /* no match starts in [off, from) */
	int r = 0;

	/* every match starts with a trigger: one search from the first */
	if (pf->lead == 0) {
		size_t p = next_trigger(pf, buf, len, off);
		return p < len ? ob__find_plain(m, id, buf, len, p) : 0;
	}
	for (size_t p; (p = next_trigger(pf, buf, len, from)) < len;) {
		size_t s = p;
		for (unsigned k = 0; k < pf->lead && s > from; k++)
			s = char_start(buf, s - 1);
		pcre2_set_offset_limit(m->mctx, p);
		r = ob__match(m, id, buf, len, s, 0);
		if (r)
			break;
		from = p + ob__utf8_len((unsigned char)buf[p]);
	}
	pcre2_set_offset_limit(m->mctx, PCRE2_UNSET);
	return r;
}

int
ob__find(ob__matcher *m, int id, const char *buf, size_t len, size_t off)
{
	if (m->rs->pre[id].n)
		return find_triggered(m, id, buf, len, off);
	return ob__find_plain(m, id, buf, len, off);
}
