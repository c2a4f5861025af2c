import { closest, distance } from 'fastest-levenshtein';

/** "Did you mean ...?" suffix listing up to three known names close to `name` (empty when nothing is known). */
export function didYouMean(name: string, known: Iterable<string>): string {
  const candidates = [...known];
  if (candidates.length === 0) return '';
  const limit = Math.max(2, Math.floor(name.length / 3));
  const near = candidates
    .map((c) => ({ c, d: distance(name.toLowerCase(), c.toLowerCase()) }))
    .filter(({ c, d }) => d <= limit || c.includes(name) || name.includes(c))
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map(({ c }) => `'${c}'`);
  if (near.length === 0) near.push(`'${closest(name, candidates)}'`);
  return ` Did you mean ${near.join(' or ')}?`;
}
