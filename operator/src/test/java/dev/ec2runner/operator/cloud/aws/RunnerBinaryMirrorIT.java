package dev.ec2runner.operator.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.ec2runner.operator.bootstrap.RunnerDownload;
import dev.ec2runner.operator.bootstrap.RunnerMirrorLocation;
import dev.ec2runner.operator.cloud.CloudException;
import dev.ec2runner.operator.testsupport.MotoServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;

class RunnerBinaryMirrorIT {

  @RegisterExtension
  static final MotoServer MOTO = new MotoServer();

  private static final String FILENAME = "actions-runner-linux-x64-2.330.0.tar.gz";
  /** S3's smallest part: the mirror holds no more than this in memory. */
  private static final int PART_SIZE = 5 * 1024 * 1024;

  private final AtomicReference<byte[]> served = new AtomicReference<>("release one".getBytes(StandardCharsets.UTF_8));
  private final AtomicInteger downloads = new AtomicInteger();
  private HttpServer github;
  private AwsClientFactory clients;
  private S3Client s3;
  private RunnerBinaryMirror mirror;
  private final RunnerMirrorLocation location =
      new RunnerMirrorLocation("runner-mirror", "actions-runner/" + FILENAME, MotoServer.REGION);

  @BeforeEach
  void setUp() throws Exception {
    MOTO.reset();
    github = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    github.createContext("/", exchange -> {
      downloads.incrementAndGet();
      byte[] body = served.get();
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    github.start();
    clients = MOTO.clientFactory();
    s3 = clients.forRegion(MotoServer.REGION).s3();
    s3.createBucket(r -> r.bucket("runner-mirror").createBucketConfiguration(c -> c
        .locationConstraint(BucketLocationConstraint.fromValue(MotoServer.REGION))));
    mirror = new RunnerBinaryMirror(clients, new HttpBinaryFetcher(), PART_SIZE);
  }

  @AfterEach
  void tearDown() {
    github.stop(0);
    clients.close();
  }

  @Test
  void copiesOnceAndSkipsWhileTheChecksumIsUnchanged() throws Exception {
    RunnerDownload release = download(served.get());

    assertThat(mirror.sync(location, release)).isEqualTo(RunnerBinaryMirror.Result.COPIED);
    assertThat(mirror.sync(location, release)).isEqualTo(RunnerBinaryMirror.Result.UNCHANGED);

    assertThat(downloads).hasValue(1);
    assertThat(s3.getObjectAsBytes(r -> r.bucket(location.bucket()).key(location.key())).asUtf8String())
        .isEqualTo("release one");
    assertThat(s3.headObject(r -> r.bucket(location.bucket()).key(location.key())).metadata())
        .containsEntry("sha256", release.sha256());
  }

  @Test
  void copiesAgainWhenGitHubPublishesANewChecksum() throws Exception {
    mirror.sync(location, download(served.get()));
    served.set("release two".getBytes(StandardCharsets.UTF_8));

    assertThat(mirror.sync(location, download(served.get()))).isEqualTo(RunnerBinaryMirror.Result.COPIED);

    assertThat(s3.getObjectAsBytes(r -> r.bucket(location.bucket()).key(location.key())).asUtf8String())
        .isEqualTo("release two");
  }

  @Test
  void refusesADownloadWhoseChecksumDiffersAndKeepsTheMirroredCopy() throws Exception {
    mirror.sync(location, download(served.get()));
    RunnerDownload announced = download("release two".getBytes(StandardCharsets.UTF_8));
    served.set("tampered".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> mirror.sync(location, announced)).isInstanceOf(CloudException.class)
        .hasMessageContaining("refusing to mirror");

    assertThat(s3.getObjectAsBytes(r -> r.bucket(location.bucket()).key(location.key())).asUtf8String())
        .isEqualTo("release one");
  }

  @Test
  void streamsAnArchiveLargerThanOnePartToS3InPartsWithoutBufferingItWhole() throws Exception {
    byte[] large = new byte[2 * PART_SIZE + 1234];
    new Random(3).nextBytes(large);
    served.set(large);
    RunnerDownload release = download(large);

    assertThat(mirror.sync(location, release)).isEqualTo(RunnerBinaryMirror.Result.COPIED);

    assertThat(s3.getObjectAsBytes(r -> r.bucket(location.bucket()).key(location.key())).asByteArray())
        .isEqualTo(large);
    var head = s3.headObject(r -> r.bucket(location.bucket()).key(location.key()));
    assertThat(head.eTag()).as("a multipart upload of three parts").endsWith("-3\"");
    assertThat(head.metadata()).containsEntry("sha256", release.sha256());
  }

  @Test
  void aLargeDownloadWhoseChecksumDiffersLeavesNoObjectAndNoUnfinishedUploadBehind() throws Exception {
    byte[] large = new byte[2 * PART_SIZE + 1234];
    new Random(4).nextBytes(large);
    served.set(large);
    RunnerDownload announced = download("what GitHub published".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> mirror.sync(location, announced)).isInstanceOf(CloudException.class)
        .hasMessageContaining("refusing to mirror").hasMessageContaining(announced.sha256());

    assertThat(s3.listObjectsV2(r -> r.bucket(location.bucket())).contents()).isEmpty();
    assertThat(s3.listMultipartUploads(r -> r.bucket(location.bucket())).uploads()).isEmpty();
  }

  @Test
  void aMissingBucketIsAnInvalidConfiguration() throws Exception {
    RunnerMirrorLocation nowhere = new RunnerMirrorLocation("no-such-bucket", location.key(), MotoServer.REGION);

    assertThatThrownBy(() -> mirror.sync(nowhere, download(served.get())))
        .isInstanceOf(CloudException.InvalidConfiguration.class).hasMessageContaining("no-such-bucket");
  }

  private RunnerDownload download(byte[] content) throws Exception {
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    String url = "http://127.0.0.1:" + github.getAddress().getPort() + "/actions/runner/releases/" + FILENAME;
    return new RunnerDownload("linux", "x64", url, FILENAME, sha);
  }
}
