/** How a config file is written, learned from the file itself, so whatever we write matches it. */
export interface TextStyle {
  bom: boolean;
  eol: '\n' | '\r\n';
  /** One level of indentation. */
  indent: string;
  quote: '"' | "'";
  unquotedKeys: boolean;
  trailingComma: boolean;
}

/** What a new file gets: JSON.stringify's own layout. */
export const DEFAULT_STYLE: TextStyle = { bom: false, eol: '\n', indent: '  ', quote: '"', unquotedKeys: false, trailingComma: false };

type Syntax = Pick<TextStyle, 'quote' | 'unquotedKeys' | 'trailingComma'>;

function detectSyntax(text: string): Syntax {
  const singles = (text.match(/[:[,{]\s*'/g) ?? []).length;
  const doubles = (text.match(/[:[,{]\s*"/g) ?? []).length;
  return {
    quote: singles > doubles ? "'" : '"',
    unquotedKeys: /[{,]\s*(?:\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*[A-Za-z_$][\w$]*\s*:/.test(text),
    trailingComma: /,\s*[}\]]/.test(text),
  };
}

export function detectStyle(text: string): TextStyle {
  // The syntax scan costs about as much as parsing the file, and only the in-place editor needs it
  // (a whole rewrite uses the layout alone): it runs on first use.
  let syntax: Syntax | undefined;
  const learn = () => (syntax ??= detectSyntax(text));
  return {
    bom: text.startsWith('\uFEFF'),
    eol: text.includes('\r\n') ? '\r\n' : '\n',
    indent: /\n([ \t]+)\S/.exec(text)?.[1] ?? DEFAULT_STYLE.indent,
    get quote() {
      return learn().quote;
    },
    get unquotedKeys() {
      return learn().unquotedKeys;
    },
    get trailingComma() {
      return learn().trailingComma;
    },
  };
}
