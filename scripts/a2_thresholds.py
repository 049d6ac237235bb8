"""Writes a copy of a model file with new thresholds: the same weights, tokenizer and families,
byte for byte, with only `safepost.thresholds` replaced. For calibrating a shipped model again
(scripts/a2_calibrate.py on its calibration rows) when its trained weights (model.pt) are not at
hand (scripts/a2_export.py writes a model file from model.pt and thresholds.json).

    pip install gguf==0.19.0
    python3 scripts/a2_thresholds.py --model data/model/a2-minilm-q8.gguf --thresholds T.json --out OUT.gguf

The thresholds file names every family of the model, in any order (a2_calibrate.py's --out).
"""
import argparse
import json
import os

import numpy as np
from gguf import GGUFReader


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--thresholds", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    try:
        reader = GGUFReader(args.model)
    except (OSError, ValueError) as e:
        raise SystemExit(f"{args.model}: not a model file ({e})")
    fields = reader.fields
    if "safepost.families" not in fields or "safepost.thresholds" not in fields:
        raise SystemExit(f"{args.model}: not a SafePost model file (no families or thresholds)")
    names = [str(bytes(fields["safepost.families"].parts[i]), "utf-8") for i in fields["safepost.families"].data]
    wanted = json.load(open(args.thresholds))
    if sorted(wanted) != sorted(names):
        raise SystemExit(f"{args.thresholds} names {sorted(wanted)}, the model {names}")
    values = np.array([wanted[n] for n in names], dtype=np.float32)
    if not ((values >= 0) & (values <= 1)).all():
        raise SystemExit(f"{args.thresholds}: a threshold outside 0..1")

    # The thresholds are an array of f32 stored inline in the metadata: patch them in place.
    field = fields["safepost.thresholds"]
    base = reader.data.__array_interface__["data"][0]
    data = bytearray(reader.data.tobytes())
    for value, index in zip(values, field.data):
        part = field.parts[index]
        if part.dtype != np.float32 or part.size != 1 or not np.shares_memory(part, reader.data):
            raise SystemExit(f"{args.model}: thresholds are not f32 values read in place")
        at = part.__array_interface__["data"][0] - base
        data[at:at + 4] = value.tobytes()
    with open(args.out, "wb") as f:
        f.write(data)
    # Read back: the new thresholds, and every other field and tensor as it was.
    out = GGUFReader(args.out)
    got = out.fields["safepost.thresholds"]
    if [float(got.parts[i][0]) for i in got.data] != [float(v) for v in values] or [
        t.name for t in out.tensors
    ] != [t.name for t in reader.tensors] or list(out.fields) != list(fields):
        os.remove(args.out)
        raise SystemExit(f"{args.out}: the copy did not read back as written; removed")
    print(f"{args.out}: " + ", ".join(f"{n} {v:.2f}" for n, v in zip(names, values)))


if __name__ == "__main__":
    main()
