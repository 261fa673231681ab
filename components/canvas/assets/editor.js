// Progress Canvas, the editor in place: add and edit a card's text on the canvas.

Object.assign(Canvas.prototype, {
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
  },

  sameEditor(spec) {
    const e = this.editor;
    return e && e.mode === spec.mode && e.kind === spec.kind && (e.item || null) === (spec.item || null)
      && (e.parent || null) === (spec.parent || null) && (e.persona ?? null) === (spec.persona ?? null);
  },

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
  },

  editorKey(event) {
    event.stopPropagation();
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.commitEditor(true);
    } else if (event.key === "Escape") {
      event.preventDefault();
      this.closeEditor(true);
    }
  },

  editorBlur() {
    const editor = this.editor;
    if (!editor || this.rendering) return;
    const active = this.host.activeElement;
    if (active && editor.node.contains(active)) return;
    this.commitEditor(false);
  },

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
  },

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
  },

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
  },

  restoreDraft() {
    try {
      const key = `pcv-draft-${this.viewer.board_id || ""}`;
      const draft = JSON.parse(sessionStorage.getItem(key) || "null");
      if (draft && draft.text && this.canEdit) {
        const { text, ...spec } = draft;
        this.openEditor(spec, text);
      }
    } catch (_) { /* nothing to restore */ }
  },
});
