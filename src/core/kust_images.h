/* SPDX-License-Identifier: Apache-2.0
 *
 * kust_images.h - the kustomizations of a run, each read once: the files
 * they (and their components) list as patches, for the Kubernetes front
 * end to mark partial (with each entry's target:, the kind and name of a
 * JSON 6902 patch file's object: kust_images_patch()), and what they make of the container images of the
 * manifests they deploy: Kustomize's images transformer (components
 * included) applied along each path from a root kustomization down to a
 * resource file, for the policy rules and the Kubernetes image pin rules
 * (BH3035-BH3037) to judge the reference deployed (docs/policy.md).
 *
 * Contract: kust_images_build() fills a table the caller owns (one arena
 * inside it) and frees with kust_images_free(); it is read-only after
 * that, so threads may read it.  Lookups return pointers into it.
 */
#ifndef BH_KUST_IMAGES_H
#define BH_KUST_IMAGES_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "config.h"
#include "../util/arena.h"

/* One container image of a scanned manifest as one root kustomization
 * deploys it. */
struct kust_deploy {
	dev_t dev;
	ino_t ino;
	int line, col;          /* the image value in the manifest */
	const char *ref;        /* the reference deployed */
	const char *root;       /* the root kustomization, as reported */
	const char *by_name;    /* "file:line" of the last images: entry that
				   set the name, or NULL */
	const char *by_tag;     /* the same for the tag or digest */
	const struct kust_deploy *next; /* the same image through another
					   root, or NULL */
	size_t seq;             /* order found (roots in input order) */
};

struct kust_images {
	struct arena a;
	size_t nkust;            /* kustomizations among the inputs */
	struct kust_deploy **d;  /* sorted by (dev, ino, line, col) */
	size_t nd, capd;
	struct kust_used {       /* images: entries applied to an image */
		dev_t dev;
		ino_t ino;
		int line;        /* its deciding key's line */
		bool decides;    /* it set the tag or digest deployed for
				    some image (no later entry changed it) */
	} *used;
	size_t nused, capused;
	struct kust_file {       /* files listed as patches, sorted */
		dev_t dev;
		ino_t ino;
		/* the entry's target: (a JSON 6902 patch's object), each
		 * NULL when not said; from the arena */
		const char *kind, *name, *group, *version;
	} *patches;
	size_t npatches, cappatches;
	struct bh_strlist warnings; /* "file:line: warning: ..." */
	struct bh_strlist notes;    /* not followed (--verbose) */
};

/* One input of the run: as reported and on disk; "known": the caller's
 * lister has just seen it as a regular file of identity (dev, ino), so
 * it is not stat'ed again (else it is, and left out unless regular). */
struct kust_input {
	const char *display;
	const char *fs_path;
	bool known;
	dev_t dev;
	ino_t ino;
};

/* Reads the kustomizations among "in" (named kustomization.yaml,
 * kustomization.yml, Kustomization) and those in the directory of an
 * input or the one above, each once; records the files their patches,
 * patchesStrategicMerge and patchesJson6902 entries name; follows their
 * resources: and bases: to the files and kustomizations among "in" and
 * their components: to the kustomizations read (nothing else is read),
 * and applies each path's images: entries to the container images of
 * the manifests reached, as `kustomize build` orders them (innermost
 * kustomization first; at each level its components, then its own).
 * A resource or component that is missing or cannot be read, a
 * component not read, a cycle, are warnings; a resource outside the
 * inputs, or remote, is a note.  BH_OK or BH_ENOMEM. */
int kust_images_build(struct kust_images *k, const struct kust_input *in,
		      size_t n);

/* Whether any lookup below can answer for some file: false when the
 * run's kustomizations deploy no image, apply no images: entry and list
 * no patch (none at all, as on a scan of Dockerfiles), so a caller need
 * not learn a file's identity (a stat) to ask. */
bool kust_images_any(const struct kust_images *k);

/* The deploys of the image at line:col of the file (dev, ino), or NULL
 * when no kustomization of the run deploys that file. */
const struct kust_deploy *kust_images_at(const struct kust_images *k,
					 dev_t dev, ino_t ino, int line,
					 int col);

/* Whether the images: entry whose deciding key is at "line" of the
 * kustomization (dev, ino) was applied to an image of the run. */
bool kust_images_used(const struct kust_images *k, dev_t dev, ino_t ino,
		      int line);

/* Whether a kustomization read lists the file (dev, ino) as a patch. */
bool kust_images_is_patch(const struct kust_images *k, dev_t dev, ino_t ino);

/* The entry listing the file (dev, ino) as a patch (the first read when
 * several do), or NULL. */
const struct kust_file *kust_images_patch(const struct kust_images *k,
					  dev_t dev, ino_t ino);

/* Whether the images: entry whose deciding key is at "line" of the
 * kustomization (dev, ino) set the tag or digest some image of the run
 * is deployed with (judged there by the pin rules, not at the image). */
bool kust_images_decides(const struct kust_images *k, dev_t dev, ino_t ino,
			 int line);

void kust_images_free(struct kust_images *k);

#endif
