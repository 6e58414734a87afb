/**
 * Runs the plugin template's own test (docs/guide/plugin-template), so the guide's template keeps
 * working. The template imports only types from @ctcbias/core, so it runs from outside the
 * workspace; the import is dynamic so that this package's typecheck does not follow it.
 */
const template = new URL('../../../docs/guide/plugin-template/src/index.test.ts', import.meta.url);
await import(template.href);
