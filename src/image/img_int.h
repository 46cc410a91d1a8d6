/* SPDX-License-Identifier: Apache-2.0
 *
 * img_int.h - internals shared by the src/image/ files, not for rules.
 *
 * A layer is read into a struct img_changeset (its own arena, freed once
 * the changeset was applied to the filesystem view).  Applying happens in
 * manifest order, as soon as the next layer's changeset is complete, so
 * at most the out-of-order layers are held at once.
 */
#ifndef BH_IMG_INT_H
#define BH_IMG_INT_H

#include "img_model.h"

#define IMG_PATH_MAX 4096

enum img_wh {
	IMG_WH_NONE = 0,
	IMG_WH_FILE,     /* ".wh.name": path is the deleted name */
	IMG_WH_OPAQUE,   /* ".wh..wh..opq": path is the directory */
};

struct img_change {
	struct img_change *next;
	const char *path;            /* normalised, "" = root */
	const char *link;
	const char *data;            /* captured contents, or NULL */
	size_t data_len;
	uint64_t size;
	uint32_t mode, uid, gid;
	uint8_t type;
	uint8_t wh;                  /* enum img_wh */
	bool hooked;                 /* img_file_hook wants it: hdata */
	const char *hdata;           /* its whole contents, or NULL (too big) */
	size_t hlen;
};

struct img_changeset {
	struct arena arena;
	struct img_change *head, *tail;
	size_t n;                    /* queued changes */
	size_t entries;              /* tar entries read */
	size_t cache_files;          /* img_path_is_pkg_cache files */
	struct img_hit *hits;
	size_t nhits, caphits;
	char chex[65];               /* sha256 of the blob */
	char uhex[65];               /* sha256 of the uncompressed tar */
	uint64_t csize, usize;
	const char *compression;
	bool done;
	bool direct;                 /* entries applied to the view while
				      * streaming, as layer "layer" */
	uint32_t layer;
};

/* img_fs.c */
int img_fs_init(struct img_fs *fs, struct arena *a);
/* Size the hash index for about "nodes" nodes (rounded up to a power
 * of two): a speed hint, the index grows as needed anyway. */
int img_fs_reserve(struct img_fs *fs, struct arena *a, size_t nodes);
/* Add or replace "path" (parents created as implicit directories).
 * NULL when the arena is full. */
struct img_node *img_fs_put(struct img_fs *fs, struct arena *a,
			    const char *path, const struct img_change *c,
			    uint32_t layer);
/* The node a whiteout names: "path" with the symlinks of its directory
 * components resolved inside the image root (img_fs_resolve's 40-hop
 * bound: a loop gives NULL), and of its last one too when "follow_last"
 * (an opaque whiteout's directory); NULL when there is none. */
struct img_node *img_fs_lookup_dirs(const struct img_fs *fs, const char *path,
				    bool follow_last);
/* Remove "n" and everything below it. */
void img_fs_remove(struct img_fs *fs, struct img_node *n);
/* Remove every child subtree of "n". */
void img_fs_clear(struct img_fs *fs, struct img_node *n);
/* Remove from the subtree of "n" (and "n" itself when "self") what
 * layers below "layer" added, keeping what "layer" added. */
void img_fs_prune(struct img_fs *fs, struct img_node *n, uint32_t layer,
		  bool self);
/* Apply one change of layer "layer" to m->fs (img_layer.c). */
int img_change_apply(struct img_model *m, const struct img_change *c,
		     uint32_t layer, struct diag *d);

/* img_layer.c: read one layer stream into "cs".  "rd" pulls compressed
 * bytes (return bytes, 0 at end, -1 on error with the cause in d). */
typedef long (*img_pull_fn)(void *ctx, const void **buf);
struct img_reader_state;
int img_layer_read(struct img_model *m, img_pull_fn rd, void *rd_ctx,
		   const char *name, struct img_changeset *cs,
		   struct diag *d);
/* Skip up to "n" bytes of the source: the bytes skipped (0 at its end),
 * -1 on error. */
typedef long (*img_skip_fn)(void *ctx, uint64_t n);
/* img_layer_read() with a source that can skip: used, when
 * m->skip_layer_digests, to pass over an uncompressed layer's file data
 * no check reads (libarchive's skip callback). */
int img_layer_read_skip(struct img_model *m, img_pull_fn rd, img_skip_fn sk,
			void *rd_ctx, const char *name,
			struct img_changeset *cs, struct diag *d);
/* Apply a finished changeset as layer "index" to m->fs. */
int img_layer_apply(struct img_model *m, struct img_changeset *cs,
		    uint32_t index, struct diag *d);
/* After all layers: mark hidden hits, parse os-release. */
void img_layer_finish(struct img_model *m);

/* img_json.c: turn metadata into the model.  "get" fetches a blob by
 * path within the input (NULL when absent). */
typedef const char *(*img_get_fn)(void *ctx, const char *path, size_t *len);

/* The layers to read, in manifest order: blob path within the input,
 * expected blob digest (or NULL) and expected diff_id (or NULL). */
struct img_plan {
	size_t n;
	const char **path;
	const char **digest;   /* "sha256:hex" or NULL */
	const char **diff_id;
};
int img_json_resolve(struct img_model *m, const struct img_options *o,
		     img_get_fn get, void *ctx, struct img_plan *plan,
		     struct diag *d);

/* sha256 of buf as "sha256:<hex>" (65 + 7 bytes incl. NUL). */
void img_sha256_hex(const void *buf, size_t len, char out[72]);

#endif
