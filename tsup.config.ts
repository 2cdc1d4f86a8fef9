import { defineConfig } from 'tsup'

export default defineConfig({
  // `mirror/index` is `@kafka-lite/log/mirror`: its own entry so that only its users need kafkajs.
  entry: { index: 'src/index.ts', 'mirror/index': 'src/mirror/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  splitting: false,
  // Gives the CJS build an import.meta.url, which io/mapped-file.ts uses to load the addon.
  shims: true,
  external: ['mmap-io', '@node-rs/crc32', 'proper-lockfile', 'kafkajs'],
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
})
