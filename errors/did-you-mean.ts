import { closest, distance } from 'fastest-levenshtein';

/** Up to three known names close to `name`, closest first (the closest one when none is near; none when nothing is known). */
export function closeMatches(name: string, known: Iterable<string>): string[] {
  const candidates = [...known];
  if (candidates.length === 0) return [];
  const limit = Math.max(2, Math.floor(name.length / 3));
  const near = candidates
    .map((c) => ({ c, d: distance(name.toLowerCase(), c.toLowerCase()) }))
    .filter(({ c, d }) => d <= limit || c.includes(name) || name.includes(c))
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map(({ c }) => c);
  return near.length ? near : [closest(name, candidates)];
}

/** "Did you mean ...?" suffix listing up to three known names close to `name` (empty when nothing is known). */
export function didYouMean(name: string, known: Iterable<string>): string {
  const near = closeMatches(name, known);
  return near.length ? ` Did you mean ${near.map((c) => `'${c}'`).join(' or ')}?` : '';
}
