/* SPDX-License-Identifier: Apache-2.0
 *
 * test_java_sign.c - what shows Java (src/rules/java_sign.c): JVM image
 * names with and without registry and tag, and texts that name java, a
 * .jar, JAVA_* or jdwp, but not javascript.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>

#include "rules/java_sign.h"

static void images(void **state)
{
	(void)state;
	assert_true(java_image("openjdk:17"));
	assert_true(java_image("eclipse-temurin:21-jre"));
	assert_true(java_image("public.ecr.aws/amazoncorretto/amazoncorretto:17"));
	assert_true(java_image("maven:3.9"));
	assert_true(java_image("bitnami/tomcat"));
	assert_true(java_image("registry.example.com:5000/team/app-jdk:1"));
	assert_false(java_image("node:20"));
	assert_false(java_image("python:3.12-slim"));
	/* a registry host that says java is not the image */
	assert_false(java_image("java.example.com/team/web:1"));
	assert_false(java_image(NULL));
	assert_false(java_image(""));
}

static void texts(void **state)
{
	(void)state;
	assert_true(java_text("java -jar app.jar"));
	assert_true(java_text("/opt/app/run.jar"));
	assert_true(java_text("JAVA_TOOL_OPTIONS=-agentlib:jdwp=transport=dt_socket"));
	assert_true(java_text("JAVA_OPTS"));
	assert_true(java_text("exec /usr/bin/Java"));
	assert_true(java_text("javascript and java"));
	assert_false(java_text("javascript and javascripts"));
	assert_false(java_text("node server.js # javascript"));
	assert_false(java_text("JavaScript"));
	assert_false(java_text("npm start"));
	assert_false(java_text("pip install javaobj-py3==0.4.4"));
	assert_false(java_text("pip install javalang"));
	assert_true(java_text("javac Main.java"));
	assert_true(java_text("JAVA_HOME=/opt/java"));
	assert_false(java_text(""));
	assert_false(java_text(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(images),
		cmocka_unit_test(texts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
