import { parse } from 'yaml';
import { Commented, toYaml } from '../../src/private/yaml-writer';

describe('toYaml', () => {
  test('round-trips scalars that plain YAML would misread', () => {
    const tricky = {
      yes: 'yes',
      on: 'on',
      nul: 'null',
      number: '1',
      float: '1.5',
      octal: '0o17',
      empty: '',
      colon: 'a: b',
      hash: 'a #b',
      dash: '- x',
      star: '*ref',
      quote: "it's",
      expression: "${{ github.ref != 'x' }}",
      spaces: ' padded ',
      tab: 'a\tb',
      brace: '{x}',
      exit: '1',
    };
    expect(parse(toYaml(tricky))).toEqual(tricky);
  });

  test('quotes the one-letter YAML 1.1 booleans', () => {
    expect(toYaml({ a: 'y', b: 'n' })).toBe("a: 'y'\nb: 'n'\n");
  });

  test('keeps numbers and booleans typed, and key order', () => {
    const text = toYaml({ b: 1, a: true, c: false, d: 2.5 });
    expect(text).toBe('b: 1\na: true\nc: false\nd: 2.5\n');
  });

  test('writes multi-line strings as literal blocks, keeping or stripping the final newline', () => {
    const text = toYaml({ run: 'echo one\n\necho "two"\n', tail: 'a\nb' });
    expect(text).toBe('run: |\n  echo one\n\n  echo "two"\ntail: |-\n  a\n  b\n');
    expect(parse(text)).toEqual({ run: 'echo one\n\necho "two"\n', tail: 'a\nb' });
  });

  test('nests maps and lists, with empty collections inline', () => {
    const document = { jobs: { a: { needs: ['x', 'z'], steps: [{ name: 'step', with: { k: 'v' } }, { run: 'r' }] } }, none: {}, list: [] };
    const text = toYaml(document);
    expect(text).toBe([
      'jobs:',
      '  a:',
      '    needs:',
      '      - x',
      '      - z',
      '    steps:',
      '      - name: step',
      '        with:',
      '          k: v',
      '      - run: r',
      'none: {}',
      'list: []',
      '',
    ].join('\n'));
    expect(parse(text)).toEqual(document);
  });

  test('writes trailing comments, header comments and skips undefined values', () => {
    const text = toYaml({ uses: new Commented('a/b@0123', 'v1.0.0'), skipped: undefined }, ['first', '', 'second']);
    expect(text).toBe('# first\n#\n# second\nuses: a/b@0123 # v1.0.0\n');
  });

  test('a commented boolean stays a boolean', () => {
    const text = toYaml({ 'continue-on-error': new Commented(true, 'see the docs') });
    expect(text).toBe('continue-on-error: true # see the docs\n');
    expect(parse(text)).toEqual({ 'continue-on-error': true });
  });

  test('block text that starts with spaces or ends with blank lines reads back as written', () => {
    const document = { indented: '  two spaces\nthen none\n', blank: 'a\n\n\n', none: 'x\n  y' };
    expect(parse(toYaml(document))).toEqual(document);
  });

  test('lists in lists, and keys YAML would misread, read back as written', () => {
    const document = { 'l': [['nested', 'twice'], []], 'key: with colon': 'v', '#hash': 'w', 'yes': 'y' };
    const text = toYaml(document);
    expect(parse(text)).toEqual(document);
    expect(text).toContain("'key: with colon': v\n");
  });

  test('a hostile string stays one scalar: no new key, no comment, no document end', () => {
    const hostile = "x\n---\nevil: true # '\"\r\u0007";
    const text = toYaml({ description: hostile, safe: 'ok' });
    expect(parse(text)).toEqual({ description: hostile, safe: 'ok' });
  });

  test('rejects what it cannot write', () => {
    expect(() => toYaml({ n: Number.NaN })).toThrow(/cannot write NaN/);
  });
});
