import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `apps/demo/samples/`: shipped WAVs with rare names, their manifest and biasing list. */
export const SAMPLES_DIR: string = fileURLToPath(new URL('../samples', import.meta.url));
/** The samples' manifest (`{"id","audio","text","entities"}` per line). */
export const SAMPLES_MANIFEST: string = join(SAMPLES_DIR, 'manifest.jsonl');
/** The samples' biasing list. */
export const SAMPLES_LIST: string = join(SAMPLES_DIR, 'list.txt');
