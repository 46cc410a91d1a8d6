/* SPDX-License-Identifier: Apache-2.0
 *
 * yaml_floor.c - the libfyaml floor of a Kubernetes or Compose scan (not
 * installed, not built by meson): reads each file named on the command
 * line and runs only libfyaml's event parser over it (fy_parser_parse and
 * fy_parser_event_free, the parser configuration of src/parse/yml.c), with
 * optional -t: also asks each scalar's text (fy_token_get_text), as the
 * builder does.  Prints the event count.  Compare its CPU time and
 * instructions with cat's of the same files (issue 9):
 *   cc -O2 -o /tmp/yaml_floor bench/yaml_floor.c -lfyaml
 *   find ../shared/corpus/kubernetes -type f -print0 | sort -z |
 *     xargs -0 perf stat -r10 /tmp/yaml_floor
 */
#include <libfyaml.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	char *b = malloc(cap);
	size_t r;
	while (b && (r = fread(b + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap)
			b = realloc(b, cap *= 2);
	}
	fclose(f);
	*len = n;
	return b;
}

int main(int argc, char **argv)
{
	unsigned long events = 0, textlen = 0;
	int i0 = 1, text = 0;
	if (argc > 1 && strcmp(argv[1], "-t") == 0) {
		text = 1;
		i0 = 2;
	}
	for (int i = i0; i < argc; i++) {
		size_t len;
		char *s = slurp(argv[i], &len);
		if (!s)
			return 2;
		struct fy_diag_cfg dc;
		fy_diag_cfg_default(&dc);
		dc.fp = NULL;
		dc.colorize = false;
		struct fy_diag *fd = fy_diag_create(&dc);
		fy_diag_set_collect_errors(fd, true);
		struct fy_parse_cfg cfg;
		memset(&cfg, 0, sizeof(cfg));
		cfg.flags = FYPCF_QUIET | FYPCF_COLLECT_DIAG |
			    FYPCF_DISABLE_DEPTH_LIMIT;
		cfg.diag = fd;
		struct fy_parser *p = fy_parser_create(&cfg);
		fy_parser_set_string(p, s, len);
		struct fy_event *e;
		while ((e = fy_parser_parse(p)) != NULL) {
			events++;
			if (text && e->type == FYET_SCALAR) {
				size_t n = 0;
				fy_token_get_text(e->scalar.value, &n);
				textlen += n;
			}
			fy_parser_event_free(p, e);
		}
		fy_parser_destroy(p);
		fy_diag_destroy(fd);
		free(s);
	}
	printf("%lu events %lu text bytes\n", events, textlen);
	return 0;
}
