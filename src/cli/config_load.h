/* SPDX-License-Identifier: Apache-2.0
 *
 * config_load.h - reading .bulkhead.yaml into a struct bh_config.
 */
#ifndef BH_CONFIG_LOAD_H
#define BH_CONFIG_LOAD_H

#include "../core/config.h"
#include "../util/diag.h"

/* Loads "path" into "c" (which must be initialised).  Returns BH_OK or
 * BH_EUSAGE/BH_EIO/BH_EPARSE with file:line in "d". */
int config_load(const char *path, struct bh_config *c, struct diag *d);

#endif
