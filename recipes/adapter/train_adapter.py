"""Train the contextual adapter on the FROZEN base model, export it to ONNX, evaluate it.

usage: OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 train_adapter.py --ckpt CKPT [--steps 16000] [--max-utts 12000] [--sets train]
(the defaults are the shipped adapter's settings)
Needs recipes/base-model/work (synthesized shards of --sets, text, tokenizer, a checkpoint). Writes work/adapter.pt,
packages/adapter/assets/default-adapter/{entry_encoder.onnx,biaser.onnx,adapter.json,SHA256SUMS,ADAPTER_CARD.md} and work/eval-<set>.json.
"""
import argparse
import collections
import hashlib
import json
import math
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


def load_sets(names, sp, lex):
    """load_set() of each named feature set, concatenated (utterance "start" offsets shifted accordingly)."""
    feats, utts, offset = [], [], 0
    for name in names:
        f, u = load_set(name, sp, lex)
        if not u:
            raise SystemExit(f"no synthesized shards for set {name!r}: run recipes/base-model/synth.py {name}")
        for x in u:
            x["start"] += offset
        feats.append(f)
        utts += u
        offset += f.shape[0]
    return torch.cat(feats), utts


def cached_hidden_states(model, feats, utts, ckpt):
    """hidden_states(), cached in work/ keyed by the checkpoint's size + mtime and the utterance ids; also returns the
    seconds the computation took (None for a cache written before that was recorded)."""
    st = os.stat(ckpt)
    ids = hashlib.sha256(" ".join(u["id"] for u in utts).encode()).hexdigest()[:16]
    key = f"{st.st_size}-{int(st.st_mtime)}-{len(utts)}-{ids}"
    path = os.path.join(WORK, f"states-{key}.pt")
    if os.path.exists(path):
        cached = torch.load(path)
        if cached["key"] == key:
            return cached["states"], cached.get("seconds")
    t0 = time.time()
    states = hidden_states(model, feats, utts)
    seconds = time.time() - t0
    torch.save({"key": key, "states": states, "seconds": seconds}, path)
    return states, seconds


def ctc_token_frames(logp, tokens):
    """Viterbi CTC alignment of `tokens` to `logp` [T, V] → per token its (first, last) frame."""
    S = 2 * len(tokens) + 1
    labels = torch.zeros(S, dtype=torch.long)
    labels[1::2] = torch.tensor(tokens)
    T = logp.shape[0]
    emit = logp[:, labels]  # [T, S]
    skip = torch.zeros(S, dtype=torch.bool)  # s-2 → s allowed: a token that differs from the one before it
    skip[3::2] = labels[3::2] != labels[1:-2:2]
    neg = torch.tensor(float("-inf"))
    score = torch.full((S,), float("-inf"))
    score[0], score[1] = emit[0, 0], emit[0, 1]
    back = torch.zeros(T, S, dtype=torch.long)
    for t in range(1, T):
        stay = score
        step = torch.cat([neg.view(1), score[:-1]])
        jump = torch.where(skip, torch.cat([neg.view(1).expand(2), score[:-2]]), neg)
        both = torch.stack([stay, step, jump])
        best, arg = both.max(0)
        back[t] = arg
        score = best + emit[t]
    s = S - 1 if score[S - 1] >= score[S - 2] else S - 2
    frames = [[None, None] for _ in tokens]
    for t in range(T - 1, -1, -1):
        if s % 2 == 1:
            k = s // 2
            frames[k][0] = t
            if frames[k][1] is None:
                frames[k][1] = t
        s -= int(back[t, s]) if t > 0 else 0
    return frames


def word_frames(sp, text, tokens, logp):
    """(first, last) frame of each word of `text`, from the CTC alignment of its tokens; None if the tokens do not
    split into the text's words at ▁ word starts."""
    words = text.split()
    starts = [k for k, t in enumerate(tokens) if sp.id_to_piece(t).startswith("\u2581")]
    if len(starts) != len(words) or not starts or starts[0] != 0:
        return None
    tf = ctc_token_frames(logp, tokens)
    bounds = starts + [len(tokens)]
    return [(tf[bounds[w]][0], tf[bounds[w + 1] - 1][1]) for w in range(len(words))]


@torch.no_grad()
def rare_word_spans(sp, head, states, utts, rare):
    """Per utterance: {rare word: (first, last) frame} from the frozen model's own CTC alignment of the transcript
    (frames padded by 1 before and 2 after, where CTC tends to place a word's tail)."""
    out = []
    for (mid, last), u in zip(states, utts):
        ws = rare_words(u["text"], rare)
        spans = {}
        if ws:
            logp = F.log_softmax(head(last.float()), dim=-1)
            wf = word_frames(sp, u["text"], u["tok"], logp)
            if wf is not None:
                for w, (a, b) in zip(u["text"].split(), wf):
                    if w in ws and w not in spans:
                        spans[w] = (max(0, a - 1), min(logp.shape[0] - 1, b + 2))
        out.append(spans)
    return out


def attention_targets(spans, words, lens):
    """Attention supervision [B, T]: the listed entry's column (1 + index in `words`) on the frames of its word,
    0 (<no-bias>) elsewhere, -100 on padding."""
    col = {w: k + 1 for k, w in enumerate(words)}
    target = torch.full((len(spans), int(lens.max())), -100, dtype=torch.long)
    for b, sp_b in enumerate(spans):
        target[b, :lens[b]] = 0
        for w, (a, e) in sp_b.items():
            if w in col:
                target[b, a:e + 1] = col[w]
    return target


def attention_loss(att, target, other_weight=0.2):
    """Cross-entropy of the attention against `target`: mean over entity frames + other_weight × mean over the rest."""
    logp = torch.log(att.clamp(min=1e-8))
    flat_t = target.flatten()
    nll = -logp.flatten(0, 1).gather(1, flat_t.clamp(min=0).unsqueeze(1)).squeeze(1)
    ent = flat_t > 0
    rest = flat_t == 0
    loss = nll[rest].mean() * other_weight if rest.any() else nll.sum() * 0
    if ent.any():
        loss = loss + nll[ent].mean()
    return loss


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
    ap.add_argument("--steps", type=int, default=16000)
    ap.add_argument("--max-utts", type=int, default=12000)
    ap.add_argument("--sets", default="train",
                    help="comma list of synthesized training sets; 'adapter' is training text the base model never heard "
                         "(its rare words are as new to it as the evaluation entities), 'train' is what it was trained on")
    ap.add_argument("--batch", type=int, default=24)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--lr", type=float, default=5e-3, help="peak learning rate (linear warmup 200 steps, cosine decay)")
    ap.add_argument("--att-weight", type=float, default=1.0,
                    help="weight of the attention supervision (entity frames → their entry, the rest → <no-bias>)")
    ap.add_argument("--other-weight", type=float, default=0.2,
                    help="weight of the attention supervision on frames outside listed rare words (→ <no-bias>)")
    ap.add_argument("--context", type=int, default=15,
                    help="frames the query sees (odd; a depthwise conv over time, starting as a moving average)")
    ap.add_argument("--gain", type=float, default=1.0,
                    help="scale of the trained output projection in the exported graphs and the evaluation (a biasing "
                         "strength; choose it on entity_dev with diagnose.py); work/adapter.pt keeps the unscaled weights")
    ap.add_argument("--init", help="continue from these adapter weights (work/adapter.pt); the list-size curriculum is skipped")
    ap.add_argument("--no-head-init", action="store_true", help="random init instead of the base output layer's rows")
    ap.add_argument("--eval-set", default="entity_test",
                    help="entity_dev while comparing designs, entity_test to report; a comma list evaluates each (the card shows the first)")
    ap.add_argument("--no-export", action="store_true", help="train and evaluate only (design comparisons)")
    ap.add_argument("--run-dir", default=WORK, help="where adapter.pt and eval-<set>.json go (parallel experiments)")
    ap.add_argument("--ckpt", default=os.path.join(BASE, "work", "ckpt", "last.pt"))
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    rng = random.Random(0)
    os.makedirs(WORK, exist_ok=True)
    os.makedirs(args.run_dir, exist_ok=True)
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
    feats, utts = load_sets(args.sets.split(","), sp, lex)
    with_rare, without = [], []
    for u in utts:
        (with_rare if rare_words(u["text"], rare) else without).append(u)
    rng.shuffle(with_rare)
    rng.shuffle(without)
    picked = with_rare[: int(args.max_utts * 0.85)]
    sel = picked + without[: int(args.max_utts * 0.15)]
    t0 = time.time()
    states, states_s = cached_hidden_states(base, feats, sel, args.ckpt)
    print(f"hidden states for {len(sel)} utts in {time.time() - t0:.0f}s", flush=True)
    t0 = time.time()
    spans = rare_word_spans(sp, base.head, states, sel, rare)
    print(f"aligned {sum(len(x) for x in spans)} rare-word spans in {time.time() - t0:.0f}s", flush=True)
    pool = sorted(rare)

    d = base.config["d"]
    enc = EntryEncoder(sp.get_piece_size(), dim=d)
    prior = {"steps": 0, "trainSeconds": 0.0}
    ck_a = torch.load(args.init) if args.init else None
    if ck_a:
        args.context = ck_a.get("context", 1)
    biaser = Biaser(base.head, d_model=d, dim=d, context=args.context)
    if ck_a:
        enc.load_state_dict(ck_a["enc"])
        biaser.load_state_dict(ck_a["biaser"])
        prior = {"steps": ck_a.get("steps", 0), "trainSeconds": ck_a.get("trainSeconds", 0.0)}
        if args.steps == 0 and ck_a.get("threads"):  # exporting a finished run: the card reports how it was trained
            args.threads = ck_a["threads"]
        print(f"continuing from {args.init} ({prior['steps']} steps)", flush=True)
    elif not args.no_head_init:
        enc.init_from_head(base.head)
    params = [p for p in list(enc.parameters()) + list(biaser.parameters()) if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=1e-3)
    order = list(range(len(sel)))
    t0 = time.time()
    for step in range(1, args.steps + 1):
        for g in opt.param_groups:
            g["lr"] = args.lr * min(1.0, step / 200) * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * step / args.steps)))
        idx = rng.sample(order, args.batch)
        truth = []
        for i in idx:
            truth += [w for w in rare_words(sel[i]["text"], rare) if rng.random() < 0.9]
        truth = list(dict.fromkeys(truth))
        max_size = 150 if args.init else min(150, 5 + step * 150 // max(1, int(args.steps * 0.6)))  # curriculum
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
        logp, att = biaser(mid, last, enc(tokens, lengths))
        targets = [sel[i]["tok"] for i in idx]
        tl = torch.tensor([len(t) for t in targets])
        loss = F.ctc_loss(logp.transpose(0, 1), torch.tensor([y for t in targets for y in t]), lens, tl, blank=0,
                          reduction="none", zero_infinity=True).div(tl).mean()
        loss_att = attention_loss(att, attention_targets([spans[i] for i in idx], words, lens), args.other_weight)
        loss = loss + args.att_weight * loss_att
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 5.0)
        opt.step()
        if step % 50 == 0:
            print(f"step {step} list {len(words)} loss {loss.item():.3f} attention {loss_att.item():.3f} "
                  f"{(time.time() - t0) / step:.2f}s/step", flush=True)
    train_s = time.time() - t0 + prior["trainSeconds"]
    args.steps += prior["steps"]  # totals over continued runs, for adapter.json and the card
    torch.save({"enc": enc.state_dict(), "biaser": biaser.state_dict(), "vocab": sp.get_piece_size(), "d": base.config["d"],
                "steps": args.steps, "trainSeconds": train_s, "context": args.context, "threads": args.threads},
               os.path.join(args.run_dir, "adapter.pt"))
    enc.eval()
    biaser.eval()
    with torch.no_grad():
        biaser.proj.weight.mul_(args.gain)
    if not args.no_export:
        export(enc, biaser, base, sp, train_s, len(sel), args.steps, args.gain)
    sets = args.eval_set.split(",")
    results = [evaluate(base, enc, biaser, sp, lex, heldout, name, args.run_dir) for name in sets][0]  # the card shows the first
    if not args.no_export:
        write_card(args, prior, results, train_s, states_s, len(sel), len(picked), sum(p.numel() for p in params))


def export(enc, biaser, base, sp, train_s, n_utts, steps, gain):
    os.makedirs(OUT, exist_ok=True)
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
               "trainSeconds": round(train_s), "trainUtterances": n_utts, "steps": steps, "gain": gain,
               "params": sum(p.numel() for p in list(enc.parameters()) + list(biaser.parameters()) if p.requires_grad)},
              open(os.path.join(OUT, "adapter.json"), "w"), indent=2)
    with open(os.path.join(OUT, "SHA256SUMS"), "w") as f:  # verified by @ctcbias/adapter when loading
        for name in ("adapter.json", "biaser.onnx", "entry_encoder.onnx"):
            f.write(f"{hashlib.sha256(open(os.path.join(OUT, name), 'rb').read()).hexdigest()}  {name}\n")
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


def biasing_list(ents, size, pool, rng):
    """The utterance's entities plus random distractors from `pool`, `size` entries in all."""
    words = list(dict.fromkeys(ents))
    while len(words) < size:
        w = pool[rng.randrange(len(pool))]
        if w not in words:
            words.append(w)
    return words


class Tally:
    """Entity precision / recall / F1 (every occurrence of a held-out entity word in reference and hypothesis) and
    U-WER (Le et al. 2021: errors on the reference's non-entity words, insertions of non-entity words)."""

    def __init__(self, heldout):
        self.heldout = heldout
        self.tp = self.fp = self.fn = self.uerr = self.un = 0

    def add(self, ref_w, hyp_w):
        ents = set(w for w in ref_w + hyp_w if w in self.heldout)
        for e in ents:
            r, h = ref_w.count(e), hyp_w.count(e)
            self.tp += min(r, h)
            self.fp += h - min(r, h)
            self.fn += r - min(r, h)
        for op, rw, hw in align(ref_w, hyp_w):
            if (op in ("sub", "del") and rw not in self.heldout) or (op == "ins" and hw not in self.heldout):
                self.uerr += 1
        self.un += sum(w not in self.heldout for w in ref_w)

    def result(self):
        p = self.tp / max(self.tp + self.fp, 1)
        r = self.tp / max(self.tp + self.fn, 1)
        return {"precision": p, "recall": r, "f1": 2 * p * r / max(p + r, 1e-9), "uwer": self.uerr / max(self.un, 1),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


EVAL_SEEDS = 3  # list samplings pooled per list size: one sampling of 100 distractors swings F1 by several points


@torch.no_grad()
def greedy_tally(sp, utts, states, heldout, enc, biaser, eval_set, size):
    """Entity P/R/F1 and U-WER of greedy decoding over `utts` (`states` from hidden_states(..., with_logprobs=True));
    size 0: the frozen model alone; else per-utterance lists of `size` (the utterance's entities + held-out
    distractors), pooled over EVAL_SEEDS samplings seeded by set and size."""
    tally = Tally(heldout)
    pool = sorted(heldout)
    for seed in range(EVAL_SEEDS if size else 1):
        rng = random.Random(f"{eval_set}:{size}:{seed}")
        for u, (mid, last, plain) in zip(utts, states):
            if size == 0:
                logp = plain.unsqueeze(0)
            else:
                words = biasing_list([w for w in u["text"].split() if w in heldout], size, pool, rng)
                tokens, lengths = tokenize_entries(sp, words)
                logp, _ = biaser(mid.float().unsqueeze(0), last.float().unsqueeze(0), enc(tokens, lengths))
            tally.add(u["text"].split(), sp.decode(greedy(logp[0], logp.shape[1])).split())
    return tally.result()


@torch.no_grad()
def evaluate(base, enc, biaser, sp, lex, heldout, eval_set, run_dir):
    """Entity F1 / U-WER of greedy decoding with vs without the adapter, per-utterance lists of 10/100/500."""
    feats, utts = load_set(eval_set, sp, lex)
    states = hidden_states(base, feats, utts, with_logprobs=True)
    results = {}
    for size in (0, 10, 100, 500):
        results[size] = greedy_tally(sp, utts, states, heldout, enc, biaser, eval_set, size)
        print(f"list {size}: {results[size]}", flush=True)
    json.dump({"set": eval_set, "seeds": EVAL_SEEDS, "results": results},
              open(os.path.join(run_dir, f"eval-{eval_set}.json"), "w"), indent=2)
    return results


def write_card(args, prior, results, train_s, states_s, n_utts, n_rare, n_params):
    """ADAPTER_CARD.md next to the exported graphs, from this run's settings and evaluation."""
    size = sum(os.path.getsize(os.path.join(OUT, f)) for f in ("entry_encoder.onnx", "biaser.onnx"))
    new_steps = args.steps - prior["steps"]
    continued = (f"the last {new_steps:,} steps continued from an earlier run's weights (`--init`) with lists of\n"
                 f"  50–150 entries; " if args.init and new_steps else "")
    states = f" (hidden states precomputed once: {states_s / 60:.1f} min)" if states_s is not None else ""
    rerun = (f"--steps {args.steps}" if not new_steps else  # --steps 0 --init X only exported X: show how X was trained
             f"--steps {new_steps}{f' --init {args.init}' if args.init else ''}")
    context = (f"\n  The query input is smoothed over {args.context} frames first (depthwise convolution over time, starting as a moving\n"
               f"  average), so each frame is matched against the entries together with its neighbours." if args.context > 1 else "")
    sets = {"adapter": "speech of training sentences the base model never heard", "train": "the base model's own training speech"}
    data = " + ".join(f"`{x}` ({sets.get(x, x)})" for x in args.sets.split(","))
    gain_note = " (chosen on `entity_dev` with `diagnose.py`)" if args.gain != 1 else " (as trained)"
    pct = lambda x: f"{100 * x:.1f} %"  # noqa: E731
    rows = "\n".join(f"| {'no adapter' if k == 0 else k} | {pct(r['precision'])} | {pct(r['recall'])} | {pct(r['f1'])} | "
                     f"{pct(r['uwer'])} |" for k, r in results.items())
    card = f"""# ctcbias-default-adapter — card

Contextual adapter for `ctcbias-default-en` (recipe: `recipes/adapter/`, written by `train_adapter.py`), trained with the
base model frozen.

- Entry encoder: subword embeddings (144, initialized from the base model's output-layer rows) → masked mean, plus a
  learned correction (1 transformer layer, 4 heads, mean pool, linear; zero at start). `<no-bias>` entry with a learned
  key and a fixed zero value (attention on it leaves the posteriors unchanged).
- Audio side: softmax-weighted sum of `hidden_mid` and `hidden_last` as the query; attended value projected (no bias)
  and added to `hidden_last` before the frozen output layer. Query/key/value/output maps start as identities, so the
  initial attention score of an entry is the mean logit of its tokens at the frame.{context}
- Biasing strength (`--gain`): the trained output projection is scaled by {args.gain:g} in the shipped graphs{gain_note}.
- {n_params:,} trainable parameters; ONNX {size / 1e6:.1f} MB (two graphs).
- Training: {args.steps:,} steps × {args.batch} utterances ({n_utts:,} utterances from {data}, {n_rare:,} of them with a
  rare word or training name); lists = the batch's rare words (each kept with p = 0.9) + distractors, curriculum up to 150 entries;
  loss = CTC + {args.att_weight} × attention cross-entropy (frames of a listed rare word → its entry, other frames →
  `<no-bias>` with weight {args.other_weight:g}; word frames from the frozen model's CTC alignment of the transcript); AdamW, peak LR {args.lr:g}, cosine;
  {continued}**{train_s / 60:.1f} min** on {args.threads} CPU core{"s" if args.threads > 1 else ""}{states}.

## Evaluation

Held-out entities (`{args.eval_set.split(",")[0]}`, never in training), greedy decoding, per-utterance lists = the utterance's
entities + random held-out distractors; counts pooled over {EVAL_SEEDS} samplings of the lists. Reproduce (in
`recipes/adapter`): `train_adapter.py --ckpt {args.ckpt}
--sets {args.sets} {rerun} --max-utts {args.max_utts} --lr {args.lr:g}{f' --context {args.context}' if args.context > 1 else ''}
--other-weight {args.other_weight:g} --gain {args.gain:g}`.

| list size | entity P | entity R | entity F1 | U-WER |
|---|---|---|---|---|
{rows}

{goal_line(results)}
"""
    open(os.path.join(OUT, "ADAPTER_CARD.md"), "w").write(card)


def goal_line(results):
    """The issue's goal (+10 F1 at 100 entries, U-WER increase ≤ 0.5 absolute) against this evaluation."""
    f1 = 100 * (results[100]["f1"] - results[0]["f1"])
    uwer = 100 * (results[100]["uwer"] - results[0]["uwer"])
    met = f1 >= 10 and uwer <= 0.5
    trend = ", ".join(f"{100 * (results[k]['f1'] - results[0]['f1']):+.1f} at {k}" for k in (10, 100, 500))
    return (f"Against the goal (+10 F1 at 100 entries, U-WER increase ≤ 0.5): **{f1:+.1f} F1** "
            f"({100 * results[0]['f1']:.1f} → {100 * results[100]['f1']:.1f} %) with U-WER {uwer:+.2f} — "
            f"{'met' if met else 'not met'}. F1 over no adapter by list size: {trend}.")


if __name__ == "__main__":
    main()
