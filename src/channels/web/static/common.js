/* global history, location */
// Shared by every Pont page: the strings of both languages, the language switch, a DOM builder and the API.
(function () {
  'use strict';
  const strings = JSON.parse(document.getElementById('pont-strings').textContent);
  const state = JSON.parse(document.getElementById('pont-state').textContent);
  let language = state.language === 'cy' ? 'cy' : 'en';
  const listeners = [];

  function t(key) {
    const value = strings[language][key];
    return value === undefined ? strings.en[key] : value;
  }

  /** Builds an element: el('p', { class: 'x', onclick: fn }, 'text', child). Text is never parsed as HTML. */
  function el(tag, attributes, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
      else if (name === 'text') element.textContent = value;
      else element.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      element.append(child instanceof window.Node ? child : document.createTextNode(String(child)));
    }
    return element;
  }

  /** Calls Pont's JSON API; resolves to { ok, status, data }. */
  async function api(method, path, body) {
    const options = { method, headers: { Accept: 'application/json' }, credentials: 'same-origin' };
    if (body !== undefined) {
      options.headers['Content-Type'] = 'application/json';
      options.body = JSON.stringify(body);
    }
    try {
      const response = await fetch(path, options);
      const data = await response.json().catch(() => ({}));
      return { ok: response.ok, status: response.status, data };
    } catch (error) {
      console.error(error);
      return { ok: false, status: 0, data: { error: t('errorGeneric') } };
    }
  }

  function applyLanguage() {
    document.documentElement.lang = language;
    for (const element of document.querySelectorAll('[data-text]')) element.textContent = t(element.dataset.text);
    for (const element of document.querySelectorAll('[data-label]'))
      element.setAttribute('aria-label', t(element.dataset.label));
    const other = t('switchLanguageCode');
    const switcher = document.getElementById('language-switch');
    switcher.textContent = t('switchLanguage');
    switcher.setAttribute('lang', other);
    switcher.setAttribute('hreflang', other);
    switcher.setAttribute('href', '?lang=' + other);
    for (const listener of listeners) listener(language);
  }

  document.getElementById('language-switch').addEventListener('click', (event) => {
    event.preventDefault();
    language = t('switchLanguageCode');
    document.cookie = 'pont_language=' + language + '; path=/; max-age=31536000; samesite=lax';
    if (location.search.includes('lang=')) history.replaceState(null, '', location.pathname);
    applyLanguage();
  });

  window.Pont = {
    t,
    el,
    api,
    state,
    language: () => language,
    onLanguage: (listener) => listeners.push(listener),
  };
})();
