/* SPDX-License-Identifier: Apache-2.0
 *
 * fuzz_secrets.c - libFuzzer target for the secret detector and the
 * .dockerignore matcher: the bytes are scanned as free text (matches must
 * be in bounds, in order and disjoint) and masked (an inline copy keeps
 * its byte length), split at the first '=' into a
 * NAME=value assignment, taken as a file path, and parsed as a
 * .dockerignore whose own lines are then matched as paths.
 * Seeds: fuzz/corpus/secrets/.  Built by fuzz/run.sh.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/dign.h"
#include "secrets/secrets.h"
#include "util/arena.h"
#include "util/diag.h"
#include "util/strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct check {
	size_t size;
	size_t last_end;
	size_t n;
};

static bool on_match(void *ctx, const struct sec_match *m)
{
	struct check *c = ctx;
	if (m->len == 0 || m->offset < c->last_end || m->offset > c->size ||
	    m->len > c->size - m->offset || !m->kind || !m->title)
		abort();
	c->last_end = m->offset + m->len;
	return ++c->n < 1000;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* exact-size heap copy: ASan sees any read past the end */
	char *text = malloc(size ? size : 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	struct check c = { size, 0, 0 };
	if (sec_scan_text(text, size, on_match, &c) != 0)
		abort();

	/* the masking primitive: an inline copy keeps the byte length */
	struct strbuf sb = STRBUF_INIT;
	if (sec_mask_text(text, size, NULL, 0, SEC_MASK_INLINE, &sb) != 0 ||
	    sb.len != size)
		abort();
	strbuf_free(&sb);
	if (sec_mask_text(text, size, NULL, 0, SEC_MASK_SHORT, &sb) != 0)
		abort();
	strbuf_free(&sb);

	/* NUL-terminated views: NAME=value, and a path */
	char *s = malloc(size + 1);
	if (!s) {
		free(text);
		return 0;
	}
	memcpy(s, data, size);
	s[size] = 0;
	char *eq = strchr(s, '=');
	struct sec_match m;
	if (eq) {
		*eq = 0;
		if (sec_check_assignment(s, eq + 1, &m) &&
		    m.offset + m.len > strlen(eq + 1))
			abort();
		*eq = '=';
	}
	(void)sec_name_is_sensitive(s);
	(void)sec_is_placeholder(s);
	const char *kind;
	(void)sec_path_is_secret_file(s, &kind);
	(void)sec_file_is_secret(s, text, size, &kind);

	struct arena a;
	arena_init(&a, (size_t)64 << 20);
	struct dign ign;
	struct diag d;
	diag_init(&d, "fuzz");
	if (dign_parse(text, size, &a, &ign, &d) == 0) {
		char *line = s;
		for (int i = 0; i < 16 && line; i++) {
			char *nl = strchr(line, '\n');
			if (nl)
				*nl = 0;
			(void)dign_excluded(&ign, line);
			line = nl ? nl + 1 : NULL;
		}
	}
	arena_free(&a);
	free(s);
	free(text);
	return 0;
}
