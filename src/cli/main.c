/* SPDX-License-Identifier: Apache-2.0
 *
 * main.c - placeholder entry point (replaced by the real CLI).
 */
#include <stdio.h>

int main(void)
{
	puts("bulkhead " BH_VERSION);
	return 0;
}
