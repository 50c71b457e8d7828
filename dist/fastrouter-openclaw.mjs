#!/usr/bin/env node
import{createRequire as __cr}from'node:module';import{fileURLToPath as __fu}from'node:url';const require=__cr(import.meta.url),__filename=__fu(import.meta.url);
import{a as s,b as c,c as o,h as a}from"./chunks/chunk-B5JXVME7.mjs";import"./chunks/chunk-O2U46NKD.mjs";import{parseArgs as m}from"node:util";var u=`fastrouter-openclaw: add FastRouter.ai as a model provider in OpenClaw, and keep its models up to date.

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
`;var p="0.1.0",f=["setup"],y=15,k={key:{type:"string",multiple:!0},"key-stdin":{type:"boolean"},message:{type:"string"},"base-url":{type:"string"},catalog:{type:"string"},timeout:{type:"string"},config:{type:"string"},profile:{type:"string"},restart:{type:"boolean"},json:{type:"boolean"},"allow-insecure-http":{type:"boolean"},help:{type:"boolean",short:"h"},version:{type:"boolean",short:"v"}};function b(t){try{return m({args:t,options:k,allowPositionals:!0,strict:!0})}catch(e){throw new o(`${e.message.split(`
`)[0]} Run with --help to see the options.`)}}function E(t){if(t===void 0)return y;let e=Number(t);if(!Number.isFinite(e)||e<=0)throw new o("--timeout takes a number of seconds greater than 0, e.g. --timeout 30.");return e}var _=64*1024;async function v(){let t=process.stdin.isTTY;t&&process.stderr.write("Paste your FastRouter API key and press Enter: ");let e="";for await(let n of process.stdin.setEncoding("utf8"))if(e+=n,t&&e.includes(`
`)||e.length>_)break;return t?e.split(`
`)[0]??"":e}async function O(t){let{values:e,positionals:n}=b(t);if(e.help)return process.stdout.write(u),s.ok;if(e.version)return process.stdout.write(`${p}
`),s.ok;let[i="setup",...l]=n;if(!f.includes(i))throw new o(`Unknown command "${i}". Commands: ${f.join(", ")}. Run with --help for usage.`);if(l.length>0)throw new o(`Unexpected argument "${l[0]}". Run with --help for usage.`);let{runSetup:d}=await import("./chunks/setup-Y5JB2UEN.mjs"),{toJsonReport:g,toTextReport:h}=await import("./chunks/report-EKDZE2KM.mjs"),r=await d({keys:e.key??[],stdinText:e["key-stdin"]?await v():void 0,message:e.message,baseUrl:e["base-url"],catalog:e.catalog,timeoutSeconds:E(e.timeout),config:e.config,profile:e.profile,restart:e.restart??!1,allowInsecureHttp:e["allow-insecure-http"]??!1,env:process.env,userAgent:`fastrouter-openclaw/${p}`});if(e.json)process.stdout.write(JSON.stringify(g(r))+`
`);else{for(let w of r.warnings)process.stderr.write(`fastrouter-openclaw: warning: ${w}
`);process.stdout.write(h(r))}return s.ok}function S(t){if(t instanceof c)return process.stderr.write(`fastrouter-openclaw: ${a(t.message)}
`),t.exitCode;let e=t instanceof Error?t.message:String(t);return process.stderr.write(`fastrouter-openclaw: unexpected error: ${a(e.split(`
`)[0]??"")}. Please report it.
`),s.internal}O(process.argv.slice(2)).then(t=>process.exit(t),t=>process.exit(S(t)));
