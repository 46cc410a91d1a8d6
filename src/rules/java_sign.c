/* SPDX-License-Identifier: Apache-2.0
 *
 * java_sign.c - what shows Java (java_sign.h says why it exists).
 * Tests: tests/unit/rules/test_java_sign.c.
 */
#include "java_sign.h"

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
	/* java, JAVA_OPTS, JAVA_TOOL_OPTIONS; not javascript */
	for (const char *p = s; (p = txt_stristr(p, "java")) != NULL; p += 4)
		if (strncasecmp(p + 4, "script", 6) != 0)
			return true;
	return false;
}
