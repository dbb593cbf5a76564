// The PDF preview in the window. WebKitGTK has no built-in PDF viewer, so the pages
// are drawn with the vendored pdf.js (ui/vendor/pdfjs, Apache-2.0) into canvases:
// the very bytes that "Spara PDF…" writes, not an HTML imitation of them.
// pdf.js runs without eval (isEvalSupported: false) and its worker is a module
// from the app itself, so the strict CSP needs no exception.

import { h, clear } from './dom.js';

let pdfjs = null;

async function library() {
  if (!pdfjs) {
    pdfjs = await import('../vendor/pdfjs/pdf.min.mjs');
    pdfjs.GlobalWorkerOptions.workerSrc = new URL('../vendor/pdfjs/pdf.worker.min.mjs', import.meta.url).href;
  }
  return pdfjs;
}

/**
 * Draws every page of `bytes` (an ArrayBuffer) into `container`, each as a canvas
 * as wide as the container. Resolves to the number of pages.
 * @param {HTMLElement} container
 * @param {ArrayBuffer} bytes
 * @param {() => boolean} [stillWanted] checked between pages; false stops drawing
 */
export async function renderPdf(container, bytes, stillWanted = () => true) {
  const lib = await library();
  const task = lib.getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    enableXfa: false,
    // Our PDFs embed every font; nothing is fetched.
    useSystemFonts: false,
    disableAutoFetch: true,
    disableStream: true,
  });
  const doc = await task.promise;
  try {
    clear(container);
    const style = getComputedStyle(container);
    const inner = container.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const cssWidth = Math.min(820, Math.max(320, inner));
    const dpr = window.devicePixelRatio || 1;
    for (let n = 1; n <= doc.numPages; n++) {
      if (!stillWanted()) break;
      const page = await doc.getPage(n);
      const base = page.getViewport({ scale: 1 });
      const scale = cssWidth / base.width;
      const viewport = page.getViewport({ scale: scale * dpr });
      const canvas = h('canvas', {
        class: 'pdf-page',
        width: String(Math.floor(viewport.width)),
        height: String(Math.floor(viewport.height)),
        role: 'img',
        'aria-label': `PDF-filen, sida ${n} av ${doc.numPages}`,
        'data-page': String(n),
      });
      canvas.style.width = `${Math.floor(viewport.width / dpr)}px`;
      canvas.style.height = `${Math.floor(viewport.height / dpr)}px`;
      container.append(canvas);
      await page.render({ canvas, canvasContext: canvas.getContext('2d'), viewport }).promise;
      page.cleanup();
    }
    return doc.numPages;
  } finally {
    await doc.destroy();
  }
}
