import { CtcBiasError, type Posteriors, type Vocabulary } from '@ctcbias/core';

/** Throws INVALID_ARGUMENT unless the posteriors' columns are this vocabulary's tokens. */
export function checkShapes(posteriors: Posteriors, vocab: Vocabulary): void {
  if (posteriors.vocabSize !== vocab.size) {
    throw new CtcBiasError(
      'INVALID_ARGUMENT',
      `posteriors have ${posteriors.vocabSize} columns but the vocabulary has ${vocab.size} tokens`,
    );
  }
  if (posteriors.logProbs.length !== posteriors.frames * posteriors.vocabSize) {
    throw new CtcBiasError('INVALID_ARGUMENT', 'posteriors length is not frames × vocabSize', {
      value: posteriors.logProbs.length,
    });
  }
}
