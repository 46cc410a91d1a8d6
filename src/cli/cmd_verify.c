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
 * Tests: tests/suites/signing.sh.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "../image/img_sign.h"
#include "../util/diag.h"
#include "commands.h"

#define MAX_CLAIMS 64

static void verify_usage(FILE *out)
{
	fprintf(out,
		"usage: bulkhead verify IMAGE --key KEY.pub [options]\n"
		"  IMAGE is an OCI image layout (directory or tar) or a docker-archive\n"
		"  with index.json; the cosign signatures stored with it are checked.\n\n"
		"options:\n"
		"  --key FILE            PEM public key (ECDSA P-256/P-384, RSA, Ed25519)\n"
		"  -a, --annotation K=V  the signed payload's \"optional\" must hold K=V\n"
		"                        (repeatable)\n"
		"  --ref NAME            the image of that ref name in index.json\n"
		"  -q, --quiet           print only the verdict line\n"
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

static int usage_error(const char *msg, const char *arg)
{
	fprintf(stderr, "bulkhead verify: %s%s%s\n", msg, arg ? " " : "",
		arg ? arg : "");
	fprintf(stderr, "Run 'bulkhead verify --help' for usage.\n");
	return 2;
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

int cmd_verify(int argc, char **argv)
{
	const char *image = NULL, *keyfile = NULL, *ref = NULL;
	struct img_sig_claim claims[MAX_CLAIMS];
	size_t nclaims = 0;
	bool quiet = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			verify_usage(stdout);
			return 0;
		} else if (strcmp(a, "--key") == 0 || strcmp(a, "--ref") == 0 ||
			   strcmp(a, "--annotation") == 0 || strcmp(a, "-a") == 0) {
			if (i + 1 >= argc)
				return usage_error("missing value after", a);
			char *v = argv[++i];
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
	if (!keyfile)
		return usage_error("--key KEY.pub is required (keyless verification "
				   "is not supported)", NULL);
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
	if (img_sig_key_load(keyfile, false, &key, &d) != 0)
		return fail(&d);
	struct img_sig_opts o = { key, claims, nclaims, ref };
	struct img_sig_result r;
	int rc = img_sig_verify(image, &o, &r, &d);
	img_sig_key_free(key);
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
