/* SPDX-License-Identifier: Apache-2.0
 *
 * fuzz_dockerfile.c - libFuzzer target: bytes -> df_parse() -> df_dump(),
 * with an arena, as `bulkhead dump` does, plus the tree's invariants:
 * positions inside the file and ordered, segments sorted from offset 0,
 * lengths matching the C strings up to the first NUL, heredocs inside
 * their instruction, and a failed parse leaving an empty tree and a
 * message.  A broken invariant traps, so libFuzzer keeps the input.
 * Seeds: fuzz/corpus/dockerfile/, BuildKit's conformance files and
 * ../shared/corpus/dockerfiles (fuzz/run.sh copies them into the build
 * directory).  Built by fuzz/run.sh with every fuzz/fuzz_*.c.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "parse/df_parse.h"
#include "util/arena.h"
#include "util/diag.h"
#include "util/strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)

static void check_text(const char *s, size_t len)
{
	CHECK(s != NULL);
	CHECK(s[len] == 0);
	CHECK(strlen(s) <= len);
}

static void check_node(const struct df_file *f, const struct df_node *n,
		       const struct df_node *top)
{
	CHECK(n->line >= 1 && n->line <= f->nlines);
	CHECK(n->col >= 1);
	CHECK(n->end_line >= top->line && n->end_line <= f->nlines);
	CHECK(n->keyword && n->keyword_raw);
	check_text(n->keyword, n->keyword_len);
	check_text(n->original, n->original_len);
	check_text(n->rest, n->rest_len);
	CHECK(n->nsegs >= 1 && n->segs[0].offset == 0);
	for (size_t i = 1; i < n->nsegs; i++) {
		CHECK(n->segs[i].offset > n->segs[i - 1].offset);
		CHECK(n->segs[i].offset < n->rest_len);
		CHECK(n->segs[i].line > n->segs[i - 1].line);
	}
	for (size_t off = 0; off <= n->rest_len; off += 1 + off / 8) {
		int line, col;
		df_locate(n, off, &line, &col);
		CHECK(line >= n->line && line <= n->end_line && col >= 1);
	}
	for (size_t i = 0; i < n->nflags; i++) {
		check_text(n->flags[i].text, n->flags[i].len);
		CHECK(n->flags[i].name != NULL);
		CHECK(n->flags[i].line >= n->line && n->flags[i].line <= n->end_line);
		bool present = false;
		(void)df_flag_value(n, n->flags[i].name, &present);
		CHECK(present);
	}
	for (size_t i = 0; i < n->nargs; i++) {
		check_text(n->args[i].text, n->args[i].len);
		CHECK(n->args[i].line >= n->line && n->args[i].line <= n->end_line);
		CHECK(n->args[i].col >= 1);
	}
	for (size_t i = 0; i < n->nheredocs; i++) {
		const struct df_heredoc *h = &n->heredocs[i];
		check_text(h->content, h->content_len);
		CHECK(h->name && h->name_len > 0);
		check_text(h->name, h->name_len);
		CHECK(h->line > top->line && h->end_line >= h->line);
		CHECK(h->end_line <= top->end_line);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	arena_init(&a, (size_t)64 << 20);
	struct diag d;
	diag_init(&d, "Dockerfile");
	struct df_file f;
	int rc = df_parse((const char *)data, size, &a, &f, &d);
	if (rc) {
		CHECK(rc == BH_EPARSE || rc == BH_ELIMIT);
		CHECK(d.code == rc && d.message[0]);
		CHECK(f.nnodes == 0 && f.nodes == NULL);
		char line[1024];
		diag_format(&d, line, sizeof(line));
		CHECK(strchr(line, '\n') == NULL);
		arena_free(&a);
		return 0;
	}
	CHECK(f.nnodes >= 1);
	CHECK(f.escape == '\\' || f.escape == '`');
	int prev_end = 0;
	for (size_t i = 0; i < f.nnodes; i++) {
		const struct df_node *top = &f.nodes[i];
		CHECK(top->line > prev_end);
		CHECK(top->end_line >= top->line);
		prev_end = top->end_line;
		int depth = 0;
		for (const struct df_node *n = top; n; n = n->onbuild) {
			CHECK(++depth <= DF_MAX_ONBUILD_DEPTH);
			check_node(&f, n, top);
		}
	}
	for (size_t i = 0; i < f.nwarnings; i++)
		CHECK(f.warnings[i].line >= 1 && f.warnings[i].line <= f.nlines);
	struct strbuf sb = STRBUF_INIT;
	df_dump(&f, &sb);
	CHECK(!sb.failed);
	size_t lines = 0;
	for (size_t i = 0; i < sb.len; i++)
		lines += sb.buf[i] == '\n';
	/* one line per instruction: arguments are quoted and a keyword,
	 * printed raw, comes from one joined line without '\n' */
	CHECK(lines == f.nnodes);
	strbuf_free(&sb);
	arena_free(&a);
	return 0;
}
