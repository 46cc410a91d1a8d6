/* SPDX-License-Identifier: Apache-2.0
 *
 * sbom_doc.h - the standard SBOM documents of `bulkhead sbom`: CycloneDX
 * 1.5 JSON (sbom_cdx.c) and SPDX 2.3 JSON (sbom_spdx.c), over the package
 * model of src/sbom (sbom.h), with the helpers both share (sbom_doc.c).
 *
 * The writers take a sorted struct sbom_list (sbom_list_sort) and what
 * the scanned thing is (struct sbom_doc_meta); they build a jansson tree
 * and print it with a 2-space indent and a final newline (sbom_doc_dump,
 * which tells a failed write from a failed allocation).  Strings from
 * the scanned input are made valid UTF-8 (rpt_json_str).  Randomness and
 * time come from the caller (serial and timestamp), so the writers are
 * deterministic and the unit tests compare exact output.
 * Field mapping: docs/sbom.md.
 * Tests: tests/unit/report/test_sbom_doc.c, tests/suites/sbom_formats.sh
 * (the official JSON schemas), tests/cases/cli/sbom-cyclonedx*.case,
 * sbom-spdx*.case.
 */
#ifndef BH_SBOM_DOC_H
#define BH_SBOM_DOC_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include <jansson.h>

#include "../sbom/sbom.h"
#include "../util/strbuf.h"

enum sbom_doc_kind { SBOM_DOC_IMAGE, SBOM_DOC_DIR, SBOM_DOC_FILE };

struct sbom_doc_meta {
	enum sbom_doc_kind kind;
	const char *name;       /* image tag or path as given */
	const char *digest;     /* image digest ("sha256:..."), or NULL */
	const char *os_id;      /* os-release ID, VERSION_ID, NAME, or NULL */
	const char *os_version;
	const char *os_name;
	const char *uuid;       /* 36-character UUID: CycloneDX serialNumber,
				 * SPDX documentNamespace */
	const char *timestamp;  /* "2026-01-02T03:04:05Z" */
};

/* Write the document: 0, BH_ENOMEM (the tree could not be built or
 * encoded) or BH_EIO (writing to out failed; errno says why). */
int sbom_write_cdx(FILE *out, const struct sbom_list *l,
		   const struct sbom_doc_meta *m);
int sbom_write_spdx(FILE *out, const struct sbom_list *l,
		    const struct sbom_doc_meta *m);

/* What both writers end with: prints doc with a 2-space indent and a
 * final newline to out, flushes it, and drops the caller's reference to
 * doc (NULL: a tree that could not be built, BH_ENOMEM).  0, BH_ENOMEM
 * (jansson ran out while encoding) or BH_EIO (a write or the flush
 * failed; errno as the failing call left it). */
int sbom_doc_dump(FILE *out, json_t *doc);

/* The document's time into out (UTC, "2026-01-02T03:04:05Z"): from
 * "sde", a SOURCE_DATE_EPOCH value (NULL or "": "now"), which must be a
 * whole number of seconds from 0 to SBOM_DOC_MAX_EPOCH (9999-12-31
 * 23:59:59, the last second the documents' date-time can hold) in
 * decimal digits only.  0, or BH_EUSAGE for any other value (out
 * untouched). */
#define SBOM_DOC_MAX_EPOCH 253402300799LL
int sbom_doc_time(const char *sde, time_t now, char out[32]);

/* Whether "s" is a valid SPDX license expression (SPDX 2.3 annex D):
 * license ids of the SPDX license list (optional '+' after one),
 * [DocumentRef-X:]LicenseRef-Y, AND, OR, WITH and an exception id of the
 * list, parentheses.  Ids match as the list spells them (case-sensitive,
 * as spdx-expression-parse, the suite's oracle, matches them). */
bool sbom_license_is_expr(const char *s);

/* The license expression to write for "s": s itself when it is a valid
 * expression, s with its operators upper-cased when only their case was
 * wrong ("MIT and Apache-2.0" -> "MIT AND Apache-2.0"), else NULL (write
 * it as a name).  The caller frees it; NULL too when allocation fails. */
char *sbom_license_expr(const char *s);

/* Appends to sb "s" with every character outside [A-Za-z0-9.-] as '-'
 * (an SPDX idstring; "" gives "-"). */
void sbom_spdx_idstring(struct strbuf *sb, const char *s);

/* The bom-refs of l's packages, unique over the whole list: package i's
 * purl, or when another package has the same purl (two databases, or
 * two spellings of one PyPI name: Foo_Bar and foo-bar), "purl#path",
 * and "#layer" after it when that repeats too; a ref that would still
 * repeat (the same purl, path and layer) gets "#N", N counting up over
 * the document.  O(n log n): one sort, one hash set.  An array of l->n
 * strings; the caller frees it with sbom_bom_refs_free(); NULL when
 * allocation fails. */
char **sbom_bom_refs(const struct sbom_list *l);
void sbom_bom_refs_free(char **refs, size_t n);

/* The SPDX license list's ids (current and deprecated) and exception
 * ids, sorted by strcmp (spdx_ids.c, generated), each in an array of
 * SBOM_SPDX_ID_SIZE chars (terminated). */
#define SBOM_SPDX_ID_SIZE 40
extern const char sbom_spdx_license_ids[][SBOM_SPDX_ID_SIZE];
extern const size_t sbom_spdx_nlicense_ids;
extern const char sbom_spdx_exception_ids[][SBOM_SPDX_ID_SIZE];
extern const size_t sbom_spdx_nexception_ids;

#endif
