/* SPDX-License-Identifier: Apache-2.0
 *
 * link.h - the service as a whole: a Compose service with `build:` joined
 * to the Dockerfile it builds.
 *
 * While each input is scanned the pipeline keeps what the join needs from
 * the model it built (struct link_facts).  After every input of a run was
 * scanned, link_services() looks at each
 * Compose service that builds a Dockerfile and settles the findings the
 * two files raise about the same property (the effective user, its
 * numeric form, the health check, exposed SSH/debug ports): when one file
 * fixes what the other would report, the other's finding is dropped; when
 * both report it, it is reported once, on the file where the fix belongs,
 * naming the other file.  The rules it settles are found by their rows'
 * link role (BH_RULE_LINK() in its flags), never by id.  Tests: tests/cases/link/.
 */
#ifndef BH_LINK_H
#define BH_LINK_H

#include <stdbool.h>
#include <stddef.h>

#include "finding.h"
#include "formats.h"

struct cmp_extends;
struct cmp_model;
struct df_model;

/* A Dockerfile stage as the join sees it. */
struct link_stage {
	char *name;             /* "AS name" lower-cased, or NULL; heap */
	bool root;              /* its effective user is root */
	bool health;            /* it (or a stage it builds on) has a
				   HEALTHCHECK other than NONE */
};

/* A Compose service that builds a Dockerfile. */
struct link_service {
	char *service;          /* heap */
	int line, end_line;     /* the service's lines in the Compose file */
	char *dockerfile;       /* the Dockerfile it builds, on disk; heap */
	char *context;          /* its build context, on disk; heap */
	char *target;           /* build.target, or NULL; heap */
	bool user_set, user_root, health_set;
	long ports[32];         /* container ports the service publishes */
	size_t nports;
};

/* What one input adds to the join, gathered by the pipeline from the
 * model it built (scan_df.c, scan_compose.c): a Dockerfile's stages (the
 * last is the final one), a Compose file's building services. */
struct link_facts {
	struct link_stage *stages;
	size_t nstages;
	struct link_service *services;
	size_t nservices;
};

/* Fills "out" from a Dockerfile's model.  0 or BH_ENOMEM. */
int link_facts_dockerfile(const struct df_model *m, struct link_facts *out);
/* Fills "out" from a Compose model; "fs_path" is the first input's path
 * on disk (NULL: stdin, no service is joined), "x" the extends state
 * (a service inheriting build: resolves it from the file that wrote it).
 * 0 or BH_ENOMEM. */
int link_facts_compose(const struct cmp_model *m, const struct cmp_extends *x,
		       const char *fs_path, struct link_facts *out);
void link_facts_free(struct link_facts *f);

/* Adds to "out" the build context of each service of "f" (a Compose
 * input shown as "compose") whose Dockerfile and context exist, by real
 * path, and whose context lies below (or is) one of out->roots: a hostile
 * `context: ../elsewhere` or `/` is not read, walked or written
 * (`fix --write` would make or edit its .dockerignore); such a
 * Dockerfile's context stays its own directory (the entry is kept with
 * "outside" set, which scan_df.c hands to the fixes as
 * context_outside).  A Dockerfile already
 * in "out" keeps its first context.  0 or BH_ENOMEM. */
int link_contexts_add(struct bh_build_contexts *out, const struct link_facts *f,
		      const char *compose);
/* Adds to out->roots the real path of "path" named on the command line
 * (its directory when it is not one); a path that does not resolve adds
 * nothing.  The path is resolved when link_contexts_add() first judges
 * a context (most runs judge none), so "path" is copied now and looked
 * up then.  0 or BH_ENOMEM. */
int link_contexts_root(struct bh_build_contexts *out, const char *path);
/* The context "out" holds for the Dockerfile at "fs_path", or NULL. */
const struct bh_build_context *link_context_of(const struct bh_build_contexts *c,
					       const char *fs_path);
void link_contexts_free(struct bh_build_contexts *c);

struct link_input {
	const char *display;              /* path as reported */
	const char *fs_path;              /* on disk, NULL for stdin */
	const struct bh_format *format;
	const struct link_facts *facts;   /* what its scan gathered, or NULL */
};

/* Settles the findings of the run: joins each Compose service's facts to
 * the scanned Dockerfile's (a Dockerfile no input named is read and
 * modelled here, once). */
void link_services(const struct link_input *inputs, size_t n,
		   struct bh_findings *findings);

#endif
