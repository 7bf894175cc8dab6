import type { Construct } from 'constructs';
import type { EnvValue, SecretManagerReference } from './env-value';
import { Token } from '../private/cdk';
import { placementError, propError, throwIfProblems } from '../private/errors';
import { configKeyProblem, envNameProblem, looksSecret, objectNameProblem } from '../private/kubernetes-names';
import type {
  DeploymentV1, DeploymentV1SpecTemplateSpecContainer, DeploymentV1SpecTemplateSpecContainerEnv, DeploymentV1SpecTemplateSpecContainerEnvFrom,
} from '../private/providers/kubernetes';
import { terraformLiteral } from '../private/terraform-literal';
import { problems } from '../private/validation';

interface EnvEntry {
  /** The variable set. */
  readonly name: string;
  /** The name the call gave: the variable, or for a Secret Manager secret the variable without its `_FILE`. */
  readonly declared: string;
  readonly by: string;
  readonly value: DeploymentV1SpecTemplateSpecContainerEnv;
}

/** What a variable holding the path of a Secret Manager secret's file is named after: `<name>_FILE`. */
export const SECRET_FILE_SUFFIX = '_FILE';

interface EnvFromEntry {
  readonly key: string;
  readonly value: DeploymentV1SpecTemplateSpecContainerEnvFrom;
}

/**
 * The environment variables of a workload's service container: each set once,
 * appended to the container as the Deployment holds it then. Errors name the
 * workload.
 */
export class ContainerEnv {
  private readonly _env: EnvEntry[] = [];
  private readonly _envFrom: EnvFromEntry[] = [];

  /**
   * @param workload the ServiceWorkload, which errors name
   * @param deployment its Deployment
   * @param containerName the name of its service container
   * @param secretFile makes a Secret Manager secret of the workload available (once per secret) for the variable `name`, and returns the path of its file
   */
  public constructor(
    private readonly workload: Construct, private readonly deployment: DeploymentV1, private readonly containerName: string,
    private readonly secretFile: (secret: SecretManagerReference, propPrefix: string, name: string) => string,
  ) {}

  /** The names of the environment variables set one by one, in order. */
  public get names(): string[] {
    return this._env.map((e) => e.name);
  }

  /** Sets one variable (`by` and `valuePrefix` name the call and its value's props in errors). */
  public setEnv(by: string, valuePrefix: string, name: string, value: EnvValue): void {
    const prop = `${by}.name`;
    const secretManager = value.secretManager;
    // A Secret Manager secret is a file: the variable holds its path, under the name with `_FILE`.
    const variable = secretManager ? `${name}${SECRET_FILE_SUFFIX}` : name;
    throwIfProblems(this.workload, problems(envNameProblem(prop, name) ?? envNameProblem(prop, variable)));
    const existing = this._env.find((e) => [e.name, e.declared].some((n) => n === name || n === variable));
    if (existing) {
      throw propError(this.workload, {
        prop,
        value: name,
        problem: existing.name === existing.declared
          ? `is already set on container "${this.containerName}" by ${existing.by}`
          : `is already set on container "${this.containerName}" by ${existing.by}, as the file of Secret Manager secret ${existing.name}`,
        fix: `set each variable once: drop one of the calls or give this ${by} another name`,
      });
    }
    const secret = value.secretKeyRef;
    const configMap = value.configMapKeyRef;
    if (secretManager) {
      const path = this.secretFile(secretManager, valuePrefix, name);
      this.pushEnv({ name: variable, declared: name, by, value: { name: variable, value: path } });
    } else if (secret) {
      throwIfProblems(this.workload, problems(objectNameProblem(`${valuePrefix}secretName`, secret.name, 'Secret'), configKeyProblem(`${valuePrefix}key`, secret.key, 'Secret')));
      this.pushEnv({ name, declared: name, by, value: { name, valueFrom: { secretKeyRef: { name: secret.name, key: secret.key } } } });
    } else if (configMap) {
      throwIfProblems(this.workload, problems(
        objectNameProblem(`${valuePrefix}configMapName`, configMap.name, 'ConfigMap'),
        configKeyProblem(`${valuePrefix}key`, configMap.key, 'ConfigMap'),
      ));
      this.pushEnv({ name, declared: name, by, value: { name, valueFrom: { configMapKeyRef: { name: configMap.name, key: configMap.key } } } });
    } else {
      if (typeof value.value !== 'string') {
        throw propError(this.workload, { prop: `${by}.value`, value: value.value, problem: 'is not a string', fix: 'pass EnvValue.fromValue("<text>"), EnvValue.fromSecretManager(secretId), EnvValue.fromSecret(secretName, key) or EnvValue.fromConfigMap(configMapName, key)' });
      }
      if (looksSecret(name) && value.value !== '' && !Token.isUnresolved(value.value)) {
        // A literal credential would sit in plain text in the Terraform state, the Deployment and the repository.
        throw propError(this.workload, {
          prop: `${by}.value`,
          value: '<redacted>',
          problem: `is a literal value for "${name}", a name that looks like a credential, so it would be stored in plain text in the Terraform state and the Deployment`,
          fix: `keep it in Secret Manager: addEnv("${name}", EnvValue.fromSecretManager("<secret id>")), then golden-paths secret set <service> ${name} --env <env> (see docs/secrets.md)`,
        });
      }
      // The text as given: Terraform would read ${ and %{ in it as an interpolation or a directive.
      this.pushEnv({ name, declared: name, by, value: { name, value: terraformLiteral(value.value) } });
    }
  }

  /** Adds a source of variables (a Secret or a ConfigMap, `key` telling sources apart). */
  public pushEnvFrom(prop: string, value: string, key: string, source: DeploymentV1SpecTemplateSpecContainerEnvFrom): void {
    if (this._envFrom.some((e) => e.key === key)) {
      throw propError(this.workload, { prop, value, problem: 'is already a source of environment variables of this container', fix: 'add each source once' });
    }
    const container = this.currentServiceContainer('envFrom');
    container.envFrom = [...(container.envFrom as DeploymentV1SpecTemplateSpecContainerEnvFrom[] | undefined ?? []), source];
    this._envFrom.push({ key, value: source });
  }

  /** Mounts a volume of the pod into the service container (once per volume name). */
  public mountVolume(mount: { readonly name: string; readonly mountPath: string; readonly readOnly?: boolean }): void {
    const container = this.currentServiceContainer('volumeMount');
    const mounts = container.volumeMount as Array<{ name: string }> | undefined ?? [];
    if (mounts.some((m) => m.name === mount.name)) return;
    container.volumeMount = [...mounts, mount] as DeploymentV1SpecTemplateSpecContainer['volumeMount'];
  }

  private pushEnv(entry: EnvEntry): void {
    const container = this.currentServiceContainer('env');
    container.env = [...(container.env as DeploymentV1SpecTemplateSpecContainerEnv[] | undefined ?? []), entry.value];
    this._env.push(entry);
  }

  /**
   * The service container as the Deployment holds it now, to add one variable
   * to: nothing else of the container is rendered again, so edits made since
   * construction (through the Deployment's own API or addOverride) stay. The
   * provider maps the container to Terraform at synth, for JSON and HCL output alike.
   */
  private currentServiceContainer(field: 'env' | 'envFrom' | 'volumeMount'): Mutable<DeploymentV1SpecTemplateSpecContainer> {
    const containers = this.deployment.spec.template.spec.container.internalValue;
    const container = Array.isArray(containers) ? containers.find((c) => c.name === this.containerName) : undefined;
    if (!container || (container[field] !== undefined && !Array.isArray(container[field]))) {
      throw placementError(this.workload, `cannot set ${field} on container "${this.containerName}": the Deployment's containers or its ${field} were replaced by another value`,
        `add environment variables (and Secret Manager secrets) before replacing them, or set ${field} in the replacement yourself`);
    }
    return container;
  }
}

/** A struct whose fields may be set (the provider's structs are read-only). */
type Mutable<T> = { -readonly [K in keyof T]: T[K] };
