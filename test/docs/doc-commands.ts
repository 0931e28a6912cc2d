import fs from 'node:fs';
import path from 'node:path';

/** A command shown in a fenced shell block of the documentation. */
export interface DocCommand {
  page: string;
  /** 1-based line of the command in the page. */
  line: number;
  text: string;
  /** How the block is marked: run (the default), `skip` with its reason, or `shell` (run with bash). */
  mode: { kind: 'run' } | { kind: 'skip'; reason: string } | { kind: 'shell'; block: string };
}

const shellFence = /^(\s*)```(sh|bash|shell|console)\s*$/;
const marker = /^<!--\s*docs-test:\s*(skip|shell)\b\s*(.*?)\s*-->\s*$/;

/** README.md and every Markdown page under docs/, found afresh each run so pages added later are covered. */
export function documentationPages(root: string): string[] {
  const pages = [path.join(root, 'README.md')];
  const walk = (folder: string): void => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.md')) pages.push(full);
    }
  };
  if (fs.existsSync(path.join(root, 'docs'))) walk(path.join(root, 'docs'));
  return pages;
}

/** Removes a `# comment` that is not inside quotes. */
export function stripComment(line: string): string {
  let quote: string | undefined;
  for (let index = 0; index < line.length; index += 1) {
    const character = line[index]!;
    if (quote) {
      if (character === quote) quote = undefined;
    } else if (character === '"' || character === "'") quote = character;
    else if (character === '#' && (index === 0 || /\s/.test(line[index - 1]!))) return line.slice(0, index).trimEnd();
  }
  return line.trimEnd();
}

/** The commands of every fenced sh/bash/shell/console block in a page, with the block's marker. */
export function commandsOf(page: string, text: string): DocCommand[] {
  const lines = text.split('\n');
  const commands: DocCommand[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    const open = shellFence.exec(lines[index]!);
    if (!open) continue;
    let previous = index - 1;
    while (previous >= 0 && lines[previous]!.trim() === '') previous -= 1;
    const mark = previous >= 0 ? marker.exec(lines[previous]!.trim()) : null;
    const start = index + 1;
    let end = start;
    while (end < lines.length && !/^\s*```\s*$/.test(lines[end]!)) end += 1;
    const body = lines.slice(start, end).map((line) => line.slice(open[1]!.length));
    index = end;
    if (mark?.[1] === 'skip' && !mark[2])
      throw new Error(`${page}:${previous + 1}: a docs-test skip marker must give its reason`);
    if (mark?.[1] === 'shell') {
      commands.push({ page, line: start + 1, text: body.join('\n'), mode: { kind: 'shell', block: body.join('\n') } });
      continue;
    }
    for (let offset = 0; offset < body.length; offset += 1) {
      let command = stripComment(body[offset]!);
      const line = start + offset + 1;
      while (command.endsWith('\\') && offset + 1 < body.length) {
        offset += 1;
        command = `${command.slice(0, -1).trimEnd()} ${stripComment(body[offset]!).trim()}`;
      }
      command = command.replace(/^\$\s+/, '').trim();
      if (command === '') continue;
      commands.push({
        page,
        line,
        text: command,
        mode: mark?.[1] === 'skip' ? { kind: 'skip', reason: mark[2]! } : { kind: 'run' },
      });
    }
  }
  return commands;
}

/** Splits a command line into words the way a POSIX shell does for plain quoting (no expansion). */
export function shellWords(command: string): string[] {
  const words: string[] = [];
  let current = '';
  let started = false;
  let quote: string | undefined;
  for (const character of command) {
    if (quote) {
      if (character === quote) quote = undefined;
      else current += character;
    } else if (character === '"' || character === "'") {
      quote = character;
      started = true;
    } else if (/\s/.test(character)) {
      if (started) words.push(current);
      current = '';
      started = false;
    } else {
      current += character;
      started = true;
    }
  }
  if (quote) throw new Error(`unclosed ${quote} in: ${command}`);
  if (started) words.push(current);
  return words;
}

export type Classified =
  | { kind: 'pont'; environment: Record<string, string>; argv: string[] }
  | { kind: 'npm-script'; environment: Record<string, string>; script: string }
  | { kind: 'npm-builtin'; verb: string }
  | { kind: 'files'; tool: string; files: string[] }
  | { kind: 'unknown'; why: string };

/** What a run-mode command is, so the test knows how to run or check it. */
export function classify(command: string): Classified {
  if (/[|;&<>`$]/.test(command.replace(/'[^']*'|"[^"]*"/g, ''))) {
    return {
      kind: 'unknown',
      why: 'pipes, redirections, variables and command lists need a `<!-- docs-test: shell -->` block',
    };
  }
  const words = shellWords(command);
  const environment: Record<string, string> = {};
  while (words.length && /^[A-Z_][A-Z0-9_]*=/.test(words[0]!)) {
    const [name, ...value] = words.shift()!.split('=');
    environment[name!] = value.join('=');
  }
  if (words[0] === 'npx' && words[1] === 'pont') return { kind: 'pont', environment, argv: words.slice(2) };
  if (words[0] === 'pont') return { kind: 'pont', environment, argv: words.slice(1) };
  if (words[0] === 'npm' && words[1] === 'run' && words[2])
    return { kind: 'npm-script', environment, script: words[2] };
  if (words[0] === 'npm' && (words[1] === 'test' || words[1] === 'start'))
    return { kind: 'npm-script', environment, script: words[1] };
  if (words[0] === 'npm' && words[1] === 'ci') return { kind: 'npm-builtin', verb: 'ci' };
  if (words[0] === 'npx' && words[1] === 'vitest' && words[2] === 'run')
    return { kind: 'files', tool: 'vitest', files: words.slice(3).filter((word) => !word.startsWith('-')) };
  if (words[0] === 'npx' && words[1] === 'tsx' && words[2]) return { kind: 'files', tool: 'tsx', files: [words[2]] };
  return {
    kind: 'unknown',
    why: `"${words[0]}" is not a pont, npm or npx vitest/tsx command: mark its block <!-- docs-test: shell --> to run it with bash, or <!-- docs-test: skip REASON -->`,
  };
}
