/* SPDX-License-Identifier: Apache-2.0
 *
 * shell.c - cut a POSIX shell script into simple commands.
 *
 * This file owns sh_split(), the tokenizer behind every rule that reasons
 * about what a RUN line executes, and the two small argv helpers.  It does
 * not expand variables (src/model/expand.c does BuildKit's expansion of
 * instruction words; shell variables are left as written), does not
 * evaluate anything, and does not understand every bash extension: it aims
 * at finding the commands a script runs, their arguments and how they are
 * joined.
 *
 * How it works: one pass over the bytes with an explicit stack of frames
 * (top level, ( ) subshell, { } group, $( ) / <( ) / backquote substitution,
 * case ... esac).  A word may be suspended while a substitution inside it is
 * lexed in a new frame, then resumed, so "$(a "$(b)")" needs no recursion.
 * Quote and escape characters are not copied while lexing: each byte that
 * is shell syntax (a quote, an escaping backslash) is marked with the frame
 * level it belongs to, and a finished word's text is its source bytes minus
 * the bytes marked with its own level.  So an outer word keeps "$(echo "x")"
 * as written while the inner word "x" loses its quotes.
 *
 * Cost: bytes are classed by one table (byte_class), a run of plain bytes
 * is skipped in one loop, and a plain word between blanks is begun and
 * ended in one step.  Words' bytes and argv arrays are bumped from a pool
 * taken from the arena a chunk at a time; a command's words wait on a
 * stack shared by all frames (a frame gets words only while it is the
 * top one) and are copied once, at their count, when it ends.  Commands
 * go straight to the array sh_split() returns; it is sorted only when a
 * substitution or -c string put commands out of order.
 *
 * Script strings: a command that hands another shell a -c string (sh -c,
 * bash -euxo pipefail -c, su -c, runuser -c, behind wrappers: see
 * script_string()) has that string's text lexed in a pass of its own,
 * SH_MAX_STRINGS deep at most.  The text's byte i came from the source
 * byte map[i] (the word's bytes that are no quote or escape of its own
 * frame), so every inner word's offset points into the quoted string.
 * A $( ) that the outer shell runs inside a double-quoted string is seen
 * by both passes: sort_cmds() keeps it once.  A string one level too deep
 * (or too deeply nested itself) is not lexed: its command's "unentered"
 * names the word.  sh_split_argv() starts from words already split (a
 * Dockerfile's exec form) and enters their -c string the same way.
 *
 * env -S STRING (--split-string): env splits the one word into the
 * arguments it runs, so before a command's -c string is looked for,
 * env_split_words() puts the words of that string in its argv in the
 * word's place (shell_env.c, GNU env's rules), each word's bytes mapped
 * to their offsets like a -c string's; a -c string among them is entered
 * through that map (enter_env_word()).  A string env would refuse stays
 * one word and the command proper is unknown.
 *
 * Invariants:
 *  1. Every step advances the position or pops a frame: time is linear in
 *     the input (a word is copied once per enclosing substitution level,
 *     at most SH_MAX_DEPTH times; a byte is lexed once per enclosing
 *     script string, at most SH_MAX_STRINGS + 1 times).
 *  2. Frames never exceed SH_MAX_DEPTH; one more is BH_ELIMIT.
 *  3. Commands are returned in source order (by first word); inner
 *     commands of a substitution follow the command containing it.
 *
 * Tests: tests/unit/model/test_shell.c.
 */
#include "shell.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../util/diag.h"
#include "../util/io.h"
#include "../util/text.h"

enum fr_kind { K_TOP, K_SUBSHELL, K_GROUP, K_CMDSUB, K_BACKQ, K_CASE };
enum case_state { CS_SUBJECT, CS_IN, CS_PATTERN, CS_BODY };
enum redir { R_NONE, R_FILE, R_HEREDOC, R_HEREDOC_TABS };

/* The simple command being assembled in a frame.  Its words sit on the
 * lexer's word stacks (argv at args[argbase..], assignments at
 * as[asbase..]): a frame only gets words while it is the top one, so a
 * builder's words are always the top of each stack; finish_cmd() copies
 * them out into arrays of their exact size and pops them. */
struct builder {
	size_t argbase, argc;
	size_t asbase, nas;
	size_t offset;       /* of the first argv/assign word */
	size_t end;          /* one past the last word seen */
	int redir;           /* the next word is a redirection target */
	int skip_words;      /* words to drop (the name after "function") */
};

struct frame {
	enum fr_kind kind;
	enum case_state cstate;
	int depth;           /* sh_cmd.depth for commands of this frame */
	bool in_sub;
	bool skip_do;        /* after for/select: drop words until "do" */
	struct builder b;
	/* the word being lexed in this frame (maybe suspended) */
	bool w_active, w_quoted, w_dq;
	int w_array;         /* NAME=( ... ) paren depth */
	size_t w_start;
	size_t w_mark;       /* first byte marked as its own syntax, or
				SIZE_MAX (see mark()) */
	size_t prev;         /* last command joined by an operator, or SH_NONE */
};

struct pending_heredoc {
	const char *delim;
	size_t len;
	bool tabs;
};

/* Commands of every pass, before they are sorted. */
struct gathered {
	struct arena *a;
	struct frame *fr;
	struct sh_cmd *cmds;
	size_t n, cap;
	/* the lexer's pool and (empty) word stacks between passes */
	char *pool;
	size_t pool_left;
	struct sh_word *args, *as;
	size_t argcap, ascap;
};

struct lexer {
	const char *s;
	size_t n, p;
	struct arena *a;
	unsigned char *lvl;  /* per byte: frame level it is syntax for */
	struct frame *fr;
	int top;
	struct gathered *g;  /* commands go to g->cmds[g->n...] */
	struct pending_heredoc *hd;
	size_t nhd, hdcap;
	struct sh_word *args, *as;  /* the builders' word stacks */
	size_t nargs, argcap, nas, ascap;
	char *pool;          /* bump space for words and argv arrays */
	size_t pool_left;
	int err;
};

#define LVL_LITERAL 0xff

/* arena_grow() without zeroing the new tail: for arrays whose next
 * element is always written whole before it is counted (push_word(),
 * add_heredoc(), gather()); elements past the count are never read. */
static void *grow_unzeroed(struct arena *a, void *old, size_t n, size_t nc,
			   size_t sz)
{
	if (sz && nc > SIZE_MAX / sz) {
		a->over_cap = true;
		return NULL;
	}
	unsigned char *p = arena_alloc_raw(a, nc ? nc * sz : 1);
	if (p && n)
		memcpy(p, old, n * sz);
	return p;
}

/* Make room for one more element in an arena array ("cap" doubles);
 * "whole": the caller writes that element whole (no zeroed tail). */
static void *room_grow(struct lexer *lx, void *arr, size_t n, size_t *cap,
		       size_t sz, bool whole);

static inline void *room(struct lexer *lx, void *arr, size_t n, size_t *cap,
			 size_t sz, bool whole)
{
	if (n < *cap)
		return arr;
	return room_grow(lx, arr, n, cap, sz, whole);
}

static __attribute__((noinline)) void *
room_grow(struct lexer *lx, void *arr, size_t n, size_t *cap, size_t sz,
	  bool whole)
{
	size_t nc = *cap ? *cap * 2 : 4;
	if (nc < *cap) {
		lx->err = BH_ENOMEM;
		return NULL;
	}
	void *p = whole ? grow_unzeroed(lx->a, arr, n, nc, sz)
			: arena_grow(lx->a, arr, n, nc, sz);
	if (!p) {
		lx->err = BH_ENOMEM;
		return NULL;
	}
	*cap = nc;
	return p;
}

/* n bytes aligned to "al" (a power of two) from the pass's pool: words'
 * text and argv arrays, which live as long as the arena.  A chunk runs
 * out: the next one is taken from the arena (its rest stays unused). */
static __attribute__((noinline)) void *pool_refill(struct lexer *lx, size_t n,
						   size_t al)
{
	size_t want = lx->n < SIZE_MAX / 4 ? 2 * lx->n + 256 : SIZE_MAX;
	if (n > SIZE_MAX / 2 - al) {
		lx->err = BH_ENOMEM;
		return NULL;
	}
	if (want < n + al)
		want = n + al;
	char *p = arena_alloc_raw(lx->a, want);
	if (!p) {
		lx->err = BH_ENOMEM;
		return NULL;
	}
	lx->pool = p + n;
	lx->pool_left = want - n;
	return p;  /* the arena aligns to 16 */
}

static inline void *pool_take(struct lexer *lx, size_t n, size_t al)
{
	size_t pad = (size_t)(-(uintptr_t)lx->pool) & (al - 1);
	if (lx->pool_left >= pad && lx->pool_left - pad >= n) {
		char *p = lx->pool + pad;
		lx->pool = p + n;
		lx->pool_left -= pad + n;
		return p;
	}
	return pool_refill(lx, n, al);
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Per byte: 1 a name character (A-Z a-z _ 0-9), 2 one that may start a
 * name (not a digit); bytes 128-255 are neither. */
static const unsigned char name_class[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
	0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 0, 3,
	0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 0, 0,
};

static bool is_name_start(char c)
{
	return name_class[(unsigned char)c] & 2;
}

static bool is_name_char(char c)
{
	return name_class[(unsigned char)c] & 1;
}

/* "NAME=" or "NAME+=" prefix of raw text: its length, else 0. */
static size_t assign_prefix(const char *s, size_t n)
{
	if (n == 0 || !is_name_start(s[0]))
		return 0;
	size_t i = 1;
	while (i < n && is_name_char(s[i]))
		i++;
	if (i < n && s[i] == '=')
		return i + 1;
	if (i + 1 < n && s[i] == '+' && s[i + 1] == '=')
		return i + 2;
	return 0;
}

static struct frame *cur(struct lexer *lx)
{
	return &lx->fr[lx->top];
}

static void push_frame(struct lexer *lx, enum fr_kind kind)
{
	if (lx->top + 1 >= SH_MAX_DEPTH) {
		lx->err = BH_ELIMIT;
		return;
	}
	struct frame *up = cur(lx);
	struct frame *f = &lx->fr[++lx->top];
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	f->cstate = CS_SUBJECT;
	f->prev = SH_NONE;
	f->depth = up->depth + (kind == K_CASE ? 0 : 1);
	f->in_sub = up->in_sub || kind == K_CMDSUB || kind == K_BACKQ;
}

static void pop_frame(struct lexer *lx)
{
	if (lx->top > 0)
		lx->top--;
}

/* Copies a builder's words off the top of a word stack into an array of
 * their own (NULL when none) and pops them. */
static struct sh_word *take_words(struct lexer *lx, struct sh_word *stack,
				  size_t *top, size_t base, size_t n)
{
	if (n == 0)
		return NULL;
	struct sh_word *w = pool_take(lx, n * sizeof(*w), _Alignof(struct sh_word));
	if (w)
		memcpy(w, stack + base, n * sizeof(*w));
	*top = base;
	return w;
}

/* Forgets the builder's words (popping them off the stacks). */
static void reset_builder(struct lexer *lx, struct builder *b)
{
	if (b->argc)
		lx->nargs = b->argbase;
	if (b->nas)
		lx->nas = b->asbase;
	memset(b, 0, sizeof(*b));
}

static void finish_cmd(struct lexer *lx, struct frame *f, enum sh_op op)
{
	struct builder *b = &f->b;
	if (b->argc || b->nas) {
		struct gathered *g = lx->g;
		struct sh_cmd *c = room(lx, g->cmds, g->n, &g->cap,
					sizeof(*c), true);
		if (!c)
			return;
		g->cmds = c;
		size_t idx = g->n++;
		if (b->argc > SIZE_MAX / sizeof(struct sh_word) ||
		    b->nas > SIZE_MAX / sizeof(struct sh_word)) {
			lx->err = BH_ENOMEM;
			return;
		}
		struct sh_word *argv = take_words(lx, lx->args, &lx->nargs,
						  b->argbase, b->argc);
		struct sh_word *as = take_words(lx, lx->as, &lx->nas,
						b->asbase, b->nas);
		if (lx->err)
			return;
		g->cmds[idx] = (struct sh_cmd){
			.argv = argv,
			.argc = b->argc,
			.assigns = as,
			.nassigns = b->nas,
			.op_after = op,
			.depth = f->depth,
			.in_substitution = f->in_sub,
			.offset = b->offset,
			.end_offset = b->end,
			.next = SH_NONE,
			.host = SH_NONE,
		};
		if (f->prev != SH_NONE)
			g->cmds[f->prev].next = idx;
		f->prev = op == SH_OP_END ? SH_NONE : idx;
	} else if (op == SH_OP_END) {
		f->prev = SH_NONE;
	}
	memset(b, 0, sizeof(*b));
}

static void add_heredoc(struct lexer *lx, const char *delim, bool tabs)
{
	struct pending_heredoc *h = room(lx, lx->hd, lx->nhd, &lx->hdcap,
					 sizeof(*h), true);
	if (!h)
		return;
	lx->hd = h;
	h[lx->nhd].delim = delim;
	h[lx->nhd].len = strlen(delim);
	h[lx->nhd].tabs = tabs;
	lx->nhd++;
}

/* After a newline: skip the bodies of the here-documents opened on the
 * line just ended; they are data, not commands. */
static void skip_heredocs(struct lexer *lx)
{
	for (size_t i = 0; i < lx->nhd; i++) {
		while (lx->p < lx->n) {
			const char *nl = memchr(lx->s + lx->p, '\n',
						lx->n - lx->p);
			size_t e = nl ? (size_t)(nl - lx->s) : lx->n;
			size_t ls = lx->p;
			if (lx->hd[i].tabs)
				while (ls < e && lx->s[ls] == '\t')
					ls++;
			bool match = e - ls == lx->hd[i].len &&
				     memcmp(lx->s + ls, lx->hd[i].delim,
					    lx->hd[i].len) == 0;
			lx->p = e < lx->n ? e + 1 : lx->n;
			if (match)
				break;
		}
	}
	lx->nhd = 0;
}

enum kw { KW_NONE, KW_OTHER, KW_LBRACE, KW_RBRACE, KW_CASE, KW_ESAC,
	  KW_FOR, KW_FUNCTION };

/* The keywords: if then else elif fi do done while until in ! (KW_OTHER),
 * { } case esac, for and select (KW_FOR), function. */
static enum kw keyword(const char *w)
{
	/* by first byte: most command words start with none of them */
	switch (w[0]) {
	case 'i':
		return !strcmp(w, "if") || !strcmp(w, "in") ? KW_OTHER
							     : KW_NONE;
	case 't':
		return !strcmp(w, "then") ? KW_OTHER : KW_NONE;
	case 'e':
		if (!strcmp(w, "else") || !strcmp(w, "elif"))
			return KW_OTHER;
		return !strcmp(w, "esac") ? KW_ESAC : KW_NONE;
	case 'f':
		if (!strcmp(w, "fi"))
			return KW_OTHER;
		if (!strcmp(w, "for"))
			return KW_FOR;
		return !strcmp(w, "function") ? KW_FUNCTION : KW_NONE;
	case 'd':
		return !strcmp(w, "do") || !strcmp(w, "done") ? KW_OTHER
							      : KW_NONE;
	case 'w':
		return !strcmp(w, "while") ? KW_OTHER : KW_NONE;
	case 'u':
		return !strcmp(w, "until") ? KW_OTHER : KW_NONE;
	case '!':
		return w[1] == 0 ? KW_OTHER : KW_NONE;
	case '{':
		return w[1] == 0 ? KW_LBRACE : KW_NONE;
	case '}':
		return w[1] == 0 ? KW_RBRACE : KW_NONE;
	case 'c':
		return !strcmp(w, "case") ? KW_CASE : KW_NONE;
	case 's':
		return !strcmp(w, "select") ? KW_FOR : KW_NONE;
	default:
		return KW_NONE;
	}
}

/* Pushes w on a word stack for a builder that has "*cnt" words there
 * from "*base" on (the top of the stack). */
static inline void push_word(struct lexer *lx, struct sh_word **stack, size_t *top,
		      size_t *cap, size_t *base, size_t *cnt,
		      const struct sh_word *w)
{
	struct sh_word *p = room(lx, *stack, *top, cap, sizeof(*p), true);
	if (!p)
		return;
	*stack = p;
	if (*cnt == 0)
		*base = *top;
	p[(*top)++] = *w;
	(*cnt)++;
}

/* Decide what a finished word is: a redirection target, part of a
 * compound command's syntax, an assignment or an argument ("raw_len":
 * the length of w->raw). */
static void classify(struct lexer *lx, struct frame *f, struct sh_word *w,
		     size_t raw_len)
{
	struct builder *b = &f->b;
	if (b->redir) {
		if (b->redir >= R_HEREDOC)
			add_heredoc(lx, w->text, b->redir == R_HEREDOC_TABS);
		b->redir = R_NONE;
		return;
	}
	if (f->kind == K_CASE && f->cstate != CS_BODY) {
		if (f->cstate == CS_SUBJECT)
			f->cstate = CS_IN;
		else if (f->cstate == CS_IN)
			f->cstate = CS_PATTERN;
		else if (!w->quoted && txt_eq(w->text, "esac")) {
			finish_cmd(lx, f, SH_OP_END);
			pop_frame(lx);
		}
		return;
	}
	if (b->skip_words) {
		b->skip_words--;
		return;
	}
	bool start = b->argc == 0 && b->nas == 0;
	if (f->skip_do) {
		if (start && !w->quoted && txt_eq(w->text, "do"))
			f->skip_do = false;
		return;
	}
	if (start && !w->quoted) {
		switch (keyword(w->text)) {
		case KW_NONE:
			break;
		case KW_OTHER:
			return;
		case KW_LBRACE:
			push_frame(lx, K_GROUP);
			return;
		case KW_RBRACE:
			if (f->kind == K_GROUP) {
				finish_cmd(lx, f, SH_OP_END);
				pop_frame(lx);
			}
			return;
		case KW_CASE:
			push_frame(lx, K_CASE);
			return;
		case KW_ESAC:
			if (f->kind == K_CASE) {
				finish_cmd(lx, f, SH_OP_END);
				pop_frame(lx);
			}
			return;
		case KW_FOR:
			f->skip_do = true;
			return;
		case KW_FUNCTION:
			b->skip_words = 1;
			return;
		}
	}
	if (start)
		b->offset = w->offset;
	if (b->argc == 0 && assign_prefix(w->raw, raw_len))
		push_word(lx, &lx->as, &lx->nas, &lx->ascap, &b->asbase,
			  &b->nas, w);
	else
		push_word(lx, &lx->args, &lx->nargs, &lx->argcap, &b->argbase,
			  &b->argc, w);
}

/* memcpy() of a word: most are short, copied without a call. */
static inline void copy_bytes(char *d, const char *s, size_t n)
{
	if (n >= 8 && n <= 16) {
		memcpy(d, s, 8);
		memcpy(d + n - 8, s + n - 8, 8);
	} else if (n >= 4 && n < 8) {
		memcpy(d, s, 4);
		memcpy(d + n - 4, s + n - 4, 4);
	} else if (n < 4) {
		for (size_t i = 0; i < n; i++)
			d[i] = s[i];
	} else {
		memcpy(d, s, n);
	}
}

static void end_word(struct lexer *lx, struct frame *f, size_t end)
{
	f->w_active = false;
	size_t st = f->w_start;
	if (end <= st)
		return;
	if (end > f->b.end)
		f->b.end = end;
	size_t len = end - st;
	unsigned char level = (unsigned char)lx->top;
	/* most words hold no syntax byte of their own level: their text is
	 * raw itself, one copy; else raw and text in one block (text is
	 * never longer than raw).  f->w_mark is the first such byte. */
	bool marked = f->w_mark < end;
	char *raw = len < SIZE_MAX / 2 - 1
			    ? pool_take(lx, marked ? 2 * len + 2 : len + 1, 1)
			    : NULL;
	if (!raw) {
		lx->err = BH_ENOMEM;
		return;
	}
	copy_bytes(raw, lx->s + st, len);
	raw[len] = 0;
	char *text = raw;
	if (marked) {
		text = raw + len + 1;
		size_t k = f->w_mark - st;
		memcpy(text, raw, k);
		/* the bytes between marks, a run at a time */
		const unsigned char *lv = lx->lvl;
		size_t i = st + k + 1;
		while (i < end) {
			const unsigned char *m =
				end - i > 16 ? memchr(lv + i, level, end - i)
					     : NULL;
			if (!m && end - i <= 16) {
				for (; i < end; i++)
					if (lv[i] != level)
						text[k++] = lx->s[i];
				break;
			}
			size_t e = m ? (size_t)(m - lv) : end;
			memcpy(text + k, lx->s + i, e - i);
			k += e - i;
			i = e + 1;
		}
		text[k] = 0;
	}
	/* "2>file": a file descriptor number, not a word */
	if (end < lx->n && (lx->s[end] == '<' || lx->s[end] == '>') &&
	    strspn(raw, "0123456789") == len)
		return;
	struct sh_word w = { text, raw, st, f->w_quoted, level };
	classify(lx, f, &w, len);
}

/* Marks byte "at" of the word being lexed in f (the top frame) as its
 * own syntax: a quote or escape that is not part of its text. */
static inline void mark(struct lexer *lx, struct frame *f, size_t at)
{
	lx->lvl[at] = (unsigned char)lx->top;
	if (at < f->w_mark)
		f->w_mark = at;
}

static void begin_word(struct lexer *lx, struct frame *f)
{
	f->w_active = true;
	f->w_start = lx->p;
	f->w_mark = SIZE_MAX;
	f->w_quoted = false;
	f->w_dq = false;
	f->w_array = 0;
}

/* $(( ... )) or (( ... )): skip to the matching "))", verbatim. */
static void skip_arith(struct lexer *lx, size_t from)
{
	size_t q = from;
	int depth = 2;
	while (q < lx->n && depth > 0) {
		if (lx->s[q] == '(')
			depth++;
		else if (lx->s[q] == ')')
			depth--;
		q++;
	}
	lx->p = q;
}

/* ${ ... }: skip to the matching brace, verbatim. */
static void skip_braced(struct lexer *lx, size_t from)
{
	const char *s = lx->s;
	size_t n = lx->n, q = from;
	size_t depth = 1;
	while (q < n && depth > 0) {
		char c = s[q];
		if (c == '\\') {
			q += 2;
			continue;
		}
		if (c == '\'' || c == '"') {
			q++;
			while (q < n && s[q] != c) {
				if (c == '"' && s[q] == '\\')
					q++;
				q++;
			}
		} else if (c == '{') {
			depth++;
		} else if (c == '}') {
			depth--;
		}
		q++;
	}
	lx->p = q < n ? q : n;
}

static void backquote(struct lexer *lx, struct frame *f)
{
	if (f->kind == K_BACKQ) {
		int i = lx->top;
		if (f->w_active)
			end_word(lx, f, lx->p);
		/* the word may have opened a group; close down to the quote */
		while (!lx->err && lx->top >= i) {
			finish_cmd(lx, cur(lx), SH_OP_END);
			pop_frame(lx);
		}
		lx->p++;
		return;
	}
	if (!f->w_active)
		begin_word(lx, f);
	lx->p++;
	push_frame(lx, K_BACKQ);
}

static void dollar(struct lexer *lx, struct frame *f)
{
	const char *s = lx->s;
	size_t p = lx->p, n = lx->n;
	char c1 = p + 1 < n ? s[p + 1] : 0;
	if (c1 == '(') {
		if (p + 2 < n && s[p + 2] == '(') {
			skip_arith(lx, p + 3);
			return;
		}
		lx->p = p + 2;
		push_frame(lx, K_CMDSUB);
	} else if (c1 == '{') {
		skip_braced(lx, p + 2);
	} else if (c1 == '\'' && !f->w_dq) {
		/* $'...' ANSI-C quoting: backslash escapes inside */
		mark(lx, f, p);
		mark(lx, f, p + 1);
		size_t q = p + 2;
		while (q < n && s[q] != '\'') {
			if (s[q] == '\\')
				q++;
			q++;
		}
		if (q < n) {
			mark(lx, f, q);
			q++;
		}
		lx->p = q < n ? q : n;
		f->w_quoted = true;
	} else if (c1 == '"' && !f->w_dq) {
		mark(lx, f, p);  /* $"..." locale string */
		lx->p = p + 1;
	} else {
		lx->p = p + 1;
	}
}

static void single_quote(struct lexer *lx, struct frame *f)
{
	mark(lx, f, lx->p++);
	f->w_quoted = true;
	if (f->kind != K_BACKQ) {
		const char *q = memchr(lx->s + lx->p, '\'', lx->n - lx->p);
		lx->p = q ? (size_t)(q - lx->s) : lx->n;
	}
	while (lx->p < lx->n && lx->s[lx->p] != '\'') {
		if (lx->s[lx->p] == '`' && f->kind == K_BACKQ)
			return;  /* backquote scanning ignores quotes */
		lx->p++;
	}
	if (lx->p < lx->n)
		mark(lx, f, lx->p++);
}

static bool escapable_in_dq(char c)
{
	return c == '$' || c == '`' || c == '"' || c == '\\' || c == '\n';
}

/* Byte classes, one table lookup each:
 *  B_WORD  means something inside a word (outside double quotes): every
 *          other byte just extends the word, so a run of them is skipped
 *          at once instead of one byte per step;
 *  B_DQ    the same inside double quotes;
 *  B_END   ends a word (outside quotes and NAME=( ) arrays): blanks,
 *          newline and the operators ; & | < > ). */
enum { B_WORD = 1, B_DQ = 2, B_END = 4 };
static const unsigned char byte_class[256] = {
	[' '] = B_WORD | B_END, ['\t'] = B_WORD | B_END,
	['\r'] = B_WORD | B_END, ['\n'] = B_WORD | B_END,
	[';'] = B_WORD | B_END, ['&'] = B_WORD | B_END,
	['|'] = B_WORD | B_END, ['<'] = B_WORD | B_END,
	['>'] = B_WORD | B_END, [')'] = B_WORD | B_END,
	['('] = B_WORD, ['\\'] = B_WORD | B_DQ, ['\''] = B_WORD,
	['"'] = B_WORD | B_DQ, ['$'] = B_WORD | B_DQ, ['`'] = B_WORD | B_DQ,
};

/* The end of the run of bytes of class "cl" absent from p on. */
static inline size_t run_without(const char *s, size_t p, size_t n,
				 unsigned char cl)
{
	const unsigned char *u = (const unsigned char *)s;
	for (; n - p >= 4; p += 4) {
		if (byte_class[u[p]] & cl)
			return p;
		if (byte_class[u[p + 1]] & cl)
			return p + 1;
		if (byte_class[u[p + 2]] & cl)
			return p + 2;
		if (byte_class[u[p + 3]] & cl)
			return p + 3;
	}
	while (p < n && !(byte_class[(unsigned char)s[p]] & cl))
		p++;
	return p;
}

static void end_word(struct lexer *lx, struct frame *f, size_t end);

/* A word of f (the top frame) was extended to lx->p by plain bytes: when
 * the next byte ends it, end it now (what the next step would do). */
static inline void after_run(struct lexer *lx, struct frame *f)
{
	size_t p = lx->p;
	if (p < lx->n && !f->w_array &&
	    (byte_class[(unsigned char)lx->s[p]] & B_END))
		end_word(lx, f, p);
}

static void step_word(struct lexer *lx, struct frame *f)
{
	const char *s = lx->s;
	size_t p = lx->p;
	char c = s[p];
	if (f->w_dq) {
		switch (c) {
		case '"':
			mark(lx, f, p);
			f->w_dq = false;
			lx->p++;
			return;
		case '\\':
			if (p + 1 < lx->n && escapable_in_dq(s[p + 1])) {
				mark(lx, f, p);
				if (s[p + 1] == '\n')
					mark(lx, f, p + 1);
				lx->p += 2;
			} else {
				lx->p++;
			}
			return;
		case '$':
			dollar(lx, f);
			return;
		case '`':
			backquote(lx, f);
			return;
		default:
			lx->p = run_without(s, p + 1, lx->n, B_DQ);
			return;
		}
	}
	switch (c) {
	case ' ': case '\t': case '\r': case '\n':
	case ';': case '&': case '|': case '<': case '>': case ')':
		if (f->w_array) {
			if (c == ')')
				f->w_array--;
			lx->p++;
			return;
		}
		end_word(lx, f, p);
		return;
	case '(': {
		size_t ap = assign_prefix(s + f->w_start, p - f->w_start);
		if (f->w_array || (ap && ap == p - f->w_start)) {
			f->w_array++;
			lx->p++;
			return;
		}
		end_word(lx, f, p);
		return;
	}
	case '\\':
		if (p + 1 < lx->n) {
			mark(lx, f, p);
			if (s[p + 1] == '\n')
				mark(lx, f, p + 1);
			else
				f->w_quoted = true;
			lx->p += 2;
		} else {
			lx->p++;
		}
		return;
	case '\'':
		single_quote(lx, f);
		return;
	case '"':
		mark(lx, f, p);
		f->w_dq = true;
		f->w_quoted = true;
		lx->p++;
		return;
	case '$':
		dollar(lx, f);
		return;
	case '`':
		backquote(lx, f);
		return;
	default:
		lx->p = run_without(s, p + 1, lx->n, B_WORD);
		after_run(lx, f);
		return;
	}
}

static void redirect_op(struct lexer *lx, struct frame *f)
{
	const char *s = lx->s;
	size_t p = lx->p, n = lx->n;
	char c1 = p + 1 < n ? s[p + 1] : 0;
	char c2 = p + 2 < n ? s[p + 2] : 0;
	int kind = R_FILE;
	if (s[p] == '<') {
		if (c1 == '<') {
			if (c2 == '<') {
				p += 3;          /* <<< here-string */
			} else if (c2 == '-') {
				p += 3;
				kind = R_HEREDOC_TABS;
			} else {
				p += 2;
				kind = R_HEREDOC;
			}
		} else if (c1 == '&' || c1 == '>') {
			p += 2;
		} else {
			p += 1;
		}
	} else {
		p += (c1 == '>' || c1 == '&' || c1 == '|') ? 2 : 1;
	}
	lx->p = p;
	f->b.redir = kind;
}

/* A ')' between words: closes a case pattern, a subshell or a command
 * substitution (and any group or case left open inside it). */
static void paren_close(struct lexer *lx, struct frame *f)
{
	if (f->kind == K_CASE && f->cstate == CS_PATTERN) {
		f->cstate = CS_BODY;
		lx->p++;
		return;
	}
	int i = lx->top;
	while (i > 0 && lx->fr[i].kind != K_SUBSHELL &&
	       lx->fr[i].kind != K_CMDSUB && lx->fr[i].kind != K_BACKQ)
		i--;
	if (i == 0 || lx->fr[i].kind == K_BACKQ) {
		lx->p++;  /* stray: ends the command */
		finish_cmd(lx, f, SH_OP_SEQ);
		return;
	}
	while (lx->top >= i) {
		f = cur(lx);
		finish_cmd(lx, f, SH_OP_END);
		pop_frame(lx);
	}
	lx->p++;
}

static void paren_open(struct lexer *lx, struct frame *f)
{
	const char *s = lx->s;
	size_t p = lx->p;
	if (f->kind == K_CASE && f->cstate == CS_PATTERN) {
		lx->p++;
		return;
	}
	if (f->b.argc == 0 && f->b.nas == 0) {
		if (p + 1 < lx->n && s[p + 1] == '(') {
			skip_arith(lx, p + 2);
			return;
		}
		lx->p++;
		push_frame(lx, K_SUBSHELL);
		return;
	}
	/* "name ()": a function definition, not a command */
	size_t q = p + 1;
	while (q < lx->n && is_blank(s[q]))
		q++;
	if (q < lx->n && s[q] == ')') {
		reset_builder(lx, &f->b);
		lx->p = q + 1;
		return;
	}
	finish_cmd(lx, f, SH_OP_SEQ);
	lx->p++;
	push_frame(lx, K_SUBSHELL);
}

/* One step between words; true when it was a plain word, begun and
 * ended (step_between() then goes on at once). */
static bool step_between_one(struct lexer *lx, struct frame *f)
{
	const char *s = lx->s;
	size_t p = lx->p, n = lx->n;
	char c = s[p];
	if (is_blank(c)) {
		/* blanks change nothing: go on with the byte after them */
		do
			p++;
		while (p < n && is_blank(s[p]));
		lx->p = p;
		if (p == n)
			return false;
		c = s[p];
	}
	char c1 = p + 1 < n ? s[p + 1] : 0;
	switch (c) {
	case '\\':
		if (c1 == '\n') {
			lx->p += 2;
			return false;
		}
		begin_word(lx, f);
		return false;
	case '\n':
		lx->p++;
		finish_cmd(lx, f, SH_OP_SEQ);
		if (lx->nhd)
			skip_heredocs(lx);
		return false;
	case ';':
		if (c1 == ';' || c1 == '&') {
			lx->p += 2;
			if (lx->p < n && s[lx->p] == '&')
				lx->p++;
			finish_cmd(lx, f, SH_OP_SEQ);
			if (f->kind == K_CASE)
				f->cstate = CS_PATTERN;
			return false;
		}
		lx->p++;
		finish_cmd(lx, f, SH_OP_SEQ);
		return false;
	case '&':
		if (c1 == '&') {
			lx->p += 2;
			finish_cmd(lx, f, SH_OP_AND);
		} else if (c1 == '>') {
			lx->p += 2;
			if (lx->p < n && s[lx->p] == '>')
				lx->p++;
			f->b.redir = R_FILE;
		} else {
			lx->p++;
			finish_cmd(lx, f, SH_OP_BG);
		}
		return false;
	case '|':
		if (f->kind == K_CASE && f->cstate == CS_PATTERN) {
			lx->p++;
			return false;
		}
		if (c1 == '|') {
			lx->p += 2;
			finish_cmd(lx, f, SH_OP_OR);
		} else {
			lx->p += c1 == '&' ? 2 : 1;
			finish_cmd(lx, f, SH_OP_PIPE);
		}
		return false;
	case '<': case '>':
		if (c1 == '(') {   /* process substitution: a word */
			begin_word(lx, f);
			lx->p += 2;
			push_frame(lx, K_CMDSUB);
			return false;
		}
		redirect_op(lx, f);
		return false;
	case '(':
		paren_open(lx, f);
		return false;
	case ')':
		paren_close(lx, f);
		return false;
	case '#':
		while (lx->p < n && s[lx->p] != '\n')
			lx->p++;
		return false;
	case '`':
		backquote(lx, f);
		return false;
	default:
		begin_word(lx, f);
		if (!(byte_class[(unsigned char)c] & B_WORD)) {
			/* what step_word() does next with a plain byte */
			lx->p = run_without(s, p + 1, n, B_WORD);
			after_run(lx, f);
			return true;
		}
		return false;
	}
}

static void step_between(struct lexer *lx, struct frame *f)
{
	int top = lx->top;
	while (step_between_one(lx, f) && !f->w_active && lx->top == top &&
	       !lx->err && lx->p < lx->n)
		;
}

struct order {
	size_t offset;
	int depth;
	size_t idx;
};

static int cmp_order(const void *x, const void *y)
{
	const struct order *a = x, *b = y;
	if (a->offset != b->offset)
		return a->offset < b->offset ? -1 : 1;
	if (a->depth != b->depth)
		return a->depth < b->depth ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static bool is_option(const char *w)
{
	return w[0] == '-';
}

/* Skips the options of a wrapper at argv[k] (k just past its name);
 * "with_arg" lists the options whose value is the next word. */
static size_t skip_wrapper_options(const struct sh_cmd *c, size_t k,
				   const char *const *with_arg)
{
	while (k < c->argc && is_option(c->argv[k].text)) {
		const char *o = c->argv[k++].text;
		for (size_t i = 0; with_arg[i]; i++)
			if (txt_eq(o, with_arg[i]) && k < c->argc) {
				k++;
				break;
			}
	}
	return k;
}

/* Whether runuser at argv[k] runs a command line itself: "-u USER". */
static bool runs_argv(const struct sh_cmd *c, size_t k)
{
	for (size_t j = k + 1; j < c->argc && is_option(c->argv[j].text); j++)
		if (txt_eq(c->argv[j].text, "-u") ||
		    txt_eq(c->argv[j].text, "--user"))
			return true;
	return false;
}

/* strcmp() == 0, with the first bytes compared inline: most names
 * differ there (command_start() runs for every command). */
static bool same(const char *a, const char *b)
{
	return txt_eq(a, b);
}

/* Whether a command name is one of the wrappers command_start() knows
 * (by first byte: most command names are none of them). */
static bool maybe_wrapper(const char *n)
{
	switch (n[0]) {
	case 's':
		return !strcmp(n, "sudo") || !strcmp(n, "stdbuf") ||
		       !strcmp(n, "setsid") || !strcmp(n, "su-exec");
	case 'd':
		return !strcmp(n, "doas");
	case 'e':
		return !strcmp(n, "env") || !strcmp(n, "exec") ||
		       !strcmp(n, "eatmydata");
	case 'x':
		return !strcmp(n, "xargs");
	case 'n':
		return !strcmp(n, "nice") || !strcmp(n, "nohup");
	case 't':
		return !strcmp(n, "time") || !strcmp(n, "timeout");
	case 'c':
		return !strcmp(n, "command") || !strcmp(n, "chronic") ||
		       !strcmp(n, "chroot");
	case 'g':
		return !strcmp(n, "gosu");
	case 'r':
		return !strcmp(n, "runuser");
	default:
		return false;
	}
}

/* The index of the command proper in c (see sh_cmd.start); *name_out
 * gets its base name (sh_cmd.name: "" when none).  When env there has an
 * -S string, *env_s (may be NULL) says where it is and the command is
 * unknown until that string is split (env_split_words()). */
static size_t wrappers(const struct sh_cmd *c, struct sh_env_at *env_s,
		       const char **name_out)
{
	static const char *const sudo_args[] = { "-u", "-g", "-C", "-D",
						 NULL };
	static const char *const xargs_args[] = { "-I", "-i", "-n", "-P",
						  "-L", "-d", "-a", "-E",
						  "-s", NULL };
	static const char *const no_args[] = { NULL };
	static const char *const nice_args[] = { "-n", "--adjustment", NULL };
	static const char *const timeout_args[] = { "-s", "--signal", "-k",
						    "--kill-after", NULL };
	static const char *const chroot_args[] = { "--userspec", "--groups",
						   NULL };
	static const char *const runuser_args[] = { "-u", "--user", "-g",
						    "--group", "-G",
						    "--supp-group", "-w",
						    "--whitelist-environment",
						    NULL };
	static const char *const plain[] = { "nohup", "time",
					     "command", "exec", "eatmydata",
					     "stdbuf", "chronic", "setsid",
					     NULL };
	size_t k = 0, named = SIZE_MAX;
	const char *name = "";
	for (int guard = 0; guard < 8 && k < c->argc; guard++) {
		name = io_base_name(c->argv[k].text);
		named = k;
		if (!maybe_wrapper(name))
			break;
		bool is_plain = false;
		for (size_t i = 0; plain[i]; i++)
			if (same(name, plain[i]))
				is_plain = true;
		if (same(name, "sudo") || same(name, "doas")) {
			k = skip_wrapper_options(c, k + 1, sudo_args);
		} else if (same(name, "env")) {
			k = sh_env_options(c, k + 1, env_s);
		} else if (same(name, "xargs")) {
			k = skip_wrapper_options(c, k + 1, xargs_args);
		} else if (same(name, "nice")) {
			k = skip_wrapper_options(c, k + 1, nice_args);
		} else if (is_plain) {
			k = skip_wrapper_options(c, k + 1, no_args);
		} else if (txt_eq(name, "timeout")) {
			/* timeout [options] DURATION command */
			k = skip_wrapper_options(c, k + 1, timeout_args) + 1;
		} else if (txt_eq(name, "chroot")) {
			/* chroot [options] NEWROOT [command] */
			k = skip_wrapper_options(c, k + 1, chroot_args) + 1;
		} else if (txt_eq(name, "gosu") || txt_eq(name, "su-exec")) {
			k += 2;  /* gosu USER[:GROUP] command */
		} else if (txt_eq(name, "runuser") && runs_argv(c, k)) {
			/* runuser -u USER [--] command (without -u it
			 * takes -c like su: script_string()) */
			k = skip_wrapper_options(c, k + 1, runuser_args);
		} else {
			break;
		}
	}
	if (k >= c->argc) {
		*name_out = "";
		return c->argc;
	}
	*name_out = named == k ? name : io_base_name(c->argv[k].text);
	return k;
}

static size_t command_start(const struct sh_cmd *c, const char **name_out)
{
	return wrappers(c, NULL, name_out);
}

/* Fills the package manager fields of every command (start and name
 * are set as commands are gathered: command_start()). */
static void resolve_commands(struct sh_script *out)
{
	for (size_t i = 0; i < out->ncmds; i++)
		sh_cmd_classify(&out->cmds[i]);
}

/* One pass of the lexer over s[0..n) with the frames "fr" (shared by the
 * passes: a pass is done with them before the next begins).  Its
 * commands are left in lx->cmds, unsorted, with offsets into s. */
static int lex(struct lexer *lx, struct gathered *g, const char *s, size_t n)
{
	struct frame *fr = g->fr;
	memset(lx, 0, sizeof(*lx));
	lx->s = s;
	lx->n = n;
	lx->a = g->a;
	lx->fr = fr;
	lx->g = g;
	lx->pool = g->pool;
	lx->pool_left = g->pool_left;
	lx->args = g->args;
	lx->argcap = g->argcap;
	lx->as = g->as;
	lx->ascap = g->ascap;
	/* not read before it is written: push_frame() clears each frame it
	 * enters, frame 0 is cleared here */
	lx->lvl = arena_alloc_raw(lx->a, n + 1);
	if (!lx->lvl)
		return BH_ENOMEM;
	memset(lx->lvl, LVL_LITERAL, n + 1);
	memset(&fr[0], 0, sizeof(fr[0]));
	fr[0].kind = K_TOP;
	fr[0].prev = SH_NONE;

	while (!lx->err && lx->p < lx->n) {
		struct frame *f = cur(lx);
		if (f->w_active)
			step_word(lx, f);
		else
			step_between(lx, f);
	}
	/* end of input: close every open word, command and frame */
	while (!lx->err) {
		struct frame *f = cur(lx);
		if (f->w_active) {
			end_word(lx, f, lx->n);
			continue;
		}
		finish_cmd(lx, f, SH_OP_END);
		if (lx->top == 0)
			break;
		pop_frame(lx);
	}
	g->pool = lx->pool;
	g->pool_left = lx->pool_left;
	g->args = lx->args;
	g->argcap = lx->argcap;
	g->as = lx->as;
	g->ascap = lx->ascap;
	return lx->err;
}

static bool is_shell(const char *name)
{
	static const char *const shells[] = { "sh", "bash", "dash", "ash",
					      "zsh", "ksh", "mksh", NULL };
	switch (name[0]) {  /* the shells' first bytes */
	case 's': case 'b': case 'd': case 'a': case 'z': case 'k': case 'm':
		break;
	default:
		return false;
	}
	for (size_t i = 0; shells[i]; i++)
		if (txt_eq(name, shells[i]))
			return true;
	return false;
}

/* "sh [options] -c STRING [name [args]]" with the shell at argv[k]: the
 * index of STRING (the first operand once a short option bundle held a
 * c: "-c", "-ec", "-euxo pipefail -c"), or argc. */
static size_t shell_string(const struct sh_cmd *c, size_t k)
{
	bool has_c = false;
	size_t j = k + 1;
	for (; j < c->argc; j++) {
		const char *w = c->argv[j].text;
		if (w[0] != '-' && w[0] != '+')
			break;
		if (txt_eq(w, "--") || txt_eq(w, "-")) {
			j++;
			break;
		}
		if (w[1] == '-') {  /* bash's long options */
			if (txt_eq(w, "--rcfile") ||
			    txt_eq(w, "--init-file"))
				j++;
			continue;
		}
		if (w[0] == '-' && strchr(w + 1, 'c'))
			has_c = true;
		if (strchr(w + 1, 'o'))  /* -o NAME, -eo NAME: a value */
			j++;
	}
	return has_c && j < c->argc ? j : c->argc;
}

/* "su [options] [-] [user] -c STRING", also "-lc STRING", "--command
 * STRING", "--command=STRING" (util-linux su and runuser take options
 * after the user too), with su at argv[k]: the index of STRING's word
 * and in *skip the bytes of its text before STRING, or argc. */
static size_t su_string(const struct sh_cmd *c, size_t k, size_t *skip)
{
	static const char *const with_value[] = {
		"-s", "--shell", "-g", "--group", "-G", "--supp-group", "-w",
		"--whitelist-environment", NULL,
	};
	static const char *const cmd_eq[] = { "--command=",
					      "--session-command=", NULL };
	for (size_t j = k + 1; j < c->argc; j++) {
		const char *w = c->argv[j].text;
		size_t l = strlen(w);
		if (txt_eq(w, "--"))
			break;
		if (txt_eq(w, "--command") ||
		    txt_eq(w, "--session-command") ||
		    (w[0] == '-' && w[1] != '-' && l >= 2 && w[l - 1] == 'c' &&
		     strspn(w + 1, "lmpfP") == l - 2))
			return j + 1 < c->argc ? j + 1 : c->argc;
		for (size_t i = 0; cmd_eq[i]; i++)
			if (!strncmp(w, cmd_eq[i], strlen(cmd_eq[i]))) {
				*skip = strlen(cmd_eq[i]);
				return j;
			}
		for (size_t i = 0; with_value[i]; i++)
			if (txt_eq(w, with_value[i])) {
				j++;
				break;
			}
	}
	return c->argc;
}

/* The argv index of the script string c hands another shell (see the
 * header: sh -c, su -c, runuser -c, after wrappers), or argc; *skip as
 * in su_string().  c->start and c->name are set (command_start()). */
static size_t script_string(const struct sh_cmd *c, size_t *skip)
{
	size_t k = c->start;
	*skip = 0;
	if (k >= c->argc)
		return c->argc;
	const char *name = c->name;
	if (is_shell(name))
		return shell_string(c, k);
	if (txt_eq(name, "su") || txt_eq(name, "runuser"))
		return su_string(c, k, skip);
	return c->argc;
}

/* Whether w may name env or a wrapper of command_start() (by its first
 * two bytes: a cheap test run for every command), or is a path. */
static bool maybe_env_wrapper(const char *w)
{
	char b = w[0] ? w[1] : 0;
	switch (w[0]) {
	case '/': return true;
	case 'c': return b == 'o' || b == 'h';
	case 'd': case 'g': return b == 'o';
	case 'e': return b == 'n' || b == 'x' || b == 'a';
	case 'n': return b == 'i' || b == 'o';
	case 'r': return b == 'u';
	case 's': return b == 'u' || b == 't' || b == 'e';
	case 't': return b == 'i';
	case 'x': return b == 'a';
	default: return false;
	}
}

/* Whether one of c's first words (where wrappers are) is env or a
 * path to it; a command not starting with a wrapper has none. */
static bool has_env(const struct sh_cmd *c)
{
	if (c->argc == 0 || !maybe_env_wrapper(c->argv[0].text))
		return false;
	for (size_t k = 0; k < c->argc && k < 9; k++) {
		const char *w = c->argv[k].text;
		if (w[0] == 'e') {
			if (w[1] == 'n' && w[2] == 'v' && !w[3])
				return true;
		} else if (w[0] == '/') {
			size_t l = strlen(w);
			if (l >= 4 && !memcmp(w + l - 4, "/env", 4))
				return true;
		}
	}
	return false;
}

/* The map of lexer word w's text (the bytes of its raw that are no
 * syntax of its own frame) to its offsets in the pass's text, with one
 * more entry one past its end, in *out; NULL when they do not match. */
static int lex_word_map(struct arena *a, const struct lexer *lx,
			const struct sh_word *w, const size_t **out)
{
	size_t rl = strlen(w->raw), tl = strlen(w->text);
	size_t *m = arena_array(a, tl + 1, sizeof(*m));
	if (!m)
		return BH_ENOMEM;
	size_t k = 0;
	for (size_t b = w->offset; b < w->offset + rl && b < lx->n; b++)
		if (lx->lvl[b] != w->level) {
			if (k < tl)
				m[k] = b;
			k++;
		}
	m[tl] = w->offset + rl;
	*out = k == tl ? m : NULL;
	return 0;
}

/* "env -S STRING" (behind wrappers; a string holding another -S too):
 * c's argv with the string's words in its place, as env splits it
 * (sh_env_split()); *wm maps each of the new words' text bytes to its
 * offset (NULL for the lexer's own words).  lx is NULL for words already
 * split (sh_split_argv(): *wm starts as their maps).  A string env would
 * refuse stays one word, its command unknown. */
static __attribute__((noinline)) int
env_split_slow(struct arena *a, const struct lexer *lx, struct sh_cmd *c,
	       const size_t *const **wm)
{
	for (int round = 0; round < SH_MAX_STRINGS; round++) {
		struct sh_env_at at = { SH_NONE, SH_NONE, 0 };
		const char *name;
		wrappers(c, &at, &name);
		if (at.word == SH_NONE)
			return 0;
		const size_t *sm = *wm ? (*wm)[at.word] : NULL;
		if (!sm && lx) {
			int rc = lex_word_map(a, lx, &c->argv[at.word], &sm);
			if (rc)
				return rc;
		}
		if (!sm)
			return 0;
		int rc = sh_env_split(a, c, at, sm, wm);
		if (rc)
			return rc < 0 ? rc : 0;
	}
	return 0;
}

/* env_split_slow() for the few commands that may run env. */
static inline int env_split_words(struct arena *a, const struct lexer *lx,
				  struct sh_cmd *c, const size_t *const **wm)
{
	return has_env(c) ? env_split_slow(a, lx, c, wm) : 0;
}


static int gather(struct gathered *g, const struct sh_cmd *c)
{
	if (g->n == g->cap) {
		size_t nc = g->cap ? g->cap * 2 : 16;
		struct sh_cmd *p = nc > g->cap ? grow_unzeroed(g->a, g->cmds,
							      g->n, nc,
							      sizeof(*p))
					       : NULL;
		if (!p)
			return BH_ENOMEM;
		g->cmds = p;
		g->cap = nc;
	}
	g->cmds[g->n++] = *c;
	return 0;
}

/* A -c string found in a pass: where its text is and, per byte, the
 * offset in the script it came from. */
struct inner {
	const char *text;
	size_t len;
	const size_t *map;
	size_t host;         /* the command handing it over, in g->cmds */
	size_t word;         /* the string's argv index in that command */
};

/* The -c string argv[j] of c came from an env -S string: its text's
 * map "wm" is in the pass's offsets, "map" (may be NULL) takes them to
 * the script's.  Fills *in and returns 1, or 0 when it is empty. */
static int enter_env_word(struct gathered *g, const struct sh_cmd *c,
			  size_t j, size_t skip, const size_t *wm,
			  const size_t *map, struct inner *in, size_t host)
{
	size_t tl = strlen(c->argv[j].text);
	if (tl <= skip)
		return 0;
	size_t *m = arena_array(g->a, tl + 1, sizeof(*m));
	if (!m)
		return BH_ENOMEM;
	for (size_t k = 0; k < tl; k++)
		m[k] = map ? map[wm[k]] : wm[k];
	m[tl] = m[tl - 1] + 1;
	*in = (struct inner){ c->argv[j].text + skip, tl - skip, m + skip,
			      host, j };
	return 1;
}

/* Lexes s[0..n) (the script, or a -c string whose byte i came from the
 * script's byte map[i]) and gathers its commands with script offsets,
 * then does the same for the -c strings they hand over, "strings"
 * levels deep at most.  "host" is the command whose string s is, or
 * SH_NONE. */
static int split_pass(struct gathered *g, const char *s, size_t n,
		      const size_t *map, size_t host, int strings)
{
	struct lexer lx;
	size_t base = g->n;
	int rc = lex(&lx, g, s, n);
	if (rc) {
		g->n = base;  /* a pass adds all its commands or none */
		return rc;
	}
	size_t ncmds = g->n - base;
	struct inner *in = NULL;
	size_t nin = 0;
	if (strings > 0) {
		in = arena_alloc_raw(g->a, (ncmds + 1) * sizeof(*in));
		if (!in)
			return BH_ENOMEM;
	}
	for (size_t i = 0; i < ncmds; i++) {
		struct sh_cmd *c = &g->cmds[base + i];
		const size_t *const *wm = NULL;
		rc = env_split_words(g->a, &lx, c, &wm);
		if (rc)
			return rc;
		size_t skip = 0;
		c->start = command_start(c, &c->name);
		size_t j = script_string(c, &skip);
		if (j < c->argc && strings == 0 &&
		    strlen(c->argv[j].text) > skip) {
			c->unentered = j;  /* one string too deep */
		} else if (j < c->argc && wm && wm[j]) {
			rc = enter_env_word(g, c, j, skip, wm[j], map,
					    &in[nin], base + i);
			if (rc < 0)
				return rc;
			nin += (size_t)rc;
		} else if (j < c->argc) {
			/* the bytes of the word's text are the word's
			 * source bytes that are no syntax of its own frame */
			const struct sh_word *w = &c->argv[j];
			size_t rl = strlen(w->raw), tl = strlen(w->text);
			size_t *m = arena_array(g->a, tl + 1, sizeof(*m));
			if (!m)
				return BH_ENOMEM;
			size_t k = 0;
			for (size_t b = w->offset; b < w->offset + rl && b < n;
			     b++)
				if (lx.lvl[b] != w->level) {
					if (k < tl)
						m[k] = map ? map[b] : b;
					k++;
				}
			if (k == tl && tl > skip) {
				in[nin++] = (struct inner){ w->text + skip,
							    tl - skip,
							    m + skip,
							    base + i, j };
			}
		}
		if (host != SH_NONE) {
			const struct sh_cmd *h = &g->cmds[host];
			c->depth += h->depth + 1;
			c->in_substitution = c->in_substitution ||
					     h->in_substitution;
			c->in_string = true;
			c->host = host;
		}
		if (map) {
			for (size_t k = 0; k < c->argc; k++)
				c->argv[k].offset = map[c->argv[k].offset];
			for (size_t k = 0; k < c->nassigns; k++)
				c->assigns[k].offset = map[c->assigns[k].offset];
			size_t e = c->end_offset;
			c->offset = map[c->offset];
			c->end_offset = e ? map[e - 1] + 1 : c->offset;
		}
	}
	for (size_t i = 0; i < nin; i++) {
		rc = split_pass(g, in[i].text, in[i].len, in[i].map,
				in[i].host, strings - 1);
		if (rc == BH_ELIMIT) {
			/* too deep inside: the string stays a word */
			g->cmds[in[i].host].unentered = in[i].word;
			continue;
		}
		if (rc)
			return rc;
	}
	return 0;
}

/* Puts the gathered commands in source order and remaps the "next"
 * links.  A command met twice (a $( ) in a double-quoted -c string: the
 * outer shell runs it, and the string's pass saw it again) is kept once,
 * as the outer one, which sorts first. */
static int sort_cmds(struct gathered *g, struct sh_script *out)
{
	size_t n = g->n;
	out->cmds = NULL;
	out->ncmds = 0;
	if (n == 0)
		return 0;
	/* most scripts have no substitution or -c string: their commands
	 * come out of the lexer in order already, none repeated, and are
	 * returned where they are */
	bool sorted = true;
	for (size_t i = 1; i < n && sorted; i++) {
		const struct sh_cmd *a = &g->cmds[i - 1], *b = &g->cmds[i];
		if (a->offset > b->offset ||
		    (a->offset == b->offset &&
		     (a->depth > b->depth || b->in_string)))
			sorted = false;
	}
	if (sorted) {
		out->cmds = g->cmds;
		out->ncmds = n;
		return 0;
	}
	if (n > SIZE_MAX / sizeof(struct sh_cmd))
		return BH_ENOMEM;
	/* every element of the three is written before it is read */
	struct order *ord = arena_alloc_raw(g->a, n * sizeof(*ord));
	size_t *newpos = arena_alloc_raw(g->a, n * sizeof(*newpos));
	struct sh_cmd *cmds = arena_alloc_raw(g->a, n * sizeof(*cmds));
	if (!ord || !newpos || !cmds)
		return BH_ENOMEM;
	/* nearly in order (a substitution's commands come before the
	 * command holding them): insertion sort, or qsort() once it has
	 * moved more than a few elements per command.  The order is total
	 * (idx breaks ties): both give the same result. */
	size_t budget = 4 * n + 64;
	bool done = true;
	for (size_t i = 0; i < n; i++) {
		struct order o = { g->cmds[i].offset, g->cmds[i].depth, i };
		size_t j = i;
		while (j > 0 && cmp_order(&ord[j - 1], &o) > 0) {
			if (budget == 0)
				break;
			budget--;
			ord[j] = ord[j - 1];
			j--;
		}
		ord[j] = o;
		if (budget == 0) {
			done = false;
			for (size_t k = i + 1; k < n; k++)
				ord[k] = (struct order){ g->cmds[k].offset,
							 g->cmds[k].depth, k };
			break;
		}
	}
	if (!done)
		qsort(ord, n, sizeof(*ord), cmp_order);
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		const struct sh_cmd *c = &g->cmds[ord[i].idx];
		if (m && c->in_string && cmds[m - 1].offset == c->offset) {
			newpos[ord[i].idx] = SH_NONE;
			continue;
		}
		newpos[ord[i].idx] = m;
		cmds[m++] = *c;
	}
	for (size_t i = 0; i < m; i++) {
		if (cmds[i].next != SH_NONE)
			cmds[i].next = newpos[cmds[i].next];
		if (cmds[i].host != SH_NONE)
			cmds[i].host = newpos[cmds[i].host];
	}
	out->cmds = cmds;
	out->ncmds = m;
	return 0;
}

int sh_split(const char *script, size_t len, struct arena *a,
	     struct sh_script *out)
{
	out->cmds = NULL;
	out->ncmds = 0;
	if (!script)
		len = 0;
	if (len == SIZE_MAX)
		return BH_ELIMIT;
	struct frame fr[SH_MAX_DEPTH];  /* ~8 KiB, shared by the passes */
	struct gathered g = { .a = a, .fr = fr, .cap = 8, .argcap = 32,
			      .ascap = 4 };
	/* most scripts have at most a few commands: no growing for them */
	g.cmds = arena_alloc_raw(a, g.cap * sizeof(*g.cmds));
	g.args = arena_alloc_raw(a, g.argcap * sizeof(*g.args));
	g.as = arena_alloc_raw(a, g.ascap * sizeof(*g.as));
	if (!g.cmds || !g.args || !g.as)
		return BH_ENOMEM;
	int rc = split_pass(&g, script ? script : "", len, NULL, SH_NONE,
			    SH_MAX_STRINGS);
	if (rc == 0)
		rc = sort_cmds(&g, out);
	if (rc == 0)
		resolve_commands(out);
	return rc;
}

int sh_split_argv(const struct sh_word *argv, size_t argc,
		  const size_t *const *maps, struct arena *a,
		  struct sh_script *out)
{
	out->cmds = NULL;
	out->ncmds = 0;
	if (!argv || argc == 0)
		return 0;
	struct gathered g = { .a = a };
	struct frame fr[SH_MAX_DEPTH];
	g.fr = fr;
	struct sh_word *av = arena_array(a, argc, sizeof(*av));
	if (!av)
		return BH_ENOMEM;
	memcpy(av, argv, argc * sizeof(*av));
	const struct sh_word *last = &av[argc - 1];
	struct sh_cmd c = {
		.argv = av, .argc = argc, .op_after = SH_OP_END,
		.host = SH_NONE, .next = SH_NONE, .offset = av[0].offset,
		.end_offset = last->offset + strlen(last->raw),
	};
	/* env -S STRING: the string's words in its place */
	int rc = env_split_words(a, NULL, &c, &maps);
	if (rc)
		return rc;
	av = c.argv;
	argc = c.argc;
	c.start = command_start(&c, &c.name);
	rc = gather(&g, &c);
	if (rc)
		return rc;
	/* the words are the top level: their -c string is one string deep,
	 * as "sh -c '...'" in a script */
	size_t skip = 0;
	size_t j = script_string(&c, &skip);
	size_t tl = j < argc ? strlen(av[j].text) : 0;
	if (j < argc && maps && maps[j] && tl > skip) {
		rc = split_pass(&g, av[j].text + skip, tl - skip,
				maps[j] + skip, 0, SH_MAX_STRINGS - 1);
		if (rc == BH_ELIMIT) {
			g.cmds[0].unentered = j;
			rc = 0;
		}
		if (rc)
			return rc;
	}
	rc = sort_cmds(&g, out);
	if (rc == 0)
		resolve_commands(out);
	return rc;
}

const char *sh_cmd_name(const struct sh_cmd *c)
{
	if (!c || c->argc == 0 || !c->argv[0].text)
		return "";
	return io_base_name(c->argv[0].text);
}
