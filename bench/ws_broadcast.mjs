// A WebSocket broadcast server on Node's ws (the version pinned in
// tests/web/package-lock.json; scripts/setup-web-test.sh installs it): every
// text message a client sends goes to every open socket, the sender's too.
// It is the broadcast example of ws's README, so charla-bench --target ws
// measures what a school could run instead of charla.
//
//   node bench/ws_broadcast.mjs [PORT]     (default 0: a free port)
//
// Listens on 127.0.0.1 only and prints "listening on 127.0.0.1:PORT" first,
// as charla host --headless does. Ends on SIGTERM or SIGINT.
import { createRequire } from 'node:module';

const require = createRequire(new URL('../tests/web/package.json', import.meta.url));
const { WebSocketServer, WebSocket } = require('ws');

const port = Number(process.argv[2] ?? 0);
const wss = new WebSocketServer({ host: '127.0.0.1', port, perMessageDeflate: false });

wss.on('connection', (socket) => {
  socket.on('message', (data, isBinary) => {
    for (const client of wss.clients) {
      if (client.readyState === WebSocket.OPEN) client.send(data, { binary: isBinary });
    }
  });
  socket.on('error', () => {});  // a client gone mid-write: its close follows
});

wss.on('listening', () => {
  process.stdout.write(`listening on 127.0.0.1:${wss.address().port}\n`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    for (const client of wss.clients) client.terminate();
    wss.close(() => process.exit(0));
  });
}
