/* SPDX-License-Identifier: Apache-2.0
 *
 * fuzz_sbom_image.c - libFuzzer target: an image archive (bytes in a
 * memfd) -> `bulkhead sbom`'s image path: src/image's reader with the
 * file hook, every wanted database cataloged per layer, the final view's
 * copies kept and their packages attributed to layers (sbom_image.c).
 * Limits are lowered as in fuzz_image.c so a run stays fast.  Seeds:
 * fuzz/corpus/sbom_image/ (a docker-archive with a dpkg status, an apk
 * db, a lockfile and a whiteout over three layers, written with
 * Python's tarfile, uncompressed) and fuzz/corpus/image/.  Built by
 * fuzz/run.sh.
 */
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "image/img_model.h"
#include "sbom/sbom_image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	int fd = memfd_create("fuzz-sbom-image", MFD_CLOEXEC);
	if (fd < 0)
		return 0;
	if (write(fd, data, size) == (ssize_t)size) {
		char path[64];
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		struct img_limits l;
		img_limits_default(&l);
		l.max_entries = 20000;
		l.max_bytes = (uint64_t)64 << 20;
		l.ratio_floor = (uint64_t)1 << 20;
		l.max_ratio = 200;
		l.max_arena = (size_t)64 << 20;
		struct sbom_image_run r = { 0 };
		struct diag d;
		diag_init(&d, path);
		(void)sbom_image_max(path, (size_t)1 << 20, &l, &r, &d);
		sbom_list_sort(&r.pkgs);
		sbom_image_free(&r);
	}
	close(fd);
	return 0;
}
