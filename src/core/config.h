/* SPDX-License-Identifier: Apache-2.0
 *
 * config.h - the run's settings: .bulkhead.yaml merged with the command line.
 *
 * Contract: a struct bh_config is built by the CLI (src/cli/config_load.c),
 * read by checks through struct bh_check, and freed with bh_config_free().
 * All strings are heap copies owned by the config.
 */
#ifndef BH_CONFIG_H
#define BH_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "finding.h"

struct bh_rule;
struct img_sig_key;
struct img_kl_root;

enum bh_profile {
	BH_PROFILE_BASELINE = 0,
	BH_PROFILE_RESTRICTED = 1,
};

struct bh_severity_override {
	char *rule_id;
	enum bh_severity severity;
};

struct bh_strlist {
	char **v;
	size_t n;
};

/* A signature key the policy requires for images of one registry. */
struct bh_policy_key {
	char *registry;                       /* "registry.example.com" (or a
						 prefix "host/path") */
	char *path;                           /* the PEM public key, as
						 written in the file */
	char *resolved;                       /* the path opened at load
						 (relative to the config
						 file's directory) */
	/* the key as loaded then (src/image/img_sign.h), kept so that an
	 * image is judged with it without reading the file again; opaque
	 * here, freed through bh_policy.free_key */
	struct img_sig_key *loaded;
	/* keyless instead of a key (the entry's value is a mapping
	 * {trusted-root, identity | identity-regexp, issuer}): the Sigstore
	 * trusted root loaded then (src/image/img_keyless.h, opaque here,
	 * freed through bh_policy.free_root; "path"/"resolved" name its
	 * file), the certificate identity (exact or PCRE2) and OIDC issuer
	 * the signature's certificate must carry, and "desc", the words
	 * BH6005 names this trust with */
	struct img_kl_root *root;
	char *identity;
	char *identity_re;
	char *issuer;
	char *desc;
};

/* .bulkhead.yaml "policy:" (docs/policy.md): what images may be used.
 * Every list empty and every flag off when no policy is configured: the
 * policy rules (src/rules/rules_policy.c) then report nothing. */
struct bh_policy {
	bool set;                             /* a policy: section was read */
	struct bh_strlist registries;         /* trusted registries or
						 "host/path" prefixes; empty =
						 not checked */
	bool require_digest;                  /* every reference @sha256: */
	struct bh_strlist base_images;        /* allowed families (the table
						 in rules_policy.c); empty =
						 not checked */
	struct bh_policy_key *keys;           /* signature-keys */
	size_t nkeys;
	/* how bh_config_free() frees a loaded key: set by the loader that
	 * loaded it (core does not know the image layer) */
	void (*free_key)(struct img_sig_key *k);
	void (*free_root)(struct img_kl_root *r);   /* likewise, a root */
	bool has_max_severity;
	enum bh_severity max_severity;        /* highest vulnerability
						 severity an image may have */
};

struct pins;
struct kust_images;
struct bh_dircache;

/* A Dockerfile's build context as a Compose file of the run names it
 * (`build: {context: ., dockerfile: docker/Dockerfile}`): both real
 * paths (realpath), and the Compose file as reported.  Filled by the
 * command before its Dockerfiles are scanned (bh_scan_contexts(),
 * scan.c); the first Compose service naming a Dockerfile wins. */
struct bh_build_context {
	char *dockerfile;
	char *context;
	char *compose;
	bool outside;   /* the context lies outside every path the run
			   names: not taken (the Dockerfile's directory
			   stays its context), only named by `fix` */
};

struct bh_build_contexts {
	struct bh_build_context *v;
	size_t n;
	/* the real paths of the directories the run names (a file named:
	 * its directory; link_contexts_root()): a context outside all of
	 * them is not taken (none named: none is) */
	char **roots;
	size_t nroots;
	/* the paths named, kept by link_contexts_root() until a context is
	 * first judged: then resolved into roots (link.c) */
	char **pending;
	size_t npending;
};

struct bh_config {
	struct bh_strlist ignored;            /* rule ids never reported */
	struct bh_strlist enabled;            /* off-by-default rules turned on */
	struct bh_strlist trusted_registries; /* globs; empty = all trusted */
	struct bh_severity_override *overrides;
	size_t noverrides;
	enum bh_profile profile;              /* Kubernetes PSS profile;
						 restricted unless set */
	bool no_inline_ignores;               /* --disable-ignore-pragma */
	/* `bulkhead fix` (docs/fix.md): run the rules' fixes, and the
	 * defaults a fix uses for what it cannot know (.bulkhead.yaml
	 * "fix:" mapping: uid, memory, pids) */
	bool fix;
	long fix_uid;                         /* 10001 */
	char fix_memory[32];                  /* "512M" */
	long fix_pids;                        /* 100 */
	bool fix_uid_set, fix_memory_set, fix_pids_set; /* from the file */
	/* `fix`: findings the Compose <-> Dockerfile join settles away
	 * (link_services(), which `scan` runs after every input), whose
	 * fix is not run: a fix is made exactly for what `scan` reports.
	 * Matched by rule, file, line and column; owned by the caller
	 * (src/cli/cmd_fix.c), NULL when none */
	const struct bh_findings *fix_skip;
	/* `bulkhead image` (docs/signing.md): the ".bulkhead.yaml" "verify:"
	 * mapping: key (a PEM public key; a relative path is taken from the
	 * configuration file's directory; heap), require-sbom,
	 * trusted-builders (SLSA builder ids) */
	char *verify_key;
	/* verify.keyless {trusted-root, identity | identity-regexp, issuer}
	 * instead of a key (docs/policy.md): loaded with the configuration
	 * (the root freed through policy.free_root), or NULL; heap */
	struct bh_policy_key *verify_keyless;
	bool verify_require_sbom;
	struct bh_strlist trusted_builders;
	struct bh_policy policy;              /* .bulkhead.yaml "policy:" */
	/* `fix --pins FILE`: image digests (src/parse/pins.h), owned by
	 * the caller (src/cli/cmd_fix.c), NULL when not given */
	const struct pins *fix_pins;
	/* the build contexts the run's Compose files name (owned by the
	 * command; NULL or empty: each Dockerfile's context is its own
	 * directory) */
	const struct bh_build_contexts *contexts;
	/* what the run's kustomizations deploy the manifests' images as
	 * (src/core/kust_images.h; owned by the command; NULL: each image
	 * is judged as written) */
	const struct kust_images *kust;
	/* which names the run's directories hold (dircache.h), so that the
	 * files looked for beside each Dockerfile cost no failed probe each
	 * (owned by the command, one per run, freed when it ends; NULL:
	 * every probe is made) */
	struct bh_dircache *dircache;
};

void bh_config_init(struct bh_config *c);
void bh_config_free(struct bh_config *c);
int bh_strlist_add(struct bh_strlist *l, const char *s);
bool bh_strlist_has(const struct bh_strlist *l, const char *s);
void bh_strlist_free(struct bh_strlist *l);
/* Whether rule "r" runs under this config (ignored, off-by-default, PSS
 * profile). */
bool bh_config_rule_enabled(const struct bh_config *c, const struct bh_rule *r);
/* The severity rule "r" reports at (its own unless overridden). */
enum bh_severity bh_config_severity(const struct bh_config *c,
				    const struct bh_rule *r);
int bh_config_override(struct bh_config *c, const char *rule_id,
		       enum bh_severity sev);
/* fnmatch-style glob match of a registry host against the trusted list;
 * true when the list is empty. */
bool bh_config_registry_trusted(const struct bh_config *c, const char *registry);

#endif
