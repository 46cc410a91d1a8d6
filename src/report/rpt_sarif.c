/* SPDX-License-Identifier: Apache-2.0
 * rpt_sarif.c - placeholder (being written). */
#include "writer.h"
#include "../util/diag.h"
static int write_sarif(const struct rpt_run *run, FILE *out)
{
	(void)run; (void)out;
	return BH_EUSAGE;
}
const struct rpt_writer rpt_sarif = { "sarif", write_sarif };
