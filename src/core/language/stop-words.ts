/** English stop words: very common words that carry no meaning for retrieval (the Lucene/Snowball core list). */
export const englishStopWords: ReadonlySet<string> = new Set(
  `a about above after again against all am an and any are as at be because been before being below between
both but by can could did do does doing down during each few for from further had has have having he her here
hers herself him himself his how i if in into is it its itself just me more most my myself no nor not of off
on once only or other our ours ourselves out over own same she should so some such than that the their theirs
them themselves then there these they this those through to too under until up very was we were what when
where which while who whom why will with would you your yours yourself yourselves`.split(/\s+/),
);

/** Welsh stop words: articles, prepositions, pronouns, the verb "to be" and question words. */
export const welshStopWords: ReadonlySet<string> = new Set(
  `a ac ag ai am ar at y yr i o yn ym yng mae maen oedd oes sydd sy yw ydy ydyw ydi ydw ydyn ydych roedd bydd
byddai fydd bod fod wedi heb gan gyda efo â ei eu ein eich fy dy hi ef fe fo nhw ni chi fi mi ti hyn hynny hon
hwn hwnnw honno yma yna fel neu nid na nad ni ddim dim pan os ond felly hefyd dros drwy trwy rhwng wrth tua
beth pwy sut pam ble pryd faint pa unrhyw pob holl rhai rhywun cafodd gafodd chafodd cawsant cael gael chael
gall gallaf galla gallwn gallai gallen alla allaf allwn allai allen`.split(/\s+/),
);

/**
 * The words dropped from a search for people and from service and skill names: English and Welsh function words
 * and the words of asking for someone ("who knows", "expert", "skills", "staff"). It is a list of its own, not the
 * retrieval lists above: skill and service matching was tuned with it, and the longer lists would change who is found.
 */
export const peopleSearchStopWords: ReadonlySet<string> = new Set([
  // English
  'a',
  'an',
  'and',
  'or',
  'of',
  'the',
  'in',
  'on',
  'for',
  'to',
  'with',
  'at',
  'by',
  'from',
  'who',
  'can',
  'any',
  'someone',
  'somebody',
  'anyone',
  'is',
  'are',
  'do',
  'does',
  'how',
  'what',
  'our',
  'your',
  'my',
  'we',
  'you',
  'i',
  'me',
  'it',
  'this',
  'that',
  'about',
  'into',
  'as',
  'be',
  'has',
  'have',
  'knows',
  'know',
  'expert',
  'experience',
  'skills',
  'skill',
  'person',
  'people',
  'staff',
  // Welsh
  'y',
  'yr',
  'ac',
  'ar',
  'am',
  'ac',
  'i',
  'o',
  'yn',
  'ei',
  'eu',
  'mewn',
  'gyda',
  'efo',
  'sy',
  'sydd',
  'pwy',
  'beth',
  'sut',
  'rhywun',
  'unrhyw',
  'gan',
  'dros',
  'fy',
  'ein',
  'eich',
  'hefyd',
  'neu',
  'yw',
  'ydy',
  'mae',
  'oes',
]);
