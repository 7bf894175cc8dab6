/**
 * The resolved inputs every file generator reads: defaults applied, and
 * validated once (by GoMicroservice, or by `GoServiceScaffold` when it is built directly).
 */
export interface ServiceModel {
  readonly name: string;
  readonly description: string;
  /** The description as one sentence ending in a full stop, for doc comments. */
  readonly descriptionSentence: string;
  readonly githubOrganization: string;
  readonly repositoryName: string;
  readonly teamSlug: string;
  readonly modulePath: string;
  readonly containerPort: number;
  readonly livenessPath: string;
  readonly readinessPath: string;
  readonly metricsPort: number;
  readonly metricsPath: string;
  readonly coverageThreshold: number;
}
