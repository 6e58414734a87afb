import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';

const ROOT = join(import.meta.dirname, '..', '..');
const PUBLIC = join(import.meta.dirname, 'public');

/**
 * What the page fetches at run time, copied into `public/` (git-ignored) before Vite serves or
 * builds: the embedded model, adapter and LM, and onnxruntime-web's WebAssembly. (The g2p table
 * needs no copy: @ctcbias/g2g names it with `new URL(…, import.meta.url)`, which Vite emits.)
 */
const ASSETS: readonly [from: string, to: string][] = [
  ['packages/encoder/assets/default-model', 'assets/default-model'],
  ['packages/adapter/assets/default-adapter', 'assets/default-adapter'],
  ['packages/lm-boost/assets/default-lm.bin', 'assets/default-lm.bin'],
];

function copyAssets(): Plugin {
  return {
    name: 'ctcbias-assets',
    configResolved() {
      for (const [from, to] of ASSETS) {
        const source = join(ROOT, from);
        const target = join(PUBLIC, to);
        if (from.endsWith('.bin')) {
          mkdirSync(dirname(target), { recursive: true });
          copyFileSync(source, target);
          continue;
        }
        mkdirSync(target, { recursive: true });
        for (const name of readdirSync(source))
          copyFileSync(join(source, name), join(target, name));
      }
      const require = createRequire(join(import.meta.dirname, 'package.json'));
      const ortDist = dirname(require.resolve('onnxruntime-web'));
      mkdirSync(join(PUBLIC, 'ort'), { recursive: true });
      for (const name of ['ort-wasm-simd-threaded.wasm', 'ort-wasm-simd-threaded.mjs']) {
        copyFileSync(join(ortDist, name), join(PUBLIC, 'ort', name));
      }
    },
  };
}

export default defineConfig({
  base: './',
  plugins: [copyAssets()],
  // workspace packages resolve to their TypeScript sources (no build of the packages needed)
  resolve: {
    conditions: ['@ctcbias/source', ...defaultClientConditions],
    // the WebAssembly-only build of onnxruntime-web (14 MB of wasm instead of 28 with WebGPU)
    alias: [{ find: /^onnxruntime-web$/, replacement: 'onnxruntime-web/wasm' }],
  },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 8000,
    // loaded only for backend 'node'; the page runs on 'web'
    rolldownOptions: { external: ['onnxruntime-node'] },
  },
  server: { port: 5173 },
});
