/* SPDX-License-Identifier: Apache-2.0
 *
 * cmd_sbom.c - `bulkhead sbom [options] PATH...`: the installed packages
 * of an image, a root filesystem, a project folder or one package
 * database.
 *
 * An image (a directory holding oci-layout or manifest.json, a tar file,
 * PATH:REF for a tag in it) goes to sbom_image() (src/sbom/sbom_image.c:
 * per layer, whiteouts honoured); its package paths are absolute in-image
 * paths and each package names its layer.
 * A directory is walked (not following symbolic links: one at a
 * database's path is named as not scanned, at most
 * WALK_MAX_DEPTH deep and SBOM_WALK_MAX entries; names sorted) and each
 * regular file whose path below it is a database's in-image path
 * (sbom_kind_of_path: var/lib/dpkg/status, var/lib/dpkg/status.d/NAME,
 * lib/apk/db/installed, var/lib/rpm/rpmdb.sqlite and Packages,
 * package-lock.json, yarn.lock, pnpm-lock.yaml,
 * node_modules/.../package.json,
 * *.dist-info/METADATA,
 * *.egg-info/PKG-INFO or a *.egg-info file, requirements*.txt,
 * Pipfile.lock, poetry.lock, uv.lock, Gemfile.lock, Cargo.lock) is read
 * (bounded, util/io)
 * and handed to its cataloger (src/sbom); the os-release of the root a
 * deb or apk database belongs to names their distribution (set_distro).
 * A file named on the command line is one
 * database: its path or, failing that, its content says which.  A file
 * that is no database, a malformed database (one line: file:line or the
 * byte offset), a directory that cannot be read: one "bulkhead: ..."
 * line each, exit 2; the other paths are still listed.  A malformed
 * file adds no package.
 * Output: --format table (default, for people), json
 * ({"packages":[...],"summary":{...}}), cyclonedx (CycloneDX 1.5 JSON)
 * or spdx (SPDX 2.3 JSON) (src/report/sbom_doc.h: the document
 * describes its subject, the first PATH that could be read (struct run);
 * a random UUID, SOURCE_DATE_EPOCH or now as its time: a malformed or
 * too large SOURCE_DATE_EPOCH is an error, exit 2, nothing read), sorted by
 * ecosystem, name, version, path (sbom_list_sort); -o FILE.  An empty
 * PATH or one longer than 4095 bytes is an input error.
 * Tests: tests/cases/cli/sbom-*.case, tests/suites/sbom_oracles.sh,
 * tests/suites/sbom_formats.sh (the subject, PATH arguments).
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <openssl/rand.h>

#include "cli_common.h"
#include "commands.h"
#include "walk.h"
#include "sbom/sbom.h"
#include "sbom/sbom_image.h"
#include "report/sbom_doc.h"
#include "util/io.h"

#define SBOM_WALK_MAX 2000000

struct run {
	struct sbom_list pkgs;
	size_t scanned;       /* database files read whole */
	size_t errors;
	size_t visited;       /* directory entries seen by the walk */
	bool nomem;
	/* the subject of the CycloneDX and SPDX documents: the first PATH
	 * that could be read (an image that opened, a directory, a file
	 * that is there); its kind, name (an image's tag, else the path),
	 * digest and os-release (an image's, else the first one a database
	 * of that PATH's root filesystem names) */
	bool have_subject;
	enum sbom_doc_kind kind;
	char *name, *digest, *os_id, *os_version, *os_name;
	/* the distribution of the PATH being read, set by set_distro */
	char dir_os_id[48], dir_os_ver[48];
};

__attribute__((format(printf, 2, 3)))
static void error_line(struct run *r, const char *fmt, ...)
{
	char msg[1200], esc[1400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_escape(esc, sizeof(esc), msg);
	fprintf(stderr, "bulkhead: %s\n", esc);
	r->errors++;
}

/* Moves every package of "from" to the run's list. */
static void take(struct run *r, struct sbom_list *from)
{
	struct sbom_list *to = &r->pkgs;
	if (!from->n) {
		sbom_list_free(from);
		return;
	}
	if (to->n + from->n > to->cap) {
		size_t cap = to->cap * 2 > to->n + from->n ? to->cap * 2
							   : to->n + from->n + 64;
		struct sbom_pkg *v = realloc(to->v, cap * sizeof(*v));
		if (!v) {
			sbom_list_free(from);
			r->nomem = true;
			return;
		}
		to->v = v;
		to->cap = cap;
	}
	memcpy(to->v + to->n, from->v, from->n * sizeof(*from->v));
	to->n += from->n;
	free(from->v);
	*from = (struct sbom_list){ 0 };
}

/* The root filesystem a database at "path" belongs to is what its path
 * leaves once its in-image tail (var/lib/dpkg/..., lib/apk/db/installed)
 * is cut; that root's usr/lib/os-release or etc/os-release (regular
 * files only, not followed links) names the distribution of its deb and
 * apk packages. */
static void set_distro(struct run *r, struct sbom_list *one, const char *path)
{
	static const char *const tails[] = {
		"var/lib/dpkg/status.d/", "var/lib/dpkg/status", "lib/apk/db/installed",
	};
	const char *cut = NULL;
	for (size_t i = 0; i < 3 && !cut; i++) {
		const char *t = strstr(path, tails[i]);
		/* the last occurrence, at a component start */
		for (const char *x = t; x; x = strstr(x + 1, tails[i]))
			if (x == path || x[-1] == '/')
				cut = x;
	}
	if (!cut)
		return;
	static const char *const names[] = { "usr/lib/os-release", "etc/os-release" };
	for (size_t i = 0; i < 2; i++) {
		char p[4200];
		snprintf(p, sizeof(p), "%.*s%s", (int)(cut - path), path, names[i]);
		struct stat st;
		if (lstat(p, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		struct diag d;
		diag_init(&d, p);
		char *buf = NULL;
		size_t len = 0;
		if (io_read_file(p, (size_t)64 << 10, &buf, &len, &d) != 0)
			continue;
		char id[48], ver[48];
		sbom_os_release(buf, len, id, sizeof(id), ver, sizeof(ver));
		free(buf);
		if (!r->dir_os_id[0] && id[0]) {
			snprintf(r->dir_os_id, sizeof(r->dir_os_id), "%s", id);
			snprintf(r->dir_os_ver, sizeof(r->dir_os_ver), "%s", ver);
		}
		if (sbom_list_set_distro(one, NULL, id, ver))
			r->nomem = true;
		return;
	}
}

/* Reads "path" (shown as "shown") and catalogs it as "kind" (NONE: by
 * its content, else it is not scanned). */
static void catalog_file(struct run *r, const char *path, enum sbom_kind kind)
{
	struct diag d;
	diag_init(&d, path);
	char *buf = NULL;
	size_t len = 0;
	if (io_read_file(path, SBOM_MAX_DB, &buf, &len, &d) != 0) {
		char msg[1200];
		diag_format(&d, msg, sizeof(msg));
		error_line(r, "%s (not scanned)", msg);
		return;
	}
	if (kind == SBOM_KIND_NONE)
		kind = sbom_kind_sniff(buf, len);
	if (kind == SBOM_KIND_NONE) {
		free(buf);
		error_line(r, "%s: not a package database bulkhead reads "
			   "(not scanned)", path);
		return;
	}
	struct sbom_list one = { 0 };
	struct sbom_src src = { buf, len, path, NULL };
	int rc = sbom_catalog(kind, &src, &one, &d);
	free(buf);
	if (rc) {
		char msg[1200];
		diag_format(&d, msg, sizeof(msg));
		if (rc == BH_EUSAGE)   /* a format not read: says so itself */
			error_line(r, "%s", msg);
		else
			error_line(r, "%s (%s; no package of it listed)", msg,
				   sbom_kind_name(kind));
		sbom_list_free(&one);
		return;
	}
	r->scanned++;
	if (kind == SBOM_KIND_DPKG || kind == SBOM_KIND_DPKG_STATUSD ||
	    kind == SBOM_KIND_APK)
		set_distro(r, &one, path);
	take(r, &one);
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Walks dir ("shown" joined with "rel" below the root). */
static void walk(struct run *r, const char *root, const char *rel, int depth)
{
	/* "." as the root: paths as they resolve, without "./" */
	bool dot = !strcmp(root, ".");
	char dir[4096];
	if ((dot && *rel ? snprintf(dir, sizeof(dir), "%s", rel)
		 : snprintf(dir, sizeof(dir), "%s%s%s", root, *rel ? "/" : "",
			    rel)) >= (int)sizeof(dir)) {
		error_line(r, "%s/%s: path too long (not scanned)", root, rel);
		return;
	}
	if (depth > WALK_MAX_DEPTH) {
		error_line(r, "%s: deeper than %d directories (not scanned)", dir,
			   WALK_MAX_DEPTH);
		return;
	}
	DIR *dh = opendir(dir);
	if (!dh) {
		error_line(r, "%s: cannot read this directory: %s (not scanned)",
			   dir, strerror(errno));
		return;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(dh))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (++r->visited > SBOM_WALK_MAX) {
			error_line(r, "%s: more than %d entries, walk stopped",
				   root, SBOM_WALK_MAX);
			break;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			char **v = realloc(names, cap * sizeof(*v));
			if (!v) {
				r->nomem = true;
				break;
			}
			names = v;
		}
		if (!(names[n] = strdup(e->d_name))) {
			r->nomem = true;
			break;
		}
		n++;
	}
	closedir(dh);
	if (n)
		qsort(names, n, sizeof(*names), cmp_name);
	for (size_t i = 0; i < n; i++) {
		char sub[4096], full[4096];
		if (snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "",
			     names[i]) >= (int)sizeof(sub) ||
		    (dot ? snprintf(full, sizeof(full), "%s", sub)
			 : snprintf(full, sizeof(full), "%s/%s", dir, names[i])) >=
			    (int)sizeof(full)) {
			error_line(r, "%s/%s: path too long (not scanned)", dir,
				   names[i]);
			continue;
		}
		struct stat st;
		if (r->visited > SBOM_WALK_MAX || r->nomem)
			;
		else if (lstat(full, &st) != 0)
			error_line(r, "%s: %s (not scanned)", full, strerror(errno));
		else if (S_ISDIR(st.st_mode))
			walk(r, root, sub, depth + 1);
		else if (sbom_kind_of_path(sub) == SBOM_KIND_NONE)
			;
		else if (S_ISREG(st.st_mode))
			catalog_file(r, full, sbom_kind_of_path(sub));
		else
			/* a database path that is a link or a special file:
			 * named, never followed or read */
			error_line(r, "%s: %s, not followed (not scanned)", full,
				   S_ISLNK(st.st_mode) ? "a symbolic link"
						       : io_file_type(st.st_mode));
		free(names[i]);
	}
	free(names);
}

/* A string jansson takes: invalid UTF-8 bytes become '?'. */
static json_t *jstr(const char *s)
{
	if (!s)
		return json_null();
	json_t *j = json_string(s);
	if (j)
		return j;
	char *c = strdup(s);
	if (!c)
		return NULL;
	for (char *p = c; *p; p++)
		if ((unsigned char)*p >= 0x80)
			*p = '?';
	j = json_string(c);
	free(c);
	return j;
}

/* One JSON string as jansson writes it (invalid UTF-8 made valid by
 * jstr), or null. */
static void put_str(FILE *out, const char *s)
{
	json_t *j = jstr(s);
	char *enc = j ? json_dumps(j, JSON_ENCODE_ANY) : NULL;
	fputs(enc ? enc : "null", out);
	free(enc);
	json_decref(j);
}

/* The JSON report, written as it goes (no tree of every package in
 * memory), byte for byte what jansson's JSON_INDENT(2) would print. */
static int write_json(FILE *out, const struct run *r)
{
	size_t per[SBOM_ECO__N] = { 0 };
	fputs("{\n  \"packages\": [", out);
	for (size_t i = 0; i < r->pkgs.n; i++) {
		const struct sbom_pkg *p = &r->pkgs.v[i];
		per[p->eco]++;
		fputs(i ? ",\n    {\n      \"name\": " : "\n    {\n      \"name\": ", out);
		put_str(out, p->name);
		fputs(",\n      \"version\": ", out);
		put_str(out, p->version);
		fprintf(out, ",\n      \"ecosystem\": \"%s\",\n      \"purl\": ",
			sbom_eco_name(p->eco));
		put_str(out, p->purl);
		fputs(",\n      \"path\": ", out);
		put_str(out, p->path);
		fputs(",\n      \"layer\": ", out);
		put_str(out, p->layer);
		fputs(",\n      \"licenses\": ", out);
		if (p->licenses) {
			fputs("[\n        ", out);
			put_str(out, p->licenses);
			fputs("\n      ]", out);
		} else {
			fputs("[]", out);
		}
		if (p->src_name) {
			fputs(",\n      \"source\": {\n        \"name\": ", out);
			put_str(out, p->src_name);
			fputs(",\n        \"version\": ", out);
			put_str(out, p->src_version);
			fputs("\n      }", out);
		}
		fputs("\n    }", out);
	}
	fputs(r->pkgs.n ? "\n  ],\n" : "],\n", out);
	fprintf(out, "  \"summary\": {\n    \"packages\": %zu,\n    \"ecosystems\": ",
		r->pkgs.n);
	bool any = false;
	for (int e = 0; e < SBOM_ECO__N; e++) {
		if (!per[e])
			continue;
		fprintf(out, "%s\n      \"%s\": %zu", any ? "," : "{",
			sbom_eco_name((enum sbom_eco)e), per[e]);
		any = true;
	}
	fputs(any ? "\n    },\n" : "{},\n", out);
	fprintf(out, "    \"files_scanned\": %zu,\n    \"errors\": %zu\n  }\n}\n",
		r->scanned, r->errors);
	return ferror(out) ? -1 : 0;
}

/* The length of the valid UTF-8 character at s (overlong forms,
 * surrogates and code points past U+10FFFF are not), or 0. */
static size_t utf8_len(const unsigned char *s)
{
	unsigned char c = s[0];
	if (c < 0x80)
		return 1;
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return n;
}

/* s for the table: control characters as diag_escape writes them, and
 * every byte that does not start valid UTF-8 as \xNN too, so no raw
 * byte of the input reaches the terminal. */
static void table_escape(char *buf, size_t size, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	char esc[1024];
	diag_escape(esc, sizeof(esc), s);
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)esc; *p;) {
		size_t k = utf8_len(p);
		if (!k) {
			if (o + 4 >= size)
				break;
			buf[o++] = '\\';
			buf[o++] = 'x';
			buf[o++] = hex[*p >> 4];
			buf[o++] = hex[*p & 15];
			p++;
			continue;
		}
		if (o + k >= size)
			break;
		memcpy(buf + o, p, k);
		o += k;
		p += k;
	}
	buf[o] = 0;
}

static void cell(FILE *out, const char *s, int width)
{
	char esc[4200];
	table_escape(esc, sizeof(esc), s ? s : "-");
	if (width)
		fprintf(out, "%-*s  ", width, esc);
	else
		fputs(esc, out);
}

static void write_table(FILE *out, const struct run *r)
{
	int w[3] = { 4, 7, 9 };
	for (size_t i = 0; i < r->pkgs.n; i++) {
		const struct sbom_pkg *p = &r->pkgs.v[i];
		int a = (int)strlen(p->name), b = (int)strlen(p->version);
		if (a > w[0] && a <= 40)
			w[0] = a;
		if (b > w[1] && b <= 30)
			w[1] = b;
	}
	if (r->pkgs.n) {
		cell(out, "NAME", w[0]);
		cell(out, "VERSION", w[1]);
		cell(out, "ECOSYSTEM", w[2]);
		fputs("PATH\n", out);
	}
	for (size_t i = 0; i < r->pkgs.n; i++) {
		const struct sbom_pkg *p = &r->pkgs.v[i];
		cell(out, p->name, w[0]);
		cell(out, p->version, w[1]);
		cell(out, sbom_eco_name(p->eco), w[2]);
		cell(out, p->path, 0);
		if (p->layer) {
			fputs(" (layer ", out);
			cell(out, p->layer, 0);
			fputc(')', out);
		}
		fputc('\n', out);
	}
	fprintf(out, "%zu package%s from %zu database file%s\n", r->pkgs.n,
		r->pkgs.n == 1 ? "" : "s", r->scanned, r->scanned == 1 ? "" : "s");
}

/* The document's UUID: random (version 4, RFC 9562) from OpenSSL, so
 * every document has its own serialNumber and documentNamespace. */
static int make_uuid(char out[37])
{
	unsigned char b[16];
	if (RAND_bytes(b, sizeof(b)) != 1)
		return -1;
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	char *o = out;
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*o++ = '-';
		o += sprintf(o, "%02x", b[i]);
	}
	return 0;
}

/* --format cyclonedx / spdx (src/report/sbom_doc.h).  0, or BH_EIO
 * when writing failed (not said yet: the caller names the file). */
static int write_doc(FILE *out, struct run *r, const char *format,
		     const char *ts)
{
	char uuid[37];
	if (make_uuid(uuid)) {
		error_line(r, "no random bytes for the document's UUID");
		return 0;
	}
	struct sbom_doc_meta m = {
		.kind = r->kind,
		.name = r->name ? r->name : "",
		.digest = r->digest,
		.os_id = r->os_id,
		.os_version = r->os_id ? r->os_version : NULL,
		.os_name = r->os_id ? r->os_name : NULL,
		.uuid = uuid,
		.timestamp = ts,
	};
	int rc = !strcmp(format, "spdx") ? sbom_write_spdx(out, &r->pkgs, &m)
					 : sbom_write_cdx(out, &r->pkgs, &m);
	if (rc == BH_ENOMEM)
		error_line(r, "out of memory writing the %s document", format);
	return rc == BH_EIO ? BH_EIO : 0;
}

/* Whether "path" is an image: a directory holding oci-layout or
 * manifest.json, or a file that is a tar archive (ustar magic) and not a
 * database by name. */
static bool is_image(const char *path, bool dir)
{
	char buf[4200];
	struct stat st;
	if (dir) {
		snprintf(buf, sizeof(buf), "%s/oci-layout", path);
		if (stat(buf, &st) == 0 && S_ISREG(st.st_mode))
			return true;
		snprintf(buf, sizeof(buf), "%s/manifest.json", path);
		return stat(buf, &st) == 0 && S_ISREG(st.st_mode);
	}
	if (sbom_kind_of_path(path) != SBOM_KIND_NONE)
		return false;
	struct diag d;
	diag_init(&d, path);
	char *head = NULL;
	size_t len = 0;
	bool whole;
	if (io_read_head(path, 512, &head, &len, &whole, &d) != 0)
		return false;
	bool tar = len >= 262 && !memcmp(head + 257, "ustar", 5);
	free(head);
	return tar;
}

static void catalog_image(struct run *r, const char *path)
{
	struct sbom_image_run ir = { 0 };
	struct diag d;
	diag_init(&d, path);
	if (sbom_image(path, &ir, &d) != 0) {
		char msg[1200];
		diag_format(&d, msg, sizeof(msg));
		error_line(r, "%s (image not scanned)", msg);
		sbom_image_free(&ir);
		return;
	}
	for (size_t i = 0; i < ir.nerrors; i++)
		error_line(r, "%s: %s", path, ir.errors[i]);
	r->scanned += ir.scanned;
	if (!r->have_subject) {   /* the first image read is the subject */
		r->have_subject = true;
		r->kind = SBOM_DOC_IMAGE;
		r->name = ir.name;
		r->digest = ir.digest;
		r->os_id = ir.os_id;
		r->os_version = ir.os_version;
		r->os_name = ir.os_name;
		ir.name = ir.digest = ir.os_id = ir.os_version = ir.os_name = NULL;
		if (!r->name && !(r->name = strdup(path)))
			r->nomem = true;
	}
	take(r, &ir.pkgs);
	sbom_image_free(&ir);
}

/* Makes the directory or file "path" (of "kind") the subject when none
 * is yet, with the distribution its databases' root named. */
static void set_subject(struct run *r, const char *path, enum sbom_doc_kind kind)
{
	if (r->have_subject)
		return;
	r->have_subject = true;
	r->kind = kind;
	if (!(r->name = strdup(path)))
		r->nomem = true;
	if (r->dir_os_id[0]) {
		r->os_id = strdup(r->dir_os_id);
		r->os_version = r->dir_os_ver[0] ? strdup(r->dir_os_ver) : NULL;
		if (!r->os_id || (r->dir_os_ver[0] && !r->os_version))
			r->nomem = true;
	}
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: bulkhead sbom [options] PATH...\n"
		"  List the installed packages (dpkg, apk, rpm, npm, Python) of an\n"
		"  image (docker-archive or OCI layout, tar or directory; each\n"
		"  package with the layer that installed it), a root filesystem or\n"
		"  project folder (walked; databases found by their in-image\n"
		"  paths) or one package database file.\n\n"
		"options:\n"
		"  --format table|json|cyclonedx|spdx\n"
		"                             output format (default table):\n"
		"                             CycloneDX 1.5 or SPDX 2.3 JSON\n"
		"  -o, --output FILE          write the list to FILE\n");
}

enum { OPT_FORMAT = CLI_OPT__END, OPT_OUTPUT };

static const struct option sbom_own[] = {
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "output", required_argument, NULL, OPT_OUTPUT },
	{ NULL, 0, NULL, 0 },
};

struct sbom_opts {
	const char *format, *output;
};

static int sbom_option(void *ud, int c, const char *arg)
{
	struct sbom_opts *o = ud;
	if (c == OPT_FORMAT) {
		if (strcmp(arg, "json") && strcmp(arg, "table") &&
		    strcmp(arg, "cyclonedx") && strcmp(arg, "spdx"))
			return cli_usage_error("sbom", "unknown format '%s' "
					       "(table, json, cyclonedx or spdx)", arg);
		o->format = arg;
		return -1;
	}
	if (c == OPT_OUTPUT || c == 'o') {
		o->output = arg;
		return -1;
	}
	return cli_usage_error("sbom", "unknown option '%s'", arg);
}

int cmd_sbom(int argc, char **argv)
{
	struct cli_opts o;
	cli_opts_init(&o, "sbom", 0, sbom_own, "o:");
	struct sbom_opts so = { "table", NULL };
	int rc = cli_parse(&o, argc, argv, sbom_option, &so, usage);
	/* -o is a common option: cli_parse keeps it in o.output (it points
	 * into argv, so it outlives o) */
	if (!so.output && o.output)
		so.output = o.output;
	if (rc < 0 && optind >= argc)
		rc = cli_usage_error("sbom", "no PATH given%s", "");
	cli_opts_free(&o);
	if (rc >= 0)
		return rc;
	struct run r = { 0 };
	/* the documents' time: SOURCE_DATE_EPOCH (reproducible documents)
	 * or now; a value that is no time is said before anything is read */
	char ts[32] = "";
	if ((!strcmp(so.format, "cyclonedx") || !strcmp(so.format, "spdx")) &&
	    sbom_doc_time(getenv("SOURCE_DATE_EPOCH"), time(NULL), ts)) {
		error_line(&r, "SOURCE_DATE_EPOCH '%.40s' is not a whole number "
			   "of seconds from 0 to %lld (9999-12-31T23:59:59Z)",
			   getenv("SOURCE_DATE_EPOCH"), SBOM_DOC_MAX_EPOCH);
		return 2;
	}
	for (int i = optind; i < argc && !r.nomem; i++) {
		/* 4095 bytes and a NUL: PATH_MAX; tidied into a larger buffer
		 * so a longer one is seen, never cut */
		char tidy[2 * 4096];
		if (!*argv[i]) {
			error_line(&r, "an empty PATH names nothing (not scanned)");
			continue;
		}
		const char *p = walk_tidy(argv[i], tidy, sizeof(tidy));
		if (strlen(p) > 4095) {
			error_line(&r, "%.60s...: PATH longer than 4095 bytes "
				   "(not scanned)", p);
			continue;
		}
		struct stat st;
		bool there = stat(p, &st) == 0;
		bool dir = there && S_ISDIR(st.st_mode);
		r.dir_os_id[0] = r.dir_os_ver[0] = 0;
		if ((!there && strchr(p, ':')) || (there && is_image(p, dir))) {
			catalog_image(&r, p);
		} else if (dir) {
			/* "dir/" and "dir" list the same paths */
			char root[4096];
			snprintf(root, sizeof(root), "%s", p);
			size_t n = strlen(root);
			while (n > 1 && root[n - 1] == '/')
				root[--n] = 0;
			walk(&r, root, "", 0);
			set_subject(&r, p, SBOM_DOC_DIR);
		} else {
			catalog_file(&r, p, sbom_kind_of_path(p));
			if (there)
				set_subject(&r, p, SBOM_DOC_FILE);
		}
	}
	/* nothing could be read: the first PATH names the document */
	if (!r.have_subject && optind < argc) {
		char tidy[4096];
		r.dir_os_id[0] = r.dir_os_ver[0] = 0;
		set_subject(&r, *argv[optind] ? walk_tidy(argv[optind], tidy,
							  sizeof(tidy)) : "",
			    SBOM_DOC_FILE);
	}
	if (r.nomem)
		error_line(&r, "out of memory");
	sbom_list_sort(&r.pkgs);
	FILE *out = stdout;
	if (so.output && !(out = fopen(so.output, "w"))) {
		error_line(&r, "%s: cannot write: %s", so.output, strerror(errno));
		goto done;
	}
	int wrc = 0;
	if (!strcmp(so.format, "json"))
		write_json(out, &r);
	else if (!strcmp(so.format, "cyclonedx") || !strcmp(so.format, "spdx"))
		wrc = write_doc(out, &r, so.format, ts);
	else
		write_table(out, &r);
	/* one line for a failed write, however many calls saw it fail */
	int err = errno;
	if (!wrc && fflush(out) != 0)
		wrc = BH_EIO, err = errno;
	if (!wrc && ferror(out))
		wrc = BH_EIO, err = EIO;
	if (out != stdout && fclose(out) != 0 && !wrc)
		wrc = BH_EIO, err = errno;
	if (wrc)
		error_line(&r, "%s: cannot write: %s",
			   so.output ? so.output : "standard output", strerror(err));
done:
	sbom_list_free(&r.pkgs);
	free(r.name);
	free(r.digest);
	free(r.os_id);
	free(r.os_version);
	free(r.os_name);
	return r.errors ? 2 : 0;
}
