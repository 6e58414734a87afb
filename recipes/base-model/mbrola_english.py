"""English speech from any MBROLA voice: espeak-ng's English front-end, mapped onto the voice's own phones.

espeak-ng ships English front-ends for a few foreign MBROLA voices (`mb-de1-en`, …); for every other voice we take
the phones espeak-ng writes for English through `mb-us1 --pho` (us1's SAMPA names — only the text front-end is used,
never the us1 recording, which is reserved) and map each onto the nearest phone the voice's database really has,
read from the database file itself. What a voice cannot say well shows up as missing diphones; `coverage()` measures
that and synth.py keeps only voices above a floor.

Worked example (voice it3, whose inventory has `a e i o u E O dZ tS ...` but no `{ D T V @U`):
    espeak-ng -v mb-us1 --pho "the thing"  →  D 65 | @ 22 … | T 113 | I 44 … | N 65
    to_voice(...)                          →  d 65 | e 22 … | t 113 | i 44 … | ng 65
and `mbrola -e /usr/share/mbrola/it3/it3 in.pho out.wav` speaks it with an Italian voice.
"""
import os
import subprocess

MBROLA_DIR = "/usr/share/mbrola"

# us1 phone → alternatives in order of preference; an alternative is one phone or a sequence (diphthongs, affricates);
# None drops the phone (e.g. /h/ for a voice without h or x).
_MAP = {
    "i": ["i:", "i", "ii", "i1", "I"],
    "I": ["I", "i", "i1", "e"],
    "E": ["E", "e", "E:", "e:", "E1", "e1"],
    "{": ["{", "&", "E", "a", "e", "A"],
    "A": ["A:", "A", "a:", "a", "aa", "Q"],
    "V": ["V", "6", "a", "A", "@", "O"],
    "@": ["@", "6", "1", "e", "E", "a"],
    "r=": ["3:", "r=", "9", "@", "2", "e"],
    "U": ["U", "u", "o"],
    "u": ["u:", "u", "uu", "U"],
    "O": ["O:", "O", "o:", "o", "oo"],
    "EI": ["EI", "eI", "ei", "e:", ("e", "j"), ("e", "i"), ("E", "j"), "e"],
    "AI": ["AI", "aI", "ai", ("a", "j"), ("a", "i"), ("a", "I"), "a"],
    "OI": ["OI", "OY", "oi", "Oi", ("O", "j"), ("o", "j"), ("o", "i"), "o"],
    "aU": ["aU", "au", "Au", ("a", "u"), ("a", "w"), ("a", "U"), "a"],
    "@U": ["@U", "oU", "ou", "o:", ("o", "u"), "o", "O"],
    "p": ["p"], "p_h": ["p_h", "p"], "b": ["b", "B", "p"],
    "t": ["t"], "t_h": ["t_h", "t"], "4": ["4", "d", "r", "t"], "d": ["d", "D", "t"],
    "k": ["k"], "k_h": ["k_h", "k"], "g": ["g", "G", "k"],
    "f": ["f"], "v": ["v", "w", "B", "f"], "s": ["s"], "z": ["z", "s"],
    "T": ["T", "s", "t", "f"], "D": ["D", "d", "z"],
    "S": ["S", "SH", "sh", "s'", "s"], "Z": ["Z", "zh", "S", "z", "dZ"],
    "h": ["h", "x", "h\\", "X", "H", None],
    "tS": ["tS", "ch", "CH", ("t", "S"), ("t", "s"), "ts", "c"],
    "dZ": ["dZ", "jj", "J", "dz", ("d", "Z"), ("d", "z"), "j"],
    "m": ["m"], "n": ["n"], "N": ["N", "ng", "n"], "l": ["l", "L"],
    "r": ["r\\", "r", "R", "rr", "4", "l"],
    "w": ["w", "W", "u", "U", "v"], "j": ["j", "J", "y", "i"],
    "_": ["_"],
}
NATIVE_ENGLISH = {"af1", "de1", "de2", "de3", "de4", "de5", "de6", "fr1", "fr4", "gr2", "hu1", "nl2", "pl1", "ro1", "sw1",
                  "sw2"}  # espeak-ng has voices/mb/mb-XX-en for these


def database(voice):
    return os.path.join(MBROLA_DIR, voice, voice)


def diphones(voice):
    """The (left, right) diphones of an MBROLA database, read from its index (null-terminated names, then 4 bytes)."""
    b = open(database(voice), "rb").read(2_000_000)
    assert b[:6] == b"MBROLA", voice
    best = []
    for start in range(11, 64):  # the index starts after a version-dependent header
        i, out = start, []
        while True:
            j = b.find(b"\0", i)
            k = b.find(b"\0", j + 1)
            if j <= i or j - i > 8 or k <= j + 1 or k - j - 1 > 8:
                break
            try:
                left, right = b[i:j].decode("ascii"), b[j + 1:k].decode("ascii")
            except UnicodeDecodeError:
                break
            if not (left.isprintable() and right.isprintable()):
                break
            out.append((left, right))
            i = k + 5
        if len(out) > len(best):
            best = out
    return best


class VoiceMap:
    def __init__(self, voice):
        self.voice = voice
        self.pairs = set(diphones(voice))
        self.phones = {p for lr in self.pairs for p in lr}
        self.table = {src: self._choose(alts) for src, alts in _MAP.items()}

    def _has(self, p):
        for q in (p, p.upper(), p.lower()):
            if q in self.phones:
                return q
        return None

    def _choose(self, alts):
        for a in alts:
            if a is None:
                return ()
            seq = (a,) if isinstance(a, str) else a
            got = tuple(self._has(p) for p in seq)
            if all(got):
                return got
        return ()

    def to_voice(self, pho_lines):
        """us1 .pho lines → this voice's .pho lines (durations split evenly over a mapped sequence)."""
        out = []
        for line in pho_lines:
            f = line.split()
            if not f or f[0].startswith(";"):
                continue
            seq = self.table.get(f[0], ())
            if not seq:
                continue
            dur = int(f[1]) // len(seq)
            for p in seq:
                out.append(" ".join([p, str(dur)] + f[2:]))
        return out

    def coverage(self, pho_lines):
        """Share of the utterance's phones that map to a phone of the voice (a dropped /h/ counts as mapped) times the
        share of adjacent mapped pairs that the database has as diphones."""
        src = [f[0] for f in (line.split() for line in pho_lines) if f and not f[0].startswith(";")]
        mapped = sum(bool(self.table.get(p)) or p == "h" for p in src) / max(len(src), 1)
        ph = [line.split()[0] for line in self.to_voice(pho_lines)]
        pairs = list(zip(ph, ph[1:]))
        return mapped * sum(p in self.pairs for p in pairs) / max(len(pairs), 1)


def english_pho(text, native_voice=None):
    """espeak-ng's phones for English text: the voice's native English front-end if it has one, else us1's."""
    v = f"mb-{native_voice}-en" if native_voice else "mb-us1"
    r = subprocess.run(["espeak-ng", "-v", v, "--pho", "-q", text], check=True, capture_output=True, text=True)
    return [line for line in r.stdout.split("\n") if line.strip()]


def synth(voice, text, out, freq_ratio=1.0, time_ratio=1.0, vmap=None):
    """Writes out (WAV at the database's rate). vmap: a VoiceMap for voices without a native English front-end."""
    if voice in NATIVE_ENGLISH:
        pho = english_pho(text, voice)
    else:
        pho = (vmap or VoiceMap(voice)).to_voice(english_pho(text))
    subprocess.run(["mbrola", "-e", "-f", f"{freq_ratio:.3f}", "-t", f"{time_ratio:.3f}", database(voice), "-", out],
                   input="\n".join(pho) + "\n", text=True, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
