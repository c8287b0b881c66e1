// Activation Hub admin console: plain JavaScript over the admin JSON API (HTTP Basic).
// Every piece of data is written with text nodes (append / textContent), never parsed as HTML.
'use strict';

(function () {
  const KEY = 'activation-hub.auth';
  const SVG = 'http://www.w3.org/2000/svg';
  const $ = (id) => document.getElementById(id);

  // ---- credentials: typed in the sign-in form, or handed over in the fragment (#user:password) then removed ----------
  function base64Utf8(text) {
    const bytes = new TextEncoder().encode(text);
    let binary = '';
    bytes.forEach((b) => { binary += String.fromCharCode(b); });
    return btoa(binary);
  }

  function takeFragmentCredentials() {
    const hash = window.location.hash.slice(1);
    const colon = hash.indexOf(':');
    if (colon <= 0) {
      return;
    }
    try {
      const user = decodeURIComponent(hash.slice(0, colon));
      const password = decodeURIComponent(hash.slice(colon + 1));
      sessionStorage.setItem(KEY, JSON.stringify({ user: user, auth: base64Utf8(user + ':' + password) }));
    } finally {
      history.replaceState(null, '', window.location.pathname + window.location.search);
    }
  }

  function account() {
    try {
      return JSON.parse(sessionStorage.getItem(KEY));
    } catch (e) {
      return null;
    }
  }

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  async function api(path, options) {
    const who = account();
    // X-Requested-With: the hub answers 401 without WWW-Authenticate, so the browser shows no password dialog of its own
    const headers = { 'Accept': 'application/json', 'X-Requested-With': 'XMLHttpRequest' };
    if (who) {
      headers['Authorization'] = 'Basic ' + who.auth;
    }
    const init = Object.assign({ method: 'GET', headers: headers, credentials: 'omit', cache: 'no-store' }, options || {});
    if (init.body !== undefined && typeof init.body !== 'string') {
      init.body = JSON.stringify(init.body);
      headers['Content-Type'] = 'application/json';
    }
    const response = await fetch(path, init);
    const text = await response.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch (e) {
      data = text;
    }
    if (!response.ok) {
      const message = data && data.message ? data.message
        : response.status === 401 ? 'wrong user or password'
          : response.status === 403 ? 'your role may not do this' : 'HTTP ' + response.status;
      throw new ApiError(response.status, message);
    }
    return data;
  }

  // ---- DOM helpers (text only) ---------------------------------------------------------------------------------------
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (v === undefined || v === null || v === false) {
        return;
      }
      if (k === 'class') {
        e.className = v;
      } else if (k.startsWith('on')) {
        e.addEventListener(k.slice(2), v);
      } else if (k.startsWith('data-')) {
        e.setAttribute(k, String(v));
      } else {
        e.setAttribute(k, v === true ? '' : String(v));
      }
    });
    children.flat().forEach((c) => e.append(c instanceof Node ? c : String(c === undefined || c === null ? '' : c)));
    return e;
  }

  const num = (v) => el('td', { class: 'num' }, v === undefined || v === null ? '' : Number(v).toLocaleString());
  const when = (iso) => (iso ? new Date(iso).toLocaleString() : '');
  function badge(text) {
    const t = String(text || '');
    const kind = /^(SUCCEEDED|LOADED|Started|COMPLETED|NORMAL|active)$/.test(t) ? 'ok'
      : /^(FAILED|ERROR|INTERRUPTED|Stopped|refused)$/.test(t) ? 'bad' : /PAUSED|RUNNING|RATE_LIMITED|paused/.test(t) ? 'warn' : '';
    return el('span', { class: 'badge ' + kind }, t);
  }
  function duration(run) {
    if (!run || !run.startedAt) {
      return '';
    }
    const end = run.endedAt ? new Date(run.endedAt) : new Date();
    const s = Math.max(0, (end - new Date(run.startedAt)) / 1000);
    const text = s < 60 ? s.toFixed(1) + ' s' : Math.floor(s / 60) + ' min ' + Math.round(s % 60) + ' s';
    return run.endedAt ? text : 'running for ' + text
        + (run.progressRows ? ', ' + Number(run.progressRows).toLocaleString() + ' lines read' : '');
  }
  function fill(tableId, rows) {
    const body = $(tableId).querySelector('tbody');
    body.replaceChildren(...rows);
  }
  function status(id, text, isError) {
    const p = $(id);
    p.textContent = text;
    p.className = isError ? 'status error' : 'status';
  }

  // ---- schedules (feeds and audiences share them) ------------------------------------------------------------------
  function scheduleCells(kind, id, schedule, statusId, reload) {
    if (!schedule) {
      return [el('td', {}, el('span', { class: 'hint' }, 'no schedule (streamed)')), el('td', {})];
    }
    const input = el('input', { class: 'cron', value: schedule.cron || '', 'aria-label': 'cron of ' + id });
    const act = async (method, path, body, done) => {
      try {
        await api('/api/' + kind + '/' + encodeURIComponent(id) + path, { method: method, body: body });
        status(statusId, done);
        reload();
      } catch (e) {
        status(statusId, id + ': ' + e.message, true);
      }
    };
    const cell = el('td', {}, input,
      el('button', { type: 'button', onclick: () => act('PUT', '/schedule', { cron: input.value }, id + ': schedule saved') }, 'Save'),
      schedule.paused
        ? el('button', { type: 'button', onclick: () => act('POST', '/schedule/resume', undefined, id + ': resumed') }, 'Resume')
        : el('button', { type: 'button', onclick: () => act('POST', '/schedule/pause', undefined, id + ': paused') }, 'Pause'),
      ' ', badge(schedule.paused ? 'paused' : 'active'));
    const next = el('td', {}, schedule.paused ? '' : when(schedule.nextFireAt));
    return [cell, next];
  }

  async function schedulesById() {
    try {
      const all = await api('/api/schedules');
      const out = {};
      all.forEach((s) => { out[s.kind + ':' + s.id] = s; });
      return out;
    } catch (e) {
      return {};
    }
  }

  function runNowButton(kind, id, statusId, reload) {
    return el('button', {
      type: 'button',
      onclick: async () => {
        try {
          await api('/api/' + kind + '/' + encodeURIComponent(id) + '/run', { method: 'POST' });
          status(statusId, id + ': started');
          setTimeout(reload, 2000);
        } catch (e) {
          status(statusId, id + ': ' + e.message, true);
        }
      }
    }, 'Run now');
  }

  // ---- sections -------------------------------------------------------------------------------------------------------
  async function loadFeeds() {
    const [feeds, schedules] = await Promise.all([api('/api/feeds'), schedulesById()]);
    fill('feeds-table', feeds.map((f) => {
      const run = f.lastRun;
      const schedule = schedules['feed:' + f.id];
      return el('tr', { 'data-feed': f.id },
        el('td', {}, f.id), el('td', {}, f.kind || ''),
        ...scheduleCells('feeds', f.id, schedule, 'feeds-status', loadFeedsQuietly),
        el('td', {}, run ? when(run.startedAt) : 'never'), el('td', {}, run ? badge(run.status) : ''),
        num(run && run.read), num(run && run.accepted), num(run && run.rejected), num(run && run.duplicate),
        el('td', {}, duration(run)), num(f.runCount),
        el('td', {}, schedule ? runNowButton('feeds', f.id, 'feeds-status', loadFeedsQuietly) : ''));
    }));
    status('feeds-status', feeds.length + ' feeds');
  }
  const loadFeedsQuietly = () => guard('feeds-status', loadFeeds);

  async function loadRoutes() {
    const data = await api('/api/routes');
    fill('route-files-table', (data.files || []).map((f) => el('tr', { 'data-file': f.file },
      el('td', {}, f.file), el('td', {}, badge(f.status)), el('td', {}, (f.routeIds || []).join(', ')),
      el('td', { class: 'error' }, f.error || ''), el('td', {}, when(f.checkedAt)))));
    fill('routes-table', (data.routes || []).map((r) => el('tr', { 'data-route': r.id },
      el('td', {}, r.id), el('td', {}, badge(r.status)), el('td', {}, r.from || ''), el('td', {}, r.file || ''),
      el('td', {}, r.description || ''))));
    const broken = (data.files || []).filter((f) => f.status !== 'LOADED').length;
    status('routes-status', (data.routes || []).length + ' routes from ' + data.directory
      + (broken ? '; ' + broken + ' route file(s) refused, see the error' : ''), broken > 0);
  }

  async function loadDeadLetters() {
    const letters = await api('/api/dead-letters?limit=50');
    fill('dead-letters-table', letters.map((d) => el('tr', {},
      el('td', {}, when(d.at)), el('td', {}, d.reason || ''), el('td', {}, d.sourceRoute || ''),
      el('td', {}, d.sourceTopic || ''), el('td', {}, d.partition + '/' + d.offset),
      el('td', {}, d.body === null ? el('span', { class: 'hint' }, d.bodyBytes + ' bytes (admins only)')
        : el('pre', { class: 'body' }, d.body)),
      el('td', {}, d.sourceTopic ? el('button', {
        type: 'button',
        onclick: async () => {
          try {
            const r = await api('/api/dead-letters/' + d.partition + '/' + d.offset + '/replay', { method: 'POST' });
            status('dead-letters-status', 'replayed to ' + r.topic + ' (partition ' + r.partition + ', offset ' + r.offset + ')');
          } catch (e) {
            status('dead-letters-status', e.message, true);
          }
        }
      }, 'Replay') : ''))));
    status('dead-letters-status', letters.length ? letters.length + ' latest dead letters' : 'no dead letter');
  }

  async function preview(id) {
    const box = $('audience-preview');
    box.replaceChildren(el('p', { class: 'status' }, 'Preview of ' + id + '…'));
    try {
      const data = await api('/api/audiences/' + encodeURIComponent(id) + '/preview');
      box.replaceChildren(el('h3', {}, 'Preview of ' + id), el('pre', { class: 'body' }, JSON.stringify(data, null, 2)));
    } catch (e) {
      box.replaceChildren(el('p', { class: 'status' }, e.status === 404 || e.status === 405
        ? 'Preview is not available on this hub.' : 'Preview of ' + id + ': ' + e.message));
    }
  }

  async function loadAudiences() {
    const [data, schedules] = await Promise.all([api('/api/audiences'), schedulesById()]);
    fill('audiences-table', (data.audiences || []).map((a) => el('tr', { 'data-audience': a.id },
      el('td', {}, a.id), el('td', {}, a.name || ''), el('td', {}, a.channel || ''), el('td', {}, a.trigger || ''),
      ...scheduleCells('audiences', a.id, schedules['audience:' + a.id], 'audiences-status', () => guard('audiences-status', loadAudiences)),
      el('td', {}, el('button', { type: 'button', onclick: () => preview(a.id) }, 'Preview'),
        runNowButton('audiences', a.id, 'audiences-status', () => guard('campaigns-status', loadCampaigns))))));
    fill('audience-files-table', (data.files || []).map((f) => el('tr', {},
      el('td', {}, f.file), el('td', {}, f.audienceId || ''), el('td', { class: 'error' }, f.error || ''))));
    status('audiences-status', (data.audiences || []).length + ' audiences');
  }

  async function loadQuality() {
    const rows = await api('/api/feeds/quality?lastRuns=10');
    const outcomes = [...new Set(rows.map((r) => r.outcome))].sort();
    const pivot = new Map();
    rows.forEach((r) => {
      const key = r.feed + '\u0000' + r.field;
      if (!pivot.has(key)) {
        pivot.set(key, { feed: r.feed, field: r.field });
      }
      pivot.get(key)[r.outcome] = r.count;
    });
    $('quality-table').querySelector('thead').replaceChildren(
      el('tr', {}, el('th', {}, 'Source'), el('th', {}, 'Field'), ...outcomes.map((o) => el('th', {}, o))));
    fill('quality-table', [...pivot.values()].map((p) => el('tr', {},
      el('td', {}, p.feed), el('td', {}, p.field), ...outcomes.map((o) => num(p[o] || 0)))));
    status('quality-status', rows.length ? 'corrections, flags and rejections per source and field' : 'no data-quality count yet');
  }

  function chart(activations) {
    const items = activations.filter((a) => !a.dryRun).slice(0, 12).reverse();
    const box = $('campaign-chart');
    if (!items.length) {
      box.replaceChildren();
      return;
    }
    const series = [['sent', '#2e7d32'], ['failed', '#c62828'], ['excluded', '#9e9e9e']];
    const max = Math.max(1, ...items.map((a) => Math.max(a.members || 0, a.sent || 0, a.failed || 0, a.excluded || 0)));
    const groupWidth = 54;
    const width = 40 + items.length * groupWidth;
    const height = 190;
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('width', String(width + 120));
    svg.setAttribute('height', String(height));
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', 'messages sent, failed and excluded per activation');
    const add = (tag, attrs, text) => {
      const n = document.createElementNS(SVG, tag);
      Object.entries(attrs).forEach(([k, v]) => n.setAttribute(k, String(v)));
      if (text !== undefined) {
        n.textContent = text;
      }
      svg.appendChild(n);
      return n;
    };
    const base = height - 30;
    add('line', { x1: 30, y1: base, x2: width, y2: base, stroke: '#999' });
    add('text', { x: 0, y: 15 }, String(max));
    add('text', { x: 0, y: base }, '0');
    items.forEach((a, i) => {
      series.forEach(([key, color], j) => {
        const h = Math.round(((a[key] || 0) / max) * (base - 20));
        const bar = add('rect', { x: 36 + i * groupWidth + j * 14, y: base - h, width: 12, height: h, fill: color });
        const title = document.createElementNS(SVG, 'title');
        title.textContent = '#' + a.id + ' ' + a.audienceId + ': ' + (a[key] || 0) + ' ' + key;
        bar.appendChild(title);
      });
      add('text', { x: 36 + i * groupWidth, y: base + 14 }, '#' + a.id);
    });
    series.forEach(([key, color], j) => {
      add('rect', { x: width + 10, y: 10 + j * 18, width: 12, height: 12, fill: color });
      add('text', { x: width + 28, y: 20 + j * 18 }, key);
    });
    box.replaceChildren(svg);
  }

  async function loadCampaigns() {
    const activations = await api('/api/activations?limit=50');
    chart(activations);
    fill('activations-table', activations.map((a) => el('tr', {},
      num(a.id), el('td', {}, a.audienceId), el('td', {}, a.channel || ''), el('td', {}, a.trigger + (a.dryRun ? ' (dry run)' : '')),
      el('td', {}, when(a.startedAt)), el('td', {}, badge(a.status)), num(a.members), num(a.queued), num(a.sent),
      num(a.failed), num(a.excluded))));
    const sent = activations.reduce((s, a) => s + (a.sent || 0), 0);
    const failed = activations.reduce((s, a) => s + (a.failed || 0), 0);
    status('campaigns-status', activations.length + ' activations; ' + sent + ' sent, ' + failed + ' failed'
      + (sent + failed ? ' (' + Math.round((100 * sent) / (sent + failed)) + '% delivered)' : ''));
  }

  async function guard(statusId, load) {
    try {
      await load();
    } catch (e) {
      if (e.status === 401) {
        signOut('Your session is no longer accepted: sign in again.');
        return;
      }
      status(statusId, e.status === 404 ? 'not available on this hub' : e.message, true);
    }
  }

  async function loadAll() {
    await Promise.all([
      guard('feeds-status', loadFeeds), guard('routes-status', loadRoutes), guard('dead-letters-status', loadDeadLetters),
      guard('audiences-status', loadAudiences), guard('quality-status', loadQuality), guard('campaigns-status', loadCampaigns)]);
    document.body.setAttribute('data-loaded', 'true');
  }

  // ---- sign in / out -------------------------------------------------------------------------------------------------
  function showConsole() {
    const who = account();
    $('login').hidden = true;
    $('console').hidden = false;
    $('logout').hidden = false;
    $('refresh').hidden = false;
    $('who').textContent = who ? 'signed in as ' + who.user : '';
    loadAll();
  }

  function signOut(message) {
    sessionStorage.removeItem(KEY);
    $('console').hidden = true;
    $('logout').hidden = true;
    $('refresh').hidden = true;
    $('who').textContent = '';
    $('login').hidden = false;
    $('login-error').textContent = message || '';
    document.body.setAttribute('data-loaded', 'true');
  }

  document.addEventListener('DOMContentLoaded', async () => {
    takeFragmentCredentials();
    $('logout').addEventListener('click', () => signOut(''));
    $('refresh').addEventListener('click', () => loadAll());
    $('login-form').addEventListener('submit', async (event) => {
      event.preventDefault();
      const form = event.target;
      const user = form.elements.user.value;
      sessionStorage.setItem(KEY, JSON.stringify({ user: user, auth: base64Utf8(user + ':' + form.elements.password.value) }));
      form.elements.password.value = '';
      try {
        await api('/api/status');
        showConsole();
      } catch (e) {
        signOut(e.message);
      }
    });
    if (account()) {
      try {
        await api('/api/status');
        showConsole();
      } catch (e) {
        signOut(e.message);
      }
    } else {
      signOut('');
    }
  });
})();
