// The credence annotation workspace (docs/workspace.md): labelling page for annotators, progress,
// comparison and curation for the study owner. Article text is only ever inserted as text nodes.
'use strict';

const state = {
  token: null, session: null, rubrics: [], dims: [], queue: null, doc: null,
  activeDim: 0, focusedPassage: -1, undo: [], pending: 0, lastError: '', selectedLabel: null,
  openInfo: new Set(),
};

// ---------- small helpers ----------

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

// Offsets from the server are Unicode code points; the DOM counts UTF-16 units.
function cpLength(s) { let n = 0; for (const _ of s) n++; return n; }
function cpSlice(cps, a, b) { return cps.slice(a, b).join(''); }

function toast(text, isError) {
  const t = document.getElementById('toast');
  t.textContent = text;
  t.className = isError ? 'error' : '';
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.hidden = true; }, isError ? 6000 : 2500);
}

function showSaveState() {
  const s = document.getElementById('save-state');
  if (state.pending > 0) { s.textContent = 'Saving\u2026'; s.className = 'saving'; }
  else if (state.lastError) { s.textContent = 'Not saved: ' + state.lastError; s.className = 'error'; }
  else { s.textContent = 'All changes saved'; s.className = 'saved'; }
}

async function api(method, path, body, { quiet } = {}) {
  const write = method !== 'GET';
  if (write) { state.pending++; showSaveState(); }
  try {
    const res = await fetch('/api' + path, {
      method,
      headers: Object.assign({ Authorization: 'Bearer ' + state.token },
        body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch (e) { data = text; }
    if (!res.ok) {
      const message = (data && data.error) || ('HTTP ' + res.status);
      if (res.status === 401) showLogin(message);
      const err = new Error(message);
      err.status = res.status;
      throw err;
    }
    if (write) state.lastError = '';
    return data;
  } catch (e) {
    if (write) state.lastError = e.message;
    if (!quiet) toast(e.message, true);
    throw e;
  } finally {
    if (write) { state.pending--; showSaveState(); }
  }
}

function showLogin(message) {
  const app = document.getElementById('app');
  app.replaceChildren(el('div', { class: 'owner' },
    el('h1', {}, 'Sign in'),
    el('p', {}, message || 'Open the login link that the study owner gave you (it ends in #token=...).')));
}

// ---------- start ----------

async function start() {
  const hash = location.hash;
  const m = /^#token=([0-9a-f]+)/.exec(hash);
  if (m) {
    localStorage.setItem('credence-token', m[1]);
    history.replaceState(null, '', location.pathname);
  }
  state.token = localStorage.getItem('credence-token');
  if (!state.token) { showLogin(); return; }
  try {
    state.session = await api('GET', '/session');
    state.rubrics = await api('GET', '/rubrics');
  } catch (e) { return; }
  state.dims = [];
  for (const r of state.rubrics) {
    for (const d of r.dimensions) state.dims.push({ rubric: r.id, version: r.version, rubricTitle: r.title, dim: d });
  }
  // Span dimensions first: selecting text is the most common action.
  const order = { span: 0, passage: 1, article: 2 };
  state.dims.sort((a, b) => order[a.dim.unit] - order[b.dim.unit]);
  const who = document.getElementById('who');
  who.textContent = state.session.owner ? 'study owner' : 'annotator: ' + state.session.annotator;
  window.addEventListener('hashchange', route);
  document.addEventListener('keydown', onKey);
  showSaveState();
  route();
}

function setNav(active) {
  const nav = document.getElementById('nav');
  const links = state.session.owner
    ? [['#progress', 'Progress'], ['#documents', 'Documents'], ['#compare', 'Compare & curate']]
    : [['#queue', 'My queue']];
  nav.replaceChildren(...links.map(([href, text]) => el('a', { href, class: href === active ? 'active' : '' }, text)));
}

async function route() {
  const hash = location.hash || (state.session.owner ? '#progress' : '#queue');
  const [view, arg] = hash.slice(1).split('/');
  try {
    if (state.session.owner) {
      if (view === 'documents') return await showDocuments();
      if (view === 'compare') return await showCompare(arg);
      return await showProgress();
    }
    if (view === 'doc' && arg) return await showDocument(Number(arg));
    return await showQueueHome();
  } catch (e) { /* already shown */ }
}

// ---------- annotator: queue and document ----------

async function loadQueue() { state.queue = await api('GET', '/queue'); }

function queuePanel() {
  const q = state.queue;
  const pct = q.total ? Math.round(100 * q.finished / q.total) : 0;
  return el('aside', { class: 'queue', 'aria-label': 'document queue' },
    el('h2', {}, 'Queue'),
    el('div', { class: 'queue-count' }, `${q.finished} of ${q.total} finished`),
    el('div', { class: 'progress' }, el('div', { style: `width:${pct}%` })),
    el('ol', {}, q.documents.map(d => el('li', {},
      el('a', { href: '#doc/' + d.id, class: state.doc && state.doc.id === d.id ? 'current' : '' },
        el('span', { class: 'st ' + d.status }, d.status === 'open' ? (d.labels ? d.labels + ' labels' : '') : d.status),
        `${d.position}. ${d.title || '(untitled)'}`)))));
}

async function showQueueHome() {
  setNav('#queue');
  await loadQueue();
  const next = state.queue.documents.find(d => d.status === 'open') || state.queue.documents[0];
  if (next) { location.hash = '#doc/' + next.id; return; }
  document.getElementById('app').replaceChildren(el('div', { class: 'workspace' }, queuePanel(),
    el('section', { class: 'doc' }, el('p', {}, 'No documents are assigned to you yet.')), el('aside', { class: 'side' })));
}

async function showDocument(id) {
  setNav('#queue');
  const [doc] = await Promise.all([api('GET', '/documents/' + id), loadQueue()]);
  const switching = !state.doc || state.doc.id !== id;
  if (switching) { state.undo = []; state.selectedLabel = null; }
  state.doc = doc;
  doc.passages.forEach(p => { p.cps = Array.from(p.text); });
  if (switching || state.focusedPassage < 0 || state.focusedPassage >= doc.passages.length) {
    const firstBody = doc.passages.find(p => p.role === 'body');
    state.focusedPassage = firstBody ? firstBody.index : 0;
  }
  render();
}

function dimColor(key) {
  const spanDims = state.dims.filter(d => d.dim.unit === 'span');
  const i = spanDims.findIndex(d => d.rubric + '/' + d.dim.id === key);
  return 'dim' + (Math.max(0, i) % 4);
}

function findDim(rubric, dimension) {
  return state.dims.find(d => d.rubric === rubric && d.dim.id === dimension);
}
function categoryName(rubric, dimension, category) {
  const d = findDim(rubric, dimension);
  const c = d && d.dim.categories.find(c => c.id === category);
  return c ? c.name : category;
}

// Re-renders, keeping a text selection (as offsets) across the rebuilt DOM.
function renderKeepingSelection() {
  const sel = selectionOffsets();
  render();
  if (sel && !sel.error) selectOffsets(sel.passage, sel.start, sel.end);
}

function render() {
  const app = document.getElementById('app');
  const scroll = document.querySelector('.doc') ? document.querySelector('.doc').scrollTop : 0;
  app.replaceChildren(el('div', { class: 'workspace' }, queuePanel(), docPanel(), sidePanel()));
  document.querySelector('.doc').scrollTop = scroll;
}

function passageText(p) {
  const doc = state.doc;
  const node = el('div', { class: 'ptext', 'data-passage': p.index });
  if (p.hidden) { node.append('[hidden: this study is blind]'); return node; }
  const cps = p.cps;
  // Every label and pending suggestion boundary inside this passage cuts the text into segments.
  const spans = doc.labels.filter(l => l.unit === 'span' && l.passage === p.index)
    .map(l => ({ a: l.start - p.start, b: l.end - p.start, label: l }));
  const sugg = doc.suggestions.filter(s => s.unit === 'span' && s.passage === p.index && !s.decision)
    .map(s => ({ a: s.start - p.start, b: s.end - p.start }));
  const cuts = new Set([0, cps.length]);
  for (const s of spans.concat(sugg)) { cuts.add(s.a); cuts.add(s.b); }
  const points = [...cuts].filter(x => x >= 0 && x <= cps.length).sort((x, y) => x - y);
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i], b = points[i + 1];
    const covering = spans.filter(s => s.a <= a && b <= s.b);
    const suggested = sugg.some(s => s.a <= a && b <= s.b);
    const text = cpSlice(cps, a, b);
    if (!covering.length && !suggested) { node.append(document.createTextNode(text)); continue; }
    const cls = ['seg'];
    if (covering.length) cls.push('hl', dimColor(covering[0].label.rubric + '/' + covering[0].label.dimension));
    if (covering.length > 1) cls.push('overlap');
    if (suggested) cls.push('suggested');
    if (covering.some(s => s.label.id === state.selectedLabel)) cls.push('flash');
    const seg = el('span', {
      class: cls.join(' '),
      title: covering.map(s => categoryName(s.label.rubric, s.label.dimension, s.label.category)).join(' + ') ||
        'machine suggestion',
      'data-labels': covering.map(s => s.label.id).join(' '),
    }, text);
    if (covering.length) {
      seg.addEventListener('click', () => {
        if (!window.getSelection().isCollapsed) return;
        state.selectedLabel = covering[covering.length - 1].label.id;
        render();
      });
    }
    node.append(seg);
  }
  return node;
}

function docPanel() {
  const doc = state.doc;
  const meta = [];
  if (!doc.blind) {
    if (doc.outlet) meta.push(doc.outlet);
    if (doc.author) meta.push(doc.author);
  }
  if (doc.date) meta.push(doc.date);
  if (doc.blind) meta.push('blind study: outlet, author and mastheads hidden');
  const passageDims = state.dims.filter(d => d.dim.unit === 'passage');
  return el('section', { class: 'doc', 'aria-label': 'document' },
    el('h1', {}, doc.title || '(untitled)'),
    el('div', { class: 'meta' }, meta.join(' \u00b7 '),
      !doc.blind && doc.url ? [' \u00b7 ', el('span', { class: 'url' }, doc.url)] : null),
    doc.passages.map(p => {
      const nonbody = p.role !== 'body';
      const chips = nonbody ? [] : passageDims.map(d => {
        const l = doc.labels.find(l => l.unit === 'passage' && l.passage === p.index && l.rubric === d.rubric && l.dimension === d.dim.id);
        return el('span', { class: 'chip' + (l ? ' set' : ''), 'data-dimension': d.dim.id },
          d.dim.id + ': ' + (l ? categoryName(d.rubric, d.dim.id, l.category) : '\u2014'));
      });
      const section = el('div', {
        class: ['passage', 'role-' + p.role, nonbody ? 'nonbody' : '', nonbody && !p.expanded ? 'collapsed' : '',
          p.hidden ? 'hidden' : '', p.index === state.focusedPassage ? 'focused' : ''].join(' '),
        id: 'passage-' + p.index, 'data-index': p.index,
      },
      el('div', {
        class: 'phead', onclick: () => {
          if (nonbody) p.expanded = !p.expanded;
          state.focusedPassage = p.index;
          render();
        },
      }, `\u00b6${p.index} ${p.role}`, nonbody ? (p.expanded ? ' (click to fold)' : ' (click to show)') : '', chips),
      passageText(p));
      return section;
    }));
}

function activeDim() { return state.dims[state.activeDim]; }

function dimensionHelp(d) {
  return el('details', { class: 'rules' }, el('summary', {}, 'Decision rules for ' + d.dim.name),
    el('p', {}, d.dim.description || ''),
    el('ol', {}, (d.dim.decision_rules || []).map(r => el('li', {}, r))));
}

function categoryList(d, chosen, onChoose) {
  return el('ul', { class: 'cats' }, d.dim.categories.map(c => {
    const key = d.rubric + '/' + d.dim.id + '/' + c.id;
    const open = state.openInfo.has(key);
    return el('li', {},
      el('div', { class: 'cat' + (chosen.includes(c.id) ? ' chosen' : ''), role: 'button', tabindex: '-1',
        'data-category': c.id, onmousedown: (e) => e.preventDefault(), onclick: (e) => { if (!e.target.classList.contains('info')) onChoose(c.id); } },
        c.key ? el('span', { class: 'key' }, c.key) : null,
        el('span', {}, c.name),
        el('button', { class: 'info', title: 'definition and examples', 'aria-label': 'definition of ' + c.name,
          onclick: () => { open ? state.openInfo.delete(key) : state.openInfo.add(key); render(); } }, '?')),
      open ? el('div', { class: 'definition' }, el('div', {}, c.definition),
        c.examples && c.examples.length ? el('div', {}, el('b', {}, 'Examples'), el('ul', {}, c.examples.map(x => el('li', {}, x)))) : null,
        c.counter_examples && c.counter_examples.length ? el('div', {}, el('b', {}, 'Not this'), el('ul', {}, c.counter_examples.map(x => el('li', {}, x)))) : null) : null);
  }));
}

function sidePanel() {
  const doc = state.doc;
  const d = activeDim();
  let chosen = [];
  let hint = '';
  if (d.dim.unit === 'span') hint = 'Select text in a body passage, then press a key or click a category. ] and [ select the next or previous sentence.';
  if (d.dim.unit === 'passage') {
    hint = `Applies to the focused passage (\u00b6${state.focusedPassage}); j/k move between passages.`;
    chosen = doc.labels.filter(l => l.unit === 'passage' && l.passage === state.focusedPassage && l.dimension === d.dim.id).map(l => l.category);
  }
  if (d.dim.unit === 'article') {
    hint = 'A question about the whole article.';
    chosen = doc.labels.filter(l => l.unit === 'article' && l.dimension === d.dim.id).map(l => l.category);
  }
  const spanLabels = doc.labels.filter(l => l.unit === 'span');
  const otherLabels = doc.labels.filter(l => l.unit !== 'span');
  const pendingSuggestions = doc.suggestions.filter(s => !s.decision);
  return el('aside', { class: 'side', 'aria-label': 'labels' },
    el('h2', {}, 'Dimension (Tab to switch)'),
    el('div', { class: 'tabs' }, state.dims.map((x, i) => el('button', {
      class: i === state.activeDim ? 'active' : '', 'data-dim': x.dim.id,
      onmousedown: (e) => e.preventDefault(),
      onclick: () => { state.activeDim = i; renderKeepingSelection(); },
    }, `${x.dim.name} (${x.dim.unit})`))),
    el('p', { class: 'hint' }, hint),
    categoryList(d, chosen, (cat) => applyCategory(cat)),
    dimensionHelp(d),
    el('h2', {}, `Your labels (${doc.labels.length})`),
    el('ul', { class: 'labels', id: 'label-list' }, spanLabels.concat(otherLabels).map(labelRow)),
    pendingSuggestions.length ? [el('h2', {}, `Suggestions (${pendingSuggestions.length})`),
      el('ul', { class: 'labels', id: 'suggestion-list' }, pendingSuggestions.map(suggestionRow))] : null,
    el('h2', {}, 'This document'),
    el('div', { class: 'status-now' }, 'Status: ' + doc.status + (doc.status_note ? ' \u2014 ' + doc.status_note : '')),
    el('div', { class: 'status-bar' },
      el('button', { id: 'mark-done', onclick: () => setStatus('done') }, 'Done, next'),
      el('button', { id: 'mark-skip', onclick: () => setStatus('skipped', true) }, 'Skip'),
      el('button', { id: 'mark-flag', onclick: () => setStatus('flagged', true) }, 'Flag'),
      el('button', { id: 'undo', onclick: undo, disabled: state.undo.length === 0 }, 'Undo (u)')),
    el('p', { class: 'hint' }, 'Keys: category keys label; Tab dimension; j/k passage; [ ] sentence; u undo; Esc clear.'));
}

function quote(l) {
  const p = state.doc.passages[l.passage];
  if (!p || l.unit !== 'span') return l.unit === 'passage' ? '\u00b6' + l.passage : 'whole article';
  return '\u201c' + cpSlice(p.cps, l.start - p.start, l.end - p.start) + '\u201d';
}

function labelRow(l) {
  const d = findDim(l.rubric, l.dimension);
  return el('li', { class: state.selectedLabel === l.id ? 'selected' : '', 'data-label': l.id },
    el('div', { class: 'row' },
      el('b', {}, categoryName(l.rubric, l.dimension, l.category)),
      el('span', { class: 'hint' }, d ? d.dim.name : l.dimension),
      el('button', { class: 'small', title: 'delete label', onclick: () => deleteLabel(l) }, 'delete')),
    el('span', { class: 'quote' }, quote(l)),
    el('input', { class: 'note', placeholder: 'note (optional)', value: l.note || '',
      onchange: (e) => editLabel(l, { note: e.target.value }) }));
}

function suggestionRow(s) {
  return el('li', { 'data-suggestion': s.id },
    el('div', { class: 'row' },
      el('b', {}, categoryName(s.rubric, s.dimension, s.category)),
      el('span', { class: 'hint' }, s.annotator),
      el('button', { class: 'small accept', onclick: () => reviewSuggestion(s, 'accept') }, 'accept'),
      el('button', { class: 'small reject', onclick: () => reviewSuggestion(s, 'reject') }, 'reject')),
    el('span', { class: 'quote' }, quote(s)));
}

// ---------- labelling actions ----------

// The current text selection as code-point offsets into the document, or null.
function selectionOffsets() {
  const sel = window.getSelection();
  if (!sel || sel.isCollapsed || sel.rangeCount === 0) return null;
  const range = sel.getRangeAt(0);
  const host = (n) => (n.nodeType === 1 ? n : n.parentElement).closest('.ptext');
  const a = host(range.startContainer), b = host(range.endContainer);
  if (!a || a !== b) return { error: 'select text within one passage' };
  const p = state.doc.passages[Number(a.dataset.passage)];
  const unitsBefore = (node, offset) => {
    const r = document.createRange();
    r.setStart(a, 0);
    r.setEnd(node, offset);
    return r.toString();
  };
  let startText = unitsBefore(range.startContainer, range.startOffset);
  let selected = range.toString();
  // Trim white space at the edges, as annotators' drag selections usually include it.
  const lead = selected.length - selected.trimStart().length;
  selected = selected.trim();
  if (!selected) return { error: 'the selection is only white space' };
  const start = cpLength(startText) + cpLength(range.toString().slice(0, lead));
  return { passage: p.index, start: p.start + start, end: p.start + start + cpLength(selected) };
}

function selectSentence(step) {
  const p = state.doc.passages[state.focusedPassage];
  if (!p || !p.sentences.length) return;
  const current = selectionOffsets();
  let i = -1;
  if (current && !current.error) i = p.sentences.findIndex(s => s[0] === current.start);
  i = step > 0 ? Math.min(i + 1, p.sentences.length - 1) : Math.max(i - 1, 0);
  const [s, e] = p.sentences[i];
  selectOffsets(p.index, s, e);
  if (activeDim().dim.unit !== 'span') { state.activeDim = state.dims.findIndex(d => d.dim.unit === 'span'); renderKeepingSelection(); }
}

// Selects code points [s, e) of the document inside passage `index` as the DOM selection.
function selectOffsets(index, s, e) {
  const p = state.doc.passages[index];
  const node = document.querySelector(`.ptext[data-passage="${p.index}"]`);
  if (!node) return;
  // Walk text nodes to map code points to DOM positions.
  const pos = (cp) => {
    let left = cp - p.start;
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    let t;
    while ((t = walker.nextNode())) {
      const cps = Array.from(t.data);
      if (left <= cps.length) return [t, cps.slice(0, left).join('').length];
      left -= cps.length;
    }
    return [node, node.childNodes.length];
  };
  const range = document.createRange();
  const [sn, so] = pos(s), [en, eo] = pos(e);
  range.setStart(sn, so);
  range.setEnd(en, eo);
  const sel = window.getSelection();
  sel.removeAllRanges();
  sel.addRange(range);
}

async function applyCategory(category) {
  const d = activeDim();
  const doc = state.doc;
  const base = { document: doc.id, rubric: d.rubric, rubric_version: d.version, dimension: d.dim.id, category };
  if (d.dim.unit === 'span') {
    const sel = selectionOffsets();
    if (!sel) { toast('Select text in a passage first', true); return; }
    if (sel.error) { toast(sel.error, true); return; }
    const label = await api('POST', '/labels', Object.assign(base, { start: sel.start, end: sel.end }));
    window.getSelection().removeAllRanges();
    doc.labels.push(label);
    state.undo.push({ type: 'create', label });
  } else {
    const unitMatch = (l) => l.dimension === d.dim.id && l.rubric === d.rubric &&
      (d.dim.unit === 'article' ? l.unit === 'article' : l.passage === state.focusedPassage && l.unit === 'passage');
    const existing = doc.labels.find(unitMatch);
    if (d.dim.unit === 'passage') {
      const p = doc.passages[state.focusedPassage];
      if (!p || p.role !== 'body') { toast('Focus a body passage first (click it, or j/k)', true); return; }
      base.passage = p.index;
    }
    if (existing && !d.dim.multiple) {
      if (existing.category === category) return;
      await editLabel(existing, { category });
      return;
    }
    const label = await api('POST', '/labels', base);
    doc.labels.push(label);
    state.undo.push({ type: 'create', label });
  }
  await refreshQueueCounts();
  render();
}

async function editLabel(label, change, { fromUndo } = {}) {
  const updated = await api('PUT', '/labels/' + label.id, change);
  const doc = state.doc;
  const i = doc.labels.findIndex(l => l.id === label.id);
  if (i >= 0) doc.labels[i] = updated;
  if (!fromUndo) state.undo.push({ type: 'edit', before: label, after: updated });
  if (state.selectedLabel === label.id) state.selectedLabel = updated.id;
  render();
  return updated;
}

async function deleteLabel(label, { fromUndo } = {}) {
  await api('DELETE', '/labels/' + label.id);
  state.doc.labels = state.doc.labels.filter(l => l.id !== label.id);
  if (!fromUndo) state.undo.push({ type: 'delete', label });
  await refreshQueueCounts();
  render();
}

async function undo() {
  const step = state.undo.pop();
  if (!step) { toast('Nothing to undo'); return; }
  try {
    if (step.type === 'create') await deleteLabel(step.label, { fromUndo: true });
    if (step.type === 'edit') await editLabel(step.after, { category: step.before.category, note: step.before.note }, { fromUndo: true });
    if (step.type === 'delete') {
      const l = step.label;
      const body = { document: l.document, rubric: l.rubric, rubric_version: l.rubric_version, dimension: l.dimension,
        category: l.category, note: l.note };
      if (l.unit === 'passage') body.passage = l.passage;
      if (l.unit === 'span') Object.assign(body, { start: l.start, end: l.end });
      const again = await api('POST', '/labels', body);
      state.doc.labels.push(again);
      await refreshQueueCounts();
    }
    toast('Undone');
    render();
  } catch (e) { render(); }
}

async function reviewSuggestion(s, decision) {
  const r = await api('POST', '/suggestions/' + s.id, { decision });
  s.decision = r.decision;
  if (r.label) { state.doc.labels.push(r.label); state.undo.push({ type: 'create', label: r.label }); }
  await refreshQueueCounts();
  render();
}

async function setStatus(status, askNote) {
  let note = '';
  if (askNote) {
    note = window.prompt(status === 'flagged' ? 'What is wrong with this document?' : 'Why skip it? (optional)', '') ;
    if (note === null) return;
  }
  await api('POST', `/documents/${state.doc.id}/status`, { status, note });
  state.doc.status = status;
  state.doc.status_note = note;
  await loadQueue();
  if (status !== 'open') {
    const next = state.queue.documents.find(d => d.status === 'open' && d.id !== state.doc.id);
    if (next) { location.hash = '#doc/' + next.id; return; }
    toast('Queue finished \u2014 thank you');
  }
  render();
}

async function refreshQueueCounts() {
  try { await loadQueue(); } catch (e) { /* shown */ }
}

function onKey(e) {
  if (!state.doc || state.session.owner || !location.hash.startsWith('#doc/')) return;
  const t = e.target;
  if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
  if (e.ctrlKey || e.metaKey || e.altKey) {
    if ((e.ctrlKey || e.metaKey) && e.key === 'z') { e.preventDefault(); undo(); }
    return;
  }
  if (e.key === 'Tab') {
    e.preventDefault();
    const n = state.dims.length;
    state.activeDim = (state.activeDim + (e.shiftKey ? n - 1 : 1)) % n;
    renderKeepingSelection();
    return;
  }
  if (e.key === 'Escape') { window.getSelection().removeAllRanges(); state.selectedLabel = null; render(); return; }
  if (e.key === 'u') { e.preventDefault(); undo(); return; }
  if (e.key === 'j' || e.key === 'k') {
    const ps = state.doc.passages.filter(p => p.role === 'body');
    const i = ps.findIndex(p => p.index === state.focusedPassage);
    const next = ps[Math.max(0, Math.min(ps.length - 1, i + (e.key === 'j' ? 1 : -1)))];
    if (next) { state.focusedPassage = next.index; render(); document.getElementById('passage-' + next.index).scrollIntoView({ block: 'nearest' }); }
    return;
  }
  if (e.key === ']' || e.key === '[') { e.preventDefault(); selectSentence(e.key === ']' ? 1 : -1); return; }
  const d = activeDim();
  const c = d.dim.categories.find(c => c.key === e.key);
  if (c) { e.preventDefault(); applyCategory(c.id).catch(() => {}); }
}

// ---------- owner views ----------

function table(headers, rows, rowClass) {
  return el('table', {}, el('thead', {}, el('tr', {}, headers.map(h => el('th', {}, h)))),
    el('tbody', {}, rows.map((r, i) => el('tr', { class: rowClass ? rowClass(i) : '' }, r.map(c => el('td', {}, c))))));
}

async function showProgress() {
  setNav('#progress');
  const p = await api('GET', '/progress');
  const cols = ['assigned', 'started', 'done', 'skipped', 'flagged', 'labels'];
  document.getElementById('app').replaceChildren(el('div', { class: 'owner' },
    el('h1', {}, 'Progress'),
    el('h2', {}, 'Per annotator'),
    table(['annotator'].concat(cols), p.annotators.map(a => [a.annotator].concat(cols.map(c => a[c])))),
    el('h2', {}, 'Per outlet'),
    table(['outlet'].concat(cols), p.outlets.map(a => [a.outlet].concat(cols.map(c => a[c])))),
    el('p', {}, el('a', { href: '/api/export', onclick: exportLabels }, 'Export current labels (JSONL)'))));
}

async function exportLabels(e) {
  e.preventDefault();
  const res = await fetch('/api/export', { headers: { Authorization: 'Bearer ' + state.token } });
  const blob = await res.blob();
  const a = el('a', { href: URL.createObjectURL(blob), download: 'labels.jsonl' });
  document.body.append(a);
  a.click();
  a.remove();
}

async function showDocuments() {
  setNav('#documents');
  const q = await api('GET', '/queue');
  document.getElementById('app').replaceChildren(el('div', { class: 'owner' },
    el('h1', {}, 'Documents'),
    table(['id', 'title', 'outlet', 'annotators', 'adjudicated labels', ''], q.documents.map(d => [
      d.id, d.title, d.outlet, d.annotators.join(', '), d.labels,
      d.annotators.length >= 2 ? el('a', { href: `#compare/${d.id}` }, 'compare') : '']))));
}

async function showCompare(arg) {
  setNav('#compare');
  const q = await api('GET', '/queue');
  const docs = q.documents.filter(d => d.annotators.length >= 2);
  const id = Number(arg) || (docs[0] && docs[0].id);
  const app = document.getElementById('app');
  if (!id) { app.replaceChildren(el('div', { class: 'owner' }, el('p', {}, 'No document has two annotators yet.'))); return; }
  const doc = q.documents.find(d => d.id === id);
  const names = doc ? doc.annotators : [];
  state.compareA = names.includes(state.compareA) ? state.compareA : names[0];
  state.compareB = names.includes(state.compareB) && state.compareB !== state.compareA ? state.compareB : names.find(n => n !== state.compareA);
  const c = await api('GET', `/compare?document=${id}&a=${encodeURIComponent(state.compareA)}&b=${encodeURIComponent(state.compareB)}`);
  const passages = c.document.passages.map(p => Object.assign(p, { cps: Array.from(p.text) }));
  const excerpt = (u) => {
    if (u.unit === 'article') return 'whole article';
    const p = passages[u.passage];
    if (u.unit === 'passage') return '\u00b6' + u.passage + ': ' + cpSlice(p.cps, 0, 80) + (p.cps.length > 80 ? '\u2026' : '');
    return '\u201c' + cpSlice(p.cps, u.start - p.start, u.end - p.start) + '\u201d';
  };
  const labelFor = (list, u, cat) => list.find(l => l.dimension === u.dimension && l.rubric === u.rubric && l.unit === u.unit &&
    (l.passage ?? -1) === (u.passage ?? -1) && (l.start ?? -1) === (u.start ?? -1) && (l.end ?? -1) === (u.end ?? -1) && l.category === cat);
  const adjudicatedFor = (u) => c.adjudicated.filter(l => l.dimension === u.dimension && l.unit === u.unit &&
    (l.passage ?? -1) === (u.passage ?? -1) && (l.start ?? -1) === (u.start ?? -1) && (l.end ?? -1) === (u.end ?? -1));
  const take = (list, u, cats) => cats.map(cat => el('button', {
    class: 'small take', onclick: async () => {
      const l = labelFor(list, u, cat);
      if (!l) return;
      await api('POST', '/adjudicate', { from_label: l.id });
      showCompare(String(id));
    },
  }, 'take ' + categoryName(u.rubric, u.dimension, cat)));
  const onlyDiff = state.onlyDiff !== false;
  const units = c.units.filter(u => !onlyDiff || !u.agree);
  const pick = (which) => el('select', {
    'aria-label': 'annotator ' + which, onchange: (e) => { state['compare' + which] = e.target.value; showCompare(String(id)); },
  }, names.map(n => { const o = el('option', { value: n }, n); if (n === state['compare' + which]) o.selected = true; return o; }));
  app.replaceChildren(el('div', { class: 'owner' },
    el('h1', {}, 'Compare & curate'),
    el('div', { class: 'controls' },
      el('label', {}, 'Document ', el('select', { onchange: (e) => { location.hash = '#compare/' + e.target.value; } },
        docs.map(d => { const o = el('option', { value: d.id }, `${d.id}. ${d.title}`); if (d.id === id) o.selected = true; return o; }))),
      el('label', {}, 'A ', pick('A')), el('label', {}, 'B ', pick('B')),
      el('label', {}, el('input', { type: 'checkbox', checked: onlyDiff, onchange: (e) => { state.onlyDiff = e.target.checked; showCompare(String(id)); } }), ' only where they differ')),
    el('p', {}, `${c.differing} of ${c.units.length} units differ between ${c.a} and ${c.b}. Adjudicated labels are stored as annotator "adjudicated"; the annotators' labels stay as they are.`),
    table(['dimension', 'where', c.a, c.b, 'adjudicated', 'settle'], units.map(u => [
      u.dimension, el('span', { class: 'excerpt' }, excerpt(u)),
      u.a.map(x => categoryName(u.rubric, u.dimension, x)).join(', ') || '\u2014',
      u.b.map(x => categoryName(u.rubric, u.dimension, x)).join(', ') || '\u2014',
      adjudicatedFor(u).map(l => categoryName(l.rubric, l.dimension, l.category)).join(', ') || '\u2014',
      el('span', {}, take(c.a_labels, u, u.a), take(c.b_labels, u, u.b.filter(x => !u.a.includes(x)))),
    ]), (i) => (units[i].agree ? 'agree' : 'differ'))));
}

start();
