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
    // `broker/index` is `@kafka-lite/log/broker`: users of the plain log do not load the broker.
    entry: { index: 'src/index.ts', 'mirror/index': 'src/mirror/index.ts', 'broker/index': 'src/broker/index.ts' },
    format: ['esm', 'cjs'],
    // `stripInternal` drops declarations marked `@internal` (the reader's and writer's constructors),
    // so the published types name only the public API, not LogOwner, Segment or Snapshot.
    dts: { compilerOptions: { stripInternal: true } },
    esbuildPlugins: [
      {
        // The mirror and the broker import the main entry (`../index.js`) instead of bundling a
        // second copy of the library, so that `LogError` is one class across the entry points.
        name: 'subpaths-import-main-entry',
        setup(build) {
          const cjs = build.initialOptions.format === 'cjs'
          build.onResolve({ filter: /^\.\.\/index\.js$/ }, (args) =>
            /[\\/]src[\\/](mirror|broker)[\\/]/.test(args.importer)
              ? { path: cjs ? '../index.cjs' : '../index.js', external: true }
              : undefined,
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
