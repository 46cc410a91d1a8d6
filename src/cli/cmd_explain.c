/* SPDX-License-Identifier: Apache-2.0
 *
 * cmd_explain.c - `bulkhead explain ID [--format text|json]`: one rule in
 * full, with an example that fires it (BEFORE) and one that does not
 * (AFTER).
 *
 * This file owns the subcommand's options, its two renderings and its
 * exit code (0 shown, 2 usage error: no id, more than one, an id that is
 * not ours, an unknown option or format, or a write error).  The rule's
 * text (title, why, fix, fix risk, CIS Docker Benchmark number with its
 * version) comes from the rule table (src/rules,
 * the one source of `bulkhead rules`); the examples come from the
 * repository's case files through the table generated at build time
 * (explain_examples.h, scripts/gen_explain_examples.py).  A rule with no
 * example case says "no example".  It does not scan anything.
 * Tests: tests/cases/cli/explain-*.case, tests/suites/explain.sh (every
 * rule; every BEFORE fires when scanned, every AFTER does not).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli_common.h"
#include "commands.h"
#include "explain_examples.h"
#include "../report/rpt_util.h"
#include "../report/rules_doc.h"
#include "../rules/rule.h"
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
		"  ID                     a rule id, e.g. BH1001 (any case)\n"
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
 * other control bytes shown as '?' (rpt_add_printable). */
static void text_file(struct strbuf *sb, const struct explain_file *f)
{
	strbuf_adds(sb, "  --- ");
	rpt_add_printable(sb, f->name);
	strbuf_addc(sb, '\n');
	const char *s = s_or(f->content);
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
			 const struct explain_example *e)
{
	if (!e) {
		strbuf_printf(sb, "\n%s: no example\n", label);
		return;
	}
	strbuf_printf(sb, "\n%s: %s %s (", label, verdict, r->id);
	rpt_add_printable(sb, e->case_file);
	strbuf_adds(sb, ")\n  scanned with: ");
	scan_line(sb, e);
	strbuf_addc(sb, '\n');
	text_file(sb, &e->file);
	for (const struct explain_file *const *c = e->companions; c && *c; c++)
		text_file(sb, *c);
}

static void text_doc(struct strbuf *sb, const struct bh_rule *r,
		     const struct explain_examples *ex)
{
	strbuf_printf(sb, "%s  %s\n", r->id, s_or(r->title));
	strbuf_printf(sb, "  severity:    %s\n", bh_severity_name(r->severity));
	strbuf_printf(sb, "  practice:    %s\n", s_or(r->practice));
	strbuf_printf(sb, "  applies to:  %s\n", rules_doc_target_title(r));
	if (rules_doc_pod_security(r))
		strbuf_printf(sb, "  pod security: %s\n", rules_doc_pod_security(r));
	if (r->cis && *r->cis)
		strbuf_printf(sb, "  cis:         %s %s\n", BH_CIS_NAME, r->cis);
	if (r->flags & BH_RULE_OFF_BY_DEFAULT)
		strbuf_printf(sb, "  off by default (turn on with --enable %s or "
			      "enable: in .bulkhead.yaml)\n", r->id);
	if (r->fix_fn)
		strbuf_adds(sb, "  fixable:     yes, by `bulkhead fix`\n");
	else
		strbuf_adds(sb, "  fixable:     no, not by `bulkhead fix`\n");
	strbuf_printf(sb, "  why: %s\n  fix: %s\n", s_or(r->why), s_or(r->fix));
	if (r->fix_fn && r->fix_risk)
		strbuf_printf(sb, "  fix risk: %s\n", r->fix_risk);
	text_example(sb, "BEFORE", "fires", r, ex ? ex->before : NULL);
	text_example(sb, "AFTER", "does not fire", r, ex ? ex->after : NULL);
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

static json_t *json_file(const struct explain_file *f)
{
	json_t *o = json_object();
	if (o && put(o, "file", rpt_json_str(f->name)) &&
	    put(o, "content", rpt_json_str(f->content)))
		return o;
	json_decref(o);
	return NULL;
}

static json_t *json_example(const struct explain_example *e)
{
	if (!e)
		return json_null();
	json_t *o = json_object(), *comps = json_array();
	bool ok = o && comps && put(o, "case", rpt_json_str(e->case_file)) &&
		put(o, "file", rpt_json_str(e->file.name)) &&
		put(o, "content", rpt_json_str(e->file.content));
	for (const struct explain_file *const *c = e->companions; ok && c && *c; c++)
		ok = json_array_append_new(comps, json_file(*c)) == 0;
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

static json_t *json_doc(const struct bh_rule *r, const struct explain_examples *ex)
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
	ok = ok && put(o, "before", json_example(ex ? ex->before : NULL)) &&
		put(o, "after", json_example(ex ? ex->after : NULL));
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
	if (!r)
		return cli_usage_error("explain", "unknown rule '%s'", argv[optind]);
	const struct explain_examples *ex = examples_of(r);
	int rc;
	if (strcmp(format, "json") == 0) {
		json_t *o = json_doc(r, ex);
		rc = o ? rpt_emit_json(stdout, o) : BH_ENOMEM;
		json_decref(o);
	} else {
		struct strbuf sb = STRBUF_INIT;
		text_doc(&sb, r, ex);
		rc = sb.failed ? BH_ENOMEM : rpt_emit(stdout, strbuf_str(&sb), sb.len);
		strbuf_free(&sb);
	}
	if (rc != 0) {
		fprintf(stderr, "bulkhead: explain: cannot write the output\n");
		return 2;
	}
	return 0;
}
