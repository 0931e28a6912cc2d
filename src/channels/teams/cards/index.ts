/** Adaptive Cards for Teams: replies, people, sharing requests and notices. */
export * from './card.ts';
export * from './person-card.ts';
export * from './reply-card.ts';
export * from './request-card.ts';
