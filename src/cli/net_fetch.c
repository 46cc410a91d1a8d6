/* SPDX-License-Identifier: Apache-2.0
 *
 * net_fetch.c - the libcurl fetch of `bulkhead db update --from URL`, in
 * the network module bulkhead-net.so (net.h): TLS verified, an https
 * fetch never redirected to http, at most `max` bytes, timeouts, HTTP
 * errors fail, the URL printed only as the caller shows it (no userinfo,
 * no query).  Everything else of `db update` is cmd_db.c, in the binary.
 * Also the module's version stamp (bhnet_version), which net_load.c
 * checks.
 * Tests: tests/cases/cli/db-update-url-refused.case,
 * tests/suites/osv_real.sh (a fetch from a local server),
 * tests/suites/netmodule.sh.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <stdio.h>
#if BH_HAVE_CURL
#include <curl/curl.h>
#endif

#include "net.h"

const char bhnet_version[] = BH_VERSION;

#if BH_HAVE_CURL
struct fetch {
	char *buf;
	size_t len, cap, max;
	bool over;
};

static size_t fetch_write(char *p, size_t size, size_t nmemb, void *ud)
{
	struct fetch *f = ud;
	size_t n = size * nmemb;
	if (n > f->max - f->len) {
		f->over = true;
		return 0;
	}
	if (f->len + n + 1 > f->cap) {
		size_t cap = f->cap ? f->cap : 1 << 20;
		while (cap < f->len + n + 1)
			cap *= 2;
		char *nb = realloc(f->buf, cap);
		if (!nb)
			return 0;
		f->buf = nb;
		f->cap = cap;
	}
	memcpy(f->buf + f->len, p, n);
	f->len += n;
	f->buf[f->len] = '\0';
	return n;
}

int bhnet_fetch(const char *url, const char *shown, size_t max, char **buf,
		size_t *len)
{
	struct fetch fb = { .max = max };
	struct fetch *f = &fb;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		fprintf(stderr, "bulkhead: %s: cannot start libcurl\n", shown);
		return 2;
	}
	CURL *c = curl_easy_init();
	char err[CURL_ERROR_SIZE] = "";
	int rc = 2;
	if (!c) {
		fprintf(stderr, "bulkhead: %s: cannot start libcurl\n", shown);
		goto out;
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	/* a fetch that starts on https never falls back to http through a
	 * redirect (a downgrade anyone on the path could then answer) */
	bool tls = !strncasecmp(url, "https://", 8);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, tls ? "https" : "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR,
			 tls ? "https" : "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
	curl_easy_setopt(c, CURLOPT_FAILONERROR, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 1800L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 60L);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)max);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "bulkhead/" BH_VERSION);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, err);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, fetch_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, f);
	CURLcode cc = curl_easy_perform(c);
	if (cc == CURLE_OK) {
		rc = 0;
	} else if (f->over || cc == CURLE_FILESIZE_EXCEEDED) {
		fprintf(stderr, "bulkhead: %s: more than %zu bytes\n", shown, max);
	} else {
		/* libcurl's message may quote the URL: print only its code's
		 * text and the HTTP status */
		long status = 0;
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
		if (cc == CURLE_HTTP_RETURNED_ERROR)
			fprintf(stderr, "bulkhead: %s: HTTP status %ld\n", shown,
				status);
		else
			fprintf(stderr, "bulkhead: %s: cannot fetch: %s\n", shown,
				curl_easy_strerror(cc));
	}
out:
	curl_easy_cleanup(c);
	curl_global_cleanup();
	*buf = f->buf;
	*len = f->len;
	return rc;
}
#endif
