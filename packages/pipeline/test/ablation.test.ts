import { describe, expect, it } from 'vitest';
import { ablationConfigs } from '../src/ablation.js';
import { stageRegistry } from '../src/registry.js';

const STAGE_NAMES = stageRegistry.names();

describe('ablationConfigs', () => {
  it('has none, each stage alone, cumulative, all and leave-one-out', () => {
    const configs = ablationConfigs(STAGE_NAMES);
    expect(configs.map((c) => c.label)).toEqual([
      'none',
      'g2g',
      'adapter',
      'boost',
      'lm',
      'phonetic',
      'lexicon',
      'adapter+boost',
      'adapter+boost+lm',
      'adapter+boost+lm+phonetic',
      'adapter+boost+lm+phonetic+lexicon',
      'all',
      'all-g2g',
      'all-adapter',
      'all-boost',
      'all-lm',
      'all-phonetic',
      'all-lexicon',
    ]);
    expect(configs[11]?.stages).toEqual(STAGE_NAMES);
    expect(configs[8]?.stages).toEqual(['adapter', 'boost', 'lm']);
    // leave-one-out rows are kept even when an earlier row has the same stages
    expect(configs[12]?.stages).toEqual(configs[10]?.stages);
    expect(configs[15]).toMatchObject({
      kind: 'without',
      stages: STAGE_NAMES.filter((s) => s !== 'lm'),
    });
  });

  it('uses only the available stages and drops duplicates', () => {
    expect(ablationConfigs(['boost', 'lm']).map((c) => c.label)).toEqual([
      'none',
      'boost',
      'lm',
      'all',
      'all-boost',
      'all-lm',
    ]);
    expect(ablationConfigs(['lm']).map((c) => c.label)).toEqual(['none', 'lm', 'all']);
    expect(ablationConfigs([]).map((c) => c.label)).toEqual(['none']);
  });
});
