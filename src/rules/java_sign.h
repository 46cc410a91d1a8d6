/* SPDX-License-Identifier: Apache-2.0
 *
 * java_sign.h - whether what a container runs shows Java: the one answer
 * the debug-port rules of every family give before calling port 5005 the
 * Java debugger (JDWP).  Port 5005 is JDWP by convention only; on its own
 * it is any service's port (issue 10).
 *
 * Pure functions over strings; nothing allocates.  Tests:
 * tests/unit/rules/test_java_sign.c and the BH1042 / BH2009 / BH3044 /
 * BH4005 cases.
 */
#ifndef BH_JAVA_SIGN_H
#define BH_JAVA_SIGN_H

#include <stdbool.h>

/* An image name (repository, with or without registry and tag) of a JDK
 * or JRE, a JDK vendor, a JVM build tool or a Java server: openjdk,
 * eclipse-temurin, amazoncorretto, maven, tomcat, jetty, wildfly... */
bool java_image(const char *image);

/* A text (a command, an argument, an environment entry or a build step)
 * that names java (not javascript), JAVA_* variables, a .jar or jdwp. */
bool java_text(const char *s);

#endif
