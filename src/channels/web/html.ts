import { messagesFor } from '../../core/assistant/index.ts';
import type { Language } from '../../core/language/index.ts';
import { councilIds } from '../../core/councils/index.ts';
import type { Visitor } from './access.ts';
import { pageStrings, type PageStrings } from './strings.ts';

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** JSON safe to place inside a `<script type="application/json">` element. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replaceAll('<', '\\u003c').replaceAll('>', '\\u003e').replaceAll('&', '\\u0026');
}

/** The strings the browser needs for one language: the page's own and the shared ones from the core. */
export function browserStrings(language: Language) {
  const messages = messagesFor(language);
  return {
    ...pageStrings[language],
    requestStatusNames: messages.requestStatus,
    welshLevels: messages.welshLevels,
    councils: Object.fromEntries(councilIds().map((council) => [council, messages.councilName(council)])),
    errorGeneric: messages.errorGeneric,
    thanksForFeedback: messages.thanksForFeedback,
  };
}

export type Page = 'chat' | 'dashboard' | 'sign-in';

export interface LayoutInput {
  language: Language;
  page: Page;
  title: keyof PageStrings;
  visitor: Visitor | null;
  /** The page's main content (already escaped HTML). */
  main: string;
  scripts?: string[];
  /** Extra data for the page's script. */
  state?: Record<string, unknown>;
}

/** A text element that the language switch can retranslate in the browser. */
export function translated(strings: PageStrings, key: keyof PageStrings): string {
  return `<span data-text="${key}">${escapeHtml(strings[key])}</span>`;
}

/** The frame every page shares: skip link, navigation, language switch, main landmark. */
export function renderLayout(input: LayoutInput): string {
  const strings = pageStrings[input.language];
  const link = (page: Page, href: string, key: keyof PageStrings) =>
    `<a href="${href}"${input.page === page ? ' aria-current="page"' : ''} data-text="${key}">${escapeHtml(strings[key])}</a>`;
  const navigation = [
    link('chat', '/', 'chatLink'),
    input.visitor?.canSeeDashboard ? link('dashboard', '/dashboard', 'dashboardLink') : '',
  ]
    .filter(Boolean)
    .map((item) => `<li>${item}</li>`)
    .join('');
  const other = strings.switchLanguageCode;
  const scripts = (input.scripts ?? []).map((source) => `<script src="${source}" defer></script>`).join('\n');
  return `<!doctype html>
<html lang="${input.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title data-text="${input.title}">${escapeHtml(strings[input.title])}</title>
<link rel="stylesheet" href="/static/pont.css">
<script type="application/json" id="pont-strings">${jsonForScript({ en: browserStrings('en'), cy: browserStrings('cy') })}</script>
<script type="application/json" id="pont-state">${jsonForScript({ language: input.language, page: input.page, ...input.state })}</script>
<script src="/static/common.js" defer></script>
${scripts}
</head>
<body>
<a class="skip-link" href="#main" data-text="skipToContent">${escapeHtml(strings.skipToContent)}</a>
<header class="site-header">
<p class="brand"><a href="/">Pont</a></p>
<nav aria-label="${escapeHtml(strings.navigationLabel)}" data-label="navigationLabel"><ul>${navigation}</ul></nav>
${input.visitor?.signedIn && input.visitor.sessionToken ? `<form method="post" action="/sign-out" class="sign-out"><button type="submit" class="link-button" data-text="signOut">${escapeHtml(strings.signOut)}</button></form>` : ''}
<a class="language-switch" id="language-switch" href="?lang=${other}" lang="${other}" hreflang="${other}">${escapeHtml(strings.switchLanguage)}</a>
</header>
<main id="main" tabindex="-1">
${input.main}
</main>
</body>
</html>`;
}
