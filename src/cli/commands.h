/* SPDX-License-Identifier: Apache-2.0
 *
 * commands.h - one function per subcommand; each returns the exit code
 * (0 clean, 1 findings at or over the threshold, 2 usage or input error)
 * and only main() exits.
 */
#ifndef BH_COMMANDS_H
#define BH_COMMANDS_H

int cmd_scan(int argc, char **argv);
int cmd_dump(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_image(int argc, char **argv);
int cmd_secrets(int argc, char **argv);
int cmd_sbom(int argc, char **argv);
int cmd_db(int argc, char **argv);
int cmd_vuln(int argc, char **argv);
int cmd_fix(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_sign(int argc, char **argv);
int cmd_inspect(int argc, char **argv);
int cmd_daemon(int argc, char **argv);
int cmd_serve(int argc, char **argv);

#endif
