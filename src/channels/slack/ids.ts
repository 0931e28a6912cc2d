/**
 * The names Slack and Pont agree on: slash commands, subscribed events, action ids and view callback ids.
 * The manifest (manifest/slack/manifest.yaml) must declare exactly these; a test checks that it does.
 */

/** Slash commands, as typed (and as declared in the manifest). */
export const slashCommands = ['/skills', '/counterpart', '/share', '/ask', '/pont'] as const;
export type SlashCommand = (typeof slashCommands)[number];

/** Bot events the app subscribes to. */
export const botEvents = ['app_mention', 'message.im', 'app_home_opened', 'app_uninstalled', 'tokens_revoked'] as const;

/** Block action ids (buttons). */
export const actionIds = {
  feedbackHelpful: 'pont_feedback_helpful',
  feedbackNotHelpful: 'pont_feedback_not_helpful',
  askAPerson: 'pont_ask_a_person',
  shareInChannel: 'pont_share_in_channel',
  claim: 'pont_request_claim',
  decline: 'pont_request_decline',
  answer: 'pont_request_answer',
  markHelpful: 'pont_request_helpful',
  markNotHelpful: 'pont_request_not_helpful',
  close: 'pont_request_close',
  cancel: 'pont_request_cancel',
  confirmShare: 'pont_confirm_share',
  editProfile: 'pont_profile_edit',
} as const;

/** View (modal) callback ids. */
export const viewIds = {
  share: 'pont_share_modal',
  answer: 'pont_answer_modal',
  profile: 'pont_profile_modal',
} as const;

/** Input block and action ids inside the modals. */
export const inputIds = {
  shareText: { block: 'share_text', action: 'share_text_input' },
  shareTarget: { block: 'share_target', action: 'share_target_input' },
  answerText: { block: 'answer_text', action: 'answer_text_input' },
  answerConsent: { block: 'answer_consent', action: 'answer_consent_input' },
  profileSkills: { block: 'profile_skills', action: 'profile_skills_input' },
  profileWelsh: { block: 'profile_welsh', action: 'profile_welsh_input' },
  profileVisible: { block: 'profile_visible', action: 'profile_visible_input' },
} as const;
