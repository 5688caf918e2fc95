package dev.ec2runner.receiver.http;

import dev.ec2runner.receiver.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Reads a request body no larger than a limit and no slower than a deadline, whether or not the client declared
 * its length (a chunked body has none). The connection's idle timeout ends a read that stalls completely.
 */
final class BoundedBody {

  private static final int CHUNK = 8192;

  private BoundedBody() {
  }

  /**
   * @param declaredLength the Content-Length, or -1 when absent
   * @throws BodyRejectedException with TOO_LARGE or TIMEOUT
   * @throws IOException when the client went away or stalled past the idle timeout
   */
  static byte[] read(InputStream in, long declaredLength, long limit, Duration deadline)
      throws BodyRejectedException, IOException {
    if (declaredLength > limit) {
      throw tooLarge(limit);
    }
    long deadlineAt = System.nanoTime() + deadline.toNanos();
    ByteArrayOutputStream body = new ByteArrayOutputStream(declaredLength > 0 ? (int) declaredLength : CHUNK);
    byte[] chunk = new byte[CHUNK];
    int read;
    while ((read = in.read(chunk)) != -1) {
      if (body.size() + (long) read > limit) {
        throw tooLarge(limit);
      }
      body.write(chunk, 0, read);
      if (System.nanoTime() - deadlineAt > 0) {
        throw new BodyRejectedException(Outcome.TIMEOUT, "request body not received within " + deadline.toMillis() + " ms");
      }
    }
    return body.toByteArray();
  }

  private static BodyRejectedException tooLarge(long limit) {
    return new BodyRejectedException(Outcome.TOO_LARGE, "request body exceeds " + limit + " bytes");
  }
}
