#!/usr/bin/env node
import{createRequire as __cr}from'node:module';import{fileURLToPath as __fu}from'node:url';const require=__cr(import.meta.url),__filename=__fu(import.meta.url);
import{a as f,b as R,d as E}from"./chunks/chunk-EZXDURNT.mjs";import{b as w}from"./chunks/chunk-YLGTK5F5.mjs";import{a as v,b as r,c as b,d as a}from"./chunks/chunk-PPOBXKH2.mjs";import"./chunks/chunk-O2U46NKD.mjs";import{parseArgs as T}from"node:util";var _=`fastrouter-openclaw: add FastRouter.ai as a model provider in OpenClaw, and keep its models up to date.

Usage
  fastrouter-openclaw [setup] [options]     add FastRouter, or refresh its models (the default command)
  fastrouter-openclaw remove [options]      take FastRouter out again
  fastrouter-openclaw restore [options]     put back the config as it was before the last change

Key (first that gives one; refused unless it is sk-v1- followed by hex)
  --key-stdin            read the key, or a message containing it, from standard input (preferred)
                           printf %s "$KEY" | fastrouter-openclaw --key-stdin
  --key <key>            the key itself                  --key sk-v1-0123abcd\u2026
  --message <text>       take the key out of a sentence  --message "configure fastrouter with API key sk-v1-\u2026"
  FASTROUTER_API_KEY     environment variable
  (none)                 reuse the key already in the config ("update fastrouter models")
  --key-ref <env|plain>  env: write apiKey as a SecretRef to $FASTROUTER_API_KEY instead of the key
                           (the gateway's environment must set it); plain: store the key itself
                           --key-ref env

Models
  --include <pattern>    only models whose id matches; repeatable or comma-separated; globs or /regex/
                           --include 'anthropic/*,openai/gpt-5*'
  --exclude <pattern>    leave these out (exclude wins)   --exclude '*:free'
  --reset-filters        forget the remembered --include/--exclude (they are re-applied on every refresh)
  --default <model-id>   also make it the primary model, keeping fallbacks   --default anthropic/claude-sonnet-4.6

Catalog
  --base-url <url>       FastRouter host, with or without /api/v1 or /v1   (default $FASTROUTER_BASE_URL,
                           else https://api.fastrouter.ai)
  --catalog <file>       read a saved /v1/models response instead of fetching   --catalog fixtures/catalog/mixed.json
  --timeout <seconds>    total time for fetching the catalog, retries included (default 15)   --timeout 30
  --allow-insecure-http  allow a plain http:// --base-url that is not loopback (the key would travel in clear)

Config
  --config <path>        the openclaw.json to change          --config ~/.openclaw/openclaw.json
  --profile <name>       use ~/.openclaw-<name>/openclaw.json   --profile work
  Otherwise: $OPENCLAW_CONFIG_PATH, then $OPENCLAW_STATE_DIR/openclaw.json, then ~/.openclaw/openclaw.json
  (home is $OPENCLAW_HOME, else $HOME). Backups go to fastrouter-openclaw/backups/ beside the config.

Output and checks
  --dry-run              show the diff and the model changes, write nothing   --dry-run
  --json                 print one small JSON object on stdout instead of text
  --no-validate          skip checking the written file with \`openclaw config validate\` (done when
                           openclaw is on PATH; a change it rejects is rolled back)
  --restart              run \`openclaw gateway restart\` after a change (only with the user's consent)
  -h, --help             show this help
  -v, --version          show the version

Exit codes
  0 success (also when nothing changed)   1 unexpected internal error   2 usage or key problem
  3 catalog unreachable or unusable       4 no text or image models     5 config cannot be read or safely updated
`;var x="0.1.0",O=["setup","remove","restore"],S=15,A=64*1024,$={key:{type:"string",multiple:!0},"key-stdin":{type:"boolean"},"key-ref":{type:"string"},message:{type:"string"},"base-url":{type:"string"},catalog:{type:"string"},timeout:{type:"string"},config:{type:"string"},profile:{type:"string"},include:{type:"string",multiple:!0},exclude:{type:"string",multiple:!0},"reset-filters":{type:"boolean"},default:{type:"string"},"dry-run":{type:"boolean"},"no-validate":{type:"boolean"},restart:{type:"boolean"},json:{type:"boolean"},"allow-insecure-http":{type:"boolean"},help:{type:"boolean",short:"h"},version:{type:"boolean",short:"v"}},C=["key","key-stdin","key-ref","message","base-url","catalog","timeout","include","exclude","reset-filters","default","dry-run","no-validate","restart","allow-insecure-http"];function P(t){try{return T({args:t,options:$,allowPositionals:!0,strict:!0})}catch(e){throw new a(`${e.message.split(`
`)[0]} Run with --help to see the options.`)}}function N(t){if(t===void 0)return S;let e=Number(t);if(!Number.isFinite(e)||e<=0)throw new a("--timeout takes a number of seconds greater than 0, e.g. --timeout 30.");return e}function F(t){if(t===void 0||t==="env"||t==="plain")return t;throw new a(`--key-ref takes "env" (a SecretRef to $FASTROUTER_API_KEY) or "plain", not "${t}".`)}async function I(){let t=process.stdin.isTTY;t&&process.stderr.write("Paste your FastRouter API key and press Enter: ");let e="";for await(let l of process.stdin.setEncoding("utf8"))if(e+=l,t&&e.includes(`
`)||e.length>A)break;return t?e.split(`
`)[0]??"":e}function y(t,e,l,o=[]){if(t){process.stdout.write(R(e())+`
`);return}for(let c of o)process.stderr.write(f(`fastrouter-openclaw: warning: ${c}`)+`
`);process.stdout.write(l())}async function j(t){let{values:e,positionals:l}=P(t);if(e.help)return process.stdout.write(_),r.ok;if(e.version)return process.stdout.write(`${x}
`),r.ok;let[o="setup",...c]=l;if(!O.includes(o))throw new a(`Unknown command "${o}". Commands: ${O.join(", ")}. Run with --help for usage.`);if(c.length>0)throw new a(`Unexpected argument "${c[0]}". Run with --help for usage.`);let k=o==="setup"?void 0:C.find(s=>e[s]!==void 0);if(k)throw new a(`--${k} does not apply to "${o}". Run with --help for usage.`);let m=process.env,u=e.json??!1,g=!!process.stdout.isTTY&&!v(m,"NO_COLOR")&&m.TERM!=="dumb",h={config:e.config,profile:e.profile,env:m},d=await import("./chunks/report-W52AJBYY.mjs");switch(o){case"remove":{let{runRemove:s}=await import("./chunks/remove-SIATPAVB.mjs"),n=await s(h),i=n.stillReferenced.map(p=>`agents.defaults.model still names ${p}; change it (e.g. /model) so OpenClaw does not fall back to a missing model.`);return y(u,()=>({...n,warnings:i}),()=>d.removeTextReport(n,g),i),r.ok}case"restore":{let{runRestore:s}=await import("./chunks/restore-5YHXRDZ2.mjs"),n=await s(h);return y(u,()=>n,()=>d.restoreTextReport(n,g)),r.ok}case"setup":{let{runSetup:s}=await import("./chunks/setup-GMHRLIBT.mjs"),n,i=await s({...h,keys:e.key??[],stdinText:e["key-stdin"]?await I():void 0,message:e.message,keyRef:F(e["key-ref"]),baseUrl:e["base-url"],catalog:e.catalog,timeoutSeconds:N(e.timeout),include:e.include??[],exclude:e.exclude??[],resetFilters:e["reset-filters"]??!1,defaultModel:e.default,dryRun:e["dry-run"]??!1,validate:!e["no-validate"],restart:e.restart??!1,allowInsecureHttp:e["allow-insecure-http"]??!1,userAgent:`fastrouter-openclaw/${x}`,onFetch:p=>{p==="start"&&process.stderr.isTTY&&!u&&(n=E(process.stderr,"Fetching the FastRouter model catalog\u2026")),p==="end"&&n?.()}});return y(u,()=>d.toJsonReport(i),()=>d.toTextReport(i,g),i.warnings),r.ok}}}function U(t){if(t instanceof b)return process.stderr.write(f(`fastrouter-openclaw: ${w(t.message)}`)+`
`),t.exitCode;let e=t instanceof Error?t.message:String(t);return process.stderr.write(f(`fastrouter-openclaw: unexpected error: ${w(e.split(`
`)[0]??"")}. Please report it.`)+`
`),r.internal}j(process.argv.slice(2)).then(t=>process.exit(t),t=>process.exit(U(t)));
