#!/usr/bin/env bash
# Installs what the base-model and adapter recipes need on Debian 12 (run as root). Node deps come from
# `pnpm install` at the repo root (this folder is a private workspace package).
# Idempotent: enables the contrib and non-free components (MBROLA voices, SVOX Pico live there), then installs.
set -euo pipefail
src=/etc/apt/sources.list.d/debian.sources
if [ -f "$src" ] && grep -q '^Components: main$' "$src"; then
  sed -i 's/^Components: main$/Components: main contrib non-free/' "$src"
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
  python3-torch python3-torchaudio python3-onnx python3-sentencepiece python3-numpy libopenblas0-openmp \
  espeak-ng flite festival festvox-kallpc16k festvox-kdlpc16k festlex-cmu sox libsox-fmt-all \
  mbrola rhvoice rhvoice-english libttspico-utils ffmpeg
# Every MBROLA voice Debian has (the reserved ones are installed too — evaluate.py's outside set may use them — but
# synth.py refuses to train, tune or select on them; see RESERVED_VOICES there).
voices=$(apt-cache search --names-only '^mbrola-[a-z][a-z][0-9]$' | cut -d' ' -f1 | sort)
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $voices
# Use Debian's python (/usr/bin/python3), not a pyenv python without torch.
/usr/bin/python3 -c "import torch, sentencepiece, onnx; print('torch', torch.__version__)"
echo "mbrola voices: $(ls /usr/share/mbrola | wc -l)"
