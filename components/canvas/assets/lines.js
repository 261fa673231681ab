// Progress Canvas, the links as lines (SVG) between the halves.

Object.assign(Canvas.prototype, {
  later() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => { this.frame = null; if (this.mode === "present") this.fitToScreen(); this.drawLines(); });
  },

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
  },

  anchor(card) {
    if (!card) return null;
    const own = card.querySelector(":scope > .pcv-own") || card;
    const rect = own.getBoundingClientRect();
    const outer = card.getBoundingClientRect();
    return { top: rect.top, height: rect.height, left: outer.left, right: outer.right };
  },

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
  },

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
  },

  select(id) {
    if (this.selected === id) return;
    this.selected = id;
    if (id) this.current = id;
    // only the marks change: no redraw of the cards (a big board stays quick to step through)
    this.highlight(this.drawn);
    this.drawLines();
  },

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
      this.zoom = Math.max(0.3, this.zoom * room / height);
      this.root.style.zoom = String(this.zoom);
    }
  },
});

// Progress Canvas, the menu of a line and the message line.

Object.assign(Canvas.prototype, {
  // --- the menu of a line, the message line --------------------------------------------------

  openMenu(linkId, x, y) {
    const box = this.root.getBoundingClientRect();
    this.menu = { link: linkId, x: (x - box.left) / this.zoom, y: (y - box.top) / this.zoom };
    this.render();
    const first = this.root.querySelector(".pcv-menu button");
    if (first) first.focus({ preventScroll: true });
  },

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
  },

  toast(text, actionLabel, action, error) {
    if (this.mode === "static" || !text) return;
    clearTimeout(this.toastTimer);
    this.toastState = { text, actionLabel, action, error };
    this.drawToast();
    this.toastTimer = setTimeout(() => { this.toastState = null; this.drawToast(); }, TOAST_MS);
  },

  drawToast() {
    if (!this.toastNode) return;
    const state = this.toastState;
    this.toastNode.className = `pcv-toast${state && state.error ? " pcv-toast-error" : ""}`;
    this.toastNode.replaceChildren(...(state ? [el("span", {}, state.text),
      state.actionLabel ? el("button", { type: "button", class: "pcv-btn", "data-pc-toast": "" }, state.actionLabel) : null]
      .filter(Boolean) : []));
  },
});
