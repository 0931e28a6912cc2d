import { blockLimits, splitText, truncate } from './text.ts';

/**
 * Small builders for the Block Kit shapes Pont uses. Plain objects (what chat.postMessage and views.* take);
 * every builder applies Slack's length limits so a message is never rejected for size.
 */
export type Block = { type: string; block_id?: string; [key: string]: unknown };

export function plainText(
  text: string,
  limit: number = blockLimits.sectionText,
): { type: 'plain_text'; text: string; emoji: true } {
  return { type: 'plain_text', text: truncate(text, limit), emoji: true };
}

export function mrkdwn(text: string): { type: 'mrkdwn'; text: string } {
  return { type: 'mrkdwn', text: truncate(text, blockLimits.sectionText) };
}

/** One section per 3,000 characters of `text`. */
export function sections(text: string): Block[] {
  return splitText(text).map((piece) => ({ type: 'section', text: mrkdwn(piece) }));
}

export function section(text: string, accessory?: Block): Block {
  return accessory ? { type: 'section', text: mrkdwn(text), accessory } : { type: 'section', text: mrkdwn(text) };
}

export function fieldsSection(fields: string[]): Block {
  // NOTE: a section takes at most 10 fields of 2,000 characters each.
  return {
    type: 'section',
    fields: fields.slice(0, 10).map((field) => ({ type: 'mrkdwn', text: truncate(field, 2000) })),
  };
}

export function header(text: string): Block {
  return { type: 'header', text: plainText(text, 150) };
}

export function context(...texts: string[]): Block {
  return {
    type: 'context',
    elements: texts.slice(0, 10).map((text) => ({ type: 'mrkdwn', text: truncate(text, blockLimits.contextText) })),
  };
}

export const divider: Block = { type: 'divider' };

export interface ButtonOptions {
  actionId: string;
  text: string;
  value?: string;
  style?: 'primary' | 'danger';
}

export function button(options: ButtonOptions): Block {
  const element: Block = {
    type: 'button',
    action_id: options.actionId,
    text: plainText(options.text, blockLimits.buttonText),
  };
  if (options.value !== undefined) element.value = truncate(options.value, blockLimits.buttonValue);
  if (options.style) element.style = options.style;
  return element;
}

export function actions(blockId: string | undefined, ...elements: Block[]): Block {
  return blockId ? { type: 'actions', block_id: blockId, elements } : { type: 'actions', elements };
}

/**
 * Splits blocks into messages of at most 50 blocks each, so a very long answer is sent as several messages
 * rather than rejected with `invalid_blocks`.
 */
export function chunkBlocks(blocks: Block[], limit: number = blockLimits.messageBlocks): Block[][] {
  const chunks: Block[][] = [];
  for (let start = 0; start < blocks.length; start += limit) chunks.push(blocks.slice(start, start + limit));
  return chunks.length > 0 ? chunks : [[]];
}
