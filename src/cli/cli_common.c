/* SPDX-License-Identifier: Apache-2.0
 *
 * cli_common.c - option handling and report writing shared by `bulkhead
 * scan` (cmd_scan.c) and `bulkhead image` (cmd_image.c).
 *
 * This file owns what those two subcommands did identically: the usage
 * error line, --severity lists, adding --ignore/--enable rule ids (ours or
 * a peer's), severity filtering, the threshold test and writing the report
 * to stdout or -o FILE, after the report step that masks secret values
 * (src/report/mask.h): every finding of a run goes through it there.  A
 * regular file is written beside and renamed into
 * place, so a failed write never leaves a partial report; every failure
 * prints its cause).  Option tables, input handling and config loading
 * stay in each cmd_<name>.c.
 * Tests: tests/cases/cli/, tests/suites/image.sh, tests/suites/paths.sh.
 */
#include "cli_common.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../report/mask.h"
#include "../util/diag.h"
#include "../rules/rule.h"

int cli_usage_error(const char *cmd, const char *fmt, const char *arg)
{
	fprintf(stderr, "bulkhead: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, " (see 'bulkhead %s --help')\n", cmd);
	return 2;
}

int cli_parse_severity_list(const char *list, unsigned *mask)
{
	char buf[256];
	snprintf(buf, sizeof(buf), "%s", list);
	*mask = 0;
	for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		enum bh_severity s;
		if (bh_severity_parse(tok, &s) != 0)
			return -1;
		*mask |= 1u << s;
	}
	return *mask ? 0 : -1;
}

bool cli_add_rule_id(struct bh_strlist *list, const char *id)
{
	if (bh_rule_find(id))
		return bh_strlist_add(list, id) == 0;
	const struct bh_rule *peers[16];
	size_t n = bh_rule_find_peer(id, peers, 16);
	for (size_t i = 0; i < n; i++)
		bh_strlist_add(list, peers[i]->id);
	return n > 0;
}

static bool severity_wanted(const struct bh_finding *f, void *ctx)
{
	return *(const unsigned *)ctx & (1u << f->severity);
}

void cli_filter_severity(struct bh_findings *f, unsigned mask)
{
	if (mask)
		bh_findings_keep(f, 0, severity_wanted, &mask);
}

bool cli_fails(const struct bh_findings *f, enum bh_severity threshold)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->v[i].severity >= threshold)
			return true;
	return false;
}

/* "bulkhead: <where>: cannot write the report: <cause>" */
static int write_failed(const char *where, int rc, int err)
{
	char shown[1024];
	diag_escape(shown, sizeof(shown), where);
	fprintf(stderr, "bulkhead: %s: cannot write the report: %s\n", shown,
		rc == BH_ENOMEM ? "out of memory"
				: strerror(err ? err : EIO));
	return -1;
}

/* Runs the writer on "out" and flushes it; BH_OK, or the writer's code
 * (BH_EIO when the stream failed), with errno's cause in *err. */
static int emit(const struct rpt_writer *w, const struct rpt_run *run,
		FILE *out, int *err)
{
	errno = 0;
	int rc = w->write(run, out);
	*err = errno;
	if (fflush(out) != 0 || ferror(out)) {
		if (!rc || !*err)
			*err = errno;
		if (!rc)
			rc = BH_EIO;
	}
	return rc;
}

/* Writes the report to a new file beside "path" and renames it over
 * "path", so a failed write (a full disk) never leaves a partial report
 * in place of an earlier one.  The file keeps an existing file's mode. */
static int write_replacing(const struct rpt_writer *w,
			   const struct rpt_run *run, const char *shown,
			   const char *path, const struct stat *old)
{
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
	size_t n = strlen(path) + 32;
	char *tmp = malloc(n);
	if (!tmp)
		return write_failed(shown, BH_ENOMEM, 0);
	snprintf(tmp, n, "%.*s.%s.bulkhead-XXXXXX", (int)dirlen, path,
		 path + dirlen);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		int e = errno;
		free(tmp);
		return write_failed(shown, BH_EIO, e);
	}
	mode_t mode;
	if (old) {
		mode = old->st_mode & 07777;
	} else {
		mode_t mask = umask(0);
		umask(mask);
		mode = 0666 & ~mask;
	}
	(void)fchmod(fd, mode);
	FILE *f = fdopen(fd, "w");
	int err = 0, rc;
	if (!f) {
		err = errno;
		close(fd);
		rc = BH_EIO;
	} else {
		rc = emit(w, run, f, &err);
		if (fclose(f) != 0 && !rc) {
			err = errno;
			rc = BH_EIO;
		}
	}
	if (!rc && rename(tmp, path) != 0) {
		err = errno;
		rc = BH_EIO;
	}
	if (rc)
		unlink(tmp);
	free(tmp);
	return rc ? write_failed(shown, rc, err) : 0;
}

int cli_write_report(const char *format, const char *output,
		     const struct rpt_run *run)
{
	const struct rpt_writer *w = rpt_writer_find(format);
	if (!w)
		return -1;
	/* the one masking step: no writer sees a secret value (mask.h) */
	if (rpt_mask_findings(run->findings) != 0) {
		fprintf(stderr, "bulkhead: out of memory\n");
		return -1;
	}
	int err = 0, rc;
	if (!output) {
		rc = emit(w, run, stdout, &err);
		return rc ? write_failed("standard output", rc, err) : 0;
	}
	struct stat st;
	bool exists = stat(output, &st) == 0;
	if (!exists || S_ISREG(st.st_mode)) {
		/* a link to a report: replace the file it points at */
		char *real = exists ? realpath(output, NULL) : NULL;
		rc = write_replacing(w, run, output, real ? real : output,
				     exists ? &st : NULL);
		free(real);
		return rc;
	}
	if (S_ISDIR(st.st_mode))
		return write_failed(output, BH_EIO, EISDIR);
	/* a device or FIFO (/dev/stdout, a pipe): written in place */
	FILE *f = fopen(output, "w");
	if (!f)
		return write_failed(output, BH_EIO, errno);
	rc = emit(w, run, f, &err);
	if (fclose(f) != 0 && !rc) {
		err = errno;
		rc = BH_EIO;
	}
	return rc ? write_failed(output, rc, err) : 0;
}
