/* SPDX-License-Identifier: Apache-2.0
 *
 * config_load.c - reads the configuration files (libfyaml for the YAML
 * ones) into a struct bh_config.
 *
 * .bulkhead.yaml keys (all optional):
 *   ignore: [BH1012, DL3008]        rules never reported (peer ids mapped,
 *                                   secret kinds for `bulkhead secrets`)
 *   enable: [BH1099]                off-by-default rules turned on
 *   severity: {BH1002: info}        per-rule severity overrides
 *   trusted-registries: [docker.io, "*.gcr.io"]
 *   profile: baseline | restricted  Kubernetes Pod Security profile
 *                                   (restricted when not given)
 *   fix: {uid: 10001, memory: 512M, pids: 100}
 *                                   defaults of `bulkhead fix` (docs/fix.md;
 *                                   also written "fix.uid: 10001"; uid
 *                                   above 10000, as BH3027 asks)
 *   verify: {key: PATH | keyless: {trusted-root, identity |
 *            identity-regexp, issuer}, require-sbom, trusted-builders}
 *                                   `bulkhead image` BH4022-BH4024
 *   policy: {registries: [...], require-digest: true, base-images: [...],
 *            signature-keys: {REGISTRY: PATH, REGISTRY2: {trusted-root:
 *            FILE, identity: ID | identity-regexp: RE, issuer: URL}},
 *            max-severity: high}
 *                                   what images may be used (docs/policy.md;
 *                                   the rules are src/rules/rules_policy.c;
 *                                   a key file is loaded here, relative to
 *                                   the configuration's directory)
 * An unknown key or a wrong type is an error naming file:line, so a typo
 * never silently disables a setting; an id that names no rule is a
 * warning.  .hadolint.yaml and .trivyignore are read as config_load.h
 * says.  Tests: tests/unit/core/test_config_load.c,
 * tests/cases/cli/config-*.case, hadolint-*.case, trivyignore-*.case,
 * tests/cases/policy/config-*.case.
 */
#include "config_load.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../image/img_keyless.h"
#include "../image/img_sign.h"
#include "../parse/yml.h"
#include "../rules/policy.h"
#include "../rules/rule.h"
#include "../secrets/secrets.h"
#include "../util/io.h"
#include "../util/text.h"

#define MAX_RULES_PER_ID 64

static int node_line(const struct yml_node *n)
{
	return n ? n->line : 0;
}

static int node_col(const struct yml_node *n)
{
	return n ? n->col : 0;
}

static const char *scalar(const struct yml_node *n)
{
	return n && n->kind == YML_SCALAR ? n->str : NULL;
}

/* What a node that is not a scalar is, for an error ("a list"). */
static const char *not_scalar(const struct yml_node *n)
{
	return !n ? "nothing" : n->kind == YML_SEQ ? "a list"
		: n->kind == YML_MAP ? "a mapping" : "not a scalar";
}

__attribute__((format(printf, 3, 4)))
static void warn_at(const char *file, int line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	for (char *p = msg; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	if (line > 0)
		fprintf(stderr, "bulkhead: %s:%d: warning: %s\n", file, line, msg);
	else
		fprintf(stderr, "bulkhead: %s: warning: %s\n", file, msg);
}

/* Ids bulkhead has no rule for but that are right for their tool: a
 * peer's real id (hadolint's DL3059, ShellCheck codes...) or a
 * vulnerability id in .trivyignore. */
static bool foreign_id(const char *id)
{
	return bh_peer_id_known(id) || !strncasecmp(id, "CVE-", 4) ||
	       !strncasecmp(id, "GHSA-", 5);
}

enum config_id config_add_id(struct bh_strlist *list, const char *id)
{
	const struct bh_rule *r[MAX_RULES_PER_ID];
	size_t n = id && *id ? bh_rule_resolve(id, r, MAX_RULES_PER_ID) : 0;
	for (size_t i = 0; i < n; i++)
		if (!bh_strlist_has(list, r[i]->id) &&
		    bh_strlist_add(list, r[i]->id) != BH_OK)
			return CONFIG_ID_NOMEM;
	if (n)
		return CONFIG_ID_ADDED;
	char canon[96];
	if (id && sec_id_canon(id, canon, sizeof(canon))) {
		if (!bh_strlist_has(list, canon) && bh_strlist_add(list, canon))
			return CONFIG_ID_NOMEM;
		return CONFIG_ID_ADDED;
	}
	if (id && foreign_id(id))
		return CONFIG_ID_NO_RULE;
	return CONFIG_ID_UNKNOWN;
}

/* Adds one id from "file":"line"; unknown ones are warnings. */
static int add_id_at(struct bh_strlist *list, const char *id,
		     const char *file, int line)
{
	switch (config_add_id(list, id)) {
	case CONFIG_ID_NOMEM:
		return BH_ENOMEM;
	case CONFIG_ID_UNKNOWN:
		warn_at(file, line, "unknown rule id '%s' (no effect)", id);
		break;
	default:
		break;
	}
	return BH_OK;
}

/* Adds rule ids (or peer ids mapped to ours) from a sequence. */
static int add_rule_list(const struct yml_node *seq, struct bh_strlist *out,
			 struct diag *d, const char *key)
{
	if (!yml_is_seq(seq))
		return diag_error(d, BH_EUSAGE, node_line(seq), node_col(seq),
				  "'%s' must be a list of rule ids", key);
	for (size_t i = 0; i < seq->n; i++) {
		const struct yml_node *item = seq->items[i];
		const char *id = scalar(item);
		if (!id)
			return diag_error(d, BH_EUSAGE, node_line(item), node_col(item),
					  "'%s' entries must be rule ids", key);
		if (add_id_at(out, id, d->file, node_line(item)) != BH_OK)
			return BH_ENOMEM;
	}
	return BH_OK;
}

/* Severity overrides for every rule "id" names (peer ids mapped). */
static int override_id(struct bh_config *c, const char *id,
		       enum bh_severity sev, const char *file, int line)
{
	struct bh_strlist ids = { 0 };
	int rc = add_id_at(&ids, id, file, line);
	for (size_t i = 0; rc == BH_OK && i < ids.n; i++)
		rc = bh_config_override(c, ids.v[i], sev);
	bh_strlist_free(&ids);
	return rc;
}

static int add_overrides(const struct yml_node *map, struct bh_config *c,
			 struct diag *d)
{
	if (!yml_is_map(map))
		return diag_error(d, BH_EUSAGE, node_line(map), node_col(map),
				  "'severity' must map rule ids to severities");
	for (size_t i = 0; i < map->n; i++) {
		const struct yml_node *k = map->pairs[i].key, *v = map->pairs[i].value;
		const char *id = k ? scalar(k) : NULL;
		const char *sev = v ? scalar(v) : NULL;
		enum bh_severity s;
		if (!id)
			return diag_error(d, BH_EUSAGE, node_line(k), node_col(k),
					  "'severity' keys must be rule ids");
		if (!sev)
			return diag_error(d, BH_EUSAGE, node_line(v), node_col(v),
					  "'severity' values must be severities "
					  "(critical, high, medium, low, info), "
					  "not %s", not_scalar(v));
		if (bh_severity_parse(sev, &s) != 0)
			return diag_error(d, BH_EUSAGE, node_line(v), node_col(v),
					  "'%s' is not a severity (critical, high, medium, low, info)",
					  sev);
		if (override_id(c, id, s, d->file, node_line(k)) != BH_OK)
			return BH_ENOMEM;
	}
	return BH_OK;
}

static int add_strings(const struct yml_node *seq, struct bh_strlist *out,
		       struct diag *d, const char *key)
{
	if (!yml_is_seq(seq))
		return diag_error(d, BH_EUSAGE, node_line(seq), node_col(seq),
				  "'%s' must be a list", key);
	for (size_t i = 0; i < seq->n; i++) {
		const struct yml_node *item = seq->items[i];
		const char *s = scalar(item);
		if (!s)
			return diag_error(d, BH_EUSAGE, node_line(item), node_col(item),
					  "'%s' entries must be strings", key);
		/* "- ~" or an empty "- " is null, no name: it would be
		 * kept as the registry "~" (or "") and match nothing */
		if (yml_is_null(item))
			return diag_error(d, BH_EUSAGE, node_line(item), node_col(item),
					  "'%s' entries must be strings, not null",
					  key);
		if (bh_strlist_add(out, s))
			return BH_ENOMEM;
	}
	return BH_OK;
}

/* fix.memory goes as written into Compose (`deploy.resources.limits.
 * memory`, `mem_limit`: docker's RAMInBytes) and Kubernetes (a resource
 * quantity), so it must mean the same to both: digits, one optional
 * fraction, and a unit both read alike (k, Ki, M, Mi, G, Gi, T, Ti; not
 * "m", milli to Kubernetes, nor "K", which Kubernetes refuses, nor none:
 * bytes).  At least 6 MiB (docker's least limit), at most 1 PiB. */
static bool fix_memory_ok(const char *s)
{
	static const struct { const char *u; double mult; } units[] = {
		{ "k", 1e3 }, { "Ki", 1024.0 }, { "M", 1e6 },
		{ "Mi", 1048576.0 }, { "G", 1e9 }, { "Gi", 1073741824.0 },
		{ "T", 1e12 }, { "Ti", 1099511627776.0 },
	};
	double v = 0, scale = 1;
	size_t i = 0, digits = 0;
	for (; isdigit((unsigned char)s[i]) && digits < 16; i++, digits++)
		v = v * 10 + (s[i] - '0');
	if (digits == 0 || isdigit((unsigned char)s[i]))
		return false;
	if (s[i] == '.') {
		size_t f = 0;
		for (i++; isdigit((unsigned char)s[i]) && f < 9; i++, f++)
			v += (s[i] - '0') * (scale /= 10);
		if (f == 0 || isdigit((unsigned char)s[i]))
			return false;
	}
	for (size_t k = 0; k < sizeof(units) / sizeof(units[0]); k++)
		if (!strcmp(s + i, units[k].u)) {
			double bytes = v * units[k].mult;
			return bytes >= 6.0 * 1048576.0 &&
			       bytes <= 1125899906842624.0;
		}
	return false;
}

/* One default of `bulkhead fix`: "uid", "memory" or "pids". */
static int apply_fix_key(const char *key, const struct yml_node *v,
			 struct bh_config *c, struct diag *d, int line, int col)
{
	const char *s = scalar(v);
	if (!strcmp(key, "memory")) {
		size_t n = s ? strlen(s) : 0;
		if (n == 0 || n >= sizeof(c->fix_memory) || !fix_memory_ok(s))
			return diag_error(d, BH_EUSAGE, node_line(v), node_col(v),
					  "fix.memory must be a size from 6Mi to "
					  "1Pi with a unit, such as 512M or 1Gi "
					  "(k, Ki, M, Mi, G, Gi, T, Ti)");
		memcpy(c->fix_memory, s, n + 1);
		c->fix_memory_set = true;
		return BH_OK;
	}
	if (!strcmp(key, "uid") || !strcmp(key, "pids")) {
		char *end = NULL;
		long n = s && isdigit((unsigned char)s[0]) ? strtol(s, &end, 10) : -1;
		if (n < 1 || n > 2147483647L || !end || *end)
			return diag_error(d, BH_EUSAGE, node_line(v), node_col(v),
					  "fix.%s must be a positive whole number",
					  key);
		/* the UID the fixes write must not be one BH3027 flags
		 * (rules_k8s.c: 1-10000), or the fix leaves its own finding */
		if (key[0] == 'u' && n <= 10000)
			return diag_error(d, BH_EUSAGE, node_line(v), node_col(v),
					  "fix.uid %ld is not above 10000: rule "
					  "BH3027 flags UIDs 1-10000 (they may "
					  "exist on the host), so the fix would "
					  "leave its own finding", n);
		if (key[0] == 'u') {
			c->fix_uid = n;
			c->fix_uid_set = true;
		} else {
			c->fix_pids = n;
			c->fix_pids_set = true;
		}
		return BH_OK;
	}
	return diag_error(d, BH_EUSAGE, line, col,
			  "unknown key 'fix.%s' (known: fix.uid, fix.memory, fix.pids)",
			  key);
}

static int yaml_bool(const struct yml_node *v, bool *out, struct diag *d,
		     const char *key);

/* One key of the "verify:" mapping (bulkhead image --key and friends). */
static int keyless_trust(const char *what, const struct yml_node *k,
			 const struct yml_node *v, struct bh_policy_key *nk,
			 struct bh_policy *p, struct diag *d);

static int apply_verify_key(const char *key, const struct yml_node *v,
			    struct bh_config *c, struct diag *d, int line, int col)
{
	if (!strcmp(key, "key")) {
		const char *s = scalar(v);
		if (c->verify_keyless)
			return diag_error(d, BH_EUSAGE, line, col,
					  "'verify.key' and 'verify.keyless' "
					  "exclude each other");
		if (!s || !*s)
			return diag_error(d, BH_EUSAGE, node_line(v), node_col(v),
					  "'verify.key' must be a file path");
		free(c->verify_key);
		c->verify_key = strdup(s);
		return c->verify_key ? BH_OK
				     : diag_error(d, BH_ENOMEM, line, col, "out of memory");
	}
	if (!strcmp(key, "keyless")) {
		if (c->verify_key)
			return diag_error(d, BH_EUSAGE, line, col,
					  "'verify.keyless' and 'verify.key' "
					  "exclude each other");
		if (c->verify_keyless)
			return diag_error(d, BH_EUSAGE, line, col,
					  "'verify.keyless' is given twice");
		if (!(c->verify_keyless = calloc(1, sizeof(*c->verify_keyless))))
			return diag_error(d, BH_ENOMEM, line, col, "out of memory");
		struct yml_node at = { 0 };
		at.line = line;
		at.col = col;
		return keyless_trust("verify.keyless", &at, v, c->verify_keyless,
				     &c->policy, d);
	}
	if (!strcmp(key, "require-sbom"))
		return yaml_bool(v, &c->verify_require_sbom, d, "verify.require-sbom");
	if (!strcmp(key, "trusted-builders"))
		return add_strings(v, &c->trusted_builders, d, "verify.trusted-builders");
	return diag_error(d, BH_EUSAGE, line, col,
			  "unknown key 'verify.%s' (known: verify.key, "
			  "verify.keyless, verify.require-sbom, "
			  "verify.trusted-builders)", key);
}

/* A registry or "host/path" prefix as the policy writes it: no scheme,
 * no blank, no tag or digest, no glob (the policy's entries are
 * prefixes, not trusted-registries' globs, so a glob would match
 * nothing). */
static bool registry_word(const char *s)
{
	if (!s || !*s || strstr(s, "://") || strchr(s, '@') || s[0] == '/' ||
	    strpbrk(s, "*?[]"))
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			return false;
	return true;
}

/* policy."key": a list of strings into "out", not empty (an empty list
 * would turn its rule off, reading as "not set": said instead of
 * trusting everything) and each one accepted by "ok", else an error at
 * the item ending with "hint". */
static int policy_list(const struct yml_node *v, struct bh_strlist *out,
		       const char *key, const char *what,
		       bool (*ok)(const char *), const char *hint,
		       struct diag *d)
{
	char name[64];
	snprintf(name, sizeof(name), "policy.%s", key);
	int rc = add_strings(v, out, d, name);
	if (rc != BH_OK)
		return rc;
	if (v->n == 0)
		return diag_error(d, BH_EUSAGE, node_line(v), node_col(v),
				  "%s is empty: list the %s, or leave the "
				  "key out", name, what);
	for (size_t i = 0; i < v->n; i++)
		if (!ok(scalar(v->items[i])))
			return diag_error(d, BH_EUSAGE, node_line(v->items[i]),
					  node_col(v->items[i]), "%s: '%s' %s",
					  name, scalar(v->items[i]), hint);
	return BH_OK;
}

/* "path" as opened: relative to the directory of the configuration
 * "file" unless absolute.  NULL on no memory. */
static char *beside(const char *file, const char *path)
{
	const char *slash = file ? strrchr(file, '/') : NULL;
	if (path[0] == '/' || !slash)
		return strdup(path);
	size_t dl = (size_t)(slash - file) + 1, pl = strlen(path);
	char *s = malloc(dl + pl + 1);
	if (!s)
		return NULL;
	memcpy(s, file, dl);
	memcpy(s + dl, path, pl + 1);
	return s;
}

/* Keyless trust {trusted-root: FILE, identity: ID | identity-regexp: RE,
 * issuer: URL} ("what" names it in messages: policy.signature-keys.REG,
 * verify.keyless; "k" is its key): the trusted root is loaded now
 * (relative to the configuration's directory) and the pattern compiled,
 * so either is an error at its line; into "nk" (zeroed by the caller,
 * freed by bh_config_free()). */
static int keyless_trust(const char *what, const struct yml_node *k,
			 const struct yml_node *v, struct bh_policy_key *nk,
			 struct bh_policy *p, struct diag *d)
{
	if (!yml_is_map(v))
		return diag_error(d, BH_EUSAGE, node_line(v), node_col(v),
				  "%s must be a mapping {trusted-root, identity "
				  "| identity-regexp, issuer}", what);
	const struct yml_node *rootn = NULL, *idn = NULL, *ren = NULL,
			      *issn = NULL;
	for (size_t i = 0; i < v->n; i++) {
		const struct yml_node *sk = v->pairs[i].key;
		const struct yml_node *sv = v->pairs[i].value;
		const char *name = scalar(sk);
		const struct yml_node **slot =
			!name ? NULL
			: !strcmp(name, "trusted-root") ? &rootn
			: !strcmp(name, "identity") ? &idn
			: !strcmp(name, "identity-regexp") ? &ren
			: !strcmp(name, "issuer") ? &issn : NULL;
		if (!slot)
			return diag_error(d, BH_EUSAGE, node_line(sk), node_col(sk),
					  "unknown key '%s.%s' "
					  "(known: trusted-root, identity, "
					  "identity-regexp, issuer)", what,
					  name ? name : "");
		const struct yml_node *at = sv && sv->line ? sv : sk;
		const char *sval = scalar(sv);
		if (!sval || !*sval)
			return diag_error(d, BH_EUSAGE, node_line(at), node_col(at),
					  "%s.%s must be a "
					  "non-empty string, not %s", what, name,
					  sval ? "an empty one" : not_scalar(sv));
		*slot = sv;
	}
	if (!rootn)
		return diag_error(d, BH_EUSAGE, node_line(k), node_col(k),
				  "%s: keyless trust needs "
				  "trusted-root (a Sigstore trusted_root.json)",
				  what);
	if (!idn == !ren)
		return diag_error(d, BH_EUSAGE, node_line(k), node_col(k),
				  "%s: keyless trust needs "
				  "one of identity and identity-regexp", what);
	if (!issn)
		return diag_error(d, BH_EUSAGE, node_line(k), node_col(k),
				  "%s: keyless trust needs "
				  "issuer (the certificate's OIDC issuer)", what);
	char err[200];
	if (ren && !img_kl_regex_ok(scalar(ren), err, sizeof(err)))
		return diag_error(d, BH_EUSAGE, node_line(ren), node_col(ren),
				  "%s.identity-regexp is "
				  "not a PCRE2 pattern: %s", what, err);
	const char *rootp = scalar(rootn), *who = scalar(idn ? idn : ren);
	nk->path = strdup(rootp);
	nk->resolved = beside(d->file, rootp);
	nk->identity = idn ? strdup(who) : NULL;
	nk->identity_re = ren ? strdup(who) : NULL;
	nk->issuer = strdup(scalar(issn));
	size_t dl = strlen(who) + strlen(scalar(issn)) + strlen(rootp) + 96;
	nk->desc = malloc(dl);
	if (!nk->path || !nk->resolved || !nk->issuer ||
	    !nk->desc || (idn && !nk->identity) || (ren && !nk->identity_re))
		return BH_ENOMEM;
	snprintf(nk->desc, dl, "a keyless certificate for %s%s issued by %s "
		 "(trusted root %s)", ren ? "an identity matching " : "", who,
		 scalar(issn), rootp);
	struct diag rd;
	diag_init(&rd, nk->resolved);
	if (img_kl_root_load(nk->resolved, &nk->root, &rd) != BH_OK)
		return diag_error(d, BH_EUSAGE, node_line(rootn),
				  node_col(rootn),
				  "%s.trusted-root: %s",
				  what, rd.message);
	p->free_root = img_kl_root_free;
	return BH_OK;
}

/* A new zeroed entry of p->keys for registry "reg" (counted at once, so
 * the policy's free releases it whatever follows), or NULL (no memory). */
static struct bh_policy_key *policy_key_add(struct bh_policy *p,
					    const char *reg)
{
	struct bh_policy_key *nk =
		realloc(p->keys, (p->nkeys + 1) * sizeof(*nk));
	if (!nk)
		return NULL;
	p->keys = nk;
	nk = &p->keys[p->nkeys++];
	memset(nk, 0, sizeof(*nk));
	return (nk->registry = strdup(reg)) ? nk : NULL;
}

/* A keyless signature-keys entry, REGISTRY: {trusted-root, ...}:
 * appended to p->keys. */
static int policy_keyless(const char *reg, const struct yml_node *k,
			  const struct yml_node *v, struct bh_policy *p,
			  struct diag *d)
{
	struct bh_policy_key *nk = policy_key_add(p, reg);
	if (!nk)
		return BH_ENOMEM;
	char what[300];
	snprintf(what, sizeof(what), "policy.signature-keys.%s", reg);
	return keyless_trust(what, k, v, nk, p, d);
}

/* signature-keys: {REGISTRY: PATH}; each key is loaded now (a public key
 * bulkhead verify can use), so a wrong path is an error at its line, and
 * kept loaded (bh_policy_key.loaded) for the image it will judge. */
static int policy_keys(const struct yml_node *v, struct bh_policy *p,
		       struct diag *d)
{
	if (!yml_is_map(v))
		return diag_error(d, BH_EUSAGE, node_line(v), node_col(v),
				  "policy.signature-keys must map registries "
				  "to public key files");
	for (size_t i = 0; i < v->n; i++) {
		const struct yml_node *k = v->pairs[i].key;
		const struct yml_node *val = v->pairs[i].value;
		const char *reg = scalar(k), *path = scalar(val);
		if (!registry_word(reg))
			return diag_error(d, BH_EUSAGE, node_line(k), node_col(k),
					  "policy.signature-keys: '%s' is not a "
					  "registry", reg ? reg : "");
		/* an empty value may have no position: name the key's */
		const struct yml_node *at = val && val->line ? val : k;
		if (val && yml_is_map(val)) {
			int krc = policy_keyless(reg, k, val, p, d);
			if (krc != BH_OK)
				return krc;
			continue;
		}
		if (!path || !*path)
			return diag_error(d, BH_EUSAGE, node_line(at), node_col(at),
					  "policy.signature-keys.%s must be the "
					  "path of a public key file", reg);
		struct bh_policy_key *nk = policy_key_add(p, reg);
		if (!nk)
			return BH_ENOMEM;
		nk->path = strdup(path);
		nk->resolved = beside(d->file, path);
		if (!nk->path || !nk->resolved)
			return BH_ENOMEM;
		struct diag kd;
		diag_init(&kd, nk->resolved);
		struct img_sig_key *key = NULL;
		if (img_sig_key_load(nk->resolved, false, &key, &kd) != BH_OK) {
			/* the cause names the path as opened */
			return diag_error(d, BH_EUSAGE, node_line(val),
					  node_col(val),
					  "policy.signature-keys.%s: %s", reg,
					  kd.message);
		}
		/* kept: `bulkhead image` judges with it (cmd_image.c) */
		nk->loaded = key;
		p->free_key = img_sig_key_free;
	}
	return BH_OK;
}

/* One key of the policy: mapping. */
static int apply_policy_key(const char *key, const struct yml_node *v,
			    struct bh_config *c, struct diag *d, int line,
			    int col)
{
	struct bh_policy *p = &c->policy;
	if (!strcmp(key, "registries"))
		return policy_list(v, &p->registries, key, "registries to "
				   "trust", registry_word, "is not a registry (a "
				   "host such as registry.example.com, or a "
				   "prefix such as gcr.io/distroless)", d);
	if (!strcmp(key, "require-digest"))
		return yaml_bool(v, &p->require_digest, d,
				 "policy.require-digest");
	if (!strcmp(key, "base-images")) {
		char hint[300];
		snprintf(hint, sizeof(hint), "is an unknown family (known: %s)",
			 bh_policy_family_names());
		return policy_list(v, &p->base_images, key, "families to "
				   "allow", bh_policy_family_known, hint, d);
	}
	if (!strcmp(key, "signature-keys"))
		return policy_keys(v, p, d);
	if (!strcmp(key, "max-severity")) {
		const char *s = scalar(v);
		if (!s)
			return diag_error(d, BH_EUSAGE, node_line(v), node_col(v),
					  "policy.max-severity must be a severity "
					  "(critical, high, medium, low, info), "
					  "not %s", not_scalar(v));
		if (bh_severity_parse(s, &p->max_severity) != 0)
			return diag_error(d, BH_EUSAGE, node_line(v), node_col(v),
					  "policy.max-severity: '%s' is not a "
					  "severity (critical, high, medium, "
					  "low, info)", s);
		p->has_max_severity = true;
		return BH_OK;
	}
	return diag_error(d, BH_EUSAGE, line, col,
			  "unknown key 'policy.%s' (known: registries, "
			  "require-digest, base-images, signature-keys, "
			  "max-severity)", key);
}

/* A section of the file ("fix", "verify", "policy"): a mapping whose
 * keys "fn" applies one by one ("known" lists them for the error). */
static int apply_section(const char *name, const char *known,
			 const struct yml_node *v, struct bh_config *c,
			 struct diag *d,
			 int (*fn)(const char *key, const struct yml_node *v,
				   struct bh_config *c, struct diag *d,
				   int line, int col))
{
	if (!yml_is_map(v))
		return diag_error(d, BH_EUSAGE, node_line(v), node_col(v),
				  "'%s' must be a mapping (%s)", name, known);
	int rc = BH_OK;
	for (size_t i = 0; rc == BH_OK && i < v->n; i++) {
		const struct yml_node *k = v->pairs[i].key;
		const char *ks = scalar(k);
		if (!ks || !v->pairs[i].value)
			return diag_error(d, BH_EUSAGE, node_line(k), node_col(k),
					  "keys must be strings with values");
		rc = fn(ks, v->pairs[i].value, c, d, node_line(k),
			node_col(k));
	}
	return rc;
}

static int apply_key(const char *key, const struct yml_node *v, struct bh_config *c,
		     struct diag *d, int line, int col)
{
	if (strncmp(key, "verify.", 7) == 0)
		return apply_verify_key(key + 7, v, c, d, line, col);
	if (strcmp(key, "verify") == 0)
		return apply_section("verify", "key, keyless, require-sbom, "
				     "trusted-builders", v, c, d,
				     apply_verify_key);
	if (strncmp(key, "fix.", 4) == 0)
		return apply_fix_key(key + 4, v, c, d, line, col);
	if (strcmp(key, "fix") == 0)
		return apply_section("fix", "uid, memory, pids", v, c, d,
				     apply_fix_key);
	if (strcmp(key, "policy") == 0) {
		c->policy.set = yml_is_map(v);
		return apply_section("policy", "registries, require-digest, "
				     "base-images, signature-keys, "
				     "max-severity", v, c, d,
				     apply_policy_key);
	}
	if (strcmp(key, "ignore") == 0)
		return add_rule_list(v, &c->ignored, d, key);
	if (strcmp(key, "enable") == 0)
		return add_rule_list(v, &c->enabled, d, key);
	if (strcmp(key, "severity") == 0)
		return add_overrides(v, c, d);
	if (strcmp(key, "trusted-registries") == 0 ||
	    strcmp(key, "trusted_registries") == 0 ||
	    strcmp(key, "trustedRegistries") == 0)
		return add_strings(v, &c->trusted_registries, d, key);
	if (strcmp(key, "profile") == 0) {
		const char *s = scalar(v);
		if (s && strcmp(s, "baseline") == 0)
			c->profile = BH_PROFILE_BASELINE;
		else if (s && strcmp(s, "restricted") == 0)
			c->profile = BH_PROFILE_RESTRICTED;
		else
			return diag_error(d, BH_EUSAGE, node_line(v), node_col(v),
					  "profile must be 'baseline' or 'restricted'");
		return BH_OK;
	}
	return diag_error(d, BH_EUSAGE, line, col,
			  "unknown key '%s' (known: ignore, enable, severity, trusted-registries, profile, fix, verify, policy)",
			  key);
}

typedef int (*key_fn)(const char *key, const struct yml_node *v, void *ud,
		      struct diag *d, int line, int col);

/* Reads the YAML mapping in "path" and hands each key to "fn". */
static int load_yaml_map(const char *path, key_fn fn, void *ud,
			 struct diag *d)
{
	char *text = NULL;
	size_t len = 0;
	int rc = io_read_file(path, (size_t)1 << 20, &text, &len, d);
	if (rc != BH_OK)
		return rc;
	struct arena a;
	arena_init(&a, (size_t)16 << 20);
	struct yml_stream st;
	rc = yml_parse(&a, text, len, NULL, &st, d);
	free(text);
	if (rc != BH_OK)
		goto out;
	const struct yml_node *root = st.ndocs ? st.docs[0].root : NULL;
	/* a second document would be silently ignored: refuse it */
	for (size_t k = 1; k < st.ndocs; k++) {
		const struct yml_node *r = st.docs[k].root;
		if (!r || yml_is_null(r))
			continue;
		rc = diag_error(d, BH_EUSAGE, node_line(r), node_col(r),
				"the configuration must be one YAML document "
				"(a second one starts here)");
		goto out;
	}
	if (!root || yml_is_null(root))
		goto out; /* empty file: defaults */
	if (!yml_is_map(root)) {
		rc = diag_error(d, BH_EUSAGE, node_line(root), node_col(root),
				"the configuration must be a mapping");
		goto out;
	}
	for (size_t i = 0; rc == BH_OK && i < root->n; i++) {
		const struct yml_node *k = root->pairs[i].key;
		const struct yml_node *v = root->pairs[i].value;
		const char *key = scalar(k);
		if (!key || !v) {
			rc = diag_error(d, BH_EUSAGE, node_line(k), node_col(k),
					"keys must be strings with values");
			break;
		}
		rc = fn(key, v, ud, d, node_line(k), node_col(k));
	}
out:
	arena_free(&a);
	return rc;
}

static int bulkhead_key(const char *key, const struct yml_node *v, void *ud,
			struct diag *d, int line, int col)
{
	return apply_key(key, v, ud, d, line, col);
}

int config_load(const char *path, struct bh_config *c, struct diag *d)
{
	int rc = load_yaml_map(path, bulkhead_key, c, d);
	/* verify.key names a file next to the configuration */
	const char *slash = strrchr(path, '/');
	if (rc == BH_OK && c->verify_key && c->verify_key[0] != '/' && slash) {
		size_t dl = (size_t)(slash - path) + 1, kl = strlen(c->verify_key);
		char *full = malloc(dl + kl + 1);
		if (!full)
			return diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
		memcpy(full, path, dl);
		memcpy(full + dl, c->verify_key, kl + 1);
		free(c->verify_key);
		c->verify_key = full;
	}
	return rc;
}

/* ---- .hadolint.yaml ------------------------------------------------- */

struct hadolint {
	struct bh_config *c;
	struct config_run *run;
};

/* hadolint's severity names in ours; -1 for none/ignore. */
static int hadolint_severity(const char *s, enum bh_severity *out)
{
	static const struct {
		const char *name;
		enum bh_severity sev;
	} map[] = {
		{ "error", BH_SEV_HIGH }, { "warning", BH_SEV_MEDIUM },
		{ "info", BH_SEV_LOW }, { "style", BH_SEV_INFO },
	};
	for (size_t i = 0; s && i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcasecmp(s, map[i].name)) {
			*out = map[i].sev;
			return 0;
		}
	return -1;
}

/* A boolean key's value, read as YAML 1.2's core schema reads it (and
 * hadolint, whose HsYAML does too): a plain true, True, TRUE, false,
 * False or FALSE.  Anything else is refused at its line, so a value that
 * YAML 1.1 made a boolean (yes, no, on, off, y, n) or a quoted "true",
 * both strings in YAML 1.2, never silently turns a setting on or off. */
static int yaml_bool(const struct yml_node *v, bool *out, struct diag *d,
		     const char *key)
{
	const char *s = scalar(v);
	bool plain = s && v->style == YML_PLAIN &&
		     (!v->tag || !strcmp(v->tag, "!!bool") ||
		      !strcmp(v->tag, "tag:yaml.org,2002:bool"));
	if (plain && (!strcmp(s, "true") || !strcmp(s, "True") ||
		      !strcmp(s, "TRUE"))) {
		*out = true;
		return BH_OK;
	}
	if (plain && (!strcmp(s, "false") || !strcmp(s, "False") ||
		      !strcmp(s, "FALSE"))) {
		*out = false;
		return BH_OK;
	}
	if (s && *s && v->style == YML_PLAIN)
		return diag_error(d, BH_EUSAGE, node_line(v), node_col(v),
				  "'%s' must be true or false, not '%.40s' "
				  "(YAML 1.2: only true and false are "
				  "booleans)", key, s);
	return diag_error(d, BH_EUSAGE, node_line(v), node_col(v),
			  "'%s' must be true or false", key);
}

static int hadolint_key(const char *key, const struct yml_node *v, void *ud,
			struct diag *d, int line, int col)
{
	struct hadolint *h = ud;
	(void)col;
	if (!strcmp(key, "ignored"))
		return add_rule_list(v, &h->c->ignored, d, key);
	if (!strcmp(key, "trustedRegistries"))
		return add_strings(v, &h->c->trusted_registries, d, key);
	if (!strcmp(key, "failure-threshold")) {
		const char *s = scalar(v);
		if (s && (!strcasecmp(s, "none"))) {
			h->run->never_fail = true;
			return BH_OK;
		}
		if (s && !strcasecmp(s, "ignore")) {
			h->run->has_threshold = true;
			h->run->threshold = BH_SEV_INFO;
			return BH_OK;
		}
		if (hadolint_severity(s, &h->run->threshold) != 0)
			return diag_error(d, BH_EUSAGE, node_line(v), node_col(v),
					  "failure-threshold must be error, warning, "
					  "info, style, ignore or none");
		h->run->has_threshold = true;
		return BH_OK;
	}
	if (!strcmp(key, "override")) {
		if (!yml_is_map(v))
			return diag_error(d, BH_EUSAGE, node_line(v), node_col(v),
					  "'override' must map severities to rule lists");
		for (size_t i = 0; i < v->n; i++) {
			const struct yml_node *k = v->pairs[i].key;
			const struct yml_node *list = v->pairs[i].value;
			enum bh_severity sev;
			if (hadolint_severity(scalar(k), &sev) != 0)
				return diag_error(d, BH_EUSAGE, node_line(k),
						  node_col(k), "override: '%s' is not "
						  "error, warning, info or style",
						  scalar(k) ? scalar(k) : "");
			if (!yml_is_seq(list))
				return diag_error(d, BH_EUSAGE, node_line(list),
						  node_col(list),
						  "override.%s must be a list of rule ids",
						  scalar(k));
			for (size_t j = 0; j < list->n; j++) {
				const char *id = scalar(list->items[j]);
				if (!id)
					return diag_error(d, BH_EUSAGE,
							  node_line(list->items[j]),
							  node_col(list->items[j]),
							  "override entries must be rule ids");
				if (override_id(h->c, id, sev, d->file,
						node_line(list->items[j])) != BH_OK)
					return BH_ENOMEM;
			}
		}
		return BH_OK;
	}
	if (!strcmp(key, "no-fail")) {
		bool b;
		int rc = yaml_bool(v, &b, d, key);
		if (rc == BH_OK && b)
			h->run->never_fail = true;
		return rc;
	}
	if (!strcmp(key, "disable-ignore-pragma")) {
		bool b;
		int rc = yaml_bool(v, &b, d, key);
		if (rc == BH_OK && b)
			h->c->no_inline_ignores = true;
		return rc;
	}
	/* format, no-color, label-schema, strict-labels, verbose: how
	 * hadolint prints and its label rules, nothing bulkhead has */
	static const char *const unread[] = {
		"format", "no-color", "label-schema", "strict-labels",
		"verbose",
	};
	for (size_t i = 0; i < sizeof(unread) / sizeof(*unread); i++)
		if (!strcmp(key, unread[i]))
			return BH_OK;
	/* anything else is no hadolint setting either ("ignore:" for
	 * "ignored:"): said, never dropped in silence */
	warn_at(d->file ? d->file : ".hadolint.yaml", line,
		"unknown key '%s' (not a hadolint setting; ignored)", key);
	return BH_OK;
}

int config_load_hadolint(const char *path, struct bh_config *c,
			 struct config_run *run, struct diag *d)
{
	struct hadolint h = { c, run };
	return load_yaml_map(path, hadolint_key, &h, d);
}

/* ---- .trivyignore --------------------------------------------------- */

int config_load_trivyignore(const char *path, struct bh_config *c,
			    const char *today, struct diag *d)
{
	char *text = NULL;
	size_t len = 0;
	int rc = io_read_file(path, (size_t)1 << 20, &text, &len, d);
	if (rc != BH_OK)
		return rc;
	int line = 0;
	char *start = text;
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		start += 3;  /* a byte order mark is no part of the first id */
	for (char *p = start, *e; rc == BH_OK && p < text + len; p = e + 1) {
		line++;
		e = memchr(p, '\n', (size_t)(text + len - p));
		if (!e)
			e = text + len;
		*e = 0;
		char *h = strchr(p, '#');
		if (h)
			*h = 0;
		/* the id, then optional fields: exp:YYYY-MM-DD */
		char *save = NULL, *id = strtok_r(p, " \t\r", &save);
		if (!id)
			continue;
		bool expired = false;
		for (char *f = strtok_r(NULL, " \t\r", &save); f;
		     f = strtok_r(NULL, " \t\r", &save)) {
			if (!strncmp(f, "exp:", 4)) {
				/* a date that cannot be read would ignore
				 * forever: refuse it */
				if (!txt_is_date(f + 4, strlen(f + 4))) {
					rc = diag_error(d, BH_EUSAGE, line, 0,
							"exp: wants a date "
							"YYYY-MM-DD");
					break;
				}
				expired = today && strcmp(f + 4, today) <= 0;
				if (expired)
					warn_at(path, line, "'%s' expired on "
						"%s: no longer ignored", id,
						f + 4);
			} else {
				warn_at(path, line, "unknown field '%s' (ignored)", f);
			}
		}
		if (rc == BH_OK && !expired)
			rc = add_id_at(&c->ignored, id, path, line);
	}
	free(text);
	return rc;
}
