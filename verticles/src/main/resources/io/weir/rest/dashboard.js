// Weir's dashboard. Every string from the server is put into the page as text (textContent,
// createTextNode, SVG text nodes), never parsed as markup. The REST token comes from the address
// (#token=TOKEN, dropped from the address bar at once) or the login field, and lives in
// sessionStorage: it is kept for this tab only.
'use strict';

const SVG = 'http://www.w3.org/2000/svg';
const TOKEN_KEY = 'weir-token';
let selected = null;

function hashParams() {
  return new URLSearchParams(location.hash.replace(/^#/, ''));
}

function takeTokenFromAddress() {
  const params = hashParams();
  const token = params.get('token');
  if (token) {
    sessionStorage.setItem(TOKEN_KEY, token);
    params.delete('token');
    const rest = params.toString();
    history.replaceState(null, '', location.pathname + location.search + (rest ? '#' + rest : ''));
  }
  selected = hashParams().get('job');
}

class Unauthorized extends Error {}

async function get(path) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const headers = token ? { Authorization: 'Bearer ' + token } : {};
  const r = await fetch(path, { headers, cache: 'no-store' });
  if (r.status === 401) {
    throw new Unauthorized((await r.json()).error);
  }
  return r.json();
}

// ------------------------------------------------------------------ DOM helpers (text only)

function el(tag, props, parent, text) {
  const e = document.createElement(tag);
  if (props) {
    for (const [k, v] of Object.entries(props)) {
      if (k === 'class') e.className = v; else e[k] = v;
    }
  }
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (parent) parent.appendChild(e);
  return e;
}

function svg(tag, attrs, parent, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (parent) parent.appendChild(e);
  return e;
}

function cell(tr, text, cls) {
  return el('td', cls ? { class: cls } : null, tr, text);
}

function fmtNumber(n) {
  if (n === null || n === undefined) return '-';
  if (Math.abs(n) >= 1e9) return (n / 1e9).toFixed(1) + 'G';
  if (Math.abs(n) >= 1e6) return (n / 1e6).toFixed(1) + 'M';
  if (Math.abs(n) >= 1e4) return (n / 1e3).toFixed(1) + 'k';
  if (Math.abs(n) >= 100) return String(Math.round(n));
  return String(Math.round(n * 10) / 10);
}

function fmtBytes(n) {
  if (!n) return '0 B';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return n.toFixed(i === 0 ? 0 : 1) + ' ' + units[i];
}

// ------------------------------------------------------------------ jobs and workers

function renderJobs(jobs) {
  const body = document.querySelector('#jobs tbody');
  body.replaceChildren();
  for (const j of jobs) {
    const tr = el('tr', j.id === selected ? { class: 'selected' } : null, body);
    const a = el('a', { href: '#job=' + encodeURIComponent(j.id) }, cell(tr), j.id);
    a.addEventListener('click', e => { e.preventDefault(); select(j.id); });
    cell(tr, j.job);
    cell(tr, j.state, String(j.state));
    cell(tr, (j.durationMs / 1000).toFixed(1) + ' s', 'num');
    cell(tr, fmtNumber(j.recordsRead), 'num');
    cell(tr, fmtNumber(j.recordsWritten), 'num');
    cell(tr, j.failures ?? 0, 'num');
  }
  if (jobs.length === 0) {
    el('td', { colSpan: 7, class: 'muted' }, el('tr', null, body), 'no jobs yet');
  }
}

function renderWorkers(c) {
  document.getElementById('cluster-line').textContent =
    c.workers + ' workers, ' + c.freeSlots + ' of ' + c.slots + ' slots free, ' + c.jobs + ' jobs';
  const box = document.getElementById('workers');
  box.replaceChildren();
  for (const w of c.workerList || []) {
    const d = el('div', { class: 'worker' }, box);
    el('strong', null, d, w.name);
    el('span', { class: 'muted' }, d, '  ' + (w.slots - w.freeSlots) + '/' + w.slots + ' slots used, heartbeat '
      + w.lastHeartbeatMsAgo + ' ms ago');
    el('br', null, d);
    for (let i = 0; i < w.slots; i++) {
      el('span', { class: i < w.slots - w.freeSlots ? 'slot' : 'slot free', title: 'slot ' + i }, d);
    }
  }
}

function select(id) {
  selected = id;
  history.replaceState(null, '', location.pathname + location.search + '#job=' + encodeURIComponent(id));
  refresh();
}

// ------------------------------------------------------------------ the dataflow graph

function renderGraph(graph) {
  const box = document.getElementById('graph');
  box.replaceChildren();
  const depth = {};
  const byId = {};
  graph.vertices.forEach(v => { byId[v.id] = v; depth[v.id] = 0; });
  for (let round = 0; round < graph.vertices.length; round++) {
    for (const e of graph.edges) depth[e.to] = Math.max(depth[e.to], depth[e.from] + 1);
  }
  const columns = [];
  graph.vertices.forEach(v => (columns[depth[v.id]] = columns[depth[v.id]] || []).push(v));
  const W = 190, H = 74, GX = 90, GY = 24;
  const rows = Math.max(1, ...columns.map(c => c.length));
  const width = columns.length * (W + GX) - GX + 20;
  const height = rows * (H + GY) - GY + 20;
  const s = svg('svg', { width, height, viewBox: '0 0 ' + width + ' ' + height, role: 'img', 'aria-label': 'dataflow graph' }, box);
  const defs = svg('defs', {}, s);
  const marker = svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto' }, defs);
  svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#8a93a5' }, marker);
  const pos = {};
  columns.forEach((col, ci) => col.forEach((v, ri) => {
    const offset = (rows - col.length) * (H + GY) / 2;
    pos[v.id] = { x: 10 + ci * (W + GX), y: 10 + offset + ri * (H + GY) };
  }));
  for (const e of graph.edges) {
    const a = pos[e.from], b = pos[e.to];
    const x1 = a.x + W, y1 = a.y + H / 2, x2 = b.x - 2, y2 = b.y + H / 2;
    svg('path', { d: `M${x1},${y1} C${x1 + GX / 2},${y1} ${x2 - GX / 2},${y2} ${x2},${y2}`, fill: 'none',
      stroke: '#8a93a5', 'stroke-width': 1.5, 'marker-end': 'url(#arrow)', class: 'edge' }, s);
    svg('text', { x: (x1 + x2) / 2, y: (y1 + y2) / 2 - 5, 'text-anchor': 'middle', class: 'label' }, s, e.partitioning.toLowerCase());
  }
  for (const v of graph.vertices) {
    const p = pos[v.id];
    const g = svg('g', { class: 'vertex', 'data-vertex': v.id }, s);
    const pressure = Math.max(0, Math.min(1, v.backpressure));
    const stroke = pressure > 0.5 ? '#c62828' : pressure > 0 ? '#d97706' : '#2457c5';
    svg('rect', { x: p.x, y: p.y, width: W, height: H, rx: 6, fill: '#f7f9fd', stroke, 'stroke-width': 1.5 }, g);
    svg('text', { x: p.x + 8, y: p.y + 17, 'font-weight': 600 }, g, v.name + '  ×' + v.parallelism);
    svg('text', { x: p.x + 8, y: p.y + 35, class: 'label' }, g, fmtNumber(v.recordsPerSecond) + ' records/s');
    svg('text', { x: p.x + 8, y: p.y + 52, class: 'label' }, g, 'backpressure ' + Math.round(pressure * 100) + '%');
    svg('rect', { x: p.x + 8, y: p.y + 60, width: W - 16, height: 5, rx: 2, fill: '#e3e7ee' }, g);
    svg('rect', { x: p.x + 8, y: p.y + 60, width: (W - 16) * pressure, height: 5, rx: 2, fill: stroke }, g);
    svg('title', {}, g, v.operators.join(' -> '));
  }
}

// ------------------------------------------------------------------ charts

function chartFrame(box, width, height, maxY, label) {
  const s = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}` }, box);
  const L = 56, B = 20;
  svg('line', { x1: L, y1: 6, x2: L, y2: height - B, class: 'axis' }, s);
  svg('line', { x1: L, y1: height - B, x2: width - 6, y2: height - B, class: 'axis' }, s);
  for (const f of [0, 0.5, 1]) {
    const y = height - B - f * (height - B - 10);
    svg('text', { x: L - 4, y: y + 4, 'text-anchor': 'end', class: 'label' }, s, label(maxY * f));
  }
  return { s, L, B, plotW: width - L - 10, plotH: height - B - 10 };
}

function renderThroughput(samples, failures) {
  const box = document.getElementById('throughput');
  box.replaceChildren();
  if (samples.length < 2) { el('p', { class: 'muted' }, box, 'collecting samples...'); return; }
  const t0 = samples[0].at, t1 = samples[samples.length - 1].at;
  const maxY = Math.max(1, ...samples.map(p => Math.max(p.read, p.written)));
  const f = chartFrame(box, 520, 180, maxY, fmtNumber);
  const x = t => f.L + (t - t0) / Math.max(1, t1 - t0) * f.plotW;
  const y = v => 10 + f.plotH - v / maxY * f.plotH;
  for (const [key, colour] of [['read', '#2457c5'], ['written', '#26a69a']]) {
    svg('polyline', { points: samples.map(p => x(p.at) + ',' + y(p[key])).join(' '), fill: 'none', stroke: colour,
      'stroke-width': 1.5, class: 'series-' + key }, f.s);
  }
  let shown = 0;
  for (const fl of failures) {
    if (fl.failedAt < t0 || fl.failedAt > t1) continue;
    const labelY = 18 + (shown++ % 3) * 12;
    const fx = x(fl.failedAt);
    const g = svg('g', { class: 'failure-mark' }, f.s);
    svg('line', { x1: fx, y1: 8, x2: fx, y2: 10 + f.plotH, stroke: '#c62828', 'stroke-dasharray': '4 3' }, g);
    svg('text', { x: fx + 3, y: labelY, fill: '#c62828' }, g, 'failure ' + fl.number);
    svg('title', {}, g, fl.cause);
  }
  svg('text', { x: f.L, y: 176, class: 'label' }, f.s, Math.round((t1 - t0) / 1000) + ' s shown; blue read, green written');
}

function renderCheckpoints(cp) {
  const box = document.getElementById('checkpoints');
  box.replaceChildren();
  const list = cp.checkpoints.slice(0, 40).reverse();
  if (list.length === 0) { el('p', { class: 'muted' }, box, 'no checkpoints yet'); return; }
  const maxMs = Math.max(1, ...list.map(c => c.durationMs));
  const maxBytes = Math.max(1, ...list.map(c => c.stateSize));
  const d = chartFrame(box, 520, 110, maxMs, v => Math.round(v) + ' ms');
  const bw = d.plotW / list.length;
  list.forEach((c, i) => {
    const h = c.durationMs / maxMs * d.plotH;
    const colour = c.status === 'COMPLETED' ? '#42a5f5' : c.status === 'IN_PROGRESS' ? '#b0bec5' : '#ef5350';
    const r = svg('rect', { x: d.L + i * bw + 1, y: 10 + d.plotH - h, width: Math.max(1, bw - 2), height: h, fill: colour, class: 'checkpoint' }, d.s);
    svg('title', {}, r, c.kind + ' ' + c.id + ' ' + c.status + ': ' + c.durationMs + ' ms, ' + fmtBytes(c.stateSize)
      + ', uploaded ' + fmtBytes(c.uploadedSize) + (c.failure ? ' - ' + c.failure : ''));
  });
  const z = chartFrame(box, 520, 110, maxBytes, fmtBytes);
  list.forEach((c, i) => {
    const h = c.stateSize / maxBytes * z.plotH;
    const u = Math.min(c.uploadedSize, c.stateSize) / maxBytes * z.plotH;
    svg('rect', { x: z.L + i * bw + 1, y: 10 + z.plotH - h, width: Math.max(1, bw - 2), height: h, fill: '#cfd8dc' }, z.s);
    svg('rect', { x: z.L + i * bw + 1, y: 10 + z.plotH - u, width: Math.max(1, bw - 2), height: u, fill: '#7e57c2' }, z.s);
  });
  const legend = el('div', { class: 'legend' }, box);
  for (const [c, t] of [['#42a5f5', 'duration'], ['#ef5350', 'failed'], ['#cfd8dc', 'state size'], ['#7e57c2', 'uploaded']]) {
    const s = el('span', null, legend);
    el('i', null, s).style.background = c;
    s.appendChild(document.createTextNode(t));
  }
  el('p', { class: 'muted' }, box, 'latest: ' + cp.checkpoints[0].kind + ' ' + cp.checkpoints[0].id + ' '
    + cp.checkpoints[0].status + ', retained: ' + cp.retained.join(', '));
}

// ------------------------------------------------------------------ recoveries

const PHASES = [['detectedMs', 'detect', 'seg-detect'], ['cancelledMs', 'cancel', 'seg-cancel'],
  ['deployedMs', 'deploy', 'seg-deploy'], ['restoredMs', 'restore', 'seg-restore'], ['firstRecordMs', 'first record', 'seg-first']];

function renderRecoveries(ex) {
  const box = document.getElementById('recoveries');
  box.replaceChildren();
  if (ex.failures.length === 0) { el('p', { class: 'muted' }, box, 'no failures'); return; }
  const legend = el('div', { class: 'legend' }, box);
  for (const [, name, cls] of PHASES) {
    const s = el('span', null, legend);
    el('i', { class: cls }, s);
    s.appendChild(document.createTextNode(name));
  }
  const scale = Math.max(1, ...ex.failures.map(f => Math.max(0, ...PHASES.map(p => f.timings[p[0]] ?? 0))));
  for (const f of ex.failures) {
    const r = el('div', { class: 'recovery' }, box);
    const what = el('div', { class: 'what' }, r);
    el('strong', null, what, 'failure ' + f.number + ' (' + f.outcome + '): ');
    el('span', { class: 'cause failure-cause' }, what, f.cause);
    const bar = el('div', { class: 'bar', title: 'failed at ' + new Date(f.failedAt).toISOString() }, r);
    let previous = 0;
    const labels = [];
    for (const [key, name, cls] of PHASES) {
      const at = f.timings[key];
      if (at === null || at === undefined) continue;
      const seg = el('span', { class: cls + ' segment', title: name + ' +' + at + ' ms' }, bar);
      seg.style.width = (Math.max(0, at - previous) / scale * 100) + '%';
      labels.push(name + ' +' + at + ' ms');
      previous = Math.max(previous, at);
    }
    el('div', { class: 'muted timings' }, r, labels.join('  ->  ')
      + (f.restoredCheckpoint !== null && f.restoredCheckpoint !== undefined ? '  (from checkpoint ' + f.restoredCheckpoint + ')' : ''));
  }
}

function renderTasks(job) {
  const body = document.querySelector('#tasks tbody');
  body.replaceChildren();
  for (const t of job.tasks) {
    const tr = el('tr', null, body);
    cell(tr, t.task);
    cell(tr, t.subtask, 'num');
    cell(tr, t.attempt, 'num');
    cell(tr, t.state, t.state);
    cell(tr, t.worker);
    cell(tr, t.slot, 'num');
    cell(tr, fmtNumber(t.recordsIn), 'num');
    cell(tr, fmtNumber(t.recordsOut), 'num');
    cell(tr, t.backpressured ? 'yes' : 'no');
  }
}

async function renderJob(id) {
  const base = '/jobs/' + encodeURIComponent(id);
  const [job, graph, tp, cp, ex] = await Promise.all([get(base), get(base + '/graph'), get(base + '/throughput'),
    get(base + '/checkpoints'), get(base + '/exceptions')]);
  if (job.error) { document.getElementById('job').hidden = true; return; }
  document.getElementById('job').hidden = false;
  document.getElementById('job-title').textContent = job.id + ' (' + job.job + ')';
  const line = document.getElementById('job-line');
  line.replaceChildren();
  el('span', { class: job.state }, line, job.state);
  line.appendChild(document.createTextNode('  ' + job.checkpointing + ', ' + job.stateBackend + ', restarts: '
    + job.restartStrategy + ', failover ' + job.failover + (job.waiting ? ', ' + job.waiting : '')));
  document.getElementById('job-cause').textContent = job.failureCause || '';
  renderGraph(graph);
  renderThroughput(tp.samples, ex.failures);
  renderCheckpoints(cp);
  renderRecoveries(ex);
  renderTasks(job);
}

// ------------------------------------------------------------------ refresh and login

async function refresh() {
  try {
    const [c, j] = await Promise.all([get('/cluster'), get('/jobs')]);
    document.getElementById('login').hidden = true;
    renderWorkers(c);
    if (!selected && j.jobs.length > 0) selected = j.jobs[j.jobs.length - 1].id;
    renderJobs(j.jobs);
    if (selected) await renderJob(selected);
    document.body.dataset.loaded = 'true';
  } catch (e) {
    if (e instanceof Unauthorized) {
      document.getElementById('login').hidden = false;
      document.getElementById('login-message').textContent = e.message;
    } else {
      document.getElementById('cluster-line').textContent = 'cannot reach the coordinator: ' + e.message;
    }
  }
}

function start() {
  takeTokenFromAddress();
  document.getElementById('login').addEventListener('submit', e => {
    e.preventDefault();
    const input = document.getElementById('token-input');
    sessionStorage.setItem(TOKEN_KEY, input.value.trim());
    input.value = '';
    refresh();
  });
  refresh();
  setInterval(refresh, 2000);
}

start();
