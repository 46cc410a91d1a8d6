/* SPDX-License-Identifier: Apache-2.0
 *
 * cmd_serve_none.c - `bulkhead serve` in a build without the admission
 * server (meson -Dserve=false).  It says so in one line and exits 2, so
 * a Deployment pointed at such a binary fails at once with the reason.
 * The server itself is cmd_serve.c (the static container image links it,
 * on libevent: docs/container.md).
 */
#include <stdio.h>

#include "commands.h"

int cmd_serve(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fputs("bulkhead: serve: this build has no admission server (built "
	      "with -Dserve=false; docs/admission.md)\n", stderr);
	return 2;
}
