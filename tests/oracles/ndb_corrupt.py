# ndb_corrupt.py IN OUT flip|header - a copy of the rpm NDB database IN
# with its first slot's blob damaged: "flip" changes one byte of the
# header blob (its adler32 no longer matches), "header" sets the header's
# index count to 0xffffff and writes the right adler32 (zlib's), so only
# the header parser can find it.  For tests/suites/sbom_oracles.sh.
import struct
import sys
import zlib

b = bytearray(open(sys.argv[1], 'rb').read())
idx, off, cnt = struct.unpack_from('<III', b, 32 + 4)
bo, bn = off * 16, cnt * 16
if sys.argv[3] == 'header':
    struct.pack_into('>I', b, bo + 16, 0xffffff)
    struct.pack_into('<I', b, bo + bn - 12,
                     zlib.adler32(bytes(b[bo:bo + bn - 12])))
else:
    b[bo + 16 + 100] ^= 0x40
open(sys.argv[2], 'wb').write(b)
