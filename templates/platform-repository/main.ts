/**
 * The app `cdktf synth` runs (see cdktf.json): the platform's stacks, built
 * in platform.ts.
 */
import { buildApp } from './platform';

buildApp().synth();
