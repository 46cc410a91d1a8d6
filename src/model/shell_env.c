/* SPDX-License-Identifier: Apache-2.0
 *
 * shell_env.c - env as a wrapper: its options and -S/--split-string.
 *
 * This file owns sh_env_options() (declared in shell.h for shell.c
 * alone, as sh_env_split(); the options of GNU coreutils env,
 * which command_start() in shell.c skips to find the command env runs)
 * and sh_env_split(): "env -S 'sh -c \"...\"'" (also -vS, -S"...",
 * --split-string=..., --split-string ...) hands env one word that env
 * itself splits into arguments, so what runs is seen only once the word
 * is split the way env does.  The splitting follows coreutils env's
 * documented rules ("env invocation", -S): blanks separate words outside
 * quotes; '...' and "..." quote (a quote starts a word, so '' is an
 * empty argument); inside single quotes a backslash is literal except
 * before \ and '; elsewhere \" \# \$ \' \\ stand for the character, \f
 * \n \r \t \v for the control character, \_ separates words (a space
 * inside double quotes), \c ends the string (refused by env inside
 * double quotes); a # that starts a word ends the string.  ${NAME} is
 * env's own expansion of a variable whose value is not known here: it is
 * kept as written (a dynamic word, as the shell splitter keeps $VAR), as
 * is a $ the outer shell may have expanded already.  What env refuses
 * (an unterminated quote, an unknown escape, a backslash at the end) is
 * refused here: the command stays unsplit and its command unknown, so no
 * rule judges it.  It does not run env's other options (-C, -u, -i
 * change nothing a rule reads).
 *
 * Every new word keeps the source offset of each of its bytes (an escape
 * maps to its backslash), so a -c string inside the -S string is entered
 * by shell.c with its words pointing inside the quoted string, as for
 * "env sh -c '...'".
 *
 * Bounds: one linear pass to count, one to fill; the words and bytes
 * made are at most the string's.  Tests: tests/unit/model/test_shell.c,
 * tests/cases/dockerfile/BH1107-env-split*.case and others.
 */
#include "shell.h"

#include <string.h>

#include "../util/diag.h"
#include "../util/text.h"

/* GNU env's long options (getopt_long: any unambiguous prefix). */
enum lopt { L_NONE, L_FLAG, L_VALUE, L_SPLIT };

static enum lopt long_option(const char *w, const char **value)
{
	static const struct {
		const char *name;
		enum lopt kind;
	} longs[] = {
		{ "ignore-environment", L_FLAG }, { "null", L_FLAG },
		{ "unset", L_VALUE }, { "chdir", L_VALUE },
		{ "default-signal", L_FLAG }, { "ignore-signal", L_FLAG },
		{ "block-signal", L_FLAG }, { "list-signal-handling", L_FLAG },
		{ "debug", L_FLAG }, { "split-string", L_SPLIT },
		{ "help", L_FLAG }, { "version", L_FLAG },
	};
	const char *name = w + 2;
	const char *eq = strchr(name, '=');
	size_t nl = eq ? (size_t)(eq - name) : strlen(name);
	*value = eq ? eq + 1 : NULL;
	enum lopt found = L_NONE;
	int hits = 0;
	for (size_t i = 0; i < sizeof(longs) / sizeof(longs[0]); i++) {
		if (strncmp(longs[i].name, name, nl))
			continue;
		if (longs[i].name[nl] == 0)
			return longs[i].kind;  /* exact */
		found = longs[i].kind;
		hits++;
	}
	return hits == 1 ? found : L_NONE;
}

size_t sh_env_options(const struct sh_cmd *c, size_t k, struct sh_env_at *at)
{
	bool opts = true;  /* until "--" or "-": then NAME=value only */
	for (; k < c->argc; k++) {
		const char *w = c->argv[k].text;
		if (w[0] != '-' || !opts) {
			if (!strchr(w, '='))
				break;
			continue;  /* NAME=value */
		}
		if (txt_eq(w, "--") || txt_eq(w, "-")) {
			opts = false;
			continue;
		}
		if (w[1] == '-') {
			const char *v;
			enum lopt o = long_option(w, &v);
			if (o == L_SPLIT) {
				if (!v && k + 1 >= c->argc)
					return c->argc;
				if (at)
					*at = (struct sh_env_at){
						k, v ? k : k + 1,
						v ? (size_t)(v - w) : 0
					};
				return c->argc;
			}
			if (o == L_VALUE && !v)
				k++;
			continue;
		}
		/* a bundle of short letters: -i -v -0 flags; -C DIR, -u NAME,
		 * -S STRING take the rest of the word or the next word */
		for (size_t i = 1; w[i]; i++) {
			char l = w[i];
			if (l != 'C' && l != 'u' && l != 'S')
				continue;
			bool rest = w[i + 1] != 0;
			if (l == 'S') {
				if (!rest && k + 1 >= c->argc)
					return c->argc;
				if (at)
					*at = (struct sh_env_at){
						k, rest ? k : k + 1,
						rest ? i + 1 : 0
					};
				return c->argc;
			}
			if (!rest)
				k++;
			break;
		}
	}
	return k;
}

static bool is_env_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\v' ||
	       ch == '\f' || ch == '\r';
}

static bool is_alpha_(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       ch == '_';
}

/* The length of "${NAME}" at s[0..n), or 0. */
static size_t braced_var(const char *s, size_t n)
{
	if (n < 4 || s[0] != '$' || s[1] != '{' || !is_alpha_(s[2]))
		return 0;
	size_t i = 3;
	while (i < n && (is_alpha_(s[i]) || (s[i] >= '0' && s[i] <= '9')))
		i++;
	return i < n && s[i] == '}' ? i + 1 : 0;
}

/* The words of one split: filled when "buf" is set (the counting pass
 * leaves it NULL and only counts). */
struct split {
	char *buf;          /* the words' text, each NUL-terminated */
	size_t *bmap;       /* per byte of buf: its index in the string */
	size_t *wstart;     /* per word: where its text starts in buf */
	size_t *lo, *hi;    /* per word: its first and one past its last
			       string byte (quotes included) */
	size_t nw, nb;      /* words and bytes (NULs included) so far */
	bool sep;           /* the last byte separated words */
};

static void new_word(struct split *sp, size_t i)
{
	if (!sp->sep)
		return;
	if (sp->nw && sp->buf)
		sp->buf[sp->nb] = 0;
	if (sp->nw)
		sp->nb++;
	if (sp->wstart) {
		sp->wstart[sp->nw] = sp->nb;
		sp->lo[sp->nw] = i;
	}
	sp->nw++;
	sp->sep = false;
}

static void put(struct split *sp, char ch, size_t from)
{
	if (sp->buf) {
		sp->buf[sp->nb] = ch;
		sp->bmap[sp->nb] = from;
	}
	sp->nb++;
}

/* One pass over s[0..n) as env -S splits it; false when env refuses it. */
static bool split_run(const char *s, size_t n, struct split *sp)
{
	bool sq = false, dq = false;
	sp->nw = sp->nb = 0;
	sp->sep = true;
	size_t i = 0;
	while (i < n) {
		char ch = s[i], out = ch;
		size_t from = i, adv = 1;
		if (ch == '\'' && !dq) {
			sq = !sq;
			new_word(sp, i);
			i++;
			goto mark;
		}
		if (ch == '"' && !sq) {
			dq = !dq;
			new_word(sp, i);
			i++;
			goto mark;
		}
		if (is_env_blank(ch) && !sq && !dq) {
			sp->sep = true;
			i++;
			continue;
		}
		if (ch == '#' && sp->sep)
			goto eos;  /* outside quotes: a quote ends sep */
		if (ch == '\\' && (!sq || (i + 1 < n && (s[i + 1] == '\\' ||
							 s[i + 1] == '\'')))) {
			if (i + 1 >= n)
				return false;
			adv = 2;
			switch (s[i + 1]) {
			case '"': case '#': case '$': case '\'': case '\\':
				out = s[i + 1];
				break;
			case '_':
				if (!dq) {
					sp->sep = true;
					i += 2;
					continue;
				}
				out = ' ';
				break;
			case 'c':
				if (dq)
					return false;
				goto eos;
			case 'f': out = '\f'; break;
			case 'n': out = '\n'; break;
			case 'r': out = '\r'; break;
			case 't': out = '\t'; break;
			case 'v': out = '\v'; break;
			default:
				return false;
			}
		} else if (ch == '$' && !sq) {
			/* ${NAME}: env's expansion, kept as written */
			size_t l = braced_var(s + i, n - i);
			if (l) {
				new_word(sp, i);
				for (size_t b = 0; b < l; b++)
					put(sp, s[i + b], i + b);
				i += l;
				goto mark;
			}
		}
		new_word(sp, i);
		put(sp, out, from);
		i += adv;
	mark:
		if (sp->hi && sp->nw)
			sp->hi[sp->nw - 1] = i;
	}
	if (sq || dq)
		return false;
eos:
	/* close the last word */
	if (sp->nw) {
		if (sp->buf)
			sp->buf[sp->nb] = 0;
		sp->nb++;
	}
	return true;
}

int sh_env_split(struct arena *a, struct sh_cmd *c, struct sh_env_at at,
		 const size_t *smap, const size_t *const **maps)
{
	if (at.word >= c->argc || at.opt > at.word || !smap)
		return 1;
	const struct sh_word *sw = &c->argv[at.word];
	size_t tl = strlen(sw->text);
	if (at.skip > tl)
		return 1;
	const char *s = sw->text + at.skip;
	size_t n = tl - at.skip;
	const size_t *sm = smap + at.skip;

	struct split sp = { 0 };
	if (!split_run(s, n, &sp))
		return 1;
	size_t nw = sp.nw, nb = sp.nb;
	/* the counting pass knows the sizes: fill */
	sp.buf = arena_alloc(a, nb + 1);
	sp.bmap = arena_array(a, nb + 1, sizeof(*sp.bmap));
	sp.wstart = arena_array(a, nw + 1, sizeof(*sp.wstart));
	sp.lo = arena_array(a, nw + 1, sizeof(*sp.lo));
	sp.hi = arena_array(a, nw + 1, sizeof(*sp.hi));
	size_t argc = at.opt + nw + (c->argc - at.word - 1);
	struct sh_word *av = arena_array(a, argc + 1, sizeof(*av));
	const size_t **nm = arena_array(a, argc + 1, sizeof(*nm));
	size_t *mall = arena_array(a, nb + 1, sizeof(*mall));
	if (!sp.buf || !sp.bmap || !sp.wstart || !sp.lo || !sp.hi || !av ||
	    !nm || !mall)
		return BH_ENOMEM;
	if (!split_run(s, n, &sp) || sp.nw != nw || sp.nb != nb)
		return 1;

	const size_t *const *old = *maps;
	size_t o = 0;
	for (size_t k = 0; k < at.opt; k++, o++) {
		av[o] = c->argv[k];
		nm[o] = old ? old[k] : NULL;
	}
	size_t rawl = strlen(sw->raw);
	for (size_t w = 0; w < nw; w++, o++) {
		size_t ws = sp.wstart[w];
		size_t we = ws + strlen(sp.buf + ws);  /* its NUL */
		size_t lo = sp.lo[w], hi = sp.hi[w];
		size_t src_lo = sm[lo];
		size_t src_hi = hi > lo ? sm[hi - 1] + 1 : src_lo;
		/* every byte to its source offset, the NUL one past */
		for (size_t b = ws; b < we; b++)
			mall[b] = sm[sp.bmap[b]];
		mall[we] = src_hi;
		const char *raw = sp.buf + ws;
		if (src_lo >= sw->offset && src_hi >= src_lo &&
		    src_hi - sw->offset <= rawl) {
			char *r = arena_alloc(a, src_hi - src_lo + 1);
			if (!r)
				return BH_ENOMEM;
			memcpy(r, sw->raw + (src_lo - sw->offset),
			       src_hi - src_lo);
			r[src_hi - src_lo] = 0;
			raw = r;
		}
		av[o] = (struct sh_word){
			.text = sp.buf + ws, .raw = raw, .offset = src_lo,
			.quoted = raw[strcspn(raw, "'\"\\")] != 0,
			.level = sw->level,
		};
		nm[o] = mall + ws;
	}
	for (size_t k = at.word + 1; k < c->argc; k++, o++) {
		av[o] = c->argv[k];
		nm[o] = old ? old[k] : NULL;
	}
	c->argv = av;
	c->argc = argc;
	*maps = nm;
	return 0;
}
