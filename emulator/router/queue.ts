// A bounded ring-buffer queue: the emulator's input FIFO (no bypass is a
// property of when the router reads it, not of the queue itself).
export class BoundedQueue<T> {
  private readonly slots: (T | undefined)[];
  private head = 0;
  private size = 0;
  constructor(readonly capacity: number) {
    this.slots = new Array<T | undefined>(capacity);
  }
  get length(): number {
    return this.size;
  }
  get full(): boolean {
    return this.size === this.capacity;
  }
  peek(): T | undefined {
    return this.size > 0 ? this.slots[this.head] : undefined;
  }
  push(v: T): void {
    if (this.size === this.capacity) throw new Error('BoundedQueue: push on a full queue');
    this.slots[(this.head + this.size) % this.capacity] = v;
    this.size++;
  }
  shift(): T {
    if (this.size === 0) throw new Error('BoundedQueue: shift on an empty queue');
    const v = this.slots[this.head]!;
    this.slots[this.head] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.size--;
    return v;
  }
  clear(): void {
    this.slots.fill(undefined);
    this.head = 0;
    this.size = 0;
  }
  /** Oldest first. */
  toArray(): T[] {
    return Array.from({ length: this.size }, (_, i) => this.slots[(this.head + i) % this.capacity]!);
  }
}
