# cargo_dep.py OUT KIND - the contents of a .dep-v0 section as cargo
# auditable writes it (zlib, JSON {"packages": [...]}) for
# tests/suites/sbom_cargo.sh, which adds it to a C program with objcopy.
# KIND: "good" (a root crate, crates.io, git and registry crates, one
# build-only crate, dependency indexes), "bomb" (64 MiB of JSON spaces,
# 64 KiB compressed), "badjson", "deep" (100000 nested arrays),
# "nopackages", "noversion", "notzlib", "cut" (the good stream cut short),
# "big" (a section of 5 MiB, over the 4 MiB read).
import json
import sys
import zlib

GOOD = {"packages": [
    {"name": "hello", "version": "0.1.0", "source": "local",
     "dependencies": [1, 2, 3, 4, 5], "root": True},
    {"name": "serde", "version": "1.0.193", "source": "crates.io",
     "dependencies": [4]},
    {"name": "regex", "version": "1.10.2", "source": "crates.io"},
    {"name": "cc", "version": "1.0.83", "source": "crates.io",
     "kind": "build"},
    {"name": "serde_derive", "version": "1.0.193", "source": "git",
     "kind": "runtime"},
    {"name": "mycrate", "version": "2.0.0-rc.1+build.5",
     "source": "registry"},
]}
kind = sys.argv[2]
if kind == "bomb":
    data = b'{"packages": []' + b' ' * (64 << 20) + b'}'
elif kind == "badjson":
    data = b'{"packages": [{"name": "a", "version": "1"}'
elif kind == "deep":
    data = b'{"packages": [' + b'[' * 100000 + b']' * 100000 + b']}'
elif kind == "nopackages":
    data = b'{"pkgs": []}'
elif kind == "noversion":
    data = b'{"packages": [{"name": "a"}]}'
else:
    data = json.dumps(GOOD).encode()
z = zlib.compress(data, 9)
if kind == "notzlib":
    z = data
elif kind == "big":
    z = z + bytes(5 << 20)
elif kind == "cut":
    z = z[:len(z) // 2]
open(sys.argv[1], 'wb').write(z)
