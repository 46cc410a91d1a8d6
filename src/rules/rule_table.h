/* SPDX-License-Identifier: Apache-2.0
 *
 * rule_table.h - what rule_table.c offers the rule families beyond
 * rule.h: the serial number of the current run of the rules.
 *
 * A family may keep facts about the model it judges (found by its first
 * check, read by the next ones) for the rest of one bh_run_rules() call:
 * the serial tells one call from the next on the same thread, where the
 * model's address alone may repeat (the next input's arena).  Facts are
 * kept per thread (_Thread_local): -jN runs inputs on N threads.
 * Tests: through the rule cases (tests/cases/dockerfile/); facts only
 * skip work, so findings are the same with and without them.
 */
#ifndef BH_RULE_TABLE_H
#define BH_RULE_TABLE_H

/* Changes with each bh_run_rules() call of this thread; 0 outside one
 * (no facts may be kept then). */
unsigned long bh_rule_run_serial(void);

#endif
