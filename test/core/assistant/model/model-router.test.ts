import { describe, expect, it } from 'vitest';
import type {
  CompletionResult,
  LanguageModel,
  Prompt,
  ToolCall,
  ToolDefinition,
} from '../../../../src/core/model/index.ts';
import { createModelRouter } from '../../../../src/core/assistant/model/model-router.ts';
import { toolDefinitions } from '../../../../src/core/assistant/model/tools.ts';
import type { Incoming } from '../../../../src/core/assistant/types.ts';
import type { PersonRecord } from '../../../../src/core/people/types.ts';
import { UpstreamError } from '../../../../src/errors.ts';

const prompt: Prompt = {
  name: 'assistant',
  text: 'ASSISTANT RULES',
  temperature: 0,
  maxTokens: 200,
  maxInputTokens: 1500,
};

const asker: PersonRecord = {
  email: 'rhian.morgan@torfaen.gov.uk',
  name: 'Rhian Morgan',
  council: 'torfaen',
  jobTitle: 'Waste Services Manager',
  serviceArea: 'Waste and Recycling',
  skills: ['route planning'],
  welshLevel: 3,
  team: 'Collections',
  managerEmail: 'boss@torfaen.gov.uk',
  slackUserId: 'U123',
  teamsUserId: null,
  visible: true,
  services: ['waste-collection'],
  level: 'manager',
};

function incoming(text: string, person: PersonRecord | null = asker): Incoming {
  return { channel: 'slack', channelUserId: 'U123', person, email: person?.email ?? null, isAdmin: false, text };
}

function modelCalling(call: Partial<ToolCall> | null | Error) {
  const seen: { messages: string[]; tools: ToolDefinition[] | undefined }[] = [];
  const model: LanguageModel = {
    name: 'scripted',
    async complete(request): Promise<CompletionResult> {
      seen.push({ messages: request.messages.map((message) => message.content), tools: request.tools });
      if (call instanceof Error) throw call;
      return {
        text: call ? '' : 'Hello! I can answer questions about the federation or find colleagues.',
        toolCalls: call ? [{ id: 'call_1', name: '', arguments: '{}', ...call }] : [],
        usage: { promptTokens: 100, completionTokens: 10 },
        model: 'scripted',
      };
    },
  };
  return { model, seen };
}

describe('the model router', () => {
  it('turns "my opposite number in BG for bins?" into a counterpart lookup for the asker', async () => {
    const { model } = modelCalling({ name: 'find_counterpart', arguments: '{"of":"me","council":"blaenau-gwent"}' });
    const route = await createModelRouter({ model, prompt }).route(
      incoming('my opposite number in BG for bins?'),
      'en',
    );
    expect(route?.intent).toEqual({ kind: 'counterpart', target: null, council: 'blaenau-gwent' });
    expect(route?.tool).toBe('find_counterpart');
  });

  it('turns tool calls into the matching intents', async () => {
    const cases: [Partial<ToolCall>, unknown][] = [
      [
        { name: 'search_documents', arguments: '{"question":"Is this a merger?"}' },
        { kind: 'ask', question: 'Is this a merger?' },
      ],
      [
        { name: 'find_people', arguments: '{"skill":"GIS","council":"torfaen"}' },
        { kind: 'skills', skill: 'GIS', council: 'torfaen' },
      ],
      [
        { name: 'find_counterpart', arguments: '{"of":"head of waste"}' },
        { kind: 'counterpart', target: 'head of waste' },
      ],
      [{ name: 'my_requests', arguments: '' }, { kind: 'my-requests' }],
    ];
    for (const [call, intent] of cases) {
      const route = await createModelRouter({ model: modelCalling(call).model, prompt }).route(
        incoming('anything'),
        'en',
      );
      expect(route?.intent).toEqual(intent);
    }
  });

  it('only ever proposes a sharing request, for the user to confirm', async () => {
    const { model } = modelCalling({
      name: 'open_sharing_request',
      arguments: '{"request":"How do you run your waste rota?"}',
    });
    const route = await createModelRouter({ model, prompt }).route(
      incoming('ask torfaen how they do the waste rota'),
      'en',
    );
    expect(route?.intent).toEqual({ kind: 'share', request: 'How do you run your waste rota?', explicit: false });
  });

  it('falls back to the rules when the tool arguments fail the schema, the tool is unknown, or no tool is called', async () => {
    for (const call of [
      { name: 'find_people', arguments: '{"skill":""}' },
      { name: 'find_people', arguments: '{"skill": 42}' },
      { name: 'find_people', arguments: 'not json' },
      { name: 'delete_everything', arguments: '{}' },
      null,
    ]) {
      expect(
        await createModelRouter({ model: modelCalling(call).model, prompt }).route(incoming('hello'), 'en'),
      ).toBeNull();
    }
  });

  it('falls back to the rules when the model is down', async () => {
    const { model } = modelCalling(new UpstreamError('down'));
    expect(await createModelRouter({ model, prompt }).route(incoming('find GIS people'), 'en')).toBeNull();
  });

  it('sends the prompt and tools unchanged, and only the council, job title and service of the asker', async () => {
    const { model, seen } = modelCalling({ name: 'my_requests', arguments: '{}' });
    await createModelRouter({ model, prompt }).route(incoming('what happened to my requests?'), 'en');
    const [system, user] = seen[0]!.messages;
    expect(system).toBe('ASSISTANT RULES');
    expect(user).toContain('council: Torfaen');
    expect(user).toContain('job title: Waste Services Manager');
    for (const secret of ['Rhian', 'Morgan', 'rhian.morgan@', 'U123', 'boss@', 'Collections'])
      expect(user).not.toContain(secret);
    expect(seen[0]!.tools).toEqual(toolDefinitions());
  });

  it("sends nothing from the asker's profile when they have hidden it", async () => {
    const { model, seen } = modelCalling({ name: 'my_requests', arguments: '{}' });
    await createModelRouter({ model, prompt }).route(
      incoming('what happened to my requests?', { ...asker, visible: false }),
      'en',
    );
    const user = seen[0]!.messages[1]!;
    expect(user).toContain('About the person asking: not known.');
    for (const secret of ['Torfaen', 'Waste Services Manager', 'Waste and Recycling'])
      expect(user).not.toContain(secret);
  });

  it('describes every tool argument to the model', () => {
    for (const definition of toolDefinitions()) {
      const properties = (definition.parameters.properties ?? {}) as Record<string, { description?: string }>;
      for (const [name, property] of Object.entries(properties))
        expect(property.description, `${definition.name}.${name}`).toBeTruthy();
    }
    expect(toolDefinitions().map((definition) => definition.name)).toEqual([
      'search_documents',
      'find_people',
      'find_counterpart',
      'open_sharing_request',
      'my_requests',
    ]);
  });
});
