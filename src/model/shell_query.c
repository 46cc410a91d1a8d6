/* SPDX-License-Identifier: Apache-2.0
 *
 * shell_query.c - the questions rules ask of a split shell command: its
 * options (short bundles, --long=value, options whose value is the next
 * word), its operands (arguments that are not options), and for the
 * package managers the rules know, the manager, its subcommand and its
 * package operands.
 *
 * This file owns the shell-query API declared in shell.h below
 * "Shell-query API" (but sh_cmd_proper() and sh_is_opt(), inline there),
 * and the option tables of the package managers.
 * sh_split() calls sh_cmd_classify() once per command, so each RUN's
 * manager, subcommand and package list are found once when the model is
 * built and every Dockerfile rule family reads the same answer.  It reads
 * words only: it never expands variables (a word with $ is
 * sh_word_dynamic()) and allocates only in sh_opt_value().
 * Tests: tests/unit/model/test_shell_query.c.
 */
#include "shell.h"

#include <ctype.h>
#include <string.h>

#include "../util/io.h"
#include "../util/text.h"

static inline bool streq(const char *a, const char *b)
{
	return a && b && a[0] == b[0] && txt_eq(a, b);
}

bool sh_word_dynamic(const char *w)
{
	return strchr(w, '$') || strchr(w, '`') || strchr(w, '<') == w ||
	       w[0] == 0;
}

/* Whether w is one of the NULL-terminated "list" (NULL: none). */
static bool in_list(const char *w, const char *const *list)
{
	for (size_t i = 0; list && list[i]; i++)
		if (streq(w, list[i]))
			return true;
	return false;
}

size_t sh_next_operand(const struct sh_cmd *c, size_t j,
		       const char *const *with_value, bool *dashdash)
{
	for (j = j + 1; j < c->argc; j++) {
		const char *w = c->argv[j].text;
		if (*dashdash)
			return j;
		if (streq(w, "--")) {
			*dashdash = true;
			continue;
		}
		if (!sh_is_opt(w))
			return j;
		if (in_list(w, with_value))
			j++;
	}
	return c->argc;
}

size_t sh_first_operand(const struct sh_cmd *c, size_t k,
			const char *const *with_value)
{
	bool dd = false;
	return sh_next_operand(c, k, with_value, &dd);
}

bool sh_word_in(const struct sh_cmd *c, size_t i, const char *const *list)
{
	return i < c->argc && in_list(c->argv[i].text, list);
}

long sh_find_opt(const struct sh_cmd *c, size_t from, const char *opt,
		 const char *argletters)
{
	bool long_opt = opt[1] == '-';
	size_t olen = strlen(opt);
	for (size_t j = from; j < c->argc; j++) {
		const char *w = c->argv[j].text;
		if (streq(w, "--"))
			break;
		if (long_opt) {
			if (strncmp(w, opt, olen) == 0 &&
			    (w[olen] == 0 || w[olen] == '='))
				return (long)j;
		} else if (w[0] == '-' && w[1] != '-' && w[1]) {
			for (const char *p = w + 1; *p; p++) {
				if (*p == opt[1])
					return (long)j;
				if (argletters && strchr(argletters, *p))
					break;
				if (!isalnum((unsigned char)*p))
					break;
			}
		}
	}
	return -1;
}

bool sh_has_opt(const struct sh_cmd *c, size_t from, const char *opt,
		const char *argletters)
{
	return sh_find_opt(c, from, opt, argletters) >= 0;
}

const char *sh_opt_value(const struct sh_cmd *c, size_t from, const char *opt,
			 struct arena *a)
{
	bool long_opt = opt[1] == '-';
	size_t olen = strlen(opt);
	for (long j = sh_find_opt(c, from, opt, NULL); j >= 0;
	     j = sh_find_opt(c, (size_t)j + 1, opt, NULL)) {
		const char *w = c->argv[j].text;
		/* a letter inside a bundle ("-ug") has no value here */
		if (strncmp(w, opt, olen) != 0)
			continue;
		if (w[olen] == 0)
			return (size_t)j + 1 < c->argc ? c->argv[j + 1].text
						       : NULL;
		return arena_strdup(a, w + olen + long_opt);
	}
	return NULL;
}

bool sh_has_assign(const struct sh_cmd *c, const char *name)
{
	size_t n = strlen(name);
	for (size_t a = 0; a < c->nassigns; a++)
		if (strncmp(c->assigns[a].text, name, n) == 0 &&
		    c->assigns[a].text[n] == '=')
			return true;
	return false;
}

/* ---- package managers ------------------------------------------------ */

static const char *const none_argopts[] = { NULL };
static const char *const apt_argopts[] = {
	"-o", "-c", "-t", "--option", "--config-file", "--target-release",
	"--default-release", NULL };
static const char *const apk_argopts[] = {
	"-X", "--repository", "-p", "--root", "--keys-dir", "--arch",
	"--repositories-file", "--cache-dir", "-t", "--virtual", NULL };
static const char *const pip_argopts[] = {
	"--abi", "-b", "--build", "-e", "--editable", "--extra-index-url",
	"-f", "--find-links", "-i", "--index-url", "--implementation",
	"--no-binary", "--only-binary", "--platform", "--prefix",
	"--progress-bar", "--proxy", "--python-version", "--root", "--src",
	"-t", "--target", "--trusted-host", "--upgrade-strategy", "-r",
	"--requirement", "-c", "--constraint", "--cache-dir", "--log",
	"--timeout", "--retries", "--cert", "--client-cert",
	"--exists-action", "--global-option", "--install-option",
	"--config-settings", "-C", "--python", "--report", NULL };
static const char *const npm_argopts[] = {
	"--prefix", "--registry", "--cache", "-w", "--workspace", "--tag",
	"--loglevel", "--userconfig", "--omit", "--include",
	"--install-strategy", "--location", NULL };
static const char *const gem_argopts[] = {
	"-v", "--version", "-i", "--install-dir", "-n", "--bindir", "-s",
	"--source", "--platform", "-P", "--trust-policy", "--build-root",
	"-g", "--file", "--config-file", NULL };
static const char *const go_argopts[] = {
	"-ldflags", "-gcflags", "-tags", "-o", "-mod", "-modfile", "-p",
	"-pkgdir", "-asmflags", "-buildmode", "-compiler", "-overlay", "-pgo",
	"-toolexec", "-C", "-gccgoflags", "-installsuffix", NULL };
static const char *const rpm_argopts[] = {
	"-c", "--config", "--installroot", "--releasever", "-x", "--exclude",
	"--repo", "--repoid", "--repofrompath", "-d", "--debuglevel", "-e",
	"--errorlevel", "--enablerepo", "--disablerepo", "--setopt",
	"--forcearch", "--color", "--rpmverbosity", "--enableplugin",
	"--disableplugin", "--downloaddir", "--destdir", NULL };
static const char *const zypper_argopts[] = {
	"-r", "--repo", "--root", "-R", "-D", "--reposd-dir", "-C",
	"--cache-dir", "--installroot", "-t", "--type", "--from", "-c",
	"--config", NULL };
static const char *const cargo_argopts[] = {
	"--version", "--vers", "--git", "--branch", "--tag", "--rev",
	"--path", "--root", "--index", "--registry", "-j", "--jobs",
	"--target", "--target-dir", "-F", "--features", "--profile",
	"--bin", "--example", "--config", "-Z", "--color", NULL };

const char *const *sh_pm_argopts(enum sh_pm pm)
{
	switch (pm) {
	case SH_PM_NONE: return none_argopts;
	case SH_PM_APT: return apt_argopts;
	case SH_PM_APK: return apk_argopts;
	case SH_PM_RPM: return rpm_argopts;
	case SH_PM_ZYPPER: return zypper_argopts;
	case SH_PM_PIP: return pip_argopts;
	case SH_PM_NPM: return npm_argopts;
	case SH_PM_GEM: return gem_argopts;
	case SH_PM_GO: return go_argopts;
	case SH_PM_CARGO: return cargo_argopts;
	}
	return none_argopts;
}

/* "name" followed by only digits and dots ("pip3.12", "python3"). */
static bool versioned(const char *w, const char *name)
{
	if (w[0] != name[0])
		return false;  /* most words: no strlen, no strncmp */
	size_t n = strlen(name);
	if (strncmp(w, name, n) != 0)
		return false;
	const char *p = w + n;
	while (*p && (isdigit((unsigned char)*p) || *p == '.'))
		p++;
	return *p == 0;
}

/* pip, pip3.12, or python3 [options] -m pip: the pip word's index. */
static bool pip_at(const struct sh_cmd *c, size_t k, size_t *at)
{
	const char *name = io_base_name(c->argv[k].text);
	if (versioned(name, "pip")) {
		*at = k;
		return true;
	}
	if (!versioned(name, "python"))
		return false;
	for (size_t j = k + 1; j + 1 < c->argc; j++) {
		const char *w = c->argv[j].text;
		if (streq(w, "-m")) {
			if (!streq(c->argv[j + 1].text, "pip"))
				return false;
			*at = j + 1;
			return true;
		}
		if (!sh_is_opt(w))
			return false;
	}
	return false;
}

enum sh_pm sh_pm_named(const char *name)
{
	/* by first byte: every rule asks this of every command */
	if (!name)
		return SH_PM_NONE;
	switch (name[0]) {
	case 'a':
		if (streq(name, "apt-get") || streq(name, "apt"))
			return SH_PM_APT;
		return streq(name, "apk") ? SH_PM_APK : SH_PM_NONE;
	case 'y':
		return streq(name, "yum") ? SH_PM_RPM : SH_PM_NONE;
	case 'd':
		return streq(name, "dnf") || streq(name, "dnf5") ? SH_PM_RPM
								 : SH_PM_NONE;
	case 'm':
		return streq(name, "microdnf") ? SH_PM_RPM : SH_PM_NONE;
	case 't':
		return streq(name, "tdnf") ? SH_PM_RPM : SH_PM_NONE;
	case 'z':
		return streq(name, "zypper") ? SH_PM_ZYPPER : SH_PM_NONE;
	case 'n':
		return streq(name, "npm") ? SH_PM_NPM : SH_PM_NONE;
	case 'g':
		if (streq(name, "gem"))
			return SH_PM_GEM;
		return streq(name, "go") ? SH_PM_GO : SH_PM_NONE;
	case 'c':
		return streq(name, "cargo") ? SH_PM_CARGO : SH_PM_NONE;
	case 'p':
		return versioned(name, "pip") ? SH_PM_PIP : SH_PM_NONE;
	default:
		return SH_PM_NONE;
	}
}

enum sh_pm sh_pm_of(const struct sh_cmd *c, size_t k, size_t *at)
{
	*at = k;
	if (k >= c->argc)
		return SH_PM_NONE;
	enum sh_pm pm = sh_pm_named(io_base_name(c->argv[k].text));
	if (pm != SH_PM_NONE)
		return pm;
	if (pip_at(c, k, at))
		return SH_PM_PIP;
	*at = k;
	return SH_PM_NONE;
}

void sh_cmd_classify(struct sh_cmd *c)
{
	c->pm = sh_pm_of(c, c->start, &c->pm_at);
	c->sub = c->pm == SH_PM_NONE ? c->argc :
		 sh_first_operand(c, c->pm_at, sh_pm_argopts(c->pm));
}

bool sh_pm_is(const struct sh_cmd *c, enum sh_pm pm,
	      const char *const *verbs)
{
	return c->pm == pm && pm != SH_PM_NONE && sh_word_in(c, c->sub, verbs);
}

size_t sh_pkg_next(const struct sh_cmd *c, size_t j, bool *dashdash)
{
	if (c->pm == SH_PM_NONE || j >= c->argc)
		return c->argc;
	return sh_next_operand(c, j, sh_pm_argopts(c->pm), dashdash);
}

size_t sh_packages(const struct sh_cmd *c, size_t *out, size_t max)
{
	size_t n = 0;
	bool dd = false;
	for (size_t j = sh_pkg_next(c, c->sub, &dd); j < c->argc;
	     j = sh_pkg_next(c, j, &dd)) {
		if (n < max)
			out[n] = j;
		n++;
	}
	return n;
}

bool sh_hands_string(const struct sh_script *sc, size_t j)
{
	for (size_t q = j + 1; q < sc->ncmds; q++)
		if (sc->cmds[q].in_string && sc->cmds[q].host == j)
			return true;
	return false;
}
