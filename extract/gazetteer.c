/* SPDX-License-Identifier: MIT */
/*
 * The gazetteer: which government body a name stands for.
 *
 * The data (data/gazetteer.tsv, compiled in; a user's additions read with
 * ob_ruleset_load_gazetteer) lists national bodies with their short forms
 * and variants, the stems of local bodies (省/市/县 + 发展改革委), fields
 * of government for functional types (教育行政部门) and collectives (各地
 * 区各部门).  From it come the canonical reference of an agency name
 * (ob__gazetteer_ref) and the names the running-text rule recognises.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "gazetteer.h"

#include "gazetteer_tsv.h"

const char *const ob__level_names[] = { "", "national", "provincial", "city", "county" };

static const char *const provinces[] = { "北京", "天津", "上海", "重庆", "河北",
	"山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建", "江西",
	"山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南",
	"陕西", "甘肃", "青海", "内蒙古", "广西", "西藏", "宁夏", "新疆", NULL };

/* Names are compared as the cleaner writes text: full-width brackets as
 * ASCII ones. */
static char *
fold(const char *s, size_t n)
{
	char *d = malloc(n + 1);
	size_t o = 0;
	if (!d)
		return NULL;
	for (size_t i = 0; i < n;) {
		if (n - i >= 3 && !memcmp(s + i, "（", 3)) {
			d[o++] = '(';
			i += 3;
		} else if (n - i >= 3 && !memcmp(s + i, "）", 3)) {
			d[o++] = ')';
			i += 3;
		} else {
			d[o++] = s[i++];
		}
	}
	d[o] = '\0';
	return d;
}

static int
name_cmp(const void *a, const void *b)
{
	const ob__gz_name *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : x->kind - y->kind;
}

static const ob__gz_name *
find(const ob__gazetteer *g, const char *name, size_t n, int kind)
{
	size_t lo = 0, hi = g->names.n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const ob__gz_name *e = &g->names.v[mid];
		int c = strncmp(e->name, name, n);
		if (!c)
			c = e->name[n] ? 1 : e->kind - kind;
		if (c < 0)
			lo = mid + 1;
		else if (c > 0)
			hi = mid;
		else
			return e;
	}
	return NULL;
}

static int
add_name(ob__gazetteer *g, const char *s, size_t n, int kind, size_t body)
{
	ob__gz_name *e = OB_PUSH(g->names);
	if (!e)
		return OB_ERR_NOMEM;
	e->kind = kind;
	e->body = body;
	return (e->name = fold(s, n)) ? 0 : OB_ERR_NOMEM;
}

/* Each "|"-separated name of field f. */
static int
add_names(ob__gazetteer *g, const char *f, size_t n, int kind, size_t body)
{
	size_t s = 0;
	int r;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && f[i] != '|')
			continue;
		if (i > s && (r = add_name(g, f + s, i - s, kind, body)))
			return r;
		s = i + 1;
	}
	return 0;
}

static int
add_body(ob__gazetteer *g, const char *canon, size_t cn, int level, size_t *idx)
{
	/* a body listed again (a file written by oblix agencies, loaded on
	 * top of the built-in list) is the same body: its names join */
	for (size_t k = 0; k < g->bodies.n; k++) {
		const ob__gz_body *x = &g->bodies.v[k];
		if (x->level == level && strlen(x->canonical) == cn &&
		    !memcmp(x->canonical, canon, cn)) {
			*idx = k;
			return 0;
		}
	}
	ob__gz_body *b = OB_PUSH(g->bodies);
	if (!b)
		return OB_ERR_NOMEM;
	b->level = level;
	*idx = g->bodies.n - 1;
	return (b->canonical = fold(canon, cn)) ? 0 : OB_ERR_NOMEM;
}

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static int data_error(ob_error *err, const char *source, unsigned line,
		      const char *fmt, ...);

/* OB-040 at line of source (0: the file as a whole). */
static int
data_error(ob_error *err, const char *source, unsigned line, const char *fmt, ...)
{
	char msg[300];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	ob__error_set(err, OB_ERR_DATA, 40, 0, "%s", msg);
	if (err) {
		err->file = source;
		err->line = line;
	}
	return OB_ERR_DATA;
}

int
ob__gazetteer_load(ob__gazetteer *g, const char *data, size_t len,
		   const char *source, ob_error *err)
{
	unsigned line = 0;
	int r = 0;
	size_t start = 0, first_body = g->bodies.n;

	/* a UTF-8 byte order mark, as editors on Windows save one */
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
		start = 3;
	for (size_t p = start; p < len && !r;) {
		const char *nl = memchr(data + p, '\n', len - p);
		size_t e = nl ? (size_t)(nl - data) : len;
		const char *f[6] = { 0 };
		size_t fl[6] = { 0 }, nf = 0, s = p;

		line++;
		if (e > p && data[e - 1] == '\r')
			e--;
		for (size_t i = p; i <= e && nf < 6; i++)
			if (i == e || data[i] == '\t') {
				f[nf] = data + s;
				fl[nf++] = i - s;
				s = i + 1;
			}
		p = nl ? (size_t)(nl - data) + 1 : len;
		if (e == p - 1 && e == s - 1 && fl[0] == 0 && nf == 1)
			continue; /* blank */
		if (nf == 1 && fl[0] == 0)
			continue;
		if (f[0][0] == '#')
			continue;
#define IS(k, s) (fl[k] == strlen(s) && !memcmp(f[k], s, fl[k]))
		size_t b;
		if (IS(0, "body") && (nf == 4 || nf == 5)) {
			int level = IS(1, "national") ? OB_LEVEL_NATIONAL
			    : IS(1, "provincial") ? OB_LEVEL_PROVINCIAL
			    : IS(1, "city") ? OB_LEVEL_CITY
			    : IS(1, "county") ? OB_LEVEL_COUNTY : 0;
			if (!level)
				return data_error(err, source, line,
				    "unknown level '%.*s' (national, provincial, city, "
				    "county)", (int)fl[1], f[1]);
			if (!fl[2] || !fl[3])
				return data_error(err, source, line,
				    "a body needs its canonical name and names");
			if ((r = add_body(g, f[2], fl[2], level, &b)) ||
			    (r = add_name(g, f[2], fl[2], OB_GZ_BODY, b)) ||
			    (r = add_names(g, f[3], fl[3], OB_GZ_BODY, b)))
				break;
			if (nf == 5) {
				if (fl[4] < 7 || memcmp(f[4], "became=", 7))
					return data_error(err, source, line,
					    "the fifth field must be became=NAME");
				free(g->bodies.v[b].became);
				if (!(g->bodies.v[b].became = fold(f[4] + 7, fl[4] - 7)))
					r = OB_ERR_NOMEM;
				g->bodies.v[b].line = line;
			}
		} else if (IS(0, "stem") && nf == 3 && fl[1] && fl[2]) {
			if ((r = add_body(g, f[1], fl[1], 0, &b)) ||
			    (r = add_names(g, f[2], fl[2], OB_GZ_STEM, b)))
				break;
		} else if (IS(0, "domain") && nf == 2 && fl[1]) {
			r = add_names(g, f[1], fl[1], OB_GZ_DOMAIN, (size_t)-1);
		} else if (IS(0, "collective") && nf == 2 && fl[1]) {
			r = add_names(g, f[1], fl[1], OB_GZ_COLLECTIVE, (size_t)-1);
		} else {
			return data_error(err, source, line,
			    "expected body, stem, domain or collective with their "
			    "fields");
		}
#undef IS
	}
	if (r)
		return ob__error_set(err, r, 0, 0, "out of memory");
	/* became= names a body the gazetteer knows */
	for (size_t k = first_body; k < g->bodies.n; k++) {
		const char *to = g->bodies.v[k].became;
		bool known = !to;
		for (size_t j = 0; j < g->bodies.n && !known; j++)
			known = g->bodies.v[j].level && !strcmp(g->bodies.v[j].canonical, to);
		if (!known)
			return data_error(err, source, g->bodies.v[k].line,
			    "became=%s names no body of the gazetteer", to);
	}
	/* one name, one body: a name listed for two bodies of one kind is an
	 * error in the data, never a choice made at run time */
	if (g->names.n > 1)
		qsort(g->names.v, g->names.n, sizeof *g->names.v, name_cmp);
	size_t o = 0;
	for (size_t k = 0; k < g->names.n; k++) {
		ob__gz_name *e = &g->names.v[k];
		if (o && !strcmp(g->names.v[o - 1].name, e->name) &&
		    g->names.v[o - 1].kind == e->kind) {
			ob__gz_name *prev = &g->names.v[o - 1];
			bool same = prev->body == e->body || (prev->body != (size_t)-1 &&
			    e->body != (size_t)-1 && !strcmp(g->bodies.v[prev->body].canonical,
			    g->bodies.v[e->body].canonical));
			if (!same) {
				data_error(err, source, 0, "'%s' names two bodies: %s and %s",
				    e->name, g->bodies.v[prev->body].canonical,
				    g->bodies.v[e->body].canonical);
				/* the names after o were moved down or freed:
				 * keep what is whole for the caller to free */
				for (size_t j = k; j < g->names.n; j++)
					g->names.v[o++] = g->names.v[j];
				g->names.n = o;
				return OB_ERR_DATA;
			}
			free(e->name);
			continue;
		}
		g->names.v[o++] = *e;
	}
	g->names.n = o;
	return 0;
}

int
ob__gazetteer_init(ob__gazetteer *g, ob_error *err)
{
	memset(g, 0, sizeof *g);
	return ob__gazetteer_load(g, ob__gazetteer_tsv, sizeof ob__gazetteer_tsv - 1,
	    "gazetteer.tsv", err);
}

void
ob__gazetteer_fini(ob__gazetteer *g)
{
	for (size_t k = 0; k < g->names.n; k++)
		free(g->names.v[k].name);
	for (size_t k = 0; k < g->bodies.n; k++) {
		free(g->bodies.v[k].canonical);
		free(g->bodies.v[k].became);
	}
	free(g->names.v);
	free(g->bodies.v);
	memset(g, 0, sizeof *g);
}

static bool
starts(const char *s, size_t n, const char *p)
{
	size_t l = strlen(p);
	return n >= l && !memcmp(s, p, l);
}

/* The place and level a local name starts with: 广东省, 广州市, 省, 市 …
 * Returns the prefix length (0 when none) and the level. */
static size_t
place_prefix(const char *s, size_t n, int *level)
{
	for (int k = 0; provinces[k]; k++) {
		size_t l = strlen(provinces[k]);
		if (!starts(s, n, provinces[k]))
			continue;
		*level = OB_LEVEL_PROVINCIAL;
		if (starts(s + l, n - l, "省") || starts(s + l, n - l, "市"))
			return l + 3;
		if (starts(s + l, n - l, "自治区"))
			return l + 9;
		/* 广西壮族自治区, 新疆维吾尔自治区 */
		const char *z = NULL;
		for (size_t i = l; i + 9 <= n && i <= l + 12; i += 3)
			if (!memcmp(s + i, "自治区", 9)) {
				z = s + i;
				break;
			}
		if (z)
			return (size_t)(z - s) + 9;
		return 0;
	}
	if (starts(s, n, "自治区")) {
		*level = OB_LEVEL_PROVINCIAL;
		return 9;
	}
	static const struct { const char *w; int level; } marks[] = {
		{ "省", OB_LEVEL_PROVINCIAL }, { "市", OB_LEVEL_CITY },
		{ "州", OB_LEVEL_CITY }, { "县", OB_LEVEL_COUNTY },
		{ "区", OB_LEVEL_COUNTY },
	};
	/* a bare level (省财政厅), or two to four characters of a place name
	 * before one (广州市, 黔东南州, 番禺区) */
	for (size_t i = 0; i <= 12 && i + 3 <= n; i += 3) {
		if (i == 3)
			continue; /* a one-character place name is no place */
		for (size_t k = 0; k < sizeof marks / sizeof *marks; k++)
			if (!memcmp(s + i, marks[k].w, 3)) {
				*level = marks[k].level;
				return i + 3;
			}
	}
	return 0;
}

size_t
ob__gazetteer_place(const char *name, size_t n, int *level)
{
	*level = 0;
	return place_prefix(name, n, level);
}

bool
ob__gazetteer_ref(const ob__gazetteer *g, const char *name, char **ref, int *level)
{
	size_t n = strlen(name);
	const ob__gz_name *e = find(g, name, n, OB_GZ_BODY);

	*ref = NULL;
	*level = 0;
	if (e) {
		const ob__gz_body *b = &g->bodies.v[e->body];
		*level = b->level;
		return (*ref = strdup(b->canonical)) != NULL;
	}
	int lv = 0;
	size_t pl = place_prefix(name, n, &lv);
	/* 市场监管局 is no 市 + 场监管局: the stem must be known */
	if (pl && (e = find(g, name + pl, n - pl, OB_GZ_STEM))) {
		/* the place as written, the stem in full: 省政府 → 省人民政府 */
		const char *stem = g->bodies.v[e->body].canonical;
		char *r = malloc(pl + strlen(stem) + 1);
		if (!r)
			return false;
		memcpy(r, name, pl);
		strcpy(r + pl, stem);
		*ref = r;
		*level = lv;
	}
	return true;
}

static int
by_bytes(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void
put_escaped(FILE *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (strchr("\\^$.|?*+()[]{}", s[i]))
			fputc('\\', out);
		fputc(s[i], out);
	}
}

/* The names v[lo, hi), which share their first d bytes, as a trie: one
 * branch per next character, a name that ends here making the rest
 * optional (greedy: the longer name first, 国家发展改革委 before 发展改革委
 * has no say, but 教育部门 before 教育部).  A trie tries one branch per
 * character where a flat alternation would try every name. */
static void
trie(FILE *out, const char *const *v, size_t lo, size_t hi, size_t d)
{
	bool ends = false;
	size_t groups = 0;

	while (lo < hi && strlen(v[lo]) == d) {
		ends = true;
		lo++;
	}
	for (size_t i = lo; i < hi; groups++) {
		size_t l = ob__utf8_len((unsigned char)v[i][d]);
		size_t j = i + 1;
		while (j < hi && !strncmp(v[j] + d, v[i] + d, l))
			j++;
		i = j;
	}
	if (!groups)
		return;
	bool wrap = ends || groups > 1;
	if (wrap)
		fputs("(?:", out);
	bool first = true;
	for (size_t i = lo; i < hi;) {
		size_t l = ob__utf8_len((unsigned char)v[i][d]);
		if (!l)
			l = 1;
		size_t j = i + 1;
		while (j < hi && !strncmp(v[j] + d, v[i] + d, l))
			j++;
		if (!first)
			fputc('|', out);
		first = false;
		put_escaped(out, v[i] + d, l);
		trie(out, v, i, j, d + l);
		i = j;
	}
	if (wrap)
		fputs(ends ? ")?" : ")", out);
}

/* A pattern of the names of one kind. */
static int
alternation(const ob__gazetteer *g, int kind, FILE *out)
{
	size_t c = 0;
	const char **v = malloc((g->names.n + 1) * sizeof *v);
	if (!v)
		return OB_ERR_NOMEM;
	for (size_t k = 0; k < g->names.n; k++)
		if (g->names.v[k].kind == kind)
			v[c++] = g->names.v[k].name;
	qsort(v, c, sizeof *v, by_bytes);
	fputs("(?:", out);
	if (c)
		trie(out, v, 0, c, 0);
	else
		fputs("(*FAIL)", out);
	fputc(')', out);
	free(v);
	return 0;
}

char *
ob__gazetteer_actor_names(const ob__gazetteer *g)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	if (!out)
		return NULL;
	int r = 0;

	/* collectives */
	fputs("(?<coll>", out);
	r |= alternation(g, OB_GZ_COLLECTIVE, out);
	/* not 各区 of 各区疾控局: each local body of a kind (below) */
	fputs("(?!", out);
	r |= alternation(g, OB_GZ_STEM, out);
	fputs(")", out);
	/* functional types: 教育行政部门, 国务院人力资源社会保障行政部门,
	 * 教育、财政部门, 公安机关 */
	fputs(")|(?<func>(?:国务院|各级|地方各级|县级以上(?:地方)?(?:各级)?(?:人民政府)?|"
	    "各有关省\\(市\\)|各省\\(区、市\\)|各地|各|有关|相关|当地|本级|同级|省级|"
	    /* 市国土部门, 区住建部门: a level's own */
	    "市级|县级|省|市|区|县|州)?", out);
	r |= alternation(g, OB_GZ_DOMAIN, out);
	fputs("(?:、", out);
	r |= alternation(g, OB_GZ_DOMAIN, out);
	/* the last field after 和: 国土、国有资产监督和金融监管等部门 */
	fputs(")*(?:(?<and>和)", out);
	r |= alternation(g, OB_GZ_DOMAIN, out);
	fputs(")?(?:等)?(?:行政)?(?:主管)?(?:部门|机关|机构))|(?<body>", out);
	r |= alternation(g, OB_GZ_BODY, out);
	/* local bodies: 省发展改革委, 广州市教育局 */
	fputs(")|(?<local>(?:(?:北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|"
	    "浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|云南|陕西|"
	    "甘肃|青海|内蒙古|广西|西藏|宁夏|新疆)"
	    "(?:省|市|自治区|壮族自治区|回族自治区|维吾尔自治区)?|"
	    /* a place name never starts with a function word: 请商北京市政府 */
	    "(?![商与向由报经请会同和及对在将为把从])" OB_HAN_CLASS "{2,4}?"
	    /* nor ends with a verb: 委托市公积金中心, 公开市房产局, 具体由市
	     * 公安局, 可以到市房产局 */
	    "(?<![托开持到由向报经给送交请往赴让使派找])(?:市|州|县|区)|"
	    /* each local body of its kind: 各区疾控局, 各县(市、区)教育局 */
	    "各(?:区县|县区|市县|县\\(市、区\\)|区|县|市)|"
	    /* 各区疾控局、教委: the list's place is the later names' (actor.c) */
	    "(?<=、)|"
	    "自治区|省|市|州|县|区)", out);
	r |= alternation(g, OB_GZ_STEM, out);
	/* branches of the bodies the State Council holds, named after their
	 * place: 人民银行宿州市中心支行, 人行重庆营管部, 湖州银保监分局,
	 * 国家金融监督管理总局宿州监管分局, 国家税务总局沈阳市税务局 */
	fputs(")|(?<branch>(?:(?:中国)?人民银行|人行)"
	    "(?![与和及对在将为把从])" OB_HAN_CLASS "{2,8}?"
	    "(?:中心支行|分行营业管理部|营业管理部|营管部|分行|支行)|"
	    "(?:国家金融监督管理总局|国家税务总局)" OB_HAN_CLASS "{2,8}?"
	    "(?:监管分局|监管局|税务局)|"
	    "(?![商与向由报经请会同和及对在将为把从督促要求])" OB_HAN_CLASS "{2,4}?"
	    "(?:银保监分局|银保监局|证监局))", out);
	if (fclose(out) || r) {
		free(buf);
		return NULL;
	}
	return buf;
}

int
ob__gazetteer_write(const ob__gazetteer *g, FILE *out)
{
	/* in the data's own format: the output loads again */
	for (size_t b = 0; b < g->bodies.n; b++) {
		const ob__gz_body *x = &g->bodies.v[b];
		if (x->level)
			fprintf(out, "body\t%s\t%s\t", ob__level_names[x->level], x->canonical);
		else
			fprintf(out, "stem\t%s\t", x->canonical);
		bool first = true;
		for (size_t k = 0; k < g->names.n; k++)
			if (g->names.v[k].body == b && g->names.v[k].kind <= OB_GZ_STEM) {
				fprintf(out, "%s%s", first ? "" : "|", g->names.v[k].name);
				first = false;
			}
		if (x->became)
			fprintf(out, "\tbecame=%s", x->became);
		fputc('\n', out);
	}
	static const char *const kinds[] = { [OB_GZ_DOMAIN] = "domain",
		[OB_GZ_COLLECTIVE] = "collective" };
	for (int kind = OB_GZ_DOMAIN; kind <= OB_GZ_COLLECTIVE; kind++) {
		fprintf(out, "%s\t", kinds[kind]);
		bool first = true;
		for (size_t k = 0; k < g->names.n; k++)
			if (g->names.v[k].kind == kind) {
				fprintf(out, "%s%s", first ? "" : "|", g->names.v[k].name);
				first = false;
			}
		fputc('\n', out);
	}
	return ferror(out) ? OB_ERR_IO : 0;
}

const char *
ob__gazetteer_became(const ob__gazetteer *g, const char *ref)
{
	const ob__gz_name *e = find(g, ref, strlen(ref), OB_GZ_BODY);
	return e ? g->bodies.v[e->body].became : NULL;
}

