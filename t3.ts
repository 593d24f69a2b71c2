import {elaborate} from './gen/index.ts'; import {Chip} from './rtl/chip/chip.ts'; import {REFERENCE_TILE_CONFIG} from './rtl/tile/params.ts';
import {emitVerilog} from './gen/emit/verilog.ts'; import {writeFileSync, mkdirSync, rmSync} from 'node:fs';
const t0=Date.now();
const d = elaborate(Chip({width:2,height:1,tile:REFERENCE_TILE_CONFIG}));
const t1=Date.now();
const { files, top } = emitVerilog(d);
console.log(top, 'elab', t1-t0, 'emit', Date.now()-t1, 'ms', files.reduce((a,f)=>a+f.text.length,0), 'chars');
rmSync('/tmp/ref',{recursive:true,force:true}); mkdirSync('/tmp/ref'); for (const f of files) writeFileSync('/tmp/ref/'+f.path, f.text);
