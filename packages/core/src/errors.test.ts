import { describe, expect, it } from 'vitest';
import { CtcBiasError, isCtcBiasError } from './errors.js';

describe('CtcBiasError', () => {
  it('names file, line and value in the message', () => {
    const e = new CtcBiasError('PARSE_ERROR', 'bad weight', {
      file: 'list.txt',
      line: 3,
      value: 'abc',
    });
    expect(e.message).toBe('list.txt:3: bad weight "abc"');
    expect(e.code).toBe('PARSE_ERROR');
    expect(e.file).toBe('list.txt');
    expect(e.line).toBe(3);
    expect(e.value).toBe('abc');
    expect(e).toBeInstanceOf(Error);
    expect(isCtcBiasError(e, 'PARSE_ERROR')).toBe(true);
    expect(isCtcBiasError(e, 'IO_ERROR')).toBe(false);
  });

  it('leaves out absent parts', () => {
    expect(new CtcBiasError('IO_ERROR', 'cannot read').message).toBe('cannot read');
    expect(new CtcBiasError('IO_ERROR', 'cannot read', { file: 'a.wav' }).message).toBe(
      'a.wav: cannot read',
    );
    expect(new CtcBiasError('INVALID_ARGUMENT', 'bad frames', { value: -1 }).message).toBe(
      'bad frames -1',
    );
  });
});
