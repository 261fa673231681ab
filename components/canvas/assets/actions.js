// Progress Canvas, what people do: mouse, touch and keyboard.

Object.assign(Canvas.prototype, {
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
  },

  destroy() {
    window.removeEventListener("resize", this.onResize);
    window.removeEventListener("pointermove", this.onMove);
    window.removeEventListener("pointerup", this.onUp);
    if (this.resizer) this.resizer.disconnect();
  },

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
  },

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
  },

  onDoubleClick(event) {
    const text = event.target.closest("[data-pc-text]");
    const card = event.target.closest("[data-pc-item]");
    if (!text || !card || !this.canEdit || card.hasAttribute("data-pc-pending")) return;
    event.preventDefault();
    this.openEditor({ mode: "edit", kind: card.dataset.pcKind, item: card.dataset.pcItem });
  },

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
  },

  onChange(event) {
    const select = event.target.closest("select[data-pc-rate]");
    const card = event.target.closest("[data-pc-item]");
    if (!select || !card) return;
    const value = select.value === "" ? null : Number(select.value);
    this.send({ op: "rate", item: card.dataset.pcItem, field: select.dataset.pcRate, value, base: this.revision });
  },

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
  },

  cards(list) { return Array.from(list.children).filter((c) => c.matches("[data-pc-item]")); },

  step(card, by) {
    const list = card.parentElement;
    const cards = this.cards(list);
    const next = cards[cards.indexOf(card) + by];
    if (next) next.focus();
  },

  jump(card, by) {
    const lists = Array.from(this.root.querySelectorAll("[data-pc-list]")).filter((l) => this.cards(l).length);
    const here = lists.indexOf(card.parentElement);
    const next = lists[here + by];
    if (next) this.cards(next)[0].focus();
  },

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
  },

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
  },

  vote(id) {
    const vote = this.viewer.vote;
    if (!vote || !vote.open || !vote.can_vote) return;
    const T = this.text();
    if (vote.name_missing) { this.toast(T["canvas.ui.vote_name_first"], null, null, true); return; }
    const used = Object.values(this.drawn.mine).reduce((s, ids) => s + ids.length, 0);
    if (used >= vote.dots) { this.toast(T["canvas.ui.no_dots_left"], null, null, true); return; }
    this.send({ op: "vote", target: id, id: newId() });
  },

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
  },

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
  },

  cancelLink() {
    const link = this.linking;
    this.linking = null;
    this.toastState = null;
    this.render();
    const card = link && this.card(link.solution);
    if (card) card.focus({ preventScroll: true });
  },

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
  },

  listen() {
    window.addEventListener("pointermove", this.onMove);
    window.addEventListener("pointerup", this.onUp);
    window.addEventListener("pointercancel", this.onUp);
  },

  unlisten() {
    window.removeEventListener("pointermove", this.onMove);
    window.removeEventListener("pointerup", this.onUp);
    window.removeEventListener("pointercancel", this.onUp);
  },

  hit(x, y) {
    const hitRoot = this.host.elementFromPoint ? this.host : document;
    const found = hitRoot.elementFromPoint(x, y);
    return found && this.root.contains(found) ? found : null;
  },

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
  },

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
  },

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
  },
});
