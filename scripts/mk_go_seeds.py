#!/usr/bin/env python3
# mk_go_seeds.py DIR - writes the fuzz seeds of fuzz/fuzz_sbom_bin.c: two
# small ELF files with Go build information, the inline form (64-bit
# little endian, .go.buildinfo section) and the pointer form (32-bit big
# endian, no sections), laid out as tests/unit/sbom/test_sbom_bin.c
# builds them.  Run once; the seeds are kept in fuzz/corpus/sbom_bin.
import os
import struct
import sys

SA = b'0w\xaf\x0c\x92t\x08\x02A\xe1\xc1\x07\xe6\xd6\x18\xe6'
SB = b'\xf92C1\x86\x18 r\x00\x82B\x10A\x16\xd8\xf2'
MOD = (b'path\texample.com/app\nmod\texample.com/app\tv1.0.0\th1:a=\n'
       b'dep\tgithub.com/a/b\tv1.2.3\th1:b=\n'
       b'dep\tgolang.org/x/text\tv0.3.7\th1:c=\n=>\tgolang.org/x/text\tv0.3.8\th1:d=\n')


def uvarint(n):
    out = b''
    while n >= 0x80:
        out += bytes([(n & 0x7f) | 0x80])
        n >>= 7
    return out + bytes([n])


def inline():
    b = bytearray(0x1000)
    b[0:7] = b'\x7fELF\x02\x01\x01'
    struct.pack_into('<HHIQQQIHHHHHH', b, 16, 2, 62, 1, 0, 64, 0xc00, 0, 64, 56, 1, 64, 3, 2)
    struct.pack_into('<IIQQQQQQ', b, 64, 1, 6, 0, 0x400000, 0x400000, 0x1000, 0x1000, 0x1000)
    b[0xb00:0xb1a] = b'\0.go.buildinfo\0.shstrtab\0'
    struct.pack_into('<IIQQQQ', b, 0xc40, 1, 1, 0, 0, 0x200, 0x400)
    struct.pack_into('<IIQQQQ', b, 0xc80, 15, 3, 0, 0, 0xb00, 26)
    mod = SA + MOD + SB
    h = b'\xff Go buildinf:\x08\x02' + bytes(16) + uvarint(8) + b'go1.21.4' + uvarint(len(mod)) + mod
    b[0x200:0x200 + len(h)] = h
    return bytes(b)


def pointer():
    b = bytearray(0x1000)
    b[0:7] = b'\x7fELF\x01\x02\x01'
    struct.pack_into('>HHIIIIIHHHHHH', b, 16, 2, 20, 1, 0, 52, 0, 0, 52, 32, 1, 40, 0, 0)
    struct.pack_into('>IIIIIIII', b, 52, 1, 0, 0x10000, 0x10000, 0x1000, 0x1000, 6, 0x1000)
    b[0x100:0x108] = b'go1.16.5'
    mod = SA + MOD + SB
    b[0x140:0x140 + len(mod)] = mod
    b[0x400:0x410] = b'\xff Go buildinf:\x04\x01'
    struct.pack_into('>II', b, 0x410, 0x10500, 0x10508)
    struct.pack_into('>IIII', b, 0x500, 0x10100, 8, 0x10140, len(mod))
    return bytes(b)


os.makedirs(sys.argv[1], exist_ok=True)
for name, data in (('inline.elf', inline()), ('pointer.elf', pointer())):
    with open(os.path.join(sys.argv[1], name), 'wb') as f:
        f.write(data)
