package dev.ec2runner.testkit;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Copies everything written to System.out and System.err while open, still passing it through: slf4j-simple logs to
 * either (the operator's simplelogger.properties names System.out, the receiver keeps the default System.err), JDK
 * logging and stack traces go to System.err. slf4j-simple looks the stream up on every write, so lines from any
 * thread are captured. Tests use it to show that no secret reaches a log.
 */
public final class LogCapture implements AutoCloseable {

  private final PrintStream originalOut = System.out;
  private final PrintStream originalErr = System.err;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

  public LogCapture() {
    System.setOut(tee(originalOut));
    System.setErr(tee(originalErr));
  }

  private PrintStream tee(PrintStream original) {
    OutputStream tee = new OutputStream() {
      @Override
      public void write(int b) {
        synchronized (captured) {
          captured.write(b);
        }
        original.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        synchronized (captured) {
          captured.write(b, off, len);
        }
        original.write(b, off, len);
      }
    };
    return new PrintStream(tee, true, StandardCharsets.UTF_8);
  }

  public String text() {
    synchronized (captured) {
      return captured.toString(StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() {
    System.setOut(originalOut);
    System.setErr(originalErr);
  }
}
