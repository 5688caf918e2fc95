package dev.ec2runner.operator.cloud.aws;

import dev.ec2runner.operator.bootstrap.RunnerDownload;
import dev.ec2runner.operator.bootstrap.RunnerMirrorLocation;
import dev.ec2runner.operator.cloud.CloudException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Keeps a runner archive in a pool's S3 mirror equal to GitHub's latest: copies it only when the checksum kept in
 * the object's metadata differs from the one GitHub publishes, and verifies the download before uploading.
 */
public final class RunnerBinaryMirror {

  /** What a sync did. */
  public enum Result { COPIED, UNCHANGED }

  /** Object metadata key ({@code x-amz-meta-sha256}) holding the archive's SHA-256. */
  static final String SHA256_METADATA = "sha256";

  private static final Logger LOG = LoggerFactory.getLogger(RunnerBinaryMirror.class);

  private final AwsClientFactory clients;
  private final BinaryFetcher fetcher;

  public RunnerBinaryMirror(AwsClientFactory clients, BinaryFetcher fetcher) {
    this.clients = clients;
    this.fetcher = fetcher;
  }

  public Result sync(RunnerMirrorLocation location, RunnerDownload download) throws CloudException {
    RegionClients region = clients.forRegion(location.region());
    if (download.sha256().equals(storedChecksum(region, location))) {
      return Result.UNCHANGED;
    }
    Path file = null;
    try {
      file = Files.createTempFile("runner-mirror-", ".tmp");
      fetcher.fetch(URI.create(download.downloadUrl()), file);
      String actual = sha256(file);
      if (!actual.equals(download.sha256())) {
        throw new CloudException("refusing to mirror " + download.filename() + ": its SHA-256 is " + actual
            + ", GitHub publishes " + download.sha256());
      }
      Path upload = file;
      region.s3().putObject(request -> request.bucket(location.bucket()).key(location.key())
          .contentType("application/gzip").metadata(Map.of(SHA256_METADATA, download.sha256())),
          RequestBody.fromFile(upload));
      LOG.info("mirrored {} to {}", download.filename(), location.uri());
      return Result.COPIED;
    } catch (IOException e) {
      throw new CloudException("could not download " + download.filename() + " for the S3 mirror: "
          + e.getMessage());
    } catch (SdkException e) {
      CloudException failure = AwsErrors.translate("s3:PutObject", e);
      if ("NoSuchBucket".equals(AwsErrors.code(e))) {
        throw new CloudException.InvalidConfiguration("S3 bucket " + location.bucket()
            + " does not exist (check spec.runner.distribution.s3.bucket)");
      }
      throw failure;
    } finally {
      deleteQuietly(file);
    }
  }

  /** The checksum recorded on the mirrored object, or null when there is no object yet. */
  private static String storedChecksum(RegionClients region, RunnerMirrorLocation location) throws CloudException {
    try {
      HeadObjectResponse head = region.s3().headObject(request -> request.bucket(location.bucket())
          .key(location.key()));
      return head.metadata().get(SHA256_METADATA);
    } catch (NoSuchKeyException e) {
      return null;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        // HEAD answers carry no body: a missing bucket looks like a missing key here and fails the upload instead.
        return null;
      }
      throw AwsErrors.translate("s3:HeadObject", e);
    } catch (SdkException e) {
      throw AwsErrors.translate("s3:HeadObject", e);
    }
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("could not delete temporary file {}: {}", file, e.getMessage());
    }
  }
}
