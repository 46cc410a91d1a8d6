/* SPDX-License-Identifier: Apache-2.0
 *
 * cmd_serve_none.c - `bulkhead serve` in a build without the admission
 * server (meson -Dserve=false, as the static container image is built:
 * libmicrohttpd's HTTPS is GnuTLS, which needs p11-kit, and Debian ships
 * no static p11-kit).  It says so in one line and exits 2, so a
 * Deployment pointed at such a binary fails at once with the reason.
 * The server itself is cmd_serve.c.  Tests: tests/suites/selfimage.sh.
 */
#include <stdio.h>

#include "commands.h"

int cmd_serve(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fputs("bulkhead: serve: this build has no admission server (built "
	      "with -Dserve=false: a static binary cannot link GnuTLS; use "
	      "the dynamic build, docs/container.md)\n", stderr);
	return 2;
}
