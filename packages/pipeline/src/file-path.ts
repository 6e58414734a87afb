/**
 * `name` inside `dir`, for paths and URLs alike (`/`-joined; `name` as is when absolute).
 *
 * ```ts
 * filePath('models/a', 'adapter.json');            // 'models/a/adapter.json'
 * filePath('https://x.org/m/', 'adapter.json');    // 'https://x.org/m/adapter.json'
 * filePath('models/a', '/abs/file.onnx');          // '/abs/file.onnx'
 * ```
 */
export function filePath(dir: string, name: string): string {
  if (name.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(name)) return name;
  return `${dir.replace(/\/+$/, '')}/${name}`;
}
