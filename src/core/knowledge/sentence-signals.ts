import type { QuestionKind } from './question-shape.ts';

/** What a sentence supplies, whatever its words: a name, a date, an amount, a "not"… (English and Welsh). */
export interface SentenceSignals {
  /** A person's or organisation's name, a role ("the chief executive") or an agent ("supported by X"). */
  agent: boolean;
  /** A name of a person or body proper ("Stephen Vickers", "Local Partnerships", "Cllr Hunt"), not only a role. */
  name: boolean;
  date: boolean;
  duration: boolean;
  /** How often something happens ("three times a year", "every four years", "bob blwyddyn"). */
  frequency: boolean;
  /** A figure that counts things: a number that is not a sum of money or a percentage. */
  count: boolean;
  number: boolean;
  /** A reference to a part of a text or law ("section 7", "adran 2"): the answer to "under which section…". */
  reference: boolean;
  money: boolean;
  negation: boolean;
  list: boolean;
  reason: boolean;
  requirement: boolean;
  place: boolean;
  /** Words someone said, reported ("said", "welcomed", "dywedodd") or quoted. */
  speech: boolean;
  /** A way to reach someone: an email address, a phone number or a postcode. */
  contact: boolean;
}

const months =
  'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|ionawr|chwefror|mawrth|ebrill|mai|mehefin|gorffennaf|awst|medi|hydref|tachwedd|rhagfyr';
const numberWords =
  'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|thousand|million|billion|dozen|half|dau|dwy|tri|tair|pedwar|pedair|pump|pum|chwech|chwe|saith|wyth|naw|deg|deuddeg|ugain|cant|mil|miliwn|biliwn|hanner|dri|dair|bedwar|bedair|bump|bum|ddeg|ddeuddeg|hugain|gant|filiwn|fil';
const units =
  'years?|months?|weeks?|days?|hours?|decades?|blynedd|mlynedd|flynedd|blwyddyn|mis|misoedd|wythnos|wythnosau|diwrnod|diwrnodau|awr|oriau|degawd';

/** "five working days", "ten clear days", "pum diwrnod gwaith" reads as a unit after the number. */
const unitQualifier = '(?:working|calendar|clear|full|business|school) ';

// "every five years", "each financial year", "once a quarter": a period after the word that makes it a frequency.
const period = `(?:(?:\\d+|${numberWords}|other|single) )?(?:(?:financial|calendar|municipal|academic|school) )?(?:${units}|fortnights?|quarters?|cycles?)\\b`;
const welshPeriods =
  'blwyddyn|flwyddyn|blynedd|mlynedd|flynedd|mis|wythnos|pythefnos|dydd|diwrnod|chwarter|tymor|cyfnod';

const patterns = {
  date: new RegExp(
    `\\b(?:${months})\\b|\\b(?:19|20)\\d\\d\\b|\\b\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?(?:${months})\\b|\\b\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{2,4}\\b|\\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|d?dydd (?:llun|mawrth|mercher|iau|gwener|sadwrn|sul))\\b|(?<![£$€\\d.,])\\b\\d{1,2}(?:[:.]\\d{2})?\\s?(?:(?:am|pm)\\b|a\\.m\\.|p\\.m\\.)|\\b\\d{1,2}:\\d{2}\\b|\\bo(?:'|’)r gloch\\b|\\bo(?:'|’)clock\\b|\\b(?:noon|midday|midnight|hanner dydd|canol dydd)\\b`,
    'i',
  ),
  duration: new RegExp(
    `\\b(?:\\d+|${numberWords}|a|an|several|few)[- ](?:${unitQualifier})?(?:${units})\\b|\\b(?:over|for|within|after|until|dros|am|o fewn|ar ôl)\\s+(?:\\d+|${numberWords}|a|an)\\s+(?:${unitQualifier})?(?:${units})\\b|\\b(?:${units})\\s+(?:o hyd|long)\\b`,
    'i',
  ),
  number: new RegExp(`\\b(?:${numberWords})\\b|%`, 'i'),
  frequency: new RegExp(
    [
      `\\b(?:\\d+|${numberWords}|several|many|few)\\s+(?:times|gwaith|waith)\\b`,
      `\\b(?:once|twice) (?:a|an|every|each|per|in a|in an|in every) ${period}`,
      `\\btwice\\b(?! as\\b)`,
      `\\b(?:every|each) ${period}`,
      // "checked every October", "every Monday".
      `\\b(?:every|each) (?:january|february|march|april|may|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekday|weekend|morning|evening|night|spring|summer|autumn|winter)\\b`,
      `\\b(?:annual|annually|yearly|monthly|weekly|fortnightly|quarterly|daily|biannual|per (?:year|annum|month|week|day)|a (?:year|month|week|day))\\b`,
      `\\b(?:bob|pob) (?:(?:\\d+|${numberWords}) )?(?:${welshPeriods})\\b`,
      `\\byn (?:flynyddol|fisol|wythnosol|ddyddiol|chwarterol)\\b`,
      `\\b(?:unwaith|dwywaith|ddwywaith) (?:y|yr|bob|pob|mewn|ym mhob|yn ystod|o fewn) (?:(?:\\d+|${numberWords}) )?(?:${welshPeriods})\\b`,
    ].join('|'),
    'i',
  ),
  money:
    /£|€|\$|\b(?:pounds?|pence|punt|bunt|phunt|punnoedd|bunnoedd|million|billion|miliwn|biliwn|budget|cyllideb|gyllideb|cost|costs|costio|funding|cyllid|gyllid|salary|cyflog|gyflog|grant|savings|arbedion)\b/i,
  negation: /\b(?:not|no|never|none|neither|nor|cannot|without|nid|ddim|dim|nad|nac|heb|byth|na)\b|n['’]t\b/i,
  reason:
    /\b(?:because|since|so that|in order to|due to|owing to|as a result|the reason|aim(?:s|ed)? to|to (?:find|save|encourage|improve|ensure|protect|reduce|support|share|help|meet|deliver)|oherwydd|achos|er mwyn|gan fod|o ganlyniad|y rheswm|nod|er lles)\b/i,
  requirement:
    /\b(?:must|shall|required?|requires|requiring|obliged|obligation|duty|duties|need to|needs to|has to|have to|is to|are to|should|rhaid|dylai|ddylai|dyletswydd|ddyletswydd|gofynnol|ofynnol|gofyn i|ei gwneud yn ofynnol)\b/i,
  role: /\b(?:chief executive|executive|leader|leaders|minister|secretary|chair|chairman|chairperson|director|officer|manager|head of|mayor|commissioner|president|councillor|cllr|mp|ms|mr|mrs|dr|professor|prif weithredwr|brif weithredwr|arweinydd|arweinwyr|gweinidog|weinidog|ysgrifennydd|cadeirydd|gadeirydd|cyfarwyddwr|gyfarwyddwr|swyddog|rheolwr|pennaeth|bennaeth|maer|comisiynydd|cynghorydd|gynghorydd|athro)\b/i,
  speech:
    /\b(?:said|says|saying|told|stated|added|commented|announced|explained|according to|welcomed|described|called for|urged|warned|dywedodd|dwedodd|meddai|ychwanegodd|yn ôl|croesawodd|eglurodd|cyhoeddodd)\b|[“"][^”"]{12,}[”"]/i,
  // A group of people or bodies as what the sentence is about ("Householders whose homes were flooded can apply",
  // "Mae trigolion yn gallu…"): who, for "who can…". Only in its first words, where a subject is.
  group:
    /^\W*(?:\S+\s+){0,3}?(?:householders|residents|tenants|landlords|staff|employees|workers|councillors|members|officers|people|applicants|businesses|organisations|organizations|charities|pupils|parents|carers|volunteers|everyone|anyone|trigolion|deiliaid tai|tenantiaid|landlordiaid|gweithwyr|cynghorwyr|aelodau|swyddogion|pobl|ymgeiswyr|busnesau|sefydliadau|elusennau|disgyblion|rhieni|gofalwyr|gwirfoddolwyr|pawb|unrhyw un)\b/i,
  contact:
    /[\w.+-]+@[\w-]+\.[\w.-]+|(?:\+44\s?|\b0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}\b|\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b/,
  agentBy: /\b(?:by|led by|chaired by|gan|dan arweiniad)\s+(?:the\s+|y\s+|yr\s+)?\p{Lu}/u,
  place: /\b(?:in|at|from|yn|ym|yng|o|at)\s+\p{Lu}\p{Ll}+/u,
};

// Capitalised words that are not names: sentence openers and common title-case words of the corpus' kind.
const notNames = new Set(
  'The A An In On At By For Of And But If It Its This That These Those There Their They We Our You Your He She His Her When Where Who What Which How Why As From To With After Before During Since Under Over Each Every All Some Any Both Council Councils Government Blaenau Gwent Torfaen Wales Cymru Welsh Cymraeg England UK Mae Y Yr Ym Yn Yng Ar Er Os Pan Ond Gan Roedd Bydd Dyma Nid Bod Ei Eu Ein I O A Ac'.split(
    ' ',
  ),
);

const monthPattern = new RegExp(`^(?:${months})$`, 'i');
const titles =
  /\b(?:Cllr|Councillor|Mr|Mrs|Ms|Miss|Dr|Professor|Prof|Sir|Dame|Cynghorydd|Gynghorydd|Athro)\.?\s+\p{Lu}|\s\p{Lu}\p{Ll}+\s+(?:MS|MP|AS|AC|MBE|OBE|CBE)\b/u;

/**
 * Whether the sentence has a run of two capitalised words; `proper` when not all roles. The first word counts too
 * ("Stephen Vickers was appointed…"): the usual sentence openers are in `notNames`, and one capital alone is no run.
 */
function nameRuns(sentence: string): { any: boolean; proper: boolean } {
  const tokens = sentence.split(/\s+/);
  let run: string[] = [];
  let any = false;
  let proper = titles.test(sentence);
  const close = () => {
    if (run.length >= 2) {
      any = true;
      if (
        !patterns.role.test(run.join(' ').replace(/\b(?:joint|shared|permanent|deputy|interim|acting)\b/gi, '')) ||
        run.some(
          (word) =>
            !patterns.role.test(word) &&
            !/^(?:Joint|Shared|Permanent|Deputy|Interim|Acting|Cyd|Prif|Brif|Weithredwr|Gweithredwr|Chief|Executive|Local|Government|Cabinet|Secretary|Minister|Council|Cyngor)$/.test(
              word,
            ),
        )
      )
        proper = true;
    }
    run = [];
  };
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index]!.replace(/^[“"‘'(]+|[”"’'),.;:!?]+$/g, '');
    const capital = /^\p{Lu}[\p{L}'’-]+$/u.test(token) && !notNames.has(token) && !monthPattern.test(token);
    if (capital) run.push(token);
    else close();
  }
  close();
  return { any, proper };
}

/**
 * Numbers that name a part of a text or a law rather than say how many or when: "section 7", "Part 2", "adran 2",
 * "(1)", "(iv)", and the year in a law's title ("the … (Wales) Act 2021", "Deddf … (Cymru) 2021", "Regulations 2022").
 */
const partOfText = String.raw`\b(?:sections?|parts?|chapters?|schedules?|paragraphs?|regulations?|articles?|clauses?|rules?|subsections?|adran(?:nau)?|rhan|ran|pennod|bennod|atodlen|paragraff|rheoliad|reoliad|erthygl|is-adran)\s+\d+[A-Z]?(?:\(\d+[A-Za-z]?\))*`;
const partOfTextPattern = new RegExp(partOfText, 'iu');
const references = new RegExp(
  [
    partOfText,
    String.raw`\(\s*(?:\d{1,2}[A-Za-z]?|[a-z]{1,2}|[ivx]{1,5})\s*\)`,
    String.raw`\((?:Wales|Cymru)\)\s+(?:(?:Act|Regulations|Order|Measure|Rules)\s+)?(?:19|20)\d\d\b`,
    String.raw`\b(?:Act|Acts|Regulations|Order|Measure|Bill|Deddf|Ddeddf|Rheoliadau|Reoliadau|Mesur|Fesur|Gorchymyn)\s+(?:19|20)\d\d\b`,
  ].join('|'),
  'giu',
);

/** The sentence without the numbers that only refer to a part of a text or name a law. */
export function withoutReferences(sentence: string): string {
  return sentence.replace(references, ' ');
}

/** A figure that is not part of a date ("£70 million", "12 posts", not "23 January 2025" or "in 2024"). */
function hasQuantity(sentence: string): boolean {
  const withoutDates = sentence
    .replace(/\bhttps?:\/\/\S+/g, ' ')
    .replace(new RegExp(`\\b\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?(?:${months})\\b`, 'gi'), ' ')
    .replace(/\b(?:19|20)\d\d\b/g, ' ')
    .replace(/\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b/g, ' ');
  return /\d/.test(withoutDates);
}

// A sum of money ("£70 million", "£1.3m", "€5bn") or a share ("3.1%", "2 per cent", "20 y cant"): figures that do not
// count things.
const amounts =
  /[£€$]\s?\d[\d,.]*(?:\s?(?:m|bn|k|million|billion|miliwn|biliwn)\b)?|\b\d[\d,.]*\s?(?:%|per ?cent\b|y cant\b)/gi;

// A length of time ("four years", "10-week"): how long, not how many.
const spans = new RegExp(`\\b(?:\\d+|${numberWords})[- ](?:${units})\\b`, 'gi');
// A financial or school year ("2024-25", "2023/24"): when, not how many.
const yearRanges = /\b(?:19|20)\d\d[-–/](?:\d\d|(?:19|20)\d\d)\b/g;
const numberWord = new RegExp(`\\b(?:${numberWords})\\b`, 'i');

// "each in one of its member councils", "no one", "one another": "one" that stands for a thing, not a number of them.
const pronounOne =
  /\b(?:no|each|every|any|some|this|that|which|the) one\b|(?<!\b(?:only|just|exactly|least|than|but) )\bone (?:of|another)\b/gi;
const withoutPronounOne = (text: string) => text.replace(pronounOne, ' ');

/** Whether a sentence gives a number of things ("12 posts", "nine reviews"), not only sums of money or percentages. */
function isCount(figures: string): boolean {
  const rest = figures.replace(amounts, ' ').replace(spans, ' ').replace(yearRanges, ' ');
  return numberWord.test(rest) || hasQuantity(rest);
}

/**
 * The words of a question that may be part of a name ("stephen", "vickers", "torfaen"): a sentence that names only
 * what the question already names does not tell who ("who came before Stephen Vickers?").
 */
export function nameWordsIn(text: string): string[] {
  return [...new Set(text.toLowerCase().match(/\p{L}{3,}/gu) ?? [])];
}

/**
 * Whether the speaker a "what did … say" question names is the one the sentence reports: one of the speaker's words
 * before the first word of speech ("Jayne Bryant MS … welcomed…"), or just after it ("…, said the WLGA", "yn ôl y
 * WLGA"). A sentence that reports someone else's words, mentioning the speaker only as what they spoke of, is not.
 */
export function spokenBy(sentence: string, speakerWords: string[]): boolean {
  if (speakerWords.length === 0) return true;
  const speech = patterns.speech.exec(sentence);
  if (!speech) return false;
  const before = sentence.slice(0, speech.index).split(/\s+/).slice(-15).join(' ');
  const after = sentence
    .slice(speech.index + speech[0].length)
    .split(/\s+/)
    .slice(0, 5)
    .join(' ');
  const words = new Set(`${before} ${after}`.toLowerCase().match(/\p{L}+/gu) ?? []);
  return speakerWords.some((word) => words.has(word));
}

/**
 * Whether a question asks who holds a role ("who was chief executive before Stephen Vickers?", "pwy yw arweinydd…"),
 * rather than who someone is ("who is Stephen Vickers?"): only then is a name the question already has no answer.
 */
export function asksForARoleHolder(question: string): boolean {
  const untitled = question.replace(/\b(?:cllr|councillor|mr|mrs|ms|dr|cynghorydd|gynghorydd)\b/gi, ' ');
  return patterns.role.test(untitled) || /\b(?:exec|ceo|boss|head|chair)\b/i.test(untitled);
}

/** The numbers a question itself says ("the two councils"), which a sentence repeating them does not supply. */
export function numbersIn(text: string): string[] {
  return text.toLowerCase().match(new RegExp(`\\b(?:\\d+|${numberWords})\\b`, 'g')) ?? [];
}

// "answered by …", "published by …", "atebwyd gan …": a line that credits a document to someone.
const attribution =
  /\b(?:answered|written|prepared|published|compiled|issued|submitted|authored|asked|shared|posted|produced)\s+by\b|\b(?:atebwyd|ysgrifennwyd|paratowyd|cyhoeddwyd|lluniwyd|gofynnwyd|rhannwyd|cynhyrchwyd)\s+gan\b/i;

/**
 * Whether a sentence credits its document to someone (who answered, wrote or published it) rather than
 * saying anything about the document's subject.
 */
export function isAttribution(sentence: string): boolean {
  return attribution.test(sentence);
}

/** Reads what a sentence supplies. Cheap regular expressions: run it on a few dozen sentences per question. */
export function sentenceSignals(sentence: string, echoed: string[] = [], echoedWords: string[] = []): SentenceSignals {
  if (echoed.length > 0) sentence = sentence.replace(new RegExp(`\\b(?:${echoed.join('|')})\\b`, 'gi'), ' ');
  if (echoedWords.length > 0)
    sentence = sentence.replace(new RegExp(`(?<!\\p{L})(?:${echoedWords.join('|')})(?!\\p{L})`, 'giu'), ' ');
  const figures = withoutReferences(sentence);
  const commas = (sentence.match(/,/g) ?? []).length;
  const names = nameRuns(sentence);
  return {
    agent:
      names.any || patterns.role.test(sentence) || patterns.agentBy.test(sentence) || patterns.group.test(sentence),
    name: names.proper,
    date: patterns.date.test(figures),
    duration: patterns.duration.test(figures),
    frequency: patterns.frequency.test(figures),
    number: patterns.number.test(withoutPronounOne(figures)) || hasQuantity(figures),
    count: isCount(withoutPronounOne(figures)),
    reference: partOfTextPattern.test(sentence),
    money: patterns.money.test(sentence),
    negation: patterns.negation.test(sentence),
    list: commas >= 2 || /;|:\s*\S|•.*•/.test(sentence),
    reason: patterns.reason.test(sentence),
    requirement: patterns.requirement.test(sentence),
    place: patterns.place.test(sentence),
    speech: patterns.speech.test(sentence),
    contact: patterns.contact.test(sentence),
  };
}

/**
 * How well what a sentence supplies fits what the question asks for: 1 when it supplies it, 0 when it does
 * not, 0.5 when the question asks for nothing in particular ("what is…"); a yes/no question is answered a
 * little more surely by a sentence that says "not", but a plain statement can say yes.
 */
export function kindFit(kind: QuestionKind, signals: SentenceSignals): number {
  switch (kind) {
    case 'instruction':
      return 0;
    case 'definition':
      return 0.5;
    case 'who':
      return signals.name ? 1 : signals.agent ? 0.5 : 0;
    case 'when':
      // "Applications close three months after the flood": a time given from an event is half an answer to "when".
      return signals.date ? 1 : signals.duration ? 0.5 : 0;
    case 'duration':
      return signals.duration ? 1 : signals.date ? 0.5 : 0;
    case 'count':
      // "How many…" asks for a number of things: a sum of money or a percentage is a figure, not a count.
      return signals.count ? 1 : signals.number ? 0.25 : 0;
    case 'frequency':
      return signals.frequency ? 1 : signals.number ? 0.25 : 0;
    case 'money':
      // "How much…" asks for an amount: a sentence that names a budget without a figure does not give one.
      return signals.money && signals.number ? 1 : signals.number ? 0.5 : 0;
    case 'yes-no':
      return signals.negation ? 0.75 : 0.5;
    case 'why':
      return signals.reason ? 1 : 0.25;
    case 'requirement':
      return signals.requirement ? 1 : signals.list ? 0.5 : 0;
    case 'where':
      return signals.place ? 1 : 0.25;
    case 'list':
      return signals.list ? 1 : 0.25;
    case 'said':
      return signals.speech ? 1 : 0;
    case 'contact':
      return signals.contact ? 1 : 0;
    case 'what':
      return signals.list || signals.agent || signals.number || signals.reference ? 0.75 : 0.5;
  }
}
