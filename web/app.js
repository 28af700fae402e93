// charla's browser participant: docs/PROTOCOL.md sections 2 to 8 over two
// WebSockets (a read one and a write one), one JSON object per text frame.
// User text reaches the page only through textContent / createTextNode.
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  const es = /^es\b/i.test(navigator.language || '');
  const T = es ? {
    joinTitle: 'Entrar al chat', name: 'Tu nombre', pin: 'PIN de la sala',
    pinHint: 'Solo si la sala tiene uno.', joinBtn: 'Entrar', joining: 'Entrando…',
    leave: 'Salir', people: 'Participantes', message: 'Mensaje', send: 'Enviar',
    placeholder: 'Escribe un mensaje', sending: 'enviando…', sent: 'enviado',
    notSent: 'no enviado', tooLarge: 'demasiado largo', muted: 'ahora no puedes escribir',
    rateLimited: 'demasiado rápido; se reenvía en un momento…', edit: 'Editar',
    connecting: 'Conectando…', reconnecting: 'Reconectando…',
    full: 'La sala está llena. Reintentando…',
    joined: '{n} entró', left: '{n} salió', leftTimeout: '{n} perdió la conexión',
    leftKicked: 'Se retiró a {n} de la sala', leftSlow: '{n} salió (conexión lenta)',
    nameTaken: 'Alguien en la sala ya usa ese nombre. Elige otro, por favor.',
    pinRequired: 'Esta sala necesita un PIN. Pídeselo a tu profesor o profesora.',
    badPin: 'Ese PIN no es correcto. Revísalo e inténtalo de nuevo.',
    kicked: 'El anfitrión te ha sacado de esta sala.',
    kickedWhy: 'El anfitrión te ha sacado de esta sala: «{why}»',
    badHello: 'La sala no aceptó ese nombre. Usa de 1 a 32 caracteres, sin símbolos de control.',
    nameInvalid: 'Escribe un nombre de 1 a 32 caracteres.',
    tooLong: 'Demasiado largo: {n} de {max} bytes. Acórtalo para enviarlo.',
    unread: 'Mensajes nuevos', you: 'tú', gap: 'Algunos mensajes anteriores ya no están disponibles.',
    seed: 'cliente antiguo', empty: 'Aún no hay mensajes. ¡Saluda!',
    unreachable: 'No se puede llegar a la sala. Reintentando…',
  } : {
    joinTitle: 'Join the chat', name: 'Your name', pin: 'Room PIN',
    pinHint: 'Only if the room has one.', joinBtn: 'Join', joining: 'Joining…',
    leave: 'Leave', people: 'Participants', message: 'Message', send: 'Send',
    placeholder: 'Write a message', sending: 'sending…', sent: 'sent',
    notSent: 'not sent', tooLarge: 'too long', muted: 'you cannot write now',
    rateLimited: 'too fast; sending again in a moment…', edit: 'Edit',
    connecting: 'Connecting…', reconnecting: 'Reconnecting…',
    full: 'The room is full. Trying again…',
    joined: '{n} joined', left: '{n} left', leftTimeout: '{n} lost the connection',
    leftKicked: '{n} was removed from the room', leftSlow: '{n} left (slow connection)',
    nameTaken: 'Someone in the room already uses that name. Please choose another one.',
    pinRequired: 'This room needs a PIN. Ask your teacher for it.',
    badPin: 'That PIN is not right. Check it and try again.',
    kicked: 'The host removed you from this room.',
    kickedWhy: 'The host removed you from this room: “{why}”',
    badHello: 'The room did not accept that name. Use 1 to 32 characters, without control characters.',
    nameInvalid: 'Write a name of 1 to 32 characters.',
    tooLong: 'Too long: {n} of {max} bytes. Shorten it to send it.',
    unread: 'New messages', you: 'you', gap: 'Some older messages are no longer available.',
    seed: 'old client', empty: 'No messages yet. Say hello!',
    unreachable: 'Cannot reach the room. Trying again…',
  };
  const t = (k, v) => T[k].replace(/\{(\w+)\}/g, (_, x) => String(v[x]));

  document.documentElement.lang = es ? 'es' : 'en';
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = T[el.dataset.t];
  for (const el of document.querySelectorAll('[data-t-placeholder]')) el.placeholder = T[el.dataset.tPlaceholder];

  // ---- storage (never cookies) ----
  const store = (s) => ({
    get(k) { try { return s.getItem('charla.' + k); } catch { return null; } },
    set(k, v) { try { s.setItem('charla.' + k, v); } catch { /* private mode */ } },
    del(k) { try { s.removeItem('charla.' + k); } catch { /* private mode */ } },
  });
  const ss = store(sessionStorage), ls = store(localStorage);
  const newSession = () => {
    const b = new Uint8Array(16);
    crypto.getRandomValues(b);
    return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  };
  let session = ss.get('session');
  if (!/^[0-9a-f]{32}$/.test(session || '')) { session = newSession(); ss.set('session', session); }
  let cidPrefix = session.slice(0, 8) + '-';
  let cidN = Number(ss.get('n')) || 0;

  // ---- elements ----
  const log = $('log'), text = $('text'), counter = $('counter'), banner = $('banner');
  const joinForm = $('join'), nameIn = $('name'), pinIn = $('pin'), joinErr = $('join-error');
  const joinBtn = $('join-btn'), chat = $('chat'), members = $('members'), people = $('people');
  const peopleBtn = $('people-btn'), leaveBtn = $('leave-btn');
  const touch = matchMedia('(pointer: coarse)').matches || navigator.maxTouchPoints > 0;

  // ---- state ----
  let me = null;            // {name, pin} once the user asked to join
  let rd = null, wr = null; // the two WebSockets
  let welcomed = false, wrOpen = false, everWelcomed = false, stopped = true;
  let lastId = 0, pingMs = 0, maxBytes = 8192, room = '';
  let lastHeard = 0, lastWrite = 0, attempt = 0, retryTimer = 0, tick = 0, liveTimer = 0;
  let markNext = false, marker = null, unread = 0, fullRetry = false;
  const outbox = new Map(); // cid -> {text, el, sentAt, gen: the connection it was last sent on}
  let gen = 0, pauseUntil = 0, pauseTimer = 0;
  const roster = new Map(); // lower-case name -> {autor, legacy}

  // ---- small helpers ----
  const el = (tag, cls, txt) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (txt != null) e.textContent = txt;
    return e;
  };
  const lower = (s) => s.replace(/[A-Z]/g, (c) => c.toLowerCase()); // names: ASCII case only
  const hue = (name) => {
    let h = 2166136261;
    for (const c of lower(name)) h = Math.imul(h ^ c.codePointAt(0), 16777619);
    return (h >>> 0) % 360;
  };
  const paint = (e, name) => e.style.setProperty('--hue', String(hue(name)));
  const two = (n) => String(n).padStart(2, '0');
  const hhmm = (ts) => { const d = new Date(ts); return two(d.getHours()) + ':' + two(d.getMinutes()); };
  const bytes = (s) => new TextEncoder().encode(s).length;
  const wellFormed = (s) => (s.toWellFormed ? s.toWellFormed()
    : s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));
  const nearBottom = () => log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  const toBottom = () => { log.scrollTop = log.scrollHeight; };
  // A reader at the newest message stays there when the history's box
  // shrinks (a phone's keyboard opening, the composer growing): the box
  // keeps its scrollTop, which would otherwise hide the newest lines.
  // Whether the reader was at the bottom is judged against the box's height
  // as the observer last saw it: a scroll event dispatched in the frame
  // where the box shrank (a message scrolled to the bottom just before the
  // keyboard opened) would otherwise measure the new, smaller box and
  // unpin the reader.
  let pinned = true;
  let seenHeight = null; // set by the observer, where there is one
  log.addEventListener('scroll', () => {
    pinned = log.scrollHeight - log.scrollTop - (seenHeight ?? log.clientHeight) < 80;
  }, { passive: true });
  if (window.ResizeObserver) {
    new ResizeObserver(() => {
      if (pinned) toBottom();
      seenHeight = log.clientHeight;
    }).observe(log);
  }
  const firstPending = () => log.querySelector('li.pending');
  const place = (li) => { // confirmed lines go before the pending ones: the room's order
    const stick = nearBottom();
    log.insertBefore(li, firstPending());
    const prev = li.previousElementSibling; // one name over a run of messages from the same person
    li.classList.toggle('cont', !!prev && li.matches('.msg:not(.own)') && prev.matches('.msg:not(.own)')
      && prev.dataset.autor === li.dataset.autor);
    log.querySelector('.empty')?.remove();
    if (stick) toBottom();
  };
  const saveOutbox = () => ss.set('outbox', JSON.stringify([...outbox].map(([cid, o]) => [cid, o.text])));

  const setBanner = (msg) => {
    banner.textContent = msg || '';
    banner.classList.toggle('on', !!msg);
  };
  const setTitle = () => { document.title = (unread ? '(' + unread + ') ' : '') + 'charla'; };

  // ---- the history ----
  const line = (txt) => { const li = el('li', 'event'); li.append(el('span', null, txt)); place(li); };

  function bubble(m, own, pending) {
    const li = el('li', 'msg' + (own ? ' own' : '') + (pending ? ' pending' : ''));
    li.dataset.autor = lower(m.autor);
    const head = el('div', 'head');
    const who = el('span', 'autor', m.autor);
    paint(who, m.autor);
    head.append(who);
    const body = el('p', 'text', m.mensaje);
    body.dir = 'auto';
    const foot = el('div', 'meta');
    const time = el('time', 'ts');
    const status = el('span', 'status');
    foot.append(time, status);
    li.append(head, body, foot);
    if (typeof m.ts === 'number') stamp(li, m.ts);
    return li;
  }
  function stamp(li, ts) {
    const time = li.querySelector('time');
    time.textContent = hhmm(ts);
    time.dateTime = new Date(ts).toISOString();
    time.title = new Date(ts).toLocaleString();
  }
  function setStatus(li, kind, reason) {
    const s = li.querySelector('.status');
    s.className = 'status ' + kind;
    s.textContent = '';
    li.classList.toggle('failed', kind === 'failed');
    if (kind === 'sending') s.textContent = T.sending;
    else if (kind === 'ok') { s.textContent = '✓'; s.title = T.sent; s.setAttribute('aria-label', T.sent); }
    else if (kind === 'retry') s.textContent = reason;
    else if (kind === 'failed') {
      s.textContent = T.notSent + (reason ? ': ' + reason : '');
      const b = el('button', 'link', T.edit);
      b.type = 'button';
      b.addEventListener('click', () => {
        text.value = li.querySelector('.text').textContent;
        li.remove();
        changed();
        text.focus();
      });
      s.append(' ', b);
    }
  }

  function onMsg(m) {
    if (typeof m.id !== 'number' || typeof m.autor !== 'string' || typeof m.mensaje !== 'string') return;
    if (m.id <= lastId) return; // already shown
    lastId = m.id;
    const mine = typeof m.cid === 'string' && m.cid.startsWith(cidPrefix);
    const own = mine || (me && lower(m.autor) === lower(me.name));
    const o = mine ? outbox.get(m.cid) : null;
    let li;
    if (o) { // the echo: our message is in the room
      outbox.delete(m.cid);
      saveOutbox();
      li = o.el;
      li.classList.remove('pending');
      li.querySelector('.autor').textContent = m.autor;
      stamp(li, m.ts);
    } else {
      li = bubble(m, own, false);
      if (!own && markNext) {
        marker?.remove();
        marker = el('li', 'unread');
        marker.append(el('span', null, T.unread));
        place(marker);
        markNext = false;
      }
      if (!own && document.hidden && !m.replay) { unread++; setTitle(); }
    }
    if (own) setStatus(li, 'ok');
    place(li);
    if (o) toBottom();
  }

  // ---- participants ----
  function drawRoster() {
    members.textContent = '';
    const list = [...roster.values()].sort((a, b) => a.autor.localeCompare(b.autor));
    for (const p of list) {
      const li = el('li');
      const n = el('span', 'autor', p.autor);
      paint(n, p.autor);
      li.append(n);
      if (me && lower(p.autor) === lower(me.name)) li.append(el('span', 'tag', T.you));
      if (p.legacy) li.append(el('span', 'tag', T.seed));
      members.append(li);
    }
    $('people-count').textContent = String(list.length);
    peopleBtn.setAttribute('aria-label', T.people + ': ' + list.length);
  }

  // ---- the connection ----
  const wsUrl = () => (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws';
  const send = (ws, obj) => {
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    ws.send(JSON.stringify(obj));
    if (ws === wr) lastWrite = Date.now();
    return true;
  };
  const ready = () => welcomed && wrOpen;

  function connect() {
    clearTimeout(retryTimer);
    retryTimer = 0;
    if (stopped || rd) return;
    welcomed = false; wrOpen = false;
    gen++;
    setBanner(everWelcomed ? T.reconnecting : (fullRetry ? T.full : ''));
    const r = new WebSocket(wsUrl());
    rd = r;
    lastHeard = Date.now();
    r.onopen = () => {
      const hello = { type: 'read', v: 1, session, autor: me.name };
      if (everWelcomed) hello.since = lastId;
      if (me.pin) hello.pin = me.pin;
      send(r, hello);
      const w = new WebSocket(wsUrl());
      wr = w;
      w.onopen = () => {
        const h = { type: 'write', v: 1, session, autor: me.name, heartbeat: true };
        if (me.pin) h.pin = me.pin;
        send(w, h);
        wrOpen = true;
        flush();
      };
      w.onmessage = (e) => { if (w === wr) onFrame(e.data, false); };
      w.onclose = w.onerror = () => { if (w === wr) drop(); };
    };
    r.onmessage = (e) => { if (r === rd) { lastHeard = Date.now(); onFrame(e.data, true); } };
    r.onclose = r.onerror = () => { if (r === rd) drop(); };
    if (!tick) tick = setInterval(check, 1000);
  }

  function close() {
    const a = rd, b = wr;
    rd = wr = null;
    welcomed = wrOpen = false;
    for (const ws of [a, b]) if (ws) { ws.onclose = ws.onerror = ws.onmessage = ws.onopen = null; try { ws.close(); } catch { /* closing */ } }
  }

  function drop() { // a channel closed or failed: both go, then a new try
    if (!rd && !wr) return;
    close();
    if (stopped) return;
    if (everWelcomed) setBanner(T.reconnecting);
    else joinErr.textContent = T.unreachable;
    retry();
  }

  function retry(now) {
    clearTimeout(retryTimer);
    const base = Math.min(10000, 500 * 2 ** attempt);
    attempt = Math.min(attempt + 1, 6);
    const wait = now ? 0 : Math.min(10000, base * (0.75 + Math.random() * 0.5)); // 0.5 s doubling to 10 s, ±25 %
    retryTimer = setTimeout(connect, wait);
  }

  function soon() { // online, visible again, back from the cache: try now
    if (stopped) return;
    if (rd && !stale()) return;
    if (rd) close();
    attempt = 0;
    retry(true);
  }

  const heartbeat = () => pingMs || 15000;
  const stale = () => {
    const now = Date.now();
    const dead = pingMs ? 3 * pingMs : 45000;
    if (!welcomed && now - lastHeard > 5000) return true; // no welcome within 5 s of trying
    if (now - lastHeard > dead) return true;
    if (pingMs && ready()) for (const o of outbox.values()) if (o.sentAt && now - o.sentAt > dead) return true;
    return false;
  };

  function check() {
    if (stopped || !rd) return;
    if (stale()) { drop(); return; }
    if (ready() && pingMs && Date.now() - lastWrite >= 1.5 * heartbeat()) send(wr, { type: 'ping', ts: Date.now() });
  }

  function onFrame(data, fromRead) {
    let m;
    try { m = JSON.parse(data); } catch { return; }
    if (!m || typeof m !== 'object') return;
    switch (m.type) {
      case 'welcome': return onWelcome(m);
      case 'msg': if (fromRead) { onMsg(m); liveSoon(m.replay); } return;
      case 'join': if (typeof m.autor === 'string') {
        roster.set(lower(m.autor), { autor: m.autor, legacy: !!m.legacy });
        drawRoster();
        if (!me || lower(m.autor) !== lower(me.name)) line(t('joined', { n: m.autor }));
      } return;
      case 'leave': if (typeof m.autor === 'string') {
        roster.delete(lower(m.autor));
        drawRoster();
        const k = { timeout: 'leftTimeout', kicked: 'leftKicked', slow: 'leftSlow' }[m.reason] || 'left';
        line(t(k, { n: m.autor }));
      } return;
      case 'ping':
        if (ready() && pingMs && Date.now() - lastWrite >= pingMs / 2) send(wr, { type: 'ping', ts: Date.now() });
        return;
      case 'error': return onError(m);
      default: return;
    }
  }

  function liveSoon(replay) { // the log speaks once the replay is over
    clearTimeout(liveTimer);
    if (!replay) { live(); return; }
    liveTimer = setTimeout(live, 400);
  }
  function live() {
    clearTimeout(liveTimer);
    log.setAttribute('aria-live', 'polite');
    if (!document.hidden) markNext = false;
  }

  function onWelcome(m) {
    if (everWelcomed && Number(m.last_id) < lastId) { // a new room on that port (ids start again): take it all
      lastId = 0;
      close();
      retry(true);
      return;
    }
    welcomed = true;
    attempt = 0;
    fullRetry = false;
    pingMs = Number(m.ping_ms) > 0 ? Number(m.ping_ms) : 0;
    maxBytes = Number(m.max_mensaje) > 0 ? Number(m.max_mensaje) : 8192;
    if (typeof m.room === 'string' && m.room) { room = m.room; $('room').textContent = room; }
    if (everWelcomed && Number(m.first_id) > lastId + 1 && lastId > 0) line(T.gap);
    if (everWelcomed) markNext = true;
    log.setAttribute('aria-live', 'off');
    roster.clear();
    for (const p of Array.isArray(m.members) ? m.members : []) {
      if (p && typeof p.autor === 'string') roster.set(lower(p.autor), { autor: p.autor, legacy: !!p.legacy });
    }
    drawRoster();
    ss.set('join', JSON.stringify(me));
    ls.set('name', me.name);
    if (!everWelcomed) showChat();
    everWelcomed = true;
    setBanner('');
    liveSoon(true);
    flush();
    changed();
  }

  // Sends, in order, each unconfirmed message not yet sent on this connection
  // (a reconnect sends them all again, same cids: the host drops repeats).
  function flush() {
    if (!ready() || Date.now() < pauseUntil) return;
    const now = Date.now();
    for (const [cid, o] of outbox) {
      if (o.gen === gen) continue;
      if (!send(wr, { autor: me.name, mensaje: o.text, cid })) return;
      o.gen = gen;
      o.sentAt = now;
      setStatus(o.el, 'sending');
    }
  }

  const fatal = { name_taken: 'nameTaken', pin_required: 'pinRequired', bad_pin: 'badPin', kicked: 'kicked', bad_hello: 'badHello' };
  function onError(m) {
    const code = String(m.code || '');
    const o = typeof m.cid === 'string' ? outbox.get(m.cid) : null;
    if (o) {
      if (code === 'rate_limited') {
        o.gen = 0; o.sentAt = 0; // sent again, with what follows it, after a pause
        setStatus(o.el, 'retry', T.rateLimited);
        const wait = 1200 + Math.random() * 800;
        pauseUntil = Date.now() + wait;
        clearTimeout(pauseTimer);
        pauseTimer = setTimeout(flush, wait + 10);
      } else {
        outbox.delete(m.cid);
        saveOutbox();
        setStatus(o.el, 'failed', code === 'too_large' ? T.tooLarge : code === 'muted' ? T.muted : code);
        o.el.classList.remove('pending');
        place(o.el);
      }
      return;
    }
    if (code === 'muted') { setBanner(T.muted); return; }
    if (code === 'server_full') { fullRetry = true; close(); setBanner(T.full); retry(); return; }
    // A kick's detail is the host's reason, unless it gave none (then the
    // host's own stand-in sentence, which the page says in its language).
    const why = code === 'kicked' && typeof m.detail === 'string' ? m.detail.trim() : '';
    if (why && why !== 'the host removed you from this room') { stop(t('kickedWhy', { why }), code); return; }
    if (fatal[code]) stop(T[fatal[code]], code);
  }

  function stop(msg, code) { // a refusal: no more tries
    stopped = true;
    close();
    clearTimeout(retryTimer);
    setBanner('');
    ss.del('join');
    if (code === 'kicked') {
      showJoin();
      joinForm.querySelectorAll('input, button').forEach((x) => { x.disabled = true; });
      joinErr.textContent = msg;
      return;
    }
    showJoin();
    joinErr.textContent = msg;
    (code === 'name_taken' || code === 'bad_hello' ? nameIn : pinIn).focus();
  }

  function showJoin() {
    chat.hidden = true;
    joinForm.hidden = false;
    peopleBtn.hidden = leaveBtn.hidden = true;
    joinBtn.disabled = false;
    joinBtn.textContent = T.joinBtn;
  }
  function showChat() {
    joinForm.hidden = true;
    chat.hidden = false;
    peopleBtn.hidden = leaveBtn.hidden = false;
    if (!log.querySelector('li')) { const li = el('li', 'empty', T.empty); log.append(li); }
    if (!touch) text.focus();
    toBottom();
  }

  function join(name, pin) {
    me = { name, pin };
    stopped = false;
    attempt = 0;
    joinErr.textContent = '';
    joinBtn.disabled = true;
    joinBtn.textContent = T.joining;
    connect();
  }

  // ---- the join form ----
  const hash = /^#pin=([^&]*)/.exec(location.hash);
  if (hash) {
    pinIn.value = decodeURIComponent(hash[1]);
    history.replaceState(null, '', location.pathname + location.search);
  }
  nameIn.value = ls.get('name') || '';
  joinForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const name = nameIn.value.trim();
    const n = [...name].length;
    if (n < 1 || n > 32 || /[\u0000-\u001f\u007f-\u009f]/.test(name)) { joinErr.textContent = T.nameInvalid; nameIn.focus(); return; }
    join(name, pinIn.value.trim());
  });
  leaveBtn.addEventListener('click', () => {
    send(wr, { type: 'bye' });
    stopped = true;
    setTimeout(close, 100);
    ss.del('join');
    ss.del('outbox');
    for (const o of outbox.values()) o.el.remove();
    outbox.clear();
    session = newSession(); // next time, a new participant
    ss.set('session', session);
    cidPrefix = session.slice(0, 8) + '-';
    cidN = 0;
    ss.set('n', '0');
    everWelcomed = false;
    lastId = 0;
    log.textContent = '';
    roster.clear();
    setBanner('');
    showJoin();
  });
  log.addEventListener('click', () => { people.hidden = true; peopleBtn.setAttribute('aria-expanded', 'false'); });
  people.addEventListener('keydown', (e) => { if (e.key === 'Escape') { people.hidden = true; peopleBtn.focus(); } });
  peopleBtn.addEventListener('click', () => {
    people.hidden = !people.hidden;
    peopleBtn.setAttribute('aria-expanded', String(!people.hidden));
  });

  // ---- the composer ----
  function changed() {
    const n = bytes(text.value.trimEnd());
    counter.classList.toggle('over', n > maxBytes);
    $('composer').classList.toggle('over', n > maxBytes);
    counter.textContent = n > maxBytes ? t('tooLong', { n, max: maxBytes }) : n > maxBytes * 0.8 ? n + ' / ' + maxBytes : '';
    text.style.height = 'auto';
    text.style.height = Math.min(text.scrollHeight + 2, Math.max(96, innerHeight * 0.35)) + 'px';
  }
  function submit() {
    const msg = wellFormed(text.value).trimEnd();
    if (!msg.trim() || !me) return;
    if (bytes(msg) > maxBytes) { changed(); text.focus(); return; } // the text stays in the box
    const cid = cidPrefix + (++cidN);
    ss.set('n', String(cidN));
    queue(cid, msg);
    text.value = '';
    changed();
    text.focus();
  }
  function queue(cid, msg) {
    const li = bubble({ autor: me.name, mensaje: msg }, true, true);
    li.dataset.cid = cid;
    setStatus(li, 'sending');
    log.append(li);
    log.querySelector('.empty')?.remove();
    toBottom();
    outbox.set(cid, { text: msg, el: li, sentAt: 0, gen: 0 });
    saveOutbox();
    flush();
  }
  $('composer').addEventListener('submit', (e) => { e.preventDefault(); submit(); });
  const keep = (e) => { if (document.activeElement === text) e.preventDefault(); }; // Send keeps the keyboard up
  $('send').addEventListener('pointerdown', keep);
  $('send').addEventListener('mousedown', keep);
  text.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || e.shiftKey || e.isComposing || e.keyCode === 229 || touch) return;
    e.preventDefault();
    submit();
  });
  text.addEventListener('input', changed);

  // ---- coming back ----
  addEventListener('online', soon);
  addEventListener('pageshow', (e) => { if (e.persisted) soon(); });
  document.addEventListener('visibilitychange', () => {
    if (document.hidden) { markNext = !!everWelcomed; return; }
    unread = 0;
    setTitle();
    soon();
  });

  // ---- a reload is the same participant ----
  try {
    const saved = JSON.parse(ss.get('join') || 'null');
    const box = JSON.parse(ss.get('outbox') || '[]');
    if (saved && typeof saved.name === 'string') {
      nameIn.value = saved.name;
      pinIn.value = saved.pin || pinIn.value;
      me = saved;
      for (const [cid, msg] of box) if (typeof cid === 'string' && typeof msg === 'string') queue(cid, msg);
      showChat();
      join(saved.name, saved.pin || '');
    }
  } catch { ss.del('join'); ss.del('outbox'); }
  if (!me && !touch) (nameIn.value ? (pinIn.value ? joinBtn : pinIn) : nameIn).focus();
})();
