#!/usr/bin/env node
import{createRequire as __cr}from'node:module';import{fileURLToPath as __fu}from'node:url';const require=__cr(import.meta.url),__filename=__fu(import.meta.url);
import{a as s,b as u,c as o,h as r}from"./chunks/chunk-B5JXVME7.mjs";import"./chunks/chunk-O2U46NKD.mjs";import{parseArgs as w}from"node:util";var c=`fastrouter-openclaw: add FastRouter.ai as a model provider in OpenClaw, and keep its models up to date.

Usage
  fastrouter-openclaw [setup] [options]

Key (first that gives one; refused unless it is sk-v1- followed by hex)
  --key-stdin            read the key from standard input (preferred: stays out of shell history)
                           printf %s "$KEY" | fastrouter-openclaw --key-stdin
  --key <key>            the key itself               --key sk-v1-0123abcd\u2026
  --message <text>       take the key out of a sentence  --message "configure fastrouter with API key sk-v1-\u2026"
  FASTROUTER_API_KEY     environment variable
  (none)                 reuse the key already in the config: "update fastrouter models"

Catalog
  --base-url <url>       FastRouter host, with or without /api/v1 or /v1   (default $FASTROUTER_BASE_URL,
                           else https://api.fastrouter.ai)
  --catalog <file>       read a saved /v1/models response instead of fetching   --catalog fixtures/catalog/realistic.json
  --timeout <seconds>    total time for fetching the catalog, retries included  (default 15)
  --allow-insecure-http  allow a plain http:// --base-url that is not loopback (the key would travel in clear)

Config
  --config <path>        the openclaw.json to update          --config ~/.openclaw/openclaw.json
  --profile <name>       use ~/.openclaw-<name>/openclaw.json   --profile work
  Otherwise: $OPENCLAW_CONFIG_PATH, then $OPENCLAW_STATE_DIR/openclaw.json, then ~/.openclaw/openclaw.json
  (home is $OPENCLAW_HOME, else $HOME).

Output
  --json                 print one small JSON object on stdout instead of text
  --restart              run \`openclaw gateway restart\` after a successful change (only with the user's consent)
  -h, --help             show this help
  -v, --version          show the version

Exit codes
  0 success (also when nothing changed)   1 unexpected internal error   2 usage or key problem
  3 catalog unreachable or unusable       4 no text or image models     5 config cannot be read or safely updated
`;var p="0.1.0",d=["setup"],m=15,y={key:{type:"string",multiple:!0},"key-stdin":{type:"boolean"},message:{type:"string"},"base-url":{type:"string"},catalog:{type:"string"},timeout:{type:"string"},config:{type:"string"},profile:{type:"string"},restart:{type:"boolean"},json:{type:"boolean"},"allow-insecure-http":{type:"boolean"},help:{type:"boolean",short:"h"},version:{type:"boolean",short:"v"}};function k(t){try{return w({args:t,options:y,allowPositionals:!0,strict:!0})}catch(e){throw new o(`${e.message.split(`
`)[0]} Run with --help to see the options.`)}}function b(t){if(t===void 0)return m;let e=Number(t);if(!Number.isFinite(e)||e<=0)throw new o("--timeout takes a number of seconds greater than 0, e.g. --timeout 30.");return e}var E=64*1024;async function _(){let t=process.stdin.isTTY;t&&process.stderr.write("Paste your FastRouter API key and press Enter: ");let e="";for await(let n of process.stdin.setEncoding("utf8"))if(e+=n,t&&e.includes(`
`)||e.length>E)break;return t?e.split(`
`)[0]??"":e}async function v(t){let{values:e,positionals:n}=k(t);if(e.help)return process.stdout.write(c),s.ok;if(e.version)return process.stdout.write(`${p}
`),s.ok;let[a="setup",...i]=n;if(!d.includes(a))throw new o(`Unknown command "${a}". Commands: ${d.join(", ")}. Run with --help for usage.`);if(i.length>0)throw new o(`Unexpected argument "${i[0]}". Run with --help for usage.`);let{runSetup:f}=await import("./chunks/setup-27UVTBN2.mjs"),{toJsonReport:g,toTextReport:h}=await import("./chunks/report-7S7ZP7DL.mjs"),l=await f({keys:e.key??[],stdinText:e["key-stdin"]?await _():void 0,message:e.message,baseUrl:e["base-url"],catalog:e.catalog,timeoutSeconds:b(e.timeout),config:e.config,profile:e.profile,restart:e.restart??!1,allowInsecureHttp:e["allow-insecure-http"]??!1,env:process.env,userAgent:`fastrouter-openclaw/${p}`});return process.stdout.write(e.json?JSON.stringify(g(l))+`
`:h(l)),s.ok}function O(t){if(t instanceof u)return process.stderr.write(`fastrouter-openclaw: ${r(t.message)}
`),t.exitCode;let e=t instanceof Error?t.message:String(t);return process.stderr.write(`fastrouter-openclaw: unexpected error: ${r(e.split(`
`)[0]??"")}. Please report it.
`),s.internal}v(process.argv.slice(2)).then(t=>process.exit(t),t=>process.exit(O(t)));
