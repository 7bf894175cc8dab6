import { containersOf, isWorkload } from './workloads';
import { judge, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import { isExpression, literal, unresolved } from '../../values';

/** A digest as registries compute it: `sha256:` and 64 lowercase hex digits. */
const DIGEST = /^sha256:[a-f0-9]{64}$/;

/** The tag of an image reference, `undefined` when it has none, or `@<digest>` when pinned by digest. */
export function imageTag(image: string): string | undefined {
  const at = image.indexOf('@');
  if (at !== -1) return image.slice(at);
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  return colon === -1 ? undefined : image.slice(colon + 1);
}

/** What is wrong with an image reference's tag or digest, if anything. */
function imageProblem(image: string): string | undefined {
  const tag = imageTag(image);
  if (tag === undefined || tag === '') return 'without a tag, which pulls "latest"';
  if (tag.startsWith('@')) return DIGEST.test(tag.slice(1)) ? undefined : `whose digest ${JSON.stringify(tag.slice(1))} is not "sha256:" and 64 hex digits, so it names no image`;
  return tag === 'latest' ? '' : undefined;
}

/**
 * Every container image names a tag other than `latest`, or a digest
 * (`sha256:` and 64 hex digits). An image built from expressions is judged by
 * what follows the last one: `${local.registry}/api:1.4.2` is pinned; an
 * expression in the tag or digest cannot be judged.
 */
export function imagePinned(e: TerraformElement): RuleOutcome {
  if (!isWorkload(e)) return RuleCompliance.NOT_APPLICABLE;
  const problems: string[] = [];
  for (const c of containersOf(e)) {
    const value = c.config.image;
    let image = literal(value)?.trim();
    if (isExpression(value)) {
      const suffix = String(value).slice(String(value).lastIndexOf('}') + 1);
      if (!/[/:@]/.test(suffix)) {
        problems.push(`${c.label}: ${unresolved('image', value)}`);
        continue;
      }
      image = `expression${suffix}`;
    }
    if (image === undefined || image === '') continue;
    const problem = imageProblem(image);
    if (problem !== undefined) problems.push(`${c.label} uses image ${JSON.stringify(value)}${problem ? ` ${problem}` : ''}`);
  }
  return judge(problems);
}
