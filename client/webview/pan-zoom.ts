// Zoom (wheel, buttons, keys) and pan (drag) of the SVG viewport, through its transform attribute.
export interface View {
  x: number;
  y: number;
  scale: number;
}

const MIN_SCALE = 0.05;
const MAX_SCALE = 4;
/** Fitting a small graph enlarges it, but not beyond this. */
const MAX_FIT_SCALE = 1.25;

export class PanZoom {
  private view: View = { x: 0, y: 0, scale: 1 };
  private target: SVGGElement | undefined;
  private content = { width: 0, height: 0 };
  private drag: { pointer: number; x: number; y: number; moved: boolean } | undefined;

  constructor(private readonly svg: SVGSVGElement) {
    svg.addEventListener('wheel', (event) => this.onWheel(event), { passive: false });
    svg.addEventListener('pointerdown', (event) => this.onPointerDown(event));
    svg.addEventListener('pointermove', (event) => this.onPointerMove(event));
    svg.addEventListener('pointerup', (event) => this.onPointerUp(event));
    svg.addEventListener('pointercancel', (event) => this.onPointerUp(event));
  }

  /** A new drawing: keeps the current view unless `fit` (first drawing, or the filters changed). */
  attach(target: SVGGElement, width: number, height: number, fit: boolean): void {
    this.target = target;
    this.content = { width, height };
    if (fit) this.fit();
    else this.apply();
  }

  get current(): View {
    return { ...this.view };
  }

  /** True while a drag that moved is in progress or has just ended (so the click that ends it is not a selection). */
  get dragged(): boolean {
    return this.drag?.moved ?? false;
  }

  fit(): void {
    const { width, height } = this.svg.getBoundingClientRect();
    if (!this.content.width || !this.content.height || !width || !height) {
      this.view = { x: 0, y: 0, scale: 1 };
    } else {
      const scale = clamp(Math.min(width / this.content.width, height / this.content.height, MAX_FIT_SCALE));
      this.view = { scale, x: (width - this.content.width * scale) / 2, y: Math.max(0, (height - this.content.height * scale) / 2) };
    }
    this.apply();
  }

  /** Centres a box of the drawing, zooming out if it does not fit at the current scale. */
  show(box: { x: number; y: number; width: number; height: number }): void {
    const { width, height } = this.svg.getBoundingClientRect();
    if (!width || !height) return;
    const scale = clamp(Math.min(this.view.scale, (width * 0.9) / box.width, (height * 0.9) / box.height));
    this.view = { scale, x: width / 2 - (box.x + box.width / 2) * scale, y: height / 2 - (box.y + box.height / 2) * scale };
    this.apply();
  }

  zoomBy(factor: number, around?: { x: number; y: number }): void {
    const rect = this.svg.getBoundingClientRect();
    const cx = around?.x ?? rect.width / 2;
    const cy = around?.y ?? rect.height / 2;
    const scale = clamp(this.view.scale * factor);
    const k = scale / this.view.scale;
    this.view = { scale, x: cx - (cx - this.view.x) * k, y: cy - (cy - this.view.y) * k };
    this.apply();
  }

  reset(): void {
    this.view = { x: 0, y: 0, scale: 1 };
    this.apply();
  }

  panBy(dx: number, dy: number): void {
    this.view = { ...this.view, x: this.view.x + dx, y: this.view.y + dy };
    this.apply();
  }

  private apply(): void {
    this.target?.setAttribute('transform', `translate(${this.view.x},${this.view.y}) scale(${this.view.scale})`);
  }

  private onWheel(event: WheelEvent): void {
    event.preventDefault();
    const rect = this.svg.getBoundingClientRect();
    if (event.ctrlKey || event.metaKey || !event.shiftKey) {
      const factor = Math.exp(-event.deltaY * (event.deltaMode === 1 ? 0.05 : 0.0015));
      this.zoomBy(factor, { x: event.clientX - rect.left, y: event.clientY - rect.top });
    } else {
      this.panBy(-event.deltaX || -event.deltaY, 0);
    }
  }

  private onPointerDown(event: PointerEvent): void {
    if (event.button !== 0) return;
    this.drag = { pointer: event.pointerId, x: event.clientX, y: event.clientY, moved: false };
  }

  private onPointerMove(event: PointerEvent): void {
    const drag = this.drag;
    if (!drag || drag.pointer !== event.pointerId) return;
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    if (!drag.moved && Math.hypot(dx, dy) < 4) return;
    if (!drag.moved) {
      drag.moved = true;
      this.svg.setPointerCapture(event.pointerId);
      this.svg.classList.add('panning');
    }
    drag.x = event.clientX;
    drag.y = event.clientY;
    this.panBy(dx, dy);
  }

  private onPointerUp(event: PointerEvent): void {
    if (!this.drag || this.drag.pointer !== event.pointerId) return;
    const moved = this.drag.moved;
    this.svg.classList.remove('panning');
    if (this.svg.hasPointerCapture(event.pointerId)) this.svg.releasePointerCapture(event.pointerId);
    // Keep `dragged` true through the click event that follows this pointerup.
    if (moved) setTimeout(() => (this.drag = undefined), 0);
    else this.drag = undefined;
  }
}

function clamp(scale: number): number {
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
}
