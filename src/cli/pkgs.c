/* SPDX-License-Identifier: Apache-2.0
 *
 * pkgs.c - collecting the installed packages of the command line's paths
 * for `bulkhead sbom` and `bulkhead vuln` (images, walked directories,
 * single database files); what it does: pkgs.h.
 * Tests: tests/cases/cli/sbom-*.case, tests/suites/sbom_oracles.sh,
 * tests/suites/vuln.sh.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/rand.h>

#include "pkgs.h"
#include "walk.h"
#include "sbom/sbom_image.h"
#include "util/io.h"

void pkgs_error(struct pkgs_run *r, const char *fmt, ...)
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
static void take(struct pkgs_run *r, struct sbom_list *from)
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
	free(from->note);
	*from = (struct sbom_list){ 0 };
}

/* The root filesystem a database at "path" belongs to is what its path
 * leaves once its in-image tail (var/lib/dpkg/..., lib/apk/db/installed)
 * is cut; that root's usr/lib/os-release or etc/os-release (regular
 * files only, not followed links) names the distribution of its deb and
 * apk packages. */
static void set_distro(struct pkgs_run *r, struct sbom_list *one, const char *path)
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
static void catalog_file(struct pkgs_run *r, const char *path, enum sbom_kind kind)
{
	struct diag d;
	diag_init(&d, path);
	char *buf = NULL;
	size_t len = 0;
	if (io_read_file(path, SBOM_MAX_DB, &buf, &len, &d) != 0) {
		char msg[1200];
		diag_format(&d, msg, sizeof(msg));
		pkgs_error(r, "%s (not scanned)", msg);
		return;
	}
	if (kind == SBOM_KIND_NONE)
		kind = sbom_kind_sniff(buf, len);
	if (kind == SBOM_KIND_NONE) {
		free(buf);
		pkgs_error(r, "%s: not a package database bulkhead reads "
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
			pkgs_error(r, "%s", msg);
		else
			pkgs_error(r, "%s (%s; no package of it listed)", msg,
				   sbom_kind_name(kind));
		sbom_list_free(&one);
		return;
	}
	r->scanned++;
	if (one.note) {
		/* read in part: named, as a file not scanned is */
		char esc[1400];
		diag_escape(esc, sizeof(esc), one.note);
		fprintf(stderr, "bulkhead: note: %s: %s\n", path, esc);
	}
	if (kind == SBOM_KIND_DPKG || kind == SBOM_KIND_DPKG_STATUSD ||
	    kind == SBOM_KIND_APK)
		set_distro(r, &one, path);
	take(r, &one);
}

static int pread_all(void *ctx, uint64_t off, size_t n, void *buf)
{
	int fd = *(int *)ctx;
	size_t got = 0;
	while (got < n) {
		ssize_t k = pread(fd, (char *)buf + got, n - got, (off_t)(off + got));
		if (k <= 0)
			return -1;
		got += (size_t)k;
	}
	return 0;
}

/* A regular file of a walked directory that is no database by path:
 * an ELF file is streamed to the Go build information scanner (only
 * what it keeps is held, not the file); one with no Go build
 * information is then asked for its cargo auditable section (the ELF
 * header, section tables and that section read with pread). */
static void catalog_elf(struct pkgs_run *r, const char *path)
{
	struct diag d;
	diag_init(&d, path);
	size_t size = 0;
	int fd = io_open_regular(path, &size, &d);
	if (fd < 0)
		return;   /* not ours to name: it is no database by path */
	char buf[65536];
	ssize_t k = read(fd, buf, sizeof(buf));
	if (k < 64 || !sbom_is_elf(buf, (size_t)k)) {
		close(fd);
		return;
	}
	struct sbom_bin_scan *sc = sbom_bin_scan_begin(size);
	if (!sc) {
		close(fd);
		r->nomem = true;
		return;
	}
	do
		sbom_bin_scan_feed(sc, buf, (size_t)k);
	while ((k = read(fd, buf, sizeof(buf))) > 0);
	size_t len = 0;
	char *sum = sbom_bin_scan_end(sc, &len);
	struct sbom_list one = { 0 };
	struct sbom_src src = { sum, len, path, NULL };
	int rc = 0;
	bool go = sum != NULL;
	if (go) {
		rc = sbom_catalog(SBOM_KIND_BIN_SUMMARY, &src, &one, &d);
		free(sum);
	}
	if (!rc && one.n == 0) {
		struct sbom_src fsrc = { NULL, size, path, NULL };
		rc = sbom_cargo_elf(size, pread_all, &fd, &fsrc, &one, &d);
		if (!rc && one.n == 0 && !go) {
			close(fd);
			return;   /* neither Go nor cargo: not a database */
		}
	}
	close(fd);
	if (rc) {
		char msg[1200];
		diag_format(&d, msg, sizeof(msg));
		pkgs_error(r, "%s (%s; no package of it listed)", msg,
			   sbom_kind_name(SBOM_KIND_ELF));
		sbom_list_free(&one);
		return;
	}
	r->scanned++;
	take(r, &one);
}

/* A dpkg file list of a walked directory: the language metadata paths
 * it names, joined with the walk's root ("prefix"), are owned by an OS
 * package (sbom.h: sbom_owned).  One that cannot be read owns nothing:
 * its packages stay listed. */
static void own_list(struct pkgs_run *r, const char *full, size_t plen)
{
	struct diag d;
	diag_init(&d, full);
	char *buf = NULL;
	size_t len = 0;
	if (io_read_file(full, SBOM_MAX_DB, &buf, &len, &d) != 0)
		return;
	char prefix[4096];
	snprintf(prefix, sizeof(prefix), "%.*s", (int)plen, full);
	if (sbom_owned_add(&r->owned, prefix, buf, len))
		r->nomem = true;
	free(buf);
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Walks dir ("shown" joined with "rel" below the root). */
static void walk(struct pkgs_run *r, const char *root, const char *rel, int depth)
{
	/* "." as the root: paths as they resolve, without "./" */
	bool dot = !strcmp(root, ".");
	char dir[4096];
	if ((dot && *rel ? snprintf(dir, sizeof(dir), "%s", rel)
		 : snprintf(dir, sizeof(dir), "%s%s%s", root, *rel ? "/" : "",
			    rel)) >= (int)sizeof(dir)) {
		pkgs_error(r, "%s/%s: path too long (not scanned)", root, rel);
		return;
	}
	if (depth > WALK_MAX_DEPTH) {
		pkgs_error(r, "%s: deeper than %d directories (not scanned)", dir,
			   WALK_MAX_DEPTH);
		return;
	}
	DIR *dh = opendir(dir);
	if (!dh) {
		pkgs_error(r, "%s: cannot read this directory: %s (not scanned)",
			   dir, strerror(errno));
		return;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	errno = 0;
	while ((e = readdir(dh))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) {
			errno = 0;
			continue;
		}
		if (++r->visited > PKGS_WALK_MAX) {
			pkgs_error(r, "%s: more than %d entries, walk stopped",
				   root, PKGS_WALK_MAX);
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
		errno = 0;
	}
	/* a directory that fails part way is not read whole: said, and
	 * what was read is still catalogued */
	if (!e && errno && !r->nomem)
		pkgs_error(r, "%s: cannot read this directory: %s (not scanned "
			   "whole)", dir, strerror(errno));
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
			pkgs_error(r, "%s/%s: path too long (not scanned)", dir,
				   names[i]);
			continue;
		}
		struct stat st;
		if (r->visited > PKGS_WALK_MAX || r->nomem)
			;
		else if (lstat(full, &st) != 0)
			pkgs_error(r, "%s: %s (not scanned)", full, strerror(errno));
		else if (S_ISDIR(st.st_mode))
			walk(r, root, sub, depth + 1);
		else if (S_ISREG(st.st_mode) && sbom_is_dpkg_list(sub))
			own_list(r, full, strlen(full) - strlen(sub));
		else if (sbom_kind_of_path(sub) == SBOM_KIND_NONE) {
			if (S_ISREG(st.st_mode) && st.st_size >= 64)
				catalog_elf(r, full);
		}
		else if (S_ISREG(st.st_mode))
			catalog_file(r, full, sbom_kind_of_path(sub));
		else
			/* a database path that is a link or a special file:
			 * named, never followed or read */
			pkgs_error(r, "%s: %s, not followed (not scanned)", full,
				   S_ISLNK(st.st_mode) ? "a symbolic link"
						       : io_file_type(st.st_mode));
		free(names[i]);
	}
	free(names);
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

static void catalog_image(struct pkgs_run *r, const char *path)
{
	struct sbom_image_run ir = { 0 };
	ir.skip_layer_digests = !r->verify_digests;
	struct diag d;
	diag_init(&d, path);
	if (sbom_image(path, &ir, &d) != 0) {
		char msg[1200];
		diag_format(&d, msg, sizeof(msg));
		pkgs_error(r, "%s (image not scanned)", msg);
		sbom_image_free(&ir);
		return;
	}
	for (size_t i = 0; i < ir.nerrors; i++)
		pkgs_error(r, "%s: %s", path, ir.errors[i]);
	for (size_t i = 0; i < ir.nnotes; i++) {
		/* read in part: named, as for a walked archive */
		char esc[4600];
		diag_escape(esc, sizeof(esc), ir.notes[i]);
		fprintf(stderr, "bulkhead: note: %s: %s\n", path, esc);
	}
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
static void set_subject(struct pkgs_run *r, const char *path,
			enum sbom_doc_kind kind)
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

void pkgs_collect(struct pkgs_run *r, char **paths, int n)
{
	for (int i = 0; i < n && !r->nomem; i++) {
		/* 4095 bytes and a NUL: PATH_MAX; tidied into a larger buffer
		 * so a longer one is seen, never cut */
		char tidy[2 * 4096];
		if (!*paths[i]) {
			pkgs_error(r, "an empty PATH names nothing (not scanned)");
			continue;
		}
		const char *p = walk_tidy(paths[i], tidy, sizeof(tidy));
		if (strlen(p) > 4095) {
			pkgs_error(r, "%.60s...: PATH longer than 4095 bytes "
				   "(not scanned)", p);
			continue;
		}
		struct stat st;
		bool there = stat(p, &st) == 0;
		bool dir = there && S_ISDIR(st.st_mode);
		r->dir_os_id[0] = r->dir_os_ver[0] = 0;
		if ((!there && strchr(p, ':')) || (there && is_image(p, dir))) {
			catalog_image(r, p);
		} else if (dir) {
			/* "dir/" and "dir" list the same paths */
			char root[4096];
			snprintf(root, sizeof(root), "%s", p);
			size_t len = strlen(root);
			while (len > 1 && root[len - 1] == '/')
				root[--len] = 0;
			walk(r, root, "", 0);
			/* after the whole walk: a list may come after the
			 * metadata it names */
			sbom_owned_drop(&r->owned, &r->pkgs);
			sbom_owned_free(&r->owned);
			set_subject(r, p, SBOM_DOC_DIR);
		} else {
			catalog_file(r, p, sbom_kind_of_path(p));
			if (there)
				set_subject(r, p, SBOM_DOC_FILE);
		}
	}
	/* nothing could be read: the first PATH names the document */
	if (!r->have_subject && n > 0) {
		char tidy[4096];
		r->dir_os_id[0] = r->dir_os_ver[0] = 0;
		set_subject(r, *paths[0] ? walk_tidy(paths[0], tidy, sizeof(tidy))
					 : "", SBOM_DOC_FILE);
	}
	if (r->nomem)
		pkgs_error(r, "out of memory");
}

void pkgs_run_free(struct pkgs_run *r)
{
	sbom_list_free(&r->pkgs);
	sbom_owned_free(&r->owned);
	free(r->name);
	free(r->digest);
	free(r->os_id);
	free(r->os_version);
	free(r->os_name);
	*r = (struct pkgs_run){ 0 };
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

int pkgs_doc_time(struct pkgs_run *r, char ts[32])
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (sbom_doc_time(sde, time(NULL), ts) == 0)
		return 0;
	pkgs_error(r, "SOURCE_DATE_EPOCH '%.40s' is not a whole number of "
		   "seconds from 0 to %lld (9999-12-31T23:59:59Z)",
		   sde ? sde : "", SBOM_DOC_MAX_EPOCH);
	return -1;
}

int pkgs_doc_meta(const struct pkgs_run *r, char uuid[37], const char *ts,
		  struct sbom_doc_meta *m)
{
	if (make_uuid(uuid))
		return -1;
	*m = (struct sbom_doc_meta){
		.kind = r->kind,
		.name = r->name ? r->name : "",
		.digest = r->digest,
		.os_id = r->os_id,
		.os_version = r->os_id ? r->os_version : NULL,
		.os_name = r->os_id ? r->os_name : NULL,
		.uuid = uuid,
		.timestamp = ts,
	};
	return 0;
}

void pkgs_cell(FILE *out, const char *s, int width)
{
	char esc[4200];
	/* control characters and bytes that are not UTF-8 as \xNN */
	diag_escape(esc, sizeof(esc), s ? s : "-");
	if (width)
		fprintf(out, "%-*s  ", width, esc);
	else
		fputs(esc, out);
}
