"""Conformer CTC model with an intermediate phone head and intermediate subword head (Dingliwal et al. 2022 §2).

Input: log-mel [B, T, 80] (features.py); global mean/variance normalization is part of the model, so the
exported ONNX graph takes raw log-mel. Conv subsampling 4× in time. Outputs (ONNX names):
  logprobs      [B, T', V]  final subword CTC head (log-softmax)
  phone_logprobs[B, T', P]  phone CTC head at the middle layer (blank + 39 ARPAbet phones)
  hidden_mid    [B, T', D]  hidden state after the middle layer (adapter input)
  hidden_last   [B, T', D]  hidden state after the last layer, before the output projection (adapter input)
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

PHONES = ["<blk>", "AA", "AE", "AH", "AO", "AW", "AY", "B", "CH", "D", "DH", "EH", "ER", "EY", "F", "G", "HH", "IH",
          "IY", "JH", "K", "L", "M", "N", "NG", "OW", "OY", "P", "R", "S", "SH", "T", "TH", "UH", "UW", "V", "W", "Y",
          "Z", "ZH"]


class ConvSubsampling(nn.Module):
    def __init__(self, n_mels, d, channels=64):
        super().__init__()
        self.conv = nn.Sequential(nn.Conv2d(1, channels, 3, stride=2), nn.ReLU(), nn.Conv2d(channels, channels, 3, stride=2), nn.ReLU())
        f = ((n_mels - 3) // 2 + 1 - 3) // 2 + 1
        self.out = nn.Linear(channels * f, d)

    def forward(self, x):  # [B, T, F]
        x = self.conv(x.unsqueeze(1))  # [B, C, T', F']
        b, c, t, f = x.shape
        return self.out(x.transpose(1, 2).reshape(b, t, c * f))


def subsampled_length(t):
    return ((t - 3) // 2 + 1 - 3) // 2 + 1


class FeedForward(nn.Module):
    def __init__(self, d, ff, dropout):
        super().__init__()
        self.net = nn.Sequential(nn.LayerNorm(d), nn.Linear(d, ff), nn.SiLU(), nn.Dropout(dropout), nn.Linear(ff, d), nn.Dropout(dropout))

    def forward(self, x):
        return self.net(x)


class ConvModule(nn.Module):
    def __init__(self, d, kernel, dropout):
        super().__init__()
        self.norm = nn.LayerNorm(d)
        self.pw1 = nn.Linear(d, 2 * d)
        self.dw = nn.Conv1d(d, d, kernel, padding=kernel // 2, groups=d)
        self.bn = nn.BatchNorm1d(d)
        self.pw2 = nn.Linear(d, d)
        self.drop = nn.Dropout(dropout)

    def forward(self, x, pad_mask):  # pad_mask [B, T] True = padding
        y = F.glu(self.pw1(self.norm(x)), dim=-1)
        if pad_mask is not None:
            y = y.masked_fill(pad_mask.unsqueeze(-1), 0.0)
        y = self.dw(y.transpose(1, 2))
        y = F.silu(self.bn(y)).transpose(1, 2)
        return self.drop(self.pw2(y))


class ConformerBlock(nn.Module):
    def __init__(self, d, heads, ff, kernel, dropout):
        super().__init__()
        self.ff1 = FeedForward(d, ff, dropout)
        self.att_norm = nn.LayerNorm(d)
        self.att = nn.MultiheadAttention(d, heads, dropout=dropout, batch_first=True)
        self.att_drop = nn.Dropout(dropout)
        self.conv = ConvModule(d, kernel, dropout)
        self.ff2 = FeedForward(d, ff, dropout)
        self.norm = nn.LayerNorm(d)

    def forward(self, x, pad_mask):
        x = x + 0.5 * self.ff1(x)
        y = self.att_norm(x)
        y, _ = self.att(y, y, y, key_padding_mask=pad_mask, need_weights=False)
        x = x + self.att_drop(y)
        x = x + self.conv(x, pad_mask)
        x = x + 0.5 * self.ff2(x)
        return self.norm(x)


def sinusoid(t, d, device):
    pos = torch.arange(t, device=device, dtype=torch.float32).unsqueeze(1)
    div = torch.exp(torch.arange(0, d, 2, device=device, dtype=torch.float32) * (-math.log(10000.0) / d))
    pe = torch.zeros(t, d, device=device)
    pe[:, 0::2] = torch.sin(pos * div)
    pe[:, 1::2] = torch.cos(pos * div)
    return pe


class CtcModel(nn.Module):
    def __init__(self, vocab_size, n_phones=len(PHONES), n_mels=80, d=144, heads=4, ff=576, layers=6, mid=3, kernel=15, dropout=0.1):
        super().__init__()
        self.config = dict(vocab_size=vocab_size, n_phones=n_phones, n_mels=n_mels, d=d, heads=heads, ff=ff, layers=layers, mid=mid, kernel=kernel, dropout=dropout)
        self.register_buffer("feat_mean", torch.zeros(n_mels))
        self.register_buffer("feat_std", torch.ones(n_mels))
        self.sub = ConvSubsampling(n_mels, d)
        self.blocks = nn.ModuleList([ConformerBlock(d, heads, ff, kernel, dropout) for _ in range(layers)])
        self.mid = mid
        self.head = nn.Linear(d, vocab_size)
        self.mid_head = nn.Linear(d, vocab_size)
        self.phone_head = nn.Linear(d, n_phones)
        self.d = d

    def forward(self, feats, lengths=None):
        x = (feats - self.feat_mean) / self.feat_std
        x = self.sub(x)
        x = x * math.sqrt(self.d) + sinusoid(x.shape[1], self.d, x.device)
        pad_mask = None
        if lengths is not None:
            out_len = subsampled_length(lengths)
            pad_mask = torch.arange(x.shape[1], device=x.device).unsqueeze(0) >= out_len.unsqueeze(1)
        hidden_mid = x
        for i, blk in enumerate(self.blocks):
            x = blk(x, pad_mask)
            if i + 1 == self.mid:
                hidden_mid = x
        return {
            "logprobs": F.log_softmax(self.head(x), dim=-1),
            "mid_logprobs": F.log_softmax(self.mid_head(hidden_mid), dim=-1),
            "phone_logprobs": F.log_softmax(self.phone_head(hidden_mid), dim=-1),
            "hidden_mid": hidden_mid,
            "hidden_last": x,
        }
