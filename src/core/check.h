/* SPDX-License-Identifier: Apache-2.0
 *
 * check.h - what the pipeline hands a rule, and how it finds the rules.
 *
 * core owns the contract between the scan pipeline (src/core/scan.c) and
 * the rules (src/rules/): the row every rule is (struct bh_rule), what a
 * check function receives (struct bh_check: one input's model and the
 * facts gathered for it) and the rule-set interface (struct bh_ruleset:
 * the row table and the run function).  core never includes src/rules:
 * the CLI installs the table (bh_ruleset_use(&bh_rules_all), rules/rule.h)
 * before anything is scanned, and config, ignore, link and scan resolve
 * ids and run rules through bh_ruleset().
 *
 * Memory: rows are static; a struct bh_check borrows everything it points
 * at for the length of one input's checks.
 * Tests: tests/unit/core/test_scan.c, tests/unit/core/test_ignore.c.
 */
#ifndef BH_CHECK_H
#define BH_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/span.h"

struct arena;
struct bh_findings;
struct dign;

/* A secret file the build context holds that COPY . would send. */
struct bh_ctx_file {
	const char *relpath;         /* "a/b.pem", relative to the context */
	const char *kind;            /* sec_file_is_secret()'s kind */
};

/* What the pipeline gathers about an input besides its model, once, for
 * every rule (src/core/scan_df.c).  Rules read these, never the disk. */
struct bh_facts {
	/* Dockerfile: its build context (the Dockerfile's directory) */
	bool context_known;          /* on disk (false: stdin) */
	const char *context_dir;     /* as opened, or NULL */
	/* the context from a Compose file of the run (cfg->contexts):
	 * the Compose file as reported, and the context's path relative
	 * to the Dockerfile's directory ("..", "../app"); NULL and "."
	 * when the context is the Dockerfile's directory */
	const char *context_compose;
	const char *context_rel;
	/* the context a Compose file of the run names for it lies outside
	 * every path the run names (its real path; context_compose names
	 * the Compose file): not taken, the Dockerfile's directory is the
	 * context, and `fix` writes no .dockerignore (link.h) */
	const char *context_outside;
	bool has_dockerignore;       /* a .dockerignore applies (may be empty) */
	const struct dign *dockerignore; /* parsed; NULL when none */
	const char *dockerignore_src;    /* the file it was read from */
	const char *dockerignore_name;   /* that file relative to the
					    Dockerfile's directory
					    ("Dockerfile.dockerignore",
					    ".dockerignore",
					    "../.dockerignore") */
	const char *dockerignore_text;   /* its bytes (NUL-terminated),
					    dockerignore_len long */
	size_t dockerignore_len;
	bool has_npm_lock;           /* package-lock.json or npm-shrinkwrap.json
					at the context's top, not ignored */
	/* the context's secret files, filled on the first
	 * bh_facts_context_secrets() (src/core/context.h) */
	bool secrets_done;
	struct bh_ctx_file *secrets;
	size_t nsecrets;
	const char *secrets_error;   /* the context could not be walked
					whole: why (the list is partial) */
	struct arena *arena;         /* where they live: the input's */
};

enum bh_target {
	BH_TARGET_DOCKERFILE = 0,
	BH_TARGET_COMPOSE,
	BH_TARGET_K8S,
	BH_TARGET_IMAGE,
	BH_TARGET_FILE,      /* any file (`bulkhead secrets`); no table rule */
	BH_TARGET_RUNTIME,   /* docker/podman inspect (`bulkhead inspect`) */
	BH_TARGET_DAEMON,    /* daemon.json (`bulkhead daemon`) */
	/* the .bulkhead.yaml policy (src/rules/rules_policy.c): run with the
	 * rules of every image-naming target (Dockerfile, Compose,
	 * Kubernetes, image); the check tells them by the model set */
	BH_TARGET_POLICY,
	BH_TARGET__COUNT,
};

/* Rule flags. */
#define BH_RULE_PSS_BASELINE   0x01u /* part of Pod Security baseline */
#define BH_RULE_PSS_RESTRICTED 0x02u /* part of Pod Security restricted only */
#define BH_RULE_OFF_BY_DEFAULT 0x04u /* runs only when enabled in config */
/* Its findings report secret values (bh_report_secret...): when the rule
 * is off (--ignore, config) it still runs, for its hides only, so what is
 * masked never depends on which rules ran. */
#define BH_RULE_HIDES          0x08u
/* Its fix needs `bulkhead fix --pins FILE` (the digests it writes): with
 * no pins file, each finding is named on stderr as not fixed. */
#define BH_RULE_FIX_PINS       0x10u

/* The role of a rule in the Compose <-> Dockerfile join (src/core/link.c):
 * the Dockerfile rule and the Compose rule that speak of the same
 * property of one service. */
enum bh_link_role {
	BH_LINK_NONE = 0,
	BH_LINK_DF_ROOT_USER,     /* the final stage runs as root */
	BH_LINK_DF_NAMED_USER,    /* USER by name, not numeric */
	BH_LINK_DF_NO_HEALTH,     /* no HEALTHCHECK */
	BH_LINK_DF_DEBUG_PORT,    /* EXPOSE of an SSH/debug port */
	BH_LINK_CMP_NO_USER,      /* a service without user: */
	BH_LINK_CMP_NO_HEALTH,    /* a service without healthcheck: */
	BH_LINK_CMP_DEBUG_PORT,   /* a service publishing an SSH/debug port */
};

struct bh_check;
struct bh_rule;

typedef void (*bh_check_fn)(struct bh_check *c, const struct bh_rule *self);

struct bh_finding;
/* A rule's fix (`bulkhead fix`, docs/fix.md): called once for each kept
 * finding "f" of the rule in the input's own file, with the model the
 * check saw; it appends text edits of c->text to c->out->edits
 * (bh_fix_edit(), rules/rule.h), or nothing when it cannot fix this one
 * exactly.  Never re-serialises; never reads the disk. */
typedef void (*bh_fix_fn)(struct bh_check *c, const struct bh_rule *self,
			  const struct bh_finding *f);

/* The CIS Docker Benchmark version every .cis number of the rule table
 * refers to: numbering changed between versions (v1.2.0 5.31 is v1.7.0
 * 5.32).  Shown with each number (`bulkhead rules`, `explain`,
 * docs/rules.md, SARIF "cis_version"); docs/runtime.md lists the items. */
#define BH_CIS_VERSION "1.7.0"
#define BH_CIS_NAME "CIS Docker Benchmark v" BH_CIS_VERSION

struct bh_rule {
	const char *id;             /* "BH1001": BH + 4 digits, never reused */
	enum bh_severity severity;
	const char *practice;       /* an id from shared/practices.tsv */
	enum bh_target target;
	const char *title;          /* one line, imperative or descriptive */
	const char *why;            /* why it matters, one or two sentences */
	const char *fix;            /* how to fix, one or two sentences */
	const char *hadolint;       /* peer ids, comma-separated, or NULL */
	const char *trivy;
	const char *checkov;
	const char *cis;            /* CIS Docker Benchmark item(s) of
				       version BH_CIS_VERSION: "5.32" */
	const char *other;          /* e.g. "BuildKit:SecretsUsedInArgOrEnv" */
	bh_check_fn check;
	unsigned flags;             /* BH_RULE_*, BH_RULE_LINK(role) */
	bh_fix_fn fix_fn;           /* the rule's second function: its fix,
				       or NULL when it is not fixable */
	const char *fix_risk;       /* with fix_fn: what the fix could
				       break (`bulkhead fix --explain`) */
	/* One rule, several inputs: a second input the row serves with the
	 * same id, title and meaning (the Compose rows also judge running
	 * containers, BH_TARGET_RUNTIME; docs/decisions.md "Runtime
	 * rules").  check2 runs for inputs of target2 (target2 counts only
	 * with check2) and its findings carry fix2, the fix in that
	 * input's language (`docker run --read-only`).  fix_fn is of the
	 * first target only.  title2 and why2, when set, are the title and
	 * why of that input ("Container runs as root" where the first
	 * reads "Service runs as root"); NULL: title and why serve both. */
	enum bh_target target2;
	bh_check_fn check2;
	const char *fix2;
	const char *title2;
	const char *why2;
};

/* The title / why of row "r" for its second input ("second": target2)
 * or its first. */
static inline const char *bh_rule_title(const struct bh_rule *r, bool second)
{
	return second && r->check2 && r->title2 ? r->title2 : r->title;
}

static inline const char *bh_rule_why(const struct bh_rule *r, bool second)
{
	return second && r->check2 && r->why2 ? r->why2 : r->why;
}

/* Whether row "r" judges inputs of "t" (its own target, or its second). */
static inline bool bh_rule_serves(const struct bh_rule *r, enum bh_target t)
{
	return r->target == t || (r->check2 && r->target2 == t);
}

/* A row's role in the join is in its flags: .flags = BH_RULE_LINK(role). */
#define BH_RULE_LINK_SHIFT 16
#define BH_RULE_LINK(role) ((unsigned)(role) << BH_RULE_LINK_SHIFT)
static inline enum bh_link_role bh_rule_link(const struct bh_rule *r)
{
	return (enum bh_link_role)((r->flags >> BH_RULE_LINK_SHIFT) & 0xffu);
}

struct df_model;
struct cmp_model;
struct k8s_model;
struct img_model;
struct rt_model;
struct bh_config;

struct vuln_image_report;

/* BH_TARGET_IMAGE: whether a cosign signature stored with the image
 * verifies under one key (img_sig_verify(), src/image/img_sign.h).  The
 * CLI verifies each (image, key) once: when --key/verify.key and the
 * policy's signature-keys entry for the image's registry are the same
 * key, bh_image_trust.sig and bh_sig_fact.sig point at the same verdict,
 * and BH4022 leaves the finding to BH6005 (docs/policy.md). */
struct bh_sig_verdict {
	bool verified;
	char reason[512];              /* why not, when !verified */
};

/* BH_TARGET_IMAGE: what the CLI found of the image's cosign signatures
 * and in-toto attestations under the configured key (src/image/img_sign.h,
 * gathered before the checks: rules never read the disk).  Owned by the
 * caller; NULL when no key was configured. */
#define BH_TRUST_MAX_BUILDERS 16
struct bh_image_trust {
	const char *key;               /* the key file as named, or the
					  keyless trust's words (keyless) */
	bool keyless;                  /* verify.keyless, not a key */
	const struct bh_sig_verdict *sig;   /* the signature under it */
	bool want_sbom;                /* an SBOM attestation is required */
	bool sbom_ok;                  /* a verified SPDX or CycloneDX attestation */
	/* builder ids of verified SLSA provenance attestations */
	char builders[BH_TRUST_MAX_BUILDERS][256];
	size_t nbuilders;
	const char *const *trusted_builders;   /* none: builders not judged */
	size_t ntrusted;
};

/* `bulkhead image` under a policy that requires a signature key for the
 * image's registry (.bulkhead.yaml policy.signature-keys): the verdict
 * src/cli/cmd_image.c got from img_sig_verify() with that key, for BH6005
 * (src/rules/rules_policy.c).  Strings borrowed for the checks. */
struct bh_sig_fact {
	const char *name;            /* the image name the entry covers */
	const char *registry;        /* the signature-keys entry */
	const char *key;             /* its key file, as the policy writes it */
	/* the verdict under that key: the very one of bh_image_trust.sig
	 * when --key/verify.key is the same key */
	const struct bh_sig_verdict *sig;
};

struct bh_check {
	const char *file;                /* path as reported */
	const char *text;                /* the raw input (for snippets), or NULL */
	size_t text_len;
	struct arena *arena;             /* per-input scratch, freed after checks */
	const struct bh_config *config;  /* never NULL while checks run */
	const struct df_model *df;       /* set for BH_TARGET_DOCKERFILE */
	const struct cmp_model *compose; /* set for BH_TARGET_COMPOSE */
	const struct k8s_model *k8s;     /* set for BH_TARGET_K8S */
	const struct img_model *image;   /* set for BH_TARGET_IMAGE */
	/* set for BH_TARGET_RUNTIME and BH_TARGET_DAEMON (model/rt_model.h) */
	const struct rt_model *runtime;
	/* BH_TARGET_IMAGE: the image's vulnerable packages
	 * (src/vuln/match.h), or NULL when no database was there */
	const struct vuln_image_report *vulns;
	const struct bh_image_trust *trust;   /* BH_TARGET_IMAGE, or NULL */
	/* BH_TARGET_IMAGE: the signature verdict under the policy's key for
	 * the image's registry, or NULL when the policy requires none */
	const struct bh_sig_fact *signature;
	struct bh_facts *facts;          /* gathered by the pipeline, or NULL */
	struct bh_findings *out;         /* where bh_report appends */
	int error;                       /* first BH_E* seen while reporting */
	/* set by bh_run_rules() while an off BH_RULE_HIDES rule runs: the
	 * bh_report* calls record their hides in out->hides, no finding */
	bool hide_only;
	/* set by bh_run_rules() while a row's check2 runs: its fix2, the
	 * fix text of findings that name none of their own; "second" marks
	 * the findings BH_FINDING_SECOND (their title2 / why2 apply) */
	const char *fix2;
	bool second;
	/* report.c's snippet cursor: line "snip_line" of "snip_text" starts at
	 * "snip_at", so findings in line order cost O(text) in all, not
	 * O(text) each.  Zero-initialise; only report.c touches it. */
	const char *snip_text;
	const char *snip_at;
	int snip_line;
	size_t snip_len;                 /* that line's length, with its end */
	/* the held copy (bh_findings_line) of the long line at "held_at"
	 * made for "out": one copy however many findings it has */
	const char *held_at;
	char *held;
	/* `fix`: the fix now running (scan.c's run_fixes() numbers them
	 * from 1, unique in the run), which each edit made records (struct
	 * bh_edit's fix_id) */
	unsigned fix_id;
	/* `fix`: why the running fix made no edit, when a helper or the
	 * fix knew (bh_fix_why(), src/rules/fix_edit.c; a static string or
	 * fix_why_buf); run_fixes() names it for a fix that made neither an
	 * edit nor a refusal, and clears it before each fix */
	const char *fix_why;
	char fix_why_buf[256];
};

/* The rule set the pipeline runs: the row table and the run function.
 * Installed once, before any thread starts, and read-only afterwards. */
struct bh_ruleset {
	size_t (*count)(void);
	const struct bh_rule *(*at)(size_t i);
	/* What an id in --ignore, a config file or a pragma names (our id in
	 * any case, or a peer tool's id); how many were written to out. */
	size_t (*resolve)(const char *id, const struct bh_rule **out,
			  size_t max);
	/* Whether "id" is a real id of a peer tool's catalogue. */
	bool (*peer_known)(const char *id);
	/* Run every enabled rule for "target" over the model set in "c". */
	void (*run)(struct bh_check *c, enum bh_target target);
};

/* Installs the rule set (the CLI: &bh_rules_all).  NULL uninstalls. */
void bh_ruleset_use(const struct bh_ruleset *rs);
/* The installed rule set; never NULL (an empty one when none is). */
const struct bh_ruleset *bh_ruleset(void);

#endif
