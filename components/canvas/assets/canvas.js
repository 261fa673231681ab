// Progress Canvas: the needs/solutions canvas as one interactive element.
//
// Runs as a Streamlit custom component (v2, no iframe): Streamlit calls the default export with
// the data Python sent (`data.board`: the canvas, `data.viewer`: this viewer's role, dots,
// answers to their edits) every time that data changes, always on the same `parentElement`.
// The same script draws the standalone picture of the downloads (`mountCanvas` with mode
// "static").  No network, no build step, no dependency.
//
// One script in six files, joined in this order by components/canvas/picture.py: this one (the
// helpers, the canvas's data and the events it sends), draw.js (cards, analysis, legend),
// lines.js (the links as lines, the menu of a line, the message line), editor.js (typing in
// place), actions.js (mouse, touch, keyboard) and mount.js (the entry point and its export).
//
// Event protocol (browser -> Python): every action is an event object (see
// components/canvas/events.py for the list) numbered `seq` by this canvas; unanswered events
// are sent together as the state value `outbox = {client, events}`.  Python applies the new
// ones (seq above what it answered for this client), answers in `viewer.acks[client]` (the
// highest seq done) and `viewer.results` ({client, seq, ok, error, conflict, revision, done}).
// Until answered, an event is drawn as if done (a new card shows at once, marked "saving").
// The events not answered yet are also kept in the tab's sessionStorage (with the client id
// and the last seq), so that none is lost when the element is drawn afresh before Python
// answered: a reload, or the page held while the database was away (restoreOutbox).
// User text only ever enters the page as text (textContent), never as markup.

const PARTS = { outcome: "outcomes", obstacle: "obstacles", consequence: "consequences" };
const LINKABLE = new Set(["job", "outcome", "obstacle"]);
const VOTABLE = new Set(["job", "outcome", "obstacle", "solution"]);
const SVG = "http://www.w3.org/2000/svg";
const DRAG_START = 6; // pixels the pointer moves before a press becomes a drag
const TOAST_MS = 8000;
const instances = new WeakMap();

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") node.className = value;
    else if (name === "on") for (const [type, fn] of Object.entries(value)) node.addEventListener(type, fn);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function svg(tag, attrs) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, String(value));
  return node;
}

function attr(node, name, value) {
  // only a real change touches the page (an unchanged attribute costs no style work)
  if (value === null || value === undefined) {
    if (node.hasAttribute(name)) node.removeAttribute(name);
  } else if (node.getAttribute(name) !== String(value)) {
    node.setAttribute(name, String(value));
  }
}

function place(parent, nodes) {
  // make exactly `nodes`, in this order, the children of parent, moving as few as possible
  let cursor = parent.firstChild;
  for (const node of nodes) {
    if (cursor === node) { cursor = cursor.nextSibling; continue; }
    parent.insertBefore(node, cursor);
  }
  while (cursor) { const next = cursor.nextSibling; cursor.remove(); cursor = next; }
}

function fill(template, params) {
  // a counted text comes as its plural forms; "one" is for exactly 1 in English, German and
  // Swedish alike (Babel's rule, checked by tests/test_i18n.py), "other" for any other count
  if (template && typeof template === "object") {
    template = (params && Number(params.count) === 1 && template.one) || template.other;
  }
  return String(template ?? "").replace(/\{(\w+)\}/g, (whole, name) =>
    params && params[name] !== undefined ? String(params[name]) : whole);
}

function newId() {
  const bytes = new Uint8Array(8);
  (globalThis.crypto || window.crypto).getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function clone(value) {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

class Canvas {
  constructor(host, send, mode) {
    this.host = host;
    this.sendState = send;
    this.client = newId();
    this.seq = 0;
    this.outbox = [];
    this.restored = false; // keepOutbox waits for restoreOutbox (the first update comes before)
    this.sent = new Map();
    this.handled = new Set();
    this.editor = null;
    this.selected = null;
    this.current = null;
    this.conflicts = new Map();
    this.notes = new Map();
    this.toastState = null;
    this.linking = null;
    this.drag = null;
    this.menu = null;
    this.deferred = false;
    this.rendering = false;
    this.zoom = 1;
    this.cache = new Map();
    this.root = el("div", { class: "pcv", "data-testid": "pc-canvas", role: "region" });
    host.appendChild(this.root);
    this.bind();
    if (mode !== "static" && typeof ResizeObserver !== "undefined") {
      this.resizer = new ResizeObserver(() => this.later());
      this.resizer.observe(this.root);
    }
  }

  // --- data in, events out ------------------------------------------------------------------

  update(data) {
    // the canvas comes as JSON text (made once per board revision on the server), read here
    if (typeof data.board === "string") data = { ...data, board: JSON.parse(data.board) };
    this.data = data;
    const viewer = data.viewer || {};
    const done = (viewer.acks || {})[this.client] ?? 0;
    this.outbox = this.outbox.filter((event) => event.seq > done);
    this.keepOutbox();
    for (const result of viewer.results || []) {
      if (result.client === this.client && !this.handled.has(result.seq)) {
        this.handled.add(result.seq);
        this.answer(result);
      }
    }
    if (this.drag?.active || this.linking?.pointer) { this.deferred = true; return; }
    this.render();
  }

  send(event) {
    event.seq = ++this.seq;
    this.outbox.push(event);
    this.sent.set(event.seq, event);
    if (this.sent.size > 200) this.sent.delete(this.sent.keys().next().value);
    this.keepOutbox();
    this.render(); // the person sees it at once; the server's answer follows
    this.sendOutbox();
  }

  sendOutbox() {
    this.sendState("outbox", { client: this.client, events: this.outbox.map((e) => ({ ...e })) });
  }

  get outboxKey() { return `pcv-outbox-${this.viewer.board_id || ""}`; }

  keepOutbox() {
    // the events not answered yet, for a canvas drawn afresh in this tab (restoreOutbox)
    if (this.mode !== "edit" || !this.restored) return;
    try {
      if (this.outbox.length) {
        sessionStorage.setItem(this.outboxKey, JSON.stringify({ client: this.client, seq: this.seq, events: this.outbox }));
      } else {
        sessionStorage.removeItem(this.outboxKey);
      }
    } catch (_) { /* storage may be off: then only the open element keeps them */ }
  }

  restoreOutbox() {
    // carry on as the canvas whose events were not answered yet: same client id, same seq,
    // so Python does each exactly once (it answers per client), and send them again
    if (this.mode !== "edit") return;
    this.restored = true;
    let kept = null;
    try { kept = JSON.parse(sessionStorage.getItem(this.outboxKey) || "null"); } catch (_) { return; }
    if (!kept || !kept.client || !Array.isArray(kept.events) || !kept.events.length) return;
    this.client = kept.client;
    this.seq = Math.max(this.seq, kept.seq || 0);
    this.outbox = kept.events;
    for (const event of kept.events) this.sent.set(event.seq, event);
    const waiting = new Set(kept.events.map((event) => event.seq));
    for (const result of this.viewer.results || []) {  // answered before: not again
      if (result.client === this.client && !waiting.has(result.seq)) this.handled.add(result.seq);
    }
    this.update(this.data);
    if (this.outbox.length) this.sendOutbox();
  }

  answer(result) {
    const event = this.sent.get(result.seq);
    const T = this.text();
    if (result.ok) {
      if (event && event.op === "delete" && result.revision) {
        this.toast(result.done || T["canvas.ui.deleted"], T["canvas.ui.undo"],
                   () => this.send({ op: "undo", revision: result.revision }));
        this.toastState.undo = true; // Ctrl+Z does it too
      } else if (event && event.op === "undo") {
        this.toast(result.done || T["canvas.ui.undone"]);
      }
      return;
    }
    if (result.conflict && event) {
      this.conflicts.set(result.conflict.item, { ...result.conflict, event });
      return;
    }
    if (event && event.op === "add") {
      const spec = { mode: "add", kind: event.kind, parent: event.parent || null, persona: event.persona ?? null };
      if (this.sameEditor(spec) && this.editor.input.value.trim()) {
        // the next idea is being typed there already: keep it, and say which one was refused
        this.openEditor(spec, undefined, `${result.error} “${event.text}”`);
      } else {
        this.openEditor(spec, event.text, result.error);
      }
      return;
    }
    if (event && event.op === "edit" && this.find(event.item)) {
      this.openEditor({ mode: "edit", kind: this.find(event.item).kind, item: event.item },
                      event.text, result.error);
      return;
    }
    if (event && event.item) this.notes.set(event.item, result.error);
    this.toast(result.error, null, null, true);
  }

  get viewer() { return (this.data && this.data.viewer) || {}; }
  get board() { return (this.data && this.data.board) || {}; }
  get mode() { return this.viewer.mode || "static"; }
  get canEdit() { return !!this.viewer.can_edit; }
  get revision() { return this.viewer.revision || 0; }
  text() { return this.board.text || {}; }

  // --- the model as drawn: the board plus the events not answered yet ------------------------

  model() {
    const board = this.board;
    const model = {
      groups: clone(board.groups || []), solutions: clone(board.solutions || []),
      links: clone(board.links || []), votes: { ...(board.votes || {}) },
      mine: clone((this.viewer.vote && this.viewer.vote.mine) || {}),
    };
    this.index = this.indexOf(model);
    for (const event of this.outbox) this.applyEvent(model, event);
    this.index = this.indexOf(model);
    return model;
  }

  indexOf(model) {
    const index = new Map();
    for (const group of model.groups) {
      for (const job of group.jobs) {
        index.set(job.id, { item: { ...job, kind: "job" }, list: group.jobs, owner: group, real: job });
        for (const [kind, name] of Object.entries(PARTS)) {
          for (const part of job[name]) index.set(part.id, { item: part, list: job[name], owner: job, real: part });
        }
      }
    }
    for (const solution of model.solutions) {
      index.set(solution.id, { item: { ...solution, kind: "solution" }, list: model.solutions, real: solution });
    }
    return index;
  }

  find(id) {
    const found = this.index && this.index.get(id);
    return found ? { ...found.real, kind: found.item.kind || found.real.kind } : null;
  }

  applyEvent(model, event) {
    const found = event.item ? this.index.get(event.item) : null;
    switch (event.op) {
      case "add": {
        const item = { id: event.id, kind: event.kind, code: "", text: event.text, pending: true };
        if (event.kind === "job") {
          Object.assign(item, { outcomes: [], obstacles: [], consequences: [] });
          let group = model.groups.find((g) => (g.persona ?? null) === (event.persona ?? null));
          if (!group) { group = { persona: event.persona ?? null, name: "", jobs: [] }; model.groups.push(group); }
          group.jobs.push(item);
        } else if (event.kind === "solution") {
          model.solutions.push(item);
        } else {
          const job = this.index.get(event.parent);
          if (job) job.real[PARTS[event.kind]].push(item);
        }
        this.index = this.indexOf(model);
        break;
      }
      case "edit": if (found) { found.real.text = event.text; found.real.pending = true; } break;
      case "rate":
        if (found) {
          found.real[event.field] = event.value;
          found.real[`${event.field}_text`] = this.ratingText(event.value);
          found.real.opportunity_text = null;
          found.real.pending = true;
        }
        break;
      case "delete":
        if (found) {
          found.list.splice(found.list.indexOf(found.real), 1);
          const gone = new Set([event.item]);
          if (found.real.outcomes) for (const name of Object.values(PARTS)) for (const p of found.real[name]) gone.add(p.id);
          model.links = model.links.filter((l) => !gone.has(l.solution) && !gone.has(l.target));
          this.index = this.indexOf(model);
        }
        break;
      case "move":
        if (found) {
          found.list.splice(found.list.indexOf(found.real), 1);
          let list = found.list;
          if (event.parent && PARTS[found.real.kind]) {
            const job = this.index.get(event.parent);
            if (job) list = job.real[PARTS[found.real.kind]];
          }
          const at = list.findIndex((x) => x.id === event.before);
          list.splice(at < 0 ? list.length : at, 0, found.real);
          found.real.pending = true;
          this.index = this.indexOf(model);
        }
        break;
      case "link":
        model.links.push({ id: event.id, solution: event.solution, target: event.target,
                           strength: event.strength || "strong", pending: true });
        break;
      case "strength": {
        const link = model.links.find((l) => l.id === event.link);
        if (link) { link.strength = event.strength; link.pending = true; }
        break;
      }
      case "unlink": model.links = model.links.filter((l) => l.id !== event.link); break;
      case "vote":
        model.votes[event.target] = (model.votes[event.target] || 0) + 1;
        (model.mine[event.target] = model.mine[event.target] || []).push(event.id);
        break;
      case "unvote":
        for (const [target, ids] of Object.entries(model.mine)) {
          if (ids.includes(event.vote)) {
            model.mine[target] = ids.filter((id) => id !== event.vote);
            model.votes[target] = Math.max(0, (model.votes[target] || 1) - 1);
          }
        }
        break;
      default: break;
    }
  }

  ratingText(value) {
    if (value === null || value === undefined) return null;
    const found = (this.text().ratings || []).find(([step]) => step === value);
    return found ? found[1] : String(value);
  }
}
