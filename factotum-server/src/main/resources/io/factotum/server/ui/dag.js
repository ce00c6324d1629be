// The task graph as SVG, laid out by dependency depth (a task's column is one more than its deepest
// parent's), drawn once; state changes only swap a class on one node, so a 1,000-task graph stays
// responsive. Nodes are focusable: Tab moves between them, Enter or Space selects one.
const NS = 'http://www.w3.org/2000/svg';
const W = 130;
const H = 28;
const GAP_X = 36;
const GAP_Y = 10;
const PAD = 12;

function el(name, attrs) {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs || {})) {
    e.setAttribute(k, v);
  }
  return e;
}

function label(name) {
  return name.length > 20 ? name.slice(0, 19) + '…' : name;
}

export class DagView {
  constructor(container, onSelect) {
    this.container = container;
    this.onSelect = onSelect;
    this.nodes = new Map();
    this.selected = null;
  }

  /** Draws `tasks` ([{name, dependsOn}], parents first) with every task WAITING. */
  draw(tasks) {
    this.nodes.clear();
    const depth = new Map();
    for (const t of tasks) {
      let d = 0;
      for (const p of t.dependsOn) {
        if (depth.has(p)) {
          d = Math.max(d, depth.get(p) + 1);
        }
      }
      depth.set(t.name, d);
    }
    const columns = [];
    for (const t of tasks) {
      const d = depth.get(t.name);
      (columns[d] = columns[d] || []).push(t.name);
    }
    const pos = new Map();
    columns.forEach((names, c) => names.forEach((n, r) => pos.set(n, { x: PAD + c * (W + GAP_X), y: PAD + r * (H + GAP_Y) })));
    const rows = Math.max(1, ...columns.map(c => c.length));
    const width = PAD * 2 + Math.max(1, columns.length) * (W + GAP_X) - GAP_X;
    const height = PAD * 2 + rows * (H + GAP_Y) - GAP_Y;
    const svg = el('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'presentation' });
    const edges = el('g');
    const parts = [];
    for (const t of tasks) {
      const to = pos.get(t.name);
      for (const p of t.dependsOn) {
        const from = pos.get(p);
        if (!from) {
          continue;
        }
        const x1 = from.x + W;
        const y1 = from.y + H / 2;
        const x2 = to.x;
        const y2 = to.y + H / 2;
        const mx = (x1 + x2) / 2;
        parts.push(`M${x1},${y1}C${mx},${y1} ${mx},${y2} ${x2},${y2}`);
      }
    }
    // one path for every edge: cheap to draw however many there are
    edges.appendChild(el('path', { class: 'edge', d: parts.join('') }));
    svg.appendChild(edges);
    const group = el('g');
    for (const t of tasks) {
      const p = pos.get(t.name);
      const g = el('g', { class: 'node s-WAITING', transform: `translate(${p.x},${p.y})`, tabindex: '0',
        role: 'button', 'data-task': t.name, 'aria-label': `${t.name}: WAITING` });
      const title = el('title');
      title.textContent = `${t.name}: WAITING`;
      g.appendChild(title);
      g.appendChild(el('rect', { width: W, height: H }));
      const text = el('text', { x: 8, y: H / 2 + 4 });
      text.textContent = label(t.name);
      g.appendChild(text);
      group.appendChild(g);
      this.nodes.set(t.name, { g, title, state: 'WAITING' });
    }
    group.addEventListener('click', e => this.pick(e.target.closest('.node')));
    group.addEventListener('keydown', e => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        this.pick(e.target.closest('.node'));
      }
    });
    svg.appendChild(group);
    this.container.replaceChildren(svg);
  }

  pick(g) {
    if (!g) {
      return;
    }
    if (this.selected) {
      this.selected.classList.remove('selected');
    }
    this.selected = g;
    g.classList.add('selected');
    this.onSelect(g.getAttribute('data-task'));
  }

  /** Shows `task` in `state`; a task not in the graph (its factfile changed) is ignored. */
  set(task, state) {
    const n = this.nodes.get(task);
    if (!n || n.state === state) {
      return;
    }
    n.g.classList.replace('s-' + n.state, 's-' + state);
    n.state = state;
    n.title.textContent = `${task}: ${state}`;
    n.g.setAttribute('aria-label', `${task}: ${state}`);
  }

  resetAll() {
    for (const [task] of this.nodes) {
      this.set(task, 'WAITING');
    }
  }

  state(task) {
    const n = this.nodes.get(task);
    return n ? n.state : undefined;
  }
}
