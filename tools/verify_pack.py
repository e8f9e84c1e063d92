#!/usr/bin/env python3
"""Independent verifier for a CaseLedger evidence pack (format 1, see events/README.md). Standard library only.
Usage: verify_pack.py PACK [CHECKPOINT]   Exit 0 and one line if every line is proved; 1 naming the first fault."""
import base64, hashlib, json, re, sys

FRAME = re.compile(rb'\{"event":(.*),"sha256":"([0-9a-f]{64})","chain":"([0-9a-f]{64})"\}', re.S)

def node(left, right): return hashlib.sha256(b"\x01" + left + right).digest()

def parse_checkpoint(text):  # C2SP tlog-checkpoint body (a signed note's signatures are ignored)
    origin, size, root = text.split("\n\n")[0].split("\n")[:3]
    if not origin or str(int(size)) != size: raise ValueError("not a checkpoint")
    root = base64.b64decode(root, validate=True)
    if len(root) != 32: raise ValueError("checkpoint root is not 32 bytes")
    return origin, int(size), root

def root_from_inclusion(index, size, leaf, proof):  # RFC 9162 section 2.1.3.2
    if index >= size: raise ValueError(f"leaf index {index} is not below tree size {size}")
    inner = (index ^ (size - 1)).bit_length()
    if len(proof) != inner + bin(index >> inner).count("1"): raise ValueError("inclusion proof has the wrong length")
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if fn & 1 or fn == sn:
            r = node(p, r)
            while not fn & 1 and fn: fn, sn = fn >> 1, sn >> 1
        else: r = node(r, p)
        fn, sn = fn >> 1, sn >> 1
    return r

def verify(pack_path, trusted_path=None):
    rows = open(pack_path, "rb").read().split(b"\n")
    if rows.pop() != b"": return "the pack does not end in a newline (truncated?)"
    try:
        header = json.loads(rows[0])
        if header["format"] != "caseledger-evidence-pack" or header["formatVersion"] != 1: return "not an evidence pack of format 1"
        origin, size, root = parse_checkpoint(header["checkpoint"])
    except (ValueError, KeyError, IndexError) as e: return f"pack line 1 (header) unreadable: {e}"
    if trusted_path and parse_checkpoint(open(trusted_path).read()) != (origin, size, root):
        return "the pack's checkpoint is not the trusted checkpoint given"
    if len(rows) - 1 != header["lineCount"]:
        return f"the pack has {len(rows) - 1} lines but its header says {header['lineCount']}: a line was dropped or added"
    previous = 0
    for number, raw in enumerate(rows[1:], start=2):
        where = f"pack line {number}"
        try:
            record = json.loads(raw)
            sequence, line = record["sequence"], record["line"].encode("utf-8")
            proof = [base64.b64decode(h, validate=True) for h in record["inclusionProof"]]
            where += f" (sequence {sequence})"
            m = FRAME.fullmatch(line)
            if not m: return f"unparsable log line at {where}"
            content, stored_hash, stored_chain = m.group(1), m.group(2).decode(), m.group(3).decode()
            content_hash = hashlib.sha256(content).digest()
            if content_hash.hex() != stored_hash: return f"content hash mismatch at {where}: the line's bytes changed"
            event = json.loads(content)
            if event["sequence"] != sequence: return f"the line at {where} holds sequence {event['sequence']}"
            if event["stream"] != header["stream"]: return f"the line at {where} is of stream {event['stream']}"
            if sequence <= previous: return f"{where} is out of order: sequence {sequence} after {previous}"
            if hashlib.sha256(bytes.fromhex(record["previousChain"]) + content_hash).hexdigest() != stored_chain:
                return f"chain value at {where} does not follow from previousChain"
            computed = root_from_inclusion(sequence - 1, size, hashlib.sha256(b"\x00" + content_hash).digest(), proof)
            if computed != root: return f"inclusion proof at {where} does not lead to the checkpoint's root"
        except (ValueError, KeyError, TypeError) as e: return f"{where} unreadable or its proof fails: {e}"
        previous = sequence
    return (len(rows) - 1, header["stream"], origin, size, base64.b64encode(root).decode())

if __name__ == "__main__":
    result = verify(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
    if isinstance(result, str):
        print("FAILED: " + result)
        sys.exit(1)
    print("verified: %d lines of %s are in %s at tree size %d, root %s" % result)
