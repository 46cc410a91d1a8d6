/* SPDX-License-Identifier: Apache-2.0
 *
 * scan_k8s.h - the Kubernetes manifest input kind (scan_k8s.c).
 *
 * bh_format_kubernetes recognises manifests by name (*.yaml / *.yml that
 * are not Compose files or well-known non-manifest YAML such as
 * kustomization.yaml, Chart.yaml, values*.yaml, .pre-commit-config.yaml)
 * and by content (top-level apiVersion: and kind:), and scans one file:
 * every document of the YAML stream, List items included.
 *
 * A file found by a directory walk (bh_input.explicit false) may be any
 * YAML: documents without apiVersion/kind are skipped silently, and so
 * is a file that fails to parse when it does not look like a manifest or
 * is a Go/Helm template ("{{").  A file named on the command line gets
 * an error for each of those (the first one is kept in the diag).  A
 * document that is not valid YAML is reported and the other documents of
 * the file are still scanned.
 *
 * Memory: the input is borrowed for the call; findings are appended to
 * ctx->out (heap copies owned by the list).  Nothing else outlives the
 * call.  Tests: tests/cases/kubernetes/, tests/unit/k8s/,
 * tests/suites/k8s_corpus.sh.
 */
#ifndef BH_K8S_H
#define BH_K8S_H

#include "formats.h"

extern const struct bh_format bh_format_kubernetes;

#endif
