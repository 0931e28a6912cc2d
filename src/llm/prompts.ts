import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Prompt, PromptSet } from '../core/model/index.ts';
import { ConfigurationError } from '../errors.ts';

/** Where the prompts ship: `prompts/` at the project root. */
export const defaultPromptsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../prompts');

// NOTE: the teams-ai prompt config (schema 1.1), limited to what Pont reads and the fields it ships with.
const promptConfigSchema = z.object({
  schema: z.union([z.literal(1), z.literal(1.1)]),
  type: z.literal('completion'),
  description: z.string().min(1),
  completion: z.object({
    completion_type: z.literal('chat').optional(),
    model: z.string().optional(),
    include_history: z.boolean().optional(),
    include_input: z.boolean().optional(),
    max_input_tokens: z.number().int().min(200).max(128_000),
    max_tokens: z.number().int().min(16).max(16_000),
    temperature: z.number().min(0).max(2),
  }),
  augmentation: z.object({ augmentation_type: z.enum(['none', 'monologue', 'sequence', 'tools']) }).optional(),
});

const promptNames = ['answer', 'assistant'] as const satisfies readonly (keyof PromptSet)[];

async function loadPrompt(dir: string, name: string): Promise<Prompt> {
  const folder = path.join(dir, name);
  const read = async (file: string) => {
    try {
      return await fs.readFile(path.join(folder, file), 'utf8');
    } catch (error) {
      throw new ConfigurationError(
        `Prompt "${name}" is missing ${path.join(folder, file)}: restore it from the project's prompts/ folder.`,
        { cause: error },
      );
    }
  };
  const text = (await read('skprompt.txt')).trim();
  if (text === '')
    throw new ConfigurationError(
      `Prompt "${name}": ${path.join(folder, 'skprompt.txt')} is empty; write the prompt's instructions in it.`,
    );
  let json: unknown;
  try {
    json = JSON.parse(await read('config.json'));
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    throw new ConfigurationError(
      `Prompt "${name}": ${path.join(folder, 'config.json')} is not valid JSON (${(error as Error).message}).`,
      { cause: error },
    );
  }
  const parsed = promptConfigSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigurationError(
      `Prompt "${name}": config.json ${issue.path.join('.') || '(root)'}: ${issue.message}. See prompts/answer/config.json for a valid example.`,
    );
  }
  const { completion } = parsed.data;
  return {
    name,
    text,
    temperature: completion.temperature,
    maxTokens: completion.max_tokens,
    maxInputTokens: completion.max_input_tokens,
  };
}

/**
 * Loads and checks every prompt Pont uses (teams-ai layout: `<dir>/<name>/skprompt.txt` + `config.json`).
 * A missing or malformed prompt stops start-up with a ConfigurationError saying which file to fix.
 */
export async function loadPrompts(dir: string = defaultPromptsDir): Promise<PromptSet> {
  const [answer, assistant] = await Promise.all(promptNames.map((name) => loadPrompt(dir, name)));
  return { answer: answer!, assistant: assistant! };
}
