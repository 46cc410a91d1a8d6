/* SPDX-License-Identifier: Apache-2.0
 *
 * cmd_explain.c - `bulkhead explain ID [--format text|json]`: one rule in
 * full, with an example that fires it (BEFORE) and one that does not
 * (AFTER).
 *
 * This file owns the subcommand's options, its two renderings and its
 * exit code (0 shown, 2 usage error: no id, more than one, an id that
 * names no rule or several, an unknown option or format, or a write
 * error).  An ID is ours (BH1001, any case), a retired one of ours
 * (the row that took it over), or a peer tool's in any spelling (DL3008,
 * AVD-DS-0002...) when it maps to one rule.  The rule's
 * text (title, why, fix, fix risk, CIS Docker Benchmark number with its
 * version) comes from the rule table (src/rules,
 * the one source of `bulkhead rules`); the examples come from the
 * repository's case files through the table generated at build time
 * (explain_examples.h, scripts/gen_explain_examples.py).  A rule with no
 * example case says "no example".
 *
 * The examples are case files, and cases hold credentials (fake, but as
 * real as any): no example is printed as it is.  Each example's file is
 * scanned in memory (core's bh_scan_buffer(), nothing read or written),
 * and it and its companion files are printed through the report layer's
 * masking, rpt_mask_file(): every line hidden as `scan` hides an excerpt
 * of it (what the secret engine finds, the hides the scan recorded),
 * in text and JSON alike.
 * Tests: tests/cases/cli/explain-*.case, tests/suites/explain.sh (every
 * rule; every BEFORE fires when scanned, every AFTER does not; what is
 * shown is the case's file with only secret bytes hidden),
 * tests/suites/leaks.sh (no secret value of tests/cases in any example).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_common.h"
#include "commands.h"
#include "explain_examples.h"
#include "../core/config.h"
#include "../core/scan.h"
#include "../report/mask.h"
#include "../report/rpt_util.h"
#include "../report/rules_doc.h"
#include "../rules/rule.h"
#include "../secrets/secrets.h"
#include "../util/diag.h"
#include "../util/strbuf.h"

static void explain_usage(FILE *out)
{
	fprintf(out,
		"usage: bulkhead explain ID [--format text|json]\n"
		"\n"
		"Explain one rule: id, title, severity, practice, target, why it\n"
		"matters, how to fix it, whether `bulkhead fix` fixes it (and what\n"
		"that fix could break), and two examples from bulkhead's own test\n"
		"cases: an input that fires the rule (BEFORE) and one that does not\n"
		"(AFTER).\n"
		"  ID                     a rule id, e.g. BH1001 (any case), or a\n"
		"                         peer tool's id in any spelling (DL3008,\n"
		"                         AVD-DS-0002, KSV-0001, CKV_K8S_20) that\n"
		"                         maps to one rule\n"
		"  --format F             text (default) or json\n");
}

static const struct explain_examples *examples_of(const struct bh_rule *r)
{
	for (size_t i = 0; i < explain_examples_count; i++)
		if (strcmp(explain_examples_table[i].id, r->id) == 0)
			return &explain_examples_table[i];
	return NULL;
}

static const char *s_or(const char *s)
{
	return s ? s : "";
}

/* An example as it is printed: its files' contents masked (heap). */
struct shown {
	const struct explain_example *e;
	char *content;       /* e->file's */
	char **comps;        /* e->companions', in order */
	size_t ncomps;
};

static void shown_free(struct shown *s)
{
	free(s->content);
	for (size_t i = 0; i < s->ncomps; i++)
		free(s->comps[i]);
	free(s->comps);
	*s = (struct shown){ 0 };
}

static char *masked(const struct bh_findings *found, const char *name,
		    const char *content)
{
	struct strbuf sb = STRBUF_INIT;
	const char *c = s_or(content);
	if (rpt_mask_file(found, name, c, strlen(c), &sb) != 0 || sb.failed) {
		strbuf_free(&sb);
		return NULL;
	}
	char *r = strbuf_detach(&sb);
	return r ? r : strdup("");
}

/* Masks example "e" into *out (zeroed first; nothing to do for NULL):
 * its file scanned in memory for the hides `scan` records, then each
 * file masked with them.  0 or BH_ENOMEM (nothing to print then). */
static int shown_make(const struct explain_example *e, struct shown *out)
{
	*out = (struct shown){ .e = e };
	if (!e)
		return 0;
	struct bh_config cfg;
	bh_config_init(&cfg);
	struct bh_scan_result res;
	const char *c = s_or(e->file.content);
	int rc = bh_scan_buffer(e->file.name, NULL, c, strlen(c), &cfg, &res);
	/* a scan error (an example that does not parse) still leaves the
	 * secret engine's masking; only memory is fatal */
	rc = rc == BH_ENOMEM ? BH_ENOMEM : 0;
	size_t n = 0;
	for (const struct explain_file *const *p = e->companions; p && *p; p++)
		n++;
	if (!rc) {
		out->content = masked(&res.found, e->file.name, c);
		out->comps = calloc(n + 1, sizeof(char *));
		rc = out->content && out->comps ? 0 : BH_ENOMEM;
	}
	for (size_t i = 0; !rc && i < n; i++) {
		out->comps[i] = masked(&res.found, e->companions[i]->name,
				       e->companions[i]->content);
		out->ncomps = i + 1;
		rc = out->comps[i] ? 0 : BH_ENOMEM;
	}
	bh_scan_result_free(&res);
	bh_config_free(&cfg);
	if (rc)
		shown_free(out);
	return rc;
}

/* The scan command an example's verdict is seen with. */
static void scan_line(struct strbuf *sb, const struct explain_example *e)
{
	strbuf_adds(sb, "bulkhead scan");
	for (const char *const *o = e->options; o && *o; o++) {
		strbuf_addc(sb, ' ');
		rpt_add_printable(sb, *o);
	}
	for (const char *const *p = e->paths; p && *p; p++) {
		strbuf_addc(sb, ' ');
		rpt_add_printable(sb, *p);
	}
}

/* A file's lines indented by four spaces; a CR before a newline dropped,
 * other control bytes and bytes that are not UTF-8 shown as \xHH
 * (rpt_add_printable). */
static void text_file(struct strbuf *sb, const char *name, const char *content)
{
	strbuf_adds(sb, "  --- ");
	rpt_add_printable(sb, name);
	strbuf_addc(sb, '\n');
	const char *s = s_or(content);
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		size_t show = len;
		if (show && s[show - 1] == '\r')
			show--;
		char line[4096];
		strbuf_adds(sb, "    ");
		while (show) {
			size_t k = show < sizeof(line) - 1 ? show : sizeof(line) - 1;
			memcpy(line, s, k);
			line[k] = '\0';
			rpt_add_printable(sb, line);
			s += k;
			show -= k;
			len -= k;
		}
		strbuf_addc(sb, '\n');
		s += len + (nl ? 1 : 0);
	}
}

static void text_example(struct strbuf *sb, const char *label,
			 const char *verdict, const struct bh_rule *r,
			 const struct shown *m)
{
	const struct explain_example *e = m->e;
	if (!e) {
		strbuf_printf(sb, "\n%s: no example\n", label);
		return;
	}
	strbuf_printf(sb, "\n%s: %s %s (", label, verdict, r->id);
	rpt_add_printable(sb, e->case_file);
	strbuf_adds(sb, ")\n  scanned with: ");
	scan_line(sb, e);
	strbuf_addc(sb, '\n');
	text_file(sb, e->file.name, m->content);
	for (size_t i = 0; i < m->ncomps; i++)
		text_file(sb, e->companions[i]->name, m->comps[i]);
}

static void text_doc(struct strbuf *sb, const struct bh_rule *r,
		     const struct shown *before, const struct shown *after)
{
	strbuf_printf(sb, "%s  %s\n", r->id, s_or(r->title));
	strbuf_printf(sb, "  severity:    %s\n", bh_severity_name(r->severity));
	strbuf_printf(sb, "  practice:    %s\n", s_or(r->practice));
	strbuf_adds(sb, "  applies to:  ");
	rules_doc_add_applies(sb, r);
	strbuf_addc(sb, '\n');
	if (rules_doc_pod_security(r))
		strbuf_printf(sb, "  pod security: %s\n", rules_doc_pod_security(r));
	if (r->cis && *r->cis)
		strbuf_printf(sb, "  cis:         %s %s\n", BH_CIS_NAME, r->cis);
	if (r->flags & BH_RULE_OFF_BY_DEFAULT)
		strbuf_printf(sb, "  off by default (turn on with --enable %s or "
			      "enable: in .bulkhead.yaml)\n", r->id);
	if (r->fix_fn && r->check2)
		strbuf_printf(sb, "  fixable:     yes, by `bulkhead fix` (%s "
			      "only)\n", rules_doc_target_title(r));
	else if (r->fix_fn)
		strbuf_adds(sb, "  fixable:     yes, by `bulkhead fix`\n");
	else
		strbuf_adds(sb, "  fixable:     no, not by `bulkhead fix`\n");
	strbuf_printf(sb, "  why: %s\n  fix: %s\n", s_or(r->why), s_or(r->fix));
	rules_doc_add_input2(sb, r, "  ");
	if (r->fix_fn && r->fix_risk)
		strbuf_printf(sb, "  fix risk: %s\n", r->fix_risk);
	text_example(sb, "BEFORE", "fires", r, before);
	text_example(sb, "AFTER", "does not fire", r, after);
}

static bool put(json_t *obj, const char *key, json_t *v)
{
	return v && json_object_set_new(obj, key, v) == 0;
}

static json_t *json_strings(const char *const *list)
{
	json_t *a = json_array();
	for (; a && list && *list; list++)
		if (json_array_append_new(a, rpt_json_str(*list)) != 0) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static json_t *json_file(const char *name, const char *content)
{
	json_t *o = json_object();
	if (o && put(o, "file", rpt_json_str(name)) &&
	    put(o, "content", rpt_json_str(content)))
		return o;
	json_decref(o);
	return NULL;
}

static json_t *json_example(const struct shown *m)
{
	const struct explain_example *e = m->e;
	if (!e)
		return json_null();
	json_t *o = json_object(), *comps = json_array();
	bool ok = o && comps && put(o, "case", rpt_json_str(e->case_file)) &&
		put(o, "file", rpt_json_str(e->file.name)) &&
		put(o, "content", rpt_json_str(m->content));
	for (size_t i = 0; ok && i < m->ncomps; i++)
		ok = json_array_append_new(comps, json_file(e->companions[i]->name,
							    m->comps[i])) == 0;
	if (ok) {
		ok = put(o, "companions", comps);
		comps = NULL;
	}
	ok = ok && put(o, "scan_options", json_strings(e->options)) &&
		put(o, "scan_paths", json_strings(e->paths));
	json_decref(comps);
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *json_doc(const struct bh_rule *r, const struct shown *before,
		       const struct shown *after)
{
	json_t *o = json_object();
	const char *pss = rules_doc_pod_security(r);
	bool ok = o && put(o, "id", rpt_json_str(r->id)) &&
		put(o, "title", rpt_json_str(r->title)) &&
		put(o, "severity", json_string(bh_severity_name(r->severity))) &&
		put(o, "practice", rpt_json_str(r->practice)) &&
		put(o, "target", json_string(rules_doc_target_name(r))) &&
		put(o, "why", rpt_json_str(r->why)) &&
		put(o, "fix", rpt_json_str(r->fix)) &&
		(!r->check2 ||
		 (put(o, "target2", json_string(rules_doc_target2_name(r))) &&
		  put(o, "fix2", rpt_json_str(r->fix2)))) &&
		(!r->check2 || !r->title2 ||
		 put(o, "title2", rpt_json_str(r->title2))) &&
		(!r->check2 || !r->why2 ||
		 put(o, "why2", rpt_json_str(r->why2))) &&
		put(o, "fixable", json_boolean(r->fix_fn != NULL)) &&
		put(o, "fix_risk", r->fix_fn && r->fix_risk ?
		    rpt_json_str(r->fix_risk) : json_null()) &&
		put(o, "enabled_by_default",
		    json_boolean(!(r->flags & BH_RULE_OFF_BY_DEFAULT)));
	if (ok && pss)
		ok = put(o, "pod_security", json_string(pss));
	if (ok && r->cis && *r->cis)
		ok = put(o, "cis", rpt_json_str(r->cis)) &&
			put(o, "cis_version", json_string(BH_CIS_VERSION));
	ok = ok && put(o, "before", json_example(before)) &&
		put(o, "after", json_example(after));
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

int cmd_explain(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *format = "text";
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			explain_usage(stdout);
			return 0;
		case 'f':
			format = optarg;
			break;
		case ':':
			return cli_usage_error("explain", "option '%s' needs a value",
					       argv[optind - 1]);
		default:
			return cli_usage_error("explain", "unknown option '%s'",
					       argv[optind - 1]);
		}
	}
	if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0)
		return cli_usage_error("explain", "unknown format '%s' (text or "
				       "json)", format);
	if (optind >= argc)
		return cli_usage_error("explain", "no rule id given%s", "");
	if (argc - optind > 1)
		return cli_usage_error("explain", "one rule id at a time, got "
				       "'%s' too", argv[optind + 1]);
	const struct bh_rule *r = bh_rule_find(argv[optind]);
	/* a retired id (BH5005) explains the one row that took it over;
	 * one that split (BH5007) names its rows; a peer tool's id
	 * (DL3008, AVD-DS-0002, CKV_K8S_20), as `rules ID` takes it, the
	 * same way: its one rule, or the rules it maps to named */
	const struct bh_rule *now[8];
	size_t nnow = r ? 0 : bh_rule_retired(argv[optind], now, 8);
	bool peer = false;
	if (!r && !nnow) {
		nnow = bh_rule_find_peer(argv[optind], now, 8);
		peer = nnow > 0;
	}
	if (nnow == 1)
		r = now[0];
	else if (nnow > 1) {
		char msg[192];
		int w = snprintf(msg, sizeof(msg), "%s %s %s", argv[optind],
				 peer ? "is a peer tool's id: ours" : "is retired: now",
				 now[0]->id);
		for (size_t i = 1; i < nnow && w > 0 && (size_t)w < sizeof(msg); i++)
			w += snprintf(msg + w, sizeof(msg) - (size_t)w, ", %s",
				      now[i]->id);
		return cli_usage_error("explain", "rule %s (explain one of them)",
				       msg);
	}
	if (!r)
		return cli_usage_error("explain", "unknown rule '%s'", argv[optind]);
	const struct explain_examples *ex = examples_of(r);
	/* no example is printed unmasked */
	(void)sec_init();
	struct shown before, after = { 0 };
	int rc = shown_make(ex ? ex->before : NULL, &before);
	if (rc == 0)
		rc = shown_make(ex ? ex->after : NULL, &after);
	if (rc != 0) {
		/* out of memory: nothing printed */
	} else if (strcmp(format, "json") == 0) {
		json_t *o = json_doc(r, &before, &after);
		rc = o ? rpt_emit_json(stdout, o) : BH_ENOMEM;
		json_decref(o);
	} else {
		struct strbuf sb = STRBUF_INIT;
		text_doc(&sb, r, &before, &after);
		rc = sb.failed ? BH_ENOMEM : rpt_emit(stdout, strbuf_str(&sb), sb.len);
		strbuf_free(&sb);
	}
	shown_free(&before);
	shown_free(&after);
	if (rc != 0) {
		fprintf(stderr, "bulkhead: explain: cannot write the output\n");
		return 2;
	}
	return 0;
}
