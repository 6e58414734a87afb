"""Evaluate a base-model checkpoint: greedy WER and phone error rate on the held-out synthetic test sets, and
greedy WER on a real-speech manifest (evaluation only — never train or tune on it).

usage: /usr/bin/python3 evaluate.py [--ckpt work/ckpt/last.pt] [--real ../../../shared/real-speech/manifest.jsonl]
Prints a JSON summary and writes work/eval.json (export.py puts it in the model card).
"""
import argparse
import json
import os
import wave

import numpy as np
import sentencepiece as spm
import torch

from features import logmel
from model import CtcModel
from train import edit_distance, evaluate, greedy, load_lexicon, load_set, training_phases

HERE = os.path.dirname(os.path.abspath(__file__))
WORK = os.path.join(HERE, "work")


def read_wav(path):
    with wave.open(path, "rb") as w:
        assert w.getframerate() == 16000 and w.getsampwidth() == 2, path
        x = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32) / 32768.0
        return x.reshape(-1, w.getnchannels()).mean(1)


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
    args = ap.parse_args()
    torch.set_num_threads(2)
    sp = spm.SentencePieceProcessor(model_file=os.path.join(WORK, "sp", "tokenizer.model"))
    lex = load_lexicon()
    ck = torch.load(args.ckpt)
    model = CtcModel(**ck["config"])
    model.load_state_dict(ck["model"])
    model.eval()
    phases = training_phases(ck)
    out = {"step": sum(p["steps"] for p in phases), "trainMinutes": round(sum(p["minutes"] for p in phases), 1)}
    for name in ("test_seen", "test_unseen", "entity_test"):
        feats, utts = load_set(name, sp, lex)
        wer, per = evaluate(model, feats, utts, sp)
        out[name] = {"utterances": len(utts), "greedyWER": round(wer, 4), "PER": round(per, 4)}
    if os.path.exists(args.real):
        out["realSpeechGreedyWER"] = round(real_wer(model, sp, args.real), 4)
    json.dump(out, open(os.path.join(WORK, "eval.json"), "w"), indent=2)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
