/* SPDX-License-Identifier: Apache-2.0
 *
 * test_mbrtowc.c - the binary's mbrtowc wrapper (src/cli/mbrtowc_ascii.c)
 * against glibc's own (__real_mbrtowc, linked with --wrap=mbrtowc): every
 * byte, from the initial state and from the middle of a UTF-8 sequence,
 * with and without pwc, n 0, 1 and 4, s NULL, in the C and C.UTF-8
 * locales; return value, errno, the character and the state compared.
 */
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

size_t __real_mbrtowc(wchar_t *restrict pwc, const char *restrict s, size_t n,
		      mbstate_t *restrict ps);
size_t __wrap_mbrtowc(wchar_t *restrict pwc, const char *restrict s, size_t n,
		      mbstate_t *restrict ps);

static int fails, checks;

/* one call both ways from the same state "st" */
static void one(const char *loc, const mbstate_t *st, const char *s, size_t n,
		int use_pwc)
{
	mbstate_t a = *st, b = *st;
	wchar_t wa = L'#', wb = L'#';
	errno = 0;
	size_t ra = __wrap_mbrtowc(use_pwc ? &wa : NULL, s, n, &a);
	int ea = errno;
	errno = 0;
	size_t rb = __real_mbrtowc(use_pwc ? &wb : NULL, s, n, &b);
	int eb = errno;
	checks++;
	if (ra != rb || wa != wb || memcmp(&a, &b, sizeof(a)) ||
	    (rb == (size_t)-1 && ea != eb)) {
		fails++;
		fprintf(stderr, "%s: byte 0x%02x n %zu pwc %d: wrapper %zd/%d, glibc %zd/%d\n",
			loc, s ? (unsigned char)s[0] : 0, n, use_pwc,
			(ssize_t)ra, (int)wa, (ssize_t)rb, (int)wb);
	}
}

static void run(const char *loc)
{
	if (!setlocale(LC_CTYPE, loc)) {
		printf("skipped locale %s (not installed)\n", loc);
		return;
	}
	mbstate_t init, mid;
	memset(&init, 0, sizeof(init));
	memset(&mid, 0, sizeof(mid));
	/* the middle of a two-byte UTF-8 sequence (C: stays initial) */
	(void)__real_mbrtowc(NULL, "\xc3", 1, &mid);
	for (int c = 0; c < 256; c++) {
		char s[4] = { (char)c, (char)0xa9, 'x', 0 };
		for (int pw = 0; pw < 2; pw++) {
			one(loc, &init, s, 1, pw);
			one(loc, &init, s, 4, pw);
			one(loc, &init, s, 0, pw);
			one(loc, &mid, s, 1, pw);
			one(loc, &mid, s, 4, pw);
		}
	}
	one(loc, &init, NULL, 0, 1);
	one(loc, &mid, NULL, 0, 1);
}

int main(void)
{
	run("C");
	run("C.UTF-8");
	printf("mbrtowc wrapper: %d checks, %d failed\n", checks, fails);
	return fails ? 1 : 0;
}
