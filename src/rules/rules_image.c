/* SPDX-License-Identifier: Apache-2.0
 *
 * rules_image.c - the image family (BH4001-BH4999): checks over a built
 * image's config, history and final filesystem (struct img_model from
 * src/image/img_model.h).
 *
 * This file owns the rule rows and their check functions.  Findings have
 * no source line: they name the image (c->file), and, where a layer is to
 * blame, its digest and the history line that made it (bh_report_layer).
 * History lines are masked before they are shown: a build ARG value in
 * one must not leak through another finding; the secret values BH4006-
 * BH4008 find are also handed to the report step as hides
 * (bh_report_layer_secret, bh_hide), which masks them in every finding's
 * message and history line, also when those rules are off.  BH4022-BH4024
 * judge the signature and attestation facts the CLI gathered under the
 * configured key (struct bh_image_trust, c->trust); BH4022 leaves a
 * verdict it shares with the policy's BH6005 (the same key) to that rule
 * while it runs (docs/policy.md).  It does not read
 * images (src/image/) or know secret patterns (src/secrets/).
 * Tests: tests/unit/image/test_image.c (model-level),
 * tests/suites/image.sh and tests/golden/image/ (end to end; trust-*.json
 * for BH4022-BH4024).
 */
#include "families.h"
#include "java_sign.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../image/img_model.h"
#include "../secrets/secrets.h"
#include "../util/arena.h"
#include "../util/strbuf.h"
#include "../util/text.h"
#include "../core/config.h"
#include "../vuln/match.h"

#define IMG BH_TARGET_IMAGE

#define CB_SHOW 300  /* history text shown in findings */

/* ---- helpers --------------------------------------------------------- */

struct span_list {
	size_t off[32], len[32];
	size_t n;
};

static bool collect_span(void *ctx, const struct sec_match *m)
{
	struct span_list *s = ctx;
	if (s->n < 32) {
		s->off[s->n] = m->offset;
		s->len[s->n] = m->len;
		s->n++;
	}
	return s->n < 32;
}

static bool ident(const char *s, size_t n)
{
	if (!n || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!(isalnum((unsigned char)s[i]) || s[i] == '_'))
			return false;
	return true;
}

/* Spans of secret values in a history line: every NAME=value word
 * (BuildKit's "|N K=v ..." build args, "ARG K=v", "ENV K=v", shell
 * assignments in RUN lines) judged by sec_check_assignment, and whatever
 * sec_scan_text finds. */
static void history_spans(const char *s, struct span_list *out)
{
	out->n = 0;
	const char *p = s;
	while (*p && out->n < 32) {
		while (*p == ' ' || *p == '\t' || *p == ';' || *p == '&')
			p++;
		const char *tok = p;
		while (*p && *p != ' ' && *p != '\t' && *p != ';')
			p++;
		const char *eq = memchr(tok, '=', (size_t)(p - tok));
		if (!eq || !ident(tok, (size_t)(eq - tok)))
			continue;
		char name[128], value[512];
		size_t nl = (size_t)(eq - tok), vl = (size_t)(p - eq - 1);
		const char *v = eq + 1;
		if (vl >= 2 && (v[0] == '"' || v[0] == '\'') && v[vl - 1] == v[0]) {
			v++;
			vl -= 2;
		}
		if (nl >= sizeof(name) || vl >= sizeof(value) || !vl)
			continue;
		memcpy(name, tok, nl);
		name[nl] = 0;
		memcpy(value, v, vl);
		value[vl] = 0;
		struct sec_match m;
		if (sec_check_assignment(name, value, &m)) {
			out->off[out->n] = (size_t)(v - s) + m.offset;
			out->len[out->n] = m.len ? m.len : vl;
			out->n++;
		}
	}
	struct span_list more = { .n = 0 };
	(void)sec_scan_text(s, strlen(s), collect_span, &more);
	for (size_t i = 0; i < more.n && out->n < 32; i++) {
		bool dup = false;
		for (size_t k = 0; k < out->n; k++)
			if (more.off[i] < out->off[k] + out->len[k] &&
			    out->off[k] < more.off[i] + more.len[i])
				dup = true;
		if (!dup) {
			out->off[out->n] = more.off[i];
			out->len[out->n] = more.len[i];
			out->n++;
		}
	}
}

/* The history line with every secret value masked, shortened; arena. */
static const char *clean_line(struct bh_check *c, const char *s)
{
	if (!s)
		return NULL;
	struct span_list sp;
	history_spans(s, &sp);
	struct strbuf sb = STRBUF_INIT;
	size_t n = strlen(s), i = 0;
	while (i < n && sb.len < CB_SHOW) {
		size_t k;
		for (k = 0; k < sp.n; k++)
			if (sp.off[k] == i && sp.len[k] > 0)
				break;
		if (k < sp.n) {
			char val[512], masked[64];
			size_t vl = sp.len[k] < sizeof(val) - 1 ? sp.len[k] : sizeof(val) - 1;
			memcpy(val, s + i, vl);
			val[vl] = 0;
			bh_mask_secret(val, masked, sizeof(masked));
			strbuf_adds(&sb, masked);
			i += sp.len[k];
			continue;
		}
		/* inside a span that started earlier? skip it */
		bool inside = false;
		for (k = 0; k < sp.n; k++)
			if (i > sp.off[k] && i < sp.off[k] + sp.len[k])
				inside = true;
		if (!inside)
			strbuf_addc(&sb, s[i]);
		i++;
	}
	if (i < n)
		strbuf_adds(&sb, "...");
	const char *r = arena_strdup(c->arena, strbuf_str(&sb));
	strbuf_free(&sb);
	return r;
}

static const char *layer_digest(const struct img_model *m, uint32_t layer)
{
	return layer < m->nlayers ? m->layers[layer].digest : NULL;
}

static const char *layer_cb(struct bh_check *c, uint32_t layer)
{
	const struct img_model *m = c->image;
	return layer < m->nlayers ? clean_line(c, m->layers[layer].created_by) : NULL;
}

/* Report against layer "layer" of the image. */
#define report_in(c, r, layer, ...) \
	bh_report_layer((c), (r), layer_digest((c)->image, (layer)), \
			layer_cb((c), (layer)), __VA_ARGS__)

/* The last history line mentioning "needle" (for config findings). */
static const char *history_with(struct bh_check *c, const char *needle)
{
	const struct img_model *m = c->image;
	for (size_t i = m->nhistory; i-- > 0;) {
		const char *cb = m->history[i].created_by;
		if (cb && strstr(cb, needle))
			return clean_line(c, cb);
	}
	return NULL;
}

static bool is_digits(const char *s, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* ---- config ---------------------------------------------------------- */

static void check_bh4001(struct bh_check *c, const struct bh_rule *self)
{
	const char *u = c->image->user;
	if (!u || !*u) {
		bh_report_layer(c, self, NULL, NULL,
				"image config sets no User: the container runs as root");
		return;
	}
	size_t n = strcspn(u, ":");
	if ((n == 4 && strncmp(u, "root", 4) == 0) ||
	    (is_digits(u, n) && strtoul(u, NULL, 10) == 0))
		bh_report_layer(c, self, NULL, history_with(c, "USER"),
				"image config User \"%.64s\" is root", u);
}

static const struct bh_rule rule_bh4001 = { "BH4001", BH_SEV_HIGH, "non-root-user", IMG,
  "Image runs as root",
  "The image config sets no User, or root: every container started from "
  "it runs as root unless the runtime overrides it.",
  "Build with a final `USER 10001:10001` (a non-root numeric UID:GID).",
  NULL, "DS002", NULL, "4.1", "Dockle:CIS-DI-0001",
  check_bh4001, 0, NULL, NULL,
  0, NULL, NULL, NULL, NULL };

static void check_bh4002(struct bh_check *c, const struct bh_rule *self)
{
	const char *u = c->image->user;
	if (!u || !*u)
		return;
	size_t n = strcspn(u, ":");
	if (n == 4 && strncmp(u, "root", 4) == 0)
		return; /* BH4001 */
	const char *g = u[n] == ':' ? u + n + 1 : NULL;
	if (!is_digits(u, n) || (g && !is_digits(g, strlen(g))))
		bh_report_layer(c, self, NULL, history_with(c, "USER"),
				"image config User \"%.64s\" is a name, not a numeric "
				"UID:GID", u);
}

static const struct bh_rule rule_bh4002 = { "BH4002", BH_SEV_LOW, "numeric-uid", IMG,
  "Image user is a name, not a numeric UID",
  "Kubernetes runAsNonRoot can only verify a numeric UID; a user name "
  "also depends on /etc/passwd inside the image.",
  "Use `USER <uid>:<gid>` with numbers.",
  NULL, NULL, NULL, NULL, NULL, check_bh4002, 0, NULL, NULL,
  0, NULL, NULL, NULL, NULL };

static void check_bh4003(struct bh_check *c, const struct bh_rule *self)
{
	const struct img_model *m = c->image;
	/* Test ["NONE"] is the author's recorded decision (a one-shot CLI
	 * image, or Kubernetes probes instead): BH1045 accepts HEALTHCHECK
	 * NONE in the Dockerfile and its fix suggests it, so the image it
	 * builds is not reported either. */
	if (m->has_healthcheck || m->healthcheck_disabled)
		return;
	bh_report_layer(c, self, NULL, NULL, "image config has no Healthcheck");
}

static const struct bh_rule rule_bh4003 = { "BH4003", BH_SEV_LOW, "healthcheck", IMG,
  "Image has no health check",
  "Without a HEALTHCHECK, Docker and Compose cannot tell a hung "
  "container from a healthy one.  An explicit HEALTHCHECK NONE "
  "(config Test [\"NONE\"]) records that the image has none on "
  "purpose (a one-shot CLI, or Kubernetes probes) and is not reported, "
  "as BH1045 does for the Dockerfile.",
  "Add a HEALTHCHECK to the Dockerfile (or probes in Kubernetes).",
  NULL, "DS026", NULL, "4.6", "Dockle:CIS-DI-0006",
  check_bh4003, 0, NULL, NULL,
  0, NULL, NULL, NULL, NULL };

static unsigned port_num(const char *p)
{
	char *end;
	unsigned long v = strtoul(p, &end, 10);
	return end != p && v < 65536 ? (unsigned)v : 0;
}

static void check_bh4004(struct bh_check *c, const struct bh_rule *self)
{
	const struct img_model *m = c->image;
	for (size_t i = 0; i < m->nports; i++)
		if (port_num(m->ports[i]) == 22)
			bh_report_layer(c, self, NULL, history_with(c, "EXPOSE"),
					"image exposes SSH port %.32s", m->ports[i]);
}

static const struct bh_rule rule_bh4004 = { "BH4004", BH_SEV_HIGH, "minimal-ports", IMG,
  "Image exposes the SSH port",
  "An SSH server in a container is an extra way in and a sign the "
  "container is managed like a VM.",
  "Remove `EXPOSE 22` and the SSH server; use `docker exec`/`kubectl exec`.",
  NULL, "DS004", NULL, NULL, NULL, check_bh4004, 0, NULL, NULL,
  0, NULL, NULL, NULL, NULL };

static const struct { unsigned port; const char *what; } risky[] = {
	{ 23, "telnet" }, { 2345, "Delve debugger" },
	{ 2375, "Docker API (plain)" }, { 2376, "Docker API" },
	{ 3389, "RDP" }, { 5005, "Java debug (JDWP)" },
	{ 5678, "Python debugpy" }, { 5900, "VNC" }, { 5901, "VNC" },
	{ 6000, "X11" }, { 9229, "Node.js inspector" },
	{ 10250, "kubelet API" },
};

/* Whether the image shows it runs Java: its name, a JAVA_* variable
 * (JAVA_HOME, JAVA_VERSION...) or a history step naming java, a JDK/JRE,
 * a .jar or jdwp (java_sign.h).  Port 5005 is the JDWP convention only
 * with such a sign. */
static bool shows_java(const struct img_model *m)
{
	if (java_image(m->ref))
		return true;
	for (size_t i = 0; i < m->nrepo_tags; i++)
		if (java_image(m->repo_tags[i]))
			return true;
	for (size_t i = 0; i < m->nenv; i++)
		if (java_text(m->env[i].key))
			return true;
	for (size_t i = 0; i < m->nhistory; i++) {
		const char *cb = m->history[i].created_by;
		if (java_text(cb) || txt_stristr(cb, "jdk") ||
		    txt_stristr(cb, "jre"))
			return true;
	}
	return false;
}

static void check_bh4005(struct bh_check *c, const struct bh_rule *self)
{
	const struct img_model *m = c->image;
	int java = -1;  /* asked once, when a 5005 is there */
	for (size_t i = 0; i < m->nports; i++) {
		unsigned p = port_num(m->ports[i]);
		if (p == 5005 && java < 0)
			java = shows_java(m);
		if (p == 5005 && !java)
			continue;
		for (size_t k = 0; k < sizeof(risky) / sizeof(risky[0]); k++)
			if (risky[k].port == p)
				bh_report_layer(c, self, NULL, history_with(c, "EXPOSE"),
						"image exposes %.32s (%s)", m->ports[i],
						risky[k].what);
	}
}

static const struct bh_rule rule_bh4005 = { "BH4005", BH_SEV_MEDIUM, "minimal-ports", IMG,
  "Image exposes a remote-admin or debugger port",
  "Telnet, RDP, VNC, the Docker API and debugger ports give remote "
  "control of the process or host.  Port 5005 counts as the Java "
  "debugger (JDWP) only when the image shows Java (a JAVA_* variable, "
  "a JDK/JRE, java or a .jar in its history).",
  "Remove the EXPOSE and the service behind it from the production image.",
  NULL, NULL, NULL, NULL, NULL, check_bh4005, 0, NULL, NULL,
  0, NULL, NULL, NULL, NULL };

static void kv_secrets(struct bh_check *c, const struct bh_rule *self,
		       const struct img_kv *kv, size_t n, const char *what)
{
	for (size_t i = 0; i < n; i++) {
		struct sec_match mt;
		if (!sec_check_assignment(kv[i].key, kv[i].value, &mt))
			continue;
		char val[512], masked[64];
		size_t vl = mt.len < sizeof(val) - 1 ? mt.len : sizeof(val) - 1;
		if (mt.offset + vl > strlen(kv[i].value))
			vl = 0;
		memcpy(val, kv[i].value + mt.offset, vl);
		val[vl] = 0;
		bh_mask_secret(vl ? val : kv[i].value, masked, sizeof(masked));
		char needle[140];
		snprintf(needle, sizeof(needle), "%.128s=", kv[i].key);
		bh_report_layer_secret(c, self, NULL, history_with(c, needle),
				       vl ? val : kv[i].value,
				       "%s %.128s holds a secret (%s): %s", what,
				       kv[i].key, mt.title ? mt.title : "secret",
				       masked);
	}
}

static void check_bh4006(struct bh_check *c, const struct bh_rule *self)
{
	kv_secrets(c, self, c->image->env, c->image->nenv, "Env");
}

static const struct bh_rule rule_bh4006 = { "BH4006", BH_SEV_HIGH, "no-secrets-in-image", IMG,
  "Secret in the image's environment",
  "Env values are stored in the image config: anyone who can pull the "
  "image can read them with `docker inspect`.",
  "Pass the secret at run time (secrets mount, orchestrator secret), "
  "not with ENV.",
  NULL, NULL, NULL, "4.10", NULL, check_bh4006, BH_RULE_HIDES, NULL, NULL,
  0, NULL, NULL, NULL, NULL };

static void check_bh4007(struct bh_check *c, const struct bh_rule *self)
{
	kv_secrets(c, self, c->image->labels, c->image->nlabels, "Label");
}

static const struct bh_rule rule_bh4007 = { "BH4007", BH_SEV_HIGH, "no-secrets-in-image", IMG,
  "Secret in an image label",
  "Labels are stored in the image config and shown by every registry "
  "and `docker inspect`.",
  "Remove the secret from LABEL; rotate it.",
  NULL, NULL, NULL, "4.10", NULL, check_bh4007, BH_RULE_HIDES, NULL, NULL,
  0, NULL, NULL, NULL, NULL };

/* ---- history --------------------------------------------------------- */

/* An "ENV K=V" history line whose assignments are all still in Env is
 * BH4006's finding, not this one's. */
static bool env_line_covered(const struct img_model *m, const char *cb)
{
	const char *p = strstr(cb, "ENV ");
	if (!p)
		return false;
	for (size_t i = 0; i < m->nenv; i++) {
		char kv[600];
		snprintf(kv, sizeof(kv), "%.128s=%.400s", m->env[i].key,
			 m->env[i].value);
		if (strstr(p, kv))
			return true;
	}
	return false;
}

static void check_bh4008(struct bh_check *c, const struct bh_rule *self)
{
	const struct img_model *m = c->image;
	for (size_t i = 0; i < m->nhistory; i++) {
		const char *cb = m->history[i].created_by;
		if (!cb || env_line_covered(m, cb))
			continue;
		struct span_list sp;
		history_spans(cb, &sp);
		if (!sp.n)
			continue;
		/* each value is hidden wherever the run shows it */
		for (size_t k = 0; k < sp.n; k++) {
			char val[512];
			size_t vl = sp.len[k] < sizeof(val) - 1 ? sp.len[k]
								: sizeof(val) - 1;
			memcpy(val, cb + sp.off[k], vl);
			val[vl] = 0;
			bh_hide(c, (struct bh_span){ 0, 0, 0, 0 }, val);
		}
		int layer = m->history[i].layer;
		bh_report_layer(c, self,
				layer >= 0 ? layer_digest(m, (uint32_t)layer) : NULL,
				clean_line(c, cb),
				"build history entry %zu keeps %zu secret value%s "
				"(build args and RUN lines are stored in the image)",
				i + 1, sp.n, sp.n == 1 ? "" : "s");
	}
}

static const struct bh_rule rule_bh4008 = { "BH4008", BH_SEV_HIGH, "no-secrets-in-image", IMG,
  "Secret in the image's build history",
  "Build arguments and RUN command lines are recorded in the image "
  "history (`docker history`), values included.",
  "Use `RUN --mount=type=secret` for build-time secrets; rotate the "
  "leaked one.",
  NULL, NULL, NULL, "4.10", NULL, check_bh4008, BH_RULE_HIDES, NULL, NULL,
  0, NULL, NULL, NULL, NULL };

/* "curl ... | sh", "wget -O- ... | bash" */
static bool pipes_to_shell(const char *s)
{
	const char *dl = NULL;
	const char *p;
	if ((p = strstr(s, "curl ")) || (p = strstr(s, "wget ")))
		dl = p;
	if (!dl)
		return false;
	for (p = strchr(dl, '|'); p; p = strchr(p + 1, '|')) {
		if (p[1] == '|')
			{ p++; continue; }
		const char *q = p + 1;
		while (*q == ' ')
			q++;
		if (strncmp(q, "sudo ", 5) == 0)
			q += 5;
		static const char *const sh[] = { "sh", "bash", "ash", "dash",
						  "zsh", "/bin/sh", "/bin/bash",
						  "python", "python3", "perl" };
		for (size_t k = 0; k < sizeof(sh) / sizeof(sh[0]); k++) {
			size_t n = strlen(sh[k]);
			if (strncmp(q, sh[k], n) == 0 &&
			    (q[n] == 0 || q[n] == ' ' || q[n] == ';' || q[n] == '&' ||
			     q[n] == ')' || q[n] == '-'))
				return true;
		}
	}
	return false;
}

static void check_bh4009(struct bh_check *c, const struct bh_rule *self)
{
	const struct img_model *m = c->image;
	for (size_t i = 0; i < m->nhistory; i++) {
		const char *cb = m->history[i].created_by;
		if (!cb || !pipes_to_shell(cb))
			continue;
		int layer = m->history[i].layer;
		bh_report_layer(c, self,
				layer >= 0 ? layer_digest(m, (uint32_t)layer) : NULL,
				clean_line(c, cb),
				"build history entry %zu pipes a download into a shell",
				i + 1);
	}
}

static const struct bh_rule rule_bh4009 = { "BH4009", BH_SEV_MEDIUM, "vulnerability-scan", IMG,
  "Build pipes a download into a shell",
  "`curl ... | sh` runs unverified remote code at build time; what ran "
  "cannot be audited or scanned afterwards.",
  "Download to a file, verify its checksum or signature, then run it.",
  NULL, NULL, NULL, NULL, NULL, check_bh4009, 0, NULL, NULL,
  0, NULL, NULL, NULL, NULL };

/* ---- filesystem ------------------------------------------------------ */

struct cache_count {
	size_t *per_layer;
	size_t n;
};

static bool count_cache(void *ctx, const struct img_node *n, const char *path)
{
	struct cache_count *cc = ctx;
	if (n->type == IMG_REG && n->layer < cc->n &&
	    img_path_is_pkg_cache(path + 1))
		cc->per_layer[n->layer]++;
	return true;
}

/* Counted per layer while it streamed: cache files deleted by a later
 * layer still weigh on the image. */
static void check_bh4010(struct bh_check *c, const struct bh_rule *self)
{
	const struct img_model *m = c->image;
	if (!m->nlayers)
		return;
	struct cache_count cc = { arena_array(c->arena, m->nlayers, sizeof(size_t)),
				  m->nlayers };
	if (!cc.per_layer)
		return;
	img_fs_walk(&m->fs, count_cache, &cc);
	for (size_t i = 0; i < m->nlayers; i++) {
		size_t n = m->layers[i].cache_files;
		if (!n)
			continue;
		report_in(c, self, (uint32_t)i,
			  "layer %zu adds %zu package manager cache file%s (apt lists, "
			  "apt/apk/yum/dnf caches)%s", i + 1, n, n == 1 ? "" : "s",
			  cc.per_layer[i] ? "" :
			  "; a later layer deletes them, but they stay in this "
			  "layer's blob");
	}
}

static const struct bh_rule rule_bh4010 = { "BH4010", BH_SEV_LOW, "minimal-base-image", IMG,
  "Package manager caches left in the image",
  "apt lists and apk/yum/dnf caches add size and stale package "
  "metadata to every container.",
  "Clean in the same RUN: `rm -rf /var/lib/apt/lists/*`, "
  "`apk add --no-cache`, `dnf clean all`.",
  NULL, NULL, NULL, NULL, "Dockle:DKL-DI-0005",
  check_bh4010, 0, NULL, NULL,
  0, NULL, NULL, NULL, NULL };

/* setuid/setgid binaries every distro ships; paths without "usr/" */
static const char *const usual_suid[] = {
	"bin/su", "bin/mount", "bin/umount", "bin/passwd", "bin/chsh",
	"bin/chfn", "bin/newgrp", "bin/gpasswd", "bin/sudo", "bin/expiry",
	"bin/chage", "bin/wall", "bin/write", "bin/bsd-write", "bin/crontab",
	"bin/ssh-agent", "bin/ping", "bin/newuidmap", "bin/newgidmap",
	"bin/at", "bin/pkexec", "bin/fusermount", "bin/fusermount3",
	"sbin/unix_chkpwd", "sbin/pam_extrausers_chkpwd",
	"lib/openssh/ssh-keysign", "libexec/openssh/ssh-keysign",
	"lib/dbus-1.0/dbus-daemon-launch-helper", "bin/bbsuid",
	"sbin/mount.nfs", "bin/dotlockfile", "bin/ntfs-3g",
};

static bool usual_setuid(const char *path)
{
	const char *p = path + 1;
	if (strncmp(p, "usr/", 4) == 0)
		p += 4;
	for (size_t i = 0; i < sizeof(usual_suid) / sizeof(usual_suid[0]); i++)
		if (strcmp(p, usual_suid[i]) == 0)
			return true;
	return false;
}

struct fs_ctx {
	struct bh_check *c;
	const struct bh_rule *self;
	int which;    /* 11, 12, 13 */
};

static const char *suid_bits(uint32_t mode)
{
	if ((mode & 06000) == 06000)
		return "setuid+setgid";
	return (mode & 04000) ? "setuid" : "setgid";
}

static bool visit_suid(void *ctx, const struct img_node *n, const char *path)
{
	struct fs_ctx *f = ctx;
	if ((n->type != IMG_REG && n->type != IMG_HARDLINK) || !(n->mode & 06000))
		return true;
	bool usual = usual_setuid(path);
	if ((f->which == 11) == usual)
		return true;
	report_in(f->c, f->self, n->layer, "%s %s (mode %04o, owner %u:%u)%s",
		  suid_bits(n->mode), path, n->mode, n->uid, n->gid,
		  usual ? ": a usual distro binary, remove it if unused" : "");
	return true;
}

static void check_bh4011(struct bh_check *c, const struct bh_rule *self)
{
	struct fs_ctx f = { c, self, 11 };
	img_fs_walk(&c->image->fs, visit_suid, &f);
}

static const struct bh_rule rule_bh4011 = { "BH4011", BH_SEV_HIGH, "setuid-files", IMG,
  "Unexpected setuid/setgid file",
  "A setuid or setgid binary that is not a standard distro tool is a "
  "ready privilege-escalation path inside the container.",
  "Remove the file or its bits: `chmod u-s,g-s <file>` in the Dockerfile.",
  NULL, NULL, NULL, "4.8", "Dockle:CIS-DI-0008",
  check_bh4011, 0, NULL, NULL,
  0, NULL, NULL, NULL, NULL };

static void check_bh4012(struct bh_check *c, const struct bh_rule *self)
{
	struct fs_ctx f = { c, self, 12 };
	img_fs_walk(&c->image->fs, visit_suid, &f);
}

static const struct bh_rule rule_bh4012 = { "BH4012", BH_SEV_LOW, "setuid-files", IMG,
  "Standard setuid/setgid binary present",
  "Distro tools like su, passwd and mount are setuid; a container "
  "rarely needs them, and each is attack surface.",
  "Strip the bits in the final stage: "
  "`find / -xdev -perm /6000 -type f -exec chmod a-s {} +`.",
  NULL, NULL, NULL, "4.8", "Dockle:CIS-DI-0008",
  check_bh4012, 0, NULL, NULL,
  0, NULL, NULL, NULL, NULL };

static bool tmp_path(const char *p)
{
	static const char *const t[] = { "/tmp", "/var/tmp", "/dev/shm",
					 "/run/lock", "/var/lock" };
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		size_t n = strlen(t[i]);
		if (strncmp(p, t[i], n) == 0 && (p[n] == 0 || p[n] == '/'))
			return true;
	}
	return false;
}

static bool visit_ww(void *ctx, const struct img_node *n, const char *path)
{
	struct fs_ctx *f = ctx;
	if (n->type == IMG_SYMLINK || !(n->mode & 02))
		return true;
	if (n->type == IMG_DIR && (n->mode & 01000))
		return true; /* sticky: the /tmp pattern */
	if (n->type == IMG_DIR && tmp_path(path))
		return true;
	if (n->type != IMG_DIR && tmp_path(path))
		return true;
	if (n->type == IMG_CHR || n->type == IMG_BLK || n->type == IMG_FIFO)
		return true; /* /dev/null and friends */
	report_in(f->c, f->self, n->layer,
		  "world-writable %s %s (mode %04o)%s",
		  n->type == IMG_DIR ? "directory" : "file", path, n->mode,
		  n->type == IMG_DIR ? " without the sticky bit" : "");
	return true;
}

static void check_bh4013(struct bh_check *c, const struct bh_rule *self)
{
	struct fs_ctx f = { c, self, 13 };
	img_fs_walk(&c->image->fs, visit_ww, &f);
}

static const struct bh_rule rule_bh4013 = { "BH4013", BH_SEV_MEDIUM, "setuid-files", IMG,
  "World-writable file or directory outside /tmp",
  "Any process in the container can change or plant files there, "
  "whatever user it runs as.",
  "Tighten the mode (`chmod o-w`), or set the sticky bit on shared "
  "directories.",
  NULL, NULL, NULL, NULL, NULL, check_bh4013, 0, NULL, NULL,
  0, NULL, NULL, NULL, NULL };

static void today(char buf[16])
{
	const char *fake = getenv("BULKHEAD_TODAY"); /* tests */
	if (fake && strlen(fake) == 10) {
		snprintf(buf, 16, "%s", fake);
		return;
	}
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, 16, "%Y-%m-%d", &tm);
}

static void check_bh4014(struct bh_check *c, const struct bh_rule *self)
{
	const struct img_model *m = c->image;
	const struct img_eol *row =
		img_eol_find(m->os_id, m->os_version_id, m->os_name);
	char now[16];
	today(now);
	if (!img_eol_passed(row, now))
		return;
	const struct img_node *osr = img_fs_resolve(&m->fs, "etc/os-release");
	if (!osr || !osr->data)
		osr = img_fs_resolve(&m->fs, "usr/lib/os-release");
	uint32_t layer = osr ? osr->layer : 0;
	report_in(c, self, layer,
		  "base OS %s (%s %s) reached end of life on %s: no more "
		  "security updates (source: %s)", row->name, m->os_id,
		  m->os_version_id, row->eol, row->source);
}

static const struct bh_rule rule_bh4014 = { "BH4014", BH_SEV_HIGH, "vulnerability-scan", IMG,
  "Base OS release is end of life",
  "An end-of-life release gets no security updates: its known "
  "vulnerabilities stay open.",
  "Rebuild on a supported release of the base image.",
  NULL, NULL, NULL, NULL, NULL, check_bh4014, 0, NULL, NULL,
  0, NULL, NULL, NULL, NULL };

static void hits(struct bh_check *c, const struct bh_rule *self, int which)
{
	const struct img_model *m = c->image;
	for (size_t i = 0; i < m->nhits; i++) {
		const struct img_hit *h = &m->hits[i];
		bool want;
		if (which == 15)
			want = h->file_kind && !h->hidden;
		else if (which == 16)
			want = h->file_kind && h->hidden;
		else
			want = !h->file_kind && h->nmatches;
		if (!want)
			continue;
		char content[200] = "";
		/* a masked key block ("----****") says nothing */
		const char *masked = strncmp(h->masked, "----", 4) == 0 ? "" : h->masked;
		if (h->nmatches)
			snprintf(content, sizeof(content), "; holds %s%s%s",
				 h->match_title ? h->match_title : "a secret",
				 masked[0] ? " " : "", masked);
		if (which == 17)
			report_in(c, self, h->layer, "%s holds %s%s%s%s (layer %u)%s",
				  h->path, h->match_title ? h->match_title : "a secret",
				  masked[0] ? " " : "", masked, h->nmatches > 1 ? " and more" : "",
				  h->layer + 1,
				  h->hidden ? "; deleted by a later layer but still "
				  "in the image's layer blob" : "");
		else if (which == 16)
			report_in(c, self, h->layer,
				  "%s (%s) from layer %u is deleted or replaced by a "
				  "later layer but stays readable in the layer blob%s",
				  h->path, h->file_kind, h->layer + 1, content);
		else
			report_in(c, self, h->layer, "%s (%s) in the image%s",
				  h->path, h->file_kind, content);
	}
}

static void check_bh4015(struct bh_check *c, const struct bh_rule *self)
{
	hits(c, self, 15);
}

static const struct bh_rule rule_bh4015 = { "BH4015", BH_SEV_HIGH, "secret-files", IMG,
  "Secret file in the image",
  "Private keys, .env files and credential files in an image are "
  "readable by anyone who can pull it.",
  "Keep them out with .dockerignore; mount secrets at run time; "
  "rotate the leaked ones.",
  NULL, NULL, NULL, "4.10", "Dockle:CIS-DI-0010, Dockle:DKL-LI-0003",
  check_bh4015, 0, NULL, NULL,
  0, NULL, NULL, NULL, NULL };

static void check_bh4016(struct bh_check *c, const struct bh_rule *self)
{
	hits(c, self, 16);
}

static const struct bh_rule rule_bh4016 = { "BH4016", BH_SEV_HIGH, "secret-files", IMG,
  "Secret file deleted in a later layer, still in the image",
  "Deleting a file in a later layer only hides it: the earlier layer "
  "blob still holds it, and `docker save` extracts it.",
  "Never COPY the secret: use `RUN --mount=type=secret` or a build "
  "stage that is not shipped; rotate the secret.",
  NULL, NULL, NULL, "4.10", NULL, check_bh4016, 0, NULL, NULL,
  0, NULL, NULL, NULL, NULL };

static void check_bh4017(struct bh_check *c, const struct bh_rule *self)
{
	hits(c, self, 17);
}

static const struct bh_rule rule_bh4017 = { "BH4017", BH_SEV_HIGH, "no-secrets-in-image", IMG,
  "Secret inside a file of the image",
  "A token or key in a config or source file ships with every copy of "
  "the image.",
  "Remove it from the file and inject it at run time; rotate it.",
  NULL, NULL, NULL, "4.10", NULL, check_bh4017, 0, NULL, NULL,
  0, NULL, NULL, NULL, NULL };

static bool claims_distroless(const struct img_model *m)
{
	if (txt_stristr(m->ref, "distroless"))
		return true;
	for (size_t i = 0; i < m->nrepo_tags; i++)
		if (txt_stristr(m->repo_tags[i], "distroless"))
			return true;
	for (size_t i = 0; i < m->nlabels; i++)
		if (txt_stristr(m->labels[i].key, "distroless") ||
		    txt_stristr(m->labels[i].value, "distroless"))
			return true;
	return false;
}

static void check_bh4018(struct bh_check *c, const struct bh_rule *self)
{
	const struct img_model *m = c->image;
	if (!claims_distroless(m))
		return;
	static const char *const tools[] = {
		"bin/sh", "bin/bash", "bin/ash", "bin/dash", "bin/busybox",
		"usr/bin/apt-get", "usr/bin/apt", "usr/bin/dpkg", "sbin/apk",
		"usr/bin/yum", "usr/bin/dnf", "usr/bin/microdnf", "usr/bin/rpm",
		"usr/bin/pip", "usr/bin/pip3",
	};
	for (size_t i = 0; i < sizeof(tools) / sizeof(tools[0]); i++) {
		const struct img_node *n = img_fs_resolve(&m->fs, tools[i]);
		if (!n || n->type == IMG_DIR)
			continue;
		report_in(c, self, n->layer,
			  "image claims to be distroless but has /%s (%s)", tools[i],
			  i < 5 ? "a shell" : "a package manager");
	}
}

static const struct bh_rule rule_bh4018 = { "BH4018", BH_SEV_MEDIUM, "minimal-base-image", IMG,
  "\"Distroless\" image ships a shell or package manager",
  "The image says it is distroless, yet has the tools an attacker "
  "needs to live off the land.",
  "Build the final stage FROM a distroless (non-debug) base and copy "
  "only the application in.",
  NULL, NULL, NULL, "4.3", NULL, check_bh4018, 0, NULL, NULL,
  0, NULL, NULL, NULL, NULL };

/* ---- accounts -------------------------------------------------------- */

/* Field "k" (0-based) of a ':'-separated line into buf. */
static bool field(const char *line, size_t len, int k, char *buf, size_t size)
{
	const char *p = line, *end = line + len;
	for (int i = 0; i < k; i++) {
		const char *q = memchr(p, ':', (size_t)(end - p));
		if (!q)
			return false;
		p = q + 1;
	}
	const char *q = memchr(p, ':', (size_t)(end - p));
	size_t n = (size_t)((q ? q : end) - p);
	if (n >= size)
		n = size - 1;
	memcpy(buf, p, n);
	buf[n] = 0;
	return true;
}

typedef void (*line_fn)(void *ctx, const char *line, size_t len);

static void each_line(const struct img_node *n, line_fn fn, void *ctx)
{
	if (!n || !n->data)
		return;
	const char *p = n->data, *end = n->data + n->data_len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = (size_t)((nl ? nl : end) - p);
		if (len && p[0] != '#')
			fn(ctx, p, len);
		p += len + 1;
	}
}

struct acct_ctx {
	struct bh_check *c;
	const struct bh_rule *self;
	const struct img_node *node;
	const char *file;
	/* duplicate detection */
	unsigned long ids[4096];
	char names[4096][33];
	size_t n;
};

static void empty_pw(void *ctx, const char *line, size_t len)
{
	struct acct_ctx *a = ctx;
	char name[64], pw[8];
	if (!field(line, len, 0, name, sizeof(name)) ||
	    !field(line, len, 1, pw, sizeof(pw)))
		return;
	if (pw[0] == 0)
		report_in(a->c, a->self, a->node->layer,
			  "account \"%s\" has an empty password in %s", name, a->file);
}

static void check_bh4019(struct bh_check *c, const struct bh_rule *self)
{
	const struct img_model *m = c->image;
	struct acct_ctx *a = arena_alloc(c->arena, sizeof(*a));
	if (!a)
		return;
	a->c = c;
	a->self = self;
	const struct img_node *sh = img_fs_resolve(&m->fs, "etc/shadow");
	if (sh && sh->data) {
		a->node = sh;
		a->file = "/etc/shadow";
		each_line(sh, empty_pw, a);
	}
	/* no shadow file: a passwd entry without "x" is the password */
	const struct img_node *pw = img_fs_resolve(&m->fs, "etc/passwd");
	if (pw && pw->data && !(sh && sh->data)) {
		a->node = pw;
		a->file = "/etc/passwd";
		each_line(pw, empty_pw, a);
	}
}

static const struct bh_rule rule_bh4019 = { "BH4019", BH_SEV_HIGH, "non-root-user", IMG,
  "Account with an empty password",
  "An account without a password lets any process become that user, "
  "root included via su.",
  "Lock the account (`passwd -l <user>`) or remove it.",
  NULL, NULL, NULL, NULL, "Dockle:DKL-LI-0001", check_bh4019, 0, NULL, NULL,
  0, NULL, NULL, NULL, NULL };

static void dup_id(void *ctx, const char *line, size_t len)
{
	struct acct_ctx *a = ctx;
	char name[33], id[24];
	if (!field(line, len, 0, name, sizeof(name)) ||
	    !field(line, len, 2, id, sizeof(id)) || !is_digits(id, strlen(id)))
		return;
	unsigned long v = strtoul(id, NULL, 10);
	for (size_t i = 0; i < a->n; i++)
		if (a->ids[i] == v) {
			report_in(a->c, a->self, a->node->layer,
				  "%s: \"%s\" and \"%s\" share id %lu%s", a->file,
				  a->names[i], name, v,
				  v == 0 ? " (a second root account)" : "");
			return;
		}
	if (a->n < 4096) {
		a->ids[a->n] = v;
		snprintf(a->names[a->n], sizeof(a->names[0]), "%s", name);
		a->n++;
	}
}

static void check_bh4020(struct bh_check *c, const struct bh_rule *self)
{
	const struct img_model *m = c->image;
	struct acct_ctx *a = arena_alloc(c->arena, sizeof(*a));
	if (!a)
		return;
	a->c = c;
	a->self = self;
	static const char *const files[] = { "etc/passwd", "etc/group" };
	for (size_t i = 0; i < 2; i++) {
		const struct img_node *n = img_fs_resolve(&m->fs, files[i]);
		if (!n || !n->data)
			continue;
		a->node = n;
		a->file = i == 0 ? "/etc/passwd (UID)" : "/etc/group (GID)";
		a->n = 0;
		each_line(n, dup_id, a);
	}
}

static const struct bh_rule rule_bh4020 = { "BH4020", BH_SEV_MEDIUM, "non-root-user", IMG,
  "Duplicate UID or GID",
  "Two accounts with one id share every file and permission; a second "
  "UID 0 is a hidden root.",
  "Give every user and group its own id.",
  NULL, NULL, NULL, NULL, "Dockle:DKL-LI-0002", check_bh4020, 0, NULL, NULL,
  0, NULL, NULL, NULL, NULL };

/* ---- vulnerability-scan ------------------------------------------------ */

/* The image's packages with known vulnerabilities (bulkhead image found a
 * database and matched them, src/vuln/match.h): one finding per package
 * and vulnerability, at the advisory's severity (UNKNOWN as info), naming
 * the layer that installed the package. */
static void check_bh4021(struct bh_check *c, const struct bh_rule *self)
{
	const struct vuln_image_report *v = c->vulns;
	if (!v || !v->res || !v->pkgs)
		return;
	static const enum bh_severity sev[VULN_SEV__N] = {
		[VULN_SEV_UNKNOWN] = BH_SEV_INFO, [VULN_SEV_LOW] = BH_SEV_LOW,
		[VULN_SEV_MEDIUM] = BH_SEV_MEDIUM, [VULN_SEV_HIGH] = BH_SEV_HIGH,
		[VULN_SEV_CRITICAL] = BH_SEV_CRITICAL,
	};
	const struct img_model *m = c->image;
	for (size_t i = 0; i < v->res->n; i++) {
		const struct vuln_row *r = &v->res->v[i];
		const struct sbom_pkg *p = &v->pkgs->v[r->pkg];
		uint32_t layer = UINT32_MAX;
		for (size_t k = 0; p->layer && m && k < m->nlayers; k++)
			if ((m->layers[k].digest && !strcmp(m->layers[k].digest, p->layer)) ||
			    (m->layers[k].diff_id && !strcmp(m->layers[k].diff_id, p->layer)))
				layer = (uint32_t)k;
		size_t before = c->out ? c->out->n : 0;
		bh_report_layer(c, self, p->layer,
				layer != UINT32_MAX ? layer_cb(c, layer) : NULL,
				"%s (%s) in %s %s (%s, %s): %s%s", r->id,
				vuln_sev_name(r->sev), p->name, p->version,
				sbom_eco_name(p->eco), p->path ? p->path : "?",
				r->fixed ? "fixed in " : "no fix yet",
				r->fixed ? r->fixed : "");
		/* the advisory's severity, unless the configuration sets one */
		if (c->out && c->out->n > before &&
		    bh_config_severity(c->config, self) == self->severity)
			c->out->v[c->out->n - 1].severity = sev[r->sev];
	}
}

static const struct bh_rule rule_bh4021 = { "BH4021", BH_SEV_HIGH, "vulnerability-scan", IMG,
  "Installed package with a known vulnerability",
  "An installed package whose version an OSV advisory names as affected "
  "(matched offline against the database of `bulkhead db import`) can be "
  "exploited as the advisory says.",
  "Upgrade the package to the fixed version (or rebuild on a newer base "
  "image); accept it in the ignore file with a reason when it does not "
  "apply.",
  NULL, NULL, NULL, NULL, NULL, check_bh4021, 0, NULL, NULL,
  0, NULL, NULL, NULL, NULL };

/* ---- signatures and attestations (facts from the CLI) ---------------- */

static void check_bh4022(struct bh_check *c, const struct bh_rule *self)
{
	const struct bh_image_trust *t = c->trust;
	if (!t || !t->sig || t->sig->verified)
		return;
	/* the same verdict as the policy's (the same key, verified once):
	 * one finding, BH6005's, which also names the registry that
	 * requires the key; this one only when BH6005 does not run */
	const struct bh_rule *p6005 = bh_rule_find("BH6005");
	if (c->signature && c->signature->sig == t->sig && p6005 &&
	    bh_config_rule_enabled(c->config, p6005))
		return;
	bh_report_layer(c, self, NULL, NULL,
			"image has no cosign signature that verifies under %s"
			"%.200s: %.400s", t->keyless ? "" : "the key ",
			t->key ? t->key : "", t->sig->reason);
}

static const struct bh_rule rule_bh4022 = { "BH4022", BH_SEV_HIGH, "image-signing", IMG,
  "Image not signed with the trusted key",
  "Without a signature that verifies under your key and names this exact "
  "manifest, nothing shows the image is the one your pipeline built: a "
  "copy changed anywhere on the way would look the same.",
  "Sign the image with the trusted key (cosign sign --key, or bulkhead "
  "sign) and keep the signature with it (skopeo copy of the "
  "sha256-<digest>.sig tag, or cosign save); check with bulkhead verify.",
  NULL, NULL, NULL, NULL, NULL, check_bh4022, 0, NULL, NULL,
  0, NULL, NULL, NULL, NULL };

static void check_bh4023(struct bh_check *c, const struct bh_rule *self)
{
	const struct bh_image_trust *t = c->trust;
	if (!t || !t->want_sbom || t->sbom_ok)
		return;
	bh_report_layer(c, self, NULL, NULL,
			"image carries no SBOM attestation (SPDX or CycloneDX) "
			"that verifies under %s%.200s", t->keyless ? "" : "the key ",
			t->key ? t->key : "");
}

static const struct bh_rule rule_bh4023 = { "BH4023", BH_SEV_MEDIUM, "sbom", IMG,
  "Image has no signed SBOM attestation",
  "Without a signed software bill of materials stored with the image, "
  "whoever runs it cannot check what is inside against new advisories "
  "without trusting an unsigned list or unpacking the image.",
  "Attach a signed SBOM: bulkhead sbom IMAGE --attach --key KEY.pem, or "
  "cosign attest --type cyclonedx|spdxjson --predicate SBOM.json.",
  NULL, NULL, NULL, NULL, NULL, check_bh4023, 0, NULL, NULL,
  0, NULL, NULL, NULL, NULL };

static void check_bh4024(struct bh_check *c, const struct bh_rule *self)
{
	const struct bh_image_trust *t = c->trust;
	if (!t || !t->ntrusted)
		return;
	/* trusted builders asked for and no verified provenance names any
	 * builder: leaving the provenance out must not pass the check */
	if (!t->nbuilders)
		bh_report_layer(c, self, NULL, NULL,
				"no SLSA provenance that verifies under %s"
				"%.200s names a builder, so the image cannot be "
				"shown to come from a trusted builder",
				t->keyless ? "" : "the key ", t->key ? t->key : "");
	for (size_t i = 0; i < t->nbuilders; i++) {
		bool ok = false;
		for (size_t k = 0; !ok && k < t->ntrusted; k++)
			ok = strcmp(t->builders[i], t->trusted_builders[k]) == 0;
		if (!ok)
			bh_report_layer(c, self, NULL, NULL,
					"SLSA provenance names builder %.200s, "
					"not a trusted builder", t->builders[i]);
	}
}

static const struct bh_rule rule_bh4024 = { "BH4024", BH_SEV_HIGH, "image-signing", IMG,
  "Provenance names an untrusted builder",
  "A signed SLSA provenance attestation says which build system made the "
  "image; a builder outside the list you trust, or no verified provenance "
  "naming a builder at all, means nothing shows the image came from your "
  "pipeline rather than somewhere else (a laptop, a fork's CI).",
  "Rebuild the image on a trusted builder, or add that builder's id to "
  "the trusted builders (--trusted-builder, verify.trusted-builders) "
  "once you trust it.",
  NULL, NULL, NULL, NULL, NULL, check_bh4024, 0, NULL, NULL,
  0, NULL, NULL, NULL, NULL };

/* ---- the table ------------------------------------------------------- */

const struct bh_rule *const bh_rules_image[] = {
	&rule_bh4001,
	&rule_bh4002,
	&rule_bh4003,
	&rule_bh4004,
	&rule_bh4005,
	&rule_bh4006,
	&rule_bh4007,
	&rule_bh4008,
	&rule_bh4009,
	&rule_bh4010,
	&rule_bh4011,
	&rule_bh4012,
	&rule_bh4013,
	&rule_bh4014,
	&rule_bh4015,
	&rule_bh4016,
	&rule_bh4017,
	&rule_bh4018,
	&rule_bh4019,
	&rule_bh4020,
	&rule_bh4021,
	&rule_bh4022,
	&rule_bh4023,
	&rule_bh4024,
};
const size_t bh_rules_image_count =
	sizeof(bh_rules_image) / sizeof(bh_rules_image[0]);

