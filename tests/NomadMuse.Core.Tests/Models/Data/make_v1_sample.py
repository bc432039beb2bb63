#!/usr/bin/env python3
"""Writes v1-sample.nmm from docs/model-format.md alone, independently of the C# writer.

The C# test ModelFileGoldenTests reads the committed output (and checks that the C# writer reproduces it), so a reader change that breaks version-1 files fails.
"""
import hashlib
import json
import struct

metadata = {
    "architecture": "golden",
    "hyperparameters": {"hidden": 2, "vocab": 3},
    "vocabulary": ["a", "b", "c"],
    "trainingDataHash": "sha256:feed",
    "metrics": {"accuracy": 0.75},
    "createdUtc": "2026-01-02T03:04:05+00:00",
    "extra": {"note": "written by make_v1_sample.py", "nested": {"list": [1, 2, 3]}},
}
body = bytearray(b"NMMODEL\x1a")
body += struct.pack("<HH", 1, 0)
meta = json.dumps(metadata, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
body += struct.pack("<I", len(meta)) + meta
body += struct.pack("<I", 2)


def record(name, type_code, shape):
    encoded = name.encode("utf-8")
    out = struct.pack("<H", len(encoded)) + encoded + struct.pack("<BB", type_code, len(shape))
    return out + b"".join(struct.pack("<i", d) for d in shape)


body += record("w", 1, [2, 3]) + struct.pack("<6f", 0.5, -1.0, 2.0, 0.25, -0.125, 3.0)
body += record("q", 2, [2, 2]) + struct.pack("<2f", 0.5, 0.25) + struct.pack("<4b", 1, -2, 127, -128)
body += hashlib.sha256(body).digest()
with open("v1-sample.nmm", "wb") as f:
    f.write(body)
