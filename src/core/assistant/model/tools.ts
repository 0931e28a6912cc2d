import { z } from 'zod';
import { zodToJsonSchema } from 'zod-to-json-schema';
import { allCouncils, councilIds, councilList, isCouncil } from '../../councils/index.ts';
import type { ToolDefinition } from '../../model/index.ts';
import type { Intent } from '../types.ts';

// NOTE: the councils come from the councils file; `toolDefinitions` shows the model their ids as an enum.
const council = z
  .string()
  .refine((value) => isCouncil(value), { message: 'is not a configured council id' })
  .describe('Only when the user names a council: its id.');

/** The council parameter as the model is shown it: the configured ids, and the names each stands for. */
function councilParameter(): Record<string, unknown> {
  const described = allCouncils().map(
    (entry) =>
      `"${entry.id}" (${[entry.name.en, entry.name.cy, entry.abbreviation.en, ...entry.aliases].filter((name, index, all) => all.indexOf(name) === index).join(', ')})`,
  );
  return {
    type: 'string',
    enum: councilIds(),
    description: `Only when the user names a council: ${described.join(' or ')}.`,
  };
}

/**
 * One tool the model may call. Its arguments are checked with `parameters` before use, and it turns into an
 * Intent that the assistant carries out with the asker's own permissions (so a tool can never do more than
 * the person asking could do by typing the command).
 */
export interface AssistantTool<Parameters extends z.ZodTypeAny = z.ZodTypeAny> {
  name: string;
  description: string;
  parameters: Parameters;
  toIntent(args: z.infer<Parameters>): Intent;
}

function tool<Parameters extends z.ZodTypeAny>(definition: AssistantTool<Parameters>): AssistantTool<Parameters> {
  return definition;
}

export const searchDocuments = tool({
  name: 'search_documents',
  get description() {
    return `Answer a question about the federation of ${councilList('en')} councils from the indexed documents, with citations.`;
  },
  parameters: z.object({
    question: z.string().min(1).max(2000).describe("The user's question, in their own words and language."),
  }),
  toIntent: (args) => ({ kind: 'ask', question: args.question }),
});

export const findPeople = tool({
  name: 'find_people',
  description: 'Find staff who have a skill or specialism, in either council or in one named council.',
  parameters: z.object({
    skill: z.string().min(1).max(200).describe('The skill or specialism, e.g. "GIS", "DPIA", "Welsh translation".'),
    council: council.optional(),
  }),
  toIntent: (args) => ({ kind: 'skills', skill: args.skill, ...(args.council ? { council: args.council } : {}) }),
});

export const findCounterpart = tool({
  name: 'find_counterpart',
  description: "Find a manager's counterpart (same service, similar level) in the other council.",
  parameters: z.object({
    of: z
      .string()
      .min(1)
      .max(200)
      .describe(
        '"me" for the person asking, or the role, service or email whose counterpart is wanted, e.g. "head of waste".',
      ),
    council: council.optional(),
  }),
  toIntent: (args) => {
    const self = /^(me|myself|my|i|fi|fy|mi)$/i.test(args.of.trim());
    return {
      kind: 'counterpart',
      target: self ? null : args.of.trim(),
      ...(args.council ? { council: args.council } : {}),
    };
  },
});

export const openSharingRequest = tool({
  name: 'open_sharing_request',
  description:
    'Propose a best-practice request to colleagues in the other council ("how do you run your waste rota?"). The user is always asked to confirm before anything is sent.',
  parameters: z.object({
    request: z.string().min(5).max(2000).describe("What to ask the other council's staff, in the user's own words."),
  }),
  // NOTE: never explicit: a request proposed by the model is only a proposal until the user confirms it.
  toIntent: (args) => ({ kind: 'share', request: args.request, explicit: false }),
});

export const myRequests = tool({
  name: 'my_requests',
  description: "List the user's own sharing requests and where each has got to.",
  parameters: z.object({}).strict(),
  toIntent: () => ({ kind: 'my-requests' }),
});

/** Every tool the assistant offers, in a fixed order (the tool list sent is the same for every message). */
export const assistantTools: readonly AssistantTool[] = [
  searchDocuments,
  findPeople,
  findCounterpart,
  openSharingRequest,
  myRequests,
];

/** The tool list as the model is shown it: JSON Schema built from the zod schemas. */
export function toolDefinitions(tools: readonly AssistantTool[] = assistantTools): ToolDefinition[] {
  return tools.map((candidate) => {
    const { $schema: _ignored, ...parameters } = zodToJsonSchema(candidate.parameters, {
      $refStrategy: 'none',
    }) as Record<string, unknown>;
    const properties = parameters.properties as Record<string, unknown> | undefined;
    if (properties?.council) properties.council = councilParameter();
    return { name: candidate.name, description: candidate.description, parameters };
  });
}
