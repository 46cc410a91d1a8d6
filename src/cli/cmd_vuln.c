/* SPDX-License-Identifier: Apache-2.0
 *
 * cmd_vuln.c - `bulkhead vuln [options] IMAGE|DIR|FILE...`: the installed
 * packages (collected as `bulkhead sbom` does: pkgs.h) matched against
 * the offline OSV database (src/vuln/match.h), then filtered (ignore
 * file, OpenVEX statements, --ignore-unfixed, --severity) and reported as
 * text, json, sarif or cyclonedx (a CycloneDX 1.5 BOM with
 * `vulnerabilities`, each `affects` naming its component's bom-ref), or
 * through the report layer's writers as junit, checkstyle, gitlab,
 * sonarqube or html: each vulnerability of a package becomes a finding
 * (write_findings()) whose rule row is made for its id (the advisory's
 * id, summary and severity), located at the package's file as the SARIF
 * output locates it, with no line (the writers say line 1 where their
 * format needs one) and the package's purl (and, inside an image, its
 * database's path, which the message names too) as the text its
 * fingerprint hashes.
 *
 * Exit: 2 for a usage or input error (no database: "no vulnerability
 * database at PATH (run bulkhead db import)"; a path that cannot be
 * read; a malformed VEX or ignore file), else 1 (or --exit-code N) when
 * a reported vulnerability is at or over --threshold (default: any), else
 * 0.  .bulkhead.yaml (--config, else the current directory's, found as
 * scan and image find it: cli_config_file()) is read first: its
 * policy.max-severity, without --threshold, is what fails the run (a
 * vulnerability over it; UNKNOWN never is), and the reports say how many
 * are over it.  With a gate (--threshold or max-severity) the CI formats
 * mark each result by whether it fails the run (fails_run()): SARIF level
 * error or note with failsRun/overPolicy properties, and the findings'
 * BH_FINDING_FAILS / BH_FINDING_PASSES flags, which the report layer's
 * writers show in their own terms (JUnit passed case, GitLab/Checkstyle
 * info, Sonar LOW).
 * vuln_db_default_path() is the database path `bulkhead image` also
 * uses.  Formats, flags and matching: docs/vuln.md.
 * Tests: tests/suites/vuln.sh (policy max-severity too),
 * tests/cases/cli/vuln-*.case (vuln-config-*: the configuration),
 * tests/suites/formats.sh (junit, checkstyle, gitlab, sonarqube against
 * their schemas, and gated), tests/suites/sarif.sh (gated SARIF through
 * the Multitool), tests/suites/html.sh (the page rendered).
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli_common.h"
#include "commands.h"
#include "pkgs.h"
#include "core/check.h"
#include "core/config.h"
#include "core/finding.h"
#include "report/rpt_util.h"
#include "report/writer.h"
#include "report/sbom_doc.h"
#include "util/io.h"
#include "vuln/match.h"
#include "vuln/vex.h"
#include "vuln/vignore.h"
#include "vuln_run.h"

/* ---- the database path --------------------------------------------------- */

int vuln_db_default_path(char *buf, size_t size)
{
	const char *x = getenv("XDG_CACHE_HOME");
	int n;
	if (x && *x == '/')
		n = snprintf(buf, size, "%s/bulkhead/vuln.db", x);
	else {
		const char *h = getenv("HOME");
		if (!h || !*h)
			return -1;
		n = snprintf(buf, size, "%s/.cache/bulkhead/vuln.db", h);
	}
	return n > 0 && (size_t)n < size ? 0 : -1;
}

bool vuln_db_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int vuln_db_check(const char *db_path, char *err, size_t errsize)
{
	struct diag d;
	diag_init(&d, db_path);
	struct osv_db *db = NULL;
	int rc = osv_db_open(db_path, false, &db, &d);
	if (rc)   /* the database code names the file itself */
		diag_escape(err, errsize, d.message);
	osv_db_close(db);
	return rc ? -1 : 0;
}

/* Says on stderr what the match could not check, never a silent "0
 * vulnerabilities": a database with no records, packages of ecosystems
 * it holds no records for, OS packages whose distribution release is
 * unknown (advisories per release cannot apply to them). */
static void coverage_notes(struct osv_db *db, const char *db_path,
			   const struct sbom_list *l, struct vuln_coverage *cov)
{
	memset(cov, 0, sizeof(*cov));
	struct osv_db_info info;
	struct diag d;
	diag_init(&d, db_path);
	if (osv_db_info(db, &info, &d))
		return;
	char shown[1024];
	diag_escape(shown, sizeof(shown), db_path);
	if (!info.records) {
		cov->empty = true;
		fprintf(stderr, "bulkhead: note: %s holds no records: no package "
			"was checked (fill it with bulkhead db import)\n", shown);
		osv_db_info_free(&info);
		return;
	}
	size_t noeco = 0, norel = 0;
	char missing[512] = "";
	for (size_t i = 0; i < l->n; i++) {
		struct vuln_key k;
		enum sbom_eco e = l->v[i].eco;
		bool os = e == SBOM_DEB || e == SBOM_APK || e == SBOM_RPM;
		if (!vuln_pkg_key(&l->v[i], &k)) {
			/* an rpm of no distribution the advisories name
			 * (no os-release, or one not read): matched against
			 * nothing */
			if (os)
				norel++;
			continue;
		}
		bool have = false;
		for (size_t b = 0; b < info.nbases && !have; b++)
			have = !strcmp(info.bases[b].ecosystem, k.eco) &&
			       info.bases[b].records > 0;
		if (!have) {
			noeco++;
			char item[40];
			snprintf(item, sizeof(item), ", %s,", k.eco);
			char padded[sizeof(missing) + 4];
			snprintf(padded, sizeof(padded), ", %s,", missing);
			if (!strstr(padded, item) &&
			    strlen(missing) + strlen(k.eco) + 3 < sizeof(missing))
				snprintf(missing + strlen(missing),
					 sizeof(missing) - strlen(missing), "%s%s",
					 missing[0] ? ", " : "", k.eco);
		} else if (os && !k.release[0]) {
			norel++;
		}
	}
	cov->no_records = noeco;
	cov->unknown_release = norel;
	snprintf(cov->missing, sizeof(cov->missing), "%s", missing);
	if (noeco)
		fprintf(stderr, "bulkhead: note: %zu package%s not checked: %s "
			"holds no records for %s\n", noeco, noeco == 1 ? "" : "s",
			shown, missing);
	if (norel)
		fprintf(stderr, "bulkhead: note: %zu OS package%s of an unknown "
			"distribution release (no os-release beside the package "
			"database, or a distribution whose advisories are not "
			"read; --distro NAME:VERSION names a dpkg or apk one): "
			"only advisories that name no release apply to them\n",
			norel, norel == 1 ? "" : "s");
	osv_db_info_free(&info);
}

int vuln_run_match(const char *db_path, const struct sbom_list *l,
		   struct vuln_result *out, char *err, size_t errsize,
		   struct vuln_coverage *cov)
{
	struct vuln_coverage unused;
	if (!cov)
		cov = &unused;
	memset(cov, 0, sizeof(*cov));
	struct diag d;
	diag_init(&d, db_path);
	struct osv_db *db = NULL;
	struct timespec t0, t1, t2;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int rc = osv_db_open(db_path, false, &db, &d);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (!rc)
		rc = vuln_match_list(db, l, out, &d);
	clock_gettime(CLOCK_MONOTONIC, &t2);
	if (rc)   /* the database code names the file itself */
		diag_escape(err, errsize, d.message);
	else
		coverage_notes(db, db_path, l, cov);
	osv_db_close(db);
	/* BH_VULN_TIMING=1: what bench/vuln.sh measures */
	const char *tm = getenv("BH_VULN_TIMING");
	if (tm && *tm == '1')
		fprintf(stderr, "bulkhead: timing: database open %.3f ms, %zu "
			"packages matched in %.3f ms\n",
			(double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6,
			l->n,
			(double)(t2.tv_sec - t1.tv_sec) * 1e3 + (double)(t2.tv_nsec - t1.tv_nsec) / 1e6);
	return rc;
}

/* ---- options -------------------------------------------------------------- */

struct vopts {
	const char *db, *format, *output, *vex, *ignorefile;
	/* --distro NAME:VERSION: the release of OS packages whose own is
	 * unknown (a lone dpkg status or apk installed file) */
	char distro_id[16], distro_ver[32];
	enum sbom_eco distro_eco;
	unsigned sev_mask;          /* bit per enum vuln_sev; 0 = all */
	enum vuln_sev threshold;
	int exit_code;
	bool ignore_unfixed;
	bool verify_digests;     /* --verify-digests */
	bool threshold_set;         /* --threshold given */
	const char *config;         /* --config FILE */
	/* .bulkhead.yaml policy.max-severity (an enum bh_severity), or -1 */
	int policy_max;
	const char *config_used;    /* the file it came from */
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: bulkhead vuln [options] IMAGE|DIR|FILE...\n"
		"  Match the installed packages of an image, a root filesystem or\n"
		"  project folder, or one package database file against the offline\n"
		"  OSV database (bulkhead db import).\n\n"
		"options:\n"
		"  --db FILE                  the database (default\n"
		"                             $XDG_CACHE_HOME/bulkhead/vuln.db, else\n"
		"                             ~/.cache/bulkhead/vuln.db)\n"
		"  --format text|json|sarif|cyclonedx|junit|checkstyle|gitlab|sonarqube|html\n"
		"                             output format (default text;\n"
		"                             docs/ci.md: which CI reads which); in\n"
		"                             sarif and the last five each\n"
		"                             vulnerability of a package is one\n"
		"                             result at the package's file\n"
		"  -o, --output FILE          write the report to FILE\n"
		"  --severity SEV[,SEV...]    report only these severities (UNKNOWN,\n"
		"                             LOW, MEDIUM, HIGH, CRITICAL); one with a\n"
		"                             trailing + means that one and above\n"
		"  --threshold SEV            lowest severity that fails the run\n"
		"                             (default: any reported vulnerability)\n"
		"  --exit-code N              exit code when one does (default 1)\n"
		"  --config FILE              configuration (default .bulkhead.yaml\n"
		"                             or .bulkhead.yml): policy.max-severity\n"
		"                             makes a vulnerability over it fail the\n"
		"                             run unless --threshold is given\n"
		"  --ignore-unfixed           leave out vulnerabilities with no fix\n"
		"  --vex FILE                 OpenVEX document: not_affected and\n"
		"                             fixed statements suppress\n"
		"  --ignorefile FILE          accepted vulnerabilities (default\n"
		"                             .bulkhead-vuln.yaml when present)\n"
		"  --distro NAME:VERSION      distribution release of dpkg/apk\n"
		"                             packages read without an os-release\n"
		"                             (debian:12, ubuntu:22.04, alpine:3.18)\n"
		"  --verify-digests           hash every image layer and check it\n"
		"                             against its digest and diff_id (not\n"
		"                             done by default: docs/decisions.md)\n");
}

/* The formats the report layer's writers make from findings. */
static bool by_writer(const char *format)
{
	static const char *const names[] = { "junit", "checkstyle", "gitlab",
					     "sonarqube", "html" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(format, names[i]))
			return true;
	return false;
}

static int usage_error(const char *fmt, const char *arg)
{
	return cli_usage_error("vuln", fmt, arg);
}

static bool parse_sev_list(const char *arg, struct vopts *o)
{
	unsigned mask = 0;
	const char *p = arg;
	while (*p) {
		size_t n = strcspn(p, ",");
		bool up = n && p[n - 1] == '+';
		enum vuln_sev s;
		if (!vuln_sev_parse(p, n - up, &s))
			return false;
		for (int i = s; i <= (up ? VULN_SEV_CRITICAL : (int)s); i++)
			mask |= 1u << i;
		p += n;
		if (*p == ',')
			p++;
	}
	o->sev_mask = mask;
	return mask != 0;
}

enum { O_DB = 256, O_FORMAT, O_SEVERITY, O_THRESHOLD, O_EXIT, O_UNFIXED, O_VERIFY,
       O_VEX, O_IGNOREFILE, O_DISTRO, O_CONFIG };

static const struct option longopts[] = {
	{ "db", required_argument, NULL, O_DB },
	{ "format", required_argument, NULL, O_FORMAT },
	{ "output", required_argument, NULL, 'o' },
	{ "severity", required_argument, NULL, O_SEVERITY },
	{ "threshold", required_argument, NULL, O_THRESHOLD },
	{ "exit-code", required_argument, NULL, O_EXIT },
	{ "ignore-unfixed", no_argument, NULL, O_UNFIXED },
	{ "verify-digests", no_argument, NULL, O_VERIFY },
	{ "vex", required_argument, NULL, O_VEX },
	{ "ignorefile", required_argument, NULL, O_IGNOREFILE },
	{ "distro", required_argument, NULL, O_DISTRO },
	{ "config", required_argument, NULL, O_CONFIG },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* --distro NAME:VERSION: a distribution whose advisories the database
 * can hold (debian, ubuntu: dpkg; alpine, wolfi, chainguard: apk) and a
 * release of digits and dots. */
static bool parse_distro(const char *arg, struct vopts *o)
{
	static const struct { const char *id; enum sbom_eco eco; } known[] = {
		{ "debian", SBOM_DEB }, { "ubuntu", SBOM_DEB },
		{ "alpine", SBOM_APK }, { "wolfi", SBOM_APK },
		{ "chainguard", SBOM_APK },
	};
	const char *colon = strchr(arg, ':');
	if (!colon)
		return false;
	size_t nl = (size_t)(colon - arg);
	const char *v = colon + 1;
	size_t vl = strlen(v);
	if (!vl || vl >= sizeof(o->distro_ver) || !isdigit((unsigned char)v[0]) ||
	    strspn(v, "0123456789.") != vl)
		return false;
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strlen(known[i].id) == nl && !strncmp(arg, known[i].id, nl)) {
			snprintf(o->distro_id, sizeof(o->distro_id), "%s", known[i].id);
			snprintf(o->distro_ver, sizeof(o->distro_ver), "%s", v);
			o->distro_eco = known[i].eco;
			return true;
		}
	return false;
}

/* Gives the packages of --distro's ecosystem whose release is unknown
 * (no os-release beside their database) that distribution. */
static void apply_distro(struct pkgs_run *pr, const struct vopts *o)
{
	if (!o->distro_id[0])
		return;
	for (size_t i = 0; i < pr->pkgs.n; i++) {
		const struct sbom_pkg *p = &pr->pkgs.v[i];
		struct vuln_key k;
		if (p->eco != o->distro_eco || !p->path ||
		    (vuln_pkg_key(p, &k) && k.release[0]))
			continue;
		/* every package of that file: they share its (missing)
		 * os-release */
		char path[4200];
		snprintf(path, sizeof(path), "%s", p->path);
		if (sbom_list_set_distro(&pr->pkgs, path, o->distro_id, o->distro_ver))
			pkgs_error(pr, "out of memory");
	}
}

/* -1: go on; else the exit code. */
static int parse(int argc, char **argv, struct vopts *o)
{
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (c) {
		case O_DB: o->db = optarg; break;
		case 'o': o->output = optarg; break;
		case O_VEX: o->vex = optarg; break;
		case O_IGNOREFILE: o->ignorefile = optarg; break;
		case O_CONFIG: o->config = optarg; break;
		case O_DISTRO:
			if (!parse_distro(optarg, o))
				return usage_error("bad --distro '%s' (NAME:VERSION, NAME "
						   "debian, ubuntu, alpine, wolfi or "
						   "chainguard: debian:12, alpine:3.18)", optarg);
			break;
		case O_UNFIXED: o->ignore_unfixed = true; break;
		case O_VERIFY: o->verify_digests = true; break;
		case O_FORMAT:
			if (strcmp(optarg, "text") && strcmp(optarg, "json") &&
			    strcmp(optarg, "sarif") && strcmp(optarg, "cyclonedx") &&
			    !by_writer(optarg))
				return usage_error("unknown format '%s' (text, json, "
						   "sarif, cyclonedx, junit, checkstyle, "
						   "gitlab, sonarqube or html)", optarg);
			o->format = optarg;
			break;
		case O_SEVERITY:
			if (!parse_sev_list(optarg, o))
				return usage_error("bad severity list '%s' (UNKNOWN, LOW, "
						   "MEDIUM, HIGH, CRITICAL)", optarg);
			break;
		case O_THRESHOLD:
			if (!vuln_sev_parse(optarg, strlen(optarg), &o->threshold))
				return usage_error("bad threshold '%s' (UNKNOWN, LOW, "
						   "MEDIUM, HIGH, CRITICAL)", optarg);
			o->threshold_set = true;
			break;
		case O_EXIT: {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (!*optarg || *end || v < 0 || v > 255)
				return usage_error("bad exit code '%s' (0-255)", optarg);
			o->exit_code = (int)v;
			break;
		}
		case 'h':
			usage(stdout);
			return 0;
		default:
			return usage_error("unknown or incomplete option '%s'",
					   argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return usage_error("%s", "no IMAGE, DIR or FILE given");
	return -1;
}

/* ---- filtering -------------------------------------------------------------- */

struct counts {
	size_t ignored, expired, vex, unfixed, severity;
	size_t over_policy;         /* reported and over policy.max-severity */
};

/* Whether "r" is over the configuration's policy.max-severity: as BH6004
 * judges it in `bulkhead image`, an advisory without a severity
 * (UNKNOWN) never is. */
static bool over_policy(const struct vopts *o, const struct vuln_row *r)
{
	static const enum bh_severity as[VULN_SEV__N] = {
		[VULN_SEV_UNKNOWN] = BH_SEV_INFO, [VULN_SEV_LOW] = BH_SEV_LOW,
		[VULN_SEV_MEDIUM] = BH_SEV_MEDIUM, [VULN_SEV_HIGH] = BH_SEV_HIGH,
		[VULN_SEV_CRITICAL] = BH_SEV_CRITICAL,
	};
	return o->policy_max >= 0 && r->sev != VULN_SEV_UNKNOWN &&
	       (int)as[r->sev] > o->policy_max;
}

/* Whether the run has a gate other than "any reported vulnerability":
 * --threshold, or the configuration's max-severity. */
static bool gated(const struct vopts *o)
{
	return o->threshold_set || o->policy_max >= 0;
}

/* Whether "r" fails the run: --threshold when given, else the policy's
 * max-severity when the configuration sets one, else any reported
 * vulnerability (the default threshold). */
static bool fails_run(const struct vopts *o, const struct vuln_row *r)
{
	if (o->policy_max >= 0 && !o->threshold_set)
		return over_policy(o, r);
	return r->sev >= o->threshold;
}

static void today(char out[11])
{
	time_t t = time(NULL);
	struct tm tm;
	if (!gmtime_r(&t, &tm) || !strftime(out, 11, "%Y-%m-%d", &tm))
		snprintf(out, 11, "1970-01-01");
}

/* Keeps in res the rows that pass; counts the others. */
static void filter(struct vuln_result *res, const struct sbom_list *l,
		   const struct vopts *o, const struct vuln_ignore *ig,
		   const struct vuln_vex *vex, const char *image_ref,
		   struct counts *n)
{
	char day[11];
	today(day);
	size_t w = 0;
	for (size_t i = 0; i < res->n; i++) {
		struct vuln_row *r = &res->v[i];
		const struct sbom_pkg *p = &l->v[r->pkg];
		const char *const *al = (const char *const *)r->aliases;
		bool drop = false;
		if (ig) {
			const struct vuln_ignore_entry *e = NULL;
			enum vuln_ignore_result x = vuln_ignore_match(
				ig, r->id, al, r->naliases, p->name, p->purl, day, &e);
			if (x == VULN_IGNORE_IGNORED) {
				n->ignored++;
				drop = true;
			} else if (x == VULN_IGNORE_EXPIRED && e) {
				char line[1200], esc[1400];
				vuln_ignore_expired_line(e, line, sizeof(line));
				diag_escape(esc, sizeof(esc), line);
				fprintf(stderr, "bulkhead: warning: %s\n", esc);
				n->expired++;
			}
		}
		if (!drop && vex &&
		    vuln_vex_suppresses(vuln_vex_decides(vex, r->id, al, r->naliases,
							 p->purl, image_ref, NULL))) {
			n->vex++;
			drop = true;
		}
		if (!drop && o->ignore_unfixed && !r->fixed) {
			n->unfixed++;
			drop = true;
		}
		if (!drop && o->sev_mask && !(o->sev_mask & (1u << r->sev))) {
			n->severity++;
			drop = true;
		}
		if (drop) {
			struct vuln_result one = { .v = r, .n = 1 };
			vuln_result_free_rows(&one);
		} else {
			res->v[w++] = *r;
		}
	}
	res->n = w;
}

/* ---- writers ---------------------------------------------------------------- */

static json_t *str_or_null(const char *s)
{
	return s ? rpt_json_str(s) : json_null();
}

static json_t *aliases_json(const struct vuln_row *r)
{
	json_t *a = json_array();
	for (size_t i = 0; i < r->naliases; i++)
		json_array_append_new(a, rpt_json_str(r->aliases[i]));
	return a;
}

static json_t *score_json(const struct vuln_row *r)
{
	return r->score >= 0 ? json_real((double)(long)(r->score * 10 + 0.5) / 10)
			     : json_null();
}

/* What the run could not check (struct vuln_coverage), for the JSON
 * summary and the SARIF run's properties. */
static json_t *not_checked_json(const struct vuln_coverage *cov)
{
	json_t *ecos = json_array();
	const char *p = cov->missing;
	while (*p) {
		size_t n = strcspn(p, ",");
		json_array_append_new(ecos, json_stringn(p, n));
		p += n;
		while (*p == ',' || *p == ' ')
			p++;
	}
	return json_pack("{s:b,s:I,s:o,s:I}", "empty_database", cov->empty,
		"no_records_packages", (json_int_t)cov->no_records,
		"ecosystems_without_records", ecos,
		"unknown_release_packages", (json_int_t)cov->unknown_release);
}

static int write_json(FILE *out, const struct pkgs_run *pr,
		      const struct vuln_result *res, const struct counts *n,
		      const char *db, const struct vuln_coverage *cov,
		      const struct vopts *o)
{
	json_t *root = json_object(), *arr = json_array();
	size_t per[VULN_SEV__N] = { 0 };
	for (size_t i = 0; i < res->n; i++) {
		const struct vuln_row *r = &res->v[i];
		const struct sbom_pkg *p = &pr->pkgs.v[r->pkg];
		per[r->sev]++;
		json_t *pk = json_pack("{s:o,s:o,s:s,s:o,s:o,s:o}",
			"name", rpt_json_str(p->name), "version", rpt_json_str(p->version),
			"ecosystem", sbom_eco_name(p->eco), "purl", str_or_null(p->purl),
			"path", str_or_null(p->path), "layer", str_or_null(p->layer));
		json_t *v = json_pack("{s:o,s:o,s:o,s:s,s:o,s:o,s:o}",
			"id", rpt_json_str(r->id), "aliases", aliases_json(r),
			"summary", str_or_null(r->summary), "severity", vuln_sev_name(r->sev),
			"cvss_score", score_json(r), "fixed_version", str_or_null(r->fixed),
			"package", pk);
		if (o->policy_max >= 0)
			json_object_set_new(v, "over_policy",
					    json_boolean(over_policy(o, r)));
		json_array_append_new(arr, v);
	}
	json_t *bysev = json_object();
	for (int s = VULN_SEV_CRITICAL; s >= 0; s--)
		json_object_set_new(bysev, vuln_sev_name((enum vuln_sev)s),
				    json_integer((json_int_t)per[s]));
	json_t *sum = json_pack("{s:I,s:I,s:I,s:o,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:o,s:I}",
		"packages", (json_int_t)pr->pkgs.n,
		"packages_looked_up", (json_int_t)res->looked_up,
		"vulnerabilities", (json_int_t)res->n,
		"by_severity", bysev,
		"unjudged", (json_int_t)res->unjudged,
		"withdrawn_skipped", (json_int_t)res->withdrawn,
		"ignored", (json_int_t)n->ignored,
		"ignore_expired", (json_int_t)n->expired,
		"vex_suppressed", (json_int_t)n->vex,
		"unfixed_left_out", (json_int_t)n->unfixed,
		"severity_left_out", (json_int_t)n->severity,
		"database", rpt_json_str(db),
		"errors", (json_int_t)pr->errors);
	json_object_set_new(sum, "not_checked", not_checked_json(cov));
	if (o->policy_max >= 0) {
		/* the configuration's gate, and what it found over it */
		json_object_set_new(sum, "policy", json_pack("{s:o,s:s,s:I}",
			"config", rpt_json_str(o->config_used ? o->config_used : ""),
			"max_severity", bh_severity_name((enum bh_severity)o->policy_max),
			"over", (json_int_t)n->over_policy));
	}
	json_object_set_new(root, "vulnerabilities", arr);
	json_object_set_new(root, "summary", sum);
	int rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_REAL_PRECISION(3));
	fputc('\n', out);
	json_decref(root);
	return rc;
}

static void write_text(FILE *out, const struct pkgs_run *pr,
		       const struct vuln_result *res, const struct counts *n,
		       const struct vuln_coverage *cov, const struct vopts *o)
{
	int w[5] = { 2, 8, 7, 7, 8 };
	size_t per[VULN_SEV__N] = { 0 };
	for (size_t i = 0; i < res->n; i++) {
		const struct vuln_row *r = &res->v[i];
		const struct sbom_pkg *p = &pr->pkgs.v[r->pkg];
		int a = (int)strlen(r->id), b = (int)strlen(p->name),
		    c = (int)strlen(p->version),
		    f = r->fixed ? (int)strlen(r->fixed) : 0;
		if (a > w[0] && a <= 40) w[0] = a;
		if (b > w[2] && b <= 40) w[2] = b;
		if (c > w[3] && c <= 30) w[3] = c;
		if (f > w[4] && f <= 30) w[4] = f;
	}
	if (res->n) {
		pkgs_cell(out, "ID", w[0]);
		pkgs_cell(out, "SEVERITY", w[1]);
		pkgs_cell(out, "PACKAGE", w[2]);
		pkgs_cell(out, "VERSION", w[3]);
		pkgs_cell(out, "FIXED IN", w[4]);
		fputs("PATH\n", out);
	}
	for (size_t i = 0; i < res->n; i++) {
		const struct vuln_row *r = &res->v[i];
		const struct sbom_pkg *p = &pr->pkgs.v[r->pkg];
		per[r->sev]++;
		pkgs_cell(out, r->id, w[0]);
		pkgs_cell(out, vuln_sev_name(r->sev), w[1]);
		pkgs_cell(out, p->name, w[2]);
		pkgs_cell(out, p->version, w[3]);
		pkgs_cell(out, r->fixed ? r->fixed : "(none)", w[4]);
		pkgs_cell(out, p->path, 0);
		fputc('\n', out);
	}
	fprintf(out, "%zu vulnerabilit%s (critical %zu, high %zu, medium %zu, "
		"low %zu, unknown %zu) in %zu package%s\n", res->n,
		res->n == 1 ? "y" : "ies", per[VULN_SEV_CRITICAL], per[VULN_SEV_HIGH],
		per[VULN_SEV_MEDIUM], per[VULN_SEV_LOW], per[VULN_SEV_UNKNOWN],
		pr->pkgs.n, pr->pkgs.n == 1 ? "" : "s");
	if (res->unjudged)
		fprintf(out, "%zu package/advisory pair%s not judged: the version "
			"is not one the ecosystem's order accepts\n", res->unjudged,
			res->unjudged == 1 ? "" : "s");
	if (cov->empty)
		fprintf(out, "no package checked: the database holds no records\n");
	if (cov->no_records)
		fprintf(out, "%zu package%s of ecosystems with no records in the "
			"database not checked: %s\n", cov->no_records,
			cov->no_records == 1 ? "" : "s", cov->missing);
	if (cov->unknown_release)
		fprintf(out, "%zu OS package%s not judged: the distribution "
			"release is unknown (--distro NAME:VERSION names it)\n",
			cov->unknown_release, cov->unknown_release == 1 ? "" : "s");
	if (n->ignored)
		fprintf(out, "%zu ignored by the ignore file\n", n->ignored);
	if (n->vex)
		fprintf(out, "%zu suppressed by VEX statements\n", n->vex);
	if (n->unfixed)
		fprintf(out, "%zu without a fix left out (--ignore-unfixed)\n", n->unfixed);
	if (n->severity)
		fprintf(out, "%zu left out by --severity\n", n->severity);
	if (o->policy_max >= 0)
		fprintf(out, "%zu over the policy's max-severity %s (%s)%s\n",
			n->over_policy,
			bh_severity_name((enum bh_severity)o->policy_max),
			o->config_used ? o->config_used : "",
			o->threshold_set ? "; --threshold decides the exit code"
					 : ", the limit that fails the run");
}

static double sev_score(const struct vuln_row *r)
{
	static const double by[VULN_SEV__N] = { 0.0, 2.0, 5.5, 8.0, 9.5 };
	return r->score >= 0 ? r->score : by[r->sev];
}

static uint64_t fnv(const char *s, uint64_t h)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

/* The file a package was read from, as a SARIF location: an image's
 * packages point at the image (their path is inside it). */
static const char *pkg_uri(const struct pkgs_run *pr, const struct sbom_pkg *p,
			   const char *first)
{
	if (pr->kind == SBOM_DOC_IMAGE || (p->path && p->path[0] == '/' && p->layer))
		return first;
	return p->path ? p->path : first;
}

/* One vulnerability's message into msg, and the file it is located at
 * (pkg_uri(), without a leading "./"): at an image, the database inside
 * it is named in the message (and in *in, when "in" is not NULL), so
 * two copies of one package tell apart.
 * The SARIF and the findings-based writers say the same. */
static const char *vuln_located(const struct pkgs_run *pr,
				const struct sbom_pkg *p,
				const struct vuln_row *r, const char *first,
				char *msg, size_t size, const char **in)
{
	const char *path = pkg_uri(pr, p, first);
	const char *inside = path != p->path && p->path ? p->path : NULL;
	if (in)
		*in = inside;
	snprintf(msg, size, "%s (%s): %s %s%s%s%s is affected%s%s.",
		 r->id, vuln_sev_name(r->sev), p->name, p->version,
		 inside ? " (" : "", inside ? inside : "", inside ? ")" : "",
		 r->fixed ? "; fixed in " : "; no fix yet",
		 r->fixed ? r->fixed : "");
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	return path;
}

/* A path as a URI reference: bytes outside RFC 3986's unreserved
 * characters and '/' percent-encoded; an absolute path as a file URI. */
static void uri_of(const char *path, bool abs, char *out, size_t size)
{
	size_t o = 0;
	if (abs)
		o = (size_t)snprintf(out, size, "file://");
	for (const unsigned char *c = (const unsigned char *)path; *c && o + 4 < size; c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= '0' && *c <= '9') || strchr("-._~/", *c))
			out[o++] = (char)*c;
		else
			o += (size_t)snprintf(out + o, size - o, "%%%02X", *c);
	}
	out[o] = 0;
}

static int write_sarif(FILE *out, const struct pkgs_run *pr,
		       const struct vuln_result *res, const char *first,
		       const struct vuln_coverage *cov, const struct vopts *o)
{
	json_t *rules = json_array(), *results = json_array();
	json_t *index = json_object();
	for (size_t i = 0; i < res->n; i++) {
		const struct vuln_row *r = &res->v[i];
		const struct sbom_pkg *p = &pr->pkgs.v[r->pkg];
		json_t *ix = json_object_get(index, r->id);
		size_t k;
		char sc[16], url[600];
		snprintf(sc, sizeof(sc), "%.1f", sev_score(r));
		snprintf(url, sizeof(url), "https://osv.dev/vulnerability/%s", r->id);
		if (ix) {
			k = (size_t)json_integer_value(ix);
		} else {
			k = json_array_size(rules);
			json_object_set_new(index, r->id, json_integer((json_int_t)k));
			const char *text = r->summary ? r->summary : r->id;
			json_t *tags = json_pack("[s]", "security");
			json_array_append_new(rules, json_pack(
				"{s:o,s:o,s:{s:o},s:{s:o},s:{s:o},s:s,s:{s:s,s:o}}",
				"id", rpt_json_str(r->id), "name", rpt_json_str(r->id),
				"shortDescription", "text", rpt_json_str(text),
				"fullDescription", "text", rpt_json_str(text),
				"help", "text", rpt_json_str(url),
				"helpUri", url,
				"properties", "security-severity", sc, "tags", tags));
		}
		char msg[2048];
		const char *path = vuln_located(pr, p, r, first, msg,
						sizeof(msg), NULL);
		bool abs = path[0] == '/';
		char uri[4400];
		uri_of(path, abs, uri, sizeof(uri));
		char fp[40];
		snprintf(fp, sizeof(fp), "%016llx:1",
			 (unsigned long long)fnv(p->purl ? p->purl : p->name,
						 fnv(r->id, 1469598103934665603ull)));
		/* with a gate (--threshold, max-severity): error when the
		 * result fails the run, note when it does not */
		const char *level = gated(o) ? (fails_run(o, r) ? "error" : "note")
				  : r->sev >= VULN_SEV_HIGH ? "error"
				  : r->sev == VULN_SEV_MEDIUM ? "warning" : "note";
		json_t *loc = json_pack("{s:{s:{s:o},s:{s:i}}}", "physicalLocation",
			"artifactLocation", "uri", rpt_json_str(uri),
			"region", "startLine", 1);
		if (!abs)
			json_object_set_new(json_object_get(json_object_get(loc,
				"physicalLocation"), "artifactLocation"), "uriBaseId",
				json_string("%SRCROOT%"));
		json_t *res1 = json_pack("{s:o,s:I,s:s,s:{s:o},s:[o],s:{s:s}}",
			"ruleId", rpt_json_str(r->id), "ruleIndex", (json_int_t)k,
			"level", level, "message", "text", rpt_json_str(msg),
			"locations", loc, "partialFingerprints",
			"primaryLocationLineHash", fp);
		json_t *props = json_pack("{s:o,s:o,s:o}", "purl", str_or_null(p->purl),
					  "fixedVersion", str_or_null(r->fixed),
					  "aliases", aliases_json(r));
		if (p->layer)
			json_object_set_new(props, "layer", rpt_json_str(p->layer));
		if (p->path)
			json_object_set_new(props, "packageDatabase", rpt_json_str(p->path));
		if (gated(o))
			json_object_set_new(props, "failsRun",
					    json_boolean(fails_run(o, r)));
		if (o->policy_max >= 0)
			json_object_set_new(props, "overPolicy",
					    json_boolean(over_policy(o, r)));
		json_object_set_new(res1, "properties", props);
		json_array_append_new(results, res1);
	}
	json_decref(index);
	char cwd[4096], base[4200];
	json_t *run = json_pack("{s:{s:{s:s,s:s,s:s,s:o}},s:o}",
		"tool", "driver", "name", "bulkhead", "version", BH_VERSION,
		"informationUri", "https://github.com/bulkhead/bulkhead",
		"rules", rules, "results", results);
	json_object_set_new(run, "properties",
			    json_pack("{s:o}", "notChecked", not_checked_json(cov)));
	if (getcwd(cwd, sizeof(cwd))) {
		snprintf(base, sizeof(base), "file://%s/", strcmp(cwd, "/") ? cwd : "");
		json_object_set_new(run, "originalUriBaseIds",
				    json_pack("{s:{s:s}}", "%SRCROOT%", "uri", base));
	}
	json_t *root = json_pack("{s:s,s:s,s:[o]}", "version", "2.1.0",
		"$schema", "https://json.schemastore.org/sarif-2.1.0.json", "runs", run);
	int rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_REAL_PRECISION(3));
	fputc('\n', out);
	json_decref(root);
	return rc;
}

/* junit, checkstyle, gitlab, sonarqube, html: the vulnerabilities as
 * findings, written by the report layer (cli_write_report: masked, then
 * the writer; -o replaced atomically).  One finding per package and
 * vulnerability, at the file SARIF names (pkg_uri), with no line; its
 * rule a row made for the vulnerability id: the summary as title and
 * why, the advisory's severity (UNKNOWN as info, as BH4021 maps it),
 * practice vulnerability-scan; the finding's fix names the fixed
 * version.  Rows and messages live until the report is written. */
static int write_findings(const char *format, const char *output,
			  const struct pkgs_run *pr, const struct vuln_result *res,
			  const char *first, int npaths,
			  const struct vuln_coverage *cov, const struct vopts *vo)
{
	static const enum bh_severity sev[VULN_SEV__N] = {
		[VULN_SEV_UNKNOWN] = BH_SEV_INFO, [VULN_SEV_LOW] = BH_SEV_LOW,
		[VULN_SEV_MEDIUM] = BH_SEV_MEDIUM, [VULN_SEV_HIGH] = BH_SEV_HIGH,
		[VULN_SEV_CRITICAL] = BH_SEV_CRITICAL,
	};
	struct bh_rule *rows = calloc(res->n + 1, sizeof(*rows));
	char **texts = calloc(res->n + 1, sizeof(*texts));
	struct bh_findings fs = { 0 };
	int rc = rows && texts ? 0 : BH_ENOMEM;
	for (size_t i = 0; !rc && i < res->n; i++) {
		const struct vuln_row *r = &res->v[i];
		const struct sbom_pkg *p = &pr->pkgs.v[r->pkg];
		char fix[1400], msg[2048], url[600];
		snprintf(url, sizeof(url), "https://osv.dev/vulnerability/%s", r->id);
		/* the row's fix: how, and where the advisory is */
		snprintf(fix, sizeof(fix), "Upgrade the package to a version the "
			 "advisory names as fixed (%s).", url);
		texts[i] = strdup(fix);
		rows[i] = (struct bh_rule){
			.id = r->id, .severity = sev[r->sev],
			.practice = "vulnerability-scan", .target = BH_TARGET_IMAGE,
			.title = r->summary && *r->summary ? r->summary : r->id,
			.why = r->summary && *r->summary ? r->summary : r->id,
			.fix = texts[i],
		};
		if (r->fixed)
			snprintf(fix, sizeof(fix), "Upgrade %s to %s or later (%s).",
				 p->name, r->fixed, url);
		else
			snprintf(fix, sizeof(fix), "No fixed version of %s yet; "
				 "accept it in the ignore file with a reason, or "
				 "remove the package (%s).", p->name, url);
		const char *inside = NULL;
		const char *path = vuln_located(pr, p, r, first, msg,
						sizeof(msg), &inside);
		/* no line, so no excerpt is shown; the package names the
		 * finding in its fingerprint (GitLab's, rpt_finding_hash), as
		 * its purl does in the SARIF output's */
		char ident[1400];
		snprintf(ident, sizeof(ident), "%s %s", p->purl ? p->purl : p->name,
			 inside ? inside : "");
		struct bh_finding f = {
			.rule = &rows[i], .severity = sev[r->sev],
			.file = (char *)path, .message = msg, .fix = fix,
			.layer_digest = (char *)p->layer, .snippet = ident,
			/* with a gate, what does not fail the run is marked */
			.flags = !gated(vo) ? 0 : fails_run(vo, r)
				 ? BH_FINDING_FAILS : BH_FINDING_PASSES,
		};
		rc = texts[i] ? bh_findings_add(&fs, &f) : BH_ENOMEM;
	}
	/* what was not checked, as the text report says it */
	char note[1200] = "";
	size_t o = 0;
	if (cov->empty)
		o += (size_t)snprintf(note, sizeof(note), "the database holds no "
				      "records: no package was checked.");
	if (cov->no_records && o < sizeof(note))
		o += (size_t)snprintf(note + o, sizeof(note) - o, "%s%zu package%s "
				      "not checked: no records for %s.", o ? " " : "",
				      cov->no_records, cov->no_records == 1 ? "" : "s",
				      cov->missing);
	if (cov->unknown_release && o < sizeof(note))
		snprintf(note + o, sizeof(note) - o, "%s%zu OS package%s of an "
			 "unknown distribution release: only advisories naming "
			 "no release were checked.", o ? " " : "",
			 cov->unknown_release, cov->unknown_release == 1 ? "" : "s");
	if (!rc) {
		struct rpt_run run = {
			.findings = &fs, .files_scanned = pr->scanned,
			/* the subject when there is one PATH (an image's tag) */
			.command = "vuln",
			.target = npaths == 1 ? (pr->name ? pr->name : first) : NULL,
			.note = note[0] ? note : NULL,
		};
		rc = cli_write_report(format, output, &run) ? BH_EIO : 0;
	} else {
		fprintf(stderr, "bulkhead: out of memory\n");
	}
	bh_findings_free(&fs);
	for (size_t i = 0; texts && i < res->n; i++)
		free(texts[i]);
	free(texts);
	free(rows);
	return rc;
}

/* The SBOM document of sbom_write_cdx, with its vulnerabilities. */
static int write_cdx(FILE *out, struct pkgs_run *pr, const struct vuln_result *res,
		     const char *ts)
{
	char uuid[37];
	struct sbom_doc_meta m;
	if (pkgs_doc_meta(pr, uuid, ts, &m))
		return -1;
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	if (!mem)
		return -1;
	int rc = sbom_write_cdx(mem, &pr->pkgs, &m);
	if (fclose(mem) || rc) {
		free(buf);
		return -1;
	}
	json_error_t e;
	json_t *root = json_loadb(buf, len, 0, &e);
	free(buf);
	if (!root)
		return -1;
	/* the components' bom-refs, as sbom_write_cdx gave them */
	char **brefs = sbom_bom_refs(&pr->pkgs);
	if (!brefs) {
		json_decref(root);
		return -1;
	}
	json_t *vulns = json_array();
	for (size_t i = 0; i < res->n; i++) {
		const struct vuln_row *r = &res->v[i];
		const char *ref = r->pkg < pr->pkgs.n ? brefs[r->pkg] : NULL;
		char url[600], sev[16];
		snprintf(url, sizeof(url), "https://osv.dev/vulnerability/%s", r->id);
		snprintf(sev, sizeof(sev), "%s", vuln_sev_name(r->sev));
		for (char *c = sev; *c; c++)
			*c = (char)(*c - 'A' + 'a');
		json_t *rating = json_pack("{s:s}", "severity", sev);
		if (r->score >= 0)
			json_object_set_new(rating, "score", score_json(r));
		json_t *v = json_pack("{s:o,s:{s:s,s:s},s:[o],s:[{s:o}]}",
			"id", rpt_json_str(r->id), "source", "name", "OSV", "url", url,
			"ratings", rating, "affects", "ref", rpt_json_str(ref ? ref : ""));
		if (r->summary)
			json_object_set_new(v, "description", rpt_json_str(r->summary));
		if (r->fixed) {
			char rec[600];
			snprintf(rec, sizeof(rec), "Upgrade to %s or later.", r->fixed);
			json_object_set_new(v, "recommendation", rpt_json_str(rec));
		}
		if (r->naliases) {
			json_t *refs = json_array();
			for (size_t j = 0; j < r->naliases; j++) {
				char u[600];
				snprintf(u, sizeof(u), "https://osv.dev/vulnerability/%s",
					 r->aliases[j]);
				json_array_append_new(refs, json_pack("{s:o,s:{s:s,s:s}}",
					"id", rpt_json_str(r->aliases[j]), "source",
					"name", "OSV", "url", u));
			}
			json_object_set_new(v, "references", refs);
		}
		json_array_append_new(vulns, v);
	}
	sbom_bom_refs_free(brefs, pr->pkgs.n);
	json_object_set_new(root, "vulnerabilities", vulns);
	rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_REAL_PRECISION(3));
	fputc('\n', out);
	json_decref(root);
	return rc;
}

/* ---- the command ------------------------------------------------------------- */

/* Reads a whole small file; 0, or an error line printed and counted. */
static int slurp(struct pkgs_run *pr, const char *path, size_t max, char **buf,
		 size_t *len)
{
	struct diag d;
	diag_init(&d, path);
	if (io_read_file(path, max, buf, len, &d) != 0) {
		char msg[1200];
		diag_format(&d, msg, sizeof(msg));
		pkgs_error(pr, "%s", msg);
		return -1;
	}
	return 0;
}

int cmd_vuln(int argc, char **argv)
{
	struct vopts o = { .format = "text", .exit_code = 1,
			   .threshold = VULN_SEV_UNKNOWN, .policy_max = -1 };
	int rc = parse(argc, argv, &o);
	if (rc >= 0)
		return rc;
	{
		/* .bulkhead.yaml as scan and image find it (--config, else
		 * the current directory's): its policy.max-severity, the
		 * gate `bulkhead image` applies as BH6004; a bad file stops
		 * the run before anything is read */
		struct bh_config cfg;
		bh_config_init(&cfg);
		const char *used = NULL;
		rc = cli_config_file(o.config, &cfg, &used);
		if (rc < 0 && cfg.policy.has_max_severity) {
			o.policy_max = (int)cfg.policy.max_severity;
			o.config_used = used; /* argv's or a literal */
		}
		bh_config_free(&cfg);
		if (rc >= 0)
			return rc;
	}
	{
		size_t n = (size_t)(argc - optind);
		const char **in = calloc(n + 4, sizeof(*in));
		if (!in) {
			fprintf(stderr, "bulkhead: out of memory\n");
			return 2;
		}
		for (size_t i = 0; i < n; i++)
			in[i] = argv[optind + (int)i];
		in[n] = o.db;
		in[n + 1] = o.vex;
		in[n + 2] = o.ignorefile;
		in[n + 3] = o.config;
		rc = cli_output_is_input("vuln", o.output, in, n + 4);
		free(in);
		if (rc >= 0)
			return rc;
	}
	char dbp[4200];
	if (!o.db) {
		if (vuln_db_default_path(dbp, sizeof(dbp))) {
			fprintf(stderr, "bulkhead: no vulnerability database path: "
				"neither XDG_CACHE_HOME nor HOME is set (use --db)\n");
			return 2;
		}
		o.db = dbp;
	}
	if (!vuln_db_exists(o.db)) {
		char esc[4400];
		diag_escape(esc, sizeof(esc), o.db);
		fprintf(stderr, "bulkhead: no vulnerability database at %s (run "
			"bulkhead db import)\n", esc);
		return 2;
	}
	struct pkgs_run pr = { 0 };
	struct vuln_ignore ig;
	vuln_ignore_init(&ig);
	bool have_ig = false;
	struct vuln_vex *vex = NULL;
	/* the ignore file and VEX first: a bad one stops the run */
	const char *igf = o.ignorefile;
	if (!igf && vuln_db_exists(".bulkhead-vuln.yaml"))
		igf = ".bulkhead-vuln.yaml";
	if (igf) {
		char *buf = NULL;
		size_t len = 0;
		if (slurp(&pr, igf, VULN_IGNORE_MAX_BYTES, &buf, &len) == 0) {
			struct diag d;
			diag_init(&d, igf);
			if (vuln_ignore_load(&ig, igf, buf, len, &d)) {
				char msg[1200];
				diag_format(&d, msg, sizeof(msg));
				pkgs_error(&pr, "%s", msg);
			} else {
				have_ig = true;
			}
			free(buf);
		}
	}
	if (o.vex) {
		char *buf = NULL;
		size_t len = 0;
		if (slurp(&pr, o.vex, VULN_VEX_MAX_BYTES, &buf, &len) == 0) {
			struct diag d;
			diag_init(&d, o.vex);
			if (vuln_vex_load(buf, len, &vex, &d)) {
				char msg[1200];
				diag_format(&d, msg, sizeof(msg));
				pkgs_error(&pr, "%s", msg);
			}
			free(buf);
		}
	}
	/* the CycloneDX document's time: a bad SOURCE_DATE_EPOCH stops the
	 * run before anything is read, as in `sbom` */
	char ts[32] = "";
	if (!strcmp(o.format, "cyclonedx"))
		(void)pkgs_doc_time(&pr, ts);
	if (pr.errors) {
		vuln_ignore_free(&ig);
		vuln_vex_free(vex);
		return 2;
	}
	pr.verify_digests = o.verify_digests;
	pkgs_collect(&pr, argv + optind, argc - optind);
	apply_distro(&pr, &o);
	sbom_list_sort(&pr.pkgs);
	struct vuln_result res = { 0 };
	char err[1200];
	/* a database that cannot be read checked nothing: no report (an
	 * empty one would read as "no vulnerabilities") */
	bool checked = true;
	struct vuln_coverage cov = { 0 };
	if (vuln_run_match(o.db, &pr.pkgs, &res, err, sizeof(err), &cov)) {
		pkgs_error(&pr, "%s (no report written)", err);
		vuln_result_free(&res);
		res = (struct vuln_result){ 0 };
		checked = false;
	}
	struct counts n = { 0 };
	filter(&res, &pr.pkgs, &o, have_ig ? &ig : NULL, vex,
	       pr.name ? pr.name : argv[optind], &n);
	for (size_t i = 0; i < res.n; i++)
		n.over_policy += over_policy(&o, &res.v[i]);
	if (n.vex)
		fprintf(stderr, "bulkhead: %zu vulnerabilit%s suppressed by %s\n",
			n.vex, n.vex == 1 ? "y" : "ies", o.vex);
	FILE *out = checked && !by_writer(o.format) ? stdout : NULL;
	if (checked && by_writer(o.format)) {
		/* the writer says on stderr what went wrong */
		if (write_findings(o.format, o.output, &pr, &res, argv[optind],
				   argc - optind, &cov, &o))
			pr.errors++;
	} else if (out && o.output && !(out = fopen(o.output, "w"))) {
		pkgs_error(&pr, "%s: cannot write: %s", o.output, strerror(errno));
		out = NULL;
	}
	if (out) {
		int wrc;
		if (!strcmp(o.format, "json"))
			wrc = write_json(out, &pr, &res, &n, o.db, &cov, &o);
		else if (!strcmp(o.format, "sarif"))
			wrc = write_sarif(out, &pr, &res, argv[optind], &cov, &o);
		else if (!strcmp(o.format, "cyclonedx"))
			wrc = write_cdx(out, &pr, &res, ts);
		else {
			write_text(out, &pr, &res, &n, &cov, &o);
			wrc = 0;
		}
		if (wrc)
			pkgs_error(&pr, "out of memory writing the %s report", o.format);
		if (out != stdout ? fclose(out) != 0 : fflush(out) != 0)
			pkgs_error(&pr, "%s: cannot write: %s",
				   o.output ? o.output : "standard output", strerror(errno));
	}
	/* what fails the run: --threshold when given, else the policy's
	 * max-severity when the configuration sets one, else any reported
	 * vulnerability (the default threshold) */
	bool over = false;
	for (size_t i = 0; i < res.n; i++)
		over |= fails_run(&o, &res.v[i]);
	rc = pr.errors ? 2 : over ? o.exit_code : 0;
	vuln_result_free(&res);
	vuln_ignore_free(&ig);
	vuln_vex_free(vex);
	pkgs_run_free(&pr);
	return rc;
}
