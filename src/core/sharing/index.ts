/**
 * Sharing: best-practice requests routed to the right people in the other council, followed up on
 * working-day deadlines, and kept as knowledge once answered.
 */
export type * from './types.ts';
export type * from './request-store.ts';
export {
  createSharing,
  parseRequestId,
  titleFrom,
  type SharingDependencies,
  type SharingOptions,
} from './create-sharing.ts';
export { createLogNotifier, createNotificationHub } from './notification-hub.ts';
export { startFollowUpLoop, type FollowUpLoop } from './follow-up-loop.ts';
export { chooseRoutes, type RouteOptions, type RoutingPeople } from './routing.ts';
export { actionOrder, actionsFor, isEntitled, mayAct, type ActionViewer, type RequestParties } from './actions.ts';
export { allowedFrom, assertAllowed, isFinished, type RequestAction } from './transitions.ts';
export {
  councilName,
  describeNotification,
  fromCouncil,
  inCouncil,
  maxRequestLength,
  sharingText,
  statusName,
} from './messages.ts';
export {
  noTargetChosen,
  shareTargetForm,
  targetFromChoices,
  type ShareTargetChoice,
  type ShareTargetForm,
} from './share-targets.ts';
export {
  addWorkingDays,
  dateInWales,
  easterSunday,
  isWorkingDay,
  welshBankHolidays,
  type CalendarDate,
} from './working-days.ts';
