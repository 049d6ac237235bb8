"""OLID's and Davidson's tweets as the deeper check's scripts read them (development data beside
the repository, never copied into it), and the seeded sample of them scripts/a2_model.py trains on,
so scripts/a2_calibrate.py can leave those out of its limit on the model's false alarms. Kept free
of PyTorch so the calibration does not need it."""
import html
import os
import random

ROOT = os.path.join(os.path.dirname(__file__), "..")
EVAL = os.path.join(ROOT, "..", "shared", "eval", "text")
FILES = ("olid_train.tsv", "davidson.tsv")  # in the order the training samples them


def fnv1a(text):
    h = 0x811C9DC5
    for b in text.encode("utf-8"):
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return h


def tweets(file):
    """(id, text, offensive, held out) of a development file; held out when FNV-1a(id) % 5 == 0
    (as examples/eval_data reads them)."""
    rows = []
    for line in open(os.path.join(EVAL, file), encoding="utf-8"):
        parts = line.rstrip("\n").split("\t", 2)
        # A label other than 0 or 1 is not a tweet's: skipped, never taken as inoffensive.
        if len(parts) == 3 and parts[1] in ("0", "1"):
            rows.append((parts[0], html.unescape(parts[2]), parts[1] == "1", fnv1a(parts[0]) % 5 == 0))
    return rows


def training_sample(sets, n, rng):
    """For each set of `tweets` rows (in FILES' order), the rows of its training part (not held
    out) that training takes: `n` of them, drawn in turn with `rng` (seeded once by the caller,
    so the sample is the same on every run)."""
    out = []
    for rows in sets:
        pool = [r for r in rows if not r[3]]
        out.append([pool[i] for i in rng.sample(range(len(pool)), min(len(pool), n))])
    return out


def trained_ids(n):
    """The ids of the tweets scripts/a2_model.py trains on with `--abuse-sample n`."""
    sets = training_sample([tweets(f) for f in FILES], n, random.Random(0))
    return {r[0] for rows in sets for r in rows}
