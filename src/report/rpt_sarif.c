/* SPDX-License-Identifier: Apache-2.0
 *
 * rpt_sarif.c - SARIF 2.1.0 for GitHub code scanning and other consumers.
 *
 * This file owns the SARIF log: one run whose tool.driver.rules lists every
 * rule of the table (so ruleIndex is stable across scans), followed by any
 * rule that reported but is not in the table; one result per finding;
 * one invocation carrying input errors as toolExecutionNotifications;
 * the run's properties count the files scanned, skipped (by reason) and
 * unreadable (not for an image).
 * It follows GitHub's ingestion rules: relative %-encoded URIs under
 * %SRCROOT% (declared in originalUriBaseIds as the current directory's
 * file:// URI, ending in '/'; paths are relative to it), absolute paths
 * as file:// URIs, startLine >= 1 (a whole-file finding points at line 1,
 * and so does an image finding: its location is the image path given on
 * the command line with region startLine 1, which GitHub requires of
 * every result), partialFingerprints
 * primaryLocationLineHash "<16 hex>:<occurrence>" (FNV-1a over rule id,
 * file and the trimmed, masked source line), "security-severity" per
 * rule (with "cis" and "cis_version" when the rule has a CIS Docker
 * Benchmark number), and columnKind "utf16CodeUnits" (byte columns
 * converted).  A run of `inspect` (rpt_run.second_input) describes a row
 * that serves containers too by its title2 and why2 (core/check.h).
 * It does not sort, filter or pick exit codes.
 * Tests: tests/unit/report/test_report.c (fields), tests/suites/sarif.sh
 * (the official validator with the SARIF and GitHub rule sets).
 */
#include "writer.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rpt_util.h"
#include "rules_doc.h"
#include "../util/arena.h"
#include "../util/diag.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
/* Where the project and docs/rules.md live (the anchor is the lower-case
 * rule id, written by rules_doc.c). */
#ifndef BH_HOME_URI
#define BH_HOME_URI "https://github.com/bulkhead-scanner/bulkhead"
#endif
#define BH_RULES_URI BH_HOME_URI "/blob/main/docs/rules.md"
#define BH_SECRETS_URI BH_HOME_URI "/blob/main/docs/secrets.md#pattern-table"

/* Everything the writer needs while it walks the findings. */
struct sarif {
	struct arena arena;            /* the arrays below */
	const struct bh_rule **rules;  /* table rules, then extra ones */
	size_t nrules;
	uint64_t *hashes;              /* per finding: line hash */
	unsigned *occurrence;          /* per finding: 1 + earlier same hash */
	struct u16_cursor *cur;        /* region()'s column cursor */
};

static bool put(json_t *obj, const char *key, json_t *v)
{
	return v && json_object_set_new(obj, key, v) == 0;
}

static bool push(json_t *arr, json_t *v)
{
	return v && json_array_append_new(arr, v) == 0;
}

/* Hands "*v" to obj[key] when all went well so far, else drops it; either
 * way *v is no longer the caller's.  Returns the new "ok". */
static bool adopt(bool ok, json_t *obj, const char *key, json_t **v)
{
	json_t *x = *v;
	*v = NULL;
	if (!ok) {
		json_decref(x);
		return false;
	}
	return put(obj, key, x);
}

/* Same for appending to an array. */
static bool adopt_push(bool ok, json_t *arr, json_t **v)
{
	json_t *x = *v;
	*v = NULL;
	if (!ok) {
		json_decref(x);
		return false;
	}
	return push(arr, x);
}

/* {"text": s} */
static json_t *message(const char *s)
{
	json_t *o = json_object();
	if (!put(o, "text", rpt_json_str(s))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static const char *level(enum bh_severity s)
{
	if (s >= BH_SEV_HIGH)
		return "error";
	return s == BH_SEV_MEDIUM ? "warning" : "note";
}

/* GitHub maps > 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, <= 3.9 low;
 * 9.5 keeps critical clear of the 9.0 boundary. */
static const char *security_severity(enum bh_severity s)
{
	static const char *const v[] = { "0.0", "3.0", "5.0", "7.0", "9.5" };
	return (unsigned)s <= BH_SEV_CRITICAL ? v[s] : v[0];
}

/* "Final stage runs as root" -> "FinalStageRunsAsRoot". */
static json_t *pascal_name(const struct bh_rule *r, const char *title)
{
	struct strbuf sb = STRBUF_INIT;
	bool up = true;
	for (const char *p = title ? title : ""; *p; p++) {
		unsigned char c = (unsigned char)*p;
		bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
			(c >= 'A' && c <= 'Z');
		if (!alnum) {
			up = true;
			continue;
		}
		strbuf_addc(&sb, up && c >= 'a' && c <= 'z' ? (char)(c - 32) : (char)c);
		up = false;
	}
	if (sb.len == 0)
		strbuf_adds(&sb, rpt_rule_id(r));
	json_t *j = sb.failed ? NULL : rpt_json_str(strbuf_str(&sb));
	strbuf_free(&sb);
	return j;
}

/* Row "r" described for the run's inputs: a run of its second input
 * only ("second": inspect) names it by its title2 and why2. */
static json_t *rule_descriptor(const struct bh_rule *r, bool second)
{
	const char *title = bh_rule_title(r, second);
	const char *why = bh_rule_why(r, second);
	json_t *o = json_object(), *help = json_object(), *cfg = json_object(),
	       *props = json_object(), *tags = json_array();
	struct strbuf md = STRBUF_INIT, uri = STRBUF_INIT;
	const char *id = rpt_rule_id(r);
	strbuf_printf(&md, "%s\n\n**Fix:** %s", why ? why : "",
		      r->fix ? r->fix : "");
	/* a row with a second input (check.h: target2): its fix there too */
	struct strbuf text = STRBUF_INIT;
	strbuf_adds(&text, r->fix ? r->fix : "");
	if (r->check2 && r->fix2) {
		strbuf_printf(&md, "\n\n**Fix (%s):** %s",
			      rules_doc_target2_name(r), r->fix2);
		strbuf_printf(&text, "\n%s: %s", rules_doc_target2_name(r),
			      r->fix2);
	}
	if (r->target == BH_TARGET_FILE) {
		/* the secret kinds of `bulkhead secrets` */
		strbuf_adds(&uri, BH_SECRETS_URI);
	} else {
		strbuf_adds(&uri, BH_RULES_URI "#");
		for (const char *p = id; *p; p++)
			strbuf_addc(&uri, (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p));
	}
	bool ok = o && help && cfg && props && tags && !md.failed &&
		  !uri.failed && !text.failed;
	ok = ok && put(o, "id", rpt_json_str(id)) &&
		put(o, "name", pascal_name(r, title)) &&
		put(o, "shortDescription", message(title)) &&
		put(o, "fullDescription", message(why ? why : title)) &&
		put(help, "text", rpt_json_str(strbuf_str(&text))) &&
		put(help, "markdown", rpt_json_str(strbuf_str(&md)));
	ok = adopt(ok, o, "help", &help);
	ok = ok && put(o, "helpUri", rpt_json_str(strbuf_str(&uri))) &&
		put(cfg, "level", json_string(level(r->severity)));
	if (ok && (r->flags & BH_RULE_OFF_BY_DEFAULT))
		ok = put(cfg, "enabled", json_false());
	ok = adopt(ok, o, "defaultConfiguration", &cfg);
	ok = ok && push(tags, json_string("security")) &&
		push(tags, rpt_json_str(r->practice));
	ok = adopt(ok, props, "tags", &tags);
	ok = ok && put(props, "security-severity",
		       json_string(security_severity(r->severity))) &&
		put(props, "precision", json_string("high"));
	if (ok && r->cis && *r->cis)
		ok = put(props, "cis", rpt_json_str(r->cis)) &&
			put(props, "cis_version", json_string(BH_CIS_VERSION));
	ok = adopt(ok, o, "properties", &props);
	strbuf_free(&md);
	strbuf_free(&text);
	strbuf_free(&uri);
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* A relative path becomes a relative URI (leading "./" dropped, every byte
 * outside RFC 3986 unreserved and '/' %-encoded, which also keeps invalid
 * UTF-8 out); an absolute path becomes a file:// URI.  Sets *relative. */
static json_t *path_uri(const char *path, bool *relative)
{
	static const char hex[] = "0123456789ABCDEF";
	struct strbuf sb = STRBUF_INIT;
	if (!path || !*path)
		path = ".";
	*relative = path[0] != '/';
	if (!*relative)
		strbuf_adds(&sb, "file://");
	while (path[0] == '.' && path[1] == '/') {
		path += 2;
		while (*path == '/')
			path++;
	}
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		unsigned char c = *p;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~' || c == '/') {
			strbuf_addc(&sb, (char)c);
		} else {
			strbuf_addc(&sb, '%');
			strbuf_addc(&sb, hex[c >> 4]);
			strbuf_addc(&sb, hex[c & 15]);
		}
	}
	if (sb.len == 0)
		strbuf_addc(&sb, '.');
	json_t *j = sb.failed ? NULL : json_string(strbuf_str(&sb));
	strbuf_free(&sb);
	return j;
}

/* "file:///abs/dir/": the base of relative paths, '/'-terminated as
 * SARIF wants for a base URI.  NULL when "dir" is not absolute. */
static json_t *dir_uri(const char *dir)
{
	bool rel;
	if (!dir || dir[0] != '/')
		return NULL;
	json_t *j = path_uri(dir, &rel);
	const char *u = j ? json_string_value(j) : NULL;
	if (!u)
		return j;
	size_t n = strlen(u);
	if (n && u[n - 1] == '/')
		return j;
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, u);
	strbuf_addc(&sb, '/');
	json_decref(j);
	j = sb.failed ? NULL : json_string(strbuf_str(&sb));
	strbuf_free(&sb);
	return j;
}

static json_t *artifact(const char *file)
{
	bool rel;
	json_t *o = json_object();
	bool ok = put(o, "uri", path_uri(file, &rel));
	if (ok && rel)
		ok = put(o, "uriBaseId", json_string("%SRCROOT%"));
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* Where utf16_col() stopped on the last line it measured: the findings
 * of one line come in column order, so a long line shared by thousands of
 * them is walked once, not once per finding. */
struct u16_cursor {
	const char *line;
	size_t at;                     /* bytes walked */
	json_int_t units;              /* UTF-16 units of line[0..at) */
};

/* Byte column "col" (1-based) of source line "line" as a column in
 * UTF-16 code units (the run's columnKind): a character of up to three
 * UTF-8 bytes is one unit, of four two, a byte that is not UTF-8 one
 * (read as U+FFFD).  Bytes past the end of what is known of the line
 * (no snippet, or a snippet cut short) count one each. */
static json_int_t utf16_col(struct u16_cursor *c, const char *line, int col)
{
	size_t want = (size_t)col - 1, i = 0;
	json_int_t units = 0;
	if (!line)
		return (json_int_t)want + 1;
	if (c->line == line && c->at <= want) {
		i = c->at;
		units = c->units;
	}
	size_t n = i + strnlen(line + i, want - i);
	while (i < want && i < n) {
		unsigned cp;
		size_t k = rpt_utf8_char(line + i, n - i, &cp);
		units += k == 4 ? 2 : 1;
		i += k;
	}
	*c = (struct u16_cursor){ line, i, units };
	if (want > i)
		units += (json_int_t)(want - i);
	return units + 1;
}

/* The region of "f": its span, or line 1 for a whole-file finding
 * (GitHub requires startLine >= 1), columns converted from bytes to
 * UTF-16 code units with the (masked, same-length) whole source line
 * (f->line when the snippet is cut from a longer one).  A span
 * ending on a later line gets no endColumn: that line's text is not
 * known here, and without it the region runs to the end of endLine.
 * No region.snippet: GitHub reads the source from the repository.  NULL
 * only when allocation fails. */
static json_t *region(struct u16_cursor *cur, const struct bh_finding *f)
{
	const char *line = f->line ? f->line : f->snippet;
	const struct bh_span *s = &f->span;
	json_t *o = json_object();
	if (!o)
		return NULL;
	bool ok;
	if (s->line <= 0) {
		ok = put(o, "startLine", json_integer(1));
	} else {
		ok = put(o, "startLine", json_integer(s->line));
		if (ok && s->col > 0)
			ok = put(o, "startColumn",
				 json_integer(utf16_col(cur, line, s->col)));
		/* from the start column on, leaving "cur" there: the next
		 * finding's start column is not before this one's */
		struct u16_cursor end = *cur;
		int end_line = s->end_line >= s->line ? s->end_line : s->line;
		if (ok && s->end_line >= s->line)
			ok = put(o, "endLine", json_integer(end_line));
		if (ok && s->col > 0 && s->end_col > 0 && end_line == s->line &&
		    s->end_col >= s->col)
			ok = put(o, "endColumn",
				 json_integer(utf16_col(&end, line, s->end_col)));
	}
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *location(struct u16_cursor *cur, const struct bh_finding *f)
{
	json_t *loc = json_object(), *phys = json_object();
	bool ok = loc && phys && put(phys, "artifactLocation", artifact(f->file)) &&
		put(phys, "region", region(cur, f));
	ok = adopt(ok, loc, "physicalLocation", &phys);
	if (!ok) {
		json_decref(loc);
		return NULL;
	}
	return loc;
}

/* Index of "r" in the descriptor list (by pointer, then by id), or
 * x->nrules when it is not there. */
static size_t find_rule(const struct sarif *x, const struct bh_rule *r)
{
	for (size_t i = 0; i < x->nrules; i++)
		if (x->rules[i] == r)
			return i;
	for (size_t i = 0; i < x->nrules; i++)
		if (strcmp(rpt_rule_id(x->rules[i]), rpt_rule_id(r)) == 0)
			return i;
	return x->nrules;
}

static bool has_rule(const struct sarif *x, const struct bh_rule *r)
{
	return find_rule(x, r) < x->nrules;
}

static json_t *result(const struct sarif *x, const struct bh_findings *fs,
		      size_t i)
{
	const struct bh_finding *f = &fs->v[i];
	json_t *o = json_object(), *locs = json_array(), *fp = json_object(),
	       *props = json_object();
	char hash[48];
	snprintf(hash, sizeof(hash), "%016llx:%u",
		 (unsigned long long)x->hashes[i], x->occurrence[i]);
	bool ok = o && locs && fp && props &&
		put(o, "ruleId", rpt_json_str(rpt_rule_id(f->rule)));
	if (ok && f->rule)
		ok = put(o, "ruleIndex",
			 json_integer((json_int_t)find_rule(x, f->rule)));
	ok = ok && put(o, "level", json_string(level(f->severity))) &&
		put(o, "message", message(f->message)) &&
		push(locs, location(x->cur, f));
	ok = adopt(ok, o, "locations", &locs);
	ok = ok && put(fp, "primaryLocationLineHash", json_string(hash));
	ok = adopt(ok, o, "partialFingerprints", &fp);
	ok = ok && put(props, "practice",
		       rpt_json_str(f->rule ? f->rule->practice : "")) &&
		put(props, "severity", json_string(bh_severity_name(f->severity)));
	if (ok && f->layer_digest)
		ok = put(props, "layer_digest", rpt_json_str(f->layer_digest));
	if (ok && f->created_by)
		ok = put(props, "created_by", rpt_json_str(f->created_by));
	if (ok && f->fix)
		ok = put(props, "fix", rpt_json_str(f->fix));
	ok = adopt(ok, o, "properties", &props);
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *driver(const struct sarif *x, bool second)
{
	json_t *o = json_object(), *rules = json_array();
	bool ok = o && rules && put(o, "name", json_string("bulkhead")) &&
		put(o, "version", json_string(BH_VERSION)) &&
		put(o, "semanticVersion", json_string(BH_VERSION)) &&
		put(o, "informationUri", json_string(BH_HOME_URI));
	for (size_t i = 0; ok && i < x->nrules; i++)
		ok = push(rules, rule_descriptor(x->rules[i], second));
	ok = adopt(ok, o, "rules", &rules);
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *invocation(const struct rpt_run *run)
{
	json_t *o = json_object(), *notes = json_array();
	bool ok = o && notes &&
		put(o, "executionSuccessful", json_boolean(run->nerrors == 0));
	for (size_t i = 0; ok && i < run->nerrors; i++) {
		const struct rpt_input_error *e = &run->errors[i];
		json_t *n = json_object(), *loc = json_object(),
		       *phys = json_object(), *locs = json_array();
		bool nok = n && loc && phys && locs &&
			put(n, "level", json_string("error")) &&
			put(n, "message", message(e->message ? e->message : e->file)) &&
			put(phys, "artifactLocation", artifact(e->file));
		nok = adopt(nok, loc, "physicalLocation", &phys);
		nok = adopt_push(nok, locs, &loc);
		nok = adopt(nok, n, "locations", &locs);
		ok = adopt_push(ok && nok, notes, &n);
	}
	if (run->nerrors)
		ok = adopt(ok, o, "toolExecutionNotifications", &notes);
	json_decref(notes);
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* The run's file counts: {"filesScanned", "filesSkipped", "skipped":
 * {reason: n}, "filesUnreadable"}. */
static json_t *run_counts(const struct rpt_run *run)
{
	json_t *o = json_object(), *by = json_object();
	size_t skipped = 0;
	bool ok = o && by;
	for (size_t i = 0; ok && i < run->nskipped; i++) {
		skipped += run->skipped[i].n;
		ok = put(by, run->skipped[i].reason,
			 json_integer((json_int_t)run->skipped[i].n));
	}
	ok = ok && put(o, "filesScanned",
		       json_integer((json_int_t)run->files_scanned)) &&
		put(o, "filesSkipped", json_integer((json_int_t)skipped));
	ok = adopt(ok, o, "skipped", &by);
	ok = ok && put(o, "filesUnreadable",
		       json_integer((json_int_t)run->files_unreadable));
	if (!ok) {
		json_decref(by);
		json_decref(o);
		return NULL;
	}
	return o;
}

/* Fills the descriptor list (the whole table, then rules that reported
 * but are not in it), each finding's line hash and its occurrence number
 * among findings with the same hash, in list order. */
static int prepare(struct sarif *x, const struct rpt_run *run)
{
	const struct bh_findings *fs = run->findings;
	size_t ntab = run->rules ? run->nrules : bh_rule_count();
	size_t nf = fs ? fs->n : 0;
	if (nf > SIZE_MAX / 2 - ntab)
		return BH_ENOMEM;
	x->rules = arena_array(&x->arena, ntab + nf + 1, sizeof(*x->rules));
	x->hashes = arena_array(&x->arena, nf + 1, sizeof(*x->hashes));
	x->occurrence = arena_array(&x->arena, nf + 1, sizeof(*x->occurrence));
	if (!x->rules || !x->hashes || !x->occurrence)
		return BH_ENOMEM;
	for (size_t i = 0; i < ntab; i++)
		x->rules[x->nrules++] = run->rules ? &run->rules[i] : bh_rule_at(i);
	for (size_t i = 0; i < nf; i++) {
		const struct bh_rule *r = fs->v[i].rule;
		x->hashes[i] = rpt_finding_hash(&fs->v[i]);
		if (r && !has_rule(x, r))
			x->rules[x->nrules++] = r;
	}
	return rpt_occurrences(x->hashes, nf, x->occurrence);
}

static json_t *log_root(const struct rpt_run *run, const struct sarif *x)
{
	json_t *root = json_object(), *runs = json_array(), *r = json_object(),
	       *tool = json_object(), *results = json_array(),
	       *invs = json_array(), *bases = json_object(),
	       *src = json_object();
	bool ok = root && runs && r && tool && results && invs && bases && src &&
		put(root, "$schema", json_string(SARIF_SCHEMA)) &&
		put(root, "version", json_string("2.1.0")) &&
		put(tool, "driver", driver(x, run->second_input));
	ok = adopt(ok, r, "tool", &tool);
	/* what GitHub counts columns in; region() converts bulkhead's bytes */
	ok = ok && put(r, "columnKind", json_string("utf16CodeUnits"));
	ok = ok && push(invs, invocation(run));
	ok = adopt(ok, r, "invocations", &invs);
	json_t *base = dir_uri(run->base_dir);
	if (ok && base)
		ok = put(src, "uri", base);
	else
		json_decref(base);
	ok = ok && put(src, "description",
		       message("The directory bulkhead scanned from."));
	ok = adopt(ok, bases, "%SRCROOT%", &src);
	ok = adopt(ok, r, "originalUriBaseIds", &bases);
	size_t n = run->findings ? run->findings->n : 0;
	for (size_t i = 0; ok && i < n; i++)
		ok = push(results, result(x, run->findings, i));
	ok = adopt(ok, r, "results", &results);
	if (ok && rpt_counts_files(run))
		ok = put(r, "properties", run_counts(run));
	ok = adopt_push(ok, runs, &r);
	ok = adopt(ok, root, "runs", &runs);
	if (!ok) {
		json_decref(root);
		return NULL;
	}
	return root;
}

static int write_sarif(const struct rpt_run *run, FILE *out)
{
	struct u16_cursor cur = { 0 };
	struct sarif x = { .cur = &cur };
	arena_init(&x.arena, 0);
	int rc = prepare(&x, run);
	json_t *root = rc == BH_OK ? log_root(run, &x) : NULL;
	if (rc == BH_OK)
		rc = root ? rpt_emit_json(out, root) : BH_ENOMEM;
	json_decref(root);
	arena_free(&x.arena);
	return rc;
}

const struct rpt_writer rpt_sarif = { "sarif", write_sarif };
