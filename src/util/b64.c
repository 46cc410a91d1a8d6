/* SPDX-License-Identifier: Apache-2.0
 *
 * b64.c - strict base64 decoding (b64.h), shared by the signature
 * (src/image/img_sign.c), keyless (src/image/img_keyless.c) and DSSE
 * (src/image/img_attest.c: either alphabet, one per string) readers.
 * It does not encode (OpenSSL's EVP_EncodeBlock does).
 * Tests: tests/unit/image/test_sign.c, tests/unit/image/test_keyless.c,
 * tests/unit/image/test_attest.c.
 */
#include "b64.h"

#include <stdint.h>

/* The value of c in the standard alphabet, or with "url" in the
 * URL-safe one (RFC 4648 section 5: '-' and '_' for '+' and '/'); -1
 * outside it. */
static int b64v(unsigned char c, bool url)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == (url ? '-' : '+'))
		return 62;
	if (c == (url ? '_' : '/'))
		return 63;
	return -1;
}

static long decode(const char *in, size_t len, unsigned char *out,
		   size_t cap, bool url)
{
	while (len && in[len - 1] == '=')
		len--;
	if (len % 4 == 1)
		return -1;
	size_t o = 0;
	uint32_t acc = 0;
	int nb = 0;
	for (size_t i = 0; i < len; i++) {
		int v = b64v((unsigned char)in[i], url);
		if (v < 0)
			return -1;
		acc = (acc << 6) | (uint32_t)v;
		nb += 6;
		if (nb >= 8) {
			nb -= 8;
			if (o >= cap)
				return -1;
			out[o++] = (unsigned char)(acc >> nb);
			acc &= (1u << nb) - 1;
		}
	}
	if (acc != 0)       /* non-canonical trailing bits */
		return -1;
	return (long)o;
}

long b64_decode(const char *in, size_t len, unsigned char *out, size_t cap)
{
	return decode(in, len, out, cap, false);
}

long b64_decode_either(const char *in, size_t len, unsigned char *out,
		       size_t cap)
{
	bool url = false;
	for (size_t i = 0; i < len && !url; i++)
		url = in[i] == '-' || in[i] == '_';
	return decode(in, len, out, cap, url);
}
