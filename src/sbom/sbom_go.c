/* SPDX-License-Identifier: Apache-2.0
 *
 * sbom_go.c - the packages compiled into an ELF executable: Go build
 * information (the "\xff Go buildinf:" header of .go.buildinfo: the
 * toolchain version, the main module, every dependency and its
 * replacement), read from the whole file or from the few extents an
 * image layer's stream kept of it (struct sbom_bin_scan).
 *
 * Both forms of the header are read: Go 1.18+ writes the version and
 * the module text inline (uvarint-length strings right after the 32-byte
 * header); older toolchains write two pointers (4 or 8 bytes, little or
 * big endian as the header's flags say) to Go string headers, resolved
 * through the ELF program headers (PT_LOAD: virtual address -> file
 * offset).  The header is looked for as Go's debug/buildinfo does: in the
 * .go.buildinfo section, else at the start of the first writable
 * PT_LOAD segment, at 16-byte aligned offsets in its first 64 KiB.
 * What it lists follows Trivy's Go binary parser (docs/sbom.md): a
 * `stdlib` row with the toolchain version without "go" ("1.19.8"), the
 * main module unless its version is "(devel)" or absent, every `dep`, or
 * the module of its `=>` line when it is replaced (a replacement by a
 * local directory, "../x" with no version or "(devel)", is left out);
 * module versions without their leading "v" (purls keep it:
 * pkg:golang/PATH@vX).
 *
 * It never opens a file; every offset and length is checked against
 * what is there (a truncated or inconsistent header is BH_EPARSE with its
 * byte offset).
 *
 * Also Rust binaries built with cargo auditable: their .dep-v0 section
 * (at most CARGO_MAX_IN bytes) is a zlib stream of JSON,
 * {"packages":[{"name","version","source","kind","dependencies",
 * "root"}]}; it is inflated into at most CARGO_MAX_OUT bytes (more is an
 * error, not a truncated list: a zlib bomb stops there) and parsed by
 * jansson (nesting bounded by its 2048 levels).  Every package but those
 * of kind "build" (not compiled in) and of source "local" (the workspace's
 * own crates, as Cargo.lock's reader leaves them out) is a cargo row.
 * In an image layer's stream (struct sbom_bin_scan) the section is
 * found before its header is read: a zlib stream (0x78 header) whose
 * first inflated bytes are {"packages" is kept (at most CARGO_KEEP of
 * them, CARGO_MAX_IN bytes each; CARGO_LIVE tried at once, each for
 * CARGO_TRY input bytes), with the section header table (its offset
 * is in the ELF header) and each "\0.dep-v0\0" met (the name in
 * .shstrtab); the summary then holds what cargo_read() reads, and the
 * same checks and caps apply (a kept stream that is not the section
 * named .dep-v0 lists nothing).  A .dep-v0 that is no zlib JSON is
 * not seen in a layer (a whole file's is an error).  Not here: Java.
 * Tests: tests/unit/sbom/test_sbom_bin.c (ELF files built in memory,
 * both forms, 32/64-bit, both byte orders; real binaries when present),
 * tests/suites/sbom_go.sh (`go version -m` and dpkg's Built-Using as
 * oracles), tests/suites/sbom_cargo.sh (cargo auditable: files,
 * directories, image layers), fuzz/fuzz_sbom_bin.c.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <zlib.h>

#include "sbom.h"

#define GO_MAGIC "\xff Go buildinf:"
#define GO_MAGIC_LEN 14
#define GO_SEARCH ((uint64_t)64 << 10)   /* bytes searched for the header */
#define GO_MAX_STR ((uint64_t)4 << 20)   /* version or module text */
#define MAX_PHDRS 256
#define MAX_SHDRS 65535
#define CARGO_MAX_IN ((uint64_t)4 << 20)    /* .dep-v0 bytes read */
#define CARGO_MAX_OUT ((size_t)8 << 20)     /* JSON bytes inflated */

static const unsigned char mod_sentinel_start[16] = {
	0x30, 0x77, 0xaf, 0x0c, 0x92, 0x74, 0x08, 0x02,
	0x41, 0xe1, 0xc1, 0x07, 0xe6, 0xd6, 0x18, 0xe6 };

/* A file seen whole, or through the extents a stream kept of it. */
struct ext {
	uint64_t off;
	size_t len;
	const unsigned char *p;
};

struct view {
	const unsigned char *whole;   /* or NULL */
	uint64_t size;
	const struct ext *ext;
	size_t next;
};

/* n bytes at off, or NULL when not there. */
static const unsigned char *at(const struct view *v, uint64_t off, uint64_t n)
{
	if (off > v->size || n > v->size - off)
		return NULL;
	if (v->whole)
		return v->whole + off;
	for (size_t i = 0; i < v->next; i++) {
		const struct ext *e = &v->ext[i];
		if (off >= e->off && off - e->off <= e->len &&
		    n <= e->len - (off - e->off))
			return e->p + (off - e->off);
	}
	return NULL;
}

struct elf {
	bool is64, be;
	uint64_t phoff, shoff;
	uint16_t phentsize, phnum, shentsize, shnum, shstrndx;
};

static uint64_t rd(const unsigned char *p, int n, bool be)
{
	uint64_t v = 0;
	for (int i = 0; i < n; i++)
		v |= (uint64_t)p[be ? i : n - 1 - i] << (8 * (n - 1 - i));
	return v;
}

bool sbom_is_elf(const char *buf, size_t len)
{
	return len >= 52 && !memcmp(buf, "\x7f" "ELF", 4) &&
	       (buf[4] == 1 || buf[4] == 2) && (buf[5] == 1 || buf[5] == 2);
}

static int elf_head(const struct view *v, struct elf *e, struct diag *d)
{
	const unsigned char *h = at(v, 0, 64);
	if (!h && !(h = at(v, 0, 52)))
		return diag_error(d, BH_EPARSE, 0, 0, "truncated ELF header");
	if (memcmp(h, "\x7f" "ELF", 4) || (h[4] != 1 && h[4] != 2) ||
	    (h[5] != 1 && h[5] != 2))
		return diag_error(d, BH_EPARSE, 0, 0, "not an ELF file");
	e->is64 = h[4] == 2;
	e->be = h[5] == 2;
	if (e->is64 && !at(v, 0, 64))
		return diag_error(d, BH_EPARSE, 0, 0, "truncated ELF header");
	if (e->is64) {
		e->phoff = rd(h + 32, 8, e->be);
		e->shoff = rd(h + 40, 8, e->be);
		e->phentsize = (uint16_t)rd(h + 54, 2, e->be);
		e->phnum = (uint16_t)rd(h + 56, 2, e->be);
		e->shentsize = (uint16_t)rd(h + 58, 2, e->be);
		e->shnum = (uint16_t)rd(h + 60, 2, e->be);
		e->shstrndx = (uint16_t)rd(h + 62, 2, e->be);
	} else {
		e->phoff = rd(h + 28, 4, e->be);
		e->shoff = rd(h + 32, 4, e->be);
		e->phentsize = (uint16_t)rd(h + 42, 2, e->be);
		e->phnum = (uint16_t)rd(h + 44, 2, e->be);
		e->shentsize = (uint16_t)rd(h + 46, 2, e->be);
		e->shnum = (uint16_t)rd(h + 48, 2, e->be);
		e->shstrndx = (uint16_t)rd(h + 50, 2, e->be);
	}
	if (e->phnum > MAX_PHDRS)
		e->phnum = MAX_PHDRS;
	if (e->phnum && e->phentsize < (e->is64 ? 56 : 32))
		e->phnum = 0;
	if (e->shnum && e->shentsize < (e->is64 ? 64 : 40))
		e->shnum = 0;
	return 0;
}

/* Program header i: type, flags, file offset, vaddr, filesz. */
static bool phdr(const struct view *v, const struct elf *e, unsigned i,
		 uint32_t *type, uint32_t *flags, uint64_t *off, uint64_t *vaddr,
		 uint64_t *filesz)
{
	const unsigned char *p = at(v, e->phoff + (uint64_t)i * e->phentsize,
				    e->is64 ? 56 : 32);
	if (!p)
		return false;
	*type = (uint32_t)rd(p, 4, e->be);
	if (e->is64) {
		*flags = (uint32_t)rd(p + 4, 4, e->be);
		*off = rd(p + 8, 8, e->be);
		*vaddr = rd(p + 16, 8, e->be);
		*filesz = rd(p + 32, 8, e->be);
	} else {
		*off = rd(p + 4, 4, e->be);
		*vaddr = rd(p + 8, 4, e->be);
		*filesz = rd(p + 16, 4, e->be);
		*flags = (uint32_t)rd(p + 24, 4, e->be);
	}
	return true;
}

/* The file offset of n bytes at virtual address addr (PT_LOAD). */
static bool vaddr_off(const struct view *v, const struct elf *e, uint64_t addr,
		      uint64_t n, uint64_t *off)
{
	for (unsigned i = 0; i < e->phnum; i++) {
		uint32_t type, flags;
		uint64_t o, va, fs;
		if (!phdr(v, e, i, &type, &flags, &o, &va, &fs) || type != 1)
			continue;
		if (addr >= va && addr - va <= fs && n <= fs - (addr - va)) {
			*off = o + (addr - va);
			return true;
		}
	}
	return false;
}

/* Section "name": its file offset and size. */
static bool section(const struct view *v, const struct elf *e, const char *name,
		    uint64_t *off, uint64_t *size)
{
	if (!e->shnum || e->shstrndx >= e->shnum)
		return false;
	unsigned sz = e->is64 ? 64 : 40;
	const unsigned char *s = at(v, e->shoff + (uint64_t)e->shstrndx * e->shentsize, sz);
	if (!s)
		return false;
	uint64_t stroff = e->is64 ? rd(s + 24, 8, e->be) : rd(s + 16, 4, e->be);
	uint64_t strsz = e->is64 ? rd(s + 32, 8, e->be) : rd(s + 20, 4, e->be);
	size_t nl = strlen(name) + 1;
	for (unsigned i = 0; i < e->shnum; i++) {
		const unsigned char *h = at(v, e->shoff + (uint64_t)i * e->shentsize, sz);
		if (!h)
			return false;
		uint64_t nm = rd(h, 4, e->be);
		if (nm >= strsz || strsz - nm < nl)
			continue;
		const unsigned char *str = at(v, stroff + nm, nl);
		if (!str || memcmp(str, name, nl))
			continue;
		*off = e->is64 ? rd(h + 24, 8, e->be) : rd(h + 16, 4, e->be);
		*size = e->is64 ? rd(h + 32, 8, e->be) : rd(h + 20, 4, e->be);
		uint32_t type = (uint32_t)rd(h + 4, 4, e->be);
		if (type == 8)   /* SHT_NOBITS: nothing in the file */
			*size = 0;
		return true;
	}
	return false;
}

/* Where the Go header is looked for: .go.buildinfo, else the first
 * writable PT_LOAD segment. */
static bool go_data_start(const struct view *v, const struct elf *e,
			  uint64_t *off, uint64_t *size)
{
	if (section(v, e, ".go.buildinfo", off, size))
		return true;
	for (unsigned i = 0; i < e->phnum; i++) {
		uint32_t type, flags;
		uint64_t o, va, fs;
		if (phdr(v, e, i, &type, &flags, &o, &va, &fs) && type == 1 &&
		    (flags & 2)) {
			*off = o;
			*size = fs;
			return true;
		}
	}
	return false;
}

static bool find_magic(const struct view *v, uint64_t start, uint64_t size,
		       uint64_t *found)
{
	if (size > GO_SEARCH)
		size = GO_SEARCH;
	for (uint64_t k = 0; k + 32 <= size; k += 16) {
		const unsigned char *p = at(v, start + k, 32);
		if (p && !memcmp(p, GO_MAGIC, GO_MAGIC_LEN)) {
			*found = start + k;
			return true;
		}
	}
	return false;
}

/* A uvarint-length string at *off; advances *off. */
static const unsigned char *inline_str(const struct view *v, uint64_t *off,
				       uint64_t *len)
{
	uint64_t n = 0;
	for (int shift = 0; shift < 64; shift += 7) {
		const unsigned char *b = at(v, *off, 1);
		if (!b)
			return NULL;
		(*off)++;
		n |= (uint64_t)(*b & 0x7f) << shift;
		if (!(*b & 0x80)) {
			if (n > GO_MAX_STR)
				return NULL;
			const unsigned char *s = at(v, *off, n);
			if (!s)
				return NULL;
			*off += n;
			*len = n;
			return s;
		}
	}
	return NULL;
}

/* A Go string whose header is at virtual address addr. */
static const unsigned char *ptr_str(const struct view *v, const struct elf *e,
				    uint64_t addr, int ps, bool be, uint64_t *len)
{
	uint64_t off;
	if (!vaddr_off(v, e, addr, (uint64_t)2 * ps, &off))
		return NULL;
	const unsigned char *h = at(v, off, (uint64_t)2 * ps);
	if (!h)
		return NULL;
	uint64_t data = rd(h, ps, be), n = rd(h + ps, ps, be);
	if (n > GO_MAX_STR)
		return NULL;
	if (!n) {
		*len = 0;
		return (const unsigned char *)"";
	}
	if (!vaddr_off(v, e, data, n, &off))
		return NULL;
	*len = n;
	return at(v, off, n);
}

static char *dupn(const unsigned char *s, size_t n)
{
	char *r = malloc(n + 1);
	if (r) {
		memcpy(r, s, n);
		r[n] = 0;
	}
	return r;
}

static int add_go(const char *name, const char *ver, bool vprefix,
		  const struct sbom_src *src, struct sbom_list *out)
{
	const char *v = ver;
	if (vprefix && v[0] == 'v')
		v++;
	struct sbom_pkg_in in = { .eco = SBOM_GO, .name = name, .version = v };
	return sbom_list_add(out, &in, src);
}

/* Splits a tab-separated line into at most 4 fields (NUL-terminated in
 * place). */
static int fields(char *line, char **f)
{
	int n = 0;
	f[n++] = line;
	for (char *p = line; *p && n < 4; p++)
		if (*p == '\t') {
			*p = 0;
			f[n++] = p + 1;
		}
	return n;
}

/* The module text: "path", "mod", "dep", "=>" lines (a "=>" line
 * replaces the dep above it). */
static int go_mods(char *mod, const struct sbom_src *src, struct sbom_list *out)
{
	char *pend_path = NULL, *pend_ver = NULL;   /* the last dep, unflushed */
	int rc = 0;
	char *save = NULL;
	for (char *line = strtok_r(mod, "\n", &save); line && !rc;
	     line = strtok_r(NULL, "\n", &save)) {
		char *f[4] = { 0 };
		int n = fields(line, f);
		bool dep = !strcmp(f[0], "dep"), repl = !strcmp(f[0], "=>");
		if (repl && pend_path) {
			/* the replacement is what is compiled in; a local
			 * directory ("../x", no version or "(devel)") is no
			 * module anyone publishes: left out */
			if (n >= 3 && *f[1] && *f[2] && strcmp(f[2], "(devel)") &&
			    f[1][0] != '.' && f[1][0] != '/')
				rc = add_go(f[1], f[2], true, src, out);
			pend_path = pend_ver = NULL;
			continue;
		}
		if (pend_path) {
			rc = add_go(pend_path, pend_ver, true, src, out);
			pend_path = pend_ver = NULL;
			if (rc)
				break;
		}
		if (!strcmp(f[0], "mod") && n >= 3 && *f[1] && *f[2] &&
		    strcmp(f[2], "(devel)"))
			rc = add_go(f[1], f[2], true, src, out);
		else if (dep && n >= 3 && *f[1] && *f[2]) {
			pend_path = f[1];
			pend_ver = f[2];
		}
	}
	if (!rc && pend_path)
		rc = add_go(pend_path, pend_ver, true, src, out);
	return rc;
}

/* The Go build information of the ELF file v, if it has one. */
static int go_read(const struct view *v, const struct elf *e, uint64_t magic,
		   bool partial, const struct sbom_src *src,
		   struct sbom_list *out, struct diag *d)
{
	const unsigned char *h = at(v, magic, 32);
	if (!h)
		return diag_error(d, BH_EPARSE, 0, 0, "Go build information at "
				  "byte %llu: truncated", (unsigned long long)magic);
	int ps = h[14];
	unsigned flags = h[15];
	const unsigned char *vs, *ms;
	uint64_t vl = 0, ml = 0;
	if (flags & 2) {
		uint64_t off = magic + 32;
		vs = inline_str(v, &off, &vl);
		ms = vs ? inline_str(v, &off, &ml) : NULL;
	} else {
		if (ps != 4 && ps != 8)
			return diag_error(d, BH_EPARSE, 0, 0, "Go build information "
					  "at byte %llu: pointer size %d",
					  (unsigned long long)magic, ps);
		bool be = flags & 1;
		const unsigned char *p = at(v, magic + 16, (uint64_t)2 * ps);
		vs = p ? ptr_str(v, e, rd(p, ps, be), ps, be, &vl) : NULL;
		ms = vs ? ptr_str(v, e, rd(p + ps, ps, be), ps, be, &ml) : NULL;
	}
	if ((!vs || !ms) && partial && !(flags & 2))
		return 0;   /* a stream's summary may lack the strings */
	if (!vs || !ms)
		return diag_error(d, BH_EPARSE, 0, 0, "Go build information at "
				  "byte %llu: version or module text out of the "
				  "file", (unsigned long long)magic);
	int rc = 0;
	if (vl) {
		char *ver = dupn(vs, vl);
		if (!ver)
			return BH_ENOMEM;
		/* "go1.22.1 X:boringcrypto": the version is the first word */
		char *sp = strchr(ver, ' ');
		if (sp)
			*sp = 0;
		const char *bare = !strncmp(ver, "go", 2) ? ver + 2 : ver;
		if (*bare)
			rc = add_go("stdlib", bare, false, src, out);
		free(ver);
		if (rc)
			return rc;
	}
	/* the module text sits between two 16-byte sentinels */
	if (ml >= 33 && ms[ml - 17] == '\n' &&
	    !memcmp(ms, mod_sentinel_start, 16)) {
		char *mod = dupn(ms + 16, ml - 32);
		if (!mod)
			return BH_ENOMEM;
		rc = go_mods(mod, src, out);
		free(mod);
	}
	return rc;
}

/* ---- cargo auditable: the .dep-v0 section ---- */

static int cargo_inflate(const unsigned char *in, uint64_t n, uint64_t at,
			 char **out, size_t *olen, struct diag *d)
{
	z_stream z;
	memset(&z, 0, sizeof(z));
	if (inflateInit(&z) != Z_OK)
		return diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
	size_t cap = 64 << 10, len = 0;
	char *buf = malloc(cap + 1);
	int zr = Z_OK, rc = 0;
	z.next_in = (unsigned char *)in;
	z.avail_in = (uInt)n;
	while (buf && zr != Z_STREAM_END) {
		if (len == cap) {
			if (cap >= CARGO_MAX_OUT) {
				rc = diag_error(d, BH_ELIMIT, 0, 0, "byte offset %"
						PRIu64 ": .dep-v0 (cargo auditable) "
						"inflates to more than %zu MiB", at,
						CARGO_MAX_OUT >> 20);
				break;
			}
			cap = cap * 2 > CARGO_MAX_OUT ? CARGO_MAX_OUT : cap * 2;
			char *nb = realloc(buf, cap + 1);
			if (!nb) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
		}
		z.next_out = (unsigned char *)buf + len;
		z.avail_out = (uInt)(cap - len);
		zr = inflate(&z, Z_NO_FLUSH);
		len = cap - z.avail_out;
		if (zr == Z_BUF_ERROR && z.avail_in == 0) {
			rc = diag_error(d, BH_EPARSE, 0, 0, "byte offset %" PRIu64
					": .dep-v0 (cargo auditable): its zlib "
					"stream is cut short", at + n);
			break;
		}
		if (zr != Z_OK && zr != Z_STREAM_END) {
			rc = diag_error(d, BH_EPARSE, 0, 0, "byte offset %" PRIu64
					": .dep-v0 (cargo auditable) is not a zlib "
					"stream: %s", at + (n - z.avail_in),
					z.msg ? z.msg : "inflate failed");
			break;
		}
	}
	inflateEnd(&z);
	if (!buf)
		return diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
	if (rc) {
		free(buf);
		return rc;
	}
	buf[len] = 0;
	*out = buf;
	*olen = len;
	return 0;
}

static int cargo_read(const struct view *v, const struct elf *e,
		      const struct sbom_src *src, struct sbom_list *out,
		      struct diag *d)
{
	uint64_t off, size;
	if (!section(v, e, ".dep-v0", &off, &size) || size == 0)
		return 0;
	if (size > CARGO_MAX_IN)
		return diag_error(d, BH_ELIMIT, 0, 0, "byte offset %" PRIu64
				  ": .dep-v0 (cargo auditable) of %" PRIu64
				  " bytes, more than %" PRIu64 " MiB", off, size,
				  CARGO_MAX_IN >> 20);
	const unsigned char *p = at(v, off, size);
	if (!p)
		return diag_error(d, BH_EPARSE, 0, 0, "byte offset %" PRIu64
				  ": .dep-v0 (cargo auditable) runs past the end "
				  "of the file", off);
	char *js = NULL;
	size_t jn = 0;
	int rc = cargo_inflate(p, size, off, &js, &jn, d);
	if (rc)
		return rc;
	json_error_t je;
	json_t *root = json_loadb(js, jn, JSON_REJECT_DUPLICATES, &je);
	free(js);
	json_t *pkgs = root ? json_object_get(root, "packages") : NULL;
	if (!root || !json_is_array(pkgs)) {
		rc = diag_error(d, BH_EPARSE, 0, 0, ".dep-v0 (cargo auditable) "
				"at byte offset %" PRIu64 ": %s%s", off,
				root ? "no \"packages\" array" : "JSON: ",
				root ? "" : je.text);
		json_decref(root);
		return rc;
	}
	size_t i;
	json_t *pk;
	json_array_foreach(pkgs, i, pk) {
		const char *name = json_string_value(json_object_get(pk, "name"));
		const char *ver = json_string_value(json_object_get(pk, "version"));
		const char *source = json_string_value(json_object_get(pk, "source"));
		const char *kind = json_string_value(json_object_get(pk, "kind"));
		if (!name || !ver || !*name || !*ver) {
			rc = diag_error(d, BH_EPARSE, 0, 0, ".dep-v0 (cargo "
					"auditable) at byte offset %" PRIu64
					": package %zu has no name or version",
					off, i);
			break;
		}
		if ((kind && !strcmp(kind, "build")) ||
		    (source && !strcmp(source, "local")))
			continue;
		struct sbom_pkg_in in = { .eco = SBOM_CARGO, .name = name,
					  .version = ver };
		rc = sbom_list_add(out, &in, src);
		if (rc) {
			rc = diag_error(d, rc, 0, 0, rc == BH_ELIMIT
					? "too many packages" : "out of memory");
			break;
		}
	}
	json_decref(root);
	return rc;
}

static int bin_read(const struct view *v, const struct sbom_src *src,
		    int64_t magic_hint, struct sbom_list *out, struct diag *d)
{
	struct elf e;
	int rc = elf_head(v, &e, d);
	if (rc)
		return rc;
	uint64_t start, size, magic;
	if (magic_hint >= 0)
		return go_read(v, &e, (uint64_t)magic_hint, true, src, out, d);
	if (go_data_start(v, &e, &start, &size) &&
	    find_magic(v, start, size, &magic))
		return go_read(v, &e, magic, false, src, out, d);
	return cargo_read(v, &e, src, out, d);
}

/* The .dep-v0 section of an ELF file read through rd (the caller's
 * pread): the ELF header, the section header table (at most MAX_SHDRS
 * entries), the section name table (at most 1 MiB) and the section (at
 * most CARGO_MAX_IN bytes), each checked against size before it is read. */
int sbom_cargo_elf(uint64_t size, sbom_read_fn rdf, void *ctx,
		   const struct sbom_src *src, struct sbom_list *out,
		   struct diag *d)
{
	struct ext x[4];
	unsigned char *bufs[4] = { 0 };
	struct view v = { NULL, size, x, 0 };
	int rc = 0;
	struct elf e;
	uint64_t want_off = 0, want_len = size < 64 ? size : 64;
	for (int step = 0; step < 4; step++) {
		if (want_len == 0 || want_off > size || want_len > size - want_off)
			goto done;   /* nothing (more) to read: no section */
		bufs[step] = malloc((size_t)want_len);
		if (!bufs[step]) {
			rc = diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
			goto done;
		}
		if (rdf(ctx, want_off, (size_t)want_len, bufs[step])) {
			rc = diag_error(d, BH_EPARSE, 0, 0, "byte offset %" PRIu64
					": cannot read %" PRIu64 " bytes", want_off,
					want_len);
			goto done;
		}
		x[step] = (struct ext){ want_off, (size_t)want_len, bufs[step] };
		v.next = (size_t)step + 1;
		if (step == 0) {
			if (elf_head(&v, &e, d)) {
				rc = d->code;
				goto done;
			}
			if (!e.shnum || e.shstrndx >= e.shnum)
				goto done;
			want_off = e.shoff;
			want_len = (uint64_t)e.shnum * e.shentsize;
		} else if (step == 1) {
			const unsigned char *h = at(&v, e.shoff + (uint64_t)e.shstrndx *
						       e.shentsize, e.is64 ? 64 : 40);
			if (!h)
				goto done;
			want_off = e.is64 ? rd(h + 24, 8, e.be) : rd(h + 16, 4, e.be);
			want_len = e.is64 ? rd(h + 32, 8, e.be) : rd(h + 20, 4, e.be);
			if (want_len > ((uint64_t)1 << 20))
				goto done;
		} else if (step == 2) {
			uint64_t off, len;
			if (!section(&v, &e, ".dep-v0", &off, &len) || len == 0)
				goto done;
			if (len > CARGO_MAX_IN) {
				rc = diag_error(d, BH_ELIMIT, 0, 0, "byte offset %"
						PRIu64 ": .dep-v0 (cargo auditable) "
						"of %" PRIu64 " bytes, more than %"
						PRIu64 " MiB", off, len,
						CARGO_MAX_IN >> 20);
				goto done;
			}
			if (off > size || len > size - off) {
				rc = diag_error(d, BH_EPARSE, 0, 0, "byte offset %"
						PRIu64 ": .dep-v0 (cargo auditable) "
						"runs past the end of the file", off);
				goto done;
			}
			want_off = off;
			want_len = len;
		} else {
			rc = cargo_read(&v, &e, src, out, d);
		}
	}
done:
	for (int i = 0; i < 4; i++)
		free(bufs[i]);
	return rc;
}

int sbom_go_bin(const struct sbom_src *src, struct sbom_list *out,
		struct diag *d)
{
	struct view v = { (const unsigned char *)src->buf, src->len, NULL, 0 };
	return bin_read(&v, src, -1, out, d);
}

/* ---- the stream side: what an image layer keeps of an ELF file ----
 *
 * The layer's tar is read once, forward.  The scanner keeps the first
 * 64 KiB (ELF and program headers), and from the first 16-byte aligned
 * Go header it meets, the 1 MiB after it (the inline form: all there
 * is).  For the pointer form, the string headers lie after the header
 * (in .data) and are kept as the stream passes them; the strings
 * themselves (in .rodata, before it) are found as the module text's
 * sentinel and, for the version, "go1..." words kept on the way (at
 * most SCAN_WORDS of them).  The summary (sbom_bin_scan_end) is a small
 * byte string that sbom_go_summary() reads as the file. */

#define SCAN_HEAD ((size_t)64 << 10)
#define SCAN_AFTER ((size_t)1 << 20)
#define SCAN_WORDS 512
#define SCAN_WORD 48
#define SCAN_EXTS (SCAN_WORDS + 8 + CARGO_KEEP + CARGO_NAMES + 1)
#define CARGO_LIVE 8       /* zlib streams tried at once */
#define CARGO_KEEP 2       /* streams kept */
#define CARGO_NAMES 4      /* "\0.dep-v0\0" kept */
#define CARGO_TRY 4096     /* input bytes a stream may take to show
			      its first inflated bytes */

struct sbom_bin_scan {
	uint64_t pos;              /* bytes fed so far */
	uint64_t size;             /* the file's size */
	unsigned char tail[64];    /* the last bytes fed, for matches across chunks */
	size_t ntail;
	struct { uint64_t off; size_t len, cap; unsigned char *p; } x[SCAN_EXTS];
	size_t nx;
	int64_t magic;             /* file offset of the Go header, or -1 */
	int mod_ext;               /* the module text's extent, or -1 */
	bool nomem;
	/* cargo auditable (.dep-v0): zlib streams whose first inflated
	 * bytes are {"packages" are kept (CARGO_MAX_IN bytes each, at most
	 * CARGO_KEEP of them), with the section header table and every
	 * "\0.dep-v0\0" met (the section name, at most CARGO_NAMES), so
	 * the summary reads the section as the whole file's reader does */
	struct cand {
		uint64_t off;          /* its file offset */
		z_stream z;
		unsigned char out[32];
		unsigned char raw[CARGO_TRY + 8192]; /* its bytes so far */
		size_t rawlen;
		bool live, init;       /* tried now; z set up (reset, reused) */
	} cand[CARGO_LIVE];
	int dep_ext[CARGO_KEEP];   /* kept streams' extents */
	size_t ndep, nnames;
	int sh_ext;                /* the section header table's, or -1 */
	bool sh_tried;
};

struct sbom_bin_scan *sbom_bin_scan_begin(uint64_t size)
{
	struct sbom_bin_scan *s = calloc(1, sizeof(*s));
	if (s) {
		s->size = size;
		s->magic = -1;
		s->mod_ext = -1;
		s->sh_ext = -1;
	}
	return s;
}

/* Starts an extent at file offset off of up to cap bytes. */
static int ext_open(struct sbom_bin_scan *s, uint64_t off, size_t cap)
{
	if (s->nx >= SCAN_EXTS)
		return -1;
	if (off < s->size && cap > s->size - off)
		cap = (size_t)(s->size - off);
	unsigned char *p = malloc(cap ? cap : 1);
	if (!p) {
		s->nomem = true;
		return -1;
	}
	s->x[s->nx].off = off;
	s->x[s->nx].len = 0;
	s->x[s->nx].cap = cap;
	s->x[s->nx].p = p;
	return (int)s->nx++;
}

/* Copies into every open extent what of [pos, pos+n) it still wants. */
static void ext_fill(struct sbom_bin_scan *s, const unsigned char *b, size_t n,
		     uint64_t pos)
{
	for (size_t i = 0; i < s->nx; i++) {
		uint64_t want = s->x[i].off + s->x[i].len;
		if (s->x[i].len >= s->x[i].cap || want < pos || want >= pos + n)
			continue;
		size_t k = (size_t)(pos + n - want);
		if (k > s->x[i].cap - s->x[i].len)
			k = s->x[i].cap - s->x[i].len;
		memcpy(s->x[i].p + s->x[i].len, b + (want - pos), k);
		s->x[i].len += k;
	}
}

/* Keeps "have" bytes of a match starting at file offset off in a new
 * extent of cap bytes; the stream fills the rest. */
static int keep_match(struct sbom_bin_scan *s, uint64_t off, size_t cap,
		      const unsigned char *p, size_t have)
{
	int k = ext_open(s, off, cap);
	if (k >= 0) {
		if (have > s->x[k].cap)
			have = s->x[k].cap;
		memcpy(s->x[k].p, p, have);
		s->x[k].len = have;
	}
	return k;
}

static void cand_drop(struct cand *c)
{
	c->live = false;
}

/* Whether the inflated start "o" (n bytes) is cargo auditable's JSON,
 * {"packages": ...: true, false, or -1 (not known yet). */
static int dep_json_start(const unsigned char *o, size_t n)
{
	static const char want[] = "{\"packages\"";
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (k && k < 2 && (o[i] == ' ' || o[i] == '\n' ||
				   o[i] == '\t' || o[i] == '\r'))
			continue;
		if (o[i] != (unsigned char)want[k])
			return 0;
		if (++k == sizeof(want) - 1)
			return 1;
	}
	return -1;
}

/* Feeds candidate c the stream bytes b[0..n) that follow what it has;
 * keeps it as an extent once its JSON shows, drops it when it does not. */
static void cand_feed(struct sbom_bin_scan *s, struct cand *c,
		      const unsigned char *b, size_t n)
{
	if (!c->live)
		return;
	if (n > sizeof(c->raw) - c->rawlen) {
		cand_drop(c);
		return;
	}
	memcpy(c->raw + c->rawlen, b, n);
	c->rawlen += n;
	c->z.next_in = c->raw + c->z.total_in;
	c->z.avail_in = (uInt)(c->rawlen - c->z.total_in);
	int zr = inflate(&c->z, Z_SYNC_FLUSH);
	size_t got = sizeof(c->out) - c->z.avail_out;
	int ok = dep_json_start(c->out, got);
	if (ok < 0 && (zr == Z_OK || zr == Z_BUF_ERROR) &&
	    c->z.total_in < CARGO_TRY)
		return;                 /* more input wanted */
	if (ok > 0 && s->ndep < CARGO_KEEP) {
		/* the section from its start, filled on by ext_fill() */
		int k = keep_match(s, c->off, (size_t)CARGO_MAX_IN, c->raw,
				   c->rawlen);
		if (k >= 0)
			s->dep_ext[s->ndep++] = k;
	}
	cand_drop(c);
}

/* A zlib stream may start at b[0] (file offset off, n bytes there):
 * tried while a slot is free. */
static void cand_start(struct sbom_bin_scan *s, const unsigned char *b,
		       size_t n, uint64_t off)
{
	if (s->ndep >= CARGO_KEEP || n < 2 || b[0] != 0x78 ||
	    ((b[0] << 8) | b[1]) % 31 || (b[1] & 0x20))
		return;
	for (size_t i = 0; i < CARGO_LIVE; i++) {
		struct cand *c = &s->cand[i];
		if (c->live)
			continue;
		if (!c->init) {
			memset(&c->z, 0, sizeof(c->z));
			if (inflateInit(&c->z) != Z_OK)
				return;
			c->init = true;
		} else if (inflateReset(&c->z) != Z_OK) {
			return;
		}
		c->z.next_out = c->out;
		c->z.avail_out = sizeof(c->out);
		c->off = off;
		c->rawlen = 0;
		c->live = true;
		/* a few bytes first: most streams that are no JSON fail in
		 * them; then the rest of the window */
		size_t first = n < 256 ? n : 256;
		size_t kept = s->ndep;
		cand_feed(s, c, b, first);
		if (c->live && n > first)
			cand_feed(s, c, b + first, n - first);
		else if (s->ndep > kept && n > first)
			ext_fill(s, b + first, n - first, off + first);
		return;
	}
}

/* The section header table, kept as the stream passes it (at most
 * 1 MiB: the section and its name are found through it). */
static void sh_want(struct sbom_bin_scan *s)
{
	s->sh_tried = true;
	struct ext ev[1] = { { s->x[0].off, s->x[0].len, s->x[0].p } };
	struct view v = { NULL, s->size, ev, 1 };
	struct elf e;
	struct diag d;
	diag_init(&d, "-");
	if (elf_head(&v, &e, &d) || !e.shnum || e.shoff < s->pos ||
	    e.shoff >= s->size)
		return;
	uint64_t n = (uint64_t)e.shnum * e.shentsize;
	if (n <= ((uint64_t)1 << 20))
		s->sh_ext = ext_open(s, e.shoff, (size_t)n);
}

/* Cuts a cargo summary to what cargo_read() reads: the ELF header, the
 * section header table, the names, and the kept stream that is the
 * .dep-v0 section, cut to its size (the others emptied). */
static void cargo_trim(struct sbom_bin_scan *s)
{
	struct ext ev[SCAN_EXTS];
	for (size_t i = 0; i < s->nx; i++)
		ev[i] = (struct ext){ s->x[i].off, s->x[i].len, s->x[i].p };
	struct view v = { NULL, s->size, ev, s->nx };
	struct elf e;
	struct diag d;
	diag_init(&d, "-");
	uint64_t off = 0, size = 0;
	bool found = !elf_head(&v, &e, &d) &&
		     section(&v, &e, ".dep-v0", &off, &size) && size;
	for (size_t i = 1; i < s->nx; i++) {
		bool dep = false;
		for (size_t k = 0; k < s->ndep; k++)
			dep |= s->dep_ext[k] == (int)i;
		if ((int)i == s->sh_ext || (!dep && s->x[i].len == 8 &&
					    !memcmp(s->x[i].p, ".dep-v0", 8)))
			continue;
		if (!dep || !found || s->x[i].off != off)
			s->x[i].len = 0;
		else if (size < s->x[i].len)
			s->x[i].len = (size_t)size;
	}
	if (s->x[0].len > 64)
		s->x[0].len = 64;
}

/* The pointer form: the offsets of the header's two string headers
 * (through the program headers of the first extent), kept from the
 * window "win" (wl bytes from file offset wpos) when they are in it,
 * else as the stream passes them. */
static void ptr_wants(struct sbom_bin_scan *s, const unsigned char *h,
		      const unsigned char *win, uint64_t wpos, size_t wl)
{
	struct ext ev[1] = { { s->x[0].off, s->x[0].len, s->x[0].p } };
	struct view v = { NULL, s->size, ev, 1 };
	struct elf e;
	struct diag d;
	diag_init(&d, "-");
	if (elf_head(&v, &e, &d))
		return;
	int ps = h[14];
	bool be = h[15] & 1;
	if ((ps != 4 && ps != 8) || (h[15] & 2))
		return;
	for (int k = 0; k < 2; k++) {
		uint64_t off;
		if (!vaddr_off(&v, &e, rd(h + 16 + k * ps, ps, be), (uint64_t)2 * ps,
			       &off) || off < wpos)
			continue;
		if (off < wpos + wl)
			(void)keep_match(s, off, (size_t)2 * ps, win + (off - wpos),
					 (size_t)(wpos + wl - off));
		else
			(void)ext_open(s, off, (size_t)2 * ps);
	}
}

/* The first bytes of what the scanner looks for: the Go header (0xff),
 * the module text's sentinel (0x30), "go1." words, a zlib stream (0x78)
 * and the name ".dep-v0". */
static const bool scan_first[256] = {
	[0xff] = true, [0x30] = true, ['g'] = true, [0x78] = true,
	['.'] = true,
};

void sbom_bin_scan_feed(struct sbom_bin_scan *s, const void *data, size_t n)
{
	const unsigned char *b = data;
	if (s->nomem || !n)
		return;
	if (s->pos == 0 && s->nx == 0)
		(void)ext_open(s, 0, SCAN_HEAD);
	/* a window of the previous chunk's last 63 bytes and the next 4 KiB:
	 * a match starting in the last 63 bytes of a window is looked at in
	 * the next one, so each start is looked at once, whole */
	unsigned char win[64 + 4096];
	size_t done = 0;
	while (done < n) {
		size_t take = n - done < 4096 ? n - done : 4096;
		memcpy(win, s->tail, s->ntail);
		memcpy(win + s->ntail, b + done, take);
		size_t wl = s->ntail + take;
		uint64_t wpos = s->pos - s->ntail;
		ext_fill(s, b + done, take, s->pos);
		for (size_t k = 0; k < CARGO_LIVE; k++)
			cand_feed(s, &s->cand[k], b + done, take);
		if (!s->sh_tried && s->nx && s->x[0].off == 0 &&
		    s->x[0].len >= 64) {
			sh_want(s);
			/* the table may start in this chunk */
			ext_fill(s, b + done, take, s->pos);
		}
		size_t keep = wl < 63 ? wl : 63;
		for (size_t i = 0; i < wl - keep; i++) {
			/* the bytes a match starts with (one load each) */
			if (!scan_first[win[i]])
				continue;
			uint64_t off = wpos + i;
			const unsigned char *w = win + i;
			if (*w == 0xff && s->magic < 0 && !(off & 15) &&
			    !memcmp(w, GO_MAGIC, GO_MAGIC_LEN)) {
				s->magic = (int64_t)off;
				(void)keep_match(s, off, SCAN_AFTER, w, wl - i);
				/* 63 bytes at least: the whole header */
				ptr_wants(s, w, win, wpos, wl);
			} else if (*w == 0x30 && s->mod_ext < 0 &&
				   !memcmp(w, mod_sentinel_start, 16)) {
				s->mod_ext = keep_match(s, off, SCAN_AFTER, w, wl - i);
			} else if (*w == 'g' &&
				   s->nx < SCAN_WORDS + 4 && !memcmp(w, "go1.", 4) &&
				   w[4] >= '0' && w[4] <= '9' &&
				   (i == 0 || w[-1] < 'a' || w[-1] > 'z')) {
				(void)keep_match(s, off, SCAN_WORD, w, wl - i);
			} else if (*w == 0x78) {
				cand_start(s, w, wl - i, off);
			} else if (*w == '.' && i > 0 && w[-1] == 0 &&
				   w[1] == 'd' && s->nnames < CARGO_NAMES &&
				   !memcmp(w, ".dep-v0", 8)) {
				/* 63 bytes at least: the name and its NUL */
				if (keep_match(s, off, 8, w, wl - i) >= 0)
					s->nnames++;
			}
		}
		memmove(s->tail, win + wl - keep, keep);
		s->ntail = keep;
		done += take;
		s->pos += take;
	}
}

/* The summary: "BHBIN1\0\0", size, magic (u64 LE, ~0 for none), then
 * each extent: offset (u64), length (u64), bytes. */
static void put64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t get64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static const unsigned char mod_sentinel_end[16] = {
	0xf9, 0x32, 0x43, 0x31, 0x86, 0x18, 0x20, 0x72,
	0x00, 0x82, 0x42, 0x10, 0x41, 0x16, 0xd8, 0xf2 };

/* Cuts what the summary does not need: the inline form needs the ELF
 * header and the header's strings; the pointer form the program headers,
 * the header, the string headers, the module text and the words. */
static void trim(struct sbom_bin_scan *s)
{
	int mi = -1;
	for (size_t i = 0; i < s->nx; i++)
		if (s->x[i].off == (uint64_t)s->magic && s->x[i].len >= 32)
			mi = (int)i;
	if (mi < 0 || !s->nx || s->x[0].off != 0)
		return;
	const unsigned char *h = s->x[mi].p;
	if (h[15] & 2) {
		struct ext e1 = { s->x[mi].off, s->x[mi].len, h };
		struct view v = { NULL, s->size, &e1, 1 };
		uint64_t off = s->x[mi].off + 32, l1, l2;
		if (inline_str(&v, &off, &l1) && inline_str(&v, &off, &l2))
			s->x[mi].len = (size_t)(off - s->x[mi].off);
		for (size_t i = 1; i < s->nx; i++)
			if ((int)i != mi)
				s->x[i].len = 0;
		if (s->x[0].len > 64)
			s->x[0].len = 64;
		return;
	}
	s->x[mi].len = 32;
	if (s->x[0].len >= 64) {
		bool is64 = s->x[0].p[4] == 2, be = s->x[0].p[5] == 2;
		uint64_t phoff = rd(s->x[0].p + (is64 ? 32 : 28), is64 ? 8 : 4, be);
		uint64_t phn = rd(s->x[0].p + (is64 ? 56 : 44), 2, be);
		uint64_t phe = rd(s->x[0].p + (is64 ? 54 : 42), 2, be);
		uint64_t phend = phoff + phn * phe;
		if (phend > 64 && phend < s->x[0].len)
			s->x[0].len = (size_t)phend;
	}
	if (s->mod_ext >= 0) {
		unsigned char *p = s->x[s->mod_ext].p;
		size_t n = s->x[s->mod_ext].len;
		for (size_t k = 16; k + 16 <= n; k++)
			if (p[k] == 0xf9 && !memcmp(p + k, mod_sentinel_end, 16)) {
				s->x[s->mod_ext].len = k + 16;
				break;
			}
	}
}

char *sbom_bin_scan_end(struct sbom_bin_scan *s, size_t *len)
{
	char *out = NULL;
	*len = 0;
	bool cargo = s && s->magic < 0 && s->ndep && s->sh_ext >= 0;
	if (s && !s->nomem && s->magic >= 0 && s->pos == s->size)
		trim(s);
	else if (s && !s->nomem && cargo && s->pos == s->size)
		cargo_trim(s);
	if (s && !s->nomem && (s->magic >= 0 || cargo) && s->pos == s->size) {
		size_t total = 24;
		for (size_t i = 0; i < s->nx; i++)
			if (s->x[i].len)
				total += 16 + s->x[i].len;
		unsigned char *o = malloc(total);
		if (o) {
			memcpy(o, "BHBIN1\0\0", 8);
			put64(o + 8, s->size);
			put64(o + 16, (uint64_t)s->magic);
			size_t w = 24;
			for (size_t i = 0; i < s->nx; i++) {
				if (!s->x[i].len)
					continue;
				put64(o + w, s->x[i].off);
				put64(o + w + 8, s->x[i].len);
				memcpy(o + w + 16, s->x[i].p, s->x[i].len);
				w += 16 + s->x[i].len;
			}
			out = (char *)o;
			*len = total;
		}
	}
	if (s) {
		for (size_t i = 0; i < s->nx; i++)
			free(s->x[i].p);
		for (size_t i = 0; i < CARGO_LIVE; i++)
			if (s->cand[i].init)
				inflateEnd(&s->cand[i].z);
	}
	free(s);
	return out;
}

bool sbom_is_bin_summary(const char *buf, size_t len)
{
	return len >= 24 && !memcmp(buf, "BHBIN1\0\0", 8);
}

int sbom_go_summary(const struct sbom_src *src, struct sbom_list *out,
		    struct diag *d)
{
	const unsigned char *b = (const unsigned char *)src->buf;
	if (!sbom_is_bin_summary(src->buf, src->len))
		return diag_error(d, BH_EPARSE, 0, 0, "not a binary summary");
	struct ext ev[SCAN_EXTS];
	struct view v = { NULL, get64(b + 8), ev, 0 };
	uint64_t magic = get64(b + 16);
	size_t w = 24;
	while (w + 16 <= src->len && v.next < SCAN_EXTS) {
		uint64_t off = get64(b + w), n = get64(b + w + 8);
		if (n > src->len - w - 16)
			return diag_error(d, BH_EPARSE, 0, 0, "truncated summary");
		ev[v.next++] = (struct ext){ off, (size_t)n, b + w + 16 };
		w += 16 + (size_t)n;
	}
	/* no Go header: what cargo_trim() kept of a .dep-v0 section */
	return bin_read(&v, src, magic > INT64_MAX ? -1 : (int64_t)magic, out,
			d);
}
