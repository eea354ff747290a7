// YAML alias bombs, for the suites that must survive them (parse, fuzz, the language server): anchored collections
// that grow tenfold or ninefold at each level once aliases are followed.

/**
 * The billion laughs of sequences: `a0: &a0 [lol × 9]`, then `aN: &aN [*aN-1 × 9]` up to `a<levels>`, each line
 * indented by `indent`; `*a<levels>` stands for 9^(levels+1) scalars.
 */
export function billionLaughs(levels: number, indent = ''): string {
  let s = `${indent}a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n`;
  for (let i = 1; i <= levels; i++) s += `${indent}a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]\n`;
  return s;
}

/** The same with merge keys: `lN` merges ten copies of `lN-1`, so `*l<levels>` has 10^levels keys to expand. */
export function mergeBomb(levels: number): string {
  let s = 'l0: &l0 {a0: x}\n';
  for (let i = 1; i <= levels; i++) s += `l${i}: &l${i} {<<: [${Array(10).fill(`*l${i - 1}`).join(', ')}], k${i}: v}\n`;
  return s;
}
