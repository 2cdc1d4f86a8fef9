// Emits the TypeScript module of one message (see model.mjs for the model): interfaces, `create*`
// factories, the schema description, and per struct a size, a write and a read function, following
// Kafka's MessageDataGenerator (field by field, version conditions evaluated at run time, tagged
// fields in tag order after the untagged ones, unknown tagged fields interleaved by tag).
//
// The output is not formatted here: generate.mjs runs Prettier over it.
import { MAX_VERSION, fmt, intersect, subtract } from './model.mjs'

const FIXED_SIZE = { bool: 1, int8: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, int64: 8, float64: 8, uuid: 16 }
const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA'

/** Names the generated code imports from the runtime: a struct may not take one. */
export const RUNTIME_NAMES = [
  'ProtocolReader',
  'ProtocolWriter',
  'RawTaggedField',
  'MessageCodec',
  'StructSchema',
  'defineCodec',
  'malformed',
  'unsupportedVersion',
  'invalidValue',
  'sizeOfUvarint',
  'sizeOfString',
  'sizeOfBytes',
  'sizeOfArrayLength',
  'sizeOfRawTaggedFields',
]

/** `fetch-request` from `FetchRequest`. */
export function kebab(name) {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()
}

/** A JS condition for "version in r", knowing that version is in R: 'true', 'false' or an expression. */
function cond(r, R) {
  const x = intersect(r, R)
  if (x === null) return 'false'
  const parts = []
  if (x.lo > R.lo) parts.push(`version >= ${x.lo}`)
  if (x.hi < R.hi) parts.push(`version <= ${x.hi}`)
  return parts.length === 0 ? 'true' : parts.join(' && ')
}

function and(a, b) {
  if (a === 'false' || b === 'false') return 'false'
  if (a === 'true') return b
  if (b === 'true') return a
  return `(${a}) && (${b})`
}

function not(a) {
  if (a === 'true') return 'false'
  if (a === 'false') return 'true'
  return `!(${a})`
}

const q = (s) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
const range = (r) => (r === null ? 'null' : `[${r.lo}, ${r.hi}]`)
const local = (f) => `f_${f.name}`

function parseIntDefault(f, kind) {
  const s = f.default
  if (s === '') return 0n
  const v = s.startsWith('0x') ? BigInt(s) : BigInt(s)
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

/** Emits one message module. `source` is the vendor file name, `kafkaVersion` the vendored version. */
export function emitMessage(message, source, kafkaVersion) {
  const F = message.flexibleVersions
  const out = []
  const emit = (s) => out.push(s)
  const typeNames = new Set([message.name])
  for (const s of message.structs) {
    if (s.top) continue
    if (RUNTIME_NAMES.includes(s.name) || s.name === message.name) throw new Error(`${message.name}: struct name ${s.name} collides`)
    typeNames.add(s.name)
  }
  const structName = (s) => (s.top ? message.name : s.name)
  // Structs whose "is it the default?" test is needed (struct-typed fields: tagged or absent checks).
  const needsIsDefault = new Set()
  const markIsDefault = (s) => {
    if (needsIsDefault.has(s)) return
    needsIsDefault.add(s)
    for (const f of s.fields) if (f.type.kind === 'struct') markIsDefault(f.type.struct)
  }

  // ----- types, defaults and conditions
  const elemTs = (t) =>
    t.kind === 'struct'
      ? structName(t.struct)
      : { bool: 'boolean', int64: 'bigint', string: 'string', uuid: 'string', bytes: 'Buffer', records: 'Buffer' }[t.kind] ?? 'number'
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

  // ----- per-field code. P: the versions in which this code runs; FX/NX: flexible/nullable conditions.
  const pathOf = (s, f) => q(`${s.path}.${f.name}`)
  const elemPathOf = (s, f) => q(`${s.path}.${f.name}[]`)

  /** Statements adding the encoded size of X (a value of field f) to `into`. */
  const sizeStmts = (s, f, X, FX, NX, into) => {
    const t = f.type
    const P = pathOf(s, f)
    if (t.kind in FIXED_SIZE) return [`${into} += ${FIXED_SIZE[t.kind]}`]
    if (t.kind === 'string') return [`${into} += sizeOfString(${X}, ${FX}, ${NX}, ${P})`]
    if (t.kind === 'bytes' || t.kind === 'records') return [`${into} += sizeOfBytes(${X}, ${FX}, ${NX}, ${P})`]
    if (t.kind === 'struct') {
      const inner = `size${structName(t.struct)}(${X}, version)`
      if (!isNullableType(f) || NX === 'false') return [`${into} += ${NX === 'true' ? `1 + ${inner}` : inner}`]
      return [
        `if (${X} === null) {`,
        ...(NX === 'true' ? [] : [`if (${not(NX)}) throw invalidValue(${P}, 'null in a non-nullable field')`]),
        `${into} += 1`,
        `} else {`,
        `${into} += ${NX === 'true' ? '1 + ' : `(${NX} ? 1 : 0) + `}${inner}`,
        `}`,
      ]
    }
    // arrays
    const e = t.element
    const EP = elemPathOf(s, f)
    const lines = [`${into} += sizeOfArrayLength(${X}, ${FX}, ${NX}, ${P})`]
    let body
    if (e.kind in FIXED_SIZE) body = [`${into} += ${X}.length * ${FIXED_SIZE[e.kind]}`]
    else if (e.kind === 'string') body = [`for (const e of ${X}) ${into} += sizeOfString(e, ${FX}, false, ${EP})`]
    else if (e.kind === 'bytes') body = [`for (const e of ${X}) ${into} += sizeOfBytes(e, ${FX}, false, ${EP})`]
    else if (e.kind === 'struct') body = [`for (const e of ${X}) ${into} += size${structName(e.struct)}(e, version)`]
    else throw new Error(`array of ${e.kind}`)
    if (isNullableType(f)) lines.push(`if (${X} !== null) {`, ...body, `}`)
    else lines.push(...body)
    return lines
  }

  const writePrimitive = (kind, X, P) => {
    if (kind in FIXED_SIZE) return `w.${kind}(${X}, ${P})`
    throw new Error(kind)
  }

  /** Statements writing X. `tagged`: the struct-null prefix is a varint 0/1 instead of an int8 -1/1. */
  const writeStmts = (s, f, X, FX, NX, tagged) => {
    const t = f.type
    const P = pathOf(s, f)
    if (t.kind in FIXED_SIZE) return [writePrimitive(t.kind, X, P)]
    if (t.kind === 'string') return [`w.string(${X}, ${FX})`]
    if (t.kind === 'bytes' || t.kind === 'records') return [`w.bytes(${X}, ${FX})`]
    if (t.kind === 'struct') {
      const inner = `write${structName(t.struct)}(w, ${X}, version)`
      const present = tagged ? 'w.uvarint(1)' : `w.int8(1, ${P})`
      const absent = tagged ? 'w.uvarint(0)' : `w.int8(-1, ${P})`
      if (!isNullableType(f) || NX === 'false') return [...(NX === 'true' ? [present] : []), inner]
      if (NX === 'true') return [`if (${X} === null) {`, absent, `} else {`, present, inner, `}`]
      return [`if (${X} === null) {`, absent, `} else {`, `if (${NX}) ${present}`, inner, `}`]
    }
    const e = t.element
    const EP = elemPathOf(s, f)
    let body
    if (e.kind in FIXED_SIZE) body = `for (const e of ${X}) ${writePrimitive(e.kind, 'e', EP)}`
    else if (e.kind === 'string') body = `for (const e of ${X}) w.string(e, ${FX})`
    else if (e.kind === 'bytes') body = `for (const e of ${X}) w.bytes(e, ${FX})`
    else body = `for (const e of ${X}) write${structName(e.struct)}(w, e, version)`
    return [`w.arrayLength(${X}, ${FX})`, isNullableType(f) ? `if (${X} !== null) ${body}` : body]
  }

  /** Statements reading field f into its local. */
  const readStmts = (s, f, FX, NX, tagged, P_range) => {
    const t = f.type
    const P = pathOf(s, f)
    const L = local(f)
    const copy = f.zeroCopy ? 'false' : 'true'
    const nullableType = isNullableType(f)
    const pick = (nullableCall, plainCall) => {
      if (!nullableType || NX === 'false') return plainCall
      if (NX === 'true') return nullableCall
      return `${NX} ? ${nullableCall} : ${plainCall}`
    }
    if (t.kind in FIXED_SIZE) return [`${L} = r.${t.kind}(${P})`]
    if (t.kind === 'string') return [`${L} = ${pick(`r.nullableString(${P}, ${FX})`, `r.string(${P}, ${FX})`)}`]
    if (t.kind === 'bytes') return [`${L} = ${pick(`r.nullableBytes(${P}, ${FX}, ${copy})`, `r.bytes(${P}, ${FX}, ${copy})`)}`]
    if (t.kind === 'records') {
      return [nullableType ? `${L} = r.records(${P}, ${FX}, ${NX})` : `${L} = r.bytes(${P}, ${FX}, false)`]
    }
    if (t.kind === 'struct') {
      const inner = `read${structName(t.struct)}(r, version)`
      const isNull = tagged ? `r.uvarint(${P}) === 0` : `r.int8(${P}) < 0`
      if (!nullableType || NX === 'false') return [`${L} = ${inner}`]
      if (NX === 'true') return [`${L} = ${isNull} ? null : ${inner}`]
      return [`${L} = ${NX} && ${isNull} ? null : ${inner}`]
    }
    const e = t.element
    const EP = elemPathOf(s, f)
    let read
    if (e.kind in FIXED_SIZE) read = `r.${e.kind}(${EP})`
    else if (e.kind === 'string') read = `r.string(${EP}, ${FX})`
    else if (e.kind === 'bytes') read = `r.bytes(${EP}, ${FX}, ${copy})`
    else read = `read${structName(e.struct)}(r, version)`
    const min = minElementSize(f, P_range)
    const nx = nullableType ? NX : 'false'
    const lines = [`{`, `const n = r.arrayLength(${P}, ${FX}, ${nx}, ${min})`]
    const fill = [`const a: ${elemTs(e)}[] = []`, `for (let i = 0; i < n; i++) a.push(${read})`, `${L} = a`]
    if (nullableType && nx !== 'false') lines.push(`if (n < 0) {`, `${L} = null`, `} else {`, ...fill, `}`)
    else lines.push(...fill)
    lines.push(`}`)
    return lines
  }

  const guarded = (c, stmts) => {
    if (c === 'false') return []
    if (c === 'true') return stmts
    return [`if (${c}) {`, ...stmts, `}`]
  }

  // ----- one struct
  const emitStruct = (s) => {
    const R = s.versions
    const name = structName(s)
    const FLEX = F === null ? 'false' : cond(F, R)
    const canFlex = FLEX !== 'false'
    const SP = q(s.path)
    const fieldInfo = s.fields.map((f) => {
      const present = intersect(f.versions, R)
      const tagged = intersect(f.taggedVersions, present)
      const mandatory = subtract(present, f.taggedVersions, `${s.path}.${f.name}`)
      return { f, present, tagged, mandatory }
    })
    const taggedFields = fieldInfo.filter((i) => i.f.tag !== null).sort((a, b) => a.f.tag - b.f.tag)
    const knownTags = taggedFields.map((i) => i.f.tag)
    const flexLine = FLEX !== 'true' && FLEX !== 'false' ? [`const flexible = ${FLEX}`] : []
    const FLEXV = FLEX === 'true' || FLEX === 'false' ? FLEX : 'flexible'
    // Conditions inside the mandatory branch are relative to the mandatory versions.
    const fx = (f, P) => cond(flexOf(f), P)
    const nx = (f, P) => cond(f.nullableVersions, P)
    const flexRange = F === null ? null : intersect(F, R)

    // size
    const sizeBody = []
    for (const { f, mandatory } of fieldInfo) {
      const X = `v.${f.name}`
      if (mandatory !== null) {
        sizeBody.push(...guarded(cond(mandatory, R), sizeStmts(s, f, X, fx(f, mandatory), nx(f, mandatory), 'size')))
      }
      const absent = not(cond(f.versions, R))
      if (!f.ignorable && absent !== 'false') {
        const reason = `\`a non-default value at version \${version}, which lacks the field\``
        sizeBody.push(...guarded(absent, [`if (${nonDefault(f, X)}) throw unsupportedVersion(${reason}, ${pathOf(s, f)})`]))
      }
    }
    if (canFlex) {
      const body = [`let numTagged = 0`]
      for (const { f, tagged } of taggedFields) {
        const TC = tagged === null ? 'false' : cond(tagged, flexRange)
        if (TC === 'false') continue
        const X = `v.${f.name}`
        body.push(
          `if (${and(TC, nonDefault(f, X))}) {`,
          `numTagged++`,
          `let n = 0`,
          ...sizeStmts(s, f, X, 'true', nx(f, tagged), 'n'),
          `size += sizeOfUvarint(${f.tag}) + sizeOfUvarint(n) + n`,
          `}`,
        )
      }
      body.push(
        `const u = v.unknownTaggedFields`,
        `if (u !== undefined && u.length > 0) {`,
        `numTagged += u.length`,
        `size += sizeOfRawTaggedFields(u, [${knownTags.join(', ')}], ${SP})`,
        `}`,
        `size += sizeOfUvarint(numTagged)`,
      )
      if (FLEX === 'true') sizeBody.push(...body)
      else {
        sizeBody.push(`if (${FLEXV}) {`, ...body, `} else if (v.unknownTaggedFields !== undefined && v.unknownTaggedFields.length > 0) {`)
        sizeBody.push(`throw unsupportedVersion(\`tagged fields at version \${version}, which has none\`, ${SP})`, `}`)
      }
    }
    emit(`function size${name}(v: ${name}, version: number): number {`)
    if (canFlex) out.push(...flexLine)
    emit(`let size = 0`)
    out.push(...sizeBody)
    emit(`return size`)
    emit(`}`)
    emit('')

    // write
    const writeBody = []
    for (const { f, mandatory } of fieldInfo) {
      if (mandatory === null) continue
      writeBody.push(...guarded(cond(mandatory, R), writeStmts(s, f, `v.${f.name}`, fx(f, mandatory), nx(f, mandatory), false)))
    }
    if (canFlex) {
      const body = [`const u = v.unknownTaggedFields`]
      const present = []
      for (const { f, tagged } of taggedFields) {
        if (tagged === null) continue
        const TC = cond(tagged, flexRange)
        if (TC === 'false') continue
        const t = `t_${f.name}`
        body.push(`const ${t} = ${and(TC, nonDefault(f, `v.${f.name}`))}`)
        present.push({ f, t, tagged })
      }
      body.push(`w.uvarint(${[...present.map((p) => `(${p.t} ? 1 : 0)`), '(u?.length ?? 0)'].join(' + ')})`)
      if (present.length > 0) body.push(`let ui = 0`)
      for (const { f, t, tagged } of present) {
        const X = `v.${f.name}`
        body.push(
          `ui = w.rawTaggedFields(u, ui, ${f.tag})`,
          `if (${t}) {`,
          `w.uvarint(${f.tag})`,
          `let n = 0`,
          ...sizeStmts(s, f, X, 'true', nx(f, tagged), 'n'),
          `w.uvarint(n)`,
          ...writeStmts(s, f, X, 'true', nx(f, tagged), true),
          `}`,
        )
      }
      body.push(`w.rawTaggedFields(u, ${present.length > 0 ? 'ui' : '0'}, Infinity)`)
      writeBody.push(...guarded(FLEXV, body))
    }
    emit(`function write${name}(w: ProtocolWriter, v: ${name}, version: number): void {`)
    if (canFlex) out.push(...flexLine)
    out.push(...writeBody)
    emit(`}`)
    emit('')

    // read
    emit(`function read${name}(r: ProtocolReader, version: number): ${name} {`)
    if (canFlex) out.push(...flexLine)
    for (const { f, mandatory } of fieldInfo) {
      const L = local(f)
      const mc = mandatory === null ? 'false' : cond(mandatory, R)
      const stmts = mc === 'false' ? [] : readStmts(s, f, fx(f, mandatory), nx(f, mandatory), false, mandatory)
      if (mc === 'true' && f.tag === null && stmts.length === 1 && stmts[0].startsWith(`${L} = `)) {
        emit(`const ${L}: ${tsType(f)} = ${stmts[0].slice(L.length + 3)}`)
        continue
      }
      emit(mc === 'true' ? `let ${L}: ${tsType(f)}` : `let ${L}: ${tsType(f)} = ${defaultExpr(f)}`)
      out.push(...guarded(mc, stmts))
    }
    if (canFlex) {
      const body = [
        `const count = r.taggedFieldCount(${SP})`,
        `for (let i = 0; i < count; i++) {`,
        `const tag = r.uvarint(${SP})`,
        `const end = r.taggedFieldEnd(${SP})`,
        `switch (tag) {`,
      ]
      for (const { f, tagged } of taggedFields) {
        const TC = tagged === null ? 'false' : cond(tagged, flexRange)
        body.push(`case ${f.tag}: {`)
        if (TC !== 'true') {
          body.push(`if (${not(TC)}) throw malformed(${pathOf(s, f)}, r.position, \`tag ${f.tag} is not valid at version \${version}\`)`)
        }
        if (TC !== 'false') {
          body.push(...readStmts(s, f, 'true', nx(f, tagged), true, tagged), `r.expectPosition(end, ${pathOf(s, f)})`, `break`)
        }
        body.push(`}`)
      }
      body.push(`default:`, `(unknownTaggedFields ??= []).push(r.rawTaggedField(tag, end, ${SP}))`, `}`, `}`)
      emit(`let unknownTaggedFields: RawTaggedField[] | undefined`)
      out.push(...guarded(FLEXV, body))
    }
    emit(`const value: ${name} = {${s.fields.map((f) => `${f.name}: ${local(f)}`).join(', ')}}`)
    if (canFlex) emit(`if (unknownTaggedFields !== undefined) value.unknownTaggedFields = unknownTaggedFields`)
    emit(`return value`)
    emit(`}`)
    emit('')
    return canFlex
  }

  // ----- module
  const header = []
  header.push(
    `/**`,
    ` * ${message.name}${message.apiKey >= 0 ? ` (API key ${message.apiKey})` : ''}: generated from vendor/kafka-messages/${source}`,
    ` * (Apache Kafka ${kafkaVersion}) by scripts/protocol/generate.mjs. Do not edit: run \`npm run gen:protocol\`.`,
    ` *`,
    ` * Versions ${fmt(message.validVersions)}; flexible versions ${fmt(F)}.${message.latestVersionUnstable ? ' Kafka marks the latest version unstable.' : ''}`,
    ` */`,
  )

  const bodyOut = out
  const flexStructs = new Set()
  for (const s of message.structs) if (emitStruct(s)) flexStructs.add(s)
  const functions = bodyOut.splice(0)

  // interfaces (top-level first) and create functions
  const doc = (text) => `/** ${text.replace(/\*\//g, '*\\/')} */`
  const fieldDoc = (f) => {
    const facts = [`versions ${fmt(f.versions)}`]
    if (f.nullableVersions) facts.push(`nullable ${fmt(f.nullableVersions)}`)
    if (f.taggedVersions) facts.push(`tagged ${fmt(f.taggedVersions)} (tag ${f.tag})`)
    if (f.default !== '') facts.push(`default ${f.default}`)
    if (f.ignorable) facts.push('ignorable')
    return doc(`${f.about}${f.about.endsWith('.') || f.about === '' ? '' : '.'} (${facts.join('; ')})`.trim())
  }
  const ordered = [message.struct, ...message.structs.filter((s) => !s.top)]
  for (const s of ordered) {
    const name = structName(s)
    out.push(s.top ? doc(`${message.name}, versions ${fmt(message.validVersions)}.`) : doc(`${s.name}, inside ${message.name} (versions ${fmt(s.versions)}).`))
    emit(`export interface ${name} {`)
    for (const f of s.fields) {
      emit(fieldDoc(f))
      emit(`${f.name}: ${tsType(f)}`)
    }
    if (flexStructs.has(s)) {
      emit(`/** Tagged fields this codec does not know, kept as raw bytes and written back in tag order. */`)
      emit(`unknownTaggedFields?: RawTaggedField[]`)
    }
    emit(`}`)
    emit('')
  }
  for (const s of ordered) {
    const name = structName(s)
    emit(doc(`A new {@link ${name}} with every field at its default, overridden by \`fields\`.`))
    emit(`export function create${name}(fields: Partial<${name}> = {}): ${name} {`)
    emit(`return {${s.fields.map((f) => `${f.name}: ${defaultExpr(f)}`).join(', ')}, ...fields}`)
    emit(`}`)
    emit('')
  }
  for (const s of message.structs) {
    if (!needsIsDefault.has(s)) continue
    const name = structName(s)
    const checks = s.fields.map((f) => `!(${nonDefault(f, `v.${f.name}`)})`)
    if (flexStructs.has(s)) checks.push(`(v.unknownTaggedFields === undefined || v.unknownTaggedFields.length === 0)`)
    emit(`function isDefault${name}(v: ${name}): boolean {`)
    emit(`return ${checks.length > 0 ? checks.join(' && ') : 'true'}`)
    emit(`}`)
    emit('')
  }
  out.push(...functions)

  // schemas, dependencies first
  const done = new Set()
  const schemaOf = (s) => {
    if (done.has(s)) return
    done.add(s)
    for (const f of s.fields) {
      const t = f.type.kind === 'array' ? f.type.element : f.type
      if (t.kind === 'struct') schemaOf(t.struct)
    }
    const name = structName(s)
    const fields = s.fields.map((f) => {
      const t = f.type
      const parts = [`name: ${q(f.name)}`, `type: ${q(t.kind)}`]
      if (t.kind === 'array') parts.push(`element: ${t.element.kind === 'struct' ? `${structName(t.element.struct)}Schema` : q(t.element.kind)}`)
      if (t.kind === 'struct') parts.push(`struct: ${structName(t.struct)}Schema`)
      parts.push(
        `versions: ${range(f.versions)}`,
        `nullableVersions: ${range(f.nullableVersions)}`,
        `taggedVersions: ${range(f.taggedVersions)}`,
        `tag: ${f.tag}`,
        `ignorable: ${f.ignorable}`,
      )
      if (f.flexibleVersions !== undefined) parts.push(`flexibleVersions: ${range(f.flexibleVersions)}`)
      if (f.zeroCopy) parts.push(`zeroCopy: true`)
      parts.push(`default: ${q(f.default)}`)
      return `{${parts.join(', ')}}`
    })
    emit(`const ${name}Schema: StructSchema = {name: ${q(s.name)}, versions: ${range(s.versions)}, fields: [${fields.join(', ')}], create: () => create${name}()}`)
    emit('')
  }
  for (const s of message.structs) schemaOf(s)

  const M = message.name
  emit(doc(`The ${M} codec: versions ${fmt(message.validVersions)}.`))
  emit(`export const ${M}Codec: MessageCodec<${M}> = defineCodec<${M}>({`)
  emit(`name: ${q(M)}, apiKey: ${message.apiKey}, type: ${q(message.type)}, versions: ${range(message.validVersions)},`)
  emit(`flexibleVersions: ${range(F === null ? null : { lo: F.lo, hi: Math.min(F.hi, MAX_VERSION) })}, latestVersionUnstable: ${message.latestVersionUnstable},`)
  emit(`schema: ${M}Schema, create: create${M}, size: size${M}, write: write${M}, read: read${M},`)
  emit(`})`)

  const text = out.join('\n')
  const imports = []
  const used = (n) => new RegExp(`\\b${n}\\b`).test(text)
  const codecImports = ['defineCodec'].filter(used)
  const errorImports = ['invalidValue', 'malformed', 'unsupportedVersion'].filter(used)
  const readerImports = ['ProtocolReader', 'RawTaggedField'].filter(used)
  const writerImports = ['ProtocolWriter', 'sizeOfArrayLength', 'sizeOfBytes', 'sizeOfRawTaggedFields', 'sizeOfString', 'sizeOfUvarint'].filter(used)
  const typeOnly = new Set(['RawTaggedField', 'MessageCodec', 'StructSchema', 'ProtocolReader', 'ProtocolWriter'])
  const spec = (names) => names.map((n) => (typeOnly.has(n) ? `type ${n}` : n)).join(', ')
  if (codecImports.length) imports.push(`import { ${spec(codecImports)} } from '../codec.js'`)
  if (errorImports.length) imports.push(`import { ${spec(errorImports)} } from '../errors.js'`)
  if (readerImports.length) imports.push(`import { ${spec(readerImports)} } from '../reader.js'`)
  imports.push(`import type { MessageCodec, StructSchema } from '../schema.js'`)
  if (writerImports.length) imports.push(`import { ${spec(writerImports)} } from '../writer.js'`)
  return [...header, ...imports, '', text, ''].join('\n')
}
