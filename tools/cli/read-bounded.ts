// Reading a small input file (a config, a manifest) with a size limit: a
// path like /dev/zero or a huge file must be refused, not read forever.
import { closeSync, openSync, readSync } from 'node:fs';

/** Config files and manifests are small: 1 MiB is far above any real one. */
export const MAX_CONFIG_BYTES = 1 << 20;

export class InputTooLarge extends Error {
  override name = 'InputTooLarge';
}

/** The file's text; throws InputTooLarge beyond maxBytes (the read stops there), or the fs error. */
export function readBoundedText(path: string, maxBytes = MAX_CONFIG_BYTES): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(maxBytes + 1);
    let used = 0;
    // Chunked reads: devices and pipes hand out data in pieces, and a regular file may grow.
    for (;;) {
      const n = readSync(fd, buf, used, buf.length - used, null);
      if (n === 0) break;
      used += n;
      if (used > maxBytes) throw new InputTooLarge(`larger than ${maxBytes} bytes`);
    }
    return buf.subarray(0, used).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
