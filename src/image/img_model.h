/* SPDX-License-Identifier: Apache-2.0
 *
 * img_model.h - what `bulkhead image` knows about one built image, and how
 * to load it from a docker-archive tarball, an OCI layout (directory or
 * tar) or stdin, without Docker and without unpacking anything to disk.
 *
 * Contract: the caller owns the struct img_model (usually on the stack),
 * img_load() fills it, img_model_free() releases everything it holds.
 * Every string and array reachable from the model lives in m->arena and
 * dies with img_model_free(); nothing is to be freed piecewise.  Rules
 * (src/rules/rules_image.c) only read the model.
 *
 * Memory is bounded by struct img_limits (see docs/image.md): the
 * filesystem view holds at most max_entries nodes, captured file contents
 * at most max_capture bytes, metadata blobs at most max_meta bytes each.
 */
#ifndef BH_IMG_MODEL_H
#define BH_IMG_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/finding.h"
#include "../util/arena.h"
#include "../util/diag.h"

struct img_limits {
	size_t max_entries;      /* tar entries tracked over all layers */
	size_t max_meta;         /* one JSON blob (manifest, index, config) */
	size_t max_meta_total;   /* all buffered small blobs of a tar input */
	size_t scan_cap;         /* bytes of a file read for secret scanning */
	size_t max_capture;      /* total captured file contents */
	size_t max_layers;
	uint64_t max_bytes;      /* uncompressed layer bytes per image */
	unsigned max_ratio;      /* uncompressed/compressed, checked past
				  * ratio_floor bytes */
	uint64_t ratio_floor;
	size_t max_arena;        /* model arena + unapplied changesets */
};

/* Fill "l" with the defaults documented in docs/image.md. */
void img_limits_default(struct img_limits *l);

/* Progress callback: "done"/"total" bytes of layer blobs read so far
 * (total 0 when not known), "layer" 1-based or 0 while reading metadata. */
typedef void (*img_progress_fn)(void *ctx, size_t layer, size_t nlayers,
				uint64_t done, uint64_t total);

/* Whole files handed to a reader as each layer is applied (bulkhead
 * sbom's catalogers): "want" is asked for every regular file of every
 * layer (relative path, no leading '/'); a wanted file is read whole when
 * it has at most "max" bytes and handed to "got" with the 0-based index
 * of its layer, in layer order, before the next layer is applied; data
 * NULL when it is larger (not read).  "data" lives until "got" returns
 * and is not kept in the model.  Whiteouts and later layers act on the
 * filesystem view as for any file: the reader compares its last copy of
 * a path with img_fs_lookup() of the final view.  "gone" (may be NULL)
 * is told of every whiteout as its layer is applied: "path" (a file or
 * a directory, "" the root) and what it held from lower layers are
 * deleted ("opaque": the directory's contents from lower layers). */
struct img_file_hook {
	bool (*want)(void *ctx, const char *path);
	void (*got)(void *ctx, const char *path, uint32_t layer,
		    const char *data, size_t len, uint64_t size);
	void (*gone)(void *ctx, const char *path, uint32_t layer, bool opaque);
	void *ctx;
	size_t max;
	/* Files told by content (may be NULL): a regular file of at least
	 * 64 bytes that "want" declined is shown its first 64 bytes; a
	 * non-NULL state from "sniff" is handed every byte of
	 * the file in order ("feed", the first ones again) as the tar is
	 * read, then "end" frees it and returns a heap summary (or NULL:
	 * nothing); a summary is copied and handed to "got" as the file's
	 * data, as a wanted file's bytes are.  Only the summaries are kept. */
	void *(*sniff)(void *ctx, const char *path, const char *head, size_t n,
		       uint64_t size);
	void (*feed)(void *state, const void *data, size_t n);
	char *(*end)(void *state, size_t *len);
};

struct img_options {
	const char *platform;    /* "os/arch[/variant]" or NULL (linux/amd64,
				  * else the only/first) */
	const char *ref;         /* tag / ref name to pick, or NULL */
	struct img_limits limits;
	img_progress_fn progress;
	void *progress_ctx;
	const struct img_file_hook *hook;   /* or NULL */
	/* Package listing only (bulkhead sbom/vuln, docs/decisions.md):
	 * layer blobs are not hashed, so neither the descriptor digest nor
	 * the diff_id is checked (manifests, indexes and configs still are),
	 * and data a check does not read is skipped by seeking where the
	 * source allows it (an uncompressed layer in a file).  Every limit
	 * still holds: skipped bytes count as read and unpacked. */
	bool skip_layer_digests;
	/* No secret scanning (no hits; contents read only for captures and
	 * the hook). */
	bool no_secrets;
};

void img_options_default(struct img_options *o);

enum img_ftype {
	IMG_REG = 0,
	IMG_DIR,
	IMG_SYMLINK,
	IMG_HARDLINK,
	IMG_CHR,
	IMG_BLK,
	IMG_FIFO,
	IMG_OTHER,
};

/* One node of the final filesystem view (after whiteouts). */
struct img_node {
	const char *name;            /* path component; "" for the root */
	struct img_node *parent;
	struct img_node *child;      /* first child */
	struct img_node *next, *prev;/* siblings */
	struct img_node *hnext;      /* hash chain */
	const char *link;            /* symlink target / hard link path */
	const char *data;            /* captured contents, or NULL */
	size_t data_len;
	uint64_t size;
	uint32_t mode;               /* permission bits incl. setuid/setgid/sticky */
	uint32_t uid, gid;
	uint32_t layer;              /* 0-based index of the layer that added it */
	uint8_t type;                /* enum img_ftype */
	bool implicit;               /* parent dir created without its own entry */
};

struct img_fs {
	struct img_node *root;
	struct img_node **buckets;
	/* per bucket, one bit (of 8, chosen by the hash's top bits) for each
	 * node ever chained there since the last grow: a clear bit proves a
	 * name absent without touching the pointer array or a node (most
	 * lookups are of new names; this array is 1/8 the size) */
	uint8_t *bmask;
	size_t nbuckets;
	size_t nnodes;
	/* img_fs_put's last parent directory path and the node of each of
	 * its components (a tar lists a directory's files together, and
	 * neighbours share most of their path); dropped whenever a node is
	 * unlinked */
	struct img_node **cstk;
	size_t cdepth;
	char *cpath;
	size_t clen;
};

struct img_layer {
	const char *digest;          /* blob digest "sha256:<hex>" as stored */
	const char *diff_id;         /* digest of the uncompressed tar */
	const char *media_type;      /* or NULL (docker-archive) */
	const char *created_by;      /* history line that made it, or NULL */
	const char *compression;     /* "gzip", "zstd", "none" */
	uint64_t size;               /* blob bytes */
	uint64_t usize;              /* uncompressed bytes */
	size_t entries;
	size_t cache_files;          /* package manager cache files added */
	bool missing;                /* non-distributable, not in the input */
};

struct img_history {
	const char *created_by;
	const char *created;
	bool empty_layer;
	int layer;                   /* index of its layer, -1 for empty ones */
};

struct img_kv {
	const char *key;
	const char *value;
};

/* A secret seen in a layer's file, by name or by content.  Hidden ones
 * were deleted or replaced by a later layer but remain in the blob. */
struct img_hit {
	const char *path;            /* "/app/.env" */
	uint32_t layer;
	const char *file_kind;       /* sec_path_is_secret_file kind, or NULL */
	const char *match_kind;      /* first content match id, or NULL */
	const char *match_title;
	char masked[64];             /* masked value of the first match */
	enum bh_severity severity;   /* of the content match */
	size_t nmatches;
	bool hidden;
};

struct img_model {
	struct arena arena;
	const char *source;          /* path as given ("-" for stdin); of
				      * PATH:REF, the PATH part */
	const char *format;          /* "docker-archive", "oci-layout", ... */
	const char *ref;             /* chosen tag / name, or NULL */
	const char *manifest_digest; /* or NULL (legacy docker-archive) */
	const char *config_digest;
	const char *os, *arch, *variant;

	/* config */
	const char *user;            /* NULL or "" when unset */
	bool has_healthcheck;        /* Healthcheck.Test set and not NONE */
	bool healthcheck_disabled;   /* Test ["NONE"] */
	struct img_kv *env;  size_t nenv;
	struct img_kv *labels; size_t nlabels;
	const char **ports; size_t nports;   /* "22/tcp" */
	const char **repo_tags; size_t nrepo_tags;

	struct img_history *history; size_t nhistory;
	struct img_layer *layers; size_t nlayers;

	struct img_fs fs;
	struct img_hit *hits; size_t nhits, caphits;

	/* /etc/os-release (or /usr/lib/os-release) of the final view */
	const char *os_id, *os_version_id, *os_name, *os_codename;

	uint64_t bytes_read;         /* compressed layer bytes */
	uint64_t bytes_unpacked;     /* uncompressed layer bytes */
	size_t entries;              /* tar entries over all layers */
	size_t captured;             /* bytes of captured contents */
	size_t held;                 /* bytes in read, unapplied changesets */
	struct img_limits limits;
	const struct img_file_hook *hook;   /* img_options.hook */
	bool skip_layer_digests;            /* img_options' */
	bool no_secrets;
};

/* Load the image at "path" ("-" = stdin) into "m" (which the caller
 * owns; call img_model_free() afterwards whatever the result).  Returns 0
 * or a negative BH_E* code with the cause in "d". */
int img_load(struct img_model *m, const char *path,
	     const struct img_options *opt, struct diag *d);
void img_model_free(struct img_model *m);

/* Filesystem view (img_fs.c).  Paths are relative, '/'-separated, no
 * leading '/'.  Lookups do not follow symlinks; img_fs_resolve does
 * (at most 40 hops, never above the root). */
struct img_node *img_fs_lookup(const struct img_fs *fs, const char *path);
const struct img_node *img_fs_resolve(const struct img_fs *fs,
				      const char *path);
/* Write the absolute path of "n" ("/etc/passwd") into buf. */
void img_fs_path(const struct img_node *n, char *buf, size_t size);
/* Visit every node but the root, depth-first, without recursion; "path"
 * is absolute.  Return false from "fn" to stop. */
typedef bool (*img_walk_fn)(void *ctx, const struct img_node *n,
			    const char *path);
void img_fs_walk(const struct img_fs *fs, img_walk_fn fn, void *ctx);

/* Normalise a tar entry name: strip "/", "./", empty and "." components,
 * apply ".." without ever rising above the root.  Writes into out
 * (size >= 1); returns false when it does not fit. */
bool img_path_normalize(const char *in, char *out, size_t size);

/* Whether a relative path is a package manager cache or index file
 * (apt lists, apt/apk/yum/dnf caches) (img_layer.c). */
bool img_path_is_pkg_cache(const char *path);

/* End-of-life table (img_eol.c). */
struct img_eol {
	const char *id;              /* os-release ID: "debian", "alpine" */
	const char *version;         /* VERSION_ID prefix: "10", "3.18" */
	const char *name;            /* "Debian 10 (buster)" */
	const char *eol;             /* "2024-06-30" */
	const char *source;          /* "Debian LTS", "endoflife.date" */
};
/* The table row for os-release ID "id", VERSION_ID "version_id" and
 * PRETTY_NAME "pretty_name" (may be NULL; tells CentOS Stream from
 * CentOS Linux), or NULL if not listed. */
const struct img_eol *img_eol_find(const char *id, const char *version_id,
				   const char *pretty_name);
/* Whether "row" is past its end of life on "today" ("YYYY-MM-DD"). */
bool img_eol_passed(const struct img_eol *row, const char *today);
/* Where the table comes from (one line). */
extern const char img_eol_source[];

#endif
