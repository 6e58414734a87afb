/**
 * Crafted CTC posteriors for decoding checks (the integration test and the benchmark).
 *
 * Each utterance is an evaluation-style sentence holding one entity that the default LM has never
 * seen. Its posteriors are peaky (one token frame, one blank frame) with two planted confusions:
 * - a homophone: the wrong word (e.g. "hear" for "here") gets 0.5, the right one 0.4 — the LM's
 *   job (the templates are the evaluation templates, whose right words the LM prefers);
 * - one letter of the entity (e.g. "gorowitz" for "gorovitz") gets 0.5 vs 0.4 — both spellings
 *   are OOV, so only the BOOST class can prefer the listed one.
 */
import { createPosteriors, type Posteriors, Vocabulary } from '@ctcbias/core';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz'.split('');
/** Confusable letters: the acoustic model prefers the right-hand one. */
const LOOKALIKE: Record<string, string> = {
  v: 'w',
  b: 'p',
  z: 's',
  k: 'c',
  a: 'e',
  o: 'u',
  i: 'y',
  n: 'm',
  d: 't',
  g: 'k',
  r: 'l',
  e: 'a',
  u: 'o',
  s: 'z',
  t: 'd',
  l: 'r',
  m: 'n',
  c: 'k',
  h: 'n',
  y: 'i',
  p: 'b',
  w: 'v',
};

/** Templates with a homophone slot [right|wrong] and an entity slot {E}. */
export const TEMPLATES = [
  'let me know when {E} gets [here|hear]',
  'i borrowed the book [from|form] {E}',
  'the nurse asked [for|four] {E} again',
  'there was a storm in {E} last [night|knight]',
  'did you [speak|speck] with {E} today',
  'how far is {E} from [here|hear]',
  '[our|hour] cousins live near {E}',
  'the new manager is called [pat|pad] {E}',
  'please forward this [to|two] {E}',
  'how [far|for] is {E} from here',
];
/** Entities absent from the default LM (held-out evaluation names). */
export const ENTITIES = [
  'gorovitz',
  'nazzaro',
  'salyer',
  'sabalgarh',
  'utzinger',
  'kazmierczak',
  'blaine',
  'hogans',
  'arkhangelsk',
  'ruud',
  'simila',
  'charbonneau',
];
/** Other list entries (class members that do not occur). */
export const DISTRACTORS = [
  'verhoeven',
  'castellanos',
  'pomeroy',
  'wendling',
  'tuscaloosa',
  'kirkwall',
  'zamboni',
  'oyelaran',
  'brisbane',
  'okonkwo',
  'lindqvist',
  'marrakesh',
];

export interface Utterance {
  ref: string;
  posteriors: Posteriors;
}

function wordTokens(): string[] {
  const words = new Set<string>();
  for (const t of TEMPLATES) {
    for (const w of t.replace(/[[\]|]/g, ' ').split(' ')) if (w !== '' && w !== '{E}') words.add(w);
  }
  return [...words].map((w) => `▁${w}`);
}

/** The token inventory: whole-word tokens for the carrier words, `▁x` and `x` for every letter. */
export function craftVocabulary(): Vocabulary {
  return new Vocabulary(
    ['<blk>', ...new Set([...wordTokens(), ...LETTERS.map((c) => `▁${c}`)]), ...LETTERS],
    0,
  );
}

/** One utterance per entity (templates in turn); `seed` picks the confused letter. */
export function craftUtterances(vocab: Vocabulary, seed: number): Utterance[] {
  const id = (t: string) => {
    const i = vocab.idOf(t);
    if (i === undefined) throw new Error(`no token ${t}`);
    return i;
  };
  const V = vocab.size;
  const out: Utterance[] = [];
  let k = seed;
  for (const [n, entity] of ENTITIES.entries()) {
    const template = TEMPLATES[n % TEMPLATES.length] as string;
    // Frames: [token distribution] per token, each followed by a blank frame.
    const frames: Map<number, number>[] = [];
    const refWords: string[] = [];
    for (const part of template.split(' ')) {
      const slot = /^\[(\w+)\|(\w+)\]$/.exec(part);
      if (slot !== null) {
        const [, right, wrong] = slot as unknown as [string, string, string];
        refWords.push(right);
        frames.push(
          new Map([
            [id(`▁${wrong}`), 0.5],
            [id(`▁${right}`), 0.4],
          ]),
        );
      } else if (part === '{E}') {
        refWords.push(entity);
        const at = 1 + (k++ % (entity.length - 1)); // confuse one letter after the first
        for (const [i, ch] of [...entity].entries()) {
          const tok = i === 0 ? `▁${ch}` : ch;
          if (i !== at) {
            frames.push(new Map([[id(tok), 0.9]]));
            continue;
          }
          const alt = LOOKALIKE[ch] ?? 'x';
          frames.push(
            new Map([
              [id(alt), 0.5],
              [id(tok), 0.4],
            ]),
          );
        }
      } else {
        refWords.push(part);
        frames.push(new Map([[id(`▁${part}`), 0.9]]));
      }
    }
    const T = 2 * frames.length + 1;
    const logProbs = new Float32Array(T * V);
    for (let t = 0; t < T; t++) {
      const dist = t % 2 === 1 ? (frames[(t - 1) / 2] as Map<number, number>) : new Map();
      let mass = 0;
      for (const p of dist.values()) mass += p;
      const blank = t % 2 === 1 ? 0.01 : 0.95;
      const rest = (1 - mass - blank) / (V - 1 - dist.size);
      for (let v = 0; v < V; v++) {
        const p = v === vocab.blank ? blank : (dist.get(v) ?? rest);
        logProbs[t * V + v] = Math.log(p);
      }
    }
    out.push({ ref: refWords.join(' '), posteriors: createPosteriors(logProbs, T, V, 0.04) });
  }
  return out;
}
