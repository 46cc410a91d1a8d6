/* SPDX-License-Identifier: Apache-2.0
 *
 * pkgs.h - the installed packages of the paths named on a command line,
 * as `bulkhead sbom` and `bulkhead vuln` collect them (pkgs.c).
 *
 * An image (a directory holding oci-layout or manifest.json, a tar file,
 * PATH:REF for a tag in it) goes to sbom_image() (src/sbom/sbom_image.c:
 * per layer, whiteouts honoured); its package paths are absolute in-image
 * paths and each package names its layer.  A directory is walked (not
 * following symbolic links: one at a database's path is named as not
 * scanned, at most WALK_MAX_DEPTH deep and PKGS_WALK_MAX entries; names
 * sorted) and each regular file whose path below it is a database's
 * in-image path (sbom_kind_of_path) is read (bounded, util/io) and handed
 * to its cataloger (src/sbom); any other regular file that starts like
 * an ELF file is streamed to the Go build information scanner; a PyPI
 * or npm package whose metadata file a dpkg file list
 * (var/lib/dpkg/info/NAME.list) of the walk names is dropped after the
 * walk (an OS package's: sbom.h, sbom_owned); the os-release of the root a deb or apk
 * database belongs to names their distribution.  A file named on the
 * command line is one database: its path or, failing that, its content
 * says which.  A file that is no database, a malformed database, a
 * directory that cannot be read: one "bulkhead: ..." line each on stderr
 * (r->errors counts them); the other paths are still listed.
 *
 * Ownership: the caller zeroes a struct pkgs_run; pkgs_run_free() frees
 * what pkgs_collect() put in it.
 * Tests: tests/cases/cli/sbom-*.case, tests/suites/sbom_oracles.sh,
 * tests/suites/vuln.sh.
 */
#ifndef BH_CLI_PKGS_H
#define BH_CLI_PKGS_H

#include <stdbool.h>
#include <stdio.h>
#include <stddef.h>

#include "report/sbom_doc.h"
#include "sbom/sbom.h"

#define PKGS_WALK_MAX 2000000

struct pkgs_run {
	struct sbom_list pkgs;
	size_t scanned;       /* database files read whole */
	size_t errors;
	size_t visited;       /* directory entries seen by the walk */
	bool nomem;
	/* images: hash every layer and check its digest and diff_id
	 * (--verify-digests); else not hashed (docs/decisions.md) */
	bool verify_digests;
	/* the subject of the CycloneDX and SPDX documents: the first PATH
	 * that could be read (an image that opened, a directory, a file
	 * that is there; when none could be, the first PATH); its kind,
	 * name (an image's tag, else the path), digest and os-release (an
	 * image's, else the first one a database of that PATH's root
	 * filesystem names) */
	bool have_subject;
	enum sbom_doc_kind kind;
	char *name, *digest, *os_id, *os_version, *os_name;
	/* the language metadata files the walked directory's dpkg file
	 * lists name (sbom_owned): those packages are the OS packages' */
	struct sbom_owned owned;
	/* the distribution of the PATH being read, set by set_distro */
	char dir_os_id[48], dir_os_ver[48];
};

/* One "bulkhead: ..." line (escaped) on stderr; counts an error. */
__attribute__((format(printf, 2, 3)))
void pkgs_error(struct pkgs_run *r, const char *fmt, ...);

/* Catalogs each of paths[0..n) into r (not sorted) and sets the
 * subject.  An empty PATH, or one longer than 4095 bytes, is an error
 * line (not scanned, never the current directory, never cut short). */
void pkgs_collect(struct pkgs_run *r, char **paths, int n);
void pkgs_run_free(struct pkgs_run *r);

/* The documents' time into ts: SOURCE_DATE_EPOCH (reproducible
 * documents) when set, else now; UTC, to the second.  A value that is
 * not a whole number of seconds from 0 to SBOM_DOC_MAX_EPOCH is one
 * error line and -1 (callers check it before reading anything). */
int pkgs_doc_time(struct pkgs_run *r, char ts[32]);
/* What the CycloneDX / SPDX documents say the scanned thing is (the
 * subject), with a random UUID (OpenSSL) written into uuid and the time
 * ts (pkgs_doc_time), which m points at.  -1 when no random bytes could
 * be had. */
int pkgs_doc_meta(const struct pkgs_run *r, char uuid[37], const char *ts,
		  struct sbom_doc_meta *m);

/* One table cell of s ("-" for NULL), escaped so no raw byte of the
 * input reaches the terminal (control characters as diag_escape writes
 * them, bytes that do not start valid UTF-8 as \xNN), padded to width
 * and two blanks (width 0: the last column, unpadded). */
void pkgs_cell(FILE *out, const char *s, int width);

#endif
