import type OpenAI from 'openai';
import type {
  ChatCompletionChunk,
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from 'openai/resources/chat/completions';
import type { ChatMessage, CompletionResult, LanguageModel, ToolCall, ToolDefinition } from '../core/model/index.ts';
import { UpstreamError } from '../errors.ts';
import type { CircuitBreaker } from './circuit-breaker.ts';
import { asUpstreamError, statusOf, withRetries, type RetryPolicy } from './retry.ts';
import { estimateTokens } from '../core/knowledge/grounding/index.ts';

export interface ChatModelOptions {
  client: OpenAI;
  model: string;
  retry: RetryPolicy;
  breaker: CircuitBreaker;
}

function toSdkMessage(message: ChatMessage): ChatCompletionMessageParam {
  switch (message.role) {
    case 'tool':
      return { role: 'tool', tool_call_id: message.toolCallId ?? '', content: message.content };
    case 'assistant':
      return message.toolCalls && message.toolCalls.length > 0
        ? {
            role: 'assistant',
            content: message.content || null,
            tool_calls: message.toolCalls.map((call) => ({
              id: call.id,
              type: 'function' as const,
              function: { name: call.name, arguments: call.arguments },
            })),
          }
        : { role: 'assistant', content: message.content };
    default:
      return { role: message.role, content: message.content };
  }
}

function toSdkTool(tool: ToolDefinition): ChatCompletionTool {
  return {
    type: 'function',
    function: { name: tool.name, description: tool.description, parameters: tool.parameters },
  };
}

/** Failures that say the model is unwell (count for the circuit breaker); a 400 is our own request's fault. */
function countsAsOutage(error: unknown): boolean {
  const status = statusOf(error instanceof UpstreamError ? error.cause : error);
  return status === undefined || (status !== 400 && status !== 422);
}

/**
 * A LanguageModel over the openai SDK's chat completions. Streams when the caller passes `onText`
 * (usage comes in the last chunk), retries per `retry` and fails fast while `breaker` is open.
 */
export function createChatModel(options: ChatModelOptions): LanguageModel {
  const { client, model, retry, breaker } = options;

  return {
    name: model,
    async complete(request) {
      const base = {
        model,
        messages: request.messages.map(toSdkMessage),
        ...(request.tools && request.tools.length > 0 ? { tools: request.tools.map(toSdkTool) } : {}),
        ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
        ...(request.maxTokens !== undefined ? { max_tokens: request.maxTokens } : {}),
      };
      let streamedText = false;
      const attempt = async (): Promise<CompletionResult> => {
        if (!request.onText) {
          const completion = await client.chat.completions.create(
            { ...base, stream: false },
            { signal: request.signal },
          );
          const message = completion.choices[0]?.message;
          const text = message?.content ?? '';
          return {
            text,
            toolCalls: (message?.tool_calls ?? []).map((call) => ({
              id: call.id,
              name: call.function.name,
              arguments: call.function.arguments,
            })),
            usage: {
              promptTokens: completion.usage?.prompt_tokens ?? estimateTokens(request.messages),
              completionTokens: completion.usage?.completion_tokens ?? estimateTokens(text),
            },
            model: completion.model || model,
          };
        }
        const stream = await client.chat.completions.create(
          { ...base, stream: true, stream_options: { include_usage: true } },
          { signal: request.signal },
        );
        let text = '';
        let usage: ChatCompletionChunk['usage'] = undefined;
        let answeredBy = model;
        const calls = new Map<number, ToolCall>();
        for await (const chunk of stream) {
          if (chunk.model) answeredBy = chunk.model;
          if (chunk.usage) usage = chunk.usage;
          const delta = chunk.choices[0]?.delta;
          if (!delta) continue;
          if (delta.content) {
            text += delta.content;
            streamedText = true;
            request.onText(delta.content);
          }
          for (const part of delta.tool_calls ?? []) {
            const call = calls.get(part.index) ?? { id: '', name: '', arguments: '' };
            if (part.id) call.id = part.id;
            if (part.function?.name) call.name += part.function.name;
            if (part.function?.arguments) call.arguments += part.function.arguments;
            calls.set(part.index, call);
          }
        }
        return {
          text,
          toolCalls: [...calls.entries()].sort(([left], [right]) => left - right).map(([, call]) => call),
          usage: {
            promptTokens: usage?.prompt_tokens ?? estimateTokens(request.messages),
            completionTokens: usage?.completion_tokens ?? estimateTokens(text),
          },
          model: answeredBy,
        };
      };
      try {
        // NOTE: once text has streamed to a user, a retry would show it twice: fail instead.
        return await breaker.run(() => withRetries(attempt, retry, () => !streamedText), countsAsOutage);
      } catch (error) {
        throw asUpstreamError(error);
      }
    },
  };
}
