/* SPDX-License-Identifier: Apache-2.0
 *
 * admission.h - a Kubernetes ValidatingAdmissionWebhook's judgement as a
 * function over buffers (admission.c): an AdmissionReview v1 request's
 * bytes in, the HTTP status and the response body out.  The HTTP server
 * (src/cli/cmd_serve.c) only moves bytes and counts outcomes.
 *
 * Memory: the request is borrowed for the call; struct adm_result owns
 * its body and rule ids until adm_result_free().  A call touches only its
 * own state (the rule set and the config are read-only), so calls may run
 * in parallel threads once sec_init() has run.
 * Tests: tests/unit/report/test_admission.c, fuzz/fuzz_admission.c,
 * tests/suites/admission.sh.
 */
#ifndef BH_ADMISSION_H
#define BH_ADMISSION_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/config.h"
#include "../util/span.h"

/* Largest request body judged (the API server's own request limit is
 * about 3 MiB); a longer one is answered 413. */
#define ADM_MAX_BODY ((size_t)3 << 20)
/* Bounds of what a response says (Kubernetes truncates a warning past
 * 120 characters and the whole list past 4 KiB). */
#define ADM_MAX_WARNING 120
#define ADM_MAX_WARNINGS 20
#define ADM_MAX_MESSAGE 4096
#define ADM_MAX_SHOWN 300  /* findings the message can name (4096 bytes) */
#define ADM_MAX_RULES 64   /* distinct rule ids kept for metrics */

enum adm_outcome {
	ADM_ALLOWED,      /* scanned, nothing at or over the threshold */
	ADM_DENIED,       /* scanned, denied */
	ADM_WARNED,       /* --warn: allowed with warnings */
	ADM_DRY_RUN,      /* --dry-run: allowed, would have been denied */
	ADM_EXEMPT,       /* namespace exempt: allowed unread */
	ADM_SKIPPED,      /* DELETE or CONNECT: allowed */
	ADM_UNSCANNED,    /* the object could not be scanned (no
			     Kubernetes object, a parse limit met, no
			     object on a CREATE or UPDATE):
			     denied saying why, or with --fail-open (and
			     under --warn or --dry-run) allowed with a
			     warning saying why */
	ADM_BAD_REQUEST,  /* 400: malformed JSON or not an AdmissionReview */
	ADM_TOO_LARGE,    /* 413 */
	ADM__COUNT
};

/* "allowed", "denied", ... (the metrics' outcome label). */
const char *adm_outcome_name(enum adm_outcome o);

struct adm_options {
	const struct bh_config *cfg;   /* the rules' configuration */
	enum bh_severity threshold;    /* lowest severity that denies */
	bool warn;                     /* allow, with warnings */
	bool dry_run;                  /* allow; the outcome says dry_run */
	bool fail_open;                /* allow what cannot be scanned */
	const char *const *exempt;     /* namespaces allowed unread */
	size_t nexempt;
};

struct adm_result {
	int status;                    /* HTTP status: 200, 400 or 413 */
	enum adm_outcome outcome;
	char *body;                    /* heap, NUL-terminated, ends in \n */
	size_t body_len;
	/* the distinct rule ids at or over the threshold, in first-seen
	 * order (denied, warned or dry-run alike); heap */
	char *rules[ADM_MAX_RULES];
	size_t nrules;
	size_t nfindings;              /* findings at or over the threshold */
};

/* Judges the request body[0..len) into *out (zeroed first).  Returns 0,
 * or BH_ENOMEM (then out->body may be NULL: answer 500). */
int adm_review(const char *body, size_t len, const struct adm_options *o,
	       struct adm_result *out);

void adm_result_free(struct adm_result *r);

#endif
