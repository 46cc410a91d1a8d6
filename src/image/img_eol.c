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
 * Dates are facts transcribed by hand, not copied data.
 * Tests: tests/unit/image/test_image.c.
 */
#include "img_model.h"

#include <string.h>

const char img_eol_source[] =
	"endoflife.date (debian, ubuntu, alpine, centos, amazon-linux, rhel, "
	"fedora pages) and wiki.debian.org/LTS, transcribed 2026-11-23";

static const struct img_eol table[] = {
	/* Debian: end of LTS */
	{ "debian", "7", "Debian 7 (wheezy)", "2018-05-31" },
	{ "debian", "8", "Debian 8 (jessie)", "2020-06-30" },
	{ "debian", "9", "Debian 9 (stretch)", "2022-06-30" },
	{ "debian", "10", "Debian 10 (buster)", "2024-06-30" },
	{ "debian", "11", "Debian 11 (bullseye)", "2026-08-31" },
	{ "debian", "12", "Debian 12 (bookworm)", "2028-06-30" },
	{ "debian", "13", "Debian 13 (trixie)", "2030-06-30" },
	/* Ubuntu: end of standard support */
	{ "ubuntu", "14.04", "Ubuntu 14.04 LTS", "2019-04-30" },
	{ "ubuntu", "16.04", "Ubuntu 16.04 LTS", "2021-04-30" },
	{ "ubuntu", "18.04", "Ubuntu 18.04 LTS", "2023-05-31" },
	{ "ubuntu", "20.04", "Ubuntu 20.04 LTS", "2025-05-31" },
	{ "ubuntu", "22.04", "Ubuntu 22.04 LTS", "2027-06-01" },
	{ "ubuntu", "23.04", "Ubuntu 23.04", "2024-01-25" },
	{ "ubuntu", "23.10", "Ubuntu 23.10", "2024-07-11" },
	{ "ubuntu", "24.04", "Ubuntu 24.04 LTS", "2029-05-31" },
	{ "ubuntu", "24.10", "Ubuntu 24.10", "2025-07-10" },
	{ "ubuntu", "25.04", "Ubuntu 25.04", "2026-01-15" },
	/* Alpine: end of support of the release branch */
	{ "alpine", "3.10", "Alpine 3.10", "2021-05-01" },
	{ "alpine", "3.11", "Alpine 3.11", "2021-11-01" },
	{ "alpine", "3.12", "Alpine 3.12", "2022-05-01" },
	{ "alpine", "3.13", "Alpine 3.13", "2022-11-01" },
	{ "alpine", "3.14", "Alpine 3.14", "2023-05-01" },
	{ "alpine", "3.15", "Alpine 3.15", "2023-11-01" },
	{ "alpine", "3.16", "Alpine 3.16", "2024-05-23" },
	{ "alpine", "3.17", "Alpine 3.17", "2024-11-22" },
	{ "alpine", "3.18", "Alpine 3.18", "2025-05-09" },
	{ "alpine", "3.19", "Alpine 3.19", "2025-11-01" },
	{ "alpine", "3.20", "Alpine 3.20", "2026-04-01" },
	{ "alpine", "3.21", "Alpine 3.21", "2026-11-01" },
	{ "alpine", "3.22", "Alpine 3.22", "2027-05-01" },
	/* Enterprise Linux and friends: end of maintenance */
	{ "centos", "6", "CentOS 6", "2020-11-30" },
	{ "centos", "7", "CentOS 7", "2024-06-30" },
	{ "centos", "8", "CentOS 8", "2021-12-31" },
	{ "rhel", "7", "RHEL 7", "2024-06-30" },
	{ "rhel", "8", "RHEL 8", "2029-05-31" },
	{ "rhel", "9", "RHEL 9", "2032-05-31" },
	{ "amzn", "2018.03", "Amazon Linux AMI 2018.03", "2023-12-31" },
	{ "amzn", "2", "Amazon Linux 2", "2026-06-30" },
	{ "amzn", "2023", "Amazon Linux 2023", "2029-06-30" },
	{ "fedora", "38", "Fedora 38", "2024-05-21" },
	{ "fedora", "39", "Fedora 39", "2024-11-26" },
	{ "fedora", "40", "Fedora 40", "2025-05-13" },
	{ "fedora", "41", "Fedora 41", "2025-12-15" },
	{ "fedora", "42", "Fedora 42", "2026-05-28" },
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

const struct img_eol *img_eol_find(const char *id, const char *version_id)
{
	if (!id || !version_id)
		return NULL;
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
