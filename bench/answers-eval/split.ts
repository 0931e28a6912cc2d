/**
 * Splits the evaluation questions into a development half and a test half, once, before anything is run on
 * them: `tsx bench/answers-eval/split.ts ALL.jsonl` writes dev.jsonl and test.jsonl beside this file.
 *
 * Seeded and stratified: questions are sorted by id, grouped by (kind, language), each group is shuffled with
 * a fixed-seed generator and dealt alternately to the two halves (a seeded coin decides which half starts, so
 * odd-sized groups do not all favour one side). Running it again on dev.jsonl + test.jsonl together gives the
 * same split.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const seed = 20261203;

/** mulberry32: a small deterministic generator, so the split does not depend on Math.random. */
function generator(start: number): () => number {
  let state = start >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

interface Row {
  id: string;
  kind: string;
  language: string;
}

const input = process.argv[2];
if (!input) {
  console.error('usage: tsx bench/answers-eval/split.ts ALL.jsonl');
  process.exit(1);
}
const lines = fs.readFileSync(input, 'utf8').split('\n').filter((line) => line.trim() !== '');
const rows = lines.map((line) => ({ line, row: JSON.parse(line) as Row })).sort((left, right) => left.row.id.localeCompare(right.row.id));
const random = generator(seed);
const groups = new Map<string, typeof rows>();
for (const item of rows) {
  const key = `${item.row.kind}/${item.row.language}`;
  groups.set(key, [...(groups.get(key) ?? []), item]);
}
const dev: typeof rows = [];
const test: typeof rows = [];
for (const key of [...groups.keys()].sort()) {
  const group = groups.get(key)!;
  for (let index = group.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [group[index], group[other]] = [group[other]!, group[index]!];
  }
  const devFirst = random() < 0.5;
  group.forEach((item, index) => ((index % 2 === 0) === devFirst ? dev : test).push(item));
}
const byId = (left: (typeof rows)[number], right: (typeof rows)[number]) => left.row.id.localeCompare(right.row.id);
const here = path.dirname(fileURLToPath(import.meta.url));
fs.writeFileSync(path.join(here, 'dev.jsonl'), dev.sort(byId).map((item) => item.line).join('\n') + '\n');
fs.writeFileSync(path.join(here, 'test.jsonl'), test.sort(byId).map((item) => item.line).join('\n') + '\n');
console.log(`dev ${dev.length}, test ${test.length}`);
