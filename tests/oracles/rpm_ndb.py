#!/usr/bin/env python3
# rpm_ndb.py FILE - the packages of an rpm NDB database (Packages.db) as
# rpm itself reads their headers: each used slot's blob is handed to
# python3-rpm's rpm.hdr (librpm's header import) and printed as
# name<TAB>[epoch:]version-release<TAB>SOURCERPM; gpg-pubkey left out.
# The oracle of tests/suites/sbom_oracles.sh for the NDB reader of
# src/sbom/sbom_rpm.c (Debian's rpm is built without the NDB backend, so
# rpm -qa cannot open the file here).  Run it with /usr/bin/python3.
import struct, sys, rpm
b = open(sys.argv[1], 'rb').read()
npages = struct.unpack_from('<I', b, 12)[0]
for at in range(32, npages * 4096, 16):
    magic, idx, off, cnt = struct.unpack_from('<4sIII', b, at)
    if off == 0:
        continue
    bo = off * 16
    blen = struct.unpack_from('<I', b, bo + 12)[0]
    h = rpm.hdr(b[bo + 16: bo + 16 + blen])
    ep = h[rpm.RPMTAG_EPOCH]
    v = ('%d:' % ep if ep is not None else '') + h[rpm.RPMTAG_VERSION] + '-' + h[rpm.RPMTAG_RELEASE]
    if h[rpm.RPMTAG_NAME] == 'gpg-pubkey':
        continue
    print('%s\t%s\t%s' % (h[rpm.RPMTAG_NAME], v, h[rpm.RPMTAG_SOURCERPM] or ''))
