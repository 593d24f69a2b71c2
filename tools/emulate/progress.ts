// A progress bar on stderr for a terminal (redrawn in place), or a line every
// 10% when stderr is not a terminal. `emulate --json` shows none.
export function progressBar(label: string, write: (s: string) => void, tty: boolean): (done: number, total: number) => void {
  const start = performance.now();
  let lastDraw = 0;
  let lastTenth = -1;
  return (done, total) => {
    const now = performance.now();
    const rate = done / Math.max(1e-3, (now - start) / 1000);
    if (tty) {
      if (done < total && now - lastDraw < 200) return;
      lastDraw = now;
      const width = 30;
      const filled = Math.round((width * done) / total);
      const eta = rate > 0 ? (total - done) / rate : 0;
      write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} images, ${rate.toFixed(1)}/s, ${eta.toFixed(0)} s left `);
      if (done === total) write('\n');
    } else {
      const tenth = Math.floor((10 * done) / total);
      if (tenth === lastTenth) return;
      lastTenth = tenth;
      write(`${label}: ${done}/${total} images (${rate.toFixed(1)}/s)\n`);
    }
  };
}
