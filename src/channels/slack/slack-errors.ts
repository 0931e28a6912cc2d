import { UpstreamError } from '../../errors.ts';

/** The Slack error code of a failed Web API call (`channel_not_found`, `ratelimited`…), if it has one. */
export function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | null)?.data;
  if (data && typeof data.error === 'string') return data.error;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'slack_webapi_rate_limited_error') return 'ratelimited';
  return undefined;
}

/** Codes that mean Pont cannot post where it tried: it is not in the channel, or the channel is gone. */
export const cannotPostCodes = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'cannot_dm_bot',
  'user_not_found',
  'messages_tab_disabled',
]);

/**
 * A failed Slack call as Pont's UpstreamError, naming the method and Slack's code. Rate limits are retried by
 * the WebClient itself (it honours Retry-After); what reaches here has used up its retries.
 */
export function toUpstreamError(method: string, error: unknown): UpstreamError {
  const code = slackErrorCode(error) ?? (error as Error)?.message ?? String(error);
  const retryAfter = (error as { retryAfter?: unknown } | null)?.retryAfter;
  const hint = cannotPostCodes.has(code)
    ? ' (invite Pont to the channel, or check the user can receive messages from apps)'
    : '';
  return new UpstreamError(`Slack ${method} failed: ${code}${hint}`, {
    cause: error,
    retryAfterMs: typeof retryAfter === 'number' ? retryAfter * 1000 : undefined,
  });
}
