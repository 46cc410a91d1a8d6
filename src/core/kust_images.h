/* SPDX-License-Identifier: Apache-2.0
 *
 * kust_images.h - what the kustomizations of a run make of the container
 * images of the manifests they deploy: Kustomize's images transformer
 * applied along each path from a root kustomization down to a resource
 * file, for the policy rules and the Kubernetes image pin rules
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
	size_t nkust;            /* kustomizations read among the inputs */
	struct kust_deploy **d;  /* sorted by (dev, ino, line, col) */
	size_t nd, capd;
	struct kust_used {       /* images: entries applied to an image */
		dev_t dev;
		ino_t ino;
		int line;        /* its deciding key's line */
	} *used;
	size_t nused, capused;
	struct bh_strlist warnings; /* "file:line: warning: ..." */
	struct bh_strlist notes;    /* not followed (--verbose) */
};

/* One input of the run: as reported and on disk. */
struct kust_input {
	const char *display;
	const char *fs_path;
};

/* Reads the kustomizations among "in" (named kustomization.yaml,
 * kustomization.yml, Kustomization), follows their resources: and
 * bases: to the files and kustomizations among "in" (nothing outside
 * them is read), and applies each path's images: entries to the
 * container images of the manifests reached, innermost kustomization
 * first.  A resource that is missing or cannot be read is a warning; one
 * outside the inputs, remote, or a component is a note.  BH_OK or
 * BH_ENOMEM. */
int kust_images_build(struct kust_images *k, const struct kust_input *in,
		      size_t n);

/* The deploys of the image at line:col of the file (dev, ino), or NULL
 * when no kustomization of the run deploys that file. */
const struct kust_deploy *kust_images_at(const struct kust_images *k,
					 dev_t dev, ino_t ino, int line,
					 int col);

/* Whether the images: entry whose deciding key is at "line" of the
 * kustomization (dev, ino) was applied to an image of the run. */
bool kust_images_used(const struct kust_images *k, dev_t dev, ino_t ino,
		      int line);

void kust_images_free(struct kust_images *k);

#endif
