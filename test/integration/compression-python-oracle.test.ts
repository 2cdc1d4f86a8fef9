/**
 * Debian's kafka-python as a second independent oracle, with the reference C codecs behind it
 * (python-snappy: libsnappy with the xerial framing; python-lz4: liblz4's frame decoder, which
 * checks the frame descriptor's header checksum; python-zstandard: libzstd). It decodes our
 * segments of every codec, mixed in one segment, and must agree on every CRC, codec id and record.
 * `test/oracle/python-kafka-setup.sh` installs the Debian packages when missing; when it cannot,
 * the test is skipped with one line saying why.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { fileURLToPath } from 'node:url'

import { describe, expect, it } from 'vitest'

import { Log, type CompressionType, type RecordInput } from '../../src/index.js'
import { listLogBases, segmentFileName } from '../helpers/segment-files.js'
import { useTempDirs } from '../helpers/temp-dir.js'

const SETUP = fileURLToPath(new URL('../oracle/python-kafka-setup.sh', import.meta.url))
const DECODER = fileURLToPath(new URL('../oracle/python_kafka_decode.py', import.meta.url))
const setup = spawnSync('sh', [SETUP], { encoding: 'utf8', timeout: 300_000 })
const available = setup.status === 0
if (!available) console.log((setup.stdout || 'python kafka oracle unavailable').trim())

const dirs = useTempDirs('kafka-lite-pyoracle-')
const CODECS: CompressionType[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd']
const CODEC_ID: Record<CompressionType, number> = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 }

interface PyRecord {
  offset: number
  timestamp: number
  key: string | null
  value: string | null
  headers: [string, string | null][]
}
interface PyBatch {
  position: number
  size: number
  baseOffset: number
  codec: number
  crcValid: boolean
  records: PyRecord[]
}

const hex = (v: string | Uint8Array | null | undefined): string | null =>
  v === null || v === undefined ? null : Buffer.from(v).toString('hex')

describe.skipIf(!available)('kafka-python decodes our compressed segments', () => {
  it('every codec, several per segment, with levels, across segments', async () => {
    const dir = dirs.make()
    const appended: { input: RecordInput; codec: number }[] = []
    {
      await using log = await Log.open(dir, { fsync: 'never', maxBatchBytes: 16 * 1024, segmentBytes: 48 * 1024 })
      const w = await log.writer()
      for (let a = 0; a < 25; a++) {
        const type = CODECS[a % CODECS.length]!
        const compression =
          a % 7 === 3 && type === 'zstd' ? { type, level: 19 } : a % 7 === 1 && type === 'gzip' ? { type, level: 1 } : type
        const batch: RecordInput[] = Array.from({ length: 30 + ((a * 53) % 400) }, (_, i) => ({
          key: i % 5 === 0 ? null : `k-${(i * 13) % 71}`,
          value: i % 17 === 0 ? null : JSON.stringify({ a, i, name: `user-${i % 40}`, tags: ['x', 'y'].slice(0, i % 3), n: i * 1.5 }),
          headers:
            i % 4 === 0
              ? [
                  { key: 'h', value: `v${i}` },
                  { key: 'h', value: null },
                ]
              : [],
          timestamp: 1_700_000_000_000 + a * 1000 + ((i * 7) % 300) - 150,
        }))
        await w.append(batch, { compression })
        for (const input of batch) appended.push({ input, codec: CODEC_ID[type] })
      }
    }
    const files = listLogBases(dir).map((b) => `${dir}/${segmentFileName(b, 'log')}`)
    expect(files.length).toBeGreaterThan(1)
    const decoded = JSON.parse(execFileSync('/usr/bin/python3', [DECODER, ...files], { encoding: 'utf8', maxBuffer: 256 << 20 })) as {
      file: string
      batches: PyBatch[]
    }[]
    let offset = 0
    const codecsSeen = new Set<number>()
    for (const { file, batches } of decoded) {
      const size = fs.statSync(file).size
      const last = batches[batches.length - 1]!
      expect(last.position + last.size, `${file}: kafka-python read every batch`).toBe(size)
      for (const b of batches) {
        const at = `${file} batch at ${b.position}`
        expect(b.crcValid, `${at}: CRC`).toBe(true)
        expect(b.codec, `${at}: codec`).toBe(appended[b.baseOffset]!.codec)
        codecsSeen.add(b.codec)
        for (const r of b.records) {
          const want = appended[offset]!.input
          expect(r.offset, at).toBe(offset)
          expect(r.timestamp, at).toBe(want.timestamp)
          expect(r.key, at).toBe(hex(want.key as string | null))
          expect(r.value, at).toBe(hex(want.value as string | null))
          expect(r.headers, at).toEqual((want.headers ?? []).map((h) => [h.key, hex(h.value as string | null)]))
          offset++
        }
      }
    }
    expect(offset).toBe(appended.length)
    expect([...codecsSeen].sort()).toEqual([0, 1, 2, 3, 4])
  })
})
