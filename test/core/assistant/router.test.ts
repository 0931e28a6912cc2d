import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../../src/core/language/index.ts';
import { matchIntent, normalise, routeIntent, routerRuleNames } from '../../../src/core/assistant/router.ts';
import type { Intent } from '../../../src/core/assistant/types.ts';

// What real staff type, in English and Welsh, and what Pont should make of it.
const table: [message: string, expected: Intent][] = [
  // documents questions
  ['Is this a merger?', { kind: 'ask', question: 'Is this a merger?' }],
  ['advice on gritting', { kind: 'ask', question: 'advice on gritting' }],
  ['help with cleaning after a flood', { kind: 'ask', question: 'help with cleaning after a flood' }],
  [
    'are there people who can apply for the flood grant?',
    { kind: 'ask', question: 'are there people who can apply for the flood grant?' },
  ],
  ['is torfaen merging with blaenau gwent', { kind: 'ask', question: 'is torfaen merging with blaenau gwent' }],
  ['Who is the Joint Chief Executive?', { kind: 'ask', question: 'Who is the Joint Chief Executive?' }],
  [
    'What did the Local Partnerships review recommend?',
    { kind: 'ask', question: 'What did the Local Partnerships review recommend?' },
  ],
  ['when was the joint leadership team set up', { kind: 'ask', question: 'when was the joint leadership team set up' }],
  [
    'who knows when the strategic outline case will be ready?',
    { kind: 'ask', question: 'who knows when the strategic outline case will be ready?' },
  ],
  ["pwy yw'r Prif Weithredwr ar y cyd?", { kind: 'ask', question: "pwy yw'r Prif Weithredwr ar y cyd?" }],
  ['Ai uno yw hyn?', { kind: 'ask', question: 'Ai uno yw hyn?' }],
  ["Beth yw'r ffederasiwn?", { kind: 'ask', question: "Beth yw'r ffederasiwn?" }],
  ['ask who chairs the joint committee', { kind: 'ask', question: 'who chairs the joint committee' }],
  ['gofyn: beth oedd y cam darganfod?', { kind: 'ask', question: 'beth oedd y cam darganfod?' }],
  ['does anyone know when the review ends?', { kind: 'ask', question: 'does anyone know when the review ends?' }],
  ['How is the federation going?', { kind: 'ask', question: 'How is the federation going?' }],
  ['who is responsible for the budget?', { kind: 'ask', question: 'who is responsible for the budget?' }],
  ['Will any council staff lose their jobs?', { kind: 'ask', question: 'Will any council staff lose their jobs?' }],
  ['Are the people of Torfaen affected?', { kind: 'ask', question: 'Are the people of Torfaen affected?' }],
  [
    'which people sit on the joint leadership team?',
    { kind: 'ask', question: 'which people sit on the joint leadership team?' },
  ],
  ['Is there a DPIA template for Copilot?', { kind: 'ask', question: 'Is there a DPIA template for Copilot?' }],
  ['Will my council keep its own budget?', { kind: 'ask', question: 'Will my council keep its own budget?' }],
  // questions that use the words of a need stay questions
  [
    'Do the councils need help from the Welsh Government?',
    { kind: 'ask', question: 'Do the councils need help from the Welsh Government?' },
  ],
  [
    'What support is there for staff during the changes?',
    { kind: 'ask', question: 'What support is there for staff during the changes?' },
  ],
  [
    'has anyone been named as the permanent Joint Chief Executive?',
    { kind: 'ask', question: 'has anyone been named as the permanent Joint Chief Executive?' },
  ],
  ['oes angen i staff symud swydd?', { kind: 'ask', question: 'oes angen i staff symud swydd?' }],
  ['oes rhywun wedi cael ei benodi i arwain?', { kind: 'ask', question: 'oes rhywun wedi cael ei benodi i arwain?' }],
  ['I need to know when the review ends', { kind: 'ask', question: 'I need to know when the review ends' }],

  // needs: a person who can help
  ['I need help with GIS mapping', { kind: 'skills', skill: 'GIS mapping' }],
  ['i need help with homelessness prevention pls', { kind: 'skills', skill: 'homelessness prevention' }],
  ['anyone good with data?', { kind: 'skills', skill: 'data' }],
  ['need someone who can do a rota asap', { kind: 'skills', skill: 'rota' }],
  ['who knows about net zero stuff', { kind: 'skills', skill: 'net zero' }],
  ['need someone who can translate a doc into welsh asap', { kind: 'skills', skill: 'translate a doc into welsh' }],
  ['we could do with some advice on TUPE transfers', { kind: 'skills', skill: 'TUPE transfers' }],
  ["I'm looking for support with a Power BI dashboard", { kind: 'skills', skill: 'Power BI dashboard' }],
  ['anybody able to help with ArcGIS?', { kind: 'skills', skill: 'ArcGIS' }],
  ['any tips on business continuity planning?', { kind: 'skills', skill: 'business continuity planning' }],
  ['who would be the right contact for business rates relief?', { kind: 'skills', skill: 'business rates relief' }],
  ['is there someone I could speak to about s106 viability?', { kind: 'skills', skill: 's106 viability' }],
  ['anyone know about SuDS?', { kind: 'skills', skill: 'SuDS' }],
  ['dwi angen help gyda mapio GIS', { kind: 'skills', skill: 'mapio GIS' }],
  ['mae angen cymorth arna i efo taenlenni', { kind: 'skills', skill: 'taenlenni' }],
  ['pwy alla i holi am grantiau llifogydd?', { kind: 'skills', skill: 'grantiau llifogydd' }],
  ['oes rhywun yn gallu helpu gyda mapio?', { kind: 'skills', skill: 'mapio' }],
  ['all rhywun fy helpu efo taenlenni?', { kind: 'skills', skill: 'taenlenni' }],
  ['all rhywun fy helpu i gyda’r gyllideb?', { kind: 'skills', skill: 'gyllideb' }],
  ['a oes unrhyw un sy’n gallu helpu gyda GIS?', { kind: 'skills', skill: 'GIS' }],

  // skill lookups
  ['who knows GIS?', { kind: 'skills', skill: 'GIS' }],
  ['Who knows about flood risk modelling?', { kind: 'skills', skill: 'flood risk modelling' }],
  ['anyone with procurement skills in Torfaen', { kind: 'skills', skill: 'procurement', council: 'torfaen' }],
  ['Is there anyone in BG who knows Power BI?', { kind: 'skills', skill: 'Power BI', council: 'blaenau-gwent' }],
  ['I need someone with experience of TUPE transfers', { kind: 'skills', skill: 'TUPE transfers' }],
  ['who has GDPR experience?', { kind: 'skills', skill: 'GDPR' }],
  ['expert in section 106 agreements please', { kind: 'skills', skill: 'section 106 agreements' }],
  ['who can help with Welsh translation?', { kind: 'skills', skill: 'Welsh translation' }],
  ["pwy sy'n gwybod am gaffael?", { kind: 'skills', skill: 'gaffael' }],
  ["Pwy sy'n gwybod am GIS yn Nhorfaen?", { kind: 'skills', skill: 'GIS', council: 'torfaen' }],
  ["oes rhywun sy'n gwybod am reoli llifogydd?", { kind: 'skills', skill: 'reoli llifogydd' }],
  ['pwy sydd â sgiliau cyfieithu ym Mlaenau Gwent?', { kind: 'skills', skill: 'cyfieithu', council: 'blaenau-gwent' }],
  ['Who has a GIS background?', { kind: 'skills', skill: 'GIS' }],
  ['does anyone know about Welsh language standards?', { kind: 'skills', skill: 'Welsh language standards' }],
  ['who deals with fly tipping in BG', { kind: 'skills', skill: 'fly tipping', council: 'blaenau-gwent' }],
  [
    'Can someone from Blaenau Gwent help me with procurement?',
    { kind: 'skills', skill: 'procurement', council: 'blaenau-gwent' },
  ],
  ['Who should I talk to about highways in Torfaen?', { kind: 'skills', skill: 'highways', council: 'torfaen' }],
  [
    "pwy sy'n delio gyda thipio anghyfreithlon ym Mlaenau Gwent?",
    { kind: 'skills', skill: 'thipio anghyfreithlon', council: 'blaenau-gwent' },
  ],
  ['rhywun yn gwybod am GIS?', { kind: 'skills', skill: 'GIS' }],
  ['â phwy ddylwn i siarad am briffyrdd?', { kind: 'skills', skill: 'briffyrdd' }],
  ['arbenigwr mewn draenio', { kind: 'skills', skill: 'draenio' }],
  ['pwy all helpu gyda chaffael?', { kind: 'skills', skill: 'chaffael' }],
  ['Who is an expert in SuDS?', { kind: 'skills', skill: 'SuDS' }],
  ['who is the go-to person for Power BI?', { kind: 'skills', skill: 'Power BI' }],
  ['Oes rhywun ym Mlaenau Gwent yn gwybod am ArcGIS?', { kind: 'skills', skill: 'ArcGIS', council: 'blaenau-gwent' }],
  ['Who in Blaenau Gwent knows about SuDS?', { kind: 'skills', skill: 'SuDS', council: 'blaenau-gwent' }],
  ["I'm looking for a GIS expert", { kind: 'skills', skill: 'GIS' }],
  ['any GIS experts in Torfaen?', { kind: 'skills', skill: 'GIS', council: 'torfaen' }],
  ['is anyone an expert in TUPE?', { kind: 'skills', skill: 'TUPE' }],
  ['who leads on net zero in BG?', { kind: 'skills', skill: 'net zero', council: 'blaenau-gwent' }],
  ["Pwy sy'n arwain ar sero net?", { kind: 'skills', skill: 'sero net' }],
  ['help me find someone who knows GIS', { kind: 'skills', skill: 'GIS' }],
  ['Hi Pont, who knows GIS?', { kind: 'skills', skill: 'GIS' }],
  ['skills GIS', { kind: 'skills', skill: 'GIS' }],
  ['/skills procurement --', { kind: 'skills', skill: 'procurement --' }],
  ['sgiliau caffael', { kind: 'skills', skill: 'caffael' }],
  ['skills', { kind: 'skills', skill: '' }],

  // counterparts
  ['who is my counterpart?', { kind: 'counterpart', target: null }],
  ["Who's my counterpart in Torfaen?", { kind: 'counterpart', target: null, council: 'torfaen' }],
  ['my opposite number in Blaenau Gwent for waste', { kind: 'counterpart', target: 'waste', council: 'blaenau-gwent' }],
  ['head of waste in Torfaen', { kind: 'counterpart', target: 'head of waste', council: 'torfaen' }],
  [
    'Who is the service manager for highways at BGCBC?',
    { kind: 'counterpart', target: 'service manager for highways', council: 'blaenau-gwent' },
  ],
  ["who's the equivalent of me in Torfaen", { kind: 'counterpart', target: null, council: 'torfaen' }],
  ['counterpart', { kind: 'counterpart', target: null }],
  ['counterpart head of planning', { kind: 'counterpart', target: 'head of planning' }],
  ['counterpart jane.jones@torfaen.gov.uk', { kind: 'counterpart', target: 'jane.jones@torfaen.gov.uk' }],
  ['pwy yw fy nghymar?', { kind: 'counterpart', target: null }],
  [
    'fy nghymar ym Mlaenau Gwent ar gyfer gwastraff',
    { kind: 'counterpart', target: 'gwastraff', council: 'blaenau-gwent' },
  ],
  [
    'Pwy yw pennaeth gwastraff Blaenau Gwent?',
    { kind: 'counterpart', target: 'pennaeth gwastraff', council: 'blaenau-gwent' },
  ],
  [
    "who's the head of finance at Torfaen council",
    { kind: 'counterpart', target: 'head of finance', council: 'torfaen' },
  ],
  ['pwy yw fy nghymar yn Nhorfaen ar gyfer cyllid?', { kind: 'counterpart', target: 'cyllid', council: 'torfaen' }],
  ['pennaeth cynllunio yn Nhorfaen', { kind: 'counterpart', target: 'pennaeth cynllunio', council: 'torfaen' }],
  ['cymar', { kind: 'counterpart', target: null }],

  // sharing requests
  ['how do you run your waste rota?', { kind: 'share', request: 'how do you run your waste rota?' }],
  [
    'How does Torfaen handle fly-tipping enforcement?',
    { kind: 'share', request: 'How does Torfaen handle fly-tipping enforcement?' },
  ],
  [
    'can anyone share a DPIA template for Copilot?',
    { kind: 'share', request: 'can anyone share a DPIA template for Copilot?' },
  ],
  [
    'Has anyone written a DPIA for Microsoft Copilot?',
    { kind: 'share', request: 'Has anyone written a DPIA for Microsoft Copilot?' },
  ],
  [
    'Who has a template for a Section 113 agreement?',
    { kind: 'share', request: 'Who has a template for a Section 113 agreement?' },
  ],
  [
    'does anyone in Blaenau Gwent have a hybrid working policy',
    { kind: 'share', request: 'does anyone in Blaenau Gwent have a hybrid working policy' },
  ],
  [
    'share: how do you schedule gritting runs?',
    { kind: 'share', request: 'how do you schedule gritting runs?', explicit: true },
  ],
  [
    'anyone got a copy of the Section 113 heads of terms?',
    { kind: 'share', request: 'anyone got a copy of the Section 113 heads of terms?' },
  ],
  ['How are you handling the budget gap?', { kind: 'share', request: 'How are you handling the budget gap?' }],
  ['anyone done a DPIA for CCTV?', { kind: 'share', request: 'anyone done a DPIA for CCTV?' }],
  [
    'anyone done route optimisation for bin rounds',
    { kind: 'share', request: 'anyone done route optimisation for bin rounds' },
  ],
  [
    'has anybody here piloted a four-day week?',
    { kind: 'share', request: 'has anybody here piloted a four-day week?' },
  ],
  [
    'rhywun wedi defnyddio Copilot i gofnodi cyfarfodydd?',
    { kind: 'share', request: 'rhywun wedi defnyddio Copilot i gofnodi cyfarfodydd?' },
  ],
  [
    'Is there any best practice on hybrid meetings?',
    { kind: 'share', request: 'Is there any best practice on hybrid meetings?' },
  ],
  [
    'oes arfer da ar gyfer cyfarfodydd hybrid?',
    { kind: 'share', request: 'oes arfer da ar gyfer cyfarfodydd hybrid?' },
  ],
  ['share our approach to agile working', { kind: 'share', request: 'our approach to agile working', explicit: true }],
  ["sut ydych chi'n trefnu'r rota gwastraff?", { kind: 'share', request: "sut ydych chi'n trefnu'r rota gwastraff?" }],
  [
    'Sut mae Torfaen yn delio â thipio anghyfreithlon?',
    { kind: 'share', request: 'Sut mae Torfaen yn delio â thipio anghyfreithlon?' },
  ],
  ['oes gan rywun dempled DPIA?', { kind: 'share', request: 'oes gan rywun dempled DPIA?' }],
  ['all rhywun rannu polisi gweithio hybrid?', { kind: 'share', request: 'all rhywun rannu polisi gweithio hybrid?' }],
  [
    "rhannu: sut ydych chi'n cynllunio graeanu?",
    { kind: 'share', request: "sut ydych chi'n cynllunio graeanu?", explicit: true },
  ],
  ['share', { kind: 'share', request: '', explicit: true }],

  // my requests
  ['my requests', { kind: 'my-requests' }],
  ['what happened to my request about the waste rota?', { kind: 'my-requests' }],
  ['requests', { kind: 'my-requests' }],
  ['fy ngheisiadau', { kind: 'my-requests' }],
  ['beth ddigwyddodd i fy nghais?', { kind: 'my-requests' }],

  // profile
  ['profile', { kind: 'profile' }],
  ['/pont profile', { kind: 'profile' }],
  ['show my profile', { kind: 'profile' }],
  ['please hide my profile', { kind: 'profile', change: { visible: false } }],
  ['profile hide', { kind: 'profile', change: { visible: false } }],
  ['profile show', { kind: 'profile', change: { visible: true } }],
  ['profile skills GIS; mapping, LiDAR', { kind: 'profile', change: { skills: ['GIS', 'mapping', 'LiDAR'] } }],
  ['profile welsh 3', { kind: 'profile', change: { welshLevel: 3 } }],
  ['proffil', { kind: 'profile' }],
  ['proffil cuddio', { kind: 'profile', change: { visible: false } }],
  ['proffil cymraeg 5', { kind: 'profile', change: { welshLevel: 5 } }],
  ['cuddio fy mhroffil', { kind: 'profile', change: { visible: false } }],

  // help and greetings
  ['help', { kind: 'help' }],
  ['/pont help', { kind: 'help' }],
  ['cymorth', { kind: 'help' }],
  ['What can you do?', { kind: 'help' }],
  ['help me', { kind: 'help' }],
  ['How do I use Pont?', { kind: 'help' }],
  ['beth allwch chi ei wneud?', { kind: 'help' }],
  ['hi', { kind: 'greeting' }],
  ['Good morning Pont!', { kind: 'greeting' }],
  ['<@U0PONT> hello', { kind: 'greeting' }],
  ['Shwmae!', { kind: 'greeting' }],
  ['bore da', { kind: 'greeting' }],
  ['thanks!', { kind: 'greeting', thanks: true }],
  ['diolch yn fawr', { kind: 'greeting', thanks: true }],
];

describe('the rule-based router', () => {
  it.each(table)('routes %j', (message, expected) => {
    expect(routeIntent(message, detectLanguage(message))).toEqual(expected);
  });

  it('routes the same whichever language it is told the message is in', () => {
    for (const [message, expected] of table) {
      expect(routeIntent(message, 'en')).toEqual(expected);
      expect(routeIntent(message, 'cy')).toEqual(expected);
    }
  });

  it('has an example in the table for every rule', () => {
    const used = new Set(table.map(([message]) => matchIntent(message, detectLanguage(message)).rule));
    expect(routerRuleNames.filter((name) => !used.has(name))).toEqual([]);
  });

  it('treats anything it does not recognise as a documents question', () => {
    expect(routeIntent('bins', 'en')).toEqual({ kind: 'ask', question: 'bins' });
    // NOTE: "help with this" names no skill; "helpu a gwirio" is "help and check", not "help with".
    for (const message of ['oes rhywun yn gallu helpu gyda hyn?', 'all rhywun helpu a gwirio hwn?'])
      expect(routeIntent(message, 'cy').kind, message).not.toBe('skills');
    expect(routeIntent('  lorem   ipsum  ', 'en')).toEqual({ kind: 'ask', question: 'lorem ipsum' });
  });

  it('sends a very long message to the documents without reading it for commands', () => {
    const long = `who knows ${'GIS '.repeat(600)}`;
    expect(routeIntent(long, 'en')).toEqual({ kind: 'ask', question: long.trim() });
  });

  it('drops mentions, slashes and curly quotes before routing', () => {
    expect(normalise('<@U123ABC> /skills  GIS')).toBe('skills GIS');
    expect(normalise('Pont, who’s my counterpart?')).toBe("who's my counterpart?");
  });
});
