// Real-browser test of charla's web page: a real host, a real desktop
// participant (charla join --headless --json) and Debian's Chromium in a
// phone-sized context. Exit 0 = pass; otherwise the failing step is printed.
//
//   node browser_test.mjs [PATH/TO/charla]     (or CHARLA_BIN=...)
//
// CHARLA_WEB_BRIDGE=CMD (development only, before the host serves /ws): the
// host listens on a second port and CMD is run as `CMD WEBDIR PORT HOSTPORT`
// to serve the page and bridge each WebSocket to the host's TCP port.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const bin = resolve(process.argv[2] || process.env.CHARLA_BIN || join(repo, 'build', 'app', 'charla'));
const bridge = process.env.CHARLA_WEB_BRIDGE || '';
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const shots = process.env.SHOTS_DIR || '/tmp';
const work = mkdtempSync(join(tmpdir(), 'charla-web-'));
const transcript = join(work, 'transcript.jsonl');
const PIN = '1234';
const HEARTBEAT_S = 2; // the host's ping interval: a silent host is dead after 3 of them
const FIDELITY = '¡Ñandú! ¿Qué tal? 😀👩‍👩‍👧 مرحبا';
const XSS = ['<img src=x onerror=alert(1)>', '</script><b>x'];

const started = [];   // every process this test started: {name, child}
let browser = null;
let step = 0;
let passed = 0;
const problems = [];  // console errors, page errors, dialogs

const fail = (msg) => { throw new Error(msg); };
const log = (...a) => console.log(...a);

// Waits for pred() to be truthy, at most ms; polls every 25 ms.
async function until(pred, ms, what) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await pred();
    if (v) return v;
    if (Date.now() > end) fail(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); });
  });
}

// Starts a process and keeps its output as lines.
function start(name, cmd, args, opts = {}) {
  const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], ...opts });
  const p = { name, child, lines: [], err: '', exited: null };
  let buf = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d) => {
    buf += d;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) { p.lines.push(buf.slice(0, i)); buf = buf.slice(i + 1); }
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => { p.err += d; });
  child.on('exit', (code, sig) => { p.exited = { code, sig }; });
  child.on('error', (e) => { p.exited = { error: e.message }; });
  started.push(p);
  return p;
}
async function stop(p, signal = 'SIGTERM') {
  if (p.exited) return;
  try { process.kill(p.child.pid, signal); } catch { return; }
  await until(() => p.exited, 5000, `${p.name} (pid ${p.child.pid}) to exit`).catch(() => {
    try { process.kill(p.child.pid, 'SIGKILL'); } catch { /* gone */ }
  });
}

async function startHost(port, name = 'host', args = ['--room', 'Aula 3', '--pin', PIN, '--transcript', transcript]) {
  const h = start(name, bin, ['host', '--headless', '--bind', '127.0.0.1', '--port', String(port),
    ...args, '--heartbeat', String(HEARTBEAT_S)]);
  await until(() => h.lines.some((l) => l.includes('listening on')) || h.exited, 10000, `${name} to listen`);
  if (h.exited) fail(`${name} exited: ${JSON.stringify(h.exited)} ${h.err}${h.lines.join('\n')}`);
  return h;
}

// The URL in the QR code the host printed after "scan to join:", as a
// decoder we did not write (zbarimg) reads it: the printed blocks drawn as
// a picture, 4 pixels a module. Each line is two rows of modules
// (█ both dark, ▀ the upper, ▄ the lower).
function scanHostQr(h) {
  const at = h.lines.findIndex((l) => l.startsWith('scan to join: '));
  if (at < 0) fail(`${h.name} printed no QR code:\n${h.lines.join('\n')}`);
  const text = [];
  for (let i = at + 1; i < h.lines.length && /^[ █▀▄]+$/.test(h.lines[i]); i++) text.push([...h.lines[i]]);
  const rows = [];
  for (const line of text) {
    rows.push(line.map((g) => g === '█' || g === '▀'));
    rows.push(line.map((g) => g === '█' || g === '▄'));
  }
  const px = 4, w = rows[0].length * px, hgt = rows.length * px;
  const pixels = Buffer.alloc(w * hgt);
  for (let y = 0; y < hgt; y++) for (let x = 0; x < w; x++) pixels[y * w + x] = rows[(y / px) | 0][(x / px) | 0] ? 0 : 255;
  const file = join(work, 'host-qr.pgm');
  writeFileSync(file, Buffer.concat([Buffer.from(`P5\n${w} ${hgt}\n255\n`), pixels]));
  const r = spawnSync('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Sqrcode.enable', file], { encoding: 'utf8' });
  if (r.error) fail(`zbarimg: ${r.error.message} (apt-get install zbar-tools)`);
  const url = r.stdout.trim();
  if (!url) fail(`zbarimg read nothing in the ${text.length} lines of QR code ${h.name} printed`);
  return { url, printed: h.lines[at].slice('scan to join: '.length), lines: text.length };
}

// The desktop participant's JSON events.
const events = (d) => d.lines.map((l) => { try { return JSON.parse(l); } catch { return null; } }).filter(Boolean);
const msgs = (d) => events(d).filter((e) => e.type === 'msg' || (e.mensaje !== undefined && !e.type));

async function shot(page, label) {
  const slug = label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 32);
  const f = join(shots, `charla-web-${String(++step).padStart(2, '0')}-${slug}.png`);
  await page.screenshot({ path: f });
  return f;
}
async function ok(label, page) {
  passed++;
  const f = page ? await shot(page, label) : '';
  log(`ok ${passed} - ${label}${f ? '  [' + f + ']' : ''}`);
}

// The page's log as data: every message with its text, own flag and status.
const logState = (page) => page.$$eval('#log li.msg', (lis) => lis.map((li) => ({
  text: li.querySelector('.text').textContent,
  autor: li.querySelector('.autor').textContent,
  own: li.classList.contains('own'),
  pending: li.classList.contains('pending'),
  status: li.querySelector('.status').textContent,
})));

async function sendFromPage(page, textValue) {
  await page.fill('#text', textValue);
  await page.tap('#send');
  await until(async () => (await page.inputValue('#text')) === '', 3000, 'the composer to clear after Send');
}
async function waitConfirmed(page, textValue, ms = 10000) {
  await until(async () => (await logState(page)).some((m) => m.own && m.text === textValue && m.status === '✓'),
    ms, `✓ on "${textValue}"`);
}

// The page's address: the host itself, or (development) a bridge in front of it.
async function serve(port, hostPort) {
  if (bridge) {
    const b = start('bridge', bridge, [join(repo, 'web'), String(port), String(hostPort)]);
    await until(() => b.lines.length > 0 || b.exited, 10000, 'the bridge to listen');
    if (b.exited) fail(`bridge exited: ${b.err}`);
  }
  return `http://127.0.0.1:${port}`;
}

// A room without a PIN (seed clients cannot send one): the page and a seed client talk.
async function seedRoom() {
  const port = await freePort();
  const hostPort = bridge ? await freePort() : port;
  const h = await startHost(hostPort, 'host (seed room)', ['--room', 'Aula 4', '--rate', '1', '--burst', '2']);
  const base = await serve(port, hostPort);
  const seed = start('seed client', 'python3', [join(repo, 'tests', 'interop', 'seed_client.py'), '127.0.0.1',
    String(hostPort), '--name', 'Semilla', '--linger', '30']);
  await until(() => seed.lines.includes('CONNECTED') || seed.exited, 10000, 'the seed client to connect');
  if (seed.exited) fail(`seed client exited: ${seed.err}`);
  seed.child.stdin.write('hola desde la semilla ¡ñ!\n');
  await until(() => h.lines.some((l) => l.includes('Semilla joined')), 10000, 'the seed client to join');
  const ctx = await browser.newContext({ viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true,
    locale: 'en-US', deviceScaleFactor: 2 });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => problems.push('page error (seed room): ' + e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console error (seed room): ' + m.text()); });
  await page.goto(base + '/');
  await page.fill('#name', 'Ana');
  await page.tap('#join-btn');
  await page.waitForSelector('#chat:not([hidden])');
  await until(async () => (await logState(page)).some((m) => m.autor === 'Semilla' && m.text === 'hola desde la semilla ¡ñ!'),
    10000, 'the seed client\'s message in the page');
  const tags = await page.$$eval('#members li', (lis) => lis.map((li) => li.textContent));
  if (!tags.some((x) => x.startsWith('Semilla') && x.includes('old client'))) fail(`the seed client is not marked: ${tags}`);
  await sendFromPage(page, 'hola, semilla 😀');
  await waitConfirmed(page, 'hola, semilla 😀');
  await until(() => seed.lines.some((l) => l.startsWith('MSG ') && JSON.parse(l.slice(4)).mensaje === 'hola, semilla 😀'
    && JSON.parse(l.slice(4)).autor === 'Ana'), 10000, 'the seed client to receive the page\'s message');
  // Rate limit (1/s, burst 2): a quick run of 5 gets rate_limited, each is sent again later, all arrive once.
  const run = ['r1', 'r2', 'r3', 'r4', 'r5'];
  for (const x of run) await sendFromPage(page, x);
  await until(async () => (await logState(page)).some((m) => m.status.includes('too fast')), 5000, 'a "too fast" status');
  await shot(page, 'rate-limited');
  for (const x of run) await waitConfirmed(page, x, 20000);
  const seedGot = (x) => seed.lines.filter((l) => l.startsWith('MSG ') && JSON.parse(l.slice(4)).mensaje === x).length;
  await until(() => run.every((x) => seedGot(x) >= 1), 10000, 'the seed client to get r1..r5');
  const counts = run.map((x) => (async () => (await logState(page)).filter((m) => m.text === x).length));
  for (let i = 0; i < run.length; i++) if ((await counts[i]()) !== 1 || seedGot(run[i]) !== 1) fail(`"${run[i]}" not exactly once`);
  await ok('rate_limited: "too fast" shown, the 5 messages sent again later, each exactly once (page and seed client)', page);
  await page.tap('#people-btn');
  await ok('room without PIN: a seed client and the page talk both ways; the seed client is marked "old client"', page);
  await ctx.close();
  await stop(seed);
  await stop(h);
}

// A room of two seats, moderated from the host's console (its stdin): a page
// that finds the room full says so and gets in once a seat frees; a kicked
// page says why, in its form, and never tries again.
async function moderatedRoom() {
  const port = await freePort();
  const h = await startHost(port, 'host (two seats)', ['--room', 'Aula 5', '--max-participants', '2']);
  const base = `http://127.0.0.1:${port}`;
  const desk = start('desktop (two seats)', bin, ['join', `127.0.0.1:${port}`, '--name', 'Profe', '--headless', '--json']);
  await until(() => events(desk).some((e) => e.type === 'status' && e.state === 'connected') || desk.exited,
    10000, 'the desktop participant to connect');
  const phone = async (name) => {
    const ctx = await browser.newContext({ viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true,
      locale: 'en-US', deviceScaleFactor: 2 });
    const p = await ctx.newPage();
    p.on('pageerror', (e) => problems.push(`page error (${name}): ` + e.message));
    await p.goto(base + '/');
    await p.fill('#name', name);
    await p.tap('#join-btn');
    return { ctx, p };
  };
  const ana = await phone('Ana');
  await ana.p.waitForSelector('#chat:not([hidden])');
  const bea = await phone('Bea');
  await until(async () => (await bea.p.textContent('#banner')).includes('The room is full'), 10000, 'the "room is full" banner');
  await ok('room full (2 seats): the page says "The room is full. Trying again…"', bea.p);

  const helloOfAna = () => h.lines.filter((l) => /hello .* of Ana\b/.test(l)).length;
  const hellosBefore = helloOfAna();
  const kickedAt = Date.now();
  h.child.stdin.write('/kick Ana fuera de tema\n');
  await until(async () => (await ana.p.textContent('#join-error')) === 'The host removed you from this room: “fuera de tema”',
    10000, 'the kicked sentence with the reason');
  if (!(await ana.p.isDisabled('#join-btn'))) fail('the kicked page can still join');
  await until(() => events(desk).some((e) => e.type === 'leave' && e.autor === 'Ana' && e.reason === 'kicked'), 10000,
    'the desktop participant to see Ana removed');
  // The freed seat: Bea's retries get her in.
  await bea.p.waitForSelector('#chat:not([hidden])', { timeout: 25000 });
  // No retry from the kicked page, for at least 3 s (its first retry would come after 0.5 s).
  await until(() => Date.now() - kickedAt >= 3000, 5000, '3 s after the kick');
  if (helloOfAna() !== hellosBefore) fail(`the kicked page connected again: ${h.lines.filter((l) => / of Ana\b/.test(l)).join(' | ')}`);
  await ok('/kick at the host\'s console: the page says why and never tries again; the room-full page got the seat', ana.p);
  await ana.ctx.close();
  await bea.ctx.close();
  await stop(desk);
  await stop(h);
}

async function main() {
  if (!existsSync(bin)) fail(`no charla binary at ${bin} (give its path as the argument or CHARLA_BIN)`);
  if (!existsSync(chromiumPath)) fail(`no Chromium at ${chromiumPath} (apt-get install -y chromium)`);

  const port = await freePort();
  const hostPort = bridge ? await freePort() : port;
  let host = await startHost(hostPort);
  const base = await serve(port, hostPort);

  // The page and its files: under 40 KB in all.
  let total = 0;
  for (const p of ['/', '/app.js', '/app.css']) {
    const r = await fetch(base + p).catch((e) => fail(`GET ${p} from the host failed (${e.cause?.code || e.message}): `
      + 'does this host serve the page? (before it does, set CHARLA_WEB_BRIDGE)'));
    if (r.status !== 200) fail(`GET ${p}: ${r.status}`);
    const csp = r.headers.get('content-security-policy') || '';
    if (!csp.includes("default-src 'self'")) fail(`GET ${p}: no CSP (${csp})`);
    total += (await r.arrayBuffer()).byteLength;
  }
  if (total >= 40 * 1024) fail(`the page and its files are ${total} bytes, over 40 KB`);
  await ok(`page, app.js and app.css served, ${total} bytes in all (< 40960)`);

  // The desktop participant.
  const desk = start('desktop', bin, ['join', `127.0.0.1:${hostPort}`, '--name', 'Profe', '--pin', PIN, '--headless', '--json']);
  await until(() => events(desk).some((e) => e.type === 'status' && e.state === 'connected') || desk.exited,
    10000, 'the desktop participant to connect');
  if (desk.exited) fail(`desktop participant exited: ${desk.err}`);
  const deskSay = (s) => desk.child.stdin.write(s + '\n');
  await ok('desktop participant connected');

  browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless=new', '--no-sandbox'] });
  const context = await browser.newContext({
    viewport: { width: 360, height: 640 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'en-US',
  });
  const page = await context.newPage();
  const cutPhase = { on: false };
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // While the host is down or frozen on purpose, the browser logs the refused or abandoned WebSocket.
    if (cutPhase.on && /WebSocket connection to .* failed|WebSocket is closed before the connection is established/.test(m.text())) return;
    problems.push('console error: ' + m.text());
  });
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('dialog', (d) => { problems.push('dialog: ' + d.message()); d.dismiss().catch(() => {}); });
  page.setDefaultTimeout(10000);

  // Join from the URL in the QR code the host printed, with the PIN in the
  // fragment; the fragment leaves the URL.
  const qr = scanHostQr(host);
  if (qr.url !== `${base}/#pin=${PIN}` || qr.printed !== qr.url) {
    fail(`the host's QR code reads ${qr.url} (printed beside it: ${qr.printed}), expected ${base}/#pin=${PIN}`);
  }
  await page.goto(qr.url);
  if ((await page.inputValue('#pin')) !== PIN) fail('the PIN was not taken from #pin=');
  if (page.url().includes('#') || page.url().includes(PIN)) fail(`the fragment is still in the URL: ${page.url()}`);
  if (await page.evaluate(() => document.activeElement && document.activeElement.tagName === 'INPUT')) {
    fail('an input has focus on a touch device (the keyboard would pop up)');
  }
  await ok(`the host's printed QR code (${qr.lines} lines) read by zbarimg as ${qr.url}; PIN filled from #pin=, fragment gone from the URL, no autofocus on touch`, page);
  await page.fill('#name', 'Ana');
  await page.tap('#join-btn');
  await page.waitForSelector('#chat:not([hidden])');
  await until(async () => {
    const names = await page.$$eval('#members .autor', (els) => els.map((e) => e.textContent));
    return names.includes('Ana') && names.includes('Profe');
  }, 10000, 'members Ana and Profe');
  if ((await page.textContent('#room')) !== 'Aula 3') fail('the room name is not shown');
  await page.tap('#people-btn');
  await ok('joined as Ana; room "Aula 3"; members Ana and Profe listed', page);
  await page.tap('#people-btn');
  const session = await page.evaluate(() => sessionStorage.getItem('charla.session'));
  if (!/^[0-9a-f]{32}$/.test(session || '')) fail(`bad session ${session}`);
  if (await page.evaluate(() => document.cookie !== '')) fail('the page set a cookie');

  // Page → desktop, with ✓.
  await sendFromPage(page, 'Hola desde el móvil');
  await waitConfirmed(page, 'Hola desde el móvil');
  await until(() => msgs(desk).some((m) => m.autor === 'Ana' && m.mensaje === 'Hola desde el móvil'), 10000,
    'the desktop participant to receive the page\'s message');
  if (!(await page.evaluate(() => document.activeElement && document.activeElement.id === 'text'))) {
    fail('the composer lost focus after Send');
  }
  await ok('page sends: ✓ shown, desktop participant received it, focus kept in the composer', page);
  await page.fill('#text', 'línea 1');
  await page.press('#text', 'Enter');
  await page.type('#text', 'línea 2');
  if ((await page.inputValue('#text')) !== 'línea 1\nlínea 2') fail('on touch, Enter is not a newline');
  await page.tap('#send');
  await waitConfirmed(page, 'línea 1\nlínea 2');
  await until(() => msgs(desk).some((m) => m.mensaje === 'línea 1\nlínea 2'), 10000, 'the two-line message at the desktop');
  await ok('touch: Enter is a newline, Send sends both lines', page);

  // Desktop → page.
  deskSay('Hola, Ana. ¿Me lees?');
  await until(async () => (await logState(page)).some((m) => !m.own && m.autor === 'Profe' && m.text === 'Hola, Ana. ¿Me lees?'),
    10000, 'the page to show the desktop\'s message');
  await ok('desktop sends: the page shows it', page);

  // Text fidelity both ways, byte for byte.
  await sendFromPage(page, FIDELITY);
  await waitConfirmed(page, FIDELITY);
  const got = await until(() => msgs(desk).find((m) => m.autor === 'Ana' && m.mensaje === FIDELITY), 10000,
    'the desktop participant to receive the fidelity text');
  if (!Buffer.from(got.mensaje, 'utf8').equals(Buffer.from(FIDELITY, 'utf8'))) fail('fidelity: bytes differ page → desktop');
  deskSay(FIDELITY);
  await until(async () => (await logState(page)).some((m) => !m.own && m.text === FIDELITY), 10000,
    'the page to show the desktop\'s fidelity text');
  const shown = (await logState(page)).filter((m) => !m.own && m.text === FIDELITY);
  if (!Buffer.from(shown[0].text, 'utf8').equals(Buffer.from(FIDELITY, 'utf8'))) fail('fidelity: bytes differ desktop → page');
  await ok(`text fidelity both ways: ${Buffer.byteLength(FIDELITY)} bytes exact`, page);

  // A lone surrogate (not UTF-8) goes out as U+FFFD.
  await page.evaluate(() => { document.getElementById('text').value = 'solo \uD83D aquí'; });
  await page.tap('#send');
  await waitConfirmed(page, 'solo \uFFFD aquí');
  await until(() => msgs(desk).some((m) => m.mensaje === 'solo \uFFFD aquí'), 10000, 'the desktop to get U+FFFD for the lone surrogate');
  await ok('a lone surrogate is sent as U+FFFD', page);

  // XSS corpus, both ways: shown as text, nothing created, no dialog.
  for (const x of XSS) { await sendFromPage(page, x); await waitConfirmed(page, x); deskSay(x); }
  for (const x of XSS) {
    await until(async () => (await logState(page)).some((m) => !m.own && m.text === x), 10000, `the desktop's "${x}"`);
    await until(() => msgs(desk).some((m) => m.autor === 'Ana' && m.mensaje === x), 10000, `the desktop to get "${x}"`);
  }
  const injected = await page.$$eval('#log img, #log b, #log script', (e) => e.length);
  if (injected) fail(`the XSS corpus created ${injected} element(s) in the log`);
  if (problems.some((p) => p.startsWith('dialog'))) fail('a dialog opened');
  await ok('XSS corpus shown as text both ways: no <img>/<b>/<script> in the log, no dialog', page);

  // Reload: same participant, no duplicated history, no leave/join seen by the desktop.
  const before = await logState(page);
  const deskEventsBefore = events(desk).length;
  await page.reload();
  await page.waitForSelector('#chat:not([hidden])');
  await until(async () => (await logState(page)).length >= before.length, 10000, 'the replay after the reload');
  await until(async () => (await page.textContent('#banner')) === '', 5000, 'the banner to clear after the reload');
  // Give any duplicate a chance to show: the desktop says something and we wait for it.
  deskSay('después de recargar');
  await until(async () => (await logState(page)).some((m) => m.text === 'después de recargar'), 10000, 'a message after the reload');
  const after = (await logState(page)).filter((m) => m.text !== 'después de recargar');
  const key = (m) => `${m.autor}|${m.own}|${m.text}`;
  if (JSON.stringify(after.map(key)) !== JSON.stringify(before.map(key))) {
    fail(`history differs after the reload:\nbefore ${JSON.stringify(before.map(key))}\nafter  ${JSON.stringify(after.map(key))}`);
  }
  if ((await page.evaluate(() => sessionStorage.getItem('charla.session'))) !== session) fail('the reload changed the session');
  const churn = events(desk).slice(deskEventsBefore).filter((e) => (e.type === 'join' || e.type === 'leave') && e.autor === 'Ana');
  if (churn.length) fail(`the reload was seen as ${churn.map((e) => e.type).join('/')} by the desktop`);
  if (!(await logState(page)).filter((m) => m.own).every((m) => m.status === '✓')) fail('own messages not ✓ after the reload');
  await ok(`reload: same session, the same ${after.length} messages once each, no leave/join`, page);

  // Composer: over the limit refused, text stays; Enter on touch is a newline.
  const big = 'x'.repeat(8193);
  await page.fill('#text', big);
  await page.tap('#send');
  if ((await page.inputValue('#text')) !== big) fail('an over-limit text left the box');
  if (!(await page.textContent('#counter')).includes('8193')) fail('the counter does not show the size over the limit');
  await ok('8193 bytes refused, text kept, counter shown', page);
  await page.fill('#text', '');

  // The host cut: kill it, type meanwhile, start it again on the same port and transcript.
  cutPhase.on = true;
  await stop(host, 'SIGKILL');
  await until(async () => (await page.textContent('#banner')).includes('Reconnecting'), 15000, 'the "Reconnecting…" banner');
  const during = 'escrito sin conexión';
  await sendFromPage(page, during);
  await until(async () => (await logState(page)).some((m) => m.text === during && m.pending && m.status.includes('sending')),
    3000, 'the message queued as "sending…"');
  await ok('host killed: banner "Reconnecting…", message queued as sending…', page);
  host = await startHost(hostPort, 'host (restarted)');
  await waitConfirmed(page, during, 20000);
  await until(async () => (await page.textContent('#banner')) === '', 5000, 'the banner to clear');
  await until(() => msgs(desk).some((m) => m.mensaje === during), 20000, 'the desktop to get the message typed meanwhile');
  // Exactly once: in the page, at the desktop, in the transcript.
  deskSay('fin');
  await until(async () => (await logState(page)).some((m) => m.text === 'fin'), 15000, 'the last message');
  await until(() => msgs(desk).some((m) => m.mensaje === 'fin'), 15000, 'the desktop to get its own last message');
  const nPage = (await logState(page)).filter((m) => m.text === during).length;
  const nDesk = msgs(desk).filter((m) => m.mensaje === during).length;
  const nFile = readFileSync(transcript, 'utf8').split('\n').filter((l) => l && JSON.parse(l).mensaje === during).length;
  if (nPage !== 1 || nDesk !== 1 || nFile !== 1) fail(`message typed meanwhile: page ${nPage}, desktop ${nDesk}, transcript ${nFile} (want 1 each)`);
  cutPhase.on = false;
  await ok('host restarted: reconnected, the message typed meanwhile delivered exactly once (page, desktop, transcript)', page);

  // A hidden tab counts what it misses in the title; the unread marker shows where.
  await page.evaluate(() => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  for (const x of ['uno', 'dos', 'tres']) deskSay(x);
  await until(async () => (await page.title()) === '(3) charla', 10000, 'the title "(3) charla"');
  await page.evaluate(() => {
    delete document.hidden; delete document.visibilityState;
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await until(async () => (await page.title()) === 'charla', 3000, 'the title back to "charla"');
  const order = await page.$$eval('#log li', (lis) => lis.map((li) => (li.classList.contains('unread') ? 'UNREAD' : li.querySelector('.text')?.textContent)));
  if (order.indexOf('UNREAD') !== order.indexOf('uno') - 1) fail(`the unread marker is not before "uno": ${JSON.stringify(order.slice(-6))}`);
  await ok('hidden tab: title "(3) charla", unread marker before the first missed message', page);

  // A frozen host (SIGSTOP): silence on the read socket, dead after 3 pings' time.
  cutPhase.on = true;
  process.kill(host.child.pid, 'SIGSTOP');
  const frozeAt = Date.now();
  await until(async () => (await page.textContent('#banner')).includes('Reconnecting'), 3 * HEARTBEAT_S * 1000 + 4000,
    'the page to notice the frozen host');
  const noticed = Date.now() - frozeAt;
  process.kill(host.child.pid, 'SIGCONT');
  await until(async () => (await page.textContent('#banner')) === '', 20000, 'the page to reconnect to the thawed host');
  await sendFromPage(page, 'de vuelta');
  await waitConfirmed(page, 'de vuelta');
  cutPhase.on = false;
  await ok(`frozen host noticed after ${noticed} ms (heartbeat ${HEARTBEAT_S} s), reconnected after SIGCONT`, page);

  // No horizontal scroll at 360 px.
  const wide = await page.evaluate(() => document.documentElement.scrollWidth > innerWidth);
  if (wide) fail('horizontal scroll at 360 px');
  if (problems.length) fail('problems in the page:\n  ' + problems.join('\n  '));
  await ok('no horizontal scroll at 360 px; no console errors, page errors or dialogs', page);

  // The race behind the keyboard step, made certain: the reader gets back to
  // the bottom and, in the same frame, the history's box shrinks by more
  // than the 80 px that count as "at the bottom" (the composer grows). The
  // scroll event then comes after the shrink; judged against the new box it
  // would unpin the reader and the newest message would stay hidden under
  // the composer.
  await page.evaluate(async () => {
    const log = document.getElementById('log');
    log.scrollTop = 0;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  });
  const gap = await page.evaluate(async () => {
    const twoFrames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const log = document.getElementById('log');
    const text = document.getElementById('text');
    const before = log.clientHeight;
    log.scrollTop = log.scrollHeight;
    text.style.height = (text.offsetHeight + 160) + 'px';
    await twoFrames();
    await twoFrames();
    const shrunk = before - log.clientHeight;
    const last = [...log.querySelectorAll('li.msg')].pop().getBoundingClientRect();
    const box = log.getBoundingClientRect();
    text.style.height = '';
    return { shrunk, hidden: Math.max(0, last.bottom - box.bottom) };
  });
  if (gap.shrunk <= 80) fail(`the history's box shrank by ${gap.shrunk} px only: the step proves nothing`);
  if (gap.hidden > 0.5) fail(`back at the bottom as the box shrank by ${gap.shrunk} px: the newest message is ${gap.hidden} px under the composer`);
  await ok(`back at the bottom as the history's box shrinks by ${gap.shrunk} px in the same frame: the newest message stays in view`, page);

  // The keyboard open: a phone gives the page 360×300 (the page asks for
  // interactive-widget=resizes-content). The composer, Send and the last
  // message stay in view; text fields are 16 px or more, so focusing one
  // does not zoom the page.
  // The message comes first, then the keyboard: the history's box shrinks
  // under the newest message, which must stay in view.
  await deskSay('antes del teclado');
  await until(async () => (await logState(page)).some((m) => m.text === 'antes del teclado'), 10000,
    'a message before the keyboard opens');
  await page.setViewportSize({ width: 360, height: 300 });
  await page.focus('#text');
  // In view: the last element `sel` matches lies inside the viewport.
  const inView = async (sel) => page.$$eval(sel, (els) => {
    const r = els.length ? els[els.length - 1].getBoundingClientRect() : null;
    return !!r && r.height > 0 && r.top >= 0 && r.bottom <= innerHeight + 0.5 && r.left >= 0 && r.right <= innerWidth + 0.5;
  });
  await until(async () => (await inView('#text')) && (await inView('#send')) && (await inView('#log li.msg')),
    3000, 'the composer, Send and the last message in view at 360×300');
  const smallest = await page.$$eval('input, textarea', (els) => Math.min(...els.map((e) => parseFloat(getComputedStyle(e).fontSize))));
  if (smallest < 16) fail(`a text field has ${smallest} px text: focusing it would zoom the page`);
  const meta = await page.$eval('meta[name=viewport]', (m) => m.content);
  if (/maximum-scale|user-scalable\s*=\s*no/.test(meta)) fail(`the page forbids zooming: ${meta}`);
  await ok('keyboard open (360×300): composer, Send and the newest message still in view; text fields ≥ 16 px; zoom allowed', page);
  await page.setViewportSize({ width: 360, height: 640 });

  // A desktop browser: Enter sends, Shift+Enter is a newline, nothing is sent during IME composition.
  const dctx = await browser.newContext({ viewport: { width: 1100, height: 700 }, locale: 'en-GB' });
  const d = await dctx.newPage();
  d.on('pageerror', (e) => problems.push('page error (desktop): ' + e.message));
  d.on('console', (m) => { if (m.type() === 'error') problems.push('console error (desktop): ' + m.text()); });
  await d.goto(`${base}/#pin=${PIN}`);
  await d.fill('#name', 'Ben');
  await d.press('#name', 'Enter');
  await d.waitForSelector('#chat:not([hidden])');
  if (!(await d.evaluate(() => document.activeElement.id === 'text'))) fail('desktop: the composer has no focus after joining');
  await d.type('#text', 'uno');
  await d.keyboard.down('Shift'); await d.keyboard.press('Enter'); await d.keyboard.up('Shift');
  await d.type('#text', 'dos');
  const composing = await d.evaluate(() => {
    const t = document.getElementById('text');
    t.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', isComposing: true, bubbles: true, cancelable: true }));
    t.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', keyCode: 229, bubbles: true, cancelable: true }));
    return t.value;
  });
  if (composing !== 'uno\ndos') fail(`desktop: Enter during composition changed the box: ${JSON.stringify(composing)}`);
  await d.press('#text', 'Enter');
  await waitConfirmed(d, 'uno\ndos');
  await until(() => msgs(desk).some((m) => m.autor === 'Ben' && m.mensaje === 'uno\ndos'), 10000, 'Ben\'s message at the desktop');
  if (!(await d.evaluate(() => document.activeElement.id === 'text'))) fail('desktop: focus left the composer');
  await ok('desktop browser: Shift+Enter newline, Enter sends, not during IME composition', d);
  await dctx.close();

  await seedRoom();
  await moderatedRoom();

  // Spanish from navigator.language, dark from prefers-color-scheme.
  const es = await browser.newContext({ viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true,
    locale: 'es-ES', colorScheme: 'dark', deviceScaleFactor: 2 });
  const p2 = await es.newPage();
  p2.on('pageerror', (e) => problems.push('page error (es): ' + e.message));
  await p2.goto(base + '/');
  if ((await p2.textContent('#join-btn')) !== 'Entrar') fail('no Spanish for es-ES');
  await p2.fill('#name', 'profe');
  await p2.fill('#pin', PIN);
  await p2.tap('#join-btn');
  await until(async () => (await p2.textContent('#join-error')).includes('nombre'), 10000, 'the name_taken sentence');
  await ok('Spanish page, dark scheme; name_taken ("profe" vs "Profe") explained', p2);
  await p2.fill('#name', 'Bea');
  await p2.fill('#pin', '9999');
  await p2.tap('#join-btn');
  await until(async () => (await p2.textContent('#join-error')).includes('PIN'), 10000, 'the bad_pin sentence');
  await ok('bad_pin explained', p2);
  if (problems.length) fail('problems in the page:\n  ' + problems.join('\n  '));
}

let code = 0;
try {
  await main();
  log(`PASS: ${passed} steps`);
} catch (e) {
  code = 1;
  console.error(`FAIL after ${passed} steps: ${e.message}`);
  for (const p of started) if (p.err.trim()) console.error(`--- ${p.name} stderr:\n${p.err.slice(-2000)}`);
  const h = started.filter((p) => p.name.startsWith('host'));
  for (const p of h) console.error(`--- ${p.name} log (tail):\n${p.lines.slice(-30).join('\n')}`);
} finally {
  if (browser) await browser.close().catch(() => {});
  for (const p of started.reverse()) await stop(p);
}
process.exit(code);
