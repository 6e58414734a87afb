import { isCtcBiasError } from '@ctcbias/core';
import type { JointPipeline } from '@ctcbias/pipeline';
import { loadPagePipeline, transcribeBoth } from './app.js';
import { decodedSamples, fileSamples, startRecording } from './audio.js';
import { candidatesHtml, escapeHtml, transcriptHtml } from './render.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const fileInput = $<HTMLInputElement>('file');
const recordButton = $<HTMLButtonElement>('record');
const runButton = $<HTMLButtonElement>('run');
const listBox = $<HTMLTextAreaElement>('list');
const status = $('status');

let pipeline: JointPipeline | undefined;
/** The audio to transcribe: the chosen file, or the last recording. */
let samples: Float32Array | undefined;

function say(text: string, state: 'busy' | 'ready' | 'error' | 'done' = 'ready'): void {
  status.textContent = text;
  status.dataset.state = state;
}

function message(e: unknown): string {
  return isCtcBiasError(e) || e instanceof Error ? e.message : String(e);
}

async function run(): Promise<void> {
  if (pipeline === undefined || samples === undefined) return;
  runButton.disabled = true;
  say('Transcribing…', 'busy');
  try {
    const { plain, biased, ms } = await transcribeBoth(pipeline, samples, listBox.value);
    const shift = biased.posteriors.frameShiftSec;
    $('plain').innerHTML = escapeHtml(plain.text);
    $('biased').innerHTML = transcriptHtml(biased.best, biased.candidates, shift);
    $('candidates').innerHTML = candidatesHtml(biased.candidates, shift);
    const tools = pipeline.components.attention;
    $('heatmap').innerHTML =
      biased.attention && tools ? tools.heatmapSvg(biased.attention, 'adapter attention') : '';
    const seconds = samples.length / pipeline.components.encoder.sampleRate;
    say(`Done: ${seconds.toFixed(1)} s of audio in ${(ms / 1000).toFixed(2)} s.`, 'done');
  } catch (e) {
    say(message(e), 'error');
  } finally {
    runButton.disabled = false;
  }
}

fileInput.addEventListener('change', async () => {
  const file = fileInput.files?.[0];
  if (file === undefined || pipeline === undefined) return;
  try {
    samples = await fileSamples(file, pipeline.components.encoder.sampleRate);
    say(`${file.name}: ${(samples.length / pipeline.components.encoder.sampleRate).toFixed(1)} s`);
    runButton.disabled = false;
  } catch (e) {
    samples = undefined;
    say(`${file.name}: ${message(e)}`, 'error');
  }
});

let recording: Awaited<ReturnType<typeof startRecording>> | undefined;
recordButton.addEventListener('click', async () => {
  if (pipeline === undefined) return;
  try {
    if (recording === undefined) {
      recording = await startRecording();
      recordButton.textContent = 'Stop';
      say('Recording…', 'busy');
      return;
    }
    const data = await recording.stop();
    recording = undefined;
    recordButton.textContent = 'Record';
    samples = await decodedSamples(data, pipeline.components.encoder.sampleRate);
    await run();
  } catch (e) {
    recording = undefined;
    recordButton.textContent = 'Record';
    say(`microphone: ${message(e)}`, 'error');
  }
});

runButton.addEventListener('click', run);

loadPagePipeline(new URL('./', location.href)).then(
  (p) => {
    pipeline = p;
    recordButton.disabled = !navigator.mediaDevices;
    say('Ready: choose a WAV file or record, type a list, then Transcribe.');
  },
  (e) => say(`cannot load the model: ${message(e)}`, 'error'),
);
