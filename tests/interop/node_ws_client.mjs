// A participant on Node's `ws` package (npm, pinned in tests/web/package-lock.json):
// a second WebSocket library we did not write. Same protocol on stdout and
// stdin as websockets_client.py:
//   CONNECTED · MSG {"autor":..,"mensaje":..} · ERROR {...} · CLOSED
// Usage: node node_ws_client.mjs HOST PORT --name NAME [--bind SRC_IP] [--linger 1.0]
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(join(dirname(fileURLToPath(import.meta.url)), '..', 'web', 'package.json'));
const WebSocket = require('ws');

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const [host, port] = args;
const name = option('--name');
const bind = option('--bind');
const linger = Number(option('--linger', '1.0'));
const say = (line) => process.stdout.write(line + '\n');

const session = randomBytes(16).toString('hex');
const hello = { v: 1, session, autor: name };
const url = `ws://${host}:${port}/ws`;
const options = bind ? { localAddress: bind } : {};

const reader = new WebSocket(url, options);
reader.on('open', () => reader.send(JSON.stringify({ type: 'read', ...hello })));
reader.on('message', (data) => {
  const event = JSON.parse(String(data));
  if (event.type === 'welcome') say('CONNECTED');
  else if (event.type === 'msg') say('MSG ' + JSON.stringify({ autor: event.autor, mensaje: event.mensaje }));
  else if (event.type === 'error') say('ERROR ' + JSON.stringify(event));
});
reader.on('close', () => say('CLOSED'));
reader.on('error', (e) => say('ERROR ' + JSON.stringify({ problem: String(e.message) })));

const writer = new WebSocket(url, options);
const opened = new Promise((resolve) => writer.on('open', resolve));
writer.on('open', () => writer.send(JSON.stringify({ type: 'write', ...hello })));

let count = 0;
const lines = createInterface({ input: process.stdin });
lines.on('line', async (text) => {
  if (!text) return;
  await opened;
  count += 1;
  writer.send(JSON.stringify({ autor: name, mensaje: text, cid: `${session.slice(0, 8)}-${count}` }));
});
lines.on('close', async () => {
  await opened;
  setTimeout(() => {
    writer.send(JSON.stringify({ type: 'bye' }));
    writer.close(1000);
    reader.close(1000);
    setTimeout(() => process.exit(0), 200).unref();
  }, linger * 1000);
});
