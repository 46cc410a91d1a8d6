/* SPDX-License-Identifier: Apache-2.0
 *
 * scan_rt.c - the runtime input kinds: `docker inspect` / `podman
 * inspect` JSON ("inspect") and the Docker daemon's daemon.json
 * ("daemon").  Each is a pipeline front end, JSON -> model, handing the
 * model to bh_scan_check() (scan.c: rules, then inline ignores) for one
 * file, as scan_k8s.c does for a manifest.
 *
 * Neither kind is ever picked by a directory walk or by a file's name or
 * content: no match_name, sniff or walk_name.  They are reached by name
 * only - `bulkhead inspect` and `bulkhead daemon` (src/cli/cmd_runtime.c)
 * force them, as `scan --kind` forces any kind.  The JSON is read by
 * src/parse/yml.c (JSON is YAML 1.2 flow; every node keeps its line and
 * column, so a finding points at its key), the same reader Kubernetes
 * JSON manifests go through; jansson then checks the text is strict
 * JSON, so YAML that happens to parse is refused.  A leading UTF-8 byte
 * order mark is accepted.  A syntax error, an empty input, more than one document,
 * or a root of the wrong shape is an input error with its line and
 * column (src/model/rt_model.c says which shapes).
 * Tests: tests/cases/runtime/, tests/cases/daemon/.
 */
#include "scan_rt.h"

#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "../model/rt_model.h"
#include "../parse/yml.h"
#include "scan.h"

/* Parses in->text into its one document's root: BH_OK, else the cause
 * in d. */
static int parse_one(struct arena *a, const struct bh_input *in,
		     const char *what, const struct yml_node **root,
		     struct diag *d)
{
	struct yml_stream st;
	*root = NULL;
	int rc = yml_parse(a, in->text, in->len, NULL, &st, d);
	if (rc != BH_OK)
		return rc;
	if (st.ndocs > 1)
		return diag_error(d, BH_EPARSE, st.docs[1].line, 1,
				  "more than one document: want one %s JSON "
				  "value", what);
	if (!st.ndocs || !st.docs[0].root)
		return diag_error(d, BH_EPARSE, 1, 1, "empty input: want %s "
				  "JSON", what);
	/* inspect output and daemon.json are JSON: YAML that happens to
	 * parse is refused rather than guessed at */
	json_error_t je;
	/* a UTF-8 byte order mark is accepted (Windows PowerShell's
	 * `Out-File` and `>` write one; dockerd strips it from daemon.json
	 * too); libfyaml already skips it, jansson does not */
	size_t bom = in->len >= 3 && !memcmp(in->text, "\xEF\xBB\xBF", 3) ? 3 : 0;
	json_t *j = json_loadb(in->text + bom, in->len - bom, JSON_DECODE_ANY,
			       &je);
	if (!j)
		return diag_error(d, BH_EPARSE, je.line > 0 ? je.line : 1,
				  je.column > 0 ? je.column : 1,
				  "not JSON (want %s JSON): %s", what, je.text);
	json_decref(j);
	*root = st.docs[0].root;
	return BH_OK;
}

static int rt_scan(const struct bh_input *in, struct bh_scan_ctx *ctx,
		   enum bh_target target)
{
	struct arena a;
	arena_init(&a, 0);
	struct rt_model m;
	memset(&m, 0, sizeof(m));
	const struct yml_node *root = NULL;
	bool daemon = target == BH_TARGET_DAEMON;
	int rc = parse_one(&a, in, daemon ? "daemon.json" : "docker/podman "
			   "inspect", &root, ctx->diag);
	if (rc == BH_OK)
		rc = daemon ? rt_model_daemon(root, &m, ctx->diag)
			    : rt_model_containers(&a, root, &m, ctx->diag);
	if (rc == BH_OK) {
		struct bh_check check = {
			.file = in->path,
			.text = in->text,
			.text_len = in->len,
			.arena = &a,
			.config = ctx->config,
			.runtime = &m,
		};
		/* JSON holds no comments: the unit is there so that the
		 * findings move to the input as every file's do */
		struct bh_scan_unit unit = { in->path, in->text, in->len, NULL,
					     NULL, NULL, 0, NULL };
		rc = bh_scan_check(&check, target, &unit, 1, ctx->out,
				   ctx->warnings);
		if (rc)
			diag_error(ctx->diag, rc, 0, 0, "out of memory");
	}
	arena_free(&a);
	return rc;
}

static int inspect_scan(const struct bh_input *in, struct bh_scan_ctx *ctx)
{
	return rt_scan(in, ctx, BH_TARGET_RUNTIME);
}

static int daemon_scan(const struct bh_input *in, struct bh_scan_ctx *ctx)
{
	return rt_scan(in, ctx, BH_TARGET_DAEMON);
}

const struct bh_format bh_format_inspect = {
	.name = "inspect",
	.scan = inspect_scan,
};

const struct bh_format bh_format_daemon = {
	.name = "daemon",
	.scan = daemon_scan,
};
