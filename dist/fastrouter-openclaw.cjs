#!/usr/bin/env node
"use strict";var h=Object.create;var l=Object.defineProperty;var u=Object.getOwnPropertyDescriptor;var f=Object.getOwnPropertyNames;var y=Object.getPrototypeOf,m=Object.prototype.hasOwnProperty;var g=(e,t,a,r)=>{if(t&&typeof t=="object"||typeof t=="function")for(let o of f(t))!m.call(e,o)&&o!==a&&l(e,o,{get:()=>t[o],enumerable:!(r=u(t,o))||r.enumerable});return e};var p=(e,t,a)=>(a=e!=null?h(y(e)):{},g(t||!e||!e.__esModule?l(a,"default",{value:e,enumerable:!0}):a,e));var c=`fastrouter-openclaw: add FastRouter.ai as a model provider in OpenClaw, and keep its models up to date.

Usage
  fastrouter-openclaw [setup] [options]     add FastRouter, or refresh its models (the default command)
  fastrouter-openclaw remove [options]      take FastRouter out again
  fastrouter-openclaw restore [options]     put back the config as it was before the last change

Examples
  printf %s "$KEY" | fastrouter-openclaw --key-stdin      add FastRouter (the key stays out of history)
  fastrouter-openclaw                                     refresh the models with the stored key
  fastrouter-openclaw --dry-run --include 'anthropic/*'   preview a picker with only Claude models
  fastrouter-openclaw remove --profile work               take it out of ~/.openclaw-work/openclaw.json

Key (first that gives one; refused unless it is sk-v1- followed by hex)
  --key-stdin            read the key, or a message containing it, from standard input (preferred)
                           printf %s "$KEY" | fastrouter-openclaw --key-stdin
  --key <key>            the key itself                  --key sk-v1-0123abcd\u2026
  --message <text>       take the key out of a sentence  --message "configure fastrouter with API key sk-v1-\u2026"
  FASTROUTER_API_KEY     environment variable
  (none)                 reuse the key already in the config ("update fastrouter models"), in its form:
                           a \${VAR} or a SecretRef (env, file, exec, store) stays one, never plaintext
  --key-ref <env|plain>  env: write apiKey as a SecretRef to $FASTROUTER_API_KEY instead of the key
                           (the gateway's environment must set it); plain: store the key itself
                           --key-ref env

Models
  --include <pattern>    only models whose id matches; repeatable or comma-separated; globs or /regex/
                           --include 'anthropic/*,openai/gpt-5*'
  --exclude <pattern>    leave these out (exclude wins)   --exclude '*:free'
  --reset-filters        forget the remembered --include/--exclude (they are re-applied on every refresh)
                           fastrouter-openclaw --reset-filters
  --default <model-id>   also make it the primary model, keeping fallbacks   --default anthropic/claude-sonnet-4.6
                           (on a first install with no primary set anywhere, the top popular pick
                           becomes the primary; a primary already set is left alone)
  --no-default           on a first install, leave the primary model unset   --no-default

Catalog
  --base-url <url>       FastRouter host, alone or with /v1 or /api/v1 (other paths are refused)
                           (default $FASTROUTER_BASE_URL, else the host already in the config, else
                           https://api.fastrouter.ai)   --base-url https://api.fastrouter.ai
  --catalog <file>       read a saved /v1/models response instead of fetching   --catalog fixtures/catalog/mixed.json
  --timeout <seconds>    total time for fetching the catalog, retries included (default 15)   --timeout 30
  --allow-insecure-http  allow a plain http:// --base-url that is not loopback (the key would travel in clear)
                           --base-url http://gateway.lan:8080 --allow-insecure-http

Config
  --config <path>        the openclaw.json to change          --config ~/.openclaw/openclaw.json
  --profile <name>       use ~/.openclaw-<name>/openclaw.json, as \`openclaw --profile <name>\` does
                           (so a $OPENCLAW_CONFIG_PATH set elsewhere still wins)   --profile work
  Otherwise: $OPENCLAW_CONFIG_PATH, then $OPENCLAW_STATE_DIR/openclaw.json, then ~/.openclaw/openclaw.json
  (home is $OPENCLAW_HOME, else $HOME). Backups go to fastrouter-openclaw/backups/ beside the config;
  \`restore\` puts back the newest, with the --include/--exclude remembered at that time.
  A refresh keeps what you added inside models.providers.fastrouter (timeoutSeconds, headers, a
  model's params or compat, ...); only fields read from the catalog are rewritten.

Output and checks
  --dry-run              show the diff and the model changes, write nothing   --dry-run
  --json                 print one small JSON object on stdout instead of text   --json
  --no-validate          skip checking the written file with \`openclaw config validate\` (done after a
                           write when openclaw is on PATH; a change it rejects is rolled back)   --no-validate
  --validate             check even when this OpenClaw version accepted the same kind of change before
                           (such repeats are otherwise skipped: a check takes seconds)   --validate
  --restart              run \`openclaw gateway restart\` after a change (only with the user's consent)
                           fastrouter-openclaw --restart
  -h, --help             show this help
  -v, --version          show the version

Exit codes
  0 success (also when nothing changed)   1 unexpected internal error   2 usage or key problem
  3 catalog unreachable or unusable       4 no text or image models     5 config cannot be read or safely updated
`;var w={key:{type:"string",multiple:!0},"key-stdin":{type:"boolean"},"key-ref":{type:"string"},message:{type:"string"},"base-url":{type:"string"},catalog:{type:"string"},timeout:{type:"string"},config:{type:"string"},profile:{type:"string"},include:{type:"string",multiple:!0},exclude:{type:"string",multiple:!0},"reset-filters":{type:"boolean"},default:{type:"string"},"no-default":{type:"boolean"},"dry-run":{type:"boolean"},"no-validate":{type:"boolean"},validate:{type:"boolean"},restart:{type:"boolean"},json:{type:"boolean"},"allow-insecure-http":{type:"boolean"},help:{type:"boolean",short:"h"},version:{type:"boolean",short:"v"}};function s(e,t,a){for(let r=0;r<e.length;r++){let o=e[r];if(o==="--")return!1;if(o===`--${t}`||o===`-${a}`)return!0;let i=o.startsWith("--")&&!o.includes("=")?o.slice(2):void 0;i&&w[i]?.type==="string"&&r++}return!1}var d="0.1.0";var n=process.argv.slice(2);if(s(n,"help","h"))process.stdout.write(c);else if(s(n,"version","v"))process.stdout.write(`${d}
`);else{let e=Number(process.versions.node.split(".")[0])>=22?Promise.resolve().then(()=>p(require("node:module"),1)).then(t=>t.enableCompileCache?.()):void 0;Promise.resolve(e).then(()=>Promise.resolve().then(()=>p(require("./main.cjs"),1))).then(t=>t.run(n))}
