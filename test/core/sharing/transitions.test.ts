import { describe, expect, it } from 'vitest';
import { ConflictError, errorMessageIn, ValidationError } from '../../../src/errors.ts';
import { assertAllowed } from '../../../src/core/sharing/transitions.ts';

function refusal(run: () => void): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}

describe('request transitions', () => {
  it('tells someone who claims a closed request, in English or in Welsh', () => {
    const error = refusal(() => assertAllowed('claim', '12', 'closed', 'en'));
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toBe('Request #12 is closed, so it cannot be picked up.');
    expect(errorMessageIn(error as Error, 'en')).toBe('Request #12 is closed, so it cannot be picked up.');
    expect(errorMessageIn(error as Error, 'cy')).toBe('Mae cais #12 wedi’i gau, felly ni ellir ei godi.');
  });

  it('words the message in the request’s language but still carries both', () => {
    const error = refusal(() => assertAllowed('answer', '7', 'routed', 'cy'));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/^Mae cais #7 yn aros i rywun ei godi/);
    expect(errorMessageIn(error as Error, 'en')).toBe(
      'Request #7 is waiting for someone to pick it up, so it cannot be answered.',
    );
  });

  it('falls back to the message for an error with one wording', () => {
    expect(errorMessageIn(new ValidationError('plain words'), 'cy')).toBe('plain words');
    expect(errorMessageIn(new Error('not ours'), 'cy')).toBe('not ours');
  });
});
