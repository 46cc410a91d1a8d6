/* SPDX-License-Identifier: Apache-2.0
 *
 * kustomize.h - whether a Kustomize kustomization lists a manifest as a
 * patch (a fact the Kubernetes front end gathers for the model).
 *
 * Contract: nothing is allocated for the caller; the kustomization is
 * read and parsed into a private arena freed before returning.
 */
#ifndef BH_KUSTOMIZE_H
#define BH_KUSTOMIZE_H

#include <stdbool.h>

/* Whether a kustomization.yaml (kustomization.yml, Kustomization) in the
 * directory of "fs_path", or in the directory above it, lists the file
 * under patches, patchesStrategicMerge or patchesJson6902.  NULL (stdin),
 * an unreadable or malformed kustomization: false. */
bool kust_lists_patch(const char *fs_path);

#endif
