/* SPDX-License-Identifier: Apache-2.0
 *
 * sbom_cdx.c - `bulkhead sbom --format cyclonedx`: a CycloneDX 1.5 JSON
 * BOM of a sorted package list (sbom_doc.h).
 *
 * Layout: bomFormat, specVersion "1.5", serialNumber "urn:uuid:UUID",
 * version 1, metadata {timestamp, tools.components [bulkhead],
 * component: the scanned thing (image: container, version = digest;
 * directory: application; file: file)}, components [the operating
 * system from os-release (type operating-system) when known, then one
 * type library per package: bom-ref (sbom_bom_refs), name, version, purl,
 * licenses (an expression when sbom_license_expr gives one, else
 * license.name),
 * properties bulkhead:package:{ecosystem,path,layer,source-name,
 * source-version}], dependencies [{ref, dependsOn}] for every package
 * with a resolved edge (sbom_list_deps), and the root, which depends on
 * the operating system, the project's own dependencies (an npm lockfile's
 * root entry), the packages nothing else depends on, and one package of
 * each cycle nothing else reaches (root_deps): every component is
 * reachable from the subject.
 * Tests: tests/unit/report/test_sbom_doc.c, tests/suites/sbom_formats.sh.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "rpt_util.h"
#include "sbom_doc.h"

static int set(json_t *o, const char *k, json_t *v)
{
	return json_object_set_new(o, k, v) ? -1 : 0;
}

static int prop(json_t *props, const char *name, const char *value)
{
	if (!value)
		return 0;
	json_t *o = json_object();
	if (!o || set(o, "name", json_string(name)) ||
	    set(o, "value", rpt_json_str(value))) {
		json_decref(o);
		return -1;
	}
	return json_array_append_new(props, o) ? -1 : 0;
}

static json_t *licenses(const char *lic)
{
	json_t *a = json_array(), *o = json_object(), *in = NULL;
	char *expr = sbom_license_expr(lic);
	if (!a || !o)
		goto fail;
	if (expr) {
		if (set(o, "expression", rpt_json_str(expr)))
			goto fail;
	} else {
		if (!(in = json_object()) || set(in, "name", rpt_json_str(lic)) ||
		    json_object_set(o, "license", in))
			goto fail;
		json_decref(in);
		in = NULL;
	}
	free(expr);
	if (json_array_append_new(a, o))
		goto fail_a;
	return a;
fail:
	free(expr);
	json_decref(in);
	json_decref(o);
fail_a:
	json_decref(a);
	return NULL;
}

static json_t *package(const struct sbom_list *l, size_t i, char *ref)
{
	const struct sbom_pkg *p = &l->v[i];
	json_t *c = json_object(), *props = json_array();
	if (!c || !props || set(c, "type", json_string("library")) ||
	    set(c, "bom-ref", rpt_json_str(ref)) ||
	    set(c, "name", rpt_json_str(p->name)) ||
	    set(c, "version", rpt_json_str(p->version)) ||
	    set(c, "purl", rpt_json_str(p->purl)) ||
	    (p->licenses && set(c, "licenses", licenses(p->licenses))) ||
	    prop(props, "bulkhead:package:ecosystem", sbom_eco_name(p->eco)) ||
	    prop(props, "bulkhead:package:path", p->path) ||
	    prop(props, "bulkhead:package:layer", p->layer) ||
	    prop(props, "bulkhead:package:source-name", p->src_name) ||
	    prop(props, "bulkhead:package:source-version", p->src_version) ||
	    json_object_set(c, "properties", props)) {
		json_decref(c);
		c = NULL;
	}
	json_decref(props);
	return c;
}

/* The packages the subject depends on: the project's own dependencies
 * (sbom_pkg.direct), the packages no other package depends on, and, so
 * that every component is reachable from the subject, the first one (in
 * list order) of each group only a cycle reaches (a <-> b, nothing else
 * naming either).  Linear in packages and edges.  NULL: no memory. */
static bool *root_deps(const struct sbom_list *l, const size_t *to,
		       const size_t *first)
{
	size_t n = l->n;
	bool *top = calloc(n ? n : 1, sizeof(*top)),
	     *seen = calloc(n ? n : 1, sizeof(*seen));
	size_t *stack = malloc((n ? n : 1) * sizeof(*stack));
	if (!top || !seen || !stack) {
		free(top);
		top = NULL;
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		top[i] = true;
	for (size_t i = 0; i < n; i++)
		for (size_t k = first[i]; k < first[i + 1]; k++)
			top[to[k]] = false;
	for (size_t i = 0; i < n; i++)
		top[i] = top[i] || l->v[i].direct;
	/* reach from the roots, then from the first package still unreached */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < n; i++) {
			if (seen[i] || (pass == 0 && !top[i]))
				continue;
			top[i] = true;
			size_t sp = 0;
			stack[sp++] = i;
			seen[i] = true;
			while (sp) {
				size_t x = stack[--sp];
				for (size_t k = first[x]; k < first[x + 1]; k++)
					if (!seen[to[k]]) {
						seen[to[k]] = true;
						stack[sp++] = to[k];
					}
			}
		}
out:
	free(seen);
	free(stack);
	return top;
}

static json_t *build(const struct sbom_list *l, const struct sbom_doc_meta *m)
{
	static const char *const kinds[] = { "container", "application", "file" };
	char serial[64];
	snprintf(serial, sizeof(serial), "urn:uuid:%s", m->uuid);
	json_t *doc = json_object(), *meta = json_object(), *tools = json_object(),
	       *tcs = json_array(), *tool = json_object(), *root = json_object(),
	       *comps = json_array(), *deps = json_array(), *rootdeps = json_array();
	char **refs = sbom_bom_refs(l);
	size_t *to = NULL, *first = NULL;
	bool ok = doc && meta && tools && tcs && tool && root && comps && deps &&
		  rootdeps && refs && !sbom_list_deps(l, &to, &first);
	ok = ok && !set(doc, "bomFormat", json_string("CycloneDX")) &&
	     !set(doc, "specVersion", json_string("1.5")) &&
	     !set(doc, "serialNumber", json_string(serial)) &&
	     !set(doc, "version", json_integer(1)) &&
	     !set(meta, "timestamp", json_string(m->timestamp)) &&
	     !set(tool, "type", json_string("application")) &&
	     !set(tool, "name", json_string("bulkhead")) &&
	     !set(tool, "version", json_string(BH_VERSION)) &&
	     !json_array_append(tcs, tool) && !json_object_set(tools, "components", tcs) &&
	     !json_object_set(meta, "tools", tools) &&
	     !set(root, "type", json_string(kinds[m->kind])) &&
	     !set(root, "bom-ref", json_string("bulkhead:subject")) &&
	     !set(root, "name", rpt_json_str(m->name)) &&
	     (!m->digest || !set(root, "version", rpt_json_str(m->digest))) &&
	     !json_object_set(meta, "component", root) &&
	     !json_object_set(doc, "metadata", meta);
	if (ok && m->os_id) {
		json_t *os = json_object();
		ok = os && !json_array_append_new(comps, os) &&
		     !set(os, "type", json_string("operating-system")) &&
		     !set(os, "bom-ref", json_string("bulkhead:os")) &&
		     !set(os, "name", rpt_json_str(m->os_id)) &&
		     (!m->os_version || !set(os, "version", rpt_json_str(m->os_version))) &&
		     (!m->os_name || !set(os, "description", rpt_json_str(m->os_name))) &&
		     !json_array_append_new(rootdeps, json_string("bulkhead:os"));
	}
	bool *top = ok ? root_deps(l, to, first) : NULL;
	ok = ok && top;
	for (size_t i = 0; ok && i < l->n; i++)
		ok = !json_array_append_new(comps, package(l, i, refs[i])) &&
		     (!top[i] || !json_array_append_new(rootdeps, rpt_json_str(refs[i])));
	json_t *d = NULL;
	ok = ok && (d = json_object()) && !json_array_append_new(deps, d) &&
	     !set(d, "ref", json_string("bulkhead:subject")) &&
	     !json_object_set(d, "dependsOn", rootdeps);
	for (size_t i = 0; ok && i < l->n; i++) {
		if (first[i] == first[i + 1])
			continue;
		json_t *on = json_array();
		ok = (d = json_object()) && !json_array_append_new(deps, d) &&
		     !set(d, "ref", rpt_json_str(refs[i])) && on &&
		     !json_object_set_new(d, "dependsOn", on);
		for (size_t k = first[i]; ok && k < first[i + 1]; k++)
			ok = !json_array_append_new(on, rpt_json_str(refs[to[k]]));
	}
	ok = ok && !json_object_set(doc, "components", comps) &&
	     !json_object_set(doc, "dependencies", deps);
	sbom_bom_refs_free(refs, l->n);
	free(top);
	free(to);
	free(first);
	json_t *const all[] = { meta, tools, tcs, tool, root, comps, deps, rootdeps };
	for (size_t i = 0; i < sizeof(all) / sizeof(*all); i++)
		json_decref(all[i]);
	if (!ok) {
		json_decref(doc);
		return NULL;
	}
	return doc;
}

int sbom_write_cdx(FILE *out, const struct sbom_list *l,
		   const struct sbom_doc_meta *m)
{
	return sbom_doc_dump(out, build(l, m));
}
