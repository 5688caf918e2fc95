package dev.ec2runner.operator.testsupport;

import dev.ec2runner.operator.faults.CallGate;
import dev.ec2runner.api.v1alpha1.Ec2Settings;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.operator.cloud.CloudException;
import dev.ec2runner.operator.cloud.LaunchRequest;
import dev.ec2runner.operator.github.AppCredentials;
import dev.ec2runner.operator.github.GitHubException;
import java.net.ConnectException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Faults of a world that does not fit the pool's spec, each failing the way the real adapters report it: an AWS
 * account without the pool's instance type, region or image, and a GitHub that does not answer or refuses the key.
 * Also counts calls per namespace, so tests can bound how often a failing pool tries.
 */
public final class BrokenWorld {

  private BrokenWorld() {
  }

  /** An AWS account where only these regions, instance types and AMI ids exist. */
  public static CallGate.Rule awsAccount(Set<String> regions, Set<String> instanceTypes, Set<String> amis) {
    return new CallGate.Rule() {
      @Override
      public void before(CallGate.Call call) throws CloudException {
        if (!call.is("RunnerCloud.launch")) {
          return;
        }
        Ec2Settings ec2 = call.<LaunchRequest>arg(0).poolSpec().getEc2();
        if (!regions.contains(ec2.getRegion())) {
          // What the AWS adapter makes of a region without endpoints (Ec2RunnerCloud.unknownRegion).
          throw new CloudException.InvalidConfiguration("'" + ec2.getRegion() + "' is not an AWS region (check "
              + "spec.ec2.region): ec2:DescribeImages failed: AWS could not be reached (SdkClientException)");
        }
        String ami = ec2.getAmi() == null ? null : ec2.getAmi().getId();
        if (ami != null && !amis.contains(ami)) {
          throw new CloudException.InvalidConfiguration("ec2:DescribeImages failed: InvalidAMIID.NotFound: The image "
              + "id '[" + ami + "]' does not exist (check spec.ec2.ami)");
        }
        for (String type : ec2.getInstanceTypes()) {
          if (!instanceTypes.contains(type)) {
            throw new CloudException.InvalidConfiguration("ec2:CreateFleet failed: InvalidParameterValue: The "
                + "instance type '" + type + "' does not exist in " + ec2.getRegion()
                + " (check spec.ec2.instanceTypes)");
          }
        }
      }
    };
  }

  /**
   * A GitHub that accepts only this App key and answers on every API URL but the unreachable ones. Every call of a
   * pool's client that reaches GitHub first needs an installation token, so that is where it fails.
   */
  public static CallGate.Rule gitHubApp(String appKey, Set<String> unreachableApiUrls) {
    return new CallGate.Rule() {
      @Override
      public void before(CallGate.Call call) throws GitHubException {
        if (call.origin().length < 2 || !(call.origin()[0] instanceof RunnerPool pool)
            || !(call.origin()[1] instanceof AppCredentials credentials)
            || !call.mayThrow(GitHubException.class)) {
          return;
        }
        String token = "POST /app/installations/" + credentials.installationId() + "/access_tokens";
        String apiUrl = pool.getSpec().getGithub().getApiUrl();
        if (apiUrl != null && unreachableApiUrls.contains(apiUrl)) {
          throw new GitHubException(token + " failed: ConnectException Connection refused",
              new ConnectException("Connection refused"));
        }
        if (!credentials.privateKey().reveal().equals(appKey.strip())) {
          throw new GitHubException.Unauthorized(401, token + ": 401 A JSON web token could not be decoded");
        }
      }
    };
  }

  /** Counts calls by name and namespace (of a launch request, or of the pool a GitHub client belongs to). */
  public static final class CallCounter implements CallGate.Rule {

    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    @Override
    public void before(CallGate.Call call) {
      String namespace = null;
      if (call.args().length > 0 && call.args()[0] instanceof LaunchRequest request) {
        namespace = request.namespace();
      } else if (call.origin().length > 0 && call.origin()[0] instanceof RunnerPool pool) {
        namespace = pool.getMetadata().getNamespace();
      }
      counts.computeIfAbsent(call.name() + "@" + namespace, k -> new AtomicInteger()).incrementAndGet();
    }

    /** How often the call was made for the namespace. */
    public int count(String callName, String namespace) {
      AtomicInteger count = counts.get(callName + "@" + namespace);
      return count == null ? 0 : count.get();
    }
  }
}
