package dev.ec2runner.operator.cloud.aws;

import dev.ec2runner.operator.cloud.CloudException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Terminates instances in batches of at most 1000 (EC2's limit). EC2 fails a whole batch when one id is unknown;
 * unknown ids count as terminated here, so the batch is retried without them.
 */
final class InstanceTerminator {

  static final int MAX_BATCH = 1000;
  private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{8,17}");

  private InstanceTerminator() {
  }

  static void terminate(RegionClients clients, List<String> instanceIds) throws CloudException {
    List<String> valid = instanceIds.stream().filter(id -> INSTANCE_ID.matcher(id).matches()).distinct().toList();
    for (int from = 0; from < valid.size(); from += MAX_BATCH) {
      terminateBatch(clients, new ArrayList<>(valid.subList(from, Math.min(valid.size(), from + MAX_BATCH))));
    }
  }

  private static void terminateBatch(RegionClients clients, List<String> batch) throws CloudException {
    List<String> remaining = batch;
    // Each retry removes at least one id, so this ends.
    while (!remaining.isEmpty()) {
      try {
        List<String> ids = remaining;
        clients.ec2().terminateInstances(request -> request.instanceIds(ids));
        return;
      } catch (SdkException e) {
        if (!"InvalidInstanceID.NotFound".equals(AwsErrors.code(e))) {
          throw AwsErrors.translate("ec2:TerminateInstances", e);
        }
        Set<String> missing = idsIn(e.getMessage());
        List<String> left = remaining.stream().filter(id -> !missing.contains(id)).toList();
        if (missing.isEmpty() || left.size() == remaining.size()) {
          // The error named no id of ours: nothing in the batch can be found.
          return;
        }
        remaining = left;
      }
    }
  }

  /** Instance ids mentioned in an error message, e.g. "The instance IDs 'i-1, i-2' do not exist". */
  static Set<String> idsIn(String message) {
    Set<String> ids = new LinkedHashSet<>();
    if (message == null) {
      return ids;
    }
    Matcher matcher = INSTANCE_ID.matcher(message);
    while (matcher.find()) {
      ids.add(matcher.group());
    }
    return ids;
  }
}
