/* SPDX-License-Identifier: Apache-2.0
 *
 * strbuf.h - growable byte buffer on the heap, for building output.
 *
 * Contract: the buffer owns sb->buf (always NUL-terminated once anything
 * was appended); strbuf_free() releases it, strbuf_detach() hands it to the
 * caller (free() it).  On allocation failure the buffer sets sb->failed
 * and ignores further appends.
 */
#ifndef BH_STRBUF_H
#define BH_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf {
	char *buf;
	size_t len;
	size_t cap;
	bool failed;
};

#define STRBUF_INIT { NULL, 0, 0, false }

void strbuf_add(struct strbuf *sb, const void *data, size_t n);
void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_addc(struct strbuf *sb, char c);
void strbuf_printf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_reset(struct strbuf *sb);
void strbuf_free(struct strbuf *sb);
char *strbuf_detach(struct strbuf *sb);
/* The content, "" when empty (never NULL). */
const char *strbuf_str(const struct strbuf *sb);

#endif
