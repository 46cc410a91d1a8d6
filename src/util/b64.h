/* SPDX-License-Identifier: Apache-2.0
 *
 * b64.h - strict base64 decoding (RFC 4648 standard alphabet, '='
 * padding optional, non-canonical trailing bits refused).  The caller
 * owns both buffers; nothing is allocated.  Tests: tests/unit/image/
 * test_sign.c (through img_sig_b64_decode), test_keyless.c,
 * test_attest.c (through img_dsse_b64: both alphabets).
 */
#ifndef BH_B64_H
#define BH_B64_H

#include <stdbool.h>
#include <stddef.h>

/* Decode "len" bytes of "in" into "out" (capacity "cap"): the decoded
 * length, or -1 on a character outside the alphabet, a bad length, a
 * non-zero trailing bit or an output past "cap". */
long b64_decode(const char *in, size_t len, unsigned char *out, size_t cap);

/* The same for text in either alphabet, the standard or the URL-safe one
 * ('-' and '_'), one per string (DSSE allows both): a string holding a
 * '-' or '_' is read as URL-safe, so a '+' or '/' in it is refused. */
long b64_decode_either(const char *in, size_t len, unsigned char *out,
		       size_t cap);

#endif
