package dev.ec2runner.operator.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.operator.bootstrap.RunnerDownload;
import dev.ec2runner.operator.bootstrap.RunnerDownloads;
import dev.ec2runner.operator.bootstrap.UserDataRenderer;
import dev.ec2runner.operator.cloud.CloudException;
import dev.ec2runner.operator.testsupport.MotoServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;

/** The scheduled upkeep against moto: mirrors for S3 pools only, once per release, and reports failures per pool. */
class AwsHousekeepingIT {

  @RegisterExtension
  static final MotoServer MOTO = new MotoServer();

  private static final String FILENAME = "actions-runner-linux-x64-2.330.0.tar.gz";
  private static final byte[] ARCHIVE = "runner archive".getBytes(StandardCharsets.UTF_8);

  private HttpServer github;
  private AwsClientFactory clients;
  private AwsHousekeeping housekeeping;

  @BeforeEach
  void setUp() throws Exception {
    MOTO.reset();
    github = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    github.createContext("/", exchange -> {
      exchange.sendResponseHeaders(200, ARCHIVE.length);
      exchange.getResponseBody().write(ARCHIVE);
      exchange.close();
    });
    github.start();
    clients = MOTO.clientFactory();
    clients.forRegion(MotoServer.REGION).s3().createBucket(r -> r.bucket("runner-mirror")
        .createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.fromValue(MotoServer.REGION))));
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(ARCHIVE));
    RunnerDownload download = new RunnerDownload("linux", "x64",
        "http://127.0.0.1:" + github.getAddress().getPort() + "/" + FILENAME, FILENAME, sha);
    RunnerDownloads downloads = (namespace, pool, spec) -> {
      if (pool.equals("broken")) {
        throw new CloudException("GitHub offers no runner for linux/x64");
      }
      return download;
    };
    var cloud = new Ec2RunnerCloud(clients, downloads, new UserDataRenderer(), Clock.systemUTC(),
        Ec2CloudSettings.defaults());
    housekeeping = new AwsHousekeeping(cloud, new RunnerBinaryMirror(clients, new HttpBinaryFetcher()), downloads);
  }

  @AfterEach
  void tearDown() {
    github.stop(0);
    clients.close();
  }

  @Test
  void mirrorsTheArchiveOfS3PoolsOnceAndSkipsOtherPools() {
    List<RunnerPool> pools = List.of(pool("mirrored", true), pool("from-github", false));

    var first = housekeeping.runOnce(pools);
    var second = housekeeping.runOnce(pools);

    assertThat(first.mirrored()).singleElement().asString()
        .contains("ci/mirrored").contains("s3://runner-mirror/actions-runner/" + FILENAME);
    assertThat(first.problems()).isEmpty();
    assertThat(second.mirrored()).as("unchanged release is not copied again").isEmpty();
    assertThat(clients.forRegion(MotoServer.REGION).s3()
        .getObjectAsBytes(r -> r.bucket("runner-mirror").key("actions-runner/" + FILENAME)).asUtf8String())
        .isEqualTo("runner archive");
  }

  @Test
  void aFailingPoolIsReportedWithoutStoppingTheOthers() {
    var outcome = housekeeping.runOnce(List.of(pool("broken", true), pool("mirrored", true)));

    assertThat(outcome.problems()).singleElement().asString()
        .isEqualTo("ci/broken: GitHub offers no runner for linux/x64");
    assertThat(outcome.mirrored()).singleElement().asString().contains("ci/mirrored");
  }

  private static RunnerPool pool(String name, boolean s3) {
    String distribution = s3 ? "  runner: {distribution: {source: s3, s3: {bucket: runner-mirror}}}\n" : "";
    return Serialization.unmarshal("""
        apiVersion: ec2runner.dev/v1alpha1
        kind: RunnerPool
        metadata: {name: %s, namespace: ci}
        spec:
          github: {organization: my-org, appSecretRef: {name: app}}
        %s  ec2: {region: %s, ami: {id: ami-0123456789abcdef0}, instanceTypes: [m7i.large],
                subnets: [{id: subnet-0123456789abcdef0}]}
          scaling: {maxRunners: 2}
        """.formatted(name, distribution, MotoServer.REGION), RunnerPool.class);
  }
}
