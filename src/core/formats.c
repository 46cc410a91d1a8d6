/* SPDX-License-Identifier: Apache-2.0
 *
 * formats.c - the table of input formats and how one is chosen.
 *
 * A directory walk picks a format by file name, then by the first
 * BH_SNIFF_BYTES of the file: a claimed name stands unless the format
 * refuses the content, other candidate names go to the format whose sniff
 * is surest; a file named on the command line is tried by name first,
 * then by content.  Adding a format is one line in "formats".
 * Tests: tests/cases/cli/walk-*.case, tests/suites/paths.sh.
 */
#include "formats.h"
#include "../util/text.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

extern const struct bh_format bh_format_dockerfile;
extern const struct bh_format bh_format_compose;
extern const struct bh_format bh_format_kubernetes;
/* reached by name only (--kind, bulkhead inspect / daemon): scan_rt.h */
extern const struct bh_format bh_format_inspect;
extern const struct bh_format bh_format_daemon;

static const struct bh_format *const formats[] = {
	&bh_format_dockerfile,
	&bh_format_compose,
	&bh_format_kubernetes,
	&bh_format_inspect,
	&bh_format_daemon,
};

#define NFORMATS (sizeof(formats) / sizeof(formats[0]))

size_t bh_format_count(void)
{
	return NFORMATS;
}

const struct bh_format *bh_format_at(size_t i)
{
	return i < NFORMATS ? formats[i] : NULL;
}

const struct bh_format *bh_format_named(const char *name)
{
	for (size_t i = 0; i < NFORMATS; i++)
		if (strcmp(formats[i]->name, name) == 0)
			return formats[i];
	if (strcmp(name, "k8s") == 0)
		return bh_format_named("kubernetes");
	return NULL;
}

const struct bh_format *bh_format_for_name(const char *basename)
{
	for (size_t i = 0; i < NFORMATS; i++)
		if (formats[i]->match_name && formats[i]->match_name(basename))
			return formats[i];
	return NULL;
}

const struct bh_format *bh_format_detect(const char *basename,
					 const char *text, size_t len,
					 char *why, size_t n)
{
	const struct bh_format *by_name = bh_format_for_name(basename);
	if (n)
		why[0] = 0;
	/* The name decides unless the content says it is something else: a
	 * Compose file called stack.yml is not a Kubernetes manifest. */
	if (by_name && (!by_name->sniff || by_name->sniff(text, len) > 0))
		return by_name;
	const struct bh_format *best = NULL;
	int best_score = 0;
	for (size_t i = 0; i < NFORMATS; i++) {
		int s = formats[i]->sniff ? formats[i]->sniff(text, len) : 0;
		if (s > best_score) {
			best_score = s;
			best = formats[i];
		}
	}
	if (best)
		return best;
	/* Dockerfile.j2: named like a Dockerfile, but a template */
	char detail[160] = "";
	const char *no = by_name && by_name->refuse
				 ? by_name->refuse(text, len, detail,
						   sizeof(detail))
				 : NULL;
	if (no && n)
		snprintf(why, n, "%s%s%s", no, detail[0] ? ": " : "", detail);
	return no ? NULL : by_name;
}

static enum bh_walk_name walk_name_of(const struct bh_format *f,
				      const char *base)
{
	return f->walk_name ? f->walk_name(base) : BH_WALK_NO;
}

int bh_format_walk_name(const char *basename, const char **reason)
{
	bool sniff = false, never = false;
	for (size_t i = 0; i < NFORMATS; i++) {
		enum bh_walk_name w = walk_name_of(formats[i], basename);
		if (w == BH_WALK_CLAIM)
			return 1;
		sniff = sniff || w == BH_WALK_SNIFF;
		never = never || w == BH_WALK_NEVER;
	}
	if (never) {
		*reason = BH_SKIP_TOOL_CONFIG;
		return -1;
	}
	return sniff ? 1 : 0;
}

const struct bh_format *bh_format_walk_pick(const char *basename,
					    const char *head, size_t len,
					    const char **reason, char *why,
					    size_t n)
{
	if (n)
		why[0] = 0;
	for (size_t i = 0; i < NFORMATS; i++) {
		const struct bh_format *f = formats[i];
		if (walk_name_of(f, basename) != BH_WALK_CLAIM)
			continue;
		const char *no = f->refuse ? f->refuse(head, len, why, n) : NULL;
		if (!no)
			return f;
		*reason = no;
		return NULL;
	}
	const struct bh_format *best = NULL;
	int best_score = 0;
	for (size_t i = 0; i < NFORMATS; i++) {
		const struct bh_format *f = formats[i];
		if (walk_name_of(f, basename) != BH_WALK_SNIFF || !f->sniff)
			continue;
		int s = f->sniff(head, len);
		if (s > best_score) {
			best_score = s;
			best = f;
		}
	}
	if (best)
		return best;
	*reason = txt_ends_ci(basename, ".json") ? BH_SKIP_OTHER_JSON
					       : BH_SKIP_OTHER_YAML;
	return NULL;
}
