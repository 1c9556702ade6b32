/** A long title as two lines, the name then its parenthesised units, so colour bars and axes stay compact. */
export function twoLines(title: string): string | string[] {
  const at = title.lastIndexOf(' (');
  return at > 0 && title.length > 24 ? [title.slice(0, at), title.slice(at + 1)] : title;
}
