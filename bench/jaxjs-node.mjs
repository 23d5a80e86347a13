// jax-js's Wasm backend in Node (no browser): `node bench/jaxjs-node.mjs [batches] [net]`, after `npm ci`
// in bench/. The same step as the page's peer (bench/jaxjs.mjs).
import * as jax from '@jax-js/jax';
import { run } from './jaxjs.mjs';

console.log(JSON.stringify(await run(jax, 'wasm', Number(process.argv[2] || 3), () => null, process.argv[3])));
