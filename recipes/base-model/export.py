"""Export a trained checkpoint to the embedded default model directory.

usage: /usr/bin/python3 export.py [--ckpt work/ckpt/last.pt] [--out ../../packages/encoder/assets/default-model]
Writes model.onnx (dynamic time axis), tokens.json ({"tokens": [...], "blank": 0}), tokenizer.model,
model.json (the generic model config read by @ctcbias/encoder) and SHA256SUMS.
"""
import argparse
import hashlib
import json
import os
import shutil

import sentencepiece as spm
import torch

from features import FEATURES
from model import PHONES, CtcModel
from train import training_phases

HERE = os.path.dirname(os.path.abspath(__file__))


class Exported(torch.nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, features):
        o = self.model(features)
        return o["logprobs"], o["phone_logprobs"], o["hidden_mid"], o["hidden_last"]


def weights_to_fp16(path, min_elements=1024):
    """Store large float32 initializers as float16 followed by a Cast to float32: halves the file, computation stays
    float32 (onnxruntime folds the casts at session start)."""
    import onnx
    from onnx import helper, numpy_helper

    m = onnx.load(path)
    g = m.graph
    new_inits, casts = [], []
    for init in g.initializer:
        arr = numpy_helper.to_array(init)
        if arr.dtype == "float32" and arr.size >= min_elements:
            half = numpy_helper.from_array(arr.astype("float16"), init.name + "_fp16")
            new_inits.append(half)
            casts.append(helper.make_node("Cast", [half.name], [init.name], to=onnx.TensorProto.FLOAT, name=init.name + "_cast"))
        else:
            new_inits.append(init)
    del g.initializer[:]
    g.initializer.extend(new_inits)
    nodes = list(g.node)
    del g.node[:]
    g.node.extend(casts + nodes)
    onnx.checker.check_model(m)
    onnx.save(m, path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", default=os.path.join(HERE, "work", "ckpt", "last.pt"))
    ap.add_argument("--out", default=os.path.join(HERE, "..", "..", "packages", "encoder", "assets", "default-model"))
    ap.add_argument("--random-init", action="store_true", help="export an untrained model (for plumbing tests only)")
    args = ap.parse_args()
    sp_path = os.path.join(HERE, "work", "sp", "tokenizer.model")
    sp = spm.SentencePieceProcessor(model_file=sp_path)
    if args.random_init:
        model, step = CtcModel(sp.get_piece_size()), 0
    else:
        ck = torch.load(args.ckpt)
        model = CtcModel(**ck["config"])
        model.load_state_dict(ck["model"])
        step = sum(p["steps"] for p in training_phases(ck))
    model.eval()
    os.makedirs(args.out, exist_ok=True)
    onnx_path = os.path.join(args.out, "model.onnx")
    x = torch.randn(1, 301, FEATURES["numMels"])
    torch.onnx.export(Exported(model), (x,), onnx_path, input_names=["features"],
                      output_names=["logprobs", "phone_logprobs", "hidden_mid", "hidden_last"],
                      dynamic_axes={"features": {1: "frames"}, "logprobs": {1: "out_frames"}, "phone_logprobs": {1: "out_frames"},
                                    "hidden_mid": {1: "out_frames"}, "hidden_last": {1: "out_frames"}},
                      opset_version=14, do_constant_folding=True)
    weights_to_fp16(onnx_path)
    shutil.copyfile(sp_path, os.path.join(args.out, "tokenizer.model"))
    tokens = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    json.dump({"tokens": tokens, "blank": 0}, open(os.path.join(args.out, "tokens.json"), "w"), ensure_ascii=False)
    config = {
        "name": "ctcbias-default-en",
        "onnx": "model.onnx",
        "tokens": "tokens.json",
        "tokenizer": "tokenizer.model",
        "features": {k: v for k, v in FEATURES.items() if k != "inputScale"},
        "input": {"name": "features", "layout": "BTF"},
        "subsampling": 4,
        "frameShiftSec": 0.04,
        "outputs": {"logprobs": "logprobs", "phoneLogprobs": "phone_logprobs", "hidden": {"mid": "hidden_mid", "last": "hidden_last"}},
        "outputsAreLogProbs": True,
        # absolute positional encoding, trained on ≤ ~7 s utterances: long audio is run in windows of that size
        "chunk": {"seconds": 6, "contextSeconds": 1},
        "phones": PHONES,
        "trainingStep": step,
    }
    json.dump(config, open(os.path.join(args.out, "model.json"), "w"), indent=2)
    with open(os.path.join(args.out, "SHA256SUMS"), "w") as f:
        for name in ["model.onnx", "tokens.json", "tokenizer.model", "model.json"]:
            f.write(f"{hashlib.sha256(open(os.path.join(args.out, name), 'rb').read()).hexdigest()}  {name}\n")
    print(f"exported step {step} to {args.out}: {os.path.getsize(onnx_path) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
