import { describe, expect, it } from 'vitest';
import { describeError } from '../../../src/core/assistant/index.ts';
import {
  ConfigurationError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UpstreamError,
  ValidationError,
} from '../../../src/errors.ts';

const text = { en: 'the request is empty', cy: 'mae’r cais yn wag' };

/** Each kind of error, with and without a text in both languages, and what a person is told in each language. */
const table: { name: string; error: unknown; en: string; cy: string }[] = [
  {
    name: 'validation with both languages',
    error: new ValidationError('the request is empty', { text }),
    en: 'I could not do that: the request is empty',
    cy: 'Ni allwn wneud hynny: mae’r cais yn wag',
  },
  {
    name: 'validation in one language',
    error: new ValidationError('bad date'),
    en: 'I could not do that: bad date',
    cy: 'Ni allwn wneud hynny: bad date',
  },
  {
    name: 'conflict',
    error: new ConflictError('taken', { text: { en: 'Ann picked it up', cy: 'Mae Ann wedi’i godi' } }),
    en: 'That has already changed: Ann picked it up',
    cy: 'Mae hynny eisoes wedi newid: Mae Ann wedi’i godi',
  },
  {
    name: 'forbidden (never says what)',
    error: new ForbiddenError('request 7 of sian@torfaen.gov.uk'),
    en: 'Sorry, you are not allowed to do that.',
    cy: "Mae'n ddrwg gennyf, nid oes gennych hawl i wneud hynny.",
  },
  {
    name: 'not found (never says what)',
    error: new NotFoundError('no request 7'),
    en: 'Sorry, I could not find that. It may have been removed.',
    cy: "Mae'n ddrwg gennyf, ni allwn ddod o hyd i hynny. Efallai ei fod wedi'i ddileu.",
  },
  {
    name: 'upstream',
    error: new UpstreamError('chat.postMessage: ratelimited'),
    en: 'A service I depend on is not answering. Please try again in a few minutes.',
    cy: "Nid yw gwasanaeth rwy'n dibynnu arno yn ateb. Rhowch gynnig arall arni ymhen ychydig funudau.",
  },
  {
    name: 'configuration',
    error: new ConfigurationError('PONT_X is missing'),
    en: 'Sorry, something went wrong on my side. Please try again in a moment.',
    cy: "Mae'n ddrwg gennyf, aeth rhywbeth o'i le ar fy ochr i. Rhowch gynnig arall arni mewn munud.",
  },
  {
    name: 'any other error',
    error: new TypeError('x is undefined'),
    en: 'Sorry, something went wrong on my side. Please try again in a moment.',
    cy: "Mae'n ddrwg gennyf, aeth rhywbeth o'i le ar fy ochr i. Rhowch gynnig arall arni mewn munud.",
  },
  {
    name: 'not an error at all',
    error: 'boom',
    en: 'Sorry, something went wrong on my side. Please try again in a moment.',
    cy: "Mae'n ddrwg gennyf, aeth rhywbeth o'i le ar fy ochr i. Rhowch gynnig arall arni mewn munud.",
  },
];

describe('what a person is told about an error', () => {
  it.each(table)('$name, in English and in Welsh', ({ error, en, cy }) => {
    expect(describeError(error, 'en')).toBe(en);
    expect(describeError(error, 'cy')).toBe(cy);
  });
});
