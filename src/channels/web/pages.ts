import { councilIds, type Council } from '../../core/councils/index.ts';
import type { Language } from '../../core/language/index.ts';
import { shareTargetForm, type ShareTargetForm } from '../../core/sharing/index.ts';
import type { PersonRecord } from '../../core/people/index.ts';
import type { Visitor } from './access.ts';
import { dashboardCharts } from './dashboard-data.ts';
import { escapeHtml, renderLayout, translated } from './html.ts';
import { pageStrings } from './strings.ts';

/** The person the page acts for, as the page shows them. */
export interface PageIdentity {
  email: string;
  name: string;
  council: PersonRecord['council'];
  isAdmin: boolean;
}

/** The chat page: identity, conversation, sharing requests. Everything dynamic is drawn by chat.js. */
export function renderChatPage(language: Language, visitor: Visitor, identity: PageIdentity | null): string {
  const s = pageStrings[language];
  const t = (key: keyof typeof s) => translated(s, key);
  const examples = (['exampleAsk', 'exampleSkills', 'exampleCounterpart', 'exampleHelp'] as const)
    .map((key) => `<li><button type="button" class="example" data-example="${key}">${t(key)}</button></li>`)
    .join('');
  const main = `
<h1>${t('chatHeading')}</h1>
<p class="intro">${t('chatIntro')}</p>

<section class="panel" aria-labelledby="identity-heading">
  <h2 id="identity-heading">${t('identityHeading')}</h2>
  <p id="identity-status"></p>
  <form id="identity-form" class="inline-form" novalidate>
    <label for="identity-email">${t('identityLabel')}</label>
    <p class="hint" id="identity-hint">${t('identityHint')}</p>
    <div class="row">
      <input id="identity-email" name="email" type="email" autocomplete="email" spellcheck="false" aria-describedby="identity-hint identity-message" value="${escapeHtml(identity?.email ?? '')}">
      <button type="submit">${t('identityButton')}</button>
    </div>
    <p id="identity-message" class="form-message" role="status"></p>
  </form>
</section>

<section class="panel" aria-labelledby="conversation-heading">
  <h2 id="conversation-heading">${t('conversationHeading')}</h2>
  <div id="conversation" class="conversation" role="log" aria-live="polite" aria-labelledby="conversation-heading" tabindex="0">
    <p class="empty" id="conversation-empty">${t('conversationEmpty')}</p>
  </div>
  <form id="chat-form" novalidate>
    <label for="message">${t('messageLabel')}</label>
    <p class="hint" id="message-hint">${t('messageHint')}</p>
    <div class="row">
      <textarea id="message" name="text" rows="2" aria-describedby="message-hint" required></textarea>
      <button type="submit" id="send">${t('send')}</button>
    </div>
  </form>
  <h3 class="examples-heading" id="examples-heading">${t('examplesLabel')}</h3>
  <ul class="examples" aria-labelledby="examples-heading">${examples}</ul>
</section>

<section class="panel" aria-labelledby="share-heading">
  <h2 id="share-heading">${t('shareHeading')}</h2>
  <form id="share-form" novalidate>
    <label for="share-text">${t('shareLabel')}</label>
    <p class="hint" id="share-hint">${t('shareHint')}</p>
    <textarea id="share-text" name="text" rows="3" aria-describedby="share-hint share-message" required></textarea>
    <fieldset id="share-targets">
      <legend>${t('shareTargetLegend')}</legend>
      <div id="share-target-choices">${shareTargetChoices(shareTargetForm(identity?.council, language))}</div>
    </fieldset>
    <button type="submit">${t('shareButton')}</button>
    <p id="share-message" class="form-message" role="status"></p>
  </form>
</section>

<section class="panel" aria-labelledby="requests-heading">
  <h2 id="requests-heading">${t('requestsHeading')}</h2>
  <p class="hint">${t('requestsHint')}</p>
  <button type="button" id="requests-refresh" class="secondary">${t('requestsRefresh')}</button>
  <p id="requests-message" class="form-message" role="status"></p>
  <ul id="requests" class="requests"></ul>
</section>`;
  return renderLayout({
    language,
    page: 'chat',
    title: 'chatTitle',
    visitor,
    main,
    scripts: ['/static/request-actions.js', '/static/chat.js'],
    state: { identity, shareTargets: shareTargetForms() },
  });
}

/** One tick box per council, as the core lists them for the requester. */
function shareTargetChoices(form: ShareTargetForm): string {
  return form.choices
    .map(
      (choice) =>
        `<label class="choice"><input type="checkbox" name="target" value="${escapeHtml(choice.council)}"${form.selected.includes(choice.council) ? ' checked' : ''}> ${escapeHtml(choice.label)}</label>`,
    )
    .join('\n      ');
}

/**
 * The share form's councils for each requester's council ('' when not known yet) in both languages, so the page can
 * redraw them when the person it acts for or the language changes.
 */
function shareTargetForms(): Record<string, Record<Language, ShareTargetForm>> {
  const owners: (Council | undefined)[] = [undefined, ...councilIds()];
  return Object.fromEntries(
    owners.map((own) => [own ?? '', { en: shareTargetForm(own, 'en'), cy: shareTargetForm(own, 'cy') }]),
  );
}

/** The dashboard: a summary and one figure per chart, each with a canvas, a table and a CSV link. */
export function renderDashboardPage(language: Language, visitor: Visitor): string {
  const s = pageStrings[language];
  const t = (key: keyof typeof s) => translated(s, key);
  const charts = dashboardCharts
    .map(
      (chart) => `
<section class="panel chart" aria-labelledby="chart-${chart.name}-heading" data-chart="${chart.name}">
  <h2 id="chart-${chart.name}-heading">${t(chart.title)}</h2>
  <div class="chart-box"><canvas id="chart-${chart.name}" role="img" aria-labelledby="chart-${chart.name}-heading"></canvas></div>
  <p><a class="csv-link" href="/dashboard/${chart.name}.csv" download><span data-text="downloadCsv">${escapeHtml(s.downloadCsv)}</span><span class="visually-hidden">: ${t(chart.title)}</span></a></p>
  <details>
    <summary>${t('showTable')}</summary>
    <div class="table-box" id="table-${chart.name}"></div>
  </details>
</section>`,
    )
    .join('');
  const main = `
<h1>${t('dashboardHeading')}</h1>
<p class="intro">${t('dashboardIntro')}</p>
<section class="panel" aria-labelledby="summary-heading">
  <h2 id="summary-heading">${t('summaryHeading')}</h2>
  <dl class="summary" id="summary"></dl>
  <p id="dashboard-status" role="status">${t('loading')}</p>
</section>
<div class="charts">${charts}</div>
<section class="panel" aria-labelledby="directory-sync-heading">
  <h2 id="directory-sync-heading">${t('directorySyncHeading')}</h2>
  <div class="table-box" id="directory-sync"></div>
</section>
<section class="panel" aria-labelledby="sources-heading">
  <h2 id="sources-heading">${t('sourcesHeading')}</h2>
  <div class="table-box" id="sources"></div>
</section>`;
  return renderLayout({
    language,
    page: 'dashboard',
    title: 'dashboardTitle',
    visitor,
    main,
    scripts: ['/static/vendor/chart.umd.min.js', '/static/dashboard.js'],
  });
}

/** The sign-in form for the admin token (from another computer, or to become an admin). */
export function renderSignInPage(
  language: Language,
  options: { wrong?: boolean; tooManyGuesses?: boolean; next?: string } = {},
): string {
  const s = pageStrings[language];
  const t = (key: keyof typeof s) => translated(s, key);
  const main = `
<h1>${t('signInHeading')}</h1>
<p>${t('refusedText')}</p>
<p class="hint" id="sign-in-hint">${t('signInHint')}</p>
${options.tooManyGuesses ? `<p class="error" role="alert">${t('tooManyGuesses')}</p>` : options.wrong ? `<p class="error" role="alert">${t('signInWrong')}</p>` : ''}
<form method="post" action="/sign-in" class="panel">
  <input type="hidden" name="next" value="${escapeHtml(options.next ?? '/')}">
  <p><label for="sign-in-token">${t('signInTokenLabel')}</label>
  <input id="sign-in-token" name="token" type="password" autocomplete="current-password" required aria-describedby="sign-in-hint"></p>
  <p><label for="sign-in-email">${t('signInEmailLabel')}</label>
  <input id="sign-in-email" name="email" type="email" autocomplete="email"></p>
  <button type="submit">${t('signInButton')}</button>
</form>`;
  return renderLayout({ language, page: 'sign-in', title: 'signInTitle', visitor: null, main });
}

/** Said when the page cannot open here at all (no admin token configured) or the dashboard is for admins. */
export function renderRefusalPage(
  language: Language,
  visitor: Visitor | null,
  kind: 'not-local' | 'dashboard',
): string {
  const s = pageStrings[language];
  const t = (key: keyof typeof s) => translated(s, key);
  const main =
    kind === 'dashboard'
      ? `<h1>${t('dashboardRefusedTitle')}</h1><p>${t('dashboardRefusedText')}</p>`
      : `<h1>${t('refusedTitle')}</h1><p>${t('refusedText')}</p>`;
  return renderLayout({
    language,
    page: 'sign-in',
    title: kind === 'dashboard' ? 'dashboardRefusedTitle' : 'refusedTitle',
    visitor,
    main,
  });
}
