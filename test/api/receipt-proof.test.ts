/**
 * The indexer reads a receipt's proof from the submitting transaction's calldata (services/indexer/events.ts):
 * the operator's signature of `submitReceipt`, or the Groth16 proof of `submitProvenReceipts`, whatever its
 * position among the parameters; other calldata yields none.
 */
import { describe, expect, it } from "vitest";
import { ReceiptRegistry__factory } from "../../types/contracts/index.js";
import type { Groth16ProofStruct } from "../../types/contracts/contracts/region/ReceiptRegistry.js";
import { receiptProof } from "../../services/indexer/events.js";
import { packProvenReceipt } from "../../services/zk/index.js";

const registry = ReceiptRegistry__factory.createInterface();

describe("receiptProof", () => {
  it("returns the Groth16 proof of submitProvenReceipts", () => {
    const proof: Groth16ProofStruct = {
      a: [1n, 2n],
      b: [
        [3n, 4n],
        [5n, 6n],
      ],
      c: [7n, 8n],
    };
    const packed = packProvenReceipt({ jobId: 9n, attempt: 1n, latencyMet: true, deadlineMet: true });
    const receipts = [{ packed, outputCommitment: 10n }];
    const data = registry.encodeFunctionData("submitProvenReceipts", [11n, receipts, 12n, proof]);
    expect(receiptProof(data)).toEqual({
      signature: null,
      groth16: {
        a: ["1", "2"],
        b: [
          ["3", "4"],
          ["5", "6"],
        ],
        c: ["7", "8"],
      },
    });
  });

  it("returns the signature of submitReceipt, and nothing for other calldata", () => {
    const receipt = {
      jobId: 1n,
      nodeId: 2n,
      attempt: 1,
      inputCommitment: 3n,
      outputCommitment: 4n,
      latencyMs: 5,
      finishTime: 6n,
      energyWh: 7,
    };
    const data = registry.encodeFunctionData("submitReceipt", [receipt, "0xabcd"]);
    expect(receiptProof(data)).toEqual({ signature: "0xabcd", groth16: null });
    expect(receiptProof("0xdeadbeef")).toBeUndefined();
  });
});
