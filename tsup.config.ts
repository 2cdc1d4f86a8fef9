import { defineConfig, type Options } from 'tsup'

const common: Options = {
  // No source maps: they would double the tarball and point at sources it does not ship.
  sourcemap: false,
  target: 'node20',
  platform: 'node',
  splitting: false,
  // Gives the CJS build an import.meta.url, which io/mapped-file.ts uses to load the addon.
  shims: true,
  external: ['@node-rs/crc32', 'proper-lockfile', 'kafkajs'],
}

export default defineConfig([
  {
    ...common,
    // `mirror/index` is `@kafka-lite/log/mirror`: its own entry so that only its users need kafkajs.
    entry: { index: 'src/index.ts', 'mirror/index': 'src/mirror/index.ts' },
    format: ['esm', 'cjs'],
    // `stripInternal` drops declarations marked `@internal` (the reader's and writer's constructors),
    // so the published types name only the public API, not LogOwner, Segment or Snapshot.
    dts: { compilerOptions: { stripInternal: true } },
    esbuildPlugins: [
      {
        // The mirror imports the main entry (`../index.js`) instead of bundling a second copy of the
        // library, so that `LogError` is one class across both entry points.
        name: 'mirror-imports-main-entry',
        setup(build) {
          const cjs = build.initialOptions.format === 'cjs'
          build.onResolve({ filter: /^\.\.\/index\.js$/ }, (args) =>
            /[\\/]src[\\/]mirror[\\/]/.test(args.importer) ? { path: cjs ? '../index.cjs' : '../index.js', external: true } : undefined,
          )
        },
      },
    ],
  },
  {
    // The `kafka-lite-log` command (package `bin`): ESM only, no types.
    ...common,
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    clean: false,
    banner: { js: '#!/usr/bin/env node' },
  },
])
