/* SPDX-License-Identifier: Apache-2.0
 *
 * img_eol.c - end-of-life dates of base operating systems, by os-release
 * ID and VERSION_ID prefix.
 *
 * This file owns the table and its lookup; the rule that uses it is
 * BH4014 in src/rules/rules_image.c.  The date is the last day any free
 * security updates are published for the release in the distribution's
 * own archive (for Debian the end of Debian LTS, for Ubuntu the end of
 * standard support, for Alpine the end of the main repository's support).
 * Dates are facts transcribed by hand, not copied data; each row names
 * its source, which BH4014's message repeats.
 * Tests: tests/unit/image/test_image.c.
 */
#include "img_model.h"

#include <string.h>

const char img_eol_source[] =
	"Debian: wiki.debian.org/LTS; Ubuntu: distro-info-data (ubuntu.csv, "
	"end of standard support); others: endoflife.date; every row checked "
	"against its source 2026-11-23";

/* Where each row's date comes from, as named in BH4014's message. */
#define SRC_DEBIAN "Debian LTS"
#define SRC_UBUNTU "Ubuntu distro-info-data"
#define SRC_EOLD "endoflife.date"

/* Row by row, 2026-11-23: every date below was read in its source (for
 * Ubuntu the "eol" column of distro-info-data's ubuntu.csv, which
 * differs from endoflife.date's rounded dates by days; for Fedora 42
 * the project's end-of-life announcement, endoflife.date still had the
 * earlier estimate).  Releases with no announced date yet (Fedora 43
 * and 44, Alpine 3.24, Ubuntu 26.10, RHEL 10) are left out: a missing
 * row never reports. */
static const struct img_eol table[] = {
	/* Debian: end of LTS */
	{ "debian", "7", "Debian 7 (wheezy)", "2018-05-31", SRC_DEBIAN },
	{ "debian", "8", "Debian 8 (jessie)", "2020-06-30", SRC_DEBIAN },
	{ "debian", "9", "Debian 9 (stretch)", "2022-06-30", SRC_DEBIAN },
	{ "debian", "10", "Debian 10 (buster)", "2024-06-30", SRC_DEBIAN },
	{ "debian", "11", "Debian 11 (bullseye)", "2026-08-31", SRC_DEBIAN },
	{ "debian", "12", "Debian 12 (bookworm)", "2028-06-30", SRC_DEBIAN },
	{ "debian", "13", "Debian 13 (trixie)", "2030-06-30", SRC_DEBIAN },
	/* Ubuntu: end of standard support */
	{ "ubuntu", "14.04", "Ubuntu 14.04 LTS", "2019-04-30", SRC_UBUNTU },
	{ "ubuntu", "16.04", "Ubuntu 16.04 LTS", "2021-04-30", SRC_UBUNTU },
	{ "ubuntu", "18.04", "Ubuntu 18.04 LTS", "2023-05-31", SRC_UBUNTU },
	{ "ubuntu", "20.04", "Ubuntu 20.04 LTS", "2025-05-31", SRC_UBUNTU },
	{ "ubuntu", "22.04", "Ubuntu 22.04 LTS", "2027-06-01", SRC_UBUNTU },
	{ "ubuntu", "23.04", "Ubuntu 23.04", "2024-01-25", SRC_UBUNTU },
	{ "ubuntu", "23.10", "Ubuntu 23.10", "2024-07-11", SRC_UBUNTU },
	{ "ubuntu", "24.04", "Ubuntu 24.04 LTS", "2029-05-31", SRC_UBUNTU },
	{ "ubuntu", "24.10", "Ubuntu 24.10", "2025-07-10", SRC_UBUNTU },
	{ "ubuntu", "25.04", "Ubuntu 25.04", "2026-01-15", SRC_UBUNTU },
	{ "ubuntu", "25.10", "Ubuntu 25.10", "2026-07-09", SRC_UBUNTU },
	{ "ubuntu", "26.04", "Ubuntu 26.04 LTS", "2031-05-29", SRC_UBUNTU },
	/* Alpine: end of support of the release branch */
	{ "alpine", "3.10", "Alpine 3.10", "2021-05-01", SRC_EOLD },
	{ "alpine", "3.11", "Alpine 3.11", "2021-11-01", SRC_EOLD },
	{ "alpine", "3.12", "Alpine 3.12", "2022-05-01", SRC_EOLD },
	{ "alpine", "3.13", "Alpine 3.13", "2022-11-01", SRC_EOLD },
	{ "alpine", "3.14", "Alpine 3.14", "2023-05-01", SRC_EOLD },
	{ "alpine", "3.15", "Alpine 3.15", "2023-11-01", SRC_EOLD },
	{ "alpine", "3.16", "Alpine 3.16", "2024-05-23", SRC_EOLD },
	{ "alpine", "3.17", "Alpine 3.17", "2024-11-22", SRC_EOLD },
	{ "alpine", "3.18", "Alpine 3.18", "2025-05-09", SRC_EOLD },
	{ "alpine", "3.19", "Alpine 3.19", "2025-11-01", SRC_EOLD },
	{ "alpine", "3.20", "Alpine 3.20", "2026-04-01", SRC_EOLD },
	{ "alpine", "3.21", "Alpine 3.21", "2026-11-01", SRC_EOLD },
	{ "alpine", "3.22", "Alpine 3.22", "2027-05-01", SRC_EOLD },
	{ "alpine", "3.23", "Alpine 3.23", "2027-11-01", SRC_EOLD },
	/* Enterprise Linux and friends: end of maintenance (RHEL: end of
	 * Maintenance Support, not the paid extended phase).  CentOS Stream
	 * says ID=centos too: img_eol_find() tells it by its name. */
	{ "centos", "6", "CentOS 6", "2020-11-30", SRC_EOLD },
	{ "centos", "7", "CentOS 7", "2024-06-30", SRC_EOLD },
	{ "centos", "8", "CentOS 8", "2021-12-31", SRC_EOLD },
	{ "centos-stream", "8", "CentOS Stream 8", "2024-05-31", SRC_EOLD },
	{ "centos-stream", "9", "CentOS Stream 9", "2027-05-31", SRC_EOLD },
	{ "centos-stream", "10", "CentOS Stream 10", "2030-01-01", SRC_EOLD },
	{ "rhel", "7", "RHEL 7", "2024-06-30", SRC_EOLD },
	{ "rhel", "8", "RHEL 8", "2029-05-31", SRC_EOLD },
	{ "rhel", "9", "RHEL 9", "2032-05-31", SRC_EOLD },
	{ "amzn", "2018.03", "Amazon Linux AMI 2018.03", "2023-12-31",
	  SRC_EOLD },
	{ "amzn", "2", "Amazon Linux 2", "2026-06-30", SRC_EOLD },
	{ "amzn", "2023", "Amazon Linux 2023", "2029-06-30", SRC_EOLD },
	{ "fedora", "38", "Fedora 38", "2024-05-21", SRC_EOLD },
	{ "fedora", "39", "Fedora 39", "2024-11-26", SRC_EOLD },
	{ "fedora", "40", "Fedora 40", "2025-05-13", SRC_EOLD },
	{ "fedora", "41", "Fedora 41", "2025-12-15", SRC_EOLD },
	{ "fedora", "42", "Fedora 42", "2026-05-28", "Fedora" },
};

/* "3.18.4" matches "3.18"; "12" matches "12" but not "1"; "2" (amzn)
 * must not match "2023". */
static bool version_match(const char *row, const char *v)
{
	size_t n = strlen(row);
	if (strncmp(row, v, n) != 0)
		return false;
	return v[n] == 0 || v[n] == '.';
}

const struct img_eol *img_eol_find(const char *id, const char *version_id,
				   const char *pretty_name)
{
	if (!id || !version_id)
		return NULL;
	/* CentOS Stream: NAME="CentOS Stream", ID="centos" */
	if (!strcmp(id, "centos") && pretty_name &&
	    strstr(pretty_name, "Stream"))
		id = "centos-stream";
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (strcmp(table[i].id, id) == 0 &&
		    version_match(table[i].version, version_id))
			return &table[i];
	return NULL;
}

bool img_eol_passed(const struct img_eol *row, const char *today)
{
	/* ISO dates compare as strings */
	return row && today && strcmp(today, row->eol) > 0;
}
