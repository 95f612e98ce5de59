// Powers of tau for `zk:setup`: reading a ptau file's power, and making a development one with snarkjs
// (bn128, one random contribution, prepared for phase 2). A development ptau is NOT for production: whoever
// ran it could know its toxic waste. docs/zk.md says where a production one comes from.
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, open, rename, rm } from "node:fs/promises";
import path from "node:path";
import * as snarkjs from "snarkjs";

export interface PtauInfo {
  /** 2^power is the largest domain (constraints + public inputs + 1) the file can serve. */
  power: number;
  /** Holds the Lagrange sections phase 2 (Groth16 setup) reads. */
  preparedForPhase2: boolean;
}

/** Section 12 of a ptau file: tau·G1 in Lagrange form, written by `prepare phase2`. */
const LAGRANGE_SECTION = 12;

/**
 * Reads the header of a ptau file (snarkjs binary format: "ptau", version, section count, then sections of
 * type u32 + size u64; section 1 holds n8, q, power). Throws a one-line error naming the file otherwise.
 */
export async function readPtauInfo(file: string): Promise<PtauInfo> {
  const fd = await open(file, "r").catch((error: NodeJS.ErrnoException) => {
    throw new Error(`ptau ${file}: ${error.code === "ENOENT" ? "no such file" : error.message}`);
  });
  try {
    const { size } = await fd.stat();
    const read = async (position: number, length: number) => {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await fd.read(buffer, 0, length, position);
      if (bytesRead !== length) throw new Error(`ptau ${file}: truncated at byte ${position}`);
      return buffer;
    };
    const head = await read(0, 12);
    if (head.toString("latin1", 0, 4) !== "ptau") throw new Error(`ptau ${file}: not a powers-of-tau file`);
    const sections = head.readUInt32LE(8);
    let position = 12;
    let power: number | undefined;
    let preparedForPhase2 = false;
    for (let i = 0; i < sections && position + 12 <= size; i++) {
      const header = await read(position, 12);
      const type = header.readUInt32LE(0);
      const length = Number(header.readBigUInt64LE(4));
      if (type === 1) {
        const n8 = (await read(position + 12, 4)).readUInt32LE(0);
        power = (await read(position + 16 + n8, 4)).readUInt32LE(0);
      }
      if (type === LAGRANGE_SECTION) preparedForPhase2 = true;
      position += 12 + length;
    }
    if (power === undefined) throw new Error(`ptau ${file}: no header section`);
    return { power, preparedForPhase2 };
  } finally {
    await fd.close();
  }
}

/** Logs snarkjs's section starts as they come and its inner progress at most every 10 s. */
function progressLogger(log: (message: string) => void): snarkjs.Logger {
  let last = 0;
  const throttled = (message: string) => {
    if (Date.now() - last < 10_000) return;
    last = Date.now();
    log(message);
  };
  return {
    debug: (message) => (message.startsWith("Starting section") ? log(message) : throttled(message)),
    info: throttled,
    warn: log,
    error: log,
  };
}

/**
 * Writes a development ptau of 2^power to `file`: new accumulator, one contribution of fresh random entropy,
 * prepare phase 2 (the slow step: ~100 s at 2^12, ~7 min at 2^14, ~26 min at 2^16 on two cores). The file
 * appears only when complete.
 */
export async function generateDevPtau(
  power: number,
  file: string,
  log: (message: string) => void,
): Promise<void> {
  if (!Number.isInteger(power) || power < 1 || power > 28) {
    throw new Error(`ptau power must be an integer from 1 to 28, got ${power}`);
  }
  await mkdir(path.dirname(file), { recursive: true });
  const work = await mkdtemp(path.join(path.dirname(file), `.pot${power}-`));
  const logger = progressLogger(log);
  try {
    const p0 = path.join(work, "0.ptau");
    const p1 = path.join(work, "1.ptau");
    const prepared = path.join(work, "final.ptau");
    const started = performance.now();
    const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
    log(`new bn128 accumulator of 2^${power}`);
    await snarkjs.powersOfTau.newAccumulator(
      await snarkjs.curves.getCurveFromName("bn128"),
      power,
      p0,
      logger,
    );
    log(`contribution of fresh random entropy (${elapsed()})`);
    await snarkjs.powersOfTau.contribute(p0, p1, "suanli dev ptau", randomBytes(32).toString("hex"), logger);
    log(`preparing phase 2 (${elapsed()})`);
    await snarkjs.powersOfTau.preparePhase2(p1, prepared, logger);
    await rename(prepared, file);
    log(`wrote ${file} (${elapsed()})`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
