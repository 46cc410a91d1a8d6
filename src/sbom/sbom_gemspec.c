/* SPDX-License-Identifier: Apache-2.0
 *
 * sbom_gemspec.c - an installed Ruby gem's specification
 * (GEM_HOME/specifications/NAME-VERSION.gemspec, as `gem install`
 * writes it): one package, read as Trivy reads these files, by the
 * first `X.name = ...` and `X.version = ...` assignments (any receiver:
 * `s.`, `spec.`, inside `Gem::Specification.new do |s|` or not), the
 * value a quoted string, optionally `.freeze`, or
 * `Gem::Version.new("1.2")`.  It never runs Ruby and never opens a file.
 * A gemspec without both is no package (nothing listed, no error).
 * Tests: tests/unit/sbom/test_sbom_java.c (test_gemspec),
 * tests/cases/cli/sbom-gemspec*.case, fuzz/fuzz_sbom_java.c (the bytes
 * as a gemspec too).
 */
#include <stdio.h>
#include <string.h>

#include "sbom.h"

/* The value assigned by the first line "RECV.key = VALUE" into out. */
static bool assigned(const char *buf, size_t len, const char *key, char *out,
		     size_t size)
{
	size_t kl = strlen(key);
	for (size_t i = 0; i < len;) {
		const char *l = buf + i;
		const char *nl = memchr(l, '\n', len - i);
		size_t n = nl ? (size_t)(nl - l) : len - i;
		i += n + 1;
		size_t k = 0;
		while (k < n && (l[k] == ' ' || l[k] == '\t'))
			k++;
		size_t r = k;   /* the receiver: a Ruby identifier */
		while (r < n && (l[r] == '_' || (l[r] >= 'a' && l[r] <= 'z') ||
				 (l[r] >= 'A' && l[r] <= 'Z') ||
				 (r > k && l[r] >= '0' && l[r] <= '9')))
			r++;
		if (r == k || r >= n || l[r] != '.' || n - r - 1 < kl ||
		    memcmp(l + r + 1, key, kl))
			continue;
		size_t j = r + 1 + kl;
		while (j < n && (l[j] == ' ' || l[j] == '\t'))
			j++;
		if (j >= n || l[j] != '=' || (j + 1 < n && l[j + 1] == '='))
			continue;
		j++;
		while (j < n && (l[j] == ' ' || l[j] == '\t'))
			j++;
		if (n - j > 16 && !memcmp(l + j, "Gem::Version.new", 16)) {
			j += 16;
			while (j < n && (l[j] == '(' || l[j] == ' '))
				j++;
		}
		if (j >= n || (l[j] != '"' && l[j] != '\''))
			continue;
		char q = l[j++];
		const char *e = memchr(l + j, q, n - j);
		if (!e || (size_t)(e - (l + j)) >= size || e == l + j)
			continue;
		memcpy(out, l + j, (size_t)(e - (l + j)));
		out[e - (l + j)] = 0;
		return true;
	}
	return false;
}

int sbom_gemspec(const struct sbom_src *src, struct sbom_list *out,
		 struct diag *d)
{
	(void)d;
	char name[256], version[128];
	/* a file named like a gemspec without s.name and s.version lists
	 * nothing, and says so (never a silent empty answer) */
	if (!assigned(src->buf, src->len, "name", name, sizeof(name)) ||
	    !assigned(src->buf, src->len, "version", version, sizeof(version)))
		return sbom_list_skipped(out, "no quoted s.name and s.version "
					 "assignments (not a gemspec bulkhead "
					 "reads)");
	struct sbom_pkg_in in = { .eco = SBOM_GEM, .name = name,
				  .version = version };
	return sbom_list_add(out, &in, src);
}
