"""The OLID held-out split and its scoring, shared by scripts/olid-ceiling.py and
scripts/olid-finetune.py (measurements only; the product's own split is in
examples/eval_data/mod.rs: a record is held out when FNV-1a(id) % 5 == 0)."""
import html
import os

import numpy as np

DATA = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "eval", "text", "olid_train.tsv")


def fnv1a(text):
    h = 0x811C9DC5
    for b in text.encode("utf-8"):
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return h


def read_olid():
    """(texts, labels, held-out mask) of the OLID training set, HTML entities decoded."""
    rows = [line.rstrip("\n").split("\t", 2) for line in open(DATA, encoding="utf-8") if line.strip()]
    held = np.array([fnv1a(i) % 5 == 0 for i, _, _ in rows])
    labels = np.array([int(label) for _, label, _ in rows])
    return [html.unescape(t) for _, _, t in rows], labels, held


def best_at_fpr(y, s, max_fpr=0.10):
    """Offensive-class (P, R, F1, FPR) at the score threshold with the best F1 whose FPR
    is at most `max_fpr` (picked on these very scores, so it leans optimistic)."""
    order = np.argsort(-s, kind="mergesort")
    ys, ss = y[order], s[order]
    tp, fp = np.cumsum(ys), np.cumsum(1 - ys)
    cut = np.r_[ss[1:] != ss[:-1], True]
    tp, fp = tp[cut], fp[cut]
    p, r, fpr = tp / (tp + fp), tp / ys.sum(), fp / (len(ys) - ys.sum())
    f1 = np.where(fpr <= max_fpr, 2 * p * r / (p + r + 1e-12), -1)
    k = int(np.argmax(f1))
    return p[k], r[k], f1[k], fpr[k]
