import { ValidationError } from '../../errors.ts';
import { bothLanguages, type BilingualText } from '../language/index.ts';
import { sharingText } from './messages.ts';

const maxTitleLength = 120;

/** The same thing said in English and in Welsh. */
export type Text = BilingualText;

/** An email address as the sharing tables key it: trimmed and in lower case. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The request number, from "12" or "#12". */
export function parseRequestId(id: string): string {
  const trimmed = String(id).trim().replace(/^#/, '');
  if (!/^[1-9]\d{0,17}$/.test(trimmed))
    throw new ValidationError(bothLanguages(sharingText.badId(String(id))), { text: sharingText.badId(String(id)) });
  return trimmed;
}

/** A short title from the request text: its first line or sentence. */
export function titleFrom(text: string): string {
  const firstLine =
    text
      .split(/\r?\n/)
      .find((line) => line.trim())
      ?.trim() ?? text.trim();
  const sentence = /^(.+?[?.!])(\s|$)/.exec(firstLine)?.[1] ?? firstLine;
  return sentence.length <= maxTitleLength ? sentence : `${sentence.slice(0, maxTitleLength - 1).trimEnd()}…`;
}
