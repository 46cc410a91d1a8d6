/* SPDX-License-Identifier: Apache-2.0
 *
 * sbom_java.c - the Maven packages of a Java archive (jar, war, ear,
 * par: a zip, read from memory with libarchive) and of a lone
 * pom.properties file.
 *
 * In an archive, every entry whose name ends in "pom.properties" is one
 * package: groupId:artifactId with its version (each value trimmed; all
 * three needed).  Nested archives (an entry ending in .jar, .war, .ear or
 * .par, such as Spring Boot's BOOT-INF/lib/x.jar) are read the same way,
 * up to JAVA_MAX_DEPTH deep and JAVA_MAX_NESTED bytes in all.  An archive
 * level without any pom.properties falls back, as Trivy and Syft do, on
 * its META-INF/MANIFEST.MF: group Implementation-Vendor-Id, else
 * Bundle-SymbolicName up to its last '.'; artifact Implementation-Title,
 * Specification-Title, Bundle-Name; version Implementation-Version,
 * Specification-Version, Bundle-Version (all three needed); else on its
 * file name "artifact-1.2.3.jar" (no group).  Names are "group:artifact"
 * (OSV's Maven names); purls pkg:maven/group/artifact@version.
 * The image path keeps no archive: sbom_java_summarize() turns one into a
 * few lines (sbom_image.c streams it through its content hook), read
 * back by sbom_catalog(SBOM_KIND_JAVA_SUMMARY).
 * It never opens a file.  A zip libarchive cannot read is BH_EPARSE.
 * Tests: tests/unit/sbom/test_sbom.c (../shared/fixtures/pkgdb/java),
 * tests/unit/sbom/test_sbom_java.c, fuzz/fuzz_sbom_java.c,
 * tests/suites/sbom_formats.sh.
 */
#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sbom.h"
#include "../util/strbuf.h"

#define JAVA_MAX_DEPTH 4
#define JAVA_MAX_NESTED ((size_t)256 << 20)
#define JAVA_MAX_TEXT ((size_t)1 << 20)     /* a pom.properties or manifest */
#define JAVA_MAX_ENTRIES 200000

struct jctx {
	size_t nested;        /* bytes of nested archives read so far */
	const struct sbom_src *src;
	struct sbom_list *out;
	struct diag *d;
};

static bool ends_ci(const char *s, const char *suf)
{
	size_t n = strlen(s), k = strlen(suf);
	return n >= k && !strcasecmp(s + n - k, suf);
}

static bool is_archive_name(const char *name)
{
	return ends_ci(name, ".jar") || ends_ci(name, ".war") ||
	       ends_ci(name, ".ear") || ends_ci(name, ".par");
}

/* The value of "key" in Java properties / manifest text (first
 * separator sep; manifest continuation lines joined), trimmed, or "". */
static void prop(const char *text, size_t len, const char *key, char sep,
		 char *out, size_t size)
{
	size_t kl = strlen(key);
	out[0] = 0;
	for (size_t i = 0; i < len;) {
		const char *l = text + i;
		const char *nl = memchr(l, '\n', len - i);
		size_t n = nl ? (size_t)(nl - l) : len - i;
		i += n + 1;
		size_t k = 0;
		while (k < n && (l[k] == ' ' || l[k] == '\t') && sep == '=')
			k++;
		if (n - k < kl || memcmp(l + k, key, kl))
			continue;
		size_t j = k + kl;
		while (j < n && (l[j] == ' ' || l[j] == '\t'))
			j++;
		if (j >= n || (l[j] != sep && !(sep == '=' && l[j] == ':')))
			continue;
		j++;
		size_t o = 0;
		for (;;) {
			while (j < n && (l[j] == ' ' || l[j] == '\t') && !o)
				j++;
			for (; j < n && o + 1 < size; j++)
				if (l[j] != '\r')
					out[o++] = l[j];
			/* manifest: a line starting with one space continues */
			if (sep != ':' || i >= len || text[i] != ' ')
				break;
			l = text + i + 1;
			nl = memchr(l, '\n', len - i - 1);
			n = nl ? (size_t)(nl - l) : len - i - 1;
			i += n + 2;
			j = 0;
		}
		while (o && (out[o - 1] == ' ' || out[o - 1] == '\t'))
			o--;
		out[o] = 0;
		return;
	}
}

static int add_maven(const char *group, const char *artifact,
		     const char *version, const struct jctx *c)
{
	char name[1024];
	if (*group)
		snprintf(name, sizeof(name), "%s:%s", group, artifact);
	else
		snprintf(name, sizeof(name), "%s", artifact);
	struct sbom_pkg_in in = { .eco = SBOM_MAVEN, .name = name,
				  .version = version };
	return sbom_list_add(c->out, &in, c->src);
}

/* One pom.properties; *found set when it names a package. */
static int pom_props(const char *text, size_t len, const struct jctx *c,
		     bool *found)
{
	char g[512], a[512], v[256];
	prop(text, len, "groupId", '=', g, sizeof(g));
	prop(text, len, "artifactId", '=', a, sizeof(a));
	prop(text, len, "version", '=', v, sizeof(v));
	if (!*g || !*a || !*v)
		return 0;
	*found = true;
	return add_maven(g, a, v, c);
}

int sbom_pom_properties(const struct sbom_src *src, struct sbom_list *out,
			struct diag *d)
{
	struct jctx c = { 0, src, out, d };
	bool found = false;
	return pom_props(src->buf, src->len, &c, &found);
}

static int from_manifest(const char *mf, size_t len, const struct jctx *c,
			 bool *found)
{
	char g[512], a[512], v[256];
	prop(mf, len, "Implementation-Vendor-Id", ':', g, sizeof(g));
	if (!*g) {
		prop(mf, len, "Bundle-SymbolicName", ':', g, sizeof(g));
		char *semi = strchr(g, ';');
		if (semi)
			*semi = 0;
		char *dot = strrchr(g, '.');
		if (dot)
			*dot = 0;
		else
			g[0] = 0;
	}
	static const char *const arts[] = { "Implementation-Title",
		"Specification-Title", "Bundle-Name" };
	static const char *const vers[] = { "Implementation-Version",
		"Specification-Version", "Bundle-Version" };
	a[0] = v[0] = 0;
	for (int i = 0; i < 3 && !*a; i++)
		prop(mf, len, arts[i], ':', a, sizeof(a));
	for (int i = 0; i < 3 && !*v; i++)
		prop(mf, len, vers[i], ':', v, sizeof(v));
	if (!*g || !*a || !*v)
		return 0;
	*found = true;
	return add_maven(g, a, v, c);
}

/* "name-1.2.3.jar" (the last path component of name). */
static int from_file_name(const char *path, const struct jctx *c)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	char buf[512];
	snprintf(buf, sizeof(buf), "%s", base);
	size_t n = strlen(buf);
	if (n < 4)
		return 0;
	buf[n - 4] = 0;   /* the extension */
	for (char *p = buf; *p; p++)
		if (*p == '-' && p > buf && p[1] >= '0' && p[1] <= '9') {
			*p = 0;
			return add_maven("", buf, p + 1, c);
		}
	return 0;
}

static int read_entry(struct archive *a, size_t size, char **out, size_t *len)
{
	char *b = malloc(size + 1);
	if (!b)
		return BH_ENOMEM;
	size_t got = 0;
	while (got < size) {
		la_ssize_t k = archive_read_data(a, b + got, size - got);
		if (k < 0) {
			free(b);
			return BH_EPARSE;
		}
		if (k == 0)
			break;
		got += (size_t)k;
	}
	b[got] = 0;
	*out = b;
	*len = got;
	return 0;
}

static int archive_level(const char *buf, size_t len, const char *name,
			 int depth, struct jctx *c)
{
	/* messages name the nested archive; the file itself is the diag's */
	const char *pre = depth ? name : "", *sep = depth ? ": " : "";
	struct archive *a = archive_read_new();
	if (!a)
		return BH_ENOMEM;
	archive_read_support_format_zip(a);
	if (archive_read_open_memory(a, buf, len) != ARCHIVE_OK) {
		int rc = diag_error(c->d, BH_EPARSE, 0, 0, "%s%snot a zip archive "
				    "(%s)", pre, sep, archive_error_string(a));
		archive_read_free(a);
		return rc;
	}
	char *mf = NULL;
	size_t mflen = 0, entries = 0;
	bool found = false;
	int rc = 0;
	struct archive_entry *e;
	int r;
	while (!rc && (r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
		if (++entries > JAVA_MAX_ENTRIES) {
			rc = diag_error(c->d, BH_ELIMIT, 0, 0, "%s%smore than %d "
					"entries", pre, sep, JAVA_MAX_ENTRIES);
			break;
		}
		if (archive_entry_filetype(e) != AE_IFREG)
			continue;
		const char *en = archive_entry_pathname(e);
		if (!en)
			continue;
		la_int64_t sz = archive_entry_size(e);
		size_t size = sz > 0 ? (size_t)sz : 0;
		const char *base = strrchr(en, '/');
		base = base ? base + 1 : en;
		char *data = NULL;
		size_t dl = 0;
		if (ends_ci(base, "pom.properties") && size > JAVA_MAX_TEXT) {
			char w[1200];
			snprintf(w, sizeof(w), "%s!/%s (a pom.properties over 1 MiB)",
				 name, en);
			rc = sbom_list_skipped(c->out, w);
		} else if (ends_ci(base, "pom.properties")) {
			if (!(rc = read_entry(a, size, &data, &dl)))
				rc = pom_props(data, dl, c, &found);
		} else if (is_archive_name(base) && (depth >= JAVA_MAX_DEPTH ||
			   size > JAVA_MAX_NESTED - c->nested)) {
			char w[1200];
			snprintf(w, sizeof(w), "%s!/%s (%s)", name, en,
				 depth >= JAVA_MAX_DEPTH
					 ? "an archive nested more than 4 deep"
					 : "nested archives past 256 MiB in all");
			rc = sbom_list_skipped(c->out, w);
		} else if (!strcmp(en, "META-INF/MANIFEST.MF") && size <= JAVA_MAX_TEXT &&
			   !mf) {
			rc = read_entry(a, size, &mf, &mflen);
		} else if (is_archive_name(base) && depth < JAVA_MAX_DEPTH &&
			   size <= JAVA_MAX_NESTED - c->nested) {
			c->nested += size;
			if (!(rc = read_entry(a, size, &data, &dl))) {
				char inner[1024];
				snprintf(inner, sizeof(inner), "%s!/%s", name, en);
				struct diag sub;
				diag_init(&sub, c->src->path ? c->src->path : "-");
				struct diag *keep = c->d;
				c->d = &sub;
				int ir = archive_level(data, dl, inner, depth + 1, c);
				c->d = keep;
				/* a broken nested archive lists nothing of
				 * its own (and is named); the outer one
				 * still counts */
				if (ir == BH_ENOMEM) {
					rc = ir;
				} else if (ir) {
					char msg[1200];
					diag_format(&sub, msg, sizeof(msg));
					rc = sbom_list_skipped(c->out, msg);
				}
			}
		}
		if (rc == BH_EPARSE)
			rc = diag_error(c->d, BH_EPARSE, 0, 0, "%s%sentry %s: %s",
					pre, sep, en, archive_error_string(a));
		free(data);
	}
	if (!rc && r != ARCHIVE_EOF && r != ARCHIVE_OK)
		rc = diag_error(c->d, BH_EPARSE, 0, 0, "%s%s%s", pre, sep,
				archive_error_string(a));
	if (!rc && !found && mf)
		rc = from_manifest(mf, mflen, c, &found);
	if (!rc && !found)
		rc = from_file_name(name, c);
	free(mf);
	archive_read_free(a);
	return rc;
}

int sbom_java_archive(const struct sbom_src *src, struct sbom_list *out,
		      struct diag *d)
{
	struct jctx c = { 0, src, out, d };
	const char *name = src->path ? src->path : "-";
	return archive_level(src->buf, src->len, name, 0, &c);
}

bool sbom_is_zip(const char *buf, size_t len)
{
	return len >= 4 && !memcmp(buf, "PK\3\4", 4);
}

/* The summary: "BHJAR1\n", then "name\tversion\n" per package, or
 * "!message\n" when the archive did not read. */
char *sbom_java_summarize(const struct sbom_src *src, size_t *len)
{
	struct sbom_list l = { 0 };
	struct diag d;
	diag_init(&d, src->path ? src->path : "-");
	int rc = sbom_java_archive(src, &l, &d);
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "BHJAR1\n");
	if (rc) {
		char msg[1200];
		diag_format(&d, msg, sizeof(msg));
		strbuf_addc(&sb, '!');
		for (char *p = msg; *p; p++)
			strbuf_addc(&sb, *p == '\n' ? ' ' : *p);
		strbuf_addc(&sb, '\n');
	} else {
		for (size_t i = 0; i < l.n; i++) {
			strbuf_adds(&sb, l.v[i].name);
			strbuf_addc(&sb, '\t');
			strbuf_adds(&sb, l.v[i].version);
			strbuf_addc(&sb, '\n');
		}
		if (l.note) {
			/* what was not read ("?" line), named by the image's
			 * caller as a walked archive's is */
			strbuf_addc(&sb, '?');
			for (const char *q = l.note; *q; q++)
				strbuf_addc(&sb, *q == '\n' ? ' ' : *q);
			strbuf_addc(&sb, '\n');
		}
	}
	sbom_list_free(&l);
	*len = sb.len;
	return strbuf_detach(&sb);
}

int sbom_java_summary(const struct sbom_src *src, struct sbom_list *out,
		      struct diag *d)
{
	if (src->len < 7 || memcmp(src->buf, "BHJAR1\n", 7))
		return diag_error(d, BH_EPARSE, 0, 0, "not a Java summary");
	struct jctx c = { 0, src, out, d };
	const char *p = src->buf + 7, *end = src->buf + src->len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (n && *p == '!')
			return diag_error(d, BH_EPARSE, 0, 0, "%.*s", (int)(n - 1),
					  p + 1);
		if (n && *p == '?') {
			/* the archive's note, kept as it was */
			if (!out->note && !(out->note = strndup(p + 1, n - 1)))
				return BH_ENOMEM;
			p += n + 1;
			continue;
		}
		const char *tab = memchr(p, '\t', n);
		if (tab) {
			char name[1024], ver[256];
			snprintf(name, sizeof(name), "%.*s", (int)(tab - p), p);
			snprintf(ver, sizeof(ver), "%.*s", (int)(p + n - tab - 1),
				 tab + 1);
			int rc = add_maven("", name, ver, &c);
			if (rc)
				return rc;
		}
		p += n + 1;
	}
	return 0;
}
