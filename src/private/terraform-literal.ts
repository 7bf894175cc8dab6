/**
 * Text that Terraform must take as it is. In Terraform's JSON syntax every
 * string is a template: `${` starts an interpolation and `%{` a directive, so
 * a file's text holding `${{ vars.X }}` (a GitHub Actions expression), `${VAR}`
 * (a shell or Dockerfile variable) or `%{` fails the plan ("Missing key/value
 * separator") or, worse, is evaluated. Terraform reads `$${` and `%%{` as the
 * literal `${` and `%{` ("Template Expressions", Terraform's configuration
 * language docs). cdktf's own token references (`${TfToken[...]}`) are left
 * as they are, so that references in the text still resolve.
 */
const CDKTF_TOKEN = /\$\{TfToken\[[^\]]+\]\}/g;

/** `text`, escaped so that Terraform reads it literally (cdktf tokens in it still resolve). */
export function terraformLiteral(text: string): string {
  // Most text has nothing to escape, and most of the rest no token: no pass over it that finds nothing.
  if (!text.includes('${') && !text.includes('%{')) return text;
  if (!text.includes('${TfToken[')) return escape(text);
  let out = '';
  let last = 0;
  for (const match of text.matchAll(CDKTF_TOKEN)) {
    out += escape(text.slice(last, match.index)) + match[0];
    last = match.index! + match[0].length;
  }
  return out + escape(text.slice(last));
}

/** `part` with every `${` and `%{` doubled (`$${`, `%%{`): neither can overlap itself, so a split finds what a global replace would. */
function escape(part: string): string {
  const dollars = part.includes('${') ? part.split('${').join('$${') : part;
  return dollars.includes('%{') ? dollars.split('%{').join('%%{') : dollars;
}

/** The text Terraform reads from `literal` (for tests and readers of synthesized files). */
export function fromTerraformLiteral(literal: string): string {
  return literal.replace(/\$\$\{/g, () => '${').replace(/%%\{/g, () => '%{');
}
