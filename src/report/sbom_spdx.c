/* SPDX-License-Identifier: Apache-2.0
 *
 * sbom_spdx.c - `bulkhead sbom --format spdx`: an SPDX 2.3 JSON document
 * of a sorted package list (sbom_doc.h).
 *
 * Layout: spdxVersion "SPDX-2.3", dataLicense "CC0-1.0", SPDXID
 * "SPDXRef-DOCUMENT", name (the scanned thing), documentNamespace
 * "https://spdx.org/spdxdocs/bulkhead-NAME-UUID", creationInfo {created,
 * creators ["Tool: bulkhead-VERSION"]}, packages [the root
 * ("SPDXRef-Root", primaryPackagePurpose CONTAINER / SOURCE / FILE,
 * versionInfo = image digest when known), the operating system
 * ("SPDXRef-OperatingSystem", OPERATING_SYSTEM, as the JSON schema spells it) when os-release names
 * one, then per package "SPDXRef-Package-ECO-NAME-N" (NAME as an SPDX
 * idstring, N its position: unique), name, versionInfo, downloadLocation
 * NOASSERTION, filesAnalyzed false, licenseConcluded NOASSERTION,
 * licenseDeclared (the expression sbom_license_expr gives, else
 * NOASSERTION), externalRefs [PACKAGE-MANAGER purl], sourceInfo (path and
 * layer), primaryPackagePurpose LIBRARY], relationships [DOCUMENT
 * DESCRIBES root, root CONTAINS each package and the OS, DEPENDS_ON per
 * resolved edge (sbom_list_deps)].
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

static int rel(json_t *rels, const char *a, const char *type, const char *b)
{
	json_t *o = json_object();
	if (!o || set(o, "spdxElementId", json_string(a)) ||
	    set(o, "relationshipType", json_string(type)) ||
	    set(o, "relatedSpdxElement", json_string(b))) {
		json_decref(o);
		return -1;
	}
	return json_array_append_new(rels, o) ? -1 : 0;
}

/* The common fields of every package. */
static json_t *pkg_obj(const char *id, const char *name, const char *version,
		       const char *lic, const char *purpose)
{
	json_t *o = json_object();
	char *expr = sbom_license_expr(lic);
	if (!o || set(o, "SPDXID", json_string(id)) ||
	    set(o, "name", rpt_json_str(name)) ||
	    (version && set(o, "versionInfo", rpt_json_str(version))) ||
	    set(o, "downloadLocation", json_string("NOASSERTION")) ||
	    set(o, "filesAnalyzed", json_false()) ||
	    set(o, "licenseConcluded", json_string("NOASSERTION")) ||
	    set(o, "licenseDeclared",
		expr ? rpt_json_str(expr) : json_string("NOASSERTION")) ||
	    set(o, "primaryPackagePurpose", json_string(purpose))) {
		json_decref(o);
		o = NULL;
	}
	free(expr);
	return o;
}

static json_t *package(const struct sbom_pkg *p, const char *id)
{
	json_t *o = pkg_obj(id, p->name, p->version, p->licenses, "LIBRARY");
	json_t *refs = json_array(), *ref = json_object();
	struct strbuf src = STRBUF_INIT;
	strbuf_printf(&src, "%s package database %s", sbom_eco_name(p->eco),
		      p->path ? p->path : "");
	if (p->layer)
		strbuf_printf(&src, ", layer %s", p->layer);
	if (!o || !refs || !ref || src.failed ||
	    set(ref, "referenceCategory", json_string("PACKAGE-MANAGER")) ||
	    set(ref, "referenceType", json_string("purl")) ||
	    set(ref, "referenceLocator", rpt_json_str(p->purl)) ||
	    json_array_append(refs, ref) || json_object_set(o, "externalRefs", refs) ||
	    set(o, "sourceInfo", rpt_json_str(strbuf_str(&src)))) {
		json_decref(o);
		o = NULL;
	}
	json_decref(refs);
	json_decref(ref);
	strbuf_free(&src);
	return o;
}

static json_t *build(const struct sbom_list *l, const struct sbom_doc_meta *m)
{
	static const char *const purpose[] = { "CONTAINER", "SOURCE", "FILE" };
	struct strbuf ns = STRBUF_INIT, id = STRBUF_INIT, tool = STRBUF_INIT;
	strbuf_adds(&ns, "https://spdx.org/spdxdocs/bulkhead-");
	sbom_spdx_idstring(&ns, m->name);
	strbuf_printf(&ns, "-%s", m->uuid);
	strbuf_printf(&tool, "Tool: bulkhead-%s", BH_VERSION);
	json_t *doc = json_object(), *ci = json_object(), *creators = json_array(),
	       *pkgs = json_array(), *rels = json_array();
	char **ids = calloc(l->n ? l->n : 1, sizeof(*ids));
	size_t *to = NULL, *first = NULL;
	bool ok = doc && ci && creators && pkgs && rels && ids && !ns.failed &&
		  !tool.failed && !sbom_list_deps(l, &to, &first);
	ok = ok && !set(doc, "spdxVersion", json_string("SPDX-2.3")) &&
	     !set(doc, "dataLicense", json_string("CC0-1.0")) &&
	     !set(doc, "SPDXID", json_string("SPDXRef-DOCUMENT")) &&
	     !set(doc, "name", rpt_json_str(m->name)) &&
	     !set(doc, "documentNamespace", rpt_json_str(strbuf_str(&ns))) &&
	     !set(ci, "created", json_string(m->timestamp)) &&
	     !json_array_append_new(creators, json_string(strbuf_str(&tool))) &&
	     !json_object_set(ci, "creators", creators) &&
	     !json_object_set(doc, "creationInfo", ci) &&
	     !json_array_append_new(pkgs, pkg_obj("SPDXRef-Root", m->name, m->digest,
						  NULL, purpose[m->kind])) &&
	     !rel(rels, "SPDXRef-DOCUMENT", "DESCRIBES", "SPDXRef-Root");
	if (ok && m->os_id)
		ok = !json_array_append_new(pkgs, pkg_obj("SPDXRef-OperatingSystem",
							  m->os_id, m->os_version, NULL,
							  "OPERATING_SYSTEM")) &&
		     !rel(rels, "SPDXRef-Root", "CONTAINS", "SPDXRef-OperatingSystem");
	for (size_t i = 0; ok && i < l->n; i++) {
		const struct sbom_pkg *p = &l->v[i];
		strbuf_reset(&id);
		strbuf_printf(&id, "SPDXRef-Package-%s-", sbom_eco_name(p->eco));
		sbom_spdx_idstring(&id, p->name);
		strbuf_printf(&id, "-%zu", i + 1);
		ok = !id.failed && (ids[i] = strdup(strbuf_str(&id))) &&
		     !json_array_append_new(pkgs, package(p, ids[i])) &&
		     !rel(rels, "SPDXRef-Root", "CONTAINS", ids[i]);
	}
	for (size_t i = 0; ok && i < l->n; i++)
		for (size_t k = first[i]; ok && k < first[i + 1]; k++)
			ok = !rel(rels, ids[i], "DEPENDS_ON", ids[to[k]]);
	ok = ok && !json_object_set(doc, "packages", pkgs) &&
	     !json_object_set(doc, "relationships", rels);
	for (size_t i = 0; ids && i < l->n; i++)
		free(ids[i]);
	free(ids);
	free(to);
	free(first);
	strbuf_free(&ns);
	strbuf_free(&id);
	strbuf_free(&tool);
	json_decref(ci);
	json_decref(creators);
	json_decref(pkgs);
	json_decref(rels);
	if (!ok) {
		json_decref(doc);
		return NULL;
	}
	return doc;
}

int sbom_write_spdx(FILE *out, const struct sbom_list *l,
		    const struct sbom_doc_meta *m)
{
	return sbom_doc_dump(out, build(l, m));
}
