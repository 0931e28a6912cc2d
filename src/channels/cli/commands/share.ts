import { ValidationError } from '../../../errors.ts';
import { optionsOf, parseOptions, print, type Command } from '../command.ts';

/** `pont share "REQUEST" --from EMAIL [--both]`: opens a best-practice request and routes it across the border. */
export const shareCommand: Command = {
  name: 'share',
  usage: 'share "REQUEST" --from EMAIL [--both] [--title TITLE] [--key CLIENT-KEY]',
  summary: 'open a best-practice request and route it to the other council',
  options: {
    '--from': { type: 'string', value: 'EMAIL', description: 'who is asking (someone in the staff directory)', missing: 'say who is asking: pont share "REQUEST" --from you@council.gov.uk' },
    '--both': { type: 'boolean', description: 'route to both councils, not only the other one' },
    '--title': { type: 'string', value: 'TITLE', description: 'a short title (default: from the request)' },
    '--key': { type: 'string', value: 'CLIENT-KEY', description: 'a key of your own: the same key again opens no second request' },
  },
  async run(args, context) {
    const { words, values, flags } = parseOptions(args, optionsOf(shareCommand), 'pont share');
    const from = values.get('--from');
    if (!from) throw new ValidationError('say who is asking: pont share "REQUEST" --from you@council.gov.uk');
    const pont = await context.pont();
    const { requestText, showNotifications } = await import('./requests-format.ts');
    const stop = showNotifications(pont, context);
    try {
      const request = await pont.sharing.open({
        text: words.join(' '),
        fromEmail: from,
        target: flags.has('--both') ? 'both' : 'other',
        ...(values.has('--title') ? { title: values.get('--title') } : {}),
        ...(values.has('--key') ? { clientKey: values.get('--key') } : {}),
      });
      print(
        context,
        { request: { id: request.id, status: request.status, title: request.title, topic: request.topic, targetCouncils: request.targetCouncils, routedTo: request.routedTo } },
        () => requestText(request),
      );
    } finally {
      stop();
    }
  },
};
