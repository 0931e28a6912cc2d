// The chat page: who you are, the conversation with Pont, and your sharing requests. It only renders what
// the server's API returns (the core's replies); it decides nothing about features itself.
(function () {
  'use strict';
  const { t, el, api, state, language, onLanguage } = window.Pont;
  let identity = state.identity || null;
  let requestCounter = 0;

  const conversation = document.getElementById('conversation');
  const chatForm = document.getElementById('chat-form');
  const message = document.getElementById('message');
  const identityForm = document.getElementById('identity-form');
  const identityEmail = document.getElementById('identity-email');
  const identityMessage = document.getElementById('identity-message');
  const identityStatus = document.getElementById('identity-status');
  const shareForm = document.getElementById('share-form');
  const shareMessage = document.getElementById('share-message');
  const requestsList = document.getElementById('requests');
  const requestsMessage = document.getElementById('requests-message');

  const shareTargetChoices = document.getElementById('share-target-choices');

  /**
   * Draws the share form's councils as the server listed them for the person the page acts for. `keep` keeps the
   * boxes the person ticked (a change of language); otherwise the other councils are ticked.
   */
  function renderShareTargets(keep) {
    const forms = state.shareTargets[(identity && identity.council) || ''] || state.shareTargets[''];
    const form = forms[language()];
    const ticked = keep
      ? new Set(Array.from(shareForm.querySelectorAll('input[name="target"]:checked'), (box) => box.value))
      : new Set(form.selected);
    shareTargetChoices.replaceChildren(
      ...form.choices.map((choice) => {
        const box = el('input', { type: 'checkbox', name: 'target', value: choice.council });
        box.checked = ticked.has(choice.council);
        return el('label', { class: 'choice' }, box, ' ' + choice.label);
      }),
    );
  }

  function councilName(council) {
    return t('councils')[council] || council;
  }

  /** Text with line breaks, as paragraphs. */
  function paragraphs(text, className) {
    return String(text)
      .split(/\n{2,}|\n(?=[•-])/)
      .filter((part) => part.trim() !== '')
      .map((part) => el('p', { class: className }, part));
  }

  // Who the page acts for.
  function renderIdentity() {
    identityStatus.replaceChildren();
    if (!identity) {
      identityStatus.append(t('identityNone'));
      return;
    }
    identityStatus.append(
      t('identityCurrent') + ' ',
      el('strong', {}, identity.name),
      ` (${identity.email}, ${councilName(identity.council)})`,
      identity.isAdmin ? el('span', { class: 'badge' }, t('adminBadge')) : '',
    );
  }

  identityForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    identityMessage.className = 'form-message';
    const result = await api('POST', '/api/identity', { email: identityEmail.value, language: language() });
    if (!result.ok) {
      identityMessage.className = 'form-message error';
      identityMessage.textContent = result.data.error || t('errorGeneric');
      identityEmail.setAttribute('aria-invalid', 'true');
      identityEmail.focus();
      return;
    }
    identityEmail.removeAttribute('aria-invalid');
    identity = result.data.identity;
    renderShareTargets(false);
    identityMessage.textContent = `${t('identityChosen')} ${identity.name}.`;
    renderIdentity();
    showDashboardLink(result.data.canSeeDashboard);
    loadRequests();
  });

  /** An admin chosen on this page sees the dashboard in the navigation at once. */
  function showDashboardLink(allowed) {
    const list = document.querySelector('.site-header nav ul');
    const existing = list.querySelector('a[href="/dashboard"]');
    if (allowed && !existing)
      list.append(el('li', {}, el('a', { href: '/dashboard', 'data-text': 'dashboardLink' }, t('dashboardLink'))));
    if (!allowed && existing) existing.parentElement.remove();
  }

  // Sources: web addresses and indexed files open; other references show as text.
  function sourceLink(citation) {
    const source = String(citation.source || '');
    const title = citation.title || source;
    if (/^https?:\/\//i.test(source)) {
      return el(
        'a',
        { href: source, target: '_blank', rel: 'noopener noreferrer', class: 'source-link' },
        title,
        el('span', { class: 'visually-hidden' }, ' ' + t('opensInNewTab')),
      );
    }
    if (source !== '' && !source.startsWith('pont:')) {
      return el(
        'a',
        { href: '/sources?ref=' + encodeURIComponent(source), target: '_blank', rel: 'noopener', class: 'source-link' },
        title,
        el('span', { class: 'visually-hidden' }, ' ' + t('opensInNewTab')),
      );
    }
    return el('span', { class: 'source-title' }, title);
  }

  // A page with a twin in the other language links both, English first: "English · Cymraeg".
  function twinLinks(citation) {
    const source = String(citation.source || '');
    const twin = String(citation.twin || '');
    if (
      !/^https?:\/\//i.test(source) ||
      !/^https?:\/\//i.test(twin) ||
      (citation.language !== 'en' && citation.language !== 'cy')
    )
      return '';
    const english = citation.language === 'en' ? source : twin;
    const welsh = citation.language === 'cy' ? source : twin;
    const link = (href, language, key) =>
      el(
        'a',
        { href, hreflang: language, lang: language, target: '_blank', rel: 'noopener noreferrer', class: 'twin-link' },
        t(key),
        el('span', { class: 'visually-hidden' }, ' ' + t('opensInNewTab')),
      );
    return el(
      'span',
      { class: 'twins' },
      ' · ',
      link(english, 'en', 'languageNameEnglish'),
      ' · ',
      link(welsh, 'cy', 'languageNameWelsh'),
    );
  }

  function renderAnswer(reply) {
    const answer = reply.answer;
    // A refusal stands out; the closest passages read as a hedged answer.
    const parts = [
      ...paragraphs(answer.answer, answer.answered ? '' : answer.outcome === 'closest' ? 'closest' : 'not-answered'),
    ];
    if (answer.note) parts.push(el('p', { class: 'note' }, answer.note));
    if (answer.citations && answer.citations.length > 0) {
      parts.push(el('p', { class: 'label' }, t('sources')));
      parts.push(
        el(
          'ol',
          { class: 'sources' },
          answer.citations.map((citation) =>
            el(
              'li',
              {},
              sourceLink(citation),
              citation.published ? ` (${citation.published})` : '',
              twinLinks(citation),
              // The answer above already shows a quoted answer's quotes; a written answer's are shown here.
              citation.quote && !answer.answer.includes(citation.quote) ? el('blockquote', {}, citation.quote) : '',
            ),
          ),
        ),
      );
    }
    if (reply.answerId) {
      const feedback = el('p', { class: 'feedback' });
      const vote = async (helpful) => {
        const result = await api('POST', `/api/answers/${encodeURIComponent(reply.answerId)}/feedback`, { helpful });
        feedback.replaceChildren(result.ok ? t('thanksForFeedback') : result.data.error || t('errorGeneric'));
      };
      feedback.append(
        el('button', { type: 'button', class: 'secondary', onclick: () => vote(true) }, t('actionHelpful')),
        ' ',
        el('button', { type: 'button', class: 'secondary', onclick: () => vote(false) }, t('actionNotHelpful')),
      );
      parts.push(feedback);
    }
    return parts;
  }

  function renderPerson(person) {
    const welsh = t('welshLevels')[person.welshLevel];
    return el(
      'li',
      { class: 'person' },
      el(
        'p',
        {},
        el('strong', {}, person.name),
        ` — ${person.jobTitle}, ${person.serviceArea} (${councilName(person.council)})`,
      ),
      person.skills && person.skills.length > 0 ? el('p', {}, `${t('peopleSkills')}: ${person.skills.join(', ')}`) : '',
      welsh ? el('p', {}, `${t('peopleWelsh')}: ${welsh}`) : '',
      person.reasons && person.reasons.length > 0
        ? el('p', { class: 'hint' }, `${t('peopleWhy')}: ${person.reasons.join('; ')}`)
        : '',
      el('p', {}, el('a', { href: 'mailto:' + person.email }, `${t('emailPerson')} ${person.name}`)),
    );
  }

  function renderPeople(reply) {
    const parts = [el('p', { class: 'label' }, reply.heading)];
    if (reply.note) parts.push(el('p', { class: 'note' }, reply.note));
    parts.push(
      reply.people.length > 0
        ? el('ul', { class: 'people' }, reply.people.map(renderPerson))
        : el('p', {}, t('peopleNone')),
    );
    return parts;
  }

  function renderReply(reply) {
    switch (reply.kind) {
      case 'answer':
        return renderAnswer(reply);
      case 'people':
        return renderPeople(reply);
      case 'request':
        loadRequests();
        return [...paragraphs(reply.text), requestCard(reply.request, false)];
      case 'requests':
        return [
          el('p', { class: 'label' }, reply.heading),
          ...(reply.note ? paragraphs(reply.note, 'note') : []),
          reply.requests.length > 0
            ? el(
                'ul',
                { class: 'requests' },
                reply.requests.map((request) => requestCard(request, false)),
              )
            : el('p', {}, t('requestsEmpty')),
        ];
      case 'confirm-share': {
        const holder = el('p', {});
        holder.append(
          el(
            'button',
            {
              type: 'button',
              onclick: async () => {
                holder.replaceChildren(t('thinking'));
                const result = await api('POST', '/api/requests', { text: reply.request, language: reply.language });
                holder.replaceChildren(
                  result.ok
                    ? `${t('shareOpened')} ${result.data.request.title}`
                    : result.data.error || t('errorGeneric'),
                );
                if (result.ok) loadRequests();
              },
            },
            t('confirmShare'),
          ),
        );
        return [...paragraphs(reply.text), el('blockquote', {}, reply.request), holder];
      }
      case 'error':
        return paragraphs(reply.text, 'error');
      default:
        return paragraphs(reply.text || '');
    }
  }

  function addTurn(who, content, options = {}) {
    document.getElementById('conversation-empty')?.remove();
    const turn = el(
      'article',
      { class: `turn ${who}`, lang: options.lang },
      el('p', { class: 'speaker' }, who === 'user' ? t('you') : t('pont')),
      content,
    );
    conversation.append(turn);
    turn.scrollIntoView({ block: 'nearest' });
    return turn;
  }

  const canStream = typeof window.ReadableStream === 'function' && typeof window.TextDecoder === 'function';

  function errorReply(text) {
    return { kind: 'error', language: language(), text: text || t('errorGeneric') };
  }

  /**
   * Asks Pont and resolves to its reply. A model-written answer streams as newline-delimited JSON: `onText`
   * gets each piece as it arrives; the final reply, which may differ from the pieces, is what resolves.
   * Any other response (an error status, a browser without streams) is read whole, as before.
   */
  async function chatReply(text, onText) {
    if (!canStream) {
      const result = await api('POST', '/api/chat', { text, language: language() });
      return result.ok ? result.data.reply : errorReply(result.data.error);
    }
    let response;
    try {
      response = await fetch('/api/chat', {
        method: 'POST',
        headers: { Accept: 'application/x-ndjson, application/json;q=0.9', 'Content-Type': 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify({ text, language: language() }),
      });
    } catch (error) {
      console.error(error);
      return errorReply();
    }
    let final = null;
    const take = (line) => {
      if (line.trim() === '') return;
      let event;
      try {
        event = JSON.parse(line);
      } catch {
        return;
      }
      if (event.type === 'text' && typeof event.text === 'string') {
        onText(event.text);
      } else if (event.type === 'reply' && event.reply) {
        final = event.reply;
      } else if (event.type === 'error') {
        final = errorReply(event.error);
      }
    };
    const streamed = response.ok && (response.headers.get('content-type') || '').startsWith('application/x-ndjson');
    if (!streamed) {
      const data = await response.json().catch(() => ({}));
      return response.ok && data.reply ? data.reply : errorReply(data.error);
    }
    if (!response.body) {
      // NOTE: a browser that cannot read the body as it arrives still gets every event, at the end.
      const whole = await response.text().catch(() => '');
      whole.split('\n').forEach(take);
      return final || errorReply();
    }
    const reader = response.body.getReader();
    const decoder = new window.TextDecoder();
    let buffered = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        buffered += decoder.decode(value, { stream: !done });
        const lines = buffered.split('\n');
        buffered = lines.pop();
        lines.forEach(take);
        if (done) break;
      }
      take(buffered);
    } catch (error) {
      console.error(error);
    }
    return final || errorReply();
  }

  async function send(text) {
    if (text.trim() === '') {
      message.focus();
      return;
    }
    addTurn('user', el('p', {}, text));
    const thinking = el('p', { class: 'thinking' }, t('thinking'));
    const pending = addTurn('pont', thinking);
    // NOTE: busy while the answer is written, so screen readers hear the final reply once, not every piece.
    pending.setAttribute('aria-busy', 'true');
    // The answer as it is written: plain text, replaced by the rendered reply at the end.
    const provisional = el('p', { class: 'provisional' });
    const reply = await chatReply(text, (delta) => {
      if (!provisional.isConnected) thinking.replaceWith(provisional);
      provisional.textContent += delta;
    });
    pending.replaceChildren(el('p', { class: 'speaker' }, t('pont')), ...renderReply(reply));
    pending.setAttribute('lang', reply.language);
    pending.removeAttribute('aria-busy');
    pending.classList.add(`reply-${reply.kind}`);
  }

  chatForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = message.value;
    message.value = '';
    send(text);
    message.focus();
  });
  message.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      chatForm.requestSubmit();
    }
  });
  for (const button of document.querySelectorAll('button.example')) {
    button.addEventListener('click', () => {
      send(t(button.dataset.example));
      message.focus();
    });
  }

  // Sharing requests.
  function detail(label, value) {
    return value ? el('div', {}, el('dt', {}, label), el('dd', {}, value)) : '';
  }

  async function act(path, body, status) {
    status.className = 'form-message';
    status.textContent = t('thinking');
    const result = await api('POST', path, body || {});
    if (!result.ok) {
      status.className = 'form-message error';
      status.textContent = result.data.error || t('errorGeneric');
      return;
    }
    status.textContent = '';
    await loadRequests();
    // NOTE: the list is drawn anew, so the outcome is announced in the list's own status line.
    requestsMessage.className = 'form-message';
    requestsMessage.textContent = t('actionDone');
  }

  function requestCard(request, withActions) {
    const base = `/api/requests/${encodeURIComponent(request.id)}`;
    const headingId = `request-${request.id}-${(requestCounter += 1)}`;
    const status = el('p', { class: 'form-message', role: 'status' });
    const actions = el('div', { class: 'actions' });
    if (withActions) {
      // NOTE: the buttons are the core's list for this reader (`request.actions`), nothing more and nothing less.
      for (const control of window.Pont.requestControls(request.actions)) {
        if (control.kind === 'answer-form') {
          const answerId = `${headingId}-answer`;
          const consentId = `${headingId}-consent`;
          const text = el('textarea', { id: answerId, rows: 3, required: true });
          const consent = el('input', { id: consentId, type: 'checkbox' });
          actions.append(
            el(
              'form',
              {
                class: 'answer-form',
                onsubmit: (event) => {
                  event.preventDefault();
                  act(`${base}/${control.path}`, { text: text.value, consentToShare: consent.checked }, status);
                },
              },
              el('label', { for: answerId }, t('actionAnswerLabel')),
              text,
              el('p', { class: 'choice' }, consent, ' ', el('label', { for: consentId }, t('actionConsent'))),
              el('button', { type: 'submit' }, t(control.label)),
            ),
          );
        } else {
          actions.append(
            el(
              'button',
              {
                type: 'button',
                class: control.secondary ? 'secondary' : undefined,
                'data-action': control.action,
                onclick: () => act(`${base}/${control.path}`, control.body, status),
              },
              t(control.label),
            ),
          );
        }
      }
    }
    return el(
      'li',
      { class: 'request', 'aria-labelledby': headingId },
      el('h3', { id: headingId }, request.title),
      el(
        'dl',
        {},
        detail(t('requestStatus'), t('requestStatusNames')[request.status] || request.status),
        detail(t('requestFrom'), request.requesterEmail ?? t('memberOfStaff')),
        detail(t('requestSentTo'), request.routedTo.join(', ')),
        detail(t('requestClaimedBy'), request.claimedBy),
        detail(t('requestAnswer'), request.answer),
        detail(
          t('requestOpened'),
          new Date(request.createdAt).toLocaleDateString(language() === 'cy' ? 'cy-GB' : 'en-GB'),
        ),
      ),
      request.detail && request.detail !== request.title ? el('p', {}, request.detail) : '',
      actions,
      status,
    );
  }

  async function loadRequests() {
    if (!identity) {
      requestsList.replaceChildren();
      requestsMessage.textContent = t('needIdentity');
      return;
    }
    const result = await api('GET', '/api/requests');
    if (!result.ok) {
      requestsMessage.className = 'form-message error';
      requestsMessage.textContent = result.data.error || t('errorGeneric');
      return;
    }
    requestsMessage.className = 'form-message';
    requestsMessage.textContent = result.data.requests.length === 0 ? t('requestsEmpty') : '';
    requestsList.replaceChildren(...result.data.requests.map((request) => requestCard(request, true)));
  }

  shareForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = shareForm.elements.text;
    shareMessage.className = 'form-message';
    shareMessage.textContent = t('thinking');
    const target = Array.from(shareForm.querySelectorAll('input[name="target"]:checked'), (box) => box.value);
    if (target.length === 0) {
      shareMessage.className = 'form-message error';
      shareMessage.textContent = t('shareTargetNone');
      shareForm.querySelector('input[name="target"]').focus();
      return;
    }
    const button = shareForm.querySelector('button[type="submit"]');
    // NOTE: one key per typed request, so a double click or a retry cannot open it twice.
    shareForm.dataset.clientKey =
      shareForm.dataset.clientKey ||
      Array.from(window.crypto.getRandomValues(new Uint32Array(4)), (part) => part.toString(16)).join('');
    button.disabled = true;
    const result = await api('POST', '/api/requests', {
      text: text.value,
      target,
      language: language(),
      clientKey: `web:${shareForm.dataset.clientKey}`,
    });
    button.disabled = false;
    if (!result.ok) {
      shareMessage.className = 'form-message error';
      shareMessage.textContent = result.data.error || t('errorGeneric');
      text.setAttribute('aria-invalid', 'true');
      text.focus();
      return;
    }
    text.removeAttribute('aria-invalid');
    text.value = '';
    delete shareForm.dataset.clientKey;
    shareMessage.textContent = `${t('shareOpened')} ${result.data.request.title}`;
    await loadRequests();
  });
  document.getElementById('requests-refresh').addEventListener('click', loadRequests);

  onLanguage(() => {
    // Messages about earlier actions were written in the other language; the lists are drawn anew.
    identityMessage.textContent = '';
    shareMessage.textContent = '';
    renderIdentity();
    renderShareTargets(true);
    loadRequests();
  });
  renderIdentity();
  loadRequests();
})();
