/* SPDX-License-Identifier: Apache-2.0
 *
 * sbom.h - the package model of `bulkhead sbom` and its catalogers.
 *
 * A cataloger reads the bytes of one package database handed to it (a
 * dpkg status file, an apk installed db, an rpmdb.sqlite, Berkeley DB
 * Packages or NDB Packages.db file, an npm, yarn or pnpm lockfile or a
 * package.json, a Python METADATA / PKG-INFO or lockfile, a
 * Gemfile.lock, a Cargo.lock, an ELF executable's Go build information
 * or cargo auditable section, a Java archive) and appends one struct
 * sbom_pkg per installed package to a struct sbom_list.  Catalogers never
 * open a file, never write one, and bound what they read (SBOM_MAX_DB
 * bytes, SBOM_MAX_PKGS packages per list).  A malformed database is
 * BH_EPARSE with the line (text formats) or byte offset (rpm headers) in
 * the diag; what was appended before stays in the list.
 *
 * Ownership: every string of a struct sbom_pkg is heap-allocated and
 * owned by the list; sbom_list_free() frees them all.  The "path" and
 * "layer" given to a cataloger are copied.
 * Dependencies: a cataloger may record what a package depends on
 * (sbom_pkg_add_dep: dpkg Depends:, apk D: through p:, npm lockfiles);
 * sbom_list_deps() resolves them to the list's packages.
 * Images: sbom_image.h.
 * Tests: tests/unit/sbom/test_sbom.c, tests/unit/sbom/test_sbom_bin.c,
 * tests/suites/sbom_go.sh, tests/cases/cli/sbom-*.case,
 * fuzz/fuzz_sbom_*.c, tests/suites/sbom_oracles.sh; the dependencies:
 * tests/unit/report/test_sbom_doc.c, tests/suites/sbom_formats.sh.
 */
#ifndef BH_SBOM_H
#define BH_SBOM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/diag.h"

#define SBOM_MAX_DB ((size_t)256 << 20)  /* bytes per database */
#define SBOM_MAX_PKGS 1000000            /* packages per list */

enum sbom_eco { SBOM_DEB, SBOM_APK, SBOM_RPM, SBOM_NPM, SBOM_PYPI,
		SBOM_GEM, SBOM_CARGO, SBOM_GO, SBOM_MAVEN, SBOM_ECO__N };

struct sbom_pkg {
	enum sbom_eco eco;
	char *name;
	char *version;        /* as the ecosystem writes it (deb/rpm with epoch) */
	char *purl;
	char *path;           /* the database file it was read from */
	char *layer;          /* the image layer's digest, or NULL */
	char *licenses;       /* one license expression, or NULL */
	char *arch;           /* OS packages, or NULL */
	char *src_name;       /* OS packages: source package, or NULL */
	char *src_version;
	char *ns;             /* purl namespace of OS packages ("debian") */
	char *distro;         /* purl distro qualifier ("debian-12"), or NULL */
	/* what the database says it depends on (sbom_pkg_add_dep), resolved
	 * to listed packages by sbom_list_deps(); owned by the package */
	struct sbom_dep *deps;
	size_t ndeps;
	/* a dependency of the project itself (an npm lockfile's root
	 * packages[""] names it), which the documents' subject depends on */
	bool direct;
};

/* One dependency as its database names it: "name" is one package name
 * or alternatives "a|b" (the first one listed wins); "version" an exact
 * version (npm lockfiles) or NULL for any. */
struct sbom_dep {
	char *name;
	char *version;
};

struct sbom_list {
	struct sbom_pkg *v;
	size_t n, cap;
	/* what a cataloger read only in part, or NULL: "3 parts not read:
	 * ..." (a nested jar past the budget); the caller names it, as it
	 * names a file not scanned.  Owned; sbom_list_free() frees it. */
	char *note;
};

/* Records that a part of the input was not read ("what": why, naming
 * the part): the first such part is kept in l->note with a count of the
 * others.  BH_ENOMEM. */
int sbom_list_skipped(struct sbom_list *l, const char *what);

/* The kinds of database, told by in-image path or by content. */
enum sbom_kind {
	SBOM_KIND_NONE,
	SBOM_KIND_DPKG,          /* var/lib/dpkg/status */
	SBOM_KIND_DPKG_STATUSD,  /* var/lib/dpkg/status.d/NAME (distroless) */
	SBOM_KIND_APK,           /* lib/apk/db/installed */
	SBOM_KIND_RPM_SQLITE,    /* var/lib/rpm/rpmdb.sqlite */
	SBOM_KIND_RPM_BDB,       /* var/lib/rpm/Packages (Berkeley DB hash) */
	SBOM_KIND_RPM_NDB,       /* Packages.db (SUSE's NDB) */
	SBOM_KIND_NPM_LOCK,      /* package-lock.json */
	SBOM_KIND_NPM_PKG,       /* node_modules/.../package.json */
	SBOM_KIND_YARN_LOCK,     /* yarn.lock (classic v1 and berry) */
	SBOM_KIND_PNPM_LOCK,     /* pnpm-lock.yaml (v5 to v9) */
	SBOM_KIND_PY_META,       /* *.dist-info/METADATA, *.egg-info/PKG-INFO,
				  * a *.egg-info file */
	SBOM_KIND_PY_REQS,       /* requirements*.txt: == pins */
	SBOM_KIND_PY_PIPFILE,    /* Pipfile.lock */
	SBOM_KIND_PY_TOMLLOCK,   /* poetry.lock, uv.lock */
	SBOM_KIND_GEMFILE_LOCK,  /* Gemfile.lock */
	SBOM_KIND_CARGO_LOCK,    /* Cargo.lock */
	SBOM_KIND_ELF,           /* any ELF file, told by content: Go build
				  * information (sbom_go.c) */
	SBOM_KIND_BIN_SUMMARY,   /* what an image layer's stream kept of an
				  * ELF file (sbom_bin_scan_end) */
	SBOM_KIND_JAVA_ARCHIVE,  /* *.jar, *.war, *.ear, *.par (sbom_java.c) */
	SBOM_KIND_POM_PROPS,     /* a lone pom.properties */
	SBOM_KIND_JAVA_SUMMARY,  /* sbom_java_summarize() of an archive */
	SBOM_KIND_GEMSPEC,       /* specifications/NAME-VERSION.gemspec */
};

/* What one cataloger is handed: the bytes of one file. */
struct sbom_src {
	const char *buf;     /* need not be NUL-terminated */
	size_t len;
	const char *path;    /* as reported */
	const char *layer;   /* or NULL */
};

/* "deb", "apk", "rpm", "npm", "pypi", "gem", "cargo", "go", "maven". */
const char *sbom_eco_name(enum sbom_eco e);
/* "dpkg status", ... for messages. */
const char *sbom_kind_name(enum sbom_kind k);

/* The kind a '/'-separated path names by its in-image location (matched
 * on its last components: "x/var/lib/dpkg/status" is a dpkg status), or
 * SBOM_KIND_NONE. */
enum sbom_kind sbom_kind_of_path(const char *path);
/* The kind the bytes say (SQLite header, JSON object, "Package:" stanza:
 * a status.d file when no line starts "Status:", apk "P:" lines,
 * "Metadata-Version:"), or SBOM_KIND_NONE. */
enum sbom_kind sbom_kind_sniff(const char *buf, size_t len);

/* Runs the cataloger of "kind" on src.  0 or a negative BH_E*. */
int sbom_catalog(enum sbom_kind kind, const struct sbom_src *src,
		 struct sbom_list *out, struct diag *d);

/* The catalogers (sbom_os.c, sbom_rpm.c, sbom_lang.c). */
int sbom_dpkg(const struct sbom_src *src, bool statusd, struct sbom_list *out,
	      struct diag *d);
int sbom_apk(const struct sbom_src *src, struct sbom_list *out, struct diag *d);
int sbom_rpm_sqlite(const struct sbom_src *src, struct sbom_list *out,
		    struct diag *d);
int sbom_rpm_bdb(const struct sbom_src *src, struct sbom_list *out,
		 struct diag *d);
/* Whether the bytes start like a Berkeley DB hash database. */
bool sbom_rpm_is_bdb(const char *buf, size_t len);
int sbom_rpm_ndb(const struct sbom_src *src, struct sbom_list *out,
		 struct diag *d);
/* One rpm header blob (as rpmdb.sqlite's Packages.blob holds it). */
int sbom_rpm_header(const unsigned char *blob, size_t len,
		    const struct sbom_src *src, struct sbom_list *out,
		    struct diag *d);
int sbom_npm_lock(const struct sbom_src *src, struct sbom_list *out,
		  struct diag *d);
int sbom_npm_pkg(const struct sbom_src *src, struct sbom_list *out,
		 struct diag *d);
int sbom_yarn_lock(const struct sbom_src *src, struct sbom_list *out,
		   struct diag *d);
int sbom_pnpm_lock(const struct sbom_src *src, struct sbom_list *out,
		   struct diag *d);
int sbom_python(const struct sbom_src *src, struct sbom_list *out,
		struct diag *d);
int sbom_py_reqs(const struct sbom_src *src, struct sbom_list *out,
		 struct diag *d);
int sbom_py_pipfile(const struct sbom_src *src, struct sbom_list *out,
		    struct diag *d);
int sbom_py_tomllock(const struct sbom_src *src, struct sbom_list *out,
		     struct diag *d);
int sbom_cargo_lock(const struct sbom_src *src, struct sbom_list *out,
		    struct diag *d);
int sbom_gemfile_lock(const struct sbom_src *src, struct sbom_list *out,
		      struct diag *d);

/* Go build information of an ELF file (sbom_go.c): a "stdlib" row, the
 * main module, the dependencies (replacements applied); nothing for an
 * ELF file without it. */
/* Reads n bytes at off into buf; 0 on success. */
typedef int (*sbom_read_fn)(void *ctx, uint64_t off, size_t n, void *buf);
/* The cargo auditable packages (.dep-v0) of an ELF file of size bytes
 * that the caller reads through rd (only the ELF header, the section
 * tables and the section are read). */
int sbom_cargo_elf(uint64_t size, sbom_read_fn rd, void *ctx,
		   const struct sbom_src *src, struct sbom_list *out,
		   struct diag *d);
int sbom_go_bin(const struct sbom_src *src, struct sbom_list *out,
		struct diag *d);
bool sbom_is_elf(const char *buf, size_t len);
/* The stream side, for image layers read once, forward: begin with the
 * file's size, feed every byte in order, end: a heap summary (the caller
 * frees it) when the file holds Go build information, else NULL; end
 * frees the scanner.  At most about 1.1 MiB + 64 KiB kept per file.
 * sbom_go_summary() reads such a summary as sbom_go_bin() reads the
 * file. */
struct sbom_bin_scan;
struct sbom_bin_scan *sbom_bin_scan_begin(uint64_t size);
void sbom_bin_scan_feed(struct sbom_bin_scan *s, const void *data, size_t n);
char *sbom_bin_scan_end(struct sbom_bin_scan *s, size_t *len);
bool sbom_is_bin_summary(const char *buf, size_t len);
int sbom_go_summary(const struct sbom_src *src, struct sbom_list *out,
		    struct diag *d);

/* Java archives and pom.properties (sbom_java.c): Maven packages named
 * "group:artifact".  sbom_java_summarize() catalogs an archive into a
 * heap summary of a few lines (the caller frees it), which
 * sbom_java_summary() reads back: an image keeps no archive. */
int sbom_java_archive(const struct sbom_src *src, struct sbom_list *out,
		      struct diag *d);
int sbom_pom_properties(const struct sbom_src *src, struct sbom_list *out,
			struct diag *d);
bool sbom_is_zip(const char *buf, size_t len);
char *sbom_java_summarize(const struct sbom_src *src, size_t *len);
int sbom_java_summary(const struct sbom_src *src, struct sbom_list *out,
		      struct diag *d);

/* An installed gem's specification (sbom_gemspec.c). */
int sbom_gemspec(const struct sbom_src *src, struct sbom_list *out,
		 struct diag *d);

/* A copy of "s" with URL credentials hidden (user:****@, or ****@ for a
 * user name that may be a token); NULL on allocation failure.  Applied to
 * every version sbom_list_add() and sbom_pkg_add_dep() store. */
char *sbom_mask_userinfo(const char *s);

/* Appends a package: copies every string given (NULL allowed but for
 * name and version) and builds the purl.  BH_ENOMEM, BH_ELIMIT. */
struct sbom_pkg_in {
	enum sbom_eco eco;
	const char *name, *version, *licenses, *arch, *src_name, *src_version,
		*ns, *epoch,  /* epoch: rpm purl qualifier, or NULL */
		*distro;      /* purl qualifier, or NULL */
};
int sbom_list_add(struct sbom_list *l, const struct sbom_pkg_in *in,
		  const struct sbom_src *src);
/* The distribution of a root filesystem from its os-release text: ID
 * and VERSION_ID (lower case letters, digits, '.', '_', '-' only; empty
 * when absent or otherwise) into id/ver. */
void sbom_os_release(const char *buf, size_t len, char *id, size_t idsize,
		     char *ver, size_t versize);
/* Gives the deb and apk packages of l read from "path" (NULL: all) the
 * distribution "id" (purl namespace: "ubuntu", "alpine") and the purl
 * qualifier distro=ID-VERSION_ID (or ID alone).  No-op for an empty id.
 * BH_ENOMEM (the purls left as they were). */
int sbom_list_set_distro(struct sbom_list *l, const char *path,
			 const char *id, const char *ver);
/* Sorts by ecosystem, name, version, path, layer and drops exact
 * repeats. */
void sbom_list_sort(struct sbom_list *l);
/* Removes every package read from "path" in "layer" (a later layer
 * deleted or replaced the file). */
void sbom_list_drop_path(struct sbom_list *l, const char *path);
void sbom_list_free(struct sbom_list *l);

/* Files the distribution's packages own, as dpkg lists them
 * (var/lib/dpkg/info/NAME.list, one absolute path a line): a Python or
 * npm package whose metadata file an OS package owns (Debian's
 * python3-six installs six-1.16.0.dist-info) is that OS package, not a
 * separate PyPI or npm package (as Trivy and syft list them).  Only
 * lines naming such a metadata file (sbom_kind_of_path: PY_META,
 * NPM_PKG) are kept, at most SBOM_MAX_OWNED (then "full" is set and the
 * rest are not kept: those packages stay listed). */
#define SBOM_MAX_OWNED 200000
struct sbom_owned {
	char **v;       /* prefix + the line without its leading '/' */
	size_t n, cap;
	bool full;
};
/* Whether path is a dpkg file list (.../var/lib/dpkg/info/NAME.list). */
bool sbom_is_dpkg_list(const char *path);
/* Adds the metadata paths of one .list's bytes, each as "prefix" joined
 * with the line (its leading '/' dropped).  0 or BH_ENOMEM. */
int sbom_owned_add(struct sbom_owned *o, const char *prefix, const char *buf,
		   size_t len);
/* Removes from l every PyPI and npm package whose path is in o; sorts
 * o.  Returns how many were removed. */
size_t sbom_owned_drop(struct sbom_owned *o, struct sbom_list *l);
void sbom_owned_free(struct sbom_owned *o);

/* PEP 503 normalized name into buf (lower case, runs of -_. as one -). */
void sbom_pep503(const char *name, char *buf, size_t size);

/* Appends a dependency (copies of name[0..nlen) and version, which may
 * be NULL) to p; at most SBOM_MAX_DEPS per package, repeats dropped.
 * 0 or BH_ENOMEM. */
#define SBOM_MAX_DEPS 4096
int sbom_pkg_add_dep(struct sbom_pkg *p, const char *name, size_t nlen,
		     const char *version);
/* Resolves every package's deps to indices of l: a dependency names a
 * package of the same ecosystem and database path, of that name (of
 * that version when one is given; of p's layer when there is one, as an
 * image's database lists packages of several layers; alternatives: the
 * first listed one that resolves); no self edges, no repeats.  On 0, the targets of package i are
 * (*to)[(*first)[i] .. (*first)[i + 1]) in the order the database names
 * them; the caller frees *to and *first.  BH_ENOMEM. */
int sbom_list_deps(const struct sbom_list *l, size_t **to, size_t **first);

#endif
