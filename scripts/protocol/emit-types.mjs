// Type mapping for the emitter (see emit.mjs): Kafka field types to TypeScript types, Kafka's
// defaults to TypeScript expressions, Kafka's "is it the default?" test (MessageDataGenerator's
// generateNonDefaultValueCheck), the minimum encoded sizes that bound array counts, and the small
// code-building helpers (version conditions, quoting) the other emitter files share.
import { intersect } from './model.mjs'

/** Encoded sizes of the fixed-size types. */
export const FIXED_SIZE = { bool: 1, int8: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, int64: 8, float64: 8, uuid: 16 }
/** Kafka's `Uuid.ZERO_UUID`, the default of uuid fields. */
export const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA'

/** A JS condition for "version in r", knowing that version is in R: 'true', 'false' or an expression. */
export function cond(r, R) {
  const x = intersect(r, R)
  if (x === null) return 'false'
  const parts = []
  if (x.lo > R.lo) parts.push(`version >= ${x.lo}`)
  if (x.hi < R.hi) parts.push(`version <= ${x.hi}`)
  return parts.length === 0 ? 'true' : parts.join(' && ')
}

export function and(a, b) {
  if (a === 'false' || b === 'false') return 'false'
  if (a === 'true') return b
  if (b === 'true') return a
  return `(${a}) && (${b})`
}

export function not(a) {
  if (a === 'true') return 'false'
  if (a === 'false') return 'true'
  return `!(${a})`
}

export const q = (s) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
export const range = (r) => (r === null ? 'null' : `[${r.lo}, ${r.hi}]`)
export const local = (f) => `f_${f.name}`

function parseIntDefault(f, kind) {
  const s = f.default
  if (s === '') return 0n
  const v = BigInt(s) // decimal or 0x-hex, as Kafka's FieldSpec accepts
  const bounds = {
    int8: [-128n, 127n],
    int16: [-32768n, 32767n],
    uint16: [0n, 65535n],
    int32: [-(2n ** 31n), 2n ** 31n - 1n],
    uint32: [0n, 2n ** 32n - 1n],
    int64: [-(2n ** 63n), 2n ** 63n - 1n],
  }[kind]
  if (v < bounds[0] || v > bounds[1]) throw new Error(`${f.name}: default ${s} out of range for ${kind}`)
  return v
}

/**
 * Type helpers for one message: `F` its flexible versions, `structName(s)` the TypeScript name of a
 * struct, `markIsDefault(s)` records that a struct needs an `isDefault*` function.
 */
export function typeHelpers(F, structName, markIsDefault) {
  const elemTs = (t) =>
    t.kind === 'struct'
      ? structName(t.struct)
      : ({ bool: 'boolean', int64: 'bigint', string: 'string', uuid: 'string', bytes: 'Buffer', records: 'Buffer' }[t.kind] ?? 'number')
  const isNullableType = (f) => intersect(f.nullableVersions, f.versions) !== null
  const tsType = (f) => {
    const base = f.type.kind === 'array' ? `${elemTs(f.type.element)}[]` : elemTs(f.type)
    return isNullableType(f) ? `${base} | null` : base
  }
  const defaultExpr = (f) => {
    const k = f.type.kind
    if (f.default === 'null') return 'null'
    if (k === 'bool') {
      if (f.default === '' || f.default.toLowerCase() === 'false') return 'false'
      if (f.default.toLowerCase() === 'true') return 'true'
      throw new Error(`${f.name}: bad bool default ${f.default}`)
    }
    if (k === 'int64') return `${parseIntDefault(f, k)}n`
    if (k in FIXED_SIZE && k !== 'uuid' && k !== 'float64') return String(parseIntDefault(f, k))
    if (k === 'float64') {
      const v = f.default === '' ? 0 : Number(f.default)
      if (Number.isNaN(v) && f.default !== 'NaN') throw new Error(`${f.name}: bad float64 default`)
      return String(v)
    }
    if (k === 'uuid') return q(f.default === '' ? ZERO_UUID : f.default)
    if (k === 'string') return q(f.default)
    if (f.default !== '') throw new Error(`${f.name}: the only default of a ${k} is empty or null`)
    if (k === 'bytes') return 'Buffer.alloc(0)'
    if (k === 'records') return isNullableType(f) ? 'null' : 'Buffer.alloc(0)'
    if (k === 'struct') return `create${structName(f.type.struct)}()`
    if (k === 'array') return '[]'
    throw new Error(`unknown kind ${k}`)
  }
  /** A JS expression true when X is not the field's default (Kafka's generateNonDefaultValueCheck). */
  const nonDefault = (f, X) => {
    const k = f.type.kind
    const nullable = isNullableType(f)
    if (f.default === 'null') return `${X} !== null`
    if (k === 'array' || k === 'bytes') return nullable ? `${X} === null || ${X}.length !== 0` : `${X}.length !== 0`
    if (k === 'records') return nullable ? `${X} !== null` : `${X}.length !== 0`
    if (k === 'struct') {
      markIsDefault(f.type.struct)
      const t = `!isDefault${structName(f.type.struct)}(${X})`
      return nullable ? `${X} === null || ${t}` : t
    }
    return `${X} !== ${defaultExpr(f)}`
  }
  const flexOf = (f) => (f.flexibleVersions === undefined ? F : f.flexibleVersions)
  const isFlexibleAt = (f, v) => {
    const fv = flexOf(f)
    return fv !== null && v >= fv.lo && v <= fv.hi
  }
  const minStructSize = (s, r) => {
    const x = intersect(s.versions, r)
    if (x === null) return 0
    let min = Infinity
    for (let v = x.lo; v <= x.hi; v++) {
      let n = F !== null && v >= F.lo && v <= F.hi ? 1 : 0
      for (const f of s.fields) n += minFieldSize(f, v)
      min = Math.min(min, n)
    }
    return min
  }
  const minTypeSize = (t, f, v, nullableAtV) => {
    if (t.kind in FIXED_SIZE) return FIXED_SIZE[t.kind]
    if (t.kind === 'string') return isFlexibleAt(f, v) ? 1 : 2
    if (t.kind === 'bytes' || t.kind === 'records' || t.kind === 'array') return isFlexibleAt(f, v) ? 1 : 4
    if (t.kind === 'struct') return nullableAtV ? 1 : minStructSize(t.struct, { lo: v, hi: v })
    throw new Error(t.kind)
  }
  const minFieldSize = (f, v) => {
    const inRange = (r) => r !== null && v >= r.lo && v <= r.hi
    if (!inRange(f.versions) || inRange(f.taggedVersions)) return 0
    return minTypeSize(f.type, f, v, inRange(f.nullableVersions))
  }
  const minElementSize = (f, P) => {
    let min = Infinity
    for (let v = P.lo; v <= P.hi; v++) min = Math.min(min, minTypeSize(f.type.element, f, v, false))
    return min === Infinity ? 1 : min
  }
  return { elemTs, isNullableType, tsType, defaultExpr, nonDefault, flexOf, minElementSize }
}
