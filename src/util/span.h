/* SPDX-License-Identifier: Apache-2.0
 *
 * span.h - the leaf types every layer shares: where something is in a
 * text (struct bh_span) and how bad a finding is (enum bh_severity).
 *
 * Values only: nothing here allocates.  Lines and columns are 1-based and
 * count bytes (of the source line, whatever the format); end_col is
 * exclusive (SARIF's convention).  0 means "not known".  Severity names
 * and parsing live with the findings (src/core/finding.h).
 */
#ifndef BH_SPAN_H
#define BH_SPAN_H

enum bh_severity {
	BH_SEV_INFO = 0,
	BH_SEV_LOW,
	BH_SEV_MEDIUM,
	BH_SEV_HIGH,
	BH_SEV_CRITICAL,
};

struct bh_span {
	int line;
	int col;
	int end_line;
	int end_col;
};

#endif
