#!/usr/bin/env python3
"""Independent verifier for a CaseLedger log (format 1, see events/README.md). Standard library only.
Usage: verify_ledger.py DIR [SEQ:HASH]   Exit 0 and one line if intact; 1 and the first fault otherwise."""
import hashlib, json, os, re, sys

def verify(directory, digest=None):
    names = sorted(n for n in os.listdir(directory) if re.fullmatch(r"segment-\d{16}\.jsonl", n))
    chain, seq, last_recorded, batch, want = bytes(32), 0, "", None, digest
    for i, name in enumerate(names):
        data = open(os.path.join(directory, name), "rb").read()
        if not data and i < len(names) - 1: return f"empty segment {name}"
        offset, lines = 0, data.split(b"\n")
        tail = lines.pop()  # bytes after the last LF: empty unless a write was torn
        for line in lines:
            where = f"sequence {seq + 1}, segment {name}, byte offset {offset}"
            m = re.fullmatch(rb'\{"event":(.*),"sha256":"([0-9a-f]{64})","chain":"([0-9a-f]{64})"\}', line, re.S)
            if not m: return f"unparsable line at {where}"
            content, stored_hash, stored_chain = m.group(1), m.group(2).decode(), m.group(3).decode()
            content_hash = hashlib.sha256(content).digest()
            if content_hash.hex() != stored_hash: return f"content hash mismatch at {where}"
            event = json.loads(content)
            if event["sequence"] != seq + 1 or (offset == 0 and int(name[8:24]) != seq + 1):
                return f"sequence out of order at {where}: found {event['sequence']}"
            chain = hashlib.sha256(chain + content_hash).digest()
            if chain.hex() != stored_chain: return f"hash chain broken at {where}"
            if event["recordedAt"] < last_recorded: return f"recordedAt went backwards at {where}"
            b = event["batch"]
            if b["index"] != (batch["index"] + 1 if batch else 1) or (batch and b["size"] != batch["size"]):
                return f"batch framing broken at {where}"
            batch = None if b["index"] == b["size"] else b
            seq, last_recorded = event["sequence"], event["recordedAt"]
            if want and want[0] == seq and want[1] != chain.hex():
                return f"digest mismatch at sequence {seq}"
            offset += len(line) + 1
        if tail:
            return f"torn tail at sequence {seq + 1}, segment {name}, byte offset {offset}"
    if batch: return f"incomplete batch at sequence {seq}"
    if want and want[0] > seq:
        return f"digest mismatch: the log ends at {seq}, before sequence {want[0]}"
    return (seq, chain.hex())

if __name__ == "__main__":
    digest = None
    if len(sys.argv) > 2:
        s, h = sys.argv[2].split(":")
        digest = (int(s), h.lower())
    result = verify(sys.argv[1], digest)
    if isinstance(result, str):
        print("FAILED: " + result)
        sys.exit(1)
    print(f"intact: {result[0]} events, head {result[0]}:{result[1]}")
