/* SPDX-License-Identifier: Apache-2.0
 *
 * cmd_dump.c - `bulkhead dump FILE|-`: print a Dockerfile's parse tree in
 * BuildKit's Node.Dump() format, one instruction per line.
 *
 * This file owns the command line of "dump" only: read the input (bounded
 * by BH_MAX_INPUT), parse it with df_parse() and stream df_dump_node()
 * output to stdout.  A parse or read error is one line on stderr,
 * "bulkhead: FILE:LINE:COL: cause", and exit code 2.  Two views for the
 * conformance suite print what Dump() leaves out: "--lines" (start and end
 * line of each instruction) and "--heredocs" (a JSON array of
 * [index, heredocs or null], fields named as BuildKit's Heredoc).
 * Tests: tests/suites/conformance.sh, tests/suites/robustness.sh.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../parse/df_parse.h"
#include "../util/arena.h"
#include "../util/diag.h"
#include "../util/io.h"
#include "../util/strbuf.h"
#include "commands.h"

#define FLUSH_AT ((size_t)1 << 20)

static int fail(const struct diag *d)
{
	char line[1024];
	diag_format(d, line, sizeof(line));
	fprintf(stderr, "bulkhead: %s\n", line);
	return 2;
}

static bool flush(struct strbuf *sb)
{
	bool ok = !sb->failed && fwrite(strbuf_str(sb), 1, sb->len, stdout) == sb->len;
	strbuf_reset(sb);
	return ok;
}

enum view { VIEW_DUMP, VIEW_LINES, VIEW_HEREDOCS };

static void view_lines(const struct df_file *f, struct strbuf *sb)
{
	for (size_t i = 0; i < f->nnodes; i++)
		strbuf_printf(sb, "%d %d\n", f->nodes[i].line, f->nodes[i].end_line);
}

/* jansson accepts only UTF-8: a heredoc that is not fails the view */
static bool view_heredocs(const struct df_file *f, struct strbuf *sb)
{
	json_t *all = json_array();
	bool ok = all != NULL;
	for (size_t i = 0; ok && i < f->nnodes; i++) {
		const struct df_node *n = &f->nodes[i];
		json_t *hs = n->nheredocs ? json_array() : json_null();
		for (size_t k = 0; hs && k < n->nheredocs; k++) {
			const struct df_heredoc *h = &n->heredocs[k];
			json_t *e = json_pack("{s:s%, s:s%, s:b, s:b, s:i}",
					      "Name", h->name, h->name_len,
					      "Content", h->content, h->content_len,
					      "Expand", h->expand, "Chomp", h->chomp,
					      "FileDescriptor", h->fd < 0 ? 0 : h->fd);
			ok = ok && e && json_array_append_new(hs, e) == 0;
		}
		json_t *row = hs ? json_pack("[i, o]", (int)i, hs) : NULL;
		ok = ok && row && json_array_append_new(all, row) == 0;
	}
	char *txt = ok ? json_dumps(all, JSON_COMPACT) : NULL;
	json_decref(all);
	if (!txt)
		return false;
	strbuf_adds(sb, txt);
	strbuf_addc(sb, '\n');
	free(txt);
	return true;
}

int cmd_dump(int argc, char **argv)
{
	enum view view = VIEW_DUMP;
	if (argc == 3 && strcmp(argv[1], "--lines") == 0)
		view = VIEW_LINES;
	else if (argc == 3 && strcmp(argv[1], "--heredocs") == 0)
		view = VIEW_HEREDOCS;
	if (view != VIEW_DUMP) {
		argc--;
		argv++;
	}
	if (argc == 2 && (strcmp(argv[1], "--help") == 0 ||
			  strcmp(argv[1], "-h") == 0)) {
		printf("usage: bulkhead dump FILE|-\n"
		       "Print the Dockerfile's parse tree as BuildKit's parser "
		       "dumps it.\n");
		return 0;
	}
	if (argc != 2) {
		fprintf(stderr, "bulkhead: dump takes one FILE or - (see "
			"'bulkhead dump --help')\n");
		return 2;
	}
	bool from_stdin = strcmp(argv[1], "-") == 0;
	struct diag d;
	diag_init(&d, from_stdin ? "<stdin>" : argv[1]);
	char *buf = NULL;
	size_t len = 0;
	int rc = from_stdin ? io_read_stream(stdin, BH_MAX_INPUT, &buf, &len, &d)
			    : io_read_file(argv[1], BH_MAX_INPUT, &buf, &len, &d);
	if (rc)
		return fail(&d);

	struct arena a;
	arena_init(&a, 0);
	struct df_file f;
	rc = df_parse(buf, len, &a, &f, &d);
	if (rc) {
		arena_free(&a);
		free(buf);
		return fail(&d);
	}
	struct strbuf sb = STRBUF_INIT;
	bool ok = true;
	if (view == VIEW_LINES)
		view_lines(&f, &sb);
	else if (view == VIEW_HEREDOCS && !view_heredocs(&f, &sb)) {
		strbuf_free(&sb);
		arena_free(&a);
		free(buf);
		diag_error(&d, BH_EIO, 0, 0,
			   "--heredocs: a heredoc is not UTF-8 (JSON needs UTF-8)");
		return fail(&d);
	}
	for (size_t i = 0; ok && view == VIEW_DUMP && i < f.nnodes; i++) {
		df_dump_node(&f.nodes[i], &sb);
		if (sb.len >= FLUSH_AT || sb.failed)
			ok = flush(&sb);
	}
	if (ok)
		ok = flush(&sb);
	if (ok && fflush(stdout) != 0)
		ok = false;
	strbuf_free(&sb);
	arena_free(&a);
	free(buf);
	if (!ok) {
		diag_error(&d, BH_EIO, 0, 0, "cannot write the dump");
		d.file = "<stdout>";
		return fail(&d);
	}
	return 0;
}
