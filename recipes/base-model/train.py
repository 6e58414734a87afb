"""Train the base CTC model (resumable). Time-budgeted: the LR schedule runs on elapsed training seconds.

usage: OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 train.py [--budget-min 100] [--threads 2] [--max-frames 12000]
  [--sets train,train_r1]   training sets (default: every synthesized `train` and `train_rN` set)
Checkpoints: work/ckpt/last.pt (every 100 steps, ~5 min on 2 cores, and at the end) and work/ckpt/best.pt (lowest greedy
WER on the dev voice families, voices_dev, checked every 500 steps). Log: stdout (redirect to work/logs/train.log).
"""
import argparse
import glob
import math
import os
import random
import re
import time

import sentencepiece as spm
import torch
import torch.nn.functional as F

from model import PHONES, CtcModel, subsampled_length

HERE = os.path.dirname(os.path.abspath(__file__))
WORK = os.path.join(HERE, "work")


def load_lexicon():
    lex = {}
    for line in open(os.path.join(WORK, "text", "cmudict.tsv")):
        w, p = line.rstrip("\n").split("\t")
        lex[w] = p.split()
    return lex


PHONE_ID = {p: i for i, p in enumerate(PHONES)}


def phones_of(text, lex):
    out = []
    for w in text.split():
        if w not in lex:
            return None
        out += [PHONE_ID[p] for p in lex[w]]
    return out


def load_set(name, sp, lex):
    feats, utts = [], []
    offset = 0
    for path in sorted(glob.glob(os.path.join(WORK, "feats", name, "shard_*.pt"))):
        d = torch.load(path)
        feats.append(d["feats"])
        for uid, n, text, voice in zip(d["ids"], d["lens"].tolist(), d["texts"], d["voices"]):
            ph = phones_of(text, lex)
            utts.append({"id": uid, "start": offset, "len": n, "text": text, "tok": sp.encode(text), "ph": ph, "voice": voice})
            offset += n
    return torch.cat(feats), utts


def training_phases(ck):
    """The training phases of a checkpoint (saved as "history"); a checkpoint written before phases were recorded is
    one phase with the default schedule it was trained with."""
    return ck.get("history") or [{"steps": ck["step"], "minutes": round(ck["elapsed"] / 60, 1), "epochs": ck["epoch"],
                                  "peakLr": 1.5e-3, "warmup": 400, "init": None}]


def batches(utts, max_frames, rng):
    order = sorted(range(len(utts)), key=lambda i: utts[i]["len"] + rng.random() * 30)
    out, cur, cur_max = [], [], 0
    for i in order:
        n = utts[i]["len"]
        if cur and max(cur_max, n) * (len(cur) + 1) > max_frames:
            out.append(cur)
            cur, cur_max = [], 0
        cur.append(i)
        cur_max = max(cur_max, n)
    if cur:
        out.append(cur)
    rng.shuffle(out)
    return out


def load_sets(names, sp, lex):
    parts = [load_set(n, sp, lex) for n in names]
    feats, utts, offset = [], [], 0
    for f, us in parts:
        for u in us:
            u["start"] += offset
        offset += f.shape[0]
        feats.append(f)
        utts += us
    return torch.cat(feats), utts


def vtlp(f, alpha):
    """Vocal-tract-length perturbation on log-mel frames [T, M]: the mel axis read at bin·alpha (linear interpolation),
    as if every formant were moved by the factor 1/alpha."""
    m = f.shape[1]
    src = (torch.arange(m, dtype=torch.float32) * alpha).clamp(max=m - 1)
    lo = src.floor().long()
    hi = (lo + 1).clamp(max=m - 1)
    w = src - lo
    return f[:, lo] * (1 - w) + f[:, hi] * w


def collate(feats, utts, idx, spec_aug, rng, mean):
    lens = torch.tensor([utts[i]["len"] for i in idx])
    x = torch.zeros(len(idx), int(lens.max()), feats.shape[1])
    x[:] = mean
    for b, i in enumerate(idx):
        u = utts[i]
        f = feats[u["start"]:u["start"] + u["len"]].float()
        if spec_aug:
            f = vtlp(f, rng.uniform(0.9, 1.1)) if rng.random() < 0.5 else f.clone()
            for _ in range(2):
                w = rng.randint(0, 12)
                s = rng.randint(0, f.shape[1] - w)
                f[:, s:s + w] = mean[s:s + w]
            for _ in range(2):
                w = rng.randint(0, max(1, int(0.05 * f.shape[0])))
                s = rng.randint(0, max(0, f.shape[0] - w))
                f[s:s + w] = mean
        x[b, :u["len"]] = f
    return x, lens


def ctc(logp, lens, targets):
    tl = torch.tensor([len(t) for t in targets])
    flat = torch.tensor([y for t in targets for y in t], dtype=torch.long)
    return F.ctc_loss(logp.transpose(0, 1), flat, lens, tl, blank=0, reduction="none", zero_infinity=True) / tl.clamp(min=1)


def greedy(logp, n):
    ids = logp[:n].argmax(-1).tolist()
    out, prev = [], -1
    for i in ids:
        if i != prev and i != 0:
            out.append(i)
        prev = i
    return out


def edit_distance(a, b):
    d = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        prev, d[0] = d[0], i
        for j in range(1, len(b) + 1):
            cur = d[j]
            d[j] = min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1] != b[j - 1]))
            prev = cur
    return d[len(b)]


@torch.no_grad()
def evaluate(model, feats, utts, sp, limit=None):
    model.eval()
    errs = words = perr = pn = 0
    for u in utts[:limit]:
        x = feats[u["start"]:u["start"] + u["len"]].float().unsqueeze(0)
        o = model(x)
        hyp = sp.decode(greedy(o["logprobs"][0], o["logprobs"].shape[1]))
        errs += edit_distance(u["text"].split(), hyp.split())
        words += len(u["text"].split())
        if u["ph"] is not None:
            perr += edit_distance(u["ph"], greedy(o["phone_logprobs"][0], o["phone_logprobs"].shape[1]))
            pn += len(u["ph"])
    model.train()
    return errs / max(words, 1), perr / max(pn, 1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--budget-min", type=float, default=100)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--max-frames", type=int, default=12000)
    ap.add_argument("--peak-lr", type=float, default=1.5e-3)
    ap.add_argument("--warmup", type=int, default=400)
    ap.add_argument("--ckpt", default=os.path.join(WORK, "ckpt"))
    ap.add_argument("--sets", help="comma-separated training sets (default: every synthesized train / train_rN set)")
    ap.add_argument("--init", help="start from these weights (e.g. checkpoint/model-fp16.pt) when there is no checkpoint to resume")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    sp = spm.SentencePieceProcessor(model_file=os.path.join(WORK, "sp", "tokenizer.model"))
    lex = load_lexicon()
    names = args.sets.split(",") if args.sets else sorted(
        n for n in os.listdir(os.path.join(WORK, "feats")) if n == "train" or re.fullmatch(r"train_r\d+", n))
    feats, utts = load_sets(names, sp, lex)
    # drop utterances CTC cannot fit (too many tokens for the subsampled frames)
    utts = [u for u in utts if subsampled_length(u["len"]) >= len(u["tok"]) + 2 and u["tok"]]
    # model selection on voice families never trained on (synth.py DEV_FAMILIES); test families are never looked at here
    dev_name = "voices_dev" if glob.glob(os.path.join(WORK, "feats", "voices_dev", "*.pt")) else "test_seen"
    dev_feats, dev = load_set(dev_name, sp, lex) if glob.glob(os.path.join(WORK, "feats", dev_name, "*.pt")) else (None, [])
    hours = sum(u["len"] for u in utts) / 100 / 3600
    print(f"train sets {','.join(names)}: utts {len(utts)} ({hours:.1f} h), phone-labelled {sum(u['ph'] is not None for u in utts)}, "
          f"dev {dev_name} {len(dev)}", flush=True)
    model = CtcModel(sp.get_piece_size())
    f32 = feats[: min(len(feats), 2_000_000)].float()
    model.feat_mean.copy_(f32.mean(0))
    model.feat_std.copy_(f32.std(0).clamp(min=1e-3))
    del f32
    print(f"params {sum(p.numel() for p in model.parameters()) / 1e6:.2f} M", flush=True)
    opt = torch.optim.AdamW(model.parameters(), lr=args.peak_lr, betas=(0.9, 0.98), weight_decay=1e-3)
    step, elapsed, epoch = 0, 0.0, 0
    # earlier training phases of these weights (continued with --init): [{steps, minutes, epochs, peakLr, warmup, init}]
    history = []
    os.makedirs(args.ckpt, exist_ok=True)
    last = os.path.join(args.ckpt, "last.pt")
    if os.path.exists(last):
        ck = torch.load(last)
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        step, elapsed, epoch = ck["step"], ck["elapsed"], ck["epoch"]
        history = ck.get("history", [])[:-1]
        print(f"resumed at step {step}, {elapsed / 60:.1f} min", flush=True)
    elif args.init:
        init = torch.load(args.init)
        history = init.get("history", []) if "model" in init else []
        init = init.get("model", init)  # a training checkpoint (last.pt) or a bare state dict (model-fp16.pt)
        model.load_state_dict({k: v.float() if v.is_floating_point() else v for k, v in init.items()})
        print(f"initialized from {args.init} (fresh optimizer and LR schedule)", flush=True)
    best_wer = ck.get("bestDevWer", float("inf")) if os.path.exists(last) else float("inf")
    budget = args.budget_min * 60
    mean = model.feat_mean.clone()

    def save(path=last):
        phase = {"steps": step, "minutes": round(elapsed / 60, 1), "epochs": epoch, "peakLr": args.peak_lr,
                 "warmup": args.warmup, "init": args.init, "sets": names}
        torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "step": step, "elapsed": elapsed, "epoch": epoch,
                    "config": model.config, "history": history + [phase], "bestDevWer": best_wer}, path + ".tmp")
        os.replace(path + ".tmp", path)

    model.train()
    done = False
    while not done:
        rng = random.Random(epoch)
        # on resume the interrupted epoch restarts with its (epoch-seeded) batch order
        for idx in batches(utts, args.max_frames, rng):
            t0 = time.time()
            frac = min(elapsed / budget, 1.0)
            lr = args.peak_lr * min(1.0, (step + 1) / args.warmup) * (0.02 + 0.98 * 0.5 * (1 + math.cos(math.pi * frac)))
            for g in opt.param_groups:
                g["lr"] = lr
            x, lens = collate(feats, utts, idx, True, rng, mean)
            o = model(x, lens)
            olens = subsampled_length(lens)
            toks = [utts[i]["tok"] for i in idx]
            loss_final = ctc(o["logprobs"], olens, toks).mean()
            loss_mid = ctc(o["mid_logprobs"], olens, toks).mean()
            ph_idx = [b for b, i in enumerate(idx) if utts[i]["ph"]]
            loss_ph = torch.tensor(0.0)
            if ph_idx:
                sel = torch.tensor(ph_idx)
                loss_ph = ctc(o["phone_logprobs"][sel], olens[sel], [utts[idx[b]]["ph"] for b in ph_idx]).mean()
            loss = loss_final + 0.3 * loss_mid + 0.3 * loss_ph
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            step += 1
            elapsed += time.time() - t0
            if step % 20 == 0:
                print(f"step {step} ep {epoch} {elapsed / 60:.1f}min lr {lr:.2e} loss {loss_final.item():.3f} mid {loss_mid.item():.3f} ph {loss_ph.item():.3f} {time.time() - t0:.2f}s/step", flush=True)
            if step % 100 == 0:
                save()
            if step % 500 == 0 and dev:
                wer, per = evaluate(model, dev_feats, dev, sp, limit=150)
                print(f"eval step {step}: greedy WER {wer:.3f} PER {per:.3f} (150 {dev_name} utts)", flush=True)
                if wer < best_wer:
                    best_wer = wer
                    save(os.path.join(args.ckpt, "best.pt"))
            if elapsed >= budget:
                done = True
                break
        else:
            epoch += 1
    save()
    if dev:
        wer, per = evaluate(model, dev_feats, dev, sp)
        print(f"final {dev_name} greedy WER {wer:.3f} PER {per:.3f}", flush=True)


if __name__ == "__main__":
    main()
