/* SPDX-License-Identifier: Apache-2.0
 *
 * scan_rt.h - the runtime input kinds (scan_rt.c): "inspect" (`docker
 * inspect` / `podman inspect` JSON, target BH_TARGET_RUNTIME) and
 * "daemon" (daemon.json, BH_TARGET_DAEMON).
 *
 * Neither is picked by a walk, a name or content: `bulkhead inspect` and
 * `bulkhead daemon` name them (bh_format_named("inspect")), as
 * `scan --kind` does.  Memory: the input is borrowed for the call;
 * findings are appended to ctx->out.  Nothing else outlives the call.
 * Tests: tests/cases/runtime/, tests/cases/daemon/.
 */
#ifndef BH_SCAN_RT_H
#define BH_SCAN_RT_H

#include "formats.h"

extern const struct bh_format bh_format_inspect;
extern const struct bh_format bh_format_daemon;

#endif
