import { STAGE_NAMES, type StageName } from '@ctcbias/core';

/** npm name of this package. */
export const PACKAGE_NAME = '@ctcbias/lexicon';

/** Stage names known to core (placeholder until this package has real content). */
export const KNOWN_STAGES: readonly StageName[] = STAGE_NAMES;
