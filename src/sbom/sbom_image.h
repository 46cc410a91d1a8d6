/* SPDX-License-Identifier: Apache-2.0
 *
 * sbom_image.h - the packages of a container image, per layer
 * (sbom_image.c).
 *
 * Contract: the caller zeroes a struct sbom_image_run, sbom_image() fills
 * it, sbom_image_free() frees everything it holds (packages, error
 * lines).  sbom_image() returns 0, or a negative BH_E* with the cause in
 * "d" when the image itself cannot be read; malformed or oversized
 * package databases of the image are lines in r->errors (each names the
 * file and its layer) and list nothing.
 * Tests: tests/unit/sbom/test_sbom.c, tests/suites/sbom_oracles.sh.
 */
#ifndef BH_SBOM_IMAGE_H
#define BH_SBOM_IMAGE_H

#include "sbom.h"

struct sbom_image_run {
	struct sbom_list pkgs;    /* not sorted */
	char **errors;            /* heap lines */
	size_t nerrors;
	size_t scanned;           /* database files listed */
	char **notes;             /* read in part: "/PATH (layer N): what"
				     (a Java archive's parts not read); heap */
	size_t nnotes;
	/* what the image says it is (heap, each NULL when unknown): the
	 * chosen tag or first repo tag, the manifest (else config) digest,
	 * and its os-release ID, VERSION_ID and NAME */
	char *name, *digest, *os_id, *os_version, *os_name;
	/* set by the caller: layers not hashed, their digests and diff_ids
	 * not checked (img_options.skip_layer_digests) */
	bool skip_layer_digests;
};

int sbom_image(const char *path, struct sbom_image_run *r, struct diag *d);
/* The same with "max" bytes per database file instead of 64 MiB and,
 * unless NULL, these image limits instead of img_limits_default()'s. */
struct img_limits;
int sbom_image_max(const char *path, size_t max, const struct img_limits *lim,
		   struct sbom_image_run *r, struct diag *d);
void sbom_image_free(struct sbom_image_run *r);

#endif
