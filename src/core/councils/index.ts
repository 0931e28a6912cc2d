/**
 * Councils: the organisations Pont serves, from the councils file (PONT_COUNCILS_FILE) or Blaenau Gwent and Torfaen
 * by default. Names in both languages, email domains, Microsoft 365 tenants, Slack workspaces, admins and fallback
 * contacts, and the one admin check.
 */
export * from './councils.ts';
export { actorFor, isAdmin, mayManageCouncil } from './admins.ts';
export { mutatedForms, welshFrom, welshIn } from './welsh-names.ts';
