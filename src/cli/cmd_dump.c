/* SPDX-License-Identifier: Apache-2.0
 *
 * cmd_dump.c - `bulkhead dump [--format text|json] FILE|-`: print a
 * Dockerfile's parse tree in BuildKit's Node.Dump() format, one
 * instruction per line (text), or as a JSON document (json: every
 * instruction with its keyword, position, flags, arguments with their
 * positions, heredocs and ONBUILD's inner instruction; the file's escape
 * character, syntax and check directives and parser warnings).
 *
 * This file owns the command line of "dump" only: read the input (bounded
 * by BH_MAX_INPUT), parse it with df_parse() and stream df_dump_node()
 * output to stdout, or build the JSON document (view_json()).  A parse or read error is one line on stderr,
 * "bulkhead: FILE:LINE:COL: cause", and exit code 2.  Two views for the
 * conformance suite print what Dump() leaves out: "--lines" (start and end
 * line of each instruction) and "--heredocs" (a JSON array of
 * [index, heredocs or null], fields named as BuildKit's Heredoc).
 * No view shows a secret value: arguments, flags and heredoc bodies go
 * through the masking primitive (sec_mask_text, short form), and the
 * value of a secret-named ENV/ARG/LABEL key is hidden whole; the keyword
 * and arguments are also read together as one line (an exec-form
 * "--password" and the next item, an unknown keyword).
 * Tests: tests/suites/conformance.sh (text; json against text for every
 * BuildKit test file), tests/suites/robustness.sh,
 * tests/cases/cli/dump-mask-*.case, tests/cases/cli/dump-format-*.case,
 * tests/suites/leaks.sh (every view, json too).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../parse/df_parse.h"
#include "../report/rpt_util.h"
#include "../secrets/secrets.h"
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

enum view { VIEW_DUMP, VIEW_LINES, VIEW_HEREDOCS, VIEW_JSON };

/* ---- masking: the dump shows no secret value ------------------------ */

/* Every secret value hidden somewhere in the file: the dump hides it
 * wherever else it shows too (echoed, reused in a URL, a second LABEL),
 * as the scan's excerpts do.  One dump runs at a time (no thread). */
static struct {
	char **v;
	size_t n, cap;
	bool failed;
} seen;

static void seen_add(const char *p, size_t n)
{
	if (n < SEC_MASK_FIND_MIN || seen.failed)
		return;
	for (size_t i = 0; i < seen.n; i++)
		if (strlen(seen.v[i]) == n && !memcmp(seen.v[i], p, n))
			return;
	if (seen.n == seen.cap) {
		size_t cap = seen.cap ? seen.cap * 2 : 16;
		char **v = realloc(seen.v, cap * sizeof(*v));
		if (!v) {
			seen.failed = true;
			return;
		}
		seen.v = v;
		seen.cap = cap;
	}
	char *c = strndup(p, n);
	if (!c) {
		seen.failed = true;
		return;
	}
	seen.v[seen.n++] = c;
}

static void seen_free(void)
{
	for (size_t i = 0; i < seen.n; i++)
		free(seen.v[i]);
	free(seen.v);
	seen.v = NULL;
	seen.n = seen.cap = 0;
	seen.failed = false;
}

/* Hides in line[0..len) every value seen anywhere in the file (short
 * form), appending the result to "out"; false when memory runs out. */
static bool hide_seen(const char *line, size_t len, struct strbuf *out)
{
	struct sec_spans sp = { 0 };
	int rc = 0;
	for (size_t i = 0; !rc && i < seen.n; i++)
		rc = sec_mask_find_value(line, len, seen.v[i], strlen(seen.v[i]),
					 &sp);
	if (!rc && sp.n)
		rc = sec_mask_apply(line, len, &sp, SEC_MASK_SHORT, out);
	else if (!rc)
		strbuf_add(out, line, len);
	sec_spans_free(&sp);
	return !rc && !out->failed;
}

/* text[0..len) masked (sec_mask_text, short form), or the whole value
 * hidden when "whole"; the original when nothing is hidden.  NULL only
 * when memory runs out. */
static const char *masked(struct arena *a, const char *text, size_t len,
			  bool whole, size_t *out_len)
{
	struct strbuf sb = STRBUF_INIT;
	if (whole) {
		char buf[64];
		bool quoted = len >= 2 && (text[0] == '"' || text[0] == '\'') &&
			      text[len - 1] == text[0];
		sec_mask_value(text + quoted, len - 2 * quoted, buf, sizeof(buf));
		seen_add(text + quoted, len - 2 * quoted);
		if (quoted)
			strbuf_addc(&sb, text[0]);
		strbuf_adds(&sb, buf);
		if (quoted)
			strbuf_addc(&sb, text[0]);
	} else {
		struct sec_spans sp = { 0 };
		int rc = sec_mask_find(text, len, &sp);
		for (size_t k = 0; !rc && k < sp.n; k++)
			if (sp.v[k].off < len)
				seen_add(text + sp.v[k].off,
					 sp.v[k].len < len - sp.v[k].off
						 ? sp.v[k].len
						 : len - sp.v[k].off);
		if (!rc)
			rc = sec_mask_apply(text, len, &sp, SEC_MASK_SHORT, &sb);
		sec_spans_free(&sp);
		if (rc) {
			strbuf_free(&sb);
			return NULL;
		}
	}
	const char *r = text;
	*out_len = len;
	if (sb.len != len || memcmp(strbuf_str(&sb), text, len)) {
		r = arena_strndup(a, strbuf_str(&sb), sb.len);
		*out_len = sb.len;
	}
	strbuf_free(&sb);
	return r;
}

/* Whether value "v" of NAME "name" (both of the given lengths) is a
 * secret as a whole (sec_check_assignment on NUL-terminated copies). */
static bool secret_value(const char *name, size_t nl, const char *v,
			 size_t vl)
{
	char nb[256], vb[1024];
	if (nl >= sizeof(nb) || vl >= sizeof(vb))
		return false;
	memcpy(nb, name, nl);
	nb[nl] = 0;
	memcpy(vb, v, vl);
	vb[vl] = 0;
	struct sec_match m;
	return sec_check_assignment(nb, vb, &m);
}

/* Masks argument i of node "n" into w. */
static bool mask_arg(struct arena *a, const struct df_node *n, size_t i,
		     struct df_word *w)
{
	const struct df_word *src = &n->args[i];
	*w = *src;
	bool env = strcmp(n->keyword, "env") == 0 ||
		   strcmp(n->keyword, "label") == 0;
	bool whole = false;
	if (env && !n->json_form && i % 3 == 1)
		/* ENV/LABEL: key, value, separator triples */
		whole = secret_value(n->args[i - 1].text, n->args[i - 1].len,
				     src->text, src->len);
	if (strcmp(n->keyword, "arg") == 0) {
		const char *eq = memchr(src->text, '=', src->len);
		if (eq && secret_value(src->text, (size_t)(eq - src->text),
				       eq + 1, src->len - (size_t)(eq - src->text) - 1)) {
			size_t vl, nl = (size_t)(eq - src->text) + 1;
			const char *v = masked(a, eq + 1, src->len - nl, true, &vl);
			char *t = v ? arena_alloc(a, nl + vl + 1) : NULL;
			if (!t)
				return false;
			memcpy(t, src->text, nl);
			memcpy(t + nl, v, vl);
			t[nl + vl] = 0;
			w->text = t;
			w->len = nl + vl;
			return true;
		}
	}
	w->text = masked(a, src->text, src->len, whole, &w->len);
	return w->text != NULL;
}

/* text[0..len), which starts at offset "at" of a joined text whose
 * spans to hide are "sp", with those spans hidden (short form); NULL
 * when memory runs out, "text" itself when no span touches it. */
static const char *mask_part(struct arena *a, const char *text, size_t len,
			     size_t at, const struct sec_spans *sp,
			     size_t *out_len)
{
	struct sec_spans local = { 0 };
	int rc = 0;
	for (size_t k = 0; !rc && k < sp->n; k++) {
		size_t b = sp->v[k].off, e = b + sp->v[k].len;
		if (e <= at || b >= at + len)
			continue;
		b = b < at ? 0 : b - at;
		e = e - at > len ? len : e - at;
		seen_add(text + b, e - b);
		rc = sec_spans_add(&local, b, e - b, sp->v[k].flags);
	}
	*out_len = len;
	const char *r = text;
	if (!rc && local.n) {
		struct strbuf sb = STRBUF_INIT;
		rc = sec_mask_apply(text, len, &local, SEC_MASK_SHORT, &sb);
		r = rc ? NULL : arena_strndup(a, strbuf_str(&sb), sb.len);
		*out_len = sb.len;
		strbuf_free(&sb);
	}
	sec_spans_free(&local);
	return rc ? NULL : r;
}

/* The keyword and arguments read together, as one command line: an
 * exec-form array's "--password" and the next item, an unknown
 * instruction's keyword that is a NAME=value word or a token.  Parts
 * mask_arg() left as they were are masked where a span of the whole
 * touches them.  False only when memory runs out. */
static bool mask_joined(struct arena *a, const struct df_node *n,
			struct df_node *c, struct df_word *args)
{
	struct strbuf j = STRBUF_INIT;
	/* keyword_len measures the lowered keyword, which may differ in
	 * length from the raw one (non-ASCII case mapping, NUL bytes) */
	const char *kw = n->keyword_raw ? n->keyword_raw : n->keyword;
	size_t kwl = n->keyword_raw ? strlen(n->keyword_raw) : n->keyword_len;
	strbuf_add(&j, kw, kwl);
	for (size_t i = 0; i < n->nargs; i++) {
		strbuf_addc(&j, ' ');
		strbuf_add(&j, n->args[i].text, n->args[i].len);
	}
	struct sec_spans sp = { 0 };
	bool ok = !j.failed &&
		  sec_mask_find(strbuf_str(&j), j.len, &sp) == 0;
	if (ok && sp.n) {
		size_t kl;
		const char *k = mask_part(a, kw, kwl, 0, &sp, &kl);
		ok = k != NULL;
		if (ok && k != kw) {
			char *low = arena_strndup(a, k, kl);
			ok = low != NULL;
			for (size_t i = 0; ok && i < kl; i++)
				if (low[i] >= 'A' && low[i] <= 'Z')
					low[i] = (char)(low[i] - 'A' + 'a');
			if (ok) {
				c->keyword = low;
				c->keyword_len = kl;
			}
		}
		size_t at = kwl + 1;
		for (size_t i = 0; ok && i < n->nargs; i++) {
			if (args[i].text == n->args[i].text) {
				size_t l;
				const char *t = mask_part(a, n->args[i].text,
							  n->args[i].len, at, &sp, &l);
				ok = t != NULL;
				if (ok) {
					args[i].text = t;
					args[i].len = l;
				}
			}
			at += n->args[i].len + 1;
		}
	}
	sec_spans_free(&sp);
	strbuf_free(&j);
	return ok;
}

/* A copy of node "n" (and its ONBUILD chain) whose arguments and flags
 * show no secret value: what the secret engine finds (sec_mask_text) and
 * the values of secret-named ENV/ARG/LABEL keys.  Strings from "a"; NULL
 * only when memory runs out. */
static const struct df_node *masked_node(struct arena *a,
					 const struct df_node *n)
{
	struct df_node *c = arena_alloc(a, sizeof(*c));
	if (!c)
		return NULL;
	*c = *n;
	if (n->nargs) {
		struct df_word *args = arena_array(a, n->nargs, sizeof(*args));
		if (!args)
			return NULL;
		for (size_t i = 0; i < n->nargs; i++)
			if (!mask_arg(a, n, i, &args[i]))
				return NULL;
		c->args = args;
	}
	if (!mask_joined(a, n, c, c->args))
		return NULL;
	if (n->nflags) {
		struct df_flag *flags = arena_array(a, n->nflags, sizeof(*flags));
		if (!flags)
			return NULL;
		for (size_t i = 0; i < n->nflags; i++) {
			flags[i] = n->flags[i];
			flags[i].text = masked(a, n->flags[i].text,
					       n->flags[i].len, false,
					       &flags[i].len);
			if (!flags[i].text)
				return NULL;
		}
		c->flags = flags;
	}
	if (n->onbuild && !(c->onbuild = (struct df_node *)masked_node(a, n->onbuild)))
		return NULL;
	return c;
}

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
			struct strbuf body = STRBUF_INIT;
			if (sec_mask_text(h->content, h->content_len, NULL, 0,
					  SEC_MASK_SHORT, &body))
				ok = false;
			json_t *e = ok ? json_pack("{s:s%, s:s%, s:b, s:b, s:i}",
					      "Name", h->name, h->name_len,
					      "Content", strbuf_str(&body), body.len,
					      "Expand", h->expand, "Chomp", h->chomp,
					      "FileDescriptor", h->fd < 0 ? 0 : h->fd)
				       : NULL;
			strbuf_free(&body);
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

/* ---- --format json ------------------------------------------------------ */

/* A JSON string of s[0..n) with every secret value seen in the file
 * hidden (hide_seen; the texts given are masked copies already); invalid
 * UTF-8 as U+FFFD, a NUL byte ends it.  NULL when memory runs out. */
static json_t *jtext(const char *s, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *j = hide_seen(s ? s : "", s ? n : 0, &sb)
			    ? rpt_json_str(strbuf_str(&sb)) : NULL;
	strbuf_free(&sb);
	return j;
}

static bool put(json_t *o, const char *key, json_t *v)
{
	return v && json_object_set_new(o, key, v) == 0;
}

static bool append(json_t *a, json_t *v)
{
	return v && json_array_append_new(a, v) == 0;
}

/* Instruction "m" (a masked copy, masked_node()) as a JSON object; its
 * heredoc bodies masked here (the copy shares the parse's).  Bounded
 * depth: ONBUILD holds one instruction, never another ONBUILD. */
static json_t *json_node(const struct df_node *m, int depth)
{
	json_t *o = json_object(), *flags = json_array(), *args = json_array(),
	       *hds = json_array();
	bool ok = o && flags && args && hds &&
		  put(o, "keyword", jtext(m->keyword, m->keyword_len)) &&
		  put(o, "line", json_integer(m->line)) &&
		  put(o, "column", json_integer(m->col)) &&
		  put(o, "end_line", json_integer(m->end_line));
	for (size_t i = 0; ok && i < m->nflags; i++) {
		const struct df_flag *f = &m->flags[i];
		json_t *e = json_object();
		/* the value from the masked text "--name=value" */
		size_t nl = f->name ? strlen(f->name) : 0;
		bool has = f->len > nl + 3 && !memcmp(f->text, "--", 2) &&
			   !memcmp(f->text + 2, f->name, nl) && f->text[nl + 2] == '=';
		ok = e && put(e, "name", jtext(f->name, nl)) &&
		     put(e, "value", has ? jtext(f->text + nl + 3, f->len - nl - 3)
					 : json_null()) &&
		     put(e, "text", jtext(f->text, f->len)) &&
		     put(e, "line", json_integer(f->line)) &&
		     put(e, "column", json_integer(f->col));
		ok = ok ? append(flags, e) : (json_decref(e), false);
	}
	for (size_t i = 0; ok && i < m->nargs; i++) {
		const struct df_word *w = &m->args[i];
		json_t *e = json_object();
		ok = e && put(e, "text", jtext(w->text, w->len)) &&
		     put(e, "line", json_integer(w->line)) &&
		     put(e, "column", json_integer(w->col));
		ok = ok ? append(args, e) : (json_decref(e), false);
	}
	for (size_t k = 0; ok && k < m->nheredocs; k++) {
		const struct df_heredoc *h = &m->heredocs[k];
		struct strbuf body = STRBUF_INIT;
		json_t *e = json_object();
		ok = e && sec_mask_text(h->content, h->content_len, NULL, 0,
					SEC_MASK_SHORT, &body) == 0 &&
		     put(e, "name", jtext(h->name, h->name_len)) &&
		     put(e, "content", jtext(strbuf_str(&body), body.len)) &&
		     put(e, "expand", json_boolean(h->expand)) &&
		     put(e, "chomp", json_boolean(h->chomp)) &&
		     put(e, "fd", h->fd < 0 ? json_null() : json_integer(h->fd)) &&
		     put(e, "line", json_integer(h->line)) &&
		     put(e, "end_line", json_integer(h->end_line));
		strbuf_free(&body);
		ok = ok ? append(hds, e) : (json_decref(e), false);
	}
	ok = ok && put(o, "flags", flags);
	flags = NULL;
	ok = ok && put(o, "json_form", json_boolean(m->json_form)) &&
	     put(o, "args", args);
	args = NULL;
	ok = ok && put(o, "heredocs", hds);
	hds = NULL;
	if (ok)
		ok = put(o, "onbuild", m->onbuild && depth < 2
					       ? json_node(m->onbuild, depth + 1)
					       : json_null());
	json_decref(flags);
	json_decref(args);
	json_decref(hds);
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* The whole file: {"escape", "syntax", "check", "instructions": [...],
 * "warnings": [{"line", "message"}]}, from the masked nodes mns[]. */
static json_t *view_json(const struct df_file *f, const struct df_node **mns)
{
	json_t *o = json_object(), *ins = json_array(), *warns = json_array();
	char esc[2] = { f->escape ? f->escape : '\\', 0 };
	bool ok = o && ins && warns && put(o, "escape", json_string(esc)) &&
		  put(o, "syntax", f->syntax ? jtext(f->syntax, strlen(f->syntax))
					     : json_null()) &&
		  put(o, "check", f->check ? jtext(f->check, strlen(f->check))
					   : json_null());
	for (size_t i = 0; ok && i < f->nnodes; i++)
		ok = append(ins, json_node(mns[i], 0));
	for (size_t i = 0; ok && i < f->nwarnings; i++) {
		json_t *e = json_object();
		const char *msg = f->warnings[i].message;
		ok = e && put(e, "line", json_integer(f->warnings[i].line)) &&
		     put(e, "message", jtext(msg, msg ? strlen(msg) : 0));
		ok = ok ? append(warns, e) : (json_decref(e), false);
	}
	ok = ok && put(o, "instructions", ins);
	ins = NULL;
	ok = ok && put(o, "warnings", warns);
	warns = NULL;
	json_decref(ins);
	json_decref(warns);
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static void dump_usage(void)
{
	printf("usage: bulkhead dump [--format text|json] FILE|-\n"
	       "Print the Dockerfile's parse tree (FILE, or standard input\n"
	       "for -); secret values are masked in every view.\n"
	       "  --format text|json     text (default): as BuildKit's parser\n"
	       "                         dumps it, one instruction a line;\n"
	       "                         json: a document, every instruction\n"
	       "                         with keyword, line, column, end line,\n"
	       "                         flags, arguments (each with its line\n"
	       "                         and column), heredocs and ONBUILD's\n"
	       "                         instruction; escape, syntax, check\n"
	       "                         and parser warnings\n"
	       "  --lines                each instruction's first and last line\n"
	       "  --heredocs             each instruction's heredocs as JSON,\n"
	       "                         fields named as BuildKit's Heredoc\n");
}

static int dump_usage_error(const char *what, const char *arg)
{
	fprintf(stderr, "bulkhead: dump: ");
	fprintf(stderr, what, arg);
	fprintf(stderr, " (see 'bulkhead dump --help')\n");
	return 2;
}

int cmd_dump(int argc, char **argv)
{
	enum view view = VIEW_DUMP;
	const char *path = NULL, *format = NULL;
	int nviews = 0;
	/* a word after "--" is the file, whatever it looks like */
	bool opts = true;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (opts && (!strcmp(a, "--help") || !strcmp(a, "-h"))) {
			dump_usage();
			return 0;
		} else if (opts && !strcmp(a, "--")) {
			opts = false;
		} else if (opts && !strcmp(a, "--lines")) {
			view = VIEW_LINES;
			nviews++;
		} else if (opts && !strcmp(a, "--heredocs")) {
			view = VIEW_HEREDOCS;
			nviews++;
		} else if (opts && (!strcmp(a, "--format") ||
				    !strncmp(a, "--format=", 9))) {
			if (!a[8] && i + 1 >= argc)
				return dump_usage_error("option '%s' needs a value", a);
			format = a[8] ? a + 9 : argv[++i];
			if (strcmp(format, "text") && strcmp(format, "json"))
				return dump_usage_error("unknown format '%s' (text or "
							"json)", format);
		} else if (opts && a[0] == '-' && a[1]) {
			return dump_usage_error("unknown option '%s'", a);
		} else if (path) {
			return dump_usage_error("takes one FILE or -, got '%s' too", a);
		} else {
			path = a;
		}
	}
	if (nviews > 1 || (nviews && format))
		return dump_usage_error("%s", "--format, --lines and --heredocs "
					"are views of their own: one at a time");
	if (format && !strcmp(format, "json"))
		view = VIEW_JSON;
	if (!path) {
		fprintf(stderr, "bulkhead: dump takes one FILE or - (see "
			"'bulkhead dump --help')\n");
		return 2;
	}
	bool from_stdin = strcmp(path, "-") == 0;
	struct diag d;
	diag_init(&d, from_stdin ? "<stdin>" : path);
	char *buf = NULL;
	size_t len = 0;
	int rc = from_stdin ? io_read_stream(stdin, BH_MAX_INPUT, &buf, &len, &d)
			    : io_read_file(path, BH_MAX_INPUT, &buf, &len, &d);
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
	/* two passes: every node masked first (which also learns every
	 * secret value), then each dumped line with those values hidden
	 * wherever they show */
	bool tree = view == VIEW_DUMP || view == VIEW_JSON;
	const struct df_node **mns = tree && f.nnodes
		? arena_array(&a, f.nnodes, sizeof(*mns)) : NULL;
	if (tree && f.nnodes && !mns)
		ok = false;
	for (size_t i = 0; ok && tree && i < f.nnodes; i++)
		ok = (mns[i] = masked_node(&a, &f.nodes[i])) != NULL;
	/* the heredoc bodies' secret values are hidden elsewhere too */
	for (size_t i = 0; ok && view == VIEW_JSON && i < f.nnodes; i++)
		for (const struct df_node *n = &f.nodes[i]; n; n = n->onbuild)
			for (size_t k = 0; k < n->nheredocs; k++)
				(void)masked(&a, n->heredocs[k].content,
					     n->heredocs[k].content_len, false,
					     &(size_t){ 0 });
	ok = ok && !seen.failed;
	if (ok && view == VIEW_JSON) {
		json_t *doc = view_json(&f, mns);
		char *txt = doc ? json_dumps(doc, JSON_INDENT(2) |
					     JSON_PRESERVE_ORDER) : NULL;
		json_decref(doc);
		ok = txt != NULL;
		if (ok) {
			strbuf_adds(&sb, txt);
			strbuf_addc(&sb, '\n');
		}
		free(txt);
	}
	struct strbuf one = STRBUF_INIT;
	for (size_t i = 0; ok && view == VIEW_DUMP && i < f.nnodes; i++) {
		strbuf_reset(&one);
		df_dump_node(mns[i], &one);
		ok = !one.failed && hide_seen(strbuf_str(&one), one.len, &sb);
		if (ok && (sb.len >= FLUSH_AT || sb.failed))
			ok = flush(&sb);
	}
	strbuf_free(&one);
	seen_free();
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
