/**
 * A minimal WebAssembly binary writer for the fused kernels: functions over one imported memory,
 * with the scalar and 128-bit SIMD instructions they use. No toolchain is needed at build time;
 * the module is assembled at run time from the readable instruction lists in simdKernels.ts.
 */

export type ValType = 'i32' | 'f32' | 'v128'
const VALTYPE: Record<ValType, number> = { i32: 0x7f, f32: 0x7d, v128: 0x7b }

export type Code = number[]

export function uleb(value: number): number[] {
  const out: number[] = []
  let v = value >>> 0
  do {
    let byte = v & 0x7f
    v >>>= 7
    if (v !== 0) byte |= 0x80
    out.push(byte)
  } while (v !== 0)
  return out
}

export function sleb(value: number): number[] {
  const out: number[] = []
  let v = value | 0
  for (;;) {
    const byte = v & 0x7f
    v >>= 7
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
      out.push(byte)
      return out
    }
    out.push(byte | 0x80)
  }
}

function utf8(name: string): number[] {
  const bytes = Array.from(Buffer.from(name, 'utf8'))
  return [...uleb(bytes.length), ...bytes]
}

function vector(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()]
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body]
}

const simd = (code: number): Code => [0xfd, ...uleb(code)]
/** Memory access immediate: alignment hint 0 (any address is valid), then the byte offset. */
const memarg = (offset: number): Code => [0, ...uleb(offset)]

/** The instructions the kernels use; each returns its encoding. */
export const I = {
  get: (local: number): Code => [0x20, ...uleb(local)],
  set: (local: number): Code => [0x21, ...uleb(local)],
  i32: (value: number): Code => [0x41, ...sleb(value)],
  f32: (value: number): Code => {
    const bytes = new Uint8Array(new Float32Array([value]).buffer)
    return [0x43, ...bytes]
  },
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32Mul: [0x6c],
  i32And: [0x71],
  i32Or: [0x72],
  i32Shl: [0x74],
  i32GeU: [0x4f],
  i32GtU: [0x4b],
  i32LtU: [0x49],
  i32Eqz: [0x45],
  i32Eq: [0x46],
  i32Ne: [0x47],
  i32Load: (offset = 0): Code => [0x28, 2, ...uleb(offset)],
  i32Store: (offset = 0): Code => [0x36, 2, ...uleb(offset)],
  f32Load: (offset = 0): Code => [0x2a, 2, ...uleb(offset)],
  i32Load8U: (offset = 0): Code => [0x2d, 0, ...uleb(offset)],
  f32ConvertI32U: [0xb3],
  f32Store: (offset = 0): Code => [0x38, 2, ...uleb(offset)],
  f32Add: [0x92],
  f32Sub: [0x93],
  f32Mul: [0x94],
  f32Div: [0x95],
  f32Sqrt: [0x91],
  f32Abs: [0x8b],
  f32Max: [0x97],
  f32Gt: [0x5e],
  select: [0x1b],
  drop: [0x1a],
  v128Load: (offset = 0): Code => [...simd(0x00), ...memarg(offset)],
  v128Store: (offset = 0): Code => [...simd(0x0b), ...memarg(offset)],
  /** One float from memory in all four lanes. */
  v128Load32Splat: (offset = 0): Code => [...simd(0x09), ...memarg(offset)],
  /** A 128-bit constant from its 16 bytes. */
  v128Const: (bytes: number[]): Code => [...simd(0x0c), ...bytes],
  f32x4Splat: simd(0x13),
  /** Widen unsigned lanes: the low or high half of the bytes to 16 bits, of 16-bit lanes to 32 bits. */
  i16x8ExtendLowI8x16U: simd(0x89),
  i16x8ExtendHighI8x16U: simd(0x8a),
  i32x4ExtendLowI16x8U: simd(0xa9),
  i32x4ExtendHighI16x8U: simd(0xaa),
  f32x4ConvertI32x4U: simd(0xfb),
  /** Lanes 0-15 pick bytes of the first operand, 16-31 of the second. */
  i8x16Shuffle: (bytes: number[]): Code => [...simd(0x0d), ...bytes],
  f32x4ExtractLane: (lane: number): Code => [...simd(0x1f), lane],
  f32x4Gt: simd(0x44),
  v128And: simd(0x4e),
  /** 1 if any bit of the vector is set. */
  v128AnyTrue: simd(0x53),
  /** Each 32-bit lane shifted left by the i32 on top of the stack. */
  i32x4Shl: simd(0xab),
  v128Bitselect: simd(0x52),
  f32x4Abs: simd(0xe0),
  f32x4Sqrt: simd(0xe3),
  f32x4Add: simd(0xe4),
  f32x4Sub: simd(0xe5),
  f32x4Mul: simd(0xe6),
  f32x4Div: simd(0xe7),
  f32x4Max: simd(0xe9),
  /** Relaxed SIMD: a * b + c, fused (one rounding) where the CPU has FMA; the operands a, b, c in that order. */
  f32x4RelaxedMadd: simd(0x105),
  /** Structured control: `block`/`loop`/`if` with no result, closed by `end`; `br`/`brIf` name the depth. */
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  if: [0x04, 0x40],
  else: [0x05],
  end: [0x0b],
  br: (depth: number): Code => [0x0c, ...uleb(depth)],
  brIf: (depth: number): Code => [0x0d, ...uleb(depth)]
}

/** `while (condition) { body }`: the condition leaves an i32 on the stack, true to continue. */
export function whileLoop(condition: Code[], body: Code[]): Code[] {
  return [I.block, I.loop, ...condition, I.i32Eqz, I.brIf(1), ...body, I.br(0), I.end, I.end]
}

/** `if (condition) { then } else { otherwise }`, no result. */
export function ifElse(condition: Code[], then: Code[], otherwise: Code[]): Code[] {
  return [...condition, I.if, ...then, I.else, ...otherwise, I.end]
}

export interface FunctionDef {
  name: string
  params: ValType[]
  locals: ValType[]
  body: Code[]
}

/**
 * A module that imports `env.memory` (shared when the heap it runs on is shared, as in the
 * threaded build) and exports the given functions, none of which returns a value.
 */
export function buildModule(functions: FunctionDef[], sharedMemory: boolean): Uint8Array<ArrayBuffer> {
  const types = functions.map((f) => [0x60, ...vector(f.params.map((p) => [VALTYPE[p]])), 0])
  // Shared memories must declare a maximum: 65536 pages (4 GiB), the most a 32-bit heap can have.
  const limits = sharedMemory ? [0x03, ...uleb(1), ...uleb(65536)] : [0x00, ...uleb(1)]
  const imports = vector([[...utf8('env'), ...utf8('memory'), 0x02, ...limits]])
  const funcs = vector(functions.map((_, i) => uleb(i)))
  const exports = vector(functions.map((f, i) => [...utf8(f.name), 0x00, ...uleb(i)]))
  const bodies = vector(
    functions.map((f) => {
      const locals = vector(f.locals.map((l) => [...uleb(1), VALTYPE[l]]))
      const body = [...locals, ...f.body.flat(), 0x0b]
      return [...uleb(body.length), ...body]
    })
  )
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vector(types)),
    ...section(2, imports),
    ...section(3, funcs),
    ...section(7, exports),
    ...section(10, bodies)
  ])
}
