import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors.ts';
import { defaultPromptsDir, loadPrompts } from '../../src/llm/prompts.ts';

let copy: string;

beforeAll(async () => {
  copy = await fs.mkdtemp(path.join(os.tmpdir(), 'pont-prompts-'));
});
afterAll(async () => {
  await fs.rm(copy, { recursive: true, force: true });
});

async function copyPrompts(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(copy, 'set-'));
  await fs.cp(defaultPromptsDir, dir, { recursive: true });
  return dir;
}

describe('the prompts', () => {
  it('load from prompts/ with their settings', async () => {
    const prompts = await loadPrompts();
    expect(prompts.answer.text).toBe(
      (await fs.readFile(path.join(defaultPromptsDir, 'answer/skprompt.txt'), 'utf8')).trim(),
    );
    expect(prompts.answer.maxInputTokens).toBe(2500);
    expect(prompts.assistant.text).toMatch(/search_documents/);
    expect(prompts.assistant.temperature).toBe(0);
  });

  it('stop start-up with the file to fix when a config is malformed', async () => {
    const dir = await copyPrompts();
    await fs.writeFile(
      path.join(dir, 'answer/config.json'),
      JSON.stringify({
        schema: 1.1,
        type: 'completion',
        description: 'x',
        completion: { temperature: 5, max_tokens: 100, max_input_tokens: 1000 },
      }),
    );
    const failure = await loadPrompts(dir).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConfigurationError);
    expect((failure as Error).message).toMatch(/Prompt "answer": config.json completion.temperature/);
  });

  it('stop start-up when a config is not JSON', async () => {
    const dir = await copyPrompts();
    await fs.writeFile(path.join(dir, 'assistant/config.json'), '{ not json');
    await expect(loadPrompts(dir)).rejects.toThrow(/assistant.*config.json is not valid JSON/);
  });

  it('stop start-up when a prompt file is missing or empty', async () => {
    const dir = await copyPrompts();
    await fs.rm(path.join(dir, 'assistant/skprompt.txt'));
    await expect(loadPrompts(dir)).rejects.toThrow(/Prompt "assistant" is missing .*skprompt.txt/);
    await fs.writeFile(path.join(dir, 'assistant/skprompt.txt'), '  \n');
    await expect(loadPrompts(dir)).rejects.toThrow(/skprompt.txt is empty/);
  });
});
