"""The OLID held-out split and its scoring, shared by scripts/olid-ceiling.py and
scripts/olid-finetune.py (measurements only; the product's own split is in
examples/eval_data/mod.rs: a record is held out when FNV-1a(id) % 5 == 0)."""
import numpy as np

from a2_tweets import tweets


def read_olid():
    """(texts, labels, held-out mask) of the OLID training set, HTML entities decoded, read as
    scripts/a2_tweets.py reads it (the deeper check's scripts and these measures share one reader)."""
    rows = tweets("olid_train.tsv")
    return [t for _, t, _, _ in rows], np.array([int(o) for _, _, o, _ in rows]), np.array([h for *_, h in rows])


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
