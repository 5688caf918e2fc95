package dev.ec2runner.operator.cloud.aws;

import dev.ec2runner.operator.InstallationId;
import dev.ec2runner.operator.cloud.CloudException;
import dev.ec2runner.operator.cloud.LaunchRequest;
import dev.ec2runner.operator.cloud.LaunchedInstance;
import dev.ec2runner.operator.cloud.Offering;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.model.CreateFleetError;
import software.amazon.awssdk.services.ec2.model.CreateFleetResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * Sends one launch's CreateFleet and makes its idempotency hold across retries whose overrides differ.
 *
 * <p>EC2 answers {@code IdempotentParameterMismatch} when a client token comes back with other parameters, which
 * happens when offerings were marked unavailable between two attempts for one Runner. The instance of an earlier
 * attempt is then found by its {@code runner-uid} tag, and taken only when {@link InstanceOwnership} confirms this
 * installation launched it (a tag is no proof); only when there is none is the launch retried under a token derived
 * from the token and the new overrides (itself stable, so retries of that attempt stay idempotent).
 */
final class FleetLauncher {

  /** The launch template named in the request does not exist (anymore). */
  static final class TemplateMissing extends Exception {
    TemplateMissing() {
      super(null, null, false, false);
    }
  }

  private final InstallationId installation;
  private final InstanceOwnership ownership;

  FleetLauncher(InstallationId installation, InstanceOwnership ownership) {
    this.installation = installation;
    this.ownership = ownership;
  }

  LaunchedInstance launch(PreparedLaunch prepared, LaunchRequest request) throws CloudException, TemplateMissing {
    FleetPlan plan = FleetRequests.build(request, prepared.templateName(), prepared.subnets(),
        request.idempotencyToken(), installation);
    try {
      return send(prepared, plan);
    } catch (SdkException e) {
      if (!"IdempotentParameterMismatch".equals(AwsErrors.code(e))) {
        throw translate(e, plan);
      }
    }
    Optional<LaunchedInstance> earlier = findByToken(prepared, request.idempotencyToken());
    if (earlier.isPresent()) {
      return earlier.get();
    }
    FleetPlan retry = FleetRequests.build(request, prepared.templateName(), prepared.subnets(),
        derivedToken(request.idempotencyToken(), plan.offerings()), installation);
    try {
      return send(prepared, retry);
    } catch (SdkException e) {
      throw translate(e, retry);
    }
  }

  private static LaunchedInstance send(PreparedLaunch prepared, FleetPlan plan) throws CloudException,
      TemplateMissing {
    CreateFleetResponse response;
    try {
      response = prepared.clients().ec2().createFleet(plan.request());
    } catch (SdkException e) {
      if (Ec2RunnerCloud.isTemplateMissing(AwsErrors.code(e))) {
        throw new TemplateMissing();
      }
      throw e;
    }
    if (response.instances().stream().allMatch(instance -> instance.instanceIds().isEmpty())
        && response.errors().stream().map(CreateFleetError::errorCode).anyMatch(Ec2RunnerCloud::isTemplateMissing)) {
      throw new TemplateMissing();
    }
    return FleetOutcome.interpret(response, plan);
  }

  private static CloudException translate(SdkException e, FleetPlan plan) {
    String code = AwsErrors.code(e);
    if (AwsErrors.isCapacity(code)) {
      return new CloudException.InsufficientCapacity(AwsErrors.describe("ec2:CreateFleet", code, e),
          plan.offerings());
    }
    return AwsErrors.translate("ec2:CreateFleet", e);
  }

  /** The instance an earlier attempt with this token launched, if any. */
  private Optional<LaunchedInstance> findByToken(PreparedLaunch prepared, String token) throws CloudException {
    List<Instance> tagged;
    try {
      tagged = prepared.clients().ec2().describeInstancesPaginator(request -> request.filters(
              Filter.builder().name("tag:" + ManagedTags.RUNNER_UID).values(token).build(),
              Filter.builder().name("tag:" + ManagedTags.INSTALLATION).values(installation.value()).build(),
              Filter.builder().name("instance-state-name").values("pending", "running").build()))
          .reservations().stream().flatMap(reservation -> reservation.instances().stream()).toList();
    } catch (SdkException e) {
      throw AwsErrors.translate("ec2:DescribeInstances", e);
    }
    for (Instance instance : tagged) {
      if (ownership.launchedHere(prepared.clients(), instance.instanceId())) {
        return Optional.of(toLaunched(instance));
      }
    }
    return Optional.empty();
  }

  private static LaunchedInstance toLaunched(Instance instance) {
    // Only the launch facts are kept; the caller knows the region it launched in.
    var cloud = InstanceMapper.toCloudInstance(instance, null);
    return new LaunchedInstance(cloud.instanceId(), cloud.instanceType(), cloud.availabilityZone(),
        cloud.capacityType());
  }

  /** The token plus 12 hex digits of the overrides' hash: at most 64 characters for a UID token. */
  static String derivedToken(String token, List<Offering> offerings) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(offerings.toString().getBytes(StandardCharsets.UTF_8));
      String base = token.length() > 51 ? token.substring(0, 51) : token;
      return base + "-" + HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
