import {elaborate} from './gen/index.ts'; import {Chip} from './rtl/chip/chip.ts'; import {DEFAULT_TILE_CONFIG} from './rtl/tile/params.ts';
import {emitVerilog} from './gen/emit/verilog.ts';
import { lintSources } from './tools/lint/lint-sources.ts';
const t0=Date.now();
const { files, top } = emitVerilog(elaborate(Chip({width:2,height:2,tile:DEFAULT_TILE_CONFIG})));
console.log(top, Date.now()-t0, 'ms');
const report = await lintSources(files, top);
for (const t of report.tools) { console.log(t.tool, t.ok, t.errors); for (const msg of t.messages.slice(0,40)) console.log('  ', msg.slice(0,300)); }
