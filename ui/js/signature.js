// The manager's signature ("underskrift"), three ways:
//   drawn  – on a pad with mouse, pen or finger, kept as vector strokes with timing;
//   typed  – the name, shown in a signature style (for keyboard users, WCAG 2.1.1);
//   paper  – "Signeras på papper": the PDF gets an empty line for a pen.
// The result is the model's approval.signature (model.rs Signature).

/** Drawing area in the signature's own units (the canvas's CSS size at most). */
const PAD_WIDTH = 600;
const PAD_HEIGHT = 180;

export class SignatureView {
  /** @param {{onChange: Function}} hooks onChange() after every change of the signature */
  constructor(hooks) {
    this.hooks = hooks;
    this.app = null;
    this.readOnly = false;
    this.canvas = document.getElementById('sig-canvas');
    this.ctx = this.canvas.getContext('2d');
    this.typedInput = document.getElementById('sig-typed-text');
    this.typedPreview = document.getElementById('sig-typed-preview');
    this.radios = [...document.querySelectorAll('input[name="sig-kind"]')];
    // What the user did with the other ways, so switching back does not lose it.
    this.kept = { drawn: null, typed: null };
    this.current = null; // the stroke being drawn

    for (const r of this.radios) r.addEventListener('change', () => this.choose(r.value));
    this.typedInput.addEventListener('input', () => {
      this.setSignature({ kind: 'typed', text: this.typedInput.value });
      this.typedPreview.textContent = this.typedInput.value;
    });
    document.getElementById('sig-undo').addEventListener('click', () => this.undo());
    document.getElementById('sig-clear').addEventListener('click', () => this.clearPad());

    this.canvas.addEventListener('pointerdown', (e) => this.down(e));
    this.canvas.addEventListener('pointermove', (e) => this.move(e));
    this.canvas.addEventListener('pointerup', (e) => this.up(e));
    this.canvas.addEventListener('pointercancel', (e) => this.up(e));
    window.addEventListener('resize', () => this.redraw());
  }

  load(app) {
    this.app = app;
    this.kept = { drawn: null, typed: null };
    this.current = null;
    const sig = app.approval.signature ?? null;
    if (sig) this.kept[sig.kind] = sig;
    for (const r of this.radios) r.checked = sig !== null && r.value === sig.kind;
    this.typedInput.value = sig?.kind === 'typed' ? sig.text : '';
    this.typedPreview.textContent = this.typedInput.value;
    this.showPanel(sig?.kind ?? null);
  }

  setReadOnly(readOnly) {
    this.readOnly = readOnly;
    for (const r of this.radios) r.disabled = readOnly;
    this.typedInput.disabled = readOnly;
    document.getElementById('sig-undo').disabled = readOnly || !this.strokes().length;
    document.getElementById('sig-clear').disabled = readOnly || !this.strokes().length;
    this.canvas.classList.toggle('is-readonly', readOnly);
  }

  choose(kind) {
    if (this.readOnly) return;
    let sig = this.kept[kind];
    if (!sig) {
      sig = kind === 'drawn'
        ? { kind: 'drawn', width: PAD_WIDTH, height: PAD_HEIGHT, strokes: [] }
        : kind === 'typed'
          ? { kind: 'typed', text: this.app.approval.name || '' }
          : { kind: 'paper' };
    }
    if (kind === 'typed') {
      this.typedInput.value = sig.text;
      this.typedPreview.textContent = sig.text;
    }
    this.setSignature(sig);
    this.showPanel(kind);
  }

  showPanel(kind) {
    document.getElementById('sig-drawn').hidden = kind !== 'drawn';
    document.getElementById('sig-typed').hidden = kind !== 'typed';
    document.getElementById('sig-paper').hidden = kind !== 'paper';
    if (kind === 'drawn') this.redraw();
    this.setReadOnly(this.readOnly);
  }

  setSignature(sig) {
    this.app.approval.signature = sig;
    if (sig.kind !== 'paper') this.kept[sig.kind] = sig;
    this.hooks.onChange();
  }

  strokes() {
    const sig = this.app?.approval.signature;
    return sig?.kind === 'drawn' ? sig.strokes : [];
  }

  /** Pointer position in pad units (integers, inside the pad). */
  point(e) {
    const rect = this.canvas.getBoundingClientRect();
    const sig = this.app.approval.signature;
    const x = ((e.clientX - rect.left) / rect.width) * sig.width;
    const y = ((e.clientY - rect.top) / rect.height) * sig.height;
    return {
      x: Math.round(Math.min(Math.max(x, 0), sig.width)),
      y: Math.round(Math.min(Math.max(y, 0), sig.height)),
    };
  }

  down(e) {
    if (this.readOnly || this.app?.approval.signature?.kind !== 'drawn') return;
    e.preventDefault();
    this.canvas.setPointerCapture(e.pointerId);
    const p = this.point(e);
    this.current = { start: e.timeStamp, points: [{ x: p.x, y: p.y, t: 0 }] };
    this.app.approval.signature.strokes.push(this.current.points);
    this.redraw();
  }

  move(e) {
    if (!this.current) return;
    e.preventDefault();
    // Coalesced events keep a fast pen's full path, not only one point per frame.
    const events = typeof e.getCoalescedEvents === 'function' ? e.getCoalescedEvents() : [];
    for (const ev of events.length ? events : [e]) {
      const p = this.point(ev);
      const last = this.current.points[this.current.points.length - 1];
      if (p.x === last.x && p.y === last.y) continue;
      const t = Math.max(last.t, Math.round(ev.timeStamp - this.current.start));
      this.current.points.push({ x: p.x, y: p.y, t });
    }
    this.redraw();
  }

  up(e) {
    if (!this.current) return;
    this.move(e);
    this.current = null;
    this.setSignature(this.app.approval.signature);
    this.setReadOnly(this.readOnly);
  }

  undo() {
    if (this.readOnly || !this.strokes().length) return;
    this.strokes().pop();
    this.redraw();
    this.setSignature(this.app.approval.signature);
    this.setReadOnly(this.readOnly);
  }

  clearPad() {
    if (this.readOnly || !this.strokes().length) return;
    this.app.approval.signature.strokes = [];
    this.redraw();
    this.setSignature(this.app.approval.signature);
    this.setReadOnly(this.readOnly);
  }

  /** Draws every stroke as a smooth curve through the midpoints of its samples. */
  redraw() {
    const sig = this.app?.approval.signature;
    if (!sig || sig.kind !== 'drawn') return;
    const rect = this.canvas.getBoundingClientRect();
    if (rect.width === 0) return;
    const scale = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(rect.width * scale);
    this.canvas.height = Math.round(rect.height * scale);
    const ctx = this.ctx;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    ctx.scale(this.canvas.width / sig.width, this.canvas.height / sig.height);
    ctx.strokeStyle = '#14213d';
    ctx.fillStyle = '#14213d';
    ctx.lineWidth = 2.4;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    for (const stroke of sig.strokes) drawStroke(ctx, stroke);
  }
}

/** One stroke: quadratic curves between midpoints, so corners come out round. */
export function drawStroke(ctx, pts) {
  if (pts.length === 0) return;
  if (pts.length === 1) {
    ctx.beginPath();
    ctx.arc(pts[0].x, pts[0].y, 1.4, 0, Math.PI * 2);
    ctx.fill();
    return;
  }
  ctx.beginPath();
  ctx.moveTo(pts[0].x, pts[0].y);
  for (let i = 1; i < pts.length - 1; i += 1) {
    const mx = (pts[i].x + pts[i + 1].x) / 2;
    const my = (pts[i].y + pts[i + 1].y) / 2;
    ctx.quadraticCurveTo(pts[i].x, pts[i].y, mx, my);
  }
  const last = pts[pts.length - 1];
  ctx.lineTo(last.x, last.y);
  ctx.stroke();
}
