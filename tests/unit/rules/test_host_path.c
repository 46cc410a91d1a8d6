/* SPDX-License-Identifier: Apache-2.0
 *
 * test_host_path.c - the host-path table shared by the Compose,
 * Kubernetes and runtime rules (src/rules/host_path.c): normalisation
 * (doubled and trailing slashes, truncation), each list's members and
 * near misses (a name that only starts like a listed folder), the
 * harmless exceptions under sensitive folders, and the root reported.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "rules/host_path.h"

static enum bh_host_path cls(const char *raw)
{
	char p[512];
	bh_host_path_norm(raw, p, sizeof(p));
	return bh_host_path_class(p, NULL);
}

static void test_norm(void **state)
{
	(void)state;
	char out[16];
	bh_host_path_norm("/var//run///docker.sock/", out, sizeof(out));
	assert_string_equal(out, "/var/run/docker");   /* truncated to 15 */
	bh_host_path_norm("///", out, sizeof(out));
	assert_string_equal(out, "/");
	bh_host_path_norm("/etc/", out, sizeof(out));
	assert_string_equal(out, "/etc");
	bh_host_path_norm("", out, sizeof(out));
	assert_string_equal(out, "");
	char one[1];
	bh_host_path_norm("/etc", one, sizeof(one));
	assert_string_equal(one, "");
}

static void test_sockets(void **state)
{
	(void)state;
	const char *yes[] = {
		"/var/run/docker.sock", "//run//docker.sock", "/run/podman/podman.sock",
		"/run/containerd/containerd.sock", "/var/run/crio/crio.sock",
		"/var/lib/kubelet/pod-resources/kubelet.sock",
		"/var/run/dockershim.sock", "/var/run/cri-dockerd.sock",
		"/var/run", "/run/", "/run/containerd", "/var/run/docker",
	};
	for (size_t i = 0; i < sizeof(yes) / sizeof(*yes); i++)
		assert_int_equal(cls(yes[i]), BH_HOST_SOCKET);
	assert_int_not_equal(cls("/var/run/docker.socket"), BH_HOST_SOCKET);
	assert_int_not_equal(cls("/run/user/1000"), BH_HOST_SOCKET);
	assert_int_not_equal(cls("/srv/mydocker.sock.d"), BH_HOST_SOCKET);
}

static void test_sensitive(void **state)
{
	(void)state;
	const char *root = NULL;
	assert_int_equal(bh_host_path_class("/etc/nginx", &root),
			 BH_HOST_SENSITIVE);
	assert_string_equal(root, "/etc");
	assert_int_equal(bh_host_path_class("/", &root), BH_HOST_SENSITIVE);
	assert_string_equal(root, "/");
	assert_int_equal(bh_host_path_class("/var/lib/etcd/member", &root),
			 BH_HOST_SENSITIVE);
	assert_string_equal(root, "/var/lib/etcd");
	const char *yes[] = {
		"/proc/sys", "/sys", "/root/.ssh", "/boot", "/dev/sda",
		"/var/lib/docker/containers", "/var/lib/containers/storage",
		"/lib/modules", "/usr/lib/modules/6.1", "/usr", "/var/log",
		"/home", "/lib64", "/var/lib",
	};
	for (size_t i = 0; i < sizeof(yes) / sizeof(*yes); i++)
		assert_int_equal(cls(yes[i]), BH_HOST_SENSITIVE);
	/* exact-only folders: what is under them is the user's */
	const char *no[] = {
		"/usr/share/zoneinfo", "/var/log/app", "/home/app/data",
		"/var/lib/app", "/srv/data", "/mnt/models", "/etcetera",
		"/devices", "/system", "/etc/localtime", "/etc/timezone",
		"/dev/null", "/dev/urandom",
	};
	for (size_t i = 0; i < sizeof(no) / sizeof(*no); i++)
		assert_int_equal(cls(no[i]), BH_HOST_OTHER);
	assert_int_equal(bh_host_path_class("/srv", &root), BH_HOST_OTHER);
	assert_null(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_norm),
		cmocka_unit_test(test_sockets),
		cmocka_unit_test(test_sensitive),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
