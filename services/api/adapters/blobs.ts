/**
 * Result blobs on disk, addressed by their content commitment (the decimal `contentCommitment` of the bytes,
 * which is the receipt's `outputCommitment`). Writes go to a temporary file renamed into place, so a reader
 * never sees half a blob and a repeated upload of the same bytes changes nothing.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";

export class BlobStore {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  private file(commitment: bigint): string {
    return path.join(this.dir, commitment.toString());
  }

  /** Stores `bytes` under `commitment` (already checked by the caller); false when it was already there. */
  put(commitment: bigint, bytes: Uint8Array): boolean {
    const file = this.file(commitment);
    if (existsSync(file)) return false;
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(tmp, bytes);
    renameSync(tmp, file);
    return true;
  }

  get(commitment: bigint): Buffer | undefined {
    const file = this.file(commitment);
    return existsSync(file) ? readFileSync(file) : undefined;
  }
}
