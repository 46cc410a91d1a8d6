/* SPDX-License-Identifier: Apache-2.0
 *
 * sec_scan.c - the scanner: a prefilter over the text, then PCRE2 JIT
 * regexes tried only where a literal anchor of their row starts.
 *
 * This file owns the lazily built prefilter tables (static, built once by
 * sec_init() or on first use under pthread_once, never freed; read-only
 * afterwards, so scans may run in several threads: each scan has its own
 * PCRE2 match data) and the compiled regexes (each built on its row's
 * first use, under a lock, published atomically: row_code)
 * and the two code-based detectors: passwords in URLs (at "://") and
 * generic `password=...` / `secret: ...` assignments (at a name keyword).
 * In config mode (SEC_SCAN_CONFIG, a config file's text: sec_scan_file) a
 * key line (key_position) with a sensitive name is judged with the
 * assignment rules, and <NAME>value</NAME> too (try_xml), and redis.conf's
 * "requirepass VALUE" directive (try_directive); every other
 * match as in free text.  In any mode, the value of a secret-named
 * name/value pair ({"name": "DB_PASSWORD", "value": ...}, YAML flow and
 * block: try_pair) is judged with the assignment rules; a value after
 * its name waits (s->pend) until the scan reaches it.
 * It does not decide whether a name or value is secret-looking
 * (sec_words.c) nor hold the table (sec_patterns.c), and never calls the
 * NAME=value verdict (sec_assign.c), which calls it.
 *
 * How the prefilter works (docs/secrets.md, docs/decisions.md):
 *  1. Fingerprints are the first three bytes of every anchor, the name
 *     keywords "pas" "sec" "tok" "cre" "key" (lower, UPPER, Capitalized)
 *     and "://".  With AVX2 (checked at run time) a Teddy-style filter
 *     marks, 32 bytes at a time, the positions whose three bytes may be a
 *     fingerprint; without it every position goes to step 2.
 *  2. A 64 K-entry table indexed by the two bytes at the position, the
 *     first byte high (fingerprints start with few distinct bytes, so
 *     building it writes few of its pages: the page faults of building
 *     the tables fell from 22 to 11 a process against the second byte
 *     high), says which detectors may start there (anchor, keyword, URL).
 *  3. An anchor is confirmed with memcmp, then its row's regex runs
 *     anchored there on at most REGEX_WINDOW bytes.
 * Invariants: matches are reported in text order and never overlap
 * (emit() drops any match starting before the end of the previous one;
 * a pair's value ahead of the scan is queued, not emitted early);
 * the result never depends on whether the SIMD stage ran.
 * Tests: tests/unit/secrets/test_secrets.c.
 */
#include "sec_internal.h"
#include "sec_words.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/diag.h"

#define MAX_ANCHORS 128
_Static_assert(MAX_ANCHORS <= 255, "group[].lo/hi are uint8_t");

#define T_KEYWORD 1u
#define T_ANCHOR 2u
#define T_URL 4u
#define GROUP_SHIFT 3

/* Name keywords that start a generic assignment in free text (strict
 * names: password/passwd/passphrase, secret, token, credential, *key). */
static const char *const keywords[] = { "pas", "sec", "tok", "cre", "key" };

#define REGEX_WINDOW ((size_t)65536)  /* bytes a regex may look at */
#define NAME_MAX_LEN 80               /* generic: longest NAME before = */
#define VALUE_MAX_LEN 512             /* generic and URL values */
#define BLANK_RUN_MAX 1024            /* config keys: blanks looked over */
#define PAIR_REACH ((size_t)4096)     /* name/value pairs: item looked over */
#define PEND_MAX 8                    /* pairs whose value lies ahead */
/* matches held back (struct scan): at most one a byte of the window
 * 2 * PAIR_REACH + NAME_MAX_LEN they wait for, so this bound is never met
 * by text; only a failed allocation hands the oldest on early */
#define HOLD_MAX ((size_t)2 * PAIR_REACH + NAME_MAX_LEN + 1)

struct anchor {
	const char *text;
	size_t len;
	unsigned row;
};

static struct {
	bool failed;
	/* dig[c0 << 8 | c1] for the two bytes c0 c1 at a position
	 * (dig_at): T_ANCHOR an anchor starts with them, T_KEYWORD a name
	 * keyword may, T_URL they are ":/"; the bits from GROUP_SHIFT up
	 * are the index in group[] of the anchors starting with them */
	uint16_t dig[65536];
	/* the SIMD stage: per fingerprint byte k (0..2), bucket masks by
	 * low and high nibble (Teddy, as in Hyperscan and Rust's aho-corasick:
	 * a position is a candidate when one bucket has all three bytes) */
	uint8_t lo[3][16], hi[3][16];
	bool simd;
	struct anchor anchors[MAX_ANCHORS];
	size_t nanchors;
	/* anchors[group[g].lo..group[g].hi) share their first two bytes;
	 * bit c of third[] is set when one of them has c as third byte */
	struct {
		uint8_t lo, hi;
		uint32_t third[8];
	} group[MAX_ANCHORS];
	size_t ngroups;
	/* row r's compiled regex, built on its first use (row_code) */
	_Atomic(pcre2_code *) code[64];
	const struct sec_row *row_url, *row_generic;
} S;

/* The table's entry for the two bytes at p: one 16-bit load, its
 * bytes swapped on a little-endian machine (a rotate). */
static inline unsigned dig_at(const unsigned char *p)
{
	uint16_t v;
	memcpy(&v, p, 2);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	v = __builtin_bswap16(v);
#endif
	return S.dig[v];
}

/* Sets the bits v in the entry of bytes c0 c1. */
static void dig_or(unsigned char c0, unsigned char c1, unsigned v)
{
	S.dig[(unsigned)c0 << 8 | c1] |= (uint16_t)v;
}

static int cmp_anchor(const void *a, const void *b)
{
	const struct anchor *x = a, *y = b;
	const unsigned char *p = (const unsigned char *)x->text,
			    *q = (const unsigned char *)y->text;
	if (p[0] != q[0] || p[1] != q[1])   /* memcmp(p, q, 2), inline */
		return p[0] != q[0] ? p[0] - q[0] : p[1] - q[1];
	return x->len > y->len ? -1 : x->len < y->len;
}

/* Teddy buckets of the fingerprints (first three bytes of each anchor,
 * the name keywords in three cases, "://").  A position is a candidate
 * when some bucket's nibble tables accept all three of its bytes, so
 * fingerprints sharing a bucket create cross-product false positives; this
 * grouping was found by a local search minimising the candidate rate on a
 * 280 MB text corpus (1.4% of positions, against 0.6% that really start a
 * fingerprint; grouping by first byte gave 10%).  A fingerprint missing
 * here (a new anchor) goes to bucket 7: correct, maybe slower.  Kept in
 * memcmp() order (bucket_of() searches it by halves). */
static const struct {
	char f[4];
	uint8_t bucket;
} teddy_buckets[] = {
	{ "---", 0 }, { "://", 6 }, { "A3T", 0 }, { "ABI", 0 }, { "ACC", 1 },
	{ "AGP", 4 }, { "AID", 6 }, { "AIP", 3 }, { "AIz", 6 }, { "AKI", 0 },
	{ "ANP", 4 }, { "ANV", 4 }, { "APK", 3 }, { "ARO", 0 }, { "ASI", 0 },
	{ "AUT", 0 }, { "Acc", 1 }, { "Aut", 6 }, { "CRE", 5 }, { "Cre", 5 },
	{ "GR1", 2 }, { "KEY", 0 }, { "Key", 6 }, { "PAS", 3 }, { "Pas", 3 },
	{ "SEC", 1 }, { "Sec", 1 }, { "Sha", 1 }, { "TOK", 4 }, { "Tok", 4 },
	{ "aut", 6 }, { "cre", 5 }, { "dck", 5 }, { "eyJ", 7 }, { "gho", 2 },
	{ "ghp", 2 }, { "ghr", 2 }, { "ghs", 2 }, { "ghu", 2 }, { "git", 2 },
	{ "gla", 2 }, { "glc", 2 }, { "gld", 2 }, { "glf", 2 }, { "gli", 2 },
	{ "glo", 2 }, { "glp", 2 }, { "glr", 2 }, { "gls", 2 }, { "hoo", 5 },
	{ "key", 6 }, { "npm", 7 }, { "pas", 3 }, { "pyp", 7 }, { "rk_", 0 },
	{ "sec", 1 }, { "ser", 1 }, { "sk_", 0 }, { "tok", 4 }, { "xap", 4 },
	{ "xox", 4 },
};

static unsigned bucket_of(const char *f)
{
	/* teddy_buckets[] is in memcmp() order: a binary search (a linear
	 * one was 2.5% of a small Dockerfile's scan) */
	size_t lo = 0, hi = sizeof(teddy_buckets) / sizeof(teddy_buckets[0]);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const unsigned char *t =
			(const unsigned char *)teddy_buckets[mid].f;
		const unsigned char *u = (const unsigned char *)f;
		int c = t[0] != u[0] ? t[0] - u[0]
			: t[1] != u[1] ? t[1] - u[1] : t[2] - u[2];
		if (!c)
			return teddy_buckets[mid].bucket;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 7;
}

static void add_fingerprint(const char *f)
{
	unsigned b = 1u << bucket_of(f);
	for (int k = 0; k < 3; k++) {
		unsigned char c = (unsigned char)f[k];
		S.lo[k][c & 15] |= (uint8_t)b;
		S.hi[k][c >> 4] |= (uint8_t)b;
	}
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define HAVE_AVX2_PATH 1
static bool simd_supported(void)
{
	__builtin_cpu_init();
	return __builtin_cpu_supports("avx2");
}
#else
static bool simd_supported(void)
{
	return false;
}
#endif

/* Builds the prefilter tables (the regexes compile on first use:
 * row_code).  0 or BH_E*.  Runs once, through init(). */
static int build_tables(void)
{
	S.failed = true;
	if (sec_nrows > sizeof(S.code) / sizeof(S.code[0]))
		return BH_ELIMIT;
	for (size_t r = 0; r < sec_nrows; r++) {
		const struct sec_row *row = &sec_rows[r];
		for (size_t a = 0; a < SEC_MAX_ANCHORS && row->anchors[a]; a++) {
			if (S.nanchors == MAX_ANCHORS)
				return BH_ELIMIT;
			struct anchor *an = &S.anchors[S.nanchors++];
			an->text = row->anchors[a];
			an->len = strlen(an->text);
			an->row = (unsigned)r;
			if (an->len < 3)
				return BH_EUSAGE;
		}
		}
	qsort(S.anchors, S.nanchors, sizeof(S.anchors[0]), cmp_anchor);
	for (size_t k = 0; k < S.nanchors;) {
		const char *a = S.anchors[k].text;
		size_t g = S.ngroups++, end = k;
		while (end < S.nanchors && !memcmp(S.anchors[end].text, a, 2)) {
			unsigned char c = (unsigned char)S.anchors[end].text[2];
			S.group[g].third[c >> 5] |= 1u << (c & 31);
			add_fingerprint(S.anchors[end++].text);
		}
		S.group[g].lo = (uint8_t)k;
		S.group[g].hi = (uint8_t)end;
		dig_or((unsigned char)a[0], (unsigned char)a[1],
		       T_ANCHOR | (unsigned)g << GROUP_SHIFT);
		k = end;
	}
	for (size_t w = 0; w < sizeof(keywords) / sizeof(keywords[0]); w++) {
		const char *kw = keywords[w];
		char v[3][4];
		for (int i = 0; i < 3; i++) {
			v[0][i] = kw[i];                       /* token */
			v[1][i] = (char)(kw[i] - 'a' + 'A');   /* TOKEN */
			v[2][i] = i ? kw[i] : v[1][0];         /* Token */
		}
		for (int f = 0; f < 3; f++) {
			v[f][3] = 0;
			dig_or((unsigned char)v[f][0], (unsigned char)v[f][1],
			       T_KEYWORD);
			add_fingerprint(v[f]);
		}
	}
	dig_or(':', '/', T_URL);
	add_fingerprint("://");
	S.simd = simd_supported();
	S.row_url = sec_row_by_id("url-credentials");
	S.row_generic = sec_row_by_id("generic-secret");
	if (!S.row_url || !S.row_generic)
		return BH_EUSAGE;
	S.failed = false;
	return 0;
}

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static int init_rc;
static atomic_bool init_done;  /* set (release) after init_rc */

static void init_run(void)
{
	init_rc = build_tables();
	atomic_store_explicit(&init_done, true, memory_order_release);
}

/* The tables, built by the first caller of any thread (pthread_once: a
 * lazy first use from several threads at once waits for one build;
 * once built, init_done spares the call). */
static int init(void)
{
	if (!atomic_load_explicit(&init_done, memory_order_acquire))
		pthread_once(&init_once, init_run);
	return init_rc;
}

/* Row r's regex, compiled and JIT-compiled by its first user: a scan
 * tries few rows, and compiling all 40-odd cost a small file's scan
 * twice over.  The double-checked publish (acquire load, then compile
 * under code_lock, release store) lets threads share one build.  NULL
 * when the regex does not compile (no match; sec_compile_all() checks
 * every row for the unit tests) or memory runs out. */
static pthread_mutex_t code_lock = PTHREAD_MUTEX_INITIALIZER;

static pcre2_code *row_code(unsigned r)
{
	pcre2_code *c = atomic_load_explicit(&S.code[r], memory_order_acquire);
	if (c || !sec_rows[r].regex)
		return c;
	pthread_mutex_lock(&code_lock);
	c = atomic_load_explicit(&S.code[r], memory_order_relaxed);
	if (!c) {
		int err;
		PCRE2_SIZE eoff;
		c = pcre2_compile((PCRE2_SPTR)sec_rows[r].regex,
				  PCRE2_ZERO_TERMINATED, PCRE2_ANCHORED, &err,
				  &eoff, NULL);
		if (c) {
			/* JIT is an optimisation: fall back silently */
			(void)pcre2_jit_compile(c, PCRE2_JIT_COMPLETE);
			atomic_store_explicit(&S.code[r], c,
					      memory_order_release);
		}
	}
	pthread_mutex_unlock(&code_lock);
	return c;
}

int sec_compile_all(void)
{
	int rc = init();
	for (size_t r = 0; !rc && r < sec_nrows; r++)
		if (sec_rows[r].regex && !row_code((unsigned)r))
			rc = BH_EUSAGE;
	return rc;
}

struct scan {
	const char *t;
	size_t len;
	sec_match_fn fn;
	void *ctx;
	size_t last_end;   /* end of the last reported value */
	size_t kw_skip;    /* keywords before this are inside a seen name */
	bool stop;
	bool config;           /* a config file: assignment rules */
	bool nomem;            /* stopped for want of memory */
	/* name/value pairs whose value lies ahead (try_pair): emitted, in
	 * text order, when the scan reaches them; sorted by offset */
	struct { size_t off, len; } pend[PEND_MAX];
	size_t npend;
	/* pair_flow's last answer: the mapping holding the key at
	 * pair_ks opens at pair_open ((size_t)-1: none, pair_ks 0: no
	 * answer yet), reused by a later key of the same mapping */
	size_t pair_ks, pair_open;
	pcre2_match_data *md;  /* created on the first regex run */
	/* matches found but not yet handed to fn, in text order: a pair's
	 * value before its name (up to PAIR_REACH bytes back) may still
	 * come in ahead of them (hold_flush) */
	struct sec_match *hold;  /* malloc'd, grows to HOLD_MAX */
	size_t nhold, caphold;
	size_t given_end;      /* end of the last match handed to fn */
};

static bool is_word(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

static bool is_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/* Hands the held matches that start before "upto" to the callback, in
 * text order. */
static void hold_flush(struct scan *s, size_t upto)
{
	size_t k = 0;
	while (k < s->nhold && s->hold[k].offset < upto && !s->stop) {
		s->given_end = s->hold[k].offset + s->hold[k].len;
		if (!s->fn(s->ctx, &s->hold[k]))
			s->stop = true;
		k++;
	}
	if (s->stop)
		k = s->nhold;
	if (k) /* s->hold may be NULL: nothing held yet */
		memmove(s->hold, s->hold + k,
			(s->nhold - k) * sizeof(s->hold[0]));
	s->nhold -= k;
}

/* Room for one more held match: false at HOLD_MAX or out of memory. */
static bool hold_room(struct scan *s)
{
	if (s->nhold < s->caphold)
		return true;
	size_t cap = s->caphold ? s->caphold * 2 : 64;
	if (cap > HOLD_MAX)
		cap = HOLD_MAX;
	if (cap <= s->caphold)
		return false;
	void *p = realloc(s->hold, cap * sizeof(*s->hold));
	if (!p)
		return false;
	s->hold = p;
	s->caphold = cap;
	return true;
}

/* Queues one match (behind "at", the scan's place, PAIR_REACH bytes
 * and more: handed on) unless it overlaps an earlier one.  Held, a
 * pair's value found later before it still comes first: a value that
 * could not be put in its place would go unreported, and so unmasked. */
static void hold_add(struct scan *s, const struct sec_row *row, size_t off,
		     size_t n, enum bh_severity sev)
{
	struct sec_match m = {
		.kind = row->info.id,
		.title = row->info.title,
		.severity = sev,
		.offset = off,
		.len = n,
	};
	if (!hold_room(s) && s->nhold)
		hold_flush(s, s->hold[0].offset + 1);
	if (s->nhold >= s->caphold) { /* no memory for even one */
		s->given_end = off + n;
		if (!s->stop && !s->fn(s->ctx, &m))
			s->stop = true;
		return;
	}
	s->hold[s->nhold++] = m;
}

/* One match, found in scan order: kept unless it overlaps an earlier
 * one. */
static void emit(struct scan *s, const struct sec_row *row, size_t off,
		 size_t n, enum bh_severity sev)
{
	if (off < s->last_end || n == 0)
		return;
	s->last_end = off + n;
	hold_add(s, row, off, n, sev);
}

/* A pair's value before its name, behind matches already found: put in
 * its place among the held ones when it overlaps none and none was
 * handed on after it. */
static void emit_behind(struct scan *s, const struct sec_row *row,
			size_t off, size_t n, enum bh_severity sev)
{
	if (off >= s->last_end) {
		emit(s, row, off, n, sev);
		return;
	}
	if (n == 0 || off < s->given_end || !hold_room(s))
		return;
	size_t k = 0;
	while (k < s->nhold && s->hold[k].offset < off)
		k++;
	if ((k > 0 && s->hold[k - 1].offset + s->hold[k - 1].len > off) ||
	    k == s->nhold || off + n > s->hold[k].offset)
		return;
	memmove(s->hold + k + 1, s->hold + k,
		(s->nhold - k) * sizeof(s->hold[0]));
	s->nhold++;
	s->hold[k] = (struct sec_match){
		.kind = row->info.id,
		.title = row->info.title,
		.severity = sev,
		.offset = off,
		.len = n,
	};
}

/* Tries the row's regex (or custom matcher) anchored at "at". */
static void try_row(struct scan *s, unsigned r, size_t at)
{
	const struct sec_row *row = &sec_rows[r];
	if ((row->flags & SP_WORD_START) && at > 0 &&
	    is_word((unsigned char)s->t[at - 1]))
		return;
	size_t voff, vlen;
	if (row->custom) {
		if (row->custom(s->t, s->len, at, &voff, &vlen) != 0)
			return;
	} else {
		size_t end = s->len - at > REGEX_WINDOW ? at + REGEX_WINDOW
							: s->len;
		if (!s->md && !(s->md = pcre2_match_data_create(8, NULL))) {
			s->stop = s->nomem = true;
			return;
		}
		pcre2_code *code = row_code(r);
		if (!code)
			return;
		int rc = pcre2_match(code, (PCRE2_SPTR)s->t, end, at, 0,
				     s->md, NULL);
		if (rc <= 0)
			return;
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->md);
		if (rc >= 2 && ov[2] != PCRE2_UNSET) {
			voff = ov[2];
			vlen = ov[3] - ov[2];
		} else {
			voff = ov[0];
			vlen = ov[1] - ov[0];
		}
	}
	if (!(row->flags & SP_NO_FAKE) &&
	    ((row->flags & SP_SEQ_REAL)
		     ? sec_value_looks_fake_words(s->t + voff, vlen)
		     : sec_value_looks_fake(s->t + voff, vlen)))
		return;
	emit(s, row, voff, vlen, row->info.severity);
}

/* Whether the host starting at h is reserved for documentation
 * (RFC 2606/6761: example.com/.net/.org, *.example, *.test, *.invalid). */
static bool doc_host(const char *h, size_t avail)
{
	size_t n = 0;
	while (n < avail && n < 256 &&
	       (is_alnum((unsigned char)h[n]) || h[n] == '.' || h[n] == '-'))
		n++;
	static const char *const sufs[] = {
		"example.com", "example.net", "example.org", ".example",
		".test", ".invalid",
	};
	for (size_t i = 0; i < sizeof(sufs) / sizeof(sufs[0]); i++) {
		size_t k = strlen(sufs[i]);
		if (n >= k && !strncasecmp(h + n - k, sufs[i], k) &&
		    (n == k || h[n - k - 1] == '.' || sufs[i][0] == '.'))
			return true;
	}
	return false;
}

/* Whether a URL's password p[0..n) is a format template filled in
 * later: printf's %s, %(name)s, Python's {} and {name}. */
static bool url_template(const char *p, size_t n)
{
	if (p[0] == '%')
		return (n == 2 && is_alnum((unsigned char)p[1])) ||
		       (n > 3 && p[1] == '(' && memchr(p, ')', n - 1) &&
			is_alnum((unsigned char)p[n - 1]));
	return p[0] == '{' && p[n - 1] == '}' && !memchr(p + 1, '{', n - 2);
}

/* At "://" (t[at] == ':'): scheme://[user]:password@host.  Quiet for a
 * one-letter password ("a:b@c"), a placeholder or documentation sample
 * (sec_value_is_sample_n: "password", "changeme", "<pw>"), a reference
 * or format template, a documentation host (example.com, *.test). */
static void try_url(struct scan *s, size_t at)
{
	const char *t = s->t;
	size_t b = at;
	while (b > 0 && at - b < 32 &&
	       (is_alnum((unsigned char)t[b - 1]) || t[b - 1] == '+' ||
		t[b - 1] == '.' || t[b - 1] == '-'))
		b--;
	if (b == at)
		return;
	size_t i = at + 3, lim = s->len - i > 2 * VALUE_MAX_LEN
					 ? i + 2 * VALUE_MAX_LEN : s->len;
	/* userinfo ends at '@' before any '/', '?', '#' or space */
	size_t colon = 0, at_sign = 0;
	for (size_t j = i; j < lim; j++) {
		unsigned char c = (unsigned char)t[j];
		if (c == '@') {
			at_sign = j;
			break;
		}
		if (c <= ' ' || c == '/' || c == '?' || c == '#' ||
		    c == '"' || c == '\'' || c == '<' || c == '>' ||
		    c == '\\' || c == '`' || c == 0x7f)
			return;
		if (c == ':' && !colon)
			colon = j;
	}
	if (!colon || !at_sign || at_sign - colon < 2)
		return;
	/* a host must follow */
	if (at_sign + 1 >= s->len ||
	    !(is_alnum((unsigned char)t[at_sign + 1]) ||
	      t[at_sign + 1] == '[' || t[at_sign + 1] == '$' ||
	      t[at_sign + 1] == '{'))
		return;
	const char *pw = t + colon + 1;
	size_t n = at_sign - colon - 1;
	if (n < 2 || memchr(pw, ':', n) ||
	    sec_value_is_sample_n(pw, n) || sec_value_looks_fake(pw, n) ||
	    url_template(pw, n) ||
	    doc_host(t + at_sign + 1, s->len - at_sign - 1))
		return;
	/* a user that is itself a reference makes the URL a template */
	if (memchr(t + i, '$', colon - i))
		return;
	emit(s, S.row_url, colon + 1, n, S.row_url->info.severity);
}

/* Config files: whether a key starting at t[b] (its opening quote, if
 * any) is where a key sits: first on its line (after blanks, a YAML "- "
 * or an "export "), or after '{' or ',' (JSON, flow mappings). */
static bool key_position(const char *t, size_t b)
{
	/* looks back at most BLANK_RUN_MAX blanks twice (sec_stream.c's
	 * reach bound) */
	size_t p = b, lim = b > BLANK_RUN_MAX ? b - BLANK_RUN_MAX : 0;
	while (p > lim && (t[p - 1] == ' ' || t[p - 1] == '\t'))
		p--;
	if (p >= 6 && !memcmp(t + p - 6, "export", 6) &&
	    p < b && (p == 6 || t[p - 7] == '\n'))
		return true;
	/* a Dockerfile's ENV/ARG NAME=value (a Dockerfile is read as a
	 * config file: sec_path_is_config) */
	if (p >= 3 && p < b && (!memcmp(t + p - 3, "ENV", 3) ||
				!memcmp(t + p - 3, "ARG", 3)) &&
	    (p == 3 || t[p - 4] == '\n'))
		return true;
	if (p > 0 && (t[p - 1] == '{' || t[p - 1] == ','))
		return true;
	if (p > 0 && t[p - 1] == '-')
		p--;
	lim = p > BLANK_RUN_MAX ? p - BLANK_RUN_MAX : 0;
	while (p > lim && (t[p - 1] == ' ' || t[p - 1] == '\t'))
		p--;
	return p == 0 || t[p - 1] == '\n' || t[p - 1] == '\r';
}

/* Config files: at the '>' (t[e]) ending an XML start tag whose name holds
 * a keyword: <NAME>value</NAME> (Maven settings.xml, web.config), the
 * namespace prefix dropped. */
static void try_xml(struct scan *s, size_t i, size_t e)
{
	const char *t = s->t;
	size_t len = s->len;
	size_t b = i;
	while (b > 0 && e - b < NAME_MAX_LEN &&
	       (is_word((unsigned char)t[b - 1]) || t[b - 1] == '-' ||
		t[b - 1] == '.' || t[b - 1] == ':'))
		b--;
	if (b == 0 || t[b - 1] != '<' || e - b >= NAME_MAX_LEN)
		return;
	size_t lb = b;
	for (size_t k = b; k < e; k++)
		if (t[k] == ':')
			lb = k + 1;
	if (lb == e || !sec_name_is_sensitive_n(t + lb, e - lb))
		return;
	size_t vs = e + 1, ve = vs, nl = e - b;
	while (ve < len && t[ve] != '<' && t[ve] != '\n' &&
	       ve - vs <= VALUE_MAX_LEN)
		ve++;
	if (ve > s->kw_skip)
		s->kw_skip = ve;
	if (ve >= len || len - ve < nl + 3 || t[ve + 1] != '/' ||
	    memcmp(t + ve + 2, t + b, nl) || t[ve + 2 + nl] != '>')
		return;
	while (vs < ve && (t[vs] == ' ' || t[vs] == '\t'))
		vs++;
	while (ve > vs && (t[ve - 1] == ' ' || t[ve - 1] == '\t'))
		ve--;
	if (!sec_config_value_ok(t + vs, ve - vs, true, t + lb, e - lb))
		return;
	if (sec_scan_text_opts(t + vs, ve - vs, false, NULL, NULL) > 0)
		return;
	emit(s, S.row_generic, vs, ve - vs, S.row_generic->info.severity);
}

/* At '=' or ':' (t[at]): NAME<op>value with a secret-looking NAME.
 * Name keywords before s->kw_skip are not looked at again: it is moved
 * past the value examined, so hostile runs like "password=password=..."
 * cost each byte once. */
static void try_generic(struct scan *s, size_t at)
{
	const char *t = s->t;
	size_t len = s->len;
	char op = t[at];
	if (op == '=') {
		if (at + 1 < len && (t[at + 1] == '=' || t[at + 1] == '~' ||
				     t[at + 1] == '>'))
			return;
		if (at > 0 && (t[at - 1] == '=' || t[at - 1] == '!' ||
			       t[at - 1] == '<' || t[at - 1] == '>' ||
			       t[at - 1] == '+' || t[at - 1] == '-' ||
			       t[at - 1] == '*' || t[at - 1] == '|' ||
			       t[at - 1] == '&'))
			return;
	} else {
		if (at + 1 < len && (t[at + 1] == '=' || t[at + 1] == ':'))
			return;  /* ":=" handled at '=', "::" is not ours */
		if (at > 0 && t[at - 1] == ':')
			return;
	}
	/* NAME: back over ':' (for :=), a quote, up to two blanks */
	size_t e = at;
	if (op == '=' && e > 0 && t[e - 1] == ':')
		e--;
	for (int k = 0; k < 2 && e > 0 && (t[e - 1] == ' ' || t[e - 1] == '\t');
	     k++)
		e--;
	char q = 0;
	if (e > 0 && (t[e - 1] == '"' || t[e - 1] == '\'')) {
		q = t[e - 1];
		e--;
	}
	size_t b = e;
	while (b > 0 && e - b < NAME_MAX_LEN &&
	       (is_word((unsigned char)t[b - 1]) || t[b - 1] == '-' ||
		t[b - 1] == '.'))
		b--;
	if (b == e || e - b >= NAME_MAX_LEN)
		return;
	if (q && (b == 0 || t[b - 1] != q))
		return;
	/* a config file's key line is judged with the assignment rules;
	 * anything else (also in a config file) with the free-text rules */
	bool key = s->config && key_position(t, q ? b - 1 : b) &&
		   sec_name_is_sensitive_n(t + b, e - b);
	if (!key && !sec_name_is_sensitive_strict_n(t + b, e - b))
		return;
	/* value */
	size_t v = at + 1;
	while (v < len && (t[v] == ' ' || t[v] == '\t'))
		v++;
	if (v >= len)
		return;
	size_t vs, ve;
	bool quoted = false;
	if (t[v] == '"' || t[v] == '\'') {
		char vq = t[v];
		vs = v + 1;
		ve = vs;
		while (ve < len && ve - vs <= VALUE_MAX_LEN && t[ve] != vq &&
		       t[ve] != '\n')
			ve++;
		if (ve > s->kw_skip)
			s->kw_skip = ve;
		if (ve >= len || t[ve] != vq)
			return;
		quoted = true;
	} else {
		vs = v;
		ve = v;
		while (ve < len && ve - vs <= VALUE_MAX_LEN) {
			unsigned char c = (unsigned char)t[ve];
			if (c <= ' ' || c == '"' || c == '\'' || c == ';' ||
			    c == ',' || c == '`' || c == ')' || c == '}' ||
			    c == ']' || c == '<' || c == '>' || c == '\\' ||
			    c == '(' || c == '[' || c == '&' ||
			    c == '|' || c == 0x7f)
				break;
			ve++;
		}
		if (ve > s->kw_skip)
			s->kw_skip = ve;
		if (ve - vs > VALUE_MAX_LEN)
			return;
		/* a call or an index: not a literal */
		if (ve < len && (t[ve] == '(' || t[ve] == '['))
			return;
	}
	if (key) {
		/* the line must end after the value (a comment may follow):
		 * "PASS: gdb.base/x.exp: ok" is a log line */
		size_t r = quoted ? ve + 1 : ve, rl = r + BLANK_RUN_MAX;
		while (r < len && r < rl &&
		       (t[r] == ' ' || t[r] == '\t' || t[r] == '\r'))
			r++;
		if ((r < len && t[r] != '\n' && t[r] != '#' && t[r] != ';' &&
		     t[r] != ',' && t[r] != '}' && t[r] != ']') ||
		    !sec_config_value_ok(t + vs, ve - vs, quoted, t + b, e - b))
			key = false;
	}
	if (!key && (!sec_name_is_sensitive_strict_n(t + b, e - b) ||
		     !sec_generic_value_ok(t + vs, ve - vs, quoted)))
		return;
	/* a known token in the value is reported by its own row */
	if (sec_scan_text_opts(t + vs, ve - vs, false, NULL, NULL) > 0)
		return;
	emit(s, S.row_generic, vs, ve - vs, S.row_generic->info.severity);
}

static bool count_cb(void *ctx, const struct sec_match *m)
{
	(void)m;
	(*(int *)ctx)++;
	return false;
}

/* At a position whose two bytes start anchors of group g: the first
 * (longest) anchor present there decides. */
static void at_anchor(struct scan *s, size_t i, unsigned g)
{
	const unsigned char *p = (const unsigned char *)s->t;
	/* every anchor has at least three bytes (init() checks) */
	if (s->len - i < 3 ||
	    !(S.group[g].third[p[i + 2] >> 5] & (1u << (p[i + 2] & 31))))
		return;
	for (size_t k = S.group[g].lo; k < S.group[g].hi; k++) {
		const struct anchor *an = &S.anchors[k];
		if (an->len > s->len - i ||
		    (unsigned char)an->text[2] != p[i + 2] ||
		    memcmp(an->text + 3, p + i + 3, an->len - 3))
			continue;
		try_row(s, an->row, i);
		return;
	}
}

/* Whether the three bytes at p are one of the keywords in any case.
 * Or-ing 0x20 folds ASCII case; only 'A'..'Z' and 'a'..'z' themselves
 * fold onto a lower-case letter, so this is strncasecmp(p, kw, 3). */
static bool is_keyword3(const char *p)
{
	for (size_t w = 0; w < sizeof(keywords) / sizeof(keywords[0]); w++)
		if ((p[0] | 0x20) == keywords[w][0] &&
		    (p[1] | 0x20) == keywords[w][1] &&
		    (p[2] | 0x20) == keywords[w][2])
			return true;
	return false;
}

/* Config files: a directive whose value follows a blank, redis.conf's
 * "requirepass VALUE" (t[i..e) holds the keyword, inside the name): the
 * name first on its line, the value alone on it (a comment may follow),
 * judged with the assignment rules. */
static void try_directive(struct scan *s, size_t i, size_t e)
{
	static const char name[] = "requirepass";
	const size_t nl = sizeof(name) - 1;
	const char *t = s->t;
	size_t len = s->len;
	if (i < 7 || e - (i - 7) != nl || strncasecmp(t + i - 7, name, nl) ||
	    !key_position(t, i - 7))
		return;
	size_t b = i - 7, v = e;
	if (v >= len || (t[v] != ' ' && t[v] != '\t'))
		return;
	while (v < len && v - e <= BLANK_RUN_MAX && (t[v] == ' ' || t[v] == '\t'))
		v++;
	bool quoted = v < len && (t[v] == '"' || t[v] == '\'');
	size_t vs = v + quoted, ve = vs;
	while (ve < len && ve - vs <= VALUE_MAX_LEN &&
	       (quoted ? t[ve] != t[v] && t[ve] != '\n'
		       : (unsigned char)t[ve] > ' '))
		ve++;
	if (ve == vs || ve - vs > VALUE_MAX_LEN || (quoted && (ve >= len ||
							       t[ve] != t[v])))
		return;
	if (ve > s->kw_skip)
		s->kw_skip = ve;
	size_t r = quoted ? ve + 1 : ve, rl = r + BLANK_RUN_MAX;
	while (r < len && r < rl && (t[r] == ' ' || t[r] == '\t' || t[r] == '\r'))
		r++;
	if (r < len && t[r] != '\n' && t[r] != '#')
		return;
	if (!sec_config_value_ok(t + vs, ve - vs, quoted, t + b, nl))
		return;
	if (sec_scan_text_opts(t + vs, ve - vs, false, NULL, NULL) > 0)
		return;
	emit(s, S.row_generic, vs, ve - vs, S.row_generic->info.severity);
}

/* ---- name/value pairs ------------------------------------------------
 * A secret-named entry written as a pair of keys, as Kubernetes env and
 * ECS task definitions do: JSON {"name": "DB_PASSWORD", "value": "..."}
 * (keys in either order, other keys between), YAML flow
 * {name: DB_PASSWORD, value: ...} and YAML block (- name: DB_PASSWORD,
 * then value: ... on a line of the same item, before or after).  The name
 * is judged as an assignment's name (sec_name_is_sensitive_n), the value
 * with the config key rules (sec_config_value_ok: placeholders, ${X},
 * {{ }}, changeme stay quiet); only the key "value" holds a value
 * (valueFrom is a reference).  The item is looked over at most PAIR_REACH
 * bytes either side of the name.  A value after the name waits in
 * s->pend until the scan reaches it, so matches stay in text order and
 * those between the name and the value are still found; a value before
 * the name is put in its place among the matches found but not yet
 * handed on (struct scan's hold: a match goes to the callback once the
 * scan is 2 * PAIR_REACH + NAME_MAX_LEN bytes past it), so it is found
 * even when another match lies between the two. */

static bool blank_c(char c)
{
	return c == ' ' || c == '\t';
}

/* Emits the pending values starting at or before "upto". */
static void flush_pending(struct scan *s, size_t upto)
{
	size_t k = 0;
	while (k < s->npend && s->pend[k].off <= upto && !s->stop) {
		emit(s, S.row_generic, s->pend[k].off, s->pend[k].len,
		     S.row_generic->info.severity);
		k++;
	}
	if (s->stop)
		k = s->npend;
	memmove(s->pend, s->pend + k, (s->npend - k) * sizeof(s->pend[0]));
	s->npend -= k;
}

/* The value t[vs..ve) of the pair whose name ends at "at": judged, then
 * reported now (behind) or queued (ahead). */
static void pair_value(struct scan *s, size_t at, const char *name,
		       size_t nl, size_t vs, size_t ve, bool quoted)
{
	const char *t = s->t;
	if (!quoted) {
		while (vs < ve && blank_c(t[vs]))
			vs++;
		while (ve > vs && (blank_c(t[ve - 1]) || t[ve - 1] == '\r'))
			ve--;
	}
	if (!sec_config_value_ok(t + vs, ve - vs, quoted, name, nl))
		return;
	/* a known token in the value is reported by its own row */
	if (sec_scan_text_opts(t + vs, ve - vs, false, NULL, NULL) > 0)
		return;
	if (vs < at) {
		emit_behind(s, S.row_generic, vs, ve - vs,
			    S.row_generic->info.severity);
		return;
	}
	size_t k = 0;
	while (k < s->npend && s->pend[k].off < vs)
		k++;
	if (s->npend == PEND_MAX || (k < s->npend && s->pend[k].off == vs))
		return;
	memmove(s->pend + k + 1, s->pend + k,
		(s->npend - k) * sizeof(s->pend[0]));
	s->pend[k].off = vs;
	s->pend[k].len = ve - vs;
	s->npend++;
}

/* A quoted scalar at t[p] (its quote): body [*vs, *ve), *end after the
 * closing quote; false when it does not close on its line before hi. */
static bool quoted_at(const char *t, size_t p, size_t hi, size_t *vs,
		      size_t *ve, size_t *end)
{
	char q = t[p];
	size_t j = p + 1;
	while (j < hi && t[j] != q && t[j] != '\n')
		j += (q == '"' && t[j] == '\\') ? 2 : 1;
	if (j >= hi || t[j] != q)
		return false;
	*vs = p + 1;
	*ve = j;
	*end = j + 1;
	return true;
}

/* Past the collection opening at t[p] ('{' or '['), or hi. */
static size_t skip_nested(const char *t, size_t p, size_t hi)
{
	int depth = 0;
	while (p < hi) {
		char c = t[p];
		if (c == '"') {
			size_t vs, ve, end;
			if (!quoted_at(t, p, hi, &vs, &ve, &end))
				return hi;
			p = end;
			continue;
		}
		if (c == '{' || c == '[')
			depth++;
		else if ((c == '}' || c == ']') && --depth == 0)
			return p + 1;
		p++;
	}
	return hi;
}

static size_t skip_space(const char *t, size_t p, size_t hi)
{
	while (p < hi && (blank_c(t[p]) || t[p] == '\n' || t[p] == '\r'))
		p++;
	return p;
}

static bool is_value_key(const char *t, size_t kb, size_t ke)
{
	return ke - kb == 5 && !memcmp(t + kb, "value", 5);
}

/* Another "name" key in the mapping ends the search (a duplicate key:
 * another entry), which also keeps a run of names from costing
 * PAIR_REACH bytes each. */
static bool is_name_key(const char *t, size_t kb, size_t ke)
{
	return ke - kb == 4 && !memcmp(t + kb, "name", 4);
}

/* JSON or a YAML flow mapping: the members of the mapping holding the
 * "name" key at t[ks]. */
static void pair_flow(struct scan *s, size_t ks, size_t b, size_t e)
{
	const char *t = s->t;
	size_t lo = ks > PAIR_REACH ? ks - PAIR_REACH : 0, p = ks;
	size_t open = (size_t)-1;
	int depth = 0;
	char inq = 0;
	/* back to the '{' opening the mapping; where an earlier key's search
	 * is met at its key, at the same depth, its answer is the same (as
	 * if searched again from there, within this key's reach): runs of
	 * keys cost each byte once */
	while (p > lo) {
		if (p == s->pair_ks && s->pair_ks && !inq && depth == 0) {
			open = s->pair_open;
			if (open != (size_t)-1 && open < lo)
				open = (size_t)-1;
			break;
		}
		char c = t[--p];
		if (inq) {
			if (c == inq && !(p > 0 && t[p - 1] == '\\'))
				inq = 0;
			continue;
		}
		if (c == '"' || c == '\'')
			inq = c;
		else if (c == '}' || c == ']')
			depth++;
		else if (c == '{' || c == '[') {
			if (depth == 0) {
				if (c == '{')
					open = p;
				break;
			}
			depth--;
		}
	}
	s->pair_ks = ks;
	s->pair_open = open;
	if (open == (size_t)-1)
		return;
	size_t hi = s->len - e > PAIR_REACH ? e + PAIR_REACH : s->len;
	p = open + 1;
	for (;;) {
		size_t kb, ke, vs, ve, end;
		p = skip_space(t, p, hi);
		if (p >= hi || t[p] == '}')
			return;
		size_t at = p;
		if (t[p] == '"' || t[p] == '\'') {
			if (!quoted_at(t, p, hi, &kb, &ke, &end))
				return;
			p = end;
		} else {
			/* a plain key: no quote or collection in it (not
			 * the mapping we think) */
			kb = p;
			while (p < hi && t[p] != ':' && t[p] != ',' &&
			       t[p] != '}' && t[p] != '\n') {
				if (t[p] == '{' || t[p] == '[' || t[p] == '"' ||
				    t[p] == '\'')
					return;
				p++;
			}
			ke = p;
			while (ke > kb && blank_c(t[ke - 1]))
				ke--;
		}
		while (p < hi && blank_c(t[p]))
			p++;
		if (p >= hi || t[p] != ':')
			return;
		p = skip_space(t, p + 1, hi);
		if (p >= hi)
			return;
		bool value = is_value_key(t, kb, ke);
		if (at != ks && is_name_key(t, kb, ke))
			return;
		if (t[p] == '{' || t[p] == '[') {
			if (value)
				return;  /* not a literal */
			p = skip_nested(t, p, hi);
		} else if (t[p] == '"' || t[p] == '\'') {
			if (!quoted_at(t, p, hi, &vs, &ve, &end))
				return;
			if (value) {
				pair_value(s, e, t + b, e - b, vs, ve, true);
				return;
			}
			p = end;
		} else {
			vs = p;
			while (p < hi && t[p] != ',' && t[p] != '}' &&
			       t[p] != '\n')
				p++;
			if (value) {
				pair_value(s, e, t + b, e - b, vs, p, false);
				return;
			}
		}
		while (p < hi && blank_c(t[p]))
			p++;
		if (p < hi && t[p] == ',')
			p++;
		else
			return;
	}
}

/* YAML block: the line starting at t[ls] (before hi).  *ind its
 * indentation, *kc the column of its first key (past "- "), *dash whether
 * it starts an item; false for a blank or comment line. */
static bool block_line(const char *t, size_t ls, size_t hi, size_t *ind,
		       size_t *kc, bool *dash)
{
	size_t p = ls;
	while (p < hi && t[p] == ' ')
		p++;
	if (p >= hi || t[p] == '\n' || t[p] == '\r' || t[p] == '#')
		return false;
	*ind = p - ls;
	*dash = t[p] == '-' && p + 1 < hi && t[p + 1] == ' ';
	if (*dash) {
		p++;
		while (p < hi && t[p] == ' ')
			p++;
	}
	*kc = p - ls;
	return true;
}

/* YAML block: the key at t[p]: 1 "value" (its value judged), -1
 * "name" (the search ends), 0 another. */
static int block_value(struct scan *s, size_t p, size_t hi, size_t b,
		       size_t e)
{
	const char *t = s->t;
	size_t kb, ke, end;
	if (t[p] == '"' || t[p] == '\'') {
		if (!quoted_at(t, p, hi, &kb, &ke, &end))
			return 0;
	} else {
		kb = p;
		while (p < hi && (is_word((unsigned char)t[p]) || t[p] == '-'))
			p++;
		ke = end = p;
	}
	bool name = is_name_key(t, kb, ke);
	if (!name && !is_value_key(t, kb, ke))
		return 0;
	p = end;
	while (p < hi && blank_c(t[p]))
		p++;
	if (p >= hi || t[p] != ':' || (p + 1 < hi && !blank_c(t[p + 1]) &&
				       t[p + 1] != '\n' && t[p + 1] != '\r'))
		return 0;
	if (name)
		return -1;
	p++;
	while (p < hi && blank_c(t[p]))
		p++;
	size_t vs, ve;
	if (p < hi && (t[p] == '"' || t[p] == '\'')) {
		if (quoted_at(t, p, hi, &vs, &ve, &end))
			pair_value(s, e, t + b, e - b, vs, ve, true);
		return 1;
	}
	vs = p;
	while (p < hi && t[p] != '\n' &&
	       !(t[p] == '#' && p > vs && blank_c(t[p - 1])))
		p++;
	pair_value(s, e, t + b, e - b, vs, p, false);
	return 1;
}

/* YAML block: the sibling keys of the "name" key at t[ks] in its item. */
static void pair_block(struct scan *s, size_t ks, size_t b, size_t e)
{
	const char *t = s->t;
	size_t len = s->len;
	size_t lo = ks > PAIR_REACH ? ks - PAIR_REACH : 0;
	size_t hi = len - e > PAIR_REACH ? e + PAIR_REACH : len;
	size_t ls = ks;
	while (ls > lo && t[ls - 1] != '\n')
		ls--;
	size_t ind, c, kc;
	bool dash;
	if (!block_line(t, ls, hi, &ind, &kc, &dash) || ls + kc != ks)
		return;
	c = kc;
	bool first = dash;
	/* after the name's line */
	const char *nl = memchr(t + e, '\n', hi - e);
	for (size_t p = nl ? (size_t)(nl - t) + 1 : hi; p < hi;) {
		nl = memchr(t + p, '\n', hi - p);
		size_t next = nl ? (size_t)(nl - t) + 1 : hi;
		if (block_line(t, p, hi, &ind, &kc, &dash)) {
			if (ind < c)
				break;
			if (ind == c && !dash &&
			    block_value(s, p + kc, hi, b, e) != 0)
				return;
		}
		p = next;
	}
	/* before it, up to the item's "- " */
	for (size_t p = ls; !first && p > lo;) {
		size_t q = p - 1;
		while (q > lo && t[q - 1] != '\n')
			q--;
		p = q;
		if (!block_line(t, q, ls, &ind, &kc, &dash))
			continue;
		if (ind < c) {
			if (dash && kc == c)
				(void)block_value(s, q + kc, ls, b, e);
			return;
		}
		if (ind == c && !dash && block_value(s, q + kc, ls, b, e) != 0)
			return;
	}
}

/* At a keyword inside a scalar t[..e) that no '=' or ':' follows: whether
 * it is the "name" of a name/value pair, and its value. */
static void try_pair(struct scan *s, size_t i, size_t e)
{
	const char *t = s->t;
	size_t len = s->len, b = i;
	while (b > 0 && e - b < NAME_MAX_LEN &&
	       (is_word((unsigned char)t[b - 1]) || t[b - 1] == '-' ||
		t[b - 1] == '.'))
		b--;
	if (e - b >= NAME_MAX_LEN)
		return;
	/* the name's judgement (the costly test) last */
	size_t p = b, r = e;
	if (p > 0 && (t[p - 1] == '"' || t[p - 1] == '\'')) {
		p--;
		if (r >= len || t[r] != t[p])
			return;
		r++;
	}
	while (r < len && r - e < BLANK_RUN_MAX && blank_c(t[r]))
		r++;
	if (r < len && t[r] != ',' && t[r] != '}' && t[r] != '\n' &&
	    t[r] != '\r' && t[r] != '#')
		return;
	size_t k = p;
	while (k > 0 && p - k < BLANK_RUN_MAX && blank_c(t[k - 1]))
		k--;
	if (k == 0 || t[k - 1] != ':')
		return;
	k--;
	size_t kend = k;
	while (k > 0 && kend - k < BLANK_RUN_MAX && blank_c(t[k - 1]))
		k--;
	char kq = 0;
	if (k > 0 && (t[k - 1] == '"' || t[k - 1] == '\'')) {
		kq = t[--k];
	}
	if (k < 4 || memcmp(t + k - 4, "name", 4))
		return;
	k -= 4;
	if (kq) {
		if (k == 0 || t[k - 1] != kq)
			return;
		k--;
	}
	if (k > 0 && (is_word((unsigned char)t[k - 1]) || t[k - 1] == '-' ||
		      t[k - 1] == '.'))
		return;
	if (!sec_name_is_sensitive_n(t + b, e - b))
		return;
	/* a flow mapping or JSON when a '{' or ',' comes before the key
	 * (over line ends: pretty-printed JSON), else a YAML block */
	size_t f = k;
	while (f > 0 && k - f < BLANK_RUN_MAX &&
	       (blank_c(t[f - 1]) || t[f - 1] == '\n' || t[f - 1] == '\r'))
		f--;
	if (f > 0 && (t[f - 1] == '{' || t[f - 1] == ','))
		pair_flow(s, k, b, e);
	else if (!kq && key_position(t, k))
		pair_block(s, k, b, e);
}

/* At a keyword of a secret-looking name ("pas", "sec", "tok", "cre",
 * "key" in any of three cases): find the end of the name and, when an
 * '=' or ':' follows, judge the assignment there. */
static void try_keyword(struct scan *s, size_t i)
{
	const char *t = s->t;
	size_t len = s->len;
	if (i < s->kw_skip || len - i < 3 || !is_keyword3(t + i))
		return;
	size_t e = i;
	while (e < len && e - i < NAME_MAX_LEN &&
	       (is_word((unsigned char)t[e]) || t[e] == '-' || t[e] == '.'))
		e++;
	if (e > s->kw_skip)
		s->kw_skip = e;
	if (e - i >= NAME_MAX_LEN)
		return;
	size_t k = e;
	if (k < len && (t[k] == '"' || t[k] == '\''))
		k++;
	for (int n = 0; n < 2 && k < len && (t[k] == ' ' || t[k] == '\t'); n++)
		k++;
	if (k >= len)
		return;
	if (s->config && t[e] == '>') {
		try_xml(s, i, e);
		return;
	}
	if (t[k] == ':') {
		if (k + 1 < len && t[k + 1] == '=')
			k++;
		else if (k + 2 < len && t[k + 1] == '/' && t[k + 2] == '/')
			return;
	} else if (t[k] != '=') {
		if (s->config)
			try_directive(s, i, e);
		if (!s->stop)
			try_pair(s, i, e);
		return;
	}
	try_generic(s, k);
}

/* One candidate position from either prefilter. */
static void candidate(struct scan *s, size_t i, unsigned mask)
{
	const unsigned char *p = (const unsigned char *)s->t;
	unsigned d = dig_at(p + i), tr = d & mask;
	if (s->npend && s->pend[0].off <= i)
		flush_pending(s, i);
	if (s->nhold && i > 2 * PAIR_REACH + NAME_MAX_LEN &&
	    s->hold[0].offset < i - 2 * PAIR_REACH - NAME_MAX_LEN)
		hold_flush(s, i - 2 * PAIR_REACH - NAME_MAX_LEN);
	if (!tr || i < s->last_end || s->stop)
		return;
	if (tr & T_ANCHOR)
		at_anchor(s, i, d >> GROUP_SHIFT);
	if ((tr & T_URL) && !s->stop && i >= s->last_end && i + 2 < s->len &&
	    p[i + 2] == '/')
		try_url(s, i);
	if ((tr & T_KEYWORD) && !s->stop && i >= s->last_end)
		try_keyword(s, i);
}

#ifdef HAVE_AVX2_PATH
#define CHUNK_BLOCKS 64  /* 32-byte blocks filtered before any candidate */

/* The SIMD stage over whole 32-byte blocks (reading 2 bytes past each);
 * returns where the scalar loop takes over.  A chunk of blocks is
 * filtered into candidate masks first and only then are the candidates
 * looked at: no call inside the vector loop, so the nibble tables stay
 * in registers. */
__attribute__((target("avx2")))
static inline __m256i teddy_byte(const unsigned char *q, __m256i tlo,
				 __m256i thi)
{
	const __m256i nib = _mm256_set1_epi8(0x0f);
	__m256i v = _mm256_loadu_si256((const __m256i *)(const void *)q);
	__m256i lo = _mm256_and_si256(v, nib);
	__m256i hi = _mm256_and_si256(_mm256_srli_epi16(v, 4), nib);
	return _mm256_and_si256(_mm256_shuffle_epi8(tlo, lo),
				_mm256_shuffle_epi8(thi, hi));
}

__attribute__((target("avx2")))
static __m256i load_table(const uint8_t t[16])
{
	return _mm256_broadcastsi128_si256(
		_mm_loadu_si128((const __m128i *)(const void *)t));
}

__attribute__((target("avx2")))
static size_t scan_avx2(struct scan *s, unsigned mask)
{
	const unsigned char *p = (const unsigned char *)s->t;
	/* the three byte positions' tables, in named registers (the
	 * compiler keeps an indexed array in memory) */
	const __m256i lo0 = load_table(S.lo[0]), hi0 = load_table(S.hi[0]);
	const __m256i lo1 = load_table(S.lo[1]), hi1 = load_table(S.hi[1]);
	const __m256i lo2 = load_table(S.lo[2]), hi2 = load_table(S.hi[2]);
	size_t i = 0;
	uint32_t masks[CHUNK_BLOCKS];
	while (i + 34 <= s->len && !s->stop) {
		size_t nblk = (s->len - i - 2) / 32;
		if (nblk > CHUNK_BLOCKS)
			nblk = CHUNK_BLOCKS;
		for (size_t b = 0; b < nblk; b++) {
			const unsigned char *q = p + i + 32 * b;
			__m256i acc = _mm256_and_si256(
				_mm256_and_si256(teddy_byte(q, lo0, hi0),
						 teddy_byte(q + 1, lo1, hi1)),
				teddy_byte(q + 2, lo2, hi2));
			masks[b] = ~(uint32_t)_mm256_movemask_epi8(
				_mm256_cmpeq_epi8(acc, _mm256_setzero_si256()));
		}
		for (size_t b = 0; b < nblk && !s->stop; b++) {
			uint32_t m = masks[b];
			while (m && !s->stop) {
				size_t j = i + 32 * b + (size_t)__builtin_ctz(m);
				/* most Teddy hits fail the two-byte table:
				 * test it here, without the call */
				if (dig_at(p + j) & mask)
					candidate(s, j, mask);
				m &= m - 1;
			}
		}
		i += 32 * nblk;
	}
	/* the last positions (fewer than 33, each with the bytes after it
	 * the scalar loop would read): one block of a zero-padded copy, so
	 * a short text is filtered as a long one.  A candidate needs its
	 * position's two bytes in the text (j + 1 < len); a padded third
	 * byte only adds candidates, which a real one would not be (an
	 * anchor, keyword or "://" needs three bytes of text). */
	if (!s->stop && i + 1 < s->len && s->len - i <= 34) {
		unsigned char buf[64];
		size_t n = s->len - i, npos = n - 1;
		memset(buf, 0, sizeof(buf));  /* constant size: inline */
		memcpy(buf, p + i, n);
		__m256i acc = _mm256_and_si256(
			_mm256_and_si256(teddy_byte(buf, lo0, hi0),
					 teddy_byte(buf + 1, lo1, hi1)),
			teddy_byte(buf + 2, lo2, hi2));
		uint32_t m = ~(uint32_t)_mm256_movemask_epi8(
			_mm256_cmpeq_epi8(acc, _mm256_setzero_si256()));
		if (npos < 32)
			m &= ((uint32_t)1 << npos) - 1;
		while (m && !s->stop) {
			size_t j = i + (size_t)__builtin_ctz(m);
			if (dig_at(p + j) & mask)
				candidate(s, j, mask);
			m &= m - 1;
		}
		i = s->len;
	}
	return i;
}
#endif

/* With "fn" NULL: returns the number of matches (0 or 1: stops at the
 * first) instead of calling back.  "generic" enables the name keyword
 * and URL detectors. */
int sec_scan_text_opts(const char *text, size_t len, bool generic,
		       sec_match_fn fn, void *ctx)
{
	return sec_scan_text_mode(text, len, generic ? SEC_SCAN_GENERIC : 0,
				  fn, ctx);
}

int sec_scan_text_mode(const char *text, size_t len, unsigned mode,
		       sec_match_fn fn, void *ctx)
{
	int rc = init();
	if (rc)
		return rc;
	int count = 0;
	bool generic = mode & (SEC_SCAN_GENERIC | SEC_SCAN_CONFIG);
	struct scan s = {
		.t = text, .len = len,
		.fn = fn ? fn : count_cb, .ctx = fn ? ctx : &count,
		.config = mode & SEC_SCAN_CONFIG,
	};
	if (!text || len < 2)
		return 0;
	const unsigned char *p = (const unsigned char *)text;
	unsigned mask = T_ANCHOR | (generic ? T_KEYWORD | T_URL : 0);
	size_t i = 0;
#ifdef HAVE_AVX2_PATH
	if (S.simd)
		i = scan_avx2(&s, mask);
#endif
	for (; i + 1 < len && !s.stop; i++)
		if (dig_at(p + i) & mask)
			candidate(&s, i, mask);
	if (s.npend)
		flush_pending(&s, len);
	if (s.nhold)
		hold_flush(&s, (size_t)-1);
	if (s.hold)
		free(s.hold);
	if (s.md)
		pcre2_match_data_free(s.md);
	if (s.nomem)
		return BH_ENOMEM;
	return fn ? 0 : count;
}

int sec_init(void)
{
	return init();
}

bool sec_scan_use_simd(bool on)
{
	if (init() != 0)
		return false;
	bool was = S.simd;
	S.simd = on && simd_supported();
	return was;
}

int sec_scan_text(const char *text, size_t len, sec_match_fn fn, void *ctx)
{
	if (!fn)
		return BH_EUSAGE;
	return sec_scan_text_opts(text, len, true, fn, ctx);
}
