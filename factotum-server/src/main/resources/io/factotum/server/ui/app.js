// The dashboard: a job list (filters, paging, live states), a job page (its graph coloured live, a
// task's output streaming, its runs, cancel and resume), a submit form, the schedules (list, create,
// pause, resume, delete, their fires) and the server's status.
import { call, stream, token, setToken, Unauthorized } from './api.js';
import { DagView } from './dag.js';

const $ = id => document.getElementById(id);
const PAGE = 100;
const MAX_LINES = 5000;

const state = {
  pages: [''],          // the `after` of each page seen, for "first page"
  page: 0,
  jobs: new Map(),      // the rows of the current page, by job id
  listAbort: null,
  jobAbort: null,
  job: null,            // the job page's model
  schedule: null,       // the schedule page's name
  scheduleShape: null,  // what the schedules table shows, but for the times
  firesShape: null,     // the recent fires the schedule page shows
  scheduleTimer: null,  // polls the schedules view (schedules have no event stream)
};

// ---- token ---------------------------------------------------------------------------------------
let tokenWaiters = [];

function askToken(reason) {
  const dialog = $('token-dialog');
  $('token-reason').textContent = reason || 'This server requires a token.';
  $('token-input').value = token();
  if (!dialog.open) {
    dialog.showModal();
  }
  return new Promise(resolve => tokenWaiters.push(resolve));
}

$('token-form').addEventListener('submit', () => {
  setToken($('token-input').value.trim());
  const waiters = tokenWaiters;
  tokenWaiters = [];
  waiters.forEach(w => w());
  route();
});
$('token-cancel').addEventListener('click', () => $('token-dialog').close());
$('token-button').addEventListener('click', () => askToken('Set the API token for this tab.'));

// Every 401, from a call or a stream, says the same: a later one must not hide that a token was refused.
function askTokenAfterRefusal() {
  return askToken(token() ? 'That token was refused. Enter the server\'s API token.' : undefined);
}

async function api(method, path, body) {
  for (;;) {
    try {
      return await call(method, path, body);
    } catch (e) {
      if (e instanceof Unauthorized) {
        await askTokenAfterRefusal();
        continue;
      }
      throw e;
    }
  }
}

// ---- status ----------------------------------------------------------------------------------------
let statusTimer = null;

// At most one status request per half second, however many events arrive.
function refreshStatus() {
  if (!statusTimer) {
    statusTimer = setTimeout(() => {
      statusTimer = null;
      loadStatus();
    }, 500);
  }
}

async function loadStatus() {
  try {
    const r = await call('GET', '/status');
    if (!r.ok) {
      return;
    }
    const s = r.json;
    const w = s.dispatcher.workers;
    const q = s.dispatcher.jobs;
    const mode = s.server.state === 'run' ? 'running' : 'draining';
    $('server-status').textContent = `Server ${mode} · workers ${w.active}/${w.total} busy · queue ${q.inQueue}/${q.maxQueueSize}`;
  } catch (e) {
    $('server-status').textContent = 'Server unreachable';
  }
}

// ---- routing ---------------------------------------------------------------------------------------
function show(view) {
  for (const v of ['view-jobs', 'view-submit', 'view-job', 'view-schedules', 'view-schedule']) {
    $(v).hidden = v !== view;
  }
}

function route() {
  const hash = location.hash || '#/';
  if (state.listAbort) {
    state.listAbort.abort();
    state.listAbort = null;
  }
  if (state.jobAbort) {
    state.jobAbort.abort();
    state.jobAbort = null;
  }
  clearInterval(state.scheduleTimer);
  state.scheduleTimer = null;
  refreshStatus();
  const m = hash.match(/^#\/jobs\/([0-9A-Za-z]+)$/);
  const sm = hash.match(/^#\/schedules\/([A-Za-z0-9._-]+)$/);
  if (m) {
    show('view-job');
    openJob(m[1]);
  } else if (sm) {
    show('view-schedule');
    openSchedule(sm[1]);
  } else if (hash === '#/schedules') {
    show('view-schedules');
    openSchedules();
  } else if (hash === '#/submit') {
    show('view-submit');
    $('submit-path').focus();
  } else {
    show('view-jobs');
    openList();
  }
}
window.addEventListener('hashchange', route);

// ---- job list --------------------------------------------------------------------------------------
function cell(text, cls) {
  const td = document.createElement('td');
  td.textContent = text;
  if (cls) {
    td.className = cls;
  }
  return td;
}

function rowFor(job) {
  const tr = document.createElement('tr');
  tr.dataset.job = job.id;
  const idCell = document.createElement('td');
  idCell.className = 'mono';
  const a = document.createElement('a');
  a.href = '#/jobs/' + job.id;
  a.textContent = job.id.slice(0, 12);
  a.title = job.id;
  idCell.appendChild(a);
  tr.append(idCell, cell(job.name), cell(job.state), cell(job.outcome), cell(job.node), cell(job.lastRun || '', 'mono'));
  return tr;
}

// Name and times are filtered on the server, across every job; only the state is checked here too,
// since a live event can move a listed job out of the state filtered on.
function matches(job) {
  const s = $('filter-state').value;
  return !s || job.state === s;
}

function renderList() {
  const body = $('jobs-body');
  const rows = [];
  for (const job of state.jobs.values()) {
    if (matches(job)) {
      rows.push(rowFor(job));
    }
  }
  body.replaceChildren(...rows);
  $('jobs-empty').hidden = rows.length > 0;
}

function shortTime(iso) {
  return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '';
}

function fromEntry(e) {
  return { id: e.jobRequest.jobId, name: e.jobRequest.jobName, state: e.state, outcome: e.lastOutcome, node: e.lastRunFrom,
    lastRun: shortTime(e.lastRunAt) };
}

// A datetime-local value is the browser's local time; the server takes instants.
function instantParam(id) {
  const v = $(id).value;
  const t = v ? new Date(v) : null;
  return t && !isNaN(t) ? t.toISOString() : '';
}

function listQuery() {
  const q = new URLSearchParams({ limit: String(PAGE) });
  const s = $('filter-state').value;
  const n = $('filter-name').value.trim();
  const since = instantParam('filter-since');
  const until = instantParam('filter-until');
  if (s) q.set('state', s);
  if (n) q.set('name', n);
  if (since) q.set('since', since);
  if (until) q.set('until', until);
  return q;
}

let listRequest = 0;

async function loadPage() {
  const after = state.pages[state.page];
  const q = listQuery();
  if (after) {
    q.set('after', after);
  }
  const mine = ++listRequest;
  const r = await api('GET', '/jobs?' + q);
  if (mine !== listRequest) {
    return; // the filters changed meanwhile: a newer request answers
  }
  if (!r.ok) {
    $('page-note').textContent = r.json && r.json.message ? r.json.message : 'HTTP ' + r.status;
    $('page-note').className = 'error';
    return;
  }
  state.jobs = new Map(r.json.jobs.map(e => [e.jobRequest.jobId, fromEntry(e)]));
  state.next = r.json.nextAfter;
  $('page-next').disabled = !state.next;
  $('page-first').disabled = state.page === 0;
  $('page-info').textContent = `Page ${state.page + 1} · ${state.jobs.size} jobs`;
  // A filtered search stops after a bounded number of jobs: say so, so that a short page is not taken for the end.
  $('page-note').className = '';
  $('page-note').textContent = r.json.complete === false
    ? `Searched ${r.json.scanned} jobs, more to search: Next page` : '';
  $('jobs-empty').textContent = r.json.complete === false ? 'No match among the jobs searched so far.' : 'No jobs match.';
  renderList();
}

function restartList() {
  state.pages = [''];
  state.page = 0;
  loadPage();
}

let reloadTimer = null;

function openList() {
  loadPage();
  const abort = new AbortController();
  state.listAbort = abort;
  stream('/events', {
    signal: abort.signal,
    ended: () => false,
    onUnauthorized: askTokenAfterRefusal,
    onEvent: e => {
      if (e.type === 'reset') {
        loadPage();
        return;
      }
      if (e.type !== 'job') {
        return;
      }
      const d = JSON.parse(e.data);
      const job = state.jobs.get(d.jobId);
      if (job) {
        job.state = d.state;
        job.outcome = d.outcome || d.lastOutcome;
        job.node = d.node;
        renderList();
      } else if (state.page === 0) {
        // a job not on the page: reload it, at most twice a second
        clearTimeout(reloadTimer);
        reloadTimer = setTimeout(loadPage, 500);
      }
      refreshStatus();
    },
  });
}

let nameTimer = null;
// Enter in a filter searches at once.
$('job-filters').addEventListener('submit', e => {
  e.preventDefault();
  clearTimeout(nameTimer);
  restartList();
});
$('filter-state').addEventListener('change', restartList);
// Typing asks the server once the typing pauses, not per key.
$('filter-name').addEventListener('input', () => {
  clearTimeout(nameTimer);
  nameTimer = setTimeout(restartList, 300);
});
$('filter-since').addEventListener('change', restartList);
$('filter-until').addEventListener('change', restartList);
$('page-next').addEventListener('click', () => {
  if (state.next) {
    state.pages[state.page + 1] = state.next;
    state.page++;
    loadPage();
  }
});
$('page-first').addEventListener('click', () => {
  state.page = 0;
  loadPage();
});

// ---- submit ----------------------------------------------------------------------------------------
$('submit-form').addEventListener('submit', async e => {
  e.preventDefault();
  const args = $('submit-args').value.split('\n').map(s => s.trim()).filter(s => s.length);
  const r = await api('POST', '/submit', { jobName: $('submit-name').value, factfilePath: $('submit-path').value, factfileArgs: args });
  const message = r.json && r.json.message ? r.json.message : 'HTTP ' + r.status;
  $('submit-message').textContent = message;
  $('submit-message').className = r.ok ? '' : 'error';
  const m = r.ok && message.match(/jobId:\[([0-9a-f]+)\]/);
  if (m) {
    location.hash = '#/jobs/' + m[1];
  }
});

// ---- schedules ---------------------------------------------------------------------------------------
const SCHEDULE_POLL_MS = 2000;

// A schedule's URL: "." and ".." are names the server accepts but a browser would resolve as path
// steps (it treats %2E as a dot too), so they cannot be addressed from here (factotumctl can).
function schedulePath(name) {
  return name === '.' || name === '..' ? null : '/schedules/' + encodeURIComponent(name);
}

/** An instant as wall-clock time in the schedule's zone, with its offset. */
function wallClock(instant, zone) {
  try {
    return new Intl.DateTimeFormat('sv-SE', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'shortOffset' }).format(new Date(instant));
  } catch (e) {
    return instant;
  }
}

function fromNow(instant) {
  const s = Math.round((Date.parse(instant) - Date.now()) / 1000);
  if (s < 60) {
    return s <= 0 ? 'now' : `in ${s} s`;
  }
  const m = Math.round(s / 60);
  if (m < 120) {
    return `in ${m} min`;
  }
  const h = Math.round(m / 60);
  return h < 48 ? `in ${h} h` : `in ${Math.round(h / 24)} days`;
}

function button(text, label, onClick, cls) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  b.setAttribute('aria-label', label);
  if (cls) {
    b.className = cls;
  }
  b.addEventListener('click', onClick);
  return b;
}

function badge(paused) {
  const span = document.createElement('span');
  span.className = 'badge ' + (paused ? 'paused' : 'active');
  span.textContent = paused ? 'paused' : 'active';
  return span;
}

function scheduleMessage(id, r) {
  $(id).textContent = r.json && r.json.message ? r.json.message : (r.ok ? '' : 'HTTP ' + r.status);
  $(id).className = r.ok ? '' : 'error';
}

async function scheduleAction(name, verb, messageId) {
  const path = schedulePath(name);
  if (verb === 'delete' && !confirm(`Delete schedule ${name} and its fire record?`)) {
    return null;
  }
  const r = verb === 'delete' ? await api('DELETE', path) : await api('POST', `${path}/${verb}`);
  if (r.ok && verb !== 'delete') {
    $(messageId).textContent = `Schedule ${name} ${verb === 'pause' ? 'paused' : 'resumed'}`;
    $(messageId).className = '';
  } else {
    scheduleMessage(messageId, r);
  }
  return r;
}

function scheduleRow(s) {
  const tr = document.createElement('tr');
  tr.dataset.schedule = s.name;
  const nameCell = document.createElement('td');
  const path = schedulePath(s.name);
  if (path) {
    const a = document.createElement('a');
    a.href = '#/schedules/' + encodeURIComponent(s.name);
    a.textContent = s.name;
    nameCell.appendChild(a);
  } else {
    nameCell.textContent = s.name;
  }
  const next = s.nextFireTimes.length ? s.nextFireTimes[0] : null;
  const nextCell = cell(next ? `${wallClock(next, s.timeZone)} (${fromNow(next)})` : 'none', 'mono next-fire');
  const stateCell = document.createElement('td');
  stateCell.appendChild(badge(s.paused));
  const actions = document.createElement('td');
  actions.className = 'actions-cell';
  if (path) {
    const verb = s.paused ? 'resume' : 'pause';
    actions.append(
      button(s.paused ? 'Resume' : 'Pause', `${s.paused ? 'Resume' : 'Pause'} schedule ${s.name}`,
        async () => { await scheduleAction(s.name, verb, 'schedules-message'); loadSchedules(); }),
      button('Delete', `Delete schedule ${s.name}`,
        async () => { await scheduleAction(s.name, 'delete', 'schedules-message'); loadSchedules(); }, 'danger'));
  }
  tr.append(nameCell, cell(s.cron, 'mono'), cell(s.timeZone), nextCell, stateCell, actions);
  return tr;
}

async function loadSchedules() {
  const r = await api('GET', '/schedules');
  if (!r.ok) {
    scheduleMessage('schedules-message', r);
    return;
  }
  // Rows are rebuilt only when a schedule comes, goes or changes; otherwise the poll just moves the
  // next fire times, so that the row a keyboard user is on stays where it is.
  const shape = JSON.stringify(r.json.schedules.map(s => [s.name, s.cron, s.timeZone, s.paused]));
  if (shape === state.scheduleShape) {
    for (const s of r.json.schedules) {
      const tr = [...$('schedules-body').rows].find(row => row.dataset.schedule === s.name);
      tr.querySelector('.next-fire').textContent = scheduleRow(s).querySelector('.next-fire').textContent;
    }
    return;
  }
  state.scheduleShape = shape;
  // keep the focus on the same row's same button across the redraw
  const focused = document.activeElement;
  const row = focused && focused.tagName === 'BUTTON' ? focused.closest('#schedules-body tr') : null;
  const where = row ? [row.dataset.schedule, [...row.querySelectorAll('button')].indexOf(focused)] : null;
  $('schedules-body').replaceChildren(...r.json.schedules.map(scheduleRow));
  $('schedules-empty').hidden = r.json.schedules.length > 0;
  if (where) {
    const again = [...$('schedules-body').querySelectorAll('tr')].find(tr => tr.dataset.schedule === where[0]);
    const target = again ? again.querySelectorAll('button')[where[1]] : null;
    (target || $('schedules-title')).focus();
  }
}

function openSchedules() {
  $('schedules-message').textContent = '';
  state.scheduleShape = null;
  $('schedules-body').replaceChildren(); // not the rows of an earlier visit

  loadSchedules();
  state.scheduleTimer = setInterval(loadSchedules, SCHEDULE_POLL_MS);
}

$('schedule-form').addEventListener('submit', async e => {
  e.preventDefault();
  const name = $('schedule-name').value.trim();
  if (!schedulePath(name)) {
    $('schedules-message').textContent = 'A schedule cannot be named "." or ".." here.';
    $('schedules-message').className = 'error';
    return;
  }
  const body = {
    name, cron: $('schedule-cron').value.trim(), jobName: $('schedule-job').value, factfilePath: $('schedule-path').value,
    factfileArgs: $('schedule-args').value.split('\n').map(s => s.trim()).filter(s => s.length),
    overlap: $('schedule-overlap').value,
  };
  if ($('schedule-zone').value.trim()) {
    body.timeZone = $('schedule-zone').value.trim();
  }
  if ($('schedule-misfire').value.trim()) {
    body.misfire = $('schedule-misfire').value.trim();
  }
  const r = await api('POST', '/schedules', body);
  if (r.ok) {
    $('schedules-message').textContent = `Schedule ${name} created`;
    $('schedules-message').className = '';
    $('schedule-form').reset();
    loadSchedules();
  } else {
    scheduleMessage('schedules-message', r); // the form keeps what was typed, to be corrected
  }
});

function fireRow(f, zone) {
  const tr = document.createElement('tr');
  const jobCell = document.createElement('td');
  jobCell.className = 'mono';
  if (f.jobId) {
    const a = document.createElement('a');
    a.href = '#/jobs/' + f.jobId;
    a.textContent = f.jobId.slice(0, 12);
    a.title = f.jobId;
    jobCell.appendChild(a);
  }
  tr.append(cell(wallClock(f.fireTime, zone), 'mono'), cell(f.result, 'r-' + f.result), jobCell, cell(f.node),
    cell(f.result === 'submitted' ? '' : (f.detail || '')));
  return tr;
}

async function loadSchedule(name) {
  const r = await api('GET', schedulePath(name));
  if (!r.ok) {
    $('schedule-title').textContent = 'No such schedule';
    $('schedule-message').textContent = r.json && r.json.message ? r.json.message : 'HTTP ' + r.status;
    for (const b of ['schedule-pause', 'schedule-resume', 'schedule-delete']) {
      $(b).disabled = true;
    }
    clearInterval(state.scheduleTimer);
    return;
  }
  const s = r.json;
  $('schedule-title').textContent = 'Schedule ' + s.name;
  $('schedule-cron-text').textContent = `${s.cron} in ${s.timeZone}`;
  $('schedule-state').replaceWith(Object.assign(badge(s.paused), { id: 'schedule-state' }));
  $('schedule-job-text').textContent = s.jobName;
  $('schedule-factfile').textContent = [s.factfilePath, ...s.factfileArgs].join(' ');
  $('schedule-policy').textContent = `${s.overlap} · ${s.misfire}`;
  $('schedule-pause').disabled = s.paused;
  $('schedule-resume').disabled = !s.paused;
  $('schedule-delete').disabled = false;
  $('schedule-next').replaceChildren(...s.nextFireTimes.map(t => {
    const li = document.createElement('li');
    li.textContent = `${wallClock(t, s.timeZone)} (${fromNow(t)})`;
    return li;
  }));
  // redrawn only when a fire is added or settled, so that a link stays put while it is used
  const fires = JSON.stringify(s.recentFires);
  if (fires !== state.firesShape) {
    state.firesShape = fires;
    $('fires-body').replaceChildren(...s.recentFires.map(f => fireRow(f, s.timeZone)));
  }
  $('fires-empty').hidden = s.recentFires.length > 0;
}

function openSchedule(name) {
  state.schedule = name;
  state.firesShape = null;
  $('schedule-message').textContent = '';
  $('fires-body').replaceChildren();
  $('schedule-next').replaceChildren();
  if (!schedulePath(name)) {
    $('schedule-title').textContent = 'No such schedule';
    return;
  }
  loadSchedule(name);
  state.scheduleTimer = setInterval(() => loadSchedule(name), SCHEDULE_POLL_MS);
}

for (const verb of ['pause', 'resume']) {
  $('schedule-' + verb).addEventListener('click', async () => {
    await scheduleAction(state.schedule, verb, 'schedule-message');
    await loadSchedule(state.schedule);
    // the pressed button is now disabled: hand the focus to the one that undoes it
    $('schedule-' + (verb === 'pause' ? 'resume' : 'pause')).focus();
  });
}
$('schedule-delete').addEventListener('click', async () => {
  const r = await scheduleAction(state.schedule, 'delete', 'schedule-message');
  if (r && r.ok) {
    location.hash = '#/schedules';
  }
});

// ---- job page ----------------------------------------------------------------------------------------
function setJobFacts(d) {
  const j = state.job;
  j.state = d.state;
  $('job-state').textContent = d.state;
  $('job-state').className = 'badge s-' + d.state;
  $('job-outcome').textContent = d.outcome || d.lastOutcome || '';
  $('job-node').textContent = d.node || '';
  $('job-cancel').disabled = d.state === 'DONE';
  $('job-resume').disabled = !(d.state === 'DONE' && (d.outcome || d.lastOutcome) !== 'SUCCEEDED');
}

async function loadRuns(id) {
  const r = await api('GET', `/jobs/${id}/runs`);
  if (!r.ok) {
    return;
  }
  const rows = r.json.runs.slice().reverse().map(run => {
    const tr = document.createElement('tr');
    tr.append(cell(run.runReference, 'mono'), cell(run.nodeId), cell(run.startedAt, 'mono'),
      cell(run.finishedAt || '', 'mono'), cell(run.outcome || 'RUNNING'));
    return tr;
  });
  $('runs-body').replaceChildren(...rows);
}

function showOutput(task) {
  const j = state.job;
  j.selected = task;
  const lines = j.output.get(task) || [];
  $('output-task').textContent = `Task ${task} (${j.dag.state(task) || 'unknown'})`;
  const pre = $('output');
  pre.replaceChildren(...lines.map(lineNode));
  pre.scrollTop = pre.scrollHeight;
}

function lineNode(l) {
  const span = document.createElement('span');
  span.textContent = l.text + '\n';
  if (l.stream === 'stderr') {
    span.className = 'err';
  }
  return span;
}

async function openJob(id) {
  const detail = await api('GET', `/jobs/${id}`);
  if (!detail.ok) {
    $('job-title').textContent = 'No such job';
    return;
  }
  const d = detail.json;
  const dag = new DagView($('dag'), task => showOutput(task));
  state.job = { id, dag, output: new Map(), selected: null, run: null, state: d.state };
  $('job-title').textContent = d.jobRequest.jobName;
  $('job-id').textContent = id;
  $('job-factfile').textContent = d.jobRequest.factfilePath;
  $('output').replaceChildren();
  $('output-task').textContent = 'Select a task to see its output.';
  $('job-message').textContent = '';
  setJobFacts({ state: d.state, lastOutcome: d.lastOutcome, node: d.lastRunFrom });
  const graph = await api('GET', `/jobs/${id}/dag`);
  dag.draw(graph.ok ? graph.json.tasks : []);
  loadRuns(id);
  follow(id);
}

function follow(id) {
  const abort = new AbortController();
  state.jobAbort = abort;
  const j = state.job;
  let done = false;
  stream(`/jobs/${id}/events`, {
    signal: abort.signal,
    ended: () => done,
    onUnauthorized: askTokenAfterRefusal,
    onEvent: e => {
      if (state.job !== j) {
        return;
      }
      const d = JSON.parse(e.data);
      if (e.type === 'reset') {
        // the server no longer held what came since our last event: its stored state follows, from scratch
        j.run = null;
        return;
      }
      if (e.type === 'job') {
        if (d.runReference && d.runReference !== j.run && d.state === 'WORKING') {
          // a new run: its tasks start from WAITING and its output from nothing
          j.run = d.runReference;
          j.dag.resetAll();
          j.output.clear();
          if (j.selected) {
            showOutput(j.selected);
          }
        }
        done = d.state === 'DONE';
        setJobFacts(d);
        loadRuns(id);
        refreshStatus();
      } else if (e.type === 'task') {
        if (d.runReference !== j.run) {
          return;
        }
        j.dag.set(d.task, d.state);
        if (d.task === j.selected) {
          $('output-task').textContent = `Task ${d.task} (${d.state})`;
        }
      } else if (e.type === 'output') {
        if (d.runReference !== j.run) {
          return;
        }
        let lines = j.output.get(d.task);
        if (!lines) {
          lines = [];
          j.output.set(d.task, lines);
        }
        const l = { stream: d.stream, text: d.line };
        lines.push(l);
        if (lines.length > MAX_LINES) {
          lines.splice(0, lines.length - MAX_LINES);
        }
        if (d.task === j.selected) {
          const pre = $('output');
          const atEnd = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
          pre.appendChild(lineNode(l));
          if (pre.childNodes.length > MAX_LINES) {
            pre.removeChild(pre.firstChild);
          }
          if (atEnd) {
            pre.scrollTop = pre.scrollHeight;
          }
        }
      }
    },
  });
}

async function action(verb) {
  const j = state.job;
  const r = await api('POST', `/jobs/${j.id}/${verb}`);
  $('job-message').textContent = r.json && r.json.message ? r.json.message : 'HTTP ' + r.status;
  $('job-message').className = r.ok ? '' : 'error';
  if (r.ok && verb === 'resume') {
    // the job's stream ended when it was DONE: follow the new run
    if (state.jobAbort) {
      state.jobAbort.abort();
    }
    follow(j.id);
  }
}

$('job-cancel').addEventListener('click', () => action('cancel'));
$('job-resume').addEventListener('click', () => action('resume'));

setInterval(refreshStatus, 5000);
route();
