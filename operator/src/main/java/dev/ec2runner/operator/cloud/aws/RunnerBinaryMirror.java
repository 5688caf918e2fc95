package dev.ec2runner.operator.cloud.aws;

import dev.ec2runner.operator.bootstrap.RunnerDownload;
import dev.ec2runner.operator.bootstrap.RunnerMirrorLocation;
import dev.ec2runner.operator.cloud.CloudException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Keeps a runner archive in a pool's S3 mirror equal to GitHub's: copies it only when the checksum kept in the
 * object's metadata differs from the one GitHub publishes. The download streams into a multipart upload (one part
 * in memory, no local file: the operator's {@code /tmp} is smaller than an archive) while its SHA-256 is computed,
 * and the upload is completed only when that checksum is the published one; otherwise it is aborted and the key
 * keeps what it held.
 */
public final class RunnerBinaryMirror {

  /** What a sync did. */
  public enum Result { COPIED, UNCHANGED }

  /** Object metadata key ({@code x-amz-meta-sha256}) holding the archive's SHA-256. */
  static final String SHA256_METADATA = "sha256";
  /** Object metadata key holding the URL GitHub published the archive at. */
  static final String SOURCE_METADATA = "source-url";
  /** 8 MiB parts: S3 takes at least 5 MiB per part but the last, and an archive (about 200 MiB) needs few. */
  public static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(RunnerBinaryMirror.class);

  private final AwsClientFactory clients;
  private final BinaryFetcher fetcher;
  private final int partSize;

  public RunnerBinaryMirror(AwsClientFactory clients, BinaryFetcher fetcher) {
    this(clients, fetcher, DEFAULT_PART_SIZE);
  }

  RunnerBinaryMirror(AwsClientFactory clients, BinaryFetcher fetcher, int partSize) {
    this.clients = clients;
    this.fetcher = fetcher;
    this.partSize = partSize;
  }

  public Result sync(RunnerMirrorLocation location, RunnerDownload download) throws CloudException {
    RegionClients region = clients.forRegion(location.region());
    if (download.sha256().equals(storedChecksum(region, location))) {
      return Result.UNCHANGED;
    }
    try (InputStream body = fetcher.open(URI.create(download.downloadUrl()));
        StreamingS3Upload upload = StreamingS3Upload.start(region.s3(), location.bucket(), location.key(),
            "application/gzip", Map.of(SHA256_METADATA, download.sha256(), SOURCE_METADATA,
                download.downloadUrl()))) {
      DigestInputStream digesting = new DigestInputStream(body, sha256());
      upload.uploadAll(digesting, partSize);
      String actual = HexFormat.of().formatHex(digesting.getMessageDigest().digest());
      if (!actual.equals(download.sha256())) {
        throw new CloudException("refusing to mirror " + download.filename() + ": its SHA-256 is " + actual
            + ", GitHub publishes " + download.sha256());
      }
      upload.complete();
      LOG.info("mirrored {} to {}", download.filename(), location.uri());
      return Result.COPIED;
    } catch (IOException e) {
      throw new CloudException("could not download " + download.filename() + " for the S3 mirror: "
          + e.getMessage());
    } catch (SdkException e) {
      if ("NoSuchBucket".equals(AwsErrors.code(e))) {
        throw new CloudException.InvalidConfiguration("S3 bucket " + location.bucket()
            + " does not exist (check spec.runner.distribution.s3.bucket)");
      }
      throw AwsErrors.translate("s3:PutObject", e);
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

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
