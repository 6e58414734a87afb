import { CtcBiasError } from './errors.js';

/**
 * Reads a resource by its path relative to some base — a model directory on disk, a URL prefix in
 * a browser. The loaders of the browser-safe entries take one (`loadModelFrom(read, …)` in
 * `@ctcbias/encoder`), so where the bytes come from is the caller's choice: `fetchBytes(url)`
 * here, `fileBytes(dir)` from `@ctcbias/core/node`, or anything else (a zip, IndexedDB, a test's
 * in-memory map). Failures are `CtcBiasError`s naming the resource: NOT_FOUND when it does not
 * exist, IO_ERROR otherwise.
 *
 * ```ts
 * const read: ReadBytes = fetchBytes('/models/default/');
 * const json = await read('model.json');   // GET /models/default/model.json
 * ```
 */
export type ReadBytes = (path: string) => Promise<Uint8Array>;

/**
 * A {@link ReadBytes} over `fetch`: paths resolve against `base` (a URL ending in `/`, or a path
 * the page's location resolves). HTTP 404 is NOT_FOUND, any other failure IO_ERROR, naming the URL.
 *
 * ```ts
 * const read = fetchBytes(new URL('./assets/default-model/', location.href));
 * ```
 */
export function fetchBytes(base: string | URL, init?: RequestInit): ReadBytes {
  const root = String(base);
  return async (path) => {
    const url = resolveUrl(root, path);
    let response: Response;
    try {
      response = await fetch(url, init);
    } catch (cause) {
      throw new CtcBiasError('IO_ERROR', `cannot fetch (${(cause as Error).message})`, {
        file: url,
        cause,
      });
    }
    if (!response.ok) {
      throw new CtcBiasError(
        response.status === 404 ? 'NOT_FOUND' : 'IO_ERROR',
        `cannot fetch (HTTP ${response.status})`,
        { file: url },
      );
    }
    return new Uint8Array(await response.arrayBuffer());
  };
}

/** `base` + `path`, as a URL when `base` is absolute, else as a joined relative path. */
function resolveUrl(base: string, path: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(base)) return new URL(path, base).href;
  const globalLocation = (globalThis as { location?: { href: string } }).location;
  if (globalLocation !== undefined) return new URL(path, new URL(base, globalLocation.href)).href;
  return `${base.replace(/\/?$/, '/')}${path}`;
}
