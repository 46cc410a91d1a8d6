/* SPDX-License-Identifier: Apache-2.0
 *
 * cmd_sbom.c - `bulkhead sbom [options] PATH...`: the installed packages
 * of an image, a root filesystem, a project folder or one package
 * database.
 *
 * The packages are collected by pkgs_collect() (pkgs.h, shared with
 * `bulkhead vuln`): an image per layer, a directory walked (databases
 * by their in-image paths, os-release naming deb and apk
 * distributions), a file as one database; each path that cannot be
 * read or parsed is one "bulkhead: ..." line and exit 2, the other
 * paths are still listed.
 * Output: --format table (default, for people), json
 * ({"packages":[...],"summary":{...}}), cyclonedx (CycloneDX 1.5 JSON)
 * or spdx (SPDX 2.3 JSON) (src/report/sbom_doc.h: the document
 * describes its subject, the first PATH that could be read (pkgs.h);
 * a random UUID, SOURCE_DATE_EPOCH or now as its time: a malformed or
 * too large SOURCE_DATE_EPOCH is an error, exit 2, nothing read), sorted by
 * ecosystem, name, version, path (sbom_list_sort); -o FILE.  An empty
 * PATH or one longer than 4095 bytes is an input error.
 * --attach --key KEY.pem [--form tag|referrer] signs that CycloneDX
 * document into the OCI layout directory PATH as an in-toto attestation
 * (img_att_sign, docs/signing.md); nothing else is written.
 * Tests: tests/cases/cli/sbom-*.case, tests/suites/sbom_oracles.sh,
 * tests/suites/attest.sh (--attach),
 * tests/suites/sbom_formats.sh (the subject, PATH arguments).
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli_common.h"
#include "commands.h"
#include "pkgs.h"
#include "sbom/sbom.h"
#include "sbom/sbom_image.h"
#include "report/sbom_doc.h"
#include "image/img_attest.h"
#include "image/img_sign.h"
#include "util/io.h"

/* A string jansson takes: invalid UTF-8 bytes become '?'. */
static json_t *jstr(const char *s)
{
	if (!s)
		return json_null();
	json_t *j = json_string(s);
	if (j)
		return j;
	char *c = strdup(s);
	if (!c)
		return NULL;
	for (char *p = c; *p; p++)
		if ((unsigned char)*p >= 0x80)
			*p = '?';
	j = json_string(c);
	free(c);
	return j;
}

/* One JSON string as jansson writes it (invalid UTF-8 made valid by
 * jstr), or null. */
static void put_str(FILE *out, const char *s)
{
	json_t *j = jstr(s);
	char *enc = j ? json_dumps(j, JSON_ENCODE_ANY) : NULL;
	fputs(enc ? enc : "null", out);
	free(enc);
	json_decref(j);
}

/* The JSON report, written as it goes (no tree of every package in
 * memory), byte for byte what jansson's JSON_INDENT(2) would print. */
static int write_json(FILE *out, const struct pkgs_run *r)
{
	size_t per[SBOM_ECO__N] = { 0 };
	fputs("{\n  \"packages\": [", out);
	for (size_t i = 0; i < r->pkgs.n; i++) {
		const struct sbom_pkg *p = &r->pkgs.v[i];
		per[p->eco]++;
		fputs(i ? ",\n    {\n      \"name\": " : "\n    {\n      \"name\": ", out);
		put_str(out, p->name);
		fputs(",\n      \"version\": ", out);
		put_str(out, p->version);
		fprintf(out, ",\n      \"ecosystem\": \"%s\",\n      \"purl\": ",
			sbom_eco_name(p->eco));
		put_str(out, p->purl);
		fputs(",\n      \"path\": ", out);
		put_str(out, p->path);
		fputs(",\n      \"layer\": ", out);
		put_str(out, p->layer);
		fputs(",\n      \"licenses\": ", out);
		if (p->licenses) {
			fputs("[\n        ", out);
			put_str(out, p->licenses);
			fputs("\n      ]", out);
		} else {
			fputs("[]", out);
		}
		if (p->src_name) {
			fputs(",\n      \"source\": {\n        \"name\": ", out);
			put_str(out, p->src_name);
			fputs(",\n        \"version\": ", out);
			put_str(out, p->src_version);
			fputs("\n      }", out);
		}
		fputs("\n    }", out);
	}
	fputs(r->pkgs.n ? "\n  ],\n" : "],\n", out);
	fprintf(out, "  \"summary\": {\n    \"packages\": %zu,\n    \"ecosystems\": ",
		r->pkgs.n);
	bool any = false;
	for (int e = 0; e < SBOM_ECO__N; e++) {
		if (!per[e])
			continue;
		fprintf(out, "%s\n      \"%s\": %zu", any ? "," : "{",
			sbom_eco_name((enum sbom_eco)e), per[e]);
		any = true;
	}
	fputs(any ? "\n    },\n" : "{},\n", out);
	fprintf(out, "    \"files_scanned\": %zu,\n    \"errors\": %zu\n  }\n}\n",
		r->scanned, r->errors);
	return ferror(out) ? -1 : 0;
}

static void write_table(FILE *out, const struct pkgs_run *r)
{
	/* columns as wide as their longest cell (Go pseudo-versions are 34
	 * characters, Maven coordinates 60 and more); past 80 a cell is
	 * printed whole and only its own row runs out of line */
	int w[3] = { 4, 7, 9 };
	for (size_t i = 0; i < r->pkgs.n; i++) {
		const struct sbom_pkg *p = &r->pkgs.v[i];
		int a = (int)strnlen(p->name, 81), b = (int)strnlen(p->version, 81);
		if (a > w[0] && a <= 80)
			w[0] = a;
		if (b > w[1] && b <= 80)
			w[1] = b;
	}
	if (r->pkgs.n) {
		pkgs_cell(out, "NAME", w[0]);
		pkgs_cell(out, "VERSION", w[1]);
		pkgs_cell(out, "ECOSYSTEM", w[2]);
		fputs("PATH\n", out);
	}
	for (size_t i = 0; i < r->pkgs.n; i++) {
		const struct sbom_pkg *p = &r->pkgs.v[i];
		pkgs_cell(out, p->name, w[0]);
		pkgs_cell(out, p->version, w[1]);
		pkgs_cell(out, sbom_eco_name(p->eco), w[2]);
		pkgs_cell(out, p->path, 0);
		if (p->layer) {
			fputs(" (layer ", out);
			pkgs_cell(out, p->layer, 0);
			fputc(')', out);
		}
		fputc('\n', out);
	}
	fprintf(out, "%zu package%s from %zu database file%s\n", r->pkgs.n,
		r->pkgs.n == 1 ? "" : "s", r->scanned, r->scanned == 1 ? "" : "s");
}

/* --format cyclonedx / spdx (src/report/sbom_doc.h).  0, or BH_EIO
 * when writing failed (not said yet: the caller names the file). */
static int write_doc(FILE *out, struct pkgs_run *r, const char *format,
		     const char *ts)
{
	char uuid[37];
	struct sbom_doc_meta m;
	if (pkgs_doc_meta(r, uuid, ts, &m)) {
		pkgs_error(r, "no random bytes for the document's UUID");
		return 0;
	}
	int rc = !strcmp(format, "spdx") ? sbom_write_spdx(out, &r->pkgs, &m)
					 : sbom_write_cdx(out, &r->pkgs, &m);
	if (rc == BH_ENOMEM)
		pkgs_error(r, "out of memory writing the %s document", format);
	return rc == BH_EIO ? BH_EIO : 0;
}

struct sbom_opts {
	const char *format, *output, *key;
	bool attach, referrer;
	bool verify_digests;     /* --verify-digests */
};

/* --attach: the CycloneDX document of the image at "dir", signed into
 * its layout as an in-toto attestation (img_att_sign). */
static int sbom_attach(const char *dir, const struct sbom_opts *so)
{
	struct stat st;
	if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "bulkhead: %s: attestations are written into an "
			"OCI layout directory (not a tar, not a symlink)\n", dir);
		return 2;
	}
	struct diag d;
	diag_init(&d, NULL);
	struct img_sig_key *key = NULL;
	char line[1024];
	if (img_sig_key_load(so->key, true, &key, &d) != 0) {
		diag_escape(line, sizeof(line), d.message);
		fprintf(stderr, "bulkhead: %s\n", line);
		return 2;
	}
	struct pkgs_run r = { 0 };
	/* a signed statement about the image: its layers are checked */
	r.verify_digests = true;
	char ts[32] = "";
	if (pkgs_doc_time(&r, ts)) {
		img_sig_key_free(key);
		return 2;
	}
	char *paths[] = { (char *)dir };
	pkgs_collect(&r, paths, 1);
	sbom_list_sort(&r.pkgs);
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	int rc = mem ? write_doc(mem, &r, "cyclonedx", ts) : BH_ENOMEM;
	if (mem && fclose(mem) != 0 && !rc)
		rc = BH_ENOMEM;
	if (rc && !r.errors)
		pkgs_error(&r, "out of memory writing the CycloneDX document");
	int ret = 0;
	if (!r.errors) {
		struct img_att_sign_opts ao = { key, so->referrer, false, NULL, buf,
						len, IMG_ATT_CYCLONEDX };
		char man[72], dg[72];
		if (img_att_sign(dir, &ao, man, dg, &d) != 0) {
			diag_escape(line, sizeof(line), d.message);
			fprintf(stderr, "bulkhead: %s\n", line);
			ret = 2;
		} else {
			printf("attested: %s %s with the %s key: %s attestation %s "
			       "(%s, %zu packages)\n", dir, dg, img_sig_key_kind(key),
			       so->referrer ? "referrer" : "tag", man,
			       IMG_ATT_CYCLONEDX, r.pkgs.n);
		}
	} else {
		ret = 2;
	}
	free(buf);
	img_sig_key_free(key);
	pkgs_run_free(&r);
	return ret;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: bulkhead sbom [options] PATH...\n"
		"  List the installed packages (dpkg, apk, rpm, npm, Python) of an\n"
		"  image (docker-archive or OCI layout, tar or directory; each\n"
		"  package with the layer that installed it), a root filesystem or\n"
		"  project folder (walked; databases found by their in-image\n"
		"  paths) or one package database file.\n\n"
		"options:\n"
		"  --format table|json|cyclonedx|spdx\n"
		"                             output format (default table):\n"
		"                             CycloneDX 1.5 or SPDX 2.3 JSON\n"
		"  -o, --output FILE          write the list to FILE\n"
		"  --attach --key KEY.pem     write the image's CycloneDX SBOM as a signed\n"
		"                             in-toto attestation into the OCI layout\n"
		"                             directory PATH (docs/signing.md)\n"
		"  --form tag|referrer        with --attach: tag sha256-<hex>.att (default)\n"
		"                             or an OCI 1.1 referrer\n"
		"  --verify-digests           hash every image layer and check it\n"
		"                             against its digest and diff_id (not\n"
		"                             done by default, always with --attach:\n"
		"                             docs/decisions.md)\n");
}

enum { OPT_FORMAT = CLI_OPT__END, OPT_OUTPUT, OPT_ATTACH, OPT_KEY, OPT_FORM, OPT_VERIFY };

static const struct option sbom_own[] = {
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "output", required_argument, NULL, OPT_OUTPUT },
	{ "attach", no_argument, NULL, OPT_ATTACH },
	{ "key", required_argument, NULL, OPT_KEY },
	{ "form", required_argument, NULL, OPT_FORM },
	{ "verify-digests", no_argument, NULL, OPT_VERIFY },
	{ NULL, 0, NULL, 0 },
};


static int sbom_option(void *ud, int c, const char *arg)
{
	struct sbom_opts *o = ud;
	if (c == OPT_FORMAT) {
		if (strcmp(arg, "json") && strcmp(arg, "table") &&
		    strcmp(arg, "cyclonedx") && strcmp(arg, "spdx"))
			return cli_usage_error("sbom", "unknown format '%s' "
					       "(table, json, cyclonedx or spdx)", arg);
		o->format = arg;
		return -1;
	}
	if (c == OPT_OUTPUT || c == 'o') {
		o->output = arg;
		return -1;
	}
	if (c == OPT_ATTACH) {
		o->attach = true;
		return -1;
	}
	if (c == OPT_VERIFY) {
		o->verify_digests = true;
		return -1;
	}
	if (c == OPT_KEY) {
		o->key = arg;
		return -1;
	}
	if (c == OPT_FORM) {
		if (strcmp(arg, "tag") && strcmp(arg, "referrer"))
			return cli_usage_error("sbom", "--form wants tag or referrer, "
					       "got '%s'", arg);
		o->referrer = !strcmp(arg, "referrer");
		return -1;
	}
	return cli_usage_error("sbom", "unknown option '%s'", arg);
}

int cmd_sbom(int argc, char **argv)
{
	struct cli_opts o;
	cli_opts_init(&o, "sbom", 0, sbom_own, "o:");
	struct sbom_opts so = { "table", NULL, NULL, false, false, false };
	int rc = cli_parse(&o, argc, argv, sbom_option, &so, usage);
	/* -o is a common option: cli_parse keeps it in o.output (it points
	 * into argv, so it outlives o) */
	if (!so.output && o.output)
		so.output = o.output;
	if (rc < 0 && optind >= argc)
		rc = cli_usage_error("sbom", "no PATH given%s", "");
	if (rc < 0)
		rc = cli_output_is_input("sbom", so.output,
					 (const char *const *)argv + optind,
					 (size_t)(argc - optind));
	if (rc < 0 && so.attach && !so.key)
		rc = cli_usage_error("sbom", "--attach needs --key KEY.pem%s", "");
	if (rc < 0 && so.attach && argc - optind != 1)
		rc = cli_usage_error("sbom", "--attach takes one OCI layout "
				     "directory%s", "");
	if (rc < 0 && !so.attach && so.key)
		rc = cli_usage_error("sbom", "--key goes with --attach%s", "");
	if (rc < 0 && so.attach && (so.output || strcmp(so.format, "table")))
		rc = cli_usage_error("sbom", "--attach writes into the layout: no "
				     "--format or -o%s", "");
	cli_opts_free(&o);
	if (rc >= 0)
		return rc;
	if (so.attach)
		return sbom_attach(argv[optind], &so);
	struct pkgs_run r = { 0 };
	/* the documents' time: a SOURCE_DATE_EPOCH that is no time is said
	 * before anything is read */
	char ts[32] = "";
	if ((!strcmp(so.format, "cyclonedx") || !strcmp(so.format, "spdx")) &&
	    pkgs_doc_time(&r, ts))
		return 2;
	r.verify_digests = so.verify_digests;
	pkgs_collect(&r, argv + optind, argc - optind);
	sbom_list_sort(&r.pkgs);
	FILE *out = stdout;
	if (so.output && !(out = fopen(so.output, "w"))) {
		pkgs_error(&r, "%s: cannot write: %s", so.output, strerror(errno));
		goto done;
	}
	int wrc = 0;
	if (!strcmp(so.format, "json"))
		write_json(out, &r);
	else if (!strcmp(so.format, "cyclonedx") || !strcmp(so.format, "spdx"))
		wrc = write_doc(out, &r, so.format, ts);
	else
		write_table(out, &r);
	/* one line for a failed write, however many calls saw it fail */
	int err = errno;
	if (!wrc && fflush(out) != 0)
		wrc = BH_EIO, err = errno;
	if (!wrc && ferror(out))
		wrc = BH_EIO, err = EIO;
	if (out != stdout && fclose(out) != 0 && !wrc)
		wrc = BH_EIO, err = errno;
	if (wrc)
		pkgs_error(&r, "%s: cannot write: %s",
			   so.output ? so.output : "standard output", strerror(err));
done:;
	size_t errors = r.errors;
	pkgs_run_free(&r);
	return errors ? 2 : 0;
}
