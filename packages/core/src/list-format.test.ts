import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBiasingList } from './biasing-list.js';
import { formatBiasingList, parseBiasingList, parseBiasingListLines } from './list-format.js';

describe('parseBiasingListLines', () => {
  it('reads plain lines, hotword weights, comments, blanks and sections', () => {
    const text = [
      '# contacts and drugs', // 1
      '', // 2
      'ibuprofen', // 3
      '  kate smith :2.5  ', // 4
      '[drug]', // 5
      'Acetaminophen :0', // 6
      're:invent', // 7
      'c# :1e1', // 8
      '[ ]', // 9
      'a : b', // 10
    ].join('\r\n');
    expect(parseBiasingListLines(text, 'l.txt')).toEqual([
      { line: 3, text: 'ibuprofen' },
      { line: 4, text: 'kate smith', weight: 2.5 },
      { line: 6, text: 'Acetaminophen', weight: 0, category: 'drug' },
      { line: 7, text: 're:invent', category: 'drug' },
      { line: 8, text: 'c#', weight: 10, category: 'drug' },
      { line: 10, text: 'a : b' },
    ]);
  });

  it('takes the last ":weight" as the weight', () => {
    expect(parseBiasingListLines('a :b :3')).toEqual([{ line: 1, text: 'a :b', weight: 3 }]);
  });

  it('rejects bad lines with file:line errors', () => {
    const bad = (line: string, message: string) =>
      expect(() => parseBiasingListLines(`ok\n${line}\n`, 'list.txt')).toThrow(
        expect.objectContaining({ code: 'PARSE_ERROR', file: 'list.txt', line: 2, message }),
      );
    bad('smith :abc', 'list.txt:2: bad weight (want a number ≥ 0) ":abc"');
    bad('smith :-1', 'list.txt:2: bad weight (want a number ≥ 0) ":-1"');
    bad('smith :NaN', 'list.txt:2: bad weight (want a number ≥ 0) ":NaN"');
    bad('smith :Infinity', 'list.txt:2: bad weight (want a number ≥ 0) ":Infinity"');
    bad('smith :', 'list.txt:2: bad weight (want a number ≥ 0) ":"');
    bad(':2', 'list.txt:2: empty phrase ":2"');
    bad('   :2', 'list.txt:2: empty phrase ":2"');
    expect(() => parseBiasingListLines(':2')).toThrow('<input>:1: empty phrase ":2"');
    bad('smi\u0000th', 'list.txt:2: control character U+0000 (not a text list?)');
    bad('\u0007', 'list.txt:2: control character U+0007 (not a text list?)');
    bad('x'.repeat(1001), 'list.txt:2: line of 1001 characters (at most 1000; one entry per line)');
    expect(parseBiasingListLines('kate\tsmith\r\n')).toEqual([{ line: 1, text: 'kate\tsmith' }]);
  });
});

describe('parseBiasingList', () => {
  it('normalizes and merges duplicates', () => {
    const list = parseBiasingList(
      '\ufeffKate Smith :2\n# drugs\n[drug]\nＩｂｕｐｒｏｆｅｎ\nkate  SMITH\n',
      'list.txt',
    );
    expect(list.entries.map((e) => [e.text, e.weight, e.category])).toEqual([
      ['kate smith', 2, 'drug'],
      ['ibuprofen', 1, 'drug'],
    ]);
  });
});

describe('formatBiasingList', () => {
  it('writes weights and category sections', () => {
    const list = createBiasingList([
      { text: 'kate smith', weight: 2.5, category: 'contact' },
      { text: 'john', category: 'contact' },
      'ibuprofen',
      { text: 're:invent' },
    ]);
    expect(formatBiasingList(list)).toBe(
      '[contact]\nkate smith :2.5\njohn\n[]\nibuprofen\nre:invent :1\n',
    );
  });

  it('refuses entries that would not read back', () => {
    expect(() => formatBiasingList(createBiasingList(['#hash']))).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => formatBiasingList(createBiasingList(['[x]']))).toThrow(/cannot be written/);
    expect(() => formatBiasingList(createBiasingList([{ text: 'a', category: 'x]' }]))).toThrow(
      /category cannot be written/,
    );
  });

  it('round-trips text, weight and category (property)', () => {
    const phrase = fc
      .array(fc.constantFrom('a', 'b', 'é', ':', '#', '[', ']', ' ', '1', "'"), {
        minLength: 1,
        maxLength: 8,
      })
      .map((cs) => cs.join(''));
    const item = fc.record({
      text: phrase,
      weight: fc.oneof(fc.constant(1), fc.double({ min: 0, max: 100, noNaN: true })),
      category: fc.option(fc.constantFrom('drug', 'contact', 'city'), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 6 }), (items) => {
        const usable = items.filter((i) => {
          const t = i.text.trim().replace(/\s+/g, ' ');
          return t !== '' && !t.startsWith('#') && !/^\[[^\]]*\]$/.test(t);
        });
        const list = createBiasingList(
          usable.map((i) => (i.category === undefined ? { text: i.text, weight: i.weight } : i)),
        );
        const back = parseBiasingList(formatBiasingList(list));
        expect(back.entries.map((e) => [e.text, e.weight, e.category])).toEqual(
          list.entries.map((e) => [e.text, e.weight, e.category]),
        );
      }),
    );
  });
});
