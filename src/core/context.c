/* SPDX-License-Identifier: Apache-2.0
 *
 * context.c - the build context walker: which files `COPY . .` would send,
 * given the context's .dockerignore, and which of them are secrets.
 *
 * This file owns the directory walk (openat/fdopendir with O_NOFOLLOW,
 * names sorted bytewise, depth/count/path-length bounds, one arena of
 * scratch per directory level) and the secret-file sweep on top of it.
 * It does not match patterns (src/parse/dign.c) nor judge names or
 * contents (src/secrets/sec_files.c), and it never writes anything.
 * Tests: tests/unit/secrets/test_context.c, tests/suites/secrets_jobs.sh.
 */
#include "context.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../secrets/secrets.h"
#include "../util/arena.h"
#include "../util/io.h"

struct walk {
	const struct dign *ign;
	ctx_entry_fn fn;
	void *ud;
	struct diag *d;
	size_t count;
	char rel[CTX_MAX_PATH + 1];   /* relative path being built */
	char full[2 * CTX_MAX_PATH + 2];
	size_t rootlen;               /* bytes of "dir/" in full */
	bool stop;
	bool tell_excluded;           /* CTX_WALK_EXCLUDED */
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads the names in the open directory "fd" (closed here), sorted. */
static int read_names(int fd, struct arena *a, char ***names, size_t *n,
		      struct walk *w)
{
	*names = NULL;
	*n = 0;
	DIR *dp = fdopendir(fd);
	if (!dp) {
		int e = errno;
		close(fd);
		return diag_error(w->d, BH_EIO, 0, 0, "%s: cannot read directory: %s",
				  w->full, strerror(e));
	}
	size_t cap = 0;
	*names = NULL;
	*n = 0;
	struct dirent *de;
	int rc = 0;
	errno = 0;
	while ((de = readdir(dp)) != NULL) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) {
			errno = 0;
			continue;
		}
		if (w->count + *n >= CTX_MAX_FILES) {
			rc = diag_error(w->d, BH_ELIMIT, 0, 0,
					"build context has more than %d entries",
					CTX_MAX_FILES);
			break;
		}
		if (*n == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			char **nn = arena_grow(a, *names, cap, ncap,
					       sizeof(char *));
			if (!nn) {
				rc = diag_error(w->d, BH_ENOMEM, 0, 0,
						"out of memory");
				break;
			}
			*names = nn;
			cap = ncap;
		}
		char *s = arena_strdup(a, de->d_name);
		if (!s) {
			rc = diag_error(w->d, BH_ENOMEM, 0, 0, "out of memory");
			break;
		}
		(*names)[(*n)++] = s;
		errno = 0;
	}
	/* a directory that fails part way is not read whole: said, never a
	 * silently shorter list (walk.c does the same for scan's walk) */
	if (!rc && errno)
		rc = diag_error(w->d, BH_EIO, 0, 0, "%s: cannot read directory: %s",
				w->full, strerror(errno));
	closedir(dp);
	if (!rc && *n)
		qsort(*names, *n, sizeof(char *), cmp_str);
	return rc;
}

static enum ctx_type type_of(mode_t m)
{
	if (S_ISREG(m))
		return CTX_FILE;
	if (S_ISDIR(m))
		return CTX_DIR;
	if (S_ISLNK(m))
		return CTX_SYMLINK;
	return CTX_OTHER;
}

/* Walks the directory open as "fd" whose relative path is w->rel[0..rl)
 * ("" for the root).  Recursion depth is bounded by CTX_MAX_DEPTH. */
static int walk_dir(struct walk *w, int fd, size_t rl, int depth)
{
	struct arena a;
	arena_init(&a, 0);
	char **names;
	size_t n;
	/* fdopendir takes "fd"; keep a duplicate for fstatat/openat */
	int dfd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	if (dfd < 0) {
		close(fd);
		arena_free(&a);
		return diag_error(w->d, BH_EIO, 0, 0, "%s: %s", w->full,
				  strerror(errno));
	}
	int rc = read_names(fd, &a, &names, &n, w);
	if (rc)
		goto out;
	for (size_t i = 0; i < n && !w->stop; i++) {
		size_t nl = strlen(names[i]);
		size_t sep = rl ? 1 : 0;
		if (rl + sep + nl > CTX_MAX_PATH) {
			rc = diag_error(w->d, BH_ELIMIT, 0, 0,
					"path longer than %d bytes in build "
					"context", CTX_MAX_PATH);
			break;
		}
		if (sep)
			w->rel[rl] = '/';
		memcpy(w->rel + rl + sep, names[i], nl + 1);
		size_t nrl = rl + sep + nl;
		memcpy(w->full + w->rootlen, w->rel, nrl + 1);

		struct stat st;
		if (fstatat(dfd, names[i], &st, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		if (++w->count > CTX_MAX_FILES) {
			rc = diag_error(w->d, BH_ELIMIT, 0, 0,
					"build context has more than %d entries",
					CTX_MAX_FILES);
			break;
		}
		enum ctx_type t = type_of(st.st_mode);
		bool excluded = dign_excluded(w->ign, w->rel);
		bool enter = t == CTX_DIR && dign_may_reinclude(w->ign);
		if (excluded && w->tell_excluded && !enter) {
			/* named to a caller that must account for every
			 * file: an excluded directory once, not entered */
			struct ctx_entry xe = {
				.relpath = w->rel,
				.path = w->full,
				.type = t,
				.size = t == CTX_DIR ? 0 : (uint64_t)st.st_size,
				.mode = (unsigned)st.st_mode,
				.depth = depth,
				.excluded = true,
			};
			int xr = w->fn(w->ud, &xe);
			if (xr < 0) {
				rc = xr;
				break;
			}
		}
		if (excluded && !enter)
			continue;
		int r = 0;
		if (!excluded) {
			struct ctx_entry e = {
				.relpath = w->rel,
				.path = w->full,
				.type = t,
				.size = t == CTX_DIR ? 0 : (uint64_t)st.st_size,
				.mode = (unsigned)st.st_mode,
				.depth = depth,
			};
			r = w->fn(w->ud, &e);
			if (r < 0) {
				rc = r;
				break;
			}
			if (r == CTX_STOP) {
				w->stop = true;
				break;
			}
		}
		if (t != CTX_DIR || r == CTX_SKIP)
			continue;
		if (depth + 1 >= CTX_MAX_DEPTH) {
			rc = diag_error(w->d, BH_ELIMIT, 0, 0,
					"build context deeper than %d "
					"directories at %s", CTX_MAX_DEPTH,
					w->rel);
			break;
		}
		int cfd = openat(dfd, names[i],
				 O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (cfd < 0) {
			/* replaced by a link since fstatat: not followed;
			 * unreadable: named to the caller, never silent */
			if (errno == ELOOP || errno == ENOTDIR || excluded)
				continue;
			struct ctx_entry ue = {
				.relpath = w->rel,
				.path = w->full,
				.type = CTX_UNREADABLE,
				.mode = (unsigned)st.st_mode,
				.depth = depth,
			};
			r = w->fn(w->ud, &ue);
			if (r < 0) {
				rc = r;
				break;
			}
			continue;
		}
		rc = walk_dir(w, cfd, nrl, depth + 1);
		if (rc)
			break;
	}
out:
	close(dfd);
	arena_free(&a);
	return rc;
}

int ctx_walk(const char *dir, const struct dign *ign, ctx_entry_fn fn,
	     void *ud, struct diag *d)
{
	return ctx_walk_ex(dir, ign, 0, fn, ud, d);
}

int ctx_walk_ex(const char *dir, const struct dign *ign, unsigned flags,
		ctx_entry_fn fn, void *ud, struct diag *d)
{
	if (!dir || !fn)
		return diag_error(d, BH_EUSAGE, 0, 0, "no context directory");
	struct walk *w = calloc(1, sizeof(*w));
	if (!w)
		return diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
	w->tell_excluded = flags & CTX_WALK_EXCLUDED;
	w->ign = ign;
	w->fn = fn;
	w->ud = ud;
	w->d = d;
	size_t dl = strlen(dir);
	int rc;
	if (dl == 0 || dl > CTX_MAX_PATH) {
		rc = diag_error(d, BH_EUSAGE, 0, 0, "bad context directory");
		goto out;
	}
	memcpy(w->full, dir, dl);
	if (dir[dl - 1] != '/')
		w->full[dl++] = '/';
	w->rootlen = dl;
	w->full[dl] = 0;
	/* the root itself may be a symlink (a user's choice), its contents
	 * are not followed */
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		rc = diag_error(d, BH_EIO, 0, 0, "cannot open directory %s: %s",
				dir, strerror(errno));
		goto out;
	}
	w->rel[0] = 0;
	rc = walk_dir(w, fd, 0, 0);
out:
	free(w);
	return rc;
}

int ctx_read_dockerignore_text(const char *fs_path, const char *shown,
			       struct arena *a, struct dign *out, bool *found,
			       const char **text, size_t *tlen, struct diag *d)
{
	memset(out, 0, sizeof(*out));
	*found = false;
	if (text) {
		*text = NULL;
		*tlen = 0;
	}
	struct stat st;
	int serr = stat(fs_path, &st) != 0 ? errno : 0;
	if (serr == ENOENT)
		return 0;
	char *buf;
	size_t len;
	d->file = shown;
	/* just seen as a regular file: no second stat before the (checked)
	 * open; anything else goes through io_read_file()'s refusal */
	int rc = !serr && S_ISREG(st.st_mode)
		? io_read_listed(fs_path, (size_t)1 << 20, &buf, &len, d)
		: io_read_file(fs_path, (size_t)1 << 20, &buf, &len, d);
	if (rc)
		return rc;
	*found = true;
	rc = dign_parse(buf, len, a, out, d);
	if (rc == BH_OK && text) {
		char *t = arena_alloc(a, len + 1);
		if (!t) {
			rc = diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
		} else {
			memcpy(t, buf, len);
			t[len] = '\0';
			*text = t;
			*tlen = len;
		}
	}
	free(buf);
	return rc;
}

int ctx_read_dockerignore(const char *fs_path, const char *shown,
			  struct arena *a, struct dign *out, bool *found,
			  struct diag *d)
{
	return ctx_read_dockerignore_text(fs_path, shown, a, out, found, NULL,
					  NULL, d);
}

int ctx_load_dockerignore(const char *dir, struct arena *a, struct dign *out,
			  struct diag *d)
{
	/* "." is the current directory: its file is shown as .dockerignore */
	char *path = strcmp(dir, ".") == 0
		? arena_strdup(a, ".dockerignore")
		: arena_printf(a, "%s%s.dockerignore", dir,
			       dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/");
	if (!path)
		return diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
	if (strlen(path) > CTX_MAX_PATH)
		return diag_error(d, BH_EUSAGE, 0, 0, "context path too long");
	bool found;
	return ctx_read_dockerignore(path, path, a, out, &found, d);
}

struct sweep {
	ctx_secret_fn fn;
	void *ud;
	char *head;
	struct arena *a;         /* sweep_facts: where "unreadable" lives */
	const char *unreadable;  /* sweep_facts: the first directory not
				    walked (CTX_UNREADABLE), or NULL */
};

/* Reads up to CTX_HEAD_BYTES of a regular file, never through a link.
 * "size" is what the walk's fstatat said: once that much is read, no
 * second read() looks for the end (a file that grows only after it was
 * read up to "size" is read as those bytes, as io.c reads inputs). */
static size_t read_head(const char *path, char *buf, uint64_t size)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return 0;
	size_t got = 0;
	while (got < CTX_HEAD_BYTES && (!size || got < size)) {
		ssize_t r = read(fd, buf + got, CTX_HEAD_BYTES - got);
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	return got;
}

static int sweep_cb(void *ud, const struct ctx_entry *e)
{
	struct sweep *s = ud;
	const char *kind = NULL;
	const char *base = strrchr(e->relpath, '/');
	base = base ? base + 1 : e->relpath;
	if (e->type == CTX_UNREADABLE && s->a && !s->unreadable)
		s->unreadable = arena_strdup(s->a, e->path);
	if (e->type == CTX_DIR) {
		if (!strcmp(base, ".git")) {
			struct ctx_secret_file f = { e, "git-dir" };
			int r = s->fn(s->ud, &f);
			return r ? r : CTX_SKIP;
		}
		return 0;
	}
	bool hit;
	if (e->type == CTX_FILE) {
		hit = sec_path_is_secret_file(e->relpath, &kind);
		if (!hit && e->size > 0 &&
		    sec_path_needs_content(e->relpath)) {
			size_t n = read_head(e->path, s->head, e->size);
			hit = sec_file_is_secret(e->relpath, s->head, n, &kind);
		}
	} else {
		hit = sec_path_is_secret_file(e->relpath, &kind);
	}
	if (!hit)
		return 0;
	struct ctx_secret_file f = { e, kind };
	return s->fn(s->ud, &f);
}

int ctx_find_secret_files(const char *dir, const struct dign *ign,
			  ctx_secret_fn fn, void *ud, struct diag *d)
{
	struct sweep s = { fn, ud, malloc(CTX_HEAD_BYTES), NULL, NULL };
	if (!s.head)
		return diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
	int rc = ctx_walk(dir, ign, sweep_cb, &s, d);
	free(s.head);
	return rc;
}

struct collect {
	struct bh_facts *f;
	struct bh_ctx_file *v;
};

static int collect_cb(void *ud, const struct ctx_secret_file *sf)
{
	struct collect *c = ud;
	if (sf->entry->type != CTX_FILE)
		return 0;
	const char *rel = arena_strdup(c->f->arena, sf->entry->relpath);
	const char *kind = arena_strdup(c->f->arena,
					sf->kind ? sf->kind : "secret file");
	if (!rel || !kind)
		return BH_ENOMEM;
	c->v[c->f->nsecrets++] = (struct bh_ctx_file){ rel, kind };
	return c->f->nsecrets >= CTX_MAX_SECRET_FACTS ? CTX_STOP : 0;
}

static int by_path(const void *x, const void *y)
{
	const struct bh_ctx_file *a = x, *b = y;
	return strcmp(a->relpath, b->relpath);
}

/* ---- the run's cache of context sweeps --------------------------------
 * Many Dockerfiles of one run share a context directory (a repository's
 * Dockerfile, Dockerfile.dev, app.Dockerfile...) and its
 * .dockerignore: the sweep's answer (relpath, kind pairs, sorted) is kept
 * under the key "context_dir \0 dockerignore source" and handed to every
 * later input with that key.  A chained hash table, heap memory, one mutex
 * (-j workers share it); bounded by CACHE_MAX_KEYS keys, past which
 * answers are computed and not kept. */
#define CACHE_BUCKETS 1024
#define CACHE_MAX_KEYS 65536

struct cache_entry {
	struct cache_entry *next;
	size_t keylen;
	char *key;
	size_t n;
	struct bh_ctx_file *v;    /* heap strings */
};

struct ctx_cache {
	pthread_mutex_t lock;
	size_t nkeys;
	struct cache_entry *bucket[CACHE_BUCKETS];
};

/* Set before any worker thread starts, read-only afterwards; the cache it
 * points at takes its own lock. */
static struct ctx_cache *installed;

struct ctx_cache *ctx_cache_new(void)
{
	struct ctx_cache *c = calloc(1, sizeof(*c));
	if (c && pthread_mutex_init(&c->lock, NULL) != 0) {
		free(c);
		c = NULL;
	}
	return c;
}

static void entry_free(struct cache_entry *e)
{
	for (size_t i = 0; i < e->n; i++) {
		free((char *)e->v[i].relpath);
		free((char *)e->v[i].kind);
	}
	free(e->v);
	free(e->key);
	free(e);
}

void ctx_cache_free(struct ctx_cache *c)
{
	if (!c)
		return;
	for (size_t b = 0; b < CACHE_BUCKETS; b++)
		for (struct cache_entry *e = c->bucket[b], *nx; e; e = nx) {
			nx = e->next;
			entry_free(e);
		}
	pthread_mutex_destroy(&c->lock);
	free(c);
}

void ctx_cache_use(struct ctx_cache *c)
{
	installed = c;
}

static size_t hash_key(const char *k, size_t n)
{
	uint64_t h = 1469598103934665603ull;   /* FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)k[i]) * 1099511628211ull;
	return (size_t)(h % CACHE_BUCKETS);
}

static struct cache_entry *cache_find(struct ctx_cache *c, const char *key,
				      size_t kl)
{
	for (struct cache_entry *e = c->bucket[hash_key(key, kl)]; e;
	     e = e->next)
		if (e->keylen == kl && !memcmp(e->key, key, kl))
			return e;
	return NULL;
}

/* Copies the cached answer into f's arena; false when out of memory. */
static bool from_cache(struct bh_facts *f, const struct cache_entry *e)
{
	struct bh_ctx_file *v = arena_array(f->arena, e->n ? e->n : 1,
					    sizeof(*v));
	if (!v)
		return false;
	for (size_t i = 0; i < e->n; i++) {
		v[i].relpath = arena_strdup(f->arena, e->v[i].relpath);
		v[i].kind = arena_strdup(f->arena, e->v[i].kind);
		if (!v[i].relpath || !v[i].kind)
			return false;
	}
	f->secrets = v;
	f->nsecrets = e->n;
	return true;
}

/* Keeps f's answer under "key" unless another worker did first. */
static void to_cache(struct ctx_cache *c, const char *key, size_t kl,
		     const struct bh_facts *f)
{
	struct cache_entry *e = calloc(1, sizeof(*e));
	if (!e)
		return;
	e->key = malloc(kl);
	e->v = calloc(f->nsecrets ? f->nsecrets : 1, sizeof(*e->v));
	bool ok = e->key && e->v;
	for (size_t i = 0; ok && i < f->nsecrets; i++) {
		e->v[i].relpath = strdup(f->secrets[i].relpath);
		e->v[i].kind = strdup(f->secrets[i].kind);
		e->n = i + 1;
		ok = e->v[i].relpath && e->v[i].kind;
	}
	if (!ok) {
		entry_free(e);
		return;
	}
	memcpy(e->key, key, kl);
	e->keylen = kl;
	pthread_mutex_lock(&c->lock);
	size_t b = hash_key(key, kl);
	if (c->nkeys < CACHE_MAX_KEYS && !cache_find(c, key, kl)) {
		e->next = c->bucket[b];
		c->bucket[b] = e;
		c->nkeys++;
		e = NULL;
	}
	pthread_mutex_unlock(&c->lock);
	if (e)
		entry_free(e);
}

static void sweep_facts(struct bh_facts *f)
{
	struct collect c = { f, arena_array(f->arena, CTX_MAX_SECRET_FACTS,
					    sizeof(*c.v)) };
	if (!c.v)
		return;
	struct diag d;
	diag_init(&d, f->context_dir);
	/* an unreadable or oversized context gives what was found so far,
	 * and says so (f->secrets_error: a warning of the input, scan_df.c) */
	struct sweep s = { collect_cb, &c, malloc(CTX_HEAD_BYTES), f->arena,
			   NULL };
	int rc = s.head ? ctx_walk(f->context_dir, f->dockerignore, sweep_cb,
				   &s, &d)
			: diag_error(&d, BH_ENOMEM, 0, 0, "out of memory");
	free(s.head);
	if (rc && d.code != BH_OK) {
		char msg[4 * sizeof(d.message)];
		diag_escape(msg, sizeof(msg), d.message);  /* names the dir */
		f->secrets_error = arena_strdup(f->arena, msg);
	} else if (s.unreadable) {
		f->secrets_error = arena_printf(f->arena, "%s: cannot read this "
						"directory", s.unreadable);
	}
	qsort(c.v, f->nsecrets, sizeof(*c.v), by_path);
	f->secrets = c.v;
}

const struct bh_ctx_file *bh_facts_context_secrets(struct bh_facts *f,
						   size_t *n)
{
	if (!f->secrets_done && f->context_dir && f->arena) {
		f->secrets_done = true;
		struct ctx_cache *c = installed;
		const char *src = f->dockerignore && f->dockerignore_src
					  ? f->dockerignore_src : "";
		size_t dl = strlen(f->context_dir), sl = strlen(src);
		size_t kl = dl + 1 + sl;
		char *key = c ? malloc(kl) : NULL;
		if (key) {
			memcpy(key, f->context_dir, dl + 1);
			memcpy(key + dl + 1, src, sl);
			pthread_mutex_lock(&c->lock);
			const struct cache_entry *e = cache_find(c, key, kl);
			bool hit = e && from_cache(f, e);
			pthread_mutex_unlock(&c->lock);
			if (!hit) {
				f->nsecrets = 0;
				sweep_facts(f);
				/* a partial answer is not kept: each input
				 * it serves says it was partial */
				if (f->secrets && !f->secrets_error)
					to_cache(c, key, kl, f);
			}
			free(key);
		} else {
			sweep_facts(f);
		}
	}
	*n = f->nsecrets;
	return f->secrets;
}
