declare const __VERSION__: string | undefined;
/** Set by the build from package.json; "dev" when running from source. */
export const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : 'dev';
