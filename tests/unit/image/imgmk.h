/* SPDX-License-Identifier: Apache-2.0
 *
 * imgmk.h - build real test images in memory with libarchive's writer:
 * layer tars (plain, gzip, zstd), docker-archive tarballs (legacy with
 * skopeo's symlinked layer.tar, or Docker 25+ with an OCI index too), OCI
 * layouts as a tar or a directory, multi-platform indexes.  Used by the
 * image unit tests and the fuzz seed generator.
 *
 * Contract: every buffer returned is malloc'd and freed by the caller
 * (free()).  Functions abort the test (via assert in the caller) by
 * returning NULL on failure; they never touch anything but the paths
 * they are given.
 */
#ifndef BH_TEST_IMGMK_H
#define BH_TEST_IMGMK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum mk_type { MK_REG = 0, MK_DIR, MK_SYM, MK_HARD, MK_CHR, MK_FIFO };

struct mk_ent {
	const char *path;
	enum mk_type type;
	unsigned mode;           /* permission bits, 0 = 0644/0755 */
	const char *data;        /* regular file contents (NUL-terminated) */
	const char *link;        /* symlink / hard link target */
	int64_t size;            /* >0: declared size (sparse hole) */
	unsigned uid, gid;
	size_t len;              /* >0: the length of data (binary data) */
};

enum mk_comp { MK_NONE = 0, MK_GZIP, MK_ZSTD };

struct mk_blob {
	char *data;
	size_t len;
	char digest[72];         /* "sha256:<hex>" of data */
};

struct mk_layer {
	struct mk_blob tar;      /* uncompressed; digest = diff_id */
	struct mk_blob blob;     /* as stored (maybe compressed) */
	enum mk_comp comp;
	const char *created_by;
};

/* A layer from entries, compressed with "comp". */
bool mk_layer(struct mk_layer *l, const struct mk_ent *e, size_t n,
	      enum mk_comp comp, const char *created_by);
void mk_layer_free(struct mk_layer *l);

/* Raw bytes as a blob (digest computed). */
void mk_blob_set(struct mk_blob *b, const char *data, size_t len);

struct mk_image {
	const struct mk_layer *layers;
	size_t nlayers;
	const char *config_extra;  /* JSON members inside "config": {...}, or NULL */
	const char *arch;          /* default amd64 */
	const char *labels_json;   /* unused when config_extra has Labels */
};

/* The image config JSON for "img" (malloc'd). */
char *mk_config(const struct mk_image *img);

/* Write a legacy docker-archive (manifest.json, <hex>.tar, <v1>/layer.tar
 * symlinks like skopeo) to "path". */
bool mk_docker_archive(const char *path, const struct mk_image *img,
		       const char *repo_tag, bool docker25);

/* An OCI layout of one or more images (several = multi-platform index
 * nested under index.json), as a tar file ("dir" false) or a directory. */
bool mk_oci(const char *path, const struct mk_image *imgs, size_t n,
	    bool multi_platform, bool as_dir);

/* Write a whole tar of named blobs (for hand-made hostile archives). */
bool mk_outer_tar(const char *path, const char *const *names,
		  const struct mk_blob *blobs, size_t n);

/* Compress file "in" into "out" (gzip or zstd). */
bool mk_compress_file(const char *in, const char *out, enum mk_comp comp);

#endif
