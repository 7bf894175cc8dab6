import * as fs from 'fs';
import * as path from 'path';
import { Construct, type IConstruct } from 'constructs';
import { CATALOG_FILE, writeAppCatalog } from './catalog';
import { addCatalogSource, catalogSourceOf, type CatalogSource } from './catalog-source';
import type { App } from '../private/cdk';
import { carryAcrossParts, type PartCarrier } from '../private/parallel-synth';
import type { PartTeam } from '../private/synth-parts';

/** What the catalog reads of one construct, as plain data. */
export interface CatalogRecord {
  readonly kind: CatalogSource['kind'];
  readonly description: unknown;
  readonly openApiDocument?: string;
}

/** The key of the catalog's records in a part's file. */
const KEY = 'catalog';

/**
 * The catalog across a parallel synth (see `private/parallel-synth.ts`): a
 * part hands back what the catalog reads of each team it built, and whether
 * it wrote the app-wide catalog; the rest hangs each team's sources under its
 * stand-in, so that the app-wide catalog, and the catalog file of the
 * foundation, list every team in the order of one process, and writes the
 * app-wide catalog when a part would have.
 */
const CATALOG_CARRIER: PartCarrier = {
  key: KEY,
  teamRecord: (team: IConstruct): CatalogRecord[] => catalogRecords(team),
  partRecord: (app: App): boolean => fs.existsSync(path.join(app.outdir, CATALOG_FILE)),
  restoreTeam: (standIn: Construct, record: unknown) => {
    ((record ?? []) as CatalogRecord[]).forEach((r, i) => addCatalogSource(new Construct(standIn, `catalog-${i}`), catalogSource(r)));
  },
  finishRest: (app: App, partRecords: readonly unknown[]) => {
    if (!fs.existsSync(path.join(app.outdir, CATALOG_FILE)) && partRecords.some((wrote) => wrote === true)) {
      writeAppCatalog(app, app.outdir);
    }
  },
};

/** Carries the catalog of the app of `scope` across a parallel synth (the Platform installs it). */
export function carryCatalogAcrossParts(scope: IConstruct): void {
  carryAcrossParts(scope, CATALOG_CARRIER);
}

/** The catalog records of a team in a part's file. */
export function catalogRecordsOf(team: PartTeam): CatalogRecord[] {
  return (team.carried[KEY] ?? []) as CatalogRecord[];
}

function catalogRecords(team: IConstruct): CatalogRecord[] {
  return team.node.findAll().map(catalogSourceOf).filter((s): s is CatalogSource => s !== undefined).map((s) => ({
    kind: s.kind,
    description: s.describe(),
    ...(s.kind === 'service' ? { openApiDocument: s.openApiDocument() } : {}),
  }));
}

function catalogSource(record: CatalogRecord): CatalogSource {
  const description = record.description as any;
  if (record.kind === 'service') return { kind: 'service', describe: () => description, openApiDocument: () => record.openApiDocument ?? '' };
  return { kind: record.kind, describe: () => description } as CatalogSource;
}
