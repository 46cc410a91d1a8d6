/* SPDX-License-Identifier: Apache-2.0
 *
 * layout_fuzz.h - what the targets that assemble an OCI layout in memory
 * share (fuzz_sigpayload.c, fuzz_dsse.c): SHA-256 in hex (the fuzzer
 * cannot make blob names, so the target computes them), splitting the
 * input at "\n@@\n", and replacing placeholder words (PAYLOAD_DIGEST,
 * IMAGE_DIGEST, ...) by the digests.  Header-only, like sbom_fuzz.h
 * (run.sh builds each fuzz/fuzz_*.c alone); abort()s on allocation or
 * digest failure, which only the fuzzer sees.
 */
#ifndef BH_FUZZ_LAYOUT_FUZZ_H
#define BH_FUZZ_LAYOUT_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

/* SHA-256 of p[0..n) as 64 lower-case hex digits and a NUL. */
static inline void fuzz_sha256_hex(const void *p, size_t n, char out[65])
{
	unsigned char md[32];
	unsigned int mn = 0;
	static const char hx[] = "0123456789abcdef";
	if (EVP_Digest(p, n, md, &mn, EVP_sha256(), NULL) != 1)
		abort();
	for (int i = 0; i < 32; i++) {
		out[2 * i] = hx[md[i] >> 4];
		out[2 * i + 1] = hx[md[i] & 15];
	}
	out[64] = 0;
}

/* The part of p[0..n) before "\n@@\n" (its length in *partlen) and a
 * pointer past the separator, or NULL (the whole input is the part). */
static inline const uint8_t *fuzz_split(const uint8_t *p, size_t n,
					size_t *partlen)
{
	const uint8_t *s = memmem(p, n, "\n@@\n", 4);
	*partlen = s ? (size_t)(s - p) : n;
	return s ? s + 4 : NULL;
}

/* in[0..n) with each word[k] replaced by rep[k] (k < nw), malloc'd and
 * NUL-terminated, its length in *outlen. */
static inline char *fuzz_substitute(const char *in, size_t n,
				    const char *const *word,
				    const char *const *rep, int nw,
				    size_t *outlen)
{
	size_t grow = 1;   /* the most one input byte can become */
	for (int k = 0; k < nw; k++)
		if (strlen(rep[k]) / strlen(word[k]) + 1 > grow)
			grow = strlen(rep[k]) / strlen(word[k]) + 1;
	char *out = malloc(n * grow + 1);
	size_t o = 0;
	if (!out)
		abort();
	for (size_t i = 0; i < n;) {
		int w = -1;
		for (int k = 0; k < nw; k++)
			if (n - i >= strlen(word[k]) &&
			    memcmp(in + i, word[k], strlen(word[k])) == 0)
				w = k;
		if (w < 0) {
			out[o++] = in[i++];
			continue;
		}
		memcpy(out + o, rep[w], strlen(rep[w]));
		o += strlen(rep[w]);
		i += strlen(word[w]);
	}
	out[o] = 0;
	*outlen = o;
	return out;
}

#endif
