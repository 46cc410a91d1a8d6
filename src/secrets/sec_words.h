/* SPDX-License-Identifier: Apache-2.0
 *
 * sec_words.h - the name and value judges of src/secrets (sec_words.c),
 * shared by the scanner (sec_scan.c) and the NAME=value verdict
 * (sec_assign.c); nobody outside src/secrets uses them.  A leaf: it
 * depends on no other file of the module.  Nothing here allocates; every
 * function reads caller-owned memory.
 */
#ifndef BH_SEC_WORDS_H
#define BH_SEC_WORDS_H

#include <stdbool.h>
#include <stddef.h>

#include "secrets.h"

bool sec_value_looks_fake(const char *v, size_t n);
/* The same without the ascending runs ("0123456789", "abcdefghij",
 * "1234567890abcdef"): for tokens whose shape is already narrow. */
bool sec_value_looks_fake_words(const char *v, size_t n);
/* clearly not a value (whole values): empty, a reference or template, an
 * all-caps identifier, your-..., xxx, ***, changeme (secrets.h) */
bool sec_value_is_placeholder_n(const char *v, size_t n);
/* a placeholder, or a word free text uses as a sample ("password",
 * "secret123", "test") or a value containing "example", "changeme",
 * "dummy"...: quiet in free text, reported under a secret-named key */
bool sec_value_is_sample_n(const char *v, size_t n);
/* booleans, numbers under 4 digits, file paths: never a secret */
bool sec_value_is_non_secret(const char *v, size_t n);
bool sec_name_is_sensitive_n(const char *name, size_t n);
bool sec_name_is_sensitive_strict_n(const char *name, size_t n);
/* free text: a value that looks random enough (entropy, classes) */
bool sec_generic_value_ok(const char *v, size_t n, bool quoted);
/* the value of a NAME=value assignment whose name is sensitive: not a
 * placeholder, a non-secret (boolean, small number, path), the name
 * itself or a long documentation sample; name may be NULL */
bool sec_assign_value_ok(const char *v, size_t n, const char *name,
			 size_t nl);
/* the same for a key = value line of a config file (sec_scan_file), which
 * also rejects messages (blanks), YAML syntax and identifier chains */
bool sec_config_value_ok(const char *v, size_t n, bool quoted,
			 const char *name, size_t nl);

#endif
