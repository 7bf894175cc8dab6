import { containersOf, isWorkload } from './workloads';
import { judge, RuleCompliance, type RuleOutcome, type TerraformElement } from '../../rule';
import { literal } from '../../values';

/** The tag of an image reference, `undefined` when it has none, or `@` when pinned by digest. */
export function imageTag(image: string): string | undefined {
  if (image.includes('@')) return '@';
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  return colon === -1 ? undefined : image.slice(colon + 1);
}

/** Every container image names a tag other than `latest`, or a digest. */
export function imagePinned(e: TerraformElement): RuleOutcome {
  if (!isWorkload(e)) return RuleCompliance.NOT_APPLICABLE;
  const problems: string[] = [];
  for (const c of containersOf(e)) {
    const image = literal(c.config.image);
    if (image === undefined || image.trim() === '') continue;
    const tag = imageTag(image.trim());
    if (tag === undefined || tag === '') problems.push(`${c.label} uses image ${JSON.stringify(image)} without a tag, which pulls "latest"`);
    else if (tag === 'latest') problems.push(`${c.label} uses image ${JSON.stringify(image)}`);
  }
  return judge(problems);
}
