/**
 * The app `cdktf synth` runs (see cdktf.json): the {{ team }} team's stacks,
 * built in team.ts.
 */
import { buildApp } from './team';

buildApp().synth();
