"""Log-mel features shared by data synthesis, training and export.

The TypeScript encoder (@ctcbias/encoder) reimplements exactly this; keep FEATURES and logmel() in sync with
packages/encoder/src/features.ts (a parity test compares them on committed fixtures).
"""
import math

import numpy as np
import torch

FEATURES = {
    "sampleRate": 16000,
    "windowLength": 400,  # 25 ms
    "hopLength": 160,  # 10 ms
    "fftSize": 512,
    "numMels": 80,
    "melLowHz": 20.0,
    "melHighHz": 8000.0,
    "melScale": "htk",  # mel(f) = 2595 * log10(1 + f / 700)
    "window": "hann-periodic",
    "logOffset": 1e-6,  # log(mel_power + logOffset)
    "center": False,  # frames = 1 + floor((samples - windowLength) / hopLength); shorter input is zero-padded to one frame
    "inputScale": "float in [-1, 1] (int16 / 32768)",
}


def _hz_to_mel(f):
    return 2595.0 * math.log10(1.0 + f / 700.0)


def _mel_to_hz(m):
    return 700.0 * (10.0 ** (m / 2595.0) - 1.0)


def mel_filterbank(cfg=FEATURES) -> np.ndarray:
    """[fftSize/2+1, numMels] triangular filters in float64."""
    n_bins = cfg["fftSize"] // 2 + 1
    lo, hi = _hz_to_mel(cfg["melLowHz"]), _hz_to_mel(cfg["melHighHz"])
    n = cfg["numMels"]
    hz = [_mel_to_hz(lo + (hi - lo) * i / (n + 1)) for i in range(n + 2)]
    fb = np.zeros((n_bins, n), dtype=np.float64)
    for k in range(n_bins):
        f = k * cfg["sampleRate"] / cfg["fftSize"]
        for m in range(n):
            left, center, right = hz[m], hz[m + 1], hz[m + 2]
            w = min((f - left) / (center - left), (right - f) / (right - center))
            if w > 0:
                fb[k, m] = w
    return fb


_FB = torch.from_numpy(mel_filterbank())
_WIN = torch.tensor([0.5 - 0.5 * math.cos(2 * math.pi * i / FEATURES["windowLength"]) for i in range(FEATURES["windowLength"])], dtype=torch.float64)


def logmel(wave: np.ndarray, dtype=torch.float32) -> torch.Tensor:
    """wave: float samples in [-1, 1] at 16 kHz → [frames, numMels] log-mel power."""
    x = torch.as_tensor(wave, dtype=torch.float64)
    W, H = FEATURES["windowLength"], FEATURES["hopLength"]
    if x.numel() < W:
        x = torch.nn.functional.pad(x, (0, W - x.numel()))
    frames = x.unfold(0, W, H) * _WIN
    spec = torch.fft.rfft(frames, n=FEATURES["fftSize"])
    power = spec.real**2 + spec.imag**2
    mel = power @ _FB
    return torch.log(mel + FEATURES["logOffset"]).to(dtype)
