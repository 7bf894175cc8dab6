/**
 * The platform: the Platform from platform-settings.json, its foundation, and
 * every team of teams/ (`golden-paths add team`). A team file with
 * "kind": "onboarding" onboards the team onto its own infrastructure
 * repository (stacks `onboarding-<team>` and `onboarding-<team>-<environment>`);
 * one with "kind": "team" declares the team here, with the services and
 * databases of teams/<team>/ (stacks `<team>` and `<team>-<environment>`).
 * `cdktf synth` also writes `foundation` and cdktf.out/platform.json, the
 * settings every team repository builds its Platform from.
 *
 * The code reads data: the settings and the teams are JSON files, checked key
 * by key at synth.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { Platform, PlatformFoundation, PlatformTeams } from 'cdktf-golden-paths';

/** The platform settings. */
export const SETTINGS_FILE = path.join(__dirname, 'platform-settings.json');

/** The teams: one JSON file per team, and a folder of services for each team declared here. */
export const TEAMS_DIRECTORY = path.join(__dirname, 'teams');

/**
 * The Platform's construct id, the prefix of its own stacks' state
 * (`<id>/<stack>` in the settings' stateBucket): the settings' GitHub
 * organization. Platform.fromFile reports what is wrong with the file.
 */
function platformId(): string {
  try {
    const settings = JSON.parse(fs.readFileSync(SETTINGS_FILE, 'utf8'));
    return typeof settings?.githubOrganization === 'string' ? settings.githubOrganization : 'platform';
  } catch {
    return 'platform';
  }
}

/** Builds the platform's app; the test and main.ts call it. */
export function buildApp(outdir?: string): App {
  const app = new App(outdir === undefined ? {} : { outdir });
  const platform = Platform.fromFile(app, platformId(), SETTINGS_FILE);
  new PlatformFoundation(platform, 'foundation');
  PlatformTeams.fromDirectory(platform, TEAMS_DIRECTORY);
  return app;
}
