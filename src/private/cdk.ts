/**
 * The only door to the cdktf core. cdktf is archived upstream; keeping every
 * import of it here means a move to another runtime touches this file, not the
 * library. An ESLint rule forbids importing `cdktf` anywhere else in src/.
 */
export { Annotations, App, Fn, GcsBackend, Lazy, TerraformLocal, TerraformOutput, TerraformStack, Token } from 'cdktf';
export type { IStackSynthesizer, ISynthesisSession, ITerraformDependable } from 'cdktf';
