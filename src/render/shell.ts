/** POSIX single-quoting. */
export function shq(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * Quote text for a shell, with every occurrence of `needle` replaced by a
 * reference to an environment variable, so a copied command works without
 * the API key ever being printed.
 */
export function shqWithVar(text: string, needle: string, variable: string): string {
  if (!needle || !text.includes(needle)) return shq(text);
  return text
    .split(needle)
    .map((part) => (part === '' ? '' : shq(part)))
    .join(`"$${variable}"`);
}
