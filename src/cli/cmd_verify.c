/* SPDX-License-Identifier: Apache-2.0
 *
 * cmd_verify.c - `bulkhead verify IMAGE --key KEY.pub [--annotation k=v]`:
 * check the cosign signatures stored with an image (OCI layout directory
 * or tar, Docker 25+ docker-archive) against a PEM public key.
 *
 * This file owns the command line and the output only; reading and
 * checking is src/image/img_sign.c.  Exit 0 verified (stdout names the
 * signature that verified), 1 not verified (stdout: "not verified: " and
 * the reason - no signature, bad signature, digest mismatch or annotation
 * mismatch - then one line per signature looked at), 2 usage or input
 * error (one "bulkhead: ..." line on stderr naming the file).
 * With --attestations it checks the image's in-toto attestations instead
 * (img_att_verify: each must verify under the key and name the image;
 * --require-predicate TYPE wants a verified one of that type) and prints
 * them as text or --format json; exit 0 when every one verified (and at
 * least one is there), 1 otherwise with the first reason.
 * Keyless (--trusted-root, --certificate-identity[-regexp],
 * --certificate-oidc-issuer): each signature's Fulcio certificate and
 * Rekor bundle annotations are checked offline (img_keyless.c) instead
 * of a key (with --attestations, each DSSE layer's; --insecure-ignore-tlog
 * lets an RFC 3161 timestamp stand in for a missing Rekor entry); the
 * same verdicts and exit codes.  `verify FILE --bundle B`
 * checks an artifact against a Sigstore bundle file the same way.
 * Tests: tests/suites/signing.sh, tests/suites/attest.sh,
 * tests/suites/keyless.sh.
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../image/img_attest.h"
#include "../image/img_keyless.h"
#include "../image/img_sign.h"
#include "../util/diag.h"
#include "../util/io.h"
#include "cli_common.h"
#include "commands.h"

#define MAX_CLAIMS 64

static void verify_usage(FILE *out)
{
	fprintf(out,
		"usage: bulkhead verify IMAGE --key KEY.pub [options]\n"
		"       bulkhead verify IMAGE --trusted-root FILE --certificate-identity ID\n"
		"                             --certificate-oidc-issuer URL [options]\n"
		"       bulkhead verify FILE --bundle BUNDLE.json --trusted-root FILE\n"
		"                             --certificate-identity ID --certificate-oidc-issuer URL\n"
		"  IMAGE is an OCI image layout (directory or tar) or a docker-archive\n"
		"  with index.json; the cosign signatures stored with it are checked.\n\n"
		"options:\n"
		"  --key FILE            PEM public key (ECDSA P-256/P-384, RSA, Ed25519)\n"
		"  --trusted-root FILE   keyless: a Sigstore trusted root (trusted_root.json);\n"
		"                        each signature's Fulcio certificate and Rekor bundle\n"
		"                        (cosign annotations) are checked offline against it\n"
		"  --certificate-identity ID\n"
		"                        keyless: the certificate's SAN (URI or email) is ID\n"
		"  --certificate-identity-regexp RE\n"
		"                        keyless: a SAN matches the PCRE2 pattern RE whole\n"
		"  --certificate-oidc-issuer URL\n"
		"                        keyless: the certificate's OIDC issuer is URL\n"
		"  --bundle FILE         keyless: a Sigstore bundle file (cosign sign-blob\n"
		"                        --new-bundle-format, sigstore-python; or a DSSE\n"
		"                        bundle of attest-blob) for the\n"
		"                        artifact named instead of IMAGE; inclusion proof\n"
		"                        and checkpoint checked when present\n"
		"  --insecure-ignore-tlog\n"
		"                        keyless: accept a signature without a Rekor entry\n"
		"                        when an RFC 3161 timestamp of a timestampAuthority\n"
		"                        of the root gives its time (no transparency)\n"
		"  -a, --annotation K=V  the signed payload's \"optional\" must hold K=V\n"
		"                        (repeatable)\n"
		"  --ref NAME            the image of that ref name in index.json\n"
		"  -q, --quiet           print only the verdict line\n"
		"  --attestations        check the in-toto attestations stored with the\n"
		"                        image instead of its signatures: each must verify\n"
		"                        under the key (or, with --trusted-root, the\n"
		"                        keyless policy) and name the image in its subject\n"
		"  --require-predicate T with --attestations: a verified attestation of\n"
		"                        type T (slsaprovenance, slsaprovenance1, spdx,\n"
		"                        cyclonedx, ... or a URI) must be there (repeatable)\n"
		"  --format text|json    with --attestations: the report format\n"
		"exit: 0 verified, 1 unsigned or not matching, 2 usage or input error\n");
}

/* The messages of img_sign.c name their file themselves: no
 * diag_format() "file:" prefix (it would print "<input>:"). */
static int fail(const struct diag *d)
{
	char line[4 * sizeof(d->message)];
	diag_escape(line, sizeof(line), d->message);
	fprintf(stderr, "bulkhead: %s\n", line);
	return 2;
}

/* One line, as every command's usage error (cli_usage_error()). */
static int usage_error(const char *msg, const char *arg)
{
	char fmt[256];
	snprintf(fmt, sizeof(fmt), "%s%s", msg, arg ? " %s" : "");
	return cli_usage_error("verify", fmt, arg ? arg : "");
}

/* "k=v" into a claim pointing into arg (the '=' replaced). */
int cli_sig_claim(char *arg, struct img_sig_claim *c);
int cli_sig_claim(char *arg, struct img_sig_claim *c)
{
	char *eq = strchr(arg, '=');
	if (!eq || eq == arg)
		return -1;
	*eq = 0;
	c->key = arg;
	c->value = eq + 1;
	return 0;
}

#define MAX_PREDS 16

static json_t *jstr_or_null(const char *s)
{
	json_t *j = s && *s ? json_string(s) : NULL;
	return j ? j : json_null();
}

/* `verify --attestations`: list, judge, print. */
static int verify_atts(const char *image, const struct img_sig_key *key,
		       const struct img_kl_policy *kl, const char *ref,
		       const char *const *preds, size_t npreds, bool json,
		       bool quiet)
{
	struct diag d;
	diag_init(&d, NULL);
	struct img_att_result *r = calloc(1, sizeof(*r));
	if (!r) {
		fprintf(stderr, "bulkhead: out of memory\n");
		return 2;
	}
	struct img_att_opts o = { key, ref, kl };
	int rc = img_att_verify(image, &o, r, &d);
	if (rc != 0) {
		free(r);
		return fail(&d);
	}
	char reason[600] = "";
	if (r->total == 0)
		snprintf(reason, sizeof(reason), "no attestation: no in-toto "
			 "attestation is stored with %s (looked for the tag "
			 "sha256-%.64s.att, OCI 1.1 referrers and cosign save "
			 "entries)", image, r->image_digest[0] ? r->image_digest + 7
			 : "<none: no index.json>");
	for (size_t i = 0; !reason[0] && i < r->n; i++)
		if (r->items[i].status != IMG_ATT_VERIFIED)
			snprintf(reason, sizeof(reason), "%s %s layer %zu: %s",
				 r->items[i].form, r->items[i].manifest,
				 r->items[i].layer, r->items[i].reason);
	if (!reason[0] && r->verified < r->total)
		snprintf(reason, sizeof(reason), "%zu of %zu attestations not "
			 "verified (past the %d listed)", r->total - r->verified,
			 r->total, IMG_ATT_MAX_LIST);
	for (size_t p = 0; !reason[0] && p < npreds; p++) {
		bool have = false;
		for (size_t i = 0; !have && i < r->n; i++)
			have = r->items[i].status == IMG_ATT_VERIFIED &&
			       strcmp(r->items[i].predicate_type, preds[p]) == 0;
		if (!have)
			snprintf(reason, sizeof(reason), "missing predicate: no "
				 "verified attestation of type %s", preds[p]);
	}
	bool ok = !reason[0];
	if (json) {
		json_t *root = json_object(), *arr = json_array();
		json_object_set_new(root, "image", json_string(image));
		json_object_set_new(root, "digest", jstr_or_null(r->image_digest));
		json_object_set_new(root, "verified", json_boolean(ok));
		json_object_set_new(root, "reason", jstr_or_null(reason));
		json_object_set_new(root, "total", json_integer((json_int_t)r->total));
		json_object_set_new(root, "verifiedCount",
				    json_integer((json_int_t)r->verified));
		for (size_t i = 0; i < r->n; i++) {
			const struct img_att_item *it = &r->items[i];
			json_t *a = json_object();
			const char *nm = img_att_predicate_name(it->predicate_type);
			json_object_set_new(a, "form", json_string(it->form));
			json_object_set_new(a, "manifest", json_string(it->manifest));
			json_object_set_new(a, "layer", json_integer((json_int_t)it->layer));
			json_object_set_new(a, "envelope", jstr_or_null(it->envelope));
			json_object_set_new(a, "predicateType",
					    jstr_or_null(it->predicate_type));
			json_object_set_new(a, "predicate", jstr_or_null(nm));
			json_object_set_new(a, "builderId", jstr_or_null(it->builder_id));
			json_object_set_new(a, "verified",
					    json_boolean(it->status == IMG_ATT_VERIFIED));
			json_object_set_new(a, "scheme", jstr_or_null(it->scheme));
			json_object_set_new(a, "reason", jstr_or_null(it->reason));
			json_array_append_new(arr, a);
		}
		json_object_set_new(root, "attestations", arr);
		char *t = json_dumps(root, JSON_INDENT(2) | JSON_ENSURE_ASCII);
		json_decref(root);
		if (t)
			printf("%s\n", t);
		free(t);
	} else {
		char vline[1400], vesc[4 * sizeof(vline)];
		if (ok)
			snprintf(vline, sizeof(vline), "verified: %s %s: %zu "
				 "attestation%s verified", image, r->image_digest,
				 r->verified, r->verified == 1 ? "" : "s");
		else
			snprintf(vline, sizeof(vline), "not verified: %s%s%s: %s",
				 image, r->image_digest[0] ? " " : "",
				 r->image_digest, reason);
		/* reasons quote the image's own strings: no control bytes */
		diag_escape(vesc, sizeof(vesc), vline);
		printf("%s\n", vesc);
		for (size_t i = 0; !quiet && i < r->n; i++) {
			const struct img_att_item *it = &r->items[i];
			const char *nm = img_att_predicate_name(it->predicate_type);
			char pt[400];
			if (!it->predicate_type[0])
				snprintf(pt, sizeof(pt), "predicate unknown");
			else if (nm)
				snprintf(pt, sizeof(pt), "%s (%s)", nm, it->predicate_type);
			else
				snprintf(pt, sizeof(pt), "%s", it->predicate_type);
			char line[1400];
			if (it->status == IMG_ATT_VERIFIED)
				snprintf(line, sizeof(line), "%s %s layer %zu: verified, "
					 "%s%s%s, %s", it->form, it->manifest, it->layer,
					 pt, it->builder_id[0] ? ", builder " : "",
					 it->builder_id, it->scheme ? it->scheme : "?");
			else
				snprintf(line, sizeof(line), "%s %s layer %zu: %s; %s",
					 it->form, it->manifest, it->layer, pt,
					 it->reason);
			char esc[4 * sizeof(line)];
			diag_escape(esc, sizeof(esc), line);
			printf("  %s\n", esc);
		}
	}
	free(r);
	return ok ? 0 : 1;
}

/* `verify FILE --bundle B`: the artifact's bytes against a Sigstore
 * bundle file.  Exit 0, 1, or 2 for an unreadable or malformed input. */
static int verify_bundle(const char *file, const char *bfile,
			 const struct img_kl_policy *kl, bool quiet)
{
	struct diag d, fd;
	diag_init(&d, NULL);
	diag_init(&fd, NULL);
	char *art = NULL, *bj = NULL;
	size_t alen = 0, blen = 0;
	if (io_read_file(file, BH_MAX_INPUT, &art, &alen, &fd) != 0) {
		diag_error(&d, fd.code, 0, 0, "cannot read %s: %s", file, fd.message);
		return fail(&d);
	}
	if (io_read_file(bfile, IMG_KL_MAX_SBUNDLE, &bj, &blen, &fd) != 0) {
		free(art);
		diag_error(&d, fd.code, 0, 0, "cannot read %s: %s", bfile, fd.message);
		return fail(&d);
	}
	struct img_kl_sbundle *b = calloc(1, sizeof(*b));
	int rc = b ? img_kl_sbundle_parse(bj, blen, bfile, b, &d)
		   : diag_error(&d, BH_ENOMEM, 0, 0, "out of memory");
	free(bj);
	if (rc != 0) {
		free(art);
		free(b);
		return fail(&d);
	}
	char why[400] = "", scheme[1024] = "";
	bool ok = img_kl_check_sbundle(kl, art, alen, b, why, sizeof(why), scheme,
				       sizeof(scheme));
	char line[1600], esc[4 * sizeof(line)];
	if (ok)
		snprintf(line, sizeof(line), "verified: %s: %s", file,
			 quiet ? "keyless signature" : scheme);
	else
		snprintf(line, sizeof(line), "not verified: %s: %s", file, why);
	diag_escape(esc, sizeof(esc), line);
	printf("%s\n", esc);
	img_kl_sbundle_clear(b);
	free(b);
	free(art);
	return ok ? 0 : 1;
}

/* The long options that take a value, and the ones that take none
 * ("--name=value" of one of those is a usage error). */
static const char *const value_opts[] = { "--require-predicate", "--format", "--trusted-root", "--bundle", "--certificate-identity", "--certificate-identity-regexp", "--certificate-oidc-issuer", "--key", "--ref", "--annotation", NULL };
static const char *const flag_opts[] = { "--help", "--attestations", "--insecure-ignore-tlog", "--quiet", NULL };

int cmd_verify(int argc, char **argv)
{
	const char *image = NULL, *keyfile = NULL, *ref = NULL, *rootfile = NULL;
	const char *bundlefile = NULL;
	struct img_kl_policy kl = { NULL, NULL, NULL, NULL, false };
	struct img_sig_claim claims[MAX_CLAIMS];
	size_t nclaims = 0;
	bool quiet = false, atts = false, json = false;
	const char *preds[MAX_PREDS];
	size_t npreds = 0;
	for (int i = 1; i < argc; i++) {
		/* --name=value, as every other command takes it */
		char name[64], *inl;
		const char *a;
		const char *bad = cli_opt_inline(argv[i], name, sizeof(name),
						 value_opts, flag_opts, &a, &inl);
		if (bad)
			return usage_error(bad, argv[i]);
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			verify_usage(stdout);
			return 0;
		} else if (strcmp(a, "--attestations") == 0) {
			atts = true;
		} else if (strcmp(a, "--insecure-ignore-tlog") == 0) {
			kl.ignore_tlog = true;
		} else if (strcmp(a, "--require-predicate") == 0 ||
			   strcmp(a, "--format") == 0) {
			if (!inl && i + 1 >= argc)
				return usage_error("missing value after", a);
			const char *v = inl ? inl : argv[++i];
			if (strcmp(a, "--format") == 0) {
				if (strcmp(v, "json") == 0)
					json = true;
				else if (strcmp(v, "text") == 0)
					json = false;
				else
					return usage_error("--format wants text or json, got", v);
			} else if (npreds >= MAX_PREDS) {
				return usage_error("too many --require-predicate options", NULL);
			} else if (!(preds[npreds++] = img_att_type_uri(v))) {
				return usage_error("--require-predicate wants a known type "
						   "(slsaprovenance, slsaprovenance1, spdx, "
						   "cyclonedx, link, vuln, custom, openvex) "
						   "or a URI, got", v);
			}
		} else if (strcmp(a, "--trusted-root") == 0 ||
			   strcmp(a, "--bundle") == 0 ||
			   strcmp(a, "--certificate-identity") == 0 ||
			   strcmp(a, "--certificate-identity-regexp") == 0 ||
			   strcmp(a, "--certificate-oidc-issuer") == 0) {
			if (!inl && i + 1 >= argc)
				return usage_error("missing value after", a);
			const char *v = inl ? inl : argv[++i];
			if (strcmp(a, "--trusted-root") == 0)
				rootfile = v;
			else if (strcmp(a, "--bundle") == 0)
				bundlefile = v;
			else if (strcmp(a, "--certificate-identity") == 0)
				kl.identity = v;
			else if (strcmp(a, "--certificate-identity-regexp") == 0)
				kl.identity_re = v;
			else
				kl.issuer = v;
		} else if (strcmp(a, "--key") == 0 || strcmp(a, "--ref") == 0 ||
			   strcmp(a, "--annotation") == 0 || strcmp(a, "-a") == 0) {
			if (!inl && i + 1 >= argc)
				return usage_error("missing value after", a);
			char *v = inl ? inl : argv[++i];
			if (strcmp(a, "--key") == 0)
				keyfile = v;
			else if (strcmp(a, "--ref") == 0)
				ref = v;
			else if (nclaims >= MAX_CLAIMS)
				return usage_error("too many --annotation options", NULL);
			else if (cli_sig_claim(v, &claims[nclaims++]) != 0)
				return usage_error("--annotation wants KEY=VALUE, got", v);
		} else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
			quiet = true;
		} else if (a[0] == '-' && a[1]) {
			return usage_error("unknown option", a);
		} else if (image) {
			return usage_error("one IMAGE only, extra", a);
		} else {
			image = a;
		}
	}
	if (!image)
		return usage_error("no IMAGE given", NULL);
	bool keyless = rootfile || kl.identity || kl.identity_re || kl.issuer ||
		       bundlefile || kl.ignore_tlog;
	if (keyless && keyfile)
		return usage_error("--key and the keyless options (--trusted-root, "
				   "--certificate-*) exclude each other", NULL);
	if (!keyfile && !keyless)
		return usage_error("--key KEY.pub or --trusted-root FILE (keyless) "
				   "is required", NULL);
	if (keyless) {
		if (!rootfile)
			return usage_error("keyless verification needs --trusted-root "
					   "FILE (there is no network access)", NULL);
		if (!kl.identity == !kl.identity_re)
			return usage_error("keyless verification needs one of "
					   "--certificate-identity and "
					   "--certificate-identity-regexp", NULL);
		if (!kl.issuer)
			return usage_error("keyless verification needs "
					   "--certificate-oidc-issuer", NULL);
		if (atts && bundlefile)
			return usage_error("--attestations checks images, not "
					   "--bundle artifacts", NULL);
		if (bundlefile && (nclaims || ref))
			return usage_error("--annotation and --ref check images, not "
					   "--bundle artifacts", NULL);
		char err[200];
		if (kl.identity_re && !img_kl_regex_ok(kl.identity_re, err, sizeof(err)))
			return usage_error("--certificate-identity-regexp is not a "
					   "PCRE2 pattern:", err);
	}
	if (!atts && (npreds || json))
		return usage_error("--require-predicate and --format go with "
				   "--attestations", NULL);
	if (atts && nclaims)
		return usage_error("--annotation checks signatures, not "
				   "attestations", NULL);
	struct diag d;
	diag_init(&d, NULL);
	/* the image first: "verify nope --key k.pub" names nope */
	struct stat st;
	if (stat(image, &st) != 0) {
		diag_error(&d, BH_EIO, 0, 0, "cannot open %s: %s", image,
			   strerror(errno));
		return fail(&d);
	}
	struct img_sig_key *key = NULL;
	struct img_kl_root *root = NULL;
	if (keyless) {
		if (img_kl_root_load(rootfile, &root, &d) != 0)
			return fail(&d);
		kl.root = root;
	} else if (img_sig_key_load(keyfile, false, &key, &d) != 0) {
		return fail(&d);
	}
	if (bundlefile) {
		int brc = verify_bundle(image, bundlefile, &kl, quiet);
		img_kl_root_free(root);
		return brc;
	}
	if (atts) {
		int arc = verify_atts(image, key, keyless ? &kl : NULL, ref, preds,
				      npreds, json, quiet);
		img_sig_key_free(key);
		img_kl_root_free(root);
		return arc;
	}
	struct img_sig_opts o = { key, claims, nclaims, ref, keyless ? &kl : NULL };
	struct img_sig_result r;
	int rc = img_sig_verify(image, &o, &r, &d);
	img_sig_key_free(key);
	img_kl_root_free(root);
	if (rc != 0)
		return fail(&d);
	if (r.status == IMG_SIG_VERIFIED)
		printf("verified: %s %s: %s signature %s (payload %s)\n", image,
		       r.image_digest, r.form, r.sig_manifest, r.payload);
	else
		printf("not verified: %s%s%s: %s\n", image, r.image_digest[0] ? " " : "",
		       r.image_digest, r.reason);
	if (!quiet)
		for (size_t i = 0; i < r.nlines; i++)
			printf("  %s\n", r.lines[i]);
	return r.status == IMG_SIG_VERIFIED ? 0 : 1;
}
