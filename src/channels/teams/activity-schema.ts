import * as z from 'zod/v4';

const account = z.looseObject({
  id: z.string().min(1),
  name: z.string().optional(),
  aadObjectId: z.string().optional(),
});

/**
 * What Pont reads of an incoming Bot Framework activity. Anything that fails this is answered 400 before the
 * SDK sees it. Kept to the fields the channel uses, so a new field from Teams never breaks it.
 */
export const activitySchema = z
  .looseObject({
    type: z.string().min(1),
    id: z.string().optional(),
    channelId: z.string().min(1),
    // NOTE: checked, never rewritten (zod's z.url() would normalise it): the token's serviceurl claim must name it
    // exactly as sent.
    serviceUrl: z.string().refine((value) => URL.canParse(value), { message: 'Invalid URL' }),
    from: account,
    recipient: account,
    conversation: z.looseObject({
      id: z.string().min(1),
      conversationType: z.string().optional(),
      tenantId: z.string().optional(),
    }),
    text: z.string().max(20_000).optional(),
    locale: z.string().max(20).optional(),
    name: z.string().optional(),
    value: z.unknown().optional(),
    entities: z.array(z.looseObject({ type: z.string() })).optional(),
    channelData: z.record(z.string(), z.unknown()).optional(),
  })
  .superRefine((activity, context) => {
    if (activity.type === 'invoke' && !activity.name)
      context.addIssue({ code: 'custom', path: ['name'], message: 'an invoke activity needs a name' });
    if (activity.type === 'invoke' && activity.name === 'adaptiveCard/action') {
      const action = (activity.value as { action?: { type?: unknown; verb?: unknown } } | undefined)?.action;
      if (action?.type !== 'Action.Execute' || typeof action.verb !== 'string') {
        context.addIssue({
          code: 'custom',
          path: ['value', 'action'],
          message: 'an adaptiveCard/action invoke needs value.action with type Action.Execute and a verb',
        });
      }
    }
  });

export type IncomingActivity = z.infer<typeof activitySchema>;

/** One line saying what is wrong with a body that is not an activity. */
export function describeActivityProblem(error: z.ZodError): string {
  const issue = error.issues[0]!;
  return `${issue.path.join('.') || 'body'}: ${issue.message}`;
}
