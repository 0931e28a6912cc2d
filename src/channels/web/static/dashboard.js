/* global Chart */
// The dashboard: fetches the figures, fills the summary, and draws each chart with its table.
(function () {
  'use strict';
  const { t, el, api, language, onLanguage } = window.Pont;
  const palette = ['#1d5e8c', '#b3261e', '#2e7d32', '#6a3d9a', '#8a5a00'];
  const drawn = new Map();
  const status = document.getElementById('dashboard-status');

  function formatNumber(value) {
    return value === null || value === undefined
      ? t('notAvailable')
      : new Intl.NumberFormat(language() === 'cy' ? 'cy-GB' : 'en-GB').format(value);
  }

  /**
   * A table with a hidden caption, a header row and one row a line, whose first cell heads the row; `cell` makes every
   * other cell from its value and column, and `rowAttributes` gives a row's attributes.
   */
  function dataTable(table, cell, attributes = {}, rowAttributes = () => ({})) {
    return el(
      'table',
      attributes,
      el('caption', { class: 'visually-hidden' }, table.title),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          table.columns.map((column) => el('th', { scope: 'col' }, column)),
        ),
      ),
      el(
        'tbody',
        {},
        table.rows.map((row) =>
          el(
            'tr',
            rowAttributes(row),
            row.map((value, index) => (index === 0 ? el('th', { scope: 'row' }, value) : cell(value, index))),
          ),
        ),
      ),
    );
  }

  /** A number in the reader's own format (or "not available"); any other value as it is. */
  const plain = (value) => (typeof value === 'number' || value === null ? formatNumber(value) : value);

  function renderTable(chart) {
    const holder = document.getElementById(`table-${chart.name}`);
    if (chart.rows.length === 0) {
      holder.replaceChildren(el('p', {}, t('noData')));
      return;
    }
    holder.replaceChildren(dataTable(chart, (value) => el('td', {}, plain(value))));
  }

  /** An ISO time in the reader's own format; any other text as it is. */
  function when(cell) {
    return typeof cell === 'string' && /^\d{4}-\d\d-\d\dT/.test(cell)
      ? new Date(cell).toLocaleString(language() === 'cy' ? 'cy-GB' : 'en-GB')
      : cell;
  }

  // The last directory sync of each council.
  function renderDirectorySync(table) {
    document
      .getElementById('directory-sync')
      .replaceChildren(dataTable(table, (value, index) => el('td', {}, index === 1 ? when(value) : plain(value))));
  }

  // The sources kept in sync: the address is a link, and times are shown in the reader's own format.
  function renderSources(table) {
    const holder = document.getElementById('sources');
    if (table.rows.length === 0) {
      holder.replaceChildren(el('p', {}, t('sourcesNone')));
      return;
    }
    const timeColumns = [5, 8];
    const cell = (value, index) => {
      if (index === 2) return el('td', {}, el('a', { href: value, rel: 'noopener noreferrer' }, value));
      if (timeColumns.includes(index)) return el('td', {}, when(value));
      return el('td', {}, typeof value === 'number' ? formatNumber(value) : value);
    };
    holder.replaceChildren(dataTable(table, cell, { class: 'sources-table' }, (row) => ({ 'data-source': row[0] })));
  }

  function draw(chart) {
    const canvas = document.getElementById(`chart-${chart.name}`);
    drawn.get(chart.name)?.destroy();
    // NOTE: long questions are shortened on the chart only; the table and the CSV keep them whole.
    const labels = chart.rows.map((row) => {
      const label = row.slice(0, chart.labelColumns).join(' → ');
      return label.length > 45 ? label.slice(0, 44) + '…' : label;
    });
    const counts = chart.name !== 'response-times';
    const datasets = chart.columns.slice(chart.labelColumns).map((column, index) => ({
      label: column,
      data: chart.rows.map((row) => row[chart.labelColumns + index]),
      borderColor: palette[index % palette.length],
      backgroundColor: palette[index % palette.length],
      borderWidth: 2,
      tension: 0.2,
    }));
    canvas.setAttribute('aria-label', `${chart.title}. ${t('showTable')}.`);
    const instance = new Chart(canvas, {
      type: chart.type === 'line' ? 'line' : 'bar',
      data: { labels, datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: chart.type === 'horizontal-bar' ? 'y' : 'x',
        plugins: { legend: { display: datasets.length > 1, labels: { color: '#1b1b1b' } } },
        scales: {
          x: { ticks: { color: '#1b1b1b', precision: counts ? 0 : undefined }, beginAtZero: true },
          y: { ticks: { color: '#1b1b1b', precision: counts ? 0 : undefined }, beginAtZero: true },
        },
      },
    });
    drawn.set(chart.name, instance);
  }

  async function load() {
    status.textContent = t('loading');
    const result = await api('GET', '/dashboard/data.json');
    if (!result.ok) {
      status.textContent = result.data.error || t('errorGeneric');
      return;
    }
    const data = result.data;
    document
      .getElementById('summary')
      .replaceChildren(
        ...data.summary.map((item) =>
          el(
            'div',
            {},
            el('dt', {}, t(item.key)),
            el('dd', { class: item.value === null ? 'unknown' : undefined }, formatNumber(item.value)),
          ),
        ),
      );
    for (const chart of data.charts) {
      const section = document.querySelector(`[data-chart="${chart.name}"]`);
      section.classList.toggle('empty', chart.rows.length === 0);
      const box = section.querySelector('.chart-box');
      box.querySelector('.no-data')?.remove();
      if (chart.rows.length === 0) box.append(el('p', { class: 'no-data' }, t('noData')));
      renderTable(chart);
      draw(chart);
    }
    renderDirectorySync(data.directorySync);
    renderSources(data.sources);
    status.textContent = '';
    document.body.dataset.dashboard = 'ready';
  }

  onLanguage(load);
  load();
})();
