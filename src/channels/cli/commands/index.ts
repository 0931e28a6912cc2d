import { teamsCommand } from '../../teams/outbox-admin.ts';
import type { Command } from '../command.ts';
import { askCommand } from './ask.ts';
import { chatCommand } from './chat.ts';
import { counterpartCommand } from './counterpart.ts';
import { ingestCommand } from './ingest.ts';
import { peopleCommand } from './people.ts';
import { requestsCommand } from './requests.ts';
import { searchCommand } from './search.ts';
import { shareCommand } from './share.ts';
import { skillsCommand } from './skills.ts';
import { sourcesCommand } from './sources.ts';

/** Every `pont` sub-command, in the order `pont help` lists them. */
export const commands: Command[] = [
  ingestCommand,
  sourcesCommand,
  askCommand,
  searchCommand,
  peopleCommand,
  skillsCommand,
  counterpartCommand,
  shareCommand,
  requestsCommand,
  chatCommand,
  teamsCommand,
];
