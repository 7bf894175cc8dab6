import { FileOwnership } from './file-ownership';
import { GO_REQUIREMENTS, GO_SUM, GO_VERSION, GoRequirement } from './go-dependencies';
import { ScaffoldFile } from './scaffold-file';
import { ServiceModel } from './service-model';

// go.mod and go.sum: the module path, the toolchain floor and the pinned dependencies.

function requireBlock(requirements: GoRequirement[], comment: string): string {
  const lines = [...requirements]
    .sort((a, b) => a.path.localeCompare(b.path))
    .map(r => `\t${r.path} ${r.version}${comment}`);
  return `require (\n${lines.join('\n')}\n)\n`;
}

function goMod(m: ServiceModel): string {
  return [
    `module ${m.modulePath}\n`,
    `go ${GO_VERSION}\n`,
    requireBlock(GO_REQUIREMENTS.filter(r => r.direct), ''),
    requireBlock(GO_REQUIREMENTS.filter(r => !r.direct), ' // indirect'),
  ].join('\n');
}

/** The team-owned module files. */
export function goModuleFiles(m: ServiceModel): ScaffoldFile[] {
  return [
    { path: 'go.mod', content: goMod(m), ownership: FileOwnership.TEAM },
    { path: 'go.sum', content: GO_SUM, ownership: FileOwnership.TEAM },
  ];
}
