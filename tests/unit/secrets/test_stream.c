/* SPDX-License-Identifier: Apache-2.0
 *
 * test_stream.c - the chunked scanner (src/secrets/sec_stream.c): on a
 * text several chunks long, with tokens planted across every chunk end and
 * every report-window boundary, it must report exactly what one
 * sec_scan_text() over the whole text reports (same offsets, lengths,
 * kinds, once each), with the right lines, columns and line texts,
 * whatever sizes the reader hands out; read errors and a stop from the
 * callback end the scan.
 *
 * Tokens are assembled at run time, so this file holds nothing that looks
 * like a live secret.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "secrets/secrets.h"
#include "util/diag.h"

#define ALNUM "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
#define CHUNK (4 * SEC_STREAM_REACH)          /* the smallest chunk */
#define STEP (CHUNK - 2 * SEC_STREAM_REACH)   /* how far chunks move */
#define TEXT_LEN ((size_t)3 << 20)
#define MAX_FOUND 4096

static uint64_t rng = 0x2545F4914F6CDD1Du;

static unsigned next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng >> 11);
}

struct found {
	size_t off, len;
	const char *kind;
	long line, col, end_line, end_col;
	char line_text[64];
	char prev[64];
	long prev_line;
};

struct list {
	struct found v[MAX_FOUND];
	size_t n;
	size_t stop_after;  /* 0: never */
};

static bool whole_cb(void *ud, const struct sec_match *m)
{
	struct list *l = ud;
	assert_true(l->n < MAX_FOUND);
	l->v[l->n++] = (struct found){ .off = m->offset, .len = m->len,
				       .kind = m->kind };
	return true;
}

static bool stream_cb(void *ud, const struct sec_hit *h)
{
	struct list *l = ud;
	assert_true(l->n < MAX_FOUND);
	struct found *f = &l->v[l->n++];
	*f = (struct found){ .off = h->m->offset, .len = h->m->len,
			     .kind = h->m->kind, .line = h->line, .col = h->col,
			     .end_line = h->end_line, .end_col = h->end_col,
			     .prev_line = h->prev_line };
	if (h->line_text)
		snprintf(f->line_text, sizeof(f->line_text), "%.*s",
			 (int)(h->line_len < 63 ? h->line_len : 63), h->line_text);
	if (h->prev_text)
		snprintf(f->prev, sizeof(f->prev), "%.*s",
			 (int)(h->prev_len < 63 ? h->prev_len : 63), h->prev_text);
	return !l->stop_after || l->n < l->stop_after;
}

/* A reader over a string handing out random amounts. */
struct mem {
	const char *p;
	size_t len, at;
	size_t fail_at;     /* fail once "at" passes this (0: never) */
};

static long mem_read(void *ud, char *buf, size_t n)
{
	struct mem *m = ud;
	if (m->fail_at && m->at >= m->fail_at)
		return -1;
	size_t k = 1 + next_rand() % 70000;
	if (k > n)
		k = n;
	if (k > m->len - m->at)
		k = m->len - m->at;
	memcpy(buf, m->p + m->at, k);
	m->at += k;
	return (long)k;
}

static void put_token(char *t, size_t len, size_t at, char *tok, size_t tl)
{
	if (at == 0 || at + tl + 1 >= len)
		return;
	t[at - 1] = ' ';
	memcpy(t + at, tok, tl);
	t[at + tl] = ' ';
}

static size_t make_ghp(char *out)
{
	memcpy(out, "ghp_", 4);
	for (int i = 0; i < 36; i++)
		out[4 + i] = ALNUM[next_rand() % 62];
	return 40;
}

/* Filler lines with planted tokens across every chunk end and window
 * boundary (and a few elsewhere), one private key block across a chunk
 * end, and a generic assignment whose name and value sit on both sides of
 * one. */
static char *make_text(size_t *len)
{
	char *t = malloc(TEXT_LEN + 1);
	assert_non_null(t);
	static const char *const words[] = { "lorem", "ipsum", "dolor", "sit",
					     "amet", "build", "layer", "image" };
	size_t i = 0;
	while (i < TEXT_LEN) {
		const char *w = words[next_rand() % 8];
		size_t wl = strlen(w);
		for (size_t k = 0; k < wl && i < TEXT_LEN; k++)
			t[i++] = w[k];
		if (i < TEXT_LEN)
			t[i++] = next_rand() % 9 ? ' ' : '\n';
	}
	char tok[64];
	for (size_t e = CHUNK; e < TEXT_LEN; e += STEP) {
		/* across the chunk end, across the window start of the next
		 * chunk (e - REACH), and right after both */
		size_t at[] = { e - 17, e + 30, e - SEC_STREAM_REACH - 17,
				e - SEC_STREAM_REACH + 30 };
		for (size_t k = 0; k < 4; k++)
			put_token(t, TEXT_LEN, at[k], tok, make_ghp(tok));
	}
	for (size_t k = 0; k < 40; k++)
		put_token(t, TEXT_LEN, 1000 + next_rand() % (TEXT_LEN - 2000),
			  tok, make_ghp(tok));
	/* a private key block across the second chunk end */
	char key[400];
	size_t kl = (size_t)snprintf(key, sizeof(key),
		"\n-----BEGIN RSA PRIVATE KEY-----\n");
	for (int r = 0; r < 4; r++) {
		for (int c = 0; c < 64; c++)
			key[kl++] = ALNUM[next_rand() % 62];
		key[kl++] = '\n';
	}
	kl += (size_t)snprintf(key + kl, sizeof(key) - kl,
			       "-----END RSA PRIVATE KEY-----\n");
	size_t at = CHUNK + STEP - 100;
	memcpy(t + at, key, kl);
	/* a name before a chunk end, its value after it (the next chunk
	 * starts there too when CHUNK = 4 * REACH) */
	static const char gen[] = "\ndb_password: ";
	at = CHUNK + 2 * STEP - 6;
	memcpy(t + at, gen, sizeof(gen) - 1);
	at += sizeof(gen) - 1;
	memcpy(t + at, "Zq8#Lm2pXv9Qw", 13);
	t[at + 13] = '\n';
	t[TEXT_LEN] = 0;
	*len = TEXT_LEN;
	return t;
}

static void line_col(const char *t, size_t off, long *line, long *col)
{
	long l = 1;
	size_t ls = 0;
	for (size_t i = 0; i < off; i++)
		if (t[i] == '\n') {
			l++;
			ls = i + 1;
		}
	*line = l;
	*col = (long)(off - ls) + 1;
}

static void stream_equals_whole_text(void **state)
{
	(void)state;
	size_t len;
	char *t = make_text(&len);
	static struct list whole, streamed;
	whole.n = streamed.n = 0;
	assert_int_equal(sec_scan_text(t, len, whole_cb, &whole), 0);
	struct mem m = { t, len, 0, 0 };
	assert_int_equal(sec_scan_stream(mem_read, &m, CHUNK, stream_cb,
					 &streamed), 0);
	/* every planted token and the key and the assignment */
	assert_true(whole.n >= 3 * ((TEXT_LEN - CHUNK) / STEP) + 30);
	assert_int_equal(streamed.n, whole.n);
	bool key = false, generic = false;
	for (size_t i = 0; i < whole.n; i++) {
		const struct found *a = &whole.v[i], *b = &streamed.v[i];
		assert_int_equal(a->off, b->off);
		assert_int_equal(a->len, b->len);
		assert_string_equal(a->kind, b->kind);
		long line, col;
		line_col(t, b->off, &line, &col);
		assert_int_equal(b->line, line);
		assert_int_equal(b->col, col);
		long el, ec;
		line_col(t, b->off + b->len, &el, &ec);
		assert_int_equal(b->end_line, el);
		assert_int_equal(b->end_col, ec);
		/* the line text starts where the line does */
		const char *ls = t + b->off - (size_t)(col - 1);
		assert_memory_equal(b->line_text, ls, strlen(b->line_text));
		if (!strcmp(b->kind, "private-key")) {
			key = true;
			assert_true(b->end_line > b->line);
		}
		if (!strcmp(b->kind, "generic-secret"))
			generic = true;
	}
	assert_true(key);
	assert_true(generic);
	free(t);
}

/* A config file streamed (sec_scan_stream_file) finds what
 * sec_scan_file() finds on the whole text, where it finds it: key lines
 * with weak passwords (found in config mode only) across chunk ends. */
static void config_stream_equals_whole_file(void **state)
{
	(void)state;
	size_t len;
	char *t = make_text(&len);
	static const char line[] = "\npassword: secret123\n";
	size_t ll = sizeof(line) - 1, planted = 0;
	for (size_t e = CHUNK; e + 64 < TEXT_LEN; e += STEP) {
		size_t at[] = { e - 12, e - SEC_STREAM_REACH - 12 };
		for (size_t k = 0; k < 2; k++) {
			memcpy(t + at[k], line, ll);
			planted++;
		}
	}
	static struct list whole, streamed, text;
	whole.n = streamed.n = text.n = 0;
	assert_int_equal(sec_scan_file("app.yaml", t, len, whole_cb, &whole),
			 0);
	assert_int_equal(sec_scan_file("notes.txt", t, len, whole_cb, &text),
			 0);
	assert_true(whole.n >= text.n + planted);
	struct mem m = { t, len, 0, 0 };
	assert_int_equal(sec_scan_stream_file("app.yaml", mem_read, &m, CHUNK,
					      stream_cb, &streamed), 0);
	assert_int_equal(streamed.n, whole.n);
	for (size_t i = 0; i < whole.n; i++) {
		assert_int_equal(whole.v[i].off, streamed.v[i].off);
		assert_int_equal(whole.v[i].len, streamed.v[i].len);
		assert_string_equal(whole.v[i].kind, streamed.v[i].kind);
	}
	free(t);
}

static void small_input_lines_and_prev(void **state)
{
	(void)state;
	char tok[64];
	size_t tl = make_ghp(tok);
	char text[512];
	int n = snprintf(text, sizeof(text),
			 "# first\n\n  # bulkhead ignore=github-pat-classic\n\n"
			 "\t\nkey = %.*s\nlast\n", (int)tl, tok);
	static struct list l;
	l.n = 0;
	struct mem m = { text, (size_t)n, 0, 0 };
	assert_int_equal(sec_scan_stream(mem_read, &m, 0, stream_cb, &l), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0].line, 6);
	assert_int_equal(l.v[0].col, 7);
	assert_int_equal(l.v[0].end_col, 7 + (long)tl);
	assert_string_equal(l.v[0].prev, "  # bulkhead ignore=github-pat-classic");
	assert_int_equal(l.v[0].prev_line, 3);
	assert_int_equal(strncmp(l.v[0].line_text, "key = ghp_", 10), 0);
}

static void read_error_and_stop(void **state)
{
	(void)state;
	size_t len;
	char *t = make_text(&len);
	static struct list l;
	l.n = 0;
	struct mem m = { t, len, 0, CHUNK + 5 };
	assert_int_equal(sec_scan_stream(mem_read, &m, CHUNK, stream_cb, &l),
			 BH_EIO);
	l.n = 0;
	l.stop_after = 3;
	struct mem m2 = { t, len, 0, 0 };
	assert_int_equal(sec_scan_stream(mem_read, &m2, CHUNK, stream_cb, &l), 0);
	assert_int_equal(l.n, 3);
	l.stop_after = 0;
	free(t);
	assert_int_equal(sec_scan_stream(NULL, NULL, 0, stream_cb, &l),
			 BH_EUSAGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(stream_equals_whole_text),
		cmocka_unit_test(config_stream_equals_whole_file),
		cmocka_unit_test(small_input_lines_and_prev),
		cmocka_unit_test(read_error_and_stop),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
