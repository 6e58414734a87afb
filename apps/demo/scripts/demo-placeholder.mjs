// Placeholder for `pnpm demo` until the default model is embedded in apps/demo.
// It says what the demo will do, then exits non-zero. Replace it with the real demo.
const lines = [
  'ctcbias demo',
  '',
  'What it will do: transcribe the sample WAVs shipped in apps/demo (utterances with rare names',
  'such as surnames and cities) with the embedded default CTC model, twice — plain, and biased',
  "toward the samples' biasing list — and print the two transcripts side by side with WER,",
  'B-WER/U-WER and entity F1 for each.',
  '',
  'error: the default model is not embedded yet (apps/demo has no model files), so there is',
  'nothing to run. The tests do not need it: run `pnpm test`.',
];
console.error(lines.join('\n'));
process.exit(1);
