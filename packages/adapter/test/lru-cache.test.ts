import { describe, expect, it } from 'vitest';
import { LruCache } from '../src/lru-cache.js';

describe('LruCache', () => {
  it('evicts the least recently used key', () => {
    const c = new LruCache<string, number>(2);
    c.set('a', 1);
    c.set('b', 2);
    expect(c.get('a')).toBe(1);
    c.set('c', 3);
    expect([...c.keys()]).toEqual(['a', 'c']);
    expect(c.get('b')).toBeUndefined();
    c.set('a', 4); // overwrite refreshes
    c.set('d', 5);
    expect([...c.keys()]).toEqual(['a', 'd']);
    expect(c.get('a')).toBe(4);
    c.delete('a');
    expect(c.size).toBe(1);
    c.clear();
    expect(c.size).toBe(0);
  });
});
