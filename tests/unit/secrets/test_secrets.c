/* SPDX-License-Identifier: Apache-2.0
 *
 * test_secrets.c - the secret detector (src/secrets/): a positive and a
 * negative for every pattern id, placeholders, names, entropy, secret file
 * names, and properties over random text.
 *
 * Test tokens are assembled at run time from a prefix and pseudo-random
 * characters, so this file holds nothing that looks like a live secret to
 * other scanners.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "secrets/sec_internal.h"
#include "secrets/secrets.h"
#include "util/diag.h"

#define B64 "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
#define ALNUM "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
#define UPPER32 "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
#define URLSAFE ALNUM "_-"

static uint64_t rng = 0x9E3779B97F4A7C15u;

static unsigned next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng >> 11);
}

/* Appends n random characters from "set" to buf (no long runs). */
static char *rnd(char *buf, size_t n, const char *set)
{
	size_t len = strlen(buf), m = strlen(set);
	for (size_t i = 0; i < n; i++) {
		char c;
		do
			c = set[next_rand() % m];
		while (len + i > 0 && c == buf[len + i - 1]);
		buf[len + i] = c;
	}
	buf[len + n] = 0;
	return buf;
}

/* Concatenates a NULL-terminated list of strings into buf. */
static char *cat(char *buf, ...)
{
	va_list ap;
	va_start(ap, buf);
	buf[0] = 0;
	const char *s;
	while ((s = va_arg(ap, const char *)) != NULL)
		strcat(buf, s);
	va_end(ap);
	return buf;
}

#define MAXM 16

struct result {
	size_t n;
	struct sec_match m[MAXM];
	char values[MAXM][256];
	const char *text;
};

static bool collect(void *ctx, const struct sec_match *m)
{
	struct result *r = ctx;
	if (r->n < MAXM) {
		r->m[r->n] = *m;
		size_t k = m->len < 255 ? m->len : 255;
		memcpy(r->values[r->n], r->text + m->offset, k);
		r->values[r->n][k] = 0;
		r->n++;
	}
	return true;
}

static struct result scan(const char *text)
{
	struct result r;
	memset(&r, 0, sizeof(r));
	r.text = text;
	assert_int_equal(sec_scan_text(text, strlen(text), collect, &r), 0);
	return r;
}

/* Kinds some test saw fire, for every_id_has_a_positive (runs last). */
static const char *seen[128];
static size_t nseen;

static void saw(const char *kind)
{
	for (size_t i = 0; i < nseen; i++)
		if (!strcmp(seen[i], kind))
			return;
	if (nseen < sizeof(seen) / sizeof(seen[0]))
		seen[nseen++] = kind;
}

/* Exactly one match, of "kind", whose value is "value" (NULL: any). */
static void expect_one(const char *text, const char *kind, const char *value)
{
	struct result r = scan(text);
	if (r.n != 1 || strcmp(r.m[0].kind, kind) != 0) {
		printf("text: %s\nwant %s, got %zu:", text, kind, r.n);
		for (size_t i = 0; i < r.n; i++)
			printf(" %s[%s]", r.m[i].kind, r.values[i]);
		printf("\n");
	}
	assert_int_equal(r.n, 1);
	assert_string_equal(r.m[0].kind, kind);
	if (value)
		assert_string_equal(r.values[0], value);
	const struct sec_row *row = sec_row_by_id(kind);
	assert_non_null(row);
	assert_int_equal(r.m[0].severity, row->info.severity);
	assert_string_equal(r.m[0].title, row->info.title);
	saw(kind);
}

static void expect_none(const char *text)
{
	struct result r = scan(text);
	if (r.n) {
		printf("text: %s\nunexpected:", text);
		for (size_t i = 0; i < r.n; i++)
			printf(" %s[%s]", r.m[i].kind, r.values[i]);
		printf("\n");
	}
	assert_int_equal(r.n, 0);
}

/* No match of "kind" (others allowed). */
static void expect_not_kind(const char *text, const char *kind)
{
	struct result r = scan(text);
	for (size_t i = 0; i < r.n; i++)
		assert_string_not_equal(r.m[i].kind, kind);
}

/* Every row's regex compiles (they compile lazily, on first use, so a
 * broken one would otherwise only fail to match). */
static void regexes_compile(void **state)
{
	(void)state;
	assert_int_equal(sec_compile_all(), 0);
}

static void private_keys(void **state)
{
	(void)state;
	char body[200] = "MIIEowIBAAKCAQEA", t[400], v[400];
	rnd(body, 60, B64);
	static const char *const kinds[] = {
		"", "RSA ", "EC ", "DSA ", "OPENSSH ", "ENCRYPTED ",
	};
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		cat(t, "x\n-----BEGIN ", kinds[i], "PRIVATE KEY-----\n", body,
		    "\n-----END PRIVATE KEY-----\n", NULL);
		expect_one(t, "private-key", NULL);
		struct result r = scan(t);
		assert_int_equal(r.m[0].offset, 2);
	}
	cat(t, "-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: x\n\n", body,
	    NULL);
	expect_one(t, "private-key", NULL);
	/* PEM with encryption headers; a JSON-escaped key */
	cat(t, "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
	    "DEK-Info: AES-128-CBC,0A1B\n\n", body, NULL);
	expect_one(t, "private-key", NULL);
	cat(t, "\"-----BEGIN PRIVATE KEY-----\\n", body, "\\n\"", NULL);
	expect_one(t, "private-key", NULL);
	/* negatives: public keys, certificates, headers without a body */
	cat(t, "-----BEGIN PUBLIC KEY-----\n", body, NULL);
	expect_none(t);
	cat(t, "-----BEGIN CERTIFICATE-----\n", body, NULL);
	expect_none(t);
	expect_none("grep -q '-----BEGIN RSA PRIVATE KEY-----' file\n");
	expect_none("-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----");
	(void)v;
}

static void aws(void **state)
{
	(void)state;
	char id[64] = "AKIA", t[256], key[64] = "";
	rnd(id, 16, UPPER32);
	cat(t, "aws_access_key_id = ", id, "\n", NULL);
	expect_one(t, "aws-access-key-id", id);
	char sid[64] = "ASIA";
	rnd(sid, 16, UPPER32);
	expect_one(sid, "aws-access-key-id", sid);
	/* [A-Z0-9]{16} after the prefix, as Trivy and secretlint: digits
	 * 0, 1, 8, 9 are not base32 */
	cat(t, "AKIA", "Z8X9Q0W1E2R3T4Y5", NULL);
	expect_one(t, "aws-access-key-id", t);
	/* the documentation sample, a longer word, a word prefix */
	cat(t, "AKIA", "IOSFODNN7", "EXAMPLE", NULL);
	expect_none(t);
	cat(t, id, "X", NULL);
	expect_none(t);
	cat(t, "X", id, NULL);
	expect_none(t);
	/* secret access key, in several spellings */
	rnd(key, 40, B64);
	cat(t, "aws_secret_access_key = ", key, "\n", NULL);
	expect_one(t, "aws-secret-access-key", key);
	cat(t, "export AWS_SECRET_ACCESS_KEY=", key, NULL);
	expect_one(t, "aws-secret-access-key", key);
	cat(t, "{\"SecretAccessKey\": \"", key, "\"}", NULL);
	expect_one(t, "aws-secret-access-key", key);
	cat(t, "aws configure set aws_secret_access_key ", key, NULL);
	expect_one(t, "aws-secret-access-key", key);
	cat(t, "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfi",
	    "CYEXAMPLEKEY", NULL);
	expect_none(t);
	/* 41 characters is not a key */
	cat(t, "aws_secret_access_key=", key, "Q", NULL);
	expect_not_kind(t, "aws-secret-access-key");
}

struct simple {
	const char *kind;
	const char *prefix;
	size_t n;
	const char *set;
	const char *suffix;
	const char *neg;      /* a near miss */
};

static void token_formats(void **state)
{
	(void)state;
	static const struct simple cases[] = {
		{ "github-pat-classic", "gh" "p_", 36, ALNUM, "", "gh" "p_abc" },
		{ "github-oauth-token", "gh" "o_", 36, ALNUM, "", "gh" "o_" },
		{ "github-app-token", "gh" "s_", 36, ALNUM, "", "gh" "s_short1" },
		{ "github-app-token", "gh" "u_", 36, ALNUM, "", "xgh" "u_" },
		{ "github-refresh-token", "gh" "r_", 76, ALNUM, "",
		  "gh" "r_tiny" },
		{ "gitlab-pat", "gl" "pat-", 20, URLSAFE, "", "gl" "pat-short" },
		{ "gitlab-token", "gl" "rt-", 24, URLSAFE, "", "gl" "rt-short" },
		{ "gitlab-token", "gl" "dt-", 20, URLSAFE, "", "gl" "dt-" },
		{ "gitlab-token", "GR13" "48941", 20, URLSAFE, "",
		  "GR13" "48941abc" },
		{ "stripe-live-key", "sk" "_live_", 24, ALNUM, "",
		  "sk" "_live_short" },
		{ "stripe-live-key", "rk" "_live_", 24, ALNUM, "",
		  "ask" "_live_x" },
		{ "stripe-test-key", "sk" "_test_", 24, ALNUM, "",
		  "sk" "_test_" },
		{ "google-api-key", "AI" "za", 35, URLSAFE, "", "AI" "zaSyShort" },
		{ "npm-token", "np" "m_", 36, ALNUM, "", "np" "m_install" },
		{ "pypi-token", "py" "pi-AgEIcHlwaS5vcmc", 60, URLSAFE, "",
		  "py" "pi-AgEIcHlwaS5vcmcshort" },
		{ "dockerhub-pat", "dc" "kr_pat_", 27, URLSAFE, "",
		  "dc" "kr_pat_short" },
		{ "dockerhub-pat", "dc" "kr_oat_", 32, URLSAFE, "",
		  "dc" "kr_oat_" },
		{ "slack-token", "xo" "xb-123456789012-1234567890123-", 24,
		  ALNUM, "", "xo" "xb-abc" },
		{ "slack-token", "xo" "xp-12345-67890-13579-", 32, ALNUM, "",
		  "xo" "xp-" },
		{ "slack-app-token", "xa" "pp-1-A0123ABCDEF-1234567890123-", 64,
		  "0123456789abcdef", "", "xa" "pp-1-short" },
		{ "slack-webhook",
		  "https://hoo" "ks.slack.com/services/T0123ABCD/B0123ABCD/", 24,
		  ALNUM, "", "https://hoo" "ks.slack.com/services/" },
		{ "azure-storage-key",
		  "DefaultEndpointsProtocol=https;AccountName=acct;Account" "Key=",
		  86, B64, "==;EndpointSuffix=core.windows.net",
		  "Account" "Key=short==" },
		{ "azure-shared-access-key",
		  "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName="
		  "RootManageSharedAccessKey;SharedAccess" "Key=",
		  43, B64, "=", "SharedAccess" "Key=abc=" },
		{ "http-auth-header", "curl -H 'Authorization: Bearer ", 40,
		  URLSAFE, "' https://api", "-H 'Authorization: Bearer $TOKEN'" },
		{ "http-auth-header", "authorization: Basic ", 24, B64, "\n",
		  "Authorization: Basic <credentials>" },
		{ "netrc-password", "machine registry.corp.local login ci password ",
		  20, URLSAFE, "\n", "machine h login u password $NETRC_PASSWORD" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct simple *c = &cases[i];
		char body[256] = "", t[512];
		rnd(body, c->n, c->set);
		cat(t, "x ", c->prefix, body, c->suffix, " y", NULL);
		expect_one(t, c->kind, NULL);
		expect_none(c->neg);
		/* the masked documentation form never fires */
		char fake[256];
		memset(fake, 'x', c->n);
		fake[c->n] = 0;
		cat(t, c->prefix, fake, c->suffix, NULL);
		expect_not_kind(t, c->kind);
	}
	/* fine-grained GitHub PAT */
	char a[64] = "", b[96] = "", t[256];
	rnd(a, 22, ALNUM);
	rnd(b, 59, ALNUM);
	cat(t, "github", "_pat_", a, "_", b, NULL);
	expect_one(t, "github-pat-fine-grained", t);
	cat(t, "github", "_pat_", a, NULL);
	expect_none(t);
}

static void jwt(void **state)
{
	(void)state;
	char sig[64] = "", t[256];
	rnd(sig, 43, URLSAFE);
	cat(t, "Bearer-less: ", "ey", "JhbGciOiJIUzI1NiJ9.", "ey",
	    "JzdWIiOiJ1c2VyMSJ9.", sig, NULL);
	expect_one(t, "jwt", NULL);
	/* two parts, a short signature, the jwt.io sample */
	cat(t, "ey", "JhbGciOiJIUzI1NiJ9.", "ey", "JzdWIiOiJ1c2VyMSJ9", NULL);
	expect_none(t);
	cat(t, "ey", "JhbGciOiJIUzI1NiJ9.", "ey", "JzdWIiOiJ1c2VyMSJ9.abc",
	    NULL);
	expect_none(t);
	cat(t, "ey", "JhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.", "ey",
	    "JzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2",
	    "MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c", NULL);
	expect_none(t);
}

static void service_account(void **state)
{
	(void)state;
	char body[128] = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", t[1024];
	rnd(body, 64, B64);
	cat(t, "{\n  \"type\": \"service", "_account\",\n",
	    "  \"project_id\": \"p\",\n  \"private_key_id\": \"0a1b\",\n",
	    "  \"private_key\": \"-----BEGIN PRIVATE KEY-----\\n", body,
	    "\\n-----END PRIVATE KEY-----\\n\",\n",
	    "  \"client_email\": \"x@p.iam.gserviceaccount.com\"\n}\n", NULL);
	struct result r = scan(t);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.m[0].kind, "gcp-service-account");
	saw("gcp-service-account");
	assert_int_equal(strncmp(r.values[0], "-----BEGIN", 10), 0);
	/* no private key, another type */
	cat(t, "{\"type\": \"service", "_account\", \"client_email\": \"x\"}",
	    NULL);
	expect_none(t);
	cat(t, "{\"type\": \"authorized_user\", \"private_key\": \"abc\"}",
	    NULL);
	expect_none(t);
	/* key before type: the key block itself is still reported first */
	cat(t, "{\"private_key\": \"-----BEGIN PRIVATE KEY-----\\n", body,
	    "\\n\", \"type\": \"service", "_account\"}", NULL);
	r = scan(t);
	assert_true(r.n >= 1);
	assert_string_equal(r.m[0].kind, "private-key");
}

static void url_credentials(void **state)
{
	(void)state;
	char pw[32] = "", t[256];
	rnd(pw, 14, ALNUM);
	cat(t, "DATABASE_URL=postgres://admin:", pw, "@db:5432/app", NULL);
	expect_one(t, "url-credentials", pw);
	cat(t, "redis://:", pw, "@cache:6379", NULL);
	expect_one(t, "url-credentials", pw);
	cat(t, "git clone https://oauth2:", pw, "@gitlab.com/g/r.git", NULL);
	expect_one(t, "url-credentials", pw);
	expect_none("https://user:${PASSWORD}@host/x");
	expect_none("https://user:$PASS@host/x");
	expect_none("https://user:password@host/x");
	expect_none("https://user:<password>@host/x");
	expect_none("http://localhost:8080/path?a=b@c");
	expect_none("see https://example.com:443/ and mailto:a@b");
	expect_none("ssh://git@github.com/o/r.git");
	/* documentation hosts, one- and two-letter passwords */
	expect_none("https://abc:Zq8Lm2pXv9@example.com/");
	expect_none("https://abc:Zq8Lm2pXv9@api.example.org:8080/");
	expect_none("https://abc:Zq8Lm2pXv9@db.test/");
	expect_none("http://a:b@c/");
	/* a two-letter password is one (redis://:pw@...); format templates
	 * are not */
	expect_one("REDIS_URL=redis://:pw@redis:6379", "url-credentials", "pw");
	expect_one("amqp://ci:Q7@mq/", "url-credentials", "Q7");
	expect_none("\"postgres://app:%s@db:5432/app\" % pw");
	expect_none("https://deploy:{token}@git.corp.net/a.git");
	expect_none("https://u:%(pw)s@h.corp/x");
	cat(t, "https://abc:", pw, "@notexample.com/", NULL);
	expect_one(t, "url-credentials", pw);
}

static void generic_assignments(void **state)
{
	(void)state;
	expect_one("db_password: Xk9#mQ2!vL7pR4\n", "generic-secret",
		   "Xk9#mQ2!vL7pR4");
	expect_one("{\"client_secret\": \"9fT2kQ8mZ1xW7vB3\"}",
		   "generic-secret", "9fT2kQ8mZ1xW7vB3");
	expect_one("mysql --password=Zq8#Lm2pXv9 -h db", "generic-secret",
		   "Zq8#Lm2pXv9");
	expect_one("API_KEY = 'a1b2c3d4e5f6a7b8c9d0'", "generic-secret",
		   "a1b2c3d4e5f6a7b8c9d0");
	expect_one("token := \"Qw3rTy7uIo9pAs2d\"", "generic-secret", NULL);
	/* code, references, placeholders, low entropy, false friends */
	expect_none("password = get_password()");
	expect_none("password = self.config.password");
	expect_none("password: ${DB_PASSWORD}");
	expect_none("password=changeme");
	expect_none("password: \"<your-password>\"");
	expect_none("token: required");
	expect_none("password_file=/run/secrets/db_password_value");
	expect_none("if password == other_password_9x:");
	expect_none("password != 'Xk9#mQ2!vL7pR4'");
	expect_none("secretKeyRef: mysecretref123X");
	expect_none("tokenizer=BertTokenizer123");
	expect_none("GPG_KEY=A1B2C3D4E5F6A7B8C9D0");
	expect_none("password: aaaaaaaaaaaa");
	expect_none("password: !vault |");
	/* Kubernetes Secret data: base64 of a placeholder or a short word */
	expect_none("  password: cGFzc3dvcmQ=");        /* "password" */
	expect_none("  db-password: bm90LXNlY3JldA==");  /* "not-secret" */
	expect_none("  token: ZGVtbw==");                /* "demo" */
	expect_one("  password: WnE4I0xtMnBYdjk=", "generic-secret",
		   "WnE4I0xtMnBYdjk=");                  /* "Zq8#Lm2pXv9" */
	/* a known token under a secret-looking name is its own kind */
	char tok[64] = "gh" "p_", t[128];
	rnd(tok, 36, ALNUM);
	cat(t, "GITHUB_TOKEN=", tok, NULL);
	expect_one(t, "github-pat-classic", tok);
}

static void assignments(void **state)
{
	(void)state;
	struct sec_match m;
	assert_true(sec_check_assignment("DB_PASSWORD", "hunter2", &m));
	assert_string_equal(m.kind, "sensitive-assignment");
	saw(m.kind);
	assert_int_equal(m.severity, BH_SEV_HIGH);
	assert_int_equal(m.offset, 0);
	assert_int_equal(m.len, 7);
	assert_true(sec_check_assignment("mysqlRootPassword", "\"s3cr3tX\"",
					 &m));
	assert_int_equal(m.offset, 1);
	assert_int_equal(m.len, 7);
	assert_true(sec_check_assignment("SECRET_KEY_BASE", "abc123def456",
					 &m));
	assert_true(sec_check_assignment("STRIPE_API_KEY", "k", &m));
	assert_true(sec_check_assignment("client-secret", "q8Zt", &m));
	assert_true(sec_check_assignment("BASIC_AUTH", "user:pw", &m));
	/* AWS secret by name */
	char key[64] = "", tok[64] = "np" "m_";
	rnd(key, 40, B64);
	assert_true(sec_check_assignment("AWS_SECRET_ACCESS_KEY", key, &m));
	assert_string_equal(m.kind, "aws-secret-access-key");
	assert_int_equal(m.severity, BH_SEV_CRITICAL);
	/* token formats under any name */
	rnd(tok, 36, ALNUM);
	assert_true(sec_check_assignment("NPM_CONFIG_X", tok, &m));
	assert_string_equal(m.kind, "npm-token");
	assert_true(sec_check_assignment(
		"DATABASE_URL", "postgres://u:Zx9kPq2wLm@db/x", &m));
	assert_string_equal(m.kind, "url-credentials");
	assert_int_equal(m.offset, 13);
	/* references, placeholders, false friends */
	assert_false(sec_check_assignment("DB_PASSWORD", "${DB_PASSWORD}", &m));
	assert_false(sec_check_assignment("DB_PASSWORD", "$DB_PASSWORD", &m));
	assert_false(sec_check_assignment("DB_PASSWORD", "", &m));
	assert_false(sec_check_assignment("DB_PASSWORD", "changeme", &m));
	assert_false(sec_check_assignment("DB_PASSWORD", "/run/secrets/db", &m));
	assert_false(sec_check_assignment("DB_PASSWORD_FILE", "/x/y", &m));
	assert_false(sec_check_assignment("GPG_KEY", "0xA1B2C3D4E5F6", &m));
	assert_false(sec_check_assignment("KEYCLOAK_VERSION", "21.0.1", &m));
	assert_false(sec_check_assignment("TOKEN_ENDPOINT",
					  "https://idp/token", &m));
	assert_false(sec_check_assignment("MYSQL_ALLOW_EMPTY_PASSWORD", "yes",
					  &m));
	assert_false(sec_check_assignment("MYSQL_RANDOM_ROOT_PASSWORD", "1",
					  &m));
	assert_false(sec_check_assignment("AWS_ACCESS_KEY_ID", "abc", &m));
	assert_false(sec_check_assignment("PWD", "/app", &m));
	assert_false(sec_check_assignment("PATH", "/usr/bin", &m));
	assert_false(sec_check_assignment("DB_PASSWORD", "{{ .Values.pw }}",
					  &m));
	assert_false(sec_check_assignment(NULL, "plain", &m));
	assert_false(sec_check_assignment("X", NULL, &m));
	/* out may be NULL */
	assert_true(sec_check_assignment("DB_PASS", "Zk3!", NULL));
}

static void names(void **state)
{
	(void)state;
	static const char *const yes[] = {
		"PASSWORD", "DB_PASSWORD", "MYSQL_ROOT_PASSWORD", "PASSWD",
		"DB_PASS", "SECRET", "CLIENT_SECRET", "JWT_SECRET", "TOKEN",
		"GITHUB_TOKEN", "ACCESS_TOKEN", "API_KEY", "APIKEY", "apiKey",
		"PRIVATE_KEY", "AWS_SECRET_ACCESS_KEY", "ACCESS_KEY",
		"CREDENTIALS", "AUTH", "BASIC_AUTH", "AUTH_TOKEN", "DB_PWD",
		"dbPassword", "SECRET_KEY_BASE", "ENCRYPTION_KEY", "SSH_KEY",
		"SIGNING_KEY", "NPM_AUTH_TOKEN", "_authToken", "GITLAB_PAT",
		"REDIS_PASSPHRASE", "spring.datasource.password", "--password",
		"LDAP_ROOTPASS", "secret1", "azurestorageaccountkey",
		"superuserSecret", "WEBPASSWORD", NULL,
	};
	static const char *const no[] = {
		"GPG_KEY", "GPG_KEYS", "PUBLIC_KEY", "AWS_ACCESS_KEY_ID",
		"KEY_ID", "DB_PASSWORD_FILE", "SECRET_PATH", "TOKEN_URL",
		"TOKEN_ENDPOINT", "KEYCLOAK_VERSION", "PWD", "OLDPWD", "PATH",
		"KEY", "TOKENIZERS_PARALLELISM", "BYPASS", "PASSENGER_APP_ENV",
		"AUTHOR", "PASSWORD_MIN_LENGTH", "AUTH_TYPE", "SECRET_NAME",
		"MYSQL_ALLOW_EMPTY_PASSWORD", "MYSQL_RANDOM_ROOT_PASSWORD",
		"POSTGRES_HOST_AUTH_METHOD", "OAUTH_CLIENT_ID", "HOME",
		"GOOGLE_APPLICATION_CREDENTIALS_FILE", "secretKeyRef",
		"NODE_VERSION", "MAX_TOKENS", "max_num_batched_tokens",
		"password_encryption", "automountServiceAccountToken",
		"chapAuthSession", "eos_token_id", "TOKENIZER_DIR", "secretName",
		"", NULL,
	};
	for (size_t i = 0; yes[i]; i++) {
		if (!sec_name_is_sensitive(yes[i]))
			printf("should be sensitive: %s\n", yes[i]);
		assert_true(sec_name_is_sensitive(yes[i]));
	}
	for (size_t i = 0; no[i]; i++) {
		if (sec_name_is_sensitive(no[i]))
			printf("should not be sensitive: %s\n", no[i]);
		assert_false(sec_name_is_sensitive(no[i]));
	}
	assert_false(sec_name_is_sensitive(NULL));
}

static void placeholders(void **state)
{
	(void)state;
	static const char *const yes[] = {
		"", "changeme", "CHANGEME", "EXAMPLE", "example-key",
		"xxx", "XXXXXXXX", "${VAR}", "$VAR", "${VAR:-default}",
		"$(cat /run/secrets/x)", "<redacted>", "<your-token>", "<...>",
		"dummy", "your-api-key", "your_secret_here", "***",
		"GOOGLE_API_KEY_VAL", "DB_PASS", "change-me-now",
		"****", "/run/secrets/db", "{{ .Values.password }}", "%PASSWORD%",
		"\"changeme\"", "  ", "n/a", "null", "None", "0000000", "...",
		"YourPassword", "FAKE_TO_GENERATE_WARNING_OUTPUT", NULL,
	};
	static const char *const no[] = {
		"hunter2", "s3cr3tPassw0rd!", "Zq8Lm2pXv9", "a$b", "admin",
		"correct horse battery staple",
		/* weak real passwords are values (issue 10) */
		"password", "test", "P@ssw0rd", "secret123", "supersecret",
		"redispass123", "example1", "Secret_123", NULL,
	};
	for (size_t i = 0; yes[i]; i++) {
		if (!sec_is_placeholder(yes[i]))
			printf("should be a placeholder: %s\n", yes[i]);
		assert_true(sec_is_placeholder(yes[i]));
	}
	for (size_t i = 0; no[i]; i++) {
		if (sec_is_placeholder(no[i]))
			printf("should not be a placeholder: %s\n", no[i]);
		assert_false(sec_is_placeholder(no[i]));
	}
	assert_true(sec_is_placeholder(NULL));
}

static struct result scan_file(const char *path, const char *text)
{
	struct result r;
	memset(&r, 0, sizeof(r));
	r.text = text;
	assert_int_equal(sec_scan_file(path, text, strlen(text), collect, &r),
			 0);
	return r;
}

/* sec_scan_file: config files are judged with the assignment rules, other
 * text with the free-text rules. */
static void config_files(void **state)
{
	(void)state;
	static const char *const cfg[] = {
		"app.ini", "etc/my.cnf", "a/b.conf", "x.cfg", "app.properties",
		".env", ".env.production", "prod.env", "a.toml", "v.yaml",
		"v.yml", "c.json", "settings.xml", "/etc/app/APP.INI",
		/* NAME=value lines of Dockerfiles and shell scripts */
		"Dockerfile", "ctx/Dockerfile.prod", "app.Dockerfile",
		"Containerfile", "run.sh", "bin/start.bash", ".bashrc", NULL,
	};
	static const char *const not_cfg[] = {
		"notes.txt", "README.md", "app.conf.example",
		".env.example", "values.yaml.tmpl", "x.json.j2", "app.ini.in",
		"run.sh.tmpl", "Dockerfile.j2", "", NULL,
	};
	for (size_t i = 0; cfg[i]; i++)
		assert_true(sec_path_is_config(cfg[i]));
	for (size_t i = 0; not_cfg[i]; i++)
		assert_false(sec_path_is_config(not_cfg[i]));
	assert_false(sec_path_is_config(NULL));
	static const struct {
		const char *path, *text, *value;  /* value NULL: no match */
	} t[] = {
		{ "a.ini", "[db]\npassword = secret123\n", "secret123" },
		{ "a.ini", "password=P@ssw0rd", "P@ssw0rd" },
		{ "a.yaml", "db:\n  password: supersecret # weak\n",
		  "supersecret" },
		{ "a.yaml", "- redis_pass: redispass123\n", "redispass123" },
		{ "a.json", "{\"user\": \"a\", \"password\": \"secret123\"}",
		  "secret123" },
		{ "a.xml", "<s><ns:password>secret123</ns:password></s>",
		  "secret123" },
		{ ".env", "export DB_PASSWORD=secret123\n", "secret123" },
		/* the same text outside a config file: free text */
		{ "a.txt", "password = secret123\n", NULL },
		{ NULL, "password = secret123\n", NULL },
		{ "a.xml", "<password>secret123</password>", "secret123" },
		{ "a.txt", "<password>secret123</password>", NULL },
		/* placeholders, references, settings, prose, YAML syntax */
		{ "a.ini", "password = ${DB_PASSWORD}\n", NULL },
		{ "a.ini", "password = GOOGLE_API_KEY_VAL\n", NULL },
		{ "a.ini", "password = changeme\n", NULL },
		{ "a.ini", "password = <your-password>\n", NULL },
		{ "a.ini", "password_file = /run/secrets/db\n", NULL },
		{ "a.yaml", "password: *default_pw\n", NULL },
		{ "a.yaml", "password: |\n  x\n", NULL },
		{ "a.yaml", "passwordHint: type P@ssw0rd here\n", NULL },
		{ "a.yaml", "generic-secret: low\n", NULL },
		{ "a.yaml", "passwd: files\n", NULL },
		{ "a.yaml", "password: settings.db.password\n", NULL },
		{ "a.conf", "PASS: gdb.base/test.exp: ok\n", NULL },
		{ "a.yaml", "text: the password: secret123\n", NULL },
		{ "a.json", "{\"password\": \"Password\"}", NULL },
		{ "a.xml", "<password>${pw}</password>", NULL },
		{ "a.xml", "<password>secret123</passwd>", NULL },
		/* redis.conf: the requirepass directive takes its value
		 * after a blank */
		{ "redis.conf", "bind 0.0.0.0\nrequirepass redispass123\n",
		  "redispass123" },
		{ "redis.conf", "  requirepass \"Sup3rPw99\" # main\n",
		  "Sup3rPw99" },
		{ "redis.conf", "# requirepass foobared\n", NULL },
		{ "redis.conf", "requirepass ${REDIS_PASSWORD}\n", NULL },
		{ "redis.conf", "requirepass changeme\n", NULL },
		{ "redis.conf", "requirepass a b\n", NULL },
		{ "redis.conf", "requirepasses redispass123\n", NULL },
		{ "notes.txt", "requirepass redispass123\n", NULL },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct result r = scan_file(t[i].path, t[i].text);
		if (t[i].value && (r.n != 1 ||
				   strcmp(r.values[0], t[i].value) != 0))
			printf("config %zu: want %s, %zu matches\n", i,
			       t[i].value, r.n);
		else if (!t[i].value && r.n)
			printf("config %zu: want none, got %s\n", i,
			       r.values[0]);
		if (t[i].value) {
			assert_int_equal(r.n, 1);
			assert_string_equal(r.values[0], t[i].value);
			assert_string_equal(r.m[0].kind, "generic-secret");
		} else {
			assert_int_equal(r.n, 0);
		}
	}
	/* config mode only adds: what free text finds stays found */
	const char *free = "a password=Zq8#Lm2pXv9 b secret=Kp3LqW9zXr2";
	assert_int_equal(scan_file("a.conf", free).n, scan(free).n);
}

/* Name/value pairs (sec_scan.c try_pair): the value of a secret-named
 * "name" is reported in text order, a match between the name and a value
 * after it is still found, a value before the name too (also with a
 * match between the two); the same in
 * config and free text; placeholders and valueFrom stay quiet. */
static void name_value_pairs(void **state)
{
	(void)state;
	char tok[64] = "gh", t[512];
	strcat(tok, "p_");
	rnd(tok, 36, ALNUM);
	cat(t, "{\"name\": \"DB_PASSWORD\", \"note\": \"", tok,
	    "\", \"value\": \"Zq8vK2mNp4Lx7Rt\"}", NULL);
	for (int mode = 0; mode < 2; mode++) {
		struct result r = mode ? scan_file("a.json", t) : scan(t);
		assert_int_equal(r.n, 2);
		assert_string_equal(r.values[0], tok);
		assert_string_equal(r.values[1], "Zq8vK2mNp4Lx7Rt");
		assert_string_equal(r.m[1].kind, "generic-secret");
		assert_true(r.m[0].offset < r.m[1].offset);
	}
	/* a value before its name with another match between the two:
	 * found, and handed on in text order; the same in YAML block */
	cat(t, "{\"value\": \"Zq8vK2mNp4Lx7Rt\", \"note\": \"", tok,
	    "\", \"name\": \"DB_PASSWORD\"}", NULL);
	for (int mode = 0; mode < 2; mode++) {
		struct result r = mode ? scan_file("a.json", t) : scan(t);
		assert_int_equal(r.n, 2);
		assert_string_equal(r.values[0], "Zq8vK2mNp4Lx7Rt");
		assert_string_equal(r.m[0].kind, "generic-secret");
		assert_string_equal(r.values[1], tok);
		assert_true(r.m[0].offset < r.m[1].offset);
	}
	cat(t, "env:\n- value: Zq8vK2mNp4Lx7Rt\n  note: ", tok,
	    "\n  name: DB_PASSWORD\n", NULL);
	struct result rb = scan(t);
	assert_int_equal(rb.n, 2);
	assert_string_equal(rb.values[0], "Zq8vK2mNp4Lx7Rt");
	assert_string_equal(rb.values[1], tok);
	static const struct {
		const char *text, *value;  /* value NULL: no match */
	} c[] = {
		{ "[{\"value\": \"Zq8vK2mNp4Lx7Rt\", \"name\": \"API_TOKEN\"}]",
		  "Zq8vK2mNp4Lx7Rt" },
		{ "env:\n- name: DB_PASSWORD\n  value: Zq8vK2mNp4Lx7Rt\n",
		  "Zq8vK2mNp4Lx7Rt" },
		{ "- value: 'Zq8vK2mNp4Lx7Rt'\n  name: DB_PASSWORD\n",
		  "Zq8vK2mNp4Lx7Rt" },
		{ "- {name: DB_PASSWORD, value: Zq8vK2mNp4Lx7Rt}\n",
		  "Zq8vK2mNp4Lx7Rt" },
		{ "- name: DB_PASSWORD\n  value: ${DB_PASSWORD}\n", NULL },
		{ "- name: DB_PASSWORD\n  value: \"{{ .Values.pw }}\"\n", NULL },
		{ "- name: DB_PASSWORD\n  value: changeme\n", NULL },
		{ "- name: DB_PASSWORD\n  valueFrom: Zq8vK2mNp4Lx7Rt\n", NULL },
		{ "- name: DB_HOST\n  value: Zq8vK2mNp4Lx7Rt\n", NULL },
		{ "- name: DB_PASSWORD\n- value: Zq8vK2mNp4Lx7Rt\n", NULL },
		{ "- name: DB_PASSWORD\n  x:\n    value: Zq8vK2mNp4Lx7Rt\n", NULL },
		{ "{\"name\": \"DB_PASSWORD\"}, {\"value\": \"Zq8vK2mNp4Lx7Rt\"}",
		  NULL },
		{ "{\"name\": \"DB_PASSWORD\", \"x\": {\"value\": \"Zq8vK2mNp4Lx7Rt\"}}",
		  NULL },
		/* another "name" key ends the search (a duplicate key) */
		{ "- name: DB_PASSWORD\n  name: HOST\n  value: Zq8vK2mNp4Lx7Rt\n",
		  NULL },
		{ "{\"name\": \"DB_PASSWORD\", \"name\": \"API_TOKEN\", "
		  "\"value\": \"Zq8vK2mNp4Lx7Rt\"}", NULL },
		/* a key that is not one (a stray '{'): not our mapping */
		{ "{\"name\": \"DB_PASSWORD\", {\"value\": \"Zq8vK2mNp4Lx7Rt\"}",
		  NULL },
		/* an earlier mapping's key passed at another depth */
		{ "[{\"name\": \"A_PASSWORD\", \"v\": {}}, {\"x\": {\"y\": 1}, "
		  "\"name\": \"B_PASSWORD\", \"value\": \"Zq8vK2mNp4Lx7Rt\"}]",
		  "Zq8vK2mNp4Lx7Rt" },
	};
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct result r = scan_file("a.yaml", c[i].text);
		if (c[i].value && (r.n != 1 ||
				   strcmp(r.values[0], c[i].value) != 0))
			printf("pair %zu: want %s, %zu matches\n", i,
			       c[i].value, r.n);
		else if (!c[i].value && r.n)
			printf("pair %zu: want none, got %s\n", i,
			       r.values[0]);
		assert_int_equal(r.n, c[i].value ? 1 : 0);
		if (c[i].value)
			assert_string_equal(r.values[0], c[i].value);
	}
}

/* A value before its name with more matches between the two than the
 * old 64-entry hold: still found first (it was dropped, so the value
 * went unmasked in an excerpt of the line). */
static void value_behind_many_matches(void **state)
{
	(void)state;
	static char t[16384];
	strcpy(t, "{\"value\": \"Zq8vK2mNp4Lx7Rt\"");
	for (int i = 0; i < 75; i++) { /* within PAIR_REACH of the name */
		char tok[64] = "gh";
		strcat(tok, "p_");
		rnd(tok, 36, ALNUM);
		cat(t + strlen(t), ", \"k\": \"", tok, "\"", NULL);
	}
	strcat(t, ", \"name\": \"DB_PASSWORD\"}");
	assert_true(strlen(t) < 4096);
	struct result r = scan(t);
	assert_int_equal(r.n, MAXM);
	assert_string_equal(r.values[0], "Zq8vK2mNp4Lx7Rt");
	assert_string_equal(r.m[0].kind, "generic-secret");
	for (size_t i = 1; i < r.n; i++)
		assert_true(r.m[i - 1].offset < r.m[i].offset);
}

static void entropy(void **state)
{
	(void)state;
	assert_true(fabs(sec_entropy("aaaa", 4)) < 1e-9);
	assert_true(fabs(sec_entropy("abab", 4) - 1.0) < 1e-9);
	assert_true(fabs(sec_entropy("0123456789abcdef", 16) - 4.0) < 1e-9);
	assert_true(fabs(sec_entropy("", 0)) < 1e-9);
	assert_true(fabs(sec_entropy(NULL, 5)) < 1e-9);
	char r[128] = "";
	rnd(r, 64, B64);
	assert_true(sec_entropy(r, 64) > 4.5);
	assert_true(sec_entropy("password", 8) < 3.0);
}

static void secret_files(void **state)
{
	(void)state;
	static const struct {
		const char *path;
		const char *kind;
	} yes[] = {
		{ "id_rsa", "private-key-file" },
		{ "home/u/.ssh/id_ed25519", "private-key-file" },
		{ "deploy/id_ecdsa", "private-key-file" },
		{ "certs/server.key", "private-key-file" },
		{ "a/b.p12", "private-key-file" },
		{ "store.pfx", "private-key-file" },
		{ "app.jks", "keystore" },
		{ "release.keystore", "keystore" },
		{ ".env", "dotenv" },
		{ "api/.env.production", "dotenv" },
		{ ".env.local", "dotenv" },
		{ ".npmrc", "npmrc" },
		{ "root/.pypirc", "pypirc" },
		{ ".netrc", "netrc" },
		{ "root/.docker/config.json", "docker-config" },
		{ ".aws/credentials", "cloud-credentials" },
		{ "home/u/.ssh/deploy_key_custom", "ssh-dir" },
		{ ".git/config", "git-dir" },
		{ "sub/.git", "git-dir" },
		{ ".bash_history", "shell-history" },
		{ "root/.zsh_history", "shell-history" },
		{ ".python_history", "shell-history" },
		{ "credentials.json", "credentials-file" },
		{ ".git-credentials", "git-credentials" },
		{ "infra/terraform.tfstate", "terraform-state" },
		{ "infra/prod.tfstate", "terraform-state" },
		{ "root/.kube/config", "kubeconfig" },
		{ "./.env", "dotenv" },
		{ "etc/ssh/ssh_host_ed25519_key", "private-key-file" },
		{ "/etc/ssl/private/ssl-cert-snakeoil.pem", "private-key-file" },
	};
	static const char *const no[] = {
		".env.example", ".env.sample", ".env.template", "environment",
		"id_rsa.pub", "home/u/.ssh/known_hosts", "home/u/.ssh/id_rsa.pub",
		"home/u/.ssh/authorized_keys", "src/main.c", "keys.go",
		"docker/config.json", "cert.pem", "ca-certificates.crt",
		"a.git/x", "gitconfig", "README.md", "tokenizer.json",
		"monkey", "aws/credentials-helper.sh",
		"etc/ssh/ssh_host_ed25519_key.pub", "etc/ssl/certs/ca.pem",
		"private/notes.txt", "", NULL,
	};
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		const char *kind = NULL;
		if (!sec_path_is_secret_file(yes[i].path, &kind))
			printf("should be secret: %s\n", yes[i].path);
		assert_true(sec_path_is_secret_file(yes[i].path, &kind));
		assert_string_equal(kind, yes[i].kind);
	}
	for (size_t i = 0; no[i]; i++) {
		if (sec_path_is_secret_file(no[i], NULL))
			printf("should not be secret: %s\n", no[i]);
		assert_false(sec_path_is_secret_file(no[i], NULL));
	}
	assert_false(sec_path_is_secret_file(NULL, NULL));

	/* content decides for *.pem and friends */
	char body[128] = "", key[512], cert[512];
	rnd(body, 64, B64);
	cat(key, "-----BEGIN EC PRIVATE KEY-----\n", body, "\n", NULL);
	cat(cert, "-----BEGIN CERTIFICATE-----\n", body, "\n", NULL);
	const char *kind = NULL;
	assert_true(sec_path_needs_content("tls/server.pem"));
	assert_false(sec_path_needs_content("id_rsa"));
	assert_false(sec_path_needs_content("main.go"));
	assert_true(sec_file_is_secret("tls/server.pem", key, strlen(key),
				       &kind));
	assert_string_equal(kind, "private-key-file");
	assert_false(sec_file_is_secret("tls/ca.pem", cert, strlen(cert),
					&kind));
	assert_false(sec_file_is_secret("tls/server.pem", NULL, 0, &kind));
	/* a key inside main.go is a finding of the text scan, not a file */
	assert_false(sec_file_is_secret("main.go", key, strlen(key), &kind));
	assert_true(sec_file_is_secret(".env", NULL, 0, &kind));
	assert_string_equal(kind, "dotenv");
}

static void order_and_bounds(void **state)
{
	(void)state;
	char a[64] = "AKIA", b[64] = "gh" "p_", t[512];
	rnd(a, 16, UPPER32);
	rnd(b, 36, ALNUM);
	cat(t, "one ", b, "\ntwo ", a, "\npassword: Zq8#Lm2pXv9\n",
	    "url https://u:Qz8Lm2pXv9@h/\n", NULL);
	struct result r = scan(t);
	assert_int_equal(r.n, 4);
	assert_string_equal(r.m[0].kind, "github-pat-classic");
	assert_string_equal(r.m[1].kind, "aws-access-key-id");
	assert_string_equal(r.m[2].kind, "generic-secret");
	assert_string_equal(r.m[3].kind, "url-credentials");
	for (size_t i = 1; i < r.n; i++)
		assert_true(r.m[i].offset >= r.m[i - 1].offset + r.m[i - 1].len);
	/* stopping after the first */
	struct result one;
	memset(&one, 0, sizeof(one));
	one.text = t;
	assert_int_equal(sec_scan_text(t, strlen(t), collect, &one), 0);
	/* a token cut by the length is not matched */
	assert_int_equal(sec_scan_text(t, 10, collect, &one), 0);
	/* NULL callback is a usage error; NULL or tiny text is nothing */
	assert_int_equal(sec_scan_text(t, strlen(t), NULL, NULL), BH_EUSAGE);
	expect_none("");
	memset(&one, 0, sizeof(one));
	assert_int_equal(sec_scan_text(NULL, 0, collect, &one), 0);
	assert_int_equal(one.n, 0);
}

static bool stop_first(void *ctx, const struct sec_match *m)
{
	(void)m;
	(*(int *)ctx)++;
	return false;
}

static void stop_early(void **state)
{
	(void)state;
	char a[64] = "AKIA", b[64] = "AKIA", t[256];
	rnd(a, 16, UPPER32);
	rnd(b, 16, UPPER32);
	cat(t, a, " ", b, NULL);
	int n = 0;
	assert_int_equal(sec_scan_text(t, strlen(t), stop_first, &n), 0);
	assert_int_equal(n, 1);
}

/* Whether t[0..n) contains an anchor of any row, '=' or ':'. */
static bool has_keyword(const char *t, size_t n)
{
	if (memchr(t, '=', n) || memchr(t, ':', n))
		return true;
	for (size_t r = 0; r < sec_nrows; r++)
		for (size_t k = 0; k < SEC_MAX_ANCHORS && sec_rows[r].anchors[k];
		     k++) {
			const char *an = sec_rows[r].anchors[k];
			if (memmem(t, n, an, strlen(an)))
				return true;
		}
	return false;
}

static void property_random_text(void **state)
{
	(void)state;
	/* alphabets rich in the anchors' letters, so near misses abound */
	static const char *const alphabets[] = {
		"abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ\n_-.",
		"ghpousr_AKIASxobapkleyJ-BEGIN 0123456789\n",
		"AKIAGRSEzaI3T_-=:/@ \n0123456789abcdef",
	};
	char *t = malloc(8192);
	assert_non_null(t);
	int keyword_free = 0;
	for (int iter = 0; iter < 3000; iter++) {
		const char *al = alphabets[iter % 3];
		size_t m = strlen(al), n = 1 + next_rand() % 8000;
		for (size_t i = 0; i < n; i++)
			t[i] = al[next_rand() % m];
		t[n] = 0;
		struct result r;
		memset(&r, 0, sizeof(r));
		r.text = t;
		assert_int_equal(sec_scan_text(t, n, collect, &r), 0);
		/* every match in bounds, in order, not overlapping */
		for (size_t i = 0; i < r.n; i++) {
			assert_true(r.m[i].len > 0);
			assert_true(r.m[i].offset + r.m[i].len <= n);
			if (i)
				assert_true(r.m[i].offset >=
					    r.m[i - 1].offset + r.m[i - 1].len);
		}
		if (!has_keyword(t, n)) {
			keyword_free++;
			assert_int_equal(r.n, 0);
		}
	}
	/* the property was exercised, not vacuous */
	assert_true(keyword_free > 100);
	free(t);
}

/* The SIMD and the scalar prefilter find the same matches. */
static void simd_equals_scalar(void **state)
{
	(void)state;
	static const char *const pieces[] = {
		"password: ", "Zq8#Lm2pXv9", "AKIA", "gh" "p_", "://u:", "@h/",
		"-----BEGIN PRIVATE KEY-----\n", "MIIEvQIBADANBgkqhkiG9w0BAQEF",
		"token=", "ey" "JhbGciOiJIUzI1NiJ9.", "the quick brown fox ",
		"\n", " ", "=", ":", "secret_key = '", "'", "xo" "xb-1234-",
		"api_key", "KEY", "Pas", "sk" "_live_",
	};
	char *t = malloc(20000);
	assert_non_null(t);
	size_t total = 0;
	for (int iter = 0; iter < 400; iter++) {
		size_t n = 0;
		while (n < 16000) {
			if (next_rand() % 3 == 0) {
				const char *pc = pieces[next_rand() %
					(sizeof(pieces) / sizeof(pieces[0]))];
				memcpy(t + n, pc, strlen(pc));
				n += strlen(pc);
			} else {
				size_t k = 1 + next_rand() % 40;
				t[n] = 0;
				rnd(t, k, B64 "_- ");
				n += k;
			}
			t[n] = 0;
			if (next_rand() % 50 == 0)
				break;
		}
		struct result a, b;
		memset(&a, 0, sizeof(a));
		memset(&b, 0, sizeof(b));
		a.text = b.text = t;
		bool was = sec_scan_use_simd(true);
		assert_int_equal(sec_scan_text(t, n, collect, &a), 0);
		sec_scan_use_simd(false);
		assert_int_equal(sec_scan_text(t, n, collect, &b), 0);
		sec_scan_use_simd(was);
		assert_int_equal(a.n, b.n);
		total += a.n;
		for (size_t i = 0; i < a.n; i++) {
			assert_int_equal(a.m[i].offset, b.m[i].offset);
			assert_int_equal(a.m[i].len, b.m[i].len);
			assert_string_equal(a.m[i].kind, b.m[i].kind);
		}
	}
	assert_true(total > 400);  /* not vacuous */
	free(t);
}

static bool count_all(void *ctx, const struct sec_match *m)
{
	(void)m;
	(*(size_t *)ctx)++;
	return true;
}

/* Hostile repetitions of anchors, keywords and PEM header lines finish
 * in bounded time: the bound is loose (machines are shared) and catches
 * quadratic or exponential blowups, not a 2x slowdown. */
static void hostile_inputs_are_linear(void **state)
{
	(void)state;
	static const char *const units[] = {
		"password=", "token=Zq8Lm2pXv9", "a: ", "://a:", "pas", "eyJa",
		"-----BEGIN PRIVATE KEY-----\n", "AKIAAKIA", "secret_access_key",
	};
	const size_t n = 1u << 21;  /* 2 MiB of each */
	char *t = malloc(n + 64);
	assert_non_null(t);
	clock_t start = clock();
	for (size_t u = 0; u < sizeof(units) / sizeof(units[0]); u++) {
		size_t k = 0, ul = strlen(units[u]);
		/* one PEM header in front so its body loop sees the run */
		memcpy(t, "-----BEGIN PRIVATE KEY-----\n", 28);
		k = 28;
		while (k + ul < n) {
			memcpy(t + k, units[u], ul);
			k += ul;
		}
		size_t c = 0;
		assert_int_equal(sec_scan_text(t, k, count_all, &c), 0);
	}
	double secs = (double)(clock() - start) / CLOCKS_PER_SEC;
	if (secs > 20)
		printf("hostile inputs took %.1f s\n", secs);
	assert_true(secs < 20);  /* ~0.5 s normally, a few under ASan */
	free(t);
}

/* Every row of the table fired in some test above. */
static void every_id_has_a_positive(void **state)
{
	(void)state;
	for (size_t i = 0; i < sec_pattern_count(); i++) {
		const char *id = sec_pattern_get(i)->id;
		bool found = false;
		for (size_t k = 0; k < nseen; k++)
			found = found || !strcmp(seen[k], id);
		if (!found)
			printf("no positive test for %s\n", id);
		assert_true(found);
	}
}

static void pattern_table(void **state)
{
	(void)state;
	assert_true(sec_pattern_count() >= 25);
	for (size_t i = 0; i < sec_pattern_count(); i++) {
		const struct sec_pattern_info *p = sec_pattern_get(i);
		assert_non_null(p);
		assert_non_null(p->id);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(p->id, sec_pattern_get(j)->id);
	}
	assert_null(sec_pattern_get(sec_pattern_count()));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(regexes_compile),
		cmocka_unit_test(private_keys),
		cmocka_unit_test(aws),
		cmocka_unit_test(token_formats),
		cmocka_unit_test(jwt),
		cmocka_unit_test(service_account),
		cmocka_unit_test(url_credentials),
		cmocka_unit_test(generic_assignments),
		cmocka_unit_test(assignments),
		cmocka_unit_test(names),
		cmocka_unit_test(placeholders),
		cmocka_unit_test(config_files),
		cmocka_unit_test(name_value_pairs),
		cmocka_unit_test(value_behind_many_matches),
		cmocka_unit_test(entropy),
		cmocka_unit_test(secret_files),
		cmocka_unit_test(order_and_bounds),
		cmocka_unit_test(stop_early),
		cmocka_unit_test(property_random_text),
		cmocka_unit_test(simd_equals_scalar),
		cmocka_unit_test(hostile_inputs_are_linear),
		cmocka_unit_test(pattern_table),
		cmocka_unit_test(every_id_has_a_positive),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
