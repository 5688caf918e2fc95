package dev.ec2runner.simulator.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/** Order statistics for reports: nearest-rank percentiles, as load-testing tools report them. */
public final class Stats {

  private Stats() {
  }

  /** The p-th percentile (0 < p ≤ 100) by nearest rank; 0 for no values. */
  public static double percentile(Collection<Double> values, double p) {
    if (values.isEmpty()) {
      return 0;
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  public static double max(Collection<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
  }

  /** Rounds for presentation, so reports do not carry float noise. */
  public static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
