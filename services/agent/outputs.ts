/**
 * Content-addressed output store on local disk (`<dataDir>/outputs/<commitment>`), written atomically
 * (temporary file + rename) so a killed agent never serves half a file, plus the best-effort upload to the
 * REST API's blob store (PUT <base>/v1/blobs/:commitment, retried with backoff; the receipt never waits).
 */
import { mkdirSync } from "node:fs";
import { readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "../shared/logger.js";

export class OutputStore {
  private readonly dir: string;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, "outputs");
    mkdirSync(this.dir, { recursive: true });
  }

  private file(commitment: bigint, suffix: string) {
    return path.join(this.dir, `${commitment.toString()}${suffix}`);
  }

  async put(commitment: bigint, bytes: Uint8Array, suffix = ""): Promise<void> {
    const target = this.file(commitment, suffix);
    const tmp = `${target}.${process.pid}.tmp`;
    await writeFile(tmp, bytes);
    await rename(tmp, target);
  }

  async get(commitment: bigint, suffix = ""): Promise<Buffer | undefined> {
    try {
      return await readFile(this.file(commitment, suffix));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }
}

/** Uploads outputs to the API's blob store; failures are retried `attempts` times with doubling delays. */
export class ResultUploader {
  readonly failures = { count: 0 };

  constructor(
    private readonly baseUrl: string | undefined,
    private readonly logger: Logger,
    private readonly attempts = 5,
    private readonly firstDelayMs = 500,
  ) {}

  upload(commitment: bigint, bytes: Uint8Array): void {
    if (this.baseUrl === undefined) return;
    const url = `${this.baseUrl.replace(/\/$/, "")}/v1/blobs/${commitment.toString()}`;
    const tryOnce = async (attempt: number): Promise<void> => {
      try {
        const res = await fetch(url, {
          method: "PUT",
          headers: { "content-type": "application/octet-stream" },
          body: bytes,
        });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        this.logger.debug({ commitment: commitment.toString() }, "output uploaded");
      } catch (error) {
        if (attempt + 1 >= this.attempts) {
          this.failures.count++;
          this.logger.warn({ err: error, url }, "output upload gave up (the agent still serves it)");
          return;
        }
        setTimeout(() => void tryOnce(attempt + 1), this.firstDelayMs * 2 ** attempt).unref();
      }
    };
    void tryOnce(0);
  }
}
