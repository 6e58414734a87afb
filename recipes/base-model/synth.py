"""Synthesize the base-model speech data: many TTS voices + sox/ffmpeg/numpy augmentation → log-mel shards.

usage: /usr/bin/python3 synth.py SET [--workers 2]
  SET: train | train_rN (N = 1, 2, …: another rendition of the same sentences — new voices, new augmentation) |
       train_wn (WordNet's example sentences, prepare_wordnet_text.mjs: more, shorter, everyday text) |
       adapter | test_seen | test_unseen | voices_dev | voices_test | bias_dev | bias_test |
       entity_dev | entity_test | entity_test_unseen
  train = the first 20,000 training sentences (the base model's speech); adapter = the rest of the training text less
  the voices_dev sentences, speech the base model never heard, for recipes/adapter.
  voices_dev / voices_test: everyday sentences (voices_dev: 300 from the adapter text; voices_test: the 400 held-out
  test_seen sentences) spoken by voice FAMILIES never used in training (DEV_FAMILIES, TEST_FAMILIES below).
  bias_dev / bias_test: the biasing evaluation sentences of prepare_bias_text.mjs, by the same held-out families.
Reads work/text/ (prepare_text.mjs), writes work/feats/SET/shard_XXXX.pt (fp16 features, ids, texts) and, for
evaluation sets, 16 kHz WAVs under work/wav/SET/ plus work/wav/SET/manifest.jsonl. Resumable: finished shards are
skipped. Deterministic per utterance (seeded by SET and index).
"""
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import wave
import zlib
from multiprocessing import Pool

import numpy as np
import torch

import mbrola_english
from features import logmel

HERE = os.path.dirname(os.path.abspath(__file__))
WORK = os.path.join(HERE, "work")

# Kept for an outside evaluation: never trained, tuned or selected on. pick_voice() asserts none is ever chosen.
RESERVED_VOICES = {"mbrola:us1", "mbrola:us2", "mbrola:us3", "mbrola:en1", "flite:slt", "rhvoice:slt", "festival:cmu_us_slt_arctic_hts"}

ESPEAK_ACCENTS = ["en-us", "en-gb", "en-gb-scotland", "en-gb-x-gbclan", "en-gb-x-rp", "en-gb-x-gbcwmd"]
ESPEAK_ACCENTS_HELDOUT = ["en-029"]
ESPEAK_VARIANTS = ["m1", "m2", "m3", "m4", "m5", "m7", "m8", "f1", "f2", "f3", "f5", "klatt", "klatt2", "klatt3",
                   "klatt5", "klatt6", "adam", "Alex", "Alicia", "Andrea", "Andy", "Annie", "aunty", "belinda",
                   "benjamin", "boris", "caleb", "david", "ed", "Gene", "gustave", "iven", "john", "Lee", "linda",
                   "max", "Michael", "Mike", "paul", "quincy", "rob", "robert", "steph", "travis", "victor",
                   "norbert", "sandro", "zac", "grandma", "grandpa"]
ESPEAK_VARIANTS_HELDOUT = ["f4", "m6", "klatt4", "shelby", "edward"]
FLITE_VOICES = ["kal16", "kal", "awb", "rms"]
FESTIVAL_VOICES = ["kal_diphone", "ked_diphone"]
RHVOICE_VOICES = ["bdl", "clb", "evgeniy-eng", "lyubov"]
# Whole voice families held out of training. Dev (model selection, tuning): the Italian MBROLA voices and RHVoice alan.
# Test (reported, never selected on): the French MBROLA voices and both SVOX Pico voices.
DEV_FAMILIES = {"mbrola": ["it1", "it2", "it3", "it4"], "rhvoice": ["alan"]}
TEST_FAMILIES = {"mbrola": ["fr1", "fr2", "fr3", "fr4", "fr5", "fr6", "fr7"], "pico": ["en-US", "en-GB"]}
# MBROLA voices whose mapped English keeps at least this diphone coverage (mbrola_english.VoiceMap.coverage, measured
# on 20 test sentences: br1-4 0.71-0.74, lt1-2 0.74, cz1 0.74, hn1 0.75 kept; ar1 0.705, in1-2 0.67, jp1-3 0.40-0.69,
# nl1 0.31, nz1 0.65, cn1 0.27 dropped).
MBROLA_COVERAGE_FLOOR = 0.72
MBROLA_TRAIN = ["af1", "ar2", "br1", "br2", "br3", "br4", "bz1", "ca1", "ca2", "cr1", "cz1", "cz2", "de1", "de2", "de3",
                "de4", "de5", "de6", "de7", "de8", "ee1", "es1", "es2", "es3", "es4", "gr1", "gr2", "hb1", "hb2", "hn1",
                "hu1", "ic1", "id1", "ir1", "la1", "lt1", "lt2", "ma1", "mx1", "mx2", "nl2", "nl3", "pl1", "pt1", "ro1",
                "sw1", "sw2", "tl1", "tr1", "tr2", "vz1"]
BASE_TRAIN_SENTENCES = 20000  # train.txt[:20000] → set train (and train_rN); the rest → adapter (less voices_dev)
VOICES_DEV_SENTENCES = 300


def is_training_set(name):
    return name in ("train", "adapter", "train_wn") or re.fullmatch(r"train_r\d+", name) is not None


def _check_pools():
    train = {f"mbrola:{v}" for v in MBROLA_TRAIN} | {f"rhvoice:{v}" for v in RHVOICE_VOICES} | \
            {f"flite:{v}" for v in FLITE_VOICES} | {f"festival:{v}" for v in FESTIVAL_VOICES}
    held = {f"{e}:{v}" for fam in (DEV_FAMILIES, TEST_FAMILIES) for e, vs in fam.items() for v in vs}
    assert not train & RESERVED_VOICES and not held & RESERVED_VOICES, "a reserved voice is in a pool"
    assert not train & held, f"held-out voices in training: {sorted(train & held)}"
    dev = {f"{e}:{v}" for e, vs in DEV_FAMILIES.items() for v in vs}
    assert not dev & {f"{e}:{v}" for e, vs in TEST_FAMILIES.items() for v in vs}


_check_pools()


def pick_voice(r: random.Random, pool: str):
    """(engine, voice) for one utterance. pool: train | unseen (espeak/flite voices held out since the first model) |
    dev_family | test_family."""
    x = r.random()
    if pool == "unseen":
        if x < 0.6:
            v = ("espeak", r.choice(ESPEAK_ACCENTS_HELDOUT + ESPEAK_ACCENTS) + "+" + r.choice(ESPEAK_VARIANTS_HELDOUT))
        else:
            v = ("espeak", ESPEAK_ACCENTS_HELDOUT[0] + "+" + r.choice(ESPEAK_VARIANTS))
    elif pool in ("dev_family", "test_family"):
        fam = DEV_FAMILIES if pool == "dev_family" else TEST_FAMILIES
        engine = "mbrola" if x < 0.7 else next(e for e in fam if e != "mbrola")
        v = (engine, r.choice(fam[engine]))
    elif x < 0.25:
        v = ("espeak", r.choice(ESPEAK_ACCENTS) + "+" + r.choice(ESPEAK_VARIANTS))
    elif x < 0.70:
        v = ("mbrola", r.choice(MBROLA_TRAIN))
    elif x < 0.82:
        v = ("rhvoice", r.choice(RHVOICE_VOICES))
    elif x < 0.92:
        v = ("flite", r.choice(FLITE_VOICES))
    else:
        v = ("festival", r.choice(FESTIVAL_VOICES))
    assert f"{v[0]}:{v[1]}" not in RESERVED_VOICES, v
    return v


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


_VOICE_MAPS = {}


def synth_raw(engine, voice, text, out, r: random.Random, augment: bool):
    if engine == "espeak":
        rate = r.randint(135, 200) if augment else r.randint(150, 180)
        subprocess.run(["espeak-ng", "-v", voice, "-s", str(rate), "-p", str(r.randint(25, 75)), "-w", out, text], check=True)
    elif engine == "flite":
        stretch = r.uniform(0.85, 1.2) if augment else r.uniform(0.95, 1.05)
        subprocess.run(["flite", "-voice", voice, "--setf", f"duration_stretch={stretch:.3f}", "-t", text, "-o", out], check=True)
    elif engine == "mbrola":
        if voice not in _VOICE_MAPS:
            _VOICE_MAPS[voice] = mbrola_english.VoiceMap(voice)
        freq = r.uniform(0.8, 1.35) if augment else r.uniform(0.95, 1.1)
        tempo = r.uniform(0.85, 1.2) if augment else r.uniform(0.95, 1.05)
        mbrola_english.synth(voice, text, out, freq, tempo, _VOICE_MAPS[voice])
    elif engine == "rhvoice":
        rate = r.randint(-20, 30) if augment else r.randint(-5, 5)
        pitch = r.randint(-20, 20) if augment else 0
        subprocess.run(["RHVoice-test", "-p", voice, "-r", str(100 + rate), "-t", str(100 + pitch), "-o", out],
                       input=text, text=True, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elif engine == "pico":
        subprocess.run(["pico2wave", "-l", voice, "-w", out, text], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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
    """sox effect chain: pitch (formants move too: a VTLP-like warp), speed 0.8-1.25 or tempo, reverb, telephone band
    (300-3400 Hz through 8 kHz); always ends at 16 kHz."""
    eff = []
    if augment:
        eff += ["gain", "-6"]  # headroom for pitch / reverb (add_noise normalizes the level afterwards)
        if r.random() < 0.35:
            eff += ["pitch", str(r.randint(-300, 300))]
        y = r.random()
        if y < 0.3:
            eff += ["speed", f"{r.uniform(0.8, 1.25):.3f}"]
        elif y < 0.5:
            eff += ["tempo", f"{r.uniform(0.85, 1.15):.3f}"]
        if r.random() < 0.3:
            eff += ["reverb", str(r.randint(10, 70)), "50", str(r.randint(20, 100))]
        if r.random() < 0.1:
            eff += ["rate", "16000", "sinc", "300-3400", "rate", "8000"]  # (8 kHz voices: filter below Nyquist)
    eff += ["rate", "16000"]
    return eff


def codec_round_trip(path, r: random.Random, tmp):
    """Lossy codec round trip through ffmpeg (opus or mp3 at a low bit rate), in place."""
    codec, ext, rate = (("libopus", "ogg", r.choice(["12k", "16k", "24k"])) if r.random() < 0.5
                        else ("libmp3lame", "mp3", r.choice(["24k", "32k", "48k"])))
    enc = os.path.join(tmp, "codec." + ext)
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-i", path, "-c:a", codec, "-b:a", rate, enc], check=True)
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-i", enc, "-ar", "16000", "-ac", "1", path], check=True)


def coloured_noise(n, kind, np_rng):
    """white, pink (1/f power) or brown (1/f^2) noise of n samples, unit power."""
    w = np_rng.standard_normal(n).astype(np.float32)
    if kind != "white":
        spec = np.fft.rfft(w)
        f = np.maximum(np.arange(spec.shape[0]), 1.0)
        spec = spec / (np.sqrt(f) if kind == "pink" else f)
        w = np.fft.irfft(spec, n).astype(np.float32)
    return w / (np.sqrt(np.mean(w**2)) + 1e-9)


def add_noise(x, r: random.Random, np_rng, babble_pool):
    """Additive noise at 0-30 dB SNR on 60 % of utterances (white / pink / brown / babble of 3-6 other utterances of
    the shard), then random gain −20…0 dB and, on 5 %, clipping."""
    if r.random() < 0.6:
        snr = r.uniform(0, 30)
        kind = r.choice(["white", "pink", "brown", "babble", "babble"])
        if kind == "babble" and len(babble_pool) >= 3:
            noise = np.zeros_like(x)
            for other in r.sample(babble_pool, min(len(babble_pool), r.randint(3, 6))):
                k = r.randint(0, max(0, other.shape[0] - 1))
                seg = np.roll(np.resize(other, x.shape[0]), -k)
                noise += seg / (np.sqrt(np.mean(seg**2)) + 1e-9)
        else:
            noise = coloured_noise(x.shape[0], "pink" if kind == "babble" else kind, np_rng)
        px = float(np.mean(x**2)) + 1e-10
        pn = float(np.mean(noise**2)) + 1e-10
        x = x + noise * np.sqrt(px / pn / (10 ** (snr / 10)))
    gain = 10 ** (r.uniform(-20, 0) / 20)
    peak = float(np.max(np.abs(x))) + 1e-9
    x = x / peak * 0.9 * gain
    if r.random() < 0.05:
        x = np.clip(x * r.uniform(1.5, 4.0), -0.9, 0.9)
    return x.astype(np.float32)


def voices_dev_sentences(train_texts):
    """The voices_dev sentences: the last VOICES_DEV_SENTENCES Brown sentences of the adapter text (no training name),
    so the base model never heard them; the adapter set leaves them out."""
    names = set(open(os.path.join(WORK, "text", "names_train.txt")).read().split())
    rest = [s for s in train_texts[BASE_TRAIN_SENTENCES:] if not names & set(s.split())]
    return rest[-VOICES_DEV_SENTENCES:]


def load_set(name):
    t = os.path.join(WORK, "text")
    lines = lambda f: [s for s in open(os.path.join(t, f)).read().split("\n") if s]  # noqa: E731
    if name == "train_wn":  # prepare_wordnet_text.mjs: WordNet's example sentences, none of them evaluation text
        return [(s, []) for s in lines("train_wordnet.txt")]
    if is_training_set(name) or name == "voices_dev":
        texts = lines("train.txt")
        if name == "voices_dev":
            return [(s, []) for s in voices_dev_sentences(texts)]
        if name == "adapter":
            dev = set(voices_dev_sentences(texts))
            return [(s, []) for s in texts[BASE_TRAIN_SENTENCES:] if s not in dev]
        return [(s, []) for s in texts[:BASE_TRAIN_SENTENCES]]
    if name in ("test_seen", "test_unseen", "voices_test"):
        return [(s, []) for s in lines("test_seen.txt")]
    if name in ("bias_dev", "bias_test"):  # prepare_bias_text.mjs: sentence \t entities "|" \t categories "|"
        return [(f[0], [x for x in f[1].split("|") if x], [x for x in f[2].split("|") if x])
                for f in (line.split("\t") for line in lines(name + ".tsv"))]
    src = {"entity_dev": "entity_dev.tsv", "entity_test": "entity_test.tsv", "entity_test_unseen": "entity_test.tsv"}[name]
    rows = []
    for line in lines(src):
        s, e = line.split("\t")
        rows.append((s, [x for x in e.split(",") if x]))
    return rows


def voice_pool(name):
    if name.endswith("unseen"):
        return "unseen"
    return {"voices_dev": "dev_family", "voices_test": "test_family", "bias_dev": "dev_family",
            "bias_test": "test_family"}.get(name, "train")


def run_shard(args):
    name, shard, rows = args
    out = os.path.join(WORK, "feats", name, f"shard_{shard:04d}.pt")
    if os.path.exists(out):
        return out
    augment = is_training_set(name)
    keep_wav = not augment
    wav_dir = os.path.join(WORK, "wav", name)
    os.makedirs(wav_dir, exist_ok=True)
    feats, lens, ids, texts, voices, ents, cats = [], [], [], [], [], [], []
    categories = {idx: (row[2] if len(row) > 2 else None) for idx, row in rows}
    with tempfile.TemporaryDirectory() as tmp:
        plan = []
        fest = []
        for idx, (text, entities, *_) in rows:
            r = random.Random(f"{name}:{idx}")
            engine, voice = pick_voice(r, voice_pool(name))
            raw = os.path.join(tmp, f"{idx}.raw.wav")
            if engine == "festival":
                fest.append((voice, text, raw))
            else:
                synth_raw(engine, voice, text, raw, r, augment)
            plan.append((idx, text, entities, engine, voice, raw, r))
        if fest:
            festival_batch(fest, tmp)
        clean = []
        for idx, text, entities, engine, voice, raw, r in plan:
            wav = os.path.join(tmp, f"{idx}.wav")
            subprocess.run(["sox", "-q", raw, "-b", "16", "-c", "1", wav] + sox_effects(r, augment), check=True)
            if augment and r.random() < 0.08:
                codec_round_trip(wav, r, tmp)
            clean.append(read_wav(wav))
        for k, (idx, text, entities, engine, voice, raw, r) in enumerate(plan):
            uid = f"{name}-{idx:05d}"
            x = clean[k]
            if augment:
                babble = clean[:k] + clean[k + 1:]
                x = add_noise(x, r, np.random.default_rng(zlib.crc32(uid.encode())), babble)
            if keep_wav:
                write_wav(os.path.join(wav_dir, f"{uid}.wav"), x)
            f = logmel(x).to(torch.float16)
            feats.append(f)
            lens.append(f.shape[0])
            ids.append(uid)
            texts.append(text)
            voices.append(f"{engine}:{voice}")
            ents.append(entities)
            cats.append(categories[idx])
    os.makedirs(os.path.dirname(out), exist_ok=True)
    torch.save({"feats": torch.cat(feats), "lens": torch.tensor(lens), "ids": ids, "texts": texts, "voices": voices,
                "entities": ents, "categories": cats}, out + ".tmp")
    os.replace(out + ".tmp", out)
    return out


def main():
    name = sys.argv[1]
    assert is_training_set(name) or name in ("test_seen", "test_unseen", "voices_dev", "voices_test", "entity_dev",
                                             "entity_test", "entity_test_unseen", "bias_dev", "bias_test"), f"unknown set {name!r}"
    workers = int(sys.argv[sys.argv.index("--workers") + 1]) if "--workers" in sys.argv else 2
    torch.set_num_threads(1)
    rows = list(enumerate(load_set(name)))
    shard_size = 200
    tasks = [(name, i // shard_size, rows[i:i + shard_size]) for i in range(0, len(rows), shard_size)]
    with Pool(workers) as pool:
        for k, out in enumerate(pool.imap_unordered(run_shard, tasks)):
            print(f"{name}: {k + 1}/{len(tasks)} {out}", flush=True)
    if not is_training_set(name):
        man = []
        for t in sorted(os.listdir(os.path.join(WORK, "feats", name))):
            d = torch.load(os.path.join(WORK, "feats", name, t))
            for k, (uid, text, v, e) in enumerate(zip(d["ids"], d["texts"], d["voices"], d["entities"])):
                row = {"id": uid, "audio": f"{uid}.wav", "text": text, "entities": e, "voice": v}
                if d.get("categories") and d["categories"][k] is not None:
                    row["categories"] = d["categories"][k]
                man.append(json.dumps(row))
        open(os.path.join(WORK, "wav", name, "manifest.jsonl"), "w").write("\n".join(man) + "\n")


if __name__ == "__main__":
    main()
