export type Env = Record<string, string | undefined>;

/** A variable's value, treating unset, empty and blank alike. */
export function envValue(env: Env, name: string): string | undefined {
  const value = env[name];
  return value !== undefined && value.trim() !== '' ? value : undefined;
}
