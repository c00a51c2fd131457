/** Splits a multi-record SD file into its `$$$$`-terminated records without parsing them. */

/** The records of an SD file as text, each ending with its `$$$$` line; a trailing unterminated record is kept. */
export function splitSdfRecords(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  const re = /^\$\$\$\$[^\n]*(\n|$)/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const end = m.index + m[0].length;
    out.push(text.slice(start, end).replace(/\n?$/, '\n'));
    start = end;
    if (m[0].length === 0) re.lastIndex++;
  }
  if (text.slice(start).trim() !== '') out.push(`${text.slice(start).replace(/\n?$/, '\n')}$$$$\n`);
  return out;
}
