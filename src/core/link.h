/* SPDX-License-Identifier: Apache-2.0
 *
 * link.h - the service as a whole: a Compose service with `build:` joined
 * to the Dockerfile it builds.
 *
 * After every input of a run was scanned, link_services() looks at each
 * Compose service that builds a Dockerfile and settles the findings the
 * two files raise about the same property (the effective user, its
 * numeric form, the health check, exposed SSH/debug ports): when one file
 * fixes what the other would report, the other's finding is dropped; when
 * both report it, it is reported once, on the file where the fix belongs,
 * naming the other file.  Tests: tests/cases/link/.
 */
#ifndef BH_LINK_H
#define BH_LINK_H

#include <stddef.h>

#include "formats.h"
#include "finding.h"

struct link_input {
	const char *display;              /* path as reported */
	const char *fs_path;              /* on disk, NULL for stdin */
	const struct bh_format *format;
};

void link_services(const struct link_input *inputs, size_t n,
		   struct bh_findings *findings);

#endif
