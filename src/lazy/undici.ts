// Bundled on its own (dist/undici.cjs) and loaded only when a proxy variable is set: undici's
// start-up alone costs more than Node's, and without a proxy node:http(s) does the same job.
export { EnvHttpProxyAgent, Pool } from 'undici';
