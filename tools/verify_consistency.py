#!/usr/bin/env python3
"""Checks a CaseLedger consistency proof (format 1, see events/README.md): the NEW checkpoint's tree extends OLD's.
Usage: verify_consistency.py OLD NEW PROOF   Exit 0 and one line if consistent; 1 and the reason otherwise."""
import base64, os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from verify_pack import node, parse_checkpoint

def verify_consistency(size1, size2, root1, root2, proof):  # RFC 9162 section 2.1.4.2
    if size1 > size2: raise ValueError(f"older tree size {size1} is larger than newer {size2}")
    if size1 == size2 or size1 == 0:
        if proof or (size1 == size2 and root1 != root2): raise ValueError("trees of equal size differ, or the proof is not empty")
        return
    index = size1 - 1
    inner = (index ^ (size2 - 1)).bit_length()
    complete = size1 & index == 0
    need = (0 if complete else 1) + inner - ((size1 & -size1).bit_length() - 1) + bin(index >> inner).count("1")
    if len(proof) != need: raise ValueError(f"the proof has {len(proof)} hashes where {need} are needed")
    path = [root1] + proof if complete else proof
    fn, sn = index, size2 - 1
    while fn & 1: fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0: raise ValueError("the proof is too long")
        if fn & 1 or fn == sn:
            fr, sr = node(c, fr), node(c, sr)
            while not fn & 1 and fn: fn, sn = fn >> 1, sn >> 1
        else: sr = node(sr, c)
        fn, sn = fn >> 1, sn >> 1
    if fr != root1: raise ValueError("the proof does not lead to the older root: the log was not extended from it")
    if sr != root2: raise ValueError("the proof does not lead to the newer root")

if __name__ == "__main__":
    try:
        (o1, size1, root1), (o2, size2, root2) = (parse_checkpoint(open(p).read()) for p in sys.argv[1:3])
        lines = open(sys.argv[3]).read().split("\n")
        if lines[0] != "caseledger-consistency-proof 1" or lines.pop() != "": raise ValueError("not a consistency proof of format 1")
        if (int(lines[1]), int(lines[2])) != (size1, size2): raise ValueError("the proof's tree sizes are not the checkpoints'")
        if o1 != o2: raise ValueError(f"the checkpoints name different logs: {o1} and {o2}")
        verify_consistency(size1, size2, root1, root2, [base64.b64decode(h, validate=True) for h in lines[3:]])
    except (ValueError, IndexError, OSError) as e:
        print(f"FAILED: {e}")
        sys.exit(1)
    print(f"consistent: {o2} at tree size {size2} extends tree size {size1}")
