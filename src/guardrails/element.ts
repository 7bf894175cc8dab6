/** The kind of a top-level block of a Terraform JSON configuration. */
export enum ElementKind {
  /** A resource (`resource.<type>.<name>`). */
  RESOURCE = 'resource',
  /** A data source (`data.<type>.<name>`). */
  DATA = 'data',
  /** A provider configuration. */
  PROVIDER = 'provider',
  /** An input variable. */
  VARIABLE = 'variable',
  /** An output. */
  OUTPUT = 'output',
  /** The locals block. */
  LOCALS = 'locals',
  /** A module call (`module.<name>`): its source and inputs; its resources are not in the configuration. */
  MODULE = 'module',
}

/**
 * One element of a synthesized configuration, as rules see it: its resolved
 * Terraform JSON (snake_case, as in `cdk.tf.json`).
 */
export interface TerraformElement {
  /** Resource, data source, provider, variable, output, locals or module. */
  readonly kind: ElementKind;
  /**
   * The resource or data source type (`kubernetes_deployment_v1`), provider name, or the kind for the others (`module` for a module).
   * (Not `type`: a reserved word in Go.)
   */
  readonly elementType: string;
  /** The Terraform name (`api_deployment_1A2B3C4D`, a module's name), provider alias or `default`. */
  readonly name: string;
  /** The Terraform address: `type.name`, `data.type.name`, `provider.name[.alias]`, `var.name`, `output.name`, `locals`, `module.name`. */
  readonly address: string;
  /** The resolved configuration of the element. Rules must not modify it. */
  readonly config: any;
  /** The construct path (`stack/platform/payments/prod/namespace`), when the configuration records it. */
  readonly constructPath?: string;
}

/** A namespace as a Kubernetes resource names it: a literal name and/or the namespace resource of the stack. */
export interface NamespaceRef {
  /**
   * The namespace name, when it is a literal or the namespace resource has a literal name.
   * @default - unknown
   */
  readonly name?: string;
  /**
   * The namespace resource in the stack, when the resource refers to one or names one of the stack.
   * @default - not in the stack
   */
  readonly element?: TerraformElement;
}

/**
 * A read-only view of the synthesized stack a rule judges: lookups across its
 * elements (for rules that relate several resources) and the environment each
 * element belongs to.
 */
export interface IGuardrailStack {
  /** The stack name. */
  readonly stackName: string;
  /** The resources of the given Terraform types (`kubernetes_deployment_v1`), in configuration order. */
  resources(...types: string[]): TerraformElement[];
  /** The element at a Terraform address (`google_sql_database_instance.db_1A2B3C4D`), if there is one. */
  element(address: string): TerraformElement | undefined;
  /** The element a whole-value reference (`${type.name.attr}`) points to, if it is one. */
  referenced(value: any): TerraformElement | undefined;
  /** The environment of an element (from its labels, its namespace, its construct path or its name), when it can be told. */
  environmentOf(element: TerraformElement): string | undefined;
  /** Whether an element belongs to a production environment. */
  isProduction(element: TerraformElement): boolean;
  /** The namespace of a Kubernetes resource (`default` when unset). */
  namespaceOf(element: TerraformElement): NamespaceRef;
  /** The resources of the given types in the same namespace as `element`. */
  inSameNamespace(element: TerraformElement, ...types: string[]): TerraformElement[];
}
