// What FastRouter's answer to a key check means. The check is a request that costs nothing: POST
// <apiRoot>/generation with a made-up id, which FastRouter answers 401 "Invalid Credentials" for a bad
// key and 404 for a good one (it authenticates before it looks the id up). The opt-in probe is a
// 1-token chat completion to a free model, which also tells "no credits" (402) and "model not allowed
// for this key" (403) apart. Only a refusal stops a run; anything else is reported and the run goes on.
import { isPlainObject } from './json.js';
import { maskKey } from './key.js';
import { maskQuotedReply } from './mask-secrets.js';

/** What the report says about the key. */
export type KeyCheck = { status: 'verified'; detail: string; warning?: string | undefined } | { status: 'not-verified'; reason: string } | { status: 'skipped'; reason: string };

/** FastRouter said no: the run stops before anything is written. */
export interface KeyRefusal {
  status: 'refused';
  httpStatus: number;
  /** FastRouter's own words (`error.message`), masked, one line, short; empty when it gave none. */
  said: string;
}

export type KeyAnswer = KeyCheck | KeyRefusal;

export const GENERATION_PATH = '/generation';
export const CHAT_PATH = '/chat/completions';
/** No generation has this id: a good key gets 404, a bad one 401. */
export const MADE_UP_GENERATION_ID = 'fastrouter-openclaw-key-check';
const MAX_SAID_CHARS = 160;

/**
 * FastRouter's error body, `{"error":{"message","type","code","status"}}`: its message, or undefined
 * when the body is not one. `sent` (the key, the provider's header values) never comes back in it.
 */
function errorMessage(body: string, sent: readonly string[]): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const error = isPlainObject(parsed) ? parsed.error : undefined;
  if (!isPlainObject(error)) return undefined;
  const message = typeof error.message === 'string' ? error.message : '';
  const oneLine = maskQuotedReply(message, sent).replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_SAID_CHARS ? `${oneLine.slice(0, MAX_SAID_CHARS - 1)}…` : oneLine;
}

function answered(status: number, said: string | undefined): string {
  return `FastRouter answered HTTP ${status}${said ? ` "${said}"` : ''}`;
}

/** The answer to POST <apiRoot>/generation with a made-up id; `sent` as errorMessage takes it. */
export function judgeGenerationAnswer(status: number, body: string, sent: readonly string[] = []): KeyAnswer {
  const said = errorMessage(body, sent);
  if (status === 401 || status === 403) return { status: 'refused', httpStatus: status, said: said ?? '' };
  if (status === 404 && said !== undefined) return { status: 'verified', detail: 'FastRouter accepted it' };
  if (status === 404) return { status: 'not-verified', reason: "the API root answered HTTP 404 without FastRouter's error body (is the base URL FastRouter's?)" };
  return { status: 'not-verified', reason: answered(status, said) };
}

/** The answer to the opt-in probe: a 1-token chat completion to `model`. */
export function judgeProbeAnswer(status: number, body: string, model: string, sent: readonly string[] = []): KeyAnswer {
  const said = errorMessage(body, sent);
  if (status >= 200 && status < 300) return { status: 'verified', detail: `FastRouter accepted it, and a 1-token request to ${model} went through` };
  if (status === 401) return { status: 'refused', httpStatus: status, said: said ?? '' };
  if (status === 402) {
    return {
      status: 'verified',
      detail: 'FastRouter accepted it',
      warning: `FastRouter accepted the key but says the account has no credits (HTTP 402${said ? ` "${said}"` : ''}): chats will fail until credits are added.`,
    };
  }
  if (status === 403) {
    return {
      status: 'verified',
      detail: 'FastRouter accepted it',
      warning: `FastRouter accepted the key but does not let it use ${model} (HTTP 403${said ? ` "${said}"` : ''}): check the key's model restrictions in FastRouter's dashboard.`,
    };
  }
  return { status: 'not-verified', reason: `the probe: ${answered(status, said)}` };
}

/** A free model to probe with: the first `:free` id, else the first model that costs nothing. */
export function probeModel(models: ReadonlyArray<{ id: string; cost: { input: number; output: number } }>): string | undefined {
  return (models.find((m) => m.id.endsWith(':free')) ?? models.find((m) => m.cost.input === 0 && m.cost.output === 0))?.id;
}

/** The one line a refused key ends the run with: what FastRouter said, never the key. */
export function refusalMessage(refusal: KeyRefusal, key: string): string {
  const words = refusal.said ? `: "${refusal.said}"` : '';
  const hint =
    refusal.httpStatus === 403
      ? "the key may be disabled or not allowed to use the API; check it in FastRouter's dashboard"
      : "check that you copied the whole key, or create a new one in FastRouter's dashboard";
  return `FastRouter refused the key ${maskKey(key)} (HTTP ${refusal.httpStatus}${words}), so nothing was written; ${hint}.`;
}
