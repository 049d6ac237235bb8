"""Thresholds for the deeper check, calibrated on the scores staff's checks compute: the shipped
int8 model's best-window scores in the Rust engine (not PyTorch's f32 ones), together with the fast
checker's own findings, on the corpus's dev part.

    cargo run --release --example calibration_rows > target/calibration-rows.jsonl
    python3 scripts/a2_calibrate.py --keep target/a2-model/thresholds-pytorch.json --out target/a2-model/thresholds.json
    python3 scripts/a2_export.py --trained target/a2-model --out data/model/a2-minilm-q8.gguf

The measure is the product's: a breach is caught when a finding at medium or above cites the clause
of one of its families, from either stage; a near miss or ordinary post is a false alarm when the
model flags it at all. Each family starts at --floor (`--start floor`, the default) or at the
threshold of its best dev F1, never below the floor (`--start best-f1`, how the models up to the
sixteenth were first calibrated). The floor start catches about two points more breaches on the
dev part's unseen halves (`--cross-check`: 86.0 against 83.7 % for the sixteenth, 85.8 against
83.8 % for a model on rounds 1-20) for about half a point more near misses: best-F1 thresholds fit
the half they are chosen on, and F1 weighs a false alarm like a missed breach where the product
does not. Then, while the model flags more than --max-near-miss of the dev part's near misses or
more than --max-ordinary of its ordinary posts, one family's threshold is raised: of every family
and every higher threshold, the move that clears the most false alarms (each as a share of its
kind, counting only kinds over their limit) for each breach it leaves caught by no right clause
(a breach the fast checker or another family of the same clause already catches costs nothing).
Two limits, not one: near misses are the corpus's hard twins of breaches (the same post from an
official account, a lesson about the topic); ordinary posts are what staff mostly write, a false
alarm there costs their trust most, and the product's target is set on them.
Families whose findings only inform (severity low) keep the threshold --keep gives them.

--cross-check reports how that generalises: calibrated on one half of the dev part, measured on
the other (four random halvings, averaged). Low thresholds chosen on a few hundred drafts flag
about twice as many unseen near misses as seen ones; the floor is what keeps that in hand.
The school-post suite (ordinary staff posts, tests/cases/school-posts.txt) is a limit, not a
measure: the product's target is no medium finding on it, so a family that flags one of its lines
is raised just above that line's score before anything else. The corpus's ordinary posts and the
Scunthorpe suite stay unseen.

The peers' tweets are a third limit (--max-tweets, 1 % by default): of the inoffensive tweets of
OLID's and of Davidson's training parts, the share the model flags and the fast checker does not,
each set on its own. The fast checker alone flags about 8.7 % of the held-out inoffensive tweets
of both; Davidson's target precision of .98 at its recall then leaves room for about 1.2 % more,
and OLID's false-positive-rate target of .10 for about 1.2 %. The held-out 20 % is never read
here. A sample of the training parts' tweets was trained on, as negatives (scripts/a2_model.py's
seeded --abuse-sample: 2,643 of OLID's 7,019 inoffensive training tweets and 665 of Davidson's
3,345 at the shipped recipe's 4,000), so the model's flags there read lower than on tweets it has
never seen. --trained-sample N leaves the tweets a model trained with --abuse-sample N took out of
the limit (0, the default, keeps them all, as the shipped thresholds were calibrated). At the
eighteenth model's thresholds the model alone flags 33 of Davidson's 3,345 inoffensive training
tweets (0.99 %), none of the 665 it trained on: 1.23 % of those it never saw, the whole of the room
the target leaves, which is why Davidson's held-out precision (.9801) clears .98 by one tweet.
Holding the unseen ones to 1 % (--trained-sample 4000) raises discrimination, abuse, bullying and
locate-child, and catches 1,311 of rounds 21-24's 1,482 breaches against 1,329. The twentieth,
shipped after it, flags the same 0.99 % and keeps the same margin (.9801, 81 false alarms).
"""
import argparse
import json
import os
import random
import tomllib

import numpy as np

from a2_tweets import trained_ids

ROOT = os.path.join(os.path.dirname(__file__), "..")
GRID = np.round(np.arange(0.05, 0.991, 0.01), 2)


def families():
    with open(os.path.join(ROOT, "data", "deep-families.toml"), "rb") as f:
        return tomllib.load(f)["family"]


class Drafts:
    """Rows of calibration_rows as arrays: scores, labels, kind, which families fire with a right
    clause, and whether the fast checker already cites one."""

    def __init__(self, rows, names, clause):
        self.s = np.array([r["scores"] for r in rows]).reshape(-1, len(names))
        self.y = np.array([[n in r["labels"] for n in names] for r in rows]).reshape(-1, len(names))
        self.breach = np.array([r["kind"] == "breach" for r in rows], dtype=bool)
        self.near = np.array([r["kind"] == "near_miss" for r in rows], dtype=bool)
        self.ordinary = np.array([r["kind"] == "ordinary" for r in rows], dtype=bool)
        wanted = [{clause[names.index(label)] for label in r["labels"]} for r in rows]
        self.right = np.array([[c in w for c in clause] for w in wanted]).reshape(-1, len(names))
        self.fast_right = np.array([bool(set(r["fast"]) & w) for r, w in zip(rows, wanted)], dtype=bool)
        self.fast_any = np.array([bool(r["fast"]) for r in rows], dtype=bool)

    def state(self, t, counted):
        fires = (self.s >= t) & counted
        return fires.any(axis=1), self.fast_right | (fires & self.right).any(axis=1)

    def model_only(self, t, counted):
        """The model flags the row and the fast checker flags nothing: the model's own false alarm."""
        return ((self.s >= t) & counted).any(axis=1) & ~self.fast_any

    def figures(self, t, counted):
        """Breaches caught with a right clause, near misses flagged, ordinary posts flagged."""
        flagged, caught = self.state(t, counted)
        return caught[self.breach].mean(), flagged[self.near].mean(), flagged[self.ordinary].mean()


def best_f1_threshold(scores, truth, floor):
    best, at = -1.0, GRID[-1]
    for t in GRID[GRID >= floor]:
        pred = scores >= t
        tp, fp, fn = (pred & truth).sum(), (pred & ~truth).sum(), (~pred & truth).sum()
        f1 = 2 * tp / max(2 * tp + fp + fn, 1)
        if f1 > best:
            best, at = f1, t
    return at


def clear_school_posts(t, school, counted, say=None):
    """Raises each family that flags a line of the school-post suite to just above that line's
    score: the product's target is no medium finding on the suite, and the fewest breaches are
    lost by the smallest raise that clears it."""
    t = t.copy()
    for row in school.s:
        for k in np.where(counted & (row >= t))[0]:
            up = GRID[GRID > row[k]][0] if (GRID > row[k]).any() else 1.0
            if say:
                say(k, f"{t[k]:.2f} -> {up:.2f}: a school post cleared")
            t[k] = up
    return t


def calibrate(d, counted, kept, max_near, max_ordinary, floor, say=None, school=None, start="floor",
              tweets=(), max_tweets=1.0):
    """Per-family thresholds: each starts at `floor` (or, with `start="best-f1"`, at its best F1,
    never below `floor`), then the school-post
    suite is cleared, then the raise that clears the most false alarms per breach lost is taken
    until near misses, ordinary posts and the model's own flags on each set of `tweets` are
    within their limits. `say(family, message)` hears each raise."""
    def first(k):
        if not counted[k]:
            return kept[k]
        return best_f1_threshold(d.s[:, k], d.y[:, k], floor) if start == "best-f1" else floor

    t = np.array([first(k) for k in range(len(kept))])
    if school is not None:
        t = clear_school_posts(t, school, counted, say)
    while True:
        flagged, caught = d.state(t, counted)
        alarms = [w.model_only(t, counted) for w in tweets]
        # Each false alarm weighs its share of its kind; only kinds over their limit count. Each
        # set of tweets is a kind of its own.
        weight = np.zeros(len(flagged))
        if flagged[d.near].mean() > max_near:
            weight[d.near] = 1 / d.near.sum()
        if flagged[d.ordinary].mean() > max_ordinary:
            weight[d.ordinary] = 1 / d.ordinary.sum()
        tweet_weights = [np.full(len(a), 1 / len(a)) if a.mean() > max_tweets else np.zeros(len(a))
                         for a in alarms]
        if not weight.any() and not any(w.any() for w in tweet_weights):
            return t
        best = None
        for k in np.where(counted)[0]:
            for up in GRID[GRID > t[k]]:
                trial = t.copy()
                trial[k] = up
                f2, c2 = d.state(trial, counted)
                cleared = (flagged & ~f2) * weight
                cleared_tweets = [(a & ~w.model_only(trial, counted)) * tw if tw.any() else tw
                                  for a, w, tw in zip(alarms, tweets, tweet_weights)]
                total = cleared.sum() + sum(c.sum() for c in cleared_tweets)
                if total == 0:
                    continue
                lost = int((caught & ~c2 & d.breach).sum())
                gain = total / (lost + 0.5)
                if best is None or gain > best[0]:
                    best = (gain, k, up, int((cleared > 0).sum() + sum((c > 0).sum() for c in cleared_tweets)), lost)
        if best is None:
            return t
        _, k, up, cleared, lost = best
        if say:
            say(k, f"{t[k]:.2f} -> {up:.2f}: {cleared} false alarms cleared, {lost} breaches lost")
        t[k] = up


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", default=os.path.join(ROOT, "target", "calibration-rows.jsonl"))
    ap.add_argument("--out", help="thresholds.json for scripts/a2_export.py")
    ap.add_argument("--keep", help="thresholds.json whose low-severity families' thresholds are kept")
    ap.add_argument("--max-near-miss", type=float, default=0.05)
    ap.add_argument("--max-ordinary", type=float, default=0.02)
    ap.add_argument("--max-tweets", type=float, default=0.01,
                    help="the largest share of each peer set's inoffensive training tweets the model alone may flag")
    ap.add_argument("--trained-sample", type=int, default=0,
                    help="the model's --abuse-sample: the tweets it trained on are left out of the tweets' limit (0, the default, keeps them)")
    ap.add_argument("--floor", type=float, default=0.6)
    ap.add_argument("--start", choices=["floor", "best-f1"], default="floor",
                    help="where each family's threshold starts before false alarms raise it")
    ap.add_argument("--cross-check", action="store_true")
    args = ap.parse_args()

    fam = families()
    names = [f["name"] for f in fam]
    clause = [f["clause"] for f in fam]
    counted = np.array([f["severity"] != "low" for f in fam])
    rows = [json.loads(line) for line in open(args.rows, encoding="utf-8")]
    dev = [r for r in rows if r["kind"] in ("breach", "near_miss", "ordinary")]
    school = Drafts([r for r in rows if r["kind"] == "school_post"], names, clause)
    tweet_kinds = sorted({r["kind"] for r in rows if r["kind"].startswith("tweet_")})
    if tweet_kinds and args.trained_sample > 0:
        if all("id" in r for r in rows if r["kind"] in tweet_kinds):
            trained = trained_ids(args.trained_sample)
            rows = [r for r in rows if r.get("id") not in trained]
        else:
            print("note: the tweets' rows carry no ids (an older calibration_rows): the trained-on tweets stay in the limit")
    tweets = [Drafts([r for r in rows if r["kind"] == k], names, clause) for k in tweet_kinds]
    if not tweets:
        print("note: the rows hold no tweets (an older calibration_rows): no limit on the peers' tweets")
    kept_file = json.load(open(args.keep)) if args.keep else {}
    kept = [kept_file.get(n, 0.5) for n in names]

    if args.cross_check:
        results = []
        for seed in range(4):
            order = list(range(len(dev)))
            random.Random(seed).shuffle(order)
            half = len(order) // 2
            a = Drafts([dev[i] for i in order[:half]], names, clause)
            b = Drafts([dev[i] for i in order[half:]], names, clause)
            t = calibrate(a, counted, kept, args.max_near_miss, args.max_ordinary, args.floor, school=school,
                          start=args.start, tweets=tweets, max_tweets=args.max_tweets)
            results.append(a.figures(t, counted) + b.figures(t, counted))
        r = np.array(results).mean(axis=0)
        print(f"start {args.start}, floor {args.floor}, near misses <= {args.max_near_miss}, ordinary <= {args.max_ordinary}: "
              f"calibrated half caught {r[0]:.1%}, near misses {r[1]:.1%}, ordinary {r[2]:.1%}; "
              f"the other half caught {r[3]:.1%}, near misses {r[4]:.1%}, ordinary {r[5]:.1%}")
        return

    d = Drafts(dev, names, clause)

    def say(k, message):
        print(f"  raise {names[k]} {message}")

    t = calibrate(d, counted, kept, args.max_near_miss, args.max_ordinary, args.floor, say=say, school=school,
                  start=args.start, tweets=tweets, max_tweets=args.max_tweets)
    caught, near, ordinary = d.figures(t, counted)
    school_flagged = int(((school.s >= t) & counted).any(axis=1).sum())
    print(f"dev: breaches caught with a right clause {caught:.1%}, the model flags {near:.1%} of near "
          f"misses and {ordinary:.1%} of ordinary posts; {school_flagged} of {len(school.s)} school posts")
    for kind, w in zip(tweet_kinds, tweets):
        print(f"  {kind}: the model alone flags {w.model_only(t, counted).mean():.2%} of {len(w.s)} inoffensive training tweets")
    for k, n in enumerate(names):
        print(f"  {n:<17} {t[k]:.2f}")
    if args.out:
        json.dump({n: float(v) for n, v in zip(names, t)}, open(args.out, "w"), indent=1)


if __name__ == "__main__":
    main()
