/* SPDX-License-Identifier: Apache-2.0
 *
 * fuzz_admission.c - libFuzzer target: bytes -> adm_review()
 * (src/report/admission.c), the admission webhook's judgement of a
 * request body: JSON parse, AdmissionReview checks, the object dumped
 * back and scanned by the Kubernetes front end and rules through
 * bh_scan_buffer(), the response built.  The first byte picks the mode
 * (kept in the body, so seeds stay valid JSON when it is '{'): bit 0
 * --warn, bit 1 --dry-run, bit 2 threshold low instead of high, bit 3
 * namespace "kube-system" exempt.  Every answer must be one JSON line
 * with status 200 (a response for the request's uid), 400 or 413;
 * never an error (the server's 500).
 * Built by fuzz/run.sh with every fuzz/fuzz_*.c; seeds in
 * fuzz/corpus/admission/.
 */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "report/admission.h"
#include "rules/rule.h"
#include "util/diag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const char *__lsan_default_suppressions(void);

/* libfyaml leaks its scalar buffer on some unterminated quoted scalars
 * (see fuzz_compose.c); not ours to fix. */
const char *__lsan_default_suppressions(void)
{
	return "leak:libfyaml.so\n";
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bh_ruleset_use(&bh_rules_all);
	if (size < 1 || size > (1u << 20))
		return 0;
	unsigned mode = data[0];
	struct bh_config cfg;
	bh_config_init(&cfg);
	const char *exempt[] = { "kube-system" };
	struct adm_options o = {
		.cfg = &cfg,
		.threshold = (mode & 4) ? BH_SEV_LOW : BH_SEV_HIGH,
		.warn = (mode & 1) != 0,
		.dry_run = (mode & 2) != 0,
		.exempt = exempt,
		.nexempt = (mode & 8) ? 1 : 0,
	};
	struct adm_result r;
	int rc = adm_review((const char *)data, size, &o, &r);
	if (rc != BH_OK)  /* no allocation fails here: a 500 is a bug */
		abort();
	{
		if (!r.body || r.body_len != strlen(r.body) ||
		    r.body[r.body_len - 1] != '\n' ||
		    strchr(r.body, '\n') != r.body + r.body_len - 1)
			abort();
		if (r.status != 200 && r.status != 400 && r.status != 413)
			abort();
		json_t *j = json_loads(r.body, 0, NULL);
		if (!j)
			abort();
		json_t *resp = json_object_get(j, "response");
		if (r.status == 200) {
			json_t *ws = json_object_get(resp, "warnings");
			if (!json_is_string(json_object_get(resp, "uid")) ||
			    !json_is_boolean(json_object_get(resp, "allowed")) ||
			    json_array_size(ws) > ADM_MAX_WARNINGS)
				abort();
			for (size_t i = 0; i < json_array_size(ws); i++)
				if (strlen(json_string_value(
					    json_array_get(ws, i))) >
				    ADM_MAX_WARNING)
					abort();
		}
		json_decref(j);
	}
	adm_result_free(&r);
	bh_config_free(&cfg);
	return 0;
}
