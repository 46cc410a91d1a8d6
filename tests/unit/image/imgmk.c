/* SPDX-License-Identifier: Apache-2.0
 *
 * imgmk.c - test image builder (see imgmk.h).  Test code: plain malloc,
 * libarchive's writer, OpenSSL for digests.
 */
#include "imgmk.h"

#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void digest(const char *data, size_t len, char out[72])
{
	unsigned char md[32];
	unsigned int n = 0;
	static const char hx[] = "0123456789abcdef";
	EVP_Digest(data, len, md, &n, EVP_sha256(), NULL);
	memcpy(out, "sha256:", 7);
	for (int i = 0; i < 32; i++) {
		out[7 + 2 * i] = hx[md[i] >> 4];
		out[8 + 2 * i] = hx[md[i] & 15];
	}
	out[71] = 0;
}

void mk_blob_set(struct mk_blob *b, const char *data, size_t len)
{
	b->data = malloc(len + 1);
	memcpy(b->data, data, len);
	b->data[len] = 0;
	b->len = len;
	digest(data, len, b->digest);
}

struct mem {
	char *buf;
	size_t len, cap;
};

static la_ssize_t mem_write(struct archive *a, void *ud, const void *buf,
			    size_t n)
{
	(void)a;
	struct mem *m = ud;
	if (m->len + n > m->cap) {
		size_t nc = (m->len + n) * 2 + 4096;
		char *p = realloc(m->buf, nc);
		if (!p)
			return -1;
		m->buf = p;
		m->cap = nc;
	}
	memcpy(m->buf + m->len, buf, n);
	m->len += n;
	return (la_ssize_t)n;
}

static bool tar_of(const struct mk_ent *e, size_t n, struct mk_blob *out)
{
	struct mem m = { 0 };
	struct archive *a = archive_write_new();
	archive_write_set_format_pax_restricted(a);
	archive_write_set_bytes_in_last_block(a, 1);
	if (archive_write_open(a, &m, NULL, mem_write, NULL) != ARCHIVE_OK)
		return false;
	for (size_t i = 0; i < n; i++) {
		struct archive_entry *ae = archive_entry_new();
		archive_entry_set_pathname(ae, e[i].path);
		archive_entry_set_uid(ae, e[i].uid);
		archive_entry_set_gid(ae, e[i].gid);
		archive_entry_set_mtime(ae, 0, 0);
		size_t dlen = e[i].len ? e[i].len
				: e[i].data ? strlen(e[i].data) : 0;
		switch (e[i].type) {
		case MK_DIR:
			archive_entry_set_filetype(ae, AE_IFDIR);
			archive_entry_set_perm(ae, e[i].mode ? e[i].mode : 0755);
			break;
		case MK_SYM:
			archive_entry_set_filetype(ae, AE_IFLNK);
			archive_entry_set_perm(ae, 0777);
			archive_entry_set_symlink(ae, e[i].link);
			break;
		case MK_HARD:
			archive_entry_set_filetype(ae, AE_IFREG);
			archive_entry_set_perm(ae, e[i].mode ? e[i].mode : 0644);
			archive_entry_set_hardlink(ae, e[i].link);
			break;
		case MK_CHR:
			archive_entry_set_filetype(ae, AE_IFCHR);
			archive_entry_set_perm(ae, e[i].mode ? e[i].mode : 0666);
			archive_entry_set_rdevmajor(ae, 1);
			archive_entry_set_rdevminor(ae, 3);
			break;
		case MK_FIFO:
			archive_entry_set_filetype(ae, AE_IFIFO);
			archive_entry_set_perm(ae, e[i].mode ? e[i].mode : 0644);
			break;
		default:
			archive_entry_set_filetype(ae, AE_IFREG);
			archive_entry_set_perm(ae, e[i].mode ? e[i].mode : 0644);
			if (e[i].size > 0) {
				archive_entry_set_size(ae, e[i].size);
				archive_entry_sparse_add_entry(ae, 0, (la_int64_t)dlen);
			} else {
				archive_entry_set_size(ae, (la_int64_t)dlen);
			}
			break;
		}
		if (archive_write_header(a, ae) != ARCHIVE_OK) {
			archive_entry_free(ae);
			archive_write_free(a);
			free(m.buf);
			return false;
		}
		if (e[i].type == MK_REG && dlen) {
			/* sparse: only the data regions are written */
			archive_write_data(a, e[i].data, dlen);
		}
		archive_entry_free(ae);
	}
	archive_write_close(a);
	archive_write_free(a);
	mk_blob_set(out, m.buf ? m.buf : "", m.len);
	free(m.buf);
	return true;
}

static bool compress_blob(const struct mk_blob *in, enum mk_comp comp,
			  struct mk_blob *out)
{
	if (comp == MK_NONE) {
		mk_blob_set(out, in->data, in->len);
		return true;
	}
	struct mem m = { 0 };
	struct archive *a = archive_write_new();
	archive_write_set_format_raw(a);
	if (comp == MK_GZIP)
		archive_write_add_filter_gzip(a);
	else
		archive_write_add_filter_zstd(a);
	archive_write_set_bytes_per_block(a, 0);
	if (archive_write_open(a, &m, NULL, mem_write, NULL) != ARCHIVE_OK)
		return false;
	struct archive_entry *ae = archive_entry_new();
	archive_entry_set_pathname(ae, "x");
	archive_entry_set_filetype(ae, AE_IFREG);
	archive_entry_set_size(ae, (la_int64_t)in->len);
	archive_write_header(a, ae);
	archive_write_data(a, in->data, in->len);
	archive_entry_free(ae);
	archive_write_close(a);
	archive_write_free(a);
	mk_blob_set(out, m.buf ? m.buf : "", m.len);
	free(m.buf);
	return true;
}

bool mk_layer(struct mk_layer *l, const struct mk_ent *e, size_t n,
	      enum mk_comp comp, const char *created_by)
{
	memset(l, 0, sizeof(*l));
	l->comp = comp;
	l->created_by = created_by;
	return tar_of(e, n, &l->tar) && compress_blob(&l->tar, comp, &l->blob);
}

void mk_layer_free(struct mk_layer *l)
{
	free(l->tar.data);
	free(l->blob.data);
	memset(l, 0, sizeof(*l));
}

static void cat(char **s, size_t *len, const char *fmt, const char *a,
		const char *b)
{
	char tmp[8192];
	int n = snprintf(tmp, sizeof(tmp), fmt, a, b ? b : "");
	*s = realloc(*s, *len + (size_t)n + 1);
	memcpy(*s + *len, tmp, (size_t)n + 1);
	*len += (size_t)n;
}

/* A JSON string literal of s (quotes escaped), static buffer. */
static const char *js(const char *s)
{
	static char buf[4][4096];
	static int k;
	char *o = buf[k++ & 3];
	size_t j = 0;
	for (; *s && j < sizeof(buf[0]) - 3; s++) {
		if (*s == '"' || *s == '\\')
			o[j++] = '\\';
		o[j++] = *s;
	}
	o[j] = 0;
	return o;
}

char *mk_config(const struct mk_image *img)
{
	char *s = NULL;
	size_t len = 0;
	cat(&s, &len, "{\"architecture\":\"%s\",\"os\":\"linux\",\"config\":{%s},",
	    img->arch ? img->arch : "amd64", img->config_extra ? img->config_extra : "");
	cat(&s, &len, "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[%s", "", NULL);
	for (size_t i = 0; i < img->nlayers; i++)
		cat(&s, &len, "%s\"%s\"", i ? "," : "", img->layers[i].tar.digest);
	cat(&s, &len, "]},\"history\":[%s", "", NULL);
	for (size_t i = 0; i < img->nlayers; i++)
		cat(&s, &len, "%s{\"created_by\":\"%s\"}", i ? "," : "",
		    js(img->layers[i].created_by ? img->layers[i].created_by : "?"));
	cat(&s, &len, "%s,{\"created_by\":\"/bin/sh -c #(nop)  CMD [\\\"sh\\\"]\","
	    "\"empty_layer\":true}]}", img->nlayers ? "" : "{}", NULL);
	return s;
}

/* ---- writing outer containers ---------------------------------------- */

struct out {
	struct archive *a;     /* tar mode */
	const char *dir;       /* directory mode */
};

static bool put(struct out *o, const char *name, const char *data, size_t len,
		const char *symlink)
{
	if (o->dir) {
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s", o->dir, name);
		/* mkdir -p of the parents */
		for (char *p = path + strlen(o->dir) + 1; (p = strchr(p, '/')); p++) {
			*p = 0;
			mkdir(path, 0755);
			*p = '/';
		}
		FILE *f = fopen(path, "wb");
		if (!f)
			return false;
		fwrite(data, 1, len, f);
		return fclose(f) == 0;
	}
	struct archive_entry *ae = archive_entry_new();
	archive_entry_set_pathname(ae, name);
	archive_entry_set_mtime(ae, 0, 0);
	if (symlink) {
		archive_entry_set_filetype(ae, AE_IFLNK);
		archive_entry_set_perm(ae, 0777);
		archive_entry_set_symlink(ae, symlink);
	} else {
		archive_entry_set_filetype(ae, AE_IFREG);
		archive_entry_set_perm(ae, 0644);
		archive_entry_set_size(ae, (la_int64_t)len);
	}
	bool ok = archive_write_header(o->a, ae) == ARCHIVE_OK;
	if (ok && !symlink && len)
		ok = archive_write_data(o->a, data, len) == (la_ssize_t)len;
	archive_entry_free(ae);
	return ok;
}

static bool open_out(struct out *o, const char *path, bool as_dir)
{
	memset(o, 0, sizeof(*o));
	if (as_dir) {
		o->dir = path;
		mkdir(path, 0755);
		return true;
	}
	o->a = archive_write_new();
	archive_write_set_format_pax_restricted(o->a);
	return archive_write_open_filename(o->a, path) == ARCHIVE_OK;
}

static void close_out(struct out *o)
{
	if (o->a) {
		archive_write_close(o->a);
		archive_write_free(o->a);
	}
}

static const char *hexof(const char *digest)
{
	return digest + 7;
}

bool mk_docker_archive(const char *path, const struct mk_image *img,
		       const char *repo_tag, bool docker25)
{
	struct out o;
	if (!open_out(&o, path, false))
		return false;
	char *cfg = mk_config(img);
	struct mk_blob cb;
	mk_blob_set(&cb, cfg, strlen(cfg));
	char name[256], link[256];
	bool ok = true;
	char *man = NULL;
	size_t mlen = 0;
	/* layers first, as docker save does: manifest.json comes last */
	for (size_t i = 0; i < img->nlayers; i++) {
		const struct mk_blob *b = &img->layers[i].blob;
		if (docker25) {
			snprintf(name, sizeof(name), "blobs/sha256/%s", hexof(b->digest));
			ok &= put(&o, name, b->data, b->len, NULL);
		} else {
			snprintf(name, sizeof(name), "%s.tar", hexof(b->digest));
			ok &= put(&o, name, b->data, b->len, NULL);
			snprintf(name, sizeof(name), "v1id%zu/layer.tar", i);
			snprintf(link, sizeof(link), "../%s.tar", hexof(b->digest));
			ok &= put(&o, name, NULL, 0, link);
			snprintf(name, sizeof(name), "v1id%zu/VERSION", i);
			ok &= put(&o, name, "1.0", 3, NULL);
		}
	}
	if (docker25)
		snprintf(name, sizeof(name), "blobs/sha256/%s", hexof(cb.digest));
	else
		snprintf(name, sizeof(name), "%s.json", hexof(cb.digest));
	ok &= put(&o, name, cb.data, cb.len, NULL);
	cat(&man, &mlen, "[{\"Config\":\"%s\",\"RepoTags\":[\"%s\"],\"Layers\":[",
	    name, repo_tag);
	for (size_t i = 0; i < img->nlayers; i++) {
		if (docker25)
			snprintf(name, sizeof(name), "blobs/sha256/%s",
				 hexof(img->layers[i].blob.digest));
		else
			snprintf(name, sizeof(name), "v1id%zu/layer.tar", i);
		cat(&man, &mlen, "%s\"%s\"", i ? "," : "", name);
	}
	cat(&man, &mlen, "]}]%s", "", NULL);
	ok &= put(&o, "manifest.json", man, mlen, NULL);
	if (docker25) {
		/* the OCI side: a manifest blob and index.json */
		char *mf = NULL;
		size_t mfl = 0;
		cat(&mf, &mfl, "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"%s\",\"size\":1},\"layers\":[",
		    cb.digest, NULL);
		for (size_t i = 0; i < img->nlayers; i++)
			cat(&mf, &mfl, "%s{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"%s\",\"size\":1}",
			    i ? "," : "", img->layers[i].blob.digest);
		cat(&mf, &mfl, "]}%s", "", NULL);
		struct mk_blob mb;
		mk_blob_set(&mb, mf, mfl);
		snprintf(name, sizeof(name), "blobs/sha256/%s", hexof(mb.digest));
		ok &= put(&o, name, mb.data, mb.len, NULL);
		char *ix = NULL;
		size_t ixl = 0;
		cat(&ix, &ixl, "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"%s\",\"size\":1,\"annotations\":{\"io.containerd.image.name\":\"%s\"}}]}",
		    mb.digest, repo_tag);
		ok &= put(&o, "index.json", ix, ixl, NULL);
		ok &= put(&o, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}", 30, NULL);
		free(mf);
		free(ix);
		free(mb.data);
	}
	free(man);
	free(cfg);
	free(cb.data);
	close_out(&o);
	return ok;
}

static const char *layer_mt(enum mk_comp c)
{
	return c == MK_GZIP ? "application/vnd.oci.image.layer.v1.tar+gzip" :
	       c == MK_ZSTD ? "application/vnd.oci.image.layer.v1.tar+zstd" :
			      "application/vnd.oci.image.layer.v1.tar";
}

/* Manifest blob for one image (writes its config and layers). */
static bool oci_image(struct out *o, const struct mk_image *img,
		      struct mk_blob *manifest)
{
	char name[256];
	bool ok = true;
	char *cfg = mk_config(img);
	struct mk_blob cb;
	mk_blob_set(&cb, cfg, strlen(cfg));
	snprintf(name, sizeof(name), "blobs/sha256/%s", hexof(cb.digest));
	ok &= put(o, name, cb.data, cb.len, NULL);
	char *mf = NULL;
	size_t mfl = 0;
	cat(&mf, &mfl, "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"%s\",\"size\":1},\"layers\":[",
	    cb.digest, NULL);
	for (size_t i = 0; i < img->nlayers; i++) {
		const struct mk_layer *l = &img->layers[i];
		snprintf(name, sizeof(name), "blobs/sha256/%s", hexof(l->blob.digest));
		ok &= put(o, name, l->blob.data, l->blob.len, NULL);
		char desc[512];
		snprintf(desc, sizeof(desc),
			 "%s{\"mediaType\":\"%s\",\"digest\":\"%s\",\"size\":%zu}",
			 i ? "," : "", layer_mt(l->comp), l->blob.digest, l->blob.len);
		cat(&mf, &mfl, "%s%s", desc, NULL);
	}
	cat(&mf, &mfl, "]}%s", "", NULL);
	mk_blob_set(manifest, mf, mfl);
	snprintf(name, sizeof(name), "blobs/sha256/%s", hexof(manifest->digest));
	ok &= put(o, name, manifest->data, manifest->len, NULL);
	free(mf);
	free(cfg);
	free(cb.data);
	return ok;
}

bool mk_oci(const char *path, const struct mk_image *imgs, size_t n,
	    bool multi_platform, bool as_dir)
{
	struct out o;
	if (!open_out(&o, path, as_dir))
		return false;
	bool ok = put(&o, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}", 30, NULL);
	char *ix = NULL;
	size_t ixl = 0;
	char desc[1024];
	for (size_t i = 0; i < n; i++) {
		struct mk_blob mb;
		ok &= oci_image(&o, &imgs[i], &mb);
		snprintf(desc, sizeof(desc),
			 "%s{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
			 "\"digest\":\"%s\",\"size\":%zu,%s\"annotations\":"
			 "{\"org.opencontainers.image.ref.name\":\"img%zu\"}}",
			 i ? "," : "", mb.digest, mb.len,
			 multi_platform ? (strcmp(imgs[i].arch ? imgs[i].arch : "amd64", "arm64") == 0 ?
					   "\"platform\":{\"os\":\"linux\",\"architecture\":\"arm64\",\"variant\":\"v8\"}," :
					   "\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"},") : "",
			 i);
		cat(&ix, &ixl, "%s%s", desc, NULL);
		free(mb.data);
	}
	char *top = NULL;
	size_t topl = 0;
	if (multi_platform) {
		/* nested: index.json -> image index blob -> manifests */
		char *inner = NULL;
		size_t il = 0;
		cat(&inner, &il, "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[%s]}",
		    ix, NULL);
		struct mk_blob ib;
		mk_blob_set(&ib, inner, il);
		char name[256];
		snprintf(name, sizeof(name), "blobs/sha256/%s", hexof(ib.digest));
		ok &= put(&o, name, ib.data, ib.len, NULL);
		cat(&top, &topl, "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"digest\":\"%s\",\"size\":%s,\"annotations\":{\"org.opencontainers.image.ref.name\":\"multi\"}}]}",
		    ib.digest, "1");
		free(inner);
		free(ib.data);
	} else {
		cat(&top, &topl, "{\"schemaVersion\":2,\"manifests\":[%s]}", ix, NULL);
	}
	ok &= put(&o, "index.json", top, topl, NULL);
	free(top);
	free(ix);
	close_out(&o);
	return ok;
}

bool mk_outer_tar(const char *path, const char *const *names,
		  const struct mk_blob *blobs, size_t n)
{
	struct out o;
	if (!open_out(&o, path, false))
		return false;
	bool ok = true;
	for (size_t i = 0; i < n; i++)
		ok &= put(&o, names[i], blobs[i].data, blobs[i].len, NULL);
	close_out(&o);
	return ok;
}

bool mk_compress_file(const char *in, const char *out, enum mk_comp comp)
{
	FILE *f = fopen(in, "rb");
	if (!f)
		return false;
	struct mem m = { 0 };
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		if (mem_write(NULL, &m, buf, n) < 0)
			break;
	}
	fclose(f);
	struct mk_blob raw = { m.buf ? m.buf : NULL, m.len, "" }, z;
	bool ok = compress_blob(&raw, comp, &z);
	free(m.buf);
	if (!ok)
		return false;
	f = fopen(out, "wb");
	ok = f && fwrite(z.data, 1, z.len, f) == z.len;
	if (f)
		ok = fclose(f) == 0 && ok;
	free(z.data);
	return ok;
}
