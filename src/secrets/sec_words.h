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
bool sec_value_is_placeholder_n(const char *v, size_t n);
/* booleans, numbers under 4 digits, file paths: never a secret */
bool sec_value_is_non_secret(const char *v, size_t n);
bool sec_name_is_sensitive_n(const char *name, size_t n);
bool sec_name_is_sensitive_strict_n(const char *name, size_t n);
bool sec_generic_value_ok(const char *v, size_t n, bool quoted);

#endif
