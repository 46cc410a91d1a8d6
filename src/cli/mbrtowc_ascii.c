/* SPDX-License-Identifier: Apache-2.0
 *
 * mbrtowc_ascii.c - the binary's mbrtowc(3), with a short path for an
 * ASCII byte.
 *
 * libarchive's tar reader converts the pathname of every regular file to
 * wide characters (its test for a trailing '/' calls
 * archive_entry_pathname_w), one mbrtowc() call per byte; glibc runs each
 * through its gconv machinery, a third of `bulkhead sbom`'s instructions
 * on a large image (docs/decisions.md, "Software bill of materials").  The
 * binary is linked with -Wl,--wrap=mbrtowc (meson.build), so the calls of
 * the statically linked libraries come here: a byte below 0x80 in the
 * initial shift state is that character in the C locale bulkhead runs in
 * (it never calls setlocale) and in every ASCII-compatible one, and is
 * answered here exactly as glibc answers it (the character, 1; NUL: 0;
 * the state stays initial); everything else goes to glibc's.  Not in libbhcore: only the binary
 * links the wrapper (the tests and fuzzers link the shared libraries).
 * Tests: tests/unit/cli/test_mbrtowc.c (against glibc's, every byte, in
 * and out of a sequence, C and C.UTF-8: meson test mbrtowc).
 */
#include <stddef.h>
#include <wchar.h>

size_t __real_mbrtowc(wchar_t *restrict pwc, const char *restrict s, size_t n,
		      mbstate_t *restrict ps);
size_t __wrap_mbrtowc(wchar_t *restrict pwc, const char *restrict s, size_t n,
		      mbstate_t *restrict ps);

size_t __wrap_mbrtowc(wchar_t *restrict pwc, const char *restrict s, size_t n,
		      mbstate_t *restrict ps)
{
	/* with ps NULL glibc keeps a hidden state: not ours to read;
	 * __count == 0 is glibc's mbsinit(), inlined (a call per byte) */
	if (s && n && ps && (unsigned char)*s < 0x80 && ps->__count == 0) {
		if (pwc)
			*pwc = (wchar_t)(unsigned char)*s;
		return *s != 0;
	}
	return __real_mbrtowc(pwc, s, n, ps);
}
