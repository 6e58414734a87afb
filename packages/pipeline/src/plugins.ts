import { CtcBiasError } from '@ctcbias/core';
import type { PipelineComponents } from './components.js';
import { type StageRegistry, stageRegistry } from './registry.js';
import type { StageSet } from './stage-set.js';

/**
 * Imports each plugin module and registers what it default-exports (a stage, or an array of
 * stages) in `registry`; a module that registers itself (`registerStage`) may export nothing, but
 * a module that does neither is refused (INVALID_ARGUMENT: it is most likely not a plugin).
 * Module specifiers are resolved as `import()` resolves them (file URLs and package names); a
 * module already imported into this registry is skipped.
 */
export async function importPlugins(
  modules: readonly string[],
  registry: StageRegistry = stageRegistry,
): Promise<void> {
  let done = imported.get(registry);
  if (done === undefined) {
    done = new Set();
    imported.set(registry, done);
  }
  for (const specifier of modules) {
    if (done.has(specifier)) continue;
    const before = registry.names().length;
    let mod: { default?: unknown };
    try {
      mod = (await import(specifier)) as { default?: unknown };
    } catch (e) {
      throw new CtcBiasError(
        'NOT_FOUND',
        `cannot import plugin: ${e instanceof Error ? e.message : String(e)}`,
        { file: specifier },
      );
    }
    const exported = mod.default;
    if (exported !== undefined) {
      for (const stage of Array.isArray(exported) ? exported : [exported]) registry.register(stage);
    } else if (registry.names().length === before) {
      throw new CtcBiasError(
        'INVALID_ARGUMENT',
        'plugin registered no stage: default-export a stage (or an array of stages), or call registerStage()',
        { file: specifier },
      );
    }
    done.add(specifier);
  }
}

/** The plugin modules each registry has imported. */
const imported = new WeakMap<StageRegistry, Set<string>>();

/** Stages `components` can build, in pipeline order. */
export function availableStages(components: PipelineComponents): StageSet {
  const registry = components.registry ?? stageRegistry;
  return registry.names().filter((s) => components.stages[s] !== undefined);
}
