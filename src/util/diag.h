/* SPDX-License-Identifier: Apache-2.0
 *
 * diag.h - the one error sink (curl's Curl_failf, jq's error callback).
 *
 * Code outside src/cli never prints and never exits: it returns a negative
 * BH_E* code and records why in a struct diag, one line, naming file, line
 * and column.  Only the first error is kept: it is the cause; the rest are
 * usually consequences.  The struct is owned by the caller.
 */
#ifndef BH_DIAG_H
#define BH_DIAG_H

#include <stdbool.h>
#include <stddef.h>

enum bh_error {
	BH_OK = 0,
	BH_EIO = -1,     /* cannot read or write a file */
	BH_EPARSE = -2,  /* input is not valid for its format */
	BH_ELIMIT = -3,  /* input exceeds a size, depth or count bound */
	BH_ENOMEM = -4,  /* allocation failed */
	BH_EUSAGE = -5,  /* bad command line or configuration */
};

struct diag {
	const char *file;   /* borrowed; may be NULL */
	int line;           /* 0 = whole file */
	int col;
	int code;           /* BH_E* of the first error, BH_OK if none */
	char message[768];  /* the cause, without file:line prefix */
};

/* A message may quote its input (a parser's "can't find = in <word>"):
 * the filter, when set, rewrites every recorded message in place (buf of
 * "size" bytes, NUL-terminated); the CLI sets the secret masker
 * (sec_mask_buf) so no error line shows a secret value.  Set it once,
 * before any thread starts. */
typedef void (*diag_filter_fn)(char *buf, size_t size);
void diag_set_filter(diag_filter_fn fn);

void diag_init(struct diag *d, const char *file);
/* Record an error (only the first one sticks).  Returns "code". */
int diag_error(struct diag *d, int code, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
bool diag_failed(const struct diag *d);
/* "file:line:col: message" (parts omitted when unknown) into buf, with
 * control characters of file and message escaped (diag_escape). */
void diag_format(const struct diag *d, char *buf, unsigned size);
/* Copies "s" into buf (NUL-terminated, cut to fit, never inside a
 * character) with every control character - bytes < 0x20, 0x7f, and
 * U+0080..U+009F in UTF-8 - and every byte that starts no valid UTF-8
 * character written as \xHH, so text from input cannot drive a terminal
 * and every line is UTF-8 ("caf\xe9", "\x1b[31m").  The one escape of
 * every text output (stderr lines, text reports, tables).  Returns the
 * length written. */
size_t diag_escape(char *buf, size_t size, const char *s);
/* The length of the valid UTF-8 character at s (1 for ASCII and NUL;
 * overlong forms, surrogates, code points past U+10FFFF and truncated
 * sequences are not valid), or 0. */
size_t diag_utf8_len(const char *s);
/* The character at p (not NUL): its length in bytes, and in esc either
 * "" (shown as it is) or the "\xHH" diag_escape writes for it. */
size_t diag_char(const char *p, char esc[5]);

#endif
