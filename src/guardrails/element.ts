/** The kind of a top-level block of a Terraform JSON configuration. */
export enum ElementKind {
  RESOURCE = 'resource',
  DATA = 'data',
  PROVIDER = 'provider',
  VARIABLE = 'variable',
  OUTPUT = 'output',
  LOCALS = 'locals',
}

/**
 * One element of a synthesized configuration, as rules see it: its resolved
 * Terraform JSON (snake_case, as in `cdk.tf.json`).
 */
export interface TerraformElement {
  /** Resource, data source, provider, variable, output or locals. */
  readonly kind: ElementKind;
  /** The resource or data source type (`kubernetes_deployment_v1`), provider name, or the kind for the others. */
  readonly type: string;
  /** The Terraform name (`api_deployment_1A2B3C4D`), provider alias or `default`. */
  readonly name: string;
  /** The Terraform address: `type.name`, `data.type.name`, `provider.name[.alias]`, `var.name`, `output.name`, `locals`. */
  readonly address: string;
  /** The resolved configuration of the element. Rules must not modify it. */
  readonly config: any;
  /** The construct path (`stack/platform/payments/prod/namespace`), when the configuration records it. */
  readonly constructPath?: string;
}
