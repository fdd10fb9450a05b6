// The Markdown table, the targets, and bench/results/latest.json.

const fmt = (n, digits = 0) =>
  n === null || n === undefined || Number.isNaN(n)
    ? '—'
    : Number(n)
        .toFixed(digits)
        .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
// autocannon resolves latency to the millisecond: 0 means under one.
const ms = (n) => (n === null || n === undefined ? '—' : n === 0 ? '< 1 ms' : `${n < 10 ? n.toFixed(2) : n.toFixed(1)} ms`);

/** Status counts that are not 2xx (304 is expected for the conditional reload and not listed there). */
export function nonSuccess(statuses, expected = []) {
  return Object.entries(statuses ?? {})
    .filter(([code]) => !(Number(code) >= 200 && Number(code) < 300) && !expected.includes(Number(code)))
    .map(([code, n]) => `${n}×${code}`)
    .join(', ');
}

export function count5xx(statuses) {
  return Object.entries(statuses ?? {}).reduce((sum, [code, n]) => sum + (Number(code) >= 500 ? n : 0), 0);
}

/** Throughput and latency of a load scenario, relative to the baseline route of the same run. */
function loadRow(name, r, base, note = '') {
  if (!r) return null;
  if (r.error) return `| ${name} | — | — | — | — | — | — | **error**: ${r.error} |`;
  if (r.unavailable) return `| ${name} | — | — | — | — | — | — | not available: ${r.unavailable} |`;
  const ref = r.adjacentBaseline ?? base;
  const ratio = ref?.rps ? `${fmt((r.rps / ref.rps) * 100)} %` : '—';
  const bad = nonSuccess(r.statuses, r.expected ?? []);
  const notes = [note, r.note, bad && `non-2xx: ${bad}`, r.errors ? `${r.errors} connection errors` : ''].filter(Boolean).join('; ');
  return `| ${name} | ${fmt(r.rps)} | ${ms(r.p50)} | ${ms(r.p99)} | ${ratio} | ${r.serverCpuMsPerRequest === null ? '—' : `${r.serverCpuMsPerRequest.toFixed(2)} ms`} | ${r.rssMb ? `${fmt(r.rssMb)} MB` : '—'} | ${notes} |`;
}

/**
 * Each route's server CPU per request against its floor: the bare route of the same run (for a board read from
 * its cache, a bare route sending as many bytes) plus the same SQL work run straight on the database.
 */
export function floorRows(e) {
  const f = e.floor;
  if (!f || f.error) return [];
  const row = (key, name, r, bare, bareName, sql, sqlName) => {
    if (!r || r.error || r.serverCpuMsPerRequest == null || bare == null) return null;
    const floor = bare + sql;
    return { key, name, cpu: r.serverCpuMsPerRequest, bare, bareName, sql, sqlName, floor, multiple: r.serverCpuMsPerRequest / floor };
  };
  return [
    row(
      'move',
      'move a card',
      e.moves,
      e.moves?.adjacentBaseline?.serverCpuMsPerRequest ?? e.baseline?.serverCpuMsPerRequest,
      'baseline',
      f.move.cpuMsPerCall,
      'token, card, access, the move’s transaction',
    ),
    row(
      'board',
      `board from its cache`,
      e.board500,
      e.board500Bytes?.serverCpuMsPerRequest,
      `bare route sending ${fmt((e.wire?.board500?.br ?? 0) / 1024, 1)} KB`,
      f.readCheck.cpuMsPerCall,
      'token, access, last event id',
    ),
    row(
      'notModified',
      'unchanged reload (304)',
      e.board500NotModified,
      e.board500NotModified?.adjacentBaseline?.serverCpuMsPerRequest ?? e.baseline?.serverCpuMsPerRequest,
      'baseline',
      f.readCheck.cpuMsPerCall,
      'token, access, last event id',
    ),
  ].filter(Boolean);
}

/** The targets of the issue, checked against one engine's results. */
export function checkTargets(e, web) {
  const t = [];
  const base = e.baseline;
  const add = (name, ok, got) => t.push({ target: name, result: ok === null ? 'N/A' : ok ? 'PASS' : 'MISS', got });
  const b500 = e.board500;
  add(
    'Board of 500 cards: ≤ 1 ms server CPU per request',
    b500?.serverCpuMsPerRequest != null ? b500.serverCpuMsPerRequest <= 1 : null,
    b500?.serverCpuMsPerRequest != null ? `${b500.serverCpuMsPerRequest.toFixed(2)} ms` : b500?.error,
  );
  // Throughput relative to the baseline run just before the scenario (or to the mean baseline).
  const ratioOf = (r) => {
    const ref = r?.adjacentBaseline ?? base;
    return r?.rps && ref?.rps ? r.rps / ref.rps : null;
  };
  const r304 = e.board500NotModified;
  const q304 = ratioOf(r304);
  add('Unchanged reload (304): ≥ 50 % of baseline throughput', q304 === null ? null : q304 >= 0.5, q304 === null ? r304?.error : `${fmt(q304 * 100)} %`);
  const mv = e.moves;
  const qmv = ratioOf(mv);
  add(
    'Moves: ≥ 30 % of baseline throughput, every one committed, zero 5xx',
    qmv === null ? null : qmv >= 0.3 && count5xx(mv.statuses) === 0 && mv.verified === true,
    qmv === null ? mv?.error : `${fmt(qmv * 100)} %, ${count5xx(mv.statuses)} × 5xx, ${mv.verified ? 'all committed' : 'NOT all committed'}`,
  );
  const mc = e.metricsAfterChange;
  add(
    'Metrics of 5,000 cards / 50,000 events, computed anew after a change: well under 1 s (p99 < 500 ms)',
    mc?.p99 != null ? mc.p99 < 500 : null,
    mc?.p99 != null ? `p50 ${ms(mc.p50)}, p99 ${ms(mc.p99)}` : mc?.error,
  );
  add(
    'Metrics of 5,000 cards / 50,000 events, computed anew after a change: p99 < 300 ms',
    mc?.p99 != null ? mc.p99 < 300 : null,
    mc?.p99 != null ? `p99 ${ms(mc.p99)}` : mc?.error,
  );
  const so = e.scaleout;
  if (so)
    add(
      'Two instances on one database: every event reaches every subscriber, in order; every move committed; zero 5xx',
      so.error ? false : so.verified && count5xx(so.statuses) === 0,
      so.error ?? `${fmt(so.rps)} req/s, p99 ${ms(so.p99)}, ${so.verified ? `${fmt(so.events)} events × ${fmt(so.subscribers)} subscribers` : so.verifyNote}`,
    );
  const fo = e.fanout;
  add(`Fan-out to ${fo?.subscribers ?? 1000} subscribers: p99 < 100 ms`, fo?.p99 != null ? fo.p99 < 100 : null, fo?.p99 != null ? ms(fo.p99) : fo?.error);
  add(
    'Fan-out: server memory < 300 MB while connected',
    fo?.rssConnectedMb != null ? Math.max(fo.rssConnectedMb, fo.rssAfterMb ?? 0) < 300 : null,
    fo?.rssConnectedMb != null ? `${fmt(Math.max(fo.rssConnectedMb, fo.rssAfterMb ?? 0))} MB` : fo?.error,
  );
  const floors = Object.fromEntries(floorRows(e).map((f) => [f.key, f]));
  const mf = floors.move;
  add(
    'Move: server CPU ≤ 2× its floor (bare route + the same SQL without HTTP)',
    mf ? mf.multiple <= 2 : null,
    mf ? `${fmt(mf.multiple, 1)}× (${mf.cpu.toFixed(2)} ms against ${mf.floor.toFixed(2)} ms)` : (e.floor?.error ?? e.moves?.error),
  );
  const bf = floors.board;
  add(
    'Board from its cache: server CPU ≤ 2× sending its bytes (bare route sending as many + the same SQL)',
    bf ? bf.multiple <= 2 : null,
    bf ? `${fmt(bf.multiple, 1)}× (${bf.cpu.toFixed(2)} ms against ${bf.floor.toFixed(2)} ms)` : (e.floor?.error ?? e.board500Bytes?.error),
  );
  const wb = e.wire?.board500;
  add(
    'Board of 500 cards on the wire: ≤ 15 % of its raw size',
    wb ? wb.br / wb.raw <= 0.15 : null,
    wb ? `${fmt((wb.br / wb.raw) * 100, 1)} % (${fmt(wb.br / 1024, 1)} KB of ${fmt(wb.raw / 1024)} KB, ${wb.brEncoding ?? 'not compressed'})` : e.wire?.error,
  );
  const js = e.wire?.initialJs;
  add(
    'Initial JavaScript as sent to Chromium: ≤ 130 KB',
    js ? js.bytes <= 130 * 1024 : null,
    js ? `${fmt(js.bytes / 1024, 1)} KB (${[...new Set(js.files.map((f) => f.encoding ?? 'identity'))].join(', ')})` : (e.wire?.error ?? 'web build missing'),
  );
  const br = e.browser;
  add(
    'Board of 1,000 cards usable in headless Chromium < 1 s',
    br?.usableMs != null ? br.usableMs < 1000 : null,
    br?.usableMs != null ? ms(br.usableMs) : (br?.error ?? br?.unavailable),
  );
  add(
    'Initial JavaScript < 200 KB gzipped',
    web?.gzip != null ? web.gzip < 200 * 1024 : null,
    web?.gzip != null ? `${fmt(web.gzip / 1024, 1)} KB` : 'web build missing',
  );
  return t;
}

/** The Markdown report of one engine. */
export function engineTable(engine, e, web, sizes, { targets = true } = {}) {
  const base = e.baseline;
  const lines = [
    `### ${engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`,
    '',
    '| scenario | req/s | p50 | p99 | ratio to baseline | server CPU/req | memory | notes |',
    '|---|---:|---:|---:|---:|---:|---:|---|',
  ];
  const rows = [
    loadRow('baseline `GET /api/bench/baseline`', base, base),
    loadRow(
      `board, ${fmt(sizes.board)} cards`,
      e.board500,
      base,
      e.board500?.bytesPerResponse ? `${fmt(e.board500.bytesPerResponse / 1024)} KB per response` : '',
    ),
    loadRow(
      `bare route sending ${fmt((e.wire?.board500?.br ?? 0) / 1024, 1)} KB (the board's bytes)`,
      e.board500Bytes,
      base,
      'the cost of sending the board answer with no work behind it',
    ),
    loadRow(`board, ${fmt(sizes.board)} cards, unchanged (304)`, e.board500NotModified, base),
    loadRow(
      `board, ${fmt(sizes.bigBoard)} cards`,
      e.board5000,
      base,
      e.board5000?.bytesPerResponse ? `${fmt(e.board5000.bytesPerResponse / 1024)} KB per response` : '',
    ),
    loadRow(`metrics, ${fmt(sizes.bigBoard)} cards / ${fmt(e.flowEvents ?? sizes.bigBoard * 10)} events`, e.metrics, base),
    loadRow(
      'move a card (20 concurrent writers)',
      e.moves,
      base,
      e.moves?.verified === undefined ? '' : e.moves.verified ? 'every 2xx is a committed card.moved event' : `**${e.moves.verifyNote}**`,
    ),
    loadRow('create a card (20 concurrent writers)', e.create, base),
    loadRow(
      `move a card through two instances on one database (10 writers each, ${fmt(e.scaleout?.subscribers ?? sizes.scaleoutSubscribers)} subscribers on both)`,
      e.scaleout,
      base,
      e.scaleout?.verified === undefined
        ? ''
        : e.scaleout.verified
          ? `every 2xx is a committed card.moved event; every one of the ${fmt(e.scaleout.events)} events reached all ${fmt(e.scaleout.subscribers)} subscribers once, in order; per instance ${e.scaleout.perInstance.map((i) => `${fmt(i.rps)} req/s, p99 ${ms(i.p99)}`).join(' and ')} (p50 and p99: the slower instance's)`
          : `**${e.scaleout.verifyNote}**`,
    ),
  ];
  lines.push(...rows.filter(Boolean));
  for (const [key, name, what] of [
    ['board500AfterChange', `board, ${fmt(sizes.board)} cards`, 'the board is read, serialized and compressed anew'],
    ['board5000AfterChange', `board, ${fmt(sizes.bigBoard)} cards`, 'the board is read, serialized and compressed anew'],
    [
      'metricsAfterChange',
      `metrics, ${fmt(sizes.bigBoard)} cards / ${fmt(e.flowEvents ?? sizes.bigBoard * 10)} events`,
      'the metrics are read and computed anew',
    ],
  ]) {
    const c = e[key];
    if (c?.error) lines.push(`| ${name}, first load after a change | — | — | — | — | — | — | **error**: ${c.error} |`);
    else if (c)
      lines.push(
        `| ${name}, first load after a change | — | ${ms(c.p50)} | ${ms(c.p99)} | — | ${c.serverCpuMsPerRequest.toFixed(2)} ms | — | one connection, ${c.rounds} rounds of a move then a load: ${what} |`,
      );
  }
  const fo = e.fanout;
  if (fo?.error) lines.push(`| live fan-out | — | — | — | — | — | — | **error**: ${fo.error} |`);
  else if (fo) {
    const ratio = base?.p99 ? `${fmt(fo.p99 / base.p99, 1)} × baseline p99` : '—';
    lines.push(
      `| live fan-out, ${fmt(fo.subscribers)} subscribers (${fo.moves} moves) | — | ${ms(fo.p50)} | ${ms(fo.p99)} | ${ratio} | — | ${fmt(fo.rssConnectedMb)} MB | from the move's response until the event reached every subscriber (first to last subscriber: p50 ${ms(fo.firstToLastP50)}); ${fmt(fo.rssBeforeMb)} MB before connecting; all connected in ${fo.connectSeconds.toFixed(1)} s |`,
    );
  }
  const br = e.browser;
  if (br?.error || br?.unavailable)
    lines.push(
      `| board of ${fmt(sizes.browserBoard)} cards in Chromium | — | — | — | — | — | — | ${br.error ? `**error**: ${br.error}` : `not available: ${br.unavailable}`} |`,
    );
  else if (br)
    lines.push(
      `| board of ${fmt(sizes.browserBoard)} cards in Chromium, until usable | — | ${ms(br.usableMs)} | — | — | — | — | median of ${br.runs.length} cold loads: ${br.runs.map((r) => Math.round(r.usableMs)).join(', ')} ms |`,
    );
  if (web)
    lines.push(
      `| initial JavaScript | — | — | — | — | — | — | ${fmt(web.gzip / 1024, 1)} KB gzipped (${fmt(web.raw / 1024)} KB raw, ${web.files.length} file${web.files.length === 1 ? '' : 's'}) |`,
    );
  lines.push('', `Seeding: ${e.seeding ?? '—'}`);
  const st = e.storage;
  if (st?.error) lines.push('', `Storage per change: **error**: ${st.error}`);
  else if (st)
    lines.push(
      '',
      '| storage per change | bytes | measured |',
      '|---|---:|---|',
      `| a card created | ${fmt(st.bytesPerCard)} | growth of the events and cards tables with their indexes over ${fmt(st.cards)} cards created through the API |`,
      `| a move | ${fmt(st.bytesPerMove)} | growth of the events table with its indexes over ${fmt(st.moves)} moves (each \`card.moved\` payload ${fmt(st.movedPayloadBytes)} bytes on average; the whole card, which moves stored before, is ${fmt(st.wholeCardBytes)} bytes of JSON) |`,
    );
  const w = e.wire;
  if (w?.error) lines.push('', `Bytes on the wire: **error**: ${w.error}`);
  else if (w) {
    lines.push('', '| on the wire | as it is | brotli (as Chromium asks) | gzip | share |', '|---|---:|---:|---:|---:|');
    for (const [name, a] of [
      [`board, ${fmt(sizes.board)} cards`, w.board500],
      [`board, ${fmt(sizes.bigBoard)} cards`, w.board5000],
    ]) {
      if (a)
        lines.push(`| ${name} | ${fmt(a.raw / 1024, 1)} KB | ${fmt(a.br / 1024, 1)} KB | ${fmt(a.gzip / 1024, 1)} KB | ${fmt((a.br / a.raw) * 100, 1)} % |`);
    }
    if (w.initialJs)
      lines.push(
        `| initial JavaScript (${w.initialJs.files.length} files, precompressed at build time) | ${fmt(w.initialJs.raw / 1024, 1)} KB | ${fmt(w.initialJs.bytes / 1024, 1)} KB | — | ${fmt((w.initialJs.bytes / w.initialJs.raw) * 100, 1)} % |`,
      );
  }
  const floors = floorRows(e);
  if (e.floor?.error) lines.push('', `Cost floor: **error**: ${e.floor.error}`);
  else if (floors.length) {
    lines.push(
      '',
      '| server CPU per request | route | bare route | SQL alone (same database, no HTTP) | floor | route ÷ floor |',
      '|---|---:|---:|---:|---:|---:|',
    );
    for (const f of floors)
      lines.push(
        `| ${f.name} | ${f.cpu.toFixed(3)} ms | ${f.bare.toFixed(3)} ms (${f.bareName}) | ${f.sql.toFixed(3)} ms (${f.sqlName}) | ${f.floor.toFixed(3)} ms | ${fmt(f.multiple, 1)}× |`,
      );
    lines.push(
      '',
      `The SQL alone is run ${fmt(e.floor.move.calls)} times one after another in the bench process, with the server's own functions, on the server's database while it is idle; its CPU is the bench process's (on PostgreSQL the database's own CPU is in neither figure).`,
    );
  }
  if (targets) {
    lines.push('', '| target | result | measured |', '|---|---|---|');
    for (const t of checkTargets(e, web)) lines.push(`| ${t.target} | ${t.result} | ${t.got ?? '—'} |`);
  }
  return lines.join('\n');
}
