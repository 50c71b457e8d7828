// Bundled on its own (dist/diff.cjs): only --dry-run needs it.
export { createTwoFilesPatch } from 'diff';
