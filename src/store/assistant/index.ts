/** The assistant's store: the question log and the feedback on answers, on PGlite or PostgreSQL. */
export { createSqlQuestionLog } from './question-log-store.ts';
