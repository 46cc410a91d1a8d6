#!/usr/bin/env python3
# trivy_cache.py DIR - writes an empty Trivy vulnerability database (an
# empty bbolt `db/trivy.db`) and an empty Java index (`java-db/
# trivy-java.db`, Trivy's schema) with their metadata into the cache DIR,
# so `trivy ... --scanners vuln --list-all-pkgs --offline-scan
# --skip-db-update --skip-java-db-update --cache-dir DIR` lists packages
# (its language analyzers run only with the vulnerability scanner) without
# fetching anything and finds no vulnerability.  Used by bench/sbom.sh
# and bench/parity/sbom_parity.sh.
import json, os, sqlite3, struct, sys

cache = sys.argv[1]
os.makedirs(cache + '/db', exist_ok=True)
os.makedirs(cache + '/java-db', exist_ok=True)
PS = 4096


def fnv64a(b):
    h = 0xcbf29ce484222325
    for x in b:
        h = ((h ^ x) * 0x100000001b3) & 0xffffffffffffffff
    return h


# an empty bbolt database: two meta pages, a freelist, an empty root leaf
out = bytearray(PS * 4)
for i in range(2):
    meta = struct.pack('<IIIIQQQQQ', 0xED0CDAED, 2, PS, 0, 3, 0, 2, 4, i)
    out[i * PS:i * PS + 80] = struct.pack('<QHHI', i, 0x04, 0, 0) + meta + struct.pack('<Q', fnv64a(meta))
out[2 * PS:2 * PS + 16] = struct.pack('<QHHI', 2, 0x10, 0, 0)
out[3 * PS:3 * PS + 16] = struct.pack('<QHHI', 3, 0x02, 0, 0)
open(cache + '/db/trivy.db', 'wb').write(out)
meta = {"NextUpdate": "2099-01-01T00:00:00Z", "UpdatedAt": "2026-12-01T00:00:00Z",
        "DownloadedAt": "2026-12-01T00:00:00Z"}
json.dump(dict(meta, Version=2), open(cache + '/db/metadata.json', 'w'))
json.dump(dict(meta, Version=1), open(cache + '/java-db/metadata.json', 'w'))
c = sqlite3.connect(cache + '/java-db/trivy-java.db')
c.executescript('''CREATE TABLE artifacts(id INTEGER PRIMARY KEY, group_id TEXT, artifact_id TEXT);
CREATE TABLE indices(artifact_id INTEGER, version TEXT, sha1 BLOB, archive_type TEXT);
CREATE UNIQUE INDEX artifacts_idx ON artifacts(artifact_id, group_id);
CREATE INDEX indices_artifact_idx ON indices(artifact_id);
CREATE UNIQUE INDEX indices_sha1_idx ON indices(sha1);''')
c.commit()
