#!/usr/bin/env node
// `npm start`: the HTTP server (health, Slack, Teams, web chat, dashboard), from build/ when it is current,
// else the sources through tsx (bin/entry.js).
import { load } from './entry.js';

const { start } = await load('main');
await start();
