// Progress Canvas: the needs/solutions canvas as one interactive element.
//
// Runs as a Streamlit custom component (v2, no iframe): Streamlit calls the default export with
// the data Python sent (`data.board`: the canvas, `data.viewer`: this viewer's role, dots,
// answers to their edits) every time that data changes, always on the same `parentElement`.
// The same script draws the standalone picture of the downloads (`mountCanvas` with mode
// "static").  No network, no build step, no dependency.
//
// Event protocol (browser -> Python): every action is an event object (see
// components/canvas/events.py for the list) numbered `seq` by this canvas; unanswered events
// are sent together as the state value `outbox = {client, events}`.  Python applies the new
// ones (seq above what it answered for this client), answers in `viewer.acks[client]` (the
// highest seq done) and `viewer.results` ({client, seq, ok, error, conflict, revision, done}).
// Until answered, an event is drawn as if done (a new card shows at once, marked "saving").
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
    this.data = data;
    const viewer = data.viewer || {};
    const done = (viewer.acks || {})[this.client] ?? 0;
    this.outbox = this.outbox.filter((event) => event.seq > done);
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
    this.render(); // the person sees it at once; the server's answer follows
    this.sendState("outbox", { client: this.client, events: this.outbox.map((e) => ({ ...e })) });
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

  // --- drawing ------------------------------------------------------------------------------

  render() {
    if (!this.data) return;
    const started = performance.now();
    const model = this.model();
    this.drawn = model;
    const T = this.text();
    const focus = this.focusState();
    this.rendering = true;
    this.used = new Set();
    const mode = this.mode;
    this.root.className = ["pcv", `pcv-${mode}`, this.canEdit ? "pcv-editable" : "pcv-readonly",
      this.board.compare ? "pcv-compare" : "", this.linking ? "pcv-linking" : ""].filter(Boolean).join(" ");
    attr(this.root, "aria-label", this.board.title || T["canvas.ui.canvas"]);
    attr(this.root, "lang", T.language || "en");
    if (!this.halves) {
      this.needBox = el("section", { class: "pcv-half pcv-need" });
      this.solBox = el("section", { class: "pcv-half pcv-sol" });
      this.halves = el("div", { class: "pcv-halves" }, this.needBox,
        el("div", { class: "pcv-gutter", "aria-hidden": "true" }, el("div", { class: "pcv-yy" })), this.solBox);
      this.svg = svg("svg", { class: "pcv-lines", "aria-hidden": "true" });
      this.toastNode = el("div", { class: "pcv-toast", role: "status", "aria-live": "polite" });
    }
    attr(this.needBox, "aria-label", T["canvas.picture.needs_title"]);
    attr(this.solBox, "aria-label", T["canvas.picture.solutions_title"]);
    this.fillNeeds(model);
    this.fillSolutions(model);
    // the band above and the legend below are kept too: drawing them afresh would make the
    // browser lay out the whole canvas again
    const parts = [this.analysisKeepingOpen(model), this.halves, this.svg];
    if (mode !== "static") {
      parts.push(this.cached("legend", JSON.stringify([mode, this.canEdit, T.language]), () => this.legend()));
    }
    if (this.menu) parts.push(this.menuNode());
    parts.push(this.toastNode);
    place(this.root, parts);
    for (const key of this.cache.keys()) if (!this.used.has(key)) this.cache.delete(key);
    this.placeEditor();
    this.highlight(model);
    this.drawToast();
    this.restoreFocus(focus);
    this.rendering = false;
    if (mode === "present") this.fitToScreen();
    this.drawLines();
    // how long drawing took, for bench/canvas_enter.py and the browser's performance tools
    performance.measure("pcv-render", { start: started, end: performance.now() });
  }

  // Drawing afresh only what changed: a piece is kept while its signature stays the same, so
  // a big board's other cards stay where they are (and keep focus) when one card changes.

  cached(key, sig, make) {
    this.used.add(key);
    const hit = this.cache.get(key);
    if (hit && hit.sig === sig) return hit.node;
    const node = make();
    this.cache.set(key, { sig, node });
    return node;
  }

  box(key, make) {
    this.used.add(key);
    const hit = this.cache.get(key);
    if (hit) return hit.node;
    const node = make();
    this.cache.set(key, { sig: null, node });
    return node;
  }

  sigOf(item, kind) {
    const own = {};
    for (const [name, value] of Object.entries(item)) if (!Array.isArray(value)) own[name] = value;
    const vote = this.viewer.vote;
    const dots = (this.drawn.votes || {})[item.id] || 0;
    const voting = vote && vote.open && VOTABLE.has(kind)
      ? [vote.can_vote, vote.name_missing, ((this.drawn.mine || {})[item.id] || []).length, this.dotsLeft() > 0] : null;
    const editing = !!(this.editor && this.editor.mode === "edit" && this.editor.item === item.id);
    return JSON.stringify([kind, own, this.isOpen(item), kind === "solution" && this.isOrphan(item),
      this.canEdit, this.mode, this.current === item.id, this.text().language, dots, voting,
      this.conflicts.get(item.id) || null, this.notes.get(item.id) || null, editing]);
  }

  dotsLeft() {
    const vote = this.viewer.vote;
    if (!vote) return 0;
    return vote.dots - Object.values(this.drawn.mine || {}).reduce((sum, ids) => sum + ids.length, 0);
  }

  analysisKeepingOpen(model) {
    const findings = this.findingsOf(model);
    const sig = JSON.stringify([findings, this.board.fit, this.text().language,
      this.viewer.vote && this.viewer.vote.open ? [this.viewer.vote.name_missing, this.dotsLeft()] : null,
      findings.ids.map((id) => { const item = this.find(id); return item && [item.code, item.text]; })]);
    const open = new Set(Array.from(this.root.querySelectorAll(".pcv-analysis details[open]"), (d) => d.dataset.pcFind));
    return this.cached("analysis", sig, () => {
      const node = this.analysis(model, findings);
      for (const details of node.querySelectorAll("details")) details.open = open.has(details.dataset.pcFind);
      return node;
    });
  }

  findingsOf(model) {
    const fit = this.board.fit || {};
    const needs = (fit.unaddressed || []).filter((id) => this.index.has(id));
    const orphans = (fit.orphans || []).filter((id) => this.index.has(id));
    const disguised = (fit.disguised || []).filter((d) => this.index.has(d.id)).map((d) => d.id);
    return { needs, orphans, disguised, ids: [...needs, ...orphans, ...disguised],
             cards: model.groups.some((g) => g.jobs.length) || model.solutions.length > 0,
             solutions: model.solutions.length > 0 };
  }

  focusState() {
    const active = this.host.activeElement || (this.host.getRootNode && this.host.getRootNode().activeElement);
    if (!active || !this.root.contains(active)) return null;
    if (this.editor && active === this.editor.input) {
      return { editor: true, start: active.selectionStart, end: active.selectionEnd };
    }
    const card = active.closest("[data-pc-item]");
    const add = active.closest("[data-pc-add]");
    return { item: card && card.dataset.pcItem, add: add && add.dataset.pcAdd,
             parent: add && add.dataset.pcParent, control: active.dataset.pcControl };
  }

  restoreFocus(state) {
    if (!state) return;
    if (state.editor && this.editor) {
      this.editor.input.focus({ preventScroll: true });
      try { this.editor.input.setSelectionRange(state.start, state.end); } catch (_) { /* fine */ }
      return;
    }
    let target = null;
    if (state.item) {
      const card = this.card(state.item);
      target = card && state.control ? card.querySelector(`[data-pc-control="${state.control}"]`) || card : card;
    } else if (state.add) {
      target = this.root.querySelector(`[data-pc-add="${state.add}"]${state.parent ? `[data-pc-parent="${state.parent}"]` : ""}`);
    }
    if (target) target.focus({ preventScroll: true });
  }

  card(id) {
    return id ? this.root.querySelector(`[data-pc-item="${CSS.escape(id)}"]`) : null;
  }

  analysis(model, found) {
    const T = this.text();
    const fit = this.board.fit || {};
    const band = el("div", { class: "pcv-analysis", role: "group", "aria-label": T["canvas.fit.title"] },
      el("span", { class: "pcv-analysis-title" }, T["canvas.fit.title"]));
    const score = (label, shown, value, help) => el("span", { class: "pcv-score", title: help },
      label, el("b", {}, shown), value === null || value === undefined ? null
        : el("span", { class: "pcv-bar", "aria-hidden": "true" },
             el("i", { style: `width:${Math.max(0, Math.min(100, value))}%` })));
    band.append(score(T["canvas.fit.score"], `${fit.outcomes} / 100`, fit.outcome_value, T["canvas.fit.score_help"]));
    band.append(score(T["canvas.fit.obstacle_score"], `${fit.obstacles} / 100`, fit.obstacle_value,
                      T["canvas.fit.obstacle_help"]));
    if (!found.cards) return band;
    band.append(found.needs.length
      ? this.findings("pcv-bad", fill(T["canvas.fit.unaddressed"], { count: found.needs.length }), found.needs)
      : el("span", { class: "pcv-ok" }, T["canvas.fit.all_addressed"]));
    if (!found.solutions) band.append(el("span", {}, T["canvas.fit.no_solutions"]));
    else band.append(found.orphans.length
      ? this.findings("pcv-bad", fill(T["canvas.fit.orphans"], { count: found.orphans.length }), found.orphans)
      : el("span", { class: "pcv-ok" }, T["canvas.fit.no_orphans"]));
    if (found.disguised.length) {
      band.append(this.findings("pcv-hint", fill(T["canvas.fit.disguise_title"], { count: found.disguised.length }),
                                found.disguised, T["canvas.fit.disguise_hint"]));
    }
    if (fit.unrated) band.append(el("span", {}, fill(T["canvas.ui.unrated"], { count: fit.unrated })));
    const vote = this.viewer.vote;
    if (vote && vote.open) {
      band.append(el("span", { class: "pcv-votes-left", "aria-live": "polite" },
        vote.name_missing ? T["canvas.ui.vote_name_first"]
          : fill(T["canvas.ui.dots_left"], { left: Math.max(0, this.dotsLeft()), dots: vote.dots })));
    }
    return band;
  }

  findings(kind, title, ids, hint) {
    const list = el("ul", {});
    for (const id of ids) {
      const item = this.find(id);
      if (!item) continue;
      list.append(el("li", {}, el("button", { type: "button", "data-pc-goto": id },
        `${item.code} ${item.text.length > 90 ? item.text.slice(0, 89) + "…" : item.text}`)));
    }
    return el("details", { class: `pcv-find ${kind}`, "data-pc-find": title.replace(/\d+/g, "") }, el("summary", {}, title),
              el("div", {}, list, hint ? el("p", {}, hint) : null));
  }

  legend() {
    const T = this.text();
    const kinds = ["job", "outcome", "obstacle", "consequence", "solution"].map((kind) =>
      el("span", {}, el("span", { class: `pcv-code pcv-code-${kind}` }, "\u00a0"), " ", (T.kinds || {})[kind]));
    const line = (strength) => {
      const icon = svg("svg", { width: 34, height: 10, "aria-hidden": "true" });
      const path = svg("path", { d: "M2 5 L32 5", class: "pcv-stroke" });
      const g = svg("g", { class: `pcv-line pcv-${strength}` });
      g.append(path); icon.append(g);
      return el("span", {}, icon, " ", T[`canvas.picture.strength.${strength}`]);
    };
    return el("div", { class: "pcv-legend" }, kinds, line("strong"), line("weak"),
      this.mode === "present" ? null
        : el("span", { class: "pcv-keys" }, this.canEdit ? T["canvas.ui.keys_edit"] : T["canvas.ui.keys_read"]));
  }

  fillNeeds(model) {
    const T = this.text();
    const head = this.cached("need-head", T.language, () => el("div", {},
      el("h2", { class: "pcv-h2" }, T["canvas.picture.needs_title"]),
      el("p", { class: "pcv-sub" }, T["canvas.picture.needs_subtitle"])));
    const groups = model.groups;
    const none = !groups.some((g) => g.jobs.length) && !this.editingHere("job");
    const emptyText = this.canEdit ? T["canvas.ui.empty_needs_edit"] : T["canvas.ui.empty_needs"];
    const empty = none ? this.cached("need-empty", emptyText, () => el("p", { class: "pcv-empty" }, emptyText)) : null;
    const box = this.box("groups", () => el("div", { class: "pcv-groups" }));
    const names = this.board.compare || groups.some((g) => g.persona);
    const shown = groups.length ? groups : [{ persona: null, name: "", jobs: [] }];
    place(box, shown.map((group) => this.groupNode(group, names && groups.length > 0, groups.length > 0)));
    place(this.needBox, [head, empty, box].filter(Boolean));
  }

  groupNode(group, named, any) {
    const T = this.text();
    const key = `group:${group.persona ?? ""}`;
    const box = this.box(key, () => el("div", { class: "pcv-group" }));
    const name = group.persona ? group.name : T["canvas.picture.no_persona"];
    const label = named ? this.cached(`${key}:name`, name, () => el("div", { class: "pcv-persona" }, name)) : null;
    const list = this.box(`${key}:list`, () => el("div", { class: "pcv-list", "data-pc-list": "job", role: "list" }));
    place(list, group.jobs.map((job) => this.jobCard(job)));
    const empty = !group.jobs.length && any
      ? this.cached(`${key}:empty`, T.language, () => el("p", { class: "pcv-empty" }, T["canvas.picture.empty_persona"])) : null;
    place(box, [label, list, empty, ...this.adding("job", null, group.persona)].filter(Boolean));
    return box;
  }

  fillSolutions(model) {
    const T = this.text();
    const head = this.cached("sol-head", T.language, () => el("div", {},
      el("h2", { class: "pcv-h2" }, T["canvas.picture.solutions_title"]),
      el("p", { class: "pcv-sub" }, T["canvas.picture.solutions_subtitle"])));
    const emptyText = this.canEdit ? T["canvas.ui.empty_solutions_edit"] : T["canvas.ui.empty_solutions"];
    const empty = !model.solutions.length && !this.editingHere("solution")
      ? this.cached("sol-empty", emptyText, () => el("p", { class: "pcv-empty" }, emptyText)) : null;
    const list = this.box("solutions", () => el("div", { class: "pcv-list", "data-pc-list": "solution", role: "list" }));
    place(list, model.solutions.map((solution) => this.solutionCard(solution)));
    place(this.solBox, [head, empty, list, ...this.adding("solution")].filter(Boolean));
  }

  /** The "+" place of a section and, while someone adds there, the editor before it. */
  adding(kind, parent, persona) {
    if (!this.canEdit) return [];
    const T = this.text();
    const key = `add:${kind}:${parent || ""}:${persona || ""}`;
    const button = this.cached(key, T.language, () => el("button", { type: "button", class: "pcv-add",
      "data-pc-add": kind, "data-pc-parent": parent || null, "data-pc-persona": persona || null,
      "aria-label": T[`canvas.ui.add_${kind}`] }, `+ ${T[`canvas.ui.add_${kind}`]}`));
    const editor = this.editor;
    const here = editor && editor.mode === "add" && editor.kind === kind && (editor.parent || null) === (parent || null)
      && (kind !== "job" || (editor.persona || null) === (persona || null));
    button.hidden = !!here;
    return here ? [editor.node, button] : [button];
  }

  editingHere(kind) {
    return this.editor && this.editor.mode === "add" && this.editor.kind === kind;
  }

  jobCard(job) {
    const T = this.text();
    const key = `job:${job.id}`;
    const card = this.box(key, () => el("article", { class: "pcv-card pcv-job", "data-pc-item": job.id,
      "data-pc-kind": "job", tabindex: 0, role: "listitem" }));
    this.labelCard(card, job, "job");
    const own = this.cached(`${key}:own`, this.sigOf(job, "job"), () => this.own(job, "job"));
    const sections = [own];
    for (const [kind, name] of Object.entries(PARTS)) {
      const parts = job[name] || [];
      if (!parts.length && !this.canEdit) continue;
      const sec = this.box(`${key}:${kind}`, () => el("div", { class: `pcv-sec pcv-sec-${kind}` }));
      const head = this.cached(`${key}:${kind}:head`, T.language, () => el("div", { class: "pcv-sec-h" }, T[`canvas.picture.section.${kind}`]));
      const list = this.box(`${key}:${kind}:list`, () => el("div", { class: "pcv-list", "data-pc-list": kind,
        "data-pc-parent": job.id, role: "list" }));
      place(list, parts.map((part) => this.partCard(part)));
      place(sec, [head, list, ...this.adding(kind, job.id)]);
      sections.push(sec);
    }
    place(card, sections);
    return card;
  }

  partCard(part) {
    return this.cached(`card:${part.id}`, this.sigOf(part, part.kind), () => {
      const card = this.cardNode(part, part.kind, "div");
      card.classList.add("pcv-part");
      card.append(this.own(part, part.kind));
      return card;
    });
  }

  solutionCard(solution) {
    return this.cached(`card:${solution.id}`, this.sigOf(solution, "solution"), () => {
      const card = this.cardNode(solution, "solution", "div");
      const T = this.text();
      if (this.isOrphan(solution)) card.classList.add("pcv-orphan");
      if (this.canEdit && !solution.pending) {
        card.append(el("button", { type: "button", class: "pcv-handle", "data-pc-link-handle": "",
          "data-pc-control": "handle", tabindex: this.tabIndex(solution.id),
          "aria-label": fill(T["canvas.ui.link_handle"], { code: solution.code }),
          title: fill(T["canvas.ui.link_handle"], { code: solution.code }) }));
      }
      card.append(this.own(solution, "solution"));
      return card;
    });
  }

  cardNode(item, kind, tag) {
    const card = el(tag, { class: `pcv-card pcv-${kind}`, "data-pc-item": item.id, "data-pc-kind": kind,
      tabindex: 0, role: "listitem" });
    this.labelCard(card, item, kind);
    return card;
  }

  labelCard(card, item, kind) {
    const T = this.text();
    attr(card, "aria-label", fill(T["canvas.ui.card_label"], { kind: (T.kinds || {})[kind], code: item.code || "", text: item.text }));
    attr(card, "data-pc-pending", item.pending ? "" : null);
    card.classList.toggle("pcv-open", this.isOpen(item));
    card.classList.toggle("pcv-current", this.current === item.id);
  }

  isOrphan(solution) {
    return !!solution.orphan && !(this.drawn.links || []).some((l) => l.solution === solution.id);
  }

  tabIndex(id) { return this.current === id ? 0 : -1; }

  isOpen(item) {
    return !!item.open && !(this.drawn.links || []).some((l) => l.target === item.id);
  }

  own(item, kind) {
    const T = this.text();
    const own = el("div", { class: "pcv-own" });
    const row = el("div", { class: "pcv-row" },
      el("span", { class: `pcv-code pcv-code-${kind}`, title: (T.kinds || {})[kind] }, item.code || "…"),
      el("span", { class: "pcv-t", "data-pc-text": "" }, item.text),
      this.tools(item, kind));
    own.append(row);
    const meta = [];
    if (kind === "outcome") meta.push(...this.ratings(item));
    if (kind === "solution") meta.push(el("span", { class: "pcv-kind" }, T[`canvas.picture.solution_kind.${item.kind}`]));
    if (this.isOpen(item)) meta.push(el("span", { class: "pcv-b pcv-open-mark" }, T["canvas.ui.no_solution_yet"]));
    if (kind === "solution" && this.isOrphan(item)) {
      meta.push(el("span", { class: "pcv-b pcv-open-mark" }, T["canvas.picture.orphan"]));
    }
    if (item.disguise) {
      meta.push(el("span", { class: "pcv-b pcv-warn", title: T["canvas.fit.disguise_hint"] },
                   fill(T["canvas.picture.disguise"], { word: item.disguise })));
    }
    if (item.pending) meta.push(el("span", { class: "pcv-b pcv-pending-mark" }, T["canvas.ui.saving"]));
    if (meta.length) own.append(el("div", { class: "pcv-meta" }, meta));
    if (kind === "outcome" && item.note) {
      own.append(el("div", { class: "pcv-note" }, `${T["canvas.picture.judged_by"]} ${item.note}`));
    }
    if (kind === "solution" && item.description) own.append(el("div", { class: "pcv-note" }, item.description));
    const note = this.notes.get(item.id);
    if (note) own.append(el("div", { class: "pcv-error", role: "alert" }, note));
    const conflict = this.conflicts.get(item.id);
    if (conflict) own.append(this.conflictBox(item, conflict));
    return own;
  }

  tools(item, kind) {
    const T = this.text();
    const tools = el("span", { class: "pcv-tools" });
    const vote = this.viewer.vote;
    const dots = (this.drawn.votes || {})[item.id] || 0;
    const mine = ((this.drawn.mine || {})[item.id] || []);
    if (VOTABLE.has(kind) && vote && vote.open && vote.can_vote && !item.pending) {
      const left = this.dotsLeft();
      tools.append(el("button", { type: "button", class: "pcv-tool pcv-dot", "data-pc-vote": item.id,
        "data-pc-control": "vote", tabindex: this.tabIndex(item.id), disabled: left <= 0 || vote.name_missing,
        "aria-label": fill(T["canvas.ui.place_dot"], { code: item.code, count: dots }),
        title: fill(T["canvas.ui.place_dot"], { code: item.code, count: dots }) }, `● ${dots}`));
      if (mine.length) {
        tools.append(el("button", { type: "button", class: "pcv-tool", "data-pc-unvote": mine[mine.length - 1],
          "data-pc-control": "unvote", tabindex: this.tabIndex(item.id),
          "aria-label": fill(T["canvas.ui.take_dot"], { code: item.code }),
          title: fill(T["canvas.ui.take_dot"], { code: item.code }) }, "−"));
      }
    } else if (VOTABLE.has(kind) && dots) {
      tools.append(el("span", { class: "pcv-dots", title: fill(T["canvas.ui.dots"], { count: dots }) }, `● ${dots}`));
    }
    if (this.canEdit && !item.pending) {
      tools.append(el("button", { type: "button", class: "pcv-tool pcv-del", "data-pc-delete": item.id,
        "data-pc-control": "delete", tabindex: this.tabIndex(item.id),
        "aria-label": fill(T["canvas.ui.delete"], { code: item.code }),
        title: fill(T["canvas.ui.delete"], { code: item.code }) }, "×"));
    }
    return tools;
  }

  ratings(item) {
    const T = this.text();
    const shown = [];
    if (this.canEdit && !item.pending) {
      for (const field of ["importance", "satisfaction"]) {
        const select = el("select", { "data-pc-rate": field, "data-pc-control": field, tabindex: this.tabIndex(item.id),
          "aria-label": `${T[`canvas.picture.${field}`]} (${item.code})` },
          el("option", { value: "" }, "–"),
          (T.ratings || []).map(([value, label]) => el("option", { value, selected: item[field] === value }, label)));
        shown.push(el("label", { class: "pcv-rate" }, T[`canvas.picture.${field}`], select));
      }
    } else if (item.importance === null && item.satisfaction === null) {
      shown.push(el("span", { class: "pcv-b" }, T["canvas.picture.not_rated"]));
    } else {
      for (const field of ["importance", "satisfaction"]) {
        shown.push(el("span", { class: "pcv-b pcv-rating" }, `${T[`canvas.picture.${field}`]} ${item[`${field}_text`] ?? "–"}`));
      }
    }
    if (item.opportunity_text && item.band) {
      shown.push(el("span", { class: `pcv-b pcv-opp pcv-band-${item.band}` },
        `${T["canvas.picture.opportunity"]} ${item.opportunity_text} · ${(T.bands || {})[item.band]}`));
    }
    if (item.over_served) shown.push(el("span", { class: "pcv-b pcv-over" }, T["canvas.picture.over_served"]));
    if (item.survey) shown.push(el("span", { class: "pcv-b" }, T["canvas.picture.from_survey"]));
    return shown;
  }

  conflictBox(item, conflict) {
    const T = this.text();
    return el("div", { class: "pcv-conflict", role: "alert" },
      el("div", {}, conflict.message),
      conflict.theirs !== null && conflict.theirs !== undefined ? el("dl", {},
        el("dt", {}, T["canvas.ui.theirs"]), el("dd", {}, conflict.theirs),
        el("dt", {}, T["canvas.ui.yours"]), el("dd", {}, conflict.yours ?? "")) : null,
      conflict.yours !== null && conflict.yours !== undefined
        ? el("button", { type: "button", class: "pcv-btn", "data-pc-keep": item.id }, T["canvas.ui.keep_mine"]) : null,
      el("button", { type: "button", class: "pcv-btn", "data-pc-drop": item.id }, T["canvas.ui.keep_theirs"]));
  }

  linkList(solution, model) {
    const T = this.text();
    const list = el("ul", { class: "pcv-linklist", "aria-label": fill(T["canvas.ui.links_of"], { code: solution.code }) });
    for (const link of model.links.filter((l) => l.solution === solution.id)) {
      const target = this.find(link.target);
      if (!target) continue;
      const other = link.strength === "strong" ? "weak" : "strong";
      list.append(el("li", {},
        el("span", {}, `→ ${target.code} ${target.text} · ${T[`canvas.picture.strength.${link.strength}`]}`),
        this.canEdit ? [
          el("button", { type: "button", class: "pcv-btn", "data-pc-strength": link.id, "data-pc-to": other },
             T[`canvas.ui.make_${other}`]),
          el("button", { type: "button", class: "pcv-btn", "data-pc-unlink": link.id }, T["canvas.ui.remove_link"]),
        ] : null));
    }
    if (!list.children.length) list.append(el("li", {}, el("span", {}, T["canvas.picture.orphan"])));
    return list;
  }

  addButton(kind, parent, persona) {
    const T = this.text();
    return el("button", { type: "button", class: "pcv-add", "data-pc-add": kind, "data-pc-parent": parent || null,
      "data-pc-persona": persona || null, "aria-label": T[`canvas.ui.add_${kind}`] }, `+ ${T[`canvas.ui.add_${kind}`]}`);
  }

  // --- the links as lines ---------------------------------------------------------------------

  later() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => { this.frame = null; if (this.mode === "present") this.fitToScreen(); this.drawLines(); });
  }

  drawLines() {
    if (!this.svg || !this.drawn) return;
    // measure every card first, then draw: no layout between two measurements
    const box = this.root.getBoundingClientRect();
    const zoom = this.zoom || 1;
    const [need, sol] = this.halves.querySelectorAll(":scope > .pcv-half");
    const stacked = sol.getBoundingClientRect().top >= need.getBoundingClientRect().bottom - 1;
    const anchors = new Map();
    for (const node of this.root.querySelectorAll("[data-pc-item]")) anchors.set(node.dataset.pcItem, node);
    const measured = new Map();
    const anchor = (id) => {
      if (!measured.has(id)) measured.set(id, anchors.has(id) ? this.anchor(anchors.get(id)) : null);
      return measured.get(id);
    };
    const ends = this.drawn.links.map((link) => [link, anchor(link.solution), anchor(link.target)]);
    const width = this.root.scrollWidth, height = this.root.scrollHeight;
    const lit = this.litLinks || new Set();
    const T = this.text();
    const lines = [];
    for (const [link, from, to] of ends) {
      if (!from || !to) continue;
      const y1 = (to.top + Math.min(to.height / 2, 16) - box.top) / zoom;
      const y2 = (from.top + Math.min(from.height / 2, 16) - box.top) / zoom;
      let d;
      if (stacked) {
        const x1 = (to.right - box.left) / zoom, x2 = (from.right - box.left) / zoom;
        const bend = Math.min(30, 10 + Math.abs(y2 - y1) / 40); // longer lines bend further out
        d = `M${x1} ${y1} C${x1 + bend} ${y1} ${x2 + bend} ${y2} ${x2} ${y2}`;
      } else {
        const x1 = (to.right - box.left) / zoom, x2 = (from.left - box.left) / zoom, mid = (x1 + x2) / 2;
        d = `M${x1} ${y1} C${mid} ${y1} ${mid} ${y2} ${x2} ${y2}`;
      }
      const source = this.find(link.solution), target = this.find(link.target);
      const g = svg("g", { class: `pcv-line pcv-${link.strength}${link.pending ? " pcv-pending" : ""}${lit.has(link.id) ? " pcv-lit" : ""}`,
                           "data-pc-link": link.id });
      const title = svg("title", {});
      title.textContent = fill(T["canvas.ui.link_label"], { from: source ? source.code : "", to: target ? target.code : "",
                                                            strength: T[`canvas.picture.strength.${link.strength}`] });
      g.append(title, svg("path", { d, class: "pcv-stroke" }), svg("path", { d, class: "pcv-hit" }));
      lines.push(g);
    }
    this.svg.setAttribute("width", width);
    this.svg.setAttribute("height", height);
    this.svg.replaceChildren(...lines);
    if (this.linking && this.linking.pointer) this.drawDraft();
  }

  anchor(card) {
    if (!card) return null;
    const own = card.querySelector(":scope > .pcv-own") || card;
    const rect = own.getBoundingClientRect();
    const outer = card.getBoundingClientRect();
    return { top: rect.top, height: rect.height, left: outer.left, right: outer.right };
  }

  drawDraft() {
    const link = this.linking;
    const box = this.root.getBoundingClientRect();
    const zoom = this.zoom || 1;
    const from = this.anchor(this.card(link.solution));
    if (!from) return;
    const x1 = (from.left - box.left) / zoom, y1 = (from.top + Math.min(from.height / 2, 16) - box.top) / zoom;
    const x2 = (link.x - box.left) / zoom, y2 = (link.y - box.top) / zoom;
    let draft = this.svg.querySelector(".pcv-draft-line");
    if (!draft) { draft = svg("path", { class: "pcv-draft-line" }); this.svg.append(draft); }
    draft.setAttribute("d", `M${x1} ${y1} L${x2} ${y2}`);
  }

  highlight(model) {
    this.litLinks = new Set();
    this.root.querySelectorAll(".pcv-lit, .pcv-selected").forEach((n) => n.classList.remove("pcv-lit", "pcv-selected"));
    this.root.querySelectorAll(".pcv-linklist").forEach((n) => n.remove());
    this.root.classList.toggle("pcv-dim", !!(this.selected && this.index.has(this.selected)));
    if (!this.selected || !this.index.has(this.selected)) return;
    const lit = new Set([this.selected]);
    for (const link of model.links) {
      if (link.solution === this.selected || link.target === this.selected) {
        lit.add(link.solution); lit.add(link.target); this.litLinks.add(link.id);
      }
    }
    for (const id of lit) {
      const card = this.card(id);
      if (card) card.classList.add("pcv-lit");
    }
    const card = this.card(this.selected);
    if (card) card.classList.add("pcv-selected");
    if (card && card.dataset.pcKind === "solution") card.append(this.linkList(this.find(this.selected), model));
  }

  select(id) {
    if (this.selected === id) return;
    this.selected = id;
    if (id) this.current = id;
    // only the marks change: no redraw of the cards (a big board stays quick to step through)
    this.highlight(this.drawn);
    this.drawLines();
  }

  fitToScreen() {
    // a shared screen shows the whole canvas at once; a phone scrolls instead (too small)
    this.root.style.zoom = "";
    this.zoom = 1;
    if (window.innerWidth < 900) return;
    const top = this.root.getBoundingClientRect().top;
    const room = window.innerHeight - Math.max(0, top) - 12;
    for (let i = 0; i < 3; i += 1) {
      const height = this.root.getBoundingClientRect().height;
      if (height <= room || room < 200) break;
      this.zoom = Math.max(0.45, this.zoom * room / height);
      this.root.style.zoom = String(this.zoom);
    }
  }

  // --- the editor in place ------------------------------------------------------------------

  openEditor(spec, text, error) {
    if (!this.canEdit) return;
    if (this.editor && !this.sameEditor(spec)) this.commitEditor(false);
    if (!this.editor || !this.sameEditor(spec)) {
      const T = this.text();
      const kind = spec.kind;
      const input = el("textarea", { rows: 2, "aria-label": T[`canvas.ui.${spec.mode}_${kind}`] || T[`canvas.ui.add_${kind}`],
        placeholder: T[`canvas.field.placeholder_${kind}`] || "" });
      const node = el("div", { class: "pcv-editor", "data-pc-editor": spec.mode },
        input, el("div", { class: "pcv-hint" }, T["canvas.ui.editor_hint"]),
        el("div", { class: "pcv-error", role: "alert" }));
      input.addEventListener("keydown", (event) => this.editorKey(event));
      input.addEventListener("blur", () => { if (!this.rendering) setTimeout(() => this.editorBlur(), 0); });
      const base = spec.mode === "edit" ? this.revision : null;
      const original = spec.mode === "edit" ? (this.find(spec.item) || {}).text || "" : "";
      this.editor = { ...spec, node, input, base, original };
      input.value = text ?? original;
    } else if (text !== undefined) {
      this.editor.input.value = text;
    }
    this.editor.node.querySelector(".pcv-error").textContent = error || "";
    this.remember();
    this.render();
    this.editor.input.focus({ preventScroll: false });
    const end = this.editor.input.value.length;
    this.editor.input.setSelectionRange(end, end);
  }

  sameEditor(spec) {
    const e = this.editor;
    return e && e.mode === spec.mode && e.kind === spec.kind && (e.item || null) === (spec.item || null)
      && (e.parent || null) === (spec.parent || null) && (e.persona ?? null) === (spec.persona ?? null);
  }

  placeEditor() {
    const editor = this.editor;
    if (!editor) return;
    if (editor.mode === "add" && editor.node.isConnected) return; // adding() put it in place
    let anchor = null;
    if (editor.mode === "edit") {
      const card = this.card(editor.item);
      anchor = card && card.querySelector(":scope > .pcv-own [data-pc-text]");
      if (anchor) anchor.replaceWith(editor.node);
      else if (card && card.contains(editor.node)) anchor = editor.node;
    }
    if (!anchor) {
      // what it belonged to was deleted meanwhile: keep the text where it can be seen
      const T = this.text();
      editor.node.querySelector(".pcv-error").textContent = T["canvas.ui.gone_while_typing"];
      this.needBox.prepend(editor.node);
    }
  }

  editorKey(event) {
    event.stopPropagation();
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.commitEditor(true);
    } else if (event.key === "Escape") {
      event.preventDefault();
      this.closeEditor(true);
    }
  }

  editorBlur() {
    const editor = this.editor;
    if (!editor || this.rendering) return;
    const active = this.host.activeElement;
    if (active && editor.node.contains(active)) return;
    this.commitEditor(false);
  }

  commitEditor(keepOpen) {
    const editor = this.editor;
    if (!editor) return;
    const text = editor.input.value.trim();
    if (editor.mode === "add") {
      if (!text) { this.closeEditor(keepOpen); return; }
      const event = { op: "add", kind: editor.kind, text, id: newId() };
      if (editor.parent) event.parent = editor.parent;
      if (editor.kind === "job" && editor.persona) event.persona = editor.persona;
      editor.input.value = "";
      editor.node.querySelector(".pcv-error").textContent = "";
      if (!keepOpen) this.editor = null;
      this.remember();
      this.send(event);
      if (keepOpen && this.editor) this.editor.input.focus({ preventScroll: true });
      return;
    }
    const item = editor.item;
    this.editor = null;
    this.remember();
    this.conflicts.delete(item);
    this.notes.delete(item);
    if (text && text !== editor.original) {
      this.send({ op: "edit", item, text, base: editor.base });
    } else {
      this.render();
    }
    if (keepOpen) { const card = this.card(item); if (card) card.focus({ preventScroll: true }); }
  }

  closeEditor(refocus) {
    const editor = this.editor;
    if (!editor) return;
    this.editor = null;
    this.remember();
    this.render();
    if (!refocus) return;
    const target = editor.mode === "edit" ? this.card(editor.item)
      : this.root.querySelector(`[data-pc-add="${editor.kind}"]${editor.parent ? `[data-pc-parent="${CSS.escape(editor.parent)}"]` : ""}`);
    if (target) target.focus({ preventScroll: true });
  }

  remember() {
    // a draft survives the element being drawn afresh (a page switch, a remount)
    try {
      const key = `pcv-draft-${this.viewer.board_id || ""}`;
      if (this.editor && this.editor.input.value) {
        const { mode, kind, parent, persona, item } = this.editor;
        sessionStorage.setItem(key, JSON.stringify({ mode, kind, parent, persona, item, text: this.editor.input.value }));
      } else {
        sessionStorage.removeItem(key);
      }
    } catch (_) { /* storage may be off: then only the open element keeps it */ }
  }

  restoreDraft() {
    try {
      const key = `pcv-draft-${this.viewer.board_id || ""}`;
      const draft = JSON.parse(sessionStorage.getItem(key) || "null");
      if (draft && draft.text && this.canEdit) {
        const { text, ...spec } = draft;
        this.openEditor(spec, text);
      }
    } catch (_) { /* nothing to restore */ }
  }

  // --- what people do: mouse, touch, keyboard --------------------------------------------------

  bind() {
    const root = this.root;
    root.addEventListener("click", (event) => this.onClick(event));
    root.addEventListener("dblclick", (event) => this.onDoubleClick(event));
    root.addEventListener("keydown", (event) => this.onKey(event));
    root.addEventListener("focusin", (event) => this.onFocus(event));
    root.addEventListener("change", (event) => this.onChange(event));
    root.addEventListener("pointerdown", (event) => this.onPointerDown(event));
    root.addEventListener("input", (event) => {
      if (this.editor && event.target === this.editor.input) this.remember();
    });
    this.onMove = (event) => this.pointerMove(event);
    this.onUp = (event) => this.pointerUp(event);
    this.onResize = () => this.later();
    window.addEventListener("resize", this.onResize);
  }

  destroy() {
    window.removeEventListener("resize", this.onResize);
    window.removeEventListener("pointermove", this.onMove);
    window.removeEventListener("pointerup", this.onUp);
    if (this.resizer) this.resizer.disconnect();
  }

  onClick(event) {
    const target = event.target;
    if (this.suppressClick) { this.suppressClick = false; return; }
    const add = target.closest("[data-pc-add]");
    if (add) {
      this.openEditor({ mode: "add", kind: add.dataset.pcAdd, parent: add.dataset.pcParent || null,
                        persona: add.dataset.pcPersona || null });
      return;
    }
    const button = target.closest("button");
    if (button && this.button(button)) return;
    const line = target.closest("[data-pc-link]");
    if (line) { this.openMenu(line.dataset.pcLink, event.clientX, event.clientY); return; }
    if (this.menu && !target.closest(".pcv-menu")) { this.menu = null; this.render(); }
    const card = target.closest("[data-pc-item]");
    if (this.linking && !this.linking.pointer && card) { this.finishLink(card); return; }
    if (card && !target.closest("select, textarea, .pcv-editor")) {
      if (this.host.activeElement !== card) card.focus({ preventScroll: true });
      this.select(card.dataset.pcItem);
    } else if (!card && !target.closest(".pcv-analysis, .pcv-menu, .pcv-toast, .pcv-editor")) {
      this.select(null);
    }
  }

  button(button) {
    const data = button.dataset;
    if ("pcGoto" in data) {
      const card = this.card(data.pcGoto);
      if (card) { card.scrollIntoView({ block: "center" }); card.focus({ preventScroll: true }); this.select(data.pcGoto); }
      return true;
    }
    if ("pcDelete" in data) { this.remove(data.pcDelete); return true; }
    if ("pcVote" in data) { this.vote(data.pcVote); return true; }
    if ("pcUnvote" in data) { this.send({ op: "unvote", vote: data.pcUnvote, base: this.revision }); return true; }
    if ("pcStrength" in data) { this.menu = null; this.send({ op: "strength", link: data.pcStrength, strength: data.pcTo, base: this.revision }); return true; }
    if ("pcUnlink" in data) { this.menu = null; this.send({ op: "unlink", link: data.pcUnlink, base: this.revision }); return true; }
    if ("pcKeep" in data) {
      const conflict = this.conflicts.get(data.pcKeep);
      this.conflicts.delete(data.pcKeep);
      if (conflict) this.send({ ...conflict.event, base: this.revision, seq: undefined });
      return true;
    }
    if ("pcDrop" in data) { this.conflicts.delete(data.pcDrop); this.render(); return true; }
    if ("pcLinkHandle" in data) { this.startKeyboardLink(button.closest("[data-pc-item]").dataset.pcItem); return true; }
    if ("pcToast" in data) { const action = this.toastState && this.toastState.action; this.toastState = null; this.drawToast(); if (action) action(); return true; }
    if ("pcMenuClose" in data) { this.menu = null; this.render(); return true; }
    return false;
  }

  onDoubleClick(event) {
    const text = event.target.closest("[data-pc-text]");
    const card = event.target.closest("[data-pc-item]");
    if (!text || !card || !this.canEdit || card.hasAttribute("data-pc-pending")) return;
    event.preventDefault();
    this.openEditor({ mode: "edit", kind: card.dataset.pcKind, item: card.dataset.pcItem });
  }

  onFocus(event) {
    const card = event.target.closest("[data-pc-item]");
    if (!card || this.rendering || this.linking) return;
    const id = card.dataset.pcItem;
    if (this.current !== id) {
      const before = this.current;
      this.current = id;
      // the small buttons of the card in focus join the Tab order, the others leave it
      for (const old of before ? [this.card(before)] : []) {
        if (old) old.querySelectorAll(":scope > .pcv-own [data-pc-control], :scope > [data-pc-control]").forEach((c) => c.setAttribute("tabindex", "-1"));
      }
      card.querySelectorAll(":scope > .pcv-own [data-pc-control], :scope > [data-pc-control]").forEach((c) => c.setAttribute("tabindex", "0"));
    }
    if (event.target === card) this.select(id);
  }

  onChange(event) {
    const select = event.target.closest("select[data-pc-rate]");
    const card = event.target.closest("[data-pc-item]");
    if (!select || !card) return;
    const value = select.value === "" ? null : Number(select.value);
    this.send({ op: "rate", item: card.dataset.pcItem, field: select.dataset.pcRate, value, base: this.revision });
  }

  onKey(event) {
    if (event.target.closest(".pcv-editor")) return;
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "z" && this.toastState
        && this.toastState.action && this.toastState.undo) {
      event.preventDefault();
      const action = this.toastState.action;
      this.toastState = null;
      this.drawToast();
      action();
      return;
    }
    if (event.key === "Escape") {
      if (this.linking) { this.cancelLink(); event.preventDefault(); return; }
      if (this.menu) { this.menu = null; this.render(); return; }
      if (this.selected) { this.select(null); return; }
    }
    const card = event.target.closest("[data-pc-item]");
    if (!card || event.target !== card) return;
    const id = card.dataset.pcItem;
    const kind = card.dataset.pcKind;
    const move = { ArrowDown: 1, ArrowUp: -1 }[event.key];
    if (this.linking) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); this.finishLink(card); return; }
    }
    if (event.altKey && move && this.canEdit) {
      event.preventDefault();
      this.moveBy(id, kind, move, event.shiftKey);
      return;
    }
    if (move) { event.preventDefault(); this.step(card, move); return; }
    if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
      event.preventDefault();
      this.jump(card, event.key === "ArrowRight" ? 1 : -1);
      return;
    }
    if (!this.canEdit) return;
    if ((event.key === "Enter" || event.key === "F2") && !card.hasAttribute("data-pc-pending")) {
      event.preventDefault();
      this.openEditor({ mode: "edit", kind, item: id });
    } else if (event.key === "Delete" || event.key === "Backspace") {
      event.preventDefault();
      this.remove(id);
    } else if ((event.key === "l" || event.key === "L") && kind === "solution") {
      event.preventDefault();
      this.startKeyboardLink(id);
    } else if ((event.key === "v" || event.key === "V") && VOTABLE.has(kind)) {
      event.preventDefault();
      this.vote(id);
    }
  }

  cards(list) { return Array.from(list.children).filter((c) => c.matches("[data-pc-item]")); }

  step(card, by) {
    const list = card.parentElement;
    const cards = this.cards(list);
    const next = cards[cards.indexOf(card) + by];
    if (next) next.focus();
  }

  jump(card, by) {
    const lists = Array.from(this.root.querySelectorAll("[data-pc-list]")).filter((l) => this.cards(l).length);
    const here = lists.indexOf(card.parentElement);
    const next = lists[here + by];
    if (next) this.cards(next)[0].focus();
  }

  moveBy(id, kind, by, toOtherJob) {
    const card = this.card(id);
    const list = card.parentElement;
    const cards = this.cards(list);
    const at = cards.indexOf(card);
    if (toOtherJob && PARTS[kind]) {
      const lists = Array.from(this.root.querySelectorAll(`[data-pc-list="${kind}"]`));
      const other = lists[lists.indexOf(list) + by];
      if (other) this.send({ op: "move", item: id, parent: other.dataset.pcParent, before: null, base: this.revision });
      return;
    }
    if (at + by < 0 || at + by >= cards.length) return;
    const before = by < 0 ? cards[at - 1].dataset.pcItem : (cards[at + 2] ? cards[at + 2].dataset.pcItem : null);
    this.send({ op: "move", item: id, parent: list.dataset.pcParent || null, before, base: this.revision });
  }

  remove(id) {
    const item = this.find(id);
    if (!item) return;
    this.conflicts.delete(id);
    if (this.selected === id) this.selected = null;
    const card = this.card(id);
    const next = card && (card.nextElementSibling || card.previousElementSibling);
    this.send({ op: "delete", item: id, base: this.revision });
    const T = this.text();
    this.toast(fill(T["canvas.ui.deleting"], { code: item.code }));
    if (next && next.dataset && next.dataset.pcItem) { const n = this.card(next.dataset.pcItem); if (n) n.focus({ preventScroll: true }); }
  }

  vote(id) {
    const vote = this.viewer.vote;
    if (!vote || !vote.open || !vote.can_vote) return;
    const T = this.text();
    if (vote.name_missing) { this.toast(T["canvas.ui.vote_name_first"], null, null, true); return; }
    const used = Object.values(this.drawn.mine).reduce((s, ids) => s + ids.length, 0);
    if (used >= vote.dots) { this.toast(T["canvas.ui.no_dots_left"], null, null, true); return; }
    this.send({ op: "vote", target: id, id: newId() });
  }

  // linking by keyboard: L on a solution (or Enter on its handle), then Enter on a need

  startKeyboardLink(solution) {
    if (!this.canEdit) return;
    const T = this.text();
    const item = this.find(solution);
    this.linking = { solution, pointer: false };
    this.toast(fill(T["canvas.ui.link_choose"], { code: item ? item.code : "" }), T["canvas.ui.cancel"], () => this.cancelLink());
    this.render();
    const first = this.root.querySelector('[data-pc-kind="job"]');
    if (first) first.focus();
  }

  finishLink(card) {
    const link = this.linking;
    const kind = card.dataset.pcKind;
    const T = this.text();
    if (!LINKABLE.has(kind)) { this.toast(T["canvas.ui.link_needs_need"], null, null, true); return; }
    this.linking = null;
    const target = card.dataset.pcItem;
    if (this.drawn.links.some((l) => l.solution === link.solution && l.target === target)) {
      this.toast(T["canvas.ui.already_linked"]);
      this.render();
      return;
    }
    this.toastState = null;
    this.send({ op: "link", solution: link.solution, target, strength: "strong", id: newId() });
    const solution = this.card(link.solution);
    if (solution) solution.focus({ preventScroll: true });
  }

  cancelLink() {
    const link = this.linking;
    this.linking = null;
    this.toastState = null;
    this.render();
    const card = link && this.card(link.solution);
    if (card) card.focus({ preventScroll: true });
  }

  // pressing the mouse: a link drag from a handle, or moving a card

  onPointerDown(event) {
    if (event.button !== 0 || !this.canEdit) return;
    const handle = event.target.closest("[data-pc-link-handle]");
    if (handle) {
      event.preventDefault();
      const solution = handle.closest("[data-pc-item]").dataset.pcItem;
      this.linking = { solution, pointer: true, x: event.clientX, y: event.clientY, over: null };
      this.root.classList.add("pcv-linking", "pcv-moving");
      this.listen();
      this.drawDraft();
      return;
    }
    const card = event.target.closest("[data-pc-item]");
    if (!card || card.hasAttribute("data-pc-pending") || event.target.closest("button, select, textarea, a, .pcv-editor, summary")) return;
    this.drag = { id: card.dataset.pcItem, kind: card.dataset.pcKind, card, x: event.clientX, y: event.clientY,
                  active: false, touch: event.pointerType === "touch", started: Date.now() };
    this.listen();
  }

  listen() {
    window.addEventListener("pointermove", this.onMove);
    window.addEventListener("pointerup", this.onUp);
    window.addEventListener("pointercancel", this.onUp);
  }

  unlisten() {
    window.removeEventListener("pointermove", this.onMove);
    window.removeEventListener("pointerup", this.onUp);
    window.removeEventListener("pointercancel", this.onUp);
  }

  hit(x, y) {
    const hitRoot = this.host.elementFromPoint ? this.host : document;
    const found = hitRoot.elementFromPoint(x, y);
    return found && this.root.contains(found) ? found : null;
  }

  pointerMove(event) {
    if (this.linking && this.linking.pointer) {
      this.linking.x = event.clientX;
      this.linking.y = event.clientY;
      const over = this.hit(event.clientX, event.clientY);
      const card = over && over.closest("[data-pc-item]");
      const target = card && LINKABLE.has(card.dataset.pcKind) ? card : null;
      if (this.linking.over !== target) {
        if (this.linking.over) this.linking.over.classList.remove("pcv-drop-target");
        if (target) target.classList.add("pcv-drop-target");
        this.linking.over = target;
      }
      this.drawDraft();
      return;
    }
    const drag = this.drag;
    if (!drag) return;
    if (!drag.active) {
      if (Math.hypot(event.clientX - drag.x, event.clientY - drag.y) < DRAG_START) return;
      if (drag.touch && Date.now() - drag.started < 350) { this.drag = null; this.unlisten(); return; }
      drag.active = true;
      drag.ghost = drag.card.cloneNode(true);
      drag.ghost.classList.add("pcv-ghost");
      drag.ghost.removeAttribute("data-pc-item");
      drag.ghost.querySelectorAll("[data-pc-item]").forEach((n) => n.removeAttribute("data-pc-item"));
      drag.ghost.style.width = `${Math.min(320, drag.card.getBoundingClientRect().width)}px`;
      this.root.append(drag.ghost);
      drag.card.classList.add("pcv-dragging");
      this.root.classList.add("pcv-moving");
      drag.line = el("div", { class: "pcv-drop-line" });
    }
    drag.ghost.style.left = `${event.clientX + 8}px`;
    drag.ghost.style.top = `${event.clientY + 8}px`;
    drag.drop = this.dropPlace(event.clientX, event.clientY);
    if (drag.drop) {
      const { list, before } = drag.drop;
      const beforeCard = before ? this.card(before) : null;
      if (beforeCard) beforeCard.before(drag.line); else list.append(drag.line);
    } else {
      drag.line.remove();
    }
  }

  dropPlace(x, y) {
    const drag = this.drag;
    const over = this.hit(x, y);
    if (!over) return null;
    let list = over.closest(`[data-pc-list="${drag.kind}"]`);
    if (!list) {
      // over a job card or a section: its list of this kind
      const section = over.closest(PARTS[drag.kind] ? `.pcv-sec-${drag.kind}` : ".pcv-half");
      list = section && section.querySelector(`[data-pc-list="${drag.kind}"]`);
      if (!list && PARTS[drag.kind]) {
        const job = over.closest('[data-pc-kind="job"]');
        list = job && job.querySelector(`[data-pc-list="${drag.kind}"]`);
      }
    }
    if (!list) return null;
    if (drag.kind === "job") {
      const group = drag.card.parentElement;
      if (list !== group) return null; // a job moves among the jobs of its persona
    }
    let before = null;
    for (const card of this.cards(list)) {
      if (card === drag.card) continue;
      const rect = card.getBoundingClientRect();
      if (y < rect.top + rect.height / 2) { before = card.dataset.pcItem; break; }
    }
    return { list, before };
  }

  pointerUp(event) {
    this.unlisten();
    if (this.linking && this.linking.pointer) {
      const link = this.linking;
      if (link.over) link.over.classList.remove("pcv-drop-target");
      this.root.classList.remove("pcv-moving");
      const over = this.hit(event.clientX, event.clientY);
      const card = over && over.closest("[data-pc-item]");
      this.suppressClick = true;
      setTimeout(() => { this.suppressClick = false; }, 0);
      if (card && LINKABLE.has(card.dataset.pcKind)) {
        this.linking = { solution: link.solution, pointer: false };
        this.finishLink(card);
      } else {
        this.linking = null;
        this.render();
      }
      return;
    }
    const drag = this.drag;
    this.drag = null;
    if (!drag || !drag.active) { if (this.deferred) { this.deferred = false; this.render(); } return; }
    this.suppressClick = true;
    setTimeout(() => { this.suppressClick = false; }, 0);
    drag.ghost.remove();
    drag.line.remove();
    drag.card.classList.remove("pcv-dragging");
    this.root.classList.remove("pcv-moving");
    const drop = drag.drop;
    this.deferred = false;
    if (!drop) { this.render(); return; }
    const parent = drop.list.dataset.pcParent || null;
    const cards = this.cards(drop.list).map((c) => c.dataset.pcItem);
    const same = cards.indexOf(drag.id);
    const unchanged = same >= 0 && (cards[same + 1] || null) === drop.before;
    if (unchanged) { this.render(); return; }
    this.send({ op: "move", item: drag.id, parent, before: drop.before, base: this.revision });
  }

  // --- the menu of a line, the message line --------------------------------------------------

  openMenu(linkId, x, y) {
    const box = this.root.getBoundingClientRect();
    this.menu = { link: linkId, x: (x - box.left) / this.zoom, y: (y - box.top) / this.zoom };
    this.render();
    const first = this.root.querySelector(".pcv-menu button");
    if (first) first.focus({ preventScroll: true });
  }

  menuNode() {
    const T = this.text();
    const link = this.drawn.links.find((l) => l.id === this.menu.link);
    if (!link) { this.menu = null; return el("span", {}); }
    const from = this.find(link.solution), to = this.find(link.target);
    const other = link.strength === "strong" ? "weak" : "strong";
    return el("div", { class: "pcv-menu", role: "dialog", "aria-label": T["canvas.ui.link_menu"],
                       style: `left:${Math.max(4, this.menu.x - 20)}px;top:${this.menu.y + 8}px` },
      el("p", {}, `${from ? from.code + " " + from.text : ""} → ${to ? to.code + " " + to.text : ""} · ${T[`canvas.picture.strength.${link.strength}`]}`),
      this.canEdit ? [
        el("button", { type: "button", class: "pcv-btn", "data-pc-strength": link.id, "data-pc-to": other }, T[`canvas.ui.make_${other}`]),
        el("button", { type: "button", class: "pcv-btn", "data-pc-unlink": link.id }, T["canvas.ui.remove_link"]),
      ] : null,
      el("button", { type: "button", class: "pcv-btn", "data-pc-menu-close": "" }, T["canvas.ui.close"]));
  }

  toast(text, actionLabel, action, error) {
    if (this.mode === "static" || !text) return;
    clearTimeout(this.toastTimer);
    this.toastState = { text, actionLabel, action, error };
    this.drawToast();
    this.toastTimer = setTimeout(() => { this.toastState = null; this.drawToast(); }, TOAST_MS);
  }

  drawToast() {
    if (!this.toastNode) return;
    const state = this.toastState;
    this.toastNode.className = `pcv-toast${state && state.error ? " pcv-toast-error" : ""}`;
    this.toastNode.replaceChildren(...(state ? [el("span", {}, state.text),
      state.actionLabel ? el("button", { type: "button", class: "pcv-btn", "data-pc-toast": "" }, state.actionLabel) : null]
      .filter(Boolean) : []));
  }
}

function mountCanvas(component) {
  const { data, parentElement, setStateValue } = component;
  let canvas = instances.get(parentElement);
  const mode = (data && data.viewer && data.viewer.mode) || "static";
  if (!canvas) {
    canvas = new Canvas(parentElement, setStateValue || (() => {}), mode);
    instances.set(parentElement, canvas);
    canvas.update(data);
    canvas.restoreDraft();
  } else {
    canvas.update(data);
  }
  return () => { canvas.destroy(); instances.delete(parentElement); };
}

export default mountCanvas;
