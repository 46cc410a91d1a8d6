/* SPDX-License-Identifier: Apache-2.0
 *
 * b64.h - strict base64 decoding (RFC 4648 standard alphabet, '='
 * padding optional, non-canonical trailing bits refused).  The caller
 * owns both buffers; nothing is allocated.  Tests: tests/unit/image/
 * test_sign.c (through img_sig_b64_decode), test_keyless.c.
 */
#ifndef BH_B64_H
#define BH_B64_H

#include <stddef.h>

/* Decode "len" bytes of "in" into "out" (capacity "cap"): the decoded
 * length, or -1 on a character outside the alphabet, a bad length, a
 * non-zero trailing bit or an output past "cap". */
long b64_decode(const char *in, size_t len, unsigned char *out, size_t cap);

#endif
