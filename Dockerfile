# syntax=docker/dockerfile:1
# Dockerfile - the container image of bulkhead itself (issue 14), the
# source of truth for engine builds:
#   docker build -t bulkhead .
#   docker run --rm -v "$PWD:/work:ro" bulkhead scan .
# Stage "build" compiles a fully static bulkhead on Debian 12 (meson
# -Dstatic=true -Dnet=false: Debian has no static archives of libcurl's
# GSS-API/LDAP/nghttp2/ssh2 dependencies, so `db update --from URL` is
# compiled out; `--from PATH` works; `serve --admission` is linked in on
# libevent's evhttp with OpenSSL, whose static archives Debian ships, so
# this image is the admission webhook's: deploy/deployment.yaml).  The
# final stage is FROM scratch:
# the binary and the dpkg records of the packages linked into it, numeric
# non-root user, no shell, no package manager.
# scripts/build_image.sh assembles the same final stage without an engine
# (umoci); tests/suites/selfimage.sh audits it.  docs/container.md.
#
# Base digest: the bookworm-slim manifest pinned by a public Dockerfile
# (thepwagner-org/debian-bullseye@881cdc4); not checked against Docker Hub
# from the build machine (no network there).  The packages come from the
# bookworm archive at the pinned versions whatever the base's point release.
FROM debian:bookworm-slim@sha256:12c396bd585df7ec21d5679bb6a83d4878bc4415ce926c9e5ea6426d23c60bdc AS build
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
# Pinned to the versions the project's build machine links and tests
# (dpkg-query -W on it; docs/container.md says how to refresh them), but
# libssl-dev and liblzma-dev: the machine's versions have left the archive,
# so these are bookworm-security's (found by `make image-buildah`, which
# builds this file).
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      build-essential=12.9 meson=1.0.1-5 ninja-build=1.11.1-2~deb12u1 \
      pkg-config=1.8.1-1 python3=3.11.2-1+b1 file=1:5.44-3 \
      libfyaml-dev=0.7.12-2 libjansson-dev=2.14-2 \
      libarchive-dev=3.6.2-1+deb12u5 libsqlite3-dev=3.40.1-2+deb12u2 \
      libssl-dev=3.0.22-1~deb12u2 libpcre2-dev=10.42-1+deb12u2 \
      libxml2-dev=2.9.14+dfsg-1.3~deb12u6 nettle-dev=3.8.1-2 \
      liblzma-dev=5.4.1-1+deb12u2 libbz2-dev=1.0.8-5+b1 zlib1g-dev=1:1.2.13.dfsg-1 \
      libacl1-dev=2.3.1-3 liblz4-dev=1.9.4-1 libzstd-dev=1.5.4+dfsg2-5+deb12u1 \
      libevent-dev=2.1.12-stable-8+deb12u1 \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY meson.build meson_options.txt ./
COPY src/ src/
COPY scripts/ scripts/
COPY tests/ tests/
RUN meson setup /build -Dstatic=true -Dnet=false -Dserve=true -Dstatic_libs=true \
 && ninja -C /build bulkhead \
 && strip /build/bulkhead \
 && file /build/bulkhead | grep -q 'statically linked' \
 && /build/bulkhead --version \
 && /build/bulkhead serve --help > /dev/null \
 && bash scripts/static_sbom.sh /build/bulkhead.map /sbom

# A one-shot CLI: each `docker run` audits and exits, so there is nothing
# for a health check to probe.  HEALTHCHECK NONE records that decision in
# the image config (Kubernetes deployments use probes, docs/container.md).
FROM scratch
LABEL org.opencontainers.image.title="bulkhead" \
      org.opencontainers.image.description="Container security auditor and hardener: one static binary" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="0.1.0"
COPY --from=build /build/bulkhead /usr/local/bin/bulkhead
# the Debian packages linked into the binary (scripts/static_sbom.sh), so
# `bulkhead sbom` and other scanners see what a static binary hides
COPY --from=build /sbom/ /var/lib/dpkg/status.d/
USER 65532:65532
WORKDIR /work
HEALTHCHECK NONE
ENTRYPOINT ["/usr/local/bin/bulkhead"]
CMD ["--help"]
