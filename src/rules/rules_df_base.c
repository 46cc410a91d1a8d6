/* SPDX-License-Identifier: Apache-2.0
 *
 * rules_df_base.c - Dockerfile rules about base images and what the final
 * stage is built on (BH1010-BH1029).
 *
 * This file owns the FROM rules: missing tag (BH1010), :latest (BH1011),
 * no digest pin (BH1012), untrusted registry (BH1013), a full distribution
 * as the final base (BH1014), build tools left in the final stage
 * (BH1015), ARGs in FROM that are undeclared (BH1016) or whose defaults
 * give no valid reference (BH1017), a constant FROM --platform (BH1018) and
 * a redundant --platform=$TARGETPLATFORM (BH1019).  References are judged
 * after ARG expansion with their defaults; a reference that still holds an
 * unset variable is not judged.  FROM <stage> and scratch are skipped.
 * It does not parse anything: it reads struct df_model only.
 * Fix: BH1010 and BH1011 with `bulkhead fix --pins FILE` (fix_pin_from).
 * Tests: tests/cases/dockerfile/BH101[0-9]-*.case; the fix:
 * tests/fix/df-pins, tests/suites/fix.sh.
 */
#include "families.h"
#include "df_rule_util.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../core/config.h"
#include "../model/df_model.h"
#include "../model/expand.h"
#include "../util/text.h"

#define MAX_CHAIN 256

/* Span of the image word of a FROM (or its keyword when absent). */
static struct bh_span image_span(const struct df_node *from)
{
	if (from->nargs)
		return dfr_word_span(&from->args[0]);
	return bh_span_at(from->line, from->col, dfr_slen(from->keyword_raw));
}

/* Whether the stage's base is an external image bulkhead can judge. */
static bool judged_base(const struct df_stage *s)
{
	return s->from && s->base_stage < 0 && !s->base.is_scratch &&
	       !s->base.unresolved && s->base.repository &&
	       *s->base.repository && s->from->nargs && s->base.raw &&
	       *s->base.raw && !strchr(s->base.raw, '$');
}

/* BH1010: FROM without a tag. */
/* Whether a base written with a variable in its registry or namespace
 * path only ("gcr.io/$PROJECT_ID/az") still shows that it has no tag:
 * its last path component is plain and has no ":" or "@".  A variable in
 * that component (FROM binaries-$TARGETOS: often a stage) says nothing. */
static bool untagged_despite_vars(const struct df_stage *s)
{
	if (!s->from || s->base_stage >= 0 || s->base.is_scratch ||
	    !s->from->nargs || !s->base.raw || !strchr(s->base.raw, '$'))
		return false;
	const char *last = strrchr(s->base.raw, '/');
	return last && last[1] && !strpbrk(last + 1, "$:@{}");
}

static void check_bh1010(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	for (size_t i = 0; i < m->nstages; i++) {
		const struct df_stage *s = &m->stages[i];
		if (untagged_despite_vars(s)) {
			bh_report(c, self, image_span(s->from),
				  "FROM %s has no tag, so it means the :latest "
				  "of that repository and changes whenever the "
				  "image is pushed", s->base.raw);
			continue;
		}
		if (!judged_base(s) || s->base.tag || s->base.digest)
			continue;
		bh_report(c, self, image_span(s->from),
			  "FROM %s has no tag, so it means %s:latest and "
			  "changes whenever the image is pushed",
			  s->base.raw, s->base.raw);
	}
}

/* Fix (BH1010, BH1011, BH1012) with `fix --pins FILE`: the FROM's image word,
 * written as the reference itself (no variable), becomes
 * name:tag@sha256:... from the pins file. */
static void fix_pin_from(struct bh_check *c, const struct bh_rule *self,
			 const struct bh_finding *f)
{
	const struct df_model *m = c->df;
	for (size_t i = 0; i < m->nstages; i++) {
		const struct df_stage *s = &m->stages[i];
		if (!judged_base(s))
			continue;
		struct bh_span sp = image_span(s->from);
		if (sp.line != f->span.line || sp.col != f->span.col ||
		    !bh_fix_text_is(c, sp, s->base.raw))
			continue;
		const char *note = NULL;
		const char *ref = bh_fix_pinned(c, s->base.raw,
						strlen(s->base.raw), &note);
		size_t at = bh_fix_offset(c, sp.line, sp.col);
		if (ref && at != (size_t)-1)
			bh_fix_edit(c, self, at, at + strlen(s->base.raw), ref,
				    note);
		return;
	}
}

static const struct bh_rule rule_bh1010 = {
	.id = "BH1010",
	.severity = BH_SEV_MEDIUM,
	.practice = "pin-base-image",
	.target = BH_TARGET_DOCKERFILE,
	.title = "Base image has no tag",
	.why = "An untagged FROM means :latest: rebuilds silently pick "
	       "up a different image, breaking reproducibility and "
	       "review.",
	.fix = "Pin a version tag (FROM debian:12.7-slim), ideally "
	       "with its digest.",
	.hadolint = "DL3006",
	.trivy = "DS-0001",
	.check = check_bh1010,
	.fix_fn = fix_pin_from,
	.fix_risk = "the pinned image is what the pins file names: a tag "
		    "other than the one :latest meant, or an older build, "
		    "changes what the stage is built on.",
	.flags = BH_RULE_FIX_PINS,
};

/* BH1011: FROM ...:latest. */
static void check_bh1011(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	for (size_t i = 0; i < m->nstages; i++) {
		const struct df_stage *s = &m->stages[i];
		if (!judged_base(s) || !s->base.tag || s->base.digest ||
		    !txt_eq(s->base.tag, "latest"))
			continue;
		bh_report(c, self, image_span(s->from),
			  "FROM %s uses the :latest tag, which changes "
			  "whenever the image is pushed", s->base.raw);
	}
}

static const struct bh_rule rule_bh1011 = {
	.id = "BH1011",
	.severity = BH_SEV_MEDIUM,
	.practice = "pin-base-image",
	.target = BH_TARGET_DOCKERFILE,
	.title = "Base image uses the :latest tag",
	.why = ":latest moves with every push, so two builds of the "
	       "same Dockerfile can differ and a compromised push is "
	       "picked up automatically.",
	.fix = "Use a version tag (FROM node:22.11-slim), ideally "
	       "with its digest.",
	.hadolint = "DL3007",
	.trivy = "DS-0001",
	.checkov = "CKV_DOCKER_7",
	.check = check_bh1011,
	.fix_fn = fix_pin_from,
	.fix_risk = "the pinned image is what the pins file names: a tag "
		    "other than the one :latest meant, or an older build, "
		    "changes what the stage is built on.",
	.flags = BH_RULE_FIX_PINS,
};

/* BH1012: a tagged FROM without a digest pin. */
static void check_bh1012(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	for (size_t i = 0; i < m->nstages; i++) {
		const struct df_stage *s = &m->stages[i];
		if (!judged_base(s) || s->base.digest || !s->base.tag ||
		    txt_eq(s->base.tag, "latest"))
			continue;
		bh_report(c, self, image_span(s->from),
			  "FROM %s is pinned by tag only; a tag can be "
			  "re-pushed, a digest (@sha256:...) cannot",
			  s->base.raw);
	}
}

static const struct bh_rule rule_bh1012 = {
	.id = "BH1012",
	.severity = BH_SEV_INFO,
	.practice = "pin-base-image",
	.target = BH_TARGET_DOCKERFILE,
	.title = "Base image is not pinned by digest",
	.why = "A tag can be re-pushed to point at other content; only "
	       "a digest names exactly one image.",
	.fix = "Append the digest: FROM debian:12@sha256:<digest> "
	       "(docker buildx imagetools inspect shows it) and let a "
	       "bot such as Renovate update it.",
	.check = check_bh1012,
	.fix_fn = fix_pin_from,
	.fix_risk = "the digest is what the pins file names for that tag: "
		    "an older or newer build than the one the tag points at "
		    "today is what the stage is built on until the pin is "
		    "updated.",
	.flags = BH_RULE_FIX_PINS,
};

/* BH1013: base image from a registry outside trusted_registries. */
static void check_bh1013(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	if (!c->config || !c->config->trusted_registries.n)
		return;
	for (size_t i = 0; i < m->nstages; i++) {
		const struct df_stage *s = &m->stages[i];
		if (!judged_base(s) || !s->base.registry)
			continue;
		if (bh_config_registry_trusted(c->config, s->base.registry))
			continue;
		bh_report(c, self, image_span(s->from),
			  "FROM %s pulls from registry %s, which is not in "
			  "trusted_registries", s->base.raw, s->base.registry);
	}
}

static const struct bh_rule rule_bh1013 = {
	.id = "BH1013",
	.severity = BH_SEV_MEDIUM,
	.practice = "pin-base-image",
	.target = BH_TARGET_DOCKERFILE,
	.title = "Base image from an untrusted registry",
	.why = "The configured trusted_registries list says where base "
	       "images may come from; other registries bypass that "
	       "review.",
	.fix = "Pull the base from a trusted registry (or mirror it "
	       "there), or add the registry to trusted_registries.",
	.hadolint = "DL3026",
	.cis = "4.2",
	.check = check_bh1013,
};

/* The last path component of a repository ("library/debian" -> "debian"). */
static const char *repo_name(const char *repo)
{
	const char *s = strrchr(repo, '/');
	return s ? s + 1 : repo;
}

static bool name_in(const char *name, const char *const *list)
{
	for (size_t k = 0; list[k]; k++)
		if (txt_eq(name, list[k]))
			return true;
	return false;
}

/* Tags and repositories that mark a small image. */
static const char *const minimal_markers[] = {
	"alpine", "slim", "distroless", "minimal", "micro", "busybox",
	"chiseled", "nanoserver", "scratch", "static", "wolfi", NULL,
};

/* Whether w starts with "low" (lower-case letters) in any case: a byte
 * ORed with 0x20 equals a lower-case letter only when it is that letter
 * in either case, and a NUL never matches. */
static inline bool ci_at(const char *w, const char *low)
{
	for (; *low; w++, low++)
		if (((unsigned char)*w | 0x20) != (unsigned char)*low)
			return false;
	return true;
}

/* Whether s holds a minimal_markers word in any case: one pass over s,
 * a marker tried only where its first letter is (what a strcasestr per
 * marker finds). */
static bool has_marker(const char *s)
{
	if (!s)
		return false;
	/* bit l - 'a' for each first letter l of a marker */
	enum { FIRSTS = 1 << ('a' - 'a') | 1 << ('b' - 'a') | 1 << ('c' - 'a') |
			1 << ('d' - 'a') | 1 << ('m' - 'a') | 1 << ('n' - 'a') |
			1 << ('s' - 'a') | 1 << ('w' - 'a') };
	for (; *s; s++) {
		unsigned char l = (unsigned char)*s | 0x20;
		if (l < 'a' || l > 'z' || !(FIRSTS >> (l - 'a') & 1))
			continue;
		for (size_t k = 0; minimal_markers[k]; k++)
			if (minimal_markers[k][0] == (char)l &&
			    ci_at(s + 1, minimal_markers[k] + 1))
				return true;
	}
	return false;
}

/* Full distributions and SDK/runtime images whose default tags are built on
 * one (Docker Official Images names). */
static const char *const full_bases[] = {
	"ubuntu", "debian", "centos", "fedora", "amazonlinux", "rockylinux",
	"almalinux", "oraclelinux", "archlinux", "buildpack-deps", "node",
	"python", "golang", "openjdk", "eclipse-temurin", "amazoncorretto",
	"maven", "gradle", "ruby", "php", "perl", "rust", "gcc", "haskell",
	"elixir", "erlang", "swift", "clojure", "sapmachine", "ibmjava",
	"ibm-semeru-runtimes", "julia", "r-base", "mono", "ubi", "ubi8",
	"ubi9", "ubi10", "leap", "tumbleweed", "sdk", NULL,
};

/* Whether the image looks like a full distribution image. */
static bool is_full_base(const struct img_ref *b)
{
	const char *name = repo_name(b->repository);
	if (has_marker(b->repository) || has_marker(b->tag))
		return false;
	if (txt_eq(name, "sdk"))  /* mcr.microsoft.com/dotnet/sdk */
		return strstr(b->repository, "dotnet") != NULL;
	return name_in(name, full_bases);
}

/* BH1014: the final stage is based on a full distribution image. */
static void check_bh1014(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	const struct df_stage *fin = df_model_final_stage(m);
	if (!fin || !fin->from)
		return;
	const struct df_stage *chain[MAX_CHAIN];
	size_t n = dfr_stage_chain(m, fin, chain, MAX_CHAIN);
	const struct df_stage *root = chain[n - 1];
	if (!judged_base(root) || !is_full_base(&root->base))
		return;
	bh_report(c, self, image_span(fin->from),
		  "the final stage is built on %s, a full distribution image; "
		  "a -slim, alpine or distroless variant ships fewer packages "
		  "to patch", root->base.raw);
}

static const struct bh_rule rule_bh1014 = {
	.id = "BH1014",
	.severity = BH_SEV_LOW,
	.practice = "minimal-base-image",
	.target = BH_TARGET_DOCKERFILE,
	.title = "Final stage uses a full distribution base image",
	.why = "A full distribution ships shells, package managers and "
	       "hundreds of packages the application never uses, each "
	       "one attack surface and a source of CVE noise.",
	.fix = "Base the final stage on a -slim, alpine, distroless, "
	       "Chainguard or scratch image and COPY the build output "
	       "into it.",
	.cis = "4.3",
	.check = check_bh1014,
};

/* ---- BH1015: build tools in the final stage ---------------------------- */

static const char *const build_pkgs[] = {
	"build-essential", "build-base", "gcc", "g++", "gcc-c++", "clang",
	"make", "cmake", "automake", "autoconf", "libtool", "golang",
	"golang-go", "go", "maven", "gradle", "cargo", "rustc", "rust",
	"default-jdk", "default-jdk-headless", "nodejs-dev", "gfortran",
	"dotnet-sdk", NULL,
};

/* A package word with its version/arch suffix removed, in buf. */
static const char *pkg_base(const char *w, char *buf, size_t size)
{
	size_t n = strcspn(w, "=~<>:");
	if (n >= size)
		n = size - 1;
	memcpy(buf, w, n);
	buf[n] = 0;
	/* apk/rpm versions: gcc-12.2 is rare; openjdk-17-jdk stays whole */
	return buf;
}

static bool is_build_pkg(const char *w)
{
	char buf[128];
	const char *p = pkg_base(w, buf, sizeof(buf));
	if (name_in(p, build_pkgs))
		return true;
	/* openjdk-17-jdk, openjdk17-jdk, java-17-openjdk-devel, dotnet-sdk-8.0 */
	size_t n = strlen(p);
	if ((n > 4 && txt_eq(p + n - 4, "-jdk")) ||
	    strstr(p, "-jdk-headless"))
		return true;
	if (strncmp(p, "dotnet-sdk", 10) == 0)
		return true;
	if (strstr(p, "openjdk") && strstr(p, "-devel"))
		return true;
	return false;
}

/* The option table of the manager "cmd" runs (aptitude reads apt's). */
static const char *const *pkg_opts(const struct sh_cmd *cmd)
{
	return sh_pm_argopts(cmd->pm == SH_PM_NONE ? SH_PM_APT : cmd->pm);
}

/* The first package operand of a system package install (apt-get/apt
 * install, yum/dnf/zypper install, apk add, aptitude install), or argc.
 * *dd carries the "--" state for sh_pkg_next(). */
static size_t first_package(const struct sh_cmd *cmd, bool *dd)
{
	static const char *const install[] = { "install", NULL };
	static const char *const zyp[] = { "install", "in", NULL };
	static const char *const add[] = { "add", NULL };
	*dd = false;
	if (cmd->pm == SH_PM_NONE && dfr_streq(cmd->name, "aptitude")) {
		/* not a manager the pin rules judge, but it installs */
		const char *const *ao = pkg_opts(cmd);
		size_t s = sh_first_operand(cmd, cmd->start, ao);
		return sh_word_in(cmd, s, install) ?
		       sh_next_operand(cmd, s, ao, dd) : cmd->argc;
	}
	if (cmd->pm == SH_PM_NONE)
		return cmd->argc;  /* most commands: no sh_pm_is() below */
	if (sh_pm_is(cmd, SH_PM_APT, install) ||
	    sh_pm_is(cmd, SH_PM_RPM, install) ||
	    sh_pm_is(cmd, SH_PM_ZYPPER, zyp) || sh_pm_is(cmd, SH_PM_APK, add))
		return sh_next_operand(cmd, cmd->sub, pkg_opts(cmd), dd);
	return cmd->argc;
}

/* Whether the command removes packages (build deps purged again). */
static bool is_removal(const struct sh_cmd *cmd)
{
	static const char *const apk[] = { "del", NULL };
	static const char *const apt[] = { "purge", "remove", "autoremove",
					   NULL };
	static const char *const rpm[] = { "remove", "erase", "autoremove",
					   "rm", NULL };
	if (cmd->pm == SH_PM_NONE)
		return false;  /* most commands: no sh_pm_is() below */
	return sh_pm_is(cmd, SH_PM_APK, apk) || sh_pm_is(cmd, SH_PM_APT, apt) ||
	       sh_pm_is(cmd, SH_PM_RPM, rpm) || sh_pm_is(cmd, SH_PM_ZYPPER, rpm);
}

static bool word_is(const char *w, const char *const *list)
{
	return name_in(w, list);
}

/* A compile step in a RUN command: go build, mvn package, cargo build... */
static bool is_compile(const struct sh_cmd *cmd)
{
	size_t at;
	const char *name = sh_cmd_proper(cmd, &at);
	switch (name[0]) {  /* go mvn mvnw gradle gradlew cargo dotnet javac */
	case 'g': case 'm': case 'c': case 'd': case 'j':
		break;
	default:
		return false;
	}
	const char *sub = at + 1 < cmd->argc ? cmd->argv[at + 1].text : "";
	static const char *const go_sub[] = { "build", "install", NULL };
	static const char *const mvn_sub[] = {
		"package", "install", "verify", "compile", NULL,
	};
	static const char *const gradle_sub[] = {
		"build", "assemble", "jar", "bootJar", "installDist",
		"shadowJar", NULL,
	};
	static const char *const cargo_sub[] = { "build", "install", NULL };
	static const char *const dotnet_sub[] = {
		"build", "publish", NULL,
	};
	if (txt_eq(name, "go"))
		return word_is(sub, go_sub);
	if (txt_eq(name, "mvn") || txt_eq(name, "mvnw")) {
		for (size_t a = at + 1; a < cmd->argc; a++)
			if (word_is(cmd->argv[a].text, mvn_sub))
				return true;
		return false;
	}
	if (txt_eq(name, "gradle") || txt_eq(name, "gradlew")) {
		for (size_t a = at + 1; a < cmd->argc; a++)
			if (word_is(cmd->argv[a].text, gradle_sub))
				return true;
		return false;
	}
	if (txt_eq(name, "cargo"))
		return word_is(sub, cargo_sub);
	if (txt_eq(name, "dotnet"))
		return word_is(sub, dotnet_sub);
	if (txt_eq(name, "javac")) {
		/* javac -version is a smoke test, not a compile */
		for (size_t a = at + 1; a < cmd->argc; a++)
			if (cmd->argv[a].text[0] != '-')
				return true;
		return false;
	}
	return false;
}

/* SDK images whose default variants carry a compiler toolchain. */
static bool is_sdk_base(const struct img_ref *b)
{
	static const char *const sdk[] = {
		"golang", "maven", "gradle", "rust", "gcc", "openjdk",
		"eclipse-temurin", "amazoncorretto", "buildpack-deps", NULL,
	};
	const char *name = repo_name(b->repository);
	if (txt_eq(name, "sdk") && strstr(b->repository, "dotnet"))
		return true;
	if (!name_in(name, sdk))
		return false;
	/* eclipse-temurin:21-jre is a runtime, buildpack-deps:*-scm and
	 * *-curl carry no compiler */
	if (b->tag && (strcasestr(b->tag, "jre") || strcasestr(b->tag, "scm") ||
		       strcasestr(b->tag, "curl")))
		return false;
	return true;
}

/* Whether a bare `npm install` / `npm ci` / `yarn install` installs the
 * devDependencies (no --omit=dev / --production, NODE_ENV not production). */
static bool npm_installs_dev(const struct df_instr *in, const struct sh_cmd *cmd)
{
	size_t at;
	const char *name = sh_cmd_proper(cmd, &at);
	if (name[0] != 'n' && name[0] != 'y')
		return false;  /* most commands */
	bool npm = txt_eq(name, "npm"), yarn = txt_eq(name, "yarn");
	if (!npm && !yarn)
		return false;
	size_t a = at + 1;
	while (a < cmd->argc && cmd->argv[a].text[0] == '-')
		a++;
	/* a bare `yarn` installs; `yarn --version` does not */
	const char *sub = a < cmd->argc ? cmd->argv[a].text
					: (yarn && cmd->argc == at + 1 ? "install" : "");
	if (npm && !txt_eq(sub, "install") && !txt_eq(sub, "i") &&
	    !txt_eq(sub, "ci"))
		return false;
	if (yarn && !txt_eq(sub, "install"))
		return false;
	for (size_t k = a + 1; k < cmd->argc; k++) {
		const char *w = cmd->argv[k].text;
		if (w[0] != '-')
			return false; /* named packages, not the project's deps */
		if (txt_eq(w, "--production") ||
		    !strncmp(w, "--omit=dev", 10) ||
		    !strncmp(w, "--only=prod", 11) || txt_eq(w, "--prod") ||
		    txt_eq(w, "-g") || txt_eq(w, "--global"))
			return false;
		if (txt_eq(w, "--omit") && k + 1 < cmd->argc &&
		    txt_eq(cmd->argv[k + 1].text, "dev"))
			return false;
	}
	for (size_t k = 0; k < cmd->nassigns; k++)
		if (strstr(cmd->assigns[k].text, "NODE_ENV=production"))
			return false;
	for (size_t k = in->nenv; k-- > 0;) {
		const struct df_var *v = &in->env[k];
		if (v->name && txt_eq(v->name, "NODE_ENV"))
			return !(v->value && txt_eq(v->value, "production"));
	}
	return true;
}

static bool is_npm_prune(const struct sh_cmd *cmd)
{
	size_t at;
	const char *name = sh_cmd_proper(cmd, &at);
	if ((name[0] != 'n' && name[0] != 'y') ||
	    (!txt_eq(name, "npm") && !txt_eq(name, "yarn")))
		return false;
	for (size_t a = at + 1; a < cmd->argc; a++)
		if (txt_eq(cmd->argv[a].text, "prune") ||
		    txt_eq(cmd->argv[a].text, "autoclean"))
			return true;
	return false;
}

struct evidence {
	size_t instr;
	const struct sh_word *word;
	const char *what;
	int kind;            /* 1 package, 2 npm dev deps */
};

/* Whether the image runs an application (CMD, ENTRYPOINT or EXPOSE in its
 * stage chain).  Images without any are toolchain or base images (the
 * golang or gcc images themselves), where the compiler is the product. */
static bool runs_an_app(const struct df_model *m,
			const struct df_stage *const *chain, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		size_t end = chain[k]->end_instr <= m->ninstrs
			? chain[k]->end_instr : m->ninstrs;
		for (size_t i = chain[k]->from_instr; i < end; i++) {
			const struct df_node *nd = m->instrs[i].node;
			if (nd && (dfr_kw(nd, "cmd") ||
				   dfr_kw(nd, "entrypoint") ||
				   dfr_kw(nd, "expose")))
				return true;
		}
	}
	return false;
}

/* BH1015: compilers, SDKs or devDependencies in the final stage. */
static void check_bh1015(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	const struct df_stage *fin = df_model_final_stage(m);
	if (!fin || !fin->from)
		return;
	const struct df_stage *chain[MAX_CHAIN];
	size_t n = dfr_stage_chain(m, fin, chain, MAX_CHAIN);
	if (!runs_an_app(m, chain, n))
		return;
	struct evidence pkg = { 0, NULL, NULL, 0 }, npm = pkg;
	const struct sh_word *compile = NULL;
	size_t compile_instr = 0;
	bool removal = false, pruned = false;
	/* oldest stage first so "removed later" is in program order */
	for (size_t k = n; k-- > 0;) {
		const struct df_stage *st = chain[k];
		size_t end = st->end_instr <= m->ninstrs ? st->end_instr
							 : m->ninstrs;
		for (size_t i = st->from_instr; i < end; i++) {
			const struct df_instr *in = &m->instrs[i];
			if (!in->node || !dfr_kw(in->node, "run"))
				continue;
			for (size_t j = 0; j < in->script.ncmds; j++) {
				const struct sh_cmd *cmd = &in->script.cmds[j];
				if (is_removal(cmd))
					removal = true;
				if (is_npm_prune(cmd))
					pruned = true;
				if (!compile && is_compile(cmd)) {
					compile = &cmd->argv[cmd->start];
					compile_instr = i;
				}
				if (!npm.word && npm_installs_dev(in, cmd)) {
					npm = (struct evidence){ i,
						&cmd->argv[cmd->start],
						"npm", 2 };
					pruned = false;
				}
				if (pkg.word)
					continue;
				bool dd;
				for (size_t a = first_package(cmd, &dd); a < cmd->argc;
				     a = sh_next_operand(cmd, a, pkg_opts(cmd),
							 &dd)) {
					const char *w = cmd->argv[a].text;
					if (is_build_pkg(w)) {
						pkg = (struct evidence){ i,
							&cmd->argv[a], w, 1 };
						removal = false;
						break;
					}
				}
			}
		}
	}
	int line = 0, col = 0;
	if (pkg.word && !removal) {
		df_model_script_locate(m, pkg.instr, pkg.word->offset, &line, &col);
		bh_report(c, self, bh_span_at(line, col, dfr_slen(pkg.word->raw)),
			  "build tool %s is installed in the final stage and "
			  "never removed; build in an earlier stage and COPY "
			  "--from it only the artifacts", pkg.what);
		return;
	}
	const struct df_stage *root = chain[n - 1];
	if (compile && judged_base(root) && is_sdk_base(&root->base)) {
		df_model_script_locate(m, compile_instr, compile->offset,
				       &line, &col);
		bh_report(c, self, image_span(fin->from),
			  "the final stage compiles code (%s at line %d) on "
			  "the SDK image %s, so the whole toolchain ships in "
			  "the image", compile->text, line, root->base.raw);
		return;
	}
	if (npm.word && !pruned) {
		df_model_script_locate(m, npm.instr, npm.word->offset, &line, &col);
		bh_report(c, self, bh_span_at(line, col, dfr_slen(npm.word->raw)),
			  "%s installs devDependencies in the final stage "
			  "(no --omit=dev, NODE_ENV is not production)",
			  npm.word->text);
	}
}

static const struct bh_rule rule_bh1015 = {
	.id = "BH1015",
	.severity = BH_SEV_MEDIUM,
	.practice = "multi-stage-build",
	.target = BH_TARGET_DOCKERFILE,
	.title = "Build tools left in the final stage",
	.why = "Compilers, SDKs and devDependencies in the shipped "
	       "image enlarge it and let an attacker build tools "
	       "inside the container.",
	.fix = "Build in a separate stage (FROM golang:1.23 AS build) "
	       "and COPY --from=build only the artifacts into a "
	       "minimal final stage.",
	.cis = "4.3",
	.check = check_bh1015,
};

/* ---- ARGs in FROM ------------------------------------------------------ */

static const char *const platform_args[] = {
	"BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT",
	"TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT",
	"TARGETSTAGE", NULL,
};

static const struct df_var *global_arg(const struct df_model *m,
				       const char *name, size_t len)
{
	for (size_t k = m->nglobal_args; k-- > 0;) {
		const struct df_var *v = &m->global_args[k];
		if (v->name && strlen(v->name) == len &&
		    !strncmp(v->name, name, len))
			return v;
	}
	return NULL;
}

/* Calls fn for each $NAME / ${NAME...} reference in "word" that has no
 * default (${NAME:-x} and ${NAME-x} carry one).  Stops at the first
 * reference fn returns true for, and returns true then. */
static bool first_ref(const char *word, char *name, size_t size,
		      bool (*fn)(void *ctx, const char *name), void *ctx)
{
	struct expand_ref r;
	for (const char *p = word; (p = expand_next_ref(p, '\\', &r)) != NULL;) {
		if (r.len >= size || r.has_default)
			continue;
		memcpy(name, r.name, r.len);
		name[r.len] = 0;
		if (fn(ctx, name))
			return true;
	}
	return false;
}

static bool undeclared(void *ctx, const char *name)
{
	const struct df_model *m = ctx;
	return !name_in(name, platform_args) &&
	       !global_arg(m, name, strlen(name));
}

/* The first ${NAME<modifier>...} of "word" whose modifier BuildKit does
 * not support (it fails the build: "unsupported modifier in
 * substitution"); supported are ${N}, ${N-x} ${N+x} ${N?x} ${N#x} ${N%x},
 * ${N/a/b} and the same after ':' (not "/").  The reference's text, up to
 * its '}' (at most size - 1 bytes), goes to "ref"; false when none. */
static bool unsupported_modifier(const char *word, char *ref, size_t size)
{
	struct expand_ref r;
	for (const char *p = word; (p = expand_next_ref(p, '\\', &r)) != NULL;) {
		if (!r.braced)
			continue;
		const char *q = r.name + r.len;
		bool colon = *q == ':';
		q += colon;
		if (*q && strchr(colon ? "-+?#%" : "}/-+?#%", *q))
			continue;
		if (!*q && !colon)
			continue;  /* unterminated: another error */
		const char *e = strchr(q, '}');
		size_t n = e ? (size_t)(e - r.dollar) + 1 : strlen(r.dollar);
		if (n >= size)
			n = size - 1;
		memcpy(ref, r.dollar, n);
		ref[n] = 0;
		return true;
	}
	return false;
}

static void unsupported_elsewhere(struct bh_check *c,
				  const struct bh_rule *self);

/* BH1016: FROM uses an ARG not declared before the first FROM; an
 * unsupported ${var:modifier} in FROM or any instruction BuildKit
 * expands. */
static void check_bh1016(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	char name[128];
	unsupported_elsewhere(c, self);
	for (size_t i = 0; i < m->nstages; i++) {
		const struct df_node *f = m->stages[i].from;
		if (!f || !f->nargs)
			continue;
		if (unsupported_modifier(f->args[0].text, name, sizeof(name))) {
			bh_report(c, self, dfr_word_span(&f->args[0]),
				  "FROM uses %s, a substitution modifier "
				  "BuildKit does not support: the build fails "
				  "(\"unsupported modifier in substitution\"); "
				  "this looks like a template placeholder left "
				  "in the file", name);
			continue;
		}
		if (first_ref(f->args[0].text, name, sizeof(name), undeclared,
			      (void *)m)) {
			bh_report(c, self, dfr_word_span(&f->args[0]),
				  "FROM uses $%s, which is not declared by "
				  "an ARG before the first FROM, so it expands "
				  "to an empty string", name);
			continue;
		}
		for (size_t k = 0; k < f->nflags; k++) {
			const struct df_flag *fl = &f->flags[k];
			if (!fl->value || strcmp(fl->name, "platform"))
				continue;
			if (first_ref(fl->value, name, sizeof(name), undeclared,
				      (void *)m))
				bh_report(c, self, bh_span_at(fl->line, fl->col,
						dfr_slen(fl->text)),
					  "FROM --platform uses $%s, which is "
					  "not declared by an ARG before the "
					  "first FROM", name);
		}
	}
}

/* BH1016 also: an unsupported ${var:modifier} wherever BuildKit expands
 * variables (its dispatcher fails the build there as in FROM): ENV, ARG
 * defaults, COPY/ADD paths and flags, WORKDIR, USER, LABEL, EXPOSE,
 * STOPSIGNAL, VOLUME.  RUN, CMD and ENTRYPOINT are the shell's. */
/* "w" with what single quotes enclose (outside double quotes) blanked:
 * BuildKit's word expansion takes it literally.  Into buf; false when it
 * does not fit. */
static bool unquoted_part(const char *w, char esc, char *buf, size_t size)
{
	size_t n = strlen(w);
	if (n >= size)
		return false;
	bool sq = false, dq = false;
	for (size_t i = 0; i < n; i++) {
		char ch = w[i];
		buf[i] = sq && ch != '\'' ? ' ' : ch;
		if (!sq && ch == esc && i + 1 < n) {
			buf[i + 1] = w[i + 1];
			i++;
		} else if (!dq && ch == '\'') {
			sq = !sq;
		} else if (!sq && ch == '"') {
			dq = !dq;
		}
	}
	buf[n] = 0;
	return true;
}

static void unsupported_elsewhere(struct bh_check *c,
				  const struct bh_rule *self)
{
	char w[1024];
	char esc = c->df->file && c->df->file->escape ? c->df->file->escape
						       : '\\';
	const struct df_model *m = c->df;
	char ref[128];
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_node *n = m->instrs[i].node;
		/* where BuildKit expands variables (the keywords by their
		 * df_kw: asked of every instruction) */
		if (!n || !n->keyword ||
		    !(dfr_kw(n, "env") || dfr_kw(n, "arg") ||
		      dfr_kw(n, "copy") || dfr_kw(n, "add") ||
		      dfr_kw(n, "workdir") || dfr_kw(n, "user") ||
		      dfr_kw(n, "label") || dfr_kw(n, "expose") ||
		      dfr_kw(n, "stopsignal") || dfr_kw(n, "volume")))
			continue;
		bool done = false;
		for (size_t k = 0; k < n->nargs && !done; k++) {
			const char *t = n->args[k].text;
			/* only a braced ${...} can hold a modifier, and
			 * unquoted_part() adds no brace */
			if (!t || !strchr(t, '{') || (!n->json_form &&
				   !unquoted_part(t, esc, w, sizeof(w))) ||
			    !unsupported_modifier(n->json_form ? t : w, ref,
						  sizeof(ref)))
				continue;
			bh_report(c, self, dfr_word_span(&n->args[k]),
				  "%s uses %s, a substitution modifier "
				  "BuildKit does not support: the build fails "
				  "(\"unsupported modifier in substitution\"); "
				  "this looks like a template placeholder left "
				  "in the file", n->keyword_raw ? n->keyword_raw
								: n->keyword,
				  ref);
			done = true;
		}
		for (size_t k = 0; k < n->nflags && !done; k++) {
			const struct df_flag *fl = &n->flags[k];
			if (!fl->value ||
			    !unsupported_modifier(fl->value, ref, sizeof(ref)))
				continue;
			bh_report(c, self, bh_span_at(fl->line, fl->col,
						      dfr_slen(fl->text)),
				  "%s --%s uses %s, a substitution modifier "
				  "BuildKit does not support: the build fails "
				  "(\"unsupported modifier in substitution\")",
				  n->keyword_raw ? n->keyword_raw : n->keyword,
				  fl->name, ref);
			done = true;
		}
	}
}

static const struct bh_rule rule_bh1016 = {
	.id = "BH1016",
	.severity = BH_SEV_LOW,
	.practice = "pin-base-image",
	.target = BH_TARGET_DOCKERFILE,
	.title = "FROM uses an undeclared ARG, or an unsupported "
		 "${var:modifier}",
	.why = "Only ARGs declared before the first FROM are visible in "
	       "FROM; any other variable expands to an empty string.  A "
	       "${NAME:modifier} BuildKit does not support (such as a "
	       "devcontainer template's ${templateOption:x}) fails the "
	       "build outright, in FROM and in every instruction BuildKit "
	       "expands (ENV, ARG, COPY/ADD, WORKDIR, USER, LABEL, EXPOSE, "
	       "STOPSIGNAL, VOLUME).",
	.fix = "Declare the ARG (with a default) before the first FROM; "
	       "replace an unsupported ${NAME:modifier} with a supported "
	       "form (${NAME:-default}, ${NAME:+x}) or render the "
	       "template first.",
	.other = "BuildKit:UndefinedArgInFrom",
	.check = check_bh1016,
};

static bool declared_without_value(void *ctx, const char *name)
{
	const struct df_model *m = ctx;
	const struct df_var *v = global_arg(m, name, strlen(name));
	return v && !v->value;
}

/* BH1017: the ARG defaults used in FROM give no valid image reference. */
static void check_bh1017(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	char name[128];
	for (size_t i = 0; i < m->nstages; i++) {
		const struct df_stage *s = &m->stages[i];
		const struct df_node *f = s->from;
		if (!f || !f->nargs || !strchr(f->args[0].text, '$') ||
		    s->base_stage >= 0)
			continue;
		if (first_ref(f->args[0].text, name, sizeof(name),
			      declared_without_value, (void *)m)) {
			bh_report(c, self, dfr_word_span(&f->args[0]),
				  "ARG %s has no default, so FROM %s is not a "
				  "valid image reference unless --build-arg "
				  "%s is given", name, f->args[0].text, name);
			continue;
		}
		if (s->base.raw && !s->base.unresolved && !s->base.is_scratch) {
			struct img_ref tmp;
			if (!*s->base.raw || !img_ref_parse(s->base.raw, c->arena, &tmp))
				bh_report(c, self, dfr_word_span(&f->args[0]),
					  "with the ARG defaults, FROM %s "
					  "expands to \"%s\", which is not a "
					  "valid image reference",
					  f->args[0].text, s->base.raw);
		}
	}
}

static const struct bh_rule rule_bh1017 = {
	.id = "BH1017",
	.severity = BH_SEV_INFO,
	.practice = "pin-base-image",
	.target = BH_TARGET_DOCKERFILE,
	.title = "ARG default gives an invalid base image",
	.why = "With the ARG defaults the FROM reference is empty or "
	       "invalid, so the build fails unless every caller passes "
	       "--build-arg.",
	.fix = "Give the ARG a default that names a pinned image.",
	.other = "BuildKit:InvalidDefaultArgInFrom",
	.check = check_bh1017,
};

/* BH1018: FROM --platform with a constant value. */
static void check_bh1018(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	for (size_t i = 0; i < m->nstages; i++) {
		const struct df_stage *s = &m->stages[i];
		const struct df_node *f = s->from;
		if (!f)
			continue;
		for (size_t k = 0; k < f->nflags; k++) {
			const struct df_flag *fl = &f->flags[k];
			if (!fl->value || strcmp(fl->name, "platform") ||
			    strchr(fl->value, '$') || !*fl->value)
				continue;
			/* FROM --platform=linux/amd64 x AS build-amd64 is a
			 * deliberate per-platform stage (BuildKit skips it) */
			bool named = false;
			if (s->name) {
				const char *arch = strchr(fl->value, '/');
				char os[64];
				size_t n = strcspn(fl->value, "/");
				if (n < sizeof(os)) {
					memcpy(os, fl->value, n);
					os[n] = 0;
					named = strcasestr(s->name, os) ||
						(arch && arch[1] &&
						 strcasestr(s->name, arch + 1));
				}
			}
			if (named)
				continue;
			bh_report(c, self, bh_span_at(fl->line, fl->col,
						      dfr_slen(fl->text)),
				  "FROM --platform=%s pins a constant platform; "
				  "builds for other platforms silently get this "
				  "one", fl->value);
		}
	}
}

static const struct bh_rule rule_bh1018 = {
	.id = "BH1018",
	.severity = BH_SEV_INFO,
	.practice = "pin-base-image",
	.target = BH_TARGET_DOCKERFILE,
	.title = "FROM --platform uses a constant",
	.why = "A constant platform makes multi-platform builds "
	       "silently produce the same architecture for every "
	       "target.",
	.fix = "Use --platform=$BUILDPLATFORM for build stages, or drop "
	       "the flag and pass --platform to docker build.",
	.other = "BuildKit:FromPlatformFlagConstDisallowed",
	.check = check_bh1018,
};

/* BH1019: FROM --platform=$TARGETPLATFORM is the default anyway. */
static void check_bh1019(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	for (size_t i = 0; i < m->nstages; i++) {
		const struct df_node *f = m->stages[i].from;
		if (!f)
			continue;
		for (size_t k = 0; k < f->nflags; k++) {
			const struct df_flag *fl = &f->flags[k];
			if (!fl->value || strcmp(fl->name, "platform"))
				continue;
			if (strcmp(fl->value, "$TARGETPLATFORM") &&
			    strcmp(fl->value, "${TARGETPLATFORM}"))
				continue;
			bh_report(c, self, bh_span_at(fl->line, fl->col,
						      dfr_slen(fl->text)),
				  "FROM --platform=%s is redundant: the target "
				  "platform is the default", fl->value);
		}
	}
}

static const struct bh_rule rule_bh1019 = {
	.id = "BH1019",
	.severity = BH_SEV_INFO,
	.practice = "pin-base-image",
	.target = BH_TARGET_DOCKERFILE,
	.title = "FROM --platform=$TARGETPLATFORM is redundant",
	.why = "Stages already build for the target platform; the flag "
	       "adds noise and hides real --platform uses.",
	.fix = "Remove --platform=$TARGETPLATFORM.",
	.hadolint = "DL3065",
	.other = "BuildKit:RedundantTargetPlatform",
	.check = check_bh1019,
};

const struct bh_rule *const bh_rules_df_base[] = {
	&rule_bh1010,
	&rule_bh1011,
	&rule_bh1012,
	&rule_bh1013,
	&rule_bh1014,
	&rule_bh1015,
	&rule_bh1016,
	&rule_bh1017,
	&rule_bh1018,
	&rule_bh1019,
};
const size_t bh_rules_df_base_count =
	sizeof(bh_rules_df_base) / sizeof(bh_rules_df_base[0]);

