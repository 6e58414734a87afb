"""Evaluate a base-model checkpoint: greedy WER and phone error rate on the held-out synthetic test sets, and
greedy WER on a real-speech manifest (evaluation only — never train or tune on it).

Sets, in the order reported (each that has been synthesized): bias_test (eval/bias-test: voice families never trained
on — synth.py TEST_FAMILIES — and everyday sentences never trained on; the headline figure), voices_test (the 400
test_seen sentences by the same held-out families), voices_dev and bias_dev (the DEV_FAMILIES; model selection uses
voices_dev), test_seen (held-out sentences, training voices), test_unseen (held-out espeak voices), entity_test.
Per-family figures for every set.

usage: OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 evaluate.py [--ckpt work/ckpt/last.pt] [--threads 2] [--out work/eval.json] [--real ../../../shared/real-speech/manifest.jsonl]
Prints a JSON summary and writes work/eval.json (export.py puts it in the model card).
"""
import argparse
import collections
import glob
import json
import os
import wave

import numpy as np
import sentencepiece as spm
import torch

from features import logmel
from model import CtcModel
from train import edit_distance, greedy, load_lexicon, load_set, training_phases

HERE = os.path.dirname(os.path.abspath(__file__))
WORK = os.path.join(HERE, "work")


def read_wav(path):
    with wave.open(path, "rb") as w:
        assert w.getframerate() == 16000 and w.getsampwidth() == 2, path
        x = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32) / 32768.0
        return x.reshape(-1, w.getnchannels()).mean(1)


def voice_family(voice):
    """engine:voice → its family: the MBROLA language (mbrola:fr3 → mbrola-fr), else the engine (pico, rhvoice, …)."""
    engine, name = voice.split(":", 1)
    return f"mbrola-{name[:2]}" if engine == "mbrola" else engine


@torch.no_grad()
def utterance_errors(model, feats, u, sp):
    """(word errors, words, phone errors, phones) of one utterance under greedy decoding."""
    o = model(feats[u["start"]:u["start"] + u["len"]].float().unsqueeze(0))
    hyp = sp.decode(greedy(o["logprobs"][0], o["logprobs"].shape[1]))
    ref = u["text"].split()
    if u["ph"] is None:
        return edit_distance(ref, hyp.split()), len(ref), 0, 0
    return edit_distance(ref, hyp.split()), len(ref), edit_distance(u["ph"], greedy(o["phone_logprobs"][0], o["phone_logprobs"].shape[1])), len(u["ph"])


def rates(rows):
    e, w, pe, pn = (sum(r[i] for r in rows) for i in range(4))
    return {"greedyWER": round(e / max(w, 1), 4), "PER": round(pe / max(pn, 1), 4)}


@torch.no_grad()
def real_wer(model, sp, manifest):
    errs = words = 0
    root = os.path.dirname(manifest)
    for line in open(manifest):
        u = json.loads(line)
        o = model(logmel(read_wav(os.path.join(root, u["audio"]))).unsqueeze(0))
        hyp = sp.decode(greedy(o["logprobs"][0], o["logprobs"].shape[1]))
        errs += edit_distance(u["text"].split(), hyp.split())
        words += len(u["text"].split())
    return errs / words


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", default=os.path.join(WORK, "ckpt", "last.pt"))
    ap.add_argument("--real", default=os.path.join(HERE, "..", "..", "..", "shared", "real-speech", "manifest.jsonl"))
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--out", default=os.path.join(WORK, "eval.json"))
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    sp = spm.SentencePieceProcessor(model_file=os.path.join(WORK, "sp", "tokenizer.model"))
    lex = load_lexicon()
    ck = torch.load(args.ckpt)
    model = CtcModel(**ck["config"])
    model.load_state_dict(ck["model"])
    model.eval()
    phases = training_phases(ck)
    out = {"step": sum(p["steps"] for p in phases), "trainMinutes": round(sum(p["minutes"] for p in phases), 1)}
    for name in ("bias_test", "voices_test", "voices_dev", "bias_dev", "test_seen", "test_unseen", "entity_test"):
        if not glob.glob(os.path.join(WORK, "feats", name, "shard_*.pt")):
            continue
        feats, utts = load_set(name, sp, lex)
        rows = [utterance_errors(model, feats, u, sp) for u in utts]
        out[name] = {"utterances": len(utts), **rates(rows)}
        families = collections.defaultdict(list)
        for u, row in zip(utts, rows):
            families[voice_family(u["voice"])].append(row)
        out[name]["byFamily"] = {f: {"utterances": len(r), **rates(r)} for f, r in sorted(families.items())}
    if os.path.exists(args.real):
        out["realSpeechGreedyWER"] = round(real_wer(model, sp, args.real), 4)
    json.dump(out, open(args.out, "w"), indent=2)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
