/* SPDX-License-Identifier: Apache-2.0
 *
 * test_pins.c - the pins file of `bulkhead fix --pins` (src/parse/pins.c):
 * good lines and comments, each kind of bad line named by its number,
 * and which pin pins_find() gives for a tag, none or another tag.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "parse/pins.h"

#define A "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define B "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static void good(void **state)
{
	(void)state;
	const char *t = "# pins\n"
			"\n"
			"nginx:1.25 " A "\r\n"
			"  nginx\t" B "   # any tag\n"
			"localhost:5000/team/app:v2_0.1-rc " A "\n"
			"ghcr.io/o/r " B;
	struct pins p;
	struct diag d;
	diag_init(&d, "pins.txt");
	assert_int_equal(pins_parse(t, strlen(t), &p, &d), BH_OK);
	assert_int_equal(p.n, 4);
	assert_string_equal(p.v[0].name, "nginx");
	assert_string_equal(p.v[0].tag, "1.25");
	assert_string_equal(p.v[0].digest, A);
	assert_int_equal(p.v[0].line, 3);
	assert_null(p.v[1].tag);
	assert_string_equal(p.v[1].digest, B);
	assert_int_equal(p.v[1].line, 4);
	assert_string_equal(p.v[2].name, "localhost:5000/team/app");
	assert_string_equal(p.v[2].tag, "v2_0.1-rc");
	assert_string_equal(p.v[3].name, "ghcr.io/o/r");
	/* find: the exact tag, else an untagged pin; none: the first */
	assert_ptr_equal(pins_find(&p, "nginx", "1.25"), &p.v[0]);
	assert_ptr_equal(pins_find(&p, "nginx", "1.27"), &p.v[1]);
	assert_ptr_equal(pins_find(&p, "nginx", NULL), &p.v[0]);
	assert_null(pins_find(&p, "localhost:5000/team/app", "v3"));
	assert_ptr_equal(pins_find(&p, "localhost:5000/team/app", NULL), &p.v[2]);
	assert_null(pins_find(&p, "redis", NULL));
	pins_free(&p);
	assert_int_equal(pins_parse("", 0, &p, &d), BH_OK);
	assert_int_equal(p.n, 0);
}

/* Docker Hub's spellings of one repository are one name, both ways round
 * and in the duplicate check; other registries and paths are not */
static void hub_names(void **state)
{
	(void)state;
	const char *t = "docker.io/library/nginx:1.25 " A "\n"
			"redis " B "\n"
			"docker.io/team/app " A "\n"
			"ghcr.io/library/nginx:1.25 " B "\n";
	struct pins p;
	struct diag d;
	diag_init(&d, "pins.txt");
	assert_int_equal(pins_parse(t, strlen(t), &p, &d), BH_OK);
	assert_int_equal(p.n, 4);
	assert_string_equal(p.v[0].name, "docker.io/library/nginx");
	assert_ptr_equal(pins_find(&p, "nginx", "1.25"), &p.v[0]);
	assert_ptr_equal(pins_find(&p, "library/nginx", "1.25"), &p.v[0]);
	assert_ptr_equal(pins_find(&p, "index.docker.io/library/nginx", "1.25"), &p.v[0]);
	assert_ptr_equal(pins_find(&p, "docker.io/library/redis", NULL), &p.v[1]);
	assert_ptr_equal(pins_find(&p, "docker.io/redis", NULL), &p.v[1]);
	assert_ptr_equal(pins_find(&p, "team/app", NULL), &p.v[2]);
	assert_ptr_equal(pins_find(&p, "ghcr.io/library/nginx", "1.25"), &p.v[3]);
	assert_null(pins_find(&p, "nginx", "1.27"));
	assert_null(pins_find(&p, "docker.io/team/other", NULL));
	assert_null(pins_find(&p, "library/team/app", NULL));
	assert_null(pins_find(&p, "quay.io/redis", NULL));
	pins_free(&p);
	/* nginx and docker.io/library/nginx with two digests: a conflict */
	const char *c = "nginx:1.25 " A "\ndocker.io/library/nginx:1.25 " B "\n";
	assert_int_equal(pins_parse(c, strlen(c), &p, &d), BH_EPARSE);
	assert_non_null(strstr(d.message, "pinned again with another digest (first at line 1)"));
	const char *same = "nginx:1.25 " A "\ndocker.io/library/nginx:1.25 " A "\n";
	assert_int_equal(pins_parse(same, strlen(same), &p, &d), BH_OK);
	pins_free(&p);
}

static void bad(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		const char *want;
	} v[] = {
		{ "nginx " A "\nnginx\n", "pins.txt:2: want \"IMAGE sha256:DIGEST\" (two words)" },
		{ "nginx " A " extra\n", "pins.txt:1: want \"IMAGE sha256:DIGEST\" (two words)" },
		{ "nginx sha256:abc\n", "pins.txt:1: not a digest (sha256: and 64 lower-case hex digits)" },
		{ "nginx " "sha256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n",
		  "pins.txt:1: not a digest (sha256: and 64 lower-case hex digits)" },
		{ "nginx@" A " " A "\n", "pins.txt:1: not an image reference (name or name:tag, no @digest)" },
		{ "Nginx " A "\n", "pins.txt:1: not an image reference (name or name:tag, no @digest)" },
		{ "nginx: " A "\n", "pins.txt:1: not an image reference (name or name:tag, no @digest)" },
		{ "nginx:.x " A "\n", "pins.txt:1: not an image reference (name or name:tag, no @digest)" },
		{ "a//b " A "\n", "pins.txt:1: not an image reference (name or name:tag, no @digest)" },
		{ "nginx:1.25 " A "\nnginx:1.25 sha256:1123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n",
		  "pins.txt:2: nginx:1.25 pinned again with another digest (first at line 1)" },
		{ "nginx " A "\n# x\nnginx sha256:1123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n",
		  "pins.txt:3: nginx pinned again with another digest (first at line 1)" },
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct pins p;
		struct diag d;
		diag_init(&d, "pins.txt");
		assert_int_equal(pins_parse(v[i].text, strlen(v[i].text), &p, &d),
				 BH_EPARSE);
		assert_int_equal(p.n, 0);
		assert_null(p.v);
		char line[512];
		diag_format(&d, line, sizeof(line));
		assert_string_equal(line, v[i].want);
	}
	struct pins p;
	struct diag d;
	diag_init(&d, "pins.txt");
	assert_int_equal(pins_parse("nginx\0 x", 8, &p, &d), BH_EPARSE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(good),
		cmocka_unit_test(hub_names),
		cmocka_unit_test(bad),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
