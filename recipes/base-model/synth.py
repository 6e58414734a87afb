"""Synthesize the base-model speech data: many TTS voices + sox/numpy augmentation → log-mel shards.

usage: /usr/bin/python3 synth.py SET [--workers 2]
  SET: train | adapter | test_seen | test_unseen | entity_dev | entity_test | entity_test_unseen
  train = the first 20,000 training sentences (what the shipped base model was trained on); adapter = the rest of the
  training text (8,302 sentences, same voices and augmentation), speech the base model never heard, for recipes/adapter.
Reads work/text/ (prepare_text.mjs), writes work/feats/SET/shard_XXXX.pt (fp16 features, ids, texts) and, for
evaluation sets, 16 kHz WAVs under work/wav/SET/ plus work/wav/SET/manifest.jsonl. Resumable: finished shards are
skipped. Deterministic per utterance (seeded by SET and index).
"""
import json
import os
import random
import subprocess
import sys
import tempfile
import wave
from multiprocessing import Pool

import numpy as np
import torch

from features import logmel

HERE = os.path.dirname(os.path.abspath(__file__))
WORK = os.path.join(HERE, "work")

ESPEAK_ACCENTS = ["en-us", "en-gb", "en-gb-scotland", "en-gb-x-gbclan", "en-gb-x-rp", "en-gb-x-gbcwmd"]
ESPEAK_ACCENTS_HELDOUT = ["en-029"]
ESPEAK_VARIANTS = ["m1", "m2", "m3", "m4", "m5", "m7", "m8", "f1", "f2", "f3", "f5", "klatt", "klatt2", "klatt3",
                   "klatt5", "klatt6", "adam", "Alex", "Alicia", "Andrea", "Andy", "Annie", "aunty", "belinda",
                   "benjamin", "boris", "caleb", "david", "ed", "Gene", "gustave", "iven", "john", "Lee", "linda",
                   "max", "Michael", "Mike", "paul", "quincy", "rob", "robert", "steph", "travis", "victor",
                   "norbert", "sandro", "zac", "grandma", "grandpa"]
ESPEAK_VARIANTS_HELDOUT = ["f4", "m6", "klatt4", "shelby", "edward"]
FLITE_VOICES = ["kal16", "kal", "awb", "rms"]
FLITE_VOICES_HELDOUT = ["slt"]
FESTIVAL_VOICES = ["kal_diphone", "ked_diphone"]
BASE_TRAIN_SENTENCES = 20000  # train.txt[:20000] → set train; train.txt[20000:] → set adapter
TRAINING_SETS = ("train", "adapter")  # augmented, no WAVs or manifest kept


def pick_voice(r: random.Random, heldout: bool):
    x = r.random()
    if heldout:
        if x < 0.5:
            return ("espeak", r.choice(ESPEAK_ACCENTS_HELDOUT + ESPEAK_ACCENTS) + "+" + r.choice(ESPEAK_VARIANTS_HELDOUT))
        if x < 0.75:
            return ("espeak", ESPEAK_ACCENTS_HELDOUT[0] + "+" + r.choice(ESPEAK_VARIANTS))
        return ("flite", FLITE_VOICES_HELDOUT[0])
    if x < 0.68:
        return ("espeak", r.choice(ESPEAK_ACCENTS) + "+" + r.choice(ESPEAK_VARIANTS))
    if x < 0.9:
        return ("flite", r.choice(FLITE_VOICES))
    return ("festival", r.choice(FESTIVAL_VOICES))


def read_wav(path):
    with wave.open(path, "rb") as w:
        assert w.getframerate() == 16000 and w.getnchannels() == 1 and w.getsampwidth() == 2, path
        return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32) / 32768.0


def write_wav(path, x):
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes((np.clip(x, -1, 32767 / 32768) * 32768).astype("<i2").tobytes())


def synth_raw(engine, voice, text, out, r: random.Random, augment: bool):
    if engine == "espeak":
        rate = r.randint(135, 200) if augment else r.randint(150, 180)
        subprocess.run(["espeak-ng", "-v", voice, "-s", str(rate), "-p", str(r.randint(25, 75)), "-w", out, text], check=True)
    elif engine == "flite":
        stretch = r.uniform(0.85, 1.2) if augment else r.uniform(0.95, 1.05)
        subprocess.run(["flite", "-voice", voice, "--setf", f"duration_stretch={stretch:.3f}", "-t", text, "-o", out], check=True)
    else:
        raise ValueError(engine)


def festival_batch(items, tmpdir):
    """items: list of (voice, text, outpath); one festival process per voice."""
    by_voice = {}
    for v, t, o in items:
        by_voice.setdefault(v, []).append((t, o))
    for v, rows in by_voice.items():
        scm = os.path.join(tmpdir, f"batch_{v}.scm")
        with open(scm, "w") as f:
            f.write(f"(voice_{v})\n")
            for t, o in rows:
                f.write(f'(utt.save.wave (utt.synth (Utterance Text "{t}")) "{o}" \'riff)\n')
        subprocess.run(["festival", "-b", scm], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def sox_effects(r: random.Random, augment: bool):
    eff = []
    if augment:
        if r.random() < 0.5:
            eff += ["pitch", str(r.randint(-300, 300))]  # shifts pitch and formants (VTLP-like)
        if r.random() < 0.4:
            eff += ["tempo", f"{r.uniform(0.85, 1.15):.3f}"]
        if r.random() < 0.3:
            eff += ["reverb", str(r.randint(10, 60)), "50", str(r.randint(20, 100))]
    eff += ["rate", "16000"]
    return eff


def add_noise(x, r: random.Random, np_rng):
    if r.random() < 0.5:
        snr = r.uniform(5, 35)
        noise = np_rng.standard_normal(x.shape[0]).astype(np.float32)
        if r.random() < 0.5:  # pink-ish: integrate white noise a little
            noise = np.convolve(noise, np.ones(8, dtype=np.float32) / 8, mode="same")
        px = float(np.mean(x**2)) + 1e-10
        pn = float(np.mean(noise**2)) + 1e-10
        x = x + noise * np.sqrt(px / pn / (10 ** (snr / 10)))
    gain = 10 ** (r.uniform(-20, 0) / 20)
    peak = float(np.max(np.abs(x))) + 1e-9
    return (x / peak * 0.9 * gain).astype(np.float32)


def load_set(name):
    t = os.path.join(WORK, "text")
    if name in TRAINING_SETS:
        texts = [s for s in open(os.path.join(t, "train.txt")).read().split("\n") if s]
        texts = texts[:BASE_TRAIN_SENTENCES] if name == "train" else texts[BASE_TRAIN_SENTENCES:]
        return [(s, []) for s in texts]
    if name in ("test_seen", "test_unseen"):
        return [(s, []) for s in open(os.path.join(t, "test_seen.txt")).read().split("\n") if s]
    src = {"entity_dev": "entity_dev.tsv", "entity_test": "entity_test.tsv", "entity_test_unseen": "entity_test.tsv"}[name]
    rows = []
    for line in open(os.path.join(t, src)).read().split("\n"):
        if line:
            s, e = line.split("\t")
            rows.append((s, [x for x in e.split(",") if x]))
    return rows


def run_shard(args):
    name, shard, rows = args
    out = os.path.join(WORK, "feats", name, f"shard_{shard:04d}.pt")
    if os.path.exists(out):
        return out
    augment = name in TRAINING_SETS
    heldout_voices = name.endswith("unseen")
    keep_wav = not augment
    wav_dir = os.path.join(WORK, "wav", name)
    os.makedirs(wav_dir, exist_ok=True)
    feats, lens, ids, texts, voices, ents = [], [], [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        plan = []
        fest = []
        for idx, (text, entities) in rows:
            r = random.Random(f"{name}:{idx}")
            engine, voice = pick_voice(r, heldout_voices)
            raw = os.path.join(tmp, f"{idx}.raw.wav")
            if engine == "festival":
                fest.append((voice, text, raw))
            else:
                synth_raw(engine, voice, text, raw, r, augment)
            plan.append((idx, text, entities, engine, voice, raw, r))
        if fest:
            festival_batch(fest, tmp)
        for idx, text, entities, engine, voice, raw, r in plan:
            uid = f"{name}-{idx:05d}"
            clean = os.path.join(tmp, f"{idx}.wav")
            subprocess.run(["sox", "-q", raw, "-b", "16", "-c", "1", clean] + sox_effects(r, augment), check=True)
            x = read_wav(clean)
            if augment:
                x = add_noise(x, r, np.random.default_rng(abs(hash(uid)) % (2**32)))
            if keep_wav:
                write_wav(os.path.join(wav_dir, f"{uid}.wav"), x)
            f = logmel(x).to(torch.float16)
            feats.append(f)
            lens.append(f.shape[0])
            ids.append(uid)
            texts.append(text)
            voices.append(f"{engine}:{voice}")
            ents.append(entities)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    torch.save({"feats": torch.cat(feats), "lens": torch.tensor(lens), "ids": ids, "texts": texts, "voices": voices,
                "entities": ents}, out + ".tmp")
    os.replace(out + ".tmp", out)
    return out


def main():
    name = sys.argv[1]
    workers = int(sys.argv[sys.argv.index("--workers") + 1]) if "--workers" in sys.argv else 2
    torch.set_num_threads(1)
    rows = list(enumerate(load_set(name)))
    shard_size = 200
    tasks = [(name, i // shard_size, rows[i:i + shard_size]) for i in range(0, len(rows), shard_size)]
    with Pool(workers) as pool:
        for k, out in enumerate(pool.imap_unordered(run_shard, tasks)):
            print(f"{name}: {k + 1}/{len(tasks)} {out}", flush=True)
    if name not in TRAINING_SETS:
        man = []
        for t in sorted(os.listdir(os.path.join(WORK, "feats", name))):
            d = torch.load(os.path.join(WORK, "feats", name, t))
            for uid, text, v, e in zip(d["ids"], d["texts"], d["voices"], d["entities"]):
                man.append(json.dumps({"id": uid, "audio": f"{uid}.wav", "text": text, "entities": e, "voice": v}))
        open(os.path.join(WORK, "wav", name, "manifest.jsonl"), "w").write("\n".join(man) + "\n")


if __name__ == "__main__":
    main()
