/* SPDX-License-Identifier: Apache-2.0
 *
 * kustomize.c - is this manifest a Kustomize patch?  A file that a
 * kustomization in its directory (or the one above) lists under
 * patches, patchesStrategicMerge or patchesJson6902 only states what it
 * changes in a base; src/core/scan_k8s.c marks its objects partial
 * (K8S_PARTIAL_PATCH, src/model/k8s_model.h) so the rules judge what it
 * sets and not what it leaves out.
 *
 * This file owns finding and reading the kustomization (bounded: 1 MiB,
 * regular files only) and matching its entries to the file's path
 * ("./" prefixes dropped).  It does not follow resources, bases or
 * components, nor judge anything.  It is the fallback of a scan that has
 * no table of the run's kustomizations (cfg->kust): `scan` and `fix`
 * build one (src/core/kust_images.c, each kustomization read once, its
 * components' patches too), so this reads nothing for them.
 * Tests: tests/cases/kubernetes/k8s-partial-kustomize-patch.case,
 * tests/cases/kubernetes/k8s-partial-kustomize-patch-quiet.case.
 */
#include "kustomize.h"

#include <string.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "../parse/yml.h"
#include "../util/arena.h"
#include "../util/diag.h"
#include "../util/io.h"

#define KUST_MAX_BYTES ((size_t)1 << 20)
#define KUST_LEVELS 2

static const char *const kust_names[] = {
	"kustomization.yaml", "kustomization.yml", "Kustomization",
};

/* "./a/./b" -> "a/./b": leading "./" dropped. */
static const char *strip_dot(const char *s)
{
	while (s[0] == '.' && s[1] == '/') {
		s += 2;
		while (*s == '/')
			s++;
	}
	return s;
}

static bool entry_is(const struct yml_node *e, const char *rel)
{
	if (yml_is_map(e))
		e = yml_get(e, "path");
	return yml_is_scalar(e) && strlen(e->str) == e->len &&
	       !strcmp(strip_dot(e->str), rel);
}

/* Whether the kustomization text lists "rel" as a patch. */
static bool lists(const char *text, size_t len, const char *rel)
{
	struct arena a;
	arena_init(&a, 0);
	struct yml_stream st;
	struct diag d;
	diag_init(&d, NULL);
	bool found = false;
	if (yml_parse(&a, text, len, NULL, &st, &d) == BH_OK && st.ndocs) {
		static const char *const keys[] = {
			"patches", "patchesStrategicMerge", "patchesJson6902",
		};
		const struct yml_node *root = st.docs[0].root;
		for (size_t k = 0; k < 3 && !found; k++) {
			const struct yml_node *s = yml_get(root, keys[k]);
			for (size_t i = 0; yml_is_seq(s) && i < s->n && !found;
			     i++)
				found = entry_is(s->items[i], rel);
		}
	}
	arena_free(&a);
	return found;
}

/* Whether "dir" holds a kustomization listing "rel". */
static bool dir_lists(const char *dir, const char *rel)
{
	for (size_t i = 0; i < sizeof(kust_names) / sizeof(*kust_names); i++) {
		/* dir "/" name, without snprintf: this runs three times
		 * for two directories of every manifest */
		char path[4096];
		size_t dl = strlen(dir), sl = *dir ? 1 : 0,
		       nl = strlen(kust_names[i]);
		if (dl + sl + nl >= sizeof(path))
			return false;
		memcpy(path, dir, dl);
		memcpy(path + dl, "/", sl);
		memcpy(path + dl + sl, kust_names[i], nl + 1);
		struct stat sb;
		if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
			continue;
		char *buf = NULL;
		size_t len = 0;
		struct diag d;
		diag_init(&d, NULL);
		if (io_read_file(path, KUST_MAX_BYTES, &buf, &len, &d))
			return false;
		bool found = lists(buf, len, rel);
		free(buf);
		return found;
	}
	return false;
}

bool kust_lists_patch(const char *fs_path)
{
	if (!fs_path || strlen(fs_path) >= 4096)
		return false;
	char dir[4096];
	strcpy(dir, fs_path);
	for (int level = 0; level < KUST_LEVELS; level++) {
		char *slash = strrchr(dir, '/');
		if (!slash) /* the current directory */
			return *dir && dir_lists("", strip_dot(fs_path));
		if (slash == dir)
			return false; /* no kustomization at "/" */
		*slash = '\0';
		const char *rel = strip_dot(fs_path + (size_t)(slash - dir) + 1);
		if (dir_lists(dir, rel))
			return true;
		if (level + 1 == KUST_LEVELS)
			break;
	}
	return false;
}
