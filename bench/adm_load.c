/* SPDX-License-Identifier: Apache-2.0
 *
 * adm_load.c - the load client of bench/admission.sh and
 * bench/adm_reload.sh (not installed):
 * POSTs one body to a URL N times from C threads (libcurl, one handle
 * and so one kept-alive TLS connection per thread, as the API server
 * keeps its connections to a webhook; -f: a fresh connection, so a full
 * handshake, for every request) and prints one line:
 *   requests N concurrency C ok K failed F seconds S rps R p50_ms A p99_ms B max_ms M
 * A request fails on a transport error or a status other than 200; each
 * failure also says why in one line on stderr.
 *
 * usage: adm_load URL BODYFILE CAFILE N C [-f]
 */
#include <curl/curl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct job {
	const char *url, *ca, *body;
	size_t len;
	long n;           /* requests this thread makes */
	bool fresh;
	double *lat;      /* seconds, n of them */
	long ok, failed;
};

static size_t sink(char *p, size_t sz, size_t n, void *ud)
{
	(void)p;
	(void)ud;
	return sz * n;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *worker(void *arg)
{
	struct job *j = arg;
	CURL *c = curl_easy_init();
	if (!c) {
		j->failed = j->n;
		return NULL;
	}
	struct curl_slist *h = curl_slist_append(NULL, "Content-Type: "
						 "application/json");
	curl_easy_setopt(c, CURLOPT_URL, j->url);
	curl_easy_setopt(c, CURLOPT_CAINFO, j->ca);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, j->body);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)j->len);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
	if (j->fresh) {
		curl_easy_setopt(c, CURLOPT_FRESH_CONNECT, 1L);
		curl_easy_setopt(c, CURLOPT_FORBID_REUSE, 1L);
	}
	for (long i = 0; i < j->n; i++) {
		double t0 = now();
		CURLcode rc = curl_easy_perform(c);
		long status = 0;
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
		j->lat[i] = now() - t0;
		if (rc == CURLE_OK && status == 200) {
			j->ok++;
		} else {
			/* why, on stderr: a transport error or the status */
			if (rc != CURLE_OK)
				fprintf(stderr, "adm_load: %s\n",
					curl_easy_strerror(rc));
			else
				fprintf(stderr, "adm_load: status %ld\n",
					status);
			j->failed++;
		}
	}
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	return NULL;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	if (argc < 6) {
		fprintf(stderr, "usage: adm_load URL BODYFILE CAFILE N C [-f]\n");
		return 2;
	}
	long n = atol(argv[4]), conc = atol(argv[5]);
	bool fresh = argc > 6 && !strcmp(argv[6], "-f");
	if (n < 1 || conc < 1 || conc > 256) {
		fprintf(stderr, "adm_load: bad N or C\n");
		return 2;
	}
	FILE *f = fopen(argv[2], "rb");
	if (!f) {
		perror(argv[2]);
		return 2;
	}
	static char body[1 << 20];
	size_t len = fread(body, 1, sizeof(body), f);
	fclose(f);
	curl_global_init(CURL_GLOBAL_ALL);
	double *lat = calloc((size_t)n, sizeof(*lat));
	struct job *jobs = calloc((size_t)conc, sizeof(*jobs));
	pthread_t *t = calloc((size_t)conc, sizeof(*t));
	if (!lat || !jobs || !t)
		return 2;
	long off = 0;
	double t0 = now();
	for (long i = 0; i < conc; i++) {
		long k = n / conc + (i < n % conc);
		jobs[i] = (struct job){ argv[1], argv[3], body, len, k, fresh,
					lat + off, 0, 0 };
		off += k;
		pthread_create(&t[i], NULL, worker, &jobs[i]);
	}
	long ok = 0, failed = 0;
	for (long i = 0; i < conc; i++) {
		pthread_join(t[i], NULL);
		ok += jobs[i].ok;
		failed += jobs[i].failed;
	}
	double secs = now() - t0;
	qsort(lat, (size_t)n, sizeof(*lat), cmp);
	printf("requests %ld concurrency %ld ok %ld failed %ld seconds %.2f "
	       "rps %.0f p50_ms %.2f p99_ms %.2f max_ms %.2f\n", n, conc, ok,
	       failed, secs, (double)n / secs, lat[n / 2] * 1e3,
	       lat[(size_t)((double)n * 0.99)] * 1e3, lat[n - 1] * 1e3);
	free(lat);
	free(jobs);
	free(t);
	curl_global_cleanup();
	return failed ? 1 : 0;
}
