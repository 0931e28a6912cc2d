import { ValidationError } from '../../../errors.ts';
import type { SharingTarget } from '../../../core/sharing/index.ts';
import { optionsOf, parseOptions, print, type Command } from '../command.ts';

/** `pont share "REQUEST" --from EMAIL [--both]`: opens a best-practice request and routes it across the border. */
export const shareCommand: Command = {
  name: 'share',
  usage: 'share "REQUEST" --from EMAIL [--to C,C | --both] [--title TITLE] [--key CLIENT-KEY]',
  summary: 'open a best-practice request and route it to the other council',
  options: {
    '--from': {
      type: 'string',
      value: 'EMAIL',
      description: 'who is asking (someone in the staff directory)',
      missing: 'say who is asking: pont share "REQUEST" --from you@council.gov.uk',
    },
    '--both': { type: 'boolean', description: "route to every council, the requester's too, not only the others" },
    '--to': {
      type: 'string',
      value: 'C,C',
      description:
        'route to these councils only (ids in the councils file, comma-separated); default: every other council',
    },
    '--title': { type: 'string', value: 'TITLE', description: 'a short title (default: from the request)' },
    '--key': {
      type: 'string',
      value: 'CLIENT-KEY',
      description: 'a key of your own: the same key again opens no second request',
    },
  },
  async run(args, context) {
    const { words, values, flags } = parseOptions(args, optionsOf(shareCommand), 'pont share');
    const from = values.get('--from');
    if (!from) throw new ValidationError('say who is asking: pont share "REQUEST" --from you@council.gov.uk');
    const pont = await context.pont();
    let target: SharingTarget = flags.has('--both') ? 'both' : 'other';
    const to = values.get('--to');
    if (to !== undefined) {
      if (flags.has('--both')) throw new ValidationError('give --to or --both, not both');
      const { normaliseCouncil, councilIds } = await import('../../../core/people/index.ts');
      target = to
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean)
        .map((name) => {
          const council = normaliseCouncil(name);
          if (!council)
            throw new ValidationError(`--to: "${name.slice(0, 40)}" is not a council: give ${councilIds().join(', ')}`);
          return council;
        });
      if (target.length === 0) throw new ValidationError(`--to needs a council: give ${councilIds().join(', ')}`);
    }
    const { requestText, showNotifications } = await import('./requests-format.ts');
    const stop = showNotifications(pont, context);
    try {
      const request = await pont.sharing.open({
        text: words.join(' '),
        fromEmail: from,
        target,
        ...(values.has('--title') ? { title: values.get('--title') } : {}),
        ...(values.has('--key') ? { clientKey: values.get('--key') } : {}),
      });
      print(
        context,
        {
          request: {
            id: request.id,
            status: request.status,
            title: request.title,
            topic: request.topic,
            targetCouncils: request.targetCouncils,
            routedTo: request.routedTo,
          },
        },
        () => requestText(request),
      );
    } finally {
      stop();
    }
  },
};
