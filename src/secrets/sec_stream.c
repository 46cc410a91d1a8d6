/* SPDX-License-Identifier: Apache-2.0
 *
 * sec_stream.c - the secret detector over inputs of any size, in bounded
 * memory: the stream is read and scanned in chunks that overlap.
 *
 * Why the overlap is enough: every decision of the scanner (sec_scan.c)
 * looks at most SEC_STREAM_REACH bytes before or after the match it
 * reports (a regex sees REGEX_WINDOW = 64 KiB from its anchor, the
 * service-account matcher 16 KiB either side of its anchor plus a 16 KiB
 * value, generic and URL values 1 KiB, config key lines 2 KiB of blanks
 * more).  Consecutive chunks [s, e) overlap
 * by 2 * REACH, and chunk k reports only the matches starting in
 * [s + REACH, e - REACH) (the first from 0, the last to the end): those
 * windows tile the stream, and for each of them the chunk holds REACH
 * bytes on both sides, so a token across a chunk boundary is found whole,
 * once, exactly where a scan of the whole text finds it.
 *
 * This file also counts lines (1-based) and byte columns, and hands the
 * caller each match's line and the non-blank line before it (for inline
 * pragmas and excerpts).  It owns its buffer (at most the chunk size plus
 * one byte); the caller owns the reader.  Tests:
 * tests/unit/secrets/test_stream.c, tests/suites/secrets_jobs.sh (a
 * 20 MiB file).
 */
#include "secrets.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../util/diag.h"

#define FIRST_CAP ((size_t)64 << 10)
#define PREV_LINES_MAX 64      /* blank lines skipped looking for "prev" */

struct stream {
	char *buf;
	size_t base;               /* stream offset of buf[0] */
	size_t len;
	size_t from, to;           /* report window, stream offsets */
	size_t last_end;           /* end of the last reported match */
	/* line bookkeeping: stream offset "pos" is on line "line", which
	 * starts at stream offset "line_start" */
	size_t pos;
	long line;
	size_t line_start;
	sec_hit_fn fn;
	void *ctx;
	bool stop;
};

/* Advances the line counter to stream offset "to" (within the buffer). */
static void advance(struct stream *s, size_t to)
{
	if (to <= s->pos)
		return;
	const char *p = s->buf + (s->pos - s->base);
	const char *end = s->buf + (to - s->base);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			break;
		s->line++;
		s->line_start = s->base + (size_t)(nl - s->buf) + 1;
		p = nl + 1;
	}
	s->pos = to;
}

static bool blank(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\f' &&
		    p[i] != '\v')
			return false;
	return true;
}

/* The last non-blank line before the one starting at buffer index
 * "start" (on line "line"), if the buffer holds it from its start. */
static void previous_line(const struct stream *s, size_t start, long line,
			  struct sec_hit *h)
{
	size_t e = start;  /* one past the '\n' ending the previous line */
	for (int k = 0; k < PREV_LINES_MAX && e > 0; k++) {
		size_t le = e - 1;   /* the '\n' */
		size_t b = le;
		while (b > 0 && s->buf[b - 1] != '\n')
			b--;
		if (b == 0 && s->base > 0)
			return;      /* starts before the buffer */
		line--;
		size_t n = le - b;
		if (!blank(s->buf + b, n)) {
			if (n && s->buf[b + n - 1] == '\r')
				n--;
			h->prev_text = s->buf + b;
			h->prev_len = n;
			h->prev_line = line;
			return;
		}
		e = b;
	}
}

static bool on_match(void *ud, const struct sec_match *m)
{
	struct stream *s = ud;
	size_t at = s->base + m->offset;
	if (at < s->from || at >= s->to || at < s->last_end)
		return true;
	s->last_end = at + m->len;
	advance(s, at);
	struct sec_match abs = *m;
	abs.offset = at;
	struct sec_hit h = {
		.m = &abs,
		.line = s->line,
		.col = (long)(at - s->line_start) + 1,
		.end_line = s->line,
	};
	/* the end: count the newlines inside the match */
	const char *v = s->buf + m->offset, *ve = v + m->len, *last_nl = NULL;
	for (const char *p = v; p < ve;) {
		const char *nl = memchr(p, '\n', (size_t)(ve - p));
		if (!nl)
			break;
		h.end_line++;
		last_nl = nl;
		p = nl + 1;
	}
	h.end_col = last_nl ? (long)(ve - last_nl) : h.col + (long)m->len;
	if (s->line_start >= s->base) {
		size_t b = s->line_start - s->base;
		const char *nl = memchr(s->buf + b, '\n', s->len - b);
		size_t n = nl ? (size_t)(nl - (s->buf + b)) : s->len - b;
		if (n && s->buf[b + n - 1] == '\r')
			n--;
		h.line_text = s->buf + b;
		h.line_len = n;
		previous_line(s, b, s->line, &h);
	}
	if (!s->fn(s->ctx, &h)) {
		s->stop = true;
		return false;
	}
	return true;
}

/* Reads until the buffer holds "cap" bytes or the stream ends.  0, or
 * BH_EIO. */
static int fill(struct stream *s, size_t cap, sec_read_fn rd, void *rctx,
		bool *eof)
{
	while (s->len < cap) {
		long n = rd(rctx, s->buf + s->len, cap - s->len);
		if (n < 0)
			return BH_EIO;
		if (n == 0) {
			*eof = true;
			return 0;
		}
		s->len += (size_t)n;
	}
	return 0;
}

int sec_scan_stream(sec_read_fn rd, void *rctx, size_t chunk,
		    sec_hit_fn fn, void *ctx)
{
	return sec_scan_stream_file(NULL, rd, rctx, chunk, fn, ctx);
}

int sec_scan_stream_file(const char *path, sec_read_fn rd, void *rctx,
			 size_t chunk, sec_hit_fn fn, void *ctx)
{
	if (!rd || !fn)
		return BH_EUSAGE;
	if (chunk == 0)
		chunk = SEC_STREAM_CHUNK;
	if (chunk < 4 * SEC_STREAM_REACH)
		chunk = 4 * SEC_STREAM_REACH;
	int rc = sec_init();
	if (rc)
		return rc;
	struct stream s = { .line = 1, .fn = fn, .ctx = ctx };
	size_t cap = chunk < FIRST_CAP ? chunk : FIRST_CAP;
	if (!(s.buf = malloc(cap + 1)))
		return BH_ENOMEM;
	bool eof = false;
	for (;;) {
		/* fill the chunk, growing the buffer while the stream goes on */
		for (;;) {
			if ((rc = fill(&s, cap, rd, rctx, &eof)) != 0 || eof ||
			    cap == chunk)
				break;
			size_t ncap = cap * 2 < chunk ? cap * 2 : chunk;
			char *nb = realloc(s.buf, ncap + 1);
			if (!nb) {
				rc = BH_ENOMEM;
				break;
			}
			s.buf = nb;
			cap = ncap;
		}
		if (rc)
			break;
		s.buf[s.len] = 0;
		s.to = eof ? SIZE_MAX : s.base + s.len - SEC_STREAM_REACH;
		rc = sec_scan_file(path, s.buf, s.len, on_match, &s);
		if (rc || eof || s.stop)
			break;
		/* keep the last 2 * REACH bytes: the next chunk starts there */
		size_t keep = 2 * SEC_STREAM_REACH;
		size_t nbase = s.base + s.len - keep;
		if (s.pos < nbase)
			advance(&s, nbase);
		memmove(s.buf, s.buf + (s.len - keep), keep);
		s.base = nbase;
		s.len = keep;
		s.from = s.to;
	}
	free(s.buf);
	return rc;
}
