// The generator's model of Kafka's message JSON: parses one `vendor/kafka-messages/*.json` (with its
// `//` comments) into a message with resolved structs, fields, types and version ranges, following
// the semantics of Kafka's own generator (`generator/src/main/java/org/apache/kafka/message/`:
// MessageSpec, StructSpec, FieldSpec, FieldType, Versions, StructRegistry).
//
// A version range is `{ lo, hi }` (inclusive; hi 32767 for Kafka's `N+`) or null for `none`.

/** Kafka's open upper bound (`Short.MAX_VALUE`). */
export const MAX_VERSION = 0x7fff

const PRIMITIVES = new Set(['bool', 'int8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'float64', 'uuid', 'string', 'bytes', 'records'])

/** Removes `//` and `/* *\/` comments outside strings (Kafka's JSON is read with comments allowed). */
export function stripComments(text) {
  let out = ''
  let i = 0
  while (i < text.length) {
    const c = text[i]
    if (c === '"') {
      let j = i + 1
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1
      out += text.slice(i, j + 1)
      i = j + 1
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2)
      i = end < 0 ? text.length : end + 2
    } else {
      out += c
      i++
    }
  }
  return out
}

/** Parses Kafka's version syntax: `none`, `N`, `N+`, `N-M`. */
export function parseVersions(spec, what) {
  if (spec === undefined || spec === null) return undefined
  const s = String(spec).trim()
  if (s === 'none') return null
  let m = /^(\d+)\+$/.exec(s)
  if (m) return { lo: Number(m[1]), hi: MAX_VERSION }
  m = /^(\d+)-(\d+)$/.exec(s)
  if (m) {
    const r = { lo: Number(m[1]), hi: Number(m[2]) }
    if (r.lo > r.hi) throw new Error(`${what}: empty version range ${s}`)
    return r
  }
  m = /^(\d+)$/.exec(s)
  if (m) return { lo: Number(m[1]), hi: Number(m[1]) }
  throw new Error(`${what}: cannot parse versions "${s}"`)
}

/** The intersection of two ranges (null when empty). */
export function intersect(a, b) {
  if (a === null || b === null) return null
  const lo = Math.max(a.lo, b.lo)
  const hi = Math.min(a.hi, b.hi)
  return lo <= hi ? { lo, hi } : null
}

/** `a` minus `b`, which must leave one contiguous range (as Kafka's `Versions.subtract` requires). */
export function subtract(a, b, what) {
  if (a === null) return null
  if (b === null || intersect(a, b) === null) return a
  if (b.lo <= a.lo && b.hi >= a.hi) return null
  if (b.lo <= a.lo) return { lo: b.hi + 1, hi: a.hi }
  if (b.hi >= a.hi) return { lo: a.lo, hi: b.lo - 1 }
  throw new Error(`${what}: subtracting ${fmt(b)} from ${fmt(a)} leaves two ranges`)
}

/** Kafka's syntax for a range. */
export function fmt(r) {
  if (r === null) return 'none'
  if (r.hi === MAX_VERSION) return `${r.lo}+`
  return r.lo === r.hi ? `${r.lo}` : `${r.lo}-${r.hi}`
}

/** Kafka's `FieldSpec.camelCaseName()`: the first letter lower-cased. */
export function camelCase(name) {
  return name.charAt(0).toLowerCase() + name.slice(1)
}

/** Parses one message definition (the text of a vendor JSON file). */
export function parseMessage(text, file) {
  const spec = JSON.parse(stripComments(text))
  const validVersions = parseVersions(spec.validVersions, `${file} validVersions`)
  if (!validVersions) throw new Error(`${file}: no validVersions`)
  if (validVersions.hi === MAX_VERSION) throw new Error(`${file}: validVersions has no maximum`)
  const message = {
    name: spec.name,
    type: spec.type,
    apiKey: spec.apiKey ?? -1,
    validVersions,
    flexibleVersions: parseVersions(spec.flexibleVersions ?? 'none', `${file} flexibleVersions`),
    latestVersionUnstable: spec.latestVersionUnstable === true,
    structs: [],
    struct: undefined,
  }
  const byName = new Map()
  // Common structs are declared up front and may be used by any field; their versions are their own.
  const common = (spec.commonStructs ?? []).map((cs) => {
    const s = {
      name: cs.name,
      spec: cs,
      common: true,
      versions: intersect(parseVersions(cs.versions, `${file} ${cs.name}`), validVersions),
    }
    if (byName.has(cs.name)) throw new Error(`${file}: struct ${cs.name} defined twice`)
    byName.set(cs.name, s)
    return s
  })
  const buildStruct = (s, fieldSpecs, path) => {
    s.path = path
    s.fields = fieldSpecs.map((f) => parseField(f, s, path))
    message.structs.push(s)
    return s
  }
  const parseField = (f, parent, parentPath) => {
    const what = `${file} ${parentPath}.${f.name}`
    const versions = parseVersions(f.versions, what)
    if (versions === undefined) throw new Error(`${what}: no versions`)
    const field = {
      kafkaName: f.name,
      name: camelCase(f.name),
      about: f.about ?? '',
      versions,
      nullableVersions: parseVersions(f.nullableVersions ?? 'none', what),
      taggedVersions: parseVersions(f.taggedVersions ?? 'none', what),
      tag: f.tag ?? null,
      ignorable: f.ignorable === true,
      flexibleVersions: f.flexibleVersions === undefined ? undefined : parseVersions(f.flexibleVersions, what),
      zeroCopy: f.zeroCopy === true,
      default: f.default === undefined ? '' : String(f.default),
      type: undefined,
    }
    if ((field.taggedVersions === null) !== (field.tag === null)) throw new Error(`${what}: tag and taggedVersions go together`)
    if (field.taggedVersions !== null && intersect(field.taggedVersions, versions) === null)
      throw new Error(`${what}: tagged in no version`)
    const path = `${parentPath}.${field.name}`
    let t = String(f.type)
    const isArray = t.startsWith('[]')
    if (isArray) t = t.slice(2)
    let base
    if (PRIMITIVES.has(t)) {
      if (f.fields) throw new Error(`${what}: a ${t} has no fields`)
      base = { kind: t }
    } else {
      const structVersions = intersect(versions, parent.versions)
      let s
      if (f.fields) {
        if (byName.has(t)) throw new Error(`${what}: struct ${t} defined twice`)
        s = { name: t, common: false, versions: structVersions }
        byName.set(t, s)
        buildStruct(s, f.fields, isArray ? `${path}[]` : path)
      } else {
        s = byName.get(t)
        if (!s) throw new Error(`${what}: unknown type ${f.type}`)
      }
      base = { kind: 'struct', struct: s }
    }
    if (isArray && base.kind === 'records') throw new Error(`${what}: arrays of records`)
    field.type = isArray ? { kind: 'array', element: base } : base
    if (field.flexibleVersions !== undefined && !['string', 'bytes'].includes(field.type.kind)) {
      throw new Error(`${what}: only string and bytes fields may override flexibleVersions`)
    }
    if (
      field.default === 'null' &&
      !(field.nullableVersions && field.nullableVersions.lo <= versions.lo && field.nullableVersions.hi >= versions.hi)
    ) {
      throw new Error(`${what}: a null default needs the field nullable in all its versions`)
    }
    return field
  }
  for (const s of common) buildStruct(s, s.spec.fields, `${message.name}.${s.name}`)
  const top = { name: message.name, common: false, versions: validVersions, top: true }
  message.struct = buildStruct(top, spec.fields, message.name)
  for (const s of message.structs) {
    if (s.versions === null) s.versions = { lo: validVersions.lo, hi: validVersions.lo } // unreachable struct
    const tags = new Set()
    for (const f of s.fields) {
      if (f.tag === null) continue
      if (tags.has(f.tag)) throw new Error(`${file} ${s.path}: tag ${f.tag} used twice`)
      tags.add(f.tag)
      const tagged = intersect(f.taggedVersions, f.versions)
      // Kafka: tagged versions must lie within the flexible versions.
      if (tagged && !(message.flexibleVersions && tagged.lo >= message.flexibleVersions.lo)) {
        throw new Error(`${file} ${s.path}.${f.name}: tagged versions ${fmt(tagged)} outside the flexible versions`)
      }
    }
  }
  return message
}
