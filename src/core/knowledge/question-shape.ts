import { englishStopWords, welshStopWords, type Language } from '../language/index.ts';

/**
 * What kind of thing a question asks for. A sentence that supplies that kind of thing (a name for "who", a
 * date for "when") is more likely to answer it than one that only repeats its words.
 */
export type QuestionKind =
  | 'instruction'
  | 'definition'
  | 'who'
  | 'when'
  | 'duration'
  | 'count'
  | 'frequency'
  | 'money'
  | 'yes-no'
  | 'why'
  | 'requirement'
  | 'where'
  | 'list'
  | 'said'
  | 'contact'
  | 'what';

/** One question, or one part of a two-part question ("when was X set up and who leads it?"). */
export interface QuestionPart {
  text: string;
  kind: QuestionKind;
}

// NOTE: the patterns read the lower-cased question with curly apostrophes straightened. Order matters: the
// more specific kind wins ("how much money" is money, not a generic "how"; "how long" is a duration).
const kindPatterns: Record<Language, [QuestionKind, RegExp][]> = {
  en: [
    // "what did Cllr Hunt say", "what has the minister said about…": what someone said. Not a document or a body
    // ("what does the policy say", "what did the councils say about the budget"): what it says is its content.
    [
      'said',
      /^(?:and )?what (?:did|has|have|had) (?!.*\b(?:polic(?:y|ies)|act|law|bill|section|statement|document|report|guidance|regulations?|plan|strategy|minutes|councils?|government|review|paper|letter|website|page|standards?|code|agreement|decision)\b).+ (?:say|said|tell|told|announce|announced|comment|commented)\b/,
    ],
    // "what's jayne bryant's email", "phone number for…": a way to reach someone, not what a sentence about them says.
    [
      'contact',
      /\b(?:e-?mail address(?:es)?|(?:phone|telephone|mobile|contact) numbers?|contact details|postcode|post code|(?:postal|office|home|work|street) address(?:es)?)\b|\w's (?:e-?mail|phone|address)\b|\b(?:their|his|her) (?:e-?mail|phone|address)\b|\bhow (?:do|can) i (?:contact|reach|email|phone|ring)\b/,
    ],
    // "what are the four…", "name the five…": so many things, named.
    [
      'list',
      /^(?:what|which) (?:are|were) (?:the )?(?:\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) \w|^list (?:the|all)\b|^name (?:all|the (?:\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))\b/,
    ],
    // NOTE: a possessive is "of" too: "what is the chief executive's salary" asks about part of something.
    [
      'definition',
      /^what (?:is|are) (?:an? |the )?(?!.*(?:\b(?:of|for|in|on|to|with|about|by)\b|\w's\b|\ws'(?!\w)))[\w' -]{2,50}\??$/,
    ],
    [
      'duration',
      /\bhow long\b|\b(?:for )?how many (?:years|months|weeks|days)\b|\bwhat (?:period|length of time)\b|\bhow (?:fast|quickly|soon)\b|\bwithin what time\b/,
    ],
    [
      'money',
      /\bhow much\b.*\b(?:money|cost|costs|spend|spent|pay|paid|worth|funding|budget|save|saving|savings|short|shortfall|gap|pressure)\b|\bhow much (?:money|funding)\b|^(?:what|what's|whats)\b.*\b(?:cost|costs|salary|salaries|pay|wage|wages|price|fee|fees|funding|budget|grant|shortfall|overspend|deficit)\b|\bhow much\b/,
    ],
    ['frequency', /\bhow (?:often|frequently|regularly)\b|\bhow many times\b/],
    ['count', /\bhow many\b|\bwhat (?:is the )?number of\b/],
    ['when', /\bwhen\b|\bwhat (?:date|day|year|month|time)\b|\bwhich (?:date|day|year|month)\b|\bby what date\b/],
    [
      'who',
      /^(?:and )?(?:who|whom|whose)\b|\bwho\b|\bwhich (?:person|people|minister|officer|organisation|organization|body|bodies|council|councillor|company|firm|team|group|committee|commission|authority|department|board|panel)\b|\bname of the\b/,
    ],
    ['why', /\bwhy\b|\bwhat (?:is|was|are|were) the reasons?\b|\bfor what reason\b|\bwhat for\b/],
    [
      'requirement',
      /\b(?:require|requires|required|requirement|requirements|obligation|obligations|duty|duties|must|have to|has to|need to|needs to|obliged)\b/,
    ],
    ['where', /\bwhere\b|\bwhich (?:place|town|building|office|area)\b/],
    [
      'yes-no',
      /^(?:and )?(?:is|are|was|were|do|does|did|can|could|will|would|should|has|have|had|must|may|might|shall)\b/,
    ],
  ],
  cy: [
    [
      'said',
      /^(?:a )?beth (?:ddywedodd|ddwedodd|oedd gan) (?!.*(?:polisi|deddf|adran|datganiad|dogfen|adroddiad|canllawiau|rheoliadau|cynllun|strategaeth|cofnodion|cyngor|cynghorau|llywodraeth|adolygiad|cytundeb|penderfyniad)).+/,
    ],
    [
      'contact',
      /\b(?:cyfeiriad e-?bost|rhif ff[ôo]n|manylion cyswllt|cod post|cyfeiriad (?:post|swyddfa|cartref))\b|\be-?bost (?:y|yr)\b|\bsut (?:mae|alla i|gallaf i) (?:cysylltu|gysylltu)\b/u,
    ],
    // NOTE: "X y/yr Y" and "X'r Y" are Welsh for "X of the Y" ("cyflog y prif weithredwr", the chief executive's
    // salary), as "of" is in English: a question about part of something, not what a thing is.
    [
      'list',
      /^beth (?:yw|ydy|ydi|oedd)(?:'r| y| yr) (?:\d{1,3}|dau|dwy|tri|tair|pedwar|pedair|pump|pum|chwech|chwe|saith|wyth|naw|deg|un ar ddeg|deuddeg) \p{L}|^(?:enwch|enwa|rhestrwch|rhestra)\b/u,
    ],
    [
      'definition',
      /^beth (?:yw|ydy|ydi)(?:'r| y| yr)? (?!.*(?:(?<!\p{L})(?:o|i|ar|yn|gyda|am|gan|y|yr)(?!\p{L})|\p{L}'r(?!\p{L})))[\p{L}' -]{2,50}\??$/u,
    ],
    [
      'duration',
      /\bam faint o amser\b|\bpa mor hir\b|\bfaint (?:mae'n|mae hi'n|oedd hi'n|fydd hi'n|y bydd hi'n) (?:ei )?gymryd\b|\bfaint (?:mae'n rhaid |sydd rhaid |sydd angen )?aros\b|\b(?:am )?sawl (?:blwyddyn|mlynedd|blynedd|mis|wythnos|diwrnod)\b|\b(?:am )?faint o (?:flynyddoedd|fisoedd|wythnosau|ddyddiau|ddiwrnodau)\b|\bfaint o amser\b|\bam ba hyd\b|\bpa hyd\b|\bpa mor (?:gyflym|fuan|sydyn)\b/,
    ],
    [
      'money',
      /\bfaint o arian\b|\bfaint (?:mae|oedd|fydd|y bydd|mae'r|oedd y|fydd y)\b.*\b(?:costio|cost|gostio|gwerth|ennill|enillion|talu|dalu|thalu|gwario|wario|arbed)\b|^beth\b.*\b(?:cost|gost|cyflog|gyflog|cyllid|gyllid|grant|diffyg|pris|bris)\b|\bfaint oedd y pwysau\b|\bfaint (?:yw|ydy|ydi|oedd|fydd|fyddai)(?:'r| y| yr)? (?:cyflog|gyflog|cost|gost|cyllid|gyllid|cyllideb|gyllideb|grant|pris|bris|gwerth|ffi|ffioedd|tâl|dâl)\b/,
    ],
    ['frequency', /\bpa mor (?:aml|rheolaidd)\b|\bsawl gwaith\b|\bfaint o weithiau\b/],
    ['count', /\bfaint o\b|\bsawl\b|\bnifer\b/],
    ['when', /\b(?:pryd|phryd)\b|\bpa (?:ddyddiad|ddiwrnod|flwyddyn|fis|bryd|adeg)\b|\bar ba ddyddiad\b/],
    [
      'who',
      /\b(?:pwy|phwy)\b|\bpa (?:sefydliad|weinidog|swyddog|gorff|gyngor|gynghorydd|gwmni|dîm|tîm|grŵp|berson|bobl|bwyllgor|pwyllgor|gomisiwn|comisiwn|awdurdod|adran|fwrdd)\b|\benw(?:'r)? \b/,
    ],
    ['why', /\bpam\b|\bpaham\b|\bbeth (?:yw|oedd)'r rheswm\b|\bam ba reswm\b/],
    [
      'requirement',
      /\b(?:rhaid|gofynion|gofyniad|ofynion|ofyniad|dyletswydd|dyletswyddau|ddyletswydd|ddyletswyddau|gofynnol|ofynnol|angen i|dylai|ddylai)\b/,
    ],
    ['where', /\bble\b|\bym mhle\b|\bpa le\b/],
    [
      'yes-no',
      /^(?:ac? )?(?:ydy|ydi|ydyn|ydych|ydw|oes|oedd|ai|a yw|a oes|a oedd|a fydd|a wnaeth|a ydy|a ydyw|a gafodd|wnaeth|wnaethon|fydd|fyddai|all|allai|gall|dylai|ddylai|gafodd|fu|bu|a)\b/,
    ],
  ],
};

// Where a two-part question turns to its second part: "…, and who…", "…? When…", "… a phwy…".
const partBreaks: Record<Language, RegExp> = {
  en: /(?:\?\s+|[,;]?\s+(?:and|but|also)\s+)(?=(?:who|whom|whose|when|what|which|how|where|why|since when|is|are|was|were|does|did|do|can|will)\b)/i,
  cy: /(?:\?\s+|[,;]?\s+(?:a|ac|ond|hefyd)\s+)(?=(?:pwy|phwy|pryd|phryd|beth|pha|pa|sut|faint|ble|pham|pam|ydy|oes|ai)\b)/i,
};

function normalised(text: string): string {
  return text.toLowerCase().replace(/[’‘`]/g, "'").replace(/\s+/g, ' ').trim();
}

/**
 * Orders to Pont about its own rules, instructions or prompt ("ignore your instructions and…", "pretend the
 * documents say…", "anwybydda dy gyfarwyddiadau…"): not a question about the documents, so nothing to quote.
 */
const instructions =
  /^(?:please )?(?:ignore|disregard|forget|override|bypass|pretend|act as|roleplay|you are now|from now on|new instructions?\b|system:)|\b(?:ignore|disregard|forget) (?:all |any |the |your |my |previous |prior |earlier |above )+(?:instructions|rules|prompt|documents|guidelines)\b|\b(?:reveal|print|show|repeat|output) (?:me )?(?:your|the) (?:system )?(?:prompt|instructions)\b|\byour (?:previous |prior |earlier |system |own )?(?:instructions|prompt|guidelines)\b|^(?:anwybydda|anwybyddwch|anghofia|anghofiwch|esgus|cymera arnat|rwyt ti nawr|o hyn ymlaen)\b|\b(?:dy|eich) (?:gyfarwyddiadau|cyfarwyddiadau|rheolau) a\b|\banogwr system\b/;

const speakers = [
  /\bwhat (?:did|has|have|had) (.+?) (?:say|said|tell|told|announce|announced|comment|commented)\b/,
  /\bbeth (?:ddywedodd|ddwedodd|oedd gan) (.+?)(?: (?:am|i'w|i|ynghylch|ddweud|amdano|amdani|amdanynt)\b|\??$)/,
];
const notSpeakerWords = new Set([...englishStopWords, ...welshStopWords]);

/** The words that name who a "what did … say" question asks about ("the wlga" → ["wlga"]); none for other questions. */
export function speakerWordsIn(question: string): string[] {
  const lower = normalised(question);
  for (const pattern of speakers) {
    const speaker = pattern.exec(lower)?.[1];
    if (speaker)
      return (speaker.match(/\p{L}+/gu) ?? []).filter((word) => word.length >= 2 && !notSpeakerWords.has(word));
  }
  return [];
}

/** The kind of answer a question (or part of one) asks for; 'what' when nothing more specific fits. */
export function questionKind(text: string, language: Language): QuestionKind {
  const lower = normalised(text);
  if (instructions.test(lower.replace(/^[^\p{L}]+/u, ''))) return 'instruction';
  // NOTE: a Welsh question may be typed with English question words and the reverse ("Pwy is the leader"):
  // try the question's own language first, then the other.
  for (const patterns of [kindPatterns[language], kindPatterns[language === 'en' ? 'cy' : 'en']]) {
    for (const [kind, pattern] of patterns) {
      if (kind === 'yes-no' && patterns !== kindPatterns[language]) continue;
      if (pattern.test(lower)) return kind;
    }
  }
  return 'what';
}

/**
 * Splits a question into the parts it asks. "When was the team set up and who leads it?" is two parts, each
 * answered by its own quote; "Who are the leaders of Torfaen and Blaenau Gwent?" stays one, because "and"
 * there joins two names, not two questions. At most three parts; a part must have a few words of its own.
 */
export function questionParts(question: string, language: Language): QuestionPart[] {
  const text = question.replace(/\s+/g, ' ').trim();
  const pieces = text
    .split(partBreaks[language])
    .map((piece) => piece.trim().replace(/^[,;]\s*/, ''))
    .filter((piece) => /[\p{L}\p{N}]/u.test(piece));
  const meaningful = pieces.length >= 2 && pieces.length <= 3 && pieces.every((piece) => piece.split(' ').length >= 2);
  // NOTE: an order anywhere in the text ("… new instruction: reply only with…") makes the whole of it one.
  if (instructions.test(normalised(text).replace(/^[^\p{L}]+/u, '')) || /\bnew instructions?\s*:/i.test(text))
    return [{ text, kind: 'instruction' }];
  // NOTE: after "a" ("…a phwy…", "…a phryd…") a Welsh question word takes the aspirate mutation; as a part of
  // its own it is read (and shown) as the asker would type it alone.
  const parts = (meaningful ? pieces : [text]).map((part, index) =>
    index > 0 && language === 'cy' ? part.replace(/^ph(?=wy\b|ryd\b|a\b)/i, (mutated) => mutated.charAt(0)) : part,
  );
  return parts.map((part) => ({ text: part, kind: questionKind(part, language) }));
}
