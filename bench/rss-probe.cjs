// Loaded with --require only for the memory pass of `npm run bench` (never for timing):
// records the process's peak resident set size when it exits.
const { writeFileSync } = require('node:fs');
process.on('exit', () => {
  writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS));
});
