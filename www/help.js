// The help page: runs the checks and the status fetches, explains pasted messages, analyses a
// dropped HAR in a worker, and (with consent) shows what the chatmedic extension saw.

import { engine } from './lib/engine.js';
import { el, loadI18n, pickLang } from './lib/i18n.js';
import { renderReport, saveBlob } from './lib/report-view.js';
import { CHECKS, SERVICES, runChecks, runStatus } from './lib/checks.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const BASE = new URL('./', import.meta.url);

const state = {
  cm: null,
  i18n: null,
  config: null,
  checks: new Map(), // check -> {results, observations}
  statuses: new Map(), // service -> fetchStatus result
  reports: new Map(), // container id -> {report, source, name}
  checksDone: false,
  statusDone: false,
  worker: null,
  harFile: null,
  timings: {},
};
// The benchmark and the tests read these.
window.chatmedic = state;

function storedLang() {
  try {
    return localStorage.getItem('chatmedic.lang');
  } catch {
    return null;
  }
}

function storeLang(lang) {
  try {
    localStorage.setItem('chatmedic.lang', lang);
  } catch {
    // storage blocked: the choice lasts for this visit only
  }
}

async function loadConfig() {
  const defaults = { websocketUrl: null, thirdPartyOrigin: null, clockUrl: './config.json', baitUrl: null, extensionIds: [] };
  try {
    const r = await fetch(new URL('config.json', BASE), { cache: 'no-store' });
    if (r.ok) return { ...defaults, ...(await r.json()) };
  } catch {
    // no config: the defaults test what a static page can
  }
  return defaults;
}

/** A test-only override (status or probe base URL): honoured on loopback addresses only. */
function override(name) {
  const v = params.get(name);
  return v && state.cm.isLoopbackBase(v) ? v.replace(/\/+$/, '') : null;
}

async function main() {
  $('needs-js').hidden = true;
  const lang = pickLang(params.get('lang') || storedLang());
  let cm;
  try {
    [cm, state.i18n, state.config] = await Promise.all([engine(), loadI18n(lang, BASE), loadConfig()]);
  } catch (e) {
    $('needs-js').hidden = false;
    $('needs-js').textContent = `chatmedic could not start: ${e.message || e}`;
    return;
  }
  state.cm = cm;
  state.timings.engineReady = performance.now();
  setLang(lang, false);
  wirePaste();
  wireHar();
  wireExtension();
  $('lang').addEventListener('change', (e) => switchLang(e.target.value));
  $('rerun').addEventListener('click', () => start());
  start();
}

function setLang(lang, persist) {
  document.documentElement.lang = lang;
  $('lang').value = lang;
  state.i18n.apply(document);
  if (persist) storeLang(lang);
}

async function switchLang(lang) {
  state.i18n = await loadI18n(lang, BASE);
  setLang(lang, true);
  renderChecks();
  renderStatuses();
  for (const [id, entry] of state.reports) {
    entry.report = state.cm.render(entry.report, lang);
    showReport(id, entry);
  }
  const summary = state.reports.get('summary-report');
  if (summary) serviceTroubleNote(summary.report);
  if (state.harDone) harDoneText();
}

/** Runs (or re-runs) every check and status fetch. */
async function start() {
  state.checks.clear();
  state.statuses.clear();
  state.checksDone = state.statusDone = false;
  document.body.dataset.checks = 'running';
  document.body.dataset.status = 'running';
  $('summary').setAttribute('aria-busy', 'true');
  $('summary-state').textContent = state.i18n.t('web_summary_running');
  $('rerun').disabled = true;
  renderChecks();
  renderStatuses();
  const started = performance.now();
  const checks = runChecks(
    state.cm,
    state.config,
    (check, output) => {
      if (state.timings.firstCheck === undefined) {
        state.timings.firstCheck = performance.now();
        performance.mark('chatmedic:first-check');
      }
      state.checks.set(check, output);
      renderChecks();
      scheduleSummary();
    },
    { probeBase: override('probeBase') },
  ).then(() => {
    state.checksDone = true;
    document.body.dataset.checks = 'done';
  });
  const statuses = runStatus(
    state.cm,
    (result) => {
      state.statuses.set(result.service, result);
      renderStatuses();
      scheduleSummary();
    },
    { statusBase: override('statusBase') },
  ).then(() => {
    state.statusDone = true;
    document.body.dataset.status = 'done';
  });
  await Promise.all([checks, statuses]);
  state.timings.allDone = performance.now();
  $('rerun').disabled = false;
  updateSummary();
  $('summary').setAttribute('aria-busy', 'false');
  const seconds = state.i18n.number((performance.now() - started) / 1000, 1);
  $('summary-state').textContent = state.i18n.t('web_summary_done', { seconds });
  (window.requestIdleCallback || setTimeout)(() => warmWorker());
}

let summaryTimer = 0;
function scheduleSummary() {
  clearTimeout(summaryTimer);
  summaryTimer = setTimeout(updateSummary, 80);
}

/** The engine's diagnosis of everything the checks and status pages observed. */
function updateSummary() {
  const observations = [];
  for (const out of state.checks.values()) observations.push(...out.observations);
  for (const s of state.statuses.values()) if (s.observation) observations.push(s.observation);
  const report = state.cm.diagnose(observations, state.i18n.lang);
  const entry = { report, source: 'web_report_from_checks', name: 'checks' };
  state.reports.set('summary-report', entry);
  showReport('summary-report', entry);
  document.body.dataset.verdict = report.verdict;
  serviceTroubleNote(report);
}

/** Nothing failed here, yet a status page reports trouble: say so under the verdict. */
function serviceTroubleNote(report) {
  if (report.verdict !== 'all_clear') return;
  const troubled = SERVICES.filter(([id]) => {
    const o = state.statuses.get(id)?.observation;
    return o && ['minor', 'major', 'critical', 'maintenance'].includes(o.indicator);
  }).map(([, name]) => name);
  if (!troubled.length) return;
  const verdict = $('summary-report').querySelector('.verdict');
  verdict?.after(el('p', { class: 'trouble', 'data-note': 'service-trouble', text: state.i18n.t('web_summary_service_trouble', { services: troubled.join(', ') }) }));
}

function showReport(id, entry) {
  renderReport($(id), entry.report, state.i18n, { source: entry.source, engine: state.cm, name: entry.name });
}

// Checks.

const GLYPH = { pass: '✓', problem: '!', untested: '–', pending: '…' };

function outcomeOf(results) {
  if (!results.length) return 'pending';
  if (results.some((r) => r.outcome === 'problem')) return 'problem';
  if (results.every((r) => r.outcome === 'untested')) return 'untested';
  return 'pass';
}

function sentenceParams(r) {
  const v = r.value ?? '';
  const seconds = v !== '' && !Number.isNaN(Number(v)) ? Math.abs(Number(v)) : v;
  return { ms: r.ms ?? '', value: v, code: v, seconds, browser: v };
}

function renderChecks() {
  const { i18n } = state;
  const list = $('check-list');
  const rows = [];
  for (const check of CHECKS) {
    const out = state.checks.get(check);
    const results = out ? out.results : [];
    const outcome = outcomeOf(results);
    const li = el('li', { class: 'check', 'data-check': check, 'data-outcome': outcome });
    li.append(el('span', { class: `badge ${outcome}`, 'aria-hidden': 'true', text: GLYPH[outcome] }));
    const title = el('div', { class: 'check-title' });
    title.append(el('span', { text: i18n.t(`web_check_${check}`) }));
    title.append(el('span', { class: `outcome ${outcome}`, text: i18n.t(`web_outcome_${outcome}`) }));
    li.append(title);
    if (!out) {
      li.append(el('p', { class: 'check-text muted', text: i18n.t('web_check_pending') }));
    } else if (check === 'reach') {
      li.append(el('p', { class: 'check-text', text: reachSentence(results) }));
      const hosts = el('ul', { class: 'hosts', 'aria-label': i18n.t('web_check_reach_hosts') });
      for (const r of results) {
        const line = el('li', { 'data-host': r.target, 'data-reason': r.reason });
        line.append(el('span', { class: 'host', text: r.target }));
        line.append(el('span', { class: r.outcome, text: i18n.t(`web_reach_${r.reason}`, { ms: r.ms ?? '' }) }));
        hosts.append(line);
      }
      li.append(hosts);
    } else {
      const r = results[0];
      li.append(el('p', { class: 'check-text', 'data-reason': r.reason, text: i18n.t(`web_check_${check}_${r.reason}`, sentenceParams(r)) }));
    }
    rows.push(li);
  }
  list.replaceChildren(...rows);
}

/** The reach check in words: one sentence per kind of failure, naming its hosts. */
function reachSentence(results) {
  const { i18n } = state;
  const sentences = [];
  for (const reason of ['blocked', 'timeout', 'failed', 'isolated', 'offline', 'unknown']) {
    const hosts = results.filter((r) => r.reason === reason).map((r) => r.target);
    if (hosts.length) sentences.push(i18n.t(`web_check_reach_${reason}`, { hosts: hosts.join(', '), n: hosts.length }));
  }
  if (sentences.length) return sentences.join(' ');
  const times = results.map((r) => r.ms).filter((m) => typeof m === 'number');
  const slowest = times.length ? Math.max(...times) : 0;
  return i18n.t('web_check_reach_ok', { n: results.length, ms: slowest });
}

// Status.

function statusClass(s) {
  if (!s) return 'loading';
  if (s.state === 'link_only') return 'link_only';
  if (s.state === 'unreachable' || !s.observation) return 'unreachable';
  return s.observation.indicator;
}

function renderStatuses() {
  const { i18n } = state;
  const focus = params.get('service');
  const items = [];
  for (const [id, name] of SERVICES) {
    const s = state.statuses.get(id);
    const cls = statusClass(s);
    const li = el('li', { class: `status-item${focus === id ? ' focus' : ''}`, 'data-service': id, 'data-state': cls });
    li.append(el('span', { class: `light ${cls}`, 'aria-hidden': 'true' }));
    const head = el('div', { class: 'status-head' });
    head.append(el('span', { class: 'status-name', text: name }));
    head.append(el('span', { class: `status-label ${cls}`, text: i18n.t(`web_status_${cls}`) }));
    li.append(head);
    const o = s && s.observation;
    if (o) {
      const events = el('ul', { class: 'status-events' });
      for (const inc of o.incidents || []) events.append(eventItem('web_status_incident', inc));
      for (const m of o.maintenances || []) events.append(eventItem('web_status_maintenance_item', m));
      const down = (o.components || []).filter((c) => c.status !== 'operational').map((c) => c.name);
      if (down.length) events.append(el('li', { text: i18n.t('web_status_components', { components: down.join(', ') }) }));
      if (events.childElementCount) li.append(events);
    }
    const pageUrl = (o && o.pageUrl) || (s && s.pageUrl);
    if (pageUrl && /^https?:\/\//.test(pageUrl)) {
      li.append(
        el('a', { class: 'status-link', href: pageUrl, target: '_blank', rel: 'noopener noreferrer', text: i18n.t('web_status_open') }),
      );
    }
    items.push(li);
  }
  $('status-list').replaceChildren(...items);
}

function eventItem(kindKey, e) {
  const li = el('li');
  li.append(el('strong', { text: `${state.i18n.t(kindKey)}: ` }));
  if (e.url && /^https?:\/\//.test(e.url)) {
    li.append(el('a', { href: e.url, target: '_blank', rel: 'noopener noreferrer', text: e.name }));
  } else {
    li.append(e.name);
  }
  return li;
}

// Paste.

function wirePaste() {
  $('paste-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const text = $('paste-text').value.trim();
    const note = $('paste-note');
    if (!text) {
      note.textContent = state.i18n.t('web_paste_empty');
      $('paste-report').replaceChildren();
      state.reports.delete('paste-report');
      return;
    }
    note.textContent = '';
    const report = state.cm.explain(text, state.i18n.lang);
    const entry = { report, source: 'web_report_from_text', name: 'message' };
    state.reports.set('paste-report', entry);
    showReport('paste-report', entry);
  });
}

// HAR.

function newWorker() {
  if (state.worker) state.worker.terminate();
  state.worker = new Worker(new URL('./har-worker.js', import.meta.url), { type: 'module' });
  state.workerUsed = false;
  state.worker.onmessage = onWorker;
  state.worker.onerror = (e) => harError(e.message || 'worker error');
  return state.worker;
}

/** Starts the HAR worker (module and wasm compiled) while the visitor reads, so a dropped file
 *  is read at once. */
function warmWorker() {
  if (state.worker) return;
  newWorker().postMessage({ type: 'warm' });
}

/** The warm worker for a new file, or a fresh one: wasm memory never shrinks, so each file
 *  gets a worker of its own. */
function freshWorker() {
  if (state.worker && !state.workerUsed) {
    state.workerUsed = true;
    return state.worker;
  }
  const w = newWorker();
  state.workerUsed = true;
  return w;
}

function wireHar() {
  const drop = $('drop');
  const input = $('har-file');
  input.addEventListener('change', () => {
    if (input.files && input.files[0]) startHar(input.files[0]);
  });
  $('har-choose').addEventListener('click', () => input.click());
  drop.addEventListener('click', (e) => {
    if (e.target === drop) input.click();
  });
  for (const type of ['dragenter', 'dragover']) {
    drop.addEventListener(type, (e) => {
      e.preventDefault();
      drop.classList.add('over');
    });
  }
  for (const type of ['dragleave', 'drop']) drop.addEventListener(type, () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    const file = e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files[0];
    if (file) startHar(file);
  });
  $('har-cancel').addEventListener('click', () => {
    if (state.worker) state.worker.terminate();
    state.worker = null;
    document.body.dataset.har = 'cancelled';
    $('har-progress-text').textContent = state.i18n.t('web_har_cancelled');
    $('har-cancel').hidden = true;
  });
  $('har-sanitize-button').addEventListener('click', () => {
    if (!state.harFile) return;
    const worker = state.worker || freshWorker();
    $('har-sanitize-button').disabled = true;
    document.body.dataset.sanitize = 'running';
    worker.postMessage({ type: 'sanitize', file: state.harFile });
  });
}

function mb(bytes) {
  return state.i18n.number(bytes / 1e6, 1);
}

function startHar(file) {
  state.harFile = file;
  state.harDone = null;
  state.reports.delete('har-report');
  $('har-report').replaceChildren();
  $('har-sanitize').hidden = true;
  $('har-sanitize-note').textContent = '';
  $('har-progress').hidden = false;
  $('har-cancel').hidden = false;
  $('har-bar').value = 0;
  $('har-progress-text').textContent = state.i18n.t('web_har_reading', { name: file.name, read: mb(0), total: mb(file.size), entries: 0 });
  document.body.dataset.har = 'reading';
  freshWorker().postMessage({ type: 'analyze', file, lang: state.i18n.lang });
}

function onWorker(e) {
  const m = e.data;
  if (m.type === 'progress' && m.kind === 'analyze') {
    const percent = m.total ? (100 * m.read) / m.total : 0;
    $('har-bar').value = percent;
    $('har-progress-text').textContent = state.i18n.t('web_har_reading', {
      name: state.harFile.name,
      read: mb(m.read),
      total: mb(m.total),
      entries: state.i18n.number(m.entries),
    });
    document.body.dataset.harPercent = String(Math.round(percent));
  } else if (m.type === 'progress' && m.kind === 'sanitize') {
    const percent = m.total ? Math.round((100 * m.read) / m.total) : 0;
    $('har-sanitize-note').textContent = state.i18n.t('web_har_sanitizing', { percent });
  } else if (m.type === 'done' && m.kind === 'analyze') {
    $('har-bar').value = 100;
    $('har-cancel').hidden = true;
    state.harDone = m;
    harDoneText();
    const entry = { report: m.report, source: 'web_report_from_har', name: 'har' };
    state.reports.set('har-report', entry);
    showReport('har-report', entry);
    $('har-sanitize').hidden = false;
    $('har-sanitize-button').disabled = false;
    document.body.dataset.har = 'done';
  } else if (m.type === 'done' && m.kind === 'sanitize') {
    const name = state.harFile.name.replace(/\.har$/i, '') + '.sanitized.har';
    saveBlob(m.blob, name);
    $('har-sanitize-button').disabled = false;
    const s = m.stats;
    $('har-sanitize-note').textContent = state.i18n.t('web_har_sanitized', {
      cookies: s.cookieLists,
      headers: s.headers,
      bodies: s.requestBodies + s.responseBodies,
    });
    document.body.dataset.sanitize = 'done';
  } else if (m.type === 'error') {
    if (m.kind === 'sanitize') {
      $('har-sanitize-button').disabled = false;
      $('har-sanitize-note').textContent = state.i18n.t('web_har_error', { error: m.message });
      document.body.dataset.sanitize = 'error';
    } else {
      harError(m.message);
    }
  }
}

function harDoneText() {
  const m = state.harDone;
  $('har-progress-text').textContent = state.i18n.t('web_har_done', {
    entries: state.i18n.number(m.entries),
    mb: mb(m.size),
    seconds: state.i18n.number(m.ms / 1000, 1),
  });
}

function harError(message) {
  $('har-cancel').hidden = true;
  $('har-progress-text').textContent = state.i18n.t('web_har_error', { error: message });
  document.body.dataset.har = 'error';
}

// The extension bridge: Chrome's externally_connectable lets an allow-listed page message the
// extension. Nothing is asked until the person says yes.

function extensionRuntime() {
  const rt = globalThis.chrome && globalThis.chrome.runtime;
  return rt && typeof rt.sendMessage === 'function' ? rt : null;
}

function wireExtension() {
  const ids = state.config.extensionIds || [];
  if (!ids.length || !extensionRuntime()) return;
  $('extension').hidden = false;
  $('ext-consent').addEventListener('click', async () => {
    $('ext-consent').disabled = true;
    const reports = await askExtension(ids);
    $('ext-consent').disabled = false;
    const box = $('ext-reports');
    box.replaceChildren();
    if (reports === null) {
      $('ext-note').textContent = state.i18n.t('web_ext_none');
      return;
    }
    if (!reports.length) {
      $('ext-note').textContent = state.i18n.t('web_ext_empty');
      return;
    }
    $('ext-note').textContent = '';
    reports.forEach((tab, i) => {
      let report;
      try {
        // The engine re-renders it in the page's language; a report it cannot read is skipped.
        report = state.cm.render(tab.report, state.i18n.lang);
      } catch (e) {
        console.warn('chatmedic: a report from the extension could not be read', e);
        return;
      }
      const id = `ext-report-${i}`;
      box.append(el('div', { id }));
      const entry = { report, source: 'web_report_from_extension', name: `extension-${i}` };
      state.reports.set(id, entry);
      showReport(id, entry);
    });
  });
}

/** The tab reports of the first extension that answers; null when none does. */
async function askExtension(ids) {
  const rt = extensionRuntime();
  for (const id of ids) {
    const reply = await new Promise((resolve) => {
      try {
        rt.sendMessage(id, { type: 'web-bg/get-reports' }, (r) => {
          // Reading lastError marks it handled; a missing extension is not an error here.
          resolve(globalThis.chrome.runtime.lastError ? undefined : r);
        });
      } catch {
        resolve(undefined);
      }
      setTimeout(() => resolve(undefined), 3000);
    });
    if (reply === undefined) continue;
    const list = Array.isArray(reply) ? reply : reply && Array.isArray(reply.reports) ? reply.reports : [];
    return list.filter((t) => t && t.report && Array.isArray(t.report.findings));
  }
  return null;
}

main();
