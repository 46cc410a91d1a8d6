/* SPDX-License-Identifier: Apache-2.0
 *
 * fuzz_bundle.c - libFuzzer target for the keyless readers of
 * src/image/img_keyless.h: the Sigstore trusted root reader
 * (img_kl_root_parse), the Rekor bundle reader (img_kl_bundle_parse) and
 * the Sigstore bundle file reader (img_kl_sbundle_parse), pure functions
 * over buffers with bounded size and depth.
 *
 * The whole input goes to the three readers.  When it holds the separator
 * "\n##\n" it is read as ROOT ## SIGSTORE-BUNDLE: the bundle is checked
 * with img_kl_check_sbundle() over a fixed artifact (its inclusion proof
 * and checkpoint included).  When it holds the separator
 * "\n@@\n" it is read as ROOT @@ BUNDLE [@@ CERT]: a root that parses is
 * used for img_kl_check() of a fixed artifact and signature with BUNDLE
 * as the bundle annotation and CERT (a PEM certificate, optional) as the
 * certificate annotation, so the SET, chain, identity, issuer and body
 * checks run over hostile data; then img_kl_check_dsse() with the same
 * bundle and certificate over a fixed envelope (the intoto body reader),
 * and the root's ctlogs / timestampAuthorities readers with the SCT
 * check of the certificate.  Seeds: fuzz/corpus/bundle/ (the staging
 * trusted root, Rekor bundle and Sigstore bundle of tests/data/sigstore,
 * joined as above with the published certificate / artifact's bundle,
 * regress-root-mediatype-uaf, the input that found a use-after-free,
 * root-sigstore-bundle-tsa: the staging root plus a test TSA and the
 * published bundle stamped by it, root-sigstore-bundle-rekor-v2{,-sha384,
 * -dsse,-ed25519}: a test root and a Rekor v2 bundle over bundle.txt
 * (made by keyless.sh's mkv2.py with a P-384 leaf for the fuzz policy's
 * issuer) that verifies whole: hashedrekord 0.0.2 with SHA2_256 or
 * SHA2_384, dsse 0.0.2, a checkpoint by an Ed25519 log key (origin and
 * key hint read); root-sigstore-bundle-v1-sha512: a Rekor v1 hashedrekord
 * 0.0.1 bundle with a SHA2_512 digest; root-ctlog-window-sigstore-bundle:
 * a root whose CT log window is closed;
 * root-sigstore-bundle-rekor-v2-witnesses: the Ed25519 one with the log
 * listed three times (another baseUrl, a closed window, the original)
 * and witness lines before a doubled log line (tlog selection from the
 * checkpoint, note_by_key); root-conformance-dsse-witnessed:
 * sigstore-conformance's rekor2-dsse-happy-path with its root (a
 * hashedrekord 0.0.2 entry over a DSSE PAE, three witness cosignatures);
 * dsse-bundle.json and root-dsse-bundle: a DSSE bundle with a Rekor dsse
 * 0.0.1 entry (certificate as "verifier") made by tests/suites/keyless.sh,
 * alone and after its test root, where the fixed artifact is not its
 * subject; root-conformance-intoto: sigstore-conformance's
 * intoto-with-custom-trust-root (a Rekor v1 intoto 0.0.2 entry) with its
 * root, checked whole over its subject d.txt (a DSSE bundle after "##" is
 * also checked over d.txt with that suite's issuer);
 * root-conformance-end-null: its trust-root-tlog-validity-end-inclusive
 * root ("end": null windows, a log window ending at the integrated time)
 * with happy-path-v0.1's bundle);
 * dictionary fuzz/bundle.dict.  Built by fuzz/run.sh.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "image/img_keyless.h"
#include "util/diag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SEP "\n@@\n"

static const char *find(const char *p, size_t n, const char *s)
{
	size_t k = strlen(s);
	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(p + i, s, k) == 0)
			return p + i;
	return NULL;
}

static char *dupn(const char *p, size_t n)
{
	char *s = malloc(n + 1);
	if (!s)
		abort();
	memcpy(s, p, n);
	s[n] = 0;
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;
	struct diag d;
	diag_init(&d, NULL);
	struct img_kl_root *r = NULL;
	if (img_kl_root_parse(in, size, "fuzz", &r, &d) == 0) {
		if (img_kl_root_ncas(r) == 0 || img_kl_root_ntlogs(r) == 0)
			abort();
		img_kl_root_free(r);
		r = NULL;
	}
	struct img_kl_bundle b;
	diag_init(&d, NULL);
	if (img_kl_bundle_parse(in, size, &b, &d) == 0) {
		if (strlen(b.log_id) != 64 || b.integrated_time < 0 || !b.body)
			abort();
		img_kl_bundle_clear(&b);
	}
	struct img_kl_sbundle *sb = calloc(1, sizeof(*sb));
	if (!sb)
		abort();
	diag_init(&d, NULL);
	if (img_kl_sbundle_parse(in, size, "fuzz", sb, &d) == 0) {
		if (!sb->cert_pem || !sb->sig_b64 || sb->nhashes > IMG_KL_MAX_PROOF ||
		    (sb->dsse && (!sb->pae || sb->paelen < 8 || sb->digestlen)))
			abort();
		img_kl_sbundle_clear(sb);
	}
	free(sb);
	const char *h1 = find(in, size, "\n##\n");
	if (h1) {
		diag_init(&d, NULL);
		if (img_kl_root_parse(in, (size_t)(h1 - in), "fuzz", &r, &d) != 0)
			return 0;
		sb = calloc(1, sizeof(*sb));
		if (!sb)
			abort();
		diag_init(&d, NULL);
		if (img_kl_sbundle_parse(h1 + 4, size - (size_t)(h1 + 4 - in), "fuzz",
					 sb, &d) == 0) {
			struct img_kl_policy sp = { r, NULL, ".*",
						    "https://github.com/login/oauth",
						    true };
			/* tests/data/sigstore/bundle.txt, the seed's artifact */
			static const char txt[] = "DO NOT MODIFY ME!\n\nthis is "
				"\"bundle.txt\", a sample input for sigstore-python's "
				"unit tests.\n\nDO NOT MODIFY ME!\n";
			char w[400], sc[400];
			w[0] = 0;
			if (!img_kl_check_sbundle(&sp, txt, sizeof(txt) - 1, sb, w,
						  sizeof(w), sc, sizeof(sc)) && !w[0])
				abort();
			/* a DSSE bundle once more over sigstore-conformance's
			 * d.txt, the subject of its intoto seed, with that
			 * suite's issuer: the whole check reaches the entry body */
			static const char dtxt[] = "DO NOT MODIFY ME!\n\nthis is "
				"\"d.txt\", a sample input for sigstore-conformance's "
				"test suite.\n\nDO NOT MODIFY ME!\n";
			struct img_kl_policy dp = { r, NULL, ".*",
				"https://token.actions.githubusercontent.com", false };
			w[0] = 0;
			if (sb->dsse && !img_kl_check_sbundle(&dp, dtxt, sizeof(dtxt) - 1,
							      sb, w, sizeof(w), sc,
							      sizeof(sc)) && !w[0])
				abort();
			img_kl_sbundle_clear(sb);
		}
		free(sb);
		img_kl_root_free(r);
		return 0;
	}
	const char *s1 = find(in, size, SEP);
	if (!s1)
		return 0;
	const char *rest = s1 + 4;
	size_t rn = size - (size_t)(rest - in);
	const char *s2 = find(rest, rn, SEP);
	size_t bn = s2 ? (size_t)(s2 - rest) : rn;
	diag_init(&d, NULL);
	if (img_kl_root_parse(in, (size_t)(s1 - in), "fuzz", &r, &d) != 0)
		return 0;
	char *bundle = dupn(rest, bn);
	char *cert = s2 ? dupn(s2 + 4, rn - bn - 4) : NULL;
	struct img_kl_policy p = { r, "william@yossarian.net", NULL,
				   "https://github.com/login/oauth", false };
	static const char art[] = "DO NOT MODIFY ME!\n";
	char why[400], scheme[300];
	bool ok = img_kl_check(&p, art, sizeof(art) - 1,
			       "MEUCIQCjDatq0XZeZDd0KO8rqgAEdoHAyzXREh7vzeSBLcQGdwIg",
			       cert, NULL, bundle, NULL, why, sizeof(why), scheme,
			       sizeof(scheme));
	if (!ok && !why[0])
		abort();
	/* the same bundle and certificate as a keyless attestation's: the
	 * intoto body reader runs over the fuzzed body */
	static const char env[] = "{\"payloadType\":\"application/vnd.in-toto+json\","
		"\"payload\":\"e30=\",\"signatures\":[{\"sig\":\"MEUCIQCjDatq\"}]}";
	static const char pae[] = "DSSEv1 28 application/vnd.in-toto+json 2 {}";
	const char *sigs[1] = { "MEUCIQCjDatq0XZeZDd0KO8rqgAEdoHAyzXREh7vzeSBLcQGdwIg" };
	why[0] = 0;
	ok = img_kl_check_dsse(&p, env, sizeof(env) - 1, pae, sizeof(pae) - 1,
			       sigs, 1, cert, NULL, bundle, NULL, why, sizeof(why),
			       scheme, sizeof(scheme));
	if (!ok && !why[0])
		abort();
	free(bundle);
	free(cert);
	img_kl_root_free(r);
	return 0;
}
