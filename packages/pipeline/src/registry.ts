import {
  type BiasingStage,
  CtcBiasError,
  STAGE_POSITIONS,
  type StageOptionSpec,
} from '@ctcbias/core';
import { BUILTIN_STAGES } from './builtin/index.js';
import { checkOption } from './options.js';

/** Names a stage may not take: the `--stages` keywords and the pipeline's own parameter groups. */
const RESERVED = new Set(['all', 'none', 'beam', 'list', 'accept', 'unbiased', 'encoder']);
const NAME = /^[a-z][a-z0-9-]*$/;

/**
 * Stage definitions by name — what `--stages`, `--set`, the ablation table and `--explain` read.
 * A registry keeps registration order; {@link StageRegistry.names} gives pipeline order (by
 * position, then registration), {@link StageRegistry.cumulativeOrder} the ablation's order.
 *
 * ```ts
 * const registry = new StageRegistry(BUILTIN_STAGES);
 * registry.names();            // ['g2g', 'adapter', 'boost', 'lm', 'phonetic', 'lexicon']
 * registry.register(acronymStage);                     // a plugin: a list expander
 * registry.names();            // ['g2g', 'acronym', 'adapter', 'boost', 'lm', 'phonetic', 'lexicon']
 * registry.cumulativeOrder();  // ['adapter', 'boost', 'lm', 'phonetic', 'lexicon', 'g2g', 'acronym']
 * registry.get('acronym')?.position;                   // 'list-expander'
 * registry.register({ ...acronymStage, specificationVersion: 'v2' } as never);
 * // throws INVALID_ARGUMENT: stage "acronym" implements stage contract v2; this pipeline supports v1
 * ```
 */
export class StageRegistry {
  private readonly byName = new Map<string, BiasingStage>();

  constructor(stages: Iterable<BiasingStage> = []) {
    for (const s of stages) this.register(s);
  }

  /**
   * Adds a stage. Throws INVALID_ARGUMENT for a bad definition (unknown contract version or
   * position, bad name, bad option defaults) and for a second, different stage under a taken
   * name; registering the same object again does nothing.
   */
  register(stage: BiasingStage): this {
    checkDefinition(stage);
    const taken = this.byName.get(stage.name);
    if (taken === stage) return this;
    if (taken !== undefined) {
      throw new CtcBiasError(
        'INVALID_ARGUMENT',
        'a different stage is already registered under this name',
        {
          value: stage.name,
        },
      );
    }
    this.byName.set(stage.name, stage);
    return this;
  }

  /** A new registry with these stages added (this one is unchanged). */
  with(...stages: BiasingStage[]): StageRegistry {
    return new StageRegistry([...this.byName.values(), ...stages]);
  }

  get(name: string): BiasingStage | undefined {
    return this.byName.get(name);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** Every stage name in pipeline order: by position, then by registration. */
  names(): string[] {
    return this.stages().map((s) => s.name);
  }

  /** Every stage in pipeline order. */
  stages(): BiasingStage[] {
    const all = [...this.byName.values()];
    return STAGE_POSITIONS.flatMap((p) => all.filter((s) => s.position === p));
  }

  /**
   * The order in which an ablation's cumulative rows add stages, as in the paper's tables: the
   * encoder side first, then the decoder side, list expanders last (they feed variants and
   * pronunciations to the others).
   */
  cumulativeOrder(): string[] {
    const ordered = this.stages();
    return [
      ...ordered.filter((s) => s.position !== 'list-expander'),
      ...ordered.filter((s) => s.position === 'list-expander'),
    ].map((s) => s.name);
  }
}

function checkDefinition(stage: BiasingStage): void {
  const name = typeof stage?.name === 'string' ? stage.name : String(stage?.name);
  const bad = (message: string, value?: unknown) =>
    new CtcBiasError(
      'INVALID_ARGUMENT',
      `stage "${name}": ${message}`,
      value === undefined ? {} : { value },
    );
  if (stage === null || typeof stage !== 'object') {
    throw new CtcBiasError('INVALID_ARGUMENT', 'a stage must be an object (a BiasingStage)', {
      value: stage,
    });
  }
  if (stage.specificationVersion !== 'v1') {
    throw bad(
      `implements stage contract ${String(stage.specificationVersion)}; this pipeline supports v1`,
    );
  }
  if (!NAME.test(name)) {
    throw bad('a stage name is lower-case letters, digits and "-", starting with a letter');
  }
  if (RESERVED.has(name)) throw bad('this name is reserved by the pipeline');
  if (!STAGE_POSITIONS.includes(stage.position)) {
    throw bad(`position must be one of ${STAGE_POSITIONS.join(', ')}`, stage.position);
  }
  if (typeof stage.load !== 'function') throw bad('has no load() function');
  if (stage.withoutList && stage.position !== 'beam-scorer') {
    throw bad('withoutList is only for beam-scorer stages');
  }
  if (stage.options === null || typeof stage.options !== 'object') {
    throw bad('options must be an object of option specs ({} for none)');
  }
  for (const [knob, spec] of Object.entries(stage.options) as [string, StageOptionSpec][]) {
    checkOption(name, knob, spec, spec.default, 'default');
  }
}

/**
 * The registry the pipeline, the CLI and the ablation use unless given another: the six built-in
 * stages, and every stage registered with {@link registerStage}.
 */
export const stageRegistry: StageRegistry = new StageRegistry(BUILTIN_STAGES);

/**
 * Registers a stage in the default registry: one call, and it is switchable by name everywhere.
 *
 * ```ts
 * import { registerStage } from '@ctcbias/pipeline';
 * import { acronymStage } from './acronym.js';
 * registerStage(acronymStage);
 * const pipeline = await createPipeline({ stages: 'boost,lm,acronym' });
 * ```
 */
export function registerStage(stage: BiasingStage): void {
  stageRegistry.register(stage);
}
