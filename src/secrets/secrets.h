/* SPDX-License-Identifier: Apache-2.0
 *
 * secrets.h - the one secret detector, used by every input kind:
 * Dockerfile ENV/ARG/LABEL/RUN/heredocs, Compose environment, Kubernetes
 * env and Secrets, image config/history/layer files, build context files.
 *
 * A pattern table (ids like "aws-access-key-id") matched with PCRE2 JIT
 * behind a keyword prefilter, plus name-based and entropy-based tests for
 * NAME=value assignments, and an allow-list for placeholders.  The
 * prefilter is built once, by sec_init() or lazily on first use
 * (pthread_once); each pattern's regex compiles on its first use;
 * every function here may run in several threads at once.
 * Values are never copied into findings by this module; the masking
 * primitive (sec_mask_*, sec_mask.c) is what every output goes through.
 * Tests: tests/unit/secrets/.
 */
#ifndef BH_SECRETS_H
#define BH_SECRETS_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/span.h"
#include "../util/strbuf.h"

struct sec_match {
	const char *kind;          /* pattern id, e.g. "github-pat-classic" */
	const char *title;         /* "GitHub personal access token" */
	enum bh_severity severity;
	size_t offset;             /* of the secret value in the text */
	size_t len;
};

/* Called once per match, in text order.  Return false to stop. */
typedef bool (*sec_match_fn)(void *ctx, const struct sec_match *m);

/* Builds the prefilter tables (once; later calls return the first
 * result; the regexes compile on first use).  0 or a negative BH_E*
 * code. */
int sec_init(void);

/* Scan free text for known token formats, private key blocks and
 * generic `password=...`/`secret: ...` assignments with an entropy test.
 * Returns 0 or a negative BH_E* code. */
int sec_scan_text(const char *text, size_t len, sec_match_fn fn, void *ctx);

/* Whether a file name names a config file: *.ini, *.conf, *.cfg, *.cnf,
 * *.properties, *.env (and .env, .env.*), *.toml, *.yaml, *.yml, *.json,
 * *.xml; not a template (*.example, *.sample, *.tmpl, *.j2, ...: their
 * values are samples). */
bool sec_path_is_config(const char *path);

/* The one entry for the text of a file (a build context file, an image
 * layer's file, a Dockerfile heredoc written to "path"; path may be NULL
 * for text of no file): a config file (sec_path_is_config) is judged with
 * the assignment rules (`password = value`, `password: value`,
 * `"password": "value"`, `<password>value</password>`: a sensitive key
 * and a literal that is not a placeholder), other text with
 * sec_scan_text()'s stricter free-text rules.  Token formats, and the
 * value of a secret-named name/value pair ({"name": "DB_PASSWORD",
 * "value": "..."}, YAML flow or block) by the assignment rules, either
 * way.
 * Returns 0 or a negative BH_E* code. */
int sec_scan_file(const char *path, const char *text, size_t len,
		  sec_match_fn fn, void *ctx);

/* Judge one NAME=value assignment (ENV, ARG, LABEL, environment:, env:).
 * True when the value is a known token format, or the name is
 * secret-looking and the value is a literal that is not a placeholder or
 * a reference; *out describes why (offset/len are within "value"). */
bool sec_check_assignment(const char *name, const char *value,
			  struct sec_match *out);
/* The same, and *clean (when not NULL) set when the value's token scan
 * ran to its end and found nothing: sec_scan_text() of the value then
 * finds nothing either, and a caller that would scan it next need not. */
bool sec_check_assignment_ex(const char *name, const char *value,
			     struct sec_match *out, bool *clean);

/* Secret-looking variable name (PASSWORD, *_TOKEN, API_KEY, ...), with the
 * usual false friends allowed (GPG_KEY, *_PASSWORD_FILE, PATH...). */
bool sec_name_is_sensitive(const char *name);

/* Values that are clearly not a value, judged whole: "", a reference or
 * template ("${VAR}", "$VAR", "{{ x }}", "<redacted>", "/run/secrets/..."),
 * an all-caps identifier ("GOOGLE_API_KEY_VAL"), "your-...", "xxx", "***",
 * "changeme", "EXAMPLE".  Weak real passwords ("secret123", "P@ssw0rd",
 * "password") are not placeholders. */
bool sec_is_placeholder(const char *value);

/* One word of a command line: s[0..n), not NUL-terminated; n == 0 for
 * a word that is not there. */
struct sec_word {
	const char *s;
	size_t n;
};

/* The password a known tool takes in word "w" of its command line,
 * given the command's base name and the one and two words before w:
 * curl -u user:PW (also -fsSu, -U, --user, --proxy-user, attached
 * -uuser:PW), wget --password=PW (--http-, --ftp-), sshpass -p PW,
 * redis-cli -a PW, mysql/mysqldump/mysqladmin/mariadb -pPW, -p PW of
 * mongo*, az, docker, podman, buildah, skopeo, helm, oras login,
 * mysqladmin password PW, sqlcmd/bcp/osql -P PW, ldap* -w PW,
 * rabbitmqctl add_user|change_password USER PW, openssl -passin|
 * -passout|-pass|-password pass:PW.  The one list: src/rules/cmdpw.c
 * reports these and sec_mask.c hides them.  Returns the password's
 * offset within w (its length in *len), or -1.  Whether the value is a
 * reference or a placeholder is the caller's to judge. */
long sec_cli_tool_password(struct sec_word cmd, struct sec_word prev2,
			   struct sec_word prev, struct sec_word w,
			   size_t *len);

/* Whether "cmd" (a command's base name) is one of the tools
 * sec_cli_tool_password() knows: when it is not, that returns -1 for
 * every word, and a caller can skip the call. */
bool sec_cli_is_tool(struct sec_word cmd);

/* Shannon entropy in bits per character of s[0..n). */
double sec_entropy(const char *s, size_t n);

/* Whether a file path (relative, '/'-separated) names a secret file:
 * private keys, .env, .npmrc, .pypirc, .netrc, .docker/config.json,
 * .aws/credentials, .ssh/, *.p12, *.pfx, *.key, .git/, shell history...
 * *kind gets a short id ("private-key-file", "dotenv"...).  *.pem is not
 * decided by name (CA certificates share it): see sec_file_is_secret(). */
bool sec_path_is_secret_file(const char *path, const char **kind);

/* Like sec_path_is_secret_file(), and also judges files that only their
 * content makes secret: "head" (the first bytes of the file, may be NULL)
 * is searched for a PRIVATE KEY block when the name is ambiguous (*.pem,
 * *.crt, *.cer, *.txt, no extension...).  CA bundles stay quiet. */
bool sec_file_is_secret(const char *path, const char *head, size_t n,
			const char **kind);

/* Whether sec_file_is_secret() would look at the content of "path" (its
 * name alone does not decide): lets walkers skip reading other files. */
bool sec_path_needs_content(const char *path);

/* ---- masking (sec_mask.c) ----------------------------------------------
 * The one primitive every output goes through: find what to hide in a
 * text, then write a masked copy.  A value is hidden whole past a short
 * prefix: when it has at least SEC_MASK_KEEP_MIN bytes and starts with a
 * token format's own prefix (an anchor of the pattern table: "ghp_",
 * "AKIA", "xoxb-"), up to SEC_MASK_KEEP bytes of that prefix stay, so the
 * reader can tell the kind; nothing stays of any other value (a password
 * has no format prefix: its first bytes are secret), of a shorter one, or
 * of a URL password. */
#define SEC_MASK_KEEP 4
#define SEC_MASK_KEEP_MIN 16
/* Shortest value sec_mask_find_value() looks for (shorter ones would hide
 * ordinary words of a message). */
#define SEC_MASK_FIND_MIN 3

#define SEC_SPAN_WHOLE 0x1u   /* keep no prefix (URL passwords) */

struct sec_span {
	size_t off;               /* byte range of the text to hide */
	size_t len;
	unsigned flags;           /* SEC_SPAN_* */
};

/* A growable list; zero-initialise, free with sec_spans_free(). */
struct sec_spans {
	struct sec_span *v;
	size_t n, cap;
};

int sec_spans_add(struct sec_spans *s, size_t off, size_t len, unsigned flags);
void sec_spans_free(struct sec_spans *s);

/* The masked form of value[0..n) into buf (NUL-terminated): "ghp_****"
 * for a long value with a token format's prefix, else "****". */
void sec_mask_value(const char *value, size_t n, char *buf, size_t size);

/* How many bytes from m->offset of text[0..len) hiding match "m" takes:
 * m->len, or for a private key block the whole block up to its END
 * marker (the match itself stops after the first body bytes). */
size_t sec_mask_extent(const char *text, size_t len, const struct sec_match *m);

/* Appends to *out what must be hidden in text[0..len): every engine match
 * (a private key block up to its END line), the password of every URL
 * "scheme://user:password@host" (any length; not a $VAR reference), the
 * value of every NAME=value word or NAME: value pair (YAML, JSON)
 * sec_check_assignment() judges secret, the value of a secret-named
 * {"name": ..., "value": ...} entry (an engine match),
 * and passwords given as command arguments (curl -u user:PW, --password
 * PW, sshpass -p PW, docker login -p PW, mysql -pPW) or piped into
 * chpasswd or passwd (echo root:PW | chpasswd).  0 or BH_ENOMEM. */
int sec_mask_find(const char *text, size_t len, struct sec_spans *out);

/* Appends every occurrence in text[0..len) of value[0..vlen) (a value a
 * parser or check knows is secret) that is not part of a longer word;
 * nothing for values under SEC_MASK_FIND_MIN bytes or of one character
 * class ("postgres", "8080": ordinary words elsewhere).  0 or BH_ENOMEM. */
int sec_mask_find_value(const char *text, size_t len, const char *value,
			size_t vlen, struct sec_spans *out);

enum sec_mask_style {
	/* each hidden character becomes one of the same UTF-8 and UTF-16
	 * length ('*' for ASCII): byte columns stay valid (excerpts) */
	SEC_MASK_INLINE,
	/* each hidden value becomes "****" after its kept prefix (messages) */
	SEC_MASK_SHORT,
};

/* Appends text[0..len) to "out" with "spans" (any order, overlapping
 * ones merged; sorted in place) hidden in "style".  0 or BH_ENOMEM. */
int sec_mask_apply(const char *text, size_t len, struct sec_spans *spans,
		   enum sec_mask_style style, struct strbuf *out);

/* sec_mask_find() plus "extra" spans (may be NULL), then sec_mask_apply():
 * the masked copy of a line or message in one call. */
int sec_mask_text(const char *text, size_t len, const struct sec_span *extra,
		  size_t nextra, enum sec_mask_style style, struct strbuf *out);

/* Masks the NUL-terminated message in buf (size bytes) in place, short
 * style, cutting it to fit: diag_set_filter()'s filter for error lines. */
void sec_mask_buf(char *buf, size_t size);
/* ---- inputs of any size (sec_stream.c) ---- */

/* Every scanner decision about a match looks at most this many bytes
 * before or after it (sec_stream.c explains the bound). */
#define SEC_STREAM_REACH ((size_t)128 << 10)
/* Default chunk: memory used per stream (files smaller than this are
 * read whole into a buffer of their size). */
#define SEC_STREAM_CHUNK ((size_t)4 << 20)

/* Reads up to n bytes into buf: how many, 0 at the end, < 0 on error. */
typedef long (*sec_read_fn)(void *ctx, char *buf, size_t n);

/* One match found in a stream.  Pointers are into the scanner's buffer,
 * valid during the callback only; texts are not NUL-terminated. */
struct sec_hit {
	const struct sec_match *m;  /* offset: from the start of the stream */
	long line, col;             /* 1-based; columns count bytes */
	long end_line, end_col;     /* the end, exclusive */
	const char *line_text;      /* the match's line from its start up to
				     * its '\n' (or as far as the buffer
				     * goes), '\r' dropped; NULL when the
				     * line starts before the buffer */
	size_t line_len;
	const char *prev_text;      /* the last non-blank line before it, or
				     * NULL (none, or not in memory) */
	size_t prev_len;
	long prev_line;
};

/* Called once per match, in stream order.  Return false to stop. */
typedef bool (*sec_hit_fn)(void *ctx, const struct sec_hit *h);

/* Reads the stream through "rd" and scans it in chunks of "chunk" bytes
 * (0: SEC_STREAM_CHUNK; at least 4 * SEC_STREAM_REACH) overlapping by
 * 2 * SEC_STREAM_REACH: every match is reported once, at the place a scan
 * of the whole text reports it, also when it crosses a chunk boundary.
 * Memory: one buffer of at most "chunk" bytes.  Returns 0, BH_EIO (the
 * reader failed), BH_ENOMEM or another negative BH_E* code. */
int sec_scan_stream(sec_read_fn rd, void *rctx, size_t chunk,
		    sec_hit_fn fn, void *ctx);

/* sec_scan_stream() of the file named "path" (may be NULL), judged as
 * sec_scan_file() judges it. */
int sec_scan_stream_file(const char *path, sec_read_fn rd, void *rctx,
			 size_t chunk, sec_hit_fn fn, void *ctx);

/* ---- ids ---- */

/* Whether "id" names a secret kind `bulkhead secrets` reports, in any
 * case: a pattern id ("generic-secret"), "secret-file" (every secret
 * file) or "secret-file:<kind>" ("secret-file:dotenv").  Its canonical
 * (lower-case) spelling is written to buf. */
bool sec_id_canon(const char *id, char *buf, size_t size);

/* The distinct kinds sec_path_is_secret_file() / sec_file_is_secret()
 * give ("dotenv", "private-key-file", ...): count and i-th (static). */
size_t sec_file_kind_count(void);
const char *sec_file_kind_get(size_t i);

/* The pattern table, for documentation and `bulkhead rules`-like listings.
 * Rows are static; the count includes the name- and entropy-based ids. */
struct sec_pattern_info {
	const char *id;
	const char *title;
	enum bh_severity severity;
	const char *example_prefix;  /* literal anchor(s), "" for generic */
};
size_t sec_pattern_count(void);
const struct sec_pattern_info *sec_pattern_get(size_t i);

#endif
