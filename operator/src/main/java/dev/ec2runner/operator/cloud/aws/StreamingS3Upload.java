package dev.ec2runner.operator.cloud.aws;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * One S3 multipart upload fed from a stream, one part in memory at a time: an archive of any size passes through
 * without a local file. The object appears only on {@link #complete()}; {@link #abort()} leaves nothing behind (not
 * even the parts), so a caller that finds the bytes wrong after reading them all can still refuse them.
 */
final class StreamingS3Upload implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StreamingS3Upload.class);

  private final S3Client s3;
  private final String bucket;
  private final String key;
  private final String uploadId;
  private final List<CompletedPart> parts = new ArrayList<>();
  private boolean finished;

  private StreamingS3Upload(S3Client s3, String bucket, String key, String uploadId) {
    this.s3 = s3;
    this.bucket = bucket;
    this.key = key;
    this.uploadId = uploadId;
  }

  static StreamingS3Upload start(S3Client s3, String bucket, String key, String contentType,
      Map<String, String> metadata) {
    String uploadId = s3.createMultipartUpload(request -> request.bucket(bucket).key(key).contentType(contentType)
        .metadata(metadata)).uploadId();
    return new StreamingS3Upload(s3, bucket, key, uploadId);
  }

  /** Sends the whole stream as parts of {@code partSize} bytes (S3 wants at least 5 MiB but for the last part). */
  void uploadAll(InputStream in, int partSize) throws IOException {
    byte[] buffer = new byte[partSize];
    int read;
    do {
      read = in.readNBytes(buffer, 0, partSize);
      // An empty stream still needs one (empty) part to complete.
      if (read > 0 || parts.isEmpty()) {
        uploadPart(RequestBody.fromBytes(Arrays.copyOf(buffer, read)));
      }
    } while (read == partSize);
  }

  private void uploadPart(RequestBody body) {
    int number = parts.size() + 1;
    String eTag = s3.uploadPart(request -> request.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
        body).eTag();
    parts.add(CompletedPart.builder().partNumber(number).eTag(eTag).build());
  }

  /** Makes the object visible, replacing any earlier one at the key. */
  void complete() {
    s3.completeMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(uploadId)
        .multipartUpload(upload -> upload.parts(parts)));
    finished = true;
  }

  /** Discards the parts sent; the key keeps whatever it held before. */
  void abort() {
    if (finished) {
      return;
    }
    finished = true;
    try {
      s3.abortMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(uploadId));
    } catch (SdkException e) {
      // The bucket's lifecycle rule for incomplete uploads is the backstop (docs/aws.md).
      LOG.warn("could not abort the multipart upload of s3://{}/{}: {}", bucket, key, e.getMessage());
    }
  }

  /** Aborts unless completed, so every path out of a try-with-resources leaves no parts behind. */
  @Override
  public void close() {
    abort();
  }
}
