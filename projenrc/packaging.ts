import type { cdktf } from 'projen';

/** Package names per language, after the ecosystem's conventions. */
export const PACKAGE_TARGETS = {
  publishToPypi: { distName: 'cdktf-golden-paths', module: 'cdktf_golden_paths' },
  publishToMaven: {
    javaPackage: 'io.github.cdktfgoldenpaths',
    mavenGroupId: 'io.github.cdktf-golden-paths',
    mavenArtifactId: 'cdktf-golden-paths',
  },
  publishToNuget: { dotNetNamespace: 'CdktfGoldenPaths', packageId: 'CdktfGoldenPaths' },
  // Go module github.com/cdktf-golden-paths/cdktf-golden-paths/cdktfgoldenpaths.
  publishToGo: { moduleName: 'github.com/cdktf-golden-paths/cdktf-golden-paths', packageName: 'cdktfgoldenpaths' },
};

/**
 * The packages of every language: a build that warns fails, every example of
 * the README and the API docs compiles (jsii-rosetta, strict) and is shown in
 * the reader's language, and a tarball can be built from a clean clone.
 */
export function configurePackaging(project: cdktf.ConstructLibraryCdktf) {
  // projen silences jsii's reserved-word warnings; they name members that some
  // languages cannot generate cleanly, so every jsii warning fails the build.
  project.compileTask.reset('jsii --fail-on-warnings');
  project.watchTask.reset('jsii -w --fail-on-warnings');

  // Strict rosetta: an example that does not compile (against rosetta/*.ts-fixture)
  // fails the packaging instead of reaching Python users as TypeScript.
  project.package.file.addOverride('jsii.metadata.jsii.rosetta.strict', true);
  const rosetta = project.addTask('rosetta:extract', {
    description: 'Compile every example of README.md and the API docs and translate it to each language (.jsii.tabl.json)',
    exec: 'jsii-rosetta extract --strict',
  });
  project.tasks.tryFind('package-all')?.prependSpawn(rosetta);
  project.gitignore.exclude('.jsii.tabl.json');
  project.npmignore?.exclude('/rosetta/');

  project.addTask('package:local', {
    description: 'Build the npm tarball from a clean clone (dist/js/): compile, then pack',
    steps: [{ spawn: project.compileTask.name }, { spawn: 'package:js' }],
  });

  // jsii prints a banner about the Node.js release on every run; the engines field already says what we support.
  for (const task of project.tasks.all.filter((t) => /^(compile|watch|docgen|rosetta:|package)/.test(t.name))) {
    task.env('JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION', '1');
  }
}
