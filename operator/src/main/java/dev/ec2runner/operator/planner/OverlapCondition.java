package dev.ec2runner.operator.planner;

import dev.ec2runner.api.matching.PoolOverlaps;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The pool's Overlapping condition: whether GitHub can give its runners another pool's jobs, or its jobs to another
 * pool's runners. Either way a pool's runners are consumed by jobs it did not launch them for, and the jobs that
 * need them (say, the {@code xl} ones) wait; the message names the pools and the label that would separate them.
 */
public final class OverlapCondition {

  public static final String TYPE = "Overlapping";
  public static final String LABELS_OVERLAP = "LabelsOverlap";
  public static final String NO_OVERLAP = "NoOverlap";

  private OverlapCondition() {
  }

  /** The condition for the named pool, given the overlaps it takes part in. */
  public static PlannedCondition of(String pool, List<PoolOverlaps.Overlap> overlaps) {
    if (overlaps.isEmpty()) {
      return new PlannedCondition(TYPE, false, NO_OVERLAP,
          "no other pool in the namespace can take this pool's jobs or have its jobs taken by this pool's runners");
    }
    return new PlannedCondition(TYPE, true, LABELS_OVERLAP,
        overlaps.stream().map(PoolOverlaps.Overlap::message).collect(Collectors.joining("; also ")));
  }
}
