/* SPDX-License-Identifier: Apache-2.0
 *
 * img_json.c - image metadata: docker-archive manifest.json, OCI
 * index.json (nested indexes, platform and tag choice), image manifests
 * and the image config, parsed with jansson into struct img_model.
 *
 * This file owns choosing which image of the input to audit and listing
 * the layer blobs to read (struct img_plan) with the digests they must
 * have.  Metadata blobs named by a descriptor are verified here (sha256).
 * It does not read layers (img_layer.c) or the input container
 * (img_read.c): blobs come through the caller's img_get_fn.
 * Tests: tests/unit/image/test_image.c, tests/suites/image.sh.
 */
#include "img_int.h"

#include <jansson.h>
#include <openssl/evp.h>
#include <string.h>

#define MAX_INDEX_DEPTH 4

void img_sha256_hex(const void *buf, size_t len, char out[72])
{
	unsigned char md[32];
	unsigned int mdlen = 0;
	static const char hx[] = "0123456789abcdef";
	EVP_Digest(buf, len, md, &mdlen, EVP_sha256(), NULL);
	memcpy(out, "sha256:", 7);
	for (int i = 0; i < 32; i++) {
		out[7 + 2 * i] = hx[md[i] >> 4];
		out[8 + 2 * i] = hx[md[i] & 15];
	}
	out[71] = 0;
}

static bool is_hex64(const char *s)
{
	size_t i = 0;
	for (; s[i]; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return i == 64;
}

static bool digest_ok(const char *dg)
{
	return dg && strncmp(dg, "sha256:", 7) == 0 && is_hex64(dg + 7);
}

static const char *jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static const char *dup(struct img_model *m, const char *s)
{
	return s ? arena_strdup(&m->arena, s) : NULL;
}

static json_t *parse(const char *data, size_t len, const char *what,
		     struct diag *d)
{
	json_error_t err;
	json_t *j = json_loadb(data, len, 0, &err);
	if (!j)
		diag_error(d, BH_EPARSE, 0, 0, "%s: invalid JSON at line %d: %s",
			   what, err.line, err.text);
	return j;
}

/* Fetch the blob a descriptor names and check its digest. */
static json_t *fetch_desc(img_get_fn get, void *ctx, const char *digest,
			  const char *what, struct diag *d)
{
	if (!digest_ok(digest)) {
		diag_error(d, BH_EPARSE, 0, 0,
			   "%s: unsupported or malformed digest \"%.80s\"",
			   what, digest ? digest : "");
		return NULL;
	}
	char path[96], have[72];
	snprintf(path, sizeof(path), "blobs/sha256/%s", digest + 7);
	size_t len = 0;
	const char *data = get(ctx, path, &len);
	if (!data) {
		diag_error(d, BH_EPARSE, 0, 0, "%s: blob %s is missing", what,
			   digest);
		return NULL;
	}
	img_sha256_hex(data, len, have);
	if (strcmp(have, digest) != 0) {
		diag_error(d, BH_EPARSE, 0, 0,
			   "%s: blob %s fails verification (content is %s)",
			   what, digest, have);
		return NULL;
	}
	return parse(data, len, path, d);
}

static bool is_index_type(const char *mt)
{
	return mt && (strcmp(mt, "application/vnd.oci.image.index.v1+json") == 0 ||
		      strcmp(mt, "application/vnd.docker.distribution.manifest.list.v2+json") == 0);
}

struct want {
	char os[64], arch[64], variant[64];
	bool given;
};

static void parse_platform(const char *s, struct want *w)
{
	memset(w, 0, sizeof(*w));
	if (!s) {
		snprintf(w->os, sizeof(w->os), "linux");
		snprintf(w->arch, sizeof(w->arch), "amd64");
		return;
	}
	w->given = true;
	const char *a = strchr(s, '/');
	if (!a) {
		snprintf(w->os, sizeof(w->os), "%s", s);
		return;
	}
	snprintf(w->os, sizeof(w->os), "%.*s", (int)(a - s), s);
	const char *v = strchr(a + 1, '/');
	if (!v) {
		snprintf(w->arch, sizeof(w->arch), "%s", a + 1);
		return;
	}
	snprintf(w->arch, sizeof(w->arch), "%.*s", (int)(v - a - 1), a + 1);
	snprintf(w->variant, sizeof(w->variant), "%s", v + 1);
}

static bool is_attestation(json_t *desc)
{
	json_t *ann = json_object_get(desc, "annotations");
	const char *t = jstr(ann, "vnd.docker.reference.type");
	if (t && strcmp(t, "attestation-manifest") == 0)
		return true;
	json_t *pl = json_object_get(desc, "platform");
	const char *os = jstr(pl, "os");
	return os && strcmp(os, "unknown") == 0;
}

/* 1 = matches, 0 = does not, -1 = descriptor says nothing */
static int platform_match(json_t *desc, const struct want *w)
{
	json_t *pl = json_object_get(desc, "platform");
	if (!json_is_object(pl))
		return -1;
	const char *os = jstr(pl, "os"), *arch = jstr(pl, "architecture");
	const char *var = jstr(pl, "variant");
	if (w->os[0] && (!os || strcmp(os, w->os) != 0))
		return 0;
	if (w->arch[0] && (!arch || strcmp(arch, w->arch) != 0))
		return 0;
	if (w->variant[0] && (!var || strcmp(var, w->variant) != 0))
		return 0;
	return 1;
}

static bool ref_match(json_t *desc, const char *ref)
{
	json_t *ann = json_object_get(desc, "annotations");
	const char *names[] = { jstr(ann, "org.opencontainers.image.ref.name"),
				jstr(ann, "io.containerd.image.name") };
	size_t rl = strlen(ref);
	for (size_t i = 0; i < 2; i++) {
		const char *n = names[i];
		if (!n)
			continue;
		size_t nl = strlen(n);
		if (strcmp(n, ref) == 0)
			return true;
		if (nl > rl && strcmp(n + nl - rl, ref) == 0 &&
		    (n[nl - rl - 1] == ':' || n[nl - rl - 1] == '/'))
			return true;
	}
	return false;
}

static void list_platforms(json_t *arr, char *buf, size_t size)
{
	size_t o = 0;
	buf[0] = 0;
	size_t i;
	json_t *desc;
	json_array_foreach(arr, i, desc) {
		json_t *pl = json_object_get(desc, "platform");
		const char *os = jstr(pl, "os"), *arch = jstr(pl, "architecture");
		const char *var = jstr(pl, "variant");
		if (!os || !arch || o + 2 >= size)
			continue;
		int w = snprintf(buf + o, size - o, "%s%s/%s%s%s", o ? ", " : "",
				 os, arch, var ? "/" : "", var ? var : "");
		if (w < 0 || (size_t)w >= size - o)
			break;
		o += (size_t)w;
	}
}

/* Choose a manifest descriptor from an index (following nested indexes
 * up to MAX_INDEX_DEPTH).  Returns the image manifest JSON (new ref). */
static json_t *choose(struct img_model *m, const struct img_options *o,
		      img_get_fn get, void *ctx, json_t *index, int depth,
		      struct diag *d)
{
	if (depth > MAX_INDEX_DEPTH) {
		diag_error(d, BH_ELIMIT, 0, 0,
			   "index.json: indexes nested deeper than %d",
			   MAX_INDEX_DEPTH);
		return NULL;
	}
	json_t *arr = json_object_get(index, "manifests");
	if (!json_is_array(arr) || json_array_size(arr) == 0) {
		diag_error(d, BH_EPARSE, 0, 0, "index: no \"manifests\"");
		return NULL;
	}
	struct want w;
	parse_platform(o->platform, &w);
	json_t *pick = NULL, *any = NULL, *unplat = NULL;
	size_t i;
	json_t *desc;
	json_array_foreach(arr, i, desc) {
		if (!json_is_object(desc) || is_attestation(desc))
			continue;
		if (depth == 0 && o->ref && !ref_match(desc, o->ref))
			continue;
		if (!any)
			any = desc;
		int pm = platform_match(desc, &w);
		if (pm == 1 && !pick)
			pick = desc;
		if (pm == -1 && !unplat)
			unplat = desc;
	}
	if (!any) {
		if (o->ref && depth == 0)
			diag_error(d, BH_EUSAGE, 0, 0,
				   "no image tagged \"%s\" in index.json", o->ref);
		else
			diag_error(d, BH_EPARSE, 0, 0, "index: no image manifest");
		return NULL;
	}
	if (!pick)
		pick = unplat;
	if (!pick && w.given) {
		char plats[256];
		list_platforms(arr, plats, sizeof(plats));
		diag_error(d, BH_EUSAGE, 0, 0,
			   "no image for platform %s (available: %s)",
			   o->platform, plats[0] ? plats : "none listed");
		return NULL;
	}
	if (!pick)
		pick = any; /* no linux/amd64: the first one */
	if (depth == 0) {
		json_t *ann = json_object_get(pick, "annotations");
		const char *rn = jstr(ann, "io.containerd.image.name");
		if (!rn)
			rn = jstr(ann, "org.opencontainers.image.ref.name");
		m->ref = dup(m, rn);
	}
	const char *dg = jstr(pick, "digest");
	json_t *j = fetch_desc(get, ctx, dg, "manifest", d);
	if (!j)
		return NULL;
	const char *mt = jstr(pick, "mediaType");
	const char *own = jstr(j, "mediaType");
	if (is_index_type(mt) || is_index_type(own) ||
	    (!mt && !own && json_is_array(json_object_get(j, "manifests")))) {
		json_t *r = choose(m, o, get, ctx, j, depth + 1, d);
		json_decref(j);
		return r;
	}
	m->manifest_digest = dup(m, dg);
	return j;
}

static int read_config(struct img_model *m, json_t *cfg, struct diag *d)
{
	struct arena *a = &m->arena;
	m->os = dup(m, jstr(cfg, "os"));
	m->arch = dup(m, jstr(cfg, "architecture"));
	m->variant = dup(m, jstr(cfg, "variant"));
	json_t *c = json_object_get(cfg, "config");
	if (json_is_object(c)) {
		m->user = dup(m, jstr(c, "User"));
		json_t *hc = json_object_get(c, "Healthcheck");
		json_t *test = json_object_get(hc, "Test");
		if (json_is_array(test) && json_array_size(test) > 0) {
			const char *t0 = json_string_value(json_array_get(test, 0));
			if (t0 && strcmp(t0, "NONE") == 0)
				m->healthcheck_disabled = true;
			else
				m->has_healthcheck = true;
		}
		json_t *env = json_object_get(c, "Env");
		if (json_is_array(env) && json_array_size(env)) {
			size_t n = json_array_size(env), i;
			json_t *v;
			m->env = arena_array(a, n, sizeof(*m->env));
			if (!m->env)
				goto nomem;
			json_array_foreach(env, i, v) {
				const char *s = json_string_value(v);
				if (!s)
					continue;
				const char *eq = strchr(s, '=');
				struct img_kv *kv = &m->env[m->nenv++];
				kv->key = arena_strndup(a, s, eq ? (size_t)(eq - s) : strlen(s));
				kv->value = arena_strdup(a, eq ? eq + 1 : "");
				if (!kv->key || !kv->value)
					goto nomem;
			}
		}
		json_t *lab = json_object_get(c, "Labels");
		if (json_is_object(lab) && json_object_size(lab)) {
			m->labels = arena_array(a, json_object_size(lab),
						sizeof(*m->labels));
			if (!m->labels)
				goto nomem;
			const char *k;
			json_t *v;
			json_object_foreach(lab, k, v) {
				const char *s = json_string_value(v);
				struct img_kv *kv = &m->labels[m->nlabels++];
				kv->key = arena_strdup(a, k);
				kv->value = arena_strdup(a, s ? s : "");
				if (!kv->key || !kv->value)
					goto nomem;
			}
		}
		json_t *ports = json_object_get(c, "ExposedPorts");
		if (json_is_object(ports) && json_object_size(ports)) {
			m->ports = arena_array(a, json_object_size(ports),
					       sizeof(*m->ports));
			if (!m->ports)
				goto nomem;
			const char *k;
			json_t *v;
			json_object_foreach(ports, k, v) {
				if (!(m->ports[m->nports++] = arena_strdup(a, k)))
					goto nomem;
			}
		}
	}
	json_t *hist = json_object_get(cfg, "history");
	if (json_is_array(hist) && json_array_size(hist)) {
		size_t n = json_array_size(hist), i;
		json_t *h;
		m->history = arena_array(a, n, sizeof(*m->history));
		if (!m->history)
			goto nomem;
		json_array_foreach(hist, i, h) {
			struct img_history *e = &m->history[m->nhistory++];
			e->created_by = dup(m, jstr(h, "created_by"));
			e->created = dup(m, jstr(h, "created"));
			e->empty_layer = json_is_true(json_object_get(h, "empty_layer"));
			e->layer = -1;
		}
	}
	return 0;
nomem:
	return diag_error(d, BH_ELIMIT, 0, 0, "image config too large");
}

/* Tie layers to diff_ids and history lines. */
static int finish_layers(struct img_model *m, json_t *cfg,
			 struct img_plan *plan, struct diag *d)
{
	json_t *ids = json_object_get(json_object_get(cfg, "rootfs"), "diff_ids");
	size_t nids = json_is_array(ids) ? json_array_size(ids) : 0;
	if (nids != m->nlayers)
		return diag_error(d, BH_EPARSE, 0, 0,
				  "config lists %zu diff_ids but the manifest %zu layers",
				  nids, m->nlayers);
	for (size_t i = 0; i < nids; i++) {
		const char *id = json_string_value(json_array_get(ids, i));
		if (!digest_ok(id))
			return diag_error(d, BH_EPARSE, 0, 0,
					  "config: diff_id %zu is not a sha256 digest", i + 1);
		m->layers[i].diff_id = dup(m, id);
		plan->diff_id[i] = m->layers[i].diff_id;
		if (!m->layers[i].digest)
			m->layers[i].digest = m->layers[i].diff_id;
	}
	size_t li = 0;
	for (size_t h = 0; h < m->nhistory; h++) {
		if (m->history[h].empty_layer)
			continue;
		if (li < m->nlayers) {
			m->history[h].layer = (int)li;
			m->layers[li].created_by = m->history[h].created_by;
		}
		li++;
	}
	return 0;
}

static int alloc_plan(struct img_model *m, struct img_plan *plan, size_t n,
		      struct diag *d)
{
	if (n > m->limits.max_layers)
		return diag_error(d, BH_ELIMIT, 0, 0,
				  "image has %zu layers (limit %zu)", n,
				  m->limits.max_layers);
	plan->n = n;
	m->nlayers = n;
	m->layers = arena_array(&m->arena, n ? n : 1, sizeof(*m->layers));
	plan->path = arena_array(&m->arena, n ? n : 1, sizeof(char *));
	plan->digest = arena_array(&m->arena, n ? n : 1, sizeof(char *));
	plan->diff_id = arena_array(&m->arena, n ? n : 1, sizeof(char *));
	if (!m->layers || !plan->path || !plan->digest || !plan->diff_id)
		return diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
	return 0;
}

static int resolve_oci(struct img_model *m, const struct img_options *o,
		       img_get_fn get, void *ctx, json_t *index,
		       struct img_plan *plan, struct diag *d)
{
	int rc = BH_EPARSE;
	json_t *man = choose(m, o, get, ctx, index, 0, d);
	json_t *cfg = NULL;
	if (!man)
		return d->code ? d->code : BH_EPARSE;
	json_t *cd = json_object_get(man, "config");
	const char *cdg = jstr(cd, "digest");
	cfg = fetch_desc(get, ctx, cdg, "config", d);
	if (!cfg)
		goto out;
	m->config_digest = dup(m, cdg);
	json_t *layers = json_object_get(man, "layers");
	size_t n = json_is_array(layers) ? json_array_size(layers) : 0;
	if ((rc = alloc_plan(m, plan, n, d)) != 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		json_t *ld = json_array_get(layers, i);
		const char *dg = jstr(ld, "digest");
		const char *mt = jstr(ld, "mediaType");
		struct img_layer *L = &m->layers[i];
		if (!digest_ok(dg)) {
			rc = diag_error(d, BH_EPARSE, 0, 0,
					"manifest: layer %zu has a bad digest", i + 1);
			goto out;
		}
		L->digest = dup(m, dg);
		L->media_type = dup(m, mt);
		json_t *sz = json_object_get(ld, "size");
		L->size = json_is_integer(sz) && json_integer_value(sz) > 0 ?
			  (uint64_t)json_integer_value(sz) : 0;
		plan->path[i] = arena_printf(&m->arena, "blobs/sha256/%s", dg + 7);
		plan->digest[i] = L->digest;
		if (mt && (strstr(mt, "nondistributable") || strstr(mt, "foreign")))
			L->missing = true; /* read if present */
	}
	if ((rc = read_config(m, cfg, d)) != 0)
		goto out;
	rc = finish_layers(m, cfg, plan, d);
out:
	json_decref(man);
	json_decref(cfg);
	return rc;
}

static bool repo_tag_match(json_t *tags, const char *ref)
{
	size_t i;
	json_t *t;
	size_t rl = strlen(ref);
	json_array_foreach(tags, i, t) {
		const char *s = json_string_value(t);
		if (!s)
			continue;
		size_t sl = strlen(s);
		if (strcmp(s, ref) == 0 ||
		    (sl > rl && s[sl - rl - 1] == ':' && strcmp(s + sl - rl, ref) == 0))
			return true;
	}
	return false;
}

static int resolve_docker(struct img_model *m, const struct img_options *o,
			  img_get_fn get, void *ctx, json_t *arr,
			  struct img_plan *plan, struct diag *d)
{
	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return diag_error(d, BH_EPARSE, 0, 0,
				  "manifest.json: not a non-empty array");
	json_t *item = NULL, *it;
	size_t i;
	json_array_foreach(arr, i, it) {
		if (!o->ref || repo_tag_match(json_object_get(it, "RepoTags"), o->ref)) {
			item = it;
			break;
		}
	}
	if (!item)
		return diag_error(d, BH_EUSAGE, 0, 0,
				  "no image tagged \"%s\" in manifest.json", o->ref);
	json_t *tags = json_object_get(item, "RepoTags");
	if (json_is_array(tags) && json_array_size(tags)) {
		size_t nt = json_array_size(tags);
		m->repo_tags = arena_array(&m->arena, nt, sizeof(char *));
		if (!m->repo_tags)
			return diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
		json_array_foreach(tags, i, it)
			if (json_is_string(it))
				m->repo_tags[m->nrepo_tags++] = dup(m, json_string_value(it));
		if (m->nrepo_tags)
			m->ref = m->repo_tags[0];
	}
	const char *cpath = jstr(item, "Config");
	if (!cpath)
		return diag_error(d, BH_EPARSE, 0, 0, "manifest.json: no Config");
	size_t len = 0;
	const char *data = get(ctx, cpath, &len);
	if (!data)
		return diag_error(d, BH_EPARSE, 0, 0,
				  "manifest.json: config %.200s is missing", cpath);
	char have[72];
	img_sha256_hex(data, len, have);
	/* the config's name is its digest: "<hex>.json" or blobs/sha256/<hex> */
	const char *base = strrchr(cpath, '/');
	base = base ? base + 1 : cpath;
	char hex[65] = "";
	if (strlen(base) >= 64) {
		memcpy(hex, base, 64);
		hex[64] = 0;
	}
	if (is_hex64(hex) && strcmp(have + 7, hex) != 0)
		return diag_error(d, BH_EPARSE, 0, 0,
				  "config %.200s fails verification (content is %s)",
				  cpath, have);
	m->config_digest = dup(m, have);
	json_t *cfg = parse(data, len, cpath, d);
	if (!cfg)
		return BH_EPARSE;
	int rc;
	json_t *layers = json_object_get(item, "Layers");
	size_t n = json_is_array(layers) ? json_array_size(layers) : 0;
	if ((rc = alloc_plan(m, plan, n, d)) != 0)
		goto out;
	for (i = 0; i < n; i++) {
		const char *p = json_string_value(json_array_get(layers, i));
		if (!p) {
			rc = diag_error(d, BH_EPARSE, 0, 0,
					"manifest.json: layer %zu is not a path", i + 1);
			goto out;
		}
		plan->path[i] = dup(m, p);
		const char *b = strrchr(p, '/');
		b = b ? b + 1 : p;
		if (strncmp(p, "blobs/sha256/", 13) == 0 && is_hex64(p + 13)) {
			m->layers[i].digest = arena_printf(&m->arena, "sha256:%s", p + 13);
			plan->digest[i] = m->layers[i].digest;
		} else if (strlen(b) == 68 && strcmp(b + 64, ".tar") == 0) {
			char h[65];
			memcpy(h, b, 64);
			h[64] = 0;
			if (is_hex64(h)) {
				m->layers[i].digest = arena_printf(&m->arena, "sha256:%s", h);
				plan->digest[i] = m->layers[i].digest;
			}
		}
	}
	if ((rc = read_config(m, cfg, d)) != 0)
		goto out;
	rc = finish_layers(m, cfg, plan, d);
out:
	json_decref(cfg);
	return rc;
}

int img_json_resolve(struct img_model *m, const struct img_options *o,
		     img_get_fn get, void *ctx, struct img_plan *plan,
		     struct diag *d)
{
	size_t ilen = 0, mlen = 0;
	const char *idx = get(ctx, "index.json", &ilen);
	const char *man = get(ctx, "manifest.json", &mlen);
	int rc;
	memset(plan, 0, sizeof(*plan));
	if (idx) {
		json_t *j = parse(idx, ilen, "index.json", d);
		if (!j)
			return BH_EPARSE;
		struct diag d2;
		diag_init(&d2, d->file);
		rc = resolve_oci(m, o, get, ctx, j, plan, man ? &d2 : d);
		json_decref(j);
		if (rc == 0 || !man)
			return rc;
		/* Docker 25+ archive whose index names blobs it does not
		 * hold: fall back to manifest.json, keep the first cause if
		 * that fails too */
		m->manifest_digest = NULL;
		m->ref = NULL;
		m->nenv = m->nlabels = m->nports = m->nhistory = 0;
		m->user = NULL;
		m->has_healthcheck = m->healthcheck_disabled = false;
		memset(plan, 0, sizeof(*plan));
		json_t *mj = parse(man, mlen, "manifest.json", d);
		if (!mj)
			return BH_EPARSE;
		rc = resolve_docker(m, o, get, ctx, mj, plan, d);
		json_decref(mj);
		if (rc != 0 && d->code == rc)
			return rc;
		m->format = "docker-archive";
		return rc;
	}
	if (man) {
		json_t *j = parse(man, mlen, "manifest.json", d);
		if (!j)
			return BH_EPARSE;
		rc = resolve_docker(m, o, get, ctx, j, plan, d);
		json_decref(j);
		m->format = "docker-archive";
		return rc;
	}
	return diag_error(d, BH_EPARSE, 0, 0,
			  "not an image: neither index.json nor manifest.json found");
}
