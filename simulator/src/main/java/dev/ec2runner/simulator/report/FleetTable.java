package dev.ec2runner.simulator.report;

import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/** The sandbox's live view: the same columns as {@code kubectl get runnerpools} and {@code kubectl get runners}. */
public final class FleetTable {

  private FleetTable() {
  }

  public static String render(List<RunnerPool> pools, List<Runner> runners, int maxRunnerRows) {
    List<List<String>> poolRows = new ArrayList<>();
    poolRows.add(List.of("NAME", "ORG/REPO", "LABELS", "MAX", "RUNNERS", "IDLE", "BUSY", "PENDING", "READY"));
    pools.stream().sorted(Comparator.comparing(p -> p.getMetadata().getName())).forEach(p -> {
      var status = p.getStatus();
      poolRows.add(List.of(p.getMetadata().getName(), text(status, s -> s.getScope()),
          String.valueOf(p.getSpec().getGithub().getLabels()), String.valueOf(p.getSpec().getScaling().getMaxRunners()),
          text(status, s -> s.getRunners()), text(status, s -> s.getIdle()), text(status, s -> s.getBusy()),
          text(status, s -> s.getPendingJobs()), ready(status == null ? null : status.getConditions())));
    });
    List<List<String>> runnerRows = new ArrayList<>();
    runnerRows.add(List.of("NAME", "POOL", "PHASE", "INSTANCE", "TYPE", "CAPACITY", "ZONE", "JOB"));
    runners.stream().sorted(Comparator.comparing(r -> r.getMetadata().getName())).limit(maxRunnerRows).forEach(r -> {
      var s = r.getStatus();
      runnerRows.add(List.of(r.getMetadata().getName(), r.getSpec().getPool(), text(s, x -> x.getPhase()),
          text(s, x -> x.getInstanceId()), text(s, x -> x.getInstanceType()), text(s, x -> x.getCapacityType()),
          text(s, x -> x.getAvailabilityZone()),
          text(s, x -> x.getJob() == null ? null : x.getJob().getJobId())));
    });
    String table = columns(poolRows) + System.lineSeparator() + columns(runnerRows);
    if (runners.size() > maxRunnerRows) {
      table += "… and " + (runners.size() - maxRunnerRows) + " more runners" + System.lineSeparator();
    }
    return table;
  }

  private static <S> String text(S status, Function<S, Object> field) {
    Object value = status == null ? null : field.apply(status);
    return value == null ? "<none>" : value.toString();
  }

  private static String ready(List<Condition> conditions) {
    if (conditions == null) {
      return "<none>";
    }
    return conditions.stream().filter(c -> "Ready".equals(c.getType())).map(Condition::getStatus)
        .filter(Objects::nonNull).findFirst().orElse("<none>");
  }

  private static String columns(List<List<String>> rows) {
    int[] widths = new int[rows.get(0).size()];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        out.append(i == row.size() - 1 ? row.get(i) : String.format("%-" + (widths[i] + 3) + "s", row.get(i)));
      }
      out.append(System.lineSeparator());
    }
    return out.toString();
  }
}
