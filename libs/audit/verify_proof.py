#!/usr/bin/env python3
"""Independent RFC 9162 proof verifier (Python standard library only).

Reads JSON from stdin: one proof object or a list of them, each either
  inclusion:   {"leafIndex", "treeSize", "leafHash", "auditPath": [hex], "rootHash"}
  consistency: {"from", "to", "fromRoot", "toRoot", "consistencyPath": [hex]}
Hashes are lowercase hex SHA-256; leafHash is SHA-256(0x00 || event hash).
Prints one JSON line per proof {"kind", "valid"}; exit status 0 iff all are valid.
Written from RFC 9162 sections 2.1.3.2 and 2.1.4.2, not from the ledger's code.
"""
import hashlib, json, sys

def node(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()

def unhex(h):
    b = bytes.fromhex(h)
    if len(b) != 32 or h != h.lower():
        raise ValueError("not a lowercase hex SHA-256: %r" % h)
    return b

def verify_inclusion(index, size, leaf, path, root):
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node(p, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root

def verify_consistency(first, second, first_root, second_root, path):
    if first > second or first < 0:
        return False
    if first == second:
        return not path and first_root == second_root
    if first == 0:
        return not path and first_root == hashlib.sha256(b"").digest()
    if not path:
        return False
    if first & (first - 1) == 0:
        path = [first_root] + path
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node(c, fr), node(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return fr == first_root and sr == second_root and sn == 0

def check(p):
    try:
        if "auditPath" in p:
            return "inclusion", verify_inclusion(int(p["leafIndex"]), int(p["treeSize"]), unhex(p["leafHash"]),
                                                 [unhex(h) for h in p["auditPath"]], unhex(p["rootHash"]))
        return "consistency", verify_consistency(int(p["from"]), int(p["to"]), unhex(p["fromRoot"]), unhex(p["toRoot"]),
                                                 [unhex(h) for h in p["consistencyPath"]])
    except (KeyError, ValueError, TypeError) as e:
        return "malformed: %s" % e, False

if __name__ == "__main__":
    doc = json.load(sys.stdin)
    results = [check(p) for p in (doc if isinstance(doc, list) else [doc])]
    for kind, valid in results:
        print(json.dumps({"kind": kind, "valid": valid}))
    sys.exit(0 if all(v for _, v in results) else 1)
