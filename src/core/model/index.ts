/**
 * The language-model interface the core talks to: chat completion with tools, embeddings, and prompts. The
 * clients that speak to a real service live in src/llm; knowledge and the assistant both use this module, and
 * neither imports the other for it.
 */
export type * from './language-model.ts';
