// Progress Canvas, drawing: the cards, the analysis, the legend; kept where they did not change.

Object.assign(Canvas.prototype, {
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
  },

  // Drawing afresh only what changed: a piece is kept while its signature stays the same, so
  // a big board's other cards stay where they are (and keep focus) when one card changes.

  cached(key, sig, make) {
    this.used.add(key);
    const hit = this.cache.get(key);
    if (hit && hit.sig === sig) return hit.node;
    const node = make();
    this.cache.set(key, { sig, node });
    return node;
  },

  box(key, make) {
    this.used.add(key);
    const hit = this.cache.get(key);
    if (hit) return hit.node;
    const node = make();
    this.cache.set(key, { sig: null, node });
    return node;
  },

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
  },

  dotsLeft() {
    const vote = this.viewer.vote;
    if (!vote) return 0;
    return vote.dots - Object.values(this.drawn.mine || {}).reduce((sum, ids) => sum + ids.length, 0);
  },

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
  },

  findingsOf(model) {
    const fit = this.board.fit || {};
    const needs = (fit.unaddressed || []).filter((id) => this.index.has(id));
    const orphans = (fit.orphans || []).filter((id) => this.index.has(id));
    const disguised = (fit.disguised || []).filter((d) => this.index.has(d.id)).map((d) => d.id);
    return { needs, orphans, disguised, ids: [...needs, ...orphans, ...disguised],
             cards: model.groups.some((g) => g.jobs.length) || model.solutions.length > 0,
             solutions: model.solutions.length > 0 };
  },

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
  },

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
  },

  card(id) {
    return id ? this.root.querySelector(`[data-pc-item="${CSS.escape(id)}"]`) : null;
  },

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
          : fill(T["canvas.ui.dots_left"], { count: Math.max(0, this.dotsLeft()), dots: vote.dots })));
    }
    return band;
  },

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
  },

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
  },

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
  },

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
  },

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
  },

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
  },

  editingHere(kind) {
    return this.editor && this.editor.mode === "add" && this.editor.kind === kind;
  },

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
  },

  partCard(part) {
    return this.cached(`card:${part.id}`, this.sigOf(part, part.kind), () => {
      const card = this.cardNode(part, part.kind, "div");
      card.classList.add("pcv-part");
      card.append(this.own(part, part.kind));
      return card;
    });
  },

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
  },

  cardNode(item, kind, tag) {
    const card = el(tag, { class: `pcv-card pcv-${kind}`, "data-pc-item": item.id, "data-pc-kind": kind,
      tabindex: 0, role: "listitem" });
    this.labelCard(card, item, kind);
    return card;
  },

  labelCard(card, item, kind) {
    const T = this.text();
    attr(card, "aria-label", fill(T["canvas.ui.card_label"], { kind: (T.kinds || {})[kind], code: item.code || "", text: item.text }));
    attr(card, "data-pc-pending", item.pending ? "" : null);
    card.classList.toggle("pcv-open", this.isOpen(item));
    card.classList.toggle("pcv-current", this.current === item.id);
  },

  isOrphan(solution) {
    return !!solution.orphan && !(this.drawn.links || []).some((l) => l.solution === solution.id);
  },

  tabIndex(id) { return this.current === id ? 0 : -1; },

  isOpen(item) {
    return !!item.open && !(this.drawn.links || []).some((l) => l.target === item.id);
  },

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
  },

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
  },

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
  },

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
  },

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
  },
});
