/**
 * The only door to the cdktf core. cdktf is archived upstream; keeping every
 * import of it here means a move to another runtime touches this file, not the
 * library. An ESLint rule forbids importing `cdktf` anywhere else in src/
 * (src/private/fast-synth.ts also loads cdktf's internals, behind a version check).
 */
export { AnnotationMetadataEntryType, Annotations, App, Aspects, Fn, GcsBackend, Lazy, LocalBackend, Manifest, TerraformBackend, TerraformElement, TerraformLocal, TerraformOutput, TerraformResource, TerraformStack, TerraformVariable, Token } from 'cdktf';
export type { IStackSynthesizer, ISynthesisSession, ITerraformDependable } from 'cdktf';
