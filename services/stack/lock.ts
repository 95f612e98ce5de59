/**
 * One start at a time per base port: `.stack/<base>.lock` holds the pid of the stack that owns `.stack/<base>/`.
 * The port check catches a stack that is already serving; the lock closes the window in which two starts on the
 * same base have both found the ports free and would both reset the same folder.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { StackLayout } from "./ports.js";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function lockFile(layout: StackLayout): string {
  return `${layout.dir}.lock`;
}

/**
 * Takes the lock for this process and returns its release; a lock left by a process that is gone is taken over.
 * Throws a one-line reason when a live process holds it.
 */
export function acquireStackLock(layout: StackLayout): () => void {
  const file = lockFile(layout);
  mkdirSync(path.dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: "wx" });
      return () => {
        if (readFileSync(file, "utf8").trim() === String(process.pid)) rmSync(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(readFileSync(file, "utf8").trim());
      if (Number.isInteger(holder) && holder > 0 && alive(holder)) {
        throw new Error(
          `another stack on base ${layout.base} is starting or running (pid ${holder}, ${file})`,
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new Error(`could not take ${file}`);
}
