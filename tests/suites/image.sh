#!/usr/bin/env bash
# image.sh BINARY - `bulkhead image` end to end on real images built here.
#
# Images are made at test time (nothing binary is committed):
#   - by the Python builder below (tarfile, gzip; zstd via the zstd CLI):
#     legacy docker-archive with skopeo-style symlinked layer.tar, Docker
#     25+ archive (manifest.json + OCI index), OCI layout as a directory
#     and as a tar, gzip / zstd / uncompressed layers, a multi-platform
#     nested index, and hostile archives ("../" and absolute names,
#     symlink loops, dangling hard links, devices, bad whiteouts, whiteouts
#     under a symlinked directory, garbage
#     layers, truncated blobs, digest mismatches);
#   - by Debian's umoci + skopeo from a hand-made root filesystem
#     (skipped, with the reason, when they cannot run);
#   - the committed fixture ../shared/fixtures/images/tiny (skipped when
#     ../shared is absent).
# Reports are compared with tests/golden/image/<case>.json (exact, after
# replacing digests for the umoci case, whose timestamps vary).  Set
# BH_UPDATE_GOLDEN=1 to rewrite the goldens (review the diff).
# No vulnerability database unless named: XDG_CACHE_HOME points into the
# temporary directory, so the reports carry the note that vulnerabilities
# were not checked; the fixture image is also audited with a database of
# the OSV fixtures (--db, golden fixture-docker-vuln: BH4021), and with a
# .bulkhead.yaml policy (goldens fixture-docker-policy*: BH6001, BH6004,
# BH6005).
# `bulkhead sbom` on images whose dpkg info/*.list files own a PyPI and an
# npm package (dropped as the OS packages'; back when a later layer deletes
# the lists).
# Also: exit codes, stdin, --platform, masking, PATH:REF with a colon in
# REF, SARIF locations, .bulkhead.yaml, peak RSS (< 64 MiB on a 100k-file
# image, normal build only) and the progress bar under a TTY.
# Ends with "image: N passed, N failed[, N skipped]".
set -u
cd "$(dirname "$0")/../.."
root=$(pwd)
bin=$(realpath "$1")
shared=${BH_SHARED:-../shared}
golden=$root/tests/golden/image
pass=0; fail=0; skip=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL image: $*"; }
skipped() { skip=$((skip + 1)); echo "skipped image: $*"; }
tmp=$(mktemp -d /tmp/bh-image-suite.XXXXXX)
export XDG_CACHE_HOME=$tmp/xdg-cache
trap 'rm -rf "$tmp"' EXIT
export BULKHEAD_TODAY=2026-11-23
asan=0
case "$bin" in *asan*) asan=1 ;; esac

cat > "$tmp/mk.py" <<'PY'
# Test image builder: deterministic tars (mtime 0), gzip with mtime 0,
# zstd via the CLI.  usage: mk.py KIND OUT
import gzip, hashlib, io, json, os, subprocess, sys, tarfile

def sha(b): return "sha256:" + hashlib.sha256(b).hexdigest()

def ent(path, data=b"", mode=0o644, kind="f", link="", uid=0, gid=0, size=None):
    return dict(path=path, data=data, mode=mode, kind=kind, link=link, uid=uid, gid=gid, size=size)

def tar(entries, fmt=tarfile.PAX_FORMAT):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=fmt) as t:
        for e in entries:
            ti = tarfile.TarInfo(e["path"]); ti.mtime = 0; ti.mode = e["mode"]
            ti.uid = e["uid"]; ti.gid = e["gid"]; ti.uname = ti.gname = ""
            k = e["kind"]
            if k == "d": ti.type = tarfile.DIRTYPE
            elif k == "l": ti.type = tarfile.SYMTYPE; ti.linkname = e["link"]
            elif k == "h": ti.type = tarfile.LNKTYPE; ti.linkname = e["link"]
            elif k == "c": ti.type = tarfile.CHRTYPE; ti.devmajor = 1; ti.devminor = 3
            if k == "f":
                ti.size = len(e["data"]); t.addfile(ti, io.BytesIO(e["data"]))
            else:
                t.addfile(ti)
    return buf.getvalue()

def compress(b, comp):
    if comp == "gzip": return gzip.compress(b, 6, mtime=0)
    if comp == "zstd": return subprocess.run(["zstd", "-q", "-c", "-3"], input=b, stdout=subprocess.PIPE, check=True).stdout
    return b

MT = {"gzip": "application/vnd.oci.image.layer.v1.tar+gzip", "zstd": "application/vnd.oci.image.layer.v1.tar+zstd", "none": "application/vnd.oci.image.layer.v1.tar"}

def layer(entries, comp, created_by):
    t = tar(entries); b = compress(t, comp)
    return dict(tar=t, blob=b, diff=sha(t), digest=sha(b), comp=comp, created_by=created_by)

def config(layers, cfg, arch="amd64", extra_hist=()):
    hist = [{"created": "1970-01-01T00:00:00Z", "created_by": l["created_by"]} for l in layers]
    hist += [{"created": "1970-01-01T00:00:00Z", "created_by": h, "empty_layer": True} for h in extra_hist]
    return json.dumps({"architecture": arch, "os": "linux", "config": cfg,
                       "rootfs": {"type": "layers", "diff_ids": [l["diff"] for l in layers]},
                       "history": hist}, sort_keys=True).encode()

class Out:
    def __init__(self, path, as_dir=False):
        self.dir = path if as_dir else None
        if as_dir: os.makedirs(path, exist_ok=True)
        else: self.t = tarfile.open(path, "w", format=tarfile.PAX_FORMAT)
    def put(self, name, data=b"", link=None):
        if self.dir:
            p = os.path.join(self.dir, name); os.makedirs(os.path.dirname(p), exist_ok=True)
            open(p, "wb").write(data); return
        ti = tarfile.TarInfo(name); ti.mtime = 0
        if link is not None:
            ti.type = tarfile.SYMTYPE; ti.linkname = link; self.t.addfile(ti)
        else:
            ti.size = len(data); self.t.addfile(ti, io.BytesIO(data))
    def close(self):
        if not self.dir: self.t.close()

def docker_archive(path, layers, cfg, tag, docker25=False, extra_hist=()):
    o = Out(path); c = config(layers, cfg, extra_hist=extra_hist); names = []
    for i, l in enumerate(layers):
        if docker25:
            n = "blobs/sha256/" + l["digest"][7:]; o.put(n, l["blob"]); names.append(n)
        else:
            o.put(l["digest"][7:] + ".tar", l["blob"])
            o.put("v1id%d/layer.tar" % i, link="../" + l["digest"][7:] + ".tar")
            o.put("v1id%d/VERSION" % i, b"1.0"); names.append("v1id%d/layer.tar" % i)
    cn = ("blobs/sha256/" + sha(c)[7:]) if docker25 else sha(c)[7:] + ".json"
    o.put(cn, c)
    if docker25:
        m = manifest(c, layers); o.put("blobs/sha256/" + sha(m)[7:], m)
        o.put("index.json", json.dumps({"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": sha(m), "size": len(m), "annotations": {"io.containerd.image.name": "docker.io/" + tag, "org.opencontainers.image.ref.name": tag.split(":")[-1]}}]}).encode())
        o.put("oci-layout", b'{"imageLayoutVersion":"1.0.0"}')
    o.put("manifest.json", json.dumps([{"Config": cn, "RepoTags": [tag], "Layers": names}]).encode())
    o.close()

def manifest(c, layers):
    return json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                       "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": sha(c), "size": len(c)},
                       "layers": [{"mediaType": MT[l["comp"]], "digest": l["digest"], "size": len(l["blob"])} for l in layers]}).encode()

def oci(path, images, as_dir=False, multi=False):
    o = Out(path, as_dir); o.put("oci-layout", b'{"imageLayoutVersion":"1.0.0"}'); descs = []
    for (layers, cfg, arch, ref) in images:
        c = config(layers, cfg, arch); o.put("blobs/sha256/" + sha(c)[7:], c)
        for l in layers: o.put("blobs/sha256/" + l["digest"][7:], l["blob"])
        m = manifest(c, layers); o.put("blobs/sha256/" + sha(m)[7:], m)
        d = {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": sha(m), "size": len(m), "annotations": {"org.opencontainers.image.ref.name": ref}}
        if multi: d["platform"] = {"os": "linux", "architecture": arch}; d.pop("annotations")
        descs.append(d)
    if multi:
        # an attestation manifest as BuildKit writes them: must be skipped
        descs.append({"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": descs[0]["digest"], "size": descs[0]["size"], "platform": {"os": "unknown", "architecture": "unknown"}, "annotations": {"vnd.docker.reference.type": "attestation-manifest"}})
        ix = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": descs}).encode()
        o.put("blobs/sha256/" + sha(ix)[7:], ix)
        descs = [{"mediaType": "application/vnd.oci.image.index.v1+json", "digest": sha(ix), "size": len(ix), "annotations": {"org.opencontainers.image.ref.name": "multi"}}]
    o.put("index.json", json.dumps({"schemaVersion": 2, "manifests": descs}).encode())
    o.close()

def tok(*parts): return "".join(parts)
GH = tok("gh", "p_", "Zx9QwErTy7UiOp3AsDfGhJkL1ZxCvBnM2Qw4")

def app_layers(comp1="none", comp2="none"):
    base = [ent("/", kind="d", mode=0o755), ent("etc", kind="d", mode=0o755),
            ent("etc/os-release", kind="l", link="../usr/lib/os-release"),
            ent("usr/lib/os-release", b'PRETTY_NAME="Debian GNU/Linux 10 (buster)"\nID=debian\nVERSION_ID="10"\n'),
            ent("etc/passwd", b"root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534::/:/sbin/nologin\napp:x:0:0::/app:/bin/sh\n"),
            ent("etc/shadow", b"root:*:19000:0:99999:7:::\nnobody:!:19000::::::\nbackup::19000::::::\n", mode=0o640),
            ent("etc/group", b"root:x:0:\nnogroup:x:65534:\n"),
            ent("bin/sh", b"\x7fELF", mode=0o755), ent("bin/su", b"\x7fELF", mode=0o4755),
            ent("usr/bin/passwd", b"\x7fELF", mode=0o4755),
            ent("tmp", kind="d", mode=0o1777), ent("srv/upload", kind="d", mode=0o777),
            ent("var/lib/apt/lists/deb.debian.org_dists_buster_InRelease", b"x"),
            ent("var/lib/apt/lists/lock", b"")]
    app = [ent("app/.env", ("GITHUB_TOKEN=" + GH + "\n").encode()),
           ent("app/config/app.yml", ("token: " + GH + "\n").encode()),
           ent("app/config/id_ed25519", b"-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----\n", mode=0o600),
           ent("app/server.js", b"console.log('hi')\n"),
           ent("usr/local/bin/helper", b"\x7fELF", mode=0o6755),
           ent("root/.bash_history", b"ls\n")]
    rm = [ent("app/.wh..env"), ent("app/config/.wh..wh..opq"), ent("app/config", kind="d"),
          ent("app/config/settings.yml", b"listen: 8080\n")]
    return [layer(base, comp1, "/bin/sh -c #(nop) ADD file:0123 in / "),
            layer(app, comp2, "|1 GH_TOKEN=" + GH + " /bin/sh -c curl -fsSL https://get.example.invalid | sh && npm ci"),
            layer(rm, "none", "/bin/sh -c rm /app/.env && cp -r /tmp/config /app/")]

APP_CFG = {"Env": ["PATH=/usr/local/bin:/usr/bin:/bin", "DB_PASSWORD=s3cr3t-Pa55w0rd-x91", "APP_ENV=production"],
           "ExposedPorts": {"22/tcp": {}, "8080/tcp": {}, "9229/tcp": {}},
           "Labels": {"org.opencontainers.image.title": "app", "deploy.api_key": tok("sk_", "live_", "4eC39HqLyjWDarjtT1zdp7dc")},
           "Cmd": ["node", "/app/server.js"]}
CLEAN_CFG = {"User": "10001:10001", "Healthcheck": {"Test": ["CMD", "/app/health"]},
             "ExposedPorts": {"8080/tcp": {}}, "Env": ["PATH=/usr/bin:/bin"],
             "Labels": {"org.opencontainers.image.base.name": "gcr.io/distroless/static-debian12"}}

kind, out = sys.argv[1], sys.argv[2]
if kind == "docker-legacy":
    docker_archive(out, app_layers(), APP_CFG, "test/app:1", extra_hist=['/bin/sh -c #(nop)  ENV DB_PASSWORD=s3cr3t-Pa55w0rd-x91 APP_ENV=production'])
elif kind == "docker25":
    docker_archive(out, app_layers(), APP_CFG, "test/app:25", docker25=True)
elif kind == "oci-gzip-dir":
    oci(out, [(app_layers("gzip", "gzip"), APP_CFG, "amd64", "app")], as_dir=True)
elif kind == "oci-zstd-tar":
    oci(out, [(app_layers("zstd", "zstd"), APP_CFG, "amd64", "app")])
elif kind == "oci-multi":
    arm = [layer([ent("etc/os-release", b"ID=alpine\nVERSION_ID=3.16.2\n"), ent("bin/sh", b"\x7fELF", mode=0o755)], "gzip", "/bin/sh -c #(nop) ADD alpine")]
    amd = [layer([ent("etc/os-release", b"ID=debian\nVERSION_ID=12\n"), ent("app/health", b"\x7fELF", mode=0o755)], "zstd", "COPY app /app")]
    oci(out, [(arm, {"User": "app"}, "arm64", "a"), (amd, CLEAN_CFG, "amd64", "b")], multi=True)
elif kind == "clean":
    oci(out, [([layer([ent("etc/os-release", b"ID=debian\nVERSION_ID=12\n"), ent("app/health", b"\x7fELF", mode=0o755), ent("tmp", kind="d", mode=0o1777)], "gzip", "COPY app /app")], CLEAN_CFG, "amd64", "clean")])
elif kind == "clean-dir":
    oci(out, [([layer([ent("etc/os-release", b"ID=debian\nVERSION_ID=12\n"), ent("app/health", b"\x7fELF", mode=0o755), ent("tmp", kind="d", mode=0o1777)], "gzip", "COPY app /app")], CLEAN_CFG, "amd64", "clean")], as_dir=True)
elif kind == "cli-health-none":
    # a one-shot CLI image: HEALTHCHECK NONE is a recorded decision (BH4003 quiet)
    oci(out, [([layer([ent("usr/local/bin/tool", b"\x7fELF", mode=0o755)], "gzip", "COPY tool /usr/local/bin/tool")],
               {"User": "65532:65532", "Healthcheck": {"Test": ["NONE"]}, "Entrypoint": ["/usr/local/bin/tool"]}, "amd64", "cli")])
elif kind == "distroless-with-shell":
    oci(out, [([layer([ent("bin/sh", b"\x7fELF", mode=0o755), ent("usr/bin/apt-get", b"\x7fELF", mode=0o755)], "gzip", "FROM debian")], CLEAN_CFG, "amd64", "x")])
elif kind == "hostile-names":
    oci(out, [([layer([ent("../../../etc/evil", b"x"), ent("/abs/file", b"y"), ent("loop1", kind="l", link="loop2"),
                       ent("loop2", kind="l", link="/loop1"), ent("etc/os-release", kind="l", link="../../etc/os-release"),
                       ent("dangling", kind="h", link="no/such/file"), ent("dev/null", kind="c", mode=0o666),
                       ent("usr/bin/passwd", kind="h", link="../../x", mode=0o4755)], "gzip", "hostile")], CLEAN_CFG, "amd64", "h")], as_dir=True)
elif kind == "bad-whiteout":
    oci(out, [([layer([ent("a/.wh.")], "none", "x")], CLEAN_CFG, "amd64", "h")], as_dir=True)
elif kind == "wh-symlink":
    # whiteouts under a directory a lower layer made a symlink: deleted
    # through the link (relative, absolute, a chain of two; opaque too),
    # a symlink loop is bounded and deletes nothing
    base = [ent("app", kind="d", mode=0o755), ent("app/real", kind="d", mode=0o755),
            ent("app/real/.env", b"A=1\n"), ent("app/real/.npmrc", b"color=false\n"),
            ent("app/link", kind="l", link="real"), ent("app/chain", kind="l", link="link"),
            ent("app/real2", kind="d", mode=0o755), ent("app/real2/id_rsa", b"x\n", mode=0o600),
            ent("app/abs", kind="l", link="/app/real2"),
            ent("app/loop1", kind="l", link="loop2"), ent("app/loop2", kind="l", link="loop1"),
            ent("app/kept", kind="d", mode=0o755), ent("app/kept/.env", b"B=2\n")]
    rm = [ent("app/link/.wh..env"), ent("app/chain/.wh..npmrc"), ent("app/abs/.wh..wh..opq"),
          ent("app/loop1/.wh..env"), ent("app/loop2/.wh..wh..opq")]
    oci(out, [([layer(base, "none", "COPY app /app"), layer(rm, "none", "RUN rm")], CLEAN_CFG, "amd64", "w")])
elif kind in ("dpkg-owned", "dpkg-owned-deleted"):
    # Debian's python3-six (and a node package) installed by dpkg: their
    # dist-info / package.json are named by its info/*.list, so they are
    # the OS packages' files, not PyPI / npm ones; a pip-installed
    # package beside them is not; "-deleted": a later layer deletes the
    # two lists, and the PyPI and npm rows come back
    st = (b"Package: python3-six\nStatus: install ok installed\nVersion: 1.16.0-4\nArchitecture: all\n\n"
          b"Package: node-x\nStatus: install ok installed\nVersion: 2.0.0-1\nArchitecture: all\n")
    base = [ent("etc/os-release", b"ID=debian\nVERSION_ID=12\n"),
            ent("var/lib/dpkg/status", st),
            ent("var/lib/dpkg/info/python3-six.list", b"/.\n/usr/lib/python3/dist-packages/six.py\n"
                b"/usr/lib/python3/dist-packages/six-1.16.0.dist-info\n"
                b"/usr/lib/python3/dist-packages/six-1.16.0.dist-info/METADATA\n"),
            ent("var/lib/dpkg/info/node-x.list", b"/usr/lib/node_modules/x/package.json\n"),
            ent("usr/lib/python3/dist-packages/six.py", b"# six\n"),
            ent("usr/lib/python3/dist-packages/six-1.16.0.dist-info/METADATA", b"Metadata-Version: 2.1\nName: six\nVersion: 1.16.0\n"),
            ent("usr/lib/node_modules/x/package.json", b'{"name": "x", "version": "2.0.0"}\n'),
            ent("usr/local/lib/python3.11/dist-packages/requests-2.31.0.dist-info/METADATA",
                b"Metadata-Version: 2.1\nName: requests\nVersion: 2.31.0\n")]
    ls = [layer(base, "gzip", "RUN apt-get install python3-six node-x && pip install requests")]
    if kind == "dpkg-owned-deleted":
        ls.append(layer([ent("var/lib/dpkg/info/.wh.python3-six.list"), ent("var/lib/dpkg/info/.wh.node-x.list")],
                        "gzip", "RUN rm /var/lib/dpkg/info/python3-six.list /var/lib/dpkg/info/node-x.list"))
    oci(out, [(ls, CLEAN_CFG, "amd64", "d")])
elif kind == "garbage-layer":
    g = b"not a tar at all " * 40
    l = dict(tar=g, blob=g, diff=sha(g), digest=sha(g), comp="none", created_by="x")
    oci(out, [([l], CLEAN_CFG, "amd64", "g")])
elif kind == "mismatch":
    oci(out, [(app_layers("gzip"), APP_CFG, "amd64", "app")], as_dir=True)
    # a valid gzip'd tar under another layer's name: decompresses fine,
    # only the digest check can catch it
    ls = app_layers("gzip"); p = os.path.join(out, "blobs/sha256", ls[0]["digest"][7:])
    open(p, "wb").write(ls[1]["blob"])
elif kind == "mismatch-plain":
    # uncompressed layers (read straight from the archive when not
    # hashed): the base layer's bytes edited, its name and diff_id kept
    ls = app_layers(); t = ls[0]["tar"].replace(b"ID=debian", b"ID=ubuntu")
    assert t != ls[0]["tar"]
    ls[0]["tar"] = ls[0]["blob"] = t
    docker_archive(out, ls, APP_CFG, "t:1")
elif kind == "truncated":
    docker_archive(out, app_layers(), APP_CFG, "t:1")
    d = open(out, "rb").read(); open(out, "wb").write(d[:len(d) // 3])
elif kind == "many":
    n = int(sys.argv[3])
    ents = [ent("usr/share/p%d/f%d" % (i % 300, i), b"x") for i in range(n)]
    oci(out, [([layer(ents, "gzip", "many files")], CLEAN_CFG, "amd64", "m")])
elif kind == "big":
    mb = int(sys.argv[3])
    ents = [ent("data/blob%d.bin" % i, os.urandom(1 << 20)) for i in range(mb)]
    oci(out, [([layer(ents, "none", "big files")], CLEAN_CFG, "amd64", "b")])
else:
    sys.exit("unknown kind " + kind)
PY

mk() { python3 "$tmp/mk.py" "$@" 2>"$tmp/mk.err" || { bad "building $1: $(head -c 300 "$tmp/mk.err")"; return 1; }; }

# run CASE ARGS...: bulkhead image --format json ARGS in $tmp, compared
# with the golden (digests masked when MASK=1); sets $rc
compare() { # case file
	local case=$1 out=$2
	if [ "${BH_UPDATE_GOLDEN:-}" = 1 ]; then
		mkdir -p "$golden"; cp "$out" "$golden/$case.json"; ok; return
	fi
	if [ ! -f "$golden/$case.json" ]; then
		bad "$case: no golden tests/golden/image/$case.json (BH_UPDATE_GOLDEN=1 makes it)"
		return
	fi
	if diff -u "$golden/$case.json" "$out" > "$tmp/diff"; then ok
	else bad "$case: report differs from golden"; head -n 30 "$tmp/diff"; fi
}

golden_case() { # case expected-rc args...
	local case=$1 want=$2; shift 2
	(cd "$tmp" && "$bin" image --format json --no-progress "$@") > "$tmp/$case.out" 2> "$tmp/$case.err"
	rc=$?
	if [ "$rc" != "$want" ]; then
		bad "$case: exit $rc, want $want: $(head -c 300 "$tmp/$case.err")"; return
	fi
	ok
	if [ "${MASK:-0}" = 1 ]; then
		sed -E -i 's/sha256:[0-9a-f]{64}/sha256:<digest>/g' "$tmp/$case.out"
	fi
	compare "$case" "$tmp/$case.out"
}

# ---- images from the builder, every layout and compression --------------
for k in docker-legacy docker25 oci-zstd-tar; do
	mk "$k" "$tmp/$k.tar" && golden_case "$k" 1 "$k.tar"
done
mk oci-gzip-dir "$tmp/oci-gzip-dir" && golden_case oci-gzip-dir 1 oci-gzip-dir

# every layout must give the same findings (same rules, same messages)
if [ -f "$tmp/docker-legacy.out" ] && [ -f "$tmp/oci-gzip-dir.out" ]; then
	a=$(jq -c '[.findings[] | [.rule_id, .message]]' "$tmp/docker-legacy.out")
	for k in docker25 oci-zstd-tar oci-gzip-dir; do
		b=$(jq -c '[.findings[] | [.rule_id, .message]]' "$tmp/$k.out" 2>/dev/null)
		[ "$a" = "$b" ] && ok || bad "$k: findings differ from docker-legacy"
	done
fi

# the rules that must fire on the app image, with layer attribution
if [ -f "$tmp/docker-legacy.out" ]; then
	for id in BH4001 BH4003 BH4004 BH4005 BH4006 BH4007 BH4008 BH4009 BH4010 \
		  BH4011 BH4012 BH4013 BH4014 BH4015 BH4016 BH4017 BH4019 BH4020; do
		jq -e --arg id "$id" 'any(.findings[]; .rule_id == $id)' "$tmp/docker-legacy.out" > /dev/null \
			&& ok || bad "docker-legacy: $id did not fire"
	done
	jq -e 'all(.findings[] | select(.rule_id == "BH4011"); .layer_digest | startswith("sha256:"))' \
		"$tmp/docker-legacy.out" > /dev/null && ok || bad "BH4011 without a layer digest"
	# no secret value anywhere in any output
	for f in "$tmp"/*.out; do
		if grep -q -e 'Zx9QwErTy7UiOp3As' -e 's3cr3t-Pa55w0rd' -e 'HqLyjWDarjtT1zdp' "$f"; then
			bad "$(basename "$f"): a secret value leaked into the report"
		else ok; fi
	done
fi

# stdin: the same image through a pipe (one-pass reader)
if [ -f "$tmp/docker-legacy.tar" ]; then
	(cd "$tmp" && "$bin" image --format json - < docker-legacy.tar) > "$tmp/stdin.out" 2> "$tmp/stdin.err"
	rc=$?
	[ $rc = 1 ] && ok || bad "stdin: exit $rc: $(head -c 300 "$tmp/stdin.err")"
	a=$(jq -c '[.findings[] | [.rule_id, .message, .layer_digest]]' "$tmp/docker-legacy.out")
	b=$(jq -c '[.findings[] | [.rule_id, .message, .layer_digest]]' "$tmp/stdin.out" 2>/dev/null)
	[ "$a" = "$b" ] && ok || bad "stdin: findings differ from the file"
	gzip -c "$tmp/docker-legacy.tar" > "$tmp/docker-legacy.tar.gz"
	(cd "$tmp" && cat docker-legacy.tar.gz | "$bin" image --format json -) > "$tmp/stdin-gz.out" 2>&1
	b=$(jq -c '[.findings[] | [.rule_id, .message, .layer_digest]]' "$tmp/stdin-gz.out" 2>/dev/null)
	[ "$a" = "$b" ] && ok || bad "gzip'd archive on stdin: findings differ"
	(cd "$tmp" && "$bin" image --format json docker-legacy.tar.gz) > "$tmp/file-gz.out" 2>&1
	b=$(jq -c '[.findings[] | [.rule_id, .message, .layer_digest]]' "$tmp/file-gz.out" 2>/dev/null)
	[ "$a" = "$b" ] && ok || bad "gzip'd archive file: findings differ"
fi

# multi-platform: default linux/amd64 (clean image), --platform picks arm64
if mk oci-multi "$tmp/oci-multi.tar"; then
	golden_case oci-multi-amd64 0 oci-multi.tar
	golden_case oci-multi-arm64 1 --platform linux/arm64 oci-multi.tar
	(cd "$tmp" && "$bin" image --platform linux/s390x oci-multi.tar) > /dev/null 2> "$tmp/plat.err"
	rc=$?
	[ $rc = 2 ] && grep -q 'linux/arm64' "$tmp/plat.err" && ok \
		|| bad "unknown platform: exit $rc, stderr $(head -c 200 "$tmp/plat.err")"
fi

mk clean "$tmp/clean.tar" && golden_case clean 0 clean.tar

# ---- signatures and attestations under --key (BH4022-BH4024) ------------
# a clean image as a layout directory; keys made here (nothing binary is
# committed); the signed copy carries a signature, a CycloneDX SBOM
# attestation (bulkhead sbom --attach) and SLSA provenance naming
# https://ci.example/trusted
if command -v openssl > /dev/null && mk clean-dir "$tmp/trust-signed"; then
	cp -r "$tmp/trust-signed" "$tmp/trust-unsigned"
	(cd "$tmp" && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out k.pem 2> /dev/null &&
		openssl pkey -in k.pem -pubout -out k.pub &&
		openssl genpkey -algorithm ed25519 -out other.pem 2> /dev/null &&
		openssl pkey -in other.pem -pubout -out other.pub &&
		printf '{"builder":{"id":"https://ci.example/trusted"},"buildType":"x"}' > prov.json &&
		"$bin" sign trust-signed --key k.pem > /dev/null &&
		"$bin" sbom trust-signed --attach --key k.pem > /dev/null &&
		"$bin" sign trust-signed --key k.pem --attest prov.json --type slsaprovenance > /dev/null) \
		|| bad "trust: cannot sign the test layout"
	MASK=1 golden_case trust-signed 0 --key k.pub --require-sbom --trusted-builder https://ci.example/trusted trust-signed
	MASK=1 golden_case trust-unsigned 1 --key k.pub --require-sbom trust-unsigned
	MASK=1 golden_case trust-untrusted-builder 1 --key k.pub --trusted-builder https://ci.example/other trust-signed
	MASK=1 golden_case trust-other-key 1 --key other.pub --require-sbom trust-signed
	# --trusted-builder and no provenance at all: BH4024 all the same (the
	# provenance left out must not pass); a builder id too long to keep is
	# never cut down to a trusted id
	cp -r "$tmp/trust-unsigned" "$tmp/trust-noprov"
	long="https://ci.example/trusted$(printf 'a%.0s' $(seq 1 300))"
	printf '{"builder":{"id":"%s"},"buildType":"x"}' "$long" > "$tmp/provlong.json"
	(cd "$tmp" && "$bin" sign trust-noprov --key k.pem > /dev/null) || bad "trust: cannot sign trust-noprov"
	(cd "$tmp" && "$bin" image --format json --no-progress --key k.pub --trusted-builder https://ci.example/trusted trust-noprov) > "$tmp/tnp.out" 2>&1
	rc=$?
	ids=$(jq -r '[.findings[].rule_id] | join(",")' "$tmp/tnp.out" 2>/dev/null)
	[ $rc = 1 ] && [ "$ids" = "BH4024" ] && ok || bad "trust: --trusted-builder without provenance: exit $rc, rules '$ids'"
	(cd "$tmp" && "$bin" sign trust-noprov --key k.pem --attest provlong.json --type slsaprovenance > /dev/null) \
		|| bad "trust: cannot attest trust-noprov"
	(cd "$tmp" && "$bin" image --format json --no-progress --key k.pub --trusted-builder "${long:0:255}" trust-noprov) > "$tmp/tnp.out" 2>&1
	rc=$?
	ids=$(jq -r '[.findings[].rule_id] | join(",")' "$tmp/tnp.out" 2>/dev/null)
	[ $rc = 1 ] && [ "$ids" = "BH4024" ] && ok || bad "trust: a 300-byte builder id passed as its 255-byte prefix: exit $rc, rules '$ids'"
	# the same from the configuration: verify.key (next to the file)
	mkdir -p "$tmp/conf" && cp "$tmp/k.pub" "$tmp/conf/" &&
		printf 'verify:\n  key: k.pub\n  require-sbom: true\n' > "$tmp/conf/bh.yaml"
	(cd "$tmp" && "$bin" image --format json --no-progress --config conf/bh.yaml trust-unsigned) > "$tmp/tc.out" 2>&1
	rc=$?
	ids=$(jq -r '[.findings[].rule_id] | join(",")' "$tmp/tc.out" 2>/dev/null)
	[ $rc = 1 ] && [ "$ids" = "BH4022,BH4023" ] && ok || bad "trust: verify.key from the configuration: exit $rc, rules '$ids'"
	(cd "$tmp" && "$bin" image --format json --no-progress --config conf/bh.yaml trust-signed) > "$tmp/tc.out" 2>&1
	rc=$?
	[ $rc = 0 ] && [ "$(jq '.findings | length' "$tmp/tc.out" 2>/dev/null)" = 0 ] && ok \
		|| bad "trust: verify.key from the configuration, signed image: exit $rc"
	# --key/verify.key and the policy's signature-keys (BH6005) for the
	# image's registry: each (image, key) is verified once.  The same key
	# (here the same public key in another file): one finding, BH6005's,
	# naming both; BH4022 only when BH6005 is off.  Different keys: each
	# its own verdict and finding.  A copy of the unsigned layout named
	# registry.example.com/team/app:1, and that copy signed with k.pem.
	cp -r "$tmp/trust-unsigned" "$tmp/pol-unsigned" && python3 - "$tmp/pol-unsigned" <<'PY3'
import json, sys
p = sys.argv[1] + "/index.json"
ix = json.load(open(p))
ix["manifests"][0].setdefault("annotations", {})["io.containerd.image.name"] = "registry.example.com/team/app:1"
json.dump(ix, open(p, "w"))
PY3
	cp -r "$tmp/pol-unsigned" "$tmp/pol-signed"
	mkdir -p "$tmp/pol/keys" && cp "$tmp/k.pub" "$tmp/pol/keys/release.pub" &&
		printf 'policy:\n  signature-keys: {registry.example.com: keys/release.pub}\n' > "$tmp/pol/bh.yaml" &&
		printf 'verify:\n  key: keys/release.pub\npolicy:\n  signature-keys: {registry.example.com: keys/release.pub}\n' > "$tmp/pol/both.yaml" &&
		(cd "$tmp" && "$bin" sign pol-signed --key k.pem > /dev/null) || bad "policy+key: cannot make the layouts"
	MASK=1 golden_case policy-same-key-unsigned 1 --config pol/bh.yaml --key k.pub pol-unsigned
	MASK=1 golden_case policy-other-key-signed 1 --config pol/bh.yaml --key other.pub pol-signed
	MASK=1 golden_case policy-same-key-signed 0 --config pol/bh.yaml --key k.pub pol-signed
	polids() { # want-rc want-ids args...
		local want=$1 wids=$2; shift 2
		(cd "$tmp" && "$bin" image --format json --no-progress "$@") > "$tmp/pk.out" 2> "$tmp/pk.err"
		local r=$? got
		got=$(jq -r '[.findings[].rule_id | select(test("BH4022|BH6005"))] | join(",")' "$tmp/pk.out" 2>/dev/null)
		[ $r = "$want" ] && [ "$got" = "$wids" ] && ok || bad "policy+key $*: exit $r, rules '$got', want $want '$wids'"
	}
	polids 1 BH4022 --config pol/bh.yaml --key k.pub --ignore BH6005 pol-unsigned
	polids 1 BH4022,BH6005 --config pol/bh.yaml --key other.pub pol-unsigned
	polids 1 BH6005 --config pol/both.yaml pol-unsigned
	polids 0 "" --config pol/both.yaml pol-signed
	# once each: the policy's key file is read once (at configuration
	# time), and the layout's index.json three times (the image, its
	# signatures, its attestations), not four (the signatures again)
	if command -v strace > /dev/null; then
		(cd "$tmp" && strace -f -e trace=openat -o st.txt "$bin" image --format json --no-progress --config pol/bh.yaml --key k.pub pol-unsigned > /dev/null 2>&1)
		nk=$(grep -c 'keys/release.pub' "$tmp/st.txt"); ni=$(grep -cE 'pol-unsigned/index.json|openat\([0-9]+, "index.json"' "$tmp/st.txt")
		[ "$nk" = 1 ] && [ "$ni" = 3 ] && ok || bad "policy+key: key file opened $nk times (want 1), index.json $ni times (want 3)"
	else
		skipped "policy+key: strace not installed (opens not counted)"
	fi
	# without --key nothing changes: the clean image stays clean
	MASK=1 golden_case trust-no-key 0 trust-signed
	(cd "$tmp" && "$bin" image --no-progress --key nokey.pub trust-signed) > /dev/null 2> "$tmp/trust.err"
	rc=$?
	[ $rc = 2 ] && grep -q 'bulkhead: cannot open nokey.pub' "$tmp/trust.err" && ok \
		|| bad "trust: missing key: exit $rc, stderr $(head -c 200 "$tmp/trust.err")"
	(cd "$tmp" && "$bin" image --no-progress --require-sbom trust-signed) > /dev/null 2> "$tmp/trust.err"
	rc=$?
	[ $rc = 2 ] && grep -q 'go with --key' "$tmp/trust.err" && ok \
		|| bad "trust: --require-sbom without --key: exit $rc"
else
	skipped "trust: openssl not installed"
fi
mk cli-health-none "$tmp/cli-health-none.tar" && golden_case cli-health-none 0 cli-health-none.tar
mk distroless-with-shell "$tmp/dl.tar" && {
	golden_case distroless-with-shell 1 dl.tar
	cp "$tmp/distroless-with-shell.out" "$tmp/dl.out"
	n=$(jq '[.findings[] | select(.rule_id == "BH4018")] | length' "$tmp/dl.out")
	[ "$n" = 2 ] && ok || bad "distroless with a shell: BH4018 fired $n times, want 2"
	n=$(jq '[.findings[] | select(.rule_id == "BH4018")] | length' "$tmp/clean.out" 2>/dev/null)
	[ "$n" = 0 ] && ok || bad "clean distroless: BH4018 fired"
}

# options: --severity, --ignore, --exit-code, text and sarif output
if [ -f "$tmp/docker-legacy.tar" ]; then
	n=$(cd "$tmp" && "$bin" image --format json --severity low docker-legacy.tar | jq '[.findings[] | select(.severity != "low")] | length')
	[ "$n" = 0 ] && ok || bad "--severity low kept other severities"
	(cd "$tmp" && "$bin" image --format json --ignore BH4001 --exit-code 7 docker-legacy.tar) > "$tmp/ign.out"
	rc=$?
	[ $rc = 7 ] && ok || bad "--exit-code 7: exit $rc"
	jq -e 'all(.findings[]; .rule_id != "BH4001")' "$tmp/ign.out" > /dev/null && ok || bad "--ignore BH4001"
	(cd "$tmp" && "$bin" image --format text docker-legacy.tar) > "$tmp/text.out"
	grep -q 'layer: sha256:' "$tmp/text.out" && ok || bad "text output names no layer"
	(cd "$tmp" && "$bin" image --format sarif -o sarif.json docker-legacy.tar)
	jq -e '.runs[0].results | length > 0' "$tmp/sarif.json" > /dev/null && ok || bad "sarif output"
	(cd "$tmp" && "$bin" image) > /dev/null 2>&1; rc=$?
	[ $rc = 2 ] && ok || bad "no IMAGE: exit $rc, want 2"
	(cd "$tmp" && "$bin" image --platform amd64 x) > /dev/null 2>&1; rc=$?
	[ $rc = 2 ] && ok || bad "bad --platform: exit $rc, want 2"
	(cd "$tmp" && "$bin" image docker-legacy.tar:nosuchtag) > /dev/null 2>&1; rc=$?
	[ $rc = 2 ] && ok || bad "unknown tag: exit $rc, want 2"
	# PATH:REF where REF holds a colon itself (test/app:1): the longest
	# prefix that exists is the path; findings name the archive
	a=$(jq -c '[.findings[] | [.rule_id, .message]]' "$tmp/docker-legacy.out")
	for arg in docker-legacy.tar:test/app:1 docker-legacy.tar:1 "odd:name.tar:test/app:1"; do
		[ -e "$tmp/odd:name.tar" ] || cp "$tmp/docker-legacy.tar" "$tmp/odd:name.tar"
		(cd "$tmp" && "$bin" image --format=json --no-progress "$arg") > "$tmp/tagc.out" 2> "$tmp/tagc.err"
		rc=$?
		b=$(jq -c '[.findings[] | [.rule_id, .message]]' "$tmp/tagc.out" 2> /dev/null)
		want=${arg%%.tar:*}.tar
		if [ $rc = 1 ] && [ "$a" = "$b" ] &&
		   jq -e --arg f "$want" 'all(.findings[]; .file == $f)' "$tmp/tagc.out" > /dev/null; then ok
		else bad "image $arg: exit $rc, $(head -c 200 "$tmp/tagc.err")"; fi
	done
	(cd "$tmp" && "$bin" image docker-legacy.tar:test/app:2) > /dev/null 2> "$tmp/tagc.err"; rc=$?
	[ $rc = 2 ] && grep -q 'no image tagged "test/app:2"' "$tmp/tagc.err" && ok ||
		bad "unknown tag with a colon: exit $rc, $(head -c 200 "$tmp/tagc.err")"
	# SARIF: every image result points at the archive, region startLine 1
	(cd "$tmp" && "$bin" image --format sarif docker-legacy.tar:test/app:1) > "$tmp/img.sarif"
	jq -e '.runs[0].results | length > 0 and all(.[];
		.locations[0].physicalLocation.artifactLocation.uri == "docker-legacy.tar" and
		.locations[0].physicalLocation.region.startLine == 1)' "$tmp/img.sarif" > /dev/null \
		&& ok || bad "image SARIF: a result without the archive uri and startLine 1"
	# .bulkhead.yaml is read by image too
	mkdir -p "$tmp/cfgdir"
	printf 'ignore: [AVD-DS-0002]\n' > "$tmp/cfgdir/.bulkhead.yaml"
	(cd "$tmp/cfgdir" && "$bin" image --format json ../docker-legacy.tar) > "$tmp/cfg.out"
	jq -e '(.findings | length > 0) and all(.findings[]; .rule_id != "BH4001")' "$tmp/cfg.out" \
		> /dev/null && ok || bad "image ignores .bulkhead.yaml"
fi

# whiteouts under a lower layer's symlinked directory are applied through
# the link, as the tar is extracted (layer.md: "extracted like a regular
# tar archive"; containerd resolves the parent inside the root): the
# secrets they delete are BH4016, not BH4015; the loop deletes nothing
if mk wh-symlink "$tmp/wh-symlink.tar"; then
	(cd "$tmp" && timeout 60 "$bin" image --format json --no-progress wh-symlink.tar) > "$tmp/whs.out" 2> "$tmp/whs.err"
	rc=$?
	got=$(jq -c '[.findings[] | [.rule_id, (.message | split(" ")[0])]]' "$tmp/whs.out" 2> /dev/null)
	want='[["BH4015","/app/kept/.env"],["BH4016","/app/real/.env"],["BH4016","/app/real/.npmrc"],["BH4016","/app/real2/id_rsa"]]'
	[ "$rc" = 1 ] && [ "$got" = "$want" ] && ok \
		|| bad "wh-symlink: exit $rc, findings $got, want $want: $(head -c 300 "$tmp/whs.err")"
fi

# bulkhead sbom on an image: a PyPI / npm package whose metadata file a
# dpkg info/*.list of the final view names is the OS package's, listed
# once as deb; a later layer deleting the lists brings the rows back
# (exact package lists, with the file each row was read from)
for k in dpkg-owned dpkg-owned-deleted; do
	mk "$k" "$tmp/$k.tar" || continue
	"$bin" sbom --format json "$tmp/$k.tar" > "$tmp/$k.json" 2> "$tmp/$k.err"
	rc=$?
	got=$(jq -c '[.packages[] | [.ecosystem, .name, .version, .path]] | sort' "$tmp/$k.json" 2> /dev/null)
	want='[["deb","node-x","2.0.0-1","/var/lib/dpkg/status"],["deb","python3-six","1.16.0-4","/var/lib/dpkg/status"],'
	[ "$k" = dpkg-owned-deleted ] && want+='["npm","x","2.0.0","/usr/lib/node_modules/x/package.json"],'
	want+='["pypi","requests","2.31.0","/usr/local/lib/python3.11/dist-packages/requests-2.31.0.dist-info/METADATA"]'
	[ "$k" = dpkg-owned-deleted ] && want+=',["pypi","six","1.16.0","/usr/lib/python3/dist-packages/six-1.16.0.dist-info/METADATA"]'
	want+=']'
	[ "$rc" = 0 ] && [ ! -s "$tmp/$k.err" ] && [ "$got" = "$want" ] && ok \
		|| bad "sbom $k: exit $rc, packages $got, want $want: $(head -c 300 "$tmp/$k.err")"
done

# ---- hostile and broken inputs: bounded, exit 2 with a cause ------------
expect2() { # label file stderr-substring
	(cd "$tmp" && timeout 60 "$bin" image --no-progress "$2") > /dev/null 2> "$tmp/e.err"
	local rc=$?
	if [ $rc = 2 ] && grep -q -- "$3" "$tmp/e.err"; then ok
	else bad "$1: exit $rc, stderr: $(head -c 300 "$tmp/e.err")"; fi
}
mk hostile-names "$tmp/hostile-names" && golden_case hostile-names 1 hostile-names
mk bad-whiteout "$tmp/bad-whiteout" && expect2 "bare .wh." bad-whiteout "invalid whiteout"
mk garbage-layer "$tmp/garbage.tar" && expect2 "garbage layer" garbage.tar "not a tar"
mk mismatch "$tmp/mismatch" && expect2 "digest mismatch" mismatch "fails verification"
if mk mismatch-plain "$tmp/mismatch-plain.tar"; then
	expect2 "diff_id mismatch (plain layer)" mismatch-plain.tar "diff_id says"
	# bulkhead sbom and vuln do not hash layers unless --verify-digests
	# (docs/decisions.md); the edited layer is read as it is
	for f in mismatch-plain.tar mismatch; do
		"$bin" sbom --format cyclonedx "$tmp/$f" > "$tmp/mm.out" 2> "$tmp/mm.err"
		rc=$?
		[ $rc = 0 ] && [ ! -s "$tmp/mm.err" ] && ok \
			|| bad "sbom $f: exit $rc, stderr: $(head -c 300 "$tmp/mm.err")"
		"$bin" sbom --verify-digests --format cyclonedx "$tmp/$f" > "$tmp/mm.out" 2> "$tmp/mm.err"
		rc=$?
		[ $rc = 2 ] && grep -q "diff_id says\|fails verification" "$tmp/mm.err" && ok \
			|| bad "sbom --verify-digests $f: exit $rc, stderr: $(head -c 300 "$tmp/mm.err")"
	done
	"$bin" sbom --format cyclonedx "$tmp/mismatch-plain.tar" > "$tmp/mm.out" 2>&1
	jq -e '[.components[] | select(.type == "operating-system")][0].name == "ubuntu"' \
		"$tmp/mm.out" > /dev/null 2>&1 && ok \
		|| bad "sbom mismatch-plain.tar: the edited os-release not read: $(head -c 300 "$tmp/mm.out")"
fi
mk truncated "$tmp/truncated.tar" && expect2 "truncated archive" truncated.tar "bulkhead:"
expect2 "missing file" /nonexistent.tar "cannot open"
printf 'hello' > "$tmp/notar"
expect2 "not a tar" notar "bulkhead:"

# ---- a real image made with umoci + skopeo from a hand-made rootfs ------
umoci_case() {
	command -v umoci > /dev/null && command -v skopeo > /dev/null \
		|| { skipped "umoci/skopeo not installed"; return; }
	local w=$tmp/umoci
	mkdir -p "$w/rootfs/etc" "$w/rootfs/bin" "$w/rootfs/usr/lib" "$w/extra/app" "$w/newcfg"
	printf 'ID=alpine\nVERSION_ID=3.16.9\nPRETTY_NAME="Alpine Linux v3.16"\n' > "$w/rootfs/usr/lib/os-release"
	ln -s ../usr/lib/os-release "$w/rootfs/etc/os-release"
	printf 'root:x:0:0:root:/root:/bin/sh\n' > "$w/rootfs/etc/passwd"
	printf '#!/bin/sh\n' > "$w/rootfs/bin/sh"; chmod 755 "$w/rootfs/bin/sh"
	printf 'AWS_SECRET_ACCESS_KEY=%s%s\n' 'wJalrXUtnFEMI/K7MDENG/' 'bPxRfiCYzQ8rT2vN5kLm' > "$w/extra/app/.env"
	printf 'v1\n' > "$w/extra/app/version"
	cp "$w/rootfs/bin/sh" "$w/extra/app/suid"; chmod 4755 "$w/extra/app/suid"
	find "$w" -exec touch -h -d @0 {} + 2>/dev/null
	(
		set -e; cd "$w"
		umoci init --layout oci
		umoci new --image oci:t
		umoci insert --image oci:t --history.created_by 'ADD rootfs /' rootfs /
		umoci insert --image oci:t --history.created_by 'COPY extra/ /' extra /
		umoci insert --image oci:t --history.created_by 'RUN rm /app/.env' --whiteout /app/.env
		umoci config --image oci:t --config.user 1000:1000 --config.exposedports 22/tcp \
			--history.created_by 'USER 1000:1000'
		skopeo copy -q oci:oci:t docker-archive:t.docker.tar:bh/t:1
		skopeo copy -q --dest-compress-format zstd oci:oci:t oci:oci-zstd:t
	) > "$w/log" 2>&1 || { skipped "umoci/skopeo could not build the image: $(tail -c 200 "$w/log")"; return; }
	MASK=1 golden_case umoci-oci 1 umoci/oci:t
	MASK=1 golden_case umoci-docker 1 umoci/t.docker.tar
	MASK=1 golden_case umoci-zstd 1 umoci/oci-zstd:t
	for k in umoci-oci umoci-docker umoci-zstd; do
		jq -e 'any(.findings[]; .rule_id == "BH4016") and any(.findings[]; .rule_id == "BH4011")
			and any(.findings[]; .rule_id == "BH4014")' "$tmp/$k.out" > /dev/null \
			&& ok || bad "$k: hidden .env, setuid or EOL finding missing"
	done
}
umoci_case

# ---- the committed fixture ----------------------------------------------
if [ -d "$shared/fixtures/images/tiny" ]; then
	fx=$(realpath "$shared/fixtures/images/tiny")
	ln -s "$fx" "$tmp/tiny"
	golden_case fixture-oci-app 1 tiny/oci:app
	golden_case fixture-oci-nonroot 1 tiny/oci:app-nonroot
	golden_case fixture-docker 1 tiny/app.docker.tar
	golden_case fixture-zstd 1 tiny/oci-zstd
	for k in fixture-docker fixture-zstd; do
		a=$(jq -c '[.findings[] | [.rule_id, .message]]' "$tmp/fixture-oci-app.out")
		b=$(jq -c '[.findings[] | [.rule_id, .message]]' "$tmp/$k.out" 2>/dev/null)
		[ "$a" = "$b" ] && ok || bad "$k: findings differ from oci:app"
	done
	jq -e '[.findings[] | select(.rule_id == "BH4016")] | length == 2' "$tmp/fixture-oci-app.out" \
		> /dev/null && ok || bad "fixture: the two hidden secret files were not both found"
	jq -e 'all(.findings[]; .rule_id != "BH4001")' "$tmp/fixture-oci-nonroot.out" > /dev/null \
		&& ok || bad "fixture app-nonroot: BH4001 fired"
	if [ -d "$shared/fixtures/osv" ] &&
		"$bin" db import --db "$tmp/osv.db" "$shared/fixtures/osv" > /dev/null 2>&1; then
		golden_case fixture-docker-vuln 1 --db osv.db tiny/app.docker.tar
		jq -e '([.findings[] | select(.rule_id == "BH4021")] | length > 0) and
			((.summary.notes // []) == [])' "$tmp/fixture-docker-vuln.out" > /dev/null &&
			ok || bad "fixture with a database: no BH4021 finding"
		jq -e '(.summary.notes | length) == 1 and all(.findings[]; .rule_id != "BH4021")' \
			"$tmp/fixture-docker.out" > /dev/null &&
			ok || bad "fixture without a database: one note, no BH4021"
		# the .bulkhead.yaml policy on an image (src/rules/rules_policy.c):
		# its RepoTag's registry (BH6001) and every advisory over
		# max-severity (BH6004: exactly the BH4021 rows above medium);
		# a policy it meets gives neither
		# (and BH6005: a docker-archive holds no signature, so none
		# verifies under the key signature-keys requires)
		printf '%s\n' '-----BEGIN PUBLIC KEY-----' 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEtRDpcNf62z10hyvHkn18ZMZIYw/H' 'i9thaiROWk8H8rnYzytIIp9xJ0iYvrkIACG0zVlTaCEuGYrCQYVmnPhCAA==' '-----END PUBLIC KEY-----' > "$tmp/policy.pub"
		printf 'policy:\n  registries: [registry.example.com]\n  max-severity: medium\n  signature-keys: {docker.io/bulkhead: policy.pub}\n' \
			> "$tmp/policy-fail.yaml"
		printf 'policy:\n  registries: [docker.io/bulkhead]\n  require-digest: true\n  base-images: [scratch]\n  max-severity: high\n' \
			> "$tmp/policy-pass.yaml"
		golden_case fixture-docker-policy 1 --config policy-fail.yaml --db osv.db tiny/app.docker.tar
		jq -e '([.findings[] | select(.rule_id == "BH6004")] | length) ==
			([.findings[] | select(.rule_id == "BH4021" and
				(.severity == "high" or .severity == "critical"))] | length) and
			([.findings[] | select(.rule_id == "BH6004")] | length) > 0 and
			([.findings[] | select(.rule_id == "BH6001")] | length) == 1 and
			([.findings[] | select(.rule_id == "BH6005")] | length) == 1' \
			"$tmp/fixture-docker-policy.out" > /dev/null &&
			ok || bad "fixture with a policy: BH6004 not one per advisory over medium, or no BH6001 / BH6005"
		golden_case fixture-docker-policy-pass 1 --config policy-pass.yaml --db osv.db tiny/app.docker.tar
		jq -e 'all(.findings[]; (.rule_id | startswith("BH60")) | not)' \
			"$tmp/fixture-docker-policy-pass.out" > /dev/null &&
			ok || bad "fixture with a policy it meets: a BH60xx finding"
	else
		skipped "fixture with a vulnerability database: $shared/fixtures/osv absent or db import failed"
	fi
else
	skipped "fixture: $shared/fixtures/images/tiny absent"
fi

# ---- bounded memory and the progress bar (normal build only) ------------
if [ $asan = 1 ]; then
	skipped "peak RSS and progress bar: not measured under ASan"
else
	if mk many "$tmp/many.tar" 100000; then
		/usr/bin/time -v "$bin" image --format json "$tmp/many.tar" > /dev/null 2> "$tmp/time.err"
		kb=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$tmp/time.err")
		if [ -n "$kb" ] && [ "$kb" -lt 65536 ]; then ok
		else bad "100k-file image: peak RSS ${kb:-?} KiB (limit 65536)"; fi
	fi
	if command -v script > /dev/null && mk big "$tmp/big.tar" 80; then
		script -qec "$bin image --format json $tmp/big.tar > /dev/null" /dev/null > "$tmp/tty.out" 2>&1
		grep -q 'layer 1/1' "$tmp/tty.out" && ok || bad "no progress bar on a TTY"
		"$bin" image --format json "$tmp/big.tar" 2> "$tmp/notty.err" > /dev/null
		[ ! -s "$tmp/notty.err" ] && ok || bad "progress output without a TTY"
	else
		skipped "progress bar: script(1) missing"
	fi
fi

if [ $skip -gt 0 ]; then
	echo "image: $pass passed, $fail failed, $skip skipped"
else
	echo "image: $pass passed, $fail failed"
fi
[ $fail = 0 ]
