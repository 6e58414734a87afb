"""Train the contextual adapter on the FROZEN base model, export it to ONNX, evaluate it.

usage: OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 train_adapter.py [--steps 1500] [--max-utts 8000]
Needs recipes/base-model/work (train shards, text, tokenizer, ckpt/last.pt). Writes work/adapter.pt,
packages/adapter/assets/default-adapter/{entry_encoder.onnx,biaser.onnx,adapter.json} and work/eval.json.
"""
import argparse
import collections
import json
import os
import random
import sys
import time

import sentencepiece as spm
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
BASE = os.path.join(HERE, "..", "base-model")
sys.path.insert(0, BASE)
from model import CtcModel  # noqa: E402
from train import greedy, load_lexicon, load_set  # noqa: E402

from adapter import Biaser, EntryEncoder  # noqa: E402

WORK = os.path.join(HERE, "work")
OUT = os.path.join(HERE, "..", "..", "packages", "adapter", "assets", "default-adapter")


@torch.no_grad()
def hidden_states(model, feats, utts, with_logprobs=False):
    model.eval()
    out = []
    for u in utts:
        x = feats[u["start"]:u["start"] + u["len"]].float().unsqueeze(0)
        o = model(x)
        out.append((o["hidden_mid"][0].half(), o["hidden_last"][0].half()) + ((o["logprobs"][0],) if with_logprobs else ()))
    return out


def tokenize_entries(sp, words, max_len=32):
    ids = [sp.encode(w)[:max_len] for w in words]
    L = max(1, max(len(i) for i in ids)) if ids else 1
    tokens = torch.zeros(len(ids), L, dtype=torch.long)
    for k, i in enumerate(ids):
        tokens[k, :len(i)] = torch.tensor(i)
    return tokens, torch.tensor([len(i) for i in ids], dtype=torch.long)


def rare_words(text, rare):
    return [w for w in dict.fromkeys(text.split()) if w in rare]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=1500)
    ap.add_argument("--max-utts", type=int, default=8000)
    ap.add_argument("--batch", type=int, default=24)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--ckpt", default=os.path.join(BASE, "work", "ckpt", "last.pt"))
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    rng = random.Random(0)
    os.makedirs(WORK, exist_ok=True)
    sp = spm.SentencePieceProcessor(model_file=os.path.join(BASE, "work", "sp", "tokenizer.model"))
    lex = load_lexicon()
    ck = torch.load(args.ckpt)
    base = CtcModel(**ck["config"])
    base.load_state_dict(ck["model"])
    base.eval()
    for p in base.parameters():
        p.requires_grad_(False)

    # Rare words = training names + words seen ≤ 2 times in the training text. The held-out evaluation entities are
    # never among them (they are absent from all training text).
    counts = collections.Counter(open(os.path.join(BASE, "work", "text", "train.txt")).read().split())
    names = set(open(os.path.join(BASE, "work", "text", "names_train.txt")).read().split())
    rare = {w for w, c in counts.items() if (c <= 2 and len(w) >= 4) or w in names}
    heldout = set(open(os.path.join(BASE, "work", "text", "entities_heldout.txt")).read().split())
    assert not (rare & heldout)
    feats, utts = load_set("train", sp, lex)
    with_rare = [u for u in utts if rare_words(u["text"], rare)]
    without = [u for u in utts if not rare_words(u["text"], rare)]
    rng.shuffle(with_rare)
    rng.shuffle(without)
    sel = with_rare[: int(args.max_utts * 0.85)] + without[: int(args.max_utts * 0.15)]
    t0 = time.time()
    states = hidden_states(base, feats, sel)
    print(f"hidden states for {len(sel)} utts in {time.time() - t0:.0f}s", flush=True)
    pool = sorted(rare)

    enc = EntryEncoder(sp.get_piece_size())
    biaser = Biaser(base.head, d_model=base.config["d"])
    params = [p for p in list(enc.parameters()) + list(biaser.parameters()) if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=1e-3, weight_decay=1e-3)
    order = list(range(len(sel)))
    t0 = time.time()
    for step in range(1, args.steps + 1):
        idx = rng.sample(order, args.batch)
        truth = []
        for i in idx:
            truth += [w for w in rare_words(sel[i]["text"], rare) if rng.random() < 0.9]
        truth = list(dict.fromkeys(truth))
        max_size = min(150, 5 + step * 150 // max(1, int(args.steps * 0.6)))  # curriculum over list sizes
        size = max(len(truth), rng.randint(max(1, max_size // 3), max_size))
        batch_words = set(w for i in idx for w in sel[i]["text"].split())
        distract = []
        while len(truth) + len(distract) < size:
            w = pool[rng.randrange(len(pool))]
            if w not in batch_words:
                distract.append(w)
        words = truth + distract
        rng.shuffle(words)
        tokens, lengths = tokenize_entries(sp, words)
        T = max(states[i][0].shape[0] for i in idx)
        mid = torch.zeros(len(idx), T, base.config["d"])
        last = torch.zeros(len(idx), T, base.config["d"])
        lens = torch.tensor([states[i][0].shape[0] for i in idx])
        for b, i in enumerate(idx):
            mid[b, :lens[b]] = states[i][0].float()
            last[b, :lens[b]] = states[i][1].float()
        logp, _ = biaser(mid, last, enc(tokens, lengths))
        targets = [sel[i]["tok"] for i in idx]
        tl = torch.tensor([len(t) for t in targets])
        loss = F.ctc_loss(logp.transpose(0, 1), torch.tensor([y for t in targets for y in t]), lens, tl, blank=0,
                          reduction="none", zero_infinity=True).div(tl).mean()
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 5.0)
        opt.step()
        if step % 50 == 0:
            print(f"step {step} list {len(words)} loss {loss.item():.3f} {(time.time() - t0) / step:.2f}s/step", flush=True)
    train_s = time.time() - t0
    torch.save({"enc": enc.state_dict(), "biaser": biaser.state_dict(), "vocab": sp.get_piece_size(), "d": base.config["d"]},
               os.path.join(WORK, "adapter.pt"))
    export(enc, biaser, base, sp, train_s, len(sel), args.steps)
    evaluate(base, enc, biaser, sp, lex, heldout, rng)


def export(enc, biaser, base, sp, train_s, n_utts, steps):
    os.makedirs(OUT, exist_ok=True)
    enc.eval()
    biaser.eval()
    tokens, lengths = tokenize_entries(sp, ["utzinger", "sabalgarh", "kate"])
    torch.onnx.export(enc, (tokens, lengths), os.path.join(OUT, "entry_encoder.onnx"), input_names=["tokens", "lengths"],
                      output_names=["entries"], dynamic_axes={"tokens": {0: "n", 1: "len"}, "lengths": {0: "n"}, "entries": {0: "n"}},
                      opset_version=14)
    d = base.config["d"]
    mid, last = torch.randn(1, 20, d), torch.randn(1, 20, d)
    ent = enc(tokens, lengths).detach()
    torch.onnx.export(biaser, (mid, last, ent), os.path.join(OUT, "biaser.onnx"), input_names=["hidden_mid", "hidden_last", "entries"],
                      output_names=["logprobs", "attention"],
                      dynamic_axes={"hidden_mid": {1: "frames"}, "hidden_last": {1: "frames"}, "entries": {0: "n"},
                                    "logprobs": {1: "frames"}, "attention": {1: "frames", 2: "n1"}}, opset_version=14)
    json.dump({"name": "ctcbias-default-adapter", "entryEncoder": "entry_encoder.onnx", "biaser": "biaser.onnx", "entryDim": biaser.dim,
               "maxEntryTokens": enc.max_len, "hidden": {"mid": "hidden_mid", "last": "hidden_last"}, "baseModel": "ctcbias-default-en",
               "trainSeconds": round(train_s), "trainUtterances": n_utts, "steps": steps,
               "params": sum(p.numel() for p in list(enc.parameters()) + list(biaser.parameters()) if p.requires_grad)},
              open(os.path.join(OUT, "adapter.json"), "w"), indent=2)
    # parity fixture for the TS package: a short utterance's hidden states, a 3-entry list and the torch outputs
    with torch.no_grad():
        logp, att = biaser(mid, last, ent)
    fx = os.path.join(HERE, "..", "..", "packages", "adapter", "test", "fixtures")
    os.makedirs(fx, exist_ok=True)
    json.dump({"words": ["utzinger", "sabalgarh", "kate"], "tokens": tokens.tolist(), "lengths": lengths.tolist(),
               "entries": ent.tolist(), "frames": 20, "dim": d, "hiddenMid": mid[0].flatten().tolist(),
               "hiddenLast": last[0].flatten().tolist(), "logprobs": logp[0].flatten().tolist(), "attention": att[0].flatten().tolist()},
              open(os.path.join(fx, "parity.json"), "w"))


def align(ref, hyp):
    """Levenshtein alignment → [(op, ref_word, hyp_word)], op in ok/sub/del/ins."""
    n, m = len(ref), len(hyp)
    d = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        d[i][0] = i
    for j in range(m + 1):
        d[0][j] = j
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (ref[i - 1] != hyp[j - 1]))
    ops, i, j = [], n, m
    while i > 0 or j > 0:
        if i > 0 and j > 0 and d[i][j] == d[i - 1][j - 1] + (ref[i - 1] != hyp[j - 1]):
            ops.append(("ok" if ref[i - 1] == hyp[j - 1] else "sub", ref[i - 1], hyp[j - 1]))
            i, j = i - 1, j - 1
        elif i > 0 and d[i][j] == d[i - 1][j] + 1:
            ops.append(("del", ref[i - 1], None))
            i -= 1
        else:
            ops.append(("ins", None, hyp[j - 1]))
            j -= 1
    return ops[::-1]


@torch.no_grad()
def evaluate(base, enc, biaser, sp, lex, heldout, rng):
    """Entity F1 / U-WER of greedy decoding with vs without the adapter, per-utterance lists of 10/100/500."""
    feats, utts = load_set("entity_test", sp, lex)
    pool = sorted(heldout)
    states = hidden_states(base, feats, utts, with_logprobs=True)
    results = {}
    for size in (0, 10, 100, 500):
        tp = fp = fn = uerr = un = 0
        for u, (mid, last, plain) in zip(utts, states):
            ents = [w for w in u["text"].split() if w in heldout]
            if size == 0:
                hyp = sp.decode(greedy(plain, plain.shape[0]))
            else:
                words = list(dict.fromkeys(ents))
                while len(words) < size:
                    w = pool[rng.randrange(len(pool))]
                    if w not in words:
                        words.append(w)
                tokens, lengths = tokenize_entries(sp, words)
                logp, _ = biaser(mid.float().unsqueeze(0), last.float().unsqueeze(0), enc(tokens, lengths))
                hyp = sp.decode(greedy(logp[0], logp.shape[1]))
            ref_w, hyp_w = u["text"].split(), hyp.split()
            for e in set(ents) | set(w for w in hyp_w if w in heldout):
                r, h = ref_w.count(e), hyp_w.count(e)
                tp += min(r, h)
                fp += h - min(r, h)
                fn += r - min(r, h)
            for op, rw, hw in align(ref_w, hyp_w):  # U-WER (Le et al. 2021): errors on non-entity words
                if op in ("sub", "del") and rw not in heldout:
                    uerr += 1
                elif op == "ins" and hw not in heldout:
                    uerr += 1
            un += sum(w not in heldout for w in ref_w)
        p = tp / max(tp + fp, 1)
        r = tp / max(tp + fn, 1)
        results[size] = {"precision": p, "recall": r, "f1": 2 * p * r / max(p + r, 1e-9), "uwer": uerr / max(un, 1)}
        print(f"list {size}: {results[size]}", flush=True)
    json.dump(results, open(os.path.join(WORK, "eval.json"), "w"), indent=2)


if __name__ == "__main__":
    main()
