/* SPDX-License-Identifier: Apache-2.0
 *
 * cvss.c - CVSS v3.0, v3.1 and v4.0 vector parsing and scoring (see
 * cvss.h; sources in docs/vuln.md "CVSS").  Tests:
 * tests/unit/vuln/test_cvss.c, fuzz/fuzz_cvss.c.
 */
#include "cvss.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../util/diag.h"

/* One metric: its abbreviation, its values ("|"-separated; the first is
 * the index 0 value), whether a vector must carry it. */
struct metric {
	const char *name;
	const char *values;
	bool mandatory;
};

/* v3.0 and v3.1: specification section 6, Table 15. */
enum { M3_AV, M3_AC, M3_PR, M3_UI, M3_S, M3_C, M3_I, M3_A, M3_COUNT = 22 };
static const struct metric m3[M3_COUNT] = {
	{"AV", "N|A|L|P", true}, {"AC", "L|H", true}, {"PR", "N|L|H", true},
	{"UI", "N|R", true}, {"S", "U|C", true}, {"C", "H|L|N", true},
	{"I", "H|L|N", true}, {"A", "H|L|N", true},
	{"E", "X|U|P|F|H", false}, {"RL", "X|O|T|W|U", false},
	{"RC", "X|U|R|C", false}, {"CR", "X|L|M|H", false},
	{"IR", "X|L|M|H", false}, {"AR", "X|L|M|H", false},
	{"MAV", "X|N|A|L|P", false}, {"MAC", "X|L|H", false},
	{"MPR", "X|N|L|H", false}, {"MUI", "X|N|R", false},
	{"MS", "X|U|C", false}, {"MC", "X|N|L|H", false},
	{"MI", "X|N|L|H", false}, {"MA", "X|N|L|H", false},
};

/* v4.0: specification section 7, Table 23. */
enum {
	M4_AV, M4_AC, M4_AT, M4_PR, M4_UI, M4_VC, M4_VI, M4_VA, M4_SC, M4_SI,
	M4_SA, M4_E, M4_CR, M4_IR, M4_AR, M4_MAV, M4_MAC, M4_MAT, M4_MPR,
	M4_MUI, M4_MVC, M4_MVI, M4_MVA, M4_MSC, M4_MSI, M4_MSA, M4_COUNT = 32
};
static const struct metric m4[M4_COUNT] = {
	{"AV", "N|A|L|P", true}, {"AC", "L|H", true}, {"AT", "N|P", true},
	{"PR", "N|L|H", true}, {"UI", "N|P|A", true}, {"VC", "H|L|N", true},
	{"VI", "H|L|N", true}, {"VA", "H|L|N", true}, {"SC", "H|L|N", true},
	{"SI", "H|L|N", true}, {"SA", "H|L|N", true},
	{"E", "X|A|P|U", false},
	{"CR", "X|H|M|L", false}, {"IR", "X|H|M|L", false},
	{"AR", "X|H|M|L", false}, {"MAV", "X|N|A|L|P", false},
	{"MAC", "X|L|H", false}, {"MAT", "X|N|P", false},
	{"MPR", "X|N|L|H", false}, {"MUI", "X|N|P|A", false},
	{"MVC", "X|H|L|N", false}, {"MVI", "X|H|L|N", false},
	{"MVA", "X|H|L|N", false}, {"MSC", "X|H|L|N", false},
	{"MSI", "X|S|H|L|N", false}, {"MSA", "X|S|H|L|N", false},
	{"S", "X|N|P", false}, {"AU", "X|N|Y", false},
	{"R", "X|A|U|I", false}, {"V", "X|D|C", false},
	{"RE", "X|L|M|H", false}, {"U", "X|Clear|Green|Amber|Red", false},
};

/* Index of value [v, v+n) in the "|"-separated list, -1 if absent. */
static int value_index(const char *values, const char *v, size_t n)
{
	int i = 0;
	const char *p = values;
	for (;;) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);
		if (len == n && memcmp(p, v, n) == 0)
			return i;
		if (!bar)
			return -1;
		p = bar + 1;
		i++;
	}
}

/* Parses the metrics after the prefix into val[] (value index, -1 when
 * absent).  BH_EPARSE on any defect. */
static int parse_metrics(const char *s, const struct metric *tab, int count,
			 int *val)
{
	for (int i = 0; i < count; i++)
		val[i] = -1;
	for (;;) {
		const char *end = strchr(s, '/');
		size_t len = end ? (size_t)(end - s) : strlen(s);
		const char *colon = memchr(s, ':', len);
		if (!colon || colon == s)
			return BH_EPARSE;
		size_t klen = (size_t)(colon - s);
		int k = -1;
		for (int i = 0; i < count; i++)
			if (strlen(tab[i].name) == klen &&
			    memcmp(tab[i].name, s, klen) == 0) {
				k = i;
				break;
			}
		if (k < 0 || val[k] >= 0)
			return BH_EPARSE;
		int v = value_index(tab[k].values, colon + 1, len - klen - 1);
		if (v < 0)
			return BH_EPARSE;
		val[k] = v;
		if (!end)
			break;
		s = end + 1;
	}
	for (int i = 0; i < count; i++)
		if (tab[i].mandatory && val[i] < 0)
			return BH_EPARSE;
	return BH_OK;
}

double vuln_cvss_roundup(double x, int version)
{
	if (version == 30)
		return ceil(x * 10.0) / 10.0;
	/* v3.1 Appendix A: work in integers of 1/100000. */
	long long i = llround(x * 100000.0);
	if (i % 10000 == 0)
		return (double)i / 100000.0;
	return (double)(i / 10000 + 1) / 10.0;
}

static double score3(const int *v, int version)
{
	static const double av[] = {0.85, 0.62, 0.55, 0.2};
	static const double ac[] = {0.77, 0.44};
	static const double pr_u[] = {0.85, 0.62, 0.27};
	static const double pr_c[] = {0.85, 0.68, 0.5};
	static const double ui[] = {0.85, 0.62};
	static const double cia[] = {0.56, 0.22, 0.0};
	bool changed = v[M3_S] == 1;
	double iss = 1.0 - ((1.0 - cia[v[M3_C]]) * (1.0 - cia[v[M3_I]]) *
			    (1.0 - cia[v[M3_A]]));
	double impact = changed ?
		7.52 * (iss - 0.029) - 3.25 * pow(iss - 0.02, 15.0) :
		6.42 * iss;
	double expl = 8.22 * av[v[M3_AV]] * ac[v[M3_AC]] *
		(changed ? pr_c : pr_u)[v[M3_PR]] * ui[v[M3_UI]];
	if (impact <= 0)
		return 0.0;
	if (changed)
		return vuln_cvss_roundup(fmin(1.08 * (impact + expl), 10.0),
					 version);
	return vuln_cvss_roundup(fmin(impact + expl, 10.0), version);
}

/* ---- v4.0 ---------------------------------------------------------- */

/* The MacroVector scores, from FIRST's reference calculator
 * (FIRSTdotorg/cvss-v4-calculator, cvss_lookup.js; the v4.0 specification
 * section 8.2 points to it): EQ1..EQ6 digits, score in tenths. */
static const struct {
	char eq[7];
	unsigned char tenths;
} lookup4[] = {
	{"000000", 100}, {"000001", 99}, {"000010", 98}, {"000011", 95},
	{"000020", 95}, {"000021", 92}, {"000100", 100}, {"000101", 96},
	{"000110", 93}, {"000111", 87}, {"000120", 91}, {"000121", 81},
	{"000200", 93}, {"000201", 90}, {"000210", 89}, {"000211", 80},
	{"000220", 81}, {"000221", 68}, {"001000", 98}, {"001001", 95},
	{"001010", 95}, {"001011", 92}, {"001020", 90}, {"001021", 84},
	{"001100", 93}, {"001101", 92}, {"001110", 89}, {"001111", 81},
	{"001120", 81}, {"001121", 65}, {"001200", 88}, {"001201", 80},
	{"001210", 78}, {"001211", 70}, {"001220", 69}, {"001221", 48},
	{"002001", 92}, {"002011", 82}, {"002021", 72}, {"002101", 79},
	{"002111", 69}, {"002121", 50}, {"002201", 69}, {"002211", 55},
	{"002221", 27}, {"010000", 99}, {"010001", 97}, {"010010", 95},
	{"010011", 92}, {"010020", 92}, {"010021", 85}, {"010100", 95},
	{"010101", 91}, {"010110", 90}, {"010111", 83}, {"010120", 84},
	{"010121", 71}, {"010200", 92}, {"010201", 81}, {"010210", 82},
	{"010211", 71}, {"010220", 72}, {"010221", 53}, {"011000", 95},
	{"011001", 93}, {"011010", 92}, {"011011", 85}, {"011020", 85},
	{"011021", 73}, {"011100", 92}, {"011101", 82}, {"011110", 80},
	{"011111", 72}, {"011120", 70}, {"011121", 59}, {"011200", 84},
	{"011201", 70}, {"011210", 71}, {"011211", 52}, {"011220", 50},
	{"011221", 30}, {"012001", 86}, {"012011", 75}, {"012021", 52},
	{"012101", 71}, {"012111", 52}, {"012121", 29}, {"012201", 63},
	{"012211", 29}, {"012221", 17}, {"100000", 98}, {"100001", 95},
	{"100010", 94}, {"100011", 87}, {"100020", 91}, {"100021", 81},
	{"100100", 94}, {"100101", 89}, {"100110", 86}, {"100111", 74},
	{"100120", 77}, {"100121", 64}, {"100200", 87}, {"100201", 75},
	{"100210", 74}, {"100211", 63}, {"100220", 63}, {"100221", 49},
	{"101000", 94}, {"101001", 89}, {"101010", 88}, {"101011", 77},
	{"101020", 76}, {"101021", 67}, {"101100", 86}, {"101101", 76},
	{"101110", 74}, {"101111", 58}, {"101120", 59}, {"101121", 50},
	{"101200", 72}, {"101201", 57}, {"101210", 57}, {"101211", 52},
	{"101220", 52}, {"101221", 25}, {"102001", 83}, {"102011", 70},
	{"102021", 54}, {"102101", 65}, {"102111", 58}, {"102121", 26},
	{"102201", 53}, {"102211", 21}, {"102221", 13}, {"110000", 95},
	{"110001", 90}, {"110010", 88}, {"110011", 76}, {"110020", 76},
	{"110021", 70}, {"110100", 90}, {"110101", 77}, {"110110", 75},
	{"110111", 62}, {"110120", 61}, {"110121", 53}, {"110200", 77},
	{"110201", 66}, {"110210", 68}, {"110211", 59}, {"110220", 52},
	{"110221", 30}, {"111000", 89}, {"111001", 78}, {"111010", 76},
	{"111011", 67}, {"111020", 62}, {"111021", 58}, {"111100", 74},
	{"111101", 59}, {"111110", 57}, {"111111", 57}, {"111120", 47},
	{"111121", 23}, {"111200", 61}, {"111201", 52}, {"111210", 57},
	{"111211", 29}, {"111220", 24}, {"111221", 16}, {"112001", 71},
	{"112011", 59}, {"112021", 30}, {"112101", 58}, {"112111", 26},
	{"112121", 15}, {"112201", 23}, {"112211", 13}, {"112221", 6},
	{"200000", 93}, {"200001", 87}, {"200010", 86}, {"200011", 72},
	{"200020", 75}, {"200021", 58}, {"200100", 86}, {"200101", 74},
	{"200110", 74}, {"200111", 61}, {"200120", 56}, {"200121", 34},
	{"200200", 70}, {"200201", 54}, {"200210", 52}, {"200211", 40},
	{"200220", 40}, {"200221", 22}, {"201000", 85}, {"201001", 75},
	{"201010", 74}, {"201011", 55}, {"201020", 62}, {"201021", 51},
	{"201100", 72}, {"201101", 57}, {"201110", 55}, {"201111", 41},
	{"201120", 46}, {"201121", 19}, {"201200", 53}, {"201201", 36},
	{"201210", 34}, {"201211", 19}, {"201220", 19}, {"201221", 8},
	{"202001", 64}, {"202011", 51}, {"202021", 20}, {"202101", 47},
	{"202111", 21}, {"202121", 11}, {"202201", 24}, {"202211", 9},
	{"202221", 4}, {"210000", 88}, {"210001", 75}, {"210010", 73},
	{"210011", 53}, {"210020", 60}, {"210021", 50}, {"210100", 73},
	{"210101", 55}, {"210110", 59}, {"210111", 40}, {"210120", 41},
	{"210121", 20}, {"210200", 54}, {"210201", 43}, {"210210", 45},
	{"210211", 22}, {"210220", 20}, {"210221", 11}, {"211000", 75},
	{"211001", 55}, {"211010", 58}, {"211011", 45}, {"211020", 40},
	{"211021", 21}, {"211100", 61}, {"211101", 51}, {"211110", 48},
	{"211111", 18}, {"211120", 20}, {"211121", 9}, {"211200", 46},
	{"211201", 18}, {"211210", 17}, {"211211", 7}, {"211220", 8}, {"211221", 2},
	{"212001", 53}, {"212011", 24}, {"212021", 14}, {"212101", 24},
	{"212111", 12}, {"212121", 5}, {"212201", 10}, {"212211", 3}, {"212221", 1},
};

/* Score in tenths of macrovector e[0..5], -1 when there is none. */
static int lookup(const int *e)
{
	char key[7];
	for (int i = 0; i < 6; i++) {
		if (e[i] < 0 || e[i] > 9)
			return -1;
		key[i] = (char)('0' + e[i]);
	}
	key[6] = 0;
	size_t lo = 0, hi = sizeof lookup4 / sizeof lookup4[0];
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(lookup4[mid].eq, key);
		if (c == 0)
			return lookup4[mid].tenths;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* Effective metric values (letters), as the calculator's m(): a modified
 * metric other than X replaces the base one; E:X is A, CR/IR/AR:X are H. */
struct eff {
	char av, ac, at, pr, ui, vc, vi, va, sc, si, sa, e, cr, ir, ar;
	char msi, msa; /* the raw MSI/MSA (X when absent), for EQ4 */
};

static char letter(const struct metric *tab, int k, int idx)
{
	const char *p = tab[k].values;
	for (int i = 0; i < idx; i++)
		p = strchr(p, '|') + 1;
	return *p;
}

static char pick(const int *v, int base, int mod)
{
	if (mod >= 0 && v[mod] > 0)
		return letter(m4, mod, v[mod]);
	return letter(m4, base, v[base] < 0 ? 0 : v[base]);
}

static void effective(const int *v, struct eff *f)
{
	f->av = pick(v, M4_AV, M4_MAV);
	f->ac = pick(v, M4_AC, M4_MAC);
	f->at = pick(v, M4_AT, M4_MAT);
	f->pr = pick(v, M4_PR, M4_MPR);
	f->ui = pick(v, M4_UI, M4_MUI);
	f->vc = pick(v, M4_VC, M4_MVC);
	f->vi = pick(v, M4_VI, M4_MVI);
	f->va = pick(v, M4_VA, M4_MVA);
	f->sc = pick(v, M4_SC, M4_MSC);
	f->si = pick(v, M4_SI, M4_MSI);
	f->sa = pick(v, M4_SA, M4_MSA);
	f->e = v[M4_E] > 0 ? letter(m4, M4_E, v[M4_E]) : 'A';
	f->cr = v[M4_CR] > 0 ? letter(m4, M4_CR, v[M4_CR]) : 'H';
	f->ir = v[M4_IR] > 0 ? letter(m4, M4_IR, v[M4_IR]) : 'H';
	f->ar = v[M4_AR] > 0 ? letter(m4, M4_AR, v[M4_AR]) : 'H';
	f->msi = v[M4_MSI] > 0 ? letter(m4, M4_MSI, v[M4_MSI]) : 'X';
	f->msa = v[M4_MSA] > 0 ? letter(m4, M4_MSA, v[M4_MSA]) : 'X';
}

static void macrovector(const struct eff *f, int *e)
{
	if (f->av == 'N' && f->pr == 'N' && f->ui == 'N')
		e[0] = 0;
	else if ((f->av == 'N' || f->pr == 'N' || f->ui == 'N') &&
		 f->av != 'P')
		e[0] = 1;
	else
		e[0] = 2;
	e[1] = (f->ac == 'L' && f->at == 'N') ? 0 : 1;
	if (f->vc == 'H' && f->vi == 'H')
		e[2] = 0;
	else if (f->vc == 'H' || f->vi == 'H' || f->va == 'H')
		e[2] = 1;
	else
		e[2] = 2;
	if (f->msi == 'S' || f->msa == 'S')
		e[3] = 0;
	else if (f->sc == 'H' || f->si == 'H' || f->sa == 'H')
		e[3] = 1;
	else
		e[3] = 2;
	e[4] = f->e == 'A' ? 0 : (f->e == 'P' ? 1 : 2);
	e[5] = ((f->cr == 'H' && f->vc == 'H') ||
		(f->ir == 'H' && f->vi == 'H') ||
		(f->ar == 'H' && f->va == 'H')) ? 0 : 1;
}

/* Severity levels of the calculator, in steps of 0.1. */
static double level(char metric_kind, char c)
{
	switch (metric_kind) {
	case 'v': /* AV */
		return c == 'N' ? 0.0 : c == 'A' ? 0.1 : c == 'L' ? 0.2 : 0.3;
	case 'p': /* PR */
		return c == 'N' ? 0.0 : c == 'L' ? 0.1 : 0.2;
	case 'u': /* UI */
		return c == 'N' ? 0.0 : c == 'P' ? 0.1 : 0.2;
	case 'c': /* AC */
		return c == 'L' ? 0.0 : 0.1;
	case 't': /* AT */
		return c == 'N' ? 0.0 : 0.1;
	case 'i': /* VC VI VA */
		return c == 'H' ? 0.0 : c == 'L' ? 0.1 : 0.2;
	case 's': /* SC */
		return c == 'H' ? 0.1 : c == 'L' ? 0.2 : 0.3;
	case 'S': /* SI SA */
		return c == 'S' ? 0.0 : c == 'H' ? 0.1 : c == 'L' ? 0.2 : 0.3;
	case 'r': /* CR IR AR */
		return c == 'H' ? 0.0 : c == 'M' ? 0.1 : 0.2;
	}
	return 0.0;
}

/* The highest-severity vectors of each EQ level (the calculator's
 * max_composed.js), as letter strings in a fixed metric order:
 * EQ1 "AV PR UI", EQ2 "AC AT", EQ3+EQ6 "VC VI VA CR IR AR",
 * EQ4 "SC SI SA". */
static const char *const max_eq1[3][3] = {
	{"NNN"}, {"ANN", "NLN", "NNP"}, {"PNN", "ALP"}};
static const char *const max_eq2[2][2] = {{"LN"}, {"HN", "LP"}};
static const char *const max_eq36[3][2][5] = {
	{{"HHHHHH"}, {"HHLMMH", "HHHMMM"}},
	{{"LHHHHH", "HLHHHH"},
	 {"LHLHMH", "LHHHMM", "HLHMHM", "HLLMHH", "LLHHHM"}},
	{{0}, {"LLLHHH"}},
};
static const char *const max_eq4[3] = {"HSS", "HHH", "LLL"};

/* Depth of each MacroVector (max_severity.js), in steps. */
static const int depth_eq1[3] = {1, 4, 5};
static const int depth_eq2[2] = {1, 2};
static const int depth_eq36[3][2] = {{7, 6}, {8, 8}, {0, 10}};
static const int depth_eq4[3] = {6, 5, 4};

static int score4_tenths(const struct eff *f)
{
	if (f->vc == 'N' && f->vi == 'N' && f->va == 'N' && f->sc == 'N' &&
	    f->si == 'N' && f->sa == 'N')
		return 0;
	int e[6];
	macrovector(f, e);
	double value = lookup(e);

	/* next lower macrovectors; -1 where none */
	int t[6];
	memcpy(t, e, sizeof t);
	t[0]++;
	int l1 = lookup(t);
	memcpy(t, e, sizeof t);
	t[1]++;
	int l2 = lookup(t);
	int l36;
	if (e[2] == 0 && e[5] == 0) {
		memcpy(t, e, sizeof t);
		t[5]++;
		int left = lookup(t);
		memcpy(t, e, sizeof t);
		t[2]++;
		int right = lookup(t);
		l36 = left > right ? left : right;
	} else {
		memcpy(t, e, sizeof t);
		if (e[2] == 1 && e[5] == 0)
			t[5]++;
		else if (e[2] == 2)
			t[2]++, t[5]++;
		else
			t[2]++;
		l36 = lookup(t);
	}
	memcpy(t, e, sizeof t);
	t[3]++;
	int l4 = lookup(t);
	memcpy(t, e, sizeof t);
	t[4]++;
	int l5 = lookup(t);

	/* the first max vector not below the scored one in any metric */
	double d[14] = {0};
	for (int a = 0; a < 3 && max_eq1[e[0]][a]; a++)
	for (int b = 0; b < 2 && max_eq2[e[1]][b]; b++)
	for (int c = 0; c < 5 && max_eq36[e[2]][e[5]][c]; c++) {
		const char *m1 = max_eq1[e[0]][a], *m2 = max_eq2[e[1]][b];
		const char *m36 = max_eq36[e[2]][e[5]][c];
		const char *m4s = max_eq4[e[3]];
		d[0] = level('v', f->av) - level('v', m1[0]);
		d[1] = level('p', f->pr) - level('p', m1[1]);
		d[2] = level('u', f->ui) - level('u', m1[2]);
		d[3] = level('c', f->ac) - level('c', m2[0]);
		d[4] = level('t', f->at) - level('t', m2[1]);
		d[5] = level('i', f->vc) - level('i', m36[0]);
		d[6] = level('i', f->vi) - level('i', m36[1]);
		d[7] = level('i', f->va) - level('i', m36[2]);
		d[8] = level('s', f->sc) - level('s', m4s[0]);
		d[9] = level('S', f->si) - level('S', m4s[1]);
		d[10] = level('S', f->sa) - level('S', m4s[2]);
		d[11] = level('r', f->cr) - level('r', m36[3]);
		d[12] = level('r', f->ir) - level('r', m36[4]);
		d[13] = level('r', f->ar) - level('r', m36[5]);
		bool neg = false;
		for (int i = 0; i < 14; i++)
			if (d[i] < 0)
				neg = true;
		if (!neg)
			goto found;
	}
found:;
	/* sums in the calculator's order */
	double cur1 = d[0] + d[1] + d[2];
	double cur2 = d[3] + d[4];
	double cur36 = d[5] + d[6] + d[7] + d[11] + d[12] + d[13];
	double cur4 = d[8] + d[9] + d[10];
	const double step = 0.1;
	double v10 = value / 10.0;
	double s1 = 0, s2 = 0, s36 = 0, s4 = 0, s5 = 0;
	int n = 0;
	if (l1 >= 0) {
		n++;
		s1 = (v10 - l1 / 10.0) * (cur1 / (depth_eq1[e[0]] * step));
	}
	if (l2 >= 0) {
		n++;
		s2 = (v10 - l2 / 10.0) * (cur2 / (depth_eq2[e[1]] * step));
	}
	if (l36 >= 0) {
		n++;
		s36 = (v10 - l36 / 10.0) *
			(cur36 / (depth_eq36[e[2]][e[5]] * step));
	}
	if (l4 >= 0) {
		n++;
		s4 = (v10 - l4 / 10.0) * (cur4 / (depth_eq4[e[3]] * step));
	}
	if (l5 >= 0) {
		n++;
		s5 = 0;
	}
	double mean = n ? (s1 + s2 + s36 + s4 + s5) / n : 0.0;
	double r = v10 - mean;
	if (r < 0)
		r = 0;
	if (r > 10)
		r = 10;
	/* round half up with the calculator's epsilon of 1e-6 (cvss40.js
	 * roundToDecimalPlaces), so 5.65 computed as 5.6499999 is 5.7 */
	return (int)floor((r + 1e-6) * 10.0 + 0.5);
}

int vuln_cvss_score(const char *vector, double *score, int *version)
{
	if (!vector || !memchr(vector, 0, VULN_CVSS_MAX_VECTOR + 1))
		return BH_EPARSE;
	int ver;
	if (strncmp(vector, "CVSS:3.0/", 9) == 0)
		ver = 30;
	else if (strncmp(vector, "CVSS:3.1/", 9) == 0)
		ver = 31;
	else if (strncmp(vector, "CVSS:4.0/", 9) == 0)
		ver = 40;
	else
		return BH_EPARSE;
	int v[M4_COUNT];
	double s;
	if (ver == 40) {
		if (parse_metrics(vector + 9, m4, M4_COUNT, v) != BH_OK)
			return BH_EPARSE;
		struct eff f;
		effective(v, &f);
		s = score4_tenths(&f) / 10.0;
	} else {
		if (parse_metrics(vector + 9, m3, M3_COUNT, v) != BH_OK)
			return BH_EPARSE;
		s = score3(v, ver);
	}
	if (score)
		*score = s;
	if (version)
		*version = ver;
	return BH_OK;
}

const char *vuln_cvss_rating(double score)
{
	long t = lround(score * 10.0);
	if (t <= 0)
		return "None";
	if (t < 40)
		return "Low";
	if (t < 70)
		return "Medium";
	if (t < 90)
		return "High";
	return "Critical";
}

enum bh_severity vuln_cvss_severity(double score)
{
	long t = lround(score * 10.0);
	if (t <= 0)
		return BH_SEV_INFO;
	if (t < 40)
		return BH_SEV_LOW;
	if (t < 70)
		return BH_SEV_MEDIUM;
	if (t < 90)
		return BH_SEV_HIGH;
	return BH_SEV_CRITICAL;
}
