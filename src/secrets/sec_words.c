/* SPDX-License-Identifier: Apache-2.0
 *
 * sec_words.c - judging names and values: is NAME secret-looking, is a
 * value a placeholder or a reference, does it look random enough.
 *
 * This file owns the word lists (sensitive words, the qualifiers that make
 * KEY sensitive, the false friends that make a name harmless) and the
 * placeholder allow-list.  It is a leaf: it calls no other file of
 * src/secrets.  The scanner (sec_scan.c) and the NAME=value verdict
 * (sec_assign.c) ask it; it scans nothing.
 * Tests: tests/unit/secrets/test_secrets.c.
 */
#include "sec_words.h"

#include <math.h>
#include <string.h>
#include <strings.h>
#include "../util/text.h"

#define MAX_WORDS 16
#define MAX_WORD 32

static bool is_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

static bool is_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
static bool is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

static char lower(char c)
{
	return is_upper((unsigned char)c) ? (char)(c - 'A' + 'a') : c;
}

double sec_entropy(const char *s, size_t n)
{
	if (!s || n == 0)
		return 0.0;
	size_t count[256] = { 0 };
	for (size_t i = 0; i < n; i++)
		count[(unsigned char)s[i]]++;
	double h = 0.0;
	for (int c = 0; c < 256; c++) {
		if (!count[c])
			continue;
		double p = (double)count[c] / (double)n;
		h -= p * log2(p);
	}
	return h;
}

/* Case-insensitive substring search in s[0..n). */
static bool icontains(const char *s, size_t n, const char *needle)
{
	size_t m = strlen(needle);
	if (m > n)
		return false;
	for (size_t i = 0; i + m <= n; i++)
		if (!strncasecmp(s + i, needle, m))
			return true;
	return false;
}

static bool ieq(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && !strncasecmp(s, word, n);
}

/* Documentation samples and masked values inside an otherwise well-formed
 * token: "EXAMPLE", long runs of one character, "xxxx", "****", "<...>". */
bool sec_value_looks_fake(const char *v, size_t n)
{
	if (icontains(v, n, "1234567890abcdef") ||
	    icontains(v, n, "abcdefghij") || icontains(v, n, "0123456789"))
		return true;
	return sec_value_looks_fake_words(v, n);
}

bool sec_value_looks_fake_words(const char *v, size_t n)
{
	if (icontains(v, n, "example") || icontains(v, n, "xxxxxxxx") ||
	    icontains(v, n, "****") || icontains(v, n, "dummy") ||
	    icontains(v, n, "placeholder") || icontains(v, n, "redacted") ||
	    icontains(v, n, "changeme"))
		return true;
	/* jwt.io's sample token signature */
	if (icontains(v, n, "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"))
		return true;
	size_t run = 1;
	for (size_t i = 1; i < n; i++) {
		run = v[i] == v[i - 1] ? run + 1 : 1;
		if (run >= 10)
			return true;
	}
	return false;
}

/* Values that say they are not a value: the whole value is one of these
 * (any case).  Weak real passwords ("secret123", "P@ssw0rd", "password",
 * "supersecret") are not here: under a secret-named key they are the most
 * dangerous literals there are (sample_words below). */
static const char *const placeholder_words[] = {
	"changeme", "change_me", "change-me", "changeit", "change_this",
	"change-this", "changethis", "example", "dummy", "fake", "sample",
	"placeholder", "none", "null", "nil", "undefined", "todo", "tbd",
	"fixme", "redacted", "hidden", "token", "xxx", "replace_me",
	"replaceme", "replace-me", "insert_here", "set_me", "setme",
	"required", "optional", "default", "empty", "unset", "notset",
	"not_set", "n/a", "na", "-", "...", "yourpassword", "yoursecret",
	"yourtoken", "yourkey", "yourapikey", NULL,
};

/* Words and weak passwords that free text (prose, scripts, logs, URLs in
 * documentation) uses as samples: quiet there, where nothing says the
 * word is a value; reported under a secret-named key. */
static const char *const sample_words[] = {
	"password", "passwd", "pass", "secret", "test", "testing",
	"mypassword", "my_password", "my-password", "mysecret", "my_secret",
	"secret123", "password123", "foo", "bar",
	"foobar", "baz", "secretpassword", "supersecret", "s3cr3t",
	"p@ssw0rd", "p@ssword", "demo", "admin123", "root123", "12345678",
	"123456", "qwerty", NULL,
};

/* A reference to something else rather than a literal: $VAR, ${VAR},
 * $(cmd), `cmd`, {{ tmpl }}, %VAR%, #{x}, <%= %>, /run/secrets/... */
static bool is_reference(const char *v, size_t n)
{
	if (n == 0)
		return false;
	if (v[0] == '$' && n > 1 &&
	    (v[1] == '{' || v[1] == '(' || v[1] == '_' ||
	     is_upper((unsigned char)v[1]) || is_lower((unsigned char)v[1])))
		return true;
	if (memmem(v, n, "${", 2) || memmem(v, n, "$(", 2) ||
	    memmem(v, n, "{{", 2) || memmem(v, n, "<%", 2) ||
	    memmem(v, n, "#{", 2))
		return true;
	if (v[0] == '`')
		return true;
	if (n >= 3 && v[0] == '%' && v[n - 1] == '%')
		return true;
	if ((n > 13 && !strncmp(v, "/run/secrets/", 13)) ||
	    (n > 17 && !strncmp(v, "/var/run/secrets/", 17)))
		return true;
	return false;
}

/* An all-caps identifier standing for a value: "GOOGLE_API_KEY_VAL",
 * "DB_PASS", "APIKEY" (upper-case letters, digits after the first,
 * words joined by '_'; letters only when there is no '_'). */
static bool caps_identifier(const char *v, size_t n)
{
	if (n < 2 || !is_upper((unsigned char)v[0]))
		return false;
	bool under = false, digit = false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];
		if (c == '_') {
			if (v[i - 1] == '_' || i + 1 == n)
				return false;
			under = true;
		} else if (is_digit(c)) {
			digit = true;
		} else if (!is_upper(c)) {
			return false;
		}
	}
	return under || !digit;
}

/* Trims blanks and one pair of quotes. */
static void trim(const char **pv, size_t *pn)
{
	const char *v = *pv;
	size_t n = *pn;
	while (n && (*v == ' ' || *v == '\t')) {
		v++;
		n--;
	}
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r' ||
		     v[n - 1] == '\n'))
		n--;
	if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
		v++;
		n -= 2;
	}
	*pv = v;
	*pn = n;
}

/* Whole values only: a placeholder is a value that is clearly not a
 * value (see secrets.h). */
bool sec_value_is_placeholder_n(const char *v, size_t n)
{
	trim(&v, &n);
	if (n == 0)
		return true;
	if (is_reference(v, n))
		return true;
	for (size_t i = 0; placeholder_words[i]; i++)
		if (ieq(v, n, placeholder_words[i]))
			return true;
	/* <redacted>, <your-token>, [secret] */
	if ((v[0] == '<' && v[n - 1] == '>') || (v[0] == '[' && v[n - 1] == ']'))
		return true;
	/* example-key, dummy_password, changeme-now: a marker word first */
	static const char *const marker[] = {
		"example", "sample", "dummy", "fake", "placeholder", "changeme",
		"change", "replace", NULL,
	};
	for (size_t i = 0; marker[i]; i++) {
		size_t m = strlen(marker[i]);
		if (n > m + 1 && !strncasecmp(v, marker[i], m) &&
		    (v[m] == '-' || v[m] == '_'))
			return true;
	}
	/* your-..., your_..., yourToken */
	if (n > 5 && (!strncasecmp(v, "your-", 5) || !strncasecmp(v, "your_", 5)))
		return true;
	if (n > 4 && !strncasecmp(v, "your", 4) &&
	    is_upper((unsigned char)v[4]))
		return true;
	/* a masked or elided value: "ab***yz", "sk-..." */
	if (memmem(v, n, "***", 3) || memmem(v, n, "...", 3))
		return true;
	if (caps_identifier(v, n))
		return true;
	/* xxx..., XXXX, **** or a single repeated character */
	bool same = true;
	for (size_t i = 1; i < n; i++)
		if (v[i] != v[0])
			same = false;
	if (same && (n >= 3 || v[0] == 'x' || v[0] == 'X' || v[0] == '*'))
		return true;
	bool all_x = true;
	for (size_t i = 0; i < n; i++)
		if (v[i] != 'x' && v[i] != 'X' && v[i] != '-' && v[i] != '_')
			all_x = false;
	return all_x;
}

bool sec_value_is_sample_n(const char *v, size_t n)
{
	if (sec_value_is_placeholder_n(v, n))
		return true;
	trim(&v, &n);
	for (size_t i = 0; sample_words[i]; i++)
		if (ieq(v, n, sample_words[i]))
			return true;
	return icontains(v, n, "example") || icontains(v, n, "changeme") ||
	       icontains(v, n, "placeholder") || icontains(v, n, "redacted") ||
	       icontains(v, n, "dummy") || icontains(v, n, "replace_me") ||
	       icontains(v, n, "replaceme") || icontains(v, n, "change_me") ||
	       icontains(v, n, "fake");
}

bool sec_is_placeholder(const char *value)
{
	if (!value)
		return true;
	return sec_value_is_placeholder_n(value, strlen(value));
}

/* Words that make a name sensitive when the word ends with them
 * ("ROOTPASSWORD", "AUTHTOKEN", "CLIENTSECRET"). */
#define SUF(s) { s, sizeof(s) - 1 }
static const struct suffix {
	const char *s;
	size_t n;
} sensitive_suffix_words[] = {
	SUF("password"), SUF("passwd"), SUF("passphrase"), SUF("secret"),
	SUF("secrets"), SUF("token"), SUF("tokens"), SUF("apikey"),
	SUF("apikeys"), SUF("credential"), SUF("credentials"),
	SUF("privatekey"), SUF("accesskey"), SUF("secretkey"), SUF("authkey"),
	SUF("apisecret"), SUF("clientsecret"), SUF("apitoken"),
	SUF("authtoken"), SUF("accountkey"), SUF("storagekey"),
	SUF("masterkey"), SUF("encryptionkey"), SUF("signingkey"),
	SUF("licensekey"), SUF("rootpass"), SUF("adminpass"), SUF("dbpass"),
	SUF("userpass"), SUF("masterpass"), { NULL, 0 },
};
#undef SUF

/* Words that are sensitive only on their own. */
static const char *const sensitive_exact_words[] = {
	"pass", "pwd", "auth", "creds", "pat", "pw", NULL,
};

/* Words that make a following KEY/KEYS sensitive. */
static const char *const key_qualifiers[] = {
	"api", "secret", "private", "access", "encryption", "encrypt",
	"signing", "sign", "master", "client", "app", "application", "auth",
	"session", "jwt", "hmac", "account", "storage", "service", "license",
	"crypto", "cipher", "aes", "shared", "cookie", "csrf", "webhook",
	"deploy", "ssh", "subscription", "consumer", "decryption", "root",
	"admin", "sas", "primary", "secondary", "instrumentation", "mailgun",
	"sendgrid", "stripe", "openai", "anthropic", NULL,
};

/* A word after the last sensitive word that makes the name harmless
 * (indirection, metadata, policy). */
static const char *const false_friends[] = {
	"file", "files", "path", "dir", "directory", "url", "uri", "endpoint",
	"id", "ids", "name", "names", "user", "username", "version", "length",
	"len", "min", "max", "minimum", "maximum", "policy", "enabled",
	"enable", "disabled", "required", "require", "ttl", "timeout",
	"expiry", "expires", "expiration", "lifetime", "age", "type", "mode",
	"method", "prefix", "suffix", "header", "algorithm", "algo", "format",
	"size", "count", "env", "var", "location", "host", "port",
	"provider", "backend", "strategy", "scheme", "server", "realm",
	"domain", "issuer", "audience", "scope", "scopes", "rotation",
	"rounds", "cost", "ref", "fingerprint", "field", "hint", "regex",
	"pattern", "validator", "encoding", "cache", "limit", "retries",
	"interval", "store", "mount", "volume", "command", "cmd", "script",
	"helper", "manager", "keyid", "output", "source", "template", "label",
	"annotation", "reset",
	"check", "flag", "option", "options", "config", "settings", "level",
	"namespace", "kind", "class", "duration", "period", "rule",
	"generator", "plugin", "service", "encryption", "complexity",
	"strength", "discovery", "session", NULL,
};

/* A word before the sensitive word that makes the name a switch. */
static const char *const switch_words[] = {
	"allow", "random", "generate", "skip", "no", "disable", "enable",
	"use", "require", "without", "empty", "show", "hide", "reset",
	"forgot", "forget", "change", "verify", "validate", "has", "is",
	"max", "min", "num", "total", "automount", NULL,
};

static bool in_list(const char *w, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (txt_eq(w, list[i]))
			return true;
	return false;
}

/* Whether w (of length n) ends with suf. */
static bool ends_with(const char *w, size_t n, const struct suffix *suf)
{
	size_t b = suf->n;
	return b && n >= b && w[n - 1] == suf->s[b - 1] &&
	       !memcmp(w + n - b, suf->s, b);
}

/* Splits NAME into lower-case words at non-alphanumerics and camelCase
 * humps.  Returns the word count (at most MAX_WORDS; longer names are
 * judged on their first words). */
static size_t split_words(const char *s, size_t n,
			  char words[MAX_WORDS][MAX_WORD])
{
	size_t nw = 0, wl = 0;
	for (size_t i = 0; i <= n; i++) {
		unsigned char c = i < n ? (unsigned char)s[i] : 0;
		bool boundary = !is_alnum(c);
		bool hump = i > 0 && i < n && is_upper(c) &&
			    (is_lower((unsigned char)s[i - 1]) ||
			     is_digit((unsigned char)s[i - 1]));
		if ((boundary || hump) && wl) {
			words[nw][wl] = 0;
			if (++nw == MAX_WORDS)
				return nw;
			wl = 0;
		}
		if (!boundary && wl < MAX_WORD - 1)
			words[nw][wl++] = lower((char)c);
	}
	return nw;
}

static bool word_is_sensitive(char words[MAX_WORDS][MAX_WORD], size_t i,
			      size_t nw)
{
	/* "secret1", "token2": judge the word without its trailing digits */
	char w[MAX_WORD];
	size_t n = strlen(words[i]);
	memcpy(w, words[i], n + 1);
	while (n > 1 && is_digit((unsigned char)w[n - 1]))
		w[--n] = 0;
	for (size_t k = 0; sensitive_suffix_words[k].s; k++)
		if (ends_with(w, n, &sensitive_suffix_words[k]))
			return true;
	if (in_list(w, sensitive_exact_words)) {
		/* PWD alone is the shell's working directory */
		if (nw == 1 && txt_eq(w, "pwd"))
			return false;
		return true;
	}
	if ((txt_eq(w, "key") || txt_eq(w, "keys")) && i > 0 &&
	    in_list(words[i - 1], key_qualifiers))
		return true;
	return false;
}

/* Whether s[i..) starts with the lower-case letters "w" in any case.
 * Or-ing 0x20 folds exactly the ASCII letters onto lower case (no
 * other byte becomes a lower-case letter). */
static bool folded_at(const char *s, size_t n, size_t i, const char *w)
{
	for (; *w; w++, i++)
		if (i >= n || ((unsigned char)s[i] | 0x20) != (unsigned char)*w)
			return false;
	return true;
}

/* A necessary condition of name_sensitive(), checked in one pass: a
 * sensitive word (a suffix word, an exact word or KEY after its
 * qualifier, each a substring of the name as split_words() lowers and
 * cuts it) holds "pass", "secret", "token", "key", "cred", "auth" or
 * "pw" (pwd), or is the exact word "pat": "pat" and digits, so what
 * follows "pat" is no letter, or an upper-case one after a lower-case
 * 't' (a camelCase hump).  Most names (PATH, VERSION, HOME) fail it and
 * are not split into words at all. */
static bool may_be_sensitive(const char *s, size_t n)
{
	/* the first letters of those words, in either case */
	static const bool first[256] = {
		['p'] = true, ['s'] = true, ['t'] = true, ['k'] = true,
		['c'] = true, ['a'] = true, ['P'] = true, ['S'] = true,
		['T'] = true, ['K'] = true, ['C'] = true, ['A'] = true,
	};
	for (size_t i = 0; i + 1 < n; i++) {
		if (!first[(unsigned char)s[i]])
			continue;
		unsigned c1 = (unsigned char)s[i + 1] | 0x20;
		switch ((unsigned char)s[i] | 0x20) {
		case 'p':
			if (c1 == 'w' || folded_at(s, n, i, "pass"))
				return true;
			if (folded_at(s, n, i, "pat")) {
				unsigned char nx = i + 3 < n
							   ? (unsigned char)s[i + 3]
							   : 0;
				if (!is_upper(nx) && !is_lower(nx))
					return true;
				if (is_upper(nx) && is_lower((unsigned char)s[i + 2]))
					return true;
			}
			break;
		case 's':
			if (c1 == 'e' && folded_at(s, n, i, "secret"))
				return true;
			break;
		case 't':
			if (c1 == 'o' && folded_at(s, n, i, "token"))
				return true;
			break;
		case 'k':
			if (c1 == 'e' && folded_at(s, n, i, "key"))
				return true;
			break;
		case 'c':
			if (c1 == 'r' && folded_at(s, n, i, "cred"))
				return true;
			break;
		case 'a':
			if (c1 == 'u' && folded_at(s, n, i, "auth"))
				return true;
			break;
		default:
			break;
		}
	}
	return false;
}

/* "strict": only the unmistakable words count (free text, where "PASS:"
 * and "auth:" are mostly test logs and prose). */
static bool name_sensitive(const char *name, size_t n, bool strict)
{
	if (!may_be_sensitive(name, n))
		return false;
	char words[MAX_WORDS][MAX_WORD];
	size_t nw = split_words(name, n, words);
	size_t last = (size_t)-1;
	for (size_t i = 0; i < nw; i++)
		if (word_is_sensitive(words, i, nw) &&
		    !(strict && in_list(words[i], sensitive_exact_words)))
			last = i;
	if (last == (size_t)-1)
		return false;
	for (size_t i = last + 1; i < nw; i++)
		if (in_list(words[i], false_friends))
			return false;
	/* "public key" never is */
	if (txt_eq(words[last], "key") && last > 0 &&
	    txt_eq(words[last - 1], "public"))
		return false;
	for (size_t i = 0; i < last; i++)
		if (in_list(words[i], switch_words))
			return false;
	return true;
}

bool sec_name_is_sensitive_n(const char *name, size_t n)
{
	return name_sensitive(name, n, false);
}

bool sec_name_is_sensitive_strict_n(const char *name, size_t n)
{
	return name_sensitive(name, n, true);
}

bool sec_name_is_sensitive(const char *name)
{
	if (!name)
		return false;
	return sec_name_is_sensitive_n(name, strlen(name));
}

/* Values that cannot be a secret whatever the name: booleans, tiny numbers,
 * file paths (indirection). */
bool sec_value_is_non_secret(const char *v, size_t n)
{
	static const char *const words[] = {
		"true", "false", "yes", "no", "on", "off", "y", "n",
		"enabled", "disabled", "enable", "disable", "1", "0",
		/* settings: severities, levels, modes */
		"low", "medium", "high", "critical", "info", "warn",
		"warning", "error", "debug", "auto", "always", "never",
		"strict",
		/* nsswitch.conf sources ("passwd: files", "passwd: compat") */
		"files", "compat", "nis", "sss", "ldap", "systemd", NULL,
	};
	for (size_t i = 0; words[i]; i++)
		if (ieq(v, n, words[i]))
			return true;
	bool digits = n > 0;
	for (size_t i = 0; i < n; i++)
		if (!is_digit((unsigned char)v[i]))
			digits = false;
	if (digits && n < 4)
		return true;
	if ((v[0] == '/' || (n > 1 && v[0] == '.' && v[1] == '/') ||
	     (n > 2 && !strncmp(v, "../", 3)) ||
	     (n > 1 && v[0] == '~' && v[1] == '/')) &&
	    !memchr(v, ' ', n))
		return true;
	return false;
}

/* Whether every alphanumeric run of v is a plain word or number
 * ("scram-sha-256", "read-only", "gas/all/x.s", "Known-answer-test"):
 * settings and paths, not random credentials.  A credential has at least
 * one run mixing letters and digits, or upper and lower case past its
 * first letter. */
static bool words_only(const char *v, size_t n)
{
	size_t i = 0;
	while (i < n) {
		while (i < n && !is_alnum((unsigned char)v[i]))
			i++;
		size_t b = i;
		bool dig = false, up = false, low = false;
		while (i < n && is_alnum((unsigned char)v[i])) {
			unsigned char c = (unsigned char)v[i];
			if (is_digit(c))
				dig = true;
			else if (is_upper(c) && i > b)
				up = true;
			else if (is_lower(c))
				low = true;
			i++;
		}
		if (i > b && (((up || low) && dig) || (up && low)))
			return false;
	}
	return true;
}

/* Free-text generic assignments need a value that looks random enough:
 * at least 8 bytes, not a placeholder, and either 3+ bits/char of entropy
 * or three character classes.  Unquoted identifier chains
 * (config.password, os.environ) are code, not literals. */
static int b64_val(unsigned char c)
{
	if (is_upper(c))
		return c - 'A';
	if (is_lower(c))
		return c - 'a' + 26;
	if (is_digit(c))
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Standard base64 with padding (a Kubernetes Secret's data:) decoding to
 * printable ASCII: the decoded length, else 0.  out has n bytes. */
static size_t b64_text(const char *v, size_t n, char *out)
{
	if (n < 4 || n % 4)
		return 0;
	size_t pad = v[n - 1] == '=' ? (v[n - 2] == '=' ? 2 : 1) : 0;
	size_t o = 0;
	for (size_t i = 0; i < n; i += 4) {
		int q[4];
		for (int k = 0; k < 4; k++) {
			bool padded = i + (size_t)k >= n - pad;
			unsigned char c = (unsigned char)v[i + (size_t)k];
			q[k] = padded ? 0 : b64_val(c);
			if (q[k] < 0)
				return 0;
		}
		unsigned w = (unsigned)q[0] << 18 | (unsigned)q[1] << 12 |
			     (unsigned)q[2] << 6 | (unsigned)q[3];
		out[o++] = (char)(w >> 16);
		out[o++] = (char)(w >> 8 & 0xff);
		out[o++] = (char)(w & 0xff);
	}
	o -= pad;
	for (size_t i = 0; i < o; i++)
		if ((unsigned char)out[i] < 0x20 || (unsigned char)out[i] > 0x7e)
			return 0;
	return o;
}

static bool generic_ok(const char *v, size_t n, bool quoted, bool decoded);

bool sec_generic_value_ok(const char *v, size_t n, bool quoted)
{
	return generic_ok(v, n, quoted, false);
}

static bool generic_ok(const char *v, size_t n, bool quoted, bool decoded)
{
	if (n < 8 || n > 512)
		return false;
	if (sec_value_is_sample_n(v, n) || sec_value_is_non_secret(v, n) ||
	    sec_value_looks_fake(v, n))
		return false;
	/* base64 of text (Kubernetes Secret data): judge the text, so
	 * "cGFzc3dvcmQ=" ("password") is a placeholder like its plain form */
	char text[512];
	size_t tn = decoded ? 0 : b64_text(v, n, text);
	if (tn)
		return generic_ok(text, tn, true, true);
	unsigned char c0 = (unsigned char)v[0];
	if (c0 == '!' || c0 == '&' || c0 == '*' || c0 == '|' || c0 == '>' ||
	    c0 == '%' || c0 == '{' || c0 == '$' || c0 == '@')
		return false;
	bool ident = true, has_digit = false, has_upper = false,
	     has_lower = false, has_other = false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];
		if (is_digit(c))
			has_digit = true;
		else if (is_upper(c))
			has_upper = true;
		else if (is_lower(c))
			has_lower = true;
		else
			has_other = true;
		if (c == ' ')
			return false;  /* prose, not a credential */
		if (!(is_alnum(c) || c == '_' || c == '.'))
			ident = false;
	}
	if (!quoted && ident && !has_digit)
		return false;
	if (words_only(v, n))
		return false;
	int classes = has_digit + has_upper + has_lower + has_other;
	double h = sec_entropy(v, n);
	return h >= 3.0 || (classes >= 3 && h >= 2.5);
}

/* A long token that marks itself a documentation sample
 * ("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"); a short value holding such
 * a word ("example1") is a weak password like any other. */
static bool doc_sample(const char *v, size_t n)
{
	return n >= 16 &&
	       (icontains(v, n, "example") || icontains(v, n, "placeholder") ||
		icontains(v, n, "redacted") || icontains(v, n, "changeme"));
}

bool sec_assign_value_ok(const char *v, size_t n, const char *name,
			 size_t nl)
{
	return n && !sec_value_is_placeholder_n(v, n) &&
	       !sec_value_is_non_secret(v, n) &&
	       !(name && n == nl && !strncasecmp(v, name, n)) &&
	       !doc_sample(v, n);
}

bool sec_config_value_ok(const char *v, size_t n, bool quoted,
			 const char *name, size_t nl)
{
	if (n < 3 || n > 512 || !sec_assign_value_ok(v, n, name, nl))
		return false;
	/* YAML anchors, aliases, tags and block scalars, flow collections,
	 * interpolation ("%(x)s", "@token@") */
	unsigned char c0 = (unsigned char)v[0];
	if (c0 == '!' || c0 == '&' || c0 == '*' || c0 == '|' || c0 == '>' ||
	    c0 == '%' || c0 == '{' || c0 == '[' ||
	    (c0 == '@' && v[n - 1] == '@'))
		return false;
	bool chain = !quoted, dot = false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];
		if (c == ' ' || c == '\t')
			return false;  /* a message, not a credential */
		if (c == '.')
			dot = true;
		else if (!(is_upper(c) || is_lower(c) || c == '_'))
			chain = false;
	}
	/* an unquoted identifier chain (settings.db.password) refers to
	 * another setting */
	return !(chain && dot);
}
