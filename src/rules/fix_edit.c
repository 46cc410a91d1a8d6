/* SPDX-License-Identifier: Apache-2.0
 *
 * fix_edit.c - what a rule's fix function (its row's fix_fn, check.h)
 * writes with: an edit of the checked text (bh_fix_edit), the byte offset
 * of a source position (bh_fix_offset), the text's line ending and a
 * line's indentation.  Fix functions make text edits at positions the
 * model knows; they never re-serialise a document.  Applying, ordering
 * and printing the edits is src/fix's.
 * Tests: tests/unit/fix/test_fix.c, tests/fix/ (every fix, golden files),
 * tests/suites/fix.sh.
 */
#include "rule.h"

#include <string.h>

#include "../core/finding.h"
#include "../util/diag.h"

size_t bh_fix_offset(const struct bh_check *c, int line, int col)
{
	if (!c->text || line < 1 || col < 1)
		return (size_t)-1;
	size_t off = 0;
	for (int l = 1; l < line; l++) {
		const char *nl = memchr(c->text + off, '\n', c->text_len - off);
		if (!nl)
			return (size_t)-1;
		off = (size_t)(nl - c->text) + 1;
	}
	size_t end = off;
	while (end < c->text_len && c->text[end] != '\n')
		end++;
	if ((size_t)(col - 1) > end - off)
		return (size_t)-1;
	return off + (size_t)(col - 1);
}

size_t bh_fix_line_start(const struct bh_check *c, size_t off)
{
	while (off > 0 && c->text[off - 1] != '\n')
		off--;
	return off;
}

size_t bh_fix_line_end(const struct bh_check *c, size_t off)
{
	size_t s = off;
	while (off < c->text_len && c->text[off] != '\n')
		off++;
	if (off < c->text_len && off > s && c->text[off - 1] == '\r')
		off--;
	return off;
}

const char *bh_fix_eol(const struct bh_check *c)
{
	const char *nl = c->text ? memchr(c->text, '\n', c->text_len) : NULL;
	return nl && nl > c->text && nl[-1] == '\r' ? "\r\n" : "\n";
}

bool bh_fix_text_is(const struct bh_check *c, struct bh_span s,
		    const char *want)
{
	if (s.line < 1 || s.end_line != s.line || s.end_col <= s.col)
		return false;
	size_t off = bh_fix_offset(c, s.line, s.col);
	size_t n = (size_t)(s.end_col - s.col);
	if (off == (size_t)-1 || off + n > c->text_len)
		return false;
	if (!want)
		return true;
	return strlen(want) == n && memcmp(c->text + off, want, n) == 0;
}

void bh_fix_edit(struct bh_check *c, const struct bh_rule *r, size_t start,
		 size_t end, const char *text, const char *note)
{
	if (!c->out || !c->text || start > end || end > c->text_len ||
	    c->error != BH_OK)
		return;
	int line = 1, col = 1;
	for (size_t i = 0; i < start; i++) {
		if (c->text[i] == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	struct bh_edit e = {
		.rule = r, .file = (char *)c->file, .start = start, .end = end,
		.text = (char *)text, .line = line, .col = col,
		.note = (char *)note, .seq = (unsigned)c->out->edits.n,
	};
	if (bh_edits_add(&c->out->edits, &e) != BH_OK)
		c->error = BH_ENOMEM;
}
