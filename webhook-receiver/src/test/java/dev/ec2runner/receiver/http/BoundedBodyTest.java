package dev.ec2runner.receiver.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2runner.receiver.Outcome;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BoundedBodyTest {

  @Test
  void readsABodyUpToTheLimit() throws Exception {
    byte[] body = new byte[100_000];
    assertThat(BoundedBody.read(new ByteArrayInputStream(body), body.length, 100_000, Duration.ofSeconds(5))).hasSize(100_000);
    assertThat(BoundedBody.read(new ByteArrayInputStream(body), -1, 100_000, Duration.ofSeconds(5))).hasSize(100_000);
  }

  @Test
  void refusesADeclaredLengthAboveTheLimitWithoutReading() {
    InputStream unread = new InputStream() {
      @Override
      public int read() {
        throw new AssertionError("must not read");
      }
    };
    assertThatThrownBy(() -> BoundedBody.read(unread, 1001, 1000, Duration.ofSeconds(5)))
        .isInstanceOfSatisfying(BodyRejectedException.class, e -> assertThat(e.outcome()).isEqualTo(Outcome.TOO_LARGE));
  }

  @Test
  void refusesAnUndeclaredBodyOnceItPassesTheLimit() {
    byte[] body = new byte[1001];
    assertThatThrownBy(() -> BoundedBody.read(new ByteArrayInputStream(body), -1, 1000, Duration.ofSeconds(5)))
        .isInstanceOfSatisfying(BodyRejectedException.class, e -> assertThat(e.outcome()).isEqualTo(Outcome.TOO_LARGE));
  }

  @Test
  void refusesABodyThatTricklesInPastTheDeadline() {
    InputStream endless = new InputStream() {
      @Override
      public int read() {
        return 'x';
      }

      @Override
      public int read(byte[] b, int off, int len) {
        b[off] = 'x';
        return 1;
      }
    };
    // A zero deadline has passed after the first byte; the stream would otherwise never end.
    assertThatThrownBy(() -> BoundedBody.read(endless, -1, Long.MAX_VALUE, Duration.ZERO))
        .isInstanceOfSatisfying(BodyRejectedException.class, e -> assertThat(e.outcome()).isEqualTo(Outcome.TIMEOUT));
  }
}
