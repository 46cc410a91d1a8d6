# bulkhead - top-level entry points.  Meson does the building; this file
# only names the jobs a person runs:
#   make deps    install the Debian packages the build and tests need
#   make build   build/bulkhead
#   make check   every test suite, also under ASan+UBSan (the threaded
#                ones under TSan too), one total line
#   make demo    build, scan examples/, show its fix diff and one rule
#                explained (scripts/demo.sh; examples/ is not written)
#   make bench   speed against peers and the cat floor (needs ../shared),
#                and the admission webhook under load (bench/admission.sh;
#                certificate reloads under load: bench/adm_reload.sh)
#   make parity  findings and speed against Trivy on the shared corpus,
#                packages against Trivy's on the fixtures and a Debian 12
#                image it debootstraps (root and the mirror on the first
#                run, else exit 77; installs Trivy from npm; docs/parity.md)
#   make fuzz    libFuzzer targets (FUZZ_SECONDS each, default 60; 0 runs the
#                committed seeds once, as make check does: fuzz_targets.sh)
#   make docs    regenerate docs/rules.md from the rule table
#   make install the binary, man pages, completions and docs under
#                $(DESTDIR)$(PREFIX) (PREFIX default /usr/local)
#   make deb     build/bulkhead_VERSION_ARCH.deb (scripts/mkdeb.sh)
#   make deb-test  that package installed by apt into a fresh Debian 12
#                (debootstrap, root, network; scripts/test_deb_chroot.sh)
#   make image   bulkhead's own container image without an engine:
#                static binary in build-static/, OCI layout and
#                docker-archive in IMAGE_OUT (scripts/build_image.sh;
#                the Dockerfile is the engine build, docs/container.md)
#   make image-buildah  the Dockerfile itself built with buildah (chroot
#                isolation, vfs storage in IMAGE_BUILDAH_OUT; root, network
#                to the Debian mirror, minutes: not in make check), then run
#                and audited (scripts/buildah_image.sh)

SHELL := /bin/bash
BUILD ?= build
ASAN_BUILD ?= build-asan
TSAN_BUILD ?= build-tsan
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
PREFIX ?= /usr/local
DESTDIR ?=
IMAGE_OUT ?= build-image
IMAGE_BUILDAH_OUT ?= build-buildah

# podman, crun, busybox-static: tests/suites/podman_live.sh re-creates the
# real podman fixtures (tests/data/inspect-podman); the three installed in
# 21 s (11 MB) on Debian 12 (2026-12-07)
DEB_PACKAGES := build-essential meson ninja-build pkg-config clang \
	libclang-rt-14-dev libfyaml-dev libjansson-dev libarchive-dev \
	libsqlite3-dev libssl-dev libpcre2-dev libcmocka-dev libcurl4-openssl-dev \
	libxml2-dev nettle-dev liblzma-dev libbz2-dev zlib1g-dev libacl1-dev \
	liblz4-dev libzstd-dev libmicrohttpd-dev libgnutls28-dev libevent-dev \
	zstd gzip xz-utils jq yamllint umoci skopeo file python3-packaging \
	python3-rpm ruby golang-go python3-yaml python3-cryptography \
	zsh fish pre-commit chromium-headless-shell curl openssl \
	podman crun busybox-static
# only for `make image-buildah` (installed by that target, not by make deps)
IMAGE_BUILDAH_PACKAGES := buildah debootstrap

.PHONY: all deps build asan tsan check demo bench parity fuzz docs clean install deb deb-test image image-buildah

all: build

deps:
	@bash scripts/deps.sh $(DEB_PACKAGES)

$(BUILD)/build.ninja:
	meson setup $(BUILD) >/dev/null

build: deps-quiet $(BUILD)/build.ninja
	@ninja -C $(BUILD) >/dev/null || ninja -C $(BUILD)
	@echo "built $(BUILD)/bulkhead"

# build without re-running apt when everything is already there
deps-quiet:
	@bash scripts/deps.sh --quiet $(DEB_PACKAGES)

$(ASAN_BUILD)/build.ninja:
	CC=clang meson setup $(ASAN_BUILD) -Db_sanitize=address,undefined \
		-Db_lundef=false -Dbuildtype=debug >/dev/null

asan: deps-quiet $(ASAN_BUILD)/build.ninja
	@ninja -C $(ASAN_BUILD) >/dev/null || ninja -C $(ASAN_BUILD)

# ThreadSanitizer: only the binary, its network module (serve) and the
# pmap unit test, for the suites that run several threads (marked
# "# suite: threads")
$(TSAN_BUILD)/build.ninja:
	CC=clang meson setup $(TSAN_BUILD) -Db_sanitize=thread \
		-Db_lundef=false >/dev/null

tsan: deps-quiet $(TSAN_BUILD)/build.ninja
	@ninja -C $(TSAN_BUILD) bulkhead bulkhead-net.so tests/test_util >/dev/null || \
		ninja -C $(TSAN_BUILD) bulkhead bulkhead-net.so tests/test_util

check: build asan tsan
	@TSAN_BUILD=$(TSAN_BUILD) bash tests/run_all.sh $(BUILD) $(ASAN_BUILD)

docs: build
	@$(BUILD)/bulkhead rules --format markdown > docs/rules.md
	@echo "wrote docs/rules.md"

demo: build
	@bash scripts/demo.sh $(BUILD)/bulkhead

bench: build
	@bash bench/run.sh $(BUILD)/bulkhead

parity: build
	@bash bench/parity/parity.sh $(BUILD)/bulkhead

fuzz: deps-quiet
	@bash fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

# The man pages and completions are made from the binary's own --help
# (scripts/gen_man.sh, scripts/gen_completions.sh): they cannot drift.
install: build
	@bash scripts/install.sh $(BUILD)/bulkhead "$(DESTDIR)" "$(PREFIX)"

deb: build
	@bash scripts/mkdeb.sh $(BUILD)/bulkhead $(BUILD)

# the package installed by apt into a fresh Debian 12 (debootstrap; root,
# network to the mirror; about two minutes): scripts/test_deb_chroot.sh
deb-test: build
	@bash scripts/test_deb_chroot.sh $(BUILD)/bulkhead

image: deps-quiet
	@bash scripts/build_image.sh $(IMAGE_OUT)

image-buildah: build
	@bash scripts/deps.sh --quiet $(IMAGE_BUILDAH_PACKAGES)
	@BIN=$(BUILD)/bulkhead bash scripts/buildah_image.sh $(IMAGE_BUILDAH_OUT)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) build-static $(IMAGE_OUT) $(IMAGE_BUILDAH_OUT)
