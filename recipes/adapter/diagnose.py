"""Where the adapter's entity F1 is lost: the ceiling of a perfect-attention boost, and the strength trade-off.

usage: OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 diagnose.py --ckpt ../base-model/work/ckpt3/last.pt \\
           [--adapter work/adapter.pt] [--eval-set entity_dev] [--gains 1,1.5,2] [--betas 0,2,4,6,8,12]

oracle: greedy decoding after adding beta nats to the logits of an entity's own subword tokens on exactly its frames
  (from the frozen model's CTC alignment of the transcript): what a one-vector-per-entry boost could reach if the
  attention were perfect and its strength right.
gain: the trained adapter with its output projection scaled by g (g = 1: as trained; lists of --sizes entries, pooled
  over EVAL_SEEDS samplings): how entity F1 and U-WER move together as the boost gets stronger. train_adapter.py
  --gain ships the chosen g (choose on entity_dev only).
"""
import argparse
import copy
import os

import sentencepiece as spm
import torch

from adapter import Biaser, EntryEncoder
from train_adapter import BASE, Tally, greedy_tally, hidden_states, word_frames
from model import CtcModel  # noqa: E402  (train_adapter put recipes/base-model on sys.path)
from train import greedy, load_lexicon, load_set  # noqa: E402


@torch.no_grad()
def oracle(sp, utts, states, heldout, beta):
    tally = Tally(heldout)
    for u, (_, _, plain) in zip(utts, states):
        logp = plain.clone()
        frames = word_frames(sp, u["text"], u["tok"], plain)
        for w, (a, b) in zip(u["text"].split(), frames or []):
            if w in heldout:
                logp[max(0, a - 1):b + 3, sorted(set(sp.encode(w)))] += beta
        tally.add(u["text"].split(), sp.decode(greedy(logp, logp.shape[0])).split())
    return tally.result()


@torch.no_grad()
def with_gain(sp, utts, states, heldout, enc, biaser, gain, eval_set, size=100):
    biaser = copy.deepcopy(biaser)
    biaser.proj.weight.mul_(gain)
    return greedy_tally(sp, utts, states, heldout, enc, biaser, eval_set, size)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", required=True)
    ap.add_argument("--adapter", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "work", "adapter.pt"))
    ap.add_argument("--eval-set", default="entity_dev")
    ap.add_argument("--betas", default="0,2,4,6,8,12")
    ap.add_argument("--gains", default="1,1.5,2")
    ap.add_argument("--sizes", default="100", help="list sizes for the gain sweep")
    args = ap.parse_args()
    torch.set_num_threads(int(os.environ.get("THREADS", "2")))
    sp = spm.SentencePieceProcessor(model_file=os.path.join(BASE, "work", "sp", "tokenizer.model"))
    ck = torch.load(args.ckpt)
    base = CtcModel(**ck["config"])
    base.load_state_dict(ck["model"])
    base.eval()
    heldout = set(open(os.path.join(BASE, "work", "text", "entities_heldout.txt")).read().split())
    feats, utts = load_set(args.eval_set, sp, load_lexicon())
    states = hidden_states(base, feats, utts, with_logprobs=True)
    fmt = lambda r: (f"tp {r['tp']} fp {r['fp']} fn {r['fn']}  P {100 * r['precision']:.1f}  R {100 * r['recall']:.1f}  "  # noqa: E731
                     f"F1 {100 * r['f1']:.1f}  U-WER {100 * r['uwer']:.2f}")
    for beta in [float(x) for x in args.betas.split(",") if x]:
        print(f"oracle beta {beta:g}: {fmt(oracle(sp, utts, states, heldout, beta))}", flush=True)
    a = torch.load(args.adapter)
    enc = EntryEncoder(a["vocab"], dim=a["d"])
    enc.load_state_dict(a["enc"])
    biaser = Biaser(base.head, d_model=a["d"], dim=a["d"], context=a.get("context", 1))
    biaser.load_state_dict(a["biaser"])
    enc.eval()
    biaser.eval()
    for gain in [float(x) for x in args.gains.split(",") if x]:
        for size in [int(x) for x in args.sizes.split(",")]:
            r = with_gain(sp, utts, states, heldout, enc, biaser, gain, args.eval_set, size)
            print(f"gain {gain:g}, list {size}: {fmt(r)}", flush=True)


if __name__ == "__main__":
    main()
