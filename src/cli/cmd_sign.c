/* SPDX-License-Identifier: Apache-2.0
 *
 * cmd_sign.c - `bulkhead sign LAYOUT --key KEY.pem [--form tag|referrer]
 * [--annotation k=v]`: sign the image of an OCI layout directory with a
 * PKCS#8 PEM private key and store the cosign signature in the layout
 * (tag form sha256-<hex>.sig, or the OCI 1.1 referrers form).
 *
 * This file owns the command line only; signing and the atomic writes
 * are src/image/img_sign.c.  With --attest PREDICATE.json [--type T] it
 * writes an in-toto attestation of that predicate instead (img_att_sign).
 * Exit 0 signed (stdout names the signature
 * manifest), 2 usage or input error (one "bulkhead: ..." line).
 * Tests: tests/suites/signing.sh, tests/suites/attest.sh.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../image/img_attest.h"
#include "../image/img_sign.h"
#include "../util/diag.h"
#include "../util/io.h"
#include "cli_common.h"
#include "commands.h"

#define MAX_CLAIMS 64

int cli_sig_claim(char *arg, struct img_sig_claim *c);   /* cmd_verify.c */

static void sign_usage(FILE *out)
{
	fprintf(out,
		"usage: bulkhead sign LAYOUT --key KEY.pem [options]\n"
		"  LAYOUT is an OCI image layout directory; the signature is written\n"
		"  into it as cosign would store it.\n\n"
		"options:\n"
		"  --key FILE            PKCS#8 PEM private key, unencrypted (ECDSA\n"
		"                        P-256/P-384, RSA, Ed25519)\n"
		"  --form tag|referrer   tag sha256-<hex>.sig (default) or an OCI 1.1\n"
		"                        referrer (subject + artifactType)\n"
		"  -a, --annotation K=V  add K=V to the payload's \"optional\" (repeatable)\n"
		"  --rsa-pss             RSA keys: PSS padding (default PKCS#1 v1.5)\n"
		"  --ref NAME            the image of that ref name in index.json\n"
		"  --attest FILE         write an in-toto attestation instead: FILE is the\n"
		"                        predicate (a JSON object), signed in a DSSE\n"
		"                        envelope (tag sha256-<hex>.att or a referrer)\n"
		"  --type T              its predicate type: slsaprovenance (v0.2),\n"
		"                        slsaprovenance1, spdx, cyclonedx, link, vuln,\n"
		"                        custom (default), openvex, or a URI\n"
		"exit: 0 signed, 2 usage or input error\n");
}

/* One line, as every command's usage error (cli_usage_error()). */
static int usage_error(const char *msg, const char *arg)
{
	char fmt[256];
	snprintf(fmt, sizeof(fmt), "%s%s", msg, arg ? " %s" : "");
	return cli_usage_error("sign", fmt, arg ? arg : "");
}

/* The long options that take a value, and the ones that take none
 * ("--name=value" of one of those is a usage error). */
static const char *const value_opts[] = { "--attest", "--type", "--key", "--ref", "--form", "--annotation", NULL };
static const char *const flag_opts[] = { "--help", "--rsa-pss", NULL };

int cmd_sign(int argc, char **argv)
{
	const char *image = NULL, *keyfile = NULL, *ref = NULL;
	struct img_sig_claim claims[MAX_CLAIMS];
	size_t nclaims = 0;
	bool referrer = false, pss = false;
	const char *attest = NULL, *ptype = NULL;
	for (int i = 1; i < argc; i++) {
		/* --name=value, as every other command takes it */
		char name[64], *inl;
		const char *a;
		const char *bad = cli_opt_inline(argv[i], name, sizeof(name),
						 value_opts, flag_opts, &a, &inl);
		if (bad)
			return usage_error(bad, argv[i]);
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			sign_usage(stdout);
			return 0;
		} else if (strcmp(a, "--attest") == 0 || strcmp(a, "--type") == 0) {
			if (!inl && i + 1 >= argc)
				return usage_error("missing value after", a);
			const char *v = inl ? inl : argv[++i];
			if (strcmp(a, "--attest") == 0)
				attest = v;
			else if (!(ptype = img_att_type_uri(v)))
				return usage_error("--type wants slsaprovenance, "
						   "slsaprovenance1, spdx, cyclonedx, link, "
						   "vuln, custom, openvex or a URI, got", v);
		} else if (strcmp(a, "--key") == 0 || strcmp(a, "--ref") == 0 ||
			   strcmp(a, "--form") == 0 ||
			   strcmp(a, "--annotation") == 0 || strcmp(a, "-a") == 0) {
			if (!inl && i + 1 >= argc)
				return usage_error("missing value after", a);
			char *v = inl ? inl : argv[++i];
			if (strcmp(a, "--key") == 0)
				keyfile = v;
			else if (strcmp(a, "--ref") == 0)
				ref = v;
			else if (strcmp(a, "--form") == 0) {
				if (strcmp(v, "tag") == 0)
					referrer = false;
				else if (strcmp(v, "referrer") == 0)
					referrer = true;
				else
					return usage_error("--form wants tag or referrer, got", v);
			} else if (nclaims >= MAX_CLAIMS)
				return usage_error("too many --annotation options", NULL);
			else if (cli_sig_claim(v, &claims[nclaims++]) != 0)
				return usage_error("--annotation wants KEY=VALUE, got", v);
		} else if (strcmp(a, "--rsa-pss") == 0) {
			pss = true;
		} else if (a[0] == '-' && a[1]) {
			return usage_error("unknown option", a);
		} else if (image) {
			return usage_error("one LAYOUT only, extra", a);
		} else {
			image = a;
		}
	}
	if (!image)
		return usage_error("no LAYOUT given", NULL);
	if (!keyfile)
		return usage_error("--key KEY.pem is required", NULL);
	if (ptype && !attest)
		return usage_error("--type goes with --attest", NULL);
	if (attest && nclaims)
		return usage_error("--annotation goes into signatures, not "
				   "attestations", NULL);
	struct diag d;
	diag_init(&d, NULL);
	struct img_sig_key *key = NULL;
	char line[1024];
	if (attest) {
		char *pred = NULL;
		size_t plen = 0;
		struct diag fd;
		diag_init(&fd, attest);
		if (io_read_file(attest, IMG_ATT_MAX_PREDICATE, &pred, &plen, &fd) != 0) {
			diag_format(&fd, line, sizeof(line));
			fprintf(stderr, "bulkhead: %s\n", line);
			return 2;
		}
		if (img_sig_key_load(keyfile, true, &key, &d) != 0) {
			free(pred);
			goto err;
		}
		if (!ptype)
			ptype = img_att_type_uri("custom");
		struct img_att_sign_opts ao = { key, referrer, pss, ref, pred, plen,
						ptype };
		char man[72], dg[72], kbuf[32];
		int rc = img_att_sign(image, &ao, man, dg, &d);
		snprintf(kbuf, sizeof(kbuf), "%s", img_sig_key_kind(key));
		img_sig_key_free(key);
		free(pred);
		if (rc != 0) {
			/* the predicate's own errors name no file: add it */
			if (strncmp(d.message, "the predicate", 13) == 0) {
				char m[2 * sizeof(d.message)];
				snprintf(m, sizeof(m), "%.300s: %.700s", attest,
					 d.message);
				snprintf(d.message, sizeof(d.message), "%.760s", m);
			}
			goto err;
		}
		printf("attested: %s %s with the %s key: %s attestation %s (%s)\n",
		       image, dg, kbuf, referrer ? "referrer" : "tag", man, ptype);
		return 0;
	}
	if (img_sig_key_load(keyfile, true, &key, &d) != 0)
		goto err;
	struct img_sign_opts o = { key, referrer, pss, claims, nclaims, ref };
	char sig[72], dg[72];
	int rc = img_sig_sign(image, &o, sig, dg, &d);
	const char *kind = img_sig_key_kind(key);
	char kbuf[32];
	snprintf(kbuf, sizeof(kbuf), "%s", kind);
	img_sig_key_free(key);
	if (rc != 0)
		goto err;
	printf("signed: %s %s with the %s key: %s signature %s\n", image, dg, kbuf,
	       referrer ? "referrer" : "tag", sig);
	return 0;
err:
	/* the messages name their file: no diag_format() "<input>:" */
	diag_escape(line, sizeof(line), d.message);
	fprintf(stderr, "bulkhead: %s\n", line);
	return 2;
}
