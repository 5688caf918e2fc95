package dev.ec2runner.operator.cloud.aws;

import dev.ec2runner.operator.cloud.CapacityType;
import dev.ec2runner.operator.cloud.CloudException;
import dev.ec2runner.operator.cloud.LaunchedInstance;
import dev.ec2runner.operator.cloud.Offering;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.ec2.model.CreateFleetError;
import software.amazon.awssdk.services.ec2.model.CreateFleetInstance;
import software.amazon.awssdk.services.ec2.model.CreateFleetResponse;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateOverrides;

/**
 * Reads an instant fleet's answer. EC2 reports capacity and many configuration failures of an instant fleet in its
 * {@code Errors} list with an empty instance list, not as an exception.
 */
final class FleetOutcome {

  private FleetOutcome() {
  }

  static LaunchedInstance interpret(CreateFleetResponse response, FleetPlan plan) throws CloudException {
    for (CreateFleetInstance instance : response.instances()) {
      if (instance.instanceIds().isEmpty()) {
        continue;
      }
      FleetLaunchTemplateOverrides override = instance.launchTemplateAndOverrides() == null
          ? null : instance.launchTemplateAndOverrides().overrides();
      String zone = zoneOf(override, plan);
      CapacityType capacityType = instance.lifecycle() == null ? plan.capacityType()
          : CapacityType.fromWireName(instance.lifecycleAsString());
      return new LaunchedInstance(instance.instanceIds().get(0), instance.instanceTypeAsString(), zone, capacityType);
    }
    throw failure(response.errors(), plan);
  }

  /** The most useful exception for a fleet that launched nothing: capacity first, then configuration. */
  static CloudException failure(List<CreateFleetError> errors, FleetPlan plan) {
    if (errors.isEmpty()) {
      return new CloudException("ec2:CreateFleet launched no instance and reported no error");
    }
    Set<Offering> exhausted = new LinkedHashSet<>();
    List<String> capacityCodes = new ArrayList<>();
    CreateFleetError invalid = null;
    CreateFleetError throttled = null;
    for (CreateFleetError error : errors) {
      String code = error.errorCode();
      if (AwsErrors.isCapacity(code)) {
        capacityCodes.add(code);
        exhausted.addAll(offeringsOf(error, plan));
      } else if (AwsErrors.isInvalidConfiguration(code) && invalid == null) {
        invalid = error;
      } else if (AwsErrors.isThrottling(code) && throttled == null) {
        throttled = error;
      }
    }
    if (!exhausted.isEmpty()) {
      return new CloudException.InsufficientCapacity("no " + plan.capacityType().wireName() + " capacity ("
          + String.join(", ", new LinkedHashSet<>(capacityCodes)) + ") for " + describe(exhausted),
          List.copyOf(exhausted));
    }
    if (invalid != null) {
      return new CloudException.InvalidConfiguration("ec2:CreateFleet failed: " + invalid.errorCode() + ": "
          + AwsErrors.safeMessage(String.valueOf(invalid.errorMessage())) + AwsErrors.hint(invalid.errorCode()));
    }
    if (throttled != null) {
      return new CloudException.Throttled("ec2:CreateFleet throttled: " + throttled.errorCode(),
          AwsErrors.THROTTLE_BACKOFF);
    }
    CreateFleetError first = errors.get(0);
    return new CloudException("ec2:CreateFleet failed: " + first.errorCode() + ": "
        + AwsErrors.safeMessage(String.valueOf(first.errorMessage())));
  }

  /** The offerings an error names; an error naming no override concerns every offering of the request. */
  private static List<Offering> offeringsOf(CreateFleetError error, FleetPlan plan) {
    FleetLaunchTemplateOverrides override = error.launchTemplateAndOverrides() == null
        ? null : error.launchTemplateAndOverrides().overrides();
    if (override == null || override.instanceTypeAsString() == null) {
      return plan.offerings();
    }
    CapacityType capacityType = error.lifecycle() == null ? plan.capacityType()
        : CapacityType.fromWireName(error.lifecycleAsString());
    return List.of(new Offering(override.instanceTypeAsString(), zoneOf(override, plan), capacityType));
  }

  private static String zoneOf(FleetLaunchTemplateOverrides override, FleetPlan plan) {
    if (override == null) {
      return null;
    }
    if (override.availabilityZone() != null) {
      return override.availabilityZone();
    }
    return override.subnetId() == null ? null : plan.zoneBySubnet().get(override.subnetId());
  }

  private static String describe(Set<Offering> offerings) {
    List<String> names = new ArrayList<>();
    for (Offering offering : offerings) {
      names.add(offering.instanceType() + (offering.availabilityZone() == null ? "" : " in "
          + offering.availabilityZone()));
    }
    return String.join(", ", names);
  }
}
