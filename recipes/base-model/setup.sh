#!/usr/bin/env bash
# Installs what the base-model and adapter recipes need on Debian 12 (run as root). Node deps come from
# `pnpm install` at the repo root (this folder is a private workspace package).
set -euo pipefail
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
  python3-torch python3-torchaudio python3-onnx python3-sentencepiece python3-numpy libopenblas0-openmp \
  espeak-ng flite festival festvox-kallpc16k festvox-kdlpc16k festlex-cmu sox libsox-fmt-all
# Use Debian's python (/usr/bin/python3), not a pyenv python without torch.
/usr/bin/python3 -c "import torch, sentencepiece, onnx; print('torch', torch.__version__)"
