#!/usr/bin/env bash
# Consumer test: packs every public @ctcbias package (`pnpm pack`, after `pnpm build`), installs the
# tarballs with plain npm into a fresh folder outside the workspace, and transcribes a WAV with a
# biasing list through @ctcbias/pipeline — what a user who runs `npm install @ctcbias/pipeline`
# gets. Needs the npm registry (for onnxruntime and the other third-party dependencies).
#
#   bash scripts/consumer-test.sh            # prints the transcript; exits non-zero on any failure
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$PWD"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

TURBO_TELEMETRY_DISABLED=1 pnpm -s build >/dev/null
mkdir -p "$work/tarballs" "$work/app"
packages=()
for dir in packages/*/; do
  if node -e 'process.exit(require(process.argv[1]).private ? 1 : 0)' "$root/$dir/package.json"; then
    (cd "$dir" && pnpm pack --pack-destination "$work/tarballs" >/dev/null)
    packages+=("$(node -p 'require(process.argv[1]).name' "$root/$dir/package.json")")
  fi
done
echo "packed: ${packages[*]}"

# Every @ctcbias package, direct or transitive, comes from its tarball (npm `overrides`).
node - "$work" "${packages[@]}" <<'JS'
const fs = require('node:fs');
const path = require('node:path');
const [work, ...names] = process.argv.slice(2);
const tarballs = fs.readdirSync(path.join(work, 'tarballs'));
const tarballOf = (name) => {
  const file = tarballs.find((t) => t.startsWith(`${name.replace('@', '').replace('/', '-')}-`));
  if (!file) throw new Error(`no tarball for ${name}`);
  return `file:${path.join(work, 'tarballs', file)}`;
};
const overrides = Object.fromEntries(names.map((n) => [n, tarballOf(n)]));
fs.writeFileSync(
  path.join(work, 'app', 'package.json'),
  JSON.stringify({ name: 'consumer', private: true, type: 'module',
    dependencies: { '@ctcbias/pipeline': overrides['@ctcbias/pipeline'] }, overrides }, null, 2),
);
JS
cp apps/demo/samples/entity_dev-00000.wav "$work/app/call.wav"
cat > "$work/app/transcribe.mjs" <<'JS'
import { createPipeline } from '@ctcbias/pipeline/node';

const list = ['simila', 'wetaskiwin', 'gorovitz', { text: 'ibuprofen', weight: 2 }];
const pipeline = await createPipeline({ stages: 'all' }); // the embedded model, adapter and LM
const biased = await pipeline.transcribe('call.wav', list);
const plain = await pipeline.withStages([]).transcribe('call.wav');
console.log(`plain:  ${plain.text}`);
console.log(`biased: ${biased.text}`);
for (const c of biased.candidates) {
  console.log(`  ${c.accepted ? 'kept' : 'dropped'} ${c.text} (${c.stage}, ${c.reason})`);
}
if (!biased.text.split(' ').includes('simila')) {
  console.error('the biased transcript lacks the list entry "simila"');
  process.exit(1);
}
JS
# --ignore-scripts: onnxruntime-node's install script would download GPU providers; the CPU
# library is inside its package.
(cd "$work/app" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
(cd "$work/app" && node transcribe.mjs)
echo "consumer test ok"
