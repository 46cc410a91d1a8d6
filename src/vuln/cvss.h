/* SPDX-License-Identifier: Apache-2.0
 *
 * cvss.h - CVSS scores computed from vector strings, as the FIRST
 * specifications define them: v3.0 and v3.1 base scores (with each
 * version's Roundup) and the v4.0 score from the macrovector lookup table
 * and severity-distance interpolation of the v4.0 specification section 8
 * and FIRST's reference calculator (cvss_score.js, cvss_lookup.js).
 *
 * Every metric of a version (base, temporal/threat, environmental,
 * supplemental) is parsed and validated; metrics may come in any order.
 * v3.x: the base score is returned whatever else the vector carries.
 * v4.0: the score of the vector as the specification names it: CVSS-B for
 * a vector with base metrics only (the usual case in advisories); threat
 * and environmental metrics, when present, take part as the reference
 * calculator has them (CVSS-BT, -BE, -BTE).  Sources and tests:
 * docs/vuln.md "CVSS"; tests/unit/vuln/test_cvss.c, fuzz/fuzz_cvss.c.
 * Pure functions: no allocation, no global state.
 */
#ifndef BH_VULN_CVSS_H
#define BH_VULN_CVSS_H

#include "../util/span.h"

/* Longest vector accepted (a full v4.0 vector with every metric is about
 * 300 bytes). */
#define VULN_CVSS_MAX_VECTOR 512

/* BH_OK with *score (0.0..10.0, one decimal) and *version (30, 31 or 40)
 * set; BH_EPARSE for a malformed vector (wrong or missing "CVSS:x.y/"
 * prefix, unknown metric, bad value, repeated metric, missing mandatory
 * base metric, empty component, too long); outputs then untouched.  Either
 * output may be NULL. */
int vuln_cvss_score(const char *vector, double *score, int *version);

/* The qualitative severity rating scale (v3.1 section 5, v4.0 section 6):
 * "None" (0.0), "Low" (0.1-3.9), "Medium" (4.0-6.9), "High" (7.0-8.9),
 * "Critical" (9.0-10.0).  The score is taken at one decimal. */
const char *vuln_cvss_rating(double score);

/* The same scale in bulkhead's severities: None is BH_SEV_INFO. */
enum bh_severity vuln_cvss_severity(double score);

/* The Roundup function: version 31 is the v3.1 Appendix A float-safe
 * integer version, 30 is v3.0's plain ceiling to one decimal. */
double vuln_cvss_roundup(double x, int version);

#endif
