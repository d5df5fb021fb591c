// End-to-end tests of the annotation workspace in real headless Chromium (Debian's chromium, driven
// by playwright-core): log in with a printed link, label with mouse and keyboard, reload, untrusted text.
// Run by ctest (tests/CMakeLists.txt -> e2e); exits 77 (skipped) when chromium or playwright-core is absent.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const credence = process.env.CREDENCE_BINARY || path.join(root, 'build', 'bin', 'credence');
const chromiumPath = process.env.CREDENCE_CHROMIUM || '/usr/bin/chromium';
const shots = process.env.CREDENCE_SCREENSHOTS || '';  // folder for docs/img screenshots, when set

let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (e) {
  console.log(`SKIP: playwright-core is not installed (run scripts/install-deps.sh or npm ci in tests/e2e): ${e.message}`);
  process.exit(77);
}
if (!fs.existsSync(chromiumPath)) {
  console.log(`SKIP: no Chromium at ${chromiumPath} (install Debian's chromium: scripts/install-deps.sh)`);
  process.exit(77);
}
if (!fs.existsSync(credence)) {
  console.error(`credence binary not found at ${credence}; build it or set CREDENCE_BINARY`);
  process.exit(1);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'credence-e2e-'));
const study = path.join(work, 'study');
let server = null;
let base = '';
const links = {};
let context = null;
let page = null;

function run(...args) {
  return execFileSync(credence, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

// Starts `credence serve --port 0` and reads the printed login links.
function startServer() {
  return new Promise((resolve, reject) => {
    const child = spawn(credence, ['serve', study, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error('serve printed no links in 20 s: ' + out)), 20000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (!out.includes('press Ctrl-C to stop')) return;
      clearTimeout(timer);
      for (const line of out.split('\n')) {
        const m = /^ {2}(\S+): (http:\/\/127\.0\.0\.1:\d+\/)#token=([0-9a-f]{32})$/.exec(line);
        if (m) { links[m[1]] = m[2] + '#token=' + m[3]; base = m[2]; }
      }
      resolve(child);
    });
    child.stderr.on('data', (chunk) => { out += chunk; });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
}

function stopServer(child) {
  return new Promise((resolve) => {
    let out = '';
    child.stdout.on('data', (c) => { out += c; });
    child.removeAllListeners('exit');
    child.on('exit', (code) => resolve({ code, out }));
    child.kill('SIGTERM');
  });
}

async function apiAs(who, method, p, body) {
  const token = links[who].split('#token=')[1];
  const res = await fetch(base + 'api' + p, {
    method, headers: { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, json: await res.json() };
}

async function saved() {
  await page.waitForFunction(() => document.getElementById('save-state').textContent === 'All changes saved');
}

async function currentDocId() {
  await page.waitForSelector('.ptext');
  return Number(new URL(page.url()).hash.split('/')[1]);
}

// Viewport point of code point `cp` (relative to the passage start) inside passage `index`.
async function charPoint(index, cp, side) {
  return page.evaluate(([index, cp, side]) => {
    const node = document.querySelector(`.ptext[data-passage="${index}"]`);
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    let left = cp;
    let t;
    while ((t = walker.nextNode())) {
      const cps = Array.from(t.data);
      if (left < cps.length) {
        const off = cps.slice(0, left).join('').length;
        const r = document.createRange();
        r.setStart(t, off);
        r.setEnd(t, off + cps[left].length);
        const rect = r.getBoundingClientRect();
        return { x: side === 'left' ? rect.left + 1 : rect.right - 1, y: rect.top + rect.height / 2 };
      }
      left -= cps.length;
    }
    return null;
  }, [index, cp, side]);
}

before(async () => {
  run('init', study);
  run('import', study, path.join(root, 'datasets', 'sample', 'articles'), '--manifest',
    path.join(root, 'datasets', 'sample', 'MANIFEST.jsonl'));
  // An article whose text and title carry markup: it must show as text, never run.
  const evil = path.join(work, 'evil.jsonl');
  fs.writeFileSync(evil, JSON.stringify({
    id: 'evil-1', outlet: 'Test Outlet', title: 'Markup <img src=x onerror="window.__pwned=1"> in a title',
    text: 'Hostile markup in the body text.\n\nThe mayor wrote <script>window.__pwned=2</script> and ' +
      '<img src=x onerror="window.__pwned=3"> in a comment, and <b>bold</b> stayed plain.\n',
  }) + '\n');
  run('import', study, evil);
  run('assign', study, '--annotators', 'alice,bob', '--overlap', '2', '--seed', '3');
  server = await startServer();
  context = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(work, 'profile-')), {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1400, height: 900 },
    // Playwright's waitForFunction evaluates strings, which the workspace's CSP forbids. Bypassing
    // the CSP here also makes the markup test stricter: it checks the rendering itself, not the policy
    // (the policy header is asserted in tests/server/api_test.cpp).
    bypassCSP: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = context.pages()[0] || await context.newPage();
  page.on('dialog', (d) => d.accept('test note'));
});

after(async () => {
  if (context) await context.close();
  if (server) await stopServer(server);
  fs.rmSync(work, { recursive: true, force: true });
});

test('serve prints one link per annotator and one for the owner', () => {
  assert.deepEqual(Object.keys(links).sort(), ['alice', 'bob', 'owner']);
  assert.match(base, /^http:\/\/127\.0\.0\.1:\d+\/$/);
});

test('the login link signs in and opens the queue', async () => {
  await page.goto(links.alice);
  await page.waitForSelector('.queue li');
  assert.equal(await page.locator('#who').textContent(), 'annotator: alice');
  assert.equal(await page.locator('.queue li').count(), 13);
  assert.match(await page.locator('.queue-count').textContent(), /^0 of 13 finished$/);
  assert.ok(!page.url().includes('token='), 'the token is removed from the address bar');
});

let docId = 0;
let bodyIndex = 0;
let bodyText = '';

test('a span labelled with the mouse is saved with code point offsets', async () => {
  docId = await currentDocId();
  const doc = (await apiAs('alice', 'GET', `/documents/${docId}`)).json;
  const p = doc.passages.find((x) => x.role === 'body');
  bodyIndex = p.index;
  bodyText = p.text;
  // Drag over the passage's second word.
  const words = [...p.text.matchAll(/\S+/g)];
  const w = words[1];
  const cpStart = Array.from(p.text.slice(0, w.index)).length;
  const cpEnd = cpStart + Array.from(w[0]).length;
  const from = await charPoint(p.index, cpStart, 'left');
  const to = await charPoint(p.index, cpEnd - 1, 'right');
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 5 });
  await page.mouse.up();
  await page.locator('.cat[data-category="pejorative_label"]').click();
  await saved();
  await page.waitForSelector('#label-list li');
  const labels = (await apiAs('alice', 'GET', `/documents/${docId}`)).json.labels;
  assert.equal(labels.length, 1);
  assert.equal(labels[0].category, 'pejorative_label');
  assert.equal(labels[0].start, p.start + cpStart);
  assert.equal(labels[0].end, p.start + cpEnd);
  assert.equal(await page.locator('.seg.hl').count(), 1);
  assert.equal(await page.locator('.seg.hl').textContent(), w[0]);
});

test('a span labelled with the keyboard: ] selects a sentence, Tab picks the dimension, a key labels', async () => {
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press(']');
  await page.keyboard.press('Tab');  // loaded language -> claim support
  assert.match(await page.locator('.tabs button.active').textContent(), /Support for a factual claim/);
  await page.keyboard.press('4');   // unsupported
  await saved();
  const doc = (await apiAs('alice', 'GET', `/documents/${docId}`)).json;
  const p = doc.passages.find((x) => x.index === bodyIndex);
  const claim = doc.labels.find((l) => l.dimension === 'claim_support');
  assert.ok(claim, 'claim label stored');
  assert.equal(claim.category, 'unsupported');
  // The first sentence, without white space at its edges (selections are trimmed).
  const cps = Array.from(p.text);
  let [a, b] = [p.sentences[0][0] - p.start, p.sentences[0][1] - p.start];
  while (a < b && /\s/.test(cps[a])) a++;
  while (b > a && /\s/.test(cps[b - 1])) b--;
  assert.equal(claim.start, p.start + a);
  assert.equal(claim.end, p.start + b);
  assert.equal(bodyText, p.text);
});

test('a passage frame is set with the keyboard and shown on the passage', async () => {
  await page.keyboard.press('Tab');  // -> frame
  assert.match(await page.locator('.tabs button.active').textContent(), /Primary frame/);
  await page.keyboard.press('9');   // health_and_safety
  await saved();
  await page.waitForSelector(`#passage-${bodyIndex} .chip.set`);
  assert.match(await page.locator(`#passage-${bodyIndex} .chip.set`).textContent(), /frame: Health and safety/i);
  // Choosing another frame edits the label (history kept) instead of adding a second one.
  await page.keyboard.press('1');
  await saved();
  const doc = (await apiAs('alice', 'GET', `/documents/${docId}`)).json;
  const frames = doc.labels.filter((l) => l.dimension === 'frame');
  assert.equal(frames.length, 1);
  assert.equal(frames[0].category, 'economic');
  assert.ok(frames[0].supersedes, 'the edit supersedes the first frame label');
  if (shots) await page.screenshot({ path: path.join(shots, 'workspace-labelling.png') });
});

test('undo takes back the last change', async () => {
  await page.keyboard.press('u');
  await saved();
  const doc = (await apiAs('alice', 'GET', `/documents/${docId}`)).json;
  assert.equal(doc.labels.find((l) => l.dimension === 'frame').category, 'health_and_safety');
});

test('labels survive a reload and a server restart', async () => {
  await page.reload();
  await page.waitForSelector('#label-list li');
  assert.equal(await page.locator('#label-list li').count(), 3);
  const { code, out } = await stopServer(server);
  assert.equal(code, 0);
  assert.match(out, /stopped; every saved label is in/);
  server = await startServer();
  // --port 0 gives a new port, hence a new origin: sign in with the (unchanged) link again.
  await page.goto(links.alice);
  await page.waitForSelector('.ptext');
  await page.goto(base + '#doc/' + docId);
  await page.waitForFunction((id) => document.querySelector('.queue a.current') &&
    document.querySelector('.queue a.current').getAttribute('href') === '#doc/' + id, docId);
  await page.waitForSelector('#label-list li');
  assert.equal(await page.locator('#label-list li').count(), 3);
  assert.equal(await page.locator('.seg.hl').first().isVisible(), true);
  assert.match(await page.locator('#save-state').textContent(), /All changes saved/);
});

test('an article question is answered with the keyboard and a note is saved on a label', async () => {
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  while (!/Tone toward the issue/.test(await page.locator('.tabs button.active').textContent())) {
    await page.keyboard.press('Tab');
  }
  await page.keyboard.press('a');  // anti
  await saved();
  await page.waitForSelector('.cat.chosen[data-category="anti"]');
  const note = page.locator('#label-list li', { hasText: 'Pejorative label' }).locator('input.note');
  await note.fill('the word is loaded in this context');
  await note.press('Enter');
  await page.locator('h1').click();  // leave the field: the change event saves the note
  await saved();
  const doc = (await apiAs('alice', 'GET', `/documents/${docId}`)).json;
  assert.equal(doc.labels.find((l) => l.dimension === 'tone').category, 'anti');
  assert.equal(doc.labels.find((l) => l.dimension === 'loaded_language').note, 'the word is loaded in this context');
});

test('an article with <script> and <img onerror> shows them as text', async () => {
  const queue = (await apiAs('alice', 'GET', '/queue')).json;
  const evil = queue.documents.find((d) => d.title.startsWith('Markup'));
  assert.ok(evil);
  await page.goto(base + '#doc/' + evil.id);
  await page.waitForSelector('.ptext');
  await page.waitForTimeout(300);
  const text = await page.locator('.doc').textContent();
  assert.ok(text.includes('<script>window.__pwned=2</script>'));
  assert.ok(text.includes('<img src=x onerror="window.__pwned=3">'));
  assert.ok((await page.locator('h1').textContent()).includes('<img src=x onerror="window.__pwned=1">'));
  assert.equal(await page.locator('.doc img, .doc script, .doc b, .queue img').count(), 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
});

test('skip and flag move to the next document and show in the queue', async () => {
  await page.locator('#mark-flag').click();  // the dialog handler answers "test note"
  await page.waitForFunction(() => !/Markup/.test(document.querySelector('h1').textContent));
  const queue = (await apiAs('alice', 'GET', '/queue')).json;
  assert.equal(queue.finished, 1);
  assert.equal(queue.documents.find((d) => d.title.startsWith('Markup')).status, 'flagged');
});

test('the owner sees progress, compares two annotators and settles a disagreement', async () => {
  // bob frames the same passage differently.
  const r = await apiAs('bob', 'POST', '/labels', {
    document: docId, rubric: 'framing', dimension: 'frame', passage: bodyIndex, category: 'morality',
  });
  assert.equal(r.status, 201);
  const ownerPage = await context.newPage();
  await ownerPage.goto(links.owner);
  await ownerPage.waitForSelector('table');
  assert.equal(await ownerPage.locator('#who').textContent(), 'study owner');
  const progress = await ownerPage.locator('.owner').textContent();
  assert.ok(progress.includes('alice') && progress.includes('Meridian Wire'));
  if (shots) await ownerPage.screenshot({ path: path.join(shots, 'workspace-progress.png') });
  await ownerPage.goto(base + '#compare/' + docId);
  await ownerPage.waitForSelector('tr.differ');
  const row = ownerPage.locator('tr.differ').filter({ has: ownerPage.locator('td:first-child', { hasText: /^frame$/ }) });
  await row.locator('button.take', { hasText: 'Morality' }).click();
  await ownerPage.waitForFunction(() => [...document.querySelectorAll('tr.differ')]
    .some((tr) => tr.textContent.includes('frame') && tr.children[4].textContent.includes('Morality')));
  if (shots) await ownerPage.screenshot({ path: path.join(shots, 'workspace-compare.png') });
  const adjudicated = (await apiAs('owner', 'GET', `/compare?document=${docId}&a=alice&b=bob`)).json.adjudicated;
  assert.equal(adjudicated.length, 1);
  assert.equal(adjudicated[0].category, 'morality');
  // alice's own label is untouched.
  const mine = (await apiAs('alice', 'GET', `/documents/${docId}`)).json.labels.find((l) => l.dimension === 'frame');
  assert.equal(mine.category, 'health_and_safety');
  await ownerPage.close();
});

test('the page says what is wrong in its own words', async () => {
  const p2 = await context.newPage();
  // A hash-only navigation does not restart the page: reload so start() reads the link.
  const open = async (url) => { await p2.goto(url); await p2.reload(); };
  const expectToast = (text) => p2.waitForFunction((t) => {
    const el = document.getElementById('toast');
    return !el.hidden && el.textContent === t;
  }, text, { timeout: 5000 });
  const category = () => p2.locator('.cat[data-category="pejorative_label"]').click();
  const select = (fn) => p2.evaluate(fn);

  await p2.goto(base);
  await p2.evaluate(() => localStorage.removeItem('credence-token'));
  await p2.reload();
  await p2.waitForSelector('h1');
  assert.equal(await p2.locator('h1').textContent(), 'Sign in');
  assert.equal(await p2.locator('.owner p').textContent(),
    'Open the login link that the study owner gave you (it ends in #token=...).');
  await open(base + '#token=' + '0'.repeat(32));
  await p2.waitForFunction(() => document.querySelector('.owner p') &&
    document.querySelector('.owner p').textContent.startsWith('unknown'));
  assert.equal(await p2.locator('h1').textContent(), 'Sign in');
  assert.equal(await p2.locator('.owner p').textContent(),
    'unknown or revoked access token; ask the study owner for a new login link');

  await open(links.bob);
  await p2.waitForSelector('.ptext');
  await p2.locator('body').click({ position: { x: 5, y: 5 } });
  await p2.keyboard.press('u');
  await expectToast('Nothing to undo');
  await select(() => window.getSelection().removeAllRanges());
  await category();
  await expectToast('Select text in a passage first');
  await select(() => {
    const [a, b] = document.querySelectorAll('.ptext');
    const r = document.createRange();
    r.setStart(a.firstChild, 0);
    r.setEnd(b.firstChild, 1);
    window.getSelection().removeAllRanges();
    window.getSelection().addRange(r);
  });
  await category();
  await expectToast('select text within one passage');
  await select(() => {
    const walker = document.createTreeWalker(document.querySelector('.passage.role-body .ptext'), NodeFilter.SHOW_TEXT);
    let t;
    while ((t = walker.nextNode()) && !t.data.includes(' '));
    const r = document.createRange();
    r.setStart(t, t.data.indexOf(' '));
    r.setEnd(t, t.data.indexOf(' ') + 1);
    window.getSelection().removeAllRanges();
    window.getSelection().addRange(r);
  });
  await category();
  await expectToast('the selection is only white space');

  // A passage question with a passage that is not body text focused, on a document that has one.
  let withNonBody = 0;
  for (const d of (await apiAs('bob', 'GET', '/queue')).json.documents) {
    const full = (await apiAs('bob', 'GET', `/documents/${d.id}`)).json;
    if (full.passages.some((x) => x.role !== 'body') && full.passages.some((x) => x.role === 'body')) {
      withNonBody = d.id;
      break;
    }
  }
  assert.ok(withNonBody, 'one of bob\'s documents has a passage that is not body text');
  await p2.goto(base + '#doc/' + withNonBody);
  await p2.waitForFunction((id) => document.querySelector('.queue a.current') &&
    document.querySelector('.queue a.current').getAttribute('href') === '#doc/' + id, withNonBody);
  await p2.waitForSelector('.passage.nonbody .phead');
  await p2.locator('.passage.nonbody .phead').first().click();
  while (!/Primary frame/.test(await p2.locator('.tabs button.active').textContent())) await p2.keyboard.press('Tab');
  await p2.keyboard.press('1');
  await expectToast('Focus a body passage first (click it, or j/k)');

  // A save the server refuses: the frame label was changed elsewhere after the page loaded it.
  await p2.keyboard.press('j');
  await p2.keyboard.press('1');
  await p2.waitForFunction(() => document.getElementById('save-state').textContent === 'All changes saved');
  const docNow = Number(new URL(p2.url()).hash.split('/')[1]);
  const focused = Number(await p2.locator('.passage.focused').getAttribute('data-index'));
  const mine = (await apiAs('bob', 'GET', `/documents/${docNow}`)).json.labels
    .find((l) => l.dimension === 'frame' && l.passage === focused);
  assert.equal(mine.category, 'economic');
  const changed = await apiAs('bob', 'PUT', `/labels/${mine.id}`, { category: 'morality' });
  assert.equal(changed.status, 200);
  await p2.keyboard.press('2');
  const refused = `label ${mine.id} was changed meanwhile (the current version is ${changed.json.id}); ` +
    'reload the document and edit again';
  await p2.waitForFunction(() => document.getElementById('save-state').textContent.startsWith('Not saved'));
  assert.equal(await p2.locator('#save-state').textContent(), 'Not saved: ' + refused);
  await p2.close();
});
