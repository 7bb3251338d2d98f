// Builds every target of wasm/asconfig.json (SIMD and relaxed SIMD, each with an unshared and a shared memory)
// into dist/backends/wasm/, with the AssemblyScript compiler from node_modules.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const config = new URL('./asconfig.json', import.meta.url);
const targets = Object.keys(JSON.parse(readFileSync(config, 'utf8')).targets);
const asc = new URL('../node_modules/assemblyscript/bin/asc.js', import.meta.url);
for (const target of targets) {
  execFileSync(process.execPath, [asc.pathname, 'wasm/assembly/index.ts', '--config', 'wasm/asconfig.json', '--target', target],
    { stdio: 'inherit', cwd: new URL('..', import.meta.url) });
}
