/* SPDX-License-Identifier: Apache-2.0
 *
 * probe.h - answering "is there a file named NAME in DIR?" from one
 * listing of DIR per run, for the probes a scan makes per input file
 * (a .dockerignore, npm lock files, a .env, a kustomization beside it),
 * which mostly find nothing and cost one failed stat() or open() each.
 *
 * Contract: io_surely_absent(path) is true only when a listing of the
 * path's directory, taken once in this process (when a name is asked
 * there a second time: a run with one input there lists nothing and
 * probes as before), held no entry whose
 * name matches the path's last component (compared ignoring ASCII case,
 * so a case-insensitive file system is never answered wrongly).  Any
 * other case is false, and the caller probes the disk as before: an
 * entry that is present (a file, a directory, a dangling symlink), a
 * directory that cannot be listed, one of more than PROBE_MAX_NAMES
 * entries, a name with a byte outside ASCII or a '/' at its end.  So the
 * answers equal the probes' except for a file created in a listed
 * directory after its listing, during the run.
 * Thread-safe (one mutex); the listings are kept until exit.
 */
#ifndef BH_PROBE_H
#define BH_PROBE_H

#include <stdbool.h>

/* directories with more entries are not kept: probed every time */
#define PROBE_MAX_NAMES 4096

bool io_surely_absent(const char *path);

#endif
