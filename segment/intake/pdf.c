/* SPDX-License-Identifier: MIT */
/*
 * PDF documents with a text layer, read through poppler (poppler-glib):
 * each page's characters and their boxes, set as a page by layout.c:
 *
 *   - each page's text in poppler's reading order, with the box of every
 *     character (poppler_page_get_text_layout), cut into lines;
 *   - a line that heads or foots most pages alike (a running title, the
 *     office's name) and a page number (- 3 -, 第3页, 3/12) are dropped;
 *   - lines make paragraphs: a line that runs to the right margin goes on
 *     in the next unless it ends a sentence; an indented line starts one;
 *   - a task table is rebuilt from where its columns stand: a line whose
 *     pieces (runs of characters a wide gap apart) name the genre's
 *     columns (序号 重点任务 牵头单位 …) is its header, each later piece
 *     goes to the column it stands under, a new number in the 序号 column
 *     (or text in the first column) starts a row, a line across the
 *     columns (一、…方面) is a group row, and a header repeated on the
 *     next page is no row.  The table ends at a line that is no row.
 *
 * A PDF without a text layer (a scan) is refused by name.  Untrusted
 * input: the pages read are capped, and the page written counts against
 * the size limit.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <poppler.h>

#include "error.h"
#include "intake.h"
#include "text.h"

#define MAX_PAGES 5000

int
ob__pdf_page(const char *data, size_t len, size_t max, char **page, size_t *page_len,
	     ob_error *err)
{
	GError *ge = NULL;
	*page = NULL;
	*page_len = 0;
	GBytes *bytes = g_bytes_new_static(data, len);
	PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &ge);
	if (!doc) {
		bool enc = ge && ge->domain == POPPLER_ERROR && ge->code == POPPLER_ERROR_ENCRYPTED;
		int r = ob__error_set(err, OB_ERR_BINARY, 13, 0, enc ?
		    "this PDF is encrypted: oblix cannot read it" :
		    "this PDF cannot be read: %s", ge ? ge->message : "damaged");
		if (ge)
			g_error_free(ge);
		g_bytes_unref(bytes);
		return r;
	}
	int np = poppler_document_get_n_pages(doc);
	if (np > MAX_PAGES)
		np = MAX_PAGES;
	char **texts = calloc((size_t)np + 1, sizeof *texts);
	ob__glyph **page_glyphs = calloc((size_t)np + 1, sizeof *page_glyphs);
	size_t *glyph_count = calloc((size_t)np + 1, sizeof *glyph_count);
	PopplerRectangle **rects = calloc((size_t)np + 1, sizeof *rects);
	size_t bytes_out = 0;
	int r = 0;
	if (!texts || !rects || !page_glyphs || !glyph_count) {
		r = ob__error_set(err, OB_ERR_NOMEM, 0, 0, "out of memory");
		goto end;
	}
	for (int p = 0; p < np && !r; p++) {
		PopplerPage *pg = poppler_document_get_page(doc, p);
		if (!pg)
			continue;
		char *t = poppler_page_get_text(pg);
		guint nr = 0;
		PopplerRectangle *rc = NULL;
		if (t && !poppler_page_get_text_layout(pg, &rc, &nr))
			nr = 0;
		g_object_unref(pg);
		texts[p] = t;
		rects[p] = rc;
		if (!t)
			continue;
		bytes_out += strlen(t);
		if (bytes_out > max) {
			r = ob__error_set(err, OB_ERR_TOO_LARGE, 5, max,
			    "the PDF's text is over the limit of %zu bytes", max);
			break;
		}
		/* the characters and their boxes, in step */
		size_t tl = strlen(t), ci = 0;
		ob__glyph *gs = malloc((tl + 1) * sizeof *gs);
		size_t ng = 0;
		if (!gs) {
			r = ob__error_set(err, OB_ERR_NOMEM, 0, 0, "out of memory");
			break;
		}
		page_glyphs[p] = gs;
		for (size_t i = 0; i < tl;) {
			size_t a = i;
			ob__utf8_next(t, tl, &i);
			PopplerRectangle box = ci < nr ? rc[ci] : (PopplerRectangle){ 0, 0, 0, 0 };
			ci++;
			gs[ng++] = (ob__glyph){ t + a, (unsigned)(i - a), box.x1, box.y1,
				box.x2, box.y2 };
		}
		glyph_count[p] = ng;
	}
	if (!r) {
		size_t *counts = calloc((size_t)np + 1, sizeof *counts);
		if (!counts) {
			r = ob__error_set(err, OB_ERR_NOMEM, 0, 0, "out of memory");
			goto end;
		}
		for (int p = 0; p < np; p++)
			counts[p] = glyph_count[p];
		/* its title and author, where the text is silent; not its
		 * date, which is when it was made: a page printed to PDF
		 * today is dated today */
		char *title = poppler_document_get_title(doc);
		char *author = poppler_document_get_author(doc);
		ob__sbuf head = { 0 };
		ob__sbuf_props(&head, title, author, NULL, NULL);
		r = ob__layout_page(page_glyphs, counts, np, max, head.s, page, page_len, err);
		free(head.s);
		g_free(title);
		g_free(author);
		free(counts);
		if (r == OB_ERR_EMPTY)
			r = ob__error_set(err, OB_ERR_BINARY, 13, 0,
			    "this PDF has no text layer (a scan, or text drawn as images): "
			    "oblix reads text; run OCR on it first");
	}
end:
	for (int p = 0; page_glyphs && p < np; p++)
		free(page_glyphs[p]);
	free(page_glyphs);
	free(glyph_count);
	for (int p = 0; texts && p < np; p++) {
		g_free(texts[p]);
		g_free(rects ? rects[p] : NULL);
	}
	free(texts);
	free(rects);
	g_object_unref(doc);
	g_bytes_unref(bytes);
	return r;
}
