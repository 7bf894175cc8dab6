import { ElementKind, type IGuardrailStack, type NamespaceRef, type TerraformElement } from './element';
import { MANIFEST_TYPE, manifestAsResource } from './manifest';
import { dig, evaluateLiterals, literal, map, num } from './values';

/** The Kubernetes label that names a resource's environment (set by TeamEnvironment on namespaces). */
export const ENVIRONMENT_LABEL = 'golden-paths.dev/environment';
/** The Google Cloud label keys that name a resource's environment (GCP label keys allow no dots or slashes). */
export const GCP_ENVIRONMENT_LABELS = ['golden-paths-environment', 'environment'];
/** Production environment names assumed when none are configured and no Platform names them. */
export const DEFAULT_PRODUCTION_ENVIRONMENTS = ['prod', 'production'];

const NAMESPACE_TYPES = ['kubernetes_namespace_v1', 'kubernetes_namespace'];
const REFERENCE = /^\$\{(data\.)?([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)(?:[.[][^}]*)?\}$/;

/** What the view needs to know beyond the configuration. */
export interface StackViewOptions {
  /** The environment names that are production. */
  readonly productionEnvironments: readonly string[];
  /** The stack name, when the configuration does not record it. */
  readonly stackName?: string;
  /**
   * Principals besides a production secret's own service account that may read it: the platform's break-glass members.
   * @default - none
   */
  readonly breakGlassMembers?: readonly string[];
}

/**
 * A read-only view of a synthesized stack: its elements, lookups across them
 * (references, namespaces) and the environment each belongs to. Rules receive
 * it next to the element they judge.
 *
 * A resource is production when anything that tells its environment names a
 * production one; a label can never make a production resource anything else.
 * What tells it, most trusted first:
 * 1. for a namespaced Kubernetes resource, its namespace: the namespace's
 *    `golden-paths.dev/environment` label (when the namespace is in the
 *    stack), else a namespace name ending in `-<env>` (TeamEnvironment makes
 *    `<team>-<env>`);
 * 2. a construct path segment named after a production environment (the
 *    golden-path constructs put each environment's resources under a scope
 *    named after it, e.g. `platform/payments/prod/namespace`);
 * 3. its own label: `golden-paths.dev/environment` on a Kubernetes resource's
 *    metadata, or `environment` / `golden-paths-environment` in a Google Cloud
 *    resource's `labels`, `user_labels`, `resource_labels` or `settings.user_labels`;
 * 4. a name (`metadata.name` or `name`) equal to or ending in `-<env>`;
 * 5. when nothing above tells it, the stack's name equal to or ending in
 *    `-<env>` (at App scope each environment has its stack, `payments-prod`),
 *    so a resource added by hand to a production stack is production.
 */
export class StackView implements IGuardrailStack {
  /** Reads every element of a Terraform JSON configuration (as in `cdk.tf.json`). */
  public static fromConfig(config: any, options: StackViewOptions): StackView {
    const elements: TerraformElement[] = [];
    const pathOf = (c: any): string | undefined => (c && typeof c === 'object' ? c['//']?.metadata?.path : undefined);
    // Literals wrapped in interpolations (`"${true}"`) are judged as the values they are.
    const add = (kind: ElementKind, type: string, name: string, address: string, c: any) =>
      elements.push({ kind, elementType: type, name, address, config: evaluateLiterals(c), constructPath: pathOf(c) });

    for (const [type, byName] of Object.entries<any>(config?.resource ?? {})) {
      for (const [name, c] of Object.entries<any>(byName ?? {})) {
        add(ElementKind.RESOURCE, type, name, `${type}.${name}`, c);
        // A manifest of a judged kind is also judged as the typed resource it stands for, under its own address.
        const typed = type === MANIFEST_TYPE ? manifestAsResource(elements[elements.length - 1].config) : undefined;
        if (typed) elements.push({ kind: ElementKind.RESOURCE, elementType: typed.type, name, address: `${type}.${name}`, config: typed.config, constructPath: pathOf(c) });
      }
    }
    for (const [type, byName] of Object.entries<any>(config?.data ?? {})) {
      for (const [name, c] of Object.entries<any>(byName ?? {})) add(ElementKind.DATA, type, name, `data.${type}.${name}`, c);
    }
    for (const [type, blocks] of Object.entries<any>(config?.provider ?? {})) {
      for (const c of Array.isArray(blocks) ? blocks : [blocks]) {
        const alias = typeof c?.alias === 'string' ? c.alias : undefined;
        add(ElementKind.PROVIDER, type, alias ?? 'default', alias ? `provider.${type}.${alias}` : `provider.${type}`, c);
      }
    }
    for (const [name, c] of Object.entries<any>(config?.variable ?? {})) add(ElementKind.VARIABLE, 'variable', name, `var.${name}`, c);
    for (const [name, c] of Object.entries<any>(config?.output ?? {})) add(ElementKind.OUTPUT, 'output', name, `output.${name}`, c);
    if (config?.locals && typeof config.locals === 'object') add(ElementKind.LOCALS, 'locals', 'locals', 'locals', config.locals);
    for (const [name, c] of Object.entries<any>(config?.module ?? {})) add(ElementKind.MODULE, 'module', name, `module.${name}`, c);

    const stackName = options.stackName ?? config?.['//']?.metadata?.stackName ?? 'stack';
    return new StackView(elements, stackName, options.productionEnvironments, options.breakGlassMembers ?? []);
  }

  /** Every element, in configuration order. */
  public readonly elements: readonly TerraformElement[];
  /** The stack name. */
  public readonly stackName: string;
  /** The production environment names. */
  public readonly productionEnvironments: readonly string[];
  /** The principals besides a production secret's own service account that may read it (the platform's break-glass members). */
  public readonly breakGlassMembers: readonly string[];

  private readonly byAddress = new Map<string, TerraformElement>();
  private readonly byType = new Map<string, TerraformElement[]>();
  private readonly memo = new Map<string, unknown>();
  private readonly environments = new Map<string, string | undefined>();
  private readonly production: Set<string>;

  private constructor(
    elements: TerraformElement[], stackName: string, productionEnvironments: readonly string[], breakGlassMembers: readonly string[],
  ) {
    this.elements = elements;
    this.breakGlassMembers = [...breakGlassMembers];
    this.stackName = stackName;
    this.productionEnvironments = [...productionEnvironments];
    this.production = new Set(productionEnvironments);
    for (const e of elements) {
      if (!this.byAddress.has(e.address)) this.byAddress.set(e.address, e);
    }
    for (const e of elements) {
      // A resource Terraform never creates (count 0, for_each over nothing) protects nothing and runs nothing.
      if (e.kind === ElementKind.RESOURCE && !this.neverCreated(e.config)) {
        const same = this.byType.get(e.elementType);
        if (same) same.push(e); else this.byType.set(e.elementType, [e]);
      }
    }
  }

  /** The resources of the given types. */
  public resources(...types: string[]): TerraformElement[] {
    return types.length === 1 ? this.byType.get(types[0]) ?? [] : types.flatMap((t) => this.byType.get(t) ?? []);
  }

  /** The element at a Terraform address. */
  public element(address: string): TerraformElement | undefined {
    return this.byAddress.get(address);
  }

  /** The element a whole-value reference (`${type.name.attr}`) points to. */
  public referenced(value: any): TerraformElement | undefined {
    if (typeof value !== 'string') return undefined;
    const m = REFERENCE.exec(value);
    if (!m) return undefined;
    return this.byAddress.get(m[1] ? `data.${m[2]}.${m[3]}` : `${m[2]}.${m[3]}`);
  }

  /**
   * Whether `value` names `target`: a reference to it, or the literal value of
   * one of its name attributes (e.g. `metadata.name`).
   */
  public names(value: unknown, target: TerraformElement, ...nameOf: Array<(config: any) => unknown>): boolean {
    if (this.referenced(value) === target) return true;
    const v = literal(value);
    return v !== undefined && nameOf.some((f) => literal(f(target.config)) === v);
  }

  /** A value computed once per view (indexes for rules across resources). */
  public cached<T>(key: string, build: () => T): T {
    if (!this.memo.has(key)) this.memo.set(key, build());
    return this.memo.get(key) as T;
  }

  /** The namespace of a Kubernetes resource (`default` when unset). */
  public namespaceOf(element: TerraformElement): NamespaceRef {
    const value = dig(element.config, 'metadata', 'namespace') ?? 'default';
    const ref = this.referenced(value);
    if (ref && NAMESPACE_TYPES.includes(ref.elementType)) {
      return { name: literal(dig(ref.config, 'metadata', 'name')), element: ref };
    }
    const name = literal(value);
    if (name === undefined) return {};
    return { name, element: this.namespacesByName().get(name) };
  }

  /** Whether two Kubernetes resources are in the same namespace (unknown counts as not). */
  public sameNamespace(a: TerraformElement, b: TerraformElement): boolean {
    const na = this.namespaceOf(a);
    const nb = this.namespaceOf(b);
    if (na.name !== undefined && nb.name !== undefined) return na.name === nb.name;
    return na.element !== undefined && na.element === nb.element;
  }

  /** The resources of the given types in a namespace. */
  public inNamespace(namespace: TerraformElement, ...types: string[]): TerraformElement[] {
    const name = literal(dig(namespace.config, 'metadata', 'name'));
    const index = this.namespaceIndex(types);
    const byName = name === undefined ? [] : index.get(name) ?? [];
    const byElement = index.get(`@${namespace.address}`) ?? [];
    return byElement.length === 0 ? byName : [...new Set([...byName, ...byElement])];
  }

  /**
   * The resources of the given types in the same namespace as `element`: a
   * lookup in an index built once per view, so that rules across resources
   * stay linear in the size of the stack.
   */
  public inSameNamespace(element: TerraformElement, ...types: string[]): TerraformElement[] {
    const key = this.namespaceKey(element);
    return key === undefined ? [] : (this.namespaceIndex(types).get(key) ?? []).filter((r) => this.sameNamespace(r, element));
  }

  /**
   * The resources of the given types whose attribute (`valueOf`) names
   * `target`, by reference or by one of its name attributes (`nameOf`). The
   * index is built once per view and attribute.
   */
  public naming(
    target: TerraformElement,
    types: string[],
    attribute: string,
    valueOf: (config: any) => unknown,
    ...nameOf: Array<(config: any) => unknown>
  ): TerraformElement[] {
    const index = this.cached(`naming:${types.join(',')}:${attribute}`, () => {
      const byKey = new Map<string, TerraformElement[]>();
      for (const r of this.resources(...types)) {
        const value = valueOf(r.config);
        const key = this.referenced(value)?.address ?? literal(value);
        if (key !== undefined) byKey.set(String(key), [...(byKey.get(String(key)) ?? []), r]);
      }
      return byKey;
    });
    const keys = [target.address, ...nameOf.map((f) => literal(f(target.config))).filter((k) => k !== undefined).map(String)];
    const candidates = [...new Set(keys.flatMap((k) => index.get(k) ?? []))];
    return candidates.filter((r) => this.names(valueOf(r.config), target, ...nameOf));
  }

  /** A namespace's key in the indexes: its literal name, else the address of the namespace resource. */
  private namespaceKey(element: TerraformElement): string | undefined {
    const ns = this.namespaceOf(element);
    return ns.name ?? (ns.element ? `@${ns.element.address}` : undefined);
  }

  private namespaceIndex(types: string[]): Map<string, TerraformElement[]> {
    return this.cached(`namespace-index:${types.join(',')}`, () => {
      const index = new Map<string, TerraformElement[]>();
      const add = (key: string, r: TerraformElement) => index.set(key, [...(index.get(key) ?? []), r]);
      for (const r of this.resources(...types)) {
        const ns = this.namespaceOf(r);
        if (ns.name !== undefined) add(ns.name, r);
        if (ns.element !== undefined) add(`@${ns.element.address}`, r);
      }
      return index;
    });
  }

  /** The environment of an element, when it can be told (see the class documentation). */
  public environmentOf(element: TerraformElement): string | undefined {
    if (this.environments.has(element.address)) return this.environments.get(element.address);
    const env = this.findEnvironment(element);
    this.environments.set(element.address, env);
    return env;
  }

  /** Whether an element belongs to a production environment. */
  public isProduction(element: TerraformElement): boolean {
    const env = this.environmentOf(element);
    return env !== undefined && this.production.has(env);
  }

  /**
   * Every environment an element's configuration names, most trusted first:
   * what the platform decided (the namespace it made, the scope it placed the
   * construct in) before what any user can set on the resource itself (its
   * labels, its name).
   */
  private environmentCandidates(element: TerraformElement): string[] {
    const found: Array<string | undefined> = [];
    if (element.kind === ElementKind.RESOURCE && element.elementType.startsWith('kubernetes_') && !NAMESPACE_TYPES.includes(element.elementType)) {
      const ns = this.namespaceOf(element);
      found.push(ns.element ? this.labelledEnvironment(ns.element) : undefined);
      found.push(ns.name === undefined ? undefined : this.productionSuffix(ns.name));
    }
    found.push(element.constructPath?.split('/').find((s) => this.production.has(s)));
    found.push(this.labelledEnvironment(element));
    const name = literal(dig(element.config, 'metadata', 'name')) ?? literal(element.config?.name);
    found.push(name === undefined ? undefined : this.productionSuffix(name));
    return found.filter((env): env is string => env !== undefined);
  }

  /** The first production environment among the candidates (a label cannot make a production resource anything else), else the first, else the stack's. */
  private findEnvironment(element: TerraformElement): string | undefined {
    const candidates = this.environmentCandidates(element);
    return candidates.find((env) => this.production.has(env)) ?? candidates[0] ?? this.productionSuffix(this.stackName);
  }

  /** Whether a name (an environment's, a namespace's, a GitHub environment's) is a production environment's or ends in `-<env>` of one. */
  public isProductionName(name: string): boolean {
    return this.productionSuffix(name) !== undefined;
  }

  /**
   * The value Terraform reads for a whole-value reference to an input
   * variable with a default (`${var.x}`), a local (`${local.x}`) or an
   * argument written in another resource of the stack
   * (`${github_branch_default.main.branch}`), followed a few times; any other
   * value as it is. A value passed in at apply can still replace a default,
   * so a rule that finds a default unsafe finds the configuration unsafe.
   */
  public resolve(value: unknown): unknown {
    let current = value;
    for (let hops = 0; hops < 4 && typeof current === 'string'; hops++) {
      const attribute = /^\$\{(data\.)?([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z_][A-Za-z0-9_-]*)\}$/.exec(current);
      if (attribute && attribute[2] !== 'var' && attribute[2] !== 'local') {
        const target = this.byAddress.get(`${attribute[1] ?? ''}${attribute[2]}.${attribute[3]}`);
        const written = target?.config?.[attribute[4]];
        if (written === undefined || (written !== null && typeof written === 'object')) break;
        current = written;
        continue;
      }
      const m = /^\$\{(var|local)\.([A-Za-z_][A-Za-z0-9_-]*)\}$/.exec(current);
      if (!m) break;
      if (m[1] === 'var') {
        const variable = this.byAddress.get(`var.${m[2]}`);
        if (variable === undefined || variable.config?.default === undefined) break;
        current = variable.config.default;
      } else {
        const locals = this.byAddress.get('locals');
        if (locals === undefined || locals.config?.[m[2]] === undefined) break;
        current = locals.config[m[2]];
      }
    }
    return current;
  }

  /**
   * Whether Terraform makes no instance of a resource: `count` of 0 (or "0"),
   * or `for_each` over an empty map or set (Terraform, "The count
   * Meta-Argument" and "The for_each Meta-Argument"), read through a
   * variable's default or a local as {@link resolve} reads them (a default that
   * makes nothing protects nothing). Counts and collections known only at apply
   * are judged as if the resource exists.
   */
  private neverCreated(config: any): boolean {
    if (config === null || typeof config !== 'object') return false;
    if (config.count !== undefined && num(this.resolve(config.count)) === 0) return true;
    const each = config.for_each === undefined ? undefined : this.resolve(config.for_each);
    return each !== undefined && each !== null && typeof each === 'object' && Object.keys(each).length === 0;
  }

  private labelledEnvironment(element: TerraformElement): string | undefined {
    const c = element.config;
    if (c === null || typeof c !== 'object') return undefined;
    const k8s = literal(map(dig(c, 'metadata', 'labels'))[ENVIRONMENT_LABEL]);
    if (k8s !== undefined) return k8s;
    for (const labels of [c.labels, c.user_labels, c.resource_labels, dig(c, 'settings', 'user_labels')]) {
      const m = map(labels);
      for (const key of GCP_ENVIRONMENT_LABELS) {
        const v = literal(m[key]);
        if (v !== undefined) return v;
      }
    }
    return undefined;
  }

  private productionSuffix(name: string): string | undefined {
    return this.productionEnvironments.find((env) => name === env || name.endsWith(`-${env}`));
  }

  private namespacesByName(): Map<string, TerraformElement> {
    return this.cached('namespaces-by-name', () => {
      const found = new Map<string, TerraformElement>();
      for (const ns of this.resources(...NAMESPACE_TYPES)) {
        const name = literal(dig(ns.config, 'metadata', 'name'));
        if (name !== undefined) found.set(name, ns);
      }
      return found;
    });
  }
}

/** The Kubernetes namespace resource types. */
export const KUBERNETES_NAMESPACE_TYPES: readonly string[] = NAMESPACE_TYPES;


