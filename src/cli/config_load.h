/* SPDX-License-Identifier: Apache-2.0
 *
 * config_load.h - reading the configuration files into a struct
 * bh_config: .bulkhead.yaml, and the peer tools' files a project already
 * has (.trivyignore, .hadolint.yaml).
 *
 * Ids anywhere (ignore lists, severity overrides) are ours (BH1001, any
 * case), a peer tool's in any spelling (DL3008, DS002, DS-0002,
 * AVD-DS-0002, KSV-0001, CKV_K8S_20, ...; mapped through the rule table)
 * or a secret kind of `bulkhead secrets` (generic-secret,
 * secret-file:dotenv).  An id that names nothing is a warning on stderr
 * ("bulkhead: FILE:LINE: warning: ..."), never an error; a real peer id
 * bulkhead has no rule for (hadolint's DL3059) is accepted quietly.
 * CLI code: warnings are printed here; strings added to the config are
 * heap copies it owns.
 */
#ifndef BH_CONFIG_LOAD_H
#define BH_CONFIG_LOAD_H

#include <stdbool.h>

#include "../core/config.h"
#include "../util/diag.h"

/* What config_add_id() did with an id. */
enum config_id {
	CONFIG_ID_ADDED = 0,     /* one or more ids added */
	CONFIG_ID_UNKNOWN,       /* names nothing we know */
	CONFIG_ID_NO_RULE,       /* a real id of another tool with nothing
				  * here to map to (DL3059, SC2086,
				  * CVE-/GHSA- ids) */
	CONFIG_ID_NOMEM,
};

/* Adds what "id" names to "list": our rule ids (canonical spelling) or a
 * secret kind's canonical id. */
enum config_id config_add_id(struct bh_strlist *list, const char *id);

/* Loads .bulkhead.yaml-format "path" into "c" (initialised).  Returns
 * BH_OK or BH_EUSAGE/BH_EIO/BH_EPARSE with file:line in "d". */
int config_load(const char *path, struct bh_config *c, struct diag *d);

/* Run settings that peer tools' files carry besides rule lists. */
struct config_run {
	bool has_threshold;          /* failure-threshold given */
	enum bh_severity threshold;
	bool never_fail;             /* failure-threshold: none, no-fail */
};

/* .hadolint.yaml: ignored, failure-threshold, trustedRegistries,
 * override.{error,warning,info,style}, no-fail, disable-ignore-pragma
 * (hadolint's severities: error = high, warning = medium, info = low,
 * style = info).  Other hadolint keys do not apply and are skipped. */
int config_load_hadolint(const char *path, struct bh_config *c,
			 struct config_run *run, struct diag *d);

/* .trivyignore: one id per line, '#' comments, an optional " exp:DATE"
 * (YYYY-MM-DD; the entry is not applied from that day on, compared with
 * "today", YYYY-MM-DD).  Vulnerability ids (CVE-..., GHSA-...) are for
 * vulnerability scanners and skipped. */
int config_load_trivyignore(const char *path, struct bh_config *c,
			    const char *today, struct diag *d);

#endif
