export const HELP = `fastrouter-openclaw: add FastRouter.ai as a model provider in OpenClaw, and keep its models up to date.

Usage
  fastrouter-openclaw [setup] [options]

Key (first that gives one; refused unless it is sk-v1- followed by hex)
  --key-stdin            read the key from standard input (preferred: stays out of shell history)
                           printf %s "$KEY" | fastrouter-openclaw --key-stdin
  --key <key>            the key itself               --key sk-v1-0123abcd…
  --message <text>       take the key out of a sentence  --message "configure fastrouter with API key sk-v1-…"
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
`;
