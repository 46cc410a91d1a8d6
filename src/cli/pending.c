/* SPDX-License-Identifier: Apache-2.0
 *
 * pending.c - TEMPORARY weak stand-ins for subcommands whose files are
 * still being written, so the tree links meanwhile.  Removed before
 * landing.
 */
#include <stdio.h>

#include "commands.h"

static int pending(const char *name)
{
	fprintf(stderr, "bulkhead: '%s' is not built yet\n", name);
	return 2;
}

__attribute__((weak)) int cmd_dump(int argc, char **argv) { (void)argc; (void)argv; return pending("dump"); }
__attribute__((weak)) int cmd_rules(int argc, char **argv) { (void)argc; (void)argv; return pending("rules"); }
__attribute__((weak)) int cmd_image(int argc, char **argv) { (void)argc; (void)argv; return pending("image"); }
__attribute__((weak)) int cmd_secrets(int argc, char **argv) { (void)argc; (void)argv; return pending("secrets"); }
