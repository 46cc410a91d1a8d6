/* SPDX-License-Identifier: Apache-2.0
 *
 * cmd_image.c - `bulkhead image IMAGE`: audit a built image (docker-archive
 * tarball, OCI layout directory or tar, or a tar on stdin as "-") without
 * Docker.
 *
 * This file owns the subcommand's options, the progress bar on stderr,
 * running the image rule family over the loaded model, severity filtering,
 * the report and the exit code (0 clean, 1 findings at or over the
 * threshold, 2 usage or input error).  Loading is src/image/, checks are
 * src/rules/rules_image.c, writers src/report/.  When a vulnerability
 * database is there (--db, else bulkhead vuln's default path) the image's
 * packages (src/sbom/sbom_image.c, a second pass over the image) are
 * matched (src/vuln/match.h) and BH4021 reports them; without one the
 * report carries one note saying vulnerabilities were not checked; one
 * that is there but cannot be read is an input error (exit 2, one line).
 * With --key the image's cosign signatures and in-toto attestations are
 * checked (src/image/img_sign.h) before the rules run, and handed to them
 * as struct bh_image_trust (BH4022-BH4024; --require-sbom,
 * --trusted-builder); a key that cannot be read is an input error.
 * verify.keyless (a keyless signer, loaded with the configuration) takes
 * --key's place when neither --key nor verify.key is given.
 * Under a .bulkhead.yaml policy whose signature-keys cover the image's
 * name, the image is verified with that key (loaded once, with the
 * configuration) as `bulkhead verify` does (src/image/img_sign.c) and the
 * verdict goes to BH6005 (src/rules/rules_policy.c); when it is the same
 * key as --key's, the one verdict feeds both BH4022 and BH6005
 * (struct bh_sig_verdict: each (image, key) is verified once).  An
 * entry may name keyless trust instead (trusted root, identity, issuer:
 * loaded with the configuration too); its verdict is made the same way,
 * with img_sig_verify()'s keyless checks, and feeds BH6005 alone.
 * Tests: tests/suites/image.sh, tests/golden/image/ (policy-*: --key and
 * signature-keys together),
 * tests/cases/cli/image-foreign-db.case, tests/suites/signing.sh (BH6005).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../core/config.h"
#include "../core/scan.h"
#include "../image/img_attest.h"
#include "../image/img_keyless.h"
#include "../image/img_model.h"
#include "../image/img_sign.h"
#include "../report/writer.h"
#include "../rules/policy.h"
#include "../rules/rule.h"
#include "../util/arena.h"
#include "../sbom/sbom_image.h"
#include "../vuln/match.h"
#include "cli_common.h"
#include "commands.h"
#include "vuln_run.h"

struct image_opts {
	struct cli_opts cli;         /* the options image shares */
	const char *platform;
	const char *ref;
	const char *db;
	bool no_progress;
	const char *key;             /* --key: signatures and attestations */
	/* verify.keyless instead (no --key, verify.key): the same checks
	 * under keyless trust */
	const struct bh_policy_key *keyless;
	bool require_sbom;
	const char *builders[BH_TRUST_MAX_BUILDERS];   /* --trusted-builder */
	size_t nbuilders;
};

#define IMAGE_GROUPS (CLI_REPORT | CLI_CONFIG | CLI_ENABLE)

static void image_usage(FILE *out)
{
	fprintf(out,
		"usage: bulkhead image [options] IMAGE\n"
		"  IMAGE is a `docker save` tarball, an OCI image layout (directory\n"
		"  or tar, optionally gzip/zstd compressed), or - for a tar on\n"
		"  standard input.  PATH:TAG picks a tag when the input holds several.\n\n"
		"options:\n"
		"  --platform OS/ARCH[/VAR]   image of a multi-platform index\n"
		"                             (default linux/amd64, else the first)\n"
		"  --ref TAG                  tag / ref name to audit\n"
		"  --no-progress              no progress bar on stderr\n"
		"  --db FILE                  vulnerability database (default\n"
		"                             that of bulkhead vuln): when there is\n"
		"                             one, vulnerable packages are findings\n"
		"  --key FILE                 PEM public key: an image without a cosign\n"
		"                             signature verifying under it is a finding\n"
		"                             (BH4022); its attestations are read too\n"
		"  --require-sbom             with --key: no verified SBOM attestation is\n"
		"                             a finding (BH4023)\n"
		"  --trusted-builder ID       with --key: SLSA provenance naming another\n"
		"                             builder is a finding (BH4024; repeatable)\n");
	cli_print_options(out, IMAGE_GROUPS);
}

static int usage_error(const char *fmt, const char *arg)
{
	return cli_usage_error("image", fmt, arg);
}

/* ---- progress bar ----------------------------------------------------- */

struct bar {
	bool on, drawn;
	struct timespec last;
};

static void draw(void *ctx, size_t layer, size_t nlayers, uint64_t done,
		 uint64_t total)
{
	struct bar *b = ctx;
	if (!b->on || total < ((uint64_t)64 << 20))
		return; /* small images finish before a bar helps */
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long ms = (now.tv_sec - b->last.tv_sec) * 1000 +
		  (now.tv_nsec - b->last.tv_nsec) / 1000000;
	if (b->drawn && ms < 150)
		return;
	b->last = now;
	int width = 30, fill = total ? (int)(done * (uint64_t)width / total) : 0;
	if (fill > width)
		fill = width;
	fprintf(stderr, "\r[%.*s%*s] layer %zu/%zu  %llu/%llu MiB ", fill,
		"##############################", width - fill, "", layer, nlayers,
		(unsigned long long)(done >> 20), (unsigned long long)(total >> 20));
	b->drawn = true;
}

static void bar_clear(struct bar *b)
{
	if (b->drawn)
		fprintf(stderr, "\r%70s\r", "");
}

/* ---- options ------------------------------------------------------------ */

enum { OPT_PLATFORM = CLI_OPT__END, OPT_REF, OPT_NO_PROGRESS, OPT_DB,
       OPT_KEY, OPT_REQUIRE_SBOM, OPT_TRUSTED_BUILDER };

static const struct option image_opts_own[] = {
	{ "key", required_argument, NULL, OPT_KEY },
	{ "require-sbom", no_argument, NULL, OPT_REQUIRE_SBOM },
	{ "trusted-builder", required_argument, NULL, OPT_TRUSTED_BUILDER },
	{ "platform", required_argument, NULL, OPT_PLATFORM },
	{ "ref", required_argument, NULL, OPT_REF },
	{ "no-progress", no_argument, NULL, OPT_NO_PROGRESS },
	{ "db", required_argument, NULL, OPT_DB },
	{ NULL, 0, NULL, 0 },
};

static bool platform_ok(const char *p)
{
	const char *s = strchr(p, '/');
	return s && s != p && s[1] && s[1] != '/' && strlen(p) < 64;
}

/* image's own options; -1 = go on, else the exit code. */
static int image_option(void *ud, int c, const char *arg)
{
	struct image_opts *o = ud;
	switch (c) {
	case OPT_PLATFORM:
		if (!platform_ok(arg))
			return usage_error("bad platform '%s' (want os/arch[/variant])",
					   arg);
		o->platform = arg;
		return -1;
	case OPT_REF:
		o->ref = arg;
		return -1;
	case OPT_NO_PROGRESS:
		o->no_progress = true;
		return -1;
	case OPT_DB:
		o->db = arg;
		return -1;
	case OPT_KEY:
		o->key = arg;
		return -1;
	case OPT_REQUIRE_SBOM:
		o->require_sbom = true;
		return -1;
	case OPT_TRUSTED_BUILDER:
		if (o->nbuilders >= BH_TRUST_MAX_BUILDERS)
			return usage_error("more than 16 --trusted-builder options%s", "");
		o->builders[o->nbuilders++] = arg;
		return -1;
	default:
		return usage_error("unknown option '%s'", arg);
	}
}

/* The image's vulnerable packages when a database is there (--db, else
 * bulkhead vuln's default path): 0 with ir and res filled; else 1 with
 * the report's note (no database, an image on standard input, which is
 * read once, or what went wrong reading the image); 2 with the one-line
 * cause when the database failed while read (an input error). */
static int vulns_of(const struct image_opts *o, const char *path,
		    struct sbom_image_run *ir, struct vuln_result *res,
		    char *note, size_t size)
{
	char dbp[4200], msg[900];
	const char *db = o->db;
	if (!db && vuln_db_default_path(dbp, sizeof(dbp)) == 0)
		db = dbp;
	if (!db || !vuln_db_exists(db)) {
		snprintf(note, size, "vulnerabilities not checked: no vulnerability "
			 "database (bulkhead db import makes one)");
		return 1;
	}
	if (!strcmp(path, "-")) {
		snprintf(note, size, "vulnerabilities not checked: an image on "
			 "standard input is read once (name its file)");
		return 1;
	}
	struct diag d;
	diag_init(&d, path);
	if (sbom_image(path, ir, &d) != 0) {
		diag_format(&d, msg, sizeof(msg));
		snprintf(note, size, "vulnerabilities not checked: %s", msg);
		return 1;
	}
	sbom_list_sort(&ir->pkgs);
	if (vuln_run_match(db, &ir->pkgs, res, msg, sizeof(msg), NULL) != 0) {
		/* the database failed while read: an input error, as when
		 * it cannot be opened (cmd_image) */
		snprintf(note, size, "%s", msg);
		return 2;
	}
	return 0;
}

/* Whether a cosign signature stored with image "m" verifies under "key":
 * the check of `bulkhead verify` (img_sig_verify()), once per (image,
 * key).  0 with the verdict in "v"; 2 with the one-line cause in "err"
 * when the image's signatures cannot be read (an input error). */
static int sig_verdict(const struct img_model *m, const char *path,
		       const struct img_sig_key *key,
		       const struct img_kl_policy *kl, struct bh_sig_verdict *v,
		       char *err, size_t size)
{
	memset(v, 0, sizeof(*v));
	struct img_sig_opts so = { .key = key, .ref = m->ref, .keyless = kl };
	struct img_sig_result *sr = calloc(1, sizeof(*sr));
	if (!sr) {
		snprintf(err, size, "out of memory");
		return 2;
	}
	struct diag d;
	diag_init(&d, path);
	int rc = 0;
	if (img_sig_verify(path, &so, sr, &d) != 0) {
		diag_escape(err, size, d.message);
		rc = 2;
	} else {
		v->verified = sr->status == IMG_SIG_VERIFIED;
		snprintf(v->reason, sizeof(v->reason), "%s", sr->reason);
	}
	free(sr);
	return rc;
}

/* The signature and attestation facts of BH4022-BH4024 under --key, its
 * key loaded into *kout (the caller frees it) and the signature's
 * verdict into "v": 0, or 2 with the one-line cause in "err" (an input
 * error). */
static int trust_of(const struct image_opts *o, const struct img_model *m,
		    struct bh_image_trust *t, struct bh_sig_verdict *v,
		    struct img_sig_key **kout, char *err, size_t size)
{
	memset(t, 0, sizeof(*t));
	t->key = o->key ? o->key : o->keyless->desc;
	t->keyless = !o->key;
	t->sig = v;
	t->want_sbom = o->require_sbom;
	t->trusted_builders = o->builders;
	t->ntrusted = o->nbuilders;
	struct diag d;
	diag_init(&d, NULL);
	struct img_sig_key *k = NULL;
	struct img_kl_policy kl = { NULL, NULL, NULL, NULL, false };
	if (!o->key) {
		kl.root = o->keyless->root;
		kl.identity = o->keyless->identity;
		kl.identity_re = o->keyless->identity_re;
		kl.issuer = o->keyless->issuer;
	} else if (img_sig_key_load(o->key, false, &k, &d) != 0) {
		diag_escape(err, size, d.message);
		return 2;
	}
	*kout = k;
	const char *src = m->source;
	if (sig_verdict(m, src, k, o->key ? NULL : &kl, v, err, size) != 0)
		return 2;
	struct img_att_opts ao = { k, m->ref, o->key ? NULL : &kl };
	struct img_att_result *ar = calloc(1, sizeof(*ar));
	int rc = ar ? 0 : 2;
	if (!rc && img_att_verify(src, &ao, ar, &d) != 0)
		rc = 2;
	if (rc) {
		diag_escape(err, size, ar ? d.message : "out of memory");
	} else {
		for (size_t i = 0; i < ar->n; i++) {
			const struct img_att_item *it = &ar->items[i];
			if (it->status != IMG_ATT_VERIFIED)
				continue;
			if (!strcmp(it->predicate_type, IMG_ATT_SPDX) ||
			    !strcmp(it->predicate_type, IMG_ATT_CYCLONEDX))
				t->sbom_ok = true;
			bool dup = false;
			for (size_t b = 0; b < t->nbuilders; b++)
				dup = dup || !strcmp(t->builders[b], it->builder_id);
			if (it->builder_id[0] && !dup &&
			    t->nbuilders < BH_TRUST_MAX_BUILDERS)
				snprintf(t->builders[t->nbuilders++], 256, "%s",
					 it->builder_id);
		}
	}
	free(ar);
	return rc;
}

/* The policy's signature verdict for image "m" read from "path" (its
 * PATH part), or NULL when no signature-keys entry covers its name.  The
 * entry's key is the one loaded with the configuration; when it is the
 * same key as --key's ("tkey", verdict "tv" already made) that verdict is
 * shared, not made again.  Else the verdict goes to "own".  Strings of
 * "f" borrow from cfg, m and a. */
static const struct bh_sig_fact *policy_signature(const struct bh_config *cfg,
						  const struct img_model *m,
						  const char *path,
						  struct arena *a,
						  const struct img_sig_key *tkey,
						  const struct bh_sig_verdict *tv,
						  struct bh_sig_fact *f,
						  struct bh_sig_verdict *own)
{
	const char *name = NULL;
	const struct bh_policy_key *k =
		bh_policy_image_key(&cfg->policy, m, a, &name);
	if (!k)
		return NULL;
	memset(f, 0, sizeof(*f));
	memset(own, 0, sizeof(*own));
	f->name = name;
	f->registry = k->registry;
	f->key = k->desc ? k->desc : k->path;
	f->sig = own;
	if (!strcmp(path, "-")) {
		snprintf(own->reason, sizeof(own->reason), "the image was read "
			 "from standard input, where its signature cannot be "
			 "looked for");
		return f;
	}
	if (k->root) {      /* keyless: never the same trust as --key's */
		struct img_kl_policy kl = { k->root, k->identity,
					    k->identity_re, k->issuer, false };
		char err[sizeof(own->reason)];
		if (sig_verdict(m, path, NULL, &kl, own, err, sizeof(err)) != 0)
			snprintf(own->reason, sizeof(own->reason), "%s", err);
		return f;
	}
	if (!k->loaded) {   /* the loader keeps every key it accepts */
		snprintf(own->reason, sizeof(own->reason), "the key was not "
			 "loaded");
		return f;
	}
	if (tv && img_sig_key_same(k->loaded, tkey)) {
		f->sig = tv;
		return f;
	}
	char err[sizeof(own->reason)];
	if (sig_verdict(m, path, k->loaded, NULL, own, err, sizeof(err)) != 0)
		snprintf(own->reason, sizeof(own->reason), "%s", err);
	return f;
}

int cmd_image(int argc, char **argv)
{
	struct image_opts o = { 0 };
	cli_opts_init(&o.cli, "image", IMAGE_GROUPS, image_opts_own, NULL);
	struct bh_config cfg;
	bh_config_init(&cfg);
	int rc = cli_parse(&o.cli, argc, argv, image_option, &o, image_usage);
	if (rc < 0 && optind != argc - 1)
		rc = usage_error("%s", optind >= argc ? "no IMAGE given"
						    : "one IMAGE at a time");
	if (rc < 0) {
		const char *in[] = { argv[optind], o.db };
		rc = cli_output_is_input("image", o.cli.output, in, 2);
	}
	if (rc < 0)
		rc = cli_load_config(&o.cli, &cfg);
	/* the configuration's verify: mapping, under the flags */
	if (rc < 0 && !o.key)
		o.key = cfg.verify_key;
	if (rc < 0 && cfg.verify_require_sbom)
		o.require_sbom = true;
	for (size_t i = 0; rc < 0 && !o.nbuilders && i < cfg.trusted_builders.n &&
	     i < BH_TRUST_MAX_BUILDERS; i++)
		o.builders[i] = cfg.trusted_builders.v[i];
	if (rc < 0 && !o.nbuilders)
		o.nbuilders = cfg.trusted_builders.n < BH_TRUST_MAX_BUILDERS
			      ? cfg.trusted_builders.n : BH_TRUST_MAX_BUILDERS;
	if (rc < 0 && !o.key)
		o.keyless = cfg.verify_keyless;
	if (rc < 0 && !o.key && !o.keyless && (o.require_sbom || o.nbuilders))
		rc = usage_error("--require-sbom and --trusted-builder (verify.* "
				 "in the configuration) go with --key or "
				 "verify.key%s", "");
	if (rc < 0 && (o.key || o.keyless) && !strcmp(argv[optind], "-"))
		rc = usage_error("--key reads the signatures stored with the image: "
				 "name its file, not standard input%s", "");
	if (rc >= 0) {
		bh_config_free(&cfg);
		cli_opts_free(&o.cli);
		return rc;
	}
	const char *path = argv[optind];
	if (o.db && !vuln_db_exists(o.db)) {
		char esc[4400];
		diag_escape(esc, sizeof(esc), o.db);
		fprintf(stderr, "bulkhead: no vulnerability database at %s (run "
			"bulkhead db import)\n", esc);
		bh_config_free(&cfg);
		cli_opts_free(&o.cli);
		return 2;
	}
	/* a database that is there but cannot be read (truncated, foreign,
	 * another schema) is the same input error as a missing --db, not a
	 * note: the default one too, since it exists */
	{
		char dbp[4200], msg[1200];
		const char *db = o.db;
		if (!db && vuln_db_default_path(dbp, sizeof(dbp)) == 0 &&
		    vuln_db_exists(dbp))
			db = dbp;
		if (db && vuln_db_check(db, msg, sizeof(msg))) {
			fprintf(stderr, "bulkhead: %s\n", msg);
			bh_config_free(&cfg);
			cli_opts_free(&o.cli);
			return 2;
		}
	}
	struct sbom_image_run vi = { 0 };
	struct vuln_result vres = { 0 };
	struct vuln_image_report vrep = { &vi.pkgs, &vres };
	char note_buf[1024];
	const char *note = NULL;

	struct img_options io;
	img_options_default(&io);
	io.platform = o.platform;
	io.ref = o.ref;
	struct bar bar = { .on = !o.no_progress && isatty(STDERR_FILENO) };
	io.progress = draw;
	io.progress_ctx = &bar;

	struct img_model m;
	struct diag d;
	diag_init(&d, path);
	struct bh_findings findings = { 0 };
	struct rpt_input_error err = { 0 };
	char errline[1024];
	size_t nerr = 0;
	rc = img_load(&m, path, &io, &d);
	bar_clear(&bar);
	if (rc != 0) {
		diag_format(&d, errline, sizeof(errline));
		fprintf(stderr, "bulkhead: %s\n", errline);
		err.file = path;
		err.message = errline;
		nerr = 1;
	} else {
		struct arena scratch;
		arena_init(&scratch, (size_t)64 << 20);
		struct bh_check c = {
			/* the archive or directory (PATH of PATH:REF): what a
			 * SARIF location can point at */
			.file = m.source ? m.source : path,
			.arena = &scratch,
			.config = &cfg,
			.image = &m,
		};
		struct bh_image_trust trust;
		struct bh_sig_verdict tverdict;
		struct img_sig_key *tkey = NULL;
		if ((o.key || o.keyless) && !nerr) {
			if (trust_of(&o, &m, &trust, &tverdict, &tkey, errline,
				     sizeof(errline)) != 0) {
				fprintf(stderr, "bulkhead: %s\n", errline);
				err.file = path;
				err.message = errline;
				nerr = 1;
			} else {
				c.trust = &trust;
			}
		}
		int vrc = vulns_of(&o, path, &vi, &vres, note_buf, sizeof(note_buf));
		if (vrc == 0)
			c.vulns = &vrep;
		else if (vrc == 1)
			note = note_buf;
		else {
			snprintf(errline, sizeof(errline), "%s", note_buf);
			fprintf(stderr, "bulkhead: %s\n", errline);
			err.file = o.db ? o.db : path;
			err.message = errline;
			nerr = 1;
		}
		struct bh_sig_fact sigf;
		struct bh_sig_verdict pverdict;
		c.signature = policy_signature(&cfg, &m, m.source ? m.source
					       : path, &scratch, tkey,
					       c.trust ? &tverdict : NULL,
					       &sigf, &pverdict);
		/* the pipeline's check step: no file of an image holds
		 * pragmas, so every finding is kept */
		int crc = bh_scan_check(&c, BH_TARGET_IMAGE, NULL, 0,
					&findings, NULL);
		arena_free(&scratch);
		img_sig_key_free(tkey);
		if (crc) {
			snprintf(errline, sizeof(errline), "%s: out of memory while checking",
				 path);
			fprintf(stderr, "bulkhead: %s\n", errline);
			err.file = path;
			err.message = errline;
			nerr = 1;
		}
	}
	img_model_free(&m);

	cli_filter_severity(&findings, o.cli.severity_mask);
	bh_findings_sort(&findings);
	struct rpt_run run = {
		.findings = &findings,
		.files_scanned = nerr ? 0 : 1,
		.errors = nerr ? &err : NULL,
		.nerrors = nerr,
		.command = "image",
		.target = path,
		.note = note,
		.color = !o.cli.color_off && !o.cli.output &&
			 isatty(STDOUT_FILENO) && !getenv("NO_COLOR"),
	};
	rc = cli_apply_baseline(&o.cli, &findings) >= 0 ? 2 : 0;
	if (rc || cli_write_report(o.cli.format, o.cli.output, &run) != 0 || nerr)
		rc = 2;
	else
		rc = cli_findings_exit(&o.cli, &findings);
	bh_findings_free(&findings);
	vuln_result_free(&vres);
	sbom_image_free(&vi);
	bh_config_free(&cfg);
	cli_opts_free(&o.cli);
	return rc;
}
