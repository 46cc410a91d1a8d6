/* SPDX-License-Identifier: Apache-2.0
 *
 * cmd_serve.c - `bulkhead serve --admission`: a Kubernetes
 * ValidatingAdmissionWebhook over HTTPS, on one of two HTTP libraries
 * (no HTTP parsing here), chosen by meson -Dserve_lib:
 *   libevent (BH_SERVE_LIBEVENT=1): libevent 2.1's evhttp over OpenSSL
 *     bufferevents.  It links statically (Debian ships libevent.a,
 *     libevent_openssl.a, libssl.a), so the static container image
 *     serves; -Dstatic=true always takes it.
 *   microhttpd: libmicrohttpd 0.9.75 and its GnuTLS (which needs p11-kit
 *     and libunistring, shipped shared only: no static build).
 *
 * This file owns the server: the command line, the listening socket
 * (bound here, so a port in use is one clear line, exit 2; port 0 picks a
 * free one and the startup line names it), the certificate and key (read
 * and checked with OpenSSL before serving: unreadable, not PEM, a key
 * that is not the certificate's, or an expired certificate is one line,
 * exit 2; then made the library's credentials: an SSL_CTX, or GnuTLS
 * certificates), the routes (POST /validate; GET /healthz, /readyz,
 * /metrics; other methods 405, other paths 404), the request body bound
 * (ADM_MAX_BODY, 413), the metrics (Prometheus text), certificate
 * reload, and shutdown.  The judgement of a request is adm_review()
 * (src/report/admission.c), a function over buffers, called by judge().
 *
 * Server: a worker pool of one thread per CPU (--threads), an inactivity
 * timeout per connection (--timeout, default 10 s: a client that stops
 * sending is cut off) and a deadline (a client that trickles its headers
 * or body is cut off too: "deadlines" below), at most 64 KiB of headers
 * and 1024 connections.  The certificate of each TLS handshake is the
 * current set of credentials, counted: a set lives while a connection
 * that shook hands with it is open.  The main thread waits for signals;
 * every 250 ms it compares the certificate's and key's (mtime, size,
 * inode) with what it loaded and, when they changed and the new pair is
 * good, swaps the new set in: no connection is refused or cut,
 * handshakes from then on get the new pair.  A bad new pair is said once
 * and the old one kept.  SIGTERM or SIGINT: stop accepting, finish the
 * requests in flight (at most --timeout seconds more), exit 0.
 * The dynamic build builds this file into the network module
 * bulkhead-net.so, not the binary (src/cli/net.h): `bulkhead serve`
 * (net_load.c) loads it, so no other command loads the HTTP and TLS
 * libraries; what it calls in the binary is exported by name
 * (net_exports, src/cli/meson.build).  The static build
 * (BH_SERVE_LINKED=1) links it into the binary, which has no module.
 * Tests: tests/suites/admission.sh, bench/admission.sh, and
 * bench/adm_reload.sh (reloads under load: no request may fail),
 * tests/suites/netmodule.sh, tests/suites/selfimage.sh (the static one).
 */
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#if BH_SERVE_LIBEVENT
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <event2/listener.h>
#include <openssl/ssl.h>
#else
#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <microhttpd.h>
#endif

#include "../core/config.h"
#include "../core/finding.h"
#include "../report/admission.h"
#include "../secrets/secrets.h"
#include "../util/diag.h"
#include "../util/io.h"
#include "cli_common.h"
#include "net.h"
#if BH_SERVE_LINKED
#include "commands.h"
#endif
#include "net.h"

#define SERVE_GROUPS (CLI_CONFIG | CLI_ENABLE | CLI_PROFILE)
#define MAX_PEM ((size_t)1 << 20)
#define MAX_EXEMPT 64
#define MEMORY_LIMIT ((size_t)64 << 10)
#define CONNECTION_LIMIT 1024
#define MAX_RULE_METRICS 512
#define MAX_CHAIN 16  /* certificates in --tls-cert */

enum {
	OPT_ADMISSION = CLI_OPT__END, OPT_LISTEN, OPT_CERT, OPT_KEY, OPT_WARN,
	OPT_DRY_RUN, OPT_FAIL_OPEN, OPT_EXEMPT, OPT_TIMEOUT, OPT_THREADS,
};

static const struct option own_opts[] = {
	{ "admission", no_argument, NULL, OPT_ADMISSION },
	{ "listen", required_argument, NULL, OPT_LISTEN },
	{ "tls-cert", required_argument, NULL, OPT_CERT },
	{ "tls-key", required_argument, NULL, OPT_KEY },
	{ "threshold", required_argument, NULL, CLI_OPT_THRESHOLD },
	{ "warn", no_argument, NULL, OPT_WARN },
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ "fail-open", no_argument, NULL, OPT_FAIL_OPEN },
	{ "exempt-namespace", required_argument, NULL, OPT_EXEMPT },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "threads", required_argument, NULL, OPT_THREADS },
	{ 0 },
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: bulkhead serve --admission --listen HOST:PORT --tls-cert FILE\n"
		"                      --tls-key FILE [options]\n"
		"  A Kubernetes ValidatingAdmissionWebhook over HTTPS: POST /validate\n"
		"  takes an AdmissionReview (admission.k8s.io/v1), scans its object\n"
		"  with the Kubernetes rules of `bulkhead scan`, and denies it when a\n"
		"  finding is at or over the threshold.  GET /healthz and /readyz\n"
		"  answer \"ok\", /metrics the Prometheus metrics.  The certificate\n"
		"  and key are reloaded when their files change; SIGTERM finishes\n"
		"  the requests in flight and exits 0 (docs/admission.md).\n\n"
		"options:\n"
		"  --admission                serve the admission webhook (required)\n"
		"  --listen HOST:PORT         address to listen on (e.g. 0.0.0.0:8443,\n"
		"                             [::]:8443; port 0 picks a free one)\n"
		"  --tls-cert FILE            the server certificate (PEM, chain)\n"
		"  --tls-key FILE             its private key (PEM)\n"
		"  --threshold SEV            lowest severity that denies (default high)\n"
		"  --warn                     allow, with one warning per finding\n"
		"  --dry-run                  allow everything; log and count what\n"
		"                             would be denied\n"
		"  --fail-open                allow, with a warning, an object that\n"
		"                             cannot be audited (a parse limit met);\n"
		"                             default: denied, saying why\n"
		"  --exempt-namespace NS      allow this namespace's objects unread\n"
		"                             (repeatable)\n"
		"  --timeout SEC              cut off a connection idle this long, or\n"
		"                             slower than this to send its headers,\n"
		"                             then its request (default 10)\n"
		"  --threads N                worker threads (default: the CPUs)\n");
	cli_print_options(out, SERVE_GROUPS | CLI_OWN_EXIT);
	fprintf(out,
		"exit: 0 stopped by SIGTERM or SIGINT (requests in flight finished);\n"
		"      2 usage or input error, before serving: a bad option, a\n"
		"      certificate or key that cannot be read or is not PEM, a key\n"
		"      that is not the certificate's, an expired certificate, a port\n"
		"      in use.  A bad certificate or key met on reload is said once\n"
		"      and the pair loaded before is kept: no exit\n");
}

struct serve_opts {
	bool admission, warn, dry_run, fail_open;
	const char *listen, *cert, *key;
	const char *exempt[MAX_EXEMPT];
	size_t nexempt;
	unsigned timeout, threads;
};

static int own_option(void *ud, int c, const char *arg)
{
	struct serve_opts *s = ud;
	char *end;
	long v;
	switch (c) {
	case OPT_ADMISSION: s->admission = true; return -1;
	case OPT_LISTEN: s->listen = arg; return -1;
	case OPT_CERT: s->cert = arg; return -1;
	case OPT_KEY: s->key = arg; return -1;
	case OPT_WARN: s->warn = true; return -1;
	case OPT_DRY_RUN: s->dry_run = true; return -1;
	case OPT_FAIL_OPEN: s->fail_open = true; return -1;
	case OPT_EXEMPT:
		if (!*arg)
			return cli_usage_error("serve", "--exempt-namespace wants "
					       "a namespace%s", "");
		if (s->nexempt == MAX_EXEMPT)
			return cli_usage_error("serve", "more than 64 "
					       "--exempt-namespace%s", "");
		s->exempt[s->nexempt++] = arg;
		return -1;
	case OPT_TIMEOUT:
		v = strtol(arg, &end, 10);
		if (end == arg || *end || v < 1 || v > 3600)
			return cli_usage_error("serve", "--timeout wants seconds "
					       "from 1 to 3600, not '%s'", arg);
		s->timeout = (unsigned)v;
		return -1;
	case OPT_THREADS:
		v = strtol(arg, &end, 10);
		if (end == arg || *end || v < 1 || v > 256)
			return cli_usage_error("serve", "--threads wants a number "
					       "from 1 to 256, not '%s'", arg);
		s->threads = (unsigned)v;
		return -1;
	default:
		return 0;
	}
}

#if !BH_SERVE_LIBEVENT
/* ---- the certificate the handshakes get ----
 * One daemon serves for the process's life; a reload swaps the
 * credentials it hands out.  GnuTLS asks for them in each handshake
 * (MHD_OPTION_HTTPS_CERT_CALLBACK: gnutls_certificate_retrieve_function2,
 * called in the worker thread doing the handshake) and keeps the
 * pointers it is given, unowned, in the session until the session is
 * freed.  So a set of credentials is counted: "creds_now" holds one
 * reference, and each connection that got the set in its handshake holds
 * one (struct conn, below), given back when libmicrohttpd says the
 * connection is closed, which it says after gnutls_deinit() of its
 * session.  A swap under creds_lock makes the new set current and drops
 * the old set's "current" reference: the old set lives until the last
 * connection that shook hands with it is gone, then it is freed. */
typedef struct creds creds_t;

struct creds {
	atomic_uint refs;
	gnutls_pcert_st pcert[MAX_CHAIN];  /* the chain, leaf first */
	unsigned n;
	gnutls_privkey_t key;
};

static pthread_mutex_t creds_lock = PTHREAD_MUTEX_INITIALIZER;
static struct creds *creds_now;   /* guarded by creds_lock */
static atomic_int creds_live;     /* sets not yet freed (a metric) */

static void creds_put(struct creds *c)
{
	if (!c || atomic_fetch_sub(&c->refs, 1) != 1)
		return;
	for (unsigned i = 0; i < c->n; i++)
		gnutls_pcert_deinit(&c->pcert[i]);
	if (c->key)
		gnutls_privkey_deinit(c->key);
	free(c);
	atomic_fetch_sub(&creds_live, 1);
}

/* The current set, with a reference taken for the caller. */
static struct creds *creds_get(void)
{
	pthread_mutex_lock(&creds_lock);
	struct creds *c = creds_now;
	if (c)
		atomic_fetch_add(&c->refs, 1);
	pthread_mutex_unlock(&creds_lock);
	return c;
}

/* Makes c current (its one reference passes to "current"); the set
 * before loses its "current" reference. */
static void creds_swap(struct creds *c)
{
	pthread_mutex_lock(&creds_lock);
	struct creds *old = creds_now;
	creds_now = c;
	pthread_mutex_unlock(&creds_lock);
	creds_put(old);
}

#else
/* ---- the certificate the handshakes get (libevent, OpenSSL) ----
 * A certificate and key pair is an SSL_CTX.  "ctx_now" is the current
 * one; each new connection's SSL object is made from it under ctx_lock
 * (SSL_new takes a reference on the SSL_CTX, SSL_free, when the
 * connection's bufferevent is freed, gives it back).  A reload makes a
 * new SSL_CTX and swaps it in under the lock, dropping the old one's
 * "current" reference: the old SSL_CTX lives while a connection that
 * shook hands with it is open, and OpenSSL frees it with the last.  Each
 * SSL_CTX carries an ex_data slot whose free callback counts it out of
 * creds_live (the bulkhead_tls_credentials_live gauge). */
typedef SSL_CTX creds_t;

static pthread_mutex_t creds_lock = PTHREAD_MUTEX_INITIALIZER;
static SSL_CTX *creds_now;        /* guarded by creds_lock */
static atomic_int creds_live;     /* SSL_CTX objects not yet freed */
static int ctx_idx = -1;          /* SSL_CTX ex_data: the live count */
static int ssl_idx = -1;          /* SSL ex_data: its struct conn */

static void creds_put(SSL_CTX *c)
{
	SSL_CTX_free(c);  /* NULL is nothing */
}

/* Makes c current (its one reference passes to "current"); the set
 * before loses its "current" reference. */
static void creds_swap(SSL_CTX *c)
{
	pthread_mutex_lock(&creds_lock);
	SSL_CTX *old = creds_now;
	creds_now = c;
	pthread_mutex_unlock(&creds_lock);
	SSL_CTX_free(old);
}

/* OpenSSL's free callback of ctx_idx: an SSL_CTX is gone. */
static void ctx_freed(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx,
		      long argl, void *argp)
{
	(void)parent;
	(void)ad;
	(void)idx;
	(void)argl;
	(void)argp;
	if (ptr)
		atomic_fetch_sub(&creds_live, 1);
}

static void conn_freed(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx,
		       long argl, void *argp);
#endif

/* ---- metrics ---- */

static const double buckets[] = { 0.0005, 0.001, 0.0025, 0.005, 0.01,
				  0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5 };
#define NBUCKETS (sizeof(buckets) / sizeof(buckets[0]))

struct rule_count {
	char id[16];
	unsigned long long denied, would_deny;
};

static struct {
	atomic_ullong outcomes[ADM__COUNT];
	atomic_ullong errors;             /* 500: out of memory */
	atomic_ullong bucket[NBUCKETS];   /* not cumulative; summed on output */
	atomic_ullong count;
	atomic_ullong sum_ns;
	atomic_ullong reloads, reload_failures;
	atomic_ullong cut;                /* connections past their deadline */
	pthread_mutex_t lock;             /* guards rules */
	struct rule_count rules[MAX_RULE_METRICS];
	size_t nrules;
} metrics = { .lock = PTHREAD_MUTEX_INITIALIZER };

static void count_rule(const char *id, bool denied)
{
	pthread_mutex_lock(&metrics.lock);
	size_t i = 0;
	while (i < metrics.nrules && strcmp(metrics.rules[i].id, id))
		i++;
	if (i == metrics.nrules && i < MAX_RULE_METRICS &&
	    strlen(id) < sizeof(metrics.rules[i].id)) {
		snprintf(metrics.rules[i].id, sizeof(metrics.rules[i].id), "%s",
			 id);
		metrics.nrules++;
	}
	if (i < metrics.nrules) {
		if (denied)
			metrics.rules[i].denied++;
		else
			metrics.rules[i].would_deny++;
	}
	pthread_mutex_unlock(&metrics.lock);
}

static void observe(double secs)
{
	size_t i = 0;
	while (i < NBUCKETS && secs > buckets[i])
		i++;
	if (i < NBUCKETS)
		atomic_fetch_add(&metrics.bucket[i], 1);
	atomic_fetch_add(&metrics.count, 1);
	atomic_fetch_add(&metrics.sum_ns, (unsigned long long)(secs * 1e9));
}

static char *metrics_text(size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	if (!f)
		return NULL;
	fputs("# HELP bulkhead_admission_requests_total AdmissionReview requests "
	      "answered, by outcome.\n"
	      "# TYPE bulkhead_admission_requests_total counter\n", f);
	for (int o = 0; o < ADM__COUNT; o++)
		fprintf(f, "bulkhead_admission_requests_total{outcome=\"%s\"} "
			"%llu\n", adm_outcome_name(o),
			atomic_load(&metrics.outcomes[o]));
	fprintf(f, "bulkhead_admission_requests_total{outcome=\"error\"} %llu\n",
		atomic_load(&metrics.errors));
	fputs("# HELP bulkhead_admission_denials_total Requests denied, by rule "
	      "id (each rule at or over the threshold counts once per request)."
	      "\n# TYPE bulkhead_admission_denials_total counter\n", f);
	pthread_mutex_lock(&metrics.lock);
	for (size_t i = 0; i < metrics.nrules; i++)
		if (metrics.rules[i].denied)
			fprintf(f, "bulkhead_admission_denials_total{rule=\"%s\"} "
				"%llu\n", metrics.rules[i].id,
				metrics.rules[i].denied);
	fputs("# HELP bulkhead_admission_would_deny_total Requests allowed by "
	      "--warn or --dry-run that would have been denied, by rule id.\n"
	      "# TYPE bulkhead_admission_would_deny_total counter\n", f);
	for (size_t i = 0; i < metrics.nrules; i++)
		if (metrics.rules[i].would_deny)
			fprintf(f, "bulkhead_admission_would_deny_total{rule=\"%s\"}"
				" %llu\n", metrics.rules[i].id,
				metrics.rules[i].would_deny);
	pthread_mutex_unlock(&metrics.lock);
	fputs("# HELP bulkhead_admission_request_duration_seconds Time to "
	      "answer POST /validate, from the last body byte to the "
	      "response.\n"
	      "# TYPE bulkhead_admission_request_duration_seconds histogram\n",
	      f);
	unsigned long long cum = 0;
	for (size_t i = 0; i < NBUCKETS; i++) {
		cum += atomic_load(&metrics.bucket[i]);
		fprintf(f, "bulkhead_admission_request_duration_seconds_bucket"
			"{le=\"%g\"} %llu\n", buckets[i], cum);
	}
	unsigned long long count = atomic_load(&metrics.count);
	fprintf(f, "bulkhead_admission_request_duration_seconds_bucket"
		"{le=\"+Inf\"} %llu\n", count);
	fprintf(f, "bulkhead_admission_request_duration_seconds_sum %.9f\n",
		(double)atomic_load(&metrics.sum_ns) / 1e9);
	fprintf(f, "bulkhead_admission_request_duration_seconds_count %llu\n",
		count);
	fprintf(f, "# HELP bulkhead_connections_cut_total Connections shut "
		"down past their deadline (--timeout for the headers, then for "
		"the request).\n# TYPE bulkhead_connections_cut_total counter\n"
		"bulkhead_connections_cut_total %llu\n",
		atomic_load(&metrics.cut));
	fprintf(f, "# HELP bulkhead_tls_reloads_total Certificate reloads, by "
		"result.\n# TYPE bulkhead_tls_reloads_total counter\n"
		"bulkhead_tls_reloads_total{result=\"ok\"} %llu\n"
		"bulkhead_tls_reloads_total{result=\"failed\"} %llu\n",
		atomic_load(&metrics.reloads),
		atomic_load(&metrics.reload_failures));
	fprintf(f, "# HELP bulkhead_tls_credentials_live Certificate and key "
		"sets in memory: the current one, and each one a connection "
		"still open shook hands with.\n# TYPE "
		"bulkhead_tls_credentials_live gauge\n"
		"bulkhead_tls_credentials_live %d\n",
		atomic_load(&creds_live));
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The answer to a POST /validate body of len bytes: its HTTP status and
 * JSON (*body, malloc'd, *blen bytes; NULL when out of memory: answer
 * 500).  Counts the outcome and the rules, and logs a denial (rule ids
 * only, never a value from the object). */
static int judge(const struct adm_options *adm, const char *buf, size_t len,
		 char **body, size_t *blen)
{
	*body = NULL;
	*blen = 0;
	struct adm_result res;
	int rc = adm_review(buf, len, adm, &res);
	if (rc != BH_OK || !res.body) {
		adm_result_free(&res);
		atomic_fetch_add(&metrics.errors, 1);
		return 500;
	}
	atomic_fetch_add(&metrics.outcomes[res.outcome], 1);
	bool denied = res.outcome == ADM_DENIED;
	for (size_t i = 0; i < res.nrules; i++)
		count_rule(res.rules[i], denied);
	if (res.outcome == ADM_DRY_RUN || res.outcome == ADM_DENIED ||
	    res.outcome == ADM_WARNED) {
		char ids[256] = "";
		size_t n = 0;
		for (size_t i = 0; i < res.nrules && n + 20 < sizeof(ids); i++)
			n += (size_t)snprintf(ids + n, sizeof(ids) - n, "%s%s",
					      i ? "," : "", res.rules[i]);
		fprintf(stderr, "bulkhead: serve: %s: %zu finding(s): %s\n",
			res.outcome == ADM_DENIED ? "denied"
			: res.outcome == ADM_WARNED ? "warned"
						    : "dry-run, would deny",
			res.nfindings, ids);
	}
	int status = res.status;
	*body = res.body;
	*blen = res.body_len;
	res.body = NULL;
	adm_result_free(&res);
	return status;
}

#if !BH_SERVE_LIBEVENT
/* ---- requests ---- */

struct server {
	struct MHD_Daemon *d;
	atomic_int inflight;
	const struct adm_options *adm;
};

struct req {
	char *buf;
	size_t len, cap;
	bool too_big;
	bool counted;
};

/* ---- deadlines ----
 * libmicrohttpd's --timeout is an inactivity timeout: a client that sends
 * a byte within every timeout holds its connection as long as it likes.
 * So every connection also has a deadline: from its start, or from the
 * end of its last request, its next request's headers must be in within
 * --timeout seconds; from then, the request (body, answer) must be done
 * within --timeout more.  The main thread checks every 250 ms and shuts
 * down (shutdown(2), the socket stays libmicrohttpd's to close) the
 * connections past it.  The list's lock is held while a connection's
 * socket is shut down, and the connection leaves the list (its CLOSED
 * notice, which libmicrohttpd gives before it closes the socket) under
 * the same lock: a socket number is never one a new connection reuses. */
struct conn {
	struct conn *prev, *next;
	int fd;
	double since;
	bool cut;
	/* the credentials its handshake got (a reference), or NULL; only
	 * the connection's worker thread touches it */
	struct creds *creds;
};

static pthread_mutex_t conns_lock = PTHREAD_MUTEX_INITIALIZER;
static struct conn *conns;

static void notify_conn(void *cls, struct MHD_Connection *c, void **ctx,
			enum MHD_ConnectionNotificationCode code)
{
	(void)cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(
			c, MHD_CONNECTION_INFO_CONNECTION_FD);
		struct conn *k = calloc(1, sizeof(*k));
		if (!k || !ci) {
			free(k);
			*ctx = NULL;
			return;
		}
		k->fd = ci->connect_fd;
		k->since = now();
		pthread_mutex_lock(&conns_lock);
		k->next = conns;
		if (conns)
			conns->prev = k;
		conns = k;
		pthread_mutex_unlock(&conns_lock);
		*ctx = k;
		return;
	}
	struct conn *k = *ctx;
	if (!k)
		return;
	pthread_mutex_lock(&conns_lock);
	if (k->prev)
		k->prev->next = k->next;
	else
		conns = k->next;
	if (k->next)
		k->next->prev = k->prev;
	pthread_mutex_unlock(&conns_lock);
	creds_put(k->creds);  /* its TLS session is freed by now */
	free(k);
	*ctx = NULL;
}

/* GnuTLS, in a handshake: the certificate chain and key to use.  The
 * session's pointer is its libmicrohttpd connection (set by
 * libmicrohttpd), whose socket context is its struct conn.  The client's
 * wishes (CA names, key algorithms) are not chosen among: there is one
 * pair. */
static int cert_callback(gnutls_session_t session,
			 const gnutls_datum_t *req_ca_dn, int nreqs,
			 const gnutls_pk_algorithm_t *pk_algos,
			 int pk_algos_length, gnutls_pcert_st **pcert,
			 unsigned int *pcert_length, gnutls_privkey_t *privkey)
{
	(void)req_ca_dn;
	(void)nreqs;
	(void)pk_algos;
	(void)pk_algos_length;
	struct MHD_Connection *mc = gnutls_session_get_ptr(session);
	const union MHD_ConnectionInfo *ci =
		mc ? MHD_get_connection_info(mc,
					     MHD_CONNECTION_INFO_SOCKET_CONTEXT)
		   : NULL;
	struct conn *k = ci ? ci->socket_context : NULL;
	if (!k)
		return -1;  /* no struct conn (out of memory): no handshake */
	struct creds *c = creds_get();
	if (!c)
		return -1;
	/* a second handshake on the session (renegotiation) replaces the
	 * pointers the session held: the set before is given back */
	creds_put(k->creds);
	k->creds = c;
	*pcert = c->pcert;
	*pcert_length = c->n;
	*privkey = c->key;
	return 0;
}

/* A new phase of c's deadline starts now (headers in, or request done).
 * The connection is found by its socket, unique among open ones. */
static void conn_restart(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(
		c, MHD_CONNECTION_INFO_CONNECTION_FD);
	if (!ci)
		return;
	double t = now();
	pthread_mutex_lock(&conns_lock);
	for (struct conn *k = conns; k; k = k->next)
		if (k->fd == ci->connect_fd) {
			k->since = t;
			break;
		}
	pthread_mutex_unlock(&conns_lock);
}

/* Shuts down the connections past their deadline. */
static void conns_reap(unsigned timeout)
{
	double t = now();
	pthread_mutex_lock(&conns_lock);
	for (struct conn *k = conns; k; k = k->next)
		if (!k->cut && t - k->since > timeout) {
			k->cut = true;
			shutdown(k->fd, SHUT_RDWR);
			atomic_fetch_add(&metrics.cut, 1);
		}
	pthread_mutex_unlock(&conns_lock);
}

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status,
			     const char *type, const char *body, size_t len,
			     bool copy)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(
		len, (void *)body,
		copy ? MHD_RESPMEM_MUST_COPY : MHD_RESPMEM_MUST_FREE);
	if (!r) {
		if (!copy)
			free((void *)body);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type", type);
	if (status == 405)
		MHD_add_response_header(r, "Allow", "GET");
	enum MHD_Result rc = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return rc;
}

static enum MHD_Result reply_text(struct MHD_Connection *c, unsigned status,
				  const char *text)
{
	return reply(c, status, "text/plain; charset=utf-8", text,
		     strlen(text), true);
}

static enum MHD_Result reply_json_error(struct MHD_Connection *c,
					unsigned status, const char *msg)
{
	char body[200];
	int n = snprintf(body, sizeof(body), "{\"error\":\"%s\"}\n", msg);
	return reply(c, status, "application/json", body, (size_t)n, true);
}

static enum MHD_Result validate(struct server *s, struct MHD_Connection *c,
				struct req *r)
{
	double t0 = now();
	if (r->too_big) {
		atomic_fetch_add(&metrics.outcomes[ADM_TOO_LARGE], 1);
		return reply_json_error(c, 413, "request body too large");
	}
	char *body;
	size_t len;
	int status = judge(s->adm, r->buf ? r->buf : "", r->len, &body, &len);
	if (!body)
		return reply_json_error(c, 500, "out of memory");
	enum MHD_Result mr = reply(c, (unsigned)status, "application/json",
				   body, len, false);
	observe(now() - t0);
	return mr;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c,
			      const char *url, const char *method,
			      const char *version, const char *upload,
			      size_t *upload_size, void **con_cls)
{
	(void)version;
	struct server *s = cls;
	struct req *r = *con_cls;
	bool post = !strcmp(method, "POST");
	bool validate_path = !strcmp(url, "/validate");
	if (!r) {
		r = calloc(1, sizeof(*r));
		if (!r)
			return MHD_NO;
		*con_cls = r;
		r->counted = true;
		atomic_fetch_add(&s->inflight, 1);
		conn_restart(c);  /* headers in: the request's own time */
		if (validate_path && post) {
			const char *cl = MHD_lookup_connection_value(
				c, MHD_HEADER_KIND, "Content-Length");
			if (cl && strtoull(cl, NULL, 10) > ADM_MAX_BODY) {
				/* refused before a byte of the body is read */
				atomic_fetch_add(&metrics.outcomes[ADM_TOO_LARGE],
						 1);
				return reply_json_error(c, 413, "request body "
							"too large");
			}
		}
		/* answered on a later call: a response queued now, before
		 * the body, makes libmicrohttpd close the connection (no
		 * keep-alive) */
		return MHD_YES;
	}
	if (validate_path && post) {
		if (*upload_size) {
			size_t n = *upload_size;
			*upload_size = 0;
			if (r->too_big || n > ADM_MAX_BODY - r->len) {
				r->too_big = true;  /* the rest is dropped */
				free(r->buf);
				r->buf = NULL;
				r->len = r->cap = 0;
				return MHD_YES;
			}
			if (r->len + n > r->cap) {
				size_t cap = r->cap ? r->cap : 16384;
				while (cap < r->len + n)
					cap *= 2;
				char *nb = realloc(r->buf, cap);
				if (!nb)
					return MHD_NO;
				r->buf = nb;
				r->cap = cap;
			}
			memcpy(r->buf + r->len, upload, n);
			r->len += n;
			return MHD_YES;
		}
		return validate(s, c, r);
	}
	if (*upload_size) {  /* a body where none is wanted: dropped */
		*upload_size = 0;
		return MHD_YES;
	}
	bool get = !strcmp(method, "GET") || !strcmp(method, "HEAD");
	bool known = validate_path || !strcmp(url, "/healthz") ||
		     !strcmp(url, "/readyz") || !strcmp(url, "/metrics");
	if (!known)
		return reply_text(c, 404, "not found\n");
	if (validate_path) {
		struct MHD_Response *resp = MHD_create_response_from_buffer(
			strlen("method not allowed\n"),
			(void *)"method not allowed\n", MHD_RESPMEM_PERSISTENT);
		if (!resp)
			return MHD_NO;
		MHD_add_response_header(resp, "Allow", "POST");
		enum MHD_Result rc = MHD_queue_response(c, 405, resp);
		MHD_destroy_response(resp);
		return rc;
	}
	if (!get)
		return reply_text(c, 405, "method not allowed\n");
	if (!strcmp(url, "/metrics")) {
		size_t len = 0;
		char *text = metrics_text(&len);
		if (!text)
			return reply_text(c, 500, "out of memory\n");
		return reply(c, 200, "text/plain; version=0.0.4; charset=utf-8",
			     text, len, false);
	}
	return reply_text(c, 200, "ok\n");
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
		      enum MHD_RequestTerminationCode toe)
{
	(void)toe;
	struct server *s = cls;
	struct req *r = *con_cls;
	conn_restart(c);  /* waiting for the next request */
	if (!r)
		return;
	if (r->counted)
		atomic_fetch_sub(&s->inflight, 1);
	free(r->buf);
	free(r);
	*con_cls = NULL;
}

#else
/* ---- requests (libevent's evhttp) ----
 * The workers: one thread per --threads, each with its own event_base
 * and evhttp, all accepting on the one listening socket (a connection is
 * served by the thread that accepted it; no libevent object is shared
 * between threads, so libevent's locking is not used).  evhttp reads the
 * requests (headers at most MEMORY_LIMIT, bodies at most ADM_MAX_BODY:
 * longer is answered 413 by evhttp itself, before a longer declared body
 * is read and as soon as a chunked one passes the bound) and calls
 * handle() with each whole request; a connection is kept alive between
 * requests, and its unread input is bounded (a read watermark of one
 * request's worth: a client pipelining requests it reads no answer to is
 * held back by TCP, not buffered).  TLS: the bufferevent evhttp reads a connection through is
 * an OpenSSL one made by bevcb() from the current SSL_CTX.
 *
 * Deadlines: evhttp's timeout (--timeout) is an inactivity timeout: a
 * client that sends a byte within every timeout holds its connection as
 * long as it likes.  So every connection also has a deadline: from its
 * start (the TLS handshake included), or from the answer to its last
 * request, its next request (headers and body) must be in within
 * --timeout seconds (evhttp 2.1 tells nothing between a request's start
 * and its end, so the old split, --timeout for the headers and again for
 * the body, is one span).  Each worker's tick (250 ms) shuts down
 * (shutdown(2); evhttp sees the end and frees the connection) those past
 * it.  The list of a worker's connections is the worker's own: made in
 * bevcb(), left when OpenSSL frees the connection's SSL (conn_freed(),
 * the ex_data free callback), all in the worker's thread. */
struct worker;

struct conn {
	struct conn *prev, *next;
	struct worker *w;
	struct bufferevent *bev;
	double since;      /* start of the current request's span */
	unsigned nreq;     /* requests answered */
	bool cut;
};

struct worker {
	pthread_t tid;
	struct event_base *base;
	struct evhttp *http;
	struct evhttp_bound_socket *bound;
	struct event *tick;
	struct conn *conns;
	const struct adm_options *adm;
	unsigned timeout;
	double stop_until;
	bool stopping, paused;
};

static atomic_bool stop_flag;
static atomic_uint open_conns;  /* every worker's, for CONNECTION_LIMIT */

static void conn_freed(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx,
		       long argl, void *argp)
{
	(void)parent;
	(void)ad;
	(void)idx;
	(void)argl;
	(void)argp;
	struct conn *k = ptr;
	if (!k)
		return;
	struct worker *w = k->w;
	if (k->prev)
		k->prev->next = k->next;
	else
		w->conns = k->next;
	if (k->next)
		k->next->prev = k->prev;
	atomic_fetch_sub(&open_conns, 1);
	free(k);
}

/* evhttp, for each accepted connection: the bufferevent to read it
 * through, a TLS server one over the current SSL_CTX (evhttp sets its
 * socket).  Never NULL: evhttp would read the connection in clear. */
static struct bufferevent *bevcb(struct event_base *base, void *arg)
{
	struct worker *w = arg;
	struct conn *k = calloc(1, sizeof(*k));
	pthread_mutex_lock(&creds_lock);
	SSL *ssl = k && creds_now ? SSL_new(creds_now) : NULL;
	pthread_mutex_unlock(&creds_lock);
	struct bufferevent *bev = ssl ? bufferevent_openssl_socket_new(
		base, -1, ssl, BUFFEREVENT_SSL_ACCEPTING,
		BEV_OPT_CLOSE_ON_FREE) : NULL;  /* freed ssl if it failed */
	if (!bev) {
		/* out of memory: a connection in clear is no answer */
		fputs("bulkhead: serve: out of memory\n", stderr);
		abort();
	}
	/* a client that closes without TLS's close_notify is no error */
	bufferevent_openssl_set_allow_dirty_shutdown(bev, 1);
	/* evhttp reads on while a request is answered: a client that
	 * pipelines requests and reads no answer would have its bytes
	 * buffered without bound.  Reading stops past one request's worth
	 * (headers and body) until evhttp has taken them */
	bufferevent_setwatermark(bev, EV_READ, 0,
				 (size_t)MEMORY_LIMIT + ADM_MAX_BODY + 4096);
	k->w = w;
	k->bev = bev;
	k->since = now();
	k->next = w->conns;
	if (w->conns)
		w->conns->prev = k;
	w->conns = k;
	SSL_set_ex_data(ssl, ssl_idx, k);
	if (atomic_fetch_add(&open_conns, 1) + 1 >= CONNECTION_LIMIT &&
	    w->bound) {
		/* at the limit: the next connections wait in the backlog
		 * until the tick sees fewer */
		evconnlistener_disable(evhttp_bound_socket_get_listener(w->bound));
		w->paused = true;
	}
	return bev;
}

static struct conn *conn_of(struct evhttp_request *req)
{
	struct evhttp_connection *c = evhttp_request_get_connection(req);
	struct bufferevent *bev = c ? evhttp_connection_get_bufferevent(c)
				    : NULL;
	SSL *ssl = bev ? bufferevent_openssl_get_ssl(bev) : NULL;
	return ssl ? SSL_get_ex_data(ssl, ssl_idx) : NULL;
}

static void reply(struct evhttp_request *req, int status, const char *type,
		  const char *body, size_t len, const char *allow)
{
	struct evkeyvalq *h = evhttp_request_get_output_headers(req);
	evhttp_add_header(h, "Content-Type", type);
	if (allow)
		evhttp_add_header(h, "Allow", allow);
	if (atomic_load(&stop_flag))
		evhttp_add_header(h, "Connection", "close");
	evbuffer_add(evhttp_request_get_output_buffer(req), body, len);
	struct conn *k = conn_of(req);
	if (k) {  /* answered: the next request's span starts */
		k->since = now();
		k->nreq++;
	}
	evhttp_send_reply(req, status, NULL, NULL);
}

static void reply_text(struct evhttp_request *req, int status,
		       const char *text, const char *allow)
{
	reply(req, status, "text/plain; charset=utf-8", text, strlen(text),
	      allow);
}

static void handle(struct evhttp_request *req, void *arg)
{
	struct worker *w = arg;
	const struct evhttp_uri *u = evhttp_request_get_evhttp_uri(req);
	const char *path = u ? evhttp_uri_get_path(u) : NULL;
	if (!path)
		path = "";
	enum evhttp_cmd_type m = evhttp_request_get_command(req);
	bool validate_path = !strcmp(path, "/validate");
	if (validate_path && m == EVHTTP_REQ_POST) {
		struct evbuffer *in = evhttp_request_get_input_buffer(req);
		size_t len = evbuffer_get_length(in);
		const char *buf = len ? (const char *)evbuffer_pullup(in, -1)
				      : "";
		char *body = NULL;
		size_t blen = 0;
		double t0 = now();
		int status = 500;
		if (buf)
			status = judge(w->adm, buf, len, &body, &blen);
		else
			atomic_fetch_add(&metrics.errors, 1);
		if (!body) {
			char e[64];
			int n = snprintf(e, sizeof(e), "{\"error\":\"out of "
					 "memory\"}\n");
			reply(req, 500, "application/json", e, (size_t)n, NULL);
			return;
		}
		reply(req, status, "application/json", body, blen, NULL);
		free(body);
		observe(now() - t0);
		return;
	}
	bool get = m == EVHTTP_REQ_GET || m == EVHTTP_REQ_HEAD;
	bool known = validate_path || !strcmp(path, "/healthz") ||
		     !strcmp(path, "/readyz") || !strcmp(path, "/metrics");
	if (!known)
		reply_text(req, 404, "not found\n", NULL);
	else if (validate_path)
		reply_text(req, 405, "method not allowed\n", "POST");
	else if (!get)
		reply_text(req, 405, "method not allowed\n", "GET");
	else if (!strcmp(path, "/metrics")) {
		size_t len = 0;
		char *text = metrics_text(&len);
		if (!text) {
			reply_text(req, 500, "out of memory\n", NULL);
			return;
		}
		reply(req, 200, "text/plain; version=0.0.4; charset=utf-8",
		      text, len, NULL);
		free(text);
	} else
		reply_text(req, 200, "ok\n", NULL);
}

/* Every 250 ms in each worker: the deadlines, the connection limit, and
 * on SIGTERM the drain (stop accepting; close kept-alive connections
 * waiting for a next request; end the loop when none is left or
 * --timeout has passed). */
static void tick(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct worker *w = arg;
	double t = now();
	bool stop = atomic_load(&stop_flag);
	if (stop && !w->stopping) {
		w->stopping = true;
		w->stop_until = t + w->timeout;
		if (w->bound)
			evhttp_del_accept_socket(w->http, w->bound);
		w->bound = NULL;
	}
	for (struct conn *k = w->conns; k; k = k->next) {
		if (k->cut)
			continue;
		bool over = t - k->since > w->timeout;
		/* stopping: a connection that was answered and has nothing
		 * buffered either way waits for a next request: closed */
		bool idle = w->stopping && k->nreq > 0 &&
			    !evbuffer_get_length(bufferevent_get_input(k->bev)) &&
			    !evbuffer_get_length(bufferevent_get_output(k->bev));
		if (!over && !idle)
			continue;
		k->cut = true;
		shutdown(bufferevent_getfd(k->bev), SHUT_RDWR);
		if (over)
			atomic_fetch_add(&metrics.cut, 1);
	}
	if (w->stopping) {
		if (!w->conns || t > w->stop_until)
			event_base_loopbreak(w->base);
	} else if (w->paused && atomic_load(&open_conns) < CONNECTION_LIMIT) {
		evconnlistener_enable(evhttp_bound_socket_get_listener(w->bound));
		w->paused = false;
	}
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	event_base_dispatch(w->base);
	/* drained, or past --timeout: what is left is closed now */
	evhttp_free(w->http);
	event_free(w->tick);
	event_base_free(w->base);
	return NULL;
}

/* libevent's own messages: warnings and errors, one line each */
static void ev_log(int severity, const char *msg)
{
	if (severity >= EVENT_LOG_WARN)
		fprintf(stderr, "bulkhead: serve: libevent: %s\n", msg);
}

struct server {
	struct worker *w;
	unsigned n;
};

static struct worker *worker_new(int fd, const struct serve_opts *so,
				 const struct adm_options *adm,
				 struct worker *w)
{
	w->adm = adm;
	w->timeout = so->timeout;
	w->base = event_base_new();
	w->http = w->base ? evhttp_new(w->base) : NULL;
	if (!w->http)
		return NULL;
	evhttp_set_timeout(w->http, (int)so->timeout);
	evhttp_set_max_headers_size(w->http, (ev_ssize_t)MEMORY_LIMIT);
	evhttp_set_max_body_size(w->http, (ev_ssize_t)ADM_MAX_BODY);
	/* every method reaches handle(), which answers 405 */
	evhttp_set_allowed_methods(w->http, EVHTTP_REQ_GET | EVHTTP_REQ_POST |
				   EVHTTP_REQ_HEAD | EVHTTP_REQ_PUT |
				   EVHTTP_REQ_DELETE | EVHTTP_REQ_OPTIONS |
				   EVHTTP_REQ_TRACE | EVHTTP_REQ_CONNECT |
				   EVHTTP_REQ_PATCH);
	evhttp_set_bevcb(w->http, bevcb, w);
	evhttp_set_gencb(w->http, handle, w);
	/* backlog 0: the socket listens already; not closed on free: the
	 * workers share it */
	struct evconnlistener *l = evconnlistener_new(
		w->base, NULL, NULL, LEV_OPT_CLOSE_ON_EXEC, 0, fd);
	if (!l)
		return NULL;
	w->bound = evhttp_bind_listener(w->http, l);
	if (!w->bound) {
		evconnlistener_free(l);
		return NULL;
	}
	w->tick = event_new(w->base, -1, EV_PERSIST, tick, w);
	struct timeval tv = { 0, 250 * 1000 };
	if (!w->tick || event_add(w->tick, &tv) != 0)
		return NULL;
	return w;
}

static struct server *start(int fd, const struct serve_opts *so,
			    const struct adm_options *adm)
{
	event_set_log_callback(ev_log);
	/* each listener accepts until EAGAIN: a blocking socket would hold
	 * the worker in accept(2) once another took the connection */
	if (evutil_make_socket_nonblocking(fd) != 0)
		return NULL;
	/* no Nagle: OpenSSL writes an answer as several TLS records, and a
	 * record held back for the client's delayed ACK costs 40 ms (Linux:
	 * accepted sockets inherit it; bevcb() cannot, the socket is not
	 * set yet) */
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (ctx_idx < 0)
		ctx_idx = SSL_CTX_get_ex_new_index(0, NULL, NULL, NULL,
						   ctx_freed);
	struct server *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->w = calloc(so->threads, sizeof(*s->w));
	if (!s->w) {
		free(s);
		return NULL;
	}
	for (unsigned i = 0; i < so->threads; i++) {
		struct worker *w = &s->w[i];
		if (!worker_new(fd, so, adm, w) ||
		    pthread_create(&w->tid, NULL, worker_main, w) != 0) {
			if (w->tick)
				event_free(w->tick);
			if (w->http)
				evhttp_free(w->http);
			if (w->base)
				event_base_free(w->base);
			atomic_store(&stop_flag, true);
			for (unsigned j = 0; j < i; j++)
				pthread_join(s->w[j].tid, NULL);
			free(s->w);
			free(s);
			return NULL;
		}
		s->n++;
	}
	return s;
}

/* Shutdown: each worker stops accepting, finishes its requests in flight
 * and ends (at most "wait" seconds; the workers' ticks do it), every
 * connection closed: their SSL_CTX references given back. */
static void drain(struct server *s, unsigned wait)
{
	(void)wait;  /* each worker's tick keeps it */
	atomic_store(&stop_flag, true);
	for (unsigned i = 0; i < s->n; i++)
		pthread_join(s->w[i].tid, NULL);
	free(s->w);
	free(s);
}
#endif

/* ---- certificate and key ---- */

struct tls_pair {
	struct stat cst, kst;  /* the files as read */
	creds_t *creds;        /* one reference, or NULL */
};

static void pem_free(char *pem)
{
	if (pem) {
		explicit_bzero(pem, strlen(pem));
		free(pem);
	}
}

/* The GnuTLS credentials of a checked pair of PEM texts; NULL after one
 * line on stderr. */
#if !BH_SERVE_LIBEVENT
static struct creds *creds_make(const char *cert, const char *cpem,
				const char *key, const char *kpem)
{
	struct creds *c = calloc(1, sizeof(*c));
	if (!c) {
		fprintf(stderr, "bulkhead: serve: out of memory\n");
		return NULL;
	}
	atomic_init(&c->refs, 1);
	atomic_fetch_add(&creds_live, 1);
	gnutls_datum_t cd = { (unsigned char *)cpem, (unsigned)strlen(cpem) };
	gnutls_datum_t kd = { (unsigned char *)kpem, (unsigned)strlen(kpem) };
	unsigned n = MAX_CHAIN;
	int g = gnutls_pcert_list_import_x509_raw(c->pcert, &n, &cd,
						   GNUTLS_X509_FMT_PEM, 0);
	if (g < 0) {
		fprintf(stderr, "bulkhead: serve: --tls-cert %s: GnuTLS cannot "
			"use it (at most %d certificates): %s\n", cert,
			MAX_CHAIN, gnutls_strerror(g));
		free(c);
		atomic_fetch_sub(&creds_live, 1);
		return NULL;
	}
	c->n = n;
	g = gnutls_privkey_init(&c->key);
	if (g >= 0)
		g = gnutls_privkey_import_x509_raw(c->key, &kd,
						   GNUTLS_X509_FMT_PEM, NULL, 0);
	if (g < 0) {
		fprintf(stderr, "bulkhead: serve: --tls-key %s: GnuTLS cannot "
			"use it: %s\n", key, gnutls_strerror(g));
		creds_put(c);
		return NULL;
	}
	return c;
}

/* Reads and checks the pair: PEM certificate, PEM key, the key the
 * certificate's, the certificate not expired; then makes its GnuTLS credentials (p->creds, one
 * reference).  0, or 2 after one line on stderr (p->creds NULL). */
#else
/* The SSL_CTX of a checked pair of PEM texts (the chain: the leaf, then
 * the certificates after it); NULL after one line on stderr. */
static SSL_CTX *creds_make(const char *cert, const char *cpem,
			   const char *key, const char *kpem)
{
	if (ctx_idx < 0)
		ctx_idx = SSL_CTX_get_ex_new_index(0, NULL, NULL, NULL,
						   ctx_freed);
	if (ssl_idx < 0)
		ssl_idx = SSL_get_ex_new_index(0, NULL, NULL, NULL, conn_freed);
	SSL_CTX *c = ctx_idx >= 0 && ssl_idx >= 0
			     ? SSL_CTX_new(TLS_server_method()) : NULL;
	if (!c) {
		fprintf(stderr, "bulkhead: serve: OpenSSL cannot make a TLS "
			"context\n");
		ERR_clear_error();
		return NULL;
	}
	SSL_CTX_set_ex_data(c, ctx_idx, c);  /* counted out by ctx_freed */
	atomic_fetch_add(&creds_live, 1);
	SSL_CTX_set_min_proto_version(c, TLS1_2_VERSION);
	SSL_CTX_set_options(c, SSL_OP_NO_RENEGOTIATION |
			       SSL_OP_CIPHER_SERVER_PREFERENCE);
	BIO *cb = BIO_new_mem_buf(cpem, -1);
	BIO *kb = BIO_new_mem_buf(kpem, -1);
	X509 *x = cb ? PEM_read_bio_X509(cb, NULL, NULL, NULL) : NULL;
	EVP_PKEY *k = kb ? PEM_read_bio_PrivateKey(kb, NULL, NULL, (void *)"")
			 : NULL;
	bool ok = x && k && SSL_CTX_use_certificate(c, x) == 1 &&
		  SSL_CTX_use_PrivateKey(c, k) == 1 &&
		  SSL_CTX_check_private_key(c) == 1;
	X509_free(x);
	EVP_PKEY_free(k);
	unsigned n = 1;
	while (ok && (x = PEM_read_bio_X509(cb, NULL, NULL, NULL))) {
		if (++n > MAX_CHAIN || SSL_CTX_add0_chain_cert(c, x) != 1) {
			X509_free(x);
			ok = false;
		}
	}
	ERR_clear_error();  /* the end of the chain is an error too */
	BIO_free(cb);
	BIO_free(kb);
	if (!ok) {
		fprintf(stderr, "bulkhead: serve: --tls-cert %s, --tls-key %s: "
			"OpenSSL cannot use them (at most %d certificates)\n",
			cert, key, MAX_CHAIN);
		SSL_CTX_free(c);
		return NULL;
	}
	return c;
}
#endif

static int tls_load(const char *cert, const char *key, struct tls_pair *p)
{
	memset(p, 0, sizeof(*p));
	struct diag d;
	size_t len;
	char *cpem = NULL, *kpem = NULL;
	diag_init(&d, cert);
	if (stat(cert, &p->cst) != 0 ||
	    io_read_file(cert, MAX_PEM, &cpem, &len, &d) != BH_OK) {
		fprintf(stderr, "bulkhead: serve: --tls-cert %s: cannot read: "
			"%s\n", cert, errno ? strerror(errno) : "not a file");
		return 2;
	}
	diag_init(&d, key);
	if (stat(key, &p->kst) != 0 ||
	    io_read_file(key, MAX_PEM, &kpem, &len, &d) != BH_OK) {
		fprintf(stderr, "bulkhead: serve: --tls-key %s: cannot read: "
			"%s\n", key, errno ? strerror(errno) : "not a file");
		free(cpem);
		return 2;
	}
	BIO *cb = BIO_new_mem_buf(cpem, -1);
	BIO *kb = BIO_new_mem_buf(kpem, -1);
	X509 *x = cb ? PEM_read_bio_X509(cb, NULL, NULL, NULL) : NULL;
	EVP_PKEY *k = kb ? PEM_read_bio_PrivateKey(kb, NULL, NULL, (void *)"")
			 : NULL;
	int rc = 0;
	if (!x) {
		fprintf(stderr, "bulkhead: serve: --tls-cert %s: no PEM "
			"certificate in it\n", cert);
		rc = 2;
	} else if (!k) {
		fprintf(stderr, "bulkhead: serve: --tls-key %s: no PEM private "
			"key in it (or it is encrypted)\n", key);
		rc = 2;
	} else if (X509_check_private_key(x, k) != 1) {
		fprintf(stderr, "bulkhead: serve: --tls-key %s is not the key "
			"of --tls-cert %s\n", key, cert);
		rc = 2;
	} else if (X509_cmp_current_time(X509_get0_notAfter(x)) < 0) {
		/* every client would refuse it; not yet valid is let be (a
		 * certificate issued a moment ago on a clock ahead) */
		fprintf(stderr, "bulkhead: serve: --tls-cert %s has expired\n",
			cert);
		rc = 2;
	}
	ERR_clear_error();
	X509_free(x);
	EVP_PKEY_free(k);
	BIO_free(cb);
	BIO_free(kb);
	if (rc == 0 && !(p->creds = creds_make(cert, cpem, key, kpem)))
		rc = 2;
	free(cpem);
	pem_free(kpem);
	return rc;
}

static bool same_file(const struct stat *a, const struct stat *b)
{
	return a->st_ino == b->st_ino && a->st_dev == b->st_dev &&
	       a->st_size == b->st_size &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
	       a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* ---- listening ---- */

/* Binds and listens on "hostport"; the socket, or -1 after one line. */
static int listen_on(const char *hostport, char *shown, size_t cap)
{
	char host[256];
	const char *colon = strrchr(hostport, ':');
	if (!colon || colon - hostport >= (long)sizeof(host) || !colon[1]) {
		fprintf(stderr, "bulkhead: serve: --listen wants HOST:PORT, not "
			"'%s'\n", hostport);
		return -1;
	}
	memcpy(host, hostport, (size_t)(colon - hostport));
	host[colon - hostport] = '\0';
	char *h = host;
	size_t hl = strlen(h);
	if (hl >= 2 && h[0] == '[' && h[hl - 1] == ']') {
		h[hl - 1] = '\0';
		h++;
	}
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end || port < 0 || port > 65535) {
		fprintf(stderr, "bulkhead: serve: --listen %s: bad port\n",
			hostport);
		return -1;
	}
	struct addrinfo hints = { .ai_family = AF_UNSPEC,
				  .ai_socktype = SOCK_STREAM,
				  .ai_flags = AI_PASSIVE | AI_NUMERICSERV };
#if BH_SERVE_LINKED
	/* the static binary: a host name would need glibc's NSS modules,
	 * which a FROM scratch image does not have; addresses only */
	hints.ai_flags |= AI_NUMERICHOST;
#endif
	struct addrinfo *ai = NULL;
	int gai = getaddrinfo(*h ? h : NULL, colon + 1, &hints, &ai);
	if (gai != 0) {
		fprintf(stderr, "bulkhead: serve: --listen %s: %s\n", hostport,
			gai_strerror(gai));
		return -1;
	}
	int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int one = 1;
	if (fd >= 0)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (fd < 0 || bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 ||
	    listen(fd, 512) != 0) {
		int e = errno;
		fprintf(stderr, "bulkhead: serve: cannot listen on %s: %s\n",
			hostport, strerror(e));
		if (fd >= 0)
			close(fd);
		freeaddrinfo(ai);
		return -1;
	}
	freeaddrinfo(ai);
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	char hb[NI_MAXHOST], pb[NI_MAXSERV];
	if (getsockname(fd, (struct sockaddr *)&ss, &sl) == 0 &&
	    getnameinfo((struct sockaddr *)&ss, sl, hb, sizeof(hb), pb,
			sizeof(pb), NI_NUMERICHOST | NI_NUMERICSERV) == 0)
		snprintf(shown, cap, strchr(hb, ':') ? "[%s]:%s" : "%s:%s", hb,
			 pb);
	else
		snprintf(shown, cap, "%s", hostport);
	return fd;
}

#if !BH_SERVE_LIBEVENT
static struct server *start(int fd, const struct serve_opts *so,
			    const struct adm_options *adm)
{
	struct server *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->adm = adm;
	s->d = MHD_start_daemon(
		/* poll(), chosen when a reload started a second daemon on
		 * the listening socket (libmicrohttpd 0.9.75's epoll mode
		 * aborted there); with one daemon epoll would do, but it
		 * has not been measured against poll() here */
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_TLS | MHD_USE_ITC |
			MHD_USE_POLL,
		0, NULL, NULL, handle, s,
		MHD_OPTION_LISTEN_SOCKET, (MHD_socket)fd,
		/* the certificate and key of each handshake: creds_now */
		MHD_OPTION_HTTPS_CERT_CALLBACK, cert_callback,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)so->threads,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)so->timeout,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)MEMORY_LIMIT,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned int)CONNECTION_LIMIT,
		MHD_OPTION_NOTIFY_COMPLETED, completed, s,
		MHD_OPTION_NOTIFY_CONNECTION, notify_conn, NULL,
		MHD_OPTION_END);
	if (!s->d) {
		free(s);
		return NULL;
	}
	return s;
}

/* Connections the daemon holds, including those still in their TLS
 * handshake or sending headers (no request in flight yet). */
static unsigned open_connections(struct MHD_Daemon *d)
{
	const union MHD_DaemonInfo *i =
		MHD_get_daemon_info(d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
	return i ? i->num_connections : 0;
}

/* Shutdown: stops accepting, then waits (at most "wait" seconds) until
 * no request is in flight and no connection is open (one accepted just
 * before, still in its handshake, is answered rather than reset), and
 * stops the daemon (every connection closed: their credentials given
 * back). */
static void drain(struct server *s, unsigned wait)
{
	MHD_quiesce_daemon(s->d);
	double until = now() + wait;
	while ((atomic_load(&s->inflight) > 0 || open_connections(s->d) > 0) &&
	       now() < until) {
		struct timespec ts = { 0, 10 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	MHD_stop_daemon(s->d);
	free(s);
}
#endif


int bhnet_serve(int argc, char **argv)
{
	struct cli_opts o;
	cli_opts_init(&o, "serve", SERVE_GROUPS, own_opts, NULL);
	struct serve_opts so = { .timeout = 10 };
	struct bh_config cfg;
	bh_config_init(&cfg);
	int rc = cli_parse(&o, argc, argv, own_option, &so, usage);
	if (rc < 0 && optind < argc)
		rc = cli_usage_error("serve", "unexpected argument '%s'",
				     argv[optind]);
	if (rc < 0 && !so.admission)
		rc = cli_usage_error("serve", "%s", "--admission is the one "
				     "server there is: name it");
	if (rc < 0 && (!so.listen || !so.cert || !so.key))
		rc = cli_usage_error("serve", "%s", "--listen, --tls-cert and "
				     "--tls-key are required");
#if !BH_SERVE_LIBEVENT
	if (rc < 0 && (!MHD_is_feature_supported(MHD_FEATURE_TLS) ||
		       !MHD_is_feature_supported(
			       MHD_FEATURE_HTTPS_CERT_CALLBACK))) {
		fprintf(stderr, "bulkhead: serve: this libmicrohttpd has no "
			"TLS support (with certificate callbacks)\n");
		rc = 2;
	}
#endif
	if (rc < 0)
		rc = cli_load_config(&o, &cfg);
	struct tls_pair pair = { 0 };
	if (rc < 0 && tls_load(so.cert, so.key, &pair) != 0)
		rc = 2;
	char shown[300] = "";
	int fd = -1;
	if (rc < 0 && (fd = listen_on(so.listen, shown, sizeof(shown))) < 0)
		rc = 2;
	if (rc >= 0) {
		creds_put(pair.creds);
		bh_config_free(&cfg);
		cli_opts_free(&o);
		return rc;
	}
	if (!so.threads) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		so.threads = n < 1 ? 1 : n > 64 ? 64 : (unsigned)n;
	}
	struct adm_options adm = {
		.cfg = &cfg,
		.threshold = o.threshold_set ? o.threshold : BH_SEV_HIGH,
		.warn = so.warn,
		.dry_run = so.dry_run,
		.fail_open = so.fail_open,
		.exempt = so.exempt,
		.nexempt = so.nexempt,
	};
	(void)sec_init();  /* before any worker thread */
	signal(SIGPIPE, SIG_IGN);
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	/* blocked before the workers start, so only this thread gets them */
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	creds_swap(pair.creds);  /* current from now; creds_now holds it */
	pair.creds = NULL;
	struct server *s = start(fd, &so, &adm);
	if (!s) {
		fprintf(stderr, "bulkhead: serve: cannot start HTTPS on %s with "
			"%s and %s\n", shown, so.cert, so.key);
		close(fd);
		creds_swap(NULL);
		bh_config_free(&cfg);
		cli_opts_free(&o);
		return 2;
	}
	fprintf(stderr, "bulkhead: serve: listening on https://%s (%u threads,"
		" threshold %s%s%s)\n", shown, so.threads,
		bh_severity_name(adm.threshold), so.warn ? ", warn" : "",
		so.dry_run ? ", dry-run" : "");
	for (;;) {
		struct timespec tick = { 0, 250 * 1000 * 1000 };
		int sig = sigtimedwait(&set, NULL, &tick);
		if (sig == SIGTERM || sig == SIGINT)
			break;
#if !BH_SERVE_LIBEVENT
		conns_reap(so.timeout);
#endif
		/* a tick, or SIGHUP: reload when the files changed */
		struct stat cst, kst;
		if (stat(so.cert, &cst) != 0 || stat(so.key, &kst) != 0 ||
		    (same_file(&cst, &pair.cst) && same_file(&kst, &pair.kst)))
			continue;
		struct tls_pair np;
		if (tls_load(so.cert, so.key, &np) != 0) {
			/* said once: remember the bad files' state */
			atomic_fetch_add(&metrics.reload_failures, 1);
			pair.cst = cst;
			pair.kst = kst;
			fprintf(stderr, "bulkhead: serve: keeping the certificate "
				"loaded before\n");
			continue;
		}
		/* the swap: handshakes from now get the new pair; those
		 * that got the old one keep it until their connection
		 * closes (struct creds) */
		creds_swap(np.creds);
		pair = (struct tls_pair){ .cst = np.cst, .kst = np.kst };
		atomic_fetch_add(&metrics.reloads, 1);
		fprintf(stderr, "bulkhead: serve: reloaded %s and %s\n", so.cert,
			so.key);
	}
	fprintf(stderr, "bulkhead: serve: stopping: finishing requests in "
		"flight\n");
	drain(s, so.timeout);
	close(fd);
	creds_swap(NULL);  /* no connection left: the last set is freed */
	bh_config_free(&cfg);
	cli_opts_free(&o);
	fprintf(stderr, "bulkhead: serve: stopped\n");
	return 0;
}

#if BH_SERVE_LINKED
/* the static build: the server is in the binary */
int cmd_serve(int argc, char **argv)
{
	return bhnet_serve(argc, argv);
}
#endif
