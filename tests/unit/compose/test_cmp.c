/* SPDX-License-Identifier: Apache-2.0
 *
 * test_cmp.c - the Compose model and rules: interpolation, ports,
 * volumes, environment forms, .env files, merging files as
 * `docker compose -f a -f b` does, and the rules' positions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/finding.h"
#include "model/cmp_model.h"
#include "core/scan_compose.h"
#include "parse/yml.h"
#include "rules/rule.h"
#include "util/arena.h"
#include "util/diag.h"

static const char *vars(void *ctx, const char *name)
{
	(void)ctx;
	if (!strcmp(name, "SET"))
		return "val";
	if (!strcmp(name, "EMPTY"))
		return "";
	if (!strcmp(name, "TAG"))
		return "1.2";
	return NULL;
}

static void interpolation_forms(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	bool u = false;
	struct { const char *in, *out; bool unres; } t[] = {
		{ "plain", "plain", false },
		{ "$SET-${SET}", "val-val", false },
		{ "${UNSET}", "", true },
		{ "${UNSET:-def}", "def", false },
		{ "${EMPTY:-def}", "def", false },
		{ "${EMPTY-def}", "", false },
		{ "${UNSET-def}", "def", false },
		{ "${SET:+alt}", "alt", false },
		{ "${UNSET:+alt}", "", false },
		{ "${UNSET:?need it}", "", true },
		{ "${SET?need it}", "val", false },
		{ "$$SET $${SET}", "$SET ${SET}", false },
		{ "${UNSET:-${SET}}", "val", false },
		{ "${UNSET:-${ALSO:-x}y}", "xy", false },
		{ "a $ b", "a $ b", false },
		{ "${unclosed", "${unclosed", false },
		{ "img:${TAG}", "img:1.2", false },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char *r = cmp_interpolate(&a, t[i].in, vars, NULL, &u);
		assert_non_null(r);
		if (strcmp(r, t[i].out) || u != t[i].unres)
			fail_msg("%s -> \"%s\" (unresolved %d), want \"%s\"",
				 t[i].in, r, u, t[i].out);
	}
	/* nested defaults are bounded, not recursed without limit */
	char deep[4096] = "";
	for (int i = 0; i < 200; i++)
		strcat(deep, "${U:-");
	strcat(deep, "x");
	for (int i = 0; i < 200; i++)
		strcat(deep, "}");
	assert_non_null(cmp_interpolate(&a, deep, vars, NULL, &u));
	arena_free(&a);
}

struct fx {
	struct arena a;
	struct diag d;
	struct cmp_model m;
};

static int build(struct fx *f, const char *y)
{
	arena_init(&f->a, 0);
	diag_init(&f->d, "compose.yaml");
	struct yml_stream s;
	int rc = yml_parse(&f->a, y, strlen(y), NULL, &s, &f->d);
	if (rc)
		return rc;
	memset(&f->m, 0, sizeof(f->m));
	return cmp_model_build(s.ndocs ? s.docs[0].root : NULL, vars, NULL,
			       &f->a, &f->m, &f->d);
}

static void ports_short_and_long(void **state)
{
	(void)state;
	struct fx f;
	const char *y =
		"services:\n"
		"  web:\n"
		"    image: x\n"
		"    ports:\n"
		"      - 80\n"
		"      - \"8080:80\"\n"
		"      - 127.0.0.1:5432:5432\n"
		"      - \"[::1]:6000-6005:7000-7005/udp\"\n"
		"      - 127.0.0.1::9000\n"
		"      - target: 443\n"
		"        published: \"8443\"\n"
		"        host_ip: 0.0.0.0\n"
		"      - \"${UNSET:-3000}:3000\"\n"
		"      - not-a-port\n"
		"    expose: [\"22\", 9229/tcp]\n";
	assert_int_equal(build(&f, y), BH_OK);
	const struct cmp_service *s = &f.m.services[0];
	assert_int_equal(s->nports, 9);
	assert_int_equal(s->ports[0].target_lo, 80);
	assert_int_equal(s->ports[0].host_lo, 0);
	assert_null(s->ports[0].host_ip);
	assert_int_equal(s->ports[0].spec.line, 5);
	assert_int_equal(s->ports[0].spec.col, 9);
	assert_int_equal(s->ports[1].host_lo, 8080);
	assert_string_equal(s->ports[2].host_ip, "127.0.0.1");
	assert_string_equal(s->ports[3].host_ip, "::1");
	assert_int_equal(s->ports[3].host_hi, 6005);
	assert_int_equal(s->ports[3].target_hi, 7005);
	assert_string_equal(s->ports[3].protocol, "udp");
	assert_int_equal(s->ports[4].host_lo, 0);
	assert_int_equal(s->ports[4].target_lo, 9000);
	assert_int_equal(s->ports[5].target_lo, 443);
	assert_int_equal(s->ports[5].host_lo, 8443);
	assert_int_equal(s->ports[5].spec.line, 10);
	assert_int_equal(s->ports[6].host_lo, 3000);
	assert_true(s->ports[7].from_expose);
	assert_int_equal(s->ports[7].target_lo, 22);
	assert_int_equal(s->ports[8].target_lo, 9229);
	arena_free(&f.a);
}

static void volumes_and_environment(void **state)
{
	(void)state;
	struct fx f;
	const char *y =
		"services:\n"
		"  app:\n"
		"    image: x\n"
		"    volumes:\n"
		"      - /var/run/docker.sock:/var/run/docker.sock:ro\n"
		"      - data:/data\n"
		"      - /anon\n"
		"      - ./src:/src:rw,rshared\n"
		"      - type: bind\n"
		"        source: /etc\n"
		"        target: /host-etc\n"
		"        read_only: true\n"
		"        bind: {propagation: shared}\n"
		"    environment:\n"
		"      - A=1\n"
		"      - B\n"
		"      - C=${SET}\n"
		"  other:\n"
		"    image: y\n"
		"    environment:\n"
		"      PASSWORD: hunter2\n"
		"      EMPTY:\n"
		"      FLAG: true\n";
	assert_int_equal(build(&f, y), BH_OK);
	const struct cmp_service *s = &f.m.services[0];
	assert_int_equal(s->nmounts, 5);
	assert_int_equal(s->mounts[0].type, CMP_MOUNT_BIND);
	assert_true(s->mounts[0].read_only);
	assert_string_equal(s->mounts[0].source, "/var/run/docker.sock");
	assert_int_equal(s->mounts[1].type, CMP_MOUNT_VOLUME);
	assert_string_equal(s->mounts[1].source, "data");
	assert_null(s->mounts[2].source);
	assert_string_equal(s->mounts[2].target, "/anon");
	assert_string_equal(s->mounts[3].propagation, "rshared");
	assert_false(s->mounts[3].read_only);
	assert_int_equal(s->mounts[4].type, CMP_MOUNT_BIND);
	assert_true(s->mounts[4].read_only);
	assert_string_equal(s->mounts[4].propagation, "shared");
	assert_int_equal(s->mounts[4].spec.line, 9);
	assert_int_equal(s->environment.n, 3);
	assert_string_equal(s->environment.v[0].name.v, "A");
	assert_string_equal(s->environment.v[0].value.v, "1");
	assert_null(s->environment.v[1].value.v);
	assert_string_equal(s->environment.v[2].value.v, "val");
	assert_string_equal(s->environment.v[2].value.raw, "${SET}");
	const struct cmp_service *o = &f.m.services[1];
	assert_string_equal(o->environment.v[0].name.v, "PASSWORD");
	assert_int_equal(o->environment.v[0].name.line, 21);
	assert_null(o->environment.v[1].value.v);
	assert_string_equal(o->environment.v[2].value.v, "true");
	arena_free(&f.a);
}

static void structure_errors(void **state)
{
	(void)state;
	struct fx f;
	assert_int_equal(build(&f, "services: [a, b]\n"), BH_EPARSE);
	assert_int_equal(f.d.line, 1);
	assert_non_null(strstr(f.d.message, "services must be a mapping"));
	arena_free(&f.a);
	assert_int_equal(build(&f, "services:\n  web: nginx\n"), BH_EPARSE);
	assert_int_equal(f.d.line, 2);
	assert_non_null(strstr(f.d.message, "service \"web\""));
	arena_free(&f.a);
	assert_int_equal(build(&f, "- a\n"), BH_EPARSE);
	arena_free(&f.a);
	assert_int_equal(build(&f, "networks: {}\n"), BH_OK);
	assert_int_equal(f.m.nservices, 0);
	arena_free(&f.a);
}

static void dotenv_parsing(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	const char *t =
		"# comment\n"
		"A=1\n"
		"export B = two # trailing\n"
		"C=\"q\\n${A}\"\n"
		"D='${A}'\n"
		"bad line\n"
		"E=${A}-${SET}\n"
		"F=\"multi\nline\"\n"
		"G=\n";
	struct cmp_kvs kv;
	assert_int_equal(cmp_dotenv_parse(&a, t, strlen(t), vars, NULL, &kv), BH_OK);
	assert_int_equal(kv.n, 7);
	assert_string_equal(kv.v[0].value.v, "1");
	assert_string_equal(kv.v[1].name.v, "B");
	assert_string_equal(kv.v[1].value.v, "two");
	assert_string_equal(kv.v[2].value.v, "q\n1");
	assert_string_equal(kv.v[3].value.v, "${A}");
	assert_string_equal(kv.v[4].value.v, "1-val");
	assert_string_equal(kv.v[5].value.v, "multi\nline");
	assert_string_equal(kv.v[6].name.v, "G");
	assert_string_equal(kv.v[6].value.v, "");
	arena_free(&a);
}

static void image_repo_names(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	assert_string_equal(cmp_image_repo_name(&a, "postgres"), "postgres");
	assert_string_equal(cmp_image_repo_name(&a, "docker.io/library/postgres:16"), "postgres");
	assert_string_equal(cmp_image_repo_name(&a, "localhost:5000/bitnami/redis@sha256:ab"), "redis");
	assert_string_equal(cmp_image_repo_name(&a, "mcr.microsoft.com/mssql/server:2022-latest"), "server");
	arena_free(&a);
}

static struct yml_node *parse_root(struct arena *a, const char *y, int file)
{
	struct yml_stream s;
	struct diag d;
	diag_init(&d, "x");
	struct yml_limits l;
	memset(&l, 0, sizeof(l));
	l.file = file;
	assert_int_equal(yml_parse(a, y, strlen(y), &l, &s, &d), BH_OK);
	return s.docs[0].root;
}

static void merge_like_compose(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	struct yml_node *b = parse_root(&a,
		"services:\n"
		"  web:\n"
		"    image: nginx:1\n"
		"    environment: [A=1, B=2]\n"
		"    cap_add: [NET_ADMIN]\n"
		"    command: [a, b]\n"
		"    volumes: [\"/x:/data\", \"/logs:/logs\"]\n"
		"    privileged: true\n"
		"  db:\n"
		"    image: postgres\n", 0);
	struct yml_node *o = parse_root(&a,
		"services:\n"
		"  web:\n"
		"    image: nginx:2\n"
		"    environment: {B: 3, C: 4}\n"
		"    cap_add: [NET_ADMIN, SYS_TIME]\n"
		"    command: [c]\n"
		"    volumes: [\"/y:/data\"]\n"
		"    privileged: !reset null\n"
		"  cache:\n"
		"    image: redis\n", 1);
	struct yml_node *m = NULL;
	struct diag d;
	diag_init(&d, "x");
	assert_int_equal(cmp_merge(&a, b, o, &m, &d), BH_OK);
	struct yml_node *web = yml_get_path(m, "services.web");
	assert_true(yml_scalar_eq(yml_get(web, "image"), "nginx:2"));
	assert_int_equal(yml_get_pair(web, "image")->key->file, 1);
	struct yml_node *env = yml_get(web, "environment");
	assert_int_equal(env->kind, YML_MAP);
	assert_int_equal(env->n, 3);
	assert_true(yml_scalar_eq(yml_get(env, "A"), "1"));
	assert_true(yml_scalar_eq(yml_get(env, "B"), "3"));
	assert_int_equal(yml_get(web, "cap_add")->n, 2);
	assert_int_equal(yml_get(web, "command")->n, 1);
	struct yml_node *vols = yml_get(web, "volumes");
	assert_int_equal(vols->n, 2);
	assert_true(yml_scalar_eq(vols->items[0], "/y:/data"));
	assert_null(yml_get(web, "privileged"));
	assert_non_null(yml_get_path(m, "services.db"));
	assert_non_null(yml_get_path(m, "services.cache"));
	arena_free(&a);
}

/* ---- rules, through the format's scan ---- */

struct run {
	struct bh_config cfg;
	struct bh_findings out;
	struct diag d;
	int rc;
};

static void scan2(struct run *r, const char *a, const char *b)
{
	bh_config_init(&r->cfg);
	memset(&r->out, 0, sizeof(r->out));
	diag_init(&r->d, "a.yml");
	struct bh_input in[2] = {
		{ "a.yml", NULL, a, strlen(a), true },
		{ "b.yml", NULL, b ? b : "", b ? strlen(b) : 0, true },
	};
	struct bh_scan_ctx ctx = { &r->cfg, &r->out, &r->d, NULL, NULL, NULL, "", NULL };
	r->rc = cmp_scan_merged(in, b ? 2 : 1, &ctx);
	bh_findings_sort(&r->out);
}

static void scan(struct run *r, const char *y)
{
	scan2(r, y, NULL);
}

static void done(struct run *r)
{
	bh_findings_free(&r->out);
	bh_config_free(&r->cfg);
}

/* The findings of rule "id" as "file:line:col" joined by spaces. */
static const char *where(struct run *r, const char *id)
{
	static char buf[2048];
	buf[0] = 0;
	for (size_t i = 0; i < r->out.n; i++) {
		const struct bh_finding *f = &r->out.v[i];
		if (strcmp(f->rule->id, id))
			continue;
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s:%d:%d",
			 buf[0] ? " " : "", f->file, f->span.line, f->span.col);
	}
	return buf;
}

static const char *msg_of(struct run *r, const char *id)
{
	for (size_t i = 0; i < r->out.n; i++)
		if (!strcmp(r->out.v[i].rule->id, id))
			return r->out.v[i].message;
	return "";
}

static const char hardened[] =
	"services:\n"
	"  web:\n"
	"    image: nginx:1.27@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n"
	"    user: \"10001:10001\"\n"
	"    read_only: true\n"
	"    security_opt: [\"no-new-privileges:true\"]\n"
	"    cap_drop: [ALL]\n"
	"    pids_limit: 100\n"
	"    healthcheck: {test: [\"CMD\", \"/hc\"]}\n"
	"    ports: [\"127.0.0.1:8080:8080\"]\n"
	"    deploy: {resources: {limits: {memory: 256M, cpus: \"0.5\"}}}\n";

static void hardened_service_is_quiet(void **state)
{
	(void)state;
	struct run r;
	scan(&r, hardened);
	assert_int_equal(r.rc, BH_OK);
	for (size_t i = 0; i < r.out.n; i++)
		fail_msg("unexpected %s at %d: %s", r.out.v[i].rule->id,
			 r.out.v[i].span.line, r.out.v[i].message);
	done(&r);
}

static void wrong_keys_are_pointed_at(void **state)
{
	(void)state;
	struct run r;
	scan(&r,
	     "services:\n"
	     "  web:\n"
	     "    image: nginx\n"
	     "    user: root\n"
	     "    privileged: \"yes\"\n"
	     "    network_mode: host\n"
	     "    cap_add: [SYS_ADMIN, cap_net_admin, SYS_PTRACE, NET_BIND_SERVICE]\n"
	     "    security_opt: [\"seccomp:unconfined\", \"apparmor=unconfined\", \"label:disable\"]\n"
	     "    volumes: [\"/var/run/docker.sock:/var/run/docker.sock\", \"/etc/:/h\", \"/etc/localtime:/etc/localtime:ro\"]\n"
	     "    environment:\n"
	     "      - GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789\n"
	     "      - DB_PASSWORD_FILE=/run/secrets/db\n"
	     "      - API_KEY=${API_KEY}\n");
	assert_int_equal(r.rc, BH_OK);
	assert_string_equal(where(&r, "BH2001"), "a.yml:4:5");
	assert_string_equal(where(&r, "BH2004"), "a.yml:3:12");
	assert_string_equal(where(&r, "BH2018"), "a.yml:5:5");
	assert_string_equal(where(&r, "BH2019"), "a.yml:6:5");
	/* privileged: its added capabilities are moot (BH2018 says it);
	 * their positions are checked in a service that is not */
	assert_string_equal(where(&r, "BH2014"), "");
	assert_string_equal(where(&r, "BH2017"), "");
	assert_string_equal(where(&r, "BH2028"), "a.yml:8:20");
	assert_string_equal(where(&r, "BH2029"), "a.yml:8:42 a.yml:8:65");
	assert_string_equal(where(&r, "BH2030"), "a.yml:9:15");
	assert_string_equal(where(&r, "BH2031"), "a.yml:9:60");
	assert_string_equal(where(&r, "BH2006"), "a.yml:11:9");
	/* the secret is masked */
	assert_null(strstr(msg_of(&r, "BH2006"), "ghp_abcdefghijklmnop"));
	/* missing keys at the service name */
	assert_string_equal(where(&r, "BH2011"), "a.yml:2:3");
	/* privileged: BH2018 says it all, no BH2012/BH2013 on top */
	assert_string_equal(where(&r, "BH2013"), "");
	assert_string_equal(where(&r, "BH2012"), "");
	done(&r);
	scan(&r,
	     "services:\n"
	     "  web:\n"
	     "    image: nginx:1.27\n"
	     "    cap_add: [SYS_ADMIN, cap_net_admin, SYS_PTRACE, NET_BIND_SERVICE]\n");
	assert_int_equal(r.rc, BH_OK);
	assert_string_equal(where(&r, "BH2014"), "a.yml:4:15");
	assert_string_equal(where(&r, "BH2015"), "a.yml:4:26");
	assert_string_equal(where(&r, "BH2016"), "a.yml:4:41");
	assert_string_equal(where(&r, "BH2017"), "a.yml:4:53");
	done(&r);
}

static void yaml11_booleans_as_compose_reads_them(void **state)
{
	(void)state;
	struct run r;
	scan(&r, "services:\n  a:\n    image: x:1\n    privileged: on\n"
		 "  b:\n    image: x:1\n    privileged: \"false\"\n"
		 "  c:\n    image: x:1\n    privileged: \"TRUE\"\n");
	assert_string_equal(where(&r, "BH2018"), "a.yml:4:5 a.yml:10:5");
	done(&r);
}

static void database_ports_and_networks(void **state)
{
	(void)state;
	struct run r;
	scan(&r,
	     "services:\n"
	     "  web:\n"
	     "    image: nginx:1\n"
	     "    ports: [\"80:80\"]\n"
	     "  db:\n"
	     "    image: postgres:16\n"
	     "    ports: [\"5432:5432\", \"127.0.0.1:5433:5432\"]\n"
	     "  cache:\n"
	     "    image: redis:7\n"
	     "    networks: [back]\n"
	     "    ports:\n"
	     "      - target: 6379\n"
	     "        published: 6379\n"
	     "networks:\n"
	     "  back: {internal: true}\n");
	assert_string_equal(where(&r, "BH2020"), "a.yml:7:13 a.yml:12:9");
	assert_string_equal(where(&r, "BH2010"), "a.yml:4:13");
	/* db shares "default" with web; cache sits on an internal network */
	assert_string_equal(where(&r, "BH2022"), "a.yml:5:3");
	done(&r);
}

static void merged_files_point_at_their_file(void **state)
{
	(void)state;
	struct run r;
	scan2(&r, hardened,
	      "services:\n"
	      "  web:\n"
	      "    # bulkhead ignore=BH2030\n"
	      "    volumes: [\"/var/run/docker.sock:/s\"]\n"
	      "    privileged: true\n"
	      "    user: root\n");
	assert_int_equal(r.rc, BH_OK);
	assert_string_equal(where(&r, "BH2018"), "b.yml:5:5");
	assert_string_equal(where(&r, "BH2001"), "b.yml:6:5");
	assert_string_equal(where(&r, "BH2030"), "");
	done(&r);
}

static void bad_input_is_one_error(void **state)
{
	(void)state;
	struct run r;
	scan(&r, "services:\n  web:\n    image: [\n");
	assert_int_equal(r.rc, BH_EPARSE);
	assert_int_equal(r.d.code, BH_EPARSE);
	char buf[900];
	diag_format(&r.d, buf, sizeof(buf));
	assert_memory_equal(buf, "a.yml:", 6);
	done(&r);
	scan2(&r, hardened, "services:\n  web: [x]\n");
	assert_int_equal(r.rc, BH_EPARSE);
	diag_format(&r.d, buf, sizeof(buf));
	assert_memory_equal(buf, "b.yml:2:", 8);
	done(&r);
}

static void format_recognition(void **state)
{
	(void)state;
	const struct bh_format *f = &bh_format_compose;
	assert_true(f->match_name("compose.yaml"));
	assert_true(f->match_name("docker-compose.yml"));
	assert_true(f->match_name("docker-compose.override.yml"));
	assert_true(f->match_name("compose.prod.yaml"));
	assert_false(f->match_name("compose.json"));
	assert_false(f->match_name("values.yaml"));
	assert_int_equal(f->sniff("version: '3'\nservices:\n  a: {}\n", 30), 80);
	const char *k = "apiVersion: v1\nkind: Pod\nservices:\n";
	assert_true(f->sniff(k, strlen(k)) < 50);
	assert_int_equal(f->sniff("x:\n  services:\n", 15), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(interpolation_forms),
		cmocka_unit_test(ports_short_and_long),
		cmocka_unit_test(volumes_and_environment),
		cmocka_unit_test(structure_errors),
		cmocka_unit_test(dotenv_parsing),
		cmocka_unit_test(image_repo_names),
		cmocka_unit_test(merge_like_compose),
		cmocka_unit_test(hardened_service_is_quiet),
		cmocka_unit_test(wrong_keys_are_pointed_at),
		cmocka_unit_test(yaml11_booleans_as_compose_reads_them),
		cmocka_unit_test(database_ports_and_networks),
		cmocka_unit_test(merged_files_point_at_their_file),
		cmocka_unit_test(bad_input_is_one_error),
		cmocka_unit_test(format_recognition),
	};
	bh_ruleset_use(&bh_rules_all);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
