/* SPDX-License-Identifier: Apache-2.0
 *
 * df_lex.h - text primitives the Dockerfile parser needs to behave exactly
 * like BuildKit's Go code: UTF-8 decoding with Go's error rune, Go's
 * unicode.IsSpace, strconv.Quote, encoding/json's view of an array of
 * strings, strings.ToLower for keywords, and the shell word splitter
 * (frontend/dockerfile/shell) as the heredoc detector runs it.
 *
 * Internal to src/parse (df_parse.c, the fuzz target, unit tests).
 * Memory: functions taking an arena allocate their results there; those
 * taking a strbuf append to it; struct df_words owns heap memory released
 * by df_words_free().
 */
#ifndef BH_DF_LEX_H
#define BH_DF_LEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/arena.h"
#include "../util/strbuf.h"

#define DF_RUNE_ERROR 0xFFFDu
/* ${...} nesting the shell lexer follows (its only recursion) */
#define DF_MAX_SUBST_DEPTH 64

/* Decode one rune from s (n > 0 bytes) as Go's utf8.DecodeRune: invalid or
 * short sequences give DF_RUNE_ERROR and width 1.  Returns the width. */
size_t df_lex_decode(const char *s, size_t n, uint32_t *r);
/* UTF-8 encode r (invalid code points as U+FFFD) into out; returns length. */
size_t df_lex_encode(uint32_t r, char out[4]);

/* Go's unicode.IsSpace. */
bool df_lex_is_space(uint32_t r);
/* unicode.IsSpace(rune(b)) for a single byte, as byte-wise Go loops do:
 * true also for 0x85 and 0xA0. */
bool df_lex_is_space_byte(unsigned char b);
/* Number of leading bytes bytes.TrimLeftFunc(s, unicode.IsSpace) drops. */
size_t df_lex_trim_left(const char *s, size_t n);
/* Length left after bytes.TrimRightFunc(s, unicode.IsSpace). */
size_t df_lex_trim_right(const char *s, size_t n);

/* Append strconv.Quote(s) to sb.  Printability follows Go's unicode
 * tables for ASCII, Latin-1, spaces, format characters, private use and
 * surrogates; unassigned code points elsewhere count as printable. */
void df_lex_quote(struct strbuf *sb, const char *s, size_t n);

/* strings.ToLower(s) into the arena (ASCII fast path; invalid UTF-8 becomes
 * U+FFFD as strings.Map does; non-ASCII letters of Latin-1, Latin
 * Extended-A, Greek and Cyrillic, U+0130 and U+212A are lowered).  NULL
 * when the arena is over its cap. */
char *df_lex_lower(struct arena *a, const char *s, size_t n, size_t *outlen);

/* One string element of a JSON array. */
struct df_jstr {
	char *text;      /* decoded, NUL-terminated (may hold NULs) */
	size_t len;
	size_t off;      /* offset of its opening quote in the input */
};

enum df_json_result {
	DF_JSON_OK = 0,          /* an array of strings */
	DF_JSON_INVALID = 1,     /* not JSON, or not starting with '[' */
	DF_JSON_NOT_STRINGS = 2, /* valid JSON, but some element is no string */
};

/* BuildKit's parseJSON: s (after leading Unicode space) must be one JSON
 * array (Go encoding/json grammar, depth <= 10000, trailing JSON space
 * only).  On DF_JSON_OK the elements are in *out (arena).  Returns a
 * df_json_result, or BH_ELIMIT when the arena is over its cap. */
int df_lex_json_strings(const char *s, size_t n, struct arena *a,
			struct df_jstr **out, size_t *count);

/* Words from the shell lexer: heap buffers, reused between calls. */
struct df_words {
	struct strbuf buf;   /* word bytes, each word followed by a NUL */
	size_t *off;         /* start of word i in buf */
	size_t *len;
	size_t n, cap;
	bool failed;         /* out of memory */
};

void df_words_free(struct df_words *w);

/* ProcessWords of BuildKit's shell.Lex with escape '\\', unset variables
 * kept as written (SkipUnsetEnv) and the given RawQuotes / RawEscapes.
 * Returns 0 with the words in w (reset first), 1 when the lexer reports
 * an error (unterminated quote, bad ${...}, nesting deeper than
 * DF_MAX_SUBST_DEPTH; w is then empty), BH_ENOMEM on allocation failure. */
int df_lex_shell_words(const char *s, size_t n, bool raw_quotes,
		       bool raw_escapes, struct df_words *w);

#endif
