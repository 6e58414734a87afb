import { CtcBiasError } from './errors.js';
import { fnv1a64Hex } from './hash.js';
import { normalizeText } from './text.js';

/**
 * One word or phrase to bias toward, with everything the stages need to find it.
 *
 * ```ts
 * {
 *   text: 'kate smith',                      // canonical, normalizeText()-ed
 *   weight: 1.5,                             // relative boost strength (default 1)
 *   category: 'contact',
 *   variants: ['cate smith', 'kait smith'],  // other spellings; a match on any maps back here
 *   tokenizations: [[12, 845, 90], [12, 7, 33, 90]],   // subword ids (from a Tokenizer)
 *   pronunciations: [['K', 'EY', 'T', 'S', 'M', 'IH', 'TH']],  // ARPAbet, no stress
 * }
 * ```
 */
export interface BiasingEntry {
  /** Canonical text, normalized with `normalizeText`. */
  readonly text: string;
  /** Relative boost strength, finite and ≥ 0; default 1. */
  readonly weight: number;
  readonly category?: string;
  /** Alternative spellings (normalized, never equal to `text`) that map back to this entry. */
  readonly variants: readonly string[];
  /** Subword-id sequences of `text` and its variants (several segmentations allowed). */
  readonly tokenizations: readonly (readonly number[])[];
  /** Phone sequences (stressless ARPAbet, see `ARPABET_PHONES`). */
  readonly pronunciations: readonly (readonly string[])[];
}

/**
 * The list a recognizer is biased toward. Entry indices are stable: `WordSpan.entry` refers to
 * `entries[i]`.
 *
 * ```ts
 * const list = createBiasingList(['Kate Smith', { text: 'ibuprofen', weight: 2 }, 'kate  SMITH']);
 * list.entries.length;     // 2 — 'Kate Smith' and 'kate  SMITH' merge into 'kate smith'
 * list.entries[1].weight;  // 2
 * listFingerprint(list);   // e.g. '3f0c…' (16 hex digits), stable across runs and platforms
 * ```
 */
export interface BiasingList {
  readonly entries: readonly BiasingEntry[];
}

/** Input accepted by {@link createBiasingList}: plain text, or a partial entry with `text`. */
export type BiasingListItem = string | (Partial<BiasingEntry> & { text: string });

function keyOf(seq: readonly (number | string)[]): string {
  return JSON.stringify(seq);
}

interface Draft {
  text: string;
  weight: number;
  category: string | undefined;
  variants: Map<string, string>;
  tokenizations: Map<string, readonly number[]>;
  pronunciations: Map<string, readonly string[]>;
}

/**
 * Builds a {@link BiasingList}: normalizes text and variants (`normalizeText`), merges entries
 * whose normalized text is equal (max weight; first category given; union of variants,
 * tokenizations and pronunciations in first-seen order), keeps entries in first-seen order.
 *
 * Throws `CtcBiasError('INVALID_ARGUMENT')` for empty text or variant, a non-finite or negative
 * weight, a tokenization that is not non-negative integers, or an empty pronunciation / phone.
 * The returned list and entries are frozen.
 */
export function createBiasingList(items: readonly BiasingListItem[]): BiasingList {
  const drafts = new Map<string, Draft>();
  items.forEach((item, index) => {
    const raw: Partial<BiasingEntry> & { text: string } =
      typeof item === 'string' ? { text: item } : item;
    if (typeof raw.text !== 'string') {
      throw new CtcBiasError('INVALID_ARGUMENT', `biasing list item ${index} has no text`, {
        value: raw.text,
      });
    }
    const text = normalizeText(raw.text);
    if (text === '') {
      throw new CtcBiasError('INVALID_ARGUMENT', `biasing list item ${index} has empty text`, {
        value: raw.text,
      });
    }
    const weight = raw.weight ?? 1;
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) {
      throw new CtcBiasError('INVALID_ARGUMENT', `bad weight for "${text}"`, { value: weight });
    }
    let d = drafts.get(text);
    if (d === undefined) {
      d = {
        text,
        weight,
        category: undefined,
        variants: new Map(),
        tokenizations: new Map(),
        pronunciations: new Map(),
      };
      drafts.set(text, d);
    } else {
      d.weight = Math.max(d.weight, weight);
    }
    if (d.category === undefined && raw.category !== undefined) d.category = raw.category;
    for (const v of raw.variants ?? []) {
      const nv = normalizeText(v);
      if (nv === '') {
        throw new CtcBiasError('INVALID_ARGUMENT', `empty variant for "${text}"`, { value: v });
      }
      if (nv !== text) d.variants.set(nv, nv);
    }
    for (const tok of raw.tokenizations ?? []) {
      if (tok.length === 0 || !tok.every((id) => Number.isInteger(id) && id >= 0)) {
        throw new CtcBiasError('INVALID_ARGUMENT', `bad tokenization for "${text}"`, {
          value: tok,
        });
      }
      d.tokenizations.set(keyOf(tok), Object.freeze([...tok]));
    }
    for (const pron of raw.pronunciations ?? []) {
      if (pron.length === 0 || !pron.every((p) => typeof p === 'string' && p !== '')) {
        throw new CtcBiasError('INVALID_ARGUMENT', `bad pronunciation for "${text}"`, {
          value: pron,
        });
      }
      d.pronunciations.set(keyOf(pron), Object.freeze([...pron]));
    }
  });
  const entries = [...drafts.values()].map((d): BiasingEntry => {
    const e: {
      text: string;
      weight: number;
      category?: string;
      variants: readonly string[];
      tokenizations: readonly (readonly number[])[];
      pronunciations: readonly (readonly string[])[];
    } = {
      text: d.text,
      weight: d.weight,
      variants: Object.freeze([...d.variants.values()]),
      tokenizations: Object.freeze([...d.tokenizations.values()]),
      pronunciations: Object.freeze([...d.pronunciations.values()]),
    };
    if (d.category !== undefined) e.category = d.category;
    return Object.freeze(e);
  });
  return Object.freeze({ entries: Object.freeze(entries) });
}

/**
 * Stable content hash of a list, for cache keys: 64-bit FNV-1a (pure JS, browser-safe — no
 * `node:crypto`) over a canonical JSON of the entries in order (order matters, since
 * `WordSpan.entry` indexes into it). 16 lowercase hex digits.
 */
export function listFingerprint(list: BiasingList): string {
  const canonical = list.entries.map((e) => [
    e.text,
    e.weight,
    e.category ?? null,
    e.variants,
    e.tokenizations,
    e.pronunciations,
  ]);
  return fnv1a64Hex(JSON.stringify(['ctcbias-list-v1', canonical]));
}
