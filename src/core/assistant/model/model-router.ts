import type { Language } from '../../language/index.ts';
import type { PersonRecord } from '../../people/index.ts';
import { councilName } from '../../councils/index.ts';
import type { ChatMessage, LanguageModel, Prompt } from '../../model/index.ts';
import type { Incoming, Intent } from '../types.ts';
import { assistantTools, toolDefinitions, type AssistantTool } from './tools.ts';

export interface ModelRouterLogger {
  warn(details: object, message: string): void;
  debug?(details: object, message: string): void;
}

export interface ModelRouterOptions {
  model: LanguageModel;
  /** The `assistant` prompt (prompts/assistant). */
  prompt: Prompt;
  tools?: readonly AssistantTool[];
  logger?: ModelRouterLogger;
}

/** What the model decided, with what it cost. */
export interface ModelRoute {
  intent: Intent;
  tool: string;
  usage: { promptTokens: number; completionTokens: number };
}

/** Turns free text into an Intent by tool calling; null means "use the rule-based router". */
export interface ModelRouter {
  route(incoming: Incoming, language: Language): Promise<ModelRoute | null>;
}

/**
 * The least the model needs to know about the asker to resolve "my opposite number" or "in the other
 * council": council, job title and service. Never the name, email, ids, manager or Welsh level, and nothing
 * at all from a hidden profile.
 */
export function askerContext(person: PersonRecord | null): string {
  // NOTE: a hidden profile stays out of every model request, even the asker's own.
  if (!person || !person.visible) return 'About the person asking: not known.';
  return [
    'About the person asking:',
    `- council: ${councilName(person.council, 'en')}`,
    `- job title: ${person.jobTitle}`,
    `- service: ${person.serviceArea}`,
  ].join('\n');
}

/**
 * The model router: one chat completion with Pont's tools, whose chosen tool call is checked with zod and
 * turned into an Intent. Anything else (the model failing or its circuit open, no tool call, an unknown tool,
 * arguments that fail the schema) returns null, and the caller routes with its rules instead.
 * NOTE: tool results are not sent back to the model. The assistant carries out the intent and shows the
 * result to the user directly: one model call a message, and text from documents, requests or profiles
 * never reaches the model as something it could act on.
 */
export function createModelRouter(options: ModelRouterOptions): ModelRouter {
  const { model, prompt, logger } = options;
  const tools = options.tools ?? assistantTools;
  const definitions = toolDefinitions(tools);
  const byName = new Map(tools.map((candidate) => [candidate.name, candidate]));

  return {
    async route(incoming, language) {
      const messages: ChatMessage[] = [
        { role: 'system', content: prompt.text },
        {
          role: 'user',
          content: `${askerContext(incoming.person)}\nLanguage of the message: ${language === 'cy' ? 'Welsh' : 'English'}\n\nMessage:\n${incoming.text}`,
        },
      ];
      let result;
      try {
        result = await model.complete({
          messages,
          tools: definitions,
          temperature: prompt.temperature,
          maxTokens: prompt.maxTokens,
        });
      } catch (error) {
        logger?.warn({ err: error, model: model.name }, 'language model failed; routing with the rules');
        return null;
      }
      const call = result.toolCalls[0];
      if (!call) return null;
      const chosen = byName.get(call.name);
      if (!chosen) {
        logger?.warn({ tool: call.name }, 'the model called a tool Pont does not have; routing with the rules');
        return null;
      }
      let json: unknown;
      try {
        json = call.arguments.trim() === '' ? {} : JSON.parse(call.arguments);
      } catch (error) {
        logger?.warn(
          { err: error, tool: call.name },
          'the model sent tool arguments that are not JSON; routing with the rules',
        );
        return null;
      }
      const parsed = chosen.parameters.safeParse(json);
      if (!parsed.success) {
        logger?.warn(
          { tool: call.name, issues: parsed.error.issues },
          'the model sent tool arguments that fail the schema; routing with the rules',
        );
        return null;
      }
      logger?.debug?.({ tool: chosen.name, usage: result.usage }, 'the model chose a tool');
      return { intent: chosen.toIntent(parsed.data), tool: chosen.name, usage: result.usage };
    },
  };
}
