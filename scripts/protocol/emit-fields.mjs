// Per-field code for the emitter (see emit.mjs): the statements that size, write and read one
// field, for untagged and tagged fields alike. `FX` and `NX` are the JS conditions under which the
// field is flexible and nullable where the code runs; `X` the expression holding its value.
import { FIXED_SIZE, local, not, q } from './emit-types.mjs'

/** The field statement builders of one message, over its type helpers and struct names. */
export function fieldCode(types, structName) {
  const { elemTs, isNullableType, minElementSize } = types
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
  return { sizeStmts, writeStmts, readStmts, pathOf }
}
