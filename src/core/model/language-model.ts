/**
 * What the core needs from a language model. `llm/` implements it over the openai SDK; without a model
 * the core uses extractive answers and the rule-based router.
 */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  /** For role 'tool': which call this answers. */
  toolCallId?: string;
  /** For role 'assistant': the tool calls it made. */
  toolCalls?: ToolCall[];
}

export interface ToolCall {
  id: string;
  name: string;
  /** Raw JSON arguments as the model sent them; validate before use. */
  arguments: string;
}

export interface ToolDefinition {
  name: string;
  description: string;
  /** JSON Schema of the arguments. */
  parameters: Record<string, unknown>;
}

export interface CompletionResult {
  text: string;
  toolCalls: ToolCall[];
  usage: { promptTokens: number; completionTokens: number };
  model: string;
}

export interface LanguageModel {
  readonly name: string;
  complete(request: {
    messages: ChatMessage[];
    tools?: ToolDefinition[];
    temperature?: number;
    maxTokens?: number;
    /** Called with each piece of text as it streams in. */
    onText?: (delta: string) => void;
    signal?: AbortSignal;
  }): Promise<CompletionResult>;
}

export interface EmbeddingModel {
  readonly name: string;
  readonly dimensions: number | undefined;
  embed(texts: string[]): Promise<number[][]>;
}

/**
 * A prompt loaded from `prompts/<name>/` (teams-ai layout: skprompt.txt + config.json) and checked at start.
 * The core receives prompts ready to use; `llm/` loads them.
 */
export interface Prompt {
  name: string;
  /** The system text, exactly as written in skprompt.txt. */
  text: string;
  temperature: number;
  /** The most completion tokens to ask for. */
  maxTokens: number;
  /** The context budget: the most prompt tokens a request built from this prompt may use. */
  maxInputTokens: number;
}

/** Every prompt Pont uses, one set for every channel. */
export interface PromptSet {
  /** Grounded answers from retrieved passages. */
  answer: Prompt;
  /** The tool-using assistant that routes free text to a tool. */
  assistant: Prompt;
}
