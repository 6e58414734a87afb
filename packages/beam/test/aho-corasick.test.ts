import { describe, expect, it } from 'vitest';
import { TokenAutomaton } from '../src/index.js';

// Tokens as letters: a=1 b=2 c=3 d=4 e=5.
const [a, b, c, d, e] = [1, 2, 3, 4, 5];

function feed(ac: TokenAutomaton, tokens: number[]): number[] {
  const nodes: number[] = [];
  let u = TokenAutomaton.ROOT;
  for (const t of tokens) {
    u = ac.next(u, t);
    nodes.push(u);
  }
  return nodes;
}

describe('TokenAutomaton', () => {
  const ac = TokenAutomaton.build([
    { tokens: [a, b], entry: 0, weight: 1 },
    { tokens: [a, b, c, d], entry: 1, weight: 2 },
    { tokens: [b, c], entry: 2, weight: 1 },
  ]);
  const node = (path: number[]) =>
    path.reduce((u, t) => ac.child(u, t), TokenAutomaton.ROOT as number);

  it('builds the trie with depths, failure and output links (the doc example)', () => {
    expect(ac.size).toBe(7);
    const ab = node([a, b]);
    const abc = node([a, b, c]);
    const bc = node([b, c]);
    expect(ac.depth[abc]).toBe(3);
    expect(ac.fail[ab]).toBe(node([b]));
    expect(ac.fail[abc]).toBe(bc);
    expect(ac.fail[node([a, b, c, d])]).toBe(TokenAutomaton.ROOT);
    expect(ac.outLink[abc]).toBe(bc);
    expect(ac.outLink[ab]).toBe(-1);
    expect([ac.outLen[ab], ac.outEntry[ab]]).toEqual([2, 0]);
    expect([ac.outLen[abc], ac.outEntry[abc]]).toEqual([2, 2]);
    expect([ac.outLen[node([a])], ac.outEntry[node([a])]]).toEqual([0, -1]);
  });

  it('tracks overlapping partial matches through failure links', () => {
    const nodes = feed(ac, [a, b, c, e, a, a, b, c, d]);
    expect(nodes.map((u) => ac.depth[u])).toEqual([1, 2, 3, 0, 1, 1, 2, 3, 4]);
    expect(ac.outEntry[nodes[8] as number]).toBe(1);
  });

  it('keeps the largest weight of the patterns through a node, lowest entry at a shared end', () => {
    expect(ac.weight[node([a])]).toBe(2);
    expect(ac.weight[node([b])]).toBe(1);
    const dup = TokenAutomaton.build([
      { tokens: [a], entry: 3, weight: 1 },
      { tokens: [a], entry: 1, weight: 0.5 },
    ]);
    expect(dup.terminalEntry[dup.child(0, a)]).toBe(1);
    expect(dup.weight[dup.child(0, a)]).toBe(1);
  });

  it('agrees with a naive matcher on random patterns and texts', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const patterns = Array.from({ length: 40 }, (_, i) => ({
      tokens: Array.from({ length: 1 + rand(4) }, () => 1 + rand(3)),
      entry: i,
      weight: 1,
    }));
    const auto = TokenAutomaton.build(patterns);
    const text = Array.from({ length: 200 }, () => 1 + rand(3));
    const nodes = feed(auto, text);
    for (let i = 0; i < text.length; i++) {
      const endsHere = patterns.filter((p) => {
        const s = i + 1 - p.tokens.length;
        return s >= 0 && p.tokens.every((t, k) => text[s + k] === t);
      });
      const longest = Math.max(0, ...endsHere.map((p) => p.tokens.length));
      expect(auto.outLen[nodes[i] as number]).toBe(longest);
    }
  });

  it('is empty-safe', () => {
    const empty = TokenAutomaton.build([]);
    expect(empty.size).toBe(1);
    expect(empty.next(0, 3)).toBe(0);
  });
});
