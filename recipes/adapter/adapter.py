"""Contextual adapter (Dingliwal et al. 2022 §3.1) on top of the frozen base CTC model.

EntryEncoder: subword ids of one list entry → one vector: masked mean of the token embeddings plus a learned
correction (1-layer transformer + masked mean pool + linear, zero at initialization).
Biaser: per frame, a learned softmax-weighted sum of the base model's hidden_mid and hidden_last is the query;
it attends over [<no-bias>] + entry vectors; the attended value, projected to the model width, is added to
hidden_last, and the FROZEN base output layer turns that into biased subword log-probs.
The <no-bias> entry has a learned key and a fixed ZERO value: attention that rests entirely on <no-bias>
reproduces the unbiased posteriors exactly.
With context > 1 the query input is first smoothed over `context` frames (a depthwise convolution over time that starts
as a moving average), so a frame is matched against an entry with some of its neighbours' sounds too.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class EntryEncoder(nn.Module):
    def __init__(self, vocab_size, dim=144, heads=4, max_len=32):
        super().__init__()
        self.emb = nn.Embedding(vocab_size, dim)
        self.pos = nn.Embedding(max_len, dim)
        self.layer = nn.TransformerEncoderLayer(dim, heads, 2 * dim, dropout=0.1, batch_first=True)
        self.out = nn.Linear(dim, dim)
        nn.init.zeros_(self.out.weight)
        nn.init.zeros_(self.out.bias)
        self.max_len = max_len

    def init_from_head(self, head: nn.Linear):
        """Token embeddings := rows of the base model's output layer, so an entry's initial vector is the mean of its
        tokens' output directions (needs dim == the base model width)."""
        with torch.no_grad():
            self.emb.weight.copy_(head.weight)

    def forward(self, tokens, lengths):  # tokens [N, L] int64 (padded with 0), lengths [N]
        L = tokens.shape[1]
        pad = torch.arange(L).unsqueeze(0) >= lengths.unsqueeze(1)  # [N, L]
        keep = (~pad).unsqueeze(-1).to(torch.float32)
        count = keep.sum(1).clamp(min=1.0)
        e = self.emb(tokens)
        x = self.layer(e + self.pos(torch.arange(L)).unsqueeze(0), src_key_padding_mask=pad)
        return (e * keep).sum(1) / count + self.out((x * keep).sum(1) / count)


class Biaser(nn.Module):
    def __init__(self, head: nn.Linear, d_model=144, dim=144, context=1):
        super().__init__()
        self.context = context
        if context > 1:  # depthwise conv over time on the query input, starting as a moving average
            self.smooth = nn.Conv1d(d_model, d_model, context, padding=context // 2, groups=d_model, bias=False)
            nn.init.constant_(self.smooth.weight, 1.0 / context)
        self.layer_logits = nn.Parameter(torch.zeros(2))
        self.query = nn.Linear(d_model, dim)
        self.key = nn.Linear(dim, dim)
        self.value = nn.Linear(dim, dim)
        self.nobias_key = nn.Parameter(torch.randn(dim) * 0.02)
        self.proj = nn.Linear(dim, d_model, bias=False)  # no bias: a zero value adds exactly nothing
        self.head = head  # frozen base output layer
        for p in self.head.parameters():
            p.requires_grad_(False)
        self.dim = dim
        if dim == d_model:  # start from identity maps: score = mean logit of the entry's tokens at the frame
            with torch.no_grad():
                for lin in (self.query, self.key, self.value, self.proj):
                    lin.weight.copy_(torch.eye(dim))
                    if lin.bias is not None:
                        lin.bias.zero_()

    def forward(self, hidden_mid, hidden_last, entries):  # [B,T,D], [B,T,D], [N,dim] → logprobs [B,T,V], attention [B,T,N+1]
        w = torch.softmax(self.layer_logits, 0)
        h = w[0] * hidden_mid + w[1] * hidden_last
        if self.context > 1:
            h = self.smooth(h.transpose(1, 2)).transpose(1, 2)
        q = self.query(h)  # [B,T,dim]
        keys = torch.cat([self.nobias_key.unsqueeze(0), self.key(entries)], 0)  # [N+1, dim]
        values = torch.cat([torch.zeros(1, self.dim, dtype=entries.dtype), self.value(entries)], 0)
        att = torch.softmax(q @ keys.t() / math.sqrt(self.dim), dim=-1)  # [B,T,N+1]
        biased = hidden_last + self.proj(att @ values)
        return F.log_softmax(self.head(biased), dim=-1), att
