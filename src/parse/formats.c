/* SPDX-License-Identifier: Apache-2.0
 *
 * formats.c - the table of input formats and how one is chosen.
 *
 * A directory walk picks a format by file name only; a file named on the
 * command line is tried by name first, then by content (the format whose
 * sniff is surest wins).  Adding a format is one line in "formats".
 */
#include "formats.h"

#include <string.h>

extern const struct bh_format bh_format_dockerfile;
extern const struct bh_format bh_format_compose;
extern const struct bh_format bh_format_kubernetes;

static const struct bh_format *const formats[] = {
	&bh_format_dockerfile,
	&bh_format_compose,
	&bh_format_kubernetes,
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
					 const char *text, size_t len)
{
	const struct bh_format *by_name = bh_format_for_name(basename);
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
	return best ? best : by_name;
}
