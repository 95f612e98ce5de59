/**
 * WebAssembly modules that ship with the agent, assembled here byte by byte (no toolchain needed), for the
 * demo, the benchmark and tests. Every module imports only `env.memory` and exports `run(len) -> outLen`.
 */

const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
};

const sleb = (value: number): number[] => {
  const out: number[] = [];
  let n = value | 0;
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
};

const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const name = (s: string) => [...uleb(s.length), ...Buffer.from(s, "utf8")];

/** A module with one function `run(i32) -> i32` whose body (after `locals` i32 locals) is `code`. */
export function assembleRun(code: number[], locals = 0): Uint8Array {
  const body = [...(locals > 0 ? [1, ...uleb(locals), 0x7f] : [0]), ...code, 0x0b];
  return Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, [1, 0x60, 1, 0x7f, 1, 0x7f]), // type 0: (i32) -> i32
    ...section(2, [1, ...name("env"), ...name("memory"), 0x02, 0x00, 0x01]), // import memory, min 1 page
    ...section(3, [1, 0]), // function 0 has type 0
    ...section(7, [1, ...name("run"), 0x00, 0]), // export "run" = function 0
    ...section(10, [1, ...uleb(body.length), ...body]),
  ]);
}

const OP = {
  block: 0x02,
  loop: 0x03,
  br: 0x0c,
  brIf: 0x0d,
  end: 0x0b,
  get: 0x20,
  set: 0x21,
  const: 0x41,
  load8: 0x2d,
  store: 0x36,
  geU: 0x4f,
  ltU: 0x49,
  add: 0x6a,
  mul: 0x6c,
  xor: 0x73,
  void: 0x40,
} as const;

/**
 * FNV-1a (32-bit) of the input, `rounds` passes over it (a CPU-bound job whose cost scales with the input);
 * output: the 4-byte little-endian hash. Locals: 0 = len, 1 = i, 2 = round, 3 = hash.
 */
export function fnvModule(rounds = 64): Uint8Array {
  const o = OP;
  return assembleRun(
    [
      o.const,
      ...sleb(0x811c9dc5 | 0),
      o.set,
      3,
      o.loop,
      o.void,
      o.const,
      0,
      o.set,
      1,
      o.block,
      o.void,
      o.loop,
      o.void,
      o.get,
      1,
      o.get,
      0,
      o.geU,
      o.brIf,
      1,
      o.get,
      3,
      o.get,
      1,
      o.load8,
      0,
      0,
      o.xor,
      o.const,
      ...sleb(0x01000193),
      o.mul,
      o.set,
      3,
      o.get,
      1,
      o.const,
      1,
      o.add,
      o.set,
      1,
      o.br,
      0,
      o.end,
      o.end,
      o.get,
      2,
      o.const,
      1,
      o.add,
      o.set,
      2,
      o.get,
      2,
      o.const,
      ...sleb(rounds),
      o.ltU,
      o.brIf,
      0,
      o.end,
      o.const,
      0,
      o.get,
      3,
      o.store,
      2,
      0,
      o.const,
      4,
    ],
    3,
  );
}

/** FNV-1a exactly as `fnvModule` computes it, for checking outputs. */
export function fnvReference(input: Uint8Array, rounds = 64): Uint8Array {
  let h = 0x811c9dc5;
  for (let r = 0; r < rounds; r++) for (const b of input) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, h >>> 0, true);
  return out;
}
