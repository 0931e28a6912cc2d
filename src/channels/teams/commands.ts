/**
 * The bot commands Teams suggests (the manifest's commandLists), the same set as Slack's slash commands.
 * A command arrives as ordinary message text ("skills GIS") and goes to the assistant like any message.
 */
export const teamsCommands = [
  { title: 'skills', description: 'Find colleagues with a skill, e.g. skills GIS' },
  { title: 'counterpart', description: "Find your counterpart (or a role's) in the other council" },
  { title: 'share', description: 'Ask the other council how they do something' },
  { title: 'ask', description: 'Ask about the federation; answers cite the documents' },
  { title: 'profile', description: 'See or change your skills, Welsh level and visibility' },
  { title: 'help', description: 'What Pont can do' },
] as const;
