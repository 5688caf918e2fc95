package dev.ec2runner.simulator.sandbox;

import dev.ec2runner.simulator.report.SandboxReport;
import java.util.List;
import java.util.Map;

/** Reports with chosen figures, for tests of what is computed from them. */
final class Reports {

  private Reports() {
  }

  static SandboxReport report(String strategy, int served, double waitP95, double idleMinutes, double cost) {
    return new SandboxReport("steady", strategy, 900, new SandboxReport.Jobs(served, served, 0),
        new SandboxReport.Wait(waitP95 / 2, waitP95, waitP95 + 1), new SandboxReport.WaitParts(
            new SandboxReport.WaitParts.Parts(served, 1, 40, 1, waitP95 / 2 - 42),
            new SandboxReport.WaitParts.Parts(1, 1, 40, 1, waitP95 - 42)), idleMinutes * 4, idleMinutes, 1.0, cost,
        List.of(new SandboxReport.Pool("org-linux", 7, 20, 0)), new SandboxReport.Leaks(0, 0, 0),
        Map.of("ec2", Map.of("CreateFleet", (long) served)), List.of(), Map.of());
  }
}
