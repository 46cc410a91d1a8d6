/* SPDX-License-Identifier: Apache-2.0
 *
 * test_config_load.c - reading .bulkhead.yaml into the run's settings
 * (src/cli/config_load.c, built into this test): every key, peer ids
 * mapped to ours, each mistake refused with the file, line and column
 * of the offending node, so a typo never silently drops a setting, and
 * an id that names no rule taken as a warning (the rest applies); the
 * policy: section (every key, its mistakes, the key file's path).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/config_load.h"
#include "core/config.h"
#include "rules/rule.h"
#include "util/diag.h"

static char dir[] = "/tmp/bh-config-XXXXXX";
static char path[64];

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/.bulkhead.yaml", dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(path);
	return rmdir(dir);
}

/* Writes "text" to the config file and loads it into a fresh *c. */
static int load(const char *text, struct bh_config *c, struct diag *d)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	bh_config_init(c);
	diag_init(d, path);
	return config_load(path, c, d);
}

/* Loading "text" fails with "code" at line:col and a message holding
 * "words"; the config it leaves is freed. */
static void refused(const char *text, int code, int line, int col,
		    const char *words)
{
	struct bh_config c;
	struct diag d;
	assert_int_equal(load(text, &c, &d), code);
	assert_true(diag_failed(&d));
	assert_int_equal(d.code, code);
	assert_int_equal(d.line, line);
	assert_int_equal(d.col, col);
	if (!strstr(d.message, words))
		fail_msg("message '%s' lacks '%s'", d.message, words);
	/* the error line names the file */
	char buf[1024];
	diag_format(&d, buf, sizeof(buf));
	assert_non_null(strstr(buf, ".bulkhead.yaml"));
	bh_config_free(&c);
}

static void every_key(void **state)
{
	(void)state;
	struct bh_config c;
	struct diag d;
	assert_int_equal(load("# settings\n"
			      "ignore: [BH1012, DL3008]\n"
			      "enable:\n"
			      "  - BH2021\n"
			      "severity: {BH1002: info, BH1011: Critical}\n"
			      "trusted-registries: [docker.io, \"*.gcr.io\"]\n"
			      "profile: restricted\n", &c, &d), BH_OK);
	assert_false(diag_failed(&d));
	/* DL3008 is hadolint's id of BH1100 */
	assert_int_equal(c.ignored.n, 2);
	assert_string_equal(c.ignored.v[0], "BH1012");
	assert_string_equal(c.ignored.v[1], "BH1100");
	assert_int_equal(c.enabled.n, 1);
	assert_string_equal(c.enabled.v[0], "BH2021");
	assert_int_equal(c.noverrides, 2);
	assert_int_equal(bh_config_severity(&c, bh_rule_find("BH1002")), BH_SEV_INFO);
	assert_int_equal(bh_config_severity(&c, bh_rule_find("BH1011")), BH_SEV_CRITICAL);
	assert_int_equal(bh_config_severity(&c, bh_rule_find("BH1001")), BH_SEV_HIGH);
	assert_true(bh_config_registry_trusted(&c, "docker.io"));
	assert_true(bh_config_registry_trusted(&c, "us.gcr.io"));
	assert_false(bh_config_registry_trusted(&c, "quay.io"));
	assert_int_equal(c.profile, BH_PROFILE_RESTRICTED);
	/* what the settings mean for the rules */
	assert_false(bh_config_rule_enabled(&c, bh_rule_find("BH1012")));
	assert_false(bh_config_rule_enabled(&c, bh_rule_find("BH1100")));
	assert_true(bh_config_rule_enabled(&c, bh_rule_find("BH2021")));
	assert_true(bh_config_rule_enabled(&c, bh_rule_find("BH3026")));
	bh_config_free(&c);
}

static void empty_and_spelling_variants(void **state)
{
	(void)state;
	struct bh_config c;
	struct diag d;
	/* an empty file, or one of comments, keeps the defaults */
	assert_int_equal(load("", &c, &d), BH_OK);
	assert_int_equal(c.ignored.n + c.enabled.n + c.noverrides, 0);
	assert_int_equal(c.profile, BH_PROFILE_RESTRICTED);
	bh_config_free(&c);
	assert_int_equal(load("# nothing yet\n", &c, &d), BH_OK);
	assert_int_equal(c.trusted_registries.n, 0);
	bh_config_free(&c);
	/* the registry key in its three spellings; baseline by name */
	assert_int_equal(load("trusted_registries: [a.io]\n"
			      "trustedRegistries: [b.io]\n"
			      "profile: baseline\n", &c, &d), BH_OK);
	assert_int_equal(c.trusted_registries.n, 2);
	assert_true(bh_config_registry_trusted(&c, "a.io"));
	assert_true(bh_config_registry_trusted(&c, "b.io"));
	assert_int_equal(c.profile, BH_PROFILE_BASELINE);
	bh_config_free(&c);
}

static void mistakes_name_their_place(void **state)
{
	(void)state;
	refused("ignore: [BH1001]\nsevrity: {BH1002: info}\n",
		BH_EUSAGE, 2, 1, "unknown key 'sevrity'");
	refused("ignore: BH1001\n", BH_EUSAGE, 1, 9, "'ignore' must be a list of rule ids");
	/* an empty value ("key:" alone, no mark from libfyaml) is put at
	   its key (yml.c), so its error names a line */
	refused("ignore:\n", BH_EUSAGE, 1, 1, "'ignore' must be a list of rule ids");
	refused("severity:\n  BH1002:\n", BH_EUSAGE, 2, 3, "'' is not a severity");
	refused("policy:\n  require-digest:\n", BH_EUSAGE, 2, 3,
		"must be true or false");
	refused("enable:\n  - [BH2021]\n", BH_EUSAGE, 2, 5, "'enable' entries must be rule ids");
	refused("severity: {BH1002: severe}\n", BH_EUSAGE, 1, 20, "'severe' is not a severity");
	refused("severity: {BH1002: {a: b}}\n", BH_EUSAGE, 1, 20,
		"'severity' values must be severities (critical, high, medium, low, info), not a mapping");
	refused("severity: [BH1002]\n", BH_EUSAGE, 1, 11, "'severity' must map rule ids");
	refused("trusted-registries: docker.io\n", BH_EUSAGE, 1, 21, "must be a list");
	refused("trusted-registries:\n  - {a: b}\n", BH_EUSAGE, 2, 5, "entries must be strings");
	refused("\nprofile: strict\n", BH_EUSAGE, 2, 10, "profile must be 'baseline' or 'restricted'");
	refused("- ignore\n", BH_EUSAGE, 1, 1, "the configuration must be a mapping");
}

/* An id that names no rule is a warning on stderr (file:line), not an
 * error: the rest of the file applies, the id adds nothing. */
static void unknown_ids_are_warnings(void **state)
{
	(void)state;
	struct bh_config c;
	struct diag d;
	assert_int_equal(load("ignore: [BH1001, BH9999]\n"
			      "severity: {BH9999: low, BH1002: info}\n", &c, &d),
			 BH_OK);
	assert_false(diag_failed(&d));
	assert_int_equal(c.ignored.n, 1);
	assert_string_equal(c.ignored.v[0], "BH1001");
	assert_int_equal(c.noverrides, 1);
	assert_int_equal(bh_config_severity(&c, bh_rule_find("BH1002")), BH_SEV_INFO);
	bh_config_free(&c);
}

static void unreadable_and_invalid_files(void **state)
{
	(void)state;
	struct bh_config c;
	struct diag d;
	/* not YAML: a parse error with its line */
	assert_int_equal(load("ignore: [BH1001\nenable: [\n", &c, &d), BH_EPARSE);
	assert_true(d.line > 0);
	bh_config_free(&c);
	/* no such file */
	char missing[96];
	snprintf(missing, sizeof(missing), "%s/none.yaml", dir);
	bh_config_init(&c);
	diag_init(&d, missing);
	assert_int_equal(config_load(missing, &c, &d), BH_EIO);
	assert_true(diag_failed(&d));
	bh_config_free(&c);
}

/* The policy: section (docs/policy.md): every key read into struct
 * bh_policy; the key file loaded relative to the configuration's
 * directory; no section leaves every rule inert (all empty, off). */
static const char pubkey[] =
	"-----BEGIN PUBLIC KEY-----\n"
	"MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEtRDpcNf62z10hyvHkn18ZMZIYw/H\n"
	"i9thaiROWk8H8rnYzytIIp9xJ0iYvrkIACG0zVlTaCEuGYrCQYVmnPhCAA==\n"
	"-----END PUBLIC KEY-----\n";

static void policy_every_key(void **state)
{
	(void)state;
	struct bh_config c;
	struct diag d;
	assert_int_equal(load("ignore: [BH1001]\n", &c, &d), BH_OK);
	assert_false(c.policy.set);
	assert_int_equal(c.policy.registries.n, 0);
	assert_false(c.policy.require_digest);
	assert_int_equal(c.policy.base_images.n, 0);
	assert_int_equal(c.policy.nkeys, 0);
	assert_false(c.policy.has_max_severity);
	bh_config_free(&c);

	char kdir[96], kpath[128];
	snprintf(kdir, sizeof(kdir), "%s/keys", dir);
	snprintf(kpath, sizeof(kpath), "%s/release.pub", kdir);
	assert_int_equal(mkdir(kdir, 0700), 0);
	FILE *f = fopen(kpath, "w");
	assert_non_null(f);
	assert_int_equal(fputs(pubkey, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(load("policy:\n"
			      "  registries: [registry.example.com, gcr.io/distroless]\n"
			      "  require-digest: true\n"
			      "  base-images: [distroless, Alpine]\n"
			      "  signature-keys: {registry.example.com: keys/release.pub}\n"
			      "  max-severity: medium\n", &c, &d), BH_OK);
	assert_true(c.policy.set);
	assert_int_equal(c.policy.registries.n, 2);
	assert_string_equal(c.policy.registries.v[1], "gcr.io/distroless");
	assert_true(c.policy.require_digest);
	assert_int_equal(c.policy.base_images.n, 2);
	assert_int_equal(c.policy.nkeys, 1);
	assert_string_equal(c.policy.keys[0].registry, "registry.example.com");
	assert_string_equal(c.policy.keys[0].path, "keys/release.pub");
	assert_string_equal(c.policy.keys[0].resolved, kpath);
	assert_true(c.policy.has_max_severity);
	assert_int_equal(c.policy.max_severity, BH_SEV_MEDIUM);
	bh_config_free(&c);
	/* a key file that is not there is refused at its value */
	refused("policy:\n  signature-keys: {r.example: keys/none.pub}\n",
		BH_EUSAGE, 2, 31, "policy.signature-keys.r.example: ");
	unlink(kpath);
	assert_int_equal(rmdir(kdir), 0);
}

static void policy_mistakes(void **state)
{
	(void)state;
	refused("policy:\n  registry: [a.example]\n", BH_EUSAGE, 2, 3,
		"unknown key 'policy.registry'");
	refused("policy: true\n", BH_EUSAGE, 1, 9, "'policy' must be a mapping");
	refused("policy:\n  registries: a.example\n", BH_EUSAGE, 2, 15,
		"'policy.registries' must be a list");
	refused("policy:\n  registries: [\"https://a.example\"]\n", BH_EUSAGE,
		2, 16, "is not a registry");
	refused("policy:\n  registries: [[a]]\n", BH_EUSAGE, 2, 16,
		"entries must be strings");
	refused("policy:\n  require-digest: 1x\n", BH_EUSAGE, 2, 19,
		"must be true or false");
	refused("policy:\n  base-images: [wolfi]\n", BH_EUSAGE, 2, 17,
		"'wolfi' is an unknown family");
	refused("policy:\n  max-severity: severe\n", BH_EUSAGE, 2, 17,
		"'severe' is not a severity");
	refused("policy:\n  max-severity: [high]\n", BH_EUSAGE, 2, 17,
		"must be a severity (critical, high, medium, low, info), not a list");
	refused("policy:\n  signature-keys: [a]\n", BH_EUSAGE, 2, 19,
		"must map registries to public key files");
	refused("policy:\n  signature-keys: {a.example: }\n", BH_EUSAGE, 2, 20,
		"must be the path of a public key file");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_key),
		cmocka_unit_test(empty_and_spelling_variants),
		cmocka_unit_test(mistakes_name_their_place),
		cmocka_unit_test(unknown_ids_are_warnings),
		cmocka_unit_test(unreadable_and_invalid_files),
		cmocka_unit_test(policy_every_key),
		cmocka_unit_test(policy_mistakes),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
