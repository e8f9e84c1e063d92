#!/usr/bin/env python3
"""Independent verifier for a CaseLedger log (format 1, see events/README.md). Standard library only.
Usage: verify_ledger.py DIR [SEQ:HASH]
Exit 0 and one line if intact; 1 and the first fault if damaged (manifest included);
64 for a bad command line or digest; 73 if DIR is not a readable directory."""
import fcntl, hashlib, json, os, re, sys

SEGMENT = re.compile(r"segment-[0-9]{16}\.jsonl")
STR = rb'"(?:[^"\\\x00-\x1f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"'
NUM = rb"(0|[1-9][0-9]*)"
INSTANT = rb'"([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z)"'
LINE = re.compile(rb'\{"event":(.*),"sha256":"([0-9a-f]{64})","chain":"([0-9a-f]{64})"\}', re.S)
HEADER = re.compile(rb'\{"sequence":' + NUM + rb',"eventId":' + STR + rb',"type":' + STR + rb',"schemaVersion":' + NUM
                    + rb',"stream":' + STR + rb',"occurredAt":' + INSTANT + rb',"recordedAt":' + INSTANT
                    + rb',"actor":\{"id":' + STR + rb',"role":(' + STR + rb')(?:,"account":' + STR + rb')?\},"source":(' + STR + rb'),"correlationId":'
                    + STR + rb',"batch":\{"index":' + NUM + rb',"size":' + NUM + rb'\},"data":\{.*\}\}', re.S)
STRINGS = re.compile(STR)


class Usage(Exception): pass
class Unreadable(Exception): pass


def real_date(instant):
    y, m, d = int(instant[0:4]), int(instant[5:7]), int(instant[8:10])
    leap = y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
    days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return 1 <= m <= 12 and 1 <= d <= days[m - 1] and int(instant[11:13]) < 24 and int(instant[14:16]) < 60 \
        and int(instant[17:19]) < 60


def header(content):
    """The header fields a verifier checks, or None if the content is not the envelope's grammar."""
    m = HEADER.fullmatch(content)
    if not m: return None
    seq, schema, occurred, recorded, _role, source, index, size = (m.group(i) for i in (1, 2, 3, 4, 5, 6, 7, 8))
    strings = [json.loads(s) for s in STRINGS.findall(content[:m.start(7)])]
    if any(0xD800 <= ord(c) <= 0xDFFF for s in strings for c in s): return None  # lone surrogate
    source = json.loads(source)  # the role is any string: verification does not judge the vocabulary
    seq, schema, index, size = int(seq), int(schema), int(index), int(size)
    parts = source.split(":")
    source_ok = source == "command" or (len(parts) == 3 and parts[0] == "import" and parts[1] != ""
                                        and re.fullmatch(r"[+-]?[0-9]+", parts[2]) and -2**63 <= int(parts[2]) < 2**63)
    if not (seq < 2**64 and schema <= 2**31 - 1 and 1 <= index <= size <= 2**31 - 1 and source_ok
            and real_date(occurred.decode()) and real_date(recorded.decode())):
        return None
    return seq, recorded.decode(), index, size


def no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)): raise ValueError("duplicate key")
    return dict(pairs)


def check_manifest(directory, has_segments):
    path = os.path.join(directory, "ledger.json")
    if not os.path.exists(path):
        return "segments but no manifest ledger.json" if has_segments else None
    try:
        manifest = json.loads(open(path, "rb").read().decode("utf-8"), object_pairs_hook=no_duplicates,
                              parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c)))
    except (ValueError, UnicodeDecodeError) as error:
        return f"manifest ledger.json is not strict JSON: {error}"
    want = {"format": "caseledger-log", "formatVersion": 1, "hashAlgorithm": "sha256", "genesis": "0" * 64}
    if not isinstance(manifest, dict): return "manifest ledger.json is not a JSON object"
    for key, value in want.items():
        if key not in manifest or type(manifest[key]) is not type(value) or manifest[key] != value:
            return f"manifest ledger.json: {key} is {manifest.get(key, 'missing')!r}, expected {value!r}"
    return None


class Tail(str):
    """A fault confined to the end of the last segment (torn write, unfinished batch): in flight
    while a writer holds LOCK, damage otherwise (a writer quarantines it on open)."""


def writer_active(directory):
    try:
        fd = os.open(os.path.join(directory, "LOCK"), os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(fd)


def verify(directory, digest=None):
    try:
        names = sorted(n for n in os.listdir(directory) if SEGMENT.fullmatch(n))
    except OSError as error:
        raise Unreadable(f"{directory}: {error.strerror}")
    fault = check_manifest(directory, bool(names))
    if fault: return fault
    chain, seq, last_recorded, batch, want = bytes(32), 0, "", None, digest
    for i, name in enumerate(names):
        data = open(os.path.join(directory, name), "rb").read()
        if not data and i < len(names) - 1: return f"empty segment {name}, sequence {seq + 1}"
        if int(name[8:24]) != seq + 1:
            return f"segment {name} is named for sequence {int(name[8:24])}, but it must start at sequence {seq + 1}"
        offset, lines = 0, data.split(b"\n")
        tail = lines.pop()  # bytes after the last LF: empty unless a write was torn
        last = i == len(names) - 1
        for number, line in enumerate(lines):
            where = f"sequence {seq + 1}, segment {name}, byte offset {offset}"
            m = LINE.fullmatch(line)
            if not m:
                message = f"unparsable line at {where}"
                return Tail(message) if last and number == len(lines) - 1 and not tail else message
            content, stored_hash, stored_chain = m.group(1), m.group(2).decode(), m.group(3).decode()
            content_hash = hashlib.sha256(content).digest()
            if content_hash.hex() != stored_hash: return f"content hash mismatch at {where}"
            fields = header(content)
            if fields is None: return f"malformed envelope at {where}"
            sequence, recorded, index, size = fields
            if sequence != seq + 1: return f"sequence out of order at {where}: found {sequence}"
            chain = hashlib.sha256(chain + content_hash).digest()
            if chain.hex() != stored_chain: return f"hash chain broken at {where}"
            if recorded < last_recorded: return f"recordedAt went backwards at {where}"
            if index != (batch[0] + 1 if batch else 1) or (batch and (size, recorded) != (batch[1], batch[2])):
                return f"batch framing broken at {where}"
            batch = None if index == size else (index, size, recorded)
            seq, last_recorded = sequence, recorded
            if want and want[0] == seq and want[1] != chain.hex():
                return f"digest mismatch at sequence {seq}"
            offset += len(line) + 1
        if batch:
            message = f"incomplete batch at sequence {seq}, segment {name} (a batch never spans segments)"
            return Tail(message) if last else message
        if tail:
            message = f"torn tail at sequence {seq + 1}, segment {name}, byte offset {offset}"
            return Tail(message) if last else message
    if want and want[0] > seq:
        return f"digest mismatch: the log ends at {seq}, before sequence {want[0]} (truncated, or another log)"
    return (seq, chain.hex())


def parse_digest(text):
    m = re.fullmatch(r"(0|[1-9][0-9]*):([0-9a-fA-F]{64})", text)
    if not m or int(m.group(1)) >= 2**64:
        raise Usage(f"digest must be SEQ:HASH (SEQ a decimal sequence number without sign or leading zeros, "
                    f"HASH 64 hex digits); got {text!r}")
    seq, hash_hex = int(m.group(1)), m.group(2).lower()
    if seq == 0 and hash_hex != "0" * 64:
        raise Usage(f"a digest at sequence 0 names the empty log, whose hash is 64 zeros; got {text!r}")
    return seq, hash_hex


if __name__ == "__main__":
    try:
        if len(sys.argv) not in (2, 3): raise Usage("usage: verify_ledger.py DIR [SEQ:HASH]")
        digest = parse_digest(sys.argv[2]) if len(sys.argv) == 3 else None
        if not os.path.isdir(sys.argv[1]): raise Unreadable(f"{sys.argv[1]} is not a directory")
        result = verify(sys.argv[1], digest)
    except Usage as error:
        print(f"verify_ledger.py: {error}", file=sys.stderr)
        sys.exit(64)
    except Unreadable as error:
        print(f"verify_ledger.py: {error}", file=sys.stderr)
        sys.exit(73)
    if isinstance(result, Tail) and writer_active(sys.argv[1]):
        print(f"intact up to an append in flight (a writer holds LOCK): {result}")
        sys.exit(0)
    if isinstance(result, str):
        print("FAILED: " + result)
        sys.exit(1)
    print(f"intact: {result[0]} events, head {result[0]}:{result[1]}")
