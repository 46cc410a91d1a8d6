/* SPDX-License-Identifier: Apache-2.0
 *
 * java_sign.c - what shows Java (java_sign.h says why it exists).
 * Tests: tests/unit/rules/test_java_sign.c.
 */
#include "java_sign.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "../util/text.h"

bool java_image(const char *image)
{
	static const char *const names[] = { "java", "jdk", "jre", "temurin",
					     "corretto", "zulu", "liberica",
					     "semeru", "graalvm", "maven",
					     "gradle", "tomcat", "jetty",
					     "wildfly", "jboss", NULL };
	if (!image)
		return false;
	/* the repository only: a tag such as :jdk-slim counts too, a
	 * registry host does not */
	const char *slash = strrchr(image, '/');
	const char *repo = slash ? slash + 1 : image;
	for (size_t k = 0; names[k]; k++)
		if (txt_stristr(repo, names[k]))
			return true;
	return false;
}

bool java_text(const char *s)
{
	if (!s)
		return false;
	if (txt_stristr(s, ".jar") || txt_stristr(s, "jdwp"))
		return true;
	/* the word java (java, /usr/bin/java, java -jar), javac, or a JAVA_
	 * variable (JAVA_OPTS, JAVA_TOOL_OPTIONS); not javascript, not a
	 * longer name (javaobj-py3, javalang) */
	for (const char *p = s; (p = txt_stristr(p, "java")) != NULL; p += 4) {
		bool start = p == s || !isalnum((unsigned char)p[-1]);
		char next = p[4];
		if (start && (!isalnum((unsigned char)next) || next == '_' ||
			      ((next == 'c' || next == 'C') &&
			       !isalnum((unsigned char)p[5]))))
			return true;
	}
	return false;
}
