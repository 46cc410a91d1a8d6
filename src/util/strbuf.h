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
#include <string.h>

struct strbuf {
	char *buf;
	size_t len;
	size_t cap;
	bool failed;
};

#define STRBUF_INIT { NULL, 0, 0, false }

/* Room for "extra" more bytes and a NUL; false (and sb->failed) when it
 * cannot be had.  Called by the inline appends below when out of room. */
bool strbuf_ensure_(struct strbuf *sb, size_t extra);

/* The appends are inline: the writers call them per byte and per key. */
static inline void strbuf_add(struct strbuf *sb, const void *data, size_t n)
{
	if ((n >= sb->cap - sb->len || sb->failed) && !strbuf_ensure_(sb, n))
		return;
	if (n)
		memcpy(sb->buf + sb->len, data, n);
	sb->len += n;
	sb->buf[sb->len] = 0;
}

static inline void strbuf_addc(struct strbuf *sb, char c)
{
	if ((sb->cap - sb->len < 2 || sb->failed) && !strbuf_ensure_(sb, 1))
		return;
	sb->buf[sb->len++] = c;
	sb->buf[sb->len] = 0;
}

void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_printf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_reset(struct strbuf *sb);
void strbuf_free(struct strbuf *sb);
char *strbuf_detach(struct strbuf *sb);
/* The content, "" when empty (never NULL). */
const char *strbuf_str(const struct strbuf *sb);

#endif
