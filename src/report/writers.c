/* SPDX-License-Identifier: Apache-2.0
 *
 * writers.c - the table of report writers and the helpers they share.
 *
 * This file owns the name -> writer lookup (one line per format) and the
 * small sanitising helpers declared in rpt_util.h.  It does not format any
 * output itself: each rpt_<fmt>.c does.
 * Tests: tests/unit/report/test_report.c.
 */
#include "writer.h"

#include <stdio.h>
#include <string.h>

#include "rpt_util.h"
#include "../util/diag.h"

extern const struct rpt_writer rpt_text;
extern const struct rpt_writer rpt_json;
extern const struct rpt_writer rpt_sarif;

static const struct rpt_writer *const writers[] = {
	&rpt_text,
	&rpt_json,
	&rpt_sarif,
};

const struct rpt_writer *rpt_writer_find(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < sizeof(writers) / sizeof(writers[0]); i++)
		if (strcmp(writers[i]->name, name) == 0)
			return writers[i];
	return NULL;
}

/* Length of the valid UTF-8 sequence at "p" (at most "n" bytes), or 0. */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
	size_t len;
	unsigned cp;
	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		len = 2;
		cp = p[0] & 0x1f;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		len = 3;
		cp = p[0] & 0x0f;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		len = 4;
		cp = p[0] & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

json_t *rpt_json_str(const char *s)
{
	if (!s)
		s = "";
	size_t n = strlen(s);
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		size_t k = utf8_seq(p + i, n - i);
		if (!k)
			break;
		i += k;
	}
	if (i == n)
		return json_stringn(s, n);
	struct strbuf sb = STRBUF_INIT;
	strbuf_add(&sb, s, i);
	while (i < n) {
		size_t k = utf8_seq(p + i, n - i);
		if (k) {
			strbuf_add(&sb, p + i, k);
			i += k;
		} else {
			strbuf_adds(&sb, "\xef\xbf\xbd");
			i++;
		}
	}
	json_t *j = sb.failed ? NULL : json_stringn(strbuf_str(&sb), sb.len);
	strbuf_free(&sb);
	return j;
}

void rpt_json_quote(struct strbuf *sb, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	const unsigned char *run = p;
	strbuf_addc(sb, '"');
	while (*p) {
		unsigned char c = *p;
		if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
			p++;
			continue;
		}
		size_t k = c >= 0x80 ? utf8_seq(p, strnlen((const char *)p, 4)) : 0;
		if (k) {
			p += k;
			continue;
		}
		strbuf_add(sb, run, (size_t)(p - run));
		switch (c) {
		case '"': strbuf_adds(sb, "\\\""); break;
		case '\\': strbuf_adds(sb, "\\\\"); break;
		case '\b': strbuf_adds(sb, "\\b"); break;
		case '\f': strbuf_adds(sb, "\\f"); break;
		case '\n': strbuf_adds(sb, "\\n"); break;
		case '\r': strbuf_adds(sb, "\\r"); break;
		case '\t': strbuf_adds(sb, "\\t"); break;
		default:
			if (c < 0x20) {
				char u[7] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0 };
				strbuf_adds(sb, u);
			} else {
				strbuf_adds(sb, "\xef\xbf\xbd");  /* invalid UTF-8 */
			}
		}
		run = ++p;
	}
	strbuf_add(sb, run, (size_t)(p - run));
	strbuf_addc(sb, '"');
}

void rpt_add_printable(struct strbuf *sb, const char *s)
{
	if (!s)
		return;
	const char *run = s;
	for (const char *p = s;; p++) {
		unsigned char c = (unsigned char)*p;
		if (c && c != 0x7f && (c >= 0x20 || c == '\t'))
			continue;
		strbuf_add(sb, run, (size_t)(p - run));
		if (!c)
			return;
		strbuf_addc(sb, '?');
		run = p + 1;
	}
}

const char *rpt_rule_id(const struct bh_rule *r)
{
	return r && r->id ? r->id : "";
}

const char *rpt_finding_fix(const struct bh_finding *f)
{
	if (f->fix)
		return f->fix;
	if (f->rule && f->rule->fix)
		return f->rule->fix;
	return "";
}

bool rpt_is_secret_finding(const struct bh_finding *f)
{
	return f->rule && f->rule->practice &&
		strcmp(f->rule->practice, "no-secrets-in-image") == 0;
}

void rpt_count_severities(const struct bh_findings *fs, size_t counts[5])
{
	for (int i = 0; i < 5; i++)
		counts[i] = 0;
	if (!fs)
		return;
	for (size_t i = 0; i < fs->n; i++) {
		unsigned s = (unsigned)fs->v[i].severity;
		counts[s <= BH_SEV_CRITICAL ? s : BH_SEV_INFO]++;
	}
}

int rpt_emit(FILE *out, const char *s, size_t len)
{
	if (len && fwrite(s, 1, len, out) != len)
		return BH_EIO;
	if (fflush(out) != 0 || ferror(out))
		return BH_EIO;
	return BH_OK;
}

int rpt_emit_json(FILE *out, const json_t *root)
{
	if (json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0)
		return BH_EIO;
	return rpt_emit(out, "\n", 1);
}

bool rpt_counts_files(const struct rpt_run *run)
{
	return !run->command || strcmp(run->command, "image") != 0;
}
