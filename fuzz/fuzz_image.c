/* SPDX-License-Identifier: Apache-2.0
 *
 * fuzz_image.c - libFuzzer target over the image reader (src/image/):
 * the input is an image archive (docker-archive or OCI layout in a tar,
 * possibly compressed).  Even-first-byte inputs are read as a seekable
 * file (memfd: pass 1 headers, pass 2 or seeks for layers); odd ones
 * through a pipe (the one-pass stream reader).  A set bit 4 (0x10) reads
 * as bulkhead sbom/vuln do (img_options.skip_layer_digests and
 * no_secrets: uncompressed layers read straight, skipping by seeking
 * where the source allows).  The image rules then run
 * over whatever loaded.  Limits are lowered so a run stays fast; what the
 * target checks is that no input crashes, leaks or hangs the reader.
 * Seeds: fuzz/corpus/image/ (tiny images from tests/suites/image.sh's
 * builder).
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/config.h"
#include "image/img_model.h"
#include "report/mask.h"
#include "rules/families.h"

struct feed {
	int fd;
	const uint8_t *data;
	size_t size;
};

static void *writer(void *arg)
{
	struct feed *f = arg;
	size_t off = 0;
	while (off < f->size) {
		ssize_t n = write(f->fd, f->data + off, f->size - off);
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	close(f->fd);
	return NULL;
}

static void run(const char *path, bool skip)
{
	struct img_options o;
	img_options_default(&o);
	o.limits.max_entries = 20000;
	o.limits.max_bytes = (uint64_t)64 << 20;
	o.limits.ratio_floor = (uint64_t)1 << 20;
	o.limits.max_ratio = 200;
	o.limits.max_arena = (size_t)64 << 20;
	o.skip_layer_digests = o.no_secrets = skip;
	struct img_model m;
	struct diag d;
	diag_init(&d, path);
	if (img_load(&m, path, &o, &d) == 0) {
		struct bh_config cfg;
		bh_config_init(&cfg);
		struct arena a;
		arena_init(&a, (size_t)16 << 20);
		struct bh_findings f = { 0 };
		struct bh_check c = { .file = "fuzz", .arena = &a, .config = &cfg,
				      .image = &m, .out = &f };
		for (size_t i = 0; i < bh_rules_image_count; i++)
			bh_rules_image[i]->check(&c, bh_rules_image[i]);
		if (rpt_mask_findings(&f) != 0)  /* the report step too */
			abort();
		bh_findings_free(&f);
		arena_free(&a);
		bh_config_free(&cfg);
	}
	img_model_free(&m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64];
	if (size == 0)
		return 0;
	bool skip = (data[0] & 0x10) != 0;
	if ((data[0] & 1) == 0) {
		int fd = memfd_create("fuzz-image", MFD_CLOEXEC);
		if (fd < 0)
			return 0;
		if (write(fd, data, size) == (ssize_t)size) {
			snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
			run(path, skip);
		}
		close(fd);
		return 0;
	}
	int p[2];
	if (pipe(p) != 0)
		return 0;
	struct feed f = { p[1], data, size };
	pthread_t t;
	if (pthread_create(&t, NULL, writer, &f) != 0) {
		close(p[0]);
		close(p[1]);
		return 0;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", p[0]);
	run(path, skip);
	/* drain so the writer can finish whatever the reader left */
	char buf[4096];
	while (read(p[0], buf, sizeof(buf)) > 0)
		;
	close(p[0]);
	pthread_join(t, NULL);
	return 0;
}
