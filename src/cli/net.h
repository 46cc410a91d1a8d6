/* SPDX-License-Identifier: Apache-2.0
 *
 * net.h - the interface between the bulkhead binary and its network
 * module, bulkhead-net.so: the code that needs libcurl (`db update
 * --from URL`) and the server's HTTP and TLS libraries (`serve
 * --admission`: libmicrohttpd with GnuTLS, or libevent with libssl,
 * meson -Dserve_lib).  The static build has no module: its server is
 * linked into the binary (cmd_serve.c).
 * The binary links none of those libraries; it loads the module only
 * for those two commands (cli_net_sym(), net_load.c), so every other
 * command starts without the ~35 shared libraries they bring
 * (docs/decisions.md "The network module").
 *
 * Where the module is: next to the binary (the build tree), else
 * BIN/../lib/bulkhead/bulkhead-net.so (make install, the .deb:
 * /usr/lib/bulkhead/).  The module calls back into the binary only
 * through the symbols net_exports names (src/cli/meson.build).
 * Tests: tests/suites/netmodule.sh.
 */
#ifndef BH_CLI_NET_H
#define BH_CLI_NET_H

#include <stddef.h>

#define BH_NET_MODULE "bulkhead-net.so"

/* In the module (defined there, looked up by name with dlsym): */

/* The bulkhead version the module was built with (BH_VERSION): a module
 * of another build is refused. */
extern const char bhnet_version[];

/* `bulkhead serve ...`, argv[0] "serve": the exit code (cmd_serve.c). */
typedef int bhnet_serve_fn(int argc, char **argv);
bhnet_serve_fn bhnet_serve;

/* Fetches URL over http(s) with libcurl (net_fetch.c): at most max bytes
 * into *buf (malloc'd, the caller frees; *len bytes and a NUL), 0; or one
 * line on stderr naming the URL as `shown` (no userinfo, no query) and 2.
 * On failure *buf may hold a partial body: the caller frees it too. */
typedef int bhnet_fetch_fn(const char *url, const char *shown, size_t max,
			   char **buf, size_t *len);
bhnet_fetch_fn bhnet_fetch;

/* In the binary (net_load.c): */

/* The module's function NAME, the module loaded on first call; NULL
 * after one line on stderr "bulkhead: CMD: ..." naming the module's path
 * (missing, unloadable, or of another version). */
void *cli_net_sym(const char *cmd, const char *name);

#endif
