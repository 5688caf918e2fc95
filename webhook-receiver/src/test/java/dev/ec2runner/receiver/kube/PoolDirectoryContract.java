package dev.ec2runner.receiver.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.api.matching.JobRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PoolDirectory} promises, run against the informer-backed directory on the real API server
 * ({@code InformerPoolDirectoryContractIT}) and the tests' fixed directory ({@code StaticPoolDirectoryContractTest}),
 * each holding the test pools of {@code pools.yaml}: a repository pool {@code hello-world} of
 * {@code Codertocat/Hello-World} that takes check runs, an organization pool {@code octo-gpu} of {@code Octocoders}
 * with the label {@code gpu}.
 */
public abstract class PoolDirectoryContract {

  /** A synced directory of the test pools, in {@link #namespace()}. */
  protected abstract PoolDirectory directory();

  protected abstract String namespace();

  private static JobRequest job(String repository, String... labels) {
    return new JobRequest(repository, repository.substring(0, repository.indexOf('/')), null, List.of(labels), false);
  }

  @Test
  void aJobOfARepositoryPoolsRepositoryIsServedByThatPoolInItsNamespace() {
    assertThat(directory().poolFor(job("Codertocat/Hello-World", "self-hosted")))
        .contains(new ServingPool(namespace(), "hello-world"));
  }

  @Test
  void aJobOfTheOrganizationAskingForThePoolsLabelIsServedByIt() {
    assertThat(directory().poolFor(job("Octocoders/linguist", "self-hosted", "gpu")))
        .contains(new ServingPool(namespace(), "octo-gpu"));
  }

  @Test
  void aJobNoPoolServesHasNoPool() {
    assertThat(directory().poolFor(job("Octocoders/linguist", "self-hosted", "tpu"))).isEmpty();
    assertThat(directory().poolFor(job("someone/else", "self-hosted"))).isEmpty();
  }

  @Test
  void aLabelLessCheckRunGoesOnlyToAPoolThatAcceptsThem() {
    assertThat(directory().poolFor(new JobRequest("Codertocat/Hello-World", "Codertocat", null, List.of(), true)))
        .contains(new ServingPool(namespace(), "hello-world"));
    assertThat(directory().poolFor(new JobRequest("Octocoders/linguist", "Octocoders", null, List.of(), true)))
        .isEmpty();
  }

  @Test
  void aSyncedDirectoryIsReady() {
    PoolDirectory directory = directory();

    assertThat(directory.synced()).isTrue();
    assertThat(directory.notReadyReason()).isEmpty();
  }
}
