// Emits the TypeScript module of one message (see model.mjs for the model): interfaces, `create*`
// factories, the schema description, and per struct a size, a write and a read function, following
// Kafka's MessageDataGenerator (field by field, version conditions evaluated at run time, tagged
// fields in tag order after the untagged ones, unknown tagged fields interleaved by tag).
//
// The output is not formatted here: generate.mjs runs Prettier over it.
import { fieldCode } from './emit-fields.mjs'
import { and, cond, local, not, q, range, typeHelpers } from './emit-types.mjs'
import { MAX_VERSION, fmt, intersect, subtract } from './model.mjs'

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

  const types = typeHelpers(F, structName, markIsDefault)
  const { tsType, defaultExpr, nonDefault, flexOf } = types
  const { sizeStmts, writeStmts, readStmts, pathOf } = fieldCode(types, structName)

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
    out.push(
      s.top
        ? doc(`${message.name}, versions ${fmt(message.validVersions)}.`)
        : doc(`${s.name}, inside ${message.name} (versions ${fmt(s.versions)}).`),
    )
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
      if (t.kind === 'array')
        parts.push(`element: ${t.element.kind === 'struct' ? `${structName(t.element.struct)}Schema` : q(t.element.kind)}`)
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
    emit(
      `const ${name}Schema: StructSchema = {name: ${q(s.name)}, versions: ${range(s.versions)}, fields: [${fields.join(', ')}], create: () => create${name}()}`,
    )
    emit('')
  }
  for (const s of message.structs) schemaOf(s)

  const M = message.name
  emit(doc(`The ${M} codec: versions ${fmt(message.validVersions)}.`))
  emit(`export const ${M}Codec: MessageCodec<${M}> = defineCodec<${M}>({`)
  emit(`name: ${q(M)}, apiKey: ${message.apiKey}, type: ${q(message.type)}, versions: ${range(message.validVersions)},`)
  emit(
    `flexibleVersions: ${range(F === null ? null : { lo: F.lo, hi: Math.min(F.hi, MAX_VERSION) })}, latestVersionUnstable: ${message.latestVersionUnstable},`,
  )
  emit(`schema: ${M}Schema, create: create${M}, size: size${M}, write: write${M}, read: read${M},`)
  emit(`})`)

  const text = out.join('\n')
  const imports = []
  const used = (n) => new RegExp(`\\b${n}\\b`).test(text)
  const codecImports = ['defineCodec'].filter(used)
  const errorImports = ['invalidValue', 'malformed', 'unsupportedVersion'].filter(used)
  const readerImports = ['ProtocolReader', 'RawTaggedField'].filter(used)
  const writerImports = [
    'ProtocolWriter',
    'sizeOfArrayLength',
    'sizeOfBytes',
    'sizeOfRawTaggedFields',
    'sizeOfString',
    'sizeOfUvarint',
  ].filter(used)
  const typeOnly = new Set(['RawTaggedField', 'MessageCodec', 'StructSchema', 'ProtocolReader', 'ProtocolWriter'])
  const spec = (names) => names.map((n) => (typeOnly.has(n) ? `type ${n}` : n)).join(', ')
  if (codecImports.length) imports.push(`import { ${spec(codecImports)} } from '../codec.js'`)
  if (errorImports.length) imports.push(`import { ${spec(errorImports)} } from '../errors.js'`)
  if (readerImports.length) imports.push(`import { ${spec(readerImports)} } from '../reader.js'`)
  imports.push(`import type { MessageCodec, StructSchema } from '../schema.js'`)
  if (writerImports.length) imports.push(`import { ${spec(writerImports)} } from '../writer.js'`)
  return [...header, ...imports, '', text, ''].join('\n')
}
