/* SPDX-License-Identifier: Apache-2.0
 *
 * rt_checks.h - the checks over running containers (struct rt_model,
 * `docker inspect` / `podman inspect`) that serve a Compose row as its
 * second input (check.h: target2, check2, fix2): one rule, several
 * inputs.  Defined in rules_runtime.c; named on the rows of
 * rules_compose.c, whose ids their findings carry.  Each reports under
 * the row it is given and at that row's severity (rt_check_cap_add
 * reports the capabilities of the row's risk: BH2014-BH2017).
 * Tests: tests/cases/runtime/, tests/suites/meta.sh.
 */
#ifndef BH_RT_CHECKS_H
#define BH_RT_CHECKS_H

#include "rule.h"

void rt_check_root_user(struct bh_check *c, const struct bh_rule *r);    /* BH2001 */
void rt_check_user_name(struct bh_check *c, const struct bh_rule *r);    /* BH2003 */
void rt_check_no_health(struct bh_check *c, const struct bh_rule *r);    /* BH2007 */
void rt_check_health_off(struct bh_check *c, const struct bh_rule *r);   /* BH2008 */
void rt_check_debug_port(struct bh_check *c, const struct bh_rule *r);   /* BH2009 */
void rt_check_priv_port(struct bh_check *c, const struct bh_rule *r);    /* BH2010 */
void rt_check_writable_root(struct bh_check *c, const struct bh_rule *r);/* BH2011 */
void rt_check_nnp(struct bh_check *c, const struct bh_rule *r);          /* BH2012 */
void rt_check_caps_kept(struct bh_check *c, const struct bh_rule *r);    /* BH2013 */
void rt_check_cap_add(struct bh_check *c, const struct bh_rule *r);      /* BH2014-BH2017 */
void rt_check_privileged(struct bh_check *c, const struct bh_rule *r);   /* BH2018 */
void rt_check_host_ns(struct bh_check *c, const struct bh_rule *r);      /* BH2019 */
void rt_check_open_db_port(struct bh_check *c, const struct bh_rule *r); /* BH2020 */
void rt_check_open_port(struct bh_check *c, const struct bh_rule *r);    /* BH2021 */
void rt_check_memory(struct bh_check *c, const struct bh_rule *r);       /* BH2024 */
void rt_check_cpu(struct bh_check *c, const struct bh_rule *r);          /* BH2025 */
void rt_check_pids(struct bh_check *c, const struct bh_rule *r);         /* BH2026 */
void rt_check_ulimits(struct bh_check *c, const struct bh_rule *r);      /* BH2027 */
void rt_check_seccomp(struct bh_check *c, const struct bh_rule *r);      /* BH2028 */
void rt_check_mac(struct bh_check *c, const struct bh_rule *r);          /* BH2029 */
void rt_check_socket(struct bh_check *c, const struct bh_rule *r);       /* BH2030 */
void rt_check_sensitive(struct bh_check *c, const struct bh_rule *r);    /* BH2031 */
void rt_check_device(struct bh_check *c, const struct bh_rule *r);       /* BH2032 */
void rt_check_secrets(struct bh_check *c, const struct bh_rule *r);    /* BH2006 */
void rt_check_restart(struct bh_check *c, const struct bh_rule *r);      /* BH2035 */

#endif
