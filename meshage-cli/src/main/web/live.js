// The live page of meshage: one EventSource (api/events) pushes the mesh as this node sees it,
// membership events and a stats sample per second; the topology is laid out by a small
// force simulation of our own and drawn in SVG.
'use strict';

const SVG = 'http://www.w3.org/2000/svg';
const STATUS_COLOURS = { online: '#2e7d32', offline: '#9e9e9e', taken: '#ef6c00', unknown: '#6a1b9a' };
const PALETTE = ['#1565c0', '#c62828', '#2e7d32', '#ef6c00', '#6a1b9a', '#00838f', '#ad1457', '#558b2f', '#4e342e', '#37474f'];
const OUTCOME_COLOURS = { complete: '#2e7d32', incomplete: '#ef6c00', failed: '#c62828' };
const MAX_EVENTS = 200;

const state = { nodes: new Map(), links: new Map(), self: '', selected: '', colourBy: 'status', sizes: [], alpha: 1, running: false, remote: new Map() };

function el(name, attrs, parent) {
  const e = document.createElementNS(SVG, name);
  for (const k in attrs) e.setAttribute(k, attrs[k]);
  if (parent) parent.appendChild(e);
  return e;
}

function $(id) { return document.getElementById(id); }

// ---------------------------------------------------------------- topology

function applyMesh(mesh) {
  state.self = mesh.self;
  if (!state.selected || !mesh.nodes.some(n => n.name === state.selected)) state.selected = mesh.self;
  $('title').textContent = '— namespace ' + mesh.namespace + ', seen from ' + mesh.self;
  const box = $('topology').getBoundingClientRect();
  const seen = new Set();
  for (const n of mesh.nodes) {
    seen.add(n.name);
    let v = state.nodes.get(n.name);
    if (!v) {
      const near = n.neighbours.map(m => state.nodes.get(m)).find(x => x);
      v = { x: near ? near.x + rnd(40) : box.width / 2 + rnd(box.width / 4), y: near ? near.y + rnd(40) : box.height / 2 + rnd(box.height / 4), vx: 0, vy: 0 };
      v.g = el('g', { class: 'node', 'data-node': n.name }, $('nodes'));
      v.circle = el('circle', { r: 14 }, v.g);
      v.label = el('text', { dy: 30 }, v.g);
      v.label.textContent = n.name;
      const title = el('title', {}, v.g);
      title.textContent = n.name;
      v.g.addEventListener('click', () => select(n.name));
      state.nodes.set(n.name, v);
    }
    v.data = n;
    v.g.classList.toggle('self', n.self);
  }
  for (const [name, v] of state.nodes) {
    if (!seen.has(name)) { v.g.remove(); state.nodes.delete(name); }
  }
  const links = new Set();
  for (const [a, b] of mesh.links) {
    const key = a + '\u0000' + b;
    links.add(key);
    if (!state.links.has(key)) {
      const line = el('line', { class: 'link new' }, $('links'));
      setTimeout(() => line.classList.remove('new'), 1000);
      state.links.set(key, { a, b, line });
    }
  }
  for (const [key, l] of state.links) {
    if (!links.has(key)) { l.line.remove(); state.links.delete(key); }
  }
  updateColourChoices();
  colour();
  showPanel();
  kick();
}

function rnd(spread) { return (Math.random() - 0.5) * 2 * spread; }

function kick() {
  state.alpha = 1;
  if (!state.running) { state.running = true; requestAnimationFrame(step); }
}

// One step of the force layout: all pairs repel, links pull, everything drifts to the centre.
function step() {
  const box = $('topology').getBoundingClientRect();
  const w = box.width || 800, h = box.height || 500;
  const nodes = [...state.nodes.values()];
  const k = Math.max(60, Math.sqrt((w * h) / Math.max(1, nodes.length)) * 0.35);
  for (let i = 0; i < nodes.length; i++) {
    const a = nodes[i];
    for (let j = i + 1; j < nodes.length; j++) {
      const b = nodes[j];
      let dx = a.x - b.x, dy = a.y - b.y;
      let d2 = dx * dx + dy * dy;
      if (d2 < 0.01) { dx = rnd(1); dy = rnd(1); d2 = dx * dx + dy * dy + 0.01; }
      const f = (k * k) / d2 * 0.05;
      a.vx += dx * f; a.vy += dy * f; b.vx -= dx * f; b.vy -= dy * f;
    }
  }
  for (const l of state.links.values()) {
    const a = state.nodes.get(l.a), b = state.nodes.get(l.b);
    if (!a || !b) continue;
    const dx = b.x - a.x, dy = b.y - a.y, d = Math.sqrt(dx * dx + dy * dy) || 1;
    const f = (d - k) / d * 0.05;
    a.vx += dx * f; a.vy += dy * f; b.vx -= dx * f; b.vy -= dy * f;
  }
  for (const v of nodes) {
    v.vx += (w / 2 - v.x) * 0.01; v.vy += (h / 2 - v.y) * 0.01;
    v.x += Math.max(-30, Math.min(30, v.vx * state.alpha));
    v.y += Math.max(-30, Math.min(30, v.vy * state.alpha));
    v.vx *= 0.6; v.vy *= 0.6;
    v.x = Math.max(30, Math.min(w - 30, v.x)); v.y = Math.max(24, Math.min(h - 60, v.y));
    v.g.setAttribute('transform', 'translate(' + v.x.toFixed(1) + ',' + v.y.toFixed(1) + ')');
  }
  for (const l of state.links.values()) {
    const a = state.nodes.get(l.a), b = state.nodes.get(l.b);
    if (!a || !b) continue;
    l.line.setAttribute('x1', a.x.toFixed(1)); l.line.setAttribute('y1', a.y.toFixed(1));
    l.line.setAttribute('x2', b.x.toFixed(1)); l.line.setAttribute('y2', b.y.toFixed(1));
  }
  state.alpha *= 0.985;
  if (state.alpha > 0.02) requestAnimationFrame(step); else state.running = false;
}

// ---------------------------------------------------------------- colours and legend

function updateColourChoices() {
  const keys = new Set();
  for (const v of state.nodes.values()) Object.keys(v.data.tags).forEach(t => keys.add(t));
  const select = $('colour-by');
  const have = new Set([...select.options].map(o => o.value));
  for (const key of [...keys].sort()) {
    if (!have.has('tag:' + key)) {
      const o = document.createElement('option');
      o.value = 'tag:' + key;
      o.textContent = 'tag ' + key;
      select.appendChild(o);
    }
  }
}

function colourOf(data, values) {
  if (state.colourBy === 'status') return STATUS_COLOURS[data.status] || STATUS_COLOURS.unknown;
  const value = data.tags[state.colourBy.slice(4)];
  return value === undefined ? '#cfd8dc' : PALETTE[values.indexOf(value) % PALETTE.length];
}

function colour() {
  const legend = $('legend');
  legend.textContent = '';
  let entries;
  let values = [];
  if (state.colourBy === 'status') {
    entries = Object.entries(STATUS_COLOURS);
  } else {
    const key = state.colourBy.slice(4);
    values = [...new Set([...state.nodes.values()].map(v => v.data.tags[key]).filter(x => x !== undefined))].sort();
    entries = values.map((value, i) => [key + '=' + value, PALETTE[i % PALETTE.length]]);
    entries.push(['no ' + key, '#cfd8dc']);
  }
  for (const v of state.nodes.values()) {
    v.circle.setAttribute('fill', colourOf(v.data, values));
    v.g.classList.toggle('selected', v.data.name === state.selected);
  }
  for (const [label, c] of entries) {
    const s = document.createElement('span');
    const dot = document.createElement('i');
    dot.style.background = c;
    s.appendChild(dot);
    s.appendChild(document.createTextNode(label));
    legend.appendChild(s);
  }
}

// ---------------------------------------------------------------- node panel

function select(name) {
  state.selected = name;
  colour();
  showPanel();
  if (name !== state.self) askCounters(name);
}

// Another node's counters: asked once per click (the serving node asks that node), never polled.
function askCounters(name) {
  state.remote.set(name, { pending: true });
  fetch('api/counters/' + encodeURIComponent(name))
    .then(r => r.json())
    .then(o => state.remote.set(name, o))
    .catch(e => state.remote.set(name, { error: String(e) }))
    .then(() => { if (state.selected === name) showPanel(); });
}

function showPanel() {
  const v = state.nodes.get(state.selected);
  const dl = $('panel-fields');
  dl.textContent = '';
  if (!v) return;
  const n = v.data;
  $('panel-title').textContent = n.name + (n.self ? ' (this node)' : '');
  const field = (name, value) => {
    const dt = document.createElement('dt');
    dt.textContent = name;
    const dd = document.createElement('dd');
    if (value instanceof Node) dd.appendChild(value); else dd.textContent = value;
    dl.appendChild(dt);
    dl.appendChild(dd);
  };
  field('address', n.address || '-');
  field('instance', n.instance || 'not seen yet');
  field('status', n.status);
  field('type', n.type || '-');
  field('tags', Object.entries(n.tags).map(([k, x]) => k + '=' + x).join(' ') || '-');
  const neighbours = document.createElement('span');
  for (const m of n.neighbours) {
    const a = document.createElement('a');
    a.textContent = m;
    a.addEventListener('click', () => select(m));
    neighbours.appendChild(a);
  }
  field('neighbours', neighbours.childNodes.length ? neighbours : '-');
  const remote = n.counters ? { counters: n.counters } : state.remote.get(n.name);
  if (remote && remote.counters) {
    for (const [k, x] of Object.entries(remote.counters)) field(k, String(x));
  } else {
    field('counters', remote && remote.pending ? 'asking ' + n.name + '…' : remote && remote.error ? remote.error : 'click the node to ask it');
  }
  if (!n.self && remote && !remote.pending) {
    const again = document.createElement('a');
    again.textContent = 'ask again';
    again.addEventListener('click', () => askCounters(n.name));
    field('', again);
  }
}

// ---------------------------------------------------------------- events

function addEvent(e) {
  const li = document.createElement('li');
  li.className = e.event;
  const time = new Date(e.time).toTimeString().slice(0, 8);
  li.textContent = time + ' ' + e.event + ' ' + e.node + (e.address ? ' ' + e.address : '') + (e.reason ? ' (' + e.reason + ')' : '');
  const list = $('events');
  list.insertBefore(li, list.firstChild);
  while (list.childNodes.length > MAX_EVENTS) list.removeChild(list.lastChild);
}

// ---------------------------------------------------------------- mesh size over time

function addSize(time, size) {
  state.sizes.push([time, size]);
  if (state.sizes.length > 600) state.sizes.shift();
  $('size-now').textContent = '(' + size + ' now)';
  const svg = $('sizes');
  svg.textContent = '';
  const t0 = state.sizes[0][0], t1 = Math.max(t0 + 1000, state.sizes[state.sizes.length - 1][0]);
  const max = Math.max(2, ...state.sizes.map(s => s[1]));
  const x = t => 30 + (t - t0) / (t1 - t0) * 360, y = s => 140 - s / max * 125;
  el('line', { x1: 30, y1: 140, x2: 390, y2: 140, stroke: '#999' }, svg);
  el('line', { x1: 30, y1: 15, x2: 30, y2: 140, stroke: '#999' }, svg);
  label(svg, 26, y(max) + 4, String(max), 'end');
  label(svg, 26, 144, '0', 'end');
  label(svg, 30, 155, new Date(t0).toTimeString().slice(0, 8), 'start');
  label(svg, 390, 155, new Date(t1).toTimeString().slice(0, 8), 'end');
  const points = state.sizes.map(([t, s], i) => (i ? ' L' : 'M') + x(t).toFixed(1) + ' ' + y(s).toFixed(1)).join('');
  el('path', { d: points, fill: 'none', stroke: '#1565c0', 'stroke-width': 2 }, svg);
}

function label(svg, x, y, text, anchor) {
  const t = el('text', { x, y, class: 'axis', 'text-anchor': anchor }, svg);
  t.textContent = text;
}

// ---------------------------------------------------------------- verdict latency

function bucketLabel(micros) {
  return micros >= 1e6 ? micros / 1e6 + 's' : micros >= 1000 ? micros / 1000 + 'ms' : micros / 1000 + 'ms';
}

function drawVerdicts(v) {
  const svg = $('verdicts');
  svg.textContent = '';
  const n = v.boundsMicros.length + 1;
  const totals = new Array(n).fill(0);
  let total = 0;
  for (const o in v.counts) v.counts[o].forEach((c, i) => { totals[i] += c; total += c; });
  $('verdict-total').textContent = '(' + total + ' sends, log buckets)';
  const max = Math.max(1, ...totals);
  const bw = 360 / n;
  el('line', { x1: 30, y1: 130, x2: 390, y2: 130, stroke: '#999' }, svg);
  label(svg, 26, 19, String(max), 'end');
  for (let i = 0; i < n; i++) {
    let base = 130;
    for (const o of Object.keys(OUTCOME_COLOURS)) {
      const c = (v.counts[o] || [])[i] || 0;
      if (!c) continue;
      const hgt = c / max * 115;
      const r = el('rect', { x: 30 + i * bw + 1, y: base - hgt, width: bw - 2, height: hgt, fill: OUTCOME_COLOURS[o] }, svg);
      el('title', {}, r).textContent = o + ': ' + c;
      base -= hgt;
    }
    if (i % 3 === 0) label(svg, 30 + i * bw + bw / 2, 142, i < n - 1 ? '≤' + bucketLabel(v.boundsMicros[i]) : '>10s', 'middle');
  }
  let lx = 40;
  for (const [o, c] of Object.entries(OUTCOME_COLOURS)) {
    el('rect', { x: lx, y: 149, width: 8, height: 8, fill: c }, svg);
    label(svg, lx + 11, 157, o, 'start');
    lx += 90;
  }
}

// ---------------------------------------------------------------- the stream

function connect() {
  const source = new EventSource('api/events');
  source.onopen = () => { $('connection').textContent = 'live'; $('connection').className = 'up'; };
  source.onerror = () => { $('connection').textContent = 'reconnecting'; $('connection').className = 'down'; };
  source.addEventListener('mesh', e => applyMesh(JSON.parse(e.data)));
  source.addEventListener('membership', e => addEvent(JSON.parse(e.data)));
  source.addEventListener('history', e => { state.sizes = []; JSON.parse(e.data).sizes.forEach(([t, s]) => addSize(t, s)); });
  source.addEventListener('stats', e => {
    const s = JSON.parse(e.data);
    addSize(s.time, s.size);
    drawVerdicts(s.verdicts);
  });
}

$('colour-by').addEventListener('change', e => { state.colourBy = e.target.value; colour(); });
window.addEventListener('resize', kick);
connect();
