// The controls a sharing request shows its reader: exactly the actions the server's API lists in
// `request.actions` (the core decides them), in that order. Nothing here decides who may do what.
(function () {
  'use strict';

  /**
   * One control per action: `path` is the API step under /api/requests/:id/, `body` what it is sent with; the
   * answer is a form of its own. Rating gives two buttons, one for each answer.
   */
  function requestControls(actions) {
    const controls = [];
    for (const action of actions || []) {
      if (action === 'claim') controls.push({ action, kind: 'button', label: 'actionClaim', path: 'claim' });
      else if (action === 'decline')
        controls.push({ action, kind: 'button', label: 'actionDecline', path: 'decline', secondary: true });
      else if (action === 'answer')
        controls.push({ action, kind: 'answer-form', label: 'actionAnswer', path: 'answer' });
      else if (action === 'markHelpful') {
        controls.push({
          action,
          kind: 'button',
          label: 'actionHelpful',
          path: 'helpful',
          body: { helpful: true },
          secondary: true,
        });
        controls.push({
          action,
          kind: 'button',
          label: 'actionNotHelpful',
          path: 'helpful',
          body: { helpful: false },
          secondary: true,
        });
      } else if (action === 'close') controls.push({ action, kind: 'button', label: 'actionClose', path: 'close' });
      else if (action === 'cancel')
        controls.push({ action, kind: 'button', label: 'actionCancel', path: 'cancel', secondary: true });
    }
    return controls;
  }

  window.Pont = Object.assign(window.Pont || {}, { requestControls });
})();
