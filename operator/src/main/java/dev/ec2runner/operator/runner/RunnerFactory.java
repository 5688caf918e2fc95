package dev.ec2runner.operator.runner;

import dev.ec2runner.api.v1alpha1.ApiGroup;
import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.RunnerSettings;
import dev.ec2runner.api.v1alpha1.RunnerSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Builds the Runner objects a pool creates: a snapshot of the pool's intent, owned by the pool. */
public final class RunnerFactory {

  /** Annotation with the queued time of the job a Runner was created for, for the scale-up latency metric. */
  public static final String DEMAND_QUEUED_AT = ApiGroup.GROUP + "/demand-queued-at";

  private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int SUFFIX_LENGTH = 5;

  private RunnerFactory() {
  }

  /**
   * A new Runner named {@code <pool>-<5 random lowercase alphanumerics>}.
   *
   * @param demandQueuedAt queued time of the job it is for, or null for idle capacity
   */
  public static Runner newRunner(RunnerPool pool, Instant demandQueuedAt) {
    String poolName = pool.getMetadata().getName();
    Map<String, String> annotations = new HashMap<>();
    if (demandQueuedAt != null) {
      annotations.put(DEMAND_QUEUED_AT, demandQueuedAt.toString());
    }
    RunnerSettings settings = pool.getSpec().getRunner();
    Runner runner = new Runner();
    runner.setMetadata(new ObjectMetaBuilder()
        .withName(poolName + "-" + randomSuffix())
        .withNamespace(pool.getMetadata().getNamespace())
        .withLabels(Map.of(ApiGroup.POOL_LABEL, poolName))
        .withAnnotations(annotations)
        // Born with the Runner controller's finalizer: that controller need not write it before its first launch,
        // and no Runner exists without it even for an instant.
        .withFinalizers(ApiGroup.RUNNER_FINALIZER)
        .withOwnerReferences(new OwnerReferenceBuilder()
            .withApiVersion(ApiGroup.API_VERSION)
            .withKind("RunnerPool")
            .withName(poolName)
            .withUid(pool.getMetadata().getUid())
            .withController(true)
            .withBlockOwnerDeletion(true)
            .build())
        .build());
    List<String> labels = pool.getSpec().getGithub().getLabels();
    runner.setSpec(new RunnerSpec()
        .withPool(poolName)
        .withCapacityTypes(capacityTypes(pool.getSpec().getEc2().getCapacityType()))
        .withLabels(labels == null ? List.of() : List.copyOf(labels))
        .withEphemeral(settings == null || settings.getEphemeral() == null || settings.getEphemeral()));
    return runner;
  }

  /**
   * The pool among {@code pools} whose Runner the name ({@code <pool>-<suffix>}) was given to, when the Runner itself
   * may be gone; empty for a name no Runner of these pools was given (a runner this operator did not create).
   */
  public static Optional<String> poolOfName(String runnerName, Set<String> pools) {
    int dash = runnerName.length() - SUFFIX_LENGTH - 1;
    if (dash < 1 || runnerName.charAt(dash) != '-'
        || !runnerName.substring(dash + 1).chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
      return Optional.empty();
    }
    return Optional.of(runnerName.substring(0, dash)).filter(pools::contains);
  }

  /** The capacity types to try, in order, for a pool's capacityType (default spot-with-fallback). */
  public static List<String> capacityTypes(String capacityType) {
    if (capacityType == null || "spot-with-fallback".equals(capacityType)) {
      return List.of("spot", "on-demand");
    }
    return List.of(capacityType);
  }

  static String randomSuffix() {
    char[] suffix = new char[SUFFIX_LENGTH];
    for (int i = 0; i < suffix.length; i++) {
      suffix[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return new String(suffix);
  }
}
