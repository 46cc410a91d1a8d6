/* SPDX-License-Identifier: Apache-2.0
 *
 * scan_k8s.c - the Kubernetes manifest input kind: recognise, then the
 * pipeline front end YAML -> model, handing the model to bh_scan_check()
 * (scan.c: rules, inline ignores) for one file.
 *
 * This file owns manifest file naming, content sniffing, what counts as
 * an input error (invalid YAML, a document that is no Kubernetes object
 * in a file named on the command line, an RBAC object of a shape the API
 * server refuses to decode), recovery from a broken document
 * (the stream is re-read one document at a time, so the other documents
 * are still scanned), and inline ignore pragmas (a pragma above a key or
 * a list item covers its whole block).  A file named on the command line
 * that is plainly a Compose file (a *.yaml name is claimed here before
 * content is sniffed) is handed to bh_format_compose.  A walked file
 * that holds no object, or is an unrendered Go/Helm template, is named
 * as skipped (ctx->skipped), never counted as scanned.  The objects of
 * a file a kustomization or a component lists as a patch are marked
 * partial (the run's kustomizations, read once: src/core/kust_images.c,
 * cfg->kust; without that table, as for bytes scanned alone, the one
 * next to the file: src/core/kustomize.c).  A JSON 6902 patch (a list
 * of {op, path, value}, inline or a file: sniffed by shape) is read as
 * the partial object its add/replace operations set (src/core/
 * json6902.c; kind and name from the target: of the kustomization entry
 * listing it, else inferred from its paths).  A kustomization itself is
 * read for its inline
 * patches (partial objects) and its images: entries (struct
 * k8s_image_override, judged by the policy rules; pragmas above an entry
 * cover it; a malformed entry is an input error at its line).  What the
 * run's kustomizations deploy a container image as (src/core/
 * kust_images.c, cfg->kust) is put on the container (k8s_container
 * .deployed), and an entry that rewrote a scanned image is marked
 * (applied), one that set the tag or digest deployed too (decides), for
 * the policy rules and BH3035-BH3037.  It does not
 * interpret objects
 * (src/model/k8s_model.c) or judge them (src/rules/rules_k8s.c).
 * Tests: tests/cases/kubernetes/ (JSON 6902: k8s-json6902-*.case),
 * tests/unit/k8s/,
 * tests/cases/cli/walk-kubernetes-by-content.case,
 * tests/cases/policy/policy-kustomize-images*.case,
 * tests/cases/policy/policy-kustomize-overlay*.case,
 * tests/cases/cli/kustomize-images-no-policy.case,
 * tests/suites/k8s_corpus.sh.
 */
#include "scan_k8s.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "../model/k8s_model.h"
#include "../model/k8s_rbac.h"
#include "../parse/yml.h"
#include "json6902.h"
#include "kust_images.h"
#include "kustomize.h"
#include "scan.h"
#include "scan_compose.h"
#include "../util/text.h"

#define MAX_VISITS 200000
/* k8s_sniff()'s score for a JSON 6902 patch: picked only when nothing
 * else claims the file, and, broken, a walked one is skipped */
#define SNIFF_JSON6902 5

/* ---- recognising ---- */

/* YAML files that are never manifests (tools' own configuration). */
static const char *const not_manifests[] = {
	".bulkhead.yaml", ".bulkhead.yml", ".pre-commit-config.yaml",
	".pre-commit-config.yml", ".pre-commit-hooks.yaml",
	".pre-commit-hooks.yml", "Chart.yaml", "Chart.yml", ".gitlab-ci.yml",
	".gitlab-ci.yaml", ".travis.yml", ".travis.yaml", "mkdocs.yml",
	"mkdocs.yaml", ".golangci.yml", ".golangci.yaml", "codecov.yml",
	"codecov.yaml", ".codecov.yml", "dependabot.yml", "dependabot.yaml",
	".yamllint", ".yamllint.yml", ".yamllint.yaml", "action.yml",
	"action.yaml", ".hadolint.yaml", ".hadolint.yml", "pubspec.yaml",
	"environment.yml", "environment.yaml", "buildkitd.toml",
	".goreleaser.yml", ".goreleaser.yaml", "renovate.yaml",
	"cloudbuild.yaml", "cloudbuild.yml", "skaffold.yaml", "skaffold.yml",
	"openapi.yaml", "openapi.yml", "swagger.yaml", "swagger.yml",
	"_config.yml", "netlify.yml", "serverless.yml",
};

/* Kustomize's own file names. */
static bool is_kustomization(const char *base)
{
	return !strcmp(base, "kustomization.yaml") ||
	       !strcmp(base, "kustomization.yml") ||
	       !strcmp(base, "Kustomization");
}

/* The names this kind takes when named: a kustomization is ours to read
 * for its inline patches, or to name as skipped and why (k8s_refuse),
 * never "cannot tell what kind". */
static bool k8s_match_name(const char *base)
{
	if (is_kustomization(base))
		return true;
	if (!txt_ends_ci(base, ".yaml") && !txt_ends_ci(base, ".yml"))
		return false;
	if (!strncmp(base, "docker-compose", 14) ||
	    !strncmp(base, "compose.", 8) || !strncmp(base, "values", 6) ||
	    !strncmp(base, "Chart.", 6))
		return false;
	for (size_t i = 0; i < sizeof(not_manifests) / sizeof(*not_manifests);
	     i++)
		if (!strcmp(base, not_manifests[i]))
			return false;
	return true;
}


/* Walked: *.yaml, *.yml and *.json are sniffed for apiVersion and kind;
 * a kustomization is claimed for its inline patches (k8s_refuse); the
 * names of other tools' files are skipped unread. */
static enum bh_walk_name k8s_walk_name(const char *base)
{
	if (is_kustomization(base))
		return BH_WALK_CLAIM;
	if (k8s_match_name(base))
		return BH_WALK_SNIFF;
	if (txt_ends_ci(base, ".json"))
		return BH_WALK_SNIFF;
	if (!txt_ends_ci(base, ".yaml") && !txt_ends_ci(base, ".yml"))
		return BH_WALK_NO;
	/* a Compose name is Compose's to claim */
	if (!strncmp(base, "docker-compose", 14) || !strncmp(base, "compose.", 8))
		return BH_WALK_NO;
	return BH_WALK_NEVER;
}

/* Whether some line of text[0..len) starts with "word" at column 0
 * (a block mapping key) or, in JSON, contains "\"word\"". */
static bool has_top_key(const char *text, size_t len, const char *word)
{
	size_t w = strlen(word);
	size_t i = 0;
	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - text) : len;
		if (e - i > w && !memcmp(text + i, word, w) &&
		    text[i + w] == ':')
			return true;
		i = e + 1;
	}
	return false;
}

static bool looks_like_manifest(const char *text, size_t len)
{
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) {
		text += 3;
		len -= 3;
	}
	return has_top_key(text, len, "apiVersion") &&
	       has_top_key(text, len, "kind");
}

/* Whether text[i..) has the key "word" (bare or quoted, then ':') */
static bool has_flow_key(const char *text, size_t len, const char *word)
{
	size_t w = strlen(word);
	for (const char *p = text; p && (size_t)(p - text) + w <= len;) {
		p = memmem(p, len - (size_t)(p - text), word, w);
		if (!p)
			return false;
		size_t at = (size_t)(p - text);
		char before = at ? text[at - 1] : ' ';
		size_t k = at + w;
		if (k < len && (text[k] == '"' || text[k] == '\''))
			k++;
		while (k < len && (text[k] == ' ' || text[k] == '\t'))
			k++;
		if (strchr(" \t\r\n{,\"'", before) && k < len && text[k] == ':')
			return true;
		p++;
	}
	return false;
}

/* A JSON manifest, or a YAML one written in flow style ("{ apiVersion:
 * v1, kind: Pod }", the Kubernetes website's examples): the first thing
 * after comments and "---" is '{', and apiVersion and kind are keys. */
static bool looks_like_json_manifest(const char *text, size_t len)
{
	size_t i = 0;
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < len) {
		if (strchr(" \t\r\n", text[i])) {
			i++;
			continue;
		}
		bool comment = text[i] == '#';
		bool marker = len - i >= 3 && !memcmp(text + i, "---", 3);
		if (!comment && !marker)
			break;
		const char *nl = memchr(text + i, '\n', len - i);
		i = nl ? (size_t)(nl - text) + 1 : len;
	}
	if (i >= len || text[i] != '{')
		return false;
	return has_flow_key(text + i, len - i, "apiVersion") &&
	       has_flow_key(text + i, len - i, "kind");
}

/* 90: apiVersion and kind at column 0; 60: JSON or flow style; 10: one
 * of them at column 0 (a manifest broken by its indentation, which the
 * scan then reports, or a document that is no object). */
/* Whether a text reads like a JSON 6902 patch (Kustomize's list of
 * operations): its first line that is no comment starts a list item with
 * op: or path:, or, in JSON, a list of objects with "op". */
static bool looks_like_json6902(const char *text, size_t len)
{
	size_t i = 0;
	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - text) : len;
		size_t j = i;
		while (j < e && (text[j] == ' ' || text[j] == '\t' ||
				 text[j] == '\r'))
			j++;
		if (j < e && text[j] != '#' && strncmp(text + j, "---", 3)) {
			if (text[j] == '[')
				return memmem(text + j, len - j, "\"op\"", 4);
			return e - j > 7 && (!strncmp(text + j, "- op:", 5) ||
					     !strncmp(text + j, "- path:", 7));
		}
		i = e + 1;
	}
	return false;
}

static int k8s_sniff(const char *text, size_t len)
{
	if (looks_like_manifest(text, len))
		return 90;
	if (looks_like_json_manifest(text, len))
		return 60;
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) {
		text += 3;
		len -= 3;
	}
	if (has_top_key(text, len, "apiVersion") || has_top_key(text, len, "kind"))
		return 10;
	if (looks_like_json6902(text, len))
		return SNIFF_JSON6902;
	return 0;
}

/* Whether a YAML text reads like a kustomization: one of the top-level
 * keys only Kustomize uses. */
static bool looks_like_kustomization(const char *text, size_t len)
{
	static const char *const keys[] = {
		"resources", "bases", "patches", "patchesStrategicMerge",
		"patchesJson6902", "components", "configMapGenerator",
		"secretGenerator", "namePrefix", "nameSuffix", "commonLabels",
		"images", "replicas", "generators", "transformers",
	};
	if (memmem(text, len, "kind: Kustomization", 19) ||
	    memmem(text, len, "kind: Component", 15))
		return true;
	for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++)
		if (has_top_key(text, len, keys[i]))
			return true;
	return false;
}

/* A kustomization (the one name this format claims): scanned only when it
 * may hold an inline patch (patches: - patch: |, patchesStrategicMerge:
 * - |) or image overrides (images:, judged by the policy rules), else
 * another tool's configuration, as before.  A named *.yaml
 * that is no manifest comes here too (bh_format_detect): it is called
 * a kustomization only when it reads like one. */
static const char *k8s_refuse(const char *text, size_t len, char *why,
			      size_t n)
{
	bool kust = looks_like_kustomization(text, len);
	if (kust && (memmem(text, len, "patch:", 6) ||
		     (memmem(text, len, "patchesStrategicMerge:", 22) &&
		      memmem(text, len, "- |", 3)) ||
		     has_top_key(text, len, "images")))
		return NULL;
	if (!kust)
		return BH_SKIP_OTHER_YAML;
	if (n)
		snprintf(why, n, "a kustomization without inline patches or images");
	return BH_SKIP_TOOL_CONFIG;
}

/* Go/Helm template markers: such a file is not YAML until rendered. */
static bool is_template(const char *text, size_t len)
{
	return memmem(text, len, "{{", 2) != NULL;
}

/* Whether "path" has a "templates" directory component (Helm charts). */
static bool in_templates_dir(const char *path)
{
	const char *p = path;
	while ((p = strstr(p, "templates/")) != NULL) {
		if (p == path || p[-1] == '/')
			return true;
		p++;
	}
	return false;
}

/* ---- reading documents ---- */

struct scan {
	struct arena a;
	struct k8s_model model;
	const struct bh_input *in;
	struct diag *d;          /* ctx->diag: the first input error */
	int rc;                  /* the first error code */
	const char *skipped;     /* a walked file that is not ours: why */
	/* a kustomization's own mapping (its images: entries take
	 * pragmas), or NULL */
	const struct yml_node *kroot;
	/* what the kustomization listing this file as a patch targets (a
	 * JSON 6902 patch's kind and name), or NULL */
	const struct json6902_target *target;
	bool json6902;           /* it holds a JSON 6902 patch (scanned,
				    though it may set nothing judged) */
	/* lines inside multi-line scalars (in_text), on first ask */
	struct ignore_text_lines text_lines;
	bool text_lines_built;
};

static void fail(struct scan *s, int code, int line, int col,
		 const char *msg)
{
	diag_error(s->d, code, line, col, "%s", msg);
	if (!s->rc)
		s->rc = code;
}

/* Reports the documents of [first..] that are not objects (explicit
 * files only): a mapping without apiVersion/kind, a scalar or a list. */
static void check_docs(struct scan *s, size_t first)
{
	if (!s->in->explicit)
		return;
	for (size_t i = first; i < s->model.ndocs; i++) {
		const struct yml_node *r = s->model.docs[i].root;
		int off = s->model.docs[i].line_off;
		if (!r)
			continue;
		if (!k8s_is_object(r)) {
			char msg[160];
			if (r->kind != YML_MAP)
				snprintf(msg, sizeof(msg),
					 "not a Kubernetes object: the "
					 "document is a %s, not a mapping",
					 yml_kind_name(r->kind));
			else
				snprintf(msg, sizeof(msg),
					 "not a Kubernetes object: no %s",
					 yml_get(r, "apiVersion") ? "kind"
					 : yml_get(r, "kind") ? "apiVersion"
					 : "apiVersion and kind");
			fail(s, BH_EPARSE, r->line + off, r->col, msg);
			continue;
		}
		const struct yml_node *items = yml_get(r, "items");
		const struct yml_node *k = yml_get(r, "kind");
		if (!yml_is_seq(items) || k->len < 4 ||
		    strcmp(k->str + k->len - 4, "List"))
			continue;
		for (size_t j = 0; j < items->n; j++) {
			const struct yml_node *it = items->items[j];
			if (k8s_is_object(it))
				continue;
			fail(s, BH_EPARSE, it->line + off, it->col,
			     "not a Kubernetes object: a List item without "
			     "apiVersion and kind");
			break;
		}
	}
}

static int add_stream(struct scan *s, const struct yml_stream *st, int off)
{
	size_t first = s->model.ndocs;
	for (size_t i = 0; i < st->ndocs; i++) {
		const struct yml_node *root = st->docs[i].root;
		size_t o0 = s->model.nobjects;
		bool ops = json6902_is_ops(root);
		int rc = BH_OK;
		if (ops) {
			/* a JSON 6902 patch: the object it sets, partial */
			struct yml_node *obj;
			s->json6902 = true;
			rc = json6902_object(&s->a, root, s->target, &obj);
			if (!rc)
				root = obj; /* NULL: it sets nothing judged */
		}
		if (!rc)
			rc = k8s_model_add_doc(&s->a, &s->model, root, off,
					       s->d);
		if (rc) {
			if (!s->rc)
				s->rc = rc;
			return rc;
		}
		for (size_t o = o0; ops && o < s->model.nobjects; o++)
			s->model.objects[o].partial = K8S_PARTIAL_PATCH;
	}
	check_docs(s, first);
	return BH_OK;
}

/* Whether line "p" (of length n) is a document start marker. */
static bool doc_start(const char *p, size_t n)
{
	return n >= 3 && !memcmp(p, "---", 3) &&
	       (n == 3 || p[3] == ' ' || p[3] == '\t' || p[3] == '\r');
}

/* The whole stream failed to parse: read it again one document at a time
 * (split at "---" lines), so one broken document costs only itself. */
static void parse_by_document(struct scan *s)
{
	const char *text = s->in->text;
	size_t len = s->in->len, start = 0, i = 0, ndocs = 0;
	int line = 1, start_line = 1;
	for (;;) {
		const char *nl = i < len ? memchr(text + i, '\n', len - i) : NULL;
		size_t e = nl ? (size_t)(nl - text) : len;
		bool end = i >= len;
		if (end || (i > start && doc_start(text + i, e - i))) {
			if (++ndocs > YML_DEFAULT_MAX_DOCS) {
				fail(s, BH_ELIMIT, line, 1,
				     "more than 10000 documents");
				return;
			}
			/* past a last line without a newline i is len + 1:
			 * the chunk ends at len (it took the terminating NUL,
			 * "NUL byte in YAML input" instead of the error) */
			const char *chunk = text + start;
			size_t clen = (i > len ? len : i) - start;
			int off = start_line - 1;
			struct yml_stream st;
			struct diag cd;
			diag_init(&cd, s->d->file);
			int rc = yml_parse(&s->a, chunk, clen, NULL, &st, &cd);
			if (rc == BH_ENOMEM) {
				fail(s, rc, 0, 0, "out of memory");
				return;
			}
			if (rc) {
				fail(s, rc, cd.line ? cd.line + off : 0, cd.col,
				     cd.message);
			} else if (add_stream(s, &st, off)) {
				return;
			}
			start = i;
			start_line = line;
		}
		if (end)
			return;
		i = e + 1;
		line++;
	}
}

static void read_all(struct scan *s)
{
	struct yml_stream st;
	struct diag d;
	diag_init(&d, s->d->file);
	const char *text = s->in->text;
	size_t len = s->in->len;
	if (!s->in->explicit && in_templates_dir(s->in->path) &&
	    is_template(text, len)) {
		s->skipped = BH_SKIP_TEMPLATE; /* a Helm chart's template */
		return;
	}
	int rc = yml_parse(&s->a, text, len, NULL, &st, &d);
	if (rc == BH_OK) {
		(void)add_stream(s, &st, 0);
		return;
	}
	if (rc == BH_ENOMEM) {
		fail(s, rc, d.line, d.col, d.message);
		return;
	}
	if (!s->in->explicit && is_template(text, len)) {
		s->skipped = BH_SKIP_TEMPLATE; /* YAML once rendered */
		return;
	}
	if (!s->in->explicit && k8s_sniff(text, len) <= SNIFF_JSON6902) {
		s->skipped = BH_SKIP_OTHER_YAML; /* some other broken YAML */
		return;
	}
	if (s->in->explicit && is_template(text, len)) {
		char msg[900];
		snprintf(msg, sizeof(msg), "%s (a Go/Helm template? render it "
			 "first, e.g. `helm template`)", d.message);
		fail(s, rc, d.line, d.col, msg);
	}
	parse_by_document(s);
}

/* ---- a kustomization's inline patches ---- */

/* Reads the block scalar "v" (patch: |-) of the kustomization as YAML
 * where it is written: its source lines, indentation kept, so lines and
 * columns are the file's.  Objects found are partial (what they set is
 * judged, not what they leave out); a JSON 6902 list of operations is
 * the partial object its add/replace operations set (src/core/
 * json6902.c, kind from the entry's target); other documents are left
 * alone. */
static void add_inline_patch(struct scan *s, const struct yml_node *v,
			     const struct yml_node *target)
{
	if (!yml_is_scalar(v) || (v->style != YML_LITERAL &&
				  v->style != YML_FOLDED) || v->line < 1)
		return;
	/* the node starts at its first content line; it ends where the
	 * next token starts (a later line) */
	const char *text = s->in->text;
	size_t len = s->in->len, i = 0;
	for (int ln = 1; ln < v->line && i < len; ln++) {
		const char *nl = memchr(text + i, '\n', len - i);
		i = nl ? (size_t)(nl - text) + 1 : len;
	}
	int last = v->end_line > v->line ? v->end_line - 1 : v->line;
	size_t e = i;
	for (int ln = v->line; ln <= last && e < len; ln++) {
		const char *nl = memchr(text + e, '\n', len - e);
		e = nl ? (size_t)(nl - text) + 1 : len;
	}
	if (e <= i)
		return;
	struct yml_stream st;
	struct diag d;
	diag_init(&d, s->d->file);
	if (yml_parse(&s->a, text + i, e - i, NULL, &st, &d) != BH_OK)
		return;
	for (size_t k = 0; k < st.ndocs; k++) {
		const struct yml_node *root = st.docs[k].root;
		if (json6902_is_ops(root)) {
			struct yml_node *obj;
			struct json6902_target t;
			json6902_target_of(target, &t);
			if (json6902_object(&s->a, root, &t, &obj)) {
				if (!s->rc)
					s->rc = BH_ENOMEM;
				return;
			}
			root = obj;
		}
		if (!root || !k8s_is_object(root))
			continue;
		size_t first = s->model.nobjects;
		int rc = k8s_model_add_doc(&s->a, &s->model, root,
					   v->line - 1, s->d);
		if (rc) {
			if (!s->rc)
				s->rc = rc;
			return;
		}
		for (size_t o = first; o < s->model.nobjects; o++)
			s->model.objects[o].partial = K8S_PARTIAL_PATCH;
	}
}

/* The span of scalar "n" (its text on its first line). */
static struct bh_span scalar_span(const struct yml_node *n)
{
	int len = n->end_line == n->line && n->end_col > n->col
		  ? n->end_col - n->col : (int)(n->len < 200 ? n->len : 200);
	return (struct bh_span){ n->line, n->col, n->line, n->col + len };
}

/* What a plain scalar is as YAML 1.2's JSON schema reads it (Kustomize
 * decodes a kustomization through JSON): "a number", "a boolean",
 * "null", or NULL for a string. */
static const char *plain_type(const struct yml_node *n)
{
	if (n->style != YML_PLAIN || (n->tag && strstr(n->tag, "str")))
		return NULL;
	bool b;
	long long i;
	if (yml_is_null(n))
		return "null";
	if (yml_as_bool(n, 0, &b))
		return "a boolean";
	if (yml_as_int(n, false, &i))
		return "a number";
	/* a float: [-+]digits[.digits][e[-+]digits], or .digits */
	const char *p = n->str;
	if (*p == '-' || *p == '+')
		p++;
	bool dig = false;
	while (*p >= '0' && *p <= '9')
		p++, dig = true;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			dig = true;
	if (dig && (*p == 'e' || *p == 'E')) {
		p++;
		if (*p == '-' || *p == '+')
			p++;
		if (*p < '0' || *p > '9')
			return NULL;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return dig && !*p && (size_t)(p - n->str) == n->len ? "a number" : NULL;
}

/* Whether "s" is "sha256:" and 64 lower-case hex digits. */
static bool digest_ok(const char *s)
{
	if (strncmp(s, "sha256:", 7) || strlen(s) != 71)
		return false;
	for (s += 7; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return false;
	return true;
}

/* Key "k" of images: entry "e" when it is a string Kustomize takes
 * (absent or empty: NULL, as Kustomize reads it); anything else is an
 * input error at the value (false). */
static bool entry_str(struct scan *s, const struct yml_node *e, const char *k,
		      const struct yml_node **out)
{
	const struct yml_node *v = yml_get(e, k);
	*out = NULL;
	if (!v || (yml_is_scalar(v) && yml_is_null(v) && v->style == YML_PLAIN))
		return true;
	const char *what = v->kind == YML_SEQ ? "a list"
			 : v->kind == YML_MAP ? "a mapping" : plain_type(v);
	if (what || strlen(v->str) != v->len) {
		char msg[300];
		snprintf(msg, sizeof(msg), "images: entry %s must be a string, "
			 "not %s%s (Kustomize refuses the kustomization)", k,
			 what ? what : "text with a NUL byte",
			 what && !strcmp(what, "a number") ? "; quote it" : "");
		fail(s, BH_EPARSE, v->line, v->col, msg);
		return false;
	}
	if (*v->str && v->line > 0)
		*out = v;
	return true;
}

/* The kustomization's images: entries (name, newName, newTag, digest)
 * into the model: what each rewrites its image to, at the key that
 * decides it.  A malformed entry (not a mapping, no name, a value that
 * is no string, a digest that is not sha256: and 64 hex digits) is an
 * input error at its line, as `kustomize build` refuses it (the digest
 * is refused by the container runtime instead: it can never be pulled).
 * An entry that changes nothing is Kustomize's to ignore. */
static void read_image_overrides(struct scan *s, const struct yml_pair *ip)
{
	const struct yml_node *imgs = ip ? ip->value : NULL;
	if (!imgs || (yml_is_scalar(imgs) && yml_is_null(imgs)))
		return;
	if (!yml_is_seq(imgs)) {
		fail(s, BH_EPARSE, ip->key->line, ip->key->col,
		     "images: must be a list of entries (name, newName, "
		     "newTag, digest)");
		return;
	}
	if (!imgs->n)
		return;
	struct k8s_model *m = &s->model;
	m->overrides = arena_array(&s->a, imgs->n, sizeof(*m->overrides));
	if (!m->overrides) {
		s->rc = BH_ENOMEM;
		return;
	}
	for (size_t i = 0; i < imgs->n; i++) {
		const struct yml_node *e = imgs->items[i];
		const struct yml_node *name, *nn, *nt, *dg;
		if (!yml_is_map(e)) {
			fail(s, BH_EPARSE, e->line, e->col,
			     "images: entry must be a mapping (name, newName, "
			     "newTag, digest)");
			return;
		}
		if (!entry_str(s, e, "name", &name) ||
		    !entry_str(s, e, "newName", &nn) ||
		    !entry_str(s, e, "newTag", &nt) ||
		    !entry_str(s, e, "digest", &dg))
			return;
		if (!name) {
			fail(s, BH_EPARSE, e->line, e->col,
			     "images: entry has no name (the image it "
			     "rewrites)");
			return;
		}
		if (dg && !digest_ok(dg->str)) {
			char msg[300];
			snprintf(msg, sizeof(msg), "images: entry digest '%.80s' "
				 "is not sha256: and 64 hex digits", dg->str);
			fail(s, BH_EPARSE, dg->line, dg->col, msg);
			return;
		}
		if (!nn && !nt && !dg)
			continue;
		struct k8s_image_override *o = &m->overrides[m->noverrides];
		memset(o, 0, sizeof(*o));
		o->name = name->str;
		o->new_name = nn ? nn->str : NULL;
		o->new_tag = nt ? nt->str : NULL;
		o->digest = dg ? dg->str : NULL;
		o->complete = nt || dg;
		o->node = e;
		const char *base = nn ? nn->str : name->str;
		/* Kustomize 5: newTag and digest give name:tag@digest */
		o->ref = dg && nt ? arena_printf(&s->a, "%s:%s@%s", base,
						 nt->str, dg->str)
		     : dg ? arena_printf(&s->a, "%s@%s", base, dg->str)
		     : nt ? arena_printf(&s->a, "%s:%s", base, nt->str)
			  : base;
		if (!o->ref) {
			s->rc = BH_ENOMEM;
			return;
		}
		o->span = scalar_span(nn ? nn : dg ? dg : nt ? nt : name);
		m->noverrides++;
	}
}

/* A kustomization: only its inline patches are manifests (the
 * kustomization itself is Kustomize's, not the cluster's), and its
 * images: entries are what the policy judges of it. */
static void read_kustomization(struct scan *s)
{
	struct yml_stream st;
	struct diag d;
	diag_init(&d, s->d->file);
	int rc = yml_parse(&s->a, s->in->text, s->in->len, NULL, &st, &d);
	if (rc != BH_OK) {
		if (s->in->explicit || rc == BH_ENOMEM)
			fail(s, rc, d.line, d.col, d.message);
		else
			s->skipped = BH_SKIP_TOOL_CONFIG;
		return;
	}
	const struct yml_node *root = st.ndocs ? st.docs[0].root : NULL;
	s->kroot = root;
	const struct yml_node *p = yml_get(root, "patches");
	for (size_t i = 0; yml_is_seq(p) && i < p->n && !s->rc; i++)
		add_inline_patch(s, yml_get(p->items[i], "patch"),
				 yml_get(p->items[i], "target"));
	p = yml_get(root, "patchesJson6902");
	for (size_t i = 0; yml_is_seq(p) && i < p->n && !s->rc; i++)
		add_inline_patch(s, yml_get(p->items[i], "patch"),
				 yml_get(p->items[i], "target"));
	p = yml_get(root, "patchesStrategicMerge");
	for (size_t i = 0; yml_is_seq(p) && i < p->n && !s->rc; i++)
		add_inline_patch(s, p->items[i], NULL);
	if (!s->rc)
		read_image_overrides(s, yml_get_pair(root, "images"));
	if (!s->model.nobjects && !s->model.noverrides && !s->in->explicit)
		s->skipped = BH_SKIP_TOOL_CONFIG;
}

/* What YAML node "n" is, as the API server would decode it. */
static const char *shape_name(const struct yml_node *n)
{
	bool b;
	long long i;
	if (n->kind == YML_SEQ)
		return "a list";
	if (n->kind == YML_MAP)
		return "a mapping";
	if (yml_as_bool(n, YML_BOOL_11, &b))
		return "a boolean";
	if (yml_as_int(n, false, &i))
		return "a number";
	return "a string";
}

/* RBAC objects the API server would refuse to decode (verbs: "*",
 * rules: "x", resources: 5): the first is an input error naming its
 * field (src/model/k8s_rbac.c finds them). */
static void check_rbac_shapes(struct scan *s)
{
	for (size_t i = 0; i < s->model.nobjects; i++) {
		const struct k8s_object *o = &s->model.objects[i];
		char field[96], msg[400];
		const char *want = "";
		const struct yml_node *bad =
			k8s_rbac_bad_shape(o, field, sizeof(field), &want);
		if (!bad)
			continue;
		snprintf(msg, sizeof(msg), "%.40s \"%.80s\": %s must be %s, "
			 "not %s (the API server rejects it)", o->kind,
			 o->name, field, want, shape_name(bad));
		struct bh_span at = k8s_span(o, bad);
		fail(s, BH_EPARSE, at.line, at.col, msg);
		return;
	}
}

/* ---- inline ignores: a pragma above a key or item covers its block ---- */

/* The last line of node "n" (its deepest last child). */
static int node_last_line(const struct yml_node *n)
{
	for (int guard = 0; n && guard <= YML_DEFAULT_MAX_DEPTH; guard++) {
		if (n->kind == YML_SCALAR) {
			int l = n->end_line ? n->end_line : n->line;
			/* a block scalar ends on the line after its text */
			if (n->end_line > n->line && n->end_col == 1)
				l--;
			return l > n->line ? l : n->line;
		}
		if (n->n == 0)
			return n->end_line ? n->end_line : n->line;
		n = n->kind == YML_MAP ? n->pairs[n->n - 1].value
				       : n->items[n->n - 1];
	}
	return 0;
}

/* The last line of the key or sequence item that starts on "line" of the
 * tree "root" (relative lines), or 0.  Iterative, visits bounded. */
static int block_end(const struct yml_node *root, int line)
{
	struct frame {
		const struct yml_node *n;
		size_t next;
	} st[YML_DEFAULT_MAX_DEPTH + 2];
	size_t depth = 0, visits = 0;
	st[0].n = root;
	st[0].next = 0;
	while (visits++ < MAX_VISITS) {
		struct frame *f = &st[depth];
		const struct yml_node *n = f->n;
		if (n->kind == YML_SCALAR || f->next >= n->n) {
			if (depth == 0)
				return 0;
			depth--;
			continue;
		}
		const struct yml_node *child;
		if (n->kind == YML_MAP) {
			const struct yml_pair *p = &n->pairs[f->next++];
			if (p->key->line == line)
				return node_last_line(p->value);
			child = p->value;
		} else {
			child = n->items[f->next++];
			if (child->line == line)
				return node_last_line(child);
		}
		if (child->kind == YML_SCALAR || child->line > line ||
		    depth + 1 >= sizeof(st) / sizeof(*st))
			continue;
		int last = node_last_line(child);
		if (last && last < line)
			continue;
		st[++depth] = (struct frame){ child, 0 };
	}
	return 0;
}

static int unit_end(void *ctx, int line)
{
	const struct scan *s = ctx;
	const struct k8s_model *m = &s->model;
	for (size_t i = 0; i < m->ndocs; i++) {
		const struct yml_node *r = m->docs[i].root;
		int off = m->docs[i].line_off;
		if (!r || r->kind == YML_SCALAR || line < r->line + off)
			continue;
		int e = block_end(r, line - off);
		if (e)
			return e + off;
	}
	const struct yml_node *k = s->kroot;
	if (k && k->kind != YML_SCALAR && line >= k->line) {
		int e = block_end(k, line);
		if (e)
			return e;
	}
	return line;
}

/* Whether "line" is inside a scalar written over several lines (a
 * ConfigMap's script as a block scalar): a '#' there is data, no pragma
 * (ignore.h). */
static bool in_text(void *ctx, int line, int *first, bool *block)
{
	struct scan *s = ctx;
	if (!s->text_lines_built) {
		s->text_lines_built = true;
		ignore_text_lines_init(&s->text_lines, &s->a);
		for (size_t i = 0; i < s->model.ndocs; i++)
			ignore_text_lines_yaml(&s->text_lines,
					       s->model.docs[i].root,
					       s->model.docs[i].line_off,
					       false);
		ignore_text_lines_yaml(&s->text_lines, s->kroot, 0, false);
	}
	return ignore_text_lines_has(&s->text_lines, 0, line, first, block);
}

/* ---- the pipeline ---- */

/* What the run's kustomizations deploy this file's images as
 * (kust_images_at()), onto its containers; and which of a
 * kustomization's images: entries rewrote a scanned image (judged there,
 * not at the entry). */
static int attach_deploys(struct scan *s, const struct stat *fsb,
			  const struct kust_images *ki)
{
	const struct stat sb = *fsb;
	struct k8s_model *m = &s->model;
	for (size_t i = 0; i < m->noverrides; i++) {
		m->overrides[i].applied =
			kust_images_used(ki, sb.st_dev, sb.st_ino,
					 m->overrides[i].span.line);
		m->overrides[i].decides =
			kust_images_decides(ki, sb.st_dev, sb.st_ino,
					    m->overrides[i].span.line);
	}
	for (size_t oi = 0; oi < m->nobjects; oi++) {
		struct k8s_pod *pod = m->objects[oi].pod;
		for (size_t ci = 0; pod && ci < pod->ncontainers; ci++) {
			struct k8s_container *k = &pod->containers[ci];
			if (!k->image.value)
				continue;
			const struct kust_deploy *d = kust_images_at(ki,
				sb.st_dev, sb.st_ino, k->image.vline,
				k->image.vcol);
			struct k8s_deployed **tail =
				(struct k8s_deployed **)&k->deployed;
			for (; d; d = d->next) {
				struct k8s_deployed *c =
					arena_array(&s->a, 1, sizeof(*c));
				if (!c)
					return BH_ENOMEM;
				*c = (struct k8s_deployed){ d->ref, d->root,
					d->by_name, d->by_tag, NULL };
				*tail = c;
				tail = (struct k8s_deployed **)&c->next;
			}
		}
	}
	return 0;
}

static int k8s_scan(const struct bh_input *in, struct bh_scan_ctx *ctx)
{
	/* A Compose file under another name (stack.yml) named on the command
	 * line: *.yaml is claimed here by name before content is sniffed. */
	if (in->explicit && k8s_sniff(in->text, in->len) == 0 &&
	    bh_format_compose.sniff(in->text, in->len) >= 50)
		return bh_format_compose.scan(in, ctx);
	struct scan s;
	memset(&s, 0, sizeof(s));
	arena_init(&s.a, 0);
	s.in = in;
	s.d = ctx->diag;
	const char *slash = strrchr(in->path, '/');
	bool kust = is_kustomization(slash ? slash + 1 : in->path);
	const struct kust_images *ki = ctx->config ? ctx->config->kust : NULL;
	struct stat sb;
	/* its identity only when the run's kustomizations can say anything
	 * of some file (a table with nothing in it answers nothing) */
	bool on_disk = in->fs_path && kust_images_any(ki) &&
		       stat(in->fs_path, &sb) == 0;
	const struct kust_file *kf = ki && on_disk && !kust
		? kust_images_patch(ki, sb.st_dev, sb.st_ino) : NULL;
	struct json6902_target target;
	if (kf) {
		target = (struct json6902_target){ kf->kind, kf->name,
						   kf->group, kf->version };
		s.target = &target;
	}
	if (kust)
		read_kustomization(&s);
	else
		read_all(&s);
	/* a walked file that sniffed like a manifest but holds no object
	 * (apiVersion and kind nested in something else) is named as
	 * skipped, not counted as scanned */
	bool any_object = (kust && (s.model.nobjects || s.model.noverrides)) ||
			  s.json6902;
	for (size_t i = 0; i < s.model.ndocs && !any_object; i++)
		any_object = s.model.docs[i].root &&
			     k8s_is_object(s.model.docs[i].root);
	if (!in->explicit && !s.rc && !any_object && !s.skipped)
		s.skipped = txt_ends_ci(in->path, ".json") ? BH_SKIP_OTHER_JSON
							 : BH_SKIP_OTHER_YAML;
	ctx->skipped = s.skipped;
	if (s.rc == BH_ENOMEM || (s.model.nobjects == 0 && !s.model.noverrides))
		goto out;
	check_rbac_shapes(&s);
	/* a fact: a kustomization (or a component) lists this file as a
	 * patch: from the run's kustomizations, read once (cfg->kust), else
	 * (a scan without that table) the one next to the file */
	if (ki ? on_disk && kust_images_is_patch(ki, sb.st_dev, sb.st_ino)
	       : kust_lists_patch(in->fs_path))
		for (size_t i = 0; i < s.model.nobjects; i++)
			s.model.objects[i].partial = K8S_PARTIAL_PATCH;
	if (ki && on_disk && attach_deploys(&s, &sb, ki))
		fail(&s, BH_ENOMEM, 0, 0, "out of memory");
	struct bh_check check = {
		.file = in->path,
		.text = in->text,
		.text_len = in->len,
		.arena = &s.a,
		.config = ctx->config,
		.k8s = &s.model,
	};
	struct bh_scan_unit unit = { in->path, in->text, in->len, unit_end,
				     &s, NULL, 0, in_text };
	int rc = bh_scan_check(&check, BH_TARGET_K8S, &unit, 1, ctx->out,
			       ctx->warnings);
	if (rc)
		fail(&s, rc, 0, 0, "out of memory");
out:
	arena_free(&s.a);
	return s.rc;
}

const struct bh_format bh_format_kubernetes = {
	.name = "kubernetes",
	.match_name = k8s_match_name,
	.sniff = k8s_sniff,
	.walk_name = k8s_walk_name,
	.refuse = k8s_refuse,
	.scan = k8s_scan,
};
