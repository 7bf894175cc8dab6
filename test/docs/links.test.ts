import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from './generated';

/**
 * The README is the front door and docs/ holds the rest: every relative link
 * in README.md and docs/*.md reaches a file of the repository, and a link to
 * `#anchor` (in the same file or another Markdown file) reaches a heading or an
 * element id there. Every file of docs/ is linked from the README or from
 * another doc, so nothing moved out of the README is lost from sight.
 */

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of withoutFences(markdown).split('\n')) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      const text = heading[1]
        .replace(/<[^>]*>/g, '') // inline HTML (API.md's <a> tags, <sup>)
        .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // links keep their text
        .trim();
      const base = text.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '').replace(/ /g, '-');
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      anchors.add(n === 0 ? base : `${base}-${n}`);
    }
    for (const id of line.matchAll(/\s(?:id|name)="([^"]+)"/g)) anchors.add(id[1]);
  }
  return anchors;
}

/** The text outside fenced code blocks: a `#` or `[x](y)` there is no heading or link. */
function withoutFences(markdown: string): string {
  let fenced = false;
  return markdown.split('\n').map((line) => {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      return '';
    }
    return fenced ? '' : line;
  }).join('\n');
}

/** Every Markdown link's target (inline links and reference definitions), outside code. */
export function linksOf(markdown: string): string[] {
  const text = withoutFences(markdown).replace(/`[^`\n]*`/g, '``');
  return [
    ...[...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]),
    ...[...text.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/gm)].map((m) => m[1]),
  ];
}

const DOCS = fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => path.join('docs', f));
const FILES = ['README.md', ...DOCS];

/** The broken relative links of one Markdown file of the repository, one line each. */
export function brokenLinks(file: string, read: (file: string) => string = (f) => fs.readFileSync(path.join(ROOT, f), 'utf8')): string[] {
  const anchors = new Map<string, Set<string>>();
  const anchorsIn = (target: string) => anchors.get(target) ?? anchors.set(target, anchorsOf(read(target))).get(target)!;
  const broken: string[] = [];
  for (const link of linksOf(read(file))) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue; // https:, mailto:
    const [target, anchor] = link.split('#', 2) as [string, string | undefined];
    const resolved = target === '' ? file : path.normalize(path.join(path.dirname(file), decodeURIComponent(target)));
    if (resolved.startsWith('..') || !fs.existsSync(path.join(ROOT, resolved))) {
      broken.push(`${file}: ${link}: ${resolved} does not exist`);
      continue;
    }
    if (anchor !== undefined && resolved.endsWith('.md') && !anchorsIn(resolved).has(anchor)) {
      broken.push(`${file}: ${link}: ${resolved} has no heading or id "${anchor}"`);
    }
  }
  return broken;
}

describe('links in README.md and docs/', () => {
  test('every relative link reaches a file, and every #anchor a heading or id in it', () => {
    expect(FILES.flatMap((f) => brokenLinks(f)).join('\n')).toBe('');
  });

  test('every file of docs/ is linked from the README or another doc', () => {
    const linked = new Set(FILES.flatMap((file) => linksOf(fs.readFileSync(path.join(ROOT, file), 'utf8'))
      .filter((l) => !/^[a-z][a-z0-9+.-]*:/i.test(l) && !l.startsWith('#'))
      .map((l) => path.normalize(path.join(path.dirname(file), decodeURIComponent(l.split('#')[0]))))
      .filter((target) => target !== file)));
    expect(DOCS.filter((d) => !linked.has(d))).toEqual([]);
  });

  test('a broken file, a missing anchor and a link inside code are told apart', () => {
    const files: Record<string, string> = {
      'README.md': [
        '# Front door',
        '## Quick start',
        '## Quick start',
        '[ok](#quick-start) [repeat](#quick-start-1) [gone](#nowhere) [doc](docs/guardrails.md#no-such-heading)',
        '[missing](docs/missing.md) [outside](../elsewhere.md) [web](https://example.com/x.md#y)',
        '`[code](docs/in-code.md)`',
        '```',
        '[fenced](docs/fenced.md)',
        '```',
      ].join('\n'),
      'docs/guardrails.md': '# Guardrails\n## Your own rules\n',
    };
    expect(brokenLinks('README.md', (f) => files[f] ?? fs.readFileSync(path.join(ROOT, f), 'utf8'))).toEqual([
      'README.md: #nowhere: README.md has no heading or id "nowhere"',
      'README.md: docs/guardrails.md#no-such-heading: docs/guardrails.md has no heading or id "no-such-heading"',
      'README.md: docs/missing.md: docs/missing.md does not exist',
      'README.md: ../elsewhere.md: ../elsewhere.md does not exist',
    ]);
  });

  test('anchors are GitHub\'s: punctuation dropped, code and links kept as text, repeats numbered', () => {
    expect([...anchorsOf([
      '## Tenancy: what the platform owns, what a team owns',
      '### The platform repository\'s CI',
      '## `golden-paths init`',
      '## See [the table](x.md)',
      '### PlatformProps <a name="PlatformProps" id="cdktf-golden-paths.PlatformProps"></a>',
      '## Notes', '## Notes',
    ].join('\n'))]).toEqual([
      'tenancy-what-the-platform-owns-what-a-team-owns', 'the-platform-repositorys-ci', 'golden-paths-init', 'see-the-table',
      'platformprops', 'PlatformProps', 'cdktf-golden-paths.PlatformProps', 'notes', 'notes-1',
    ]);
  });
});

/**
 * The test files that the build's configuration, the docs and the code name (`test/<folder>/<name>.test.ts`,
 * in a comment or a sentence) exist: a renamed or moved test leaves no pointer to nothing. A
 * generated repository's own test (`golden-paths init` writes `test/team.test.ts` or
 * `test/platform.test.ts` there) is not one of this repository's.
 */
describe('test files named in the repository', () => {
  const GENERATED_REPOSITORY_TESTS = new Set(['test/team.test.ts', 'test/platform.test.ts']);
  const walk = (dir: string): string[] => fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : /\.(ts|js|md)$/.test(e.name) ? [path.join(dir, e.name)] : []));

  test('every test file named in .projenrc.ts, .ci/run, projenrc/, README.md, docs/, src/, test/ and bench/ exists', () => {
    const files = ['.projenrc.ts', '.ci/run', 'README.md', ...['projenrc', 'docs', 'src', 'test', 'bench'].flatMap(walk)];
    const missing = files.flatMap((file) => [...fs.readFileSync(path.join(ROOT, file), 'utf8').matchAll(/\btest\/[\w./-]+?\.test\.ts\b/g)]
      .map((m) => m[0])
      .filter((named) => !GENERATED_REPOSITORY_TESTS.has(named) && !fs.existsSync(path.join(ROOT, named)))
      .map((named) => `${file}: ${named}`));
    expect([...new Set(missing)]).toEqual([]);
  });
});
