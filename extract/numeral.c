/* SPDX-License-Identifier: MIT */
/*
 * numeral.c — exact values of the numerals written in policy notices.
 *
 * Notices write amounts in arabic ("1.2亿", "1,000"), in Chinese
 * ("一亿二千万", "二〇二一", "一点五"), in both ("1亿2000万") and as
 * fractions ("三分之二", "百分之二十").  Values are kept as decimal digit
 * arrays and never pass through a double, so "0.1" stays 0.1 and a
 * 20-digit amount keeps every digit.
 *
 * The text is cut into tokens (digits, arabic runs, units, 点, 分之), and
 * the tokens are read by a small recursive grammar:
 *
 *	numeral  = [sign] (value | value "分之" value)
 *	value    = integer ["点" digit+ multiplier*] | digit digit+
 *	integer  = n4 ["亿" [n4 below 10^8]]
 *	n4       = section ["万" [section below 10^4]]
 *	section  = term+ with units falling strictly (千 > 百 > 十)
 */
#include "numeral.h"

#include <string.h>

#define MAXDIG 60	/* the header's promise: at most 60 digits */
#define CAP 160		/* room for any intermediate; a value is checked against MAXDIG */
#define TOKCAP 256	/* more tokens than any numeral within MAXDIG needs */

/*
 * A non-negative decimal: digits * 10^-scale.  Normalised: no leading
 * zero digits, no trailing zeros while scale > 0, and zero is n == 0,
 * scale == 0.  Every value built here also fits MAXDIG, which bounds the
 * arrays used by the division.
 */
typedef struct num {
	unsigned char d[CAP];	/* little-endian */
	int n;
	int scale;
} num;

static void num_zero(num *x)
{
	x->n = 0;
	x->scale = 0;
}

static void num_small(num *x, int v)
{
	num_zero(x);
	if (v > 0) {
		x->d[0] = (unsigned char)v;
		x->n = 1;
	}
}

static void num_trim(num *x)
{
	while (x->n > 0 && x->d[x->n - 1] == 0)
		x->n--;
	while (x->scale > 0 && x->n > 0 && x->d[0] == 0) {
		memmove(x->d, x->d + 1, (size_t)(x->n - 1));
		x->n--;
		x->scale--;
	}
	if (x->n == 0)
		x->scale = 0;
}

/* Digits of the canonical text: "0.05" counts 3, "120" counts 3. */
static bool num_fits(const num *x)
{
	int digits = x->n > x->scale + 1 ? x->n : x->scale + 1;

	return x->n == 0 || digits <= MAXDIG;
}

/* value < 10^k, for the bounds of the part after 万 and 亿 */
static bool num_below_pow10(const num *x, int k)
{
	return x->n - x->scale <= k;
}

/* From big-endian digits; leading zeros are dropped first, so the input
 * may be longer than CAP (a long division's quotient is). */
static int num_from_be(num *x, const unsigned char *be, int len, int scale)
{
	while (len > 0 && be[0] == 0) {
		be++;
		len--;
	}
	if (len > CAP)
		return -1;
	x->n = len;
	x->scale = scale;
	for (int i = 0; i < len; i++)
		x->d[i] = be[len - 1 - i];
	num_trim(x);
	return num_fits(x) ? 0 : -1;
}

/* x *= 10^k */
static int num_shift(num *x, int k)
{
	int take;

	if (x->n == 0)
		return 0;
	take = k < x->scale ? k : x->scale;
	x->scale -= take;
	k -= take;
	if (k > 0) {
		if (x->n + k > CAP)
			return -1;
		memmove(x->d + k, x->d, (size_t)x->n);
		memset(x->d, 0, (size_t)k);
		x->n += k;
	}
	return num_fits(x) ? 0 : -1;
}

/* a += b */
static int num_add(num *a, const num *b)
{
	unsigned char r[CAP];
	int s = a->scale > b->scale ? a->scale : b->scale;
	int sa = s - a->scale, sb = s - b->scale;
	int len = (a->n + sa > b->n + sb ? a->n + sa : b->n + sb) + 1;
	int carry = 0;

	if (len > CAP)
		return -1;
	for (int i = 0; i < len; i++) {
		int da = i >= sa && i - sa < a->n ? a->d[i - sa] : 0;
		int db = i >= sb && i - sb < b->n ? b->d[i - sb] : 0;
		int v = da + db + carry;

		r[i] = (unsigned char)(v % 10);
		carry = v / 10;
	}
	memcpy(a->d, r, (size_t)len);
	a->n = len;
	a->scale = s;
	num_trim(a);
	return num_fits(a) ? 0 : -1;
}

/* Compare normalised little-endian integers. */
static int big_cmp(const unsigned char *a, int an, const unsigned char *b, int bn)
{
	if (an != bn)
		return an < bn ? -1 : 1;
	for (int i = an - 1; i >= 0; i--)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

/* a -= b, with a >= b */
static void big_sub(unsigned char *a, int *an, const unsigned char *b, int bn)
{
	int borrow = 0;

	for (int i = 0; i < *an; i++) {
		int v = a[i] - borrow - (i < bn ? b[i] : 0);

		borrow = v < 0;
		a[i] = (unsigned char)(v < 0 ? v + 10 : v);
	}
	while (*an > 0 && a[*an - 1] == 0)
		(*an)--;
}

/*
 * out = a / b by long division.  a/b terminates iff the reduced divisor is
 * 2^x * 5^y, and then needs max(x, y) <= log2(divisor) < 3.33 * its digits
 * decimals; so a remainder still non-zero after 4 * digits + 8 decimals
 * means the decimal never ends, and we round.
 */
static int num_div(const num *a, const num *b, num *out, bool *exact)
{
	/* with a, b within MAXDIG: pn, qn <= 2 * MAXDIG, fmax <= 8 * MAXDIG + 8 */
	unsigned char p[2 * CAP], q[2 * CAP], r[2 * CAP + 1];
	unsigned char quo[2 * CAP + 10 * MAXDIG], be[2 * CAP + 10 * MAXDIG + 1];
	int pn, qn, rn = 0, qlen = 0, fmax, keep;

	*exact = true;
	if (b->n == 0)
		return -1;
	if (a->n == 0) {
		num_zero(out);
		return 0;
	}
	/* a/b = (A * 10^sb) / (B * 10^sa): two integers */
	pn = a->n + b->scale;
	qn = b->n + a->scale;
	memset(p, 0, (size_t)pn);
	memcpy(p + b->scale, a->d, (size_t)a->n);
	memset(q, 0, (size_t)qn);
	memcpy(q + a->scale, b->d, (size_t)b->n);
	fmax = 4 * qn + 8;

	for (int step = 0;; step++) {
		int frac = step - pn + 1;	/* decimals produced after this step */
		int qd = 0;

		memmove(r + 1, r, (size_t)rn);
		r[0] = step < pn ? p[pn - 1 - step] : 0;
		rn++;
		while (rn > 0 && r[rn - 1] == 0)
			rn--;
		while (big_cmp(r, rn, q, qn) >= 0) {
			big_sub(r, &rn, q, qn);
			qd++;
		}
		quo[qlen++] = (unsigned char)qd;
		if (frac >= 0 && rn == 0)
			return num_from_be(out, quo, qlen, frac);
		if (frac == fmax)
			break;
	}

	/* Half-up at the sixth decimal; the digits never end, so no tie. */
	*exact = false;
	keep = pn + 6;
	be[0] = 0;	/* room for a carry out of 0.9999996 */
	memcpy(be + 1, quo, (size_t)keep);
	if (quo[keep] >= 5) {
		for (int i = keep; i >= 0; i--) {
			if (++be[i] < 10)
				break;
			be[i] = 0;
		}
	}
	return num_from_be(out, be, keep + 1, 6);
}

static void num_format(const num *x, bool neg, char *out)
{
	char *p = out;
	int ip = x->n - x->scale;	/* digits before the point */

	if (x->n == 0) {
		strcpy(out, "0");	/* never "-0" */
		return;
	}
	if (neg)
		*p++ = '-';
	if (ip <= 0) {
		*p++ = '0';
		*p++ = '.';
		for (int i = 0; i < -ip; i++)
			*p++ = '0';
	}
	for (int i = x->n - 1; i >= 0; i--) {
		*p++ = (char)('0' + x->d[i]);
		if (i == x->scale && i > 0 && ip > 0)
			*p++ = '.';
	}
	*p = '\0';
}

/* ---- tokens ---- */

enum kind { K_DIG, K_ARAB, K_UNIT, K_BIG, K_POINT, K_FRAC };

struct tok {
	enum kind kind;
	int val;		/* a digit, or the power of ten of a unit */
	bool liang;		/* 两 counts (两千) but never spells digits (二〇二一) */
	size_t start, len;	/* the bytes of an arabic run */
};

static const struct {
	const char *utf8;
	enum kind kind;
	int val;
} words[] = {
	{ "零", K_DIG, 0 }, { "〇", K_DIG, 0 }, { "一", K_DIG, 1 },
	{ "二", K_DIG, 2 }, { "两", K_DIG, 2 }, { "三", K_DIG, 3 },
	{ "四", K_DIG, 4 }, { "五", K_DIG, 5 }, { "六", K_DIG, 6 },
	{ "七", K_DIG, 7 }, { "八", K_DIG, 8 }, { "九", K_DIG, 9 },
	{ "十", K_UNIT, 1 }, { "百", K_UNIT, 2 }, { "千", K_UNIT, 3 },
	{ "万", K_BIG, 4 }, { "亿", K_BIG, 8 },
	{ "点", K_POINT, 0 }, { "分之", K_FRAC, 0 },
	/* financial (大写) forms, as budgets and contracts write them */
	{ "壹", K_DIG, 1 }, { "贰", K_DIG, 2 }, { "叁", K_DIG, 3 },
	{ "肆", K_DIG, 4 }, { "伍", K_DIG, 5 }, { "陆", K_DIG, 6 },
	{ "柒", K_DIG, 7 }, { "捌", K_DIG, 8 }, { "玖", K_DIG, 9 },
	{ "拾", K_UNIT, 1 }, { "佰", K_UNIT, 2 }, { "仟", K_UNIT, 3 },
	/* traditional forms, seen in quoted Hong Kong and Macao documents */
	{ "兩", K_DIG, 2 }, { "貳", K_DIG, 2 }, { "參", K_DIG, 3 },
	{ "陸", K_DIG, 6 }, { "萬", K_BIG, 4 }, { "億", K_BIG, 8 },
	{ "點", K_POINT, 0 },
};

static bool is_arabic_byte(char c)
{
	return (c >= '0' && c <= '9') || c == '.' || c == ',';
}

/* Returns the token count, or -1 on a character no numeral contains. */
static int tokenize(const char *s, size_t len, struct tok *t)
{
	int n = 0;
	size_t i = 0;

	while (i < len) {
		size_t k, wl = 0;

		if (n == TOKCAP)
			return -1;
		if (is_arabic_byte(s[i])) {
			size_t j = i;

			while (j < len && is_arabic_byte(s[j]))
				j++;
			t[n++] = (struct tok){ .kind = K_ARAB, .start = i, .len = j - i };
			i = j;
			continue;
		}
		for (k = 0; k < sizeof words / sizeof words[0]; k++) {
			wl = strlen(words[k].utf8);
			if (wl <= len - i && memcmp(s + i, words[k].utf8, wl) == 0)
				break;
		}
		if (k == sizeof words / sizeof words[0])
			return -1;
		t[n++] = (struct tok){
			.kind = words[k].kind,
			.val = words[k].val,
			.liang = strcmp(words[k].utf8, "两") == 0 ||
				 strcmp(words[k].utf8, "兩") == 0,
		};
		i += wl;
	}
	return n;
}

/*
 * An arabic run: "250", "1.2", "1,000", "12,345.67".  Commas separate
 * groups of exactly three digits; a point needs digits on both sides.
 * *ndig is the count of integer digits as written ("0500" has 4), *isint
 * whether there is no point.
 */
static int parse_arabic(const char *s, size_t len, num *out, int *ndig, bool *isint)
{
	unsigned char be[2 * MAXDIG];
	const char *dot = memchr(s, '.', len);
	size_t ilen = dot ? (size_t)(dot - s) : len;
	size_t group = 0, flen = 0, fsig = 0;
	int nbe = 0, written = 0;
	bool commas = memchr(s, ',', ilen) != NULL, lead = true;

	if (ilen == 0)
		return -1;
	for (size_t i = 0; i < ilen; i++) {
		if (s[i] == ',') {
			/* first group 1-3 digits, every later one exactly 3 */
			if (group == 0 || group > 3 || (written > (int)group && group != 3))
				return -1;
			group = 0;
			continue;
		}
		if (s[i] == '.')
			return -1;
		group++;
		written++;
		if (lead && s[i] == '0')
			continue;
		lead = false;
		if (nbe == MAXDIG)
			return -1;
		be[nbe++] = (unsigned char)(s[i] - '0');
	}
	if (commas && group != 3)
		return -1;
	if (dot) {
		const char *f = dot + 1;

		flen = len - ilen - 1;
		if (flen == 0)
			return -1;
		for (size_t i = 0; i < flen; i++) {
			if (f[i] < '0' || f[i] > '9')
				return -1;
			if (f[i] != '0')
				fsig = i + 1;	/* trailing zeros say nothing */
		}
		if (fsig > MAXDIG)
			return -1;
		for (size_t i = 0; i < fsig; i++)
			be[nbe++] = (unsigned char)(f[i] - '0');
	}
	*ndig = written;
	*isint = dot == NULL;
	return num_from_be(out, be, nbe, (int)fsig);
}

static int tok_value(const char *s, const struct tok *t, num *v, int *ndig, bool *isint)
{
	if (t->kind == K_DIG) {
		num_small(v, t->val);
		*ndig = 1;
		*isint = true;
		return 0;
	}
	return parse_arabic(s + t->start, t->len, v, ndig, isint);
}

/* ---- the grammar ---- */

struct sec_ctx {
	bool leading;	/* the numeral's first section: may open with 百/千 or any arabic number */
	int prev;	/* power of the 万/亿 just before the section, 0 if none */
	bool at_end;	/* nothing follows: a lone last digit may be the 一万五 shorthand */
};

/*
 * A section below 万: terms "coefficient unit" with falling units, 零 as
 * a filler where a unit is skipped, and perhaps a bare last number.
 */
static int parse_sec(const char *s, const struct tok *t, int n, struct sec_ctx c, num *out)
{
	num acc, term;
	int last = 4;		/* the next unit must be smaller */
	int p = c.prev;		/* power of the unit just passed */
	bool first = true;

	if (n == 0)
		return -1;
	num_zero(&acc);
	for (int i = 0; i < n;) {
		bool zero = false, open;

		if (t[i].kind == K_DIG && t[i].val == 0) {
			if (c.leading && first)
				return -1;
			zero = true;
			if (++i == n || (t[i].kind == K_DIG && t[i].val == 0))
				return -1;
		}
		open = c.leading && first && !zero;	/* the numeral's first term */
		if (t[i].kind == K_UNIT) {
			int u = t[i].val;

			/* a bare 十 opens a section (十五, 一万十); bare 百/千 only the numeral (百万) */
			if (u >= last || (u == 1 ? !(first || zero) : !open))
				return -1;
			num_small(&term, 1);
			if (num_shift(&term, u))
				return -1;
			last = p = u;
			i++;
		} else if (t[i].kind == K_DIG || t[i].kind == K_ARAB) {
			bool arab = t[i].kind == K_ARAB, isint;
			int nd;

			if (tok_value(s, &t[i], &term, &nd, &isint))
				return -1;
			if (arab && !open && !isint)
				return -1;
			/* 两 counts a unit (两千, 两万) or stands alone; 十两, 两十 are not numbers */
			if (t[i].liang && (i + 1 < n ? t[i + 1].kind == K_UNIT && t[i + 1].val == 1 : !open))
				return -1;
			if (i + 1 < n) {
				int u;

				if (t[i + 1].kind != K_UNIT)
					return -1;
				u = t[i + 1].val;
				/* after the first term a coefficient is one digit: 2万5千, not 2万25百 */
				if (u >= last || term.n == 0 || (!open && nd != 1))
					return -1;
				if (num_shift(&term, u))
					return -1;
				last = p = u;
				i += 2;
			} else {
				if (!arab) {
					/* 一百五 is 150 and 一万五 15000; 一百零五 is 105 */
					if (!zero && c.at_end && p >= 2 && num_shift(&term, p - 1))
						return -1;
				} else if (!open && !zero && c.at_end && nd != p) {
					/* 1万5000 is clear; 1万5 could be 15000 or 10005 */
					return -1;
				}
				i++;
			}
		} else {
			return -1;
		}
		if (num_add(&acc, &term))
			return -1;
		first = false;
	}
	*out = acc;
	return 0;
}

static int find_kind(const struct tok *t, int n, enum kind k, int val)
{
	for (int i = 0; i < n; i++)
		if (t[i].kind == k && (val < 0 || t[i].val == val))
			return i;
	return -1;
}

/* n4 = section ["万" [section below 10^4]] */
static int parse_n4(const char *s, const struct tok *t, int n, struct sec_ctx c, num *out)
{
	struct sec_ctx lc = c, rc = { .leading = false, .prev = 4, .at_end = c.at_end };
	int i = find_kind(t, n, K_BIG, 4);
	num r;

	if (i < 0)
		return parse_sec(s, t, n, c, out);
	lc.at_end = false;
	if (i == 0 || parse_sec(s, t, i, lc, out) || num_shift(out, 4))
		return -1;
	if (i + 1 == n)
		return 0;
	if (parse_sec(s, t + i + 1, n - i - 1, rc, &r) || !num_below_pow10(&r, 4))
		return -1;
	return num_add(out, &r);
}

/* integer = n4 ["亿" [n4 below 10^8]]; the n4 before 亿 may hold 万 (一万亿) */
static int parse_int(const char *s, const struct tok *t, int n, bool at_end, num *out)
{
	struct sec_ctx lc = { .leading = true, .prev = 0, .at_end = at_end };
	struct sec_ctx rc = { .leading = false, .prev = 8, .at_end = at_end };
	int i = find_kind(t, n, K_BIG, 8);
	num r;

	if (i < 0)
		return parse_n4(s, t, n, lc, out);
	lc.at_end = false;
	if (i == 0 || parse_n4(s, t, i, lc, out) || num_shift(out, 8))
		return -1;
	if (i + 1 == n)
		return 0;
	if (find_kind(t + i + 1, n - i - 1, K_BIG, 8) >= 0)
		return -1;
	if (parse_n4(s, t + i + 1, n - i - 1, rc, &r) || !num_below_pow10(&r, 8))
		return -1;
	return num_add(out, &r);
}

/* An integer, or digits spelled one by one (二〇二一), or a lone 零. */
static int parse_plain(const char *s, const struct tok *t, int n, bool at_end, num *out)
{
	unsigned char be[TOKCAP];
	int i;

	if (n == 0)
		return -1;
	for (i = 0; i < n && t[i].kind == K_DIG; i++)
		be[i] = (unsigned char)t[i].val;
	if (i < n || (n == 1 && t[0].val != 0))
		return parse_int(s, t, n, at_end, out);
	for (i = 0; n > 1 && i < n; i++)
		if (t[i].liang)
			return -1;
	return num_from_be(out, be, n, 0);
}

/* value = integer ["点" digit+ multiplier*]: 一点五, 十二点五万, 一点五亿 */
static int parse_value(const char *s, const struct tok *t, int n, num *out)
{
	unsigned char be[TOKCAP];
	int pt = find_kind(t, n, K_POINT, -1), j, nf = 0, e = 0, prev = 0;
	bool small = false;
	num f;

	if (pt < 0)
		return parse_plain(s, t, n, true, out);
	/* 点 is Chinese on both sides: 1点5 and 一点5 are typos we do not guess at */
	if (pt == 0 || find_kind(t, pt, K_ARAB, -1) >= 0)
		return -1;
	if (parse_plain(s, t, pt, false, out))
		return -1;
	for (j = pt + 1; j < n && t[j].kind == K_DIG; j++) {
		if (t[j].liang)
			return -1;
		be[nf++] = (unsigned char)t[j].val;
	}
	if (nf == 0 || num_from_be(&f, be, nf, nf) || num_add(out, &f))
		return -1;
	/* the multiplier: at most one of 十百千, then 万, then 亿 (千万, 万亿) */
	for (; j < n; j++) {
		if ((t[j].kind != K_UNIT && t[j].kind != K_BIG) || t[j].val <= prev)
			return -1;
		if (t[j].kind == K_UNIT) {
			if (small)
				return -1;
			small = true;
		}
		prev = t[j].val;
		e += prev;
	}
	return num_shift(out, e);
}

int ob__numeral_parse(const char *s, size_t len, ob__decimal *out)
{
	struct tok t[TOKCAP];
	num v;
	bool neg = false, exact = true;
	int n, f;

	if (s == NULL || out == NULL)
		return -1;
	if (len >= 1 && s[0] == '-') {
		neg = true;
		s++;
		len--;
	} else if (len >= 3 && memcmp(s, "负", 3) == 0) {
		neg = true;
		s += 3;
		len -= 3;
	}
	n = tokenize(s, len, t);
	if (n <= 0)
		return -1;

	f = find_kind(t, n, K_FRAC, -1);
	if (f < 0) {
		if (parse_value(s, t, n, &v))
			return -1;
	} else {
		num den, numer;

		if (f == 0 || f == n - 1 || find_kind(t + f + 1, n - f - 1, K_FRAC, -1) >= 0)
			return -1;
		if (f == 1 && ((t[0].kind == K_UNIT && t[0].val >= 2) ||
			       (t[0].kind == K_BIG && t[0].val == 4))) {
			/* 百分之二十, 千分之五, 万分之三: the caller reads %, ‰ or ‱
			 * from the text; the number is the numerator */
			if (parse_value(s, t + 2, n - 2, &v))
				return -1;
		} else if (parse_value(s, t, f, &den) || den.n == 0 ||
			   parse_value(s, t + f + 1, n - f - 1, &numer) ||
			   num_div(&numer, &den, &v, &exact)) {
			return -1;
		}
	}
	num_format(&v, neg, out->text);
	out->exact = exact;
	return 0;
}
