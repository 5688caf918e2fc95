package dev.ec2runner.operator.github.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.api.matching.NamespaceScopes;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.SecretReference;
import dev.ec2runner.operator.OperatorConfig;
import dev.ec2runner.operator.metrics.OperatorMetrics;
import dev.ec2runner.operator.github.fake.FakeGitHub;
import dev.ec2runner.operator.testsupport.MutableClock;
import dev.ec2runner.operator.testsupport.OperatorWorld;
import dev.ec2runner.operator.testsupport.TestResources;
import dev.ec2runner.testkit.kube.TestCluster;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The App Secret that many pools name is read once per refresh period, not once per pool, on the real API server;
 * a changed Secret still reaches every pool's client within the period.
 */
class AppSecretReadsIT {

  private static final Duration REFRESH = Duration.ofSeconds(30);

  private final TestCluster cluster = TestCluster.create("secret-reads");
  private final String namespace = cluster.namespace();
  private final AtomicInteger secretGets = new AtomicInteger();
  private final AtomicBoolean slowSecretGets = new AtomicBoolean();
  private final KubernetesClient counting = cluster.newClient(new Interceptor() {
    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
      if ("GET".equals(request.method()) && request.uri().getPath().contains("/secrets")) {
        secretGets.incrementAndGet();
        if (slowSecretGets.get()) {
          // A read that takes a while, as under load: the other pools' reconciles arrive while it is under way.
          LockSupport.parkNanos(Duration.ofMillis(300).toNanos());
        }
      }
    }
  });
  private final MutableClock clock = new MutableClock(OperatorWorld.START);
  private final OperatorMetrics metrics = new OperatorMetrics(new SimpleMeterRegistry());
  private final GitHubAccess access = new GitHubAccess(counting, (pool, credentials) -> FakeGitHub.openWorld(clock),
      c -> c, new GitHubHealth(clock, metrics), clock, REFRESH, OperatorConfig.DEFAULT_GITHUB_API_HOSTS,
      NamespaceScopes.unrestricted());
  private final List<RunnerPool> pools = IntStream.range(0, 20)
      .mapToObj(i -> TestResources.pool(namespace, "pool-" + i, 5)).toList();

  @AfterEach
  void clean() {
    cluster.close();
  }

  @Test
  void twentyPoolsNamingOneSecretReadItOncePerRefreshPeriod() {
    cluster.client().resource(TestResources.appSecret(namespace)).create();

    List<GitHubAccess.Result> first = pools.stream().map(access::forPool).toList();
    assertThat(first).allSatisfy(result -> assertThat(result).isInstanceOf(GitHubAccess.Available.class));
    assertThat(secretGets).hasValue(1);

    clock.advance(REFRESH.minusSeconds(1));
    pools.forEach(access::forPool);
    assertThat(secretGets).hasValue(1);

    clock.advance(Duration.ofSeconds(1));
    List<GitHubAccess.Result> unchanged = pools.stream().map(access::forPool).toList();
    assertThat(secretGets).hasValue(2);
    // The Secret did not change: each pool keeps its client (and its installation token).
    IntStream.range(0, pools.size()).forEach(i -> assertThat(unchanged.get(i)).isSameAs(first.get(i)));
  }

  @Test
  void poolsReconcilingSideBySideShareOneRead() throws Exception {
    cluster.client().resource(TestResources.appSecret(namespace)).create();
    slowSecretGets.set(true);
    ExecutorService reconcilers = Executors.newFixedThreadPool(pools.size());
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<GitHubAccess.Result>> results = new ArrayList<>();
      for (RunnerPool pool : pools) {
        results.add(reconcilers.submit(() -> {
          start.await();
          return access.forPool(pool);
        }));
      }
      start.countDown();
      for (Future<GitHubAccess.Result> result : results) {
        assertThat(result.get()).isInstanceOf(GitHubAccess.Available.class);
      }
    } finally {
      reconcilers.shutdownNow();
    }

    assertThat(secretGets).hasValue(1);
  }

  @Test
  void aChangedSecretReachesEveryPoolWithinTheRefreshPeriod() {
    cluster.client().resource(TestResources.appSecret(namespace)).create();
    List<GitHubAccess.Result> before = pools.stream().map(access::forPool).toList();

    cluster.client().secrets().inNamespace(namespace).withName(TestResources.appSecret(namespace)
        .getMetadata().getName()).edit(s -> {
          s.setStringData(Map.of("appId", "54321", "installationId", "67890", "privateKey", TestResources.TEST_KEY));
          return s;
        });
    clock.advance(REFRESH);
    List<GitHubAccess.Result> after = pools.stream().map(access::forPool).toList();

    assertThat(secretGets).hasValue(2);
    IntStream.range(0, pools.size()).forEach(i -> {
      assertThat(after.get(i)).isNotSameAs(before.get(i));
      assertThat(((GitHubAccess.Available) after.get(i)).installation().appId()).isEqualTo(54321L);
    });
  }

  @Test
  void aMissingSecretIsReadOncePerPeriodAndBlocksEveryPoolNamingIt() {
    pools.forEach(p -> p.getSpec().getGithub().setAppSecretRef(new SecretReference().withName("not-there")));

    List<GitHubAccess.Result> results = pools.stream().map(access::forPool).toList();

    assertThat(secretGets).hasValue(1);
    assertThat(results).allSatisfy(result -> assertThat(((GitHubAccess.Unavailable) result).blocker().reason())
        .isEqualTo(GitHubAccess.APP_SECRET_INVALID));
  }

  @Test
  void aReadNamesTheSecretButNeverShowsItsData() {
    Secret secret = cluster.client().resource(TestResources.appSecret(namespace)).create();

    assertThat(new AppSecretReads.Found(secret).toString()).isEqualTo("Found[" + secret.getMetadata().getName()
        + "@" + secret.getMetadata().getResourceVersion() + "]");
  }
}
