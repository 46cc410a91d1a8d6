#!/usr/bin/env bash
# hostile.sh BINARY - a hostile user's inputs to the image commands and the
# CLI contracts: special files (FIFO, symlink, oversized metadata) where a
# layout, a build context, a key, a vulnerability database or an OSV
# folder holds a regular file; a directory failing part way through
# readdir() (a preloaded shim, built with cc when there is one); a secret
# kept alive by a hard link; a .netrc password in a RUN line; every
# command's --help and usage errors, verify/sign --name=value; the fix
# defaults of .bulkhead.yaml; a layer file that shrinks while it is
# mapped (a preloaded mmap shim truncates it).  Every run is under `timeout` (a hang is a
# failure, rc 124); a refusal is exit 2 with ONE line on stderr naming the
# file.  Images are made by tests/suites/image.sh's builder (mk.py, taken
# from that file at run time: one builder).
# Ends with "hostile: N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
root=$(pwd)
bin=$(realpath "$1")
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL hostile: $*"; }
tmp=$(mktemp -d /tmp/bh-hostile.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export XDG_CACHE_HOME=$tmp/xdg-cache
export BULKHEAD_TODAY=2026-11-23

sed -n '/^cat > "\$tmp\/mk.py" <<.PY.$/,/^PY$/p' tests/suites/image.sh | sed '1d;$d' > "$tmp/mk.py"
python3 "$tmp/mk.py" clean-dir "$tmp/clean" || { echo "hostile: cannot build the test image"; exit 1; }
man=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["manifests"][0]["digest"][7:])' "$tmp/clean/index.json")

# run NAME WANT_RC GREP CMD...: exit code, one stderr line matching GREP
run() {
	local name=$1 want=$2 re=$3; shift 3
	timeout 10 "$@" > "$tmp/out" 2> "$tmp/err" < /dev/null
	local rc=$?
	if [ "$rc" != "$want" ]; then
		bad "$name: exit $rc, want $want: $(head -c 300 "$tmp/err")"; return
	fi
	if [ -n "$re" ]; then
		if [ "$(wc -l < "$tmp/err")" != 1 ]; then
			bad "$name: stderr is not one line: $(head -c 400 "$tmp/err")"; return
		fi
		grep -Eq -- "$re" "$tmp/err" || { bad "$name: stderr '$(cat "$tmp/err")' lacks /$re/"; return; }
	fi
	ok
}
fresh() { rm -rf "$tmp/m"; cp -r "$tmp/clean" "$tmp/m"; }

## special files in an OCI layout
fresh; rm "$tmp/m/index.json"; mkfifo "$tmp/m/index.json"
for c in image sbom; do
	run "$c: FIFO index.json" 2 'index.json.*(FIFO|named pipe)' "$bin" "$c" "$tmp/m"
done
run "verify: FIFO index.json" 2 "index.json" "$bin" verify "$tmp/m" --key tests/data/cosign/cosign.pub
fresh; rm "$tmp/m/blobs/sha256/$man"; mkfifo "$tmp/m/blobs/sha256/$man"
for c in image sbom; do
	run "$c: FIFO manifest blob" 2 "$man.*(FIFO|named pipe)" "$bin" "$c" "$tmp/m"
done
fresh; rm "$tmp/m/index.json"; ln -s /etc/passwd "$tmp/m/index.json"
run "image: symlinked index.json" 2 'index.json.*symbolic link' "$bin" image "$tmp/m"
fresh; mv "$tmp/m/blobs" "$tmp/blobs-out"; ln -s "$tmp/blobs-out" "$tmp/m/blobs"
run "image: symlinked blobs/ (out of the layout)" 2 'blobs.*symbolic link' "$bin" image "$tmp/m"
rm -rf "$tmp/blobs-out"

## metadata over the 2 MiB limit is said as such, not as "missing"
fresh; python3 -c 'import json,sys; p=sys.argv[1]+"/index.json"; m=json.load(open(p))["manifests"][0]; open(p,"w").write(json.dumps({"schemaVersion":2,"manifests":[m]*20000}))' "$tmp/m"
run "image: a 3 MB index.json (dir)" 2 'index\.json: metadata over 2097152 bytes' "$bin" image "$tmp/m"
(cd "$tmp/m" && tar cf "$tmp/big.tar" .)
run "image: a 3 MB index.json (tar)" 2 'index\.json: metadata over 2097152 bytes' "$bin" image "$tmp/big.tar"
run "sbom: a 3 MB index.json (tar)" 2 'index\.json: metadata over 2097152 bytes' "$bin" sbom "$tmp/big.tar"
fresh; head -c 3000000 /dev/zero | tr '\0' ' ' > "$tmp/m/blobs/sha256/$man"
run "image: a 3 MB manifest blob" 2 "$man: metadata over 2097152 bytes" "$bin" image "$tmp/m"

## a secret whose first name a later layer deletes, still in the final
## filesystem under a hard link (the same inode): in the image, at the
## link's path, not "deleted by a later layer"
cat > "$tmp/hl.py" <<'PY'
import sys
exec(open(sys.argv[1]).read().split('kind, out = sys.argv[1]')[0])
TOK = b"token: " + GH.encode() + b"\n"
def img(out, lys):
    ls = [layer(e, "none", "L%d" % i) for i, e in enumerate(lys)]
    oci(out, [(ls, CLEAN_CFG, "amd64", "x")], as_dir=True)
img(sys.argv[2] + "/hl-later", [[ent("tmp", kind="d", mode=0o1777), ent("tmp/x.yml", TOK)],
    [ent("app", kind="d", mode=0o755), ent("app/config.yml", kind="h", link="tmp/x.yml"), ent("tmp/.wh.x.yml")]])
img(sys.argv[2] + "/hl-same", [[ent("app", kind="d", mode=0o755), ent("app/x.yml", TOK), ent("app/y.yml", kind="h", link="app/x.yml")],
    [ent("app/.wh.x.yml")]])
img(sys.argv[2] + "/hl-none", [[ent("app", kind="d", mode=0o755), ent("app/x.yml", TOK)], [ent("app/.wh.x.yml")]])
PY
python3 "$tmp/hl.py" "$tmp/mk.py" "$tmp"
hl() {
	local name=$1 want=$2
	"$bin" image --format json --no-progress "$tmp/$name" > "$tmp/out" 2> "$tmp/err"
	local got
	got=$(jq -r '[.findings[] | select(.rule_id == "BH4017") | .message] | join(" | ")' "$tmp/out" 2> /dev/null)
	[ "$got" = "$want" ] && ok || bad "$name: BH4017 '$got', want '$want'"
}
hl hl-later '/app/config.yml holds GitHub personal access token (classic) ghp_**** (layer 1)'
hl hl-same '/app/y.yml holds GitHub personal access token (classic) ghp_**** (layer 1)'
hl hl-none "/app/x.yml holds GitHub personal access token (classic) ghp_**** (layer 1); deleted by a later layer but still in the image's layer blob"

## the vulnerability database or an OSV record that is a FIFO: refused by
## name, never waited on (SQLite's open of a FIFO blocks)
mkfifo "$tmp/db.fifo"
run "db info --db FIFO" 2 'db\.fifo: not a regular file \(a named pipe' "$bin" db info --db "$tmp/db.fifo"
run "db import --db FIFO" 2 'db\.fifo: not a regular file \(a named pipe' "$bin" db import --db "$tmp/db.fifo" "$tmp/clean/index.json"
mkdir -p "$tmp/xdg-fifo/bulkhead"; mkfifo "$tmp/xdg-fifo/bulkhead/vuln.db"
run "db info: default database a FIFO" 2 'vuln\.db: not a regular file' env XDG_CACHE_HOME="$tmp/xdg-fifo" "$bin" db info
mkdir -p "$tmp/osv"; echo '{"id":"X-1","modified":"2024-01-01T00:00:00Z","affected":[]}' > "$tmp/osv/b.json"
mkfifo "$tmp/osv/a.json"
run "db import DIR with a FIFO record" 2 'osv/a\.json: a named pipe \(FIFO\), not imported' "$bin" db import --db "$tmp/osv.db" "$tmp/osv"
[ ! -e "$tmp/osv.db" ] && ok || bad "db import DIR with a FIFO record: left a database"
rm "$tmp/osv/a.json"

## a .netrc password written by a RUN line is a secret: masked in every
## excerpt, reported once (BH1201)
mkdir -p "$tmp/nr"
printf 'FROM alpine:3.20\nRUN echo "machine git.corp.local login ci password Hunter2Secret99" > /root/.netrc && git clone https://git.corp.local/x\nUSER 10001\n' > "$tmp/nr/Dockerfile"
for f in text json sarif html junit gitlab sonarqube checkstyle; do
	"$bin" scan --format "$f" "$tmp/nr/Dockerfile" > "$tmp/out" 2> "$tmp/err"
	grep -q Hunter2Secret99 "$tmp/out" "$tmp/err" && bad "scan --format $f: the .netrc password is shown" || ok
done
"$bin" scan --format json "$tmp/nr/Dockerfile" | jq -e '[.findings[] | select(.rule_id == "BH1201")] | length == 1' > /dev/null && ok || bad "scan: no BH1201 for the .netrc password"

## a key that is a FIFO
mkfifo "$tmp/key.fifo"
run "verify: FIFO key" 2 'key.fifo.*(FIFO|named pipe|not a regular)' "$bin" verify "$tmp/clean" --key "$tmp/key.fifo"
run "sign: FIFO key" 2 'key.fifo.*(FIFO|named pipe|not a regular)' "$bin" sign "$tmp/clean" --key "$tmp/key.fifo"


## a FIFO in a build context, where scan looks for a lock file
mkdir -p "$tmp/ctx"; printf 'FROM node:20\nCOPY . .\nRUN npm install\n' > "$tmp/ctx/Dockerfile"
mkfifo "$tmp/ctx/package-lock.json"
run "scan: FIFO package-lock.json in the context" 1 '' "$bin" scan "$tmp/ctx/Dockerfile"

## a baseline that is a FIFO is refused, never waited on
run "scan --baseline FIFO" 2 'key\.fifo: cannot read the baseline: not a regular file' "$bin" scan --baseline "$tmp/key.fifo" "$tmp/ctx/Dockerfile"

## every command: --help exits 0; an unknown option or a missing operand
## is exit 2 with one line naming the command's --help
for c in scan image sbom vuln verify sign fix secrets explain dump rules db inspect daemon serve; do
	run "$c --help" 0 '' "$bin" "$c" --help
	run "$c --bogus" 2 "bulkhead $c --help" "$bin" "$c" --bogus-flag
done
run "verify: no image" 2 "no IMAGE given.*bulkhead verify --help" "$bin" verify
run "sign: no layout" 2 "no LAYOUT given.*bulkhead sign --help" "$bin" sign
run "verify: --key without a value" 2 "after --key.*bulkhead verify --help" "$bin" verify "$tmp/clean" --key
run "sign: bad --form" 2 "--form wants tag or referrer.*bulkhead sign --help" "$bin" sign "$tmp/clean" --key k --form x

## verify and sign take --name=value as every other command does
if command -v openssl > /dev/null; then
	openssl ecparam -genkey -name prime256v1 -noout 2> /dev/null | openssl pkcs8 -topk8 -nocrypt -out "$tmp/k.pem"
	openssl ec -in "$tmp/k.pem" -pubout -out "$tmp/k.pub" 2> /dev/null
	fresh
	run "sign --key=K --form=referrer --annotation=K=V" 0 '' "$bin" sign "$tmp/m" --key="$tmp/k.pem" --form=referrer --annotation=team=pay
	run "verify --key=K --annotation=K=V" 0 '' "$bin" verify "$tmp/m" --key="$tmp/k.pub" --annotation=team=pay
	run "verify --annotation=K=other" 1 '' "$bin" verify "$tmp/m" --key="$tmp/k.pub" --annotation=team=x
	run "verify --quiet=1" 2 'option takes no value: --quiet=1.*bulkhead verify --help' "$bin" verify "$tmp/m" --quiet=1 --key "$tmp/k.pub"
	run "sign --bogus=1" 2 'unknown option --bogus=1.*bulkhead sign --help' "$bin" sign "$tmp/m" --bogus=1
fi

## a .bulkhead.yaml that is a dangling link is an error, not a run
## without the configuration
mkdir -p "$tmp/dl"; printf 'FROM alpine:3.20\nUSER 10001\n' > "$tmp/dl/Dockerfile"
ln -s "$tmp/gone.yaml" "$tmp/dl/.bulkhead.yaml"
for c in scan fix; do
	run "$c: dangling .bulkhead.yaml" 2 '^bulkhead: \.bulkhead\.yaml: cannot open' sh -c "cd '$tmp/dl' && '$bin' $c Dockerfile"
done

## .bulkhead.yaml fix defaults: a value Compose or Kubernetes would refuse
## (or read as something else: "512" is 512 bytes, "512m" 0.512 bytes to
## Kubernetes) is refused at its file:line:col, one line, exit 2
mkdir -p "$tmp/cf"; printf 'services:\n  web:\n    image: nginx:1.25\n' > "$tmp/cf/compose.yaml"
for v in 512 512X -1 0 0M 512m 512K 1.5.2G 99999999999999999999G 2Pi "'512 M'" 1e9 0x100M 4M; do
	printf 'fix:\n  memory: %s\n' "$v" > "$tmp/cf/.bulkhead.yaml"
	run "fix.memory: $v" 2 '^bulkhead: \.bulkhead\.yaml:2:11: fix\.memory must be' sh -c "cd '$tmp/cf' && '$bin' fix compose.yaml"
done
for v in 512M 512Mi 1G 1Gi 1.5G 6Mi 7000k 8192Ki 1T; do
	printf 'fix:\n  memory: %s\n' "$v" > "$tmp/cf/.bulkhead.yaml"
	run "fix.memory: $v" 1 '' sh -c "cd '$tmp/cf' && '$bin' fix compose.yaml"
	grep -q "^+ *memory: $v\$" "$tmp/out" && ok || bad "fix.memory: $v not in the diff"
done
for k in uid pids; do
	for v in -1 0 abc 1e3 99999999999 "''" 1.0; do
		printf 'fix:\n  %s: %s\n' "$k" "$v" > "$tmp/cf/.bulkhead.yaml"
		run "fix.$k: $v" 2 "^bulkhead: \\.bulkhead\\.yaml:2:[0-9]+: fix\\.$k must be" sh -c "cd '$tmp/cf' && '$bin' fix compose.yaml"
	done
done

## a directory whose reading fails part way (readdir() -> NULL, errno EIO,
## made by a preloaded shim at the entry named "eio-here") is said, never
## a silently shorter list: `secrets DIR` and the build context of `scan`
if command -v cc > /dev/null; then
	cat > "$tmp/shim.c" <<'C'
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <string.h>
/* the binary is built with _FILE_OFFSET_BITS=64: readdir64 */
#define SHIM(name, type)                                                \
	struct type *name(DIR *d)                                       \
	{                                                               \
		static struct type *(*real)(DIR *);                     \
		if (!real)                                              \
			real = (struct type *(*)(DIR *))dlsym(RTLD_NEXT, #name); \
		struct type *e = real(d);                               \
		if (e && !strcmp(e->d_name, "eio-here")) {              \
			errno = EIO;                                    \
			return NULL;                                    \
		}                                                       \
		return e;                                               \
	}
SHIM(readdir, dirent)
SHIM(readdir64, dirent64)
C
	if cc -shared -fPIC -o "$tmp/shim.so" "$tmp/shim.c" -ldl 2> /dev/null; then
		mkdir -p "$tmp/rd/sub"; : > "$tmp/rd/sub/eio-here"
		printf 'FROM alpine:3.20\nCOPY . /app\nUSER 10001\n' > "$tmp/rd/Dockerfile"
		export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
		run "secrets DIR: readdir error" 2 'sub.*cannot read directory: Input/output error' env LD_PRELOAD="$tmp/shim.so" "$bin" secrets "$tmp/rd"
		mkdir -p "$tmp/osv/sub"; : > "$tmp/osv/sub/eio-here"
		run "db import DIR: readdir error" 2 'osv/sub: cannot read this directory: Input/output error' env LD_PRELOAD="$tmp/shim.so" "$bin" db import --db "$tmp/osv2.db" "$tmp/osv"
		run "sbom DIR: readdir error" 2 'rd/sub: cannot read this directory: Input/output error' env LD_PRELOAD="$tmp/shim.so" "$bin" sbom "$tmp/rd"
		env LD_PRELOAD="$tmp/shim.so" "$bin" scan "$tmp/rd/Dockerfile" > "$tmp/out" 2> "$tmp/err"; rc=$?
		if [ $rc = 1 ] && grep -qF "$tmp/rd/Dockerfile: warning: build context not read whole ($tmp/rd/sub: cannot read directory: Input/output error): secret files past it are not checked" "$tmp/out" "$tmp/err"; then ok
		else bad "scan: readdir error in the build context: exit $rc, $(cat "$tmp/err" "$tmp/out" | head -c 300)"; fi
	else
		echo "hostile: no readdir shim (cc failed): 2 checks not run"
	fi
fi

## a layer file that shrinks while its mmap() window is read (img_read.c
## range_pull): SIGBUS must end in one line naming the file and exit 2,
## not a crash.  A preloaded shim truncates the file right after the
## first read-only private mapping of a regular file, deterministically.
if command -v cc > /dev/null; then
	cat > "$tmp/bus.c" <<'C'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
void *mmap(void *a, size_t l, int prot, int fl, int fd, off_t off)
{
	static void *(*real)(void *, size_t, int, int, int, off_t);
	static int done;
	if (!real)
		real = (void *(*)(void *, size_t, int, int, int, off_t))dlsym(RTLD_NEXT, "mmap");
	void *m = real(a, l, prot, fl, fd, off);
	struct stat st;
	if (!done && m != MAP_FAILED && fd >= 0 && prot == PROT_READ &&
	    (fl & MAP_PRIVATE) && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size > 0) {
		char link[64], path[4096];
		snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
		ssize_t n = readlink(link, path, sizeof(path) - 1);
		if (n > 0) {
			path[n] = 0;
			done = 1;
			truncate(path, 0);
		}
	}
	return m;
}
void *mmap64(void *a, size_t l, int prot, int fl, int fd, off_t off)
{
	return mmap(a, l, prot, fl, fd, off);
}
C
	if cc -shared -fPIC -o "$tmp/bus.so" "$tmp/bus.c" -ldl 2> /dev/null; then
		export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
		fresh
		run "sbom: layer blob shrinks while read (OCI layout)" 2 'blobs/sha256/[0-9a-f]{64}: the file changed size while it was read' env LD_PRELOAD="$tmp/bus.so" "$bin" sbom "$tmp/m"
		python3 "$tmp/mk.py" clean "$tmp/shrink.tar" > /dev/null 2>&1
		run "sbom: docker-archive shrinks while read" 2 'shrink.tar: the file changed size while it was read' env LD_PRELOAD="$tmp/bus.so" "$bin" sbom "$tmp/shrink.tar"
	else
		echo "hostile: no mmap shim (cc failed): 2 checks not run"
	fi
fi

echo "hostile: $pass passed, $fail failed"
[ "$fail" = 0 ]
