import { decodeWav, resample } from '@ctcbias/encoder';

/**
 * A file from the file input as mono samples at `sampleRate`: WAV through `decodeWav` (exactly as
 * the CLI reads it), any other format through the browser's own decoder, then resampled.
 */
export async function fileSamples(file: File, sampleRate: number): Promise<Float32Array> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (/\.wav$/i.test(file.name) || file.type === 'audio/wav' || file.type === 'audio/x-wav') {
    return decodeWav(bytes, file.name, { sampleRate }).samples;
  }
  return decodedSamples(bytes.buffer, sampleRate);
}

/** Compressed audio (webm, ogg, mp3, …) decoded by the browser, downmixed and resampled. */
export async function decodedSamples(data: ArrayBuffer, sampleRate: number): Promise<Float32Array> {
  const context = new AudioContext();
  try {
    const audio = await context.decodeAudioData(data);
    const mono = new Float32Array(audio.length);
    for (let c = 0; c < audio.numberOfChannels; c++) {
      const channel = audio.getChannelData(c);
      for (let i = 0; i < mono.length; i++)
        mono[i] = (mono[i] ?? 0) + (channel[i] ?? 0) / audio.numberOfChannels;
    }
    return audio.sampleRate === sampleRate ? mono : resample(mono, audio.sampleRate, sampleRate);
  } finally {
    await context.close();
  }
}

/** Records from the microphone until `stop()`; resolves to the recording's bytes. */
export async function startRecording(): Promise<{ stop(): Promise<ArrayBuffer> }> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  const recorder = new MediaRecorder(stream);
  const chunks: Blob[] = [];
  recorder.addEventListener('dataavailable', (e) => chunks.push(e.data));
  recorder.start();
  return {
    stop: () =>
      new Promise((done) => {
        recorder.addEventListener('stop', async () => {
          for (const track of stream.getTracks()) track.stop();
          done(await new Blob(chunks).arrayBuffer());
        });
        recorder.stop();
      }),
  };
}
