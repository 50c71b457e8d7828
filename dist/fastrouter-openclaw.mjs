#!/usr/bin/env node
import{createRequire as __cr}from'node:module';import{fileURLToPath as __fu}from'node:url';const require=__cr(import.meta.url),__filename=__fu(import.meta.url);
import{a as n,b as c,c as s,h as i}from"./chunks/chunk-B5JXVME7.mjs";import"./chunks/chunk-O2U46NKD.mjs";import{parseArgs as _}from"node:util";var p=`fastrouter-openclaw: add FastRouter.ai as a model provider in OpenClaw, and keep its models up to date.

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
`;var b=/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g,E=/[\u007f-\u009f]/g,f=t=>t.charCodeAt(0).toString(16).padStart(2,"0");function o(t){return t.replace(b,e=>`\\x${f(e)}`)}function d(t){return JSON.stringify(t).replace(E,e=>`\\u00${f(e)}`)}var g="0.1.0",h=["setup"],S=15,v={key:{type:"string",multiple:!0},"key-stdin":{type:"boolean"},message:{type:"string"},"base-url":{type:"string"},catalog:{type:"string"},timeout:{type:"string"},config:{type:"string"},profile:{type:"string"},restart:{type:"boolean"},json:{type:"boolean"},"allow-insecure-http":{type:"boolean"},help:{type:"boolean",short:"h"},version:{type:"boolean",short:"v"}};function O(t){try{return _({args:t,options:v,allowPositionals:!0,strict:!0})}catch(e){throw new s(`${e.message.split(`
`)[0]} Run with --help to see the options.`)}}function x(t){if(t===void 0)return S;let e=Number(t);if(!Number.isFinite(e)||e<=0)throw new s("--timeout takes a number of seconds greater than 0, e.g. --timeout 30.");return e}var R=64*1024;async function A(){let t=process.stdin.isTTY;t&&process.stderr.write("Paste your FastRouter API key and press Enter: ");let e="";for await(let r of process.stdin.setEncoding("utf8"))if(e+=r,t&&e.includes(`
`)||e.length>R)break;return t?e.split(`
`)[0]??"":e}async function N(t){let{values:e,positionals:r}=O(t);if(e.help)return process.stdout.write(p),n.ok;if(e.version)return process.stdout.write(`${g}
`),n.ok;let[l="setup",...u]=r;if(!h.includes(l))throw new s(`Unknown command "${l}". Commands: ${h.join(", ")}. Run with --help for usage.`);if(u.length>0)throw new s(`Unexpected argument "${u[0]}". Run with --help for usage.`);let{runSetup:w}=await import("./chunks/setup-QYBKQAXS.mjs"),{toJsonReport:m,toTextReport:y}=await import("./chunks/report-EKDZE2KM.mjs"),a=await w({keys:e.key??[],stdinText:e["key-stdin"]?await A():void 0,message:e.message,baseUrl:e["base-url"],catalog:e.catalog,timeoutSeconds:x(e.timeout),config:e.config,profile:e.profile,restart:e.restart??!1,allowInsecureHttp:e["allow-insecure-http"]??!1,env:process.env,userAgent:`fastrouter-openclaw/${g}`});if(e.json)process.stdout.write(d(m(a))+`
`);else{for(let k of a.warnings)process.stderr.write(o(`fastrouter-openclaw: warning: ${k}
`));process.stdout.write(o(y(a)))}return n.ok}function T(t){if(t instanceof c)return process.stderr.write(o(`fastrouter-openclaw: ${i(t.message)}`)+`
`),t.exitCode;let e=t instanceof Error?t.message:String(t);return process.stderr.write(o(`fastrouter-openclaw: unexpected error: ${i(e.split(`
`)[0]??"")}. Please report it.`)+`
`),n.internal}N(process.argv.slice(2)).then(t=>process.exit(t),t=>process.exit(T(t)));
