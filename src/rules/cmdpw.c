/* SPDX-License-Identifier: Apache-2.0
 *
 * cmdpw.c - passwords on command lines, the judge the Dockerfile,
 * Compose and Kubernetes secret rules share (cmdpw.h).
 *
 * This file owns which options of which tools carry a password, how a
 * password piped into chpasswd/passwd is read, which words' URL
 * passwords are reported (any command's, found by the one detector,
 * sec_scan_text(); a word holding a -c string the model split is judged
 * in its commands; a password holding $ or ` is a reference), and
 * finding a password's text in a YAML source.  Exec-form words are read by the shell model
 * (sh_split_argv(): wrappers and -c strings, as for a Dockerfile's exec
 * form), not by a list of its own.  It does not report (the rule files place findings and hide
 * values) and does not decide what a placeholder is (src/secrets/).
 * Tests: tests/cases/dockerfile/mask-cli-password-*.case,
 * tests/cases/compose/BH2006-command-password*.case,
 * tests/cases/kubernetes/BH3038-command-password*.case,
 * tests/cases/compose/BH2006-command-wrapper*.case,
 * tests/cases/kubernetes/BH3038-command-wrapper*.case,
 * tests/cases/compose/BH2006-url-password*.case,
 * tests/cases/kubernetes/BH3038-url-password*.case,
 * tests/cases/runtime/BH2006-url-password*.case.
 */
#include "cmdpw.h"

#include <string.h>

#include "../secrets/secrets.h"
#include "../util/text.h"

static bool streq(const char *a, const char *b)
{
	return a && b && txt_eq(a, b);
}

/* Whether "--" + o is an option whose value is a password: --password,
 * --passwd, --requirepass, --masterauth (the first byte tells which
 * to compare: most long options are none). */
static bool pw_opt(const char *o)
{
	switch (o[0]) {
	case 'p':
		return txt_eq(o, "password") || txt_eq(o, "passwd");
	case 'r':
		return txt_eq(o, "requirepass");
	case 'm':
		return txt_eq(o, "masterauth");
	default:
		return false;
	}
}

/* A password given on a command line: the tools of the one list that
 * masking hides from too (sec_cli_tool_password(), src/secrets/sec_cli.c:
 * curl -u user:pass, sshpass -p, mysql -ppass, docker login -p, ...), and
 * any command's --password pass / --password=pass, redis-server
 * --requirepass pass (and --masterauth).  Returns the password's offset
 * within word argv[a] (or -1) and sets *len. */
long cmdpw_password(const struct sh_cmd *cmd, size_t a, size_t *len)
{
	return cmdpw_password_tool(cmd, a, cmdpw_is_tool(cmd), len);
}

bool cmdpw_is_tool(const struct sh_cmd *cmd)
{
	return cmd->name &&
	       sec_cli_is_tool((struct sec_word){ cmd->name,
						  strlen(cmd->name) });
}

long cmdpw_password_tool(const struct sh_cmd *cmd, size_t a, bool tool,
			 size_t *len)
{
	if (!cmd->name || cmd->start >= cmd->argc || a <= cmd->start)
		return -1;
	const char *name = cmd->name;
	const char *w = cmd->argv[a].text;
	const char *prev = a > cmd->start ? cmd->argv[a - 1].text : "";
	/* the options below all start with "--" */
	bool prev_long = prev[0] == '-' && prev[1] == '-';
	bool w_long = w[0] == '-' && w[1] == '-';
	if (!tool && !prev_long && !w_long)
		return -1;  /* most words of most commands */
	const char *pw = NULL;
	size_t pl = 0;
	long off = -1;
	if (tool) {  /* else no word of it is one */
		struct sec_word sw_cmd = { name, strlen(name) };
		struct sec_word sw_w = { w, strlen(w) };
		struct sec_word sw_prev = { prev, strlen(prev) };
		const char *p2 = a >= cmd->start + 2 ? cmd->argv[a - 2].text
						     : "";
		struct sec_word sw_prev2 = { p2, strlen(p2) };
		off = sec_cli_tool_password(sw_cmd, sw_prev2, sw_prev, sw_w,
					    &pl);
	}
	if (off >= 0) {
		pw = w + off;       /* a tool of the one list (sec_cli.c) */
	} else if (prev_long && pw_opt(prev + 2)) {
		/* mysqld --password X, redis-server --requirepass X */
		if (!sh_is_opt(w))
			pw = w;
	} else if (w_long && (w[2] == 'p' || w[2] == 'r')) {
		if (strncmp(w, "--password=", 11) == 0)
			pw = w + 11;
		else if (strncmp(w, "--requirepass=", 14) == 0)
			pw = w + 14;
	}
	if (!pw || !*pw || strchr(pw, '$') || strchr(pw, '`') ||
	    sec_is_placeholder(pw))
		return -1;
	*len = strlen(pw);
	return (long)(pw - w);
}

/* The password that echo/printf command cmds[j] pipes into chpasswd
 * ("echo root:PW | chpasswd", one user:password line; Checkov
 * CKV2_DOCKER_17) or passwd ("echo PW | passwd --stdin user", "echo -e
 * 'PW\nPW' | passwd"): its argv index (0: none), with *off and *len the
 * password within the word's text and *to the consumer's name.
 * chpasswd -e reads hashes (masked as such, not reported here). */
static size_t piped(const struct sh_script *sc, size_t j, size_t *off,
		    size_t *len, const char **to);

size_t cmdpw_piped(const struct sh_script *sc, size_t j,
			     size_t *off, size_t *len, const char **to)
{
	/* the pipe first, before the frame of the whole judgement: most
	 * commands are not piped */
	if (sc->cmds[j].op_after != SH_OP_PIPE)
		return 0;
	return piped(sc, j, off, len, to);
}

__attribute__((noinline))
static size_t piped(const struct sh_script *sc, size_t j, size_t *off,
		    size_t *len, const char **to)
{
	const struct sh_cmd *cmd = &sc->cmds[j];
	if (!cmd->name ||
	    (!streq(cmd->name, "echo") && !streq(cmd->name, "printf")) ||
	    cmd->next == SH_NONE || cmd->next >= sc->ncmds)
		return 0;
	const struct sh_cmd *dst = &sc->cmds[cmd->next];
	bool chp = streq(dst->name, "chpasswd");
	if (!chp && !streq(dst->name, "passwd"))
		return 0;
	if (chp && (sh_has_opt(dst, dst->start + 1, "e", NULL) ||
		    sh_has_opt(dst, dst->start + 1, "encrypted", NULL)))
		return 0;
	size_t a = cmd->start + 1;
	while (a < cmd->argc && sh_is_opt(cmd->argv[a].text) &&
	       streq(cmd->name, "echo"))
		a++;
	if (a >= cmd->argc)
		return 0;
	const char *w = cmd->argv[a].text;
	const char *p = w;
	if (chp) {
		const char *colon = strchr(w, ':');
		if (!colon)
			return 0;
		p = colon + 1;
	}
	size_t n = strcspn(p, "\n");
	const char *esc = strstr(p, "\\n");
	if (esc && (size_t)(esc - p) < n)
		n = (size_t)(esc - p);
	if (!n || memchr(p, '$', n) || memchr(p, '`', n) ||
	    (streq(cmd->name, "printf") && memchr(p, '%', n)))
		return 0;
	char v[256];
	if (n >= sizeof(v))
		return 0;
	memcpy(v, p, n);
	v[n] = 0;
	if (sec_is_placeholder(v))
		return 0;
	*off = (size_t)(p - w);
	*len = n;
	*to = dst->name;
	return a;
}

/* Judges every command of "sc", the passwords reported with the word
 * index word_of(offset) of the word holding them (script: always
 * "word"; exec form: the word whose text the offset falls in). */
struct words_at {
	const size_t *base;        /* exec form: word k's first offset */
	size_t n;                  /* words; 0 for a script */
	size_t word;               /* a script's word index */
};

static size_t word_of(const struct words_at *wa, size_t off)
{
	if (!wa->n)
		return wa->word;
	size_t lo = 0, hi = wa->n;  /* the last base <= off */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (wa->base[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}


struct url_pw {
	const struct words_at *wa;
	const struct sh_cmd *cmd;
	size_t a;
	cmdpw_fn fn;
	void *ctx;
};

static bool on_url(void *ctx, const struct sec_match *m)
{
	struct url_pw *u = ctx;
	const char *v = u->cmd->argv[u->a].text + m->offset;
	/* a reference the shell expands ($$VAR: Compose's escaped $) */
	if (!streq(m->kind, "url-credentials") || memchr(v, '$', m->len) ||
	    memchr(v, '`', m->len))
		return true;
	const char *name = u->cmd->name;
	bool named = name && name[0] && name[0] != '-';
	u->fn(u->ctx, word_of(u->wa, u->cmd->argv[u->a].offset),
	      u->cmd->argv[u->a].text + m->offset, m->len,
	      named ? "in a URL on the command line of" : "in a URL on the",
	      named ? name : "command line");
	return true;
}

/* The password of a URL (scheme://user:PW@host) in word argv[a], as the
 * one detector judges it (src/secrets: placeholders, references,
 * documentation hosts are none). */
static void url_passwords(const struct sh_script *sc, size_t j,
			  const struct words_at *wa, const struct sh_cmd *cmd,
			  size_t a, cmdpw_fn fn, void *ctx)
{
	const char *w = cmd->argv[a].text;
	const char *s = strstr(w, "://");
	if (!s || !strchr(s, '@') ||
	    (strpbrk(w, " \t\n") && sh_hands_string(sc, j)))
		return;
	struct url_pw u = { wa, cmd, a, fn, ctx };
	(void)sec_scan_text(w, strlen(w), on_url, &u);
}

static void scan_cmds(const struct sh_script *sc, const struct words_at *wa,
		      cmdpw_fn fn, void *ctx)
{
	for (size_t j = 0; j < sc->ncmds; j++) {
		const struct sh_cmd *cmd = &sc->cmds[j];
		size_t off = 0, len = 0;
		const char *to = NULL;
		size_t a = cmdpw_piped(sc, j, &off, &len, &to);
		if (a)
			fn(ctx, word_of(wa, cmd->argv[a].offset),
			   cmd->argv[a].text + off, len, "piped into", to);
		bool tool = cmdpw_is_tool(cmd);
		for (a = 1; a < cmd->argc; a++) {
			url_passwords(sc, j, wa, cmd, a, fn, ctx);
			if (!cmdpw_may_hold(cmd, a, tool))
				continue;
			long o = cmdpw_password_tool(cmd, a, tool, &len);
			if (o >= 0)
				fn(ctx, word_of(wa, cmd->argv[a].offset),
				   cmd->argv[a].text + o, len,
				   "on the command line of", cmd->name);
		}
	}
}

void cmdpw_scan_script(struct arena *a, const char *text, size_t len,
		       size_t word, cmdpw_fn fn, void *ctx)
{
	struct sh_script sc;
	struct words_at wa = { NULL, 0, word };
	if (text && len && sh_split(text, len, a, &sc) == 0)
		scan_cmds(&sc, &wa, fn, ctx);
}

/* The words are laid end to end, one byte apart, as if one text: word
 * k's byte b at base[k] + b.  sh_split_argv() finds the -c string the
 * words hand over the way it does for a Dockerfile's exec form (sh -c,
 * su/runuser -c, behind sudo/env/timeout/runuser -u ...; SH_MAX_STRINGS
 * deep) and its commands' offsets, through the maps, name the word. */
void cmdpw_scan_argv(struct arena *a, const char *const *words, size_t n,
		     cmdpw_fn fn, void *ctx)
{
	if (!n || n > 1024 || !words[0])
		return;
	struct sh_word *av = arena_array(a, n, sizeof(*av));
	const size_t **maps = arena_array(a, n, sizeof(*maps));
	size_t *base = arena_array(a, n, sizeof(*base));
	if (!av || !maps || !base)
		return;
	size_t at = 0;
	for (size_t k = 0; k < n; k++) {
		const char *w = words[k] ? words[k] : "";
		size_t l = strlen(w);
		size_t *m = words[k] ? arena_array(a, l + 1, sizeof(*m))
				     : NULL;
		if (words[k] && !m)
			return;
		for (size_t b = 0; m && b <= l; b++)
			m[b] = at + b;
		maps[k] = m;
		base[k] = at;
		av[k] = (struct sh_word){ .text = w, .raw = w, .offset = at };
		at += l + 1;
	}
	struct sh_script sc;
	struct words_at wa = { base, n, 0 };
	if (sh_split_argv(av, n, maps, a, &sc) == 0)
		scan_cmds(&sc, &wa, fn, ctx);
}

bool cmdpw_locate(const char *text, size_t len, int line, int col,
		  int end_line, const char *needle, size_t n, int *oline,
		  int *ocol)
{
	if (!text || !n || line < 1)
		return false;
	size_t i = 0;
	int ln = 1;
	while (ln < line && i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		if (!nl)
			return false;
		i = (size_t)(nl - text) + 1;
		ln++;
	}
	size_t line_start = i;
	if (col > 1)
		i += (size_t)(col - 1);
	while (i < len) {
		if (end_line && ln >= end_line && ln > line)
			return false;
		if (text[i] == '\n') {
			ln++;
			line_start = ++i;
			continue;
		}
		if (len - i >= n && !memcmp(text + i, needle, n)) {
			*oline = ln;
			*ocol = (int)(i - line_start) + 1;
			return true;
		}
		i++;
	}
	return false;
}
