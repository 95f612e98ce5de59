/**
 * RegionalReporter (region) → RegionReports (hub) over peered LocalMessengers on one in-process chain: only the
 * appointed coordinator reports, epochs strictly increase, fields are range-checked, a region names only its own
 * nodes as silent, the hub keeps the newest epoch per region and drops a late, older delivery without reverting.
 */
import { network } from "hardhat";
import { zeroPadValue } from "ethers";
import { beforeAll, describe, expect, it } from "vitest";
import {
  LocalMessenger__factory,
  type LocalMessenger,
  RegionReports__factory,
  type RegionReports,
  RegionalReporter__factory,
  type RegionalReporter,
} from "../../types/contracts/index.js";
import { expectRevert } from "../helpers/chain.js";

const HUB = 31337;
const EAST = 31338;
let reporter: RegionalReporter;
let reports: RegionReports;
let eastMessenger: LocalMessenger;
let signers: Awaited<ReturnType<Awaited<ReturnType<typeof network.create>>["ethers"]["getSigners"]>>;

const report = (epoch: number, o: Partial<Record<string, unknown>> = {}) => ({
  epoch,
  reportedAt: 0,
  utilisationBps: 4_000,
  queueLength: 3,
  energyWh: 120,
  carbonIntensity: 420,
  activeAgents: 2,
  silentNodes: [] as bigint[],
  ...o,
});

beforeAll(async () => {
  const { ethers } = await network.create("hub");
  signers = await ethers.getSigners();
  const [owner] = signers;
  const hubMessenger = await new LocalMessenger__factory(owner).deploy(HUB);
  eastMessenger = await new LocalMessenger__factory(owner).deploy(EAST);
  await (await hubMessenger.setPeer(await eastMessenger.getAddress())).wait();
  await (await eastMessenger.setPeer(await hubMessenger.getAddress())).wait();
  reports = await new RegionReports__factory(owner).deploy(await hubMessenger.getAddress(), owner!.address);
  reporter = await new RegionalReporter__factory(owner).deploy(
    await eastMessenger.getAddress(),
    HUB,
    owner!.address,
  );
  await (await reports.enrollRemote(EAST, zeroPadValue(await reporter.getAddress(), 32))).wait();
  await (await reporter.enrollRemote(HUB, zeroPadValue(await reports.getAddress(), 32))).wait();
});

describe("RegionalReporter → RegionReports", () => {
  it("accepts reports only from the appointed coordinator, appointed only by governance", async () => {
    const [, coordinator, stranger] = signers;
    await expectRevert(
      () => reporter.connect(coordinator!).report(report(1)),
      reporter.interface,
      "RegionalReporterNotCoordinator",
    );
    await expectRevert(
      () => reporter.connect(stranger!).setCoordinator(stranger!.address),
      reporter.interface,
      "OwnableUnauthorizedAccount",
    );
    await expectRevert(
      () => reporter.setCoordinator("0x0000000000000000000000000000000000000000"),
      reporter.interface,
      "RegionalReporterZeroCoordinator",
    );
    await (await reporter.setCoordinator(coordinator!.address)).wait();
    expect(await reporter.coordinator()).toBe(coordinator!.address);
  });

  it("delivers a report to the hub, which keeps the newest per region", async () => {
    const [, coordinator] = signers;
    const silent = (BigInt(EAST) << 64n) | 3n;
    await (await reporter.connect(coordinator!).report(report(1, { silentNodes: [silent] }))).wait();
    const latest = await reports.latest(EAST);
    expect(latest.epoch).toBe(1n);
    expect(latest.carbonIntensity).toBe(420n);
    expect(latest.utilisationBps).toBe(4000n);
    expect(latest.silentNodes).toEqual([silent]);
    expect(latest.reportedAt).toBeGreaterThan(0n);
    expect(await reports.regions()).toEqual([BigInt(EAST)]);
    await expectRevert(
      () => reporter.connect(coordinator!).report(report(1)),
      reporter.interface,
      "RegionalReporterStaleEpoch",
    );
  });

  it("range-checks every field it can", async () => {
    const [, coordinator] = signers;
    const bad: [Record<string, unknown>, string][] = [
      [{ utilisationBps: 10_001 }, "utilisationBps"],
      [{ carbonIntensity: 2_001 }, "carbonIntensity"],
      [{ silentNodes: [(BigInt(HUB) << 64n) | 1n] }, "silentNodes"],
      [
        { silentNodes: Array.from({ length: 65 }, (_, i) => (BigInt(EAST) << 64n) | BigInt(i)) },
        "silentNodes",
      ],
    ];
    for (const [fields, name] of bad) {
      const [field] = await expectRevert(
        () => reporter.connect(coordinator!).report(report(5, fields)),
        reporter.interface,
        "RegionalReporterInvalidField",
      );
      expect(Buffer.from(String(field).slice(2), "hex").toString("utf8").replace(/\0+$/, "")).toBe(name);
    }
  });

  it("drops an older report delivered late instead of reverting", async () => {
    const [, coordinator] = signers;
    await (await eastMessenger.setHeld(true)).wait();
    await (await reporter.connect(coordinator!).report(report(2, { carbonIntensity: 100 }))).wait();
    await (await eastMessenger.setHeld(false)).wait();
    await (await reporter.connect(coordinator!).report(report(3, { carbonIntensity: 300 }))).wait();
    expect((await reports.latest(EAST)).epoch).toBe(3n);
    const tx = await eastMessenger.release();
    const rcpt = await tx.wait();
    const ignored = rcpt!.logs
      .map((l) => {
        try {
          return reports.interface.parseLog(l);
        } catch {
          return null;
        }
      })
      .find((l) => l?.name === "StaleReportIgnored");
    expect(ignored?.args.epoch).toBe(2n);
    expect((await reports.latest(EAST)).carbonIntensity).toBe(300n);
  });

  it("refuses messages from anyone but the enrolled reporter, and the reporter accepts none", async () => {
    const [owner] = signers;
    await expectRevert(
      () => reports.handle(EAST, zeroPadValue(owner!.address, 32), "0x0114"),
      reports.interface,
      "EndpointCallerNotMessenger",
    );
    await expectRevert(
      () => reporter.handle(HUB, zeroPadValue(owner!.address, 32), "0x0114"),
      reporter.interface,
      "EndpointCallerNotMessenger",
    );
  });
});
