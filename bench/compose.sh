#!/usr/bin/env bash
# compose.sh BINARY - speed on the Compose corpus (../shared/corpus/compose,
# ~350 real files) against the I/O floor (cat of the same files) and
# yamllint (Debian package), each in ONE process for the whole corpus:
#   bulkhead scan --kind compose --format json FILES...
#   yamllint -d '{rules: {}}' FILES...       (parse only, no style rules)
#   yamllint -d relaxed FILES...             (its lightest rule set)
# Times are medians of several runs (hyperfine when installed, else bash's
# EPOCHREALTIME).  Targets: the whole corpus in under 200 ms, and within
# 2x the wall time of cat of the same files (issue 9).
# Skips with a message when ../shared is missing; yamllint rows are left
# out when yamllint is not installed.  The work is bench_yaml_corpus in
# bench/lib.sh, shared with bench/k8s.sh.
set -u
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
. "$here/lib.sh"
bench_yaml_corpus compose compose "Compose files" "$@"
