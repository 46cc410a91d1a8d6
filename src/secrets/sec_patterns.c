/* SPDX-License-Identifier: Apache-2.0
 *
 * sec_patterns.c - the pattern table: one row per secret kind, with its id,
 * title, severity, the literal anchors the prefilter looks for and the
 * PCRE2 regex tried (anchored) where an anchor is found.
 *
 * This file owns the data and the one custom matcher (Google service
 * account JSON, whose key order is free).  It does not scan: sec_scan.c
 * compiles the regexes and runs the prefilter.  docs/secrets.md lists the
 * rows; keep the two in step.  Tests: tests/unit/secrets/test_secrets.c
 * (a positive and a negative for every id).
 *
 * Token formats come from the vendors' published descriptions (prefixes
 * and lengths); the regexes are our own.
 */
#include "sec_internal.h"

#include <string.h>

#define B "(?![A-Za-z0-9])"  /* token end: no further alphanumeric */

const struct sec_row sec_rows[] = {
	{ { "private-key", "Private key block", BH_SEV_CRITICAL,
	    "-----BEGIN ... PRIVATE KEY-----" },
	  { "-----BEGIN ", NULL },
	  "-----BEGIN (?:(?:RSA|EC|DSA|OPENSSH|PGP|ENCRYPTED|SSH2 ENCRYPTED) )?"
	  "PRIVATE KEY(?: BLOCK)?-----"
	  /* atomic: blanks and "Name: value" header lines, never given back
	   * (a base64 body has no ':'), so a failing body is linear */
	  "(?>(?:[ \\t\\r\\n\"']|\\\\[nr]|[A-Za-z-]{1,40}: ?[^\\r\\n\\\\]{0,200})*)"
	  "[A-Za-z0-9+/=]{16}",
	  SP_NO_FAKE, NULL },
	{ { "aws-access-key-id", "AWS access key id", BH_SEV_HIGH,
	    "AKIA, ASIA, AGPA, AIDA, AROA..." },
	  { "AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AIPA", "ANPA",
	    "ANVA", "AROA", "APKA", "A3T", NULL },
	  /* [A-Z0-9]{16} after the prefix, as Trivy and secretlint accept
	   * (gitleaks: base32 [A-Z2-7]): real ids are base32, but leaked
	   * ids copied by hand, test keys and older ids are not always,
	   * and the prefix, the exact length and the word ends keep the
	   * pattern as narrow anywhere as behind an *_ACCESS_KEY_ID name;
	   * for the same reason an ascending run (AKIA1234567890ABCDEF, a
	   * test key people do push) is reported: only EXAMPLE and the
	   * other sample words make it a sample */
	  "(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|"
	  "APKA)[A-Z0-9]{16}" B,
	  SP_WORD_START | SP_SEQ_REAL, NULL },
	{ { "aws-secret-access-key", "AWS secret access key", BH_SEV_CRITICAL,
	    "aws_secret_access_key = <40 chars>" },
	  { "secret_access_key", "SECRET_ACCESS_KEY", "SecretAccessKey",
	    "secretAccessKey", "secret-access-key", NULL },
	  "(?:secret_access_key|SECRET_ACCESS_KEY|[Ss]ecretAccessKey|"
	  "secret-access-key)[\"']?[ \\t]*(?:[:=,]|=>)?[ \\t]*[\"']?"
	  "([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])",
	  0, NULL },
	{ { "github-pat-classic", "GitHub personal access token (classic)",
	    BH_SEV_HIGH, "ghp_" },
	  { "ghp_", NULL }, "ghp_[A-Za-z0-9]{36,251}" B, SP_WORD_START, NULL },
	{ { "github-pat-fine-grained",
	    "GitHub fine-grained personal access token", BH_SEV_HIGH,
	    "github_pat_" },
	  { "github_pat_", NULL },
	  "github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59,240}" B,
	  SP_WORD_START, NULL },
	{ { "github-oauth-token", "GitHub OAuth access token", BH_SEV_HIGH,
	    "gho_" },
	  { "gho_", NULL }, "gho_[A-Za-z0-9]{36,251}" B, SP_WORD_START, NULL },
	{ { "github-app-token", "GitHub App user or installation token",
	    BH_SEV_HIGH, "ghu_, ghs_" },
	  { "ghu_", "ghs_", NULL }, "gh[us]_[A-Za-z0-9]{36,251}" B,
	  SP_WORD_START, NULL },
	{ { "github-refresh-token", "GitHub refresh token", BH_SEV_HIGH,
	    "ghr_" },
	  { "ghr_", NULL }, "ghr_[A-Za-z0-9]{36,251}" B, SP_WORD_START, NULL },
	{ { "gitlab-pat", "GitLab personal access token", BH_SEV_HIGH,
	    "glpat-" },
	  { "glpat-", NULL }, "glpat-[0-9A-Za-z_.-]{20,300}" B,
	  SP_WORD_START, NULL },
	{ { "gitlab-token", "GitLab deploy, runner, trigger or other token",
	    BH_SEV_HIGH,
	    "gldt-, glrt-, glptt-, gloas-, glcbt-, glimt-, glft-, glsoat-, "
	    "glffct-, glagent-, GR1348941" },
	  { "gldt-", "glrt-", "glptt-", "gloas-", "glcbt-", "glimt-", "glft-",
	    "glsoat-", "glffct-", "glagent-", "GR1348941", NULL },
	  "(?:(?:gldt|glrt|glptt|gloas|glcbt|glimt|glft|glsoat|glffct|glagent)-"
	  "|GR1348941)[0-9A-Za-z_.-]{20,300}" B,
	  SP_WORD_START, NULL },
	{ { "slack-token", "Slack token", BH_SEV_HIGH,
	    "xoxb-, xoxp-, xoxa-, xoxr-, xoxs-, xoxe-, xoxo-" },
	  { "xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxe-", "xoxo-",
	    "xoxe.", NULL },
	  "xox[abeoprs][.-](?:xox[a-z]-)?[0-9]{1,20}-[0-9A-Za-z-]{10,300}" B,
	  SP_WORD_START, NULL },
	{ { "slack-app-token", "Slack app-level token", BH_SEV_HIGH, "xapp-" },
	  { "xapp-", NULL },
	  "xapp-[0-9]-[A-Z0-9]{6,20}-[0-9]{6,20}-[a-z0-9]{20,100}" B,
	  SP_WORD_START, NULL },
	{ { "slack-webhook", "Slack incoming webhook URL", BH_SEV_MEDIUM,
	    "hooks.slack.com/services/" },
	  { "hooks.slack.com/", NULL },
	  "hooks\\.slack\\.com/(?:services|workflows|triggers)/"
	  "([A-Za-z0-9+/_-]{20,200})",
	  0, NULL },
	{ { "stripe-live-key", "Stripe live secret or restricted key",
	    BH_SEV_HIGH, "sk_live_, rk_live_" },
	  { "sk_live_", "rk_live_", NULL }, "[sr]k_live_[0-9A-Za-z]{20,250}" B,
	  SP_WORD_START, NULL },
	{ { "stripe-test-key", "Stripe test secret key", BH_SEV_LOW,
	    "sk_test_, rk_test_" },
	  { "sk_test_", "rk_test_", NULL }, "[sr]k_test_[0-9A-Za-z]{20,250}" B,
	  SP_WORD_START, NULL },
	{ { "google-api-key", "Google API key", BH_SEV_HIGH, "AIza" },
	  { "AIza", NULL }, "AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])",
	  SP_WORD_START, NULL },
	{ { "gcp-service-account", "Google Cloud service account key (JSON)",
	    BH_SEV_CRITICAL, "\"type\": \"service_account\" + \"private_key\"" },
	  { "service_account\"", NULL }, NULL, SP_NO_FAKE,
	  sec_match_service_account },
	{ { "azure-storage-key", "Azure storage account key", BH_SEV_CRITICAL,
	    "AccountKey=" },
	  { "AccountKey=", NULL }, "AccountKey=([A-Za-z0-9+/]{86}==)",
	  0, NULL },
	{ { "azure-shared-access-key",
	    "Azure shared access key (Service Bus, Event Hubs, IoT)",
	    BH_SEV_HIGH, "SharedAccessKey=" },
	  { "SharedAccessKey=", NULL },
	  "SharedAccessKey=([A-Za-z0-9+/]{42,43}=)",
	  0, NULL },
	{ { "npm-token", "npm access token", BH_SEV_HIGH, "npm_" },
	  { "npm_", NULL }, "npm_[A-Za-z0-9]{36}" B, SP_WORD_START, NULL },
	{ { "pypi-token", "PyPI upload token", BH_SEV_HIGH,
	    "pypi-AgEIcHlwaS5vcmc" },
	  { "pypi-AgEIcHlwaS5vcmc", "pypi-AgENdGVzdC5weXBpLm9yZw", NULL },
	  "pypi-Ag(?:EIcHlwaS5vcmc|ENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,}",
	  SP_WORD_START, NULL },
	{ { "dockerhub-pat", "Docker Hub access token", BH_SEV_HIGH,
	    "dckr_pat_, dckr_oat_" },
	  { "dckr_pat_", "dckr_oat_", NULL },
	  "dckr_[po]at_[A-Za-z0-9_-]{27,100}(?![A-Za-z0-9_-])",
	  SP_WORD_START, NULL },
	{ { "jwt", "JSON Web Token", BH_SEV_MEDIUM, "eyJ...eyJ..." },
	  { "eyJ", NULL },
	  "eyJ[A-Za-z0-9_-]{8,4000}\\.eyJ[A-Za-z0-9_-]{8,8000}\\."
	  "[A-Za-z0-9_-]{16,2000}(?![A-Za-z0-9_-])",
	  SP_WORD_START, NULL },
	{ { "http-auth-header", "Credentials in an HTTP Authorization header",
	    BH_SEV_MEDIUM, "Authorization: Basic|Bearer" },
	  { "Authorization:", "authorization:", "AUTHORIZATION:", NULL },
	  "(?i:authorization):[ \\t]*(?:Basic|Bearer|token)[ \\t]+"
	  "([A-Za-z0-9+/=._~-]{16,2000})(?![A-Za-z0-9+/=._~$-])",
	  0, NULL },
	/* .netrc's own syntax (curl, git, ftp read it), written by a RUN
	 * line or found in a file: "machine HOST [login U] password P" */
	{ { "netrc-password", "Password in a .netrc entry", BH_SEV_HIGH,
	    "machine HOST [login USER] password VALUE" },
	  { "machine", NULL },
	  "machine[ \\t]+\\S+(?:[ \\t]+(?:login|account)[ \\t]+\\S+)*"
	  "[ \\t]+password[ \\t]+((?![$<{%])[^\\s\"'`\\\\]{4,200})"
	  "(?![^\\s\"'`\\\\])",
	  SP_WORD_START, NULL },
	/* Pseudo-rows found by code, not by a regex (no anchors). */
	{ { "url-credentials", "Password embedded in a URL", BH_SEV_HIGH,
	    "scheme://user:password@host" },
	  { NULL }, NULL, 0, NULL },
	{ { "generic-secret", "Secret-looking assignment in text",
	    BH_SEV_MEDIUM, "password=, secret:, api_key=, token=..." },
	  { NULL }, NULL, 0, NULL },
	{ { "sensitive-assignment",
	    "Literal value for a secret-named variable", BH_SEV_HIGH,
	    "ENV/ARG/environment NAME=value" },
	  { NULL }, NULL, 0, NULL },
};

const size_t sec_nrows = sizeof(sec_rows) / sizeof(sec_rows[0]);

const struct sec_row *sec_row_by_id(const char *id)
{
	for (size_t i = 0; i < sec_nrows; i++)
		if (!strcmp(sec_rows[i].info.id, id))
			return &sec_rows[i];
	return NULL;
}

size_t sec_pattern_count(void)
{
	return sec_nrows;
}

const struct sec_pattern_info *sec_pattern_get(size_t i)
{
	return i < sec_nrows ? &sec_rows[i].info : NULL;
}

/* Skips JSON whitespace forward from *i. */
static void skip_ws(const char *t, size_t len, size_t *i)
{
	while (*i < len && (t[*i] == ' ' || t[*i] == '\t' || t[*i] == '\r' ||
			    t[*i] == '\n'))
		(*i)++;
}

#define SA_WINDOW ((size_t)16384)

/* "at" is where `service_account"` starts.  A match needs `"type" :
 * "` right before it and a `"private_key"` member with a non-empty
 * string value within SA_WINDOW bytes either side; the value span is the
 * private key string when it follows, else the "service_account" word. */
int sec_match_service_account(const char *t, size_t len, size_t at,
			      size_t *voff, size_t *vlen)
{
	/* backwards: optional ws, '"', optional ws, ':', ws, '"type"' */
	size_t j = at;
	if (j == 0 || t[j - 1] != '"')
		return -1;
	j--;
	while (j > 0 && (t[j - 1] == ' ' || t[j - 1] == '\t' ||
			 t[j - 1] == '\r' || t[j - 1] == '\n'))
		j--;
	if (j == 0 || t[j - 1] != ':')
		return -1;
	j--;
	while (j > 0 && (t[j - 1] == ' ' || t[j - 1] == '\t' ||
			 t[j - 1] == '\r' || t[j - 1] == '\n'))
		j--;
	if (j < 6 || memcmp(t + j - 6, "\"type\"", 6) != 0)
		return -1;

	size_t lo = at > SA_WINDOW ? at - SA_WINDOW : 0;
	size_t hi = len - at > SA_WINDOW ? at + SA_WINDOW : len;
	static const char key[] = "\"private_key\"";
	const char *p = t + lo;
	while (p < t + hi) {
		const char *k = memmem(p, (size_t)(t + hi - p), key,
				       sizeof(key) - 1);
		if (!k)
			return -1;
		size_t i = (size_t)(k - t) + sizeof(key) - 1;
		skip_ws(t, len, &i);
		if (i < len && t[i] == ':') {
			i++;
			skip_ws(t, len, &i);
			if (i + 1 < len && t[i] == '"' && t[i + 1] != '"') {
				size_t s = i + 1, e = s;
				while (e < len && e - s < SA_WINDOW &&
				       t[e] != '"')
					e += t[e] == '\\' ? 2 : 1;
				if (e > len)
					e = len;
				if (s > at) {
					*voff = s;
					*vlen = e - s;
				} else {
					*voff = at;
					*vlen = sizeof("service_account") - 1;
				}
				return 0;
			}
		}
		p = k + 1;
	}
	return -1;
}
