// The signature pad: draw with mouse, pen or finger; the signature is kept as
// vector strokes in the model's own integer units (Signature::Drawn in model.rs),
// so the PDF can draw it as paths at any size and the seal has no float questions.

import { h } from './dom.js';

/** Size of the drawing area in model units; the PDF scales it into its box. */
export const PAD_WIDTH = 600;
export const PAD_HEIGHT = 200;
/** Line width in model units, on screen (the PDF chooses its own). */
const LINE_WIDTH = 2.6;
/** A point is dropped when it is at most this far from the last one kept, on both axes. */
const MIN_STEP = 1;

let padCount = 0;

/**
 * Draws `strokes` ([[{x, y, t}]]) on a 2D context already scaled to model units.
 * Each stroke is a quadratic curve through the midpoints of its points (the points
 * are the control points), which reads as a smooth pen line, not a polyline.
 */
export function drawStrokes(ctx, strokes) {
  ctx.lineWidth = LINE_WIDTH;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.strokeStyle = '#0d2340';
  ctx.fillStyle = '#0d2340';
  for (const stroke of strokes) {
    if (!stroke.length) continue;
    const [first] = stroke;
    if (stroke.length === 1) {
      // A tap is a dot.
      ctx.beginPath();
      ctx.arc(first.x, first.y, LINE_WIDTH / 2, 0, Math.PI * 2);
      ctx.fill();
      continue;
    }
    ctx.beginPath();
    ctx.moveTo(first.x, first.y);
    for (let i = 1; i < stroke.length - 1; i++) {
      const p = stroke[i];
      const next = stroke[i + 1];
      ctx.quadraticCurveTo(p.x, p.y, (p.x + next.x) / 2, (p.y + next.y) / 2);
    }
    const last = stroke[stroke.length - 1];
    ctx.lineTo(last.x, last.y);
    ctx.stroke();
  }
}

/** A canvas pad with "Ångra streck" and "Rensa"; `onChange(strokes)` after each change. */
export class SignaturePad {
  /**
   * @param {{onChange: Function, label?: string}} options
   */
  constructor({ onChange, label = 'Rityta för underskrift' }) {
    this.onChange = onChange;
    this.strokes = [];
    this.current = null; // {pointerId, t0, points}
    this.disabled = false;
    this.frame = 0;

    const n = ++padCount;
    const noteId = `signature-pad-note-${n}`;
    this.canvas = h('canvas', {
      id: n === 1 ? 'signature-canvas' : `signature-canvas-${n}`,
      class: 'signature-canvas',
      width: String(PAD_WIDTH),
      height: String(PAD_HEIGHT),
      role: 'img',
      'aria-label': label,
      'aria-describedby': noteId,
    });
    this.status = h('p', { class: 'signature-pad-status', 'aria-live': 'polite' });
    this.undoButton = h('button', {
      id: n === 1 ? 'signature-undo' : null,
      type: 'button', class: 'button button-secondary button-compact',
      onclick: () => this.undo(),
    }, 'Ångra streck');
    this.clearButton = h('button', {
      id: n === 1 ? 'signature-clear' : null,
      type: 'button', class: 'button button-secondary button-compact',
      onclick: () => this.clear(),
    }, 'Rensa');
    this.element = h('div', { class: 'signature-pad' },
      h('div', { class: 'signature-surface' },
        this.canvas,
        h('span', { class: 'signature-baseline', 'aria-hidden': 'true' })),
      h('div', { class: 'signature-pad-bar' },
        this.status,
        h('div', { class: 'signature-pad-buttons' }, this.undoButton, this.clearButton)),
      h('p', { class: 'hint signature-pad-note', id: noteId },
        'Rita namnteckningen med mus, penna eller finger. Använder du tangentbordet: välj ”Skriv underskrift” i stället.'));

    this.canvas.addEventListener('pointerdown', (e) => this.onDown(e));
    this.canvas.addEventListener('pointermove', (e) => this.onMove(e));
    this.canvas.addEventListener('pointerup', (e) => this.onUp(e));
    this.canvas.addEventListener('pointercancel', (e) => this.onUp(e));
    // The backing store follows the element's size and the screen's pixel ratio.
    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(this.canvas);
    this.updateState();
  }

  /** Shows `strokes` (from a stored draft or a signed application). */
  setStrokes(strokes) {
    this.strokes = Array.isArray(strokes) ? strokes.map((s) => s.map((p) => ({ ...p }))) : [];
    this.current = null;
    this.updateState();
    this.redraw();
  }

  /** A signed application's signature is shown, not changed. */
  setDisabled(disabled) {
    this.disabled = disabled;
    this.current = null;
    this.updateState();
  }

  undo() {
    if (this.disabled || !this.strokes.length) return;
    this.strokes.pop();
    this.changed();
  }

  clear() {
    if (this.disabled || !this.strokes.length) return;
    this.strokes = [];
    this.changed();
  }

  changed() {
    this.updateState();
    this.redraw();
    this.onChange(this.strokes.map((s) => s.map((p) => ({ ...p }))));
  }

  updateState() {
    const n = this.strokes.length;
    this.undoButton.disabled = this.disabled || n === 0;
    this.clearButton.disabled = this.disabled || n === 0;
    this.element.classList.toggle('is-disabled', this.disabled);
    this.element.dataset.strokeCount = String(n);
    this.status.textContent = n === 0 ? 'Inga streck ritade.' : n === 1 ? '1 streck ritat.' : `${n} streck ritade.`;
  }

  /** Pointer position in model units, clamped into the drawing area. */
  toModel(e) {
    const rect = this.canvas.getBoundingClientRect();
    const x = ((e.clientX - rect.left) / Math.max(rect.width, 1)) * PAD_WIDTH;
    const y = ((e.clientY - rect.top) / Math.max(rect.height, 1)) * PAD_HEIGHT;
    return {
      x: Math.min(PAD_WIDTH, Math.max(0, Math.round(x))),
      y: Math.min(PAD_HEIGHT, Math.max(0, Math.round(y))),
    };
  }

  onDown(e) {
    if (this.disabled || this.current) return;
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    e.preventDefault();
    this.canvas.setPointerCapture(e.pointerId);
    const { x, y } = this.toModel(e);
    const points = [{ x, y, t: 0 }];
    this.current = { pointerId: e.pointerId, t0: e.timeStamp, points };
    this.strokes.push(points);
    this.scheduleRedraw();
  }

  onMove(e) {
    const cur = this.current;
    if (!cur || e.pointerId !== cur.pointerId) return;
    e.preventDefault();
    // Coalesced events carry the points the browser merged into one event: a
    // fast stroke keeps its shape.
    const events = typeof e.getCoalescedEvents === 'function' ? e.getCoalescedEvents() : [];
    for (const ev of events.length ? events : [e]) this.addPoint(cur, ev);
    this.scheduleRedraw();
  }

  addPoint(cur, ev) {
    const { x, y } = this.toModel(ev);
    const last = cur.points[cur.points.length - 1];
    if (Math.abs(x - last.x) <= MIN_STEP && Math.abs(y - last.y) <= MIN_STEP) return;
    const t = Math.max(last.t, Math.round(ev.timeStamp - cur.t0));
    cur.points.push({ x, y, t });
  }

  onUp(e) {
    const cur = this.current;
    if (!cur || e.pointerId !== cur.pointerId) return;
    if (e.type === 'pointerup') this.addPoint(cur, e);
    this.current = null;
    if (this.canvas.hasPointerCapture(e.pointerId)) this.canvas.releasePointerCapture(e.pointerId);
    this.changed();
  }

  resize() {
    const rect = this.canvas.getBoundingClientRect();
    if (!rect.width) return;
    const dpr = window.devicePixelRatio || 1;
    const w = Math.round(rect.width * dpr);
    const hgt = Math.round(rect.height * dpr);
    if (this.canvas.width !== w || this.canvas.height !== hgt) {
      this.canvas.width = w;
      this.canvas.height = hgt;
    }
    this.redraw();
  }

  scheduleRedraw() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.redraw();
    });
  }

  redraw() {
    // A hidden pad gets no drawing context (issue 17): a context holds a drawing
    // surface in WebKit's web process from then on. The ResizeObserver draws the
    // pad when it is shown.
    if (this.canvas.getClientRects().length === 0) return;
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    ctx.setTransform(this.canvas.width / PAD_WIDTH, 0, 0, this.canvas.height / PAD_HEIGHT, 0, 0);
    drawStrokes(ctx, this.strokes);
  }
}
