#!/usr/bin/env node
// `npm start`: the HTTP server (health, Slack, Teams, web chat, dashboard).
import { register } from 'tsx/esm/api';

register();
const { start } = await import('../src/main.ts');
await start();
