/* SPDX-License-Identifier: Apache-2.0
 *
 * rule_table.c - joins the rule families into the one table.
 *
 * This file owns the list of families and the lookups over it (by id in
 * any case, by a peer tool's id in any of the spellings users write:
 * DS002, DS-0002, AVD-DS-0002, ds-0002; KSV001, KSV-0001, AVD-KSV-0001;
 * "JSONArgsRecommended" for "BuildKit:JSONArgsRecommended") and runs the
 * enabled rules of a target (the policy rules with every target that
 * names images; a row's check2 with its target2, check.h), and keeps
 * the retired ids that name the rows which took them over (BH5005 ->
 * BH2018).  The rows of a target are found on its first run (under a
 * lock, published atomically: a small scan runs one target) and every
 * row's peer ids in their canonical spelling once per process
 * (pthread_once), and each
 * run of the rules gets a per-thread serial (rule_table.h) under which a
 * family may keep facts about the model it judges.  It holds no rule of
 * its own.  A new family is one line in "families" below.
 * Tests: tests/unit/rules/test_peer_ids.c (spellings, retired ids),
 * tests/cases/runtime/one-id-*.case (second inputs), tests/suites/meta.sh
 * (ids unique, practices known, docs current).
 */
#include "rule.h"
#include "rule_table.h"

#include <ctype.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/config.h"
#include "families.h"

struct family {
	const struct bh_rule *const *rules;
	const size_t *count;
};

static const struct family families[] = {
	{ bh_rules_df_user, &bh_rules_df_user_count },
	{ bh_rules_df_base, &bh_rules_df_base_count },
	{ bh_rules_df_instr, &bh_rules_df_instr_count },
	{ bh_rules_df_packages, &bh_rules_df_packages_count },
	{ bh_rules_df_secrets, &bh_rules_df_secrets_count },
	{ bh_rules_df_context, &bh_rules_df_context_count },
	{ bh_rules_compose, &bh_rules_compose_count },
	{ bh_rules_k8s, &bh_rules_k8s_count },
	{ bh_rules_k8s_rbac, &bh_rules_k8s_rbac_count },
	{ bh_rules_image, &bh_rules_image_count },
	{ bh_rules_runtime, &bh_rules_runtime_count },
	{ bh_rules_policy, &bh_rules_policy_count },
};

#define NFAMILIES (sizeof(families) / sizeof(families[0]))

size_t bh_rule_count(void)
{
	size_t n = 0;
	for (size_t f = 0; f < NFAMILIES; f++)
		n += *families[f].count;
	return n;
}

const struct bh_rule *bh_rule_at(size_t i)
{
	for (size_t f = 0; f < NFAMILIES; f++) {
		if (i < *families[f].count)
			return families[f].rules[i];
		i -= *families[f].count;
	}
	return NULL;
}

const struct bh_rule *bh_rule_find(const char *id)
{
	size_t n = bh_rule_count();
	for (size_t i = 0; id && i < n; i++) {
		const struct bh_rule *r = bh_rule_at(i);
		if (strcasecmp(r->id, id) == 0)
			return r;
	}
	return NULL;
}

static bool is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Trivy-style ids: LETTERS[-LETTERS...][-]DIGITS ("DS002", "DS-0002",
 * "KSV-01010", "DKL-LI-0003"), already upper case.  Writes PREFIX-N
 * (leading zeros dropped) into buf and returns true; false for any
 * other shape. */
/* buf = a[0..an) b[0..bn) c, as snprintf(buf, size, "%.*s%.*s%s") would
 * write it (cut to size - 1 bytes, terminated; size > 0): the full
 * length.  Peer ids are canonicalised for every listed id of every row
 * when a pragma names one, so no format string is parsed here. */
static size_t cat3(char *buf, size_t size, const char *a, size_t an,
		   const char *b, size_t bn, const char *c)
{
	size_t cn = strlen(c), o = 0;
	const char *part[3] = { a, b, c };
	size_t len[3] = { an, bn, cn };
	for (size_t k = 0; k < 3; k++) {
		size_t take = len[k] < size - 1 - o ? len[k] : size - 1 - o;
		memcpy(buf + o, part[k], take);
		o += take;
	}
	buf[o] = 0;
	return an + bn + cn;
}

static bool canon_numbered(const char *s, char *buf, size_t size)
{
	size_t n = strlen(s), d = n;
	while (d > 0 && is_digit(s[d - 1]))
		d--;
	if (d == n || d == 0)
		return false;
	size_t p = d;
	if (s[p - 1] == '-')
		p--;
	if (p == 0 || !is_upper(s[0]) || !is_upper(s[p - 1]))
		return false;
	for (size_t i = 0; i < p; i++)
		if (!is_upper(s[i]) && !(s[i] == '-' && i + 1 < p && is_upper(s[i + 1])))
			return false;
	while (d + 1 < n && s[d] == '0')
		d++;
	if (n - d > 9)
		return false;
	size_t w = cat3(buf, size, s, p, "-", 1, s + d);
	return w < size;
}

void bh_peer_id_canon(const char *id, char *buf, size_t size)
{
	if (!size)
		return;
	char up[128];
	size_t i = 0;
	for (; id && id[i] && i + 1 < sizeof(up); i++)
		up[i] = (char)toupper((unsigned char)id[i]);
	up[i] = 0;
	/* "Tool:Name": the name part is canonicalised on its own */
	char *colon = strchr(up, ':');
	const char *s = colon ? colon + 1 : up;
	size_t tl = colon ? (size_t)(colon - up) + 1 : 0;
	/* Trivy's AVD alias: AVD-DS-0002, AVD-KSV-0001 */
	if (strncmp(s, "AVD-", 4) == 0 && is_upper(s[4]))
		s += 4;
	char name[128];
	if (!canon_numbered(s, name, sizeof(name)))
		cat3(name, sizeof(name), "", 0, "", 0, s);
	cat3(buf, size, up, tl, "", 0, name);
}

/* The name part of a peer id: after "Tool:" when there is one. */
static const char *after_tool(const char *canon)
{
	const char *c = strchr(canon, ':');
	return c ? c + 1 : canon;
}

/* Whether listed id "listed" names the id whose canonical spelling is
 * "b" (given once by the caller). */
static bool canon_equal(const char *listed, const char *b)
{
	char a[128];
	bh_peer_id_canon(listed, a, sizeof(a));
	if (strcmp(a, b) == 0)
		return true;
	/* "JSONArgsRecommended" names "BuildKit:JSONArgsRecommended" */
	if (!strchr(b, ':') && strchr(a, ':'))
		return strcmp(after_tool(a), b) == 0;
	return false;
}

bool bh_peer_id_equal(const char *listed, const char *given)
{
	char b[128];
	bh_peer_id_canon(given, b, sizeof(b));
	return canon_equal(listed, b);
}

/* The next id of the comma-separated list at *pp, blanks trimmed, in
 * one (128 bytes; "" for an id too long for it): false at the list's
 * end.  *pp moves past the id. */
static bool list_next(const char **pp, char one[static 128])
{
	const char *p = *pp;
	while (*p == ' ' || *p == ',')
		p++;
	if (!*p) {
		*pp = p;
		return false;
	}
	const char *e = p;
	while (*e && *e != ',')
		e++;
	const char *t = e;
	while (t > p && t[-1] == ' ')
		t--;
	one[0] = 0;
	if ((size_t)(t - p) < 128) {
		memcpy(one, p, (size_t)(t - p));
		one[t - p] = 0;
	}
	*pp = e;
	return true;
}

/* Whether the comma-separated "list" names the id spelled "canon"
 * canonically, in any spelling. */
static bool list_has(const char *list, const char *canon)
{
	const char *p = list;
	char one[128];
	while (p && list_next(&p, one))
		if (one[0] && canon_equal(one, canon))
			return true;
	return false;
}

/* The rows' listed peer ids, canonicalised once (list_has() spelt them
 * out again for every row at every lookup, each --ignore or pragma):
 * "canon" holds every id of every row as canon_equal() would spell it,
 * NUL-separated, row after row; row i's ids end at canon[ends[i]].  NULL
 * when the memory was not there: list_has() then does it the long way. */
static struct {
	char *canon;
	size_t *ends;
	size_t nrows;
} peers;
static pthread_once_t peers_once = PTHREAD_ONCE_INIT;

/* Appends the canonical ids of "list" (list_has()'s splitting) to buf at
 * *o (when buf is not NULL); *o grows by the bytes they take. */
static void peers_add(const char *list, char *buf, size_t *o)
{
	const char *p = list;
	char one[128], a[128];
	while (p && list_next(&p, one)) {
		if (!one[0])
			continue;
		bh_peer_id_canon(one, a, sizeof(a));
		size_t len = strlen(a) + 1;
		if (buf)
			memcpy(buf + *o, a, len);
		*o += len;
	}
}

static void peers_build(void)
{
	size_t n = bh_rule_count(), total = 0;
	for (size_t i = 0; i < n; i++) {
		const struct bh_rule *r = bh_rule_at(i);
		peers_add(r->hadolint, NULL, &total);
		peers_add(r->trivy, NULL, &total);
		peers_add(r->checkov, NULL, &total);
		peers_add(r->other, NULL, &total);
	}
	char *buf = malloc(total + 1);
	size_t *ends = malloc((n + 1) * sizeof(*ends));
	if (!buf || !ends) {
		free(buf);
		free(ends);
		return;
	}
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		const struct bh_rule *r = bh_rule_at(i);
		peers_add(r->hadolint, buf, &o);
		peers_add(r->trivy, buf, &o);
		peers_add(r->checkov, buf, &o);
		peers_add(r->other, buf, &o);
		ends[i] = o;
	}
	peers.canon = buf;
	peers.ends = ends;
	peers.nrows = n;
}

size_t bh_rule_find_peer(const char *peer_id, const struct bh_rule **out,
			 size_t max)
{
	size_t n = bh_rule_count(), k = 0;
	if (!peer_id || !*peer_id)
		return 0;
	char id[128];
	bh_peer_id_canon(peer_id, id, sizeof(id));
	pthread_once(&peers_once, peers_build);
	if (peers.canon && peers.nrows == n) {
		/* canon_equal() over the ids spelt once */
		bool bare = !strchr(id, ':');
		size_t o = 0;
		for (size_t i = 0; i < n && k < max; i++) {
			bool hit = false;
			for (; o < peers.ends[i]; o += strlen(peers.canon + o) + 1) {
				const char *a = peers.canon + o;
				if (hit || (a[0] != id[0] && !bare))
					continue;
				if (strcmp(a, id) == 0 ||
				    (bare && strchr(a, ':') &&
				     strcmp(after_tool(a), id) == 0))
					hit = true;
			}
			o = peers.ends[i];
			if (hit)
				out[k++] = bh_rule_at(i);
		}
		return k;
	}
	for (size_t i = 0; i < n && k < max; i++) {
		const struct bh_rule *r = bh_rule_at(i);
		if (list_has(r->hadolint, id) || list_has(r->trivy, id) ||
		    list_has(r->checkov, id) || list_has(r->other, id))
			out[k++] = r;
	}
	return k;
}

/* Retired ids (never reused) and the rows that took them over: the
 * runtime rows BH5001-BH5023 became the second input of the Compose rows
 * of the same meaning (docs/decisions.md "Runtime rules"), so an old
 * --ignore BH5005, config entry or pragma still names what it did. */
static const struct {
	const char *id;
	const char *now[4];
} retired[] = {
	{ "BH5001", { "BH2001" } },
	{ "BH5002", { "BH2003" } },
	{ "BH5003", { "BH2007" } },
	{ "BH5004", { "BH2008" } },
	{ "BH5005", { "BH2018" } },
	{ "BH5006", { "BH2013" } },
	{ "BH5007", { "BH2014", "BH2015", "BH2016", "BH2017" } },
	{ "BH5008", { "BH2012" } },
	{ "BH5009", { "BH2028" } },
	{ "BH5010", { "BH2029" } },
	{ "BH5011", { "BH2011" } },
	{ "BH5012", { "BH2019" } },
	{ "BH5013", { "BH2030" } },
	{ "BH5014", { "BH2031" } },
	{ "BH5015", { "BH2032" } },
	{ "BH5016", { "BH2024" } },
	{ "BH5017", { "BH2025" } },
	{ "BH5018", { "BH2026" } },
	{ "BH5019", { "BH2027" } },
	{ "BH5020", { "BH2035" } },
	{ "BH5021", { "BH2020", "BH2021" } },
	{ "BH5022", { "BH2010" } },
	{ "BH5023", { "BH2009" } },
};

size_t bh_rule_retired(const char *id, const struct bh_rule **out,
		       size_t max)
{
	for (size_t i = 0; id && i < sizeof(retired) / sizeof(retired[0]); i++) {
		if (strcasecmp(retired[i].id, id) != 0)
			continue;
		size_t k = 0;
		for (size_t j = 0; j < 4 && retired[i].now[j] && k < max; j++) {
			const struct bh_rule *r = bh_rule_find(retired[i].now[j]);
			if (r)
				out[k++] = r;
		}
		return k;
	}
	return 0;
}

size_t bh_rule_resolve(const char *id, const struct bh_rule **out,
		       size_t max)
{
	const struct bh_rule *own = bh_rule_find(id);
	if (own) {
		if (!max)
			return 0;
		out[0] = own;
		return 1;
	}
	size_t k = bh_rule_retired(id, out, max);
	return k ? k : bh_rule_find_peer(id, out, max);
}

/* Whether a row of "rt" runs for an input of "target": its own, and the
 * policy rules for every input that names images. */
static bool runs_for(enum bh_target rt, enum bh_target target)
{
	if (rt == target)
		return true;
	return rt == BH_TARGET_POLICY &&
	       (target == BH_TARGET_DOCKERFILE || target == BH_TARGET_COMPOSE ||
		target == BH_TARGET_K8S || target == BH_TARGET_IMAGE);
}

/* The function row "r" runs for an input of "target": its own check,
 * else its second (check.h: target2), else NULL. */
static bh_check_fn row_fn(const struct bh_rule *r, enum bh_target target)
{
	return runs_for(r->target, target) ? r->check
	       : r->check2 && r->target2 == target ? r->check2
	       : NULL;
}

/* The rows that run for each target, in table order, found on the
 * target's first run (most rows serve another target: bh_run_rules()
 * looked at every row of every family for every input; building every
 * target's list at once was most of the rule table's share of a small
 * scan).  "rows" is published with release order after "n", under
 * by_target_lock; NULL until then, and while the memory is not there
 * (run_table then walks the families). */
static struct {
	_Atomic(const struct bh_rule **) rows;
	size_t n;
} by_target[BH_TARGET__COUNT];
static pthread_mutex_t by_target_lock = PTHREAD_MUTEX_INITIALIZER;

/* The rows of "target" (0 <= target < BH_TARGET__COUNT) and their
 * number in *n; NULL when the memory was not there. */
static const struct bh_rule **target_rows(enum bh_target target, size_t *n)
{
	const struct bh_rule **rows = atomic_load_explicit(
		&by_target[target].rows, memory_order_acquire);
	if (rows) {
		*n = by_target[target].n;
		return rows;
	}
	pthread_mutex_lock(&by_target_lock);
	rows = atomic_load_explicit(&by_target[target].rows,
				    memory_order_relaxed);
	if (!rows) {
		size_t total = bh_rule_count(), k = 0;
		rows = malloc((total ? total : 1) * sizeof(*rows));
		/* the families walked directly: bh_rule_at() walks them
		 * from the first for every row */
		for (size_t f = 0; rows && f < NFAMILIES; f++)
		for (size_t i = 0; i < *families[f].count; i++)
			if (row_fn(families[f].rules[i], target))
				rows[k++] = families[f].rules[i];
		if (rows) {
			by_target[target].n = k;
			atomic_store_explicit(&by_target[target].rows, rows,
					      memory_order_release);
		}
	}
	pthread_mutex_unlock(&by_target_lock);
	*n = by_target[target].n;
	return rows;
}

static void run_row(struct bh_check *c, const struct bh_rule *r,
		    bh_check_fn fn)
{
	bool on = bh_config_rule_enabled(c->config, r);
	if (!on && !(r->flags & BH_RULE_HIDES))
		return;
	/* an off secret rule still tells the report step what to
	 * mask (rule.h: BH_RULE_HIDES) */
	c->hide_only = !on;
	c->fix2 = fn == r->check ? NULL : r->fix2;
	c->second = fn != r->check;
	fn(c, r);
	c->hide_only = false;
	c->fix2 = NULL;
	c->second = false;
}

/* rule_table.h: this thread's run of the rules (0: none under way). */
static _Thread_local unsigned long run_serial, run_next;

unsigned long bh_rule_run_serial(void)
{
	return run_serial;
}

static void run_table(struct bh_check *c, enum bh_target target);

void bh_run_rules(struct bh_check *c, enum bh_target target)
{
	run_serial = ++run_next ? run_next : ++run_next;
	run_table(c, target);
	run_serial = 0;
}

static void run_table(struct bh_check *c, enum bh_target target)
{
	if ((int)target >= 0 && target < BH_TARGET__COUNT) {
		size_t n = 0;
		const struct bh_rule **rows = target_rows(target, &n);
		if (rows) {
			for (size_t i = 0; i < n; i++)
				run_row(c, rows[i], row_fn(rows[i], target));
			return;
		}
	}
	for (size_t f = 0; f < NFAMILIES; f++)
	for (size_t i = 0; i < *families[f].count; i++) {
		const struct bh_rule *r = families[f].rules[i];
		bh_check_fn fn = row_fn(r, target);
		if (fn)
			run_row(c, r, fn);
	}
}

const struct bh_ruleset bh_rules_all = {
	.count = bh_rule_count,
	.at = bh_rule_at,
	.resolve = bh_rule_resolve,
	.peer_known = bh_peer_id_known,
	.run = bh_run_rules,
};
