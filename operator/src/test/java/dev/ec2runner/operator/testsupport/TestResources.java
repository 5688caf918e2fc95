package dev.ec2runner.operator.testsupport;

import dev.ec2runner.api.v1alpha1.AmiSelector;
import dev.ec2runner.api.v1alpha1.Ec2Settings;
import dev.ec2runner.api.v1alpha1.GitHubTarget;
import dev.ec2runner.api.v1alpha1.ResourceSelector;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.RunnerPoolSpec;
import dev.ec2runner.api.v1alpha1.RunnerSettings;
import dev.ec2runner.api.v1alpha1.ScalingSettings;
import dev.ec2runner.api.v1alpha1.SecretReference;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.api.v1alpha1.WorkflowJobSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Valid RunnerPools, App Secrets and WorkflowJobs for tests, to adjust per test. */
public final class TestResources {

  public static final String ORG = "acme";
  public static final String SECRET = "github-app";
  /** A syntactically valid PEM block; the in-memory GitHub never uses it. */
  public static final String TEST_KEY = "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n"
      + "-----END RSA PRIVATE KEY-----\n";

  private TestResources() {
  }

  /** An organization pool with custom label {@code gpu}: spot-with-fallback, at most {@code maxRunners}. */
  public static RunnerPool pool(String namespace, String name, int maxRunners) {
    RunnerPool pool = new RunnerPool();
    pool.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    pool.setSpec(new RunnerPoolSpec()
        .withGithub(new GitHubTarget().withOrganization(ORG).withLabels(List.of("gpu"))
            .withAppSecretRef(new SecretReference().withName(SECRET)))
        .withRunner(new RunnerSettings().withEphemeral(true))
        .withEc2(new Ec2Settings().withRegion("eu-west-1")
            .withAmi(new AmiSelector().withId("ami-0123456789abcdef0"))
            .withInstanceTypes(List.of("m7i.large", "m6i.large"))
            .withCapacityType("spot-with-fallback")
            .withSubnets(List.of(new ResourceSelector().withId("subnet-0123456789abcdef0"))))
        .withScaling(new ScalingSettings().withMaxRunners(maxRunners).withMinIdle(0)
            .withMinimumRunningTime("0s").withIdleTimeout("1m").withBootTimeout("5m")));
    return pool;
  }

  public static Secret appSecret(String namespace) {
    return new SecretBuilder()
        .withMetadata(new ObjectMetaBuilder().withName(SECRET).withNamespace(namespace).build())
        .withStringData(Map.of("appId", "12345", "installationId", "67890", "privateKey", TEST_KEY))
        .build();
  }

  /** A queued workflow_job asking for {@code self-hosted, gpu} in the organization. */
  public static WorkflowJob queuedJob(String namespace, long jobId, Instant queuedAt) {
    WorkflowJob job = new WorkflowJob();
    job.setMetadata(new ObjectMetaBuilder().withName(WorkflowJob.nameFor("workflow_job", jobId))
        .withNamespace(namespace).build());
    job.setSpec(new WorkflowJobSpec().withJobId(jobId).withRunId(jobId * 10).withRunAttempt(1)
        .withName("build").withRepository(ORG + "/app").withOrganization(ORG)
        .withLabels(List.of("self-hosted", "gpu")).withSource("workflow_job").withState("queued")
        .withQueuedAt(queuedAt.toString()));
    return job;
  }

  /**
   * Edits as a user would (read, change, write); a write that lost the race with the operator's own status update
   * (409) is read and done again, as kubectl would have to.
   */
  public static <T extends HasMetadata> T edit(Resource<T> resource, UnaryOperator<T> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        return resource.edit(change);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 10) {
          throw e;
        }
      }
    }
  }
}
