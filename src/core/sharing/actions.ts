import { allowedFrom, type RequestAction } from './transitions.ts';
import type { RequestStatus } from './types.ts';

/**
 * The order actions are offered in, whatever the channel: the step that moves the request on first, the ways
 * out last.
 */
export const actionOrder: readonly RequestAction[] = ['claim', 'answer', 'decline', 'markHelpful', 'close', 'cancel'];

/** Who is looking: their email (null for someone Pont cannot name) and whether they are an admin. */
export interface ActionViewer {
  email: string | null;
  isAdmin?: boolean;
}

/** What the rules about people need to know of a request. */
export interface RequestParties {
  status: RequestStatus;
  requesterEmail: string | null;
  routedTo: readonly string[];
  /** Everyone it was ever routed to, those who declined included; absent when not known. */
  everRouted?: readonly string[];
  claimedBy: string | null;
}

interface Standing {
  isAdmin: boolean;
  isRequester: boolean;
  isRouted: boolean;
  wasRouted: boolean;
  isClaimer: boolean;
}

/**
 * Who may take each action, beside the status rules of `allowedFrom`. The workflow checks these before it
 * changes a request, and `actionsFor` offers exactly what they allow, so a button is never offered that the
 * workflow would refuse.
 */
const whoMay: Record<RequestAction, (status: RequestStatus, who: Standing) => boolean> = {
  // Someone it was sent to (now, or before they said "not me"), or an admin; never the requester.
  claim: (_status, who) => !who.isRequester && (who.isAdmin || who.isRouted || who.wasRouted),
  // While it waits: someone it is still sent to; once picked up: the person who picked it up.
  decline: (status, who) => (status === 'claimed' ? who.isClaimer : who.isRouted),
  answer: (_status, who) => who.isClaimer,
  markHelpful: (_status, who) => who.isRequester || who.isAdmin,
  close: (_status, who) => who.isRequester || who.isAdmin,
  cancel: (_status, who) => who.isRequester || who.isAdmin,
};

function standing(request: RequestParties, viewer: ActionViewer): Standing {
  const email = viewer.email?.trim().toLowerCase() || null;
  const same = (other: string | null | undefined) =>
    email !== null && typeof other === 'string' && other.toLowerCase() === email;
  return {
    isAdmin: viewer.isAdmin === true,
    isRequester: same(request.requesterEmail),
    isRouted: request.routedTo.some(same),
    wasRouted: (request.everRouted ?? []).some(same),
    isClaimer: same(request.claimedBy),
  };
}

/** Whether `viewer` is the right person to take `action` on the request, whatever its status allows. */
export function isEntitled(action: RequestAction, request: RequestParties, viewer: ActionViewer): boolean {
  return whoMay[action](request.status, standing(request, viewer));
}

/** Whether `viewer` may take `action` on the request as it stands: its status allows it and they are the right person. */
export function mayAct(action: RequestAction, request: RequestParties, viewer: ActionViewer): boolean {
  return allowedFrom[action].includes(request.status) && isEntitled(action, request, viewer);
}

/**
 * The actions `viewer` may take on a request, in `actionOrder`: what every channel offers as buttons. Claiming a
 * request one already holds changes nothing, so it is not offered.
 */
export function actionsFor(request: RequestParties, viewer: ActionViewer): RequestAction[] {
  return actionOrder.filter((action) => mayAct(action, request, viewer));
}
