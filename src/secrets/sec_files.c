/* SPDX-License-Identifier: Apache-2.0
 *
 * sec_files.c - which file paths are secrets by name (private keys,
 * .env, .npmrc, cloud credentials, shell history, .git/...), which
 * ambiguous ones (*.pem, *.crt...) are secrets by content, and which are
 * config files, whose text is judged with the assignment rules
 * (sec_path_is_config, sec_scan_file: the one entry for a file's text).
 *
 * This file owns the name lists.  It reads no files: callers pass the
 * path and, for sec_file_is_secret(), the first bytes of the file.  The
 * build context walk (src/core/context.c) and the image layer walk use it.
 * Tests: tests/unit/secrets/test_secrets.c.
 */
#include "sec_internal.h"

#include "../util/diag.h"
#include "../util/io.h"
#include "../util/text.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static bool has_ext(const char *base, const char *ext)
{
	size_t a = strlen(base), b = strlen(ext);
	return a > b && !strcasecmp(base + a - b, ext);
}

/* has_ext() of a base name of known length "a". */
static bool has_ext_n(const char *base, size_t a, const char *ext)
{
	size_t b = strlen(ext);
	return a > b && !strcasecmp(base + a - b, ext);
}

/* The directories sec_path_is_secret_file() asks about, found in one
 * pass: bit set when "path" has a component equal to the name that is
 * not its last. */
#define DIR_GIT 1u
#define DIR_PRIVATE 2u
#define DIR_SSH 4u

static unsigned dir_flags(const char *path)
{
	unsigned f = 0;
	for (const char *p = path, *slash; (slash = strchr(p, '/')) != NULL;
	     p = slash + 1) {
		size_t n = (size_t)(slash - p);
		if (n == 4 && !memcmp(p, ".git", 4))
			f |= DIR_GIT;
		else if (n == 4 && !memcmp(p, ".ssh", 4))
			f |= DIR_SSH;
		else if (n == 7 && !memcmp(p, "private", 7))
			f |= DIR_PRIVATE;
	}
	return f;
}

/* Whether "path" (a bytes) ends with the components "tail" (b bytes):
 * "a/b" matches "x/a/b" and "a/b" but not "xa/b". */
static bool ends_with_path(const char *path, size_t a, const char *tail,
			   size_t b)
{
	if (a < b || path[a - 1] != tail[b - 1] ||
	    memcmp(path + a - b, tail, b))
		return false;
	return a == b || path[a - b - 1] == '/';
}

struct name_kind {
	const char *name;
	const char *kind;
	size_t len;  /* strlen(name) */
};
#define NK(n, k) { n, k, sizeof(n) - 1 }

static const struct name_kind exact_names[] = {
	NK("id_rsa", "private-key-file"),
	NK("id_dsa", "private-key-file"),
	NK("id_ecdsa", "private-key-file"),
	NK("id_ed25519", "private-key-file"),
	NK("id_ecdsa_sk", "private-key-file"),
	NK("id_ed25519_sk", "private-key-file"),
	NK(".env", "dotenv"),
	NK(".npmrc", "npmrc"),
	NK(".pypirc", "pypirc"),
	NK(".netrc", "netrc"),
	NK("_netrc", "netrc"),
	NK(".git-credentials", "git-credentials"),
	NK(".bash_history", "shell-history"),
	NK(".zsh_history", "shell-history"),
	NK(".sh_history", "shell-history"),
	NK(".history", "shell-history"),
	NK(".python_history", "shell-history"),
	NK(".mysql_history", "shell-history"),
	NK(".psql_history", "shell-history"),
	NK(".node_repl_history", "shell-history"),
	NK(".rediscli_history", "shell-history"),
	NK(".sqlite_history", "shell-history"),
	NK(".lesshst", "shell-history"),
	NK(".viminfo", "shell-history"),
	NK("fish_history", "shell-history"),
	NK("credentials.json", "credentials-file"),
	NK("client_secret.json", "credentials-file"),
	NK("service-account.json", "credentials-file"),
	NK("terraform.tfstate", "terraform-state"),
	NK("terraform.tfstate.backup", "terraform-state"),
	NK(".htpasswd", "htpasswd"),
	NK(".pgpass", "pgpass"),
	NK(".my.cnf", "mysql-config"),
	NK(".s3cfg", "cloud-credentials"),
	NK(".boto", "cloud-credentials"),
	NK(".vault-token", "cloud-credentials"),
	NK(".dockercfg", "docker-config"),
	NK("secring.gpg", "private-key-file"),
	{ NULL, NULL, 0 },
};

/* (each starts with '.', compared before the case-blind compare) */
static const struct name_kind ext_names[] = {
	NK(".key", "private-key-file"),
	NK(".p12", "private-key-file"),
	NK(".pfx", "private-key-file"),
	NK(".jks", "keystore"),
	NK(".keystore", "keystore"),
	NK(".ppk", "private-key-file"),
	NK(".tfstate", "terraform-state"),
	NK(".kdbx", "password-database"),
	{ NULL, NULL, 0 },
};

static const struct name_kind tail_paths[] = {
	NK(".docker/config.json", "docker-config"),
	NK(".aws/credentials", "cloud-credentials"),
	NK(".aws/config", "cloud-credentials"),
	NK(".kube/config", "kubeconfig"),
	NK(".config/gcloud/credentials.db", "cloud-credentials"),
	NK(".config/gcloud/access_tokens.db", "cloud-credentials"),
	NK(".config/gcloud/application_default_credentials.json",
	   "cloud-credentials"),
	NK(".azure/accessTokens.json", "cloud-credentials"),
	NK(".azure/msal_token_cache.json", "cloud-credentials"),
	NK(".config/gh/hosts.yml", "git-credentials"),
	NK(".gnupg/private-keys-v1.d", "private-key-file"),
	{ NULL, NULL, 0 },
};

/* Files in .ssh/ that are public by design. */
static bool ssh_public(const char *base)
{
	return has_ext(base, ".pub") || txt_eq(base, "known_hosts") ||
	       txt_eq(base, "known_hosts.old") ||
	       txt_eq(base, "authorized_keys") ||
	       txt_eq(base, "authorized_keys2") || txt_eq(base, "config");
}

bool sec_path_is_secret_file(const char *path, const char **kind)
{
	const char *k = NULL;
	if (!path)
		return false;
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	while (path[0] == '/')
		path++;
	const char *base = io_base_name(path);
	size_t blen = strlen(base);
	size_t plen = (size_t)(base - path) + blen;
	unsigned dirs = dir_flags(path);

	if (txt_eq(base, ".git") || (dirs & DIR_GIT)) {
		k = "git-dir";
		goto found;
	}
	/* (every tail has a '/', so no single component equals one: the
	 * tail is matched at the end of the path only) */
	for (size_t i = 0; tail_paths[i].name; i++)
		if (ends_with_path(path, plen, tail_paths[i].name,
				   tail_paths[i].len)) {
			k = tail_paths[i].kind;
			goto found;
		}
	for (size_t i = 0; exact_names[i].name; i++)
		if (blen == exact_names[i].len &&
		    base[0] == exact_names[i].name[0] &&
		    !memcmp(base, exact_names[i].name, blen)) {
			k = exact_names[i].kind;
			goto found;
		}
	/* .env.production, .env.local; not the committed templates */
	if (!strncmp(base, ".env.", 5)) {
		static const char *const tmpl[] = {
			"example", "sample", "template", "dist", "defaults",
			"schema", "tmpl", "tpl", NULL,
		};
		for (size_t i = 0; tmpl[i]; i++)
			if (!strcasecmp(base + 5, tmpl[i]))
				return false;
		k = "dotenv";
		goto found;
	}
	/* SSH host keys baked into an image, TLS keys in ssl/private/ */
	if ((!strncmp(base, "ssh_host_", 9) && has_ext_n(base, blen, "_key")) ||
	    ((dirs & DIR_PRIVATE) &&
	     (!strncmp(path, "ssl/private/", 12) ||
	      strstr(path, "/ssl/private/")))) {
		k = "private-key-file";
		goto found;
	}
	if ((dirs & DIR_SSH) && !ssh_public(base)) {
		k = "ssh-dir";
		goto found;
	}
	for (size_t i = 0; ext_names[i].name; i++)
		if (blen > ext_names[i].len &&
		    base[blen - ext_names[i].len] == ext_names[i].name[0] &&
		    !strcasecmp(base + blen - ext_names[i].len,
				ext_names[i].name)) {
			k = ext_names[i].kind;
			goto found;
		}
	/* id_rsa-deploy, id_ed25519.old (but not id_rsa.pub) */
	if (base[0] == 'i' && base[1] == 'd' && base[2] == '_' &&
	    (!strncmp(base, "id_rsa", 6) || !strncmp(base, "id_ed25519", 10) ||
	     !strncmp(base, "id_ecdsa", 8) || !strncmp(base, "id_dsa", 6)) &&
	    !has_ext_n(base, blen, ".pub")) {
		k = "private-key-file";
		goto found;
	}
	return false;
found:
	if (kind)
		*kind = k;
	return true;
}

/* Names whose content decides: certificates and keys share extensions. */
static bool ambiguous(const char *base)
{
	static const char *const exts[] = {
		".pem", ".crt", ".cer", ".der", ".txt", ".asc", ".gpg", ".json",
		".yaml", ".yml", ".conf", ".cfg", NULL,
	};
	for (size_t i = 0; exts[i]; i++)
		if (has_ext(base, exts[i]))
			return true;
	return strchr(base, '.') == NULL;
}

bool sec_path_needs_content(const char *path)
{
	return path && !sec_path_is_secret_file(path, NULL) &&
	       ambiguous(io_base_name(path));
}

bool sec_path_is_config(const char *path)
{
	if (!path)
		return false;
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	/* templates document the keys; their values are samples */
	static const char *const tmpl[] = {
		".example", ".sample", ".template", ".tmpl", ".tpl", ".dist",
		".defaults", ".schema", ".j2", ".in", NULL,
	};
	for (size_t i = 0; tmpl[i]; i++) {
		/* ".in" of "app.ini.in", not of "app.ini" */
		size_t tl = strlen(tmpl[i]);
		for (const char *p = base; (p = strstr(p, tmpl[i])) != NULL;
		     p += tl)
			if (p[tl] == 0 || p[tl] == '.')
				return false;
	}
	if (txt_eq(base, ".env") || !strncmp(base, ".env.", 5))
		return true;
	/* NAME=value lines of a Dockerfile (ENV, ARG) and of a shell
	 * script or profile are assignments too */
	if (txt_eq(base, "Dockerfile") ||
	    !strncmp(base, "Dockerfile.", 11) ||
	    has_ext(base, ".Dockerfile") || txt_eq(base, "Containerfile") ||
	    txt_eq(base, ".bashrc") || txt_eq(base, ".profile") ||
	    txt_eq(base, ".zshrc") || has_ext(base, ".sh") ||
	    has_ext(base, ".bash") || has_ext(base, ".zsh"))
		return true;
	static const char *const ext[] = {
		".ini", ".conf", ".cfg", ".cnf", ".properties", ".env",
		".toml", ".yaml", ".yml", ".json", ".xml", NULL,
	};
	for (size_t i = 0; ext[i]; i++)
		if (has_ext(base, ext[i]))
			return true;
	return false;
}

int sec_scan_file(const char *path, const char *text, size_t len,
		  sec_match_fn fn, void *ctx)
{
	if (!fn)
		return BH_EUSAGE;
	return sec_scan_text_mode(text, len,
				  sec_path_is_config(path) ? SEC_SCAN_CONFIG
							   : SEC_SCAN_GENERIC,
				  fn, ctx);
}

static bool match_count_cb(void *ctx, const struct sec_match *m)
{
	if (txt_eq(m->kind, "private-key") ||
	    txt_eq(m->kind, "gcp-service-account")) {
		*(const char **)ctx = m->kind;
		return false;
	}
	return true;
}

bool sec_file_is_secret(const char *path, const char *head, size_t n,
			const char **kind)
{
	if (sec_path_is_secret_file(path, kind))
		return true;
	if (!path || !head || n == 0 || !ambiguous(io_base_name(path)))
		return false;
	if (!memmem(head, n, "PRIVATE KEY", 11) &&
	    !memmem(head, n, "service_account", 15))
		return false;
	const char *found = NULL;
	if (sec_scan_text_opts(head, n, false, match_count_cb, &found) != 0 ||
	    !found)
		return false;
	if (kind)
		*kind = txt_eq(found, "private-key") ? "private-key-file"
						       : "credentials-file";
	return true;
}

/* ---- kinds and ids -------------------------------------------------- */

/* Kinds given by the code above rather than by a table row. */
static const char *const coded_kinds[] = {
	"git-dir", "dotenv", "private-key-file", "ssh-dir", "credentials-file",
	NULL,
};

/* The i-th kind over the coded list and the three tables (repeats
 * included), or NULL past the end. */
static const char *any_kind(size_t i)
{
	const struct name_kind *const tables[] = { exact_names, ext_names,
						   tail_paths };
	for (size_t k = 0; coded_kinds[k]; k++, i--)
		if (i == 0)
			return coded_kinds[k];
	for (size_t t = 0; t < 3; t++)
		for (size_t k = 0; tables[t][k].name; k++, i--)
			if (i == 0)
				return tables[t][k].kind;
	return NULL;
}

/* The i-th distinct kind, or NULL. */
static const char *distinct_kind(size_t want)
{
	size_t n = 0;
	for (size_t i = 0;; i++) {
		const char *k = any_kind(i);
		if (!k)
			return NULL;
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = txt_eq(any_kind(j), k);
		if (!seen && n++ == want)
			return k;
	}
}

size_t sec_file_kind_count(void)
{
	size_t n = 0;
	while (distinct_kind(n))
		n++;
	return n;
}

const char *sec_file_kind_get(size_t i)
{
	return distinct_kind(i);
}

bool sec_id_canon(const char *id, char *buf, size_t size)
{
	if (!id || !size)
		return false;
	buf[0] = 0;
	for (size_t i = 0; i < sec_pattern_count(); i++) {
		const char *p = sec_pattern_get(i)->id;
		if (!strcasecmp(p, id)) {
			snprintf(buf, size, "%s", p);
			return true;
		}
	}
	if (!strcasecmp(id, "secret-file")) {
		snprintf(buf, size, "secret-file");
		return true;
	}
	if (strncasecmp(id, "secret-file:", 12) != 0)
		return false;
	for (size_t i = 0; any_kind(i); i++) {
		const char *k = any_kind(i);
		if (!strcasecmp(k, id + 12)) {
			snprintf(buf, size, "secret-file:%s", k);
			return true;
		}
	}
	return false;
}
