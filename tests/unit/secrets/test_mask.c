/* SPDX-License-Identifier: Apache-2.0
 *
 * test_mask.c - the masking primitive (src/secrets/sec_mask.c): the
 * masked form of a value, what sec_mask_find() hides in a text, literal
 * values, and the two styles of masked copy.
 *
 * Test tokens are assembled at run time from a prefix and a fixed tail,
 * so this file holds nothing that looks like a live secret to other
 * scanners.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "secrets/secrets.h"
#include "util/diag.h"
#include "util/strbuf.h"

/* "ghp_" + 36 characters */
static const char *gh_token(void)
{
	static char t[64];
	snprintf(t, sizeof(t), "%s%s", "gh" "p_", "R8d2kQ7xLmP4vN9sT3wY6zB1cF5hJ0aE2gK4");
	return t;
}

/* The masked copy of "text" in "style" (heap; caller frees). */
static char *mask(const char *text, enum sec_mask_style style)
{
	struct strbuf sb = STRBUF_INIT;
	assert_int_equal(sec_mask_text(text, strlen(text), NULL, 0, style, &sb), 0);
	return strbuf_detach(&sb);
}

static void value_form(void **state)
{
	(void)state;
	char buf[32];
	sec_mask_value(gh_token(), strlen(gh_token()), buf, sizeof(buf));
	assert_string_equal(buf, "ghp_****");
	/* under 16 bytes: nothing kept */
	sec_mask_value("Zx9#kq2Lm0pQ7vT", 15, buf, sizeof(buf));
	assert_string_equal(buf, "****");
	sec_mask_value("abc", 3, buf, sizeof(buf));
	assert_string_equal(buf, "****");
	/* a prefix that is not printable ASCII is not kept */
	sec_mask_value("\xc3\xa9\xc3\xa9xxxxxxxxxxxxxxxxxx", 22, buf, sizeof(buf));
	assert_string_equal(buf, "****");
	sec_mask_value(NULL, 0, buf, sizeof(buf));
	assert_string_equal(buf, "****");
	/* too small a buffer keeps nothing rather than cut the stars */
	char tiny[6];
	sec_mask_value(gh_token(), strlen(gh_token()), tiny, sizeof(tiny));
	assert_string_equal(tiny, "****");
}

/* A long value keeps the start of a token format's own prefix only: a
 * password has none, so none of it shows; masking again changes
 * nothing. */
static void prefix_only_of_token_formats(void **state)
{
	(void)state;
	char *m = mask("DB_PASSWORD=Rv3pLongHumanPassword1", SEC_MASK_SHORT);
	assert_string_equal(m, "DB_PASSWORD=****");
	free(m);
	char line[128];
	snprintf(line, sizeof(line), "SLACK=%s%s", "xo" "xb-",
		 "123456789012-123456789012-Qm7vT2xK9pL4wZ8rBn3Ct5Dy");
	m = mask(line, SEC_MASK_INLINE);
	assert_non_null(strstr(m, "SLACK=xoxb*"));
	char *again = mask(m, SEC_MASK_INLINE);
	assert_string_equal(again, m);
	free(again);
	free(m);
}

/* Two secrets on one line, each hidden; the text around them kept. */
static void two_on_a_line(void **state)
{
	(void)state;
	char line[256];
	snprintf(line, sizeof(line),
		 "ENV GOOGLE_API_KEY=%s%s GOOGLE_CLIENT_SECRET=Qm7vT2xK9pL4wZ8r",
		 "AI" "za", "SyD3x9kQ7LmP4vN9sT3wY6zB1cF5hJ0aE2g");
	char *m = mask(line, SEC_MASK_SHORT);
	assert_string_equal(m, "ENV GOOGLE_API_KEY=AIza**** GOOGLE_CLIENT_SECRET=****");
	free(m);
	m = mask(line, SEC_MASK_INLINE);
	assert_int_equal(strlen(m), strlen(line));
	assert_null(strstr(m, "aE2g"));
	assert_null(strstr(m, "wZ8r"));
	assert_non_null(strstr(m, "GOOGLE_CLIENT_SECRET=****************"));
	free(m);
}

/* A URL password goes whatever its length and host; a $VAR stays. */
static void url_passwords(void **state)
{
	(void)state;
	char *m = mask("git clone https://bob:Tk9@git.example.com/a.git",
		       SEC_MASK_SHORT);
	assert_string_equal(m, "git clone https://bob:****@git.example.com/a.git");
	free(m);
	m = mask("pip install git+https://u:LongPassw0rdValue99@h/x",
		 SEC_MASK_SHORT);
	assert_string_equal(m, "pip install git+https://u:****@h/x");
	free(m);
	m = mask("curl https://u:${TOKEN}@h/ https://u:$T@h/", SEC_MASK_SHORT);
	assert_string_equal(m, "curl https://u:${TOKEN}@h/ https://u:$T@h/");
	free(m);
}

/* NAME=value words and NAME: value pairs judged by name: short values
 * too. */
static void assignments(void **state)
{
	(void)state;
	char *m = mask("RUN export DB_PASSWORD=s3Kr && wget --password=Pw9x u",
		       SEC_MASK_SHORT);
	assert_string_equal(m, "RUN export DB_PASSWORD=**** && wget --password=**** u");
	free(m);
	/* placeholders, references and harmless names stay */
	m = mask("DB_PASSWORD=changeme TOKEN=$T PATH=/usr/bin A=b",
		 SEC_MASK_SHORT);
	assert_string_equal(m, "DB_PASSWORD=changeme TOKEN=$T PATH=/usr/bin A=b");
	free(m);
	m = mask("API_TOKEN=\"Qx7#pL2v\" x", SEC_MASK_INLINE);
	assert_string_equal(m, "API_TOKEN=\"********\" x");
	free(m);
	/* NAME: value in YAML (block and flow) and JSON */
	m = mask("  password: By3Hk", SEC_MASK_INLINE);
	assert_string_equal(m, "  password: *****");
	free(m);
	m = mask("stringData: {password: By3Hk, user: app}", SEC_MASK_INLINE);
	assert_string_equal(m, "stringData: {password: *****, user: app}");
	free(m);
	m = mask("{\"token\":\"Qx7#pL2v\", \"id\": 3}", SEC_MASK_INLINE);
	assert_string_equal(m, "{\"token\":\"********\", \"id\": 3}");
	free(m);
	/* not a pair: URLs, image tags, prose after a quoted name,
	 * placeholders */
	m = mask("image: nginx:1.27 url: https://h:8080/x password: ${DB_PW}",
		 SEC_MASK_INLINE);
	assert_string_equal(m, "image: nginx:1.27 url: https://h:8080/x password: ${DB_PW}");
	free(m);
	m = mask("Secret \"creds\": data.password holds a value", SEC_MASK_SHORT);
	assert_string_equal(m, "Secret \"creds\": data.password holds a value");
	free(m);
}

/* Passwords given as command arguments, in RUN lines and history. */
static void command_lines(void **state)
{
	(void)state;
	char *m = mask("RUN curl -fsu admin:Jx5Pw https://h/ && mysql -pHv4Tq -h db",
		       SEC_MASK_SHORT);
	assert_string_equal(m, "RUN curl -fsu admin:**** https://h/ && mysql -p**** -h db");
	free(m);
	m = mask("|1 X=y /bin/sh -c curl -u admin:Jx5Pw https://h/ && "
		 "sshpass -p 'Kw2Rt' ssh h; docker login -p Zq3Lm r; "
		 "tool --password Vb8Nc", SEC_MASK_SHORT);
	assert_string_equal(m, "|1 X=y /bin/sh -c curl -u admin:**** https://h/ && "
			    "sshpass -p '****' ssh h; docker login -p **** r; "
			    "tool --password ****");
	free(m);
	/* references and placeholders stay */
	m = mask("curl -u admin:$PW h; mysql -p${DB_PW}; x --password changeme",
		 SEC_MASK_SHORT);
	assert_string_equal(m, "curl -u admin:$PW h; mysql -p${DB_PW}; x --password changeme");
	free(m);
}

/* Passwords piped into chpasswd or passwd (Checkov CKV2_DOCKER_17): every
 * line's password, also in `dump`'s JSON-escaped strings; references,
 * placeholders, hashes (chpasswd -e: masked as hashes) and a plain passwd
 * without a pipe stay. */
static void piped_passwords(void **state)
{
	(void)state;
	char *m = mask("RUN echo 'root:Pw7Weak' | chpasswd && "
		       "echo -e \"Tw9Weak\\nTw9Weak\" | sudo passwd root; "
		       "printf 'a:Ab3x\\nb:Cd4y\\n' | chpasswd", SEC_MASK_SHORT);
	assert_string_equal(m, "RUN echo 'root:****' | chpasswd && "
			    "echo -e \"****\\n****\" | sudo passwd root; "
			    "printf 'a:****\\nb:****\\n' | chpasswd");
	free(m);
	m = mask("(run \"echo \\\"Sd5Weak\\\" | passwd --stdin root\")",
		 SEC_MASK_SHORT);
	assert_string_equal(m, "(run \"echo \\\"****\\\" | passwd --stdin root\")");
	free(m);
	m = mask("echo \"root:$PW\" | chpasswd; echo root:changeme | chpasswd; "
		 "passwd -d root; echo x >/etc/passwd; cat /etc/passwd | grep root",
		 SEC_MASK_SHORT);
	assert_string_equal(m, "echo \"root:$PW\" | chpasswd; echo root:changeme | chpasswd; "
			    "passwd -d root; echo x >/etc/passwd; cat /etc/passwd | grep root");
	free(m);
}

/* The finders that look 16 bytes a step (the "wd" of passwd, the "iz"
 * of authorization, the end of a word) at every offset from a 16-byte
 * boundary, after a long word, and at a text's end. */
static void every_offset(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{ "curl -H \"Authorization: Bearer Qd8mZ2xK\" h",
		  "curl -H \"Authorization: Bearer ****\" h" },
		{ "curl -H 'authorization: Qd8mZ2xKq'",
		  "curl -H 'authorization: ****'" },
		{ "echo root:Pw7Weak | chpasswd",
		  "echo root:**** | chpasswd" },
		{ "echo Tw9Weak | passwd root", "echo **** | passwd root" },
		{ "mysql -uroot -pZx9Weak2 db", "mysql -uroot -p**** db" },
		{ "docker login -u me -p Zx9Weak2",
		  "docker login -u me -p ****" },
		{ "app --db-password Zx9Weak2aaaaaaaaaaaaaaaaaaaaaaaaaaaa1 x",
		  "app --db-password **** x" },
		{ "[\"app\",\"--password\",\"Zx9W\"]}",
		  "[\"app\",\"--password\",\"****\"]}" },
	};
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++)
		for (size_t pad = 0; pad < 40; pad++) {
			char in[256], want[256];
			/* a long word first (no blank for "pad" bytes), then
			 * the command */
			memset(in, 'a', pad);
			memset(want, 'a', pad);
			snprintf(in + pad, sizeof(in) - pad, "%s%s",
				 pad ? "; " : "", cases[k][0]);
			snprintf(want + pad, sizeof(want) - pad, "%s%s",
				 pad ? "; " : "", cases[k][1]);
			char *m = mask(in, SEC_MASK_SHORT);
			assert_string_equal(m, want);
			free(m);
		}
	/* near misses stay */
	char *m = mask("echo a:Pw7Weak | passwdx; echo b:Pw7Weak | xpasswd; "
		       "echo c:Pw7Weak | pass wd; Authorizaton: Qd8mZ2xK",
		       SEC_MASK_SHORT);
	assert_string_equal(m, "echo a:Pw7Weak | passwdx; echo b:Pw7Weak | xpasswd; "
			    "echo c:Pw7Weak | pass wd; Authorizaton: Qd8mZ2xK");
	free(m);
}

/* Exec-form arrays (Dockerfile JSON form, K8s/Compose command: and
 * args:, YAML flow sequences): an item's quotes and comma are not part
 * of the word, so the option before a password is known. */
static void exec_form(void **state)
{
	(void)state;
	char *m = mask("command: [\"mysqld\", \"--password\", \"Sq3Lp9Xv\"]",
		       SEC_MASK_INLINE);
	assert_string_equal(m, "command: [\"mysqld\", \"--password\", \"********\"]");
	free(m);
	m = mask("args: [\"--requirepass\", \"rP8s2Kqz\"]", SEC_MASK_INLINE);
	assert_string_equal(m, "args: [\"--requirepass\", \"********\"]");
	free(m);
	m = mask("CMD [\"app\",\"--password\",\"Xq7pw9Lk\"]", SEC_MASK_SHORT);
	assert_string_equal(m, "CMD [\"app\",\"--password\",\"****\"]");
	free(m);
	m = mask("args: [--token, Tk9zQ2mL, --verbose]", SEC_MASK_SHORT);
	assert_string_equal(m, "args: [--token, ****, --verbose]");
	free(m);
	m = mask("[\"sh\",\"-c\",\"mysql -pHv4Tq db\"]", SEC_MASK_SHORT);
	assert_string_equal(m, "[\"sh\",\"-c\",\"mysql -p**** db\"]");
	free(m);
	/* the command after a YAML key, a list item, a Dockerfile exec
	 * form, HEALTHCHECK CMD and Compose's ["CMD", ...] (these were
	 * taken for the command: the password was shown) */
	m = mask("command: mongosh -u root -p Mg7pQ2xZ --eval x", SEC_MASK_SHORT);
	assert_string_equal(m, "command: mongosh -u root -p **** --eval x");
	free(m);
	m = mask("    - mysqladmin -u root password My4pW8zQ", SEC_MASK_SHORT);
	assert_string_equal(m, "    - mysqladmin -u root password ****");
	free(m);
	m = mask("CMD [\"rabbitmqctl\", \"add_user\", \"bob\", \"Rb5kT9wQ\"]",
		 SEC_MASK_SHORT);
	assert_string_equal(m, "CMD [\"rabbitmqctl\", \"add_user\", \"bob\", \"****\"]");
	free(m);
	m = mask("HEALTHCHECK --interval=5s CMD sqlcmd -P Sq8wE3rT -Q x",
		 SEC_MASK_SHORT);
	assert_string_equal(m, "HEALTHCHECK --interval=5s CMD sqlcmd -P **** -Q x");
	free(m);
	m = mask("test: [\"CMD\", \"az\", \"login\", \"-p\", \"Az3mK8pQ\"]",
		 SEC_MASK_SHORT);
	assert_string_equal(m, "test: [\"CMD\", \"az\", \"login\", \"-p\", \"****\"]");
	free(m);
	m = mask("ENTRYPOINT [\"ldapsearch\", \"-w\", \"Ld6pX2qW\"]", SEC_MASK_SHORT);
	assert_string_equal(m, "ENTRYPOINT [\"ldapsearch\", \"-w\", \"****\"]");
	free(m);
	/* an option's value that is the next option, --password-stdin */
	m = mask("docker login --password-stdin registry.io; x --token --verbose",
		 SEC_MASK_SHORT);
	assert_string_equal(m, "docker login --password-stdin registry.io; x --token --verbose");
	free(m);
}

/* Same-line secrets in other syntaxes: headers, Ruby hashes, XML,
 * long options, password hashes, settings commands, ODBC, YAML
 * single-quoted escapes. */
static void other_syntaxes(void **state)
{
	(void)state;
	static const struct { const char *in, *want; } cases[] = {
		{ "curl -H \"Authorization: Bearer Qd8mZ2xK\" https://h",
		  "curl -H \"Authorization: Bearer ****\" https://h" },
		{ "{\"authorization\": \"Basic YWRtaW46Wm\"}",
		  "{\"authorization\": \"Basic ****\"}" },
		{ "curl -H \"Authorization: Bearer $TOKEN\" h",
		  "curl -H \"Authorization: Bearer $TOKEN\" h" },
		{ "  :password => \"Hn7rTw9q\",", "  :password => \"****\"," },
		{ "'db_password' => 'Hn7rTw9q'", "'db_password' => '****'" },
		{ "<password>Xm1Sc3Pw</password>", "<password>****</password>" },
		{ "<ns:Secret>Xm1Sc3Pw</ns:Secret>", "<ns:Secret>****</ns:Secret>" },
		{ "<password>${env.PW}</password>", "<password>${env.PW}</password>" },
		{ "app --token Tk9zQ2mL --api-key=Ak3qP9zW -v",
		  "app --token **** --api-key=**** -v" },
		{ "curl --oauth2-bearer Bq7tZx9m h; curl --oauth2-bearer=Bq7tZx9m h",
		  "curl --oauth2-bearer **** h; curl --oauth2-bearer=**** h" },
		{ "keytool -importcert -storepass Ks8pW2qz -noprompt",
		  "keytool -importcert -storepass **** -noprompt" },
		{ "echo 'admin:$apr1$Zx9k2Lmq$Yb7Qp3Wc0Fv1Nh8Jt5Rs6.' > .htpasswd",
		  "echo 'admin:****' > .htpasswd" },
		{ "htpasswd -bc /etc/nginx/.htpasswd admin Hp4wQz8x && nginx",
		  "htpasswd -bc /etc/nginx/.htpasswd admin **** && nginx" },
		{ "htpasswd -nbB admin Hp4wQz8x", "htpasswd -nbB admin ****" },
		{ ("aws configure set aws_secret_access_key Wq8Zr4Tn2Lp6 && "
		   "aws configure set region eu-west-1"),
		  ("aws configure set aws_secret_access_key **** && "
		   "aws configure set region eu-west-1") },
		{ "npm config set //r.io/:_authToken Np4kQ9zx",
		  "npm config set //r.io/:_authToken ****" },
		{ "DRIVER={ODBC};SERVER=db;UID=sa;PWD=Od8cPw4Z;",
		  "DRIVER={ODBC};SERVER=db;UID=sa;PWD=****;" },
		{ "PWD=/app cd $PWD", "PWD=/app cd $PWD" },
		{ "password: 'it''s Yq9pw2Zx'", "password: '****'" },
		{ "  password: my Yq9pw2Zx pass  # note",
		  "  password: ****  # note" },
		{ "redis-cli -a Rc8pw3Zx ping", "redis-cli -a **** ping" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *m = mask(cases[i].in, SEC_MASK_SHORT);
		if (strcmp(m, cases[i].want))
			fail_msg("masking [%s]: got [%s], want [%s]", cases[i].in,
				 m, cases[i].want);
		free(m);
	}
}

/* A message is prose: "holds a secret: literal value" is not a
 * "NAME: value" pair (a key starts a line or follows '{' ',' '[' '('
 * or a quote), so its words stay. */
static void prose_stays(void **state)
{
	(void)state;
	static const char *const msgs[] = {
		("ENV DB_PASSWORD holds a secret: literal value of a "
		 "secret-named variable (****)"),
		"LABEL x holds a secret: GitHub token (ghp_****)",
		"the token: rotate it after use",
		"Never COPY the secret: use a build secret mount",
	};
	for (size_t i = 0; i < sizeof(msgs) / sizeof(msgs[0]); i++) {
		char *m = mask(msgs[i], SEC_MASK_SHORT);
		assert_string_equal(m, msgs[i]);
		free(m);
	}
	/* a key at a line's start, after '{', ',' or a quote still is one */
	char *m = mask("x\nsecret: Lq8vZ3pw\n", SEC_MASK_SHORT);
	assert_string_equal(m, "x\nsecret: ****\n");
	free(m);
	m = mask("-H \"X-Auth-Token: Lq8vZ3pw\"", SEC_MASK_SHORT);
	assert_string_equal(m, "-H \"X-Auth-Token: ****\"");
	free(m);
}

/* Inline masking keeps byte length and UTF-16 length: a character is
 * replaced by one of the same UTF-8 length. */
static void inline_keeps_lengths(void **state)
{
	(void)state;
	const char *line = "x p\xc3\xa4ss\xe6\x97\xa5\xf0\x9f\x94\x91 y";
	struct sec_spans sp = { 0 };
	assert_int_equal(sec_spans_add(&sp, 2, strlen(line) - 4, 0), 0);
	struct strbuf sb = STRBUF_INIT;
	assert_int_equal(sec_mask_apply(line, strlen(line), &sp, SEC_MASK_INLINE,
					&sb), 0);
	assert_string_equal(strbuf_str(&sb),
			    "x *\xc2\xb7**\xe2\x88\x97\xf0\x9f\x94\x92 y");
	assert_int_equal(sb.len, strlen(line));
	strbuf_free(&sb);
	sec_spans_free(&sp);
}

/* Overlapping and unordered spans merge; a non-ASCII byte before a token
 * does not move it. */
static void spans_merge(void **state)
{
	(void)state;
	const char *t = "0123456789abcdef";
	struct sec_spans sp = { 0 };
	assert_int_equal(sec_spans_add(&sp, 8, 4, 0), 0);
	assert_int_equal(sec_spans_add(&sp, 2, 3, 0), 0);
	assert_int_equal(sec_spans_add(&sp, 4, 2, 0), 0);
	assert_int_equal(sec_spans_add(&sp, 40, 2, 0), 0);  /* past the end */
	struct strbuf sb = STRBUF_INIT;
	assert_int_equal(sec_mask_apply(t, strlen(t), &sp, SEC_MASK_SHORT, &sb), 0);
	assert_string_equal(strbuf_str(&sb), "01****67****cdef");
	strbuf_free(&sb);
	sec_spans_free(&sp);
	char line[128];
	snprintf(line, sizeof(line), "echo \xc3\xa9\xe6\x97\xa5\xf0\x9f\x98\x80 %s", gh_token());
	char *m = mask(line, SEC_MASK_INLINE);
	assert_null(strstr(m, "aE2gK4"));
	assert_non_null(strstr(m, "ghp_****"));
	free(m);
}

/* A private key block is hidden up to its END line, not only the bytes
 * the pattern needs. */
static void private_key_whole(void **state)
{
	(void)state;
	char text[512];
	snprintf(text, sizeof(text),
		 "-----BEGIN RSA PRIV" "ATE KEY-----\n"
		 "MIIEowIBAAKCAQEA7vT2xK9pL4wZ8rQm\n"
		 "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUq\n"
		 "-----END RSA PRIV" "ATE KEY-----\nnext line\n");
	char *m = mask(text, SEC_MASK_INLINE);
	assert_null(strstr(m, "ZXktdjEAAAAABG5vbmUq"));
	assert_null(strstr(m, "MIIEowIBAAKCAQEA"));
	assert_non_null(strstr(m, "\nnext line\n"));
	free(m);
	/* escaped line breaks inside a string (no END marker) */
	snprintf(text, sizeof(text),
		 "key=\"-----BEGIN OPENSSH PRIV" "ATE KEY-----\\nb3BlbnNzaC1rZXktdjEAAAAABG5v\\nQm7vT2xK9pL4wZ8r\" x");
	m = mask(text, SEC_MASK_SHORT);
	assert_null(strstr(m, "Qm7vT2xK9pL4wZ8r"));
	assert_non_null(strstr(m, "\" x"));
	free(m);
}

/* Literal values: whole tokens only, none under SEC_MASK_FIND_MIN, none of
 * one character class. */
static void literal_values(void **state)
{
	(void)state;
	const char *t = "a abc9 xabc9 abc9y (abc9) ab";
	struct sec_spans sp = { 0 };
	assert_int_equal(sec_mask_find_value(t, strlen(t), "abc9", 4, &sp), 0);
	assert_int_equal(sp.n, 2);
	assert_int_equal(sp.v[0].off, 2);
	assert_int_equal(sp.v[1].off, 20);
	assert_int_equal(sec_mask_find_value(t, strlen(t), "ab", 2, &sp), 0);
	assert_int_equal(sp.n, 2);
	/* one character class: an ordinary word, not looked for */
	const char *m = "image postgres:15 runs 8080";
	assert_int_equal(sec_mask_find_value(m, strlen(m), "postgres", 8, &sp), 0);
	assert_int_equal(sec_mask_find_value(m, strlen(m), "8080", 4, &sp), 0);
	assert_int_equal(sp.n, 2);
	sec_spans_free(&sp);
}

/* The diag filter: an error line quoting a token loses it. */
static void buffer_in_place(void **state)
{
	(void)state;
	char buf[128];
	snprintf(buf, sizeof(buf), "can't find = in %s. Must be", gh_token());
	sec_mask_buf(buf, sizeof(buf));
	assert_string_equal(buf, "can't find = in ghp_****. Must be");
	char small[12] = "pw=Qx7#pL2vZ";
	small[11] = 0;
	sec_mask_buf(small, sizeof(small));
	assert_null(strstr(small, "pL2v"));
}

/* Masking a masked text changes nothing. */
static void idempotent(void **state)
{
	(void)state;
	char line[160];
	snprintf(line, sizeof(line), "T=%s https://u:pw12@h/ DB_PASSWORD=x7Kq",
		 gh_token());
	for (int s = 0; s < 2; s++) {
		char *a = mask(line, (enum sec_mask_style)s);
		char *b = mask(a, (enum sec_mask_style)s);
		assert_string_equal(a, b);
		assert_null(strstr(a, "pw12"));
		assert_null(strstr(a, "x7Kq"));
		free(a);
		free(b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(value_form),
		cmocka_unit_test(two_on_a_line),
		cmocka_unit_test(prefix_only_of_token_formats),
		cmocka_unit_test(url_passwords),
		cmocka_unit_test(assignments),
		cmocka_unit_test(command_lines),
		cmocka_unit_test(piped_passwords),
		cmocka_unit_test(every_offset),
		cmocka_unit_test(exec_form),
		cmocka_unit_test(other_syntaxes),
		cmocka_unit_test(prose_stays),
		cmocka_unit_test(inline_keeps_lengths),
		cmocka_unit_test(spans_merge),
		cmocka_unit_test(private_key_whole),
		cmocka_unit_test(literal_values),
		cmocka_unit_test(buffer_in_place),
		cmocka_unit_test(idempotent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
